//! The Graph page's data: what the server found for a scope (summary, notes, findings, the
//! laid-out drawing or why there is none) and the links the page and its drawing make. Plain
//! serde data; the page renders it with `view!`.

use serde::{Deserialize, Serialize};

use super::{GraphView, ResourceView};
use crate::components::query::{encode, href};

/// What the Graph page shows for a scope.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GraphPageView {
    /// One sentence: what the graph holds, of what scope.
    pub summary: String,
    /// What the reader should know (unreadable subscriptions, a graph too large to draw).
    pub notes: Vec<String>,
    /// The flagged nodes, in drawing order.
    pub findings: Vec<GraphFinding>,
    /// The same scope as an SVG download.
    pub download: String,
    /// The scope as a URL query (`a=1&b=2`, without `?` and without `node`).
    pub scope_query: String,
    /// The drawing, or why there is none.
    pub drawing: GraphDrawing,
}

/// Something to notice on a node of the graph.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GraphFinding {
    /// What to notice, e.g. `pls-reports-legacy: frontend missing: chain broken`.
    pub text: String,
    /// The node it is on (`GraphNode::id`).
    pub node: String,
    /// The Graph page of the same scope with that node chosen.
    pub href: String,
}

/// What the figure draws.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum GraphDrawing {
    /// Nothing is in the scope.
    Empty,
    /// More nodes than a page draws legibly (the SVG download still holds them all).
    TooBig {
        /// How many.
        nodes: usize,
    },
    /// The laid-out graph.
    Drawn(GraphView),
}

/// The side panel of a chosen node.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GraphPanel {
    /// The node, described as a detail page is (its connections table compacted to a count).
    pub node: ResourceView,
    /// Whether the user may approve, reject and remove (the panel then offers it).
    pub can_act: bool,
}

/// The Graph page of `scope_query` with node `node` chosen.
pub fn node_href(scope_query: &str, node: &str) -> String {
    graph_href(scope_query, "node", node)
}

/// The Graph page of `scope_query` with the group `key` shown one connection at a time.
pub fn expand_href(scope_query: &str, key: &str) -> String {
    graph_href(scope_query, "expand", key)
}

/// The SVG download of `scope_query`.
pub fn download_href(scope_query: &str) -> String {
    href("/export/graph.svg", scope_query)
}

/// The Graph page of `scope_query` (no node chosen).
pub fn scope_href(scope_query: &str) -> String {
    href("/graph", scope_query)
}

fn graph_href(scope_query: &str, key: &str, value: &str) -> String {
    let extra = format!("{key}={}", encode(value));
    if scope_query.is_empty() {
        href("/graph", &extra)
    } else {
        href("/graph", &format!("{scope_query}&{extra}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_node_link_keeps_the_scope_and_encodes_the_id() {
        assert_eq!(
            node_href("state=Pending", "pls:/subscriptions/s/x&y"),
            "/graph?state=Pending&node=pls%3A%2Fsubscriptions%2Fs%2Fx%26y"
        );
        assert_eq!(node_href("", "a b"), "/graph?node=a%20b");
        assert_eq!(
            expand_href("state=Approved", "group:k"),
            "/graph?state=Approved&expand=group%3Ak"
        );
    }

    #[test]
    fn the_download_and_the_scope_keep_the_query() {
        assert_eq!(download_href(""), "/export/graph.svg");
        assert_eq!(
            download_href("state=Pending"),
            "/export/graph.svg?state=Pending"
        );
        assert_eq!(scope_href(""), "/graph");
        assert_eq!(scope_href("service=x"), "/graph?service=x");
    }
}
