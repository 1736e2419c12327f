//! The SVG of the demo parses as XML, holds every node and edge, draws each state with its own
//! dash pattern, and escapes hostile text.

use app::model::{GraphEdge, GraphNode, GraphView, Lane, NodeKind};

use super::*;
use crate::graph::{Scope, build, layout};
use crate::inventory::join::tests::demo_now;
use crate::inventory::offline;

fn demo_view() -> GraphView {
    let snapshot = offline::snapshot(&emulator::estate::demo::demo(), demo_now());
    layout(&build(&snapshot, &Scope::default()))
}

#[test]
fn the_demo_renders_as_well_formed_svg_with_every_node_and_edge() {
    let view = demo_view();
    let svg = render(&view);
    let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    let nodes = doc
        .descendants()
        .filter(|n| n.attribute("class").is_some_and(|c| c.starts_with("node ")))
        .count();
    assert_eq!(nodes, view.nodes.len());
    let edges = doc
        .descendants()
        .filter(|n| n.attribute("class").is_some_and(|c| c.starts_with("edge ")))
        .count();
    assert_eq!(edges, view.edges.len());
    let text: String = doc.descendants().filter_map(|n| n.text()).collect();
    assert!(text.contains("default/super-api"));
    assert!(text.contains("myPLS"));
    assert!(
        text.contains("frontend missing"),
        "the broken chain is visible"
    );
}

#[test]
fn each_state_has_its_own_dash_pattern_so_colour_is_not_the_only_signal() {
    let dashes: std::collections::HashSet<&str> = STATES.iter().map(|(_, _, d, _)| *d).collect();
    assert_eq!(
        dashes.len(),
        STATES.len() - 1,
        "all differ but the plain edge's, which is solid like Approved only by colour"
    );
    assert_eq!(style(Some("pending")).1, "8 4");
    assert_eq!(style(Some("Timeout")).0, style(None).0);
}

#[test]
fn hostile_text_is_escaped_and_long_lines_are_cut() {
    let node = |id: &str, label: &str, x: f32| GraphNode {
        id: id.into(),
        kind: NodeKind::Connection,
        label: label.into(),
        sublabel: Some("a \"quoted\" & <b>bold</b> one".into()),
        details: vec![],
        resource_id: None,
        state: Some("Pending".into()),
        flags: vec![],
        group: None,
        x,
        y: 60.0,
        width: 220.0,
        height: 60.0,
    };
    let view = GraphView {
        lanes: vec![Lane {
            title: "Connection <3>".into(),
            x: 0.0,
            width: 220.0,
        }],
        nodes: vec![
            node(
                "a\"><script>alert(1)</script>",
                "<script>alert(1)</script>",
                0.0,
            ),
            node("b", &"x".repeat(80), 320.0),
        ],
        edges: vec![GraphEdge {
            from: "a\"><script>alert(1)</script>".into(),
            to: "b".into(),
            state: Some("Pending".into()),
        }],
        width: 600.0,
        height: 200.0,
        notes: vec![],
    };
    let svg = render(&view);
    assert!(!svg.contains("<script>"), "{svg}");
    let doc = roxmltree::Document::parse(&svg).expect("well-formed even with hostile text");
    let texts: Vec<&str> = doc.descendants().filter_map(|n| n.text()).collect();
    assert!(
        texts.contains(&"<script>alert(1)</script>"),
        "shown as text"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.ends_with('…') && t.chars().count() == LINE_CHARS)
    );
    assert!(
        svg.contains(r#"stroke-dasharray="8 4""#),
        "the pending edge is dashed"
    );
}

#[test]
fn every_line_of_a_node_fits_in_its_box() {
    let view = demo_view();
    for node in &view.nodes {
        let lines =
            1 + usize::from(node.sublabel.is_some()) + node.details.len() + node.flags.len();
        let last_baseline = node.y + 8.0 + 13.0 + (lines - 1) as f32 * 18.0;
        assert!(
            last_baseline + 4.0 <= node.y + node.height,
            "{}: {lines} lines in {} px",
            node.label,
            node.height
        );
    }
}
