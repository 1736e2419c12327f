//! `apply_connections`: the snapshot after connections changed through Link Center — each one's
//! new state on the provider side (or its removal), mirrored on the consumer's private endpoint
//! as Azure mirrors it (a removed connection leaves the endpoint Disconnected), then the chains
//! joined again, once for the whole batch (a bulk job applies its results in batches, so its
//! cost grows with the batches, not items × estate). Pure; the next sync brings everything
//! else (Front Door origins) up to date.

use time::OffsetDateTime;

use super::Snapshot;
use super::join::{FindingSettings, join};
use crate::arm::ResourceId;
use crate::arm::models::{ConnectionState, ConnectionStatus, ResourceConnection};

/// One connection's new state: connection `id` of `resource` is now `now` (`None`: removed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The connection.
    pub id: ResourceId,
    /// The resource holding it.
    pub resource: ResourceId,
    /// Its state as read back from Azure; `None` once removed.
    pub now: Option<ResourceConnection>,
}

/// `snapshot` with connection `id` of `resource` now `now` (`None`: removed).
pub fn apply_connection(
    snapshot: &Snapshot,
    id: &ResourceId,
    resource: &ResourceId,
    now: Option<&ResourceConnection>,
    at: OffsetDateTime,
) -> Snapshot {
    let change = Change {
        id: id.clone(),
        resource: resource.clone(),
        now: now.cloned(),
    };
    apply_connections(snapshot, std::slice::from_ref(&change), at)
}

/// `snapshot` with every change of `changes`, in order, joined once.
pub fn apply_connections(snapshot: &Snapshot, changes: &[Change], at: OffsetDateTime) -> Snapshot {
    let mut next = snapshot.clone();
    for change in changes {
        set(&mut next, &change.id, &change.resource, change.now.as_ref());
    }
    next.chains = join(
        &next.inventory,
        &next.statuses,
        at,
        &FindingSettings::default(),
    );
    next
}

