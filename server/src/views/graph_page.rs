//! The Graph page's data: the scoped, laid-out chain graph with what it holds, its findings and
//! the SVG download (`page`, the typed `GraphPageView` the page draws with `view!`), and the
//! side panel of the chosen node (`panel`, which borrows the node's detail page from `detail`;
//! the small graph on a detail page is `detail`'s own). Pure over a snapshot.

use app::model::{
    GraphDrawing, GraphFinding, GraphNode, GraphPageView, GraphScope, GraphView, NodeKind, Prop,
    ResourceView, Section, SectionBody, Value, download_href, node_href,
};
use time::OffsetDateTime;

use super::{Views, detail};
use crate::arm::ResourceId;
use crate::chain::{self, Scope, query::GraphQueryError};

/// Nodes above which a graph is not drawn in the page (its HTML would pass a megabyte); the
/// page asks for a narrower scope and the SVG download still holds all of it.
pub const MAX_PAGE_NODES: usize = 1_500;

/// A Graph page address, read: the scope, the same scope as a query string (without the chosen
/// node, blanks dropped), and the chosen node.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphRequest {
    /// What to draw.
    pub scope: Scope,
    /// The scope as `a=1&b=2`, for links and the download.
    pub scope_query: String,
    /// The chosen node's id (`GraphNode::id`).
    pub node: Option<String>,
}

impl GraphRequest {
    /// Reads a raw query string (`GraphScope`): the scope, and the chosen node apart from it.
    pub fn parse(raw: &str) -> Result<Self, GraphQueryError> {
        let query = GraphScope::parse(raw)?;
        Ok(Self {
            scope: chain::query::scope(&query)?,
            scope_query: query.without_node().encode(),
            node: query.node,
        })
    }
}

/// The Graph page of `raw` (a URL query string; `node` is the panel's business).
pub fn page(views: &Views, raw: &str) -> Result<GraphPageView, GraphQueryError> {
    let request = GraphRequest::parse(raw)?;
    chain::query::check_known(&request.scope, &views.snapshot)?;
    let mut view = chain::layout(&chain::build(&views.snapshot, &request.scope));
    let mut notes = std::mem::take(&mut view.notes);
    let summary = summary(views, &request.scope, &view);
    let findings = findings(&view, &request.scope_query);
    let drawing = if view.nodes.len() > MAX_PAGE_NODES {
        notes.push(format!(
            "This scope holds {} nodes, more than a page can draw legibly ({MAX_PAGE_NODES}): choose subscriptions or a state above, or download it as SVG.",
            view.nodes.len()
        ));
        GraphDrawing::TooBig {
            nodes: view.nodes.len(),
        }
    } else if view.nodes.is_empty() {
        GraphDrawing::Empty
    } else {
        GraphDrawing::Drawn(view)
    };
    Ok(GraphPageView {
        summary,
        notes,
        findings,
        download: download_href(&request.scope_query),
        scope_query: request.scope_query,
        drawing,
    })
}

/// The side panel of the node `raw` chooses (`node=`): `Ok(None)` when none is chosen or it is
/// not on this graph (any more).
pub fn panel(
    views: &Views,
    raw: &str,
    now: OffsetDateTime,
) -> Result<Option<ResourceView>, GraphQueryError> {
    let request = GraphRequest::parse(raw)?;
    chain::query::check_known(&request.scope, &views.snapshot)?;
    let Some(chosen) = request.node.as_deref() else {
        return Ok(None);
    };
    let built = chain::build(&views.snapshot, &request.scope);
    let Some(node) = built.nodes.iter().find(|n| n.key == chosen) else {
        return Ok(None);
    };
    let lines: Vec<String> = node.sublabel.iter().chain(&node.details).cloned().collect();
    let mut sections: Vec<Section> = node
        .flags
        .iter()
        .map(|flag| Section {
            heading: "Finding".into(),
            body: SectionBody::Note {
                text: flag.text().to_owned(),
                warning: true,
            },
        })
        .collect();
    let id = node.resource_id.as_ref().map(ResourceId::to_string);
    let detail = id
        .as_deref()
        .and_then(|id| detail::resource(views, id, now).ok().flatten());
    match &detail {
        Some(detail) => sections.extend(detail.sections.iter().filter_map(compact)),
        None if !lines.is_empty() => sections.push(Section {
            heading: "On the graph".into(),
            body: SectionBody::Props(vec![Prop::new(
                kind_name(node.kind),
                Value::Many(lines.into_iter().map(Value::Text).collect()),
            )]),
        }),
        None => {}
    }
    let mut links = Vec::new();
    if let (Some(id), Some(_)) = (&id, &detail) {
        links.push(Prop::new(
            "Detail page",
            Value::resource(id, "Open the detail page", Some("panel-detail-link")),
        ));
    }
    if let Some(id) = &id {
        links.push(Prop::new("Azure portal", Value::named_in_portal(id)));
    }
    if !links.is_empty() {
        sections.push(Section {
            heading: "Links".into(),
            body: SectionBody::Props(links),
        });
    }
    let summary = match (&node.state, detail.as_ref()) {
        (_, Some(detail)) => detail.summary.clone(),
        (Some(state), None) => format!("{} — {state}.", kind_name(node.kind)),
        (None, None) => format!("{}.", kind_name(node.kind)),
    };
    Ok(Some(ResourceView {
        id: id.unwrap_or_default(),
        title: node.label.clone(),
        summary,
        sections,
    }))
}

