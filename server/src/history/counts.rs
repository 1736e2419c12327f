//! Connection counts by state, per private link service and per subscription, from a sync's
//! keys; and which of them moved since the last ones recorded (a service or subscription that
//! has none any more moves to zero). Pure.

use std::collections::{BTreeMap, HashMap};

pub use app::model::StateCounts;
use time::OffsetDateTime;

use super::keys::{IdMap, Keys};
use crate::arm::ResourceId;
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
/// counts zeros). Each service's key is made once; connections are only looked up.
pub fn counts(keys: &Keys) -> BTreeMap<CountKey, StateCounts> {
    let mut entries: Vec<(CountKey, StateCounts)> = Vec::new();
    let mut subscriptions: HashMap<String, usize> = HashMap::new();
    let mut slots: IdMap<(usize, usize)> = IdMap::default();
    let mut slot_of = |id: &ResourceId, entries: &mut Vec<(CountKey, StateCounts)>| {
        let subscription = id.subscription().to_ascii_lowercase();
        let total = *subscriptions
            .entry(subscription.clone())
            .or_insert_with(|| {
                entries.push((
                    CountKey {
                        subscription: subscription.clone(),
                        service: None,
                    },
                    StateCounts::default(),
                ));
                entries.len() - 1
            });
        entries.push((
            CountKey {
                subscription,
                service: Some(id.as_str().to_ascii_lowercase()),
            },
            StateCounts::default(),
        ));
        (entries.len() - 1, total)
    };
    for id in keys.services.keys() {
        let slot = slot_of(id, &mut entries);
        slots.insert(id.clone(), slot);
    }
    for connection in keys.connections.values() {
        let (service, total) = match slots.get(&connection.service) {
            Some(slot) => *slot,
            None => {
                let slot = slot_of(&connection.service, &mut entries);
                slots.insert(connection.service.clone(), slot);
                slot
            }
        };
        entries[service].1.add(&connection.state);
        entries[total].1.add(&connection.state);
    }
    entries.into_iter().collect()
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
    use crate::history::keys::{ConnectionKey, ServiceKey};

    fn keys(states: &[&str]) -> Keys {
        let service = ResourceId::parse(
            "/subscriptions/S1/resourceGroups/rg/providers/Microsoft.Network/privateLinkServices/myPLS",
        )
        .unwrap();
        let mut keys = Keys::default();
        keys.services.insert(
            service.clone(),
            ServiceKey {
                name: "myPLS".into(),
                alias: None,
                frontend: None,
                frontend_found: true,
            },
        );
        for (n, state) in states.iter().enumerate() {
            keys.connections.insert(
                service.child("privateEndpointConnections", &format!("c{n}")),
                ConnectionKey {
                    service: service.clone(),
                    state: (*state).into(),
                    description: String::new(),
                },
            );
        }
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