/// One change, in place; the chains are not joined again.
fn set(
    next: &mut Snapshot,
    id: &ResourceId,
    resource: &ResourceId,
    now: Option<&ResourceConnection>,
) {
    let mut consumer: Option<ResourceId> = now.and_then(|c| c.private_endpoint.clone());
    let service = next
        .inventory
        .services
        .iter_mut()
        .find(|s| &s.id == resource);
    if let Some(service) = service
        && let Some(at) = service.connections.iter().position(|c| &c.id == id)
    {
        consumer = consumer.or_else(|| service.connections[at].private_endpoint.clone());
        match now {
            Some(fresh) => {
                let connection = &mut service.connections[at];
                connection.state = fresh.state.clone();
                connection.provisioning_state = fresh.provisioning_state.clone();
            }
            None => {
                service.connections.remove(at);
            }
        }
    }
    let mirrored = match now {
        Some(fresh) => fresh.state.clone(),
        None => ConnectionState {
            status: ConnectionStatus::Disconnected,
            description: "The connection was removed by the provider.".into(),
            actions_required: None,
        },
    };
    if let Some(consumer) = consumer {
        for endpoint in next
            .inventory
            .endpoints
            .iter_mut()
            .filter(|e| e.id == consumer)
        {
            for connection in endpoint
                .connections
                .iter_mut()
                .filter(|c| c.target.as_ref() == Some(resource))
            {
                connection.state = mirrored.clone();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use emulator::estate::demo::MY_PLS_ID;

    use super::*;
    use crate::inventory::join::tests::demo_now;
    use crate::inventory::offline;

    fn demo() -> Snapshot {
        offline::snapshot(&emulator::estate::demo::demo(), demo_now())
    }

    fn pending(snapshot: &Snapshot) -> (ResourceId, ResourceConnection) {
        let pls = ResourceId::parse(MY_PLS_ID).unwrap();
        let c = service(snapshot, &pls)
            .connections
            .iter()
            .find(|c| c.state.status == ConnectionStatus::Pending && c.name.starts_with("pe-"))
            .unwrap();
        (
            pls,
            ResourceConnection {
                id: c.id.clone(),
                name: c.name.clone(),
                private_endpoint: c.private_endpoint.clone(),
                state: c.state.clone(),
                provisioning_state: c.provisioning_state.clone(),
            },
        )
    }

    /// The state of `connection` on the consumer's endpoint in `snapshot`.
    fn on_endpoint(snapshot: &Snapshot, connection: &ResourceConnection) -> ConnectionStatus {
        let endpoint = snapshot
            .inventory
            .endpoints
            .iter()
            .find(|e| Some(&e.id) == connection.private_endpoint.as_ref())
            .unwrap();
        endpoint.connections[0].state.status.clone()
    }

    /// The service `pls` in `snapshot`.
    fn service<'s>(
        snapshot: &'s Snapshot,
        pls: &ResourceId,
    ) -> &'s crate::arm::models::PrivateLinkService {
        snapshot
            .inventory
            .services
            .iter()
            .find(|s| &s.id == pls)
            .unwrap()
    }

    #[test]
    fn an_approval_shows_on_the_service_the_endpoint_and_the_chain() {
        let before = demo();
        let (pls, mut connection) = pending(&before);
        connection.state.status = ConnectionStatus::Approved;
        let after = apply_connection(&before, &connection.id, &pls, Some(&connection), demo_now());
        let changed = service(&after, &pls)
            .connections
            .iter()
            .find(|c| c.id == connection.id)
            .unwrap();
        assert_eq!(changed.state.status, ConnectionStatus::Approved);
        assert_eq!(on_endpoint(&after, &connection), ConnectionStatus::Approved);
        let chain = after
            .chains
            .chains
            .iter()
            .find(|c| c.service == pls)
            .unwrap();
        let link = chain
            .connections
            .iter()
            .find(|l| l.connection == connection.id)
            .unwrap();
        assert_eq!(link.status, ConnectionStatus::Approved);
        assert_eq!(
            before.inventory.services,
            demo().inventory.services,
            "the old snapshot is untouched"
        );
    }

    #[test]
    fn a_removal_drops_the_connection_and_leaves_the_endpoint_disconnected() {
        let before = demo();
        let (pls, connection) = pending(&before);
        let after = apply_connection(&before, &connection.id, &pls, None, demo_now());
        assert!(
            service(&after, &pls)
                .connections
                .iter()
                .all(|c| c.id != connection.id)
        );
        assert_eq!(
            on_endpoint(&after, &connection),
            ConnectionStatus::Disconnected
        );
    }

    #[test]
    fn a_batch_applies_every_change_in_order_with_one_join() {
        let before = demo();
        let (pls, first) = pending(&before);
        let second = service(&before, &pls)
            .connections
            .iter()
            .find(|c| c.state.status == ConnectionStatus::Pending && c.id != first.id)
            .expect("a second Pending connection on myPLS")
            .id
            .clone();
        let mut approved = first.clone();
        approved.state.status = ConnectionStatus::Approved;
        let changes = [
            Change {
                id: first.id.clone(),
                resource: pls.clone(),
                now: Some(approved.clone()),
            },
            Change {
                id: second.clone(),
                resource: pls.clone(),
                now: None,
            },
        ];
        let after = apply_connections(&before, &changes, demo_now());
        let connections = &service(&after, &pls).connections;
        let state = |id: &ResourceId| {
            connections
                .iter()
                .find(|c| &c.id == id)
                .map(|c| c.state.status.clone())
        };
        assert_eq!(state(&first.id), Some(ConnectionStatus::Approved));
        assert_eq!(state(&second), None, "removed");
        let linked = after
            .chains
            .chains
            .iter()
            .flat_map(|c| &c.connections)
            .find(|l| l.connection == first.id)
            .expect("the approved connection in the joined chains");
        assert_eq!(linked.status, ConnectionStatus::Approved);
        assert!(
            after
                .chains
                .chains
                .iter()
                .flat_map(|c| &c.connections)
                .all(|l| l.connection != second),
            "the removed one is in no chain"
        );
    }
}
