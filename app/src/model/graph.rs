//! The chain graph, laid out: five lanes from Kubernetes Service to consumer, nodes with their
//! rectangles and edges between node ids. Plain serde data (numbers, strings, unit enums), safe
//! to compile to wasm; the server builds and lays it out, the page only draws it.

use serde::{Deserialize, Serialize};

mod lines;

pub use lines::{LINE_CHARS, LineRole, NodeLine, baseline, node_height, node_lines, wrap};

/// A laid-out chain graph: what the Graph page draws.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct GraphView {
    /// The five lanes, left to right.
    pub lanes: Vec<Lane>,
    /// Every node, by lane, then top to bottom.
    pub nodes: Vec<GraphNode>,
    /// Every edge, from the left node to the right one.
    pub edges: Vec<GraphEdge>,
    /// Width of the whole drawing.
    pub width: f32,
    /// Height of the whole drawing.
    pub height: f32,
    /// What the reader should know about the drawing (e.g. unreadable subscriptions).
    pub notes: Vec<String>,
}

/// A column of the drawing, holding one or two kinds of node.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Lane {
    /// Heading, e.g. `Private link service`.
    pub title: String,
    /// Left edge.
    pub x: f32,
    /// Width of every node in it.
    pub width: f32,
}

/// What a node stands for; it decides the lane.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub enum NodeKind {
    /// A Kubernetes Service (`namespace/name`) on its cluster.
    Service,
    /// A load balancer frontend (IP, ports).
    Frontend,
    /// A private link service.
    PrivateLinkService,
    /// A PaaS resource (SQL, Storage, an AKS API server…) reached by private endpoints.
    PaasTarget,
    /// One private endpoint connection.
    Connection,
    /// Several connections of one service with the same state and kind of consumer.
    Group,
    /// Who consumes a connection: a Front Door profile, a private endpoint, or unknown.
    Consumer,
}

impl NodeKind {
    /// The lane (0–4) nodes of this kind stand in.
    pub fn lane(self) -> usize {
        match self {
            Self::Service => 0,
            Self::Frontend => 1,
            Self::PrivateLinkService | Self::PaasTarget => 2,
            Self::Connection | Self::Group => 3,
            Self::Consumer => 4,
        }
    }
}

/// Something on a node the reader should notice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub enum NodeFlag {
    /// The frontend a service names does not exist: the chain is broken.
    MissingFrontend,
    /// The frontend's subscription could not be read: it may or may not exist.
    FrontendNotVisible,
    /// The service names no frontend at all.
    NoFrontend,
    /// The service holds nearly as many connections as Azure allows.
    NearLimit,
    /// The service lost connections (or was recreated) lately.
    ConnectionsLost,
    /// A Front Door request waits for approval.
    FrontDoorPending,
    /// The resource is in a subscription that could not be read.
    Unreadable,
    /// The endpoint's private DNS is missing or wrong: its target's name may resolve publicly.
    DnsProblem,
    /// The endpoint is Rejected or Disconnected and left behind: it reaches nothing.
    Orphaned,
    /// The PaaS resource has Approved endpoints and its public network access still on.
    PublicAccess,
}

impl NodeFlag {
    /// What the flag says, in a few words.
    pub fn text(self) -> &'static str {
        match self {
            Self::MissingFrontend => "frontend missing: chain broken",
            Self::FrontendNotVisible => "frontend not readable",
            Self::NoFrontend => "no frontend",
            Self::NearLimit => "near the 1,000-connection limit",
            Self::ConnectionsLost => "lost connections lately",
            Self::FrontDoorPending => "Front Door waits for approval",
            Self::Unreadable => "subscription not readable",
            Self::DnsProblem => "private DNS misconfigured",
            Self::Orphaned => "left behind: reaches nothing",
            Self::PublicAccess => "public network access on",
        }
    }
}

/// The connections a group node stands for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct GroupInfo {
    /// What to ask for to expand it (stable across syncs).
    pub key: String,
    /// Their state, e.g. `Approved`.
    pub state: String,
    /// Their kind of consumer, e.g. `private endpoint`.
    pub consumer_kind: String,
    /// How many connections.
    pub count: u32,
    /// From how many subscriptions their consumers come.
    pub subscriptions: u32,
}

