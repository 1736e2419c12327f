//! The join: from an `Inventory` to its `JoinedChains` — one chain per private link service
//! (cluster → load balancer frontend → private link service → connections → consumers), the
//! other private endpoint links, and findings. `chain` (the top-level module) draws them.
//! Pure and deterministic: indexes keyed by `ResourceId` (case-insensitive) are built once, then
//! walked; every list comes out sorted. Uses only the inventory's types and `time`.
//!
//! Relations, each followed through an index, never a scan:
//! - **PLS → frontend**: `loadBalancerFrontendIpConfigurations[0]` looked up among every load
//!   balancer's frontends (Azure keeps no back-reference). Not found: `Missing` when the
//!   frontend's subscription was read (status Ok or Stale), else `NotVisible`. Ports are the
//!   load balancer's rules on that frontend.
//! - **PLS → AKS cluster**: the PLS carries cloud-provider-azure's `k8s-azure-cluster-name` tag
//!   (its value is `kubernetes` on AKS, so it cannot name the cluster) and its resource group —
//!   or, when `azure-pls-resource-group` moved it, its frontend's resource group — is a
//!   cluster's node resource group in the same subscription. The Service is the
//!   `k8s-azure-owner-service` tag (`<namespace>/<name>`). Tag names ignore case, as Azure's do.
//! - **Connection → consumer**: a private endpoint in a resource group starting `eafd-` (any
//!   case; `eafd-Prod-<region>`) is Front Door's. It is paired with the origins whose
//!   `sharedPrivateLinkResource.privateLink.id` is the PLS (*inference*, see `front_door::pair`:
//!   request message = description, then status, then the one left over); the profile is the
//!   origin id's grandparent, its hosts those of the profile's AFD endpoints. Unpaired, it is
//!   `FrontDoorHidden` with the region from the group name. Any other endpoint is an
//!   `Endpoint` when in the inventory, else an `ExternalEndpoint`; no endpoint id: `Unknown`.
//! - **Requested at**: the consumer endpoint's `systemData.createdAt`, for Front Door the
//!   origin's; RFC 3339, anything else reads as unknown.
//! - **PaaS links**: each connection of an inventory endpoint whose target is not a PLS in the
//!   inventory (Sql, Storage…, and PLSs we cannot see such as a private AKS API server's, typed
//!   `Microsoft.Network/privateLinkServices (not visible)`). A visible PLS that does not list the
//!   endpoint keeps it here too (`… (not listed by the service)`), so no connection is lost.
//!   An endpoint whose connection a PaaS resource in the inventory holds is drawn from that
//!   side instead (a private cluster's API-server endpoint targets AKS's hidden PLS, and the
//!   cluster lists its connection).
//! - **PaaS chains**: each PaaS resource with connections is a chain of its own
//!   (`Provider::Paas`): no frontend, its connections paired with consumers as a service's are
//!   (Front Door origins can name a Storage account or a Web app too); an AKS cluster's chain
//!   names the cluster.

pub mod chain;
pub mod dns;
mod finding_meta;
pub mod findings;
mod front_door;
pub mod losses;
pub(crate) mod posture;

use std::collections::{HashMap, HashSet};

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::arm::ResourceId;
use crate::arm::models::{
    EndpointConnection, Frontend, LoadBalancer, ManagedCluster, Origin, PaasResource,
    PlsConnection, PrivateEndpoint, PrivateLinkService,
};
use crate::inventory::{Inventory, SubscriptionHealth, SubscriptionStatus};

pub use chain::{
    ConnectionLink, Consumer, FrontendLink, JoinedChains, PaasLink, PortMapping, Provider,
    ServiceChain,
};
pub use finding_meta::Severity;
pub use findings::{Finding, FindingSettings, PLS_CONNECTION_LIMIT};

const PLS_TYPE: &str = "Microsoft.Network/privateLinkServices";
const CLUSTER_TAG: &str = "k8s-azure-cluster-name";
const OWNER_TAG: &str = "k8s-azure-owner-service";

