//! The drawing as a user or a viewer of the download meets it: a well-formed standalone SVG,
//! each state drawn with its own dash pattern, hostile text shown as text, long labels wrapped
//! inside their box, and nodes that link to themselves chosen.

use leptos::prelude::*;

use super::*;
use crate::model::{GraphEdge, GraphNode, GraphView, GroupInfo, Lane, NodeFlag, NodeKind};

/// A node at `x` with a hostile sublabel.
fn node(id: &str, label: &str, x: f32) -> GraphNode {
    GraphNode {
        id: id.into(),
        kind: NodeKind::Connection,
        label: label.into(),
        sublabel: Some("\"q\" & <b>bold</b>".into()),
        details: vec![],
        resource_id: None,
        state: Some("Pending".into()),
        flags: vec![],
        group: None,
        x,
        y: 60.0,
        width: 176.0,
        height: 88.0,
    }
}

fn graph(nodes: Vec<GraphNode>, edges: Vec<GraphEdge>) -> GraphView {
    GraphView {
        lanes: vec![Lane {
            title: "Connection <3>".into(),
            x: 12.0,
            width: 176.0,
        }],
        nodes,
        edges,
        width: 600.0,
        height: 200.0,
        notes: vec![],
    }
}

fn edge(from: &str, to: &str, state: Option<&str>) -> GraphEdge {
    GraphEdge {
        from: from.into(),
        to: to.into(),
        state: state.map(str::to_owned),
    }
}

/// The page's drawing of `graph`, linked to the Graph page of `scope`, as markup.
fn linked(graph: GraphView, scope: &str, selected: Option<&str>) -> String {
    let selected = selected.map(str::to_owned);
    view! { <ChainDrawing graph links=scope.to_owned() selected /> }
        .to_html()
        .replace("<!>", "")
}

#[test]
fn the_download_is_a_standalone_svg_document_without_style_or_markers() {
    let view = graph(
        vec![node("from", "from", 12.0), node("to", "to", 232.0)],
        vec![edge("from", "to", Some("Approved"))],
    );
    let svg = svg_document(view);
    assert!(
        svg.starts_with(r#"<svg xmlns="http://www.w3.org/2000/svg" "#),
        "{svg}"
    );
    assert!(!svg.contains("<style") && !svg.contains("<!"), "{svg}");
    let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    assert_eq!(
        root.attribute("viewBox"),
        Some("0 0 600 240"),
        "legend below"
    );
    assert_eq!(root.attribute("role"), Some("img"));
    let title = root.children().find(|n| n.has_tag_name("title")).unwrap();
    assert_eq!(title.text(), Some("Chain graph: 2 nodes, 1 edges"));
    let nodes: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("g") && n.attribute("data-id").is_some())
        .map(|n| (n.attribute("class").unwrap(), n.attribute("tabindex")))
        .collect();
    assert_eq!(
        nodes,
        [
            ("node node-connection", Some("0")),
            ("node node-connection", Some("0"))
        ],
        "unlinked nodes are focusable groups"
    );
    assert_eq!(doc.descendants().filter(|n| n.has_tag_name("a")).count(), 0);
}

#[test]
fn each_state_has_its_own_dash_pattern_so_colour_is_not_the_only_signal() {
    let states = [
        Some("Approved"),
        Some("pending"),
        Some("Rejected"),
        Some("Disconnected"),
        None,
        Some("Time out"),
    ];
    let mut nodes = vec![node("from", "from", 12.0)];
    let mut edges = Vec::new();
    for (i, state) in states.iter().enumerate() {
        let to = format!("to-{i}");
        nodes.push(node(&to, &to, 232.0));
        edges.push(edge("from", &to, *state));
    }
    let svg = svg_document(graph(nodes, edges));
    let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
    let drawn: Vec<(&str, &str, Option<&str>, &str)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("path"))
        .map(|n| {
            (
                n.attribute("class").unwrap(),
                n.attribute("stroke").unwrap(),
                n.attribute("stroke-dasharray"),
                n.attribute("stroke-width").unwrap(),
            )
        })
        .collect();
    assert_eq!(
        drawn,
        [
            ("edge edge-approved", "#1a7f37", None, "3"),
            ("edge edge-pending", "#9a6700", Some("8 4"), "1.5"),
            ("edge edge-rejected", "#cf222e", Some("2 4"), "1.5"),
            ("edge edge-disconnected", "#6e7781", Some("12 4 2 4"), "1.5"),
            ("edge edge-plain", "#57606a", None, "1.5"),
            ("edge edge-timeout", "#57606a", None, "1.5"),
        ],
        "an unknown state is drawn like a structural edge, under one class"
    );
    let legend: Vec<(&str, Option<&str>)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("line"))
        .map(|n| {
            (
                n.attribute("class").unwrap(),
                n.attribute("stroke-dasharray"),
            )
        })
        .collect();
    assert_eq!(
        legend,
        [
            ("legend-Approved", None),
            ("legend-Pending", Some("8 4")),
            ("legend-Rejected", Some("2 4")),
            ("legend-Disconnected", Some("12 4 2 4")),
            ("legend-other", None),
        ]
    );
}

