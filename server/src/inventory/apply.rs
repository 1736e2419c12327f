//! `apply_connections`: the snapshot after connections changed through Link Center — each one's
//! new state on the provider side (or its removal), mirrored on the consumer's private endpoint
//! as Azure mirrors it (a removed connection leaves the endpoint Disconnected). The new snapshot
//! shares every subscription's part it does not change (`Parts`): only the parts holding a
//! changed service or endpoint are copied, only the changed services' chains are linked again
//! (their frontend and cluster cannot change) and their findings replaced, only the changed
//! endpoints' PaaS links made again — so the cost follows the items and their subscriptions,
//! not the estate. The lookups stay within a subscription's part, except the Front Door
//! origins naming a service (indexed once per batch). Pure; the next sync brings everything
//! else (Front Door origins, other services' ages) up to date.

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};

use time::OffsetDateTime;

use super::join::{self, Finding, PaasLink, Relations, ServiceChain};
use super::{Inventory, Snapshot};
use crate::arm::ResourceId;
use crate::arm::models::{
    ConnectionState, ConnectionStatus, Origin, PlsConnection, PrivateEndpoint, ResourceConnection,
};

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

/// `snapshot` with every change of `changes`, in order; each changed service linked once.
pub fn apply_connections(snapshot: &Snapshot, changes: &[Change], at: OffsetDateTime) -> Snapshot {
    let mut next = snapshot.clone();
    let mut services = Vec::new();
    let mut endpoints = Vec::new();
    for change in changes {
        let (service, endpoint) = set(&mut next.inventory, change);
        services.extend(service);
        endpoints.extend(endpoint);
    }
    services.sort();
    services.dedup();
    endpoints.sort();
    endpoints.dedup();
    relink(&mut next, &services, &endpoints, at);
    next
}

/// One change, in place: answers the service and the endpoint it changed.
fn set(inventory: &mut Inventory, change: &Change) -> (Option<ResourceId>, Option<ResourceId>) {
    let (id, resource, now) = (&change.id, &change.resource, change.now.as_ref());
    let sub = resource.subscription();
    let held = inventory
        .services
        .of(sub)
        .iter()
        .find(|s| &s.id == resource)
        .map(|s| &s.connections)
        .or_else(|| {
            inventory
                .paas
                .of(sub)
                .iter()
                .find(|r| &r.id == resource)
                .map(|r| &r.connections)
        })
        .and_then(|connections| connections.iter().find(|c| &c.id == id));
    let consumer = now
        .and_then(|c| c.private_endpoint.clone())
        .or_else(|| held.and_then(|c| c.private_endpoint.clone()));
    let service = held.is_some().then(|| resource.clone());
    if service.is_some() {
        // Changed here, not read from Azure: the ETag no longer describes it.
        let change = |etag: &mut Option<String>, connections: &mut Vec<PlsConnection>| {
            let Some(at) = connections.iter().position(|c| &c.id == id) else {
                return;
            };
            *etag = None;
            match now {
                Some(fresh) => {
                    let connection = &mut connections[at];
                    connection.state = fresh.state.clone();
                    connection.provisioning_state = fresh.provisioning_state.clone();
                }
                None => {
                    connections.remove(at);
                }
            }
        };
        if inventory.services.of(sub).iter().any(|s| &s.id == resource) {
            inventory.services.update(sub, |services| {
                if let Some(s) = services.iter_mut().find(|s| &s.id == resource) {
                    change(&mut s.etag, &mut s.connections);
                }
            });
        } else {
            inventory.paas.update(sub, |resources| {
                if let Some(r) = resources.iter_mut().find(|r| &r.id == resource) {
                    change(&mut r.etag, &mut r.connections);
                }
            });
        }
    }
    let Some(consumer) = consumer else {
        return (service, None);
    };
    let mirrors = |e: &PrivateEndpoint| {
        e.id == consumer
            && e.connections
                .iter()
                .any(|c| c.target.as_ref() == Some(resource))
    };
    if !inventory
        .endpoints
        .of(consumer.subscription())
        .iter()
        .any(mirrors)
    {
        return (service, None);
    }
    let mirrored = match now {
        Some(fresh) => fresh.state.clone(),
        None => ConnectionState {
            status: ConnectionStatus::Disconnected,
            description: "The connection was removed by the provider.".into(),
            actions_required: None,
        },
    };
    inventory
        .endpoints
        .update(consumer.subscription(), |endpoints| {
            for endpoint in endpoints.iter_mut().filter(|e| e.id == consumer) {
                for connection in endpoint
                    .connections
                    .iter_mut()
                    .filter(|c| c.target.as_ref() == Some(resource))
                {
                    connection.state = mirrored.clone();
                }
            }
        });
    (service, Some(consumer))
}

