//! Counting edge crossings between adjacent lanes: `crossings` over a laid-out `GraphView` (for
//! tests and reports), `between` over positions (what the ordering minimises). Two edges cross
//! when their left ends are in one order and their right ends in the other; edges sharing an
//! end never cross. O(E log V) per lane pair with a Fenwick tree. Pure.

use std::collections::HashMap;

use app::model::GraphView;

use super::LANES;

/// Edge crossings of a drawing, counted between adjacent lanes by the nodes' vertical order
/// (edges spanning more than one lane are not counted).
pub fn crossings(view: &GraphView) -> usize {
    let mut lanes: Vec<Vec<(f32, &str)>> = vec![Vec::new(); LANES];
    for node in &view.nodes {
        if let Some(lane) = lanes.get_mut(node.kind.lane()) {
            lane.push((node.y, node.id.as_str()));
        }
    }
    let mut place: HashMap<&str, (usize, usize)> = HashMap::new();
    for (lane, nodes) in lanes.iter_mut().enumerate() {
        nodes.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(b.1)));
        place.extend(
            nodes
                .iter()
                .enumerate()
                .map(|(pos, (_, id))| (*id, (lane, pos))),
        );
    }
    let mut pairs: Vec<Vec<(usize, usize)>> = vec![Vec::new(); LANES];
    for edge in &view.edges {
        let (Some(&a), Some(&b)) = (place.get(edge.from.as_str()), place.get(edge.to.as_str()))
        else {
            continue;
        };
        let (left, right) = if a.0 < b.0 { (a, b) } else { (b, a) };
        if right.0 == left.0 + 1 {
            pairs[left.0].push((left.1, right.1));
        }
    }
    pairs
        .iter_mut()
        .enumerate()
        .map(|(lane, pairs)| between(pairs, lanes.get(lane + 1).map_or(0, Vec::len)))
        .sum()
}

/// Crossings among edges given as `(left position, right position)`, right positions below
/// `right_len`. Sorts `pairs`.
pub(super) fn between(pairs: &mut [(usize, usize)], right_len: usize) -> usize {
    pairs.sort_unstable();
    let mut seen = Fenwick::new(right_len);
    let mut crossings = 0;
    for (inserted, &(_, right)) in pairs.iter().enumerate() {
        // Edges already seen start higher on the left (or at the same node, ordered by right
        // end); those ending strictly lower on the right cross this one.
        crossings += inserted - seen.count_up_to(right);
        seen.add(right);
    }
    crossings
}

/// Counts of positions, with prefix sums in O(log n).
struct Fenwick(Vec<usize>);

impl Fenwick {
    fn new(len: usize) -> Self {
        Self(vec![0; len + 1])
    }

    fn add(&mut self, position: usize) {
        let mut i = position + 1;
        while let Some(slot) = self.0.get_mut(i) {
            *slot += 1;
            i += i & i.wrapping_neg();
        }
    }

    /// How many positions `<= position` were added.
    fn count_up_to(&self, position: usize) -> usize {
        let mut i = (position + 1).min(self.0.len().saturating_sub(1));
        let mut sum = 0;
        while i > 0 {
            sum += self.0[i];
            i -= i & i.wrapping_neg();
        }
        sum
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every pair of edges compared: the definition `between` must agree with.
    fn by_definition(pairs: &[(usize, usize)]) -> usize {
        let mut count = 0;
        for (i, a) in pairs.iter().enumerate() {
            for b in &pairs[i + 1..] {
                if (a.0 < b.0 && a.1 > b.1) || (a.0 > b.0 && a.1 < b.1) {
                    count += 1;
                }
            }
        }
        count
    }

    #[test]
    fn two_edges_in_opposite_order_cross_once() {
        assert_eq!(between(&mut [(0, 1), (1, 0)], 2), 1);
        assert_eq!(between(&mut [(0, 0), (1, 1)], 2), 0);
    }

    #[test]
    fn edges_sharing_an_end_do_not_cross() {
        assert_eq!(between(&mut [(0, 0), (0, 1), (1, 1), (2, 1)], 2), 0);
    }

    #[test]
    fn the_fast_count_agrees_with_the_definition() {
        // A reproducible scramble of 60 edges between lanes of 7 and 9 nodes.
        let pairs: Vec<(usize, usize)> = (0..60usize)
            .map(|i| ((i * 5 + 3) % 7, (i * i * 7 + i) % 9))
            .collect();
        let expected = by_definition(&pairs);
        assert!(expected > 0);
        assert_eq!(between(&mut pairs.clone(), 9), expected);
    }
}
