//! The order of the nodes within each lane, to reduce edge crossings:
//! 1. start from the order `build` walked the chains in (the join's, sorted by id), each
//!    connected part of the graph gathered into one band, so different parts never cross;
//! 2. barycenter sweeps (each lane sorted by the mean position of its neighbours in the lane
//!    just fixed, left to right, then right to left; nodes without neighbours there keep their
//!    slot), each followed by swaps of neighbouring nodes that remove crossings (`dot`'s
//!    transpose);
//! 3. keep the order with the fewest crossings seen, stopping when a round brings none.
//!
//! Equal barycenters keep their current order, which goes back to the id-sorted walk: the
//! result depends only on the graph, never on the order Azure listed resources in. Pure.

use super::crossings::between;
use super::{Graph, LANES};

/// Rounds of a down and an up sweep at most; they rarely improve after a few.
const SWEEPS: usize = 6;
/// Rounds of neighbour swaps after a sweep at most.
const TRANSPOSE_ROUNDS: usize = 4;

/// Node indices per lane, top to bottom.
pub(super) type Lanes = Vec<Vec<usize>>;

/// The lanes of `graph` ordered to reduce crossings.
pub(super) fn order(graph: &Graph, adjacency: &Adjacency) -> Lanes {
    let mut lanes = walk_order(graph);
    by_component(graph, &mut lanes);
    let mut best = lanes.clone();
    let mut fewest = count(&lanes, adjacency, graph.nodes.len());
    for _ in 0..SWEEPS {
        let before = fewest;
        for downward in [true, false] {
            if fewest == 0 {
                return best;
            }
            if downward {
                (1..LANES).for_each(|lane| sweep(adjacency, &mut lanes, lane, lane - 1));
            } else {
                (0..LANES - 1)
                    .rev()
                    .for_each(|lane| sweep(adjacency, &mut lanes, lane, lane + 1));
            }
            transpose(adjacency, &mut lanes);
            let now = count(&lanes, adjacency, graph.nodes.len());
            if now < fewest {
                fewest = now;
                best.clone_from(&lanes);
            }
        }
        if fewest == before {
            break;
        }
    }
    best
}

/// Crossings with every lane in the order `build` walked the chains: the baseline the sweeps
/// improve on.
pub fn walk_order_crossings(graph: &Graph) -> usize {
    count(
        &walk_order(graph),
        &Adjacency::new(graph),
        graph.nodes.len(),
    )
}

/// Node indices per lane in the order they were added.
fn walk_order(graph: &Graph) -> Lanes {
    let mut lanes: Lanes = vec![Vec::new(); LANES];
    for (index, node) in graph.nodes.iter().enumerate() {
        if let Some(lane) = lanes.get_mut(node.lane()) {
            lane.push(index);
        }
    }
    lanes
}

/// Gathers each connected part of the graph into one band of every lane, parts in the order of
/// their first node, nodes of a part in their walk order: edges of different parts then never
/// cross, and the sweeps keep the bands apart.
fn by_component(graph: &Graph, lanes: &mut Lanes) {
    let mut parent: Vec<usize> = (0..graph.nodes.len()).collect();
    fn root(parent: &mut [usize], mut node: usize) -> usize {
        while parent[node] != node {
            parent[node] = parent[parent[node]];
            node = parent[node];
        }
        node
    }
    for edge in &graph.edges {
        if edge.from < parent.len() && edge.to < parent.len() {
            let (a, b) = (root(&mut parent, edge.from), root(&mut parent, edge.to));
            // The smaller index becomes the root: a part is known by its first node.
            parent[a.max(b)] = a.min(b);
        }
    }
    for lane in lanes.iter_mut() {
        lane.sort_by_cached_key(|&node| root(&mut parent, node));
    }
}

/// Each node's neighbours in the lane to its left and in the lane to its right.
pub(super) struct Adjacency {
    left: Vec<Vec<usize>>,
    right: Vec<Vec<usize>>,
}

