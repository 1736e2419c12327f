//! The scaled estate (`--scale 50`): thousands of connections, each in exactly one chain, every
//! Front Door connection paired with its origin. Reports how long the join took.

use std::collections::HashSet;
use std::time::Instant;

use super::*;

#[test]
fn every_connection_of_a_scaled_estate_appears_exactly_once() {
    let (inventory, statuses) = read(&emulator::estate::scale::scaled(50), demo_now());
    let started = Instant::now();
    let joined = join(
        &inventory,
        &statuses,
        demo_now(),
        &FindingSettings::default(),
    );
    let elapsed = started.elapsed();
    let held: Vec<&ResourceId> = inventory
        .services
        .iter()
        .flat_map(|s| s.connections.iter().map(|c| &c.id))
        .chain(
            inventory
                .paas
                .iter()
                .flat_map(|r| r.connections.iter().map(|c| &c.id)),
        )
        .collect();
    println!(
        "joined {} services and {} connections in {elapsed:?}",
        inventory.services.len(),
        held.len()
    );
    assert!(
        held.len() > 1000,
        "a scaled estate is large: {}",
        held.len()
    );
    assert_eq!(connection_count(&joined), held.len());
    let ids: HashSet<&ResourceId> = joined
        .chains
        .iter()
        .flat_map(|c| c.connections.iter().map(|link| &link.connection))
        .collect();
    assert_eq!(ids.len(), held.len(), "no connection twice");
    assert!(held.iter().all(|id| ids.contains(id)), "none lost");
    let hidden = consumers(&joined, |c| matches!(c, Consumer::FrontDoorHidden { .. }));
    assert_eq!(hidden, 0, "every Front Door connection finds its origin");
    let front_door = consumers(&joined, |c| matches!(c, Consumer::FrontDoor { .. }));
    assert_eq!(front_door, inventory.origins.len());
    assert!(
        joined
            .paas_links
            .iter()
            .all(|link| link.endpoint.name() == "kube-apiserver"),
        "only private API servers' endpoints are outside the chains"
    );
}
