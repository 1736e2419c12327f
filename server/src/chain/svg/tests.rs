//! The SVG of the demo parses as XML, holds every node and edge, draws each state with its own
//! dash pattern, and escapes hostile text.

use app::model::{GraphEdge, GraphNode, GraphView, Lane, NodeKind};

use super::*;
use crate::chain::{Scope, build, layout};
use crate::inventory::join::tests::demo_now;
use crate::inventory::offline;

fn demo_view() -> GraphView {
    let snapshot = offline::snapshot(&emulator::estate::demo::demo(), demo_now());
    layout(&build(&snapshot, &Scope::default()))
}

/// A connection node at `x` with a hostile sublabel.
fn node(id: &str, label: &str, x: f32) -> GraphNode {
    GraphNode {
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
    }
}

/// How many elements of `doc` have exactly the class `class`.
fn with_class(doc: &roxmltree::Document, class: &str) -> usize {
    doc.descendants()
        .filter(|n| n.attribute("class") == Some(class))
        .count()
}

#[test]
fn the_demo_renders_as_well_formed_svg_with_every_node_and_edge() {
    let svg = render(&demo_view());
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
    assert_eq!(nodes, 32, "the demo's nodes");
    let edges = doc
        .descendants()
        .filter(|n| n.attribute("class").is_some_and(|c| c.starts_with("edge ")))
        .count();
    assert_eq!(edges, 28, "the demo's edges");
    let by_state: Vec<usize> = ["approved", "pending", "rejected", "disconnected", "plain"]
        .iter()
        .map(|s| with_class(&doc, &format!("edge edge-{s}")))
        .collect();
    assert_eq!(by_state, [10, 8, 2, 2, 6], "edges by state");
    assert_eq!(
        with_class(&doc, "node node-frontend flagged"),
        1,
        "the missing frontend"
    );
    let text: String = doc.descendants().filter_map(|n| n.text()).collect();
    assert!(text.contains("Chain graph: 32 nodes, 28 edges"));
    assert!(text.contains("default/super-api"));
    assert!(text.contains("myPLS"));
    assert!(
        text.contains("frontend missing"),
        "the broken chain is visible"
    );
}

#[test]
fn each_state_has_its_own_dash_pattern_so_colour_is_not_the_only_signal() {
    let states = [
        Some("Approved"),
        Some("pending"),
        Some("Rejected"),
        Some("Disconnected"),
        None,
        Some("Timeout"),
    ];
    let mut nodes = vec![node("from", "from", 0.0)];
    let mut edges = Vec::new();
    for (i, state) in states.iter().enumerate() {
        let to = format!("to-{i}");
        nodes.push(node(&to, &to, 320.0));
        edges.push(GraphEdge {
            from: "from".into(),
            to,
            state: state.map(str::to_owned),
        });
    }
    let view = GraphView {
        lanes: vec![],
        nodes,
        edges,
        width: 600.0,
        height: 200.0,
        notes: vec![],
    };
    let svg = render(&view);
    let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
    let drawn: Vec<(&str, &str, Option<&str>, Option<&str>)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("path"))
        .map(|n| {
            (
                n.attribute("class").unwrap(),
                n.attribute("stroke").unwrap(),
                n.attribute("stroke-dasharray"),
                n.attribute("stroke-width"),
            )
        })
        .collect();
    assert_eq!(
        drawn,
        [
            ("edge edge-approved", "#1a7f37", None, Some("3")),
            ("edge edge-pending", "#9a6700", Some("8 4"), None),
            ("edge edge-rejected", "#cf222e", Some("2 4"), None),
            ("edge edge-disconnected", "#6e7781", Some("12 4 2 4"), None),
            ("edge edge-plain", "#57606a", None, None),
            ("edge edge-timeout", "#57606a", None, None),
        ],
        "an unknown state is drawn like a structural edge"
    );
    let legend: Vec<(&str, Option<&str>, &str)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("line"))
        .map(|n| {
            (
                n.attribute("class").unwrap(),
                n.attribute("stroke-dasharray"),
                n.attribute("stroke-width").unwrap(),
            )
        })
        .collect();
    assert_eq!(
        legend,
        [
            ("legend-Approved", None, "3"),
            ("legend-Pending", Some("8 4"), "1.5"),
            ("legend-Rejected", Some("2 4"), "1.5"),
            ("legend-Disconnected", Some("12 4 2 4"), "1.5"),
            ("legend-other", None, "1.5"),
        ]
    );
}

#[test]
fn hostile_text_is_escaped_and_long_lines_are_cut() {
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
    assert!(texts.contains(&"Connection <3>"), "{texts:?}");
    assert!(
        texts.contains(&"a \"quoted\" & <b>bold</b> one"),
        "{texts:?}"
    );
    let cut = format!("{}…", "x".repeat(29));
    assert!(
        texts.contains(&cut.as_str()),
        "cut at 30 characters: {texts:?}"
    );
    let ids: Vec<&str> = doc
        .descendants()
        .filter_map(|n| n.attribute("data-id"))
        .collect();
    assert_eq!(
        ids,
        ["a\"><script>alert(1)</script>", "b"],
        "ids round-trip"
    );
    assert!(
        svg.contains(r#"stroke-dasharray="8 4""#),
        "the pending edge is dashed"
    );
}

#[test]
fn every_line_of_a_node_fits_in_its_box() {
    let svg = render(&demo_view());
    let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
    let number =
        |n: roxmltree::Node, name: &str| -> f32 { n.attribute(name).unwrap().parse().unwrap() };
    let boxes: Vec<_> = doc
        .descendants()
        .filter(|n| n.attribute("class").is_some_and(|c| c.starts_with("node ")))
        .collect();
    assert_eq!(boxes.len(), 32, "the demo's nodes");
    let mut most_lines = 0;
    for node in boxes {
        let rect = node
            .children()
            .find(|c| c.has_tag_name("rect"))
            .expect("a box");
        let bottom = number(rect, "y") + number(rect, "height");
        let baselines: Vec<f32> = node
            .children()
            .filter(|c| c.has_tag_name("text"))
            .map(|t| number(t, "y"))
            .collect();
        most_lines = most_lines.max(baselines.len());
        let last = baselines.iter().copied().fold(f32::MIN, f32::max);
        assert!(
            last + 4.0 <= bottom,
            "{:?}: {} lines, the last at {last} in a box ending at {bottom}",
            node.attribute("data-id"),
            baselines.len()
        );
    }
    assert!(most_lines >= 4, "some node has several lines: {most_lines}");
}
