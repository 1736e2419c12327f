//! How the drawing looks when nothing else styles it (the SVG download; the page's CSS themes
//! it): colours, dash patterns and classes by connection state and node kind. Edges differ by
//! dash pattern *and* colour, so colour is never the only signal.

use crate::model::NodeKind;

/// Text of titles, labels and the legend.
pub const TEXT: &str = "#1b1f24";
/// Text of details.
pub const MUTED: &str = "#57606a";
/// Flags, and the border of a flagged node.
pub const FLAG: &str = "#cf222e";
/// The border of a node.
pub const BORDER: &str = "#d0d7de";

/// How an edge of a state is drawn, and what the legend says of it.
pub struct EdgeStyle {
    /// The state, as Azure spells it; empty for a structural edge.
    pub state: &'static str,
    /// Stroke colour.
    pub colour: &'static str,
    /// Dash pattern, if not solid.
    pub dash: Option<&'static str>,
    /// Stroke width.
    pub width: f32,
    /// The legend's words.
    pub legend: &'static str,
}

/// Every state's style, in legend order; the last is for structural edges (Service → frontend
/// → PLS) and for states without a style of their own. Approved and structural edges are both
/// solid, but of different widths and in different lanes.
pub const STATES: [EdgeStyle; 5] = [
    EdgeStyle {
        state: "Approved",
        colour: "#1a7f37",
        dash: None,
        width: 3.0,
        legend: "Approved (solid, thick)",
    },
    EdgeStyle {
        state: "Pending",
        colour: "#9a6700",
        dash: Some("8 4"),
        width: 1.5,
        legend: "Pending (dashed)",
    },
    EdgeStyle {
        state: "Rejected",
        colour: "#cf222e",
        dash: Some("2 4"),
        width: 1.5,
        legend: "Rejected (dotted)",
    },
    EdgeStyle {
        state: "Disconnected",
        colour: "#6e7781",
        dash: Some("12 4 2 4"),
        width: 1.5,
        legend: "Disconnected (dash-dot)",
    },
    EdgeStyle {
        state: "",
        colour: "#57606a",
        dash: None,
        width: 1.5,
        legend: "Structure (thin)",
    },
];

/// The style of an edge in `state` (any case); structural for none or an unknown one.
pub fn edge_style(state: Option<&str>) -> &'static EdgeStyle {
    let state = state.unwrap_or_default();
    STATES
        .iter()
        .find(|s| !s.state.is_empty() && s.state.eq_ignore_ascii_case(state))
        .unwrap_or(&STATES[STATES.len() - 1])
}

/// The class of an edge in `state`: `edge-pending`, or `edge-plain` without one. Only ASCII
/// letters and digits of the state are kept, so it is one class whatever Azure says.
pub fn edge_class(state: Option<&str>) -> String {
    let name: String = state
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if name.is_empty() {
        "edge edge-plain".to_owned()
    } else {
        format!("edge edge-{name}")
    }
}

/// The class of a legend line.
pub fn legend_class(style: &EdgeStyle) -> String {
    if style.state.is_empty() {
        "legend-other".to_owned()
    } else {
        format!("legend-{}", style.state)
    }
}

/// The class of a node of `kind`.
pub fn kind_class(kind: NodeKind) -> &'static str {
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

/// The fill of a node of `kind`.
pub fn fill(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Service => "#eef6ff",
        NodeKind::Frontend => "#f1f8f4",
        NodeKind::PrivateLinkService | NodeKind::PaasTarget => "#fff8e6",
        NodeKind::Connection | NodeKind::Group => "#f6f7f9",
        NodeKind::Consumer => "#f5f0ff",
    }
}
