//! The Graph page's data: the scoped chain graph with what it holds, its findings and the SVG
//! download (`page`, drawn as one piece of markup by `GraphPage::html`), and the side panel of
//! the chosen node (`panel`, which borrows the node's detail page from `detail`; the small graph
//! on a detail page is `detail`'s own). Pure over a snapshot. The figure is markup rather than
//! wire data on purpose: the browser inserts it as it is, so drawing more costs the wasm bundle
//! nothing.

use std::fmt::Write;

use app::model::{GraphNode, GraphView, NodeKind, Prop, ResourceView, Section, SectionBody, Value};
use time::OffsetDateTime;

use super::{Views, detail};
use crate::arm::ResourceId;
use crate::chain::{self, Scope, query::GraphQueryError, svg, svg::escape};

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
    /// Reads a raw query string: the graph's scope parameters (`chain::query`) plus `node`.
    pub fn parse(raw: &str) -> Result<Self, GraphQueryError> {
        let mut node = None;
        let mut scope_query = url::form_urlencoded::Serializer::new(String::new());
        for (key, value) in url::form_urlencoded::parse(raw.as_bytes()) {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            if key == "node" {
                node = Some(value.to_owned());
            } else {
                scope_query.append_pair(&key, value);
            }
        }
        let scope_query = scope_query.finish();
        Ok(Self {
            scope: chain::query::parse(&scope_query)?,
            scope_query,
            node,
        })
    }
}

/// What the Graph page shows for a scope.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphPage {
    /// How many nodes the graph holds (drawn or not).
    pub nodes: usize,
    /// One sentence: what the graph holds, of what scope.
    pub summary: String,
    /// What the reader should know (unreadable subscriptions, a graph too large to draw).
    pub notes: Vec<String>,
    /// The flagged nodes: what to notice, and the graph with that node chosen.
    pub findings: Vec<(String, String)>,
    /// The same scope as an SVG download.
    pub download: String,
    /// The drawing with linked nodes; empty when there is nothing to draw or too much.
    pub svg: String,
}

impl GraphPage {
    /// The figure's markup: summary and download link, notes, findings, zoom tools (hidden until
    /// the browser code shows them) and the drawing in its canvas. Every text is escaped.
    pub fn html(&self) -> String {
        let mut out = String::with_capacity(self.svg.len() + 2048);
        let _ = write!(
            out,
            r#"<div class="graph-head"><p class="graph-summary" data-testid="graph-summary">{}</p><a class="button-link" href="{}" download="link-center-graph.svg" rel="external" data-testid="graph-download">Download SVG</a></div>"#,
            escape(&self.summary),
            escape(&self.download)
        );
        for note in &self.notes {
            let _ = write!(
                out,
                r#"<p class="warning-panel" data-testid="graph-note">{}</p>"#,
                escape(note)
            );
        }
        if !self.findings.is_empty() {
            out.push_str(r#"<section class="graph-findings" data-testid="graph-findings"><h2>Findings on this graph</h2><ul>"#);
            for (text, href) in &self.findings {
                let _ = write!(
                    out,
                    r#"<li><a href="{}">{}</a></li>"#,
                    escape(href),
                    escape(text)
                );
            }
            out.push_str("</ul></section>");
        }
        if self.nodes == 0 {
            out.push_str(r#"<div class="empty-state" data-testid="graph-empty"><h2>Nothing to draw</h2><p>No private link service or private endpoint is in this scope.</p></div>"#);
        } else if !self.svg.is_empty() {
            out.push_str(ZOOM_TOOLS);
            let _ = write!(
                out,
                r#"<div class="graph-canvas" data-testid="graph-canvas">{}</div>"#,
                self.svg
            );
        }
        out
    }
}

/// The zoom tools, `hidden` until the browser code that runs them shows them.
const ZOOM_TOOLS: &str = r#"<div class="graph-zoom" role="group" aria-label="Zoom" data-zoom-tools="" hidden="hidden"><button type="button" data-zoom="out" aria-label="Zoom out" data-testid="zoom-out">−</button><span class="graph-zoom-level" data-zoom-level="" data-testid="zoom-level">100 %</span><button type="button" data-zoom="in" aria-label="Zoom in" data-testid="zoom-in">+</button><button type="button" data-zoom="reset">100 %</button><button type="button" data-zoom="fit">Fit</button><span class="muted">Hover or focus a node to light its chain; drag to pan; + − 0 zoom.</span></div>"#;

/// The Graph page of `raw` (a URL query string).
pub fn page(views: &Views, raw: &str) -> Result<GraphPage, GraphQueryError> {
    let request = GraphRequest::parse(raw)?;
    chain::query::check_known(&request.scope, &views.snapshot)?;
    let view = chain::layout(&chain::build(&views.snapshot, &request.scope));
    let mut notes = view.notes.clone();
    let svg = if view.nodes.len() > MAX_PAGE_NODES {
        notes.push(format!(
            "This scope holds {} nodes, more than a page can draw legibly ({MAX_PAGE_NODES}): choose subscriptions or a state above, or download it as SVG.",
            view.nodes.len()
        ));
        String::new()
    } else if view.nodes.is_empty() {
        String::new()
    } else {
        svg::render_linked(&view, &request.scope_query)
    };
    Ok(GraphPage {
        nodes: view.nodes.len(),
        summary: summary(views, &request.scope, &view),
        notes,
        findings: findings(&view, &request.scope_query),
        download: if request.scope_query.is_empty() {
            "/export/graph.svg".to_owned()
        } else {
            format!("/export/graph.svg?{}", request.scope_query)
        },
        svg,
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
                text: svg::flag_text(*flag).to_owned(),
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
        SectionBody::Graph(_) => return None,
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
fn findings(view: &GraphView, scope_query: &str) -> Vec<(String, String)> {
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
            node.flags.iter().map(move |flag| {
                (
                    format!("{name}: {}", svg::flag_text(*flag)),
                    svg::node_href(scope_query, &node.id),
                )
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