impl Adjacency {
    /// The adjacency of `graph`; edges that do not join neighbouring lanes are left out.
    pub(super) fn new(graph: &Graph) -> Self {
        let n = graph.nodes.len();
        let mut adjacency = Self {
            left: vec![Vec::new(); n],
            right: vec![Vec::new(); n],
        };
        let lane = |i: usize| graph.nodes.get(i).map(super::Node::lane);
        for edge in &graph.edges {
            let (Some(a), Some(b)) = (lane(edge.from), lane(edge.to)) else {
                continue;
            };
            let (l, r) = match (a + 1 == b, b + 1 == a) {
                (true, _) => (edge.from, edge.to),
                (_, true) => (edge.to, edge.from),
                _ => continue,
            };
            adjacency.right[l].push(r);
            adjacency.left[r].push(l);
        }
        adjacency
    }

    /// Neighbours of `node` in the lane to its left (`toward_left`) or right.
    pub(super) fn of(&self, node: usize, toward_left: bool) -> &[usize] {
        let side = if toward_left { &self.left } else { &self.right };
        side.get(node).map_or(&[], Vec::as_slice)
    }
}

/// Positions of every node within its lane.
fn positions(lanes: &Lanes, nodes: usize) -> Vec<usize> {
    let mut position = vec![0; nodes];
    for lane in lanes {
        for (pos, &node) in lane.iter().enumerate() {
            position[node] = pos;
        }
    }
    position
}

/// Sorts lane `moving` by the barycenters (mean positions) of its nodes' neighbours in lane
/// `fixed`. A node without neighbours there keeps its slot, as in Gansner et al.'s `dot`; the
/// others are sorted into the remaining slots.
fn sweep(adjacency: &Adjacency, lanes: &mut Lanes, moving: usize, fixed: usize) {
    let position = positions(lanes, adjacency.left.len());
    let toward_left = fixed < moving;
    let mut keyed: Vec<(f64, usize)> = lanes[moving]
        .iter()
        .filter_map(|&node| {
            let neighbours = adjacency.of(node, toward_left);
            if neighbours.is_empty() {
                return None;
            }
            let sum: usize = neighbours.iter().map(|&n| position[n]).sum();
            Some((sum as f64 / neighbours.len() as f64, node))
        })
        .collect();
    // Stable: equal barycenters keep their current order (siblings stay together).
    keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut sorted = keyed.into_iter().map(|(_, node)| node);
    for slot in &mut lanes[moving] {
        if !adjacency.of(*slot, toward_left).is_empty()
            && let Some(node) = sorted.next()
        {
            *slot = node;
        }
    }
}

/// Swaps neighbouring nodes of a lane while that removes crossings with both adjacent lanes
/// (the `transpose` step of Gansner et al.'s `dot`); never adds any.
fn transpose(adjacency: &Adjacency, lanes: &mut Lanes) {
    let mut position = positions(lanes, adjacency.left.len());
    for _ in 0..TRANSPOSE_ROUNDS {
        let mut improved = false;
        for lane in lanes.iter_mut() {
            for i in 1..lane.len() {
                let (upper, lower) = (lane[i - 1], lane[i]);
                let kept = pair_crossings(adjacency, &position, upper, lower);
                let swapped = pair_crossings(adjacency, &position, lower, upper);
                if swapped < kept {
                    lane.swap(i - 1, i);
                    position[upper] = i;
                    position[lower] = i - 1;
                    improved = true;
                }
            }
        }
        if !improved {
            break;
        }
    }
}

/// Crossings between the edges of `upper` and those of `lower` when `upper` is drawn just
/// above `lower`.
fn pair_crossings(adjacency: &Adjacency, position: &[usize], upper: usize, lower: usize) -> usize {
    [true, false]
        .into_iter()
        .map(|toward_left| {
            let below = adjacency.of(lower, toward_left);
            adjacency
                .of(upper, toward_left)
                .iter()
                .map(|&a| below.iter().filter(|&&b| position[b] < position[a]).count())
                .sum::<usize>()
        })
        .sum()
}

/// Crossings of the whole drawing in this order.
fn count(lanes: &Lanes, adjacency: &Adjacency, nodes: usize) -> usize {
    let position = &positions(lanes, nodes);
    lanes
        .windows(2)
        .map(|pair| {
            let mut edges: Vec<(usize, usize)> = pair[0]
                .iter()
                .flat_map(|&l| {
                    adjacency
                        .of(l, false)
                        .iter()
                        .map(move |&r| (position[l], position[r]))
                })
                .collect();
            between(&mut edges, pair[1].len())
        })
        .sum()
}
