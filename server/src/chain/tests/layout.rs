//! The layout's promises: every node in its lane and inside the drawing, no two nodes overlapping,
//! the same view for the same estate in any input order, and few crossings — none where none
//! are needed.

use app::model::NodeKind;

use super::*;
use crate::inventory::join::{FindingSettings, join};

/// Panics if two node rectangles share any area.
fn assert_no_overlap(view: &GraphView) {
    for (i, a) in view.nodes.iter().enumerate() {
        for b in &view.nodes[i + 1..] {
            let apart = a.x + a.width <= b.x
                || b.x + b.width <= a.x
                || a.y + a.height <= b.y
                || b.y + b.height <= a.y;
            assert!(apart, "{} overlaps {}", a.id, b.id);
        }
    }
}

/// Panics unless every node is in its lane, inside the drawing, and every edge is a declared
/// relation between nodes of neighbouring lanes, left to right.
fn assert_in_lanes(view: &GraphView) {
    assert_eq!(view.lanes.len(), LANES);
    for node in &view.nodes {
        let lane = &view.lanes[node.kind.lane()];
        assert_eq!((node.x, node.width), (lane.x, lane.width), "{}", node.id);
        assert!(
            node.y >= 0.0 && node.y + node.height <= view.height,
            "{}",
            node.id
        );
        assert!(node.x + node.width <= view.width, "{}", node.id);
    }
    for edge in &view.edges {
        let kind = |key: &str| {
            let node = view.nodes.iter().find(|n| n.id == key);
            node.unwrap_or_else(|| panic!("edge end {key} is a node"))
                .kind
        };
        let (from, to) = (kind(&edge.from), kind(&edge.to));
        assert_eq!(from.lane() + 1, to.lane(), "{edge:?}");
        assert!(
            RELATIONS.iter().any(|r| (r.0, r.1) == (from, to)),
            "{from:?} → {to:?} is a declared relation"
        );
    }
}

#[test]
fn no_two_nodes_overlap_and_every_node_stays_in_its_lane() {
    let demo = view(&demo_snapshot(), &Scope::default());
    let scaled = view(&scaled_snapshot(20), &Scope::default());
    for view in [&demo, &scaled] {
        assert!(!view.nodes.is_empty());
        assert_no_overlap(view);
        assert_in_lanes(view);
    }
}

#[test]
fn building_and_laying_out_twice_gives_the_same_view() {
    let snapshot = scaled_snapshot(10);
    assert_eq!(
        view(&snapshot, &Scope::default()),
        view(&snapshot, &Scope::default())
    );
}

#[test]
fn the_inventory_in_reverse_order_gives_the_same_view() {
    for snapshot in [demo_snapshot(), scaled_snapshot(10)] {
        let mut reversed = snapshot.clone();
        let inventory = &mut reversed.inventory;
        inventory.services.reverse();
        inventory.endpoints.reverse();
        inventory.load_balancers.reverse();
        inventory.clusters.reverse();
        inventory.origins.reverse();
        inventory.afd_endpoints.reverse();
        inventory.subscriptions.reverse();
        for service in &mut inventory.services {
            service.connections.reverse();
            service.nat_ips.reverse();
        }
        reversed.statuses.reverse();
        assert_ne!(reversed.inventory, snapshot.inventory, "the order changed");
        reversed.chains = join(
            &reversed.inventory,
            &reversed.statuses,
            demo_now(),
            &FindingSettings::default(),
        );
        assert_eq!(
            view(&reversed, &Scope::default()),
            view(&snapshot, &Scope::default())
        );
    }
}

/// Two services whose connections and consumers were walked in crossed order; one Front Door
/// profile consumes both. The graph is a tree, so a drawing without crossings exists: the
/// optimum is 0.
fn crossed() -> Graph {
    let node = |key: &str, kind| Node::new(key.to_owned(), kind, key);
    let keys = [
        ("pls:b", NodeKind::PrivateLinkService),
        ("pls:a", NodeKind::PrivateLinkService),
        ("connection:a2", NodeKind::Connection),
        ("connection:b2", NodeKind::Connection),
        ("connection:a1", NodeKind::Connection),
        ("connection:b1", NodeKind::Connection),
        ("endpoint:b2", NodeKind::Consumer),
        ("frontdoor:shared", NodeKind::Consumer),
        ("endpoint:a1", NodeKind::Consumer),
    ];
    let nodes: Vec<Node> = keys.iter().map(|&(key, kind)| node(key, kind)).collect();
    let at = |key: &str| {
        nodes
            .iter()
            .position(|n| n.key == key)
            .unwrap_or_else(|| panic!("{key}"))
    };
    let edges = [
        ("pls:a", "connection:a1"),
        ("pls:a", "connection:a2"),
        ("pls:b", "connection:b1"),
        ("pls:b", "connection:b2"),
        ("connection:a1", "endpoint:a1"),
        ("connection:a2", "frontdoor:shared"),
        ("connection:b1", "frontdoor:shared"),
        ("connection:b2", "endpoint:b2"),
    ]
    .iter()
    .map(|&(from, to)| Edge {
        from: at(from),
        to: at(to),
        state: None,
    })
    .collect();
    Graph {
        nodes,
        edges,
        notes: Vec::new(),
    }
}

#[test]
fn crossed_chains_are_drawn_without_crossings() {
    let graph = crossed();
    let before = walk_order_crossings(&graph);
    assert!(before > 0, "the walk order crosses: {before}");
    let view = layout(&graph);
    assert_eq!(crossings(&view), 0, "the optimum is 0 (it is a tree)");
    assert_no_overlap(&view);
    assert_in_lanes(&view);
}

#[test]
fn the_demo_is_drawn_without_crossings() {
    let view = view(&demo_snapshot(), &Scope::default());
    assert_eq!(crossings(&view), 0);
}

#[test]
fn ordering_never_adds_crossings_to_a_scaled_estate() {
    let snapshot = scaled_snapshot(20);
    let graph = build(&snapshot, &Scope::default());
    let before = walk_order_crossings(&graph);
    let after = crossings(&layout(&graph));
    println!("crossings of scaled(20): {before} in walk order, {after} laid out");
    assert!(after <= before, "{after} > {before}");
    // Gathering connected parts and sweeping removes most of them (1,376 → 76 when written).
    assert!(after * 4 <= before, "only {before} → {after}");
}

#[test]
fn an_empty_scope_draws_the_lanes_and_nothing_else() {
    let scope = Scope::default().with_state("Timeout");
    let view = view(&demo_snapshot(), &scope);
    assert_eq!(view.nodes, []);
    assert_eq!(view.edges, []);
    assert_eq!(view.lanes.len(), LANES);
    assert!(view.width > 0.0 && view.height > 0.0);
}
