//! Coordinates across the layers (y when the layers run left to right), by Brandes and Köpf:
//! "Fast and Simple Horizontal Coordinate Assignment" (2001), with compaction on the block
//! graph as in the erratum by Brandes, Walter and Zink (2020, arXiv:2008.01252), which the
//! original's class shifting gets wrong.
//!
//! Each vertex is aligned with the median of its neighbours in the layer before (unless that
//! segment crosses a segment between two dummies, which are kept straight first), in four
//! directions (from the first layer or the last, from the top or the bottom); each alignment's
//! blocks are packed as tightly as the separations allow; the four results are shifted onto the
//! narrowest and each vertex takes the mean of its two middle coordinates. Long edges come out
//! straight, and a node sits level with its arguments where it can. `O(V + E)` per direction,
//! plus sorting each vertex's neighbours.

// Every index here is a vertex of the layered graph, below `vertices()`.
#![allow(clippy::indexing_slicing)]

use super::order::{Layered, Segment};
use super::rank;

/// Coordinates across the layers, by vertex: `breadth` is each vertex's size across the layers;
/// neighbours in a layer are at least `gap(a) / 2 + gap(b) / 2` apart (beyond their halves),
/// where `gap` is `node_gap` for a node and `edge_gap` for a dummy.
pub(super) fn across(layered: &Layered, breadth: &[f64], node_gap: f64, edge_gap: f64) -> Vec<f64> {
    let n = layered.vertices();
    let gap = |v: usize| if layered.is_dummy(v) { edge_gap } else { node_gap };
    let separation = |a: usize, b: usize| (breadth[a] + breadth[b]) / 2.0 + (gap(a) + gap(b)) / 2.0;
    let conflicts = type1_conflicts(layered);
    let mut results: Vec<(Vec<f64>, bool)> = Vec::with_capacity(4);
    for from_first in [true, false] {
        for from_top in [true, false] {
            let mut view: Vec<Vec<usize>> = layered.layers.clone();
            if !from_first {
                view.reverse();
            }
            if !from_top {
                for layer in &mut view {
                    layer.reverse();
                }
            }
            let mut pos = vec![0usize; n];
            for layer in &view {
                for (i, &v) in layer.iter().enumerate() {
                    pos[v] = i;
                }
            }
            let neighbours = |v: usize| -> &[Segment] {
                if from_first {
                    &layered.up[v]
                } else {
                    &layered.down[v]
                }
            };
            let root = align(&view, &pos, neighbours, &conflicts);
            let mut xs = compact(&view, &root, &separation, n);
            if !from_top {
                for x in &mut xs {
                    *x = -*x;
                }
            }
            results.push((xs, from_top));
        }
    }
    // Shift each onto the narrowest: by its smallest coordinate (from the top) or largest.
    let extent = |xs: &[f64]| {
        let low = (0..n).map(|v| xs[v] - breadth[v] / 2.0).fold(f64::INFINITY, f64::min);
        let high = (0..n).map(|v| xs[v] + breadth[v] / 2.0).fold(f64::NEG_INFINITY, f64::max);
        (low, high)
    };
    let extents: Vec<(f64, f64)> = results.iter().map(|(xs, _)| extent(xs)).collect();
    let narrowest = (0..results.len())
        .min_by(|&a, &b| (extents[a].1 - extents[a].0).total_cmp(&(extents[b].1 - extents[b].0)))
        .unwrap_or(0);
    let (low, high) = extents.get(narrowest).copied().unwrap_or((0.0, 0.0));
    for ((xs, from_top), (l, h)) in results.iter_mut().zip(&extents) {
        let delta = if *from_top { low - l } else { high - h };
        for x in xs.iter_mut() {
            *x += delta;
        }
    }
    let mut balanced: Vec<f64> = (0..n)
        .map(|v| {
            let mut four: Vec<f64> = results.iter().map(|(xs, _)| xs[v]).collect();
            crate::sorting::sort_floats(&mut four);
            match four.as_slice() {
                [_, b, c, _] => (b + c) / 2.0,
                _ => four.first().copied().unwrap_or(0.0),
            }
        })
        .collect();
    // Mixing alignments can bring two neighbours closer than their separation: push apart.
    for layer in &layered.layers {
        for pair in layer.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let least = balanced[a] + separation(a, b);
            if balanced[b] < least {
                balanced[b] = least;
            }
        }
    }
    balanced
}