/// Joins the inventory into chains, PaaS links and findings (see the module docs for the rules).
pub fn join(
    inventory: &Inventory,
    statuses: &[SubscriptionStatus],
    now: OffsetDateTime,
    settings: &FindingSettings,
) -> JoinedChains {
    let index = Index::new(inventory, statuses);
    let mut services: Vec<&PrivateLinkService> = inventory.services.iter().collect();
    services.sort_by(|a, b| a.id.cmp(&b.id));
    let tenants = posture::Tenants::new(inventory.subscriptions.iter(), settings);
    let mut findings: Vec<Finding> = findings::unreadable(statuses).collect();
    let mut chains = Vec::with_capacity(services.len() + inventory.paas.len());
    for service in services {
        let (chain, front_door_pending) = index.chain(service);
        findings.extend(findings::of_chain(&chain, now, settings));
        findings.extend(posture::of_service(service, &chain, &tenants, settings));
        findings.extend(front_door_pending);
        chains.push(chain);
    }
    for resource in inventory.paas.iter() {
        let (chain, front_door_pending) = paas_chain(&index, resource);
        findings.extend(findings::of_chain(&chain, now, settings));
        findings.extend(posture::of_paas(resource, &chain, &tenants));
        findings.extend(front_door_pending);
        chains.push(chain);
    }
    let zones = dns::ZoneIndex::new(inventory.dns_zones.iter());
    for endpoint in inventory.endpoints.iter() {
        findings.extend(posture::of_endpoint(endpoint, now));
        findings.extend(dns::of_endpoint(endpoint, &zones));
    }
    chains.sort_by(|a, b| a.service.cmp(&b.service));
    let mut paas_links: Vec<PaasLink> = inventory
        .endpoints
        .iter()
        .flat_map(|endpoint| paas_links(&index, endpoint))
        .collect();
    paas_links.sort_by(paas_order);
    findings.sort();
    JoinedChains {
        chains: chains.into(),
        paas_links: paas_links.into(),
        findings,
        settings: settings.clone(),
    }
}

/// The relations of the inventory, keyed by id.
struct Index<'a> {
    frontends: HashMap<&'a ResourceId, (&'a LoadBalancer, &'a Frontend)>,
    endpoints: HashMap<&'a ResourceId, &'a PrivateEndpoint>,
    services: HashSet<&'a ResourceId>,
    /// `(service, endpoint)` of every connection a service lists.
    listed: HashSet<(&'a ResourceId, &'a ResourceId)>,
    clusters_by_node_group: HashMap<ResourceId, &'a ManagedCluster>,
    /// Origins by the service they name, each list by origin id.
    origins_by_target: HashMap<&'a ResourceId, Vec<&'a Origin>>,
    /// AFD endpoint host names by profile, sorted.
    hosts_by_profile: HashMap<ResourceId, Vec<String>>,
    /// Subscriptions read (Ok or Stale), as `/subscriptions/{id}`.
    readable: HashSet<ResourceId>,
    /// Endpoints whose connection a PaaS resource holds.
    held_by_paas: HashSet<&'a ResourceId>,
}

