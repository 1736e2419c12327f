//! The chain graph, the drawing of the joined chains: `build` turns a snapshot's chains and PaaS
//! links into nodes and edges within a `Scope`, `layout` places them in five lanes (Kubernetes
//! Service → load balancer frontend → private link service → connection → consumer) and answers
//! the wire type `app::model::GraphView`, which the app's `ChainDrawing` draws. Pure functions over plain data; no I/O.
//! Uses the inventory (its `Snapshot` and the join's `JoinedChains`) and the app's wire types;
//! the views use it, never the other way round. (Not Azure Resource Graph: that is
//! `inventory::resource_graph`.)
//!
//! Relations drawn (listed as data in `RELATIONS`), each an edge between adjacent lanes:
//! - **Service → frontend**: the PLS's `k8s-azure-owner-service` tag (on its cluster), to the
//!   frontend the PLS names (a missing one is a flagged node: the chain is broken).
//! - **Frontend → PLS → connection → consumer**: the join's chain, one node per connection, one
//!   per consumer (a Front Door profile consuming several services is one node). Above
//!   `Scope::group_above` connections, a service's connections with the same state and kind of
//!   consumer collapse into a group node (no consumer nodes) unless the scope expands it.
//! - **PaaS target → connection → private endpoint**: endpoints reaching something other than a
//!   visible PLS (SQL, Storage, a private AKS API server) as short chains from the PLS lane; a
//!   visible PLS that does not list the endpoint is its own node.

mod build;
mod crossings;
mod group;
mod layout;
mod nodes;
mod order;
pub mod query;
mod scope;

use app::model::{GroupInfo, NodeFlag, NodeKind};

use crate::arm::ResourceId;

pub use build::build;
pub use crossings::crossings;
pub use layout::layout;
pub use order::walk_order_crossings;
pub use scope::{GROUP_ABOVE, Scope, ScopeError};

/// Lanes of the drawing, left to right.
pub const LANES: usize = 5;

/// The relations an edge may stand for: from which kind of node, to which, and through what
/// Azure property. Every edge `build` draws is one of them (the tests hold it to that).
pub const RELATIONS: [(NodeKind, NodeKind, &str); 6] = [
    (
        NodeKind::Service,
        NodeKind::Frontend,
        "PLS tag k8s-azure-owner-service; cluster by node resource group",
    ),
    (
        NodeKind::Frontend,
        NodeKind::PrivateLinkService,
        "PLS loadBalancerFrontendIpConfigurations[0]",
    ),
    (
        NodeKind::PrivateLinkService,
        NodeKind::Connection,
        "PLS privateEndpointConnections, or an endpoint's connection the PLS does not list",
    ),
    (
        NodeKind::PrivateLinkService,
        NodeKind::Group,
        "PLS privateEndpointConnections, grouped by state and kind of consumer",
    ),
    (
        NodeKind::Connection,
        NodeKind::Consumer,
        "connection privateEndpoint.id; Front Door origin sharedPrivateLinkResource",
    ),
    (
        NodeKind::PaasTarget,
        NodeKind::Connection,
        "endpoint privateLinkServiceConnections[].privateLinkServiceId",
    ),
];

/// A graph before layout: nodes in the order the chains were walked, edges between them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Graph {
    /// Every node, each key once.
    pub nodes: Vec<Node>,
    /// Every edge, from the left lane to the next, each pair once.
    pub edges: Vec<Edge>,
    /// What the reader should know (unreadable subscriptions).
    pub notes: Vec<String>,
}

/// A node of the graph, before it has a place.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// Stable key, unique in the graph: kind prefix and lower-cased id.
    pub key: String,
    /// What it stands for; decides its lane.
    pub kind: NodeKind,
    /// First line.
    pub label: String,
    /// Second line.
    pub sublabel: Option<String>,
    /// Further lines.
    pub details: Vec<String>,
    /// The Azure resource it stands for, if any.
    pub resource_id: Option<ResourceId>,
    /// A connection's or group's state.
    pub state: Option<String>,
    /// What to notice, sorted.
    pub flags: Vec<NodeFlag>,
    /// For a group node: what it stands for.
    pub group: Option<GroupInfo>,
}

impl Node {
    /// A node with only a key, kind and label.
    pub fn new(key: String, kind: NodeKind, label: impl Into<String>) -> Self {
        Self {
            key,
            kind,
            label: label.into(),
            sublabel: None,
            details: Vec::new(),
            resource_id: None,
            state: None,
            flags: Vec::new(),
            group: None,
        }
    }

    /// Its lane.
    pub fn lane(&self) -> usize {
        self.kind.lane()
    }
}

/// An edge between two nodes, by index into `Graph::nodes`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edge {
    /// The node on the left.
    pub from: usize,
    /// The node on the right.
    pub to: usize,
    /// The state of the connection it belongs to.
    pub state: Option<String>,
}

#[cfg(test)]
mod tests;