/// A node and its rectangle.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct GraphNode {
    /// Stable key, unique in the graph (e.g. `pls:/subscriptions/…`, lower case).
    pub id: String,
    /// What it stands for.
    pub kind: NodeKind,
    /// First line.
    pub label: String,
    /// Second line, if any.
    pub sublabel: Option<String>,
    /// Further lines (ports, NAT IPs, counts…).
    pub details: Vec<String>,
    /// The Azure resource to link to, if any.
    pub resource_id: Option<String>,
    /// A connection's (or group's) state, e.g. `Pending`.
    pub state: Option<String>,
    /// What to notice.
    pub flags: Vec<NodeFlag>,
    /// For a group node: what it stands for.
    pub group: Option<GroupInfo>,
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width.
    pub width: f32,
    /// Height.
    pub height: f32,
}

impl GraphNode {
    /// Its lines as drawn (wrapped).
    pub fn lines(&self) -> Vec<NodeLine> {
        node_lines(
            &self.label,
            self.sublabel.as_deref(),
            &self.details,
            &self.flags,
        )
    }

    /// Its full text, one line each (unwrapped): the tooltip, and with commas its accessible
    /// name.
    pub fn full_lines(&self) -> Vec<String> {
        std::iter::once(self.label.clone())
            .chain(self.sublabel.clone())
            .chain(self.details.iter().cloned())
            .chain(self.flags.iter().map(|f| format!("⚠ {}", f.text())))
            .collect()
    }
}

/// An edge between two node ids.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct GraphEdge {
    /// The node on the left.
    pub from: String,
    /// The node on the right.
    pub to: String,
    /// The state of the connection it belongs to, if any.
    pub state: Option<String>,
}

/// The nodes and edges of the chain through node `start`: everything upstream of it (edges
/// followed backwards) and downstream (followed forwards), not its siblings. `edges` are
/// `(from, to)` node ids; answers which edges are on the chain, and its nodes.
pub fn chain_through<'a>(
    edges: &[(&'a str, &'a str)],
    start: &'a str,
) -> (Vec<bool>, Vec<&'a str>) {
    let mut lit = vec![false; edges.len()];
    let mut nodes = vec![start];
    for forward in [true, false] {
        let mut frontier = vec![start];
        while let Some(node) = frontier.pop() {
            for (i, (from, to)) in edges.iter().enumerate() {
                let (here, next) = if forward { (from, to) } else { (to, from) };
                if *here == node && !lit[i] {
                    lit[i] = true;
                    if !nodes.contains(next) {
                        nodes.push(next);
                    }
                    frontier.push(next);
                }
            }
        }
    }
    (lit, nodes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chain_runs_both_ways_but_not_into_siblings() {
        // svc → fe → pls → c1 → fd ; pls → c2 → pe ; other → c3
        let edges = [
            ("svc", "fe"),
            ("fe", "pls"),
            ("pls", "c1"),
            ("c1", "fd"),
            ("pls", "c2"),
            ("c2", "pe"),
            ("other", "c3"),
        ];
        let (lit, mut nodes) = chain_through(&edges, "c1");
        nodes.sort_unstable();
        assert_eq!(nodes, ["c1", "fd", "fe", "pls", "svc"]);
        assert_eq!(lit, [true, true, true, true, false, false, false]);

        let (lit, nodes) = chain_through(&edges, "pls");
        assert_eq!(
            nodes.len(),
            7,
            "a service's chain holds all its connections"
        );
        assert_eq!(lit.iter().filter(|l| **l).count(), 6);

        let (lit, nodes) = chain_through(&edges, "lonely");
        assert_eq!(nodes, ["lonely"]);
        assert!(lit.iter().all(|l| !l));
    }

    #[test]
    fn a_consumer_shared_by_two_services_lights_both_upstream() {
        let edges = [
            ("p1", "c1"),
            ("p2", "c2"),
            ("c1", "fd"),
            ("c2", "fd"),
            ("p1", "c3"),
        ];
        let (lit, nodes) = chain_through(&edges, "fd");
        assert_eq!(nodes.len(), 5);
        assert_eq!(lit, [true, true, true, true, false]);
    }
}
