//! The join's output, `JoinedChains`: one `ServiceChain` per private link service (cluster →
//! frontend → PLS → connections → consumers), the private endpoints that reach something other
//! than a visible PLS, and the findings. Plain serialisable data; built by `join::join`. Chains
//! and PaaS links are split by subscription (`Parts`: a chain belongs to its service's, a PaaS
//! link to its endpoint's), so applying an action's result copies only what it changes.

use serde::Serialize;
use time::OffsetDateTime;

use super::findings::{Finding, FindingSettings};
use crate::arm::ResourceId;
use crate::arm::models::{ConnectionStatus, PublicAccess};
use crate::inventory::parts::{InSubscription, Parts};

/// Everything the join found: chains, other private endpoint links and findings, each sorted.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JoinedChains {
    /// One chain per private link service in the inventory, by service id.
    pub chains: Parts<ServiceChain>,
    /// Endpoint connections that are not part of a chain (PaaS targets, invisible PLSs).
    pub paas_links: Parts<PaasLink>,
    /// What needs attention, grouped by kind.
    pub findings: Vec<Finding>,
    /// The thresholds the findings were made with (an action's re-link makes its own again).
    #[serde(skip)]
    pub settings: FindingSettings,
}

/// How a private link service is published and who consumes it — or, for a PaaS resource
/// (`Provider::Paas`), a short chain: the resource, its connections and their consumers (no
/// frontend, no Service; the cluster only for an AKS cluster's own API server).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceChain {
    /// The private link service (or PaaS resource).
    pub service: ResourceId,
    /// What holds the connections.
    pub provider: Provider,
    /// Its name.
    pub name: String,
    /// The AKS cluster whose cloud provider manages it, when one is recognised.
    pub cluster: Option<ResourceId>,
    /// The Kubernetes Service (`<namespace>/<name>`) it publishes, from `k8s-azure-owner-service`.
    pub kubernetes_service: Option<String>,
    /// The load balancer frontend it publishes.
    pub frontend: FrontendLink,
    /// Its private endpoint connections, by connection id.
    pub connections: Vec<ConnectionLink>,
}

/// What holds a chain's connections.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Provider {
    /// A private link service.
    PrivateLinkService,
    /// A PaaS resource of `PAAS_TYPES`.
    #[serde(rename_all = "camelCase")]
    Paas {
        /// Its type as people read it (`SQL server`, `Storage account`…).
        label: &'static str,
        /// Whether the public network can still reach it.
        public_access: PublicAccess,
    },
}

impl ServiceChain {
    /// Whether it is a private link service's chain.
    pub fn is_service(&self) -> bool {
        self.provider == Provider::PrivateLinkService
    }
}

/// What became of the frontend a private link service names.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "state", rename_all = "camelCase")]
pub enum FrontendLink {
    /// The frontend is in the inventory.
    #[serde(rename_all = "camelCase")]
    Found {
        /// The frontend IP configuration.
        frontend: ResourceId,
        /// Its load balancer.
        load_balancer: ResourceId,
        /// Its private IP address.
        private_ip: Option<String>,
        /// The load-balancing rules on it, by port.
        ports: Vec<PortMapping>,
    },
    /// Its subscription was read and has no such frontend: the chain is broken.
    Missing {
        /// The frontend the service names.
        frontend: ResourceId,
    },
    /// Its subscription was not read (unreadable, or not visible to us): cannot tell.
    NotVisible {
        /// The frontend the service names.
        frontend: ResourceId,
    },
    /// The service names no frontend.
    None,
}

/// One load-balancing rule: the port a consumer reaches and where it is forwarded.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PortMapping {
    /// The frontend port.
    pub frontend_port: Option<u16>,
    /// The backend port (the Service's target port).
    pub backend_port: Option<u16>,
    /// `Tcp`, `Udp` or `All`.
    pub protocol: Option<String>,
}

impl PortMapping {
    /// `443/Tcp → 8443`; an unknown port reads `*`, an unknown protocol `All`.
    pub fn label(&self) -> String {
        let port = |n: Option<u16>| n.map_or("*".to_owned(), |n| n.to_string());
        format!(
            "{}/{} → {}",
            port(self.frontend_port),
            self.protocol.as_deref().unwrap_or("All"),
            port(self.backend_port)
        )
    }
}

/// A private endpoint connection of a service and the consumer behind it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionLink {
    /// The connection (`{pls}/privateEndpointConnections/{name}`): what approve/reject act on.
    pub connection: ResourceId,
    /// Its name.
    pub name: String,
    /// The consumer's private endpoint, as the connection names it.
    pub private_endpoint: Option<ResourceId>,
    /// Its status.
    pub status: ConnectionStatus,
    /// Its description (the request message until the provider decides).
    pub description: String,
    /// When the consumer asked: the endpoint's or Front Door origin's creation time.
    #[serde(with = "time::serde::rfc3339::option")]
    pub requested_at: Option<OffsetDateTime>,
    /// Who consumes it.
    pub consumer: Consumer,
}

/// The consumer of a connection.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Consumer {
    /// A Front Door origin in the inventory asks for it.
    #[serde(rename_all = "camelCase")]
    FrontDoor {
        /// The Front Door profile.
        profile: ResourceId,
        /// The origin whose shared private link names the service.
        origin: ResourceId,
        /// The host names of the profile's endpoints.
        endpoint_hosts: Vec<String>,
    },
    /// Front Door's managed endpoint, but no visible origin could be paired with it.
    FrontDoorHidden {
        /// The region of Front Door's endpoint (from `eafd-Prod-<region>`).
        region: String,
    },
    /// A private endpoint in the inventory.
    Endpoint {
        /// The endpoint.
        endpoint: ResourceId,
        /// Its subnet.
        subnet: Option<ResourceId>,
    },
    /// A private endpoint outside the inventory (another tenant or an unreadable subscription).
    ExternalEndpoint {
        /// The endpoint.
        endpoint: ResourceId,
    },
    /// The connection names no endpoint.
    Unknown,
}

/// A private endpoint connection whose target is not a private link service in the inventory.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PaasLink {
    /// The private endpoint.
    pub endpoint: ResourceId,
    /// The endpoint's connection name.
    pub connection_name: String,
    /// The target resource.
    pub target: ResourceId,
    /// The target's type, e.g. `Microsoft.Sql/servers`; a PLS outside the inventory reads
    /// `Microsoft.Network/privateLinkServices (not visible)`.
    pub target_type: String,
    /// The target's sub-resources (`sqlServer`, `blob`, `management`…).
    pub group_ids: Vec<String>,
    /// The status as the endpoint reports it.
    pub status: ConnectionStatus,
    /// Whether it waits for the provider's approval (`manualPrivateLinkServiceConnections`).
    pub manual: bool,
}

impl InSubscription for ServiceChain {
    fn owner(&self) -> &ResourceId {
        &self.service
    }
}

impl InSubscription for PaasLink {
    fn owner(&self) -> &ResourceId {
        &self.endpoint
    }
}
