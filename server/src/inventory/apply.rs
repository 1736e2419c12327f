//! `apply_connection`: the snapshot after one connection changed through Link Center — its new
//! state on the provider side (or its removal), mirrored on the consumer's private endpoint as
//! Azure mirrors it (a removed connection leaves the endpoint Disconnected), the chains joined
//! again. Pure; the next sync brings everything else (Front Door origins) up to date.

use time::OffsetDateTime;

use super::Snapshot;
use super::join::{FindingSettings, join};
use crate::arm::ResourceId;
use crate::arm::models::{ConnectionState, ConnectionStatus, ResourceConnection};

/// `snapshot` with connection `id` of `resource` now `now` (`None`: removed).
pub fn apply_connection(
    snapshot: &Snapshot,
    id: &ResourceId,
    resource: &ResourceId,
    now: Option<&ResourceConnection>,
    at: OffsetDateTime,
) -> Snapshot {
    let mut next = snapshot.clone();
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
    next.chains = join(
        &next.inventory,
        &next.statuses,
        at,
        &FindingSettings::default(),
    );
    next
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
}
