//! The demo estate as the app draws it (`app::components::svg_document`, the SVG download): a
//! well-formed SVG document holding every node and edge, the super-api chain through all five
//! lanes, every line inside its box, and five lanes that fit the Graph page at 1440 px.

use app::components::svg_document;
use app::model::{LINE_CHARS, chain_through};

use super::*;

/// The Graph page's room for the drawing at 1440 px wide: the window less the navigation
/// (240), the page's padding (64), a scroll bar (15) and the canvas border (2), and a canvas
/// scroll bar (15).
const ROOM_AT_1440: f32 = 1104.0;

fn demo_svg() -> String {
    svg_document(view(&demo_snapshot(), &Scope::default()))
}

#[test]
fn the_demo_downloads_as_well_formed_svg_with_every_node_and_edge() {
    let svg = demo_svg();
    let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    let classes = |prefix: &str| -> Vec<&str> {
        doc.descendants()
            .filter_map(|n| n.attribute("class"))
            .filter(|c| c.starts_with(prefix))
            .collect()
    };
    assert_eq!(classes("node ").len(), 40, "the demo's nodes");
    let edges = classes("edge ");
    let count = |class: &str| edges.iter().filter(|c| **c == class).count();
    assert_eq!(
        ["approved", "pending", "rejected", "disconnected", "plain"]
            .map(|state| count(&format!("edge edge-{state}"))),
        [16, 8, 2, 2, 6],
        "edges by state"
    );
    assert_eq!(
        classes("node node-frontend flagged").len(),
        1,
        "the missing frontend"
    );
    let lanes: Vec<&str> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("lane-title"))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(
        lanes,
        [
            "Kubernetes Service",
            "Load balancer frontend",
            "Private link service",
            "Connection",
            "Consumer"
        ]
    );
    let text: String = doc.descendants().filter_map(|n| n.text()).collect();
    assert!(text.contains("Chain graph: 40 nodes, 34 edges"));
    assert!(
        text.contains("frontend missing"),
        "the broken chain is visible"
    );
}

#[test]
fn the_super_api_chain_runs_through_all_five_lanes() {
    let view = view(&demo_snapshot(), &Scope::default());
    let service = node(&view, NodeKind::Service, "default/super-api");
    let pairs: Vec<(&str, &str)> = view
        .edges
        .iter()
        .map(|e| (e.from.as_str(), e.to.as_str()))
        .collect();
    let (_, chain) = chain_through(&pairs, &service.id);
    let mut lanes: Vec<&str> = chain
        .iter()
        .filter_map(|id| view.nodes.iter().find(|n| n.id == *id))
        .map(|n| view.lanes[n.kind.lane()].title.as_str())
        .collect();
    lanes.sort_unstable();
    lanes.dedup();
    assert_eq!(
        lanes,
        [
            "Connection",
            "Consumer",
            "Kubernetes Service",
            "Load balancer frontend",
            "Private link service"
        ]
    );
    let labels: Vec<&str> = chain
        .iter()
        .filter_map(|id| view.nodes.iter().find(|n| n.id == *id))
        .map(|n| n.label.as_str())
        .collect();
    for label in ["myPLS", "origin super-api-weu", "afd-contoso"] {
        assert!(labels.contains(&label), "{label} on the chain: {labels:?}");
    }
}

#[test]
fn five_lanes_fit_the_graph_page_at_1440_pixels() {
    for snapshot in [demo_snapshot(), scaled_snapshot(5)] {
        let view = view(&snapshot, &Scope::default());
        assert!(
            view.width <= ROOM_AT_1440,
            "{} px wide, the page has {ROOM_AT_1440}",
            view.width
        );
    }
}

#[test]
fn every_line_of_a_node_fits_in_its_box_and_long_labels_wrap() {
    let svg = demo_svg();
    let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
    let number =
        |n: roxmltree::Node, name: &str| -> f32 { n.attribute(name).unwrap().parse().unwrap() };
    let boxes: Vec<_> = doc
        .descendants()
        .filter(|n| n.attribute("class").is_some_and(|c| c.starts_with("node ")))
        .collect();
    assert_eq!(boxes.len(), 40, "the demo's nodes");
    let mut wrapped = 0;
    for node in boxes {
        let rect = node
            .children()
            .find(|c| c.has_tag_name("rect"))
            .expect("a box");
        let bottom = number(rect, "y") + number(rect, "height");
        let lines: Vec<(f32, &str)> = node
            .children()
            .filter(|c| c.has_tag_name("text"))
            .map(|t| (number(t, "y"), t.text().unwrap_or_default()))
            .collect();
        let labels = node
            .children()
            .filter(|c| c.attribute("class") == Some("node-label"))
            .count();
        assert!((1..=2).contains(&labels), "a label takes one or two lines");
        wrapped += usize::from(labels == 2);
        for (baseline, text) in &lines {
            assert!(
                baseline + 4.0 <= bottom,
                "{:?}: '{text}' at {baseline} in a box ending at {bottom}",
                node.attribute("data-id"),
            );
            assert!(text.chars().count() <= LINE_CHARS, "'{text}' is wrapped");
        }
    }
    assert!(wrapped > 0, "some demo label is longer than a line");
}
