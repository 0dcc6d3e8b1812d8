//! Ranks: which layer each node is drawn in. Every edge goes from a lower rank to a higher one,
//! and edges are kept short.
//!
//! First the longest path from the sources (every node as early as its arguments allow), then a
//! descent on the total edge length: a node with more consumers than arguments (a constant, an
//! input used late, a shared value) moves as late as its consumers allow, and a node with more
//! arguments than consumers as early as its arguments allow, until nothing moves. This is the
//! one-node move of the network simplex. Its move of a whole subtree is made for the subtrees
//! that feed one consumer only ("following" nodes, such as the term `v[i]*v[i]` of a long sum
//! with its input): they move up to that consumer, so a sum of many terms no longer puts every
//! term in the second layer with long edges to the sum. Empty ranks are removed at the end.

// Every index here is a node of the layout's own input, below `n`; edges were checked against
// `n` when the input was read (`Layered::new`).
#![allow(clippy::indexing_slicing)]

/// A topological order of `n` nodes under `edges` (Kahn's algorithm, lowest index first). On a
/// cycle, the lowest remaining index is taken, so every node appears once. `O(V log V + E)`.
pub(super) fn topological_order(n: usize, edges: &[(usize, usize)]) -> Vec<usize> {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    let mut indegree = vec![0usize; n];
    let mut successors = vec![Vec::new(); n];
    for &(from, to) in edges {
        indegree[to] += 1;
        successors[from].push(to);
    }
    let mut ready: BinaryHeap<Reverse<usize>> = (0..n).filter(|&v| indegree[v] == 0).map(Reverse).collect();
    let mut placed = vec![false; n];
    let mut order = Vec::with_capacity(n);
    let mut next_unplaced = 0;
    while order.len() < n {
        let v = match ready.pop() {
            Some(Reverse(v)) => v,
            None => {
                // A cycle: break it at the lowest node not yet placed.
                while placed[next_unplaced] {
                    next_unplaced += 1;
                }
                next_unplaced
            }
        };
        if placed[v] {
            continue;
        }
        placed[v] = true;
        order.push(v);
        for &w in &successors[v] {
            indegree[w] = indegree[w].saturating_sub(1);
            if indegree[w] == 0 && !placed[w] {
                ready.push(Reverse(w));
            }
        }
    }
    order
}

/// Each node's rank, given `edges` that all go forward in `order` (a topological order of the
/// `n` nodes). `last`, if it has no consumers, is put in the last rank. `O((V + E) · passes)`,
/// with at most 32 passes of the descent.
pub(super) fn ranks(n: usize, order: &[usize], edges: &[(usize, usize)], last: Option<usize>) -> Vec<usize> {
    let mut preds = vec![Vec::new(); n];
    let mut succs = vec![Vec::new(); n];
    for &(from, to) in edges {
        succs[from].push(to);
        preds[to].push(from);
    }
    let mut rank = vec![0usize; n];
    for &v in order {
        rank[v] = preds[v].iter().map(|&u| rank[u] + 1).max().unwrap_or(0);
    }
    // A node "follows" its one consumer when it and the arguments that follow it can move
    // together next to that consumer for less total edge length: its edges to the consumer
    // outnumber the edges coming in from arguments that stay. (The term `v[i]*v[i]` of a long
    // sum and its input follow the addition they feed, instead of all sitting in the second
    // layer with long edges to the sum: the network simplex's move of a whole subtree.)
    let mut follows = vec![false; n];
    for &v in order {
        let consumer = succs[v].first().copied();
        let one_consumer = consumer.is_some() && succs[v].iter().all(|&w| Some(w) == consumer);
        let staying = preds[v].iter().filter(|&&u| !follows[u]).count();
        follows[v] = one_consumer && staying < succs[v].len();
    }
    for _ in 0..32 {
        let mut moved = false;
        for &v in order.iter().rev() {
            if follows[v] {
                let latest = succs[v].iter().map(|&w| rank[w]).min().unwrap_or(rank[v] + 1) - 1;
                if latest > rank[v] {
                    rank[v] = latest;
                    moved = true;
                }
            } else if succs[v].len() > preds[v].len() {
                let latest = succs[v].iter().map(|&w| rank[w]).min().unwrap_or(rank[v] + 1) - 1;
                if latest > rank[v] {
                    rank[v] = latest;
                    moved = true;
                }
            }
        }
        for &v in order {
            if !follows[v] && preds[v].len() > succs[v].len() {
                let earliest = preds[v].iter().map(|&u| rank[u] + 1).max().unwrap_or(0);
                if earliest < rank[v] {
                    rank[v] = earliest;
                    moved = true;
                }
            }
        }
        if !moved {
            break;
        }
    }
    if let Some(last) = last.filter(|&l| l < n && succs[l].is_empty()) {
        rank[last] = rank.iter().copied().max().unwrap_or(0);
    }
    // Remove empty ranks: every edge still spans at least one.
    let mut used: Vec<usize> = rank.clone();
    super::sort_indices(&mut used, &|a, b| a.cmp(&b));
    used.dedup();
    rank.iter().map(|r| used.partition_point(|u| u < r)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranked(n: usize, edges: &[(usize, usize)], last: Option<usize>) -> Vec<usize> {
        ranks(n, &topological_order(n, edges), edges, last)
    }

    #[test]
    fn arguments_come_before_their_consumers() {
        // x → a → b → y and x → y: x first, y last.
        assert_eq!(ranked(4, &[(0, 1), (1, 2), (2, 3), (0, 3)], Some(3)), vec![0, 1, 2, 3]);
    }

    #[test]
    fn a_constant_sits_just_before_its_consumer() {
        // 0 → 1 → 2 → 3, and a constant 4 used by 3 only.
        assert_eq!(ranked(5, &[(0, 1), (1, 2), (2, 3), (4, 3)], Some(3)), vec![0, 1, 2, 3, 2]);
    }

    #[test]
    fn empty_ranks_are_removed_and_the_output_is_last() {
        // 1 is a second sink; the output 2 is put in the last rank.
        assert_eq!(ranked(3, &[(0, 1), (0, 2)], Some(2)), vec![0, 1, 1]);
        let ranks = ranked(4, &[(0, 1), (1, 2), (0, 3)], Some(3));
        assert_eq!(ranks, vec![0, 1, 2, 2]);
    }

    #[test]
    fn the_terms_of_a_sum_sit_next_to_the_additions_they_feed() {
        // y = v0*v0 + v1*v1 + v2*v2: inputs 0, 1, 2; products 3, 4, 5; additions 6 = 3 + 4
        // and 7 = 6 + 5. The third term moves up beside the second addition.
        let edges = [(0, 3), (0, 3), (1, 4), (1, 4), (2, 5), (2, 5), (3, 6), (4, 6), (6, 7), (5, 7)];
        let ranks = ranked(8, &edges, Some(7));
        assert_eq!(ranks, vec![0, 0, 1, 1, 1, 2, 2, 3]);
        // Every edge spans one layer.
        assert!(edges.iter().all(|&(a, b)| ranks[b] == ranks[a] + 1));
        // A product of an input used elsewhere stays: moving it would lengthen as much as it saves.
        let shared = [(0, 2), (1, 2), (1, 3), (2, 4), (3, 4)];
        assert_eq!(ranked(5, &shared, Some(4)), vec![0, 0, 1, 1, 2]);
    }

    #[test]
    fn a_cycle_still_gives_every_node_a_place() {
        let order = topological_order(3, &[(0, 1), (1, 2), (2, 0)]);
        assert_eq!(order.len(), 3);
        let mut sorted = order.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, vec![0, 1, 2]);
    }
}
