//! The cheap poll between full syncs (`--pending-interval`): only the private link services
//! are read again — in ARM mode one PLS list per subscription that held a PLS at the last sync
//! and was read then, in Resource Graph mode one query per batch of those subscriptions — and
//! the snapshot is joined again with them, so a new Pending request (a Front Door origin just
//! deployed) shows, reaches the change feed and the policies within the interval rather than
//! at the next full sync. Everything else stays as the last sync read it: a new PLS, a new
//! endpoint's own state, a new Front Door origin (its request shows as from a profile not yet
//! visible until then) wait for the next sync. A subscription whose list fails keeps what it
//! had. `apply` is pure.

use std::collections::HashMap;

use futures::{StreamExt, stream};
use serde_json::json;
use time::OffsetDateTime;

use super::fetch::NETWORK_API;
use super::join::{self, FindingSettings};
use super::resource_graph::{BATCH, GRAPH_API};
use super::snapshot::{Snapshot, SubscriptionHealth};
use super::sync::Mode;
use crate::arm::models::{PrivateLinkService, decode_all};
use crate::arm::{ArmClient, ArmError};

/// Subscriptions polled at once in ARM mode.
const CONCURRENCY: usize = 32;

/// What a poll read: the PLSs of each subscription it could read (lower-cased GUID).
#[derive(Clone, Debug, Default)]
pub struct Polled {
    /// Each read subscription's services, all of them.
    pub services: HashMap<String, Vec<PrivateLinkService>>,
}

/// The subscriptions worth polling: those holding a PLS and read by the last sync.
pub fn subscriptions(previous: &Snapshot) -> Vec<String> {
    previous
        .inventory
        .services
        .subscriptions()
        .filter(|sub| {
            previous.statuses.iter().any(|s| {
                s.subscription_id.eq_ignore_ascii_case(sub)
                    && matches!(s.health, SubscriptionHealth::Ok { .. })
            })
        })
        .map(str::to_ascii_lowercase)
        .collect()
}

/// Reads the PLSs of `previous`'s polled subscriptions.
pub async fn read(client: &ArmClient, previous: &Snapshot, mode: Mode) -> Polled {
    let subscriptions = subscriptions(previous);
    match mode {
        Mode::Arm { .. } => by_arm(client, subscriptions).await,
        Mode::ResourceGraph => by_resource_graph(client, &subscriptions).await,
    }
}

async fn by_arm(client: &ArmClient, subscriptions: Vec<String>) -> Polled {
    let read: Vec<(String, Result<Vec<PrivateLinkService>, ArmError>)> =
        stream::iter(subscriptions)
            .map(|sub| {
                let client = client.clone();
                async move {
                    let path = format!(
                        "/subscriptions/{sub}/providers/Microsoft.Network/privateLinkServices"
                    );
                    let listed = client.list(&path, NETWORK_API).await;
                    (sub, listed.map(|values| decode_all(&values).items))
                }
            })
            .buffer_unordered(CONCURRENCY)
            .collect()
            .await;
    let mut polled = Polled::default();
    for (sub, result) in read {
        match result {
            Ok(services) => {
                polled.services.insert(sub, services);
            }
            Err(error) => {
                tracing::debug!(subscription = %sub, %error, "pending poll: list failed; kept as synced");
            }
        }
    }
    polled
}

