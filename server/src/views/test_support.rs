//! Test helpers: the views of an estate as read and joined at the demo's "now".

use std::sync::Arc;
use std::time::Duration;

use super::Views;
use crate::inventory::join::tests::demo_now;
use crate::inventory::join::{FindingSettings, join};
use crate::inventory::{Inventory, Snapshot, SubscriptionStatus};

/// Joins `inventory` and wraps it in a snapshot taken at the demo's "now".
pub fn views_of(inventory: Inventory, statuses: Vec<SubscriptionStatus>) -> Views {
    let graph = join(
        &inventory,
        &statuses,
        demo_now(),
        &FindingSettings::default(),
    );
    Views::build(Arc::new(Snapshot {
        inventory,
        graph,
        statuses,
        taken_at: Some(demo_now()),
        calls: Default::default(),
        duration: Duration::ZERO,
        error: None,
    }))
}
