//! `ChainDrawing`: a laid-out chain graph as SVG, drawn with `view!` (which escapes every text
//! from ARM) — lanes with titles, edges as curves styled by connection state, nodes as boxes of
//! wrapped lines with their flags, and a legend. Styling is in presentation attributes, not a
//! `<style>` block, so the same drawing works embedded in a page (whose CSS themes it) and as a
//! standalone download (`svg_document`) served under a strict CSP. With `links`, each node is a
//! link to the Graph page with it chosen (an accessible name, keyboard-navigable, no JavaScript
//! needed); without, a focusable group. A server component: the browser never draws it.

use std::collections::HashMap;

use leptos::prelude::*;

use crate::model::{GraphEdge, GraphNode, GraphView, LineRole, baseline, expand_href, node_href};

mod style;

use style::{
    BORDER, FLAG, MUTED, STATES, TEXT, edge_class, edge_style, fill, kind_class, legend_class,
};

/// Height of the legend under the drawing.
pub const LEGEND_HEIGHT: f32 = 40.0;
const FONT: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";
/// The SVG namespace, which a standalone file needs.
const SVG_NS: &str = "http://www.w3.org/2000/svg";

/// The drawing of `graph`; nodes link to the Graph page of the scope `links` (a URL query
/// without `?`) when given; node `selected` is marked.
#[component]
pub fn ChainDrawing(
    /// The laid-out graph.
    graph: GraphView,
    /// The scope whose Graph page the nodes link to; `None` for a drawing without links.
    #[prop(optional, into)]
    links: Option<String>,
    /// The chosen node's id.
    #[prop(optional_no_strip)]
    selected: Option<String>,
) -> impl IntoView {
    let width = graph.width.max(1.0);
    let height = graph.height + LEGEND_HEIGHT;
    let role = if links.is_some() { "group" } else { "img" };
    let title = format!(
        "Chain graph: {} nodes, {} edges",
        graph.nodes.len(),
        graph.edges.len()
    );
    let lanes = graph
        .lanes
        .iter()
        .map(|lane| {
            view! {
                <text class="lane-title" x=lane.x y="28" font-weight="600" font-size="13" fill=TEXT>
                    {lane.title.clone()}
                </text>
            }
        })
        .collect_view();
    let edges = edges(&graph);
    let nodes = graph
        .nodes
        .iter()
        .map(|node| {
            let chosen = selected.as_deref() == Some(node.id.as_str());
            node_view(node, links.as_deref(), chosen)
        })
        .collect_view();
    view! {
        <svg xmlns=SVG_NS class="chain-graph" viewBox=format!("0 0 {width} {height}") width=width height=height role=role aria-labelledby="chain-graph-title" font-family=FONT font-size="12">
            <title id="chain-graph-title">{title}</title>
            <rect class="background" x="0" y="0" width="100%" height="100%" fill="#ffffff"></rect>
            {lanes}
            <g class="edges" fill="none" stroke-width="1.5">{edges}</g>
            <g class="nodes">{nodes}</g>
            {legend(graph.height)}
        </svg>
    }
}

/// `graph` as a standalone SVG document (the download): the drawing without links, its
/// server-rendering markers (`<!>`, HTML comments that XML does not know) removed — every `<`
/// of a text is escaped, so no other `<!>` can occur.
#[cfg(feature = "ssr")]
pub fn svg_document(graph: GraphView) -> String {
    view! { <ChainDrawing graph /> }
        .to_html()
        .replace("<!>", "")
}

fn edges(graph: &GraphView) -> impl IntoView + use<> {
    let index: HashMap<&str, &GraphNode> = graph.nodes.iter().map(|n| (n.id.as_str(), n)).collect();
    graph
        .edges
        .iter()
        .filter_map(|edge| {
            let (from, to) = (index.get(edge.from.as_str())?, index.get(edge.to.as_str())?);
            Some(edge_view(edge, from, to))
        })
        .collect_view()
}

/// An edge: a curve from the right side of `from` to the left side of `to`.
fn edge_view(edge: &GraphEdge, from: &GraphNode, to: &GraphNode) -> impl IntoView + use<> {
    let (x1, y1) = (from.x + from.width, from.y + from.height / 2.0);
    let (x2, y2) = (to.x, to.y + to.height / 2.0);
    let bend = (x2 - x1) / 2.0;
    let d = format!(
        "M{x1} {y1} C{} {y1} {} {y2} {x2} {y2}",
        x1 + bend,
        x2 - bend
    );
    let style = edge_style(edge.state.as_deref());
    view! {
        <path class=edge_class(edge.state.as_deref()) data-from=edge.from.clone() data-to=edge.to.clone() d=d stroke=style.colour stroke-width=style.width stroke-dasharray=style.dash></path>
    }
}

/// Where a node leads: a group expands in place (its connections one by one), any other node
/// is chosen (the side panel).
fn node_link(scope_query: &str, node: &GraphNode) -> String {
    match &node.group {
        Some(group) => expand_href(scope_query, &group.key),
        None => node_href(scope_query, &node.id),
    }
}

/// A node: a link (or a focusable group) named by its lines, holding its tooltip, box and lines.
fn node_view(node: &GraphNode, links: Option<&str>, selected: bool) -> AnyView {
    let flagged = !node.flags.is_empty();
    let class = format!(
        "node {}{}{}",
        kind_class(node.kind),
        if flagged { " flagged" } else { "" },
        if selected { " selected" } else { "" }
    );
    let full = node.full_lines();
    let mut name = full.join(", ");
    if node.group.is_some() && links.is_some() {
        name.push_str(", activate to show them one by one");
    }
    let body = node_body(node, full.join("\n"));
    match links {
        Some(scope) => view! {
            <a class=class data-id=node.id.clone() href=node_link(scope, node) aria-label=name>{body}</a>
        }
        .into_any(),
        None => view! {
            <g class=class data-id=node.id.clone() tabindex="0" aria-label=name>{body}</g>
        }
        .into_any(),
    }
}

fn node_body(node: &GraphNode, tooltip: String) -> impl IntoView + use<> {
    let (stroke, stroke_width) = if node.flags.is_empty() {
        (BORDER, 1.0)
    } else {
        (FLAG, 2.0)
    };
    let x = node.x + 8.0;
    let lines = node
        .lines()
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            let (class, weight, colour) = match line.role {
                LineRole::Label => ("node-label", Some("600"), TEXT),
                LineRole::Detail => ("node-detail", None, MUTED),
                LineRole::Flag => ("node-flag", None, FLAG),
            };
            view! {
                <text class=class x=x y=baseline(node.y, i) font-weight=weight fill=colour>{line.text}</text>
            }
        })
        .collect_view();
    view! {
        <title>{tooltip}</title>
        <rect x=node.x y=node.y width=node.width height=node.height rx="6" fill=fill(node.kind) stroke=stroke stroke-width=stroke_width></rect>
        {lines}
    }
}

/// The legend under a drawing `top` high: one sample line and its words per state.
fn legend(top: f32) -> impl IntoView {
    let y = top + 16.0;
    let items = STATES
        .iter()
        .enumerate()
        .map(|(i, style)| {
            let x = 24.0 + i as f32 * 190.0;
            view! {
                <line class=legend_class(style) x1=x y1=y x2=x + 36.0 y2=y stroke=style.colour stroke-width=style.width stroke-dasharray=style.dash></line>
                <text x=x + 42.0 y=y + 4.0 fill=TEXT>{style.legend}</text>
            }
        })
        .collect_view();
    view! { <g class="legend" font-size="11">{items}</g> }
}

#[cfg(all(test, feature = "ssr"))]
mod tests;
