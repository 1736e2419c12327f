//! Tests of the chain graph: the demo estate's story as nodes and edges, the layout's promises
//! (no overlap, determinism, few crossings), grouping of large fan-outs and scopes. Snapshots
//! are read offline from the emulator's estates at the demo's 'now'.

mod demo;
mod drawing;
mod grouping;
mod layout;
mod scope;

use app::model::{GraphNode, GraphView, NodeFlag, NodeKind};

use super::*;
use crate::inventory::join::tests::demo_now;
use crate::inventory::{Snapshot, offline};

fn id(text: &str) -> ResourceId {
    ResourceId::parse(text).unwrap_or_else(|error| panic!("{error}"))
}

/// The demo estate as a sync reads it.
fn demo_snapshot() -> Snapshot {
    offline::snapshot(&emulator::estate::demo::demo(), demo_now())
}

/// The scaled estate of `subscriptions` subscriptions as a sync reads it.
fn scaled_snapshot(subscriptions: u32) -> Snapshot {
    offline::snapshot(&emulator::estate::scale::scaled(subscriptions), demo_now())
}

/// Built and laid out.
fn view(snapshot: &Snapshot, scope: &Scope) -> GraphView {
    layout(&build(snapshot, scope))
}

/// The one node of `kind` labelled `label`.
fn node<'v>(view: &'v GraphView, kind: NodeKind, label: &str) -> &'v GraphNode {
    let found: Vec<&GraphNode> = view
        .nodes
        .iter()
        .filter(|n| n.kind == kind && n.label == label)
        .collect();
    let [one] = found.as_slice() else {
        panic!("one {kind:?} node labelled {label}: {found:?}");
    };
    one
}

/// The one node standing for resource `resource` (compared as ids).
fn of_resource<'v>(view: &'v GraphView, resource: &ResourceId) -> &'v GraphNode {
    let found: Vec<&GraphNode> = view
        .nodes
        .iter()
        .filter(|n| n.resource_id.as_deref().map(id).as_ref() == Some(resource))
        .collect();
    let [one] = found.as_slice() else {
        panic!("one node for {resource}: {found:?}");
    };
    one
}

/// Whether an edge runs from `from` to `to`.
fn linked(view: &GraphView, from: &GraphNode, to: &GraphNode) -> bool {
    view.edges
        .iter()
        .any(|e| e.from == from.id && e.to == to.id)
}

/// The nodes an edge from `from` leads to.
fn right_of<'v>(view: &'v GraphView, from: &GraphNode) -> Vec<&'v GraphNode> {
    view.edges
        .iter()
        .filter(|e| e.from == from.id)
        .filter_map(|e| view.nodes.iter().find(|n| n.id == e.to))
        .collect()
}

/// The nodes of `kind`.
fn of_kind(view: &GraphView, kind: NodeKind) -> Vec<&GraphNode> {
    view.nodes.iter().filter(|n| n.kind == kind).collect()
}

/// Connection nodes of chains (not of PaaS links).
fn chain_connections(view: &GraphView) -> Vec<&GraphNode> {
    of_kind(view, NodeKind::Connection)
        .into_iter()
        .filter(|n| n.id.starts_with("connection:"))
        .collect()
}