impl<'a> Index<'a> {
    fn new(inventory: &'a Inventory, statuses: &[SubscriptionStatus]) -> Self {
        let frontends = inventory
            .load_balancers
            .iter()
            .flat_map(|lb| lb.frontends.iter().map(move |fe| (&fe.id, (lb, fe))))
            .collect();
        let clusters_by_node_group = inventory
            .clusters
            .iter()
            .filter_map(|cluster| {
                let group = cluster.node_resource_group.as_deref()?;
                let id = cluster
                    .id
                    .subscription_id()
                    .try_child("resourceGroups", group)
                    .ok()?;
                Some((id, cluster))
            })
            .collect();
        let mut origins_by_target: HashMap<&ResourceId, Vec<&Origin>> = HashMap::new();
        for origin in &inventory.origins {
            let target = origin
                .shared_private_link
                .as_ref()
                .and_then(|l| l.target.as_ref());
            if let Some(target) = target {
                origins_by_target.entry(target).or_default().push(origin);
            }
        }
        for origins in origins_by_target.values_mut() {
            origins.sort_by(|a, b| a.id.cmp(&b.id));
        }
        let mut hosts_by_profile: HashMap<ResourceId, Vec<String>> = HashMap::new();
        for endpoint in &inventory.afd_endpoints {
            if let (Some(profile), Some(host)) = (endpoint.id.parent(), &endpoint.host_name) {
                hosts_by_profile
                    .entry(profile)
                    .or_default()
                    .push(host.clone());
            }
        }
        for hosts in hosts_by_profile.values_mut() {
            hosts.sort();
            hosts.dedup();
        }
        let readable = statuses
            .iter()
            .filter(|status| !matches!(status.health, SubscriptionHealth::Failed { .. }))
            .filter_map(|status| {
                ResourceId::parse(&format!("/subscriptions/{}", status.subscription_id)).ok()
            })
            .collect();
        Self {
            frontends,
            endpoints: inventory.endpoints.iter().map(|e| (&e.id, e)).collect(),
            services: inventory.services.iter().map(|s| &s.id).collect(),
            listed: inventory
                .services
                .iter()
                .flat_map(|s| {
                    let service = &s.id;
                    s.connections
                        .iter()
                        .filter_map(move |c| Some((service, c.private_endpoint.as_ref()?)))
                })
                .collect(),
            clusters_by_node_group,
            origins_by_target,
            hosts_by_profile,
            readable,
            held_by_paas: inventory
                .paas
                .iter()
                .flat_map(|r| r.connections.iter())
                .filter_map(|c| c.private_endpoint.as_ref())
                .collect(),
        }
    }

    /// The chain of one service, and its Front Door pending findings.
    fn chain(&self, service: &'a PrivateLinkService) -> (ServiceChain, Vec<Finding>) {
        let frontend_id = service.frontend_ids.first();
        let (connections, front_door_pending) = links(self, &service.id, &service.connections);
        let chain = ServiceChain {
            service: service.id.clone(),
            provider: Provider::PrivateLinkService,
            name: service.name.clone(),
            cluster: self.cluster(service, frontend_id),
            kubernetes_service: tag(service, OWNER_TAG).map(str::to_owned),
            frontend: self.frontend(frontend_id),
            connections,
        };
        (chain, front_door_pending)
    }

    /// The cluster managing a service (see the module docs).
    fn cluster(
        &self,
        service: &PrivateLinkService,
        frontend: Option<&ResourceId>,
    ) -> Option<ResourceId> {
        tag(service, CLUSTER_TAG)?;
        [Some(&service.id), frontend]
            .into_iter()
            .flatten()
            .filter_map(ResourceId::resource_group_id)
            .find_map(|group| self.clusters_by_node_group.get(&group))
            .map(|cluster| cluster.id.clone())
    }

    fn frontend(&self, frontend: Option<&ResourceId>) -> FrontendLink {
        let Some(frontend) = frontend else {
            return FrontendLink::None;
        };
        let Some((balancer, found)) = self.frontends.get(frontend) else {
            return if self.readable.contains(&frontend.subscription_id()) {
                FrontendLink::Missing {
                    frontend: frontend.clone(),
                }
            } else {
                FrontendLink::NotVisible {
                    frontend: frontend.clone(),
                }
            };
        };
        let mut ports: Vec<PortMapping> = balancer
            .rules
            .iter()
            .filter(|rule| {
                rule.frontend.as_ref() == Some(&found.id) || found.rule_ids.contains(&rule.id)
            })
            .map(|rule| PortMapping {
                frontend_port: rule.frontend_port,
                backend_port: rule.backend_port,
                protocol: rule.protocol.clone(),
            })
            .collect();
        ports.sort();
        ports.dedup();
        FrontendLink::Found {
            frontend: found.id.clone(),
            load_balancer: balancer.id.clone(),
            private_ip: found.private_ip.clone(),
            ports,
        }
    }
}

