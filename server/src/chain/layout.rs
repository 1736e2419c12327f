//! `layout`: places a built graph in five lanes of fixed x and answers the wire type. Nodes are
//! ordered within lanes by `order`; a node is as tall as its drawn (wrapped) lines, which
//! `app::model::node_lines` makes for the drawing too. The five lanes fit 1,100 px — the Graph
//! page's room at 1440 px wide — at 100 %. The tallest lane is stacked
//! from the top; the others, lane by lane outwards from it, put each node level with the mean
//! of its neighbours in the lane already placed, pushed down just enough never to overlap the
//! node above. Pure and deterministic.

use app::model::{GraphEdge, GraphNode, GraphView, Lane, node_height, node_lines};

use super::order::{Adjacency, Lanes, order};
use super::{Graph, LANES, Node};

/// Width of every node, and of a lane: `app::model::LINE_CHARS` characters of 12 px text.
const NODE_WIDTH: f32 = 176.0;
/// Space between lanes, for the edges.
const LANE_GAP: f32 = 44.0;
/// Space around the drawing.
const MARGIN: f32 = 12.0;
/// Where the first node may start: below the lane titles.
const TOP: f32 = 56.0;
/// Vertical space between two nodes of a lane.
const NODE_GAP: f32 = 12.0;

const TITLES: [&str; LANES] = [
    "Kubernetes Service",
    "Load balancer frontend",
    "Private link service",
    "Connection",
    "Consumer",
];

/// Lays `graph` out (see the module docs).
pub fn layout(graph: &Graph) -> GraphView {
    let adjacency = Adjacency::new(graph);
    let lanes = order(graph, &adjacency);
    let heights: Vec<f32> = graph.nodes.iter().map(height).collect();
    let tops = place(&lanes, &adjacency, &heights);
    let nodes: Vec<GraphNode> = lanes
        .iter()
        .enumerate()
        .flat_map(|(lane, members)| members.iter().map(move |&index| (lane, index)))
        .filter_map(|(lane, index)| {
            let node = graph.nodes.get(index)?;
            Some(wire_node(node, lane_x(lane), tops[index], heights[index]))
        })
        .collect();
    let height = nodes.iter().map(|n| n.y + n.height).fold(TOP, f32::max) + MARGIN;
    GraphView {
        lanes: (0..LANES)
            .map(|lane| Lane {
                title: TITLES[lane].to_owned(),
                x: lane_x(lane),
                width: NODE_WIDTH,
            })
            .collect(),
        nodes,
        edges: wire_edges(graph),
        width: lane_x(LANES - 1) + NODE_WIDTH + MARGIN,
        height,
        notes: graph.notes.clone(),
    }
}

/// Left edge of a lane.
fn lane_x(lane: usize) -> f32 {
    MARGIN + lane as f32 * (NODE_WIDTH + LANE_GAP)
}

/// A node's height: as tall as the lines the drawing writes (label, sublabel, details and one
/// per flag, each wrapped onto at most two).
fn height(node: &Node) -> f32 {
    let lines = node_lines(
        &node.label,
        node.sublabel.as_deref(),
        &node.details,
        &node.flags,
    );
    node_height(lines.len())
}

/// The top of every node (by index): the tallest lane stacked, the others levelled outwards.
fn place(lanes: &Lanes, adjacency: &Adjacency, heights: &[f32]) -> Vec<f32> {
    let stacked = |lane: &[usize]| -> f32 { lane.iter().map(|&n| heights[n] + NODE_GAP).sum() };
    let anchor = (0..lanes.len())
        .rev()
        .max_by(|&a, &b| stacked(&lanes[a]).total_cmp(&stacked(&lanes[b])))
        .unwrap_or(0);
    let mut tops = vec![TOP; heights.len()];
    let Some(anchored) = lanes.get(anchor) else {
        return tops;
    };
    pack(anchored, heights, &mut tops, |_, _| None);
    for lane in lanes[..anchor].iter().rev() {
        pack(lane, heights, &mut tops, |node, tops| {
            level(adjacency.of(node, false), tops, heights)
        });
    }
    for lane in &lanes[anchor + 1..] {
        pack(lane, heights, &mut tops, |node, tops| {
            level(adjacency.of(node, true), tops, heights)
        });
    }
    tops
}

/// Places `lane` top to bottom: each node centred on `centre(node)` when it has one, never
/// above the bottom of the node before it plus the gap.
fn pack(
    lane: &[usize],
    heights: &[f32],
    tops: &mut [f32],
    centre: impl Fn(usize, &[f32]) -> Option<f32>,
) {
    let mut free = TOP;
    for &node in lane {
        let wanted = centre(node, tops).map_or(free, |c| c - heights[node] / 2.0);
        let top = wanted.max(free);
        tops[node] = top;
        free = top + heights[node] + NODE_GAP;
    }
}

/// The mean centre of `neighbours`, already placed; `None` without any.
fn level(neighbours: &[usize], tops: &[f32], heights: &[f32]) -> Option<f32> {
    if neighbours.is_empty() {
        return None;
    }
    let sum: f32 = neighbours.iter().map(|&n| tops[n] + heights[n] / 2.0).sum();
    Some(sum / neighbours.len() as f32)
}

fn wire_node(node: &Node, x: f32, y: f32, height: f32) -> GraphNode {
    GraphNode {
        id: node.key.clone(),
        kind: node.kind,
        label: node.label.clone(),
        sublabel: node.sublabel.clone(),
        details: node.details.clone(),
        resource_id: node.resource_id.as_ref().map(ToString::to_string),
        state: node.state.clone(),
        flags: node.flags.clone(),
        group: node.group.clone(),
        x,
        y,
        width: NODE_WIDTH,
        height,
    }
}

fn wire_edges(graph: &Graph) -> Vec<GraphEdge> {
    let key = |index: usize| graph.nodes.get(index).map(|n| n.key.clone());
    graph
        .edges
        .iter()
        .filter_map(|edge| {
            Some(GraphEdge {
                from: key(edge.from)?,
                to: key(edge.to)?,
                state: edge.state.clone(),
            })
        })
        .collect()
}
