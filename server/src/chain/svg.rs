//! `render`: a laid-out graph as a standalone SVG document — lanes with titles, edges drawn as
//! curves styled by connection state (colour *and* dash pattern, so colour is never the only
//! signal), nodes as labelled boxes with their flags, and a legend. Styling is in presentation
//! attributes, not a `<style>` block, so the file looks the same opened alone, embedded in a
//! page, or served under a strict CSP. Every text from ARM is escaped. Pure.
//!
//! `render_linked`: the same drawing for a page, each node a link (`/graph?{scope}&node={id}`)
//! with an accessible name, so it is keyboard-navigable and works without JavaScript.

use std::fmt::Write;

use app::model::{GraphNode, GraphView, NodeFlag, NodeKind};

/// Height of the legend under the drawing.
pub const LEGEND_HEIGHT: f32 = 40.0;
/// Characters of a node line before it is cut with `…` (the full text is in its tooltip).
const LINE_CHARS: usize = 30;
const FONT: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";

/// How an edge in each state is drawn: colour, dash pattern, legend text. Approved and the
/// structural edges (Service → frontend → PLS) are both solid, but in different lanes and of
/// different widths (`APPROVED_WIDTH`).
const STATES: [(&str, &str, &str, &str); 5] = [
    ("Approved", "#1a7f37", "", "Approved (solid, thick)"),
    ("Pending", "#9a6700", "8 4", "Pending (dashed)"),
    ("Rejected", "#cf222e", "2 4", "Rejected (dotted)"),
    (
        "Disconnected",
        "#6e7781",
        "12 4 2 4",
        "Disconnected (dash-dot)",
    ),
    ("", "#57606a", "", "Structure (thin)"),
];
/// Stroke width of an Approved edge; others are 1.5.
const APPROVED_WIDTH: f32 = 3.0;

/// The SVG document of `view`.
pub fn render(view: &GraphView) -> String {
    draw(view, None)
}

/// The drawing of `view` for a page: each node links to the Graph page of `scope_query` (a
/// URL query without `?`) with that node chosen.
pub fn render_linked(view: &GraphView, scope_query: &str) -> String {
    draw(view, Some(scope_query))
}

/// Where a node of the drawing leads: a group expands in place (its connections one by one),
/// any other node is chosen (the side panel).
fn node_link(scope_query: &str, node: &GraphNode) -> String {
    match &node.group {
        Some(group) => {
            let key = encode(&group.key);
            if scope_query.is_empty() {
                format!("/graph?expand={key}")
            } else {
                format!("/graph?{scope_query}&expand={key}")
            }
        }
        None => node_href(scope_query, &node.id),
    }
}

/// The link of a node: the Graph page of `scope_query` with `node` chosen.
pub fn node_href(scope_query: &str, node: &str) -> String {
    let node = encode(node);
    if scope_query.is_empty() {
        format!("/graph?node={node}")
    } else {
        format!("/graph?{scope_query}&node={node}")
    }
}

fn draw(view: &GraphView, links: Option<&str>) -> String {
    let width = view.width.max(1.0);
    let height = view.height + LEGEND_HEIGHT;
    let mut out = String::with_capacity(512 + view.nodes.len() * 600 + view.edges.len() * 200);
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chain-graph" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="{}" aria-labelledby="chain-graph-title" font-family="{FONT}" font-size="12">"#,
        if links.is_some() { "group" } else { "img" }
    );
    let _ = write!(
        out,
        r#"<title id="chain-graph-title">Chain graph: {} nodes, {} edges</title>"#,
        view.nodes.len(),
        view.edges.len()
    );
    out.push_str(
        r##"<rect class="background" x="0" y="0" width="100%" height="100%" fill="#ffffff"/>"##,
    );
    for lane in &view.lanes {
        let _ = write!(
            out,
            r##"<text class="lane-title" x="{}" y="28" font-weight="600" font-size="13" fill="#1b1f24">{}</text>"##,
            lane.x,
            escape(&lane.title)
        );
    }
    edges(&mut out, view);
    out.push_str(r#"<g class="nodes">"#);
    for node in &view.nodes {
        node_group(&mut out, node, links);
    }
    out.push_str("</g>");
    legend(&mut out, view.height);
    out.push_str("</svg>");
    out
}

