//! Connection counts by state, per private link service and per subscription, from a sync's
//! keys; and which of them moved since the last ones recorded (a service or subscription that
//! has none any more moves to zero). Pure.

use std::collections::{BTreeMap, HashMap};

pub use app::model::StateCounts;
use time::OffsetDateTime;

use super::keys::Keys;
use crate::store::CountRow;

/// What a count is of: a service (its id, lower case), or a subscription's total.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CountKey {
    /// The subscription (GUID, lower case).
    pub subscription: String,
    /// The service (id, lower case); none for the subscription's total.
    pub service: Option<String>,
}

/// The counts of every service and subscription in `keys` (a service without connections
/// counts zeros); each service's were counted with its connections.
pub fn counts(keys: &Keys) -> BTreeMap<CountKey, StateCounts> {
    let mut all = BTreeMap::new();
    let mut totals: HashMap<String, StateCounts> = HashMap::new();
    for (id, service) in &keys.services {
        let subscription = id.subscription().to_ascii_lowercase();
        let counts = service.connections.counts();
        totals
            .entry(subscription.clone())
            .or_default()
            .merge(&counts);
        all.insert(
            CountKey {
                subscription,
                service: Some(id.as_str().to_ascii_lowercase()),
            },
            counts,
        );
    }
    for (subscription, counts) in totals {
        all.insert(
            CountKey {
                subscription,
                service: None,
            },
            counts,
        );
    }
    all
}

/// The estate's totals from every subscription's rows (oldest first, as the store answers
/// `CountOf::Estate`): one row for the level in force at `from` (the rows before it), then one
/// per sync that moved the sum.
pub fn estate_totals(rows: &[CountRow], from: OffsetDateTime) -> Vec<CountRow> {
    let mut levels: HashMap<&str, StateCounts> = HashMap::new();
    let mut out: Vec<CountRow> = Vec::new();
    let sum = |levels: &HashMap<&str, StateCounts>| {
        let mut total = StateCounts::default();
        for counts in levels.values() {
            total.merge(counts);
        }
        total
    };
    let mut at = 0;
    while at < rows.len() {
        // A sync's rows share its time; the rows before `from` make one level.
        let seen = rows[at].seen_at;
        let mut end = at;
        while end < rows.len()
            && (rows[end].seen_at == seen || (seen < from && rows[end].seen_at < from))
        {
            let row = &rows[end];
            levels.insert(row.subscription.as_str(), row.counts());
            end += 1;
        }
        let seen_at = rows[end - 1].seen_at;
        let total = sum(&levels);
        if out.last().is_none_or(|last| last.counts() != total) {
            out.push(row(
                seen_at,
                CountKey {
                    subscription: String::new(),
                    service: None,
                },
                total,
            ));
        }
        at = end;
    }
    out
}

/// The store's row of `counts` of `key`, seen at `seen_at`.
pub fn row(seen_at: OffsetDateTime, key: CountKey, counts: StateCounts) -> CountRow {
    CountRow {
        seen_at,
        subscription: key.subscription,
        service_id: key.service,
        pending: counts.pending,
        approved: counts.approved,
        rejected: counts.rejected,
        disconnected: counts.disconnected,
        other: counts.other,
    }
}