/// Links the changed services' chains and the changed endpoints' PaaS links again, and
/// replaces those services' findings.
fn relink(
    next: &mut Snapshot,
    services: &[ResourceId],
    endpoints: &[ResourceId],
    at: OffsetDateTime,
) {
    let settings = next.chains.settings.clone();
    let tenants = join::posture::Tenants::new(next.inventory.subscriptions.iter(), &settings);
    let mut chains = Vec::with_capacity(services.len());
    let mut findings = Vec::new();
    let mut paas: Vec<(ResourceId, Vec<PaasLink>)> = Vec::with_capacity(endpoints.len());
    {
        let relations = Within::new(&next.inventory);
        for id in services {
            let subscription = id.subscription();
            let old = next
                .chains
                .chains
                .of(subscription)
                .iter()
                .find(|c| &c.service == id);
            let Some(old) = old else {
                continue;
            };
            let service = next
                .inventory
                .services
                .of(subscription)
                .iter()
                .find(|s| &s.id == id);
            let (chain, front_door_pending) = match service {
                Some(service) => {
                    let (connections, front_door_pending) =
                        join::links(&relations, &service.id, &service.connections);
                    let chain = ServiceChain {
                        connections,
                        ..old.clone()
                    };
                    findings.extend(join::posture::of_service(
                        service, &chain, &tenants, &settings,
                    ));
                    (chain, front_door_pending)
                }
                None => {
                    let resource = next
                        .inventory
                        .paas
                        .of(subscription)
                        .iter()
                        .find(|r| &r.id == id);
                    let Some(resource) = resource else {
                        continue;
                    };
                    let (chain, front_door_pending) = join::paas_chain(&relations, resource);
                    findings.extend(join::posture::of_paas(resource, &chain, &tenants));
                    (chain, front_door_pending)
                }
            };
            findings.extend(join::findings::of_chain(&chain, at, &settings));
            findings.extend(front_door_pending);
            chains.push(chain);
        }
        let zones = join::dns::ZoneIndex::new(next.inventory.dns_zones.iter());
        for id in endpoints {
            if let Some(endpoint) = relations.endpoint(id) {
                paas.push((id.clone(), join::paas_links(&relations, endpoint)));
                findings.extend(join::posture::of_endpoint(endpoint, at));
                findings.extend(join::dns::of_endpoint(endpoint, &zones));
            }
        }
    }
    let relinked: HashSet<&ResourceId> = chains.iter().map(|c| &c.service).collect();
    let endpoints: HashSet<&ResourceId> = endpoints.iter().collect();
    next.chains.findings.retain(|f| match f {
        Finding::OrphanEndpoint { endpoint, .. }
        | Finding::NoDnsZoneGroup { endpoint, .. }
        | Finding::DnsZoneNotLinked { endpoint, .. }
        | Finding::DnsZoneMismatch { endpoint, .. } => !endpoints.contains(endpoint),
        _ => f.is_loss() || f.service().is_none_or(|s| !relinked.contains(s)),
    });
    next.chains.findings.extend(findings);
    next.chains.findings.sort();
    for chain in chains {
        let subscription = chain.service.subscription().to_owned();
        next.chains.chains.update(&subscription, |list| {
            if let Some(slot) = list.iter_mut().find(|c| c.service == chain.service) {
                *slot = chain;
            }
        });
    }
    for (endpoint, links) in paas {
        let subscription = endpoint.subscription();
        let had = next
            .chains
            .paas_links
            .of(subscription)
            .iter()
            .any(|l| l.endpoint == endpoint);
        if !had && links.is_empty() {
            continue;
        }
        next.chains
            .paas_links
            .update(subscription, |list| list.retain(|l| l.endpoint != endpoint));
        next.chains.paas_links.extend(links);
        next.chains
            .paas_links
            .update(subscription, |list| list.sort_by(join::paas_order));
    }
}

