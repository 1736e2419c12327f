//! The join depends on the estate, not on the order Azure listed it in.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use proptest::prelude::*;

use super::*;
use crate::inventory::parts::{InSubscription, Parts};

/// `shuffle` within each subscription's part (the parts keep their order).
fn shuffle_parts<T: InSubscription + Clone>(
    items: &mut Parts<T>,
    salt: u64,
    id: impl Fn(&T) -> &ResourceId,
) {
    let mut all: Vec<T> = items.iter().cloned().collect();
    shuffle(&mut all, salt, id);
    *items = all.into();
}

/// Sorts `items` by a hash of `(salt, id)`: a reproducible shuffle.
fn shuffle<T>(items: &mut [T], salt: u64, id: impl Fn(&T) -> &ResourceId) {
    items.sort_by_cached_key(|item| {
        let mut hasher = DefaultHasher::new();
        (salt, id(item).as_str()).hash(&mut hasher);
        hasher.finish()
    });
}

/// The inventory with every list, and every list inside a resource, in another order.
fn shuffled(mut inventory: Inventory, salt: u64) -> Inventory {
    shuffle_parts(&mut inventory.services, salt, |s| &s.id);
    for service in &mut inventory.services {
        shuffle(&mut service.connections, salt, |c| &c.id);
    }
    shuffle_parts(&mut inventory.endpoints, salt, |e| &e.id);
    shuffle_parts(&mut inventory.load_balancers, salt, |lb| &lb.id);
    for balancer in &mut inventory.load_balancers {
        shuffle(&mut balancer.frontends, salt, |f| &f.id);
        shuffle(&mut balancer.rules, salt, |r| &r.id);
    }
    shuffle_parts(&mut inventory.clusters, salt, |c| &c.id);
    shuffle_parts(&mut inventory.afd_endpoints, salt, |e| &e.id);
    shuffle_parts(&mut inventory.origins, salt, |o| &o.id);
    inventory
}

#[test]
fn joining_twice_gives_the_same_chains() {
    let settings = FindingSettings {
        long_pending_days: 1,
        ..FindingSettings::default()
    };
    assert_eq!(demo_joined(&settings), demo_joined(&settings));
}

#[test]
fn a_reversed_inventory_gives_the_same_chains() {
    let (inventory, statuses) = demo_read();
    let settings = FindingSettings::default();
    let plain = join(&inventory, &statuses, demo_now(), &settings);
    let mut reversed = inventory.clone();
    reversed.services.reverse();
    reversed.endpoints.reverse();
    reversed.origins.reverse();
    reversed.afd_endpoints.reverse();
    for service in &mut reversed.services {
        service.connections.reverse();
    }
    let mut statuses = statuses;
    statuses.reverse();
    assert_ne!(reversed, inventory, "the order changed");
    assert_eq!(join(&reversed, &statuses, demo_now(), &settings), plain);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn any_order_of_the_inventory_gives_the_same_chains(salt in any::<u64>()) {
        let (inventory, statuses) = demo_read();
        let settings = FindingSettings { long_pending_days: 1, ..FindingSettings::default() };
        let plain = join(&inventory, &statuses, demo_now(), &settings);
        let other = join(&shuffled(inventory, salt), &statuses, demo_now(), &settings);
        prop_assert_eq!(other, plain);
    }
}
