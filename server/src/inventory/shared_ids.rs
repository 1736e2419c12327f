//! Sharing the ids of a freshly read inventory: a private link service's connection names its
//! consumer's endpoint, which the endpoint list names again; every endpoint names its subnet
//! and its target service. Read from JSON, each is a text of its own (~200 bytes); equal ones
//! are made to share one text here, before the join clones them further. Parts another
//! snapshot shares (kept from an earlier sync) are left as they are, not copied.

use super::Inventory;
use crate::arm::{IdPool, ResourceId};

/// Makes the equal ids of `inventory`'s services and endpoints share one text each.
pub fn share_ids(inventory: &mut Inventory) {
    let mut pool = IdPool::default();
    let mut share = |id: &mut ResourceId| id.share_with(&mut pool);
    for service in inventory.services.iter_unshared_mut() {
        share(&mut service.id);
        service.frontend_ids.iter_mut().for_each(&mut share);
        for nat in &mut service.nat_ips {
            nat.subnet.iter_mut().for_each(&mut share);
        }
        for connection in &mut service.connections {
            share(&mut connection.id);
            connection.private_endpoint.iter_mut().for_each(&mut share);
        }
    }
    for endpoint in inventory.endpoints.iter_unshared_mut() {
        share(&mut endpoint.id);
        endpoint.subnet.iter_mut().for_each(&mut share);
        for connection in &mut endpoint.connections {
            connection.id.iter_mut().for_each(&mut share);
            connection.target.iter_mut().for_each(&mut share);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::join::tests::demo_now;
    use crate::inventory::offline;

    #[test]
    fn an_endpoint_and_the_connection_naming_it_share_one_id_text() {
        let read = || offline::snapshot(&emulator::estate::demo::demo(), demo_now()).inventory;
        let (mut inventory, before) = (read(), read());
        share_ids(&mut inventory);
        assert_eq!(inventory, before, "sharing changes no id");
        let (connection, endpoint) = inventory
            .services
            .iter()
            .flat_map(|s| &s.connections)
            .find_map(|c| {
                let named = c.private_endpoint.as_ref()?;
                let endpoint = inventory
                    .endpoints
                    .iter()
                    .find(|e| e.id.as_str() == named.as_str())?;
                Some((named, &endpoint.id))
            })
            .expect("a connection whose endpoint is in the demo, named the same way");
        assert!(connection.shares_text(endpoint));
        let service = inventory.services.iter().next().unwrap();
        let targets: Vec<&ResourceId> = inventory
            .endpoints
            .iter()
            .flat_map(|e| &e.connections)
            .filter_map(|c| c.target.as_ref())
            .filter(|t| t.as_str() == service.id.as_str())
            .collect();
        assert!(targets.iter().all(|t| t.shares_text(&service.id)));
    }

    #[test]
    fn parts_kept_from_an_earlier_snapshot_are_not_copied() {
        let mut inventory =
            offline::snapshot(&emulator::estate::demo::demo(), demo_now()).inventory;
        let kept = inventory.clone();
        share_ids(&mut inventory);
        for subscription in kept.endpoints.subscriptions() {
            assert!(inventory.endpoints.shares(&kept.endpoints, subscription));
        }
    }
}
