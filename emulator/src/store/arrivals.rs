//! New Pending requests over time, for demos and soak tests (`--arrivals RATE`): every tick a
//! consumer from outside the estate asks one of its private link services to connect — by
//! turns Front Door (its endpoint in Microsoft's `eafd-Prod-<region>` resource group) and a
//! customer's endpoint in a subscription of another tenant — with a request message naming
//! the arrival. The services take turns in id order. Bounded: it stops after `limit` arrivals.

use std::time::Duration;

use serde_json::json;

use super::Store;
use crate::estate::demo::builders::afd_private_endpoint_id;

/// How often a request arrives, and how many at most.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Arrivals {
    /// The time between two arrivals.
    pub every: Duration,
    /// How many arrive before it stops.
    pub limit: u32,
}

/// The most arrivals per second (a safety bound: each one grows a service by a connection).
pub const MAX_PER_SECOND: u32 = 100;
/// The default bound of arrivals in a run.
pub const DEFAULT_ARRIVALS: u32 = 1_000;

/// A rate that cannot be read.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "--arrivals takes COUNT/UNIT with UNIT s, min or h and at most {MAX_PER_SECOND} a second (e.g. 2/min), got {0:?}"
)]
pub struct BadRate(pub String);

impl Arrivals {
    /// Reads `COUNT/UNIT` (`2/min`, `10/s`, `30/h`), bounded by `limit`.
    pub fn parse(rate: &str, limit: u32) -> Result<Self, BadRate> {
        let bad = || BadRate(rate.to_owned());
        let (count, unit) = rate.trim().split_once('/').ok_or_else(bad)?;
        let count: u32 = count.trim().parse().map_err(|_| bad())?;
        let unit = match unit.trim() {
            "s" | "sec" => Duration::from_secs(1),
            "m" | "min" => Duration::from_secs(60),
            "h" => Duration::from_secs(3600),
            _ => return Err(bad()),
        };
        if count == 0 || u128::from(count) * 1000 > u128::from(MAX_PER_SECOND) * unit.as_millis() {
            return Err(bad());
        }
        Ok(Self {
            every: unit / count,
            limit,
        })
    }
}

impl Store {
    /// One new Pending request on the next service in turn; answers its id, or `None` when the
    /// estate has no private link service.
    pub fn arrive(&self) -> Option<String> {
        let mut inner = self.lock();
        let services: Vec<(String, String)> = inner
            .resources
            .iter()
            .filter(|(_, r)| {
                r["type"].as_str().is_some_and(|t| {
                    t.eq_ignore_ascii_case("Microsoft.Network/privateLinkServices")
                })
            })
            .map(|(k, r)| {
                let location = r["location"].as_str().unwrap_or("westeurope");
                (k.clone(), location.to_ascii_lowercase())
            })
            .collect();
        if services.is_empty() {
            return None;
        }
        inner.arrived += 1;
        let n = inner.arrived;
        let (target, region) = &services[(n as usize - 1) % services.len()];
        let guid = inner.next_guid();
        let (endpoint, name, message) = if n % 2 == 1 {
            let endpoint = afd_private_endpoint_id(region, &guid);
            (
                endpoint,
                guid,
                format!("Front Door origin request (arrival {n})"),
            )
        } else {
            let subscription = inner.next_guid();
            let name = format!("pe-arrival-{n}");
            let endpoint = format!(
                "/subscriptions/{subscription}/resourceGroups/rg-consumer/providers/Microsoft.Network/privateEndpoints/{name}"
            );
            (endpoint, name, format!("Access request (arrival {n})"))
        };
        let state =
            json!({ "status": "Pending", "description": message, "actionsRequired": "None" });
        inner.add_connection(target, &endpoint, &name, region, state)
    }
}

/// Makes requests arrive on `store` at `arrivals`' pace until its bound.
pub(crate) async fn run(store: &Store, arrivals: Arrivals) {
    let mut tick = tokio::time::interval(arrivals.every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    tick.tick().await;
    for _ in 0..arrivals.limit {
        tick.tick().await;
        if store.arrive().is_none() {
            tracing::warn!("no private link service for requests to arrive on");
            return;
        }
    }
    tracing::info!(limit = arrivals.limit, "the arrivals reached their bound");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_read_count_per_unit_within_the_bound() {
        assert_eq!(
            Arrivals::parse("2/min", 5).unwrap(),
            Arrivals {
                every: Duration::from_secs(30),
                limit: 5
            }
        );
        assert_eq!(
            Arrivals::parse("10/s", 1).unwrap().every,
            Duration::from_millis(100)
        );
        assert_eq!(
            Arrivals::parse("30/h", 1).unwrap().every,
            Duration::from_secs(120)
        );
        for bad in ["", "2", "0/s", "x/min", "2/day", "101/s", "-1/s"] {
            assert!(Arrivals::parse(bad, 1).is_err(), "{bad}");
        }
    }

    #[test]
    fn an_arrival_gives_its_service_a_new_etag_as_azure_does() {
        // Link Center's change feed trusts an unchanged ETag to mean unchanged connections.
        let store = Store::new(crate::estate::demo::demo(), &[], 7).unwrap();
        let now = std::time::Instant::now();
        let services: Vec<(String, serde_json::Value)> = store
            .document()
            .resources
            .into_iter()
            .filter(|r| r["type"] == "Microsoft.Network/privateLinkServices")
            .map(|r| {
                (
                    crate::estate::key(r["id"].as_str().unwrap()),
                    r["etag"].clone(),
                )
            })
            .collect();
        let arrived = store.arrive().unwrap();
        let (service, _) = arrived.rsplit_once("/privateendpointconnections/").unwrap();
        assert!(services.iter().any(|(id, _)| id == service), "{services:?}");
        for (id, etag) in &services {
            let now_etag = store.get(id, now).unwrap()["etag"].clone();
            assert_eq!(now_etag != *etag, id == service, "{id}");
        }
    }

    #[test]
    fn each_arrival_is_a_new_pending_request_on_the_next_service() {
        let store = Store::new(crate::estate::demo::demo(), &[], 7).unwrap();
        let now = std::time::Instant::now();
        let first = store.arrive().expect("the demo has services");
        let second = store.arrive().expect("and another arrives");
        assert_ne!(first, second);
        let connection = store.get(&first, now).unwrap();
        assert_eq!(
            connection["properties"]["privateLinkServiceConnectionState"]["status"],
            "Pending"
        );
        assert!(
            connection["properties"]["privateEndpoint"]["id"]
                .as_str()
                .unwrap()
                .contains("/resourceGroups/eafd-Prod-"),
            "the first comes from Front Door"
        );
        let other = store.get(&second, now).unwrap();
        assert_eq!(
            other["properties"]["privateLinkServiceConnectionState"]["description"],
            "Access request (arrival 2)"
        );
        let document = serde_json::to_string(&store.document().resources).unwrap();
        assert!(
            document.contains("(arrival 1)") && document.contains("(arrival 2)"),
            "the estate as it stands holds them"
        );
    }
}