/// A detail section for the narrow panel: a connections table becomes a count, the small graph
/// goes (the panel sits beside the large one).
fn compact(section: &Section) -> Option<Section> {
    Some(match &section.body {
        SectionBody::Graph { .. } => return None,
        SectionBody::Connections(rows) => Section {
            heading: section.heading.clone(),
            body: SectionBody::Note {
                text: format!(
                    "{} connections: the detail page lists them all.",
                    rows.len()
                ),
                warning: false,
            },
        },
        _ => section.clone(),
    })
}

/// "3 services, 12 connections, 5 consumers in Contoso Platform, Pending only."
fn summary(views: &Views, scope: &Scope, view: &GraphView) -> String {
    let of = |kinds: &[NodeKind]| {
        view.nodes
            .iter()
            .filter(|n| kinds.contains(&n.kind))
            .count()
    };
    let connections: u32 = view
        .nodes
        .iter()
        .map(|n| match (&n.kind, &n.group) {
            (NodeKind::Connection, _) => 1,
            (NodeKind::Group, Some(group)) => group.count,
            _ => 0,
        })
        .sum();
    let mut text = format!(
        "{}, {}, {}, {}",
        count(of(&[NodeKind::PrivateLinkService]), "private link service"),
        count(of(&[NodeKind::PaasTarget]), "PaaS target"),
        count(connections as usize, "connection"),
        count(of(&[NodeKind::Consumer]), "consumer"),
    );
    if !scope.subscriptions.is_empty() {
        let names = views.snapshot.subscription_names();
        let chosen: Vec<String> = scope
            .subscriptions
            .iter()
            .map(|s| {
                let guid = s.subscription().to_ascii_lowercase();
                names.get(&guid).cloned().unwrap_or(guid)
            })
            .collect();
        text.push_str(&format!(" in {}", chosen.join(", ")));
    }
    if let Some(cluster) = &scope.cluster {
        text.push_str(&format!(", cluster {}", cluster.name()));
    }
    if let Some(service) = &scope.service {
        text.push_str(&format!(", service {}", service.name()));
    }
    if !scope.states.is_empty() {
        let states: Vec<String> = scope.states.iter().map(|s| s.to_string()).collect();
        text.push_str(&format!(", {} only", states.join(" or ")));
    }
    text.push('.');
    text
}

/// The flagged nodes in drawing order, each linking to the graph with it chosen. A frontend's
/// finding is told by the service it breaks (`pls-reports-legacy: frontend missing…`).
fn findings(view: &GraphView, scope_query: &str) -> Vec<GraphFinding> {
    let named = |node: &GraphNode| -> String {
        if node.kind != NodeKind::Frontend {
            return node.label.clone();
        }
        view.edges
            .iter()
            .filter(|e| e.from == node.id)
            .find_map(|e| view.nodes.iter().find(|n| n.id == e.to))
            .map_or_else(|| node.label.clone(), |service| service.label.clone())
    };
    view.nodes
        .iter()
        .filter(|node| !node.flags.is_empty())
        .flat_map(|node| {
            let name = named(node);
            node.flags.iter().map(move |flag| GraphFinding {
                text: format!("{name}: {}", flag.text()),
                node: node.id.clone(),
                href: node_href(scope_query, &node.id),
            })
        })
        .collect()
}

/// "1 private link service", "3 consumers".
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn kind_name(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Service => "Kubernetes Service",
        NodeKind::Frontend => "Load balancer frontend",
        NodeKind::PrivateLinkService => "Private link service",
        NodeKind::PaasTarget => "PaaS resource",
        NodeKind::Connection => "Connection",
        NodeKind::Group => "Group of connections",
        NodeKind::Consumer => "Consumer",
    }
}

#[cfg(test)]
mod tests;