/// What building a service's connection links and an endpoint's PaaS links looks up: the
/// `Index` of the whole inventory after a sync, or `apply`'s lookups within one subscription's
/// part when an action's result is applied.
pub(crate) trait Relations<'a> {
    /// The private endpoint `id`, when in the inventory.
    fn endpoint(&self, id: &ResourceId) -> Option<&'a PrivateEndpoint>;
    /// The origins whose shared private link names `service`, by origin id.
    fn origins_of(&self, service: &ResourceId) -> Vec<&'a Origin>;
    /// The host names of `profile`'s AFD endpoints, sorted, once each.
    fn hosts_of(&self, profile: &ResourceId) -> Vec<String>;
    /// Whether `id` is a private link service in the inventory.
    fn is_service(&self, id: &ResourceId) -> bool;
    /// Whether service `service` lists a connection of `endpoint`.
    fn lists(&self, service: &ResourceId, endpoint: &ResourceId) -> bool;
    /// Whether a PaaS resource in the inventory holds a connection of `endpoint`.
    fn held_by_paas(&self, endpoint: &ResourceId) -> bool;
}

impl<'a> Relations<'a> for Index<'a> {
    fn endpoint(&self, id: &ResourceId) -> Option<&'a PrivateEndpoint> {
        self.endpoints.get(id).copied()
    }
    fn origins_of(&self, service: &ResourceId) -> Vec<&'a Origin> {
        self.origins_by_target
            .get(service)
            .cloned()
            .unwrap_or_default()
    }
    fn hosts_of(&self, profile: &ResourceId) -> Vec<String> {
        self.hosts_by_profile
            .get(profile)
            .cloned()
            .unwrap_or_default()
    }
    fn is_service(&self, id: &ResourceId) -> bool {
        self.services.contains(id)
    }
    fn lists(&self, service: &ResourceId, endpoint: &ResourceId) -> bool {
        self.listed.contains(&(service, endpoint))
    }
    fn held_by_paas(&self, endpoint: &ResourceId) -> bool {
        self.held_by_paas.contains(endpoint)
    }
}

/// The short chain of a PaaS resource and its Front Door pending findings.
pub(crate) fn paas_chain<'a>(
    relations: &impl Relations<'a>,
    resource: &'a PaasResource,
) -> (ServiceChain, Vec<Finding>) {
    let (connections, front_door_pending) = links(relations, &resource.id, &resource.connections);
    let kind = resource.paas_type();
    let is_cluster = resource
        .id
        .is_type("Microsoft.ContainerService/managedClusters");
    let chain = ServiceChain {
        service: resource.id.clone(),
        provider: Provider::Paas {
            label: kind.map_or("PaaS resource", |k| k.label),
            public_access: resource.public_access,
        },
        name: resource.name.clone(),
        cluster: is_cluster.then(|| resource.id.clone()),
        kubernetes_service: None,
        frontend: FrontendLink::None,
        connections,
    };
    (chain, front_door_pending)
}

/// The connection links of `service` (a PLS or PaaS resource, by connection id) and its Front
/// Door pending findings.
pub(crate) fn links<'a>(
    relations: &impl Relations<'a>,
    service: &ResourceId,
    held: &'a [PlsConnection],
) -> (Vec<ConnectionLink>, Vec<Finding>) {
    let mut connections: Vec<&PlsConnection> = held.iter().collect();
    connections.sort_by(|a, b| a.id.cmp(&b.id));
    let origins = relations.origins_of(service);
    let front_door = front_door::side(service, &connections, &origins);
    let links = connections
        .iter()
        .map(
            |connection| match front_door.by_connection.get(&connection.id) {
                Some(origin) => front_door_link(relations, connection, origin),
                None => link(relations, connection),
            },
        )
        .collect();
    (links, front_door.pending)
}

