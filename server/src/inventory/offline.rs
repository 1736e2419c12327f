//! An estate document read in memory, without HTTP: the `Snapshot` a sync of the emulator
//! serving that document would make (denied subscriptions `Failed`, the rest read at `now`).
//! For benchmarks and tests that need a large snapshot quickly; the server itself always syncs.
//! Decodes with the same code as a Resource Graph sync (`resource_graph::by_subscription`).

use std::collections::HashSet;
use std::time::Duration;

use emulator::estate::EstateDocument;
use time::OffsetDateTime;

use super::join::{FindingSettings, join};
use super::resource_graph::by_subscription;
use super::snapshot::sort_statuses;
use super::{Inventory, Snapshot, SubscriptionHealth, SubscriptionStatus};
use crate::arm::models::{Subscription, decode_all};

/// The snapshot of `doc` as read at `now`, joined with the default finding settings.
pub fn snapshot(doc: &EstateDocument, now: OffsetDateTime) -> Snapshot {
    let denied: HashSet<String> = doc
        .denied_subscriptions
        .iter()
        .map(|s| s.to_ascii_lowercase())
        .collect();
    let mut fetched = by_subscription(&doc.resources, true);
    let subscriptions = decode_all::<Subscription>(&doc.subscriptions).items;
    let mut inventory = Inventory::default();
    let mut statuses = Vec::with_capacity(subscriptions.len());
    for subscription in &subscriptions {
        let guid = subscription.subscription_id.to_ascii_lowercase();
        let part = fetched.remove(&guid).unwrap_or_default();
        let (health, decode_failures) = if denied.contains(&guid) {
            let failed = SubscriptionHealth::Failed {
                error: "AuthorizationFailed: the client has no read access".into(),
                code: Some("AuthorizationFailed".into()),
            };
            (failed, Vec::new())
        } else {
            inventory.extend(part.inventory);
            (SubscriptionHealth::Ok { synced_at: now }, part.failures)
        };
        statuses.push(SubscriptionStatus {
            subscription_id: subscription.subscription_id.clone(),
            display_name: subscription.display_name.clone(),
            health,
            decode_failures,
        });
    }
    inventory.subscriptions = subscriptions.into();
    inventory.sort();
    sort_statuses(&mut statuses);
    let chains = join(&inventory, &statuses, now, &FindingSettings::default());
    Snapshot {
        inventory,
        chains,
        statuses,
        taken_at: Some(now),
        calls: Default::default(),
        duration: Duration::ZERO,
        error: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::join::tests::{demo_now, read};

    #[test]
    fn the_demo_read_offline_is_the_demo_the_join_tests_read() {
        let doc = emulator::estate::demo::demo();
        let snapshot = snapshot(&doc, demo_now());
        let (mut expected, statuses) = read(&doc, demo_now());
        expected.sort();
        assert_eq!(snapshot.inventory, expected);
        assert_eq!(snapshot.statuses.len(), statuses.len());
        let failed = |s: &SubscriptionStatus| matches!(s.health, SubscriptionHealth::Failed { .. });
        assert_eq!(
            snapshot.statuses.iter().filter(|s| failed(s)).count(),
            statuses.iter().filter(|s| failed(s)).count(),
        );
        assert_eq!(
            snapshot.chains,
            join(
                &expected,
                &statuses,
                demo_now(),
                &FindingSettings::default()
            )
        );
    }
}