async fn by_resource_graph(client: &ArmClient, subscriptions: &[String]) -> Polled {
    let mut polled = Polled::default();
    let query = "resources | where type =~ 'microsoft.network/privatelinkservices' \
                 | project id, name, type, location, tags, properties";
    for batch in subscriptions.chunks(BATCH) {
        let mut token: Option<String> = None;
        let mut rows = Vec::new();
        let read = loop {
            let mut options = json!({ "$top": 1000, "resultFormat": "objectArray" });
            if let Some(token) = &token {
                options["$skipToken"] = json!(token);
            }
            let body = json!({ "subscriptions": batch, "query": query, "options": options });
            match client
                .post(
                    "/providers/Microsoft.ResourceGraph/resources",
                    GRAPH_API,
                    body,
                )
                .await
            {
                Ok(page) => {
                    rows.extend(page["data"].as_array().cloned().unwrap_or_default());
                    token = page["$skipToken"]
                        .as_str()
                        .filter(|t| !t.is_empty())
                        .map(str::to_owned);
                    if token.is_none() {
                        break true;
                    }
                }
                Err(error) => {
                    tracing::debug!(%error, "pending poll: query failed; kept as synced");
                    break false;
                }
            }
        };
        if !read {
            continue;
        }
        // Every subscription of the batch was read, holding PLSs or not (any more).
        for sub in batch {
            polled.services.entry(sub.clone()).or_default();
        }
        for service in decode_all::<PrivateLinkService>(&rows).items {
            polled
                .services
                .entry(service.id.subscription().to_ascii_lowercase())
                .or_default()
                .push(service);
        }
    }
    polled
}

/// `previous` with the polled subscriptions' services replaced and joined again at `now`;
/// the last sync's loss findings are carried (losses compare full syncs).
pub fn apply(
    previous: &Snapshot,
    polled: Polled,
    now: OffsetDateTime,
    settings: &FindingSettings,
) -> Snapshot {
    let mut next = previous.clone();
    for (sub, mut services) in polled.services {
        services.sort_by(|a, b| a.id.cmp(&b.id));
        next.inventory
            .services
            .update(&sub, |held| *held = services);
    }
    let mut chains = join::join(&next.inventory, &next.statuses, now, settings);
    chains.findings.extend(
        previous
            .chains
            .findings
            .iter()
            .filter(|f| f.is_loss())
            .cloned(),
    );
    chains.findings.sort();
    next.chains = chains;
    next.taken_at = Some(now);
    next
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arm::models::ConnectionStatus;
    use crate::views::test_support::demo_views;

    fn pending(snapshot: &Snapshot) -> usize {
        snapshot
            .chains
            .chains
            .iter()
            .flat_map(|c| &c.connections)
            .filter(|l| l.status == ConnectionStatus::Pending)
            .count()
    }

    #[test]
    fn only_read_subscriptions_holding_a_pls_are_polled() {
        let views = demo_views();
        let polled = subscriptions(&views.snapshot);
        assert!(!polled.is_empty());
        for sub in &polled {
            assert!(
                !views.snapshot.inventory.services.of(sub).is_empty(),
                "{sub}"
            );
        }
        let finance = emulator::estate::demo::RESTRICTED_FINANCE;
        assert!(!polled.iter().any(|s| s.eq_ignore_ascii_case(finance)));
    }

    #[test]
    fn a_polled_pending_request_joins_its_chain_and_the_rest_is_kept() {
        let views = demo_views();
        let previous = &views.snapshot;
        let before = pending(previous);
        // The poll reads the same services, one of whose Approved connections is Pending now.
        let sub = subscriptions(previous)[0].clone();
        let mut services: Vec<PrivateLinkService> = previous.inventory.services.of(&sub).to_vec();
        let connection = services
            .iter_mut()
            .flat_map(|s| s.connections.iter_mut())
            .find(|c| c.state.status == ConnectionStatus::Approved)
            .expect("an Approved connection");
        connection.state.status = ConnectionStatus::Pending;
        let polled = Polled {
            services: HashMap::from([(sub, services)]),
        };
        let now = previous.taken_at.unwrap() + time::Duration::seconds(30);
        let next = apply(previous, polled, now, &FindingSettings::default());
        assert_eq!(pending(&next), before + 1);
        assert_eq!(next.taken_at, Some(now));
        assert_eq!(
            next.inventory.endpoints.len(),
            previous.inventory.endpoints.len()
        );
        assert_eq!(next.statuses, previous.statuses);
    }
}