/// A connection that is not paired with a Front Door origin.
fn link<'a>(relations: &impl Relations<'a>, connection: &PlsConnection) -> ConnectionLink {
    let (consumer, requested_at) = match &connection.private_endpoint {
        None => (Consumer::Unknown, None),
        Some(endpoint) if front_door::is_front_door_endpoint(endpoint) => (
            Consumer::FrontDoorHidden {
                region: front_door::region(endpoint),
            },
            None,
        ),
        Some(endpoint) => match relations.endpoint(endpoint) {
            Some(found) => (
                Consumer::Endpoint {
                    endpoint: found.id.clone(),
                    subnet: found.subnet.clone(),
                },
                parse_time(found.created_at.as_deref()),
            ),
            None => (
                Consumer::ExternalEndpoint {
                    endpoint: endpoint.clone(),
                },
                None,
            ),
        },
    };
    connection_link(connection, consumer, requested_at)
}

fn front_door_link<'a>(
    relations: &impl Relations<'a>,
    connection: &PlsConnection,
    origin: &Origin,
) -> ConnectionLink {
    let profile = front_door::profile_of(&origin.id);
    let endpoint_hosts = profile
        .as_ref()
        .map(|profile| relations.hosts_of(profile))
        .unwrap_or_default();
    let consumer = Consumer::FrontDoor {
        profile: profile.unwrap_or_else(|| origin.id.clone()),
        origin: origin.id.clone(),
        endpoint_hosts,
    };
    connection_link(
        connection,
        consumer,
        parse_time(origin.created_at.as_deref()),
    )
}

/// The connections of `endpoint` that no chain holds, by connection name.
pub(crate) fn paas_links<'a>(
    relations: &impl Relations<'a>,
    endpoint: &PrivateEndpoint,
) -> Vec<PaasLink> {
    endpoint
        .connections
        .iter()
        .filter_map(|connection| {
            let target = connection.target.as_ref()?;
            if relations.held_by_paas(&endpoint.id) {
                return None;
            }
            let target_type = if relations.is_service(target) {
                if relations.lists(target, &endpoint.id) {
                    return None;
                }
                format!("{PLS_TYPE} (not listed by the service)")
            } else if target.is_type(PLS_TYPE) {
                format!("{PLS_TYPE} (not visible)")
            } else {
                target.resource_type().unwrap_or_default()
            };
            Some(paas_link(endpoint, connection, target, target_type))
        })
        .collect()
}

/// The order of PaaS links: endpoint, connection name, target.
pub(crate) fn paas_order(a: &PaasLink, b: &PaasLink) -> std::cmp::Ordering {
    (&a.endpoint, &a.connection_name, &a.target).cmp(&(&b.endpoint, &b.connection_name, &b.target))
}

fn paas_link(
    endpoint: &PrivateEndpoint,
    connection: &EndpointConnection,
    target: &ResourceId,
    target_type: String,
) -> PaasLink {
    PaasLink {
        endpoint: endpoint.id.clone(),
        connection_name: connection.name.clone(),
        target: target.clone(),
        target_type,
        group_ids: connection.group_ids.clone(),
        status: connection.state.status.clone(),
        manual: connection.manual,
    }
}

fn connection_link(
    connection: &PlsConnection,
    consumer: Consumer,
    requested_at: Option<OffsetDateTime>,
) -> ConnectionLink {
    ConnectionLink {
        connection: connection.id.clone(),
        name: connection.name.clone(),
        private_endpoint: connection.private_endpoint.clone(),
        status: connection.state.status.clone(),
        description: connection.state.description.clone(),
        requested_at,
        consumer,
    }
}

/// A tag's value, the tag name compared ignoring ASCII case.
fn tag<'s>(service: &'s PrivateLinkService, name: &str) -> Option<&'s str> {
    service
        .tags
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.as_str())
}

/// An RFC 3339 time; anything else is unknown.
pub(super) fn parse_time(text: Option<&str>) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(text?.trim(), &Rfc3339).ok()
}

#[cfg(test)]
pub(crate) mod tests;