/// Segments `(upper, lower)` that cross a segment between two dummies, which wins: long edges
/// stay straight. `O(V + E)`.
fn type1_conflicts(layered: &Layered) -> Vec<(usize, usize)> {
    let mut conflicts = Vec::new();
    for l in 1..layered.layers.len() {
        let (previous, layer) = (&layered.layers[l - 1], &layered.layers[l]);
        let (mut k0, mut scan) = (0usize, 0usize);
        for (l1, &v) in layer.iter().enumerate() {
            let inner = if layered.is_dummy(v) {
                layered.up[v].iter().map(|s| s.other).find(|&u| layered.is_dummy(u))
            } else {
                None
            };
            let k1 = inner.map_or(previous.len(), |w| layered.pos[w]);
            if inner.is_some() || l1 + 1 == layer.len() {
                for &v2 in &layer[scan..=l1] {
                    for s in &layered.up[v2] {
                        let u = s.other;
                        let at = layered.pos[u];
                        if (at < k0 || k1 < at) && !(layered.is_dummy(u) && layered.is_dummy(v2)) {
                            conflicts.push((u, v2));
                        }
                    }
                }
                scan = l1 + 1;
                k0 = k1;
            }
        }
    }
    // Sorted, for binary search (a vector is smaller in the page than a hash set).
    let mut conflicts = super::sorted(&conflicts, &|a, b| a.cmp(b));
    conflicts.dedup();
    conflicts
}

/// Vertical alignment: each vertex joins the block of a median neighbour in the layer before,
/// without crossing an earlier alignment or a marked conflict. Returns each vertex's block
/// root.
fn align<'a>(
    view: &[Vec<usize>],
    pos: &[usize],
    neighbours: impl Fn(usize) -> &'a [Segment],
    conflicts: &[(usize, usize)],
) -> Vec<usize> {
    let n = pos.len();
    let mut root: Vec<usize> = (0..n).collect();
    let mut align: Vec<usize> = (0..n).collect();
    let mut ws: Vec<usize> = Vec::new();
    for layer in view {
        let mut previous: Option<usize> = None;
        for &v in layer {
            ws.clear();
            ws.extend(neighbours(v).iter().map(|s| s.other));
            if ws.is_empty() {
                continue;
            }
            if ws.len() > 1 {
                super::sort_indices(&mut ws, &|a, b| pos[a].cmp(&pos[b]));
            }
            let (low, high) = ((ws.len() - 1) / 2, ws.len() / 2);
            for &w in &ws[low..=high] {
                let free = previous.is_none_or(|p| p < pos[w]);
                let conflict = conflicts.binary_search(&(w, v)).is_ok() || conflicts.binary_search(&(v, w)).is_ok();
                if align[v] == v && free && !conflict {
                    align[w] = v;
                    root[v] = root[w];
                    align[v] = root[v];
                    previous = Some(pos[w]);
                }
            }
        }
    }
    root
}

/// Places the blocks as close as their separations allow (longest path on the block graph),
/// then moves each block towards its successors as far as they allow. Each vertex gets its
/// block root's coordinate.
fn compact(view: &[Vec<usize>], root: &[usize], separation: &impl Fn(usize, usize) -> f64, n: usize) -> Vec<f64> {
    // Repeated block pairs are kept: the longest path takes the largest of their separations.
    let mut edges: Vec<(usize, usize, f64)> = Vec::new();
    for layer in view {
        for pair in layer.windows(2) {
            let (u, v) = (pair[0], pair[1]);
            edges.push((root[u], root[v], separation(u, v)));
        }
    }
    let mut into = vec![Vec::new(); n];
    let mut out = vec![Vec::new(); n];
    for &(u, v, w) in &edges {
        into[v].push((u, w));
        out[u].push((v, w));
    }
    let order = block_order(&into, &out, &edges);
    let mut xs = vec![0.0f64; n];
    for &b in &order {
        xs[b] = into[b].iter().map(|&(u, w)| xs[u] + w).fold(0.0, f64::max);
    }
    for &b in order.iter().rev() {
        let least = out[b].iter().map(|&(v, w)| xs[v] - w).fold(f64::INFINITY, f64::min);
        if least.is_finite() {
            xs[b] = xs[b].max(least);
        }
    }
    (0..n).map(|v| xs[root[v]]).collect()
}

/// A topological order of the block graph, in `O(V + E)`: any order serves, as the longest
/// path does not depend on it. The alignments never cross, so the block graph is acyclic; if it
/// ever were not, the order that breaks cycles at the lowest vertex is used.
fn block_order(into: &[Vec<(usize, f64)>], out: &[Vec<(usize, f64)>], edges: &[(usize, usize, f64)]) -> Vec<usize> {
    let n = into.len();
    let mut waiting: Vec<usize> = into.iter().map(Vec::len).collect();
    let mut ready: Vec<usize> = (0..n).filter(|&v| waiting[v] == 0).collect();
    let mut order = Vec::with_capacity(n);
    while let Some(v) = ready.pop() {
        order.push(v);
        for &(w, _) in &out[v] {
            waiting[w] -= 1;
            if waiting[w] == 0 {
                ready.push(w);
            }
        }
    }
    if order.len() < n {
        let pairs: Vec<(usize, usize)> = edges.iter().map(|e| (e.0, e.1)).collect();
        return rank::topological_order(n, &pairs);
    }
    order
}
