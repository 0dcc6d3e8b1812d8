//! A simple layered placement: inputs on the left, the output on the right.
//!
//! Each node's layer is the length of the longest path reaching it from a node without
//! arguments; within a layer, nodes are ordered by the mean position of their arguments (one
//! barycenter sweep), ties broken by source order. The full layout engine is future work; this
//! one keeps its data shape.

use serde::Serialize;

use crate::graph::Graph;

pub const NODE_WIDTH: f64 = 112.0;
pub const NODE_HEIGHT: f64 = 56.0;
const LAYER_GAP: f64 = 72.0;
const ROW_GAP: f64 = 32.0;
const MARGIN: f64 = 24.0;

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Layout {
    /// The center of each node, by node index.
    pub centers: Vec<Point>,
    /// The layer of each node, by node index.
    pub layers: Vec<usize>,
    pub width: f64,
    pub height: f64,
}

/// Places every node. `O(V log V + E)`.
pub fn layout(graph: &Graph) -> Layout {
    let n = graph.len();
    let mut layers = vec![0usize; n];
    for u in graph.order() {
        layers[u.index()] = graph.args(u).iter().map(|v| layers[v.index()] + 1).max().unwrap_or(0);
    }
    let layer_count = layers.iter().max().map_or(0, |m| m + 1);
    let mut rows: Vec<Vec<usize>> = vec![Vec::new(); layer_count];
    for u in graph.order() {
        rows[layers[u.index()]].push(u.index());
    }
    // One left-to-right barycenter sweep: order each layer by its nodes' arguments' rows.
    let mut row_of = vec![0.0f64; n];
    for row in &mut rows {
        let key = |&i: &usize| {
            let args = graph.args(petgraph::graph::NodeIndex::new(i));
            if args.is_empty() {
                i as f64
            } else {
                args.iter().map(|a| row_of[a.index()]).sum::<f64>() / args.len() as f64
            }
        };
        let mut keyed: Vec<(f64, usize)> = row.iter().map(|i| (key(i), *i)).collect();
        keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        *row = keyed.into_iter().map(|(_, i)| i).collect();
        for (position, &i) in row.iter().enumerate() {
            row_of[i] = position as f64;
        }
    }
    let tallest = rows.iter().map(Vec::len).max().unwrap_or(0) as f64;
    let height = 2.0 * MARGIN + tallest * NODE_HEIGHT + (tallest - 1.0).max(0.0) * ROW_GAP;
    let width = 2.0 * MARGIN + layer_count as f64 * NODE_WIDTH + (layer_count as f64 - 1.0).max(0.0) * LAYER_GAP;
    let mut centers = vec![Point { x: 0.0, y: 0.0 }; n];
    for (layer, row) in rows.iter().enumerate() {
        let column_height = row.len() as f64 * NODE_HEIGHT + (row.len() as f64 - 1.0).max(0.0) * ROW_GAP;
        let top = (height - column_height) / 2.0;
        for (position, &i) in row.iter().enumerate() {
            centers[i] = Point {
                x: MARGIN + NODE_WIDTH / 2.0 + layer as f64 * (NODE_WIDTH + LAYER_GAP),
                y: top + NODE_HEIGHT / 2.0 + position as f64 * (NODE_HEIGHT + ROW_GAP),
            };
        }
    }
    Layout { centers, layers, width, height }
}