/// The join's lookups within one subscription's part (the Front Door origins, which may live
/// anywhere, indexed by the service they name on first use).
struct Within<'a> {
    inventory: &'a Inventory,
    origins: OnceCell<HashMap<&'a ResourceId, Vec<&'a Origin>>>,
    held_by_paas: OnceCell<HashSet<&'a ResourceId>>,
}

impl<'a> Within<'a> {
    fn new(inventory: &'a Inventory) -> Self {
        Self {
            inventory,
            origins: OnceCell::new(),
            held_by_paas: OnceCell::new(),
        }
    }
}

impl<'a> Relations<'a> for Within<'a> {
    fn endpoint(&self, id: &ResourceId) -> Option<&'a PrivateEndpoint> {
        self.inventory
            .endpoints
            .of(id.subscription())
            .iter()
            .find(|e| &e.id == id)
    }
    fn origins_of(&self, service: &ResourceId) -> Vec<&'a Origin> {
        let inventory = self.inventory;
        let by_target = self.origins.get_or_init(|| {
            let mut by_target: HashMap<&ResourceId, Vec<&Origin>> = HashMap::new();
            for origin in inventory.origins.iter() {
                let target = origin
                    .shared_private_link
                    .as_ref()
                    .and_then(|l| l.target.as_ref());
                if let Some(target) = target {
                    by_target.entry(target).or_default().push(origin);
                }
            }
            for origins in by_target.values_mut() {
                origins.sort_by(|a, b| a.id.cmp(&b.id));
            }
            by_target
        });
        by_target.get(service).cloned().unwrap_or_default()
    }
    fn hosts_of(&self, profile: &ResourceId) -> Vec<String> {
        let mut hosts: Vec<String> = self
            .inventory
            .afd_endpoints
            .of(profile.subscription())
            .iter()
            .filter(|e| e.id.parent().as_ref() == Some(profile))
            .filter_map(|e| e.host_name.clone())
            .collect();
        hosts.sort();
        hosts.dedup();
        hosts
    }
    fn is_service(&self, id: &ResourceId) -> bool {
        self.inventory
            .services
            .of(id.subscription())
            .iter()
            .any(|s| &s.id == id)
    }
    fn lists(&self, service: &ResourceId, endpoint: &ResourceId) -> bool {
        self.inventory
            .services
            .of(service.subscription())
            .iter()
            .find(|s| &s.id == service)
            .is_some_and(|s| {
                s.connections
                    .iter()
                    .any(|c| c.private_endpoint.as_ref() == Some(endpoint))
            })
    }
    fn held_by_paas(&self, endpoint: &ResourceId) -> bool {
        let inventory = self.inventory;
        self.held_by_paas
            .get_or_init(|| {
                inventory
                    .paas
                    .iter()
                    .flat_map(|r| r.connections.iter())
                    .filter_map(|c| c.private_endpoint.as_ref())
                    .collect()
            })
            .contains(endpoint)
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
        assert!(service(&before, &pls).etag.is_some());
        assert_eq!(
            service(&after, &pls).etag,
            None,
            "changed here: the change feed must not take Azure's ETag for it"
        );
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
    fn an_approval_copies_only_its_subscriptions_parts_and_the_lists_show_it() {
        let before = demo();
        let (pls, mut connection) = pending(&before);
        connection.state.status = ConnectionStatus::Approved;
        let after = apply_connection(&before, &connection.id, &pls, Some(&connection), demo_now());
        let home = pls.subscription();
        let consumer = connection.private_endpoint.clone().unwrap();
        let changed = |s: &&str| {
            s.eq_ignore_ascii_case(home) || s.eq_ignore_ascii_case(consumer.subscription())
        };
        let others: Vec<&str> = before
            .inventory
            .endpoints
            .subscriptions()
            .filter(|s| !changed(s))
            .collect();
        assert!(
            !others.is_empty(),
            "the demo has endpoints in other subscriptions"
        );
        for other in others {
            let (was, is) = (&before.inventory, &after.inventory);
            assert!(is.endpoints.shares(&was.endpoints, other), "{other}");
            let paas = (&before.chains.paas_links, &after.chains.paas_links);
            assert!(
                paas.0.of(other).is_empty() || paas.1.shares(paas.0, other),
                "{other}"
            );
        }
        assert!(
            !after
                .inventory
                .services
                .shares(&before.inventory.services, home)
        );
        assert!(!after.chains.chains.shares(&before.chains.chains, home));
        assert!(
            !after
                .inventory
                .endpoints
                .shares(&before.inventory.endpoints, consumer.subscription())
        );

        let views = crate::views::Views::build(std::sync::Arc::new(after));
        let record = views
            .connections
            .rows()
            .iter()
            .find(|r| *r.connection() == connection.id)
            .expect("the connection is listed");
        assert_eq!(*record.status(), ConnectionStatus::Approved);
        let row = views
            .services
            .rows()
            .iter()
            .find(|r| r.id.eq_ignore_ascii_case(pls.as_str()))
            .expect("myPLS is listed");
        let before_row = crate::views::rows::services(&before)
            .into_iter()
            .find(|r| r.id == row.id)
            .unwrap();
        assert_eq!(row.counts.pending + 1, before_row.counts.pending);
        assert_eq!(row.counts.approved, before_row.counts.approved + 1);
        let endpoint = views
            .endpoints
            .rows()
            .iter()
            .map(crate::views::Record::wire)
            .find(|e| e.id.eq_ignore_ascii_case(consumer.as_str()))
            .expect("the consumer's endpoint is listed");
        assert_eq!(endpoint.state, "Approved");
    }

    #[test]
    fn applied_changes_give_what_joining_the_changed_inventory_gives() {
        let before = demo();
        let settings = crate::inventory::join::FindingSettings::default();
        let every: Vec<Change> = before
            .inventory
            .services
            .iter()
            .flat_map(|s| s.connections.iter().map(move |c| (s, c)))
            .enumerate()
            .map(|(n, (s, c))| {
                let mut now = ResourceConnection {
                    id: c.id.clone(),
                    name: c.name.clone(),
                    private_endpoint: c.private_endpoint.clone(),
                    state: c.state.clone(),
                    provisioning_state: c.provisioning_state.clone(),
                };
                now.state.status = match c.state.status {
                    ConnectionStatus::Pending => ConnectionStatus::Approved,
                    _ => ConnectionStatus::Rejected,
                };
                now.state.description = format!("decided {n}");
                Change {
                    id: c.id.clone(),
                    resource: s.id.clone(),
                    // Every third one removed.
                    now: (n % 3 != 0).then_some(now),
                }
            })
            .collect();
        assert!(every.len() > 5, "the demo has connections");
        for changes in [&every[..1], &every[..]] {
            let after = apply_connections(&before, changes, demo_now());
            let joined = join::join(&after.inventory, &after.statuses, demo_now(), &settings);
            assert_eq!(after.chains.chains, joined.chains);
            assert_eq!(after.chains.paas_links, joined.paas_links);
            assert_eq!(after.chains.findings, joined.findings);
        }
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
