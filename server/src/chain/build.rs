//! `build`: a snapshot's chains (a PaaS resource's short chain without frontend) and PaaS links, within a scope, as nodes and edges (see the
//! module docs of `chain` for the relations). Pure and deterministic: the join's lists come out
//! sorted, nodes are merged by key and edges by their ends, so the same snapshot and scope give
//! the same graph whatever order Azure listed the resources in.

use std::collections::{HashMap, HashSet};

use super::group::{Shown, arrange};
use super::nodes::Context;
use super::{Edge, Graph, Node, Scope};
use crate::inventory::Snapshot;
use crate::inventory::join::{Finding, PaasLink, ServiceChain};

/// The graph of `snapshot` within `scope`, not yet laid out.
pub fn build(snapshot: &Snapshot, scope: &Scope) -> Graph {
    let context = Context::new(snapshot);
    let mut graph = Builder::default();
    for chain in &snapshot.chains.chains {
        if let Some(links) = scope.connections(chain) {
            let shown = arrange(&chain.service, links, scope);
            if chain.is_service() {
                add_chain(&mut graph, &context, chain, shown);
            } else {
                add_paas_chain(&mut graph, &context, chain, shown);
            }
        }
    }
    let node_group = scope.node_group(&snapshot.inventory.clusters);
    for link in &snapshot.chains.paas_links {
        if scope.keeps_paas(link, node_group.as_ref()) {
            add_paas(&mut graph, &context, link);
        }
    }
    let notes = snapshot
        .chains
        .findings
        .iter()
        .filter(|f| matches!(f, Finding::Unreadable { .. }))
        .map(Finding::message)
        .collect();
    Graph {
        notes,
        ..graph.graph
    }
}

/// Service → frontend → PLS → each connection (or group) → its consumer.
fn add_chain(graph: &mut Builder, context: &Context, chain: &ServiceChain, shown: Vec<Shown>) {
    let frontend = graph.node(context.frontend(chain));
    if let Some(service) = context.kubernetes_service(chain) {
        let service = graph.node(service);
        graph.edge(service, frontend, None);
    }
    let pls = graph.node(context.private_link_service(chain));
    graph.edge(frontend, pls, None);
    add_connections(graph, context, pls, shown);
}

/// PaaS resource → each connection (or group) → its consumer.
fn add_paas_chain(graph: &mut Builder, context: &Context, chain: &ServiceChain, shown: Vec<Shown>) {
    let target = graph.node(context.paas_resource(chain));
    add_connections(graph, context, target, shown);
}

/// From the node holding them: each connection (or group of them) and its consumer.
fn add_connections(graph: &mut Builder, context: &Context, holder: usize, shown: Vec<Shown>) {
    let pls = holder;
    for item in shown {
        match item {
            Shown::One(link) => {
                let state = Some(link.status.to_string());
                let connection = graph.node(context.connection(link));
                graph.edge(pls, connection, state.clone());
                let consumer = graph.node(context.consumer(link));
                graph.edge(connection, consumer, state);
            }
            Shown::Group(node) => {
                let state = node.state.clone();
                let group = graph.node(*node);
                graph.edge(pls, group, state);
            }
        }
    }
}

/// PaaS target → connection → private endpoint.
fn add_paas(graph: &mut Builder, context: &Context, link: &PaasLink) {
    let state = Some(link.status.to_string());
    let target = graph.node(context.paas_target(link));
    let connection = graph.node(context.paas_connection(link));
    graph.edge(target, connection, state.clone());
    let endpoint = graph.node(context.endpoint(&link.endpoint));
    graph.edge(connection, endpoint, state);
}

/// A graph being built: nodes merged by key, edges by their ends.
#[derive(Default)]
struct Builder {
    graph: Graph,
    by_key: HashMap<String, usize>,
    edges: HashSet<(usize, usize)>,
}

impl Builder {
    /// Adds `node`, or merges its flags into the node with its key; answers its index.
    fn node(&mut self, node: Node) -> usize {
        if let Some(&index) = self.by_key.get(&node.key) {
            let known = &mut self.graph.nodes[index];
            known.flags.extend(node.flags);
            known.flags.sort();
            known.flags.dedup();
            return index;
        }
        let index = self.graph.nodes.len();
        self.by_key.insert(node.key.clone(), index);
        self.graph.nodes.push(node);
        index
    }

    /// Adds an edge, unless one joins the same nodes already.
    fn edge(&mut self, from: usize, to: usize, state: Option<String>) {
        if self.edges.insert((from, to)) {
            self.graph.edges.push(Edge { from, to, state });
        }
    }
}