#[test]
fn hostile_text_is_shown_as_text_never_as_markup() {
    let hostile = "a\"><script>alert(1)</script>";
    let view = graph(
        vec![
            node(hostile, "<script>x</script>", 12.0),
            node("b", "b", 232.0),
        ],
        vec![edge(hostile, "b", Some("Pending"))],
    );
    for svg in [
        svg_document(view.clone()),
        linked(view, "state=Pending", None),
    ] {
        assert!(!svg.contains("<script>"), "{svg}");
        assert!(!svg.contains("<b>"), "{svg}");
        let doc = roxmltree::Document::parse(&svg).expect("well-formed even with hostile text");
        let texts: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|n| n.text())
            .collect();
        assert!(texts.contains(&"<script>x</script>"), "{texts:?}");
        assert!(texts.contains(&"Connection <3>"), "{texts:?}");
        assert!(texts.contains(&"\"q\" & <b>bold</b>"), "{texts:?}");
        let ids: Vec<&str> = doc
            .descendants()
            .filter_map(|n| n.attribute("data-id"))
            .collect();
        assert_eq!(ids, [hostile, "b"], "ids round-trip");
        let from = doc
            .descendants()
            .find_map(|n| n.attribute("data-from"))
            .unwrap();
        assert_eq!(from, hostile);
    }
}

#[test]
fn a_long_label_wraps_onto_two_lines_inside_its_box() {
    let mut long = node("n", "pe-fabrikam-super-api-westeurope-production-01", 12.0);
    long.sublabel = None;
    long.flags = vec![NodeFlag::MissingFrontend];
    long.height = 88.0;
    let svg = svg_document(graph(vec![long], vec![]));
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let node = doc
        .descendants()
        .find(|n| n.attribute("data-id") == Some("n"))
        .unwrap();
    let lines: Vec<(&str, &str, f32)> = node
        .children()
        .filter(|c| c.has_tag_name("text"))
        .map(|t| {
            (
                t.attribute("class").unwrap(),
                t.text().unwrap(),
                t.attribute("y").unwrap().parse().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            ("node-label", "pe-fabrikam-super-api-", 81.0),
            ("node-label", "westeurope-production-01", 99.0),
            ("node-flag", "⚠ frontend missing:", 117.0),
            ("node-flag", "chain broken", 135.0),
        ]
    );
    let tooltip = node.children().find(|c| c.has_tag_name("title")).unwrap();
    assert_eq!(
        tooltip.text(),
        Some("pe-fabrikam-super-api-westeurope-production-01\n⚠ frontend missing: chain broken"),
        "the full text, unwrapped"
    );
    assert_eq!(
        node.attribute("class"),
        Some("node node-connection flagged")
    );
}

#[test]
fn linked_nodes_choose_themselves_and_groups_expand() {
    let mut group = node("group:k", "12 connections", 232.0);
    group.kind = NodeKind::Group;
    group.group = Some(GroupInfo {
        key: "grp key".into(),
        state: "Approved".into(),
        consumer_kind: "private endpoint".into(),
        count: 12,
        subscriptions: 3,
    });
    let view = graph(vec![node("pls:/x&y", "myPLS", 12.0), group], vec![]);
    let html = linked(view, "state=Approved", Some("pls:/x&y"));
    let doc = roxmltree::Document::parse(&html).expect("the page's drawing is XML too");
    assert_eq!(doc.root_element().attribute("role"), Some("group"));
    let links: Vec<(&str, &str, &str, &str)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("a"))
        .map(|n| {
            (
                n.attribute("class").unwrap(),
                n.attribute("data-id").unwrap(),
                n.attribute("href").unwrap(),
                n.attribute("aria-label").unwrap(),
            )
        })
        .collect();
    assert_eq!(
        links,
        [
            (
                "node node-connection selected",
                "pls:/x&y",
                "/graph?state=Approved&node=pls%3A%2Fx%26y",
                "myPLS, \"q\" & <b>bold</b>"
            ),
            (
                "node node-group",
                "group:k",
                "/graph?state=Approved&expand=grp%20key",
                "12 connections, \"q\" & <b>bold</b>, activate to show them one by one"
            ),
        ]
    );
}
