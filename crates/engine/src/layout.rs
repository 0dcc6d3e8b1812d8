//! A simple layered placement: inputs on the left, the output on the right.
//!
//! Each node's layer is the length of the longest path reaching it from a node without
//! arguments; within a layer, nodes are ordered by the mean position of their arguments (one
//! barycenter sweep), ties broken by source order. The full layout engine is future work; this
//! one keeps its data shape.

use crate::graph::{Graph, Node};

/// The width of one character of the drawing's 12 px monospace font (0.6 em, rounded up so
/// that fonts a little wider than 0.6 em still fit).
pub const CHAR_WIDTH: f64 = 7.4;
/// Space between a node's border and its text.
pub const PADDING: f64 = 8.0;
/// The narrowest node: room for a line such as `∂y: -0.41615`.
pub const MIN_NODE_WIDTH: f64 = 14.0 * CHAR_WIDTH + 2.0 * PADDING;
/// The widest node; a longer name is shortened with an ellipsis (see [`shown_name`]).
pub const MAX_NODE_WIDTH: f64 = 26.0 * CHAR_WIDTH + 2.0 * PADDING;
pub const NODE_HEIGHT: f64 = 56.0;
const LAYER_GAP: f64 = 72.0;
const ROW_GAP: f64 = 32.0;
const MARGIN: f64 = 24.0;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// The center of each node, by node index.
    pub centers: Vec<Point>,
    /// The width of each node, by node index (all are [`NODE_HEIGHT`] high).
    pub widths: Vec<f64>,
    pub width: f64,
    pub height: f64,
}

/// The characters of a node's top line that are not its name: a space and the operation's mark.
fn mark_chars(node: &Node) -> usize {
    let symbol = node.kind.symbol().chars().count();
    if symbol == 0 {
        0
    } else {
        symbol + 1
    }
}

/// The most characters of a name that fit in a node beside its mark.
fn name_room(mark: usize) -> usize {
    (((MAX_NODE_WIDTH - 2.0 * PADDING) / CHAR_WIDTH) as usize).saturating_sub(mark)
}

/// A node's name as drawn: whole if it fits in the widest node, else shortened with an
/// ellipsis (the drawing's tooltip and the results show it whole).
pub fn shown_name(node: &Node) -> String {
    let name = &node.name;
    let room = name_room(mark_chars(node));
    if name.chars().count() <= room {
        name.clone()
    } else {
        name.chars().take(room.saturating_sub(1)).chain(['…']).collect()
    }
}

/// A node's width in the drawing: as wide as its name and mark need, between the narrowest and
/// the widest.
pub fn node_width(node: &Node) -> f64 {
    let chars = shown_name(node).chars().count() + mark_chars(node);
    (chars as f64 * CHAR_WIDTH + 2.0 * PADDING).clamp(MIN_NODE_WIDTH, MAX_NODE_WIDTH)
}

/// Every node's width in the drawing, by node index.
pub fn node_widths(graph: &Graph) -> Vec<f64> {
    graph.nodes().map(|(_, node)| node_width(node)).collect()
}

/// Places every node, given each node's width (by node index; all are [`NODE_HEIGHT`] high).
/// `O(V log V + E)`.
pub fn layout(graph: &Graph, widths: &[f64]) -> Layout {
    let n = graph.len();
    let widths: Vec<f64> = (0..n).map(|i| widths.get(i).copied().unwrap_or(MIN_NODE_WIDTH)).collect();
    // Each node's layer: one more than its arguments' deepest (they come first in the order).
    let mut layers: Vec<usize> = Vec::with_capacity(n);
    for u in graph.order() {
        let layer = graph.args(u).iter().filter_map(|v| layers.get(v.index())).map(|l| l + 1).max().unwrap_or(0);
        layers.push(layer);
    }
    let layer_count = layers.iter().max().map_or(0, |m| m + 1);
    let mut rows: Vec<Vec<usize>> = vec![Vec::new(); layer_count];
    for (i, &layer) in layers.iter().enumerate() {
        if let Some(row) = rows.get_mut(layer) {
            row.push(i);
        }
    }
    // One left-to-right barycenter sweep: order each layer by its nodes' arguments' rows.
    let mut row_of = vec![0.0f64; n];
    for row in &mut rows {
        let key = |&i: &usize| {
            let args = graph.id(i).map_or(&[][..], |u| graph.args(u));
            if args.is_empty() {
                i as f64
            } else {
                args.iter().filter_map(|a| row_of.get(a.index())).sum::<f64>() / args.len() as f64
            }
        };
        let mut keyed: Vec<(f64, usize)> = row.iter().map(|i| (key(i), *i)).collect();
        keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        *row = keyed.into_iter().map(|(_, i)| i).collect();
        for (position, &i) in row.iter().enumerate() {
            if let Some(slot) = row_of.get_mut(i) {
                *slot = position as f64;
            }
        }
    }
    let tallest = rows.iter().map(Vec::len).max().unwrap_or(0) as f64;
    let height = 2.0 * MARGIN + tallest * NODE_HEIGHT + (tallest - 1.0).max(0.0) * ROW_GAP;
    // Each layer is as wide as its widest node; nodes are centered in their layer.
    let mut centers = vec![Point { x: 0.0, y: 0.0 }; n];
    let mut left = MARGIN;
    for row in &rows {
        let column_width = row.iter().map(|&i| widths.get(i).copied().unwrap_or(MIN_NODE_WIDTH)).fold(0.0, f64::max);
        let column_height = row.len() as f64 * NODE_HEIGHT + (row.len() as f64 - 1.0).max(0.0) * ROW_GAP;
        let top = (height - column_height) / 2.0;
        for (position, &i) in row.iter().enumerate() {
            if let Some(center) = centers.get_mut(i) {
                let y = top + NODE_HEIGHT / 2.0 + position as f64 * (NODE_HEIGHT + ROW_GAP);
                *center = Point { x: left + column_width / 2.0, y };
            }
        }
        left += column_width + LAYER_GAP;
    }
    let width = (left - LAYER_GAP).max(MARGIN) + MARGIN;
    Layout { centers, widths, width, height }
}
