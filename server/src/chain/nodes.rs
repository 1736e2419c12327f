//! The node of each thing the graph draws: its key, lines and flags. `Context` holds what the
//! lines need from the snapshot beyond the chain (aliases, NAT IPs, subscription names, which
//! services are near the limit or lost connections, which endpoints have DNS findings or are
//! left behind, which PaaS resources stay public, which subscriptions are unreadable). Pure; ids compared through
//! `ResourceId`, keys are lower-cased ids so they do not depend on Azure's casing.

use std::collections::{HashMap, HashSet};

use app::model::{NodeFlag, NodeKind, StateCounts};

use super::Node;
use crate::arm::ResourceId;
use crate::arm::models::{ConnectionStatus, PrivateLinkService};
use crate::inventory::join::{
    ConnectionLink, Consumer, Finding, FrontendLink, PaasLink, PortMapping, Provider, ServiceChain,
};
use crate::inventory::{Snapshot, SubscriptionHealth};

/// What node lines need from a snapshot, indexed once per build.
pub(super) struct Context<'s> {
    services: HashMap<&'s ResourceId, &'s PrivateLinkService>,
    /// Lower-cased subscription GUID → display name.
    names: HashMap<String, String>,
    /// Subscriptions that could not be read (`/subscriptions/{guid}`).
    unreadable: HashSet<ResourceId>,
    near_limit: HashSet<&'s ResourceId>,
    /// Services that lost connections (or were recreated) lately.
    lost: HashSet<&'s ResourceId>,
    /// Endpoints with a private DNS finding.
    dns: HashSet<&'s ResourceId>,
    /// Our endpoints left Rejected or Disconnected.
    orphans: HashSet<&'s ResourceId>,
    /// PaaS resources with Approved endpoints and public network access on.
    public: HashSet<&'s ResourceId>,
}

impl<'s> Context<'s> {
    /// Indexes `snapshot`.
    pub(super) fn new(snapshot: &'s Snapshot) -> Self {
        let unreadable = snapshot
            .statuses
            .iter()
            .filter(|s| matches!(s.health, SubscriptionHealth::Failed { .. }))
            .filter_map(|s| {
                ResourceId::parse(&format!("/subscriptions/{}", s.subscription_id)).ok()
            })
            .collect();
        let near_limit = snapshot
            .chains
            .findings
            .iter()
            .filter_map(|finding| match finding {
                Finding::NearLimit { service, .. } => Some(service),
                _ => None,
            })
            .collect();
        let lost = snapshot
            .chains
            .findings
            .iter()
            .filter(|finding| finding.is_loss())
            .filter_map(Finding::service)
            .collect();
        let (mut dns, mut orphans, mut public) = (HashSet::new(), HashSet::new(), HashSet::new());
        for finding in &snapshot.chains.findings {
            match finding {
                Finding::NoDnsZoneGroup { endpoint, .. }
                | Finding::DnsZoneNotLinked { endpoint, .. }
                | Finding::DnsZoneMismatch { endpoint, .. } => {
                    dns.insert(endpoint);
                }
                Finding::OrphanEndpoint { endpoint, .. } => {
                    orphans.insert(endpoint);
                }
                Finding::PublicAccessEnabled { service, .. } => {
                    public.insert(service);
                }
                _ => {}
            }
        }
        Self {
            lost,
            dns,
            orphans,
            public,
            services: snapshot
                .inventory
                .services
                .iter()
                .map(|s| (&s.id, s))
                .collect(),
            names: snapshot.subscription_names(),
            unreadable,
            near_limit,
        }
    }

    /// The display name of `id`'s subscription, or its GUID.
    pub(super) fn subscription_name(&self, id: &ResourceId) -> String {
        let guid = id.subscription();
        self.names
            .get(&guid.to_ascii_lowercase())
            .cloned()
            .unwrap_or_else(|| guid.to_owned())
    }

    /// The Kubernetes Service node of a chain, when its PLS names one.
    pub(super) fn kubernetes_service(&self, chain: &ServiceChain) -> Option<Node> {
        let name = chain.kubernetes_service.as_deref()?;
        let home = chain.cluster.as_ref().unwrap_or(&chain.service);
        let mut node = Node::new(
            format!("{}/{}", key("service", home), name.to_ascii_lowercase()),
            NodeKind::Service,
            name,
        );
        node.sublabel = Some(match &chain.cluster {
            Some(cluster) => format!("on {}", cluster.name()),
            None => "cluster not recognised".to_owned(),
        });
        node.resource_id = chain.cluster.clone();
        Some(node)
    }