/// The counts that moved from `before` to `after`, with zeros for keys `after` lacks.
pub fn moved(
    before: &BTreeMap<CountKey, StateCounts>,
    after: &BTreeMap<CountKey, StateCounts>,
) -> Vec<(CountKey, StateCounts)> {
    let mut moved: Vec<(CountKey, StateCounts)> = after
        .iter()
        .filter(|(key, counts)| before.get(*key) != Some(counts))
        .map(|(key, counts)| (key.clone(), *counts))
        .collect();
    moved.extend(
        before
            .iter()
            .filter(|(key, counts)| !after.contains_key(*key) && counts.total() > 0)
            .map(|(key, _)| (key.clone(), StateCounts::default())),
    );
    moved.sort_by(|a, b| a.0.cmp(&b.0));
    moved
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arm::ResourceId;
    use crate::history::keys::{ConnectionKey, Connections, ServiceKey};

    fn keys(states: &[&str]) -> Keys {
        let service = ResourceId::parse(
            "/subscriptions/S1/resourceGroups/rg/providers/Microsoft.Network/privateLinkServices/myPLS",
        )
        .unwrap();
        let connections = states
            .iter()
            .enumerate()
            .map(|(n, state)| {
                (
                    service.child("privateEndpointConnections", &format!("c{n}")),
                    ConnectionKey {
                        state: (*state).into(),
                        description: String::new(),
                    },
                )
            })
            .collect();
        let mut keys = Keys::default();
        keys.services.insert(
            service.clone(),
            ServiceKey {
                name: "myPLS".into(),
                alias: None,
                frontend: None,
                frontend_found: true,
                connections: std::sync::Arc::new(Connections::new(connections)),
                etag: None,
            },
        );
        keys
    }

    #[test]
    fn counts_are_by_state_per_service_and_subscription() {
        let all = counts(&keys(&["Pending", "Approved", "approved", "Timeout"]));
        assert_eq!(all.len(), 2);
        let total = all
            .iter()
            .find(|(k, _)| k.service.is_none())
            .map(|(_, c)| *c)
            .unwrap();
        assert_eq!(
            total,
            StateCounts {
                pending: 1,
                approved: 2,
                other: 1,
                ..StateCounts::default()
            }
        );
        assert_eq!(all.keys().next().unwrap().subscription, "s1");
    }

    fn total(subscription: &str, hours: i64, pending: u32, approved: u32) -> CountRow {
        CountRow {
            seen_at: OffsetDateTime::UNIX_EPOCH + time::Duration::hours(hours),
            subscription: subscription.into(),
            service_id: None,
            pending,
            approved,
            rejected: 0,
            disconnected: 0,
            other: 0,
        }
    }

    #[test]
    fn the_estate_is_every_subscription_added_up_a_level_at_the_start_and_a_step_per_sync() {
        let from = OffsetDateTime::UNIX_EPOCH + time::Duration::hours(10);
        let rows = [
            // In force at `from`: s1 since hour 1, s2 since hour 5.
            total("s1", 1, 2, 10),
            total("s2", 5, 1, 3),
            // A sync at hour 12 moved both; one at 13 moved s1 and s2 so that the sum stayed.
            total("s1", 12, 0, 12),
            total("s2", 12, 2, 3),
            total("s1", 13, 1, 12),
            total("s2", 13, 1, 3),
            total("s2", 14, 0, 4),
        ];
        let estate = estate_totals(&rows, from);
        let steps: Vec<(i64, u32, u32)> = estate
            .iter()
            .map(|r| {
                (
                    (r.seen_at - OffsetDateTime::UNIX_EPOCH).whole_hours(),
                    r.pending,
                    r.approved,
                )
            })
            .collect();
        assert_eq!(steps, [(5, 3, 13), (12, 2, 15), (14, 1, 16)]);
        assert_eq!(estate_totals(&[], from), []);
    }

    #[test]
    fn only_moved_counts_are_recorded_and_a_gone_service_drops_to_zero() {
        let before = counts(&keys(&["Pending", "Approved"]));
        assert_eq!(moved(&before, &before), []);
        let approved = counts(&keys(&["Approved", "Approved"]));
        assert_eq!(
            moved(&before, &approved).len(),
            2,
            "the service and its subscription"
        );
        let gone = moved(&before, &BTreeMap::new());
        assert_eq!(gone.len(), 2);
        assert!(gone.iter().all(|(_, c)| c.total() == 0));
        assert_eq!(
            moved(&BTreeMap::new(), &before).len(),
            2,
            "the first counts"
        );
    }
}