fn edges(out: &mut String, view: &GraphView) {
    let index: std::collections::HashMap<&str, &GraphNode> =
        view.nodes.iter().map(|n| (n.id.as_str(), n)).collect();
    out.push_str(r#"<g class="edges" fill="none" stroke-width="1.5">"#);
    for edge in &view.edges {
        let (Some(from), Some(to)) = (index.get(edge.from.as_str()), index.get(edge.to.as_str()))
        else {
            continue;
        };
        let (x1, y1) = (from.x + from.width, from.y + from.height / 2.0);
        let (x2, y2) = (to.x, to.y + to.height / 2.0);
        let bend = (x2 - x1) / 2.0;
        let (colour, dash, _) = style(edge.state.as_deref());
        let mut dash = if dash.is_empty() {
            String::new()
        } else {
            format!(r#" stroke-dasharray="{dash}""#)
        };
        if edge
            .state
            .as_deref()
            .is_some_and(|s| s.eq_ignore_ascii_case("Approved"))
        {
            dash = format!(r#" stroke-width="{APPROVED_WIDTH}""#);
        }
        let _ = write!(
            out,
            r#"<path class="edge {}" data-from="{}" data-to="{}" d="M{x1} {y1} C{} {y1} {} {y2} {x2} {y2}" stroke="{colour}"{dash}/>"#,
            state_class(edge.state.as_deref()),
            escape(&edge.from),
            escape(&edge.to),
            x1 + bend,
            x2 - bend,
        );
    }
    out.push_str("</g>");
}

fn node_group(out: &mut String, node: &GraphNode, links: Option<&str>) {
    let flagged = !node.flags.is_empty();
    let (stroke, stroke_width) = if flagged {
        ("#cf222e", 2.0)
    } else {
        ("#d0d7de", 1.0)
    };
    let kind = kind_class(node.kind);
    let mut lines: Vec<String> = vec![node.label.clone()];
    lines.extend(node.sublabel.clone());
    lines.extend(node.details.iter().cloned());
    lines.extend(node.flags.iter().map(|f| format!("⚠ {}", flag_text(*f))));
    let tooltip = lines.join("\n");
    let flagged_class = if flagged { " flagged" } else { "" };
    let mut name = tooltip.replace('\n', ", ");
    if node.group.is_some() && links.is_some() {
        name.push_str(", activate to show them one by one");
    }
    let (id, name) = (escape(&node.id), escape(&name));
    let _ = match links {
        Some(scope) => write!(
            out,
            r#"<a class="node {kind}{flagged_class}" data-id="{id}" href="{}" aria-label="{name}">"#,
            escape(&node_link(scope, node))
        ),
        None => write!(
            out,
            r#"<g class="node {kind}{flagged_class}" data-id="{id}" tabindex="0" aria-label="{name}">"#
        ),
    };
    let _ = write!(out, "<title>{}</title>", escape(&tooltip));
    let _ = write!(
        out,
        r##"<rect x="{}" y="{}" width="{}" height="{}" rx="6" fill="{}" stroke="{stroke}" stroke-width="{stroke_width}"/>"##,
        node.x,
        node.y,
        node.width,
        node.height,
        fill(node.kind)
    );
    for (i, line) in lines.iter().enumerate() {
        let (weight, colour) = match i {
            0 => (r#" font-weight="600""#, "#1b1f24"),
            _ if line.starts_with('⚠') => ("", "#cf222e"),
            _ => ("", "#57606a"),
        };
        let _ = write!(
            out,
            r#"<text x="{}" y="{}"{weight} fill="{colour}">{}</text>"#,
            node.x + 8.0,
            node.y + 8.0 + 13.0 + i as f32 * 18.0,
            escape(&cut(line))
        );
    }
    out.push_str(if links.is_some() { "</a>" } else { "</g>" });
}

fn legend(out: &mut String, top: f32) {
    let y = top + 16.0;
    let _ = write!(out, r#"<g class="legend" font-size="11">"#);
    for (i, (state, colour, dash, text)) in STATES.iter().enumerate() {
        let x = 24.0 + i as f32 * 190.0;
        let dash = if dash.is_empty() {
            String::new()
        } else {
            format!(r#" stroke-dasharray="{dash}""#)
        };
        let width = if *state == "Approved" {
            APPROVED_WIDTH
        } else {
            1.5
        };
        let _ = write!(
            out,
            r##"<line class="legend-{}" x1="{x}" y1="{y}" x2="{}" y2="{y}" stroke="{colour}" stroke-width="{width}"{dash}/><text x="{}" y="{}" fill="#1b1f24">{text}</text>"##,
            if state.is_empty() { "other" } else { state },
            x + 36.0,
            x + 42.0,
            y + 4.0
        );
    }
    out.push_str("</g>");
}

/// Colour, dash pattern and legend text of an edge in `state`.
fn style(state: Option<&str>) -> (&'static str, &'static str, &'static str) {
    let state = state.unwrap_or_default();
    STATES
        .iter()
        .find(|(s, ..)| !s.is_empty() && s.eq_ignore_ascii_case(state))
        .or(STATES.last())
        .map_or(("#57606a", "", ""), |(_, colour, dash, text)| {
            (colour, dash, text)
        })
}

fn state_class(state: Option<&str>) -> String {
    match state {
        Some(s) if !s.is_empty() => format!("edge-{}", s.to_ascii_lowercase()),
        _ => "edge-plain".to_owned(),
    }
}

fn kind_class(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Service => "node-service",
        NodeKind::Frontend => "node-frontend",
        NodeKind::PrivateLinkService => "node-pls",
        NodeKind::PaasTarget => "node-paas",
        NodeKind::Connection => "node-connection",
        NodeKind::Group => "node-group",
        NodeKind::Consumer => "node-consumer",
    }
}

fn fill(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Service => "#eef6ff",
        NodeKind::Frontend => "#f1f8f4",
        NodeKind::PrivateLinkService | NodeKind::PaasTarget => "#fff8e6",
        NodeKind::Connection | NodeKind::Group => "#f6f7f9",
        NodeKind::Consumer => "#f5f0ff",
    }
}

/// What a flag says, in a few words.
pub fn flag_text(flag: NodeFlag) -> &'static str {
    match flag {
        NodeFlag::MissingFrontend => "frontend missing: chain broken",
        NodeFlag::FrontendNotVisible => "frontend not readable",
        NodeFlag::NoFrontend => "no frontend",
        NodeFlag::NearLimit => "near the 1,000-connection limit",
        NodeFlag::FrontDoorPending => "Front Door waits for approval",
        NodeFlag::Unreadable => "subscription not readable",
    }
}

/// A line cut to `LINE_CHARS` characters with `…`.
fn cut(line: &str) -> String {
    if line.chars().count() <= LINE_CHARS {
        line.to_owned()
    } else {
        let mut cut: String = line.chars().take(LINE_CHARS - 1).collect();
        cut.push('…');
        cut
    }
}

/// `text` percent-encoded for a URL query value (the pages' own encoder).
pub use app::components::query::encode;

/// Text safe in SVG content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests;