    /// The frontend node of a chain: found, missing, not visible, or none named.
    pub(super) fn frontend(&self, chain: &ServiceChain) -> Node {
        match &chain.frontend {
            FrontendLink::Found {
                frontend,
                load_balancer,
                private_ip,
                ports,
            } => {
                let mut node = Node::new(
                    key("frontend", frontend),
                    NodeKind::Frontend,
                    load_balancer.name(),
                );
                node.sublabel = Some(
                    private_ip
                        .clone()
                        .unwrap_or_else(|| frontend.name().to_owned()),
                );
                node.details = ports.iter().map(PortMapping::label).collect();
                node.resource_id = Some(frontend.clone());
                node
            }
            FrontendLink::Missing { frontend } => {
                broken_frontend(frontend, "Frontend missing", NodeFlag::MissingFrontend)
            }
            FrontendLink::NotVisible { frontend } => broken_frontend(
                frontend,
                "Frontend not visible",
                NodeFlag::FrontendNotVisible,
            ),
            FrontendLink::None => {
                let mut node = Node::new(
                    key("frontend-none", &chain.service),
                    NodeKind::Frontend,
                    "No frontend",
                );
                node.flags.push(NodeFlag::NoFrontend);
                node
            }
        }
    }

    /// The private link service node: alias, NAT IPs and connections by state.
    pub(super) fn private_link_service(&self, chain: &ServiceChain) -> Node {
        let mut node = Node::new(
            key("pls", &chain.service),
            NodeKind::PrivateLinkService,
            &chain.name,
        );
        let pls = self.services.get(&chain.service);
        node.sublabel = pls.and_then(|p| p.alias.clone());
        let mut nat: Vec<&str> = pls
            .map(|p| {
                p.nat_ips
                    .iter()
                    .filter_map(|n| n.private_ip.as_deref())
                    .collect()
            })
            .unwrap_or_default();
        nat.sort_unstable();
        if !nat.is_empty() {
            node.details.push(format!("NAT {}", nat.join(", ")));
        }
        node.details.push(counts_line(&chain.connections));
        node.resource_id = Some(chain.service.clone());
        if self.lost.contains(&chain.service) {
            node.flags.push(NodeFlag::ConnectionsLost);
        }
        if self.near_limit.contains(&chain.service) {
            node.flags.push(NodeFlag::NearLimit);
        }
        node
    }

    /// A connection node of a chain.
    pub(super) fn connection(&self, link: &ConnectionLink) -> Node {
        // Named for what people know it by: the Front Door origin, else the endpoint.
        let label = match (&link.consumer, &link.private_endpoint) {
            (Consumer::FrontDoor { origin, .. }, _) => format!("origin {}", origin.name()),
            (_, Some(endpoint)) => endpoint.name().to_owned(),
            (_, None) => link.name.clone(),
        };
        let mut node = Node::new(
            key("connection", &link.connection),
            NodeKind::Connection,
            label,
        );
        node.sublabel = Some(link.status.to_string());
        if !link.description.is_empty() {
            node.details.push(link.description.clone());
        }
        node.resource_id = Some(link.connection.clone());
        node.state = Some(link.status.to_string());
        if front_door_pending(link) {
            node.flags.push(NodeFlag::FrontDoorPending);
        }
        node
    }

    /// The consumer node of a connection; a Front Door profile or endpoint is one node however
    /// many connections it has.
    pub(super) fn consumer(&self, link: &ConnectionLink) -> Node {
        let mut node = match &link.consumer {
            Consumer::FrontDoor {
                profile,
                endpoint_hosts,
                ..
            } => {
                let mut node = Node::new(
                    key("frontdoor", profile),
                    NodeKind::Consumer,
                    profile.name(),
                );
                node.sublabel = Some(format!("Front Door in {}", self.subscription_name(profile)));
                node.details.clone_from(endpoint_hosts);
                node.resource_id = Some(profile.clone());
                node
            }
            Consumer::FrontDoorHidden { region } => {
                let key = format!("frontdoor-hidden:{}", region.to_ascii_lowercase());
                let mut node =
                    Node::new(key, NodeKind::Consumer, "Front Door (profile not visible)");
                node.sublabel = Some(region.clone());
                node
            }
            Consumer::Endpoint { endpoint, .. } | Consumer::ExternalEndpoint { endpoint } => {
                self.endpoint(endpoint)
            }
            Consumer::Unknown => Node::new(
                key("unknown", &link.connection),
                NodeKind::Consumer,
                "Unknown consumer",
            ),
        };
        if front_door_pending(link) {
            node.flags.push(NodeFlag::FrontDoorPending);
        }
        node
    }

    /// A private endpoint consumer: in a subscription we know (readable or not), or elsewhere.
    pub(super) fn endpoint(&self, endpoint: &ResourceId) -> Node {
        let mut node = Node::new(
            key("endpoint", endpoint),
            NodeKind::Consumer,
            endpoint.name(),
        );
        let subscription = endpoint.subscription_id();
        let known = self
            .names
            .contains_key(&endpoint.subscription().to_ascii_lowercase());
        node.sublabel = Some(if self.unreadable.contains(&subscription) {
            node.flags.push(NodeFlag::Unreadable);
            format!("PE in {} (not readable)", self.subscription_name(endpoint))
        } else if known {
            format!("PE in {}", self.subscription_name(endpoint))
        } else {
            format!("PE in unknown tenant ({})", endpoint.subscription())
        });
        if self.dns.contains(endpoint) {
            node.flags.push(NodeFlag::DnsProblem);
        }
        if self.orphans.contains(endpoint) {
            node.flags.push(NodeFlag::Orphaned);
        }
        node.resource_id = Some(endpoint.clone());
        node
    }

    /// The target node of a PaaS link (SQL server, storage account, invisible PLS…). A visible
    /// PLS that does not list the endpoint is its own node, so it is drawn once.
    pub(super) fn paas_target(&self, link: &PaasLink) -> Node {
        let (prefix, kind) = if self.services.contains_key(&link.target) {
            ("pls", NodeKind::PrivateLinkService)
        } else {
            ("target", NodeKind::PaasTarget)
        };
        let mut node = Node::new(key(prefix, &link.target), kind, link.target.name());
        node.sublabel = Some(link.target_type.clone());
        node.details = vec![format!("in {}", self.subscription_name(&link.target))];
        if self.public.contains(&link.target) {
            node.flags.push(NodeFlag::PublicAccess);
        }
        node.resource_id = Some(link.target.clone());
        node
    }

    /// The node of a PaaS resource holding connections (keyed as a PaaS link's target, so an
    /// endpoint's link to it joins the same node).
    pub(super) fn paas_resource(&self, chain: &ServiceChain) -> Node {
        let mut node = Node::new(
            key("target", &chain.service),
            NodeKind::PaasTarget,
            &chain.name,
        );
        if let Provider::Paas {
            label,
            public_access,
        } = &chain.provider
        {
            node.sublabel = Some((*label).to_owned());
            node.details = vec![
                format!("in {}", self.subscription_name(&chain.service)),
                format!("public network access: {}", public_access.as_str()),
            ];
        }
        if self.public.contains(&chain.service) {
            node.flags.push(NodeFlag::PublicAccess);
        }
        node.resource_id = Some(chain.service.clone());
        node
    }

    /// The connection node of a PaaS link.
    pub(super) fn paas_connection(&self, link: &PaasLink) -> Node {
        let key = format!(
            "{}/{}",
            key("paas", &link.endpoint),
            link.connection_name.to_ascii_lowercase()
        );
        let mut node = Node::new(key, NodeKind::Connection, &link.connection_name);
        node.sublabel = Some(link.status.to_string());
        if !link.group_ids.is_empty() {
            node.details.push(link.group_ids.join(", "));
        }
        if link.manual {
            node.details.push("manual approval".to_owned());
        }
        node.state = Some(link.status.to_string());
        node
    }
}

/// A node key: `prefix:` and the id in lower case (ids compare ignoring case).
pub(super) fn key(prefix: &str, id: &ResourceId) -> String {
    format!("{prefix}:{}", id.as_str().to_ascii_lowercase())
}

/// A frontend the service names but the inventory does not hold: its load balancer, its name
/// and what is known of it.
fn broken_frontend(frontend: &ResourceId, label: &str, flag: NodeFlag) -> Node {
    let mut node = Node::new(key("frontend", frontend), NodeKind::Frontend, label);
    node.sublabel = frontend.parent().map(|lb| lb.name().to_owned());
    node.details = vec![frontend.name().to_owned()];
    node.resource_id = Some(frontend.clone());
    node.flags.push(flag);
    node
}

/// Whether a connection is a Front Door request waiting for approval.
pub(super) fn front_door_pending(link: &ConnectionLink) -> bool {
    link.status == ConnectionStatus::Pending
        && matches!(
            link.consumer,
            Consumer::FrontDoor { .. } | Consumer::FrontDoorHidden { .. }
        )
}

/// `7 connections: 1 pending, 3 approved, …`, the states with none left out.
fn counts_line(links: &[ConnectionLink]) -> String {
    let mut counts = StateCounts::default();
    for link in links {
        counts.add(link.status.as_str());
    }
    let parts: Vec<String> = [
        (counts.pending, "pending"),
        (counts.approved, "approved"),
        (counts.rejected, "rejected"),
        (counts.disconnected, "disconnected"),
        (counts.other, "other"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, word)| format!("{n} {word}"))
    .collect();
    let total = counts.total();
    let noun = if total == 1 {
        "connection"
    } else {
        "connections"
    };
    if parts.is_empty() {
        format!("{total} {noun}")
    } else {
        format!("{total} {noun}: {}", parts.join(", "))
    }
}
