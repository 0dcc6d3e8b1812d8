//! The engine's layout for JavaScript, in flat arrays: only for `e2e/bench-layout.js`, which
//! times it in the browser beside dagre and ELK on the same graphs.

use gradgraph_engine::layout::{place, Input, Link, Settings, Size};
use wasm_bindgen::prelude::wasm_bindgen;

/// Lays out `widths.len()` nodes and the edges `edges` (four numbers each: from, to, port,
/// ports); `groups` holds each node's group or -1; `last` is the output or -1. Returns the
/// nodes' centers (x, y for each), then for each edge its number of points and the points.
#[wasm_bindgen]
pub fn layout(widths: &[f64], heights: &[f64], edges: &[u32], groups: &[i32], last: i32) -> Vec<f64> {
    let input = Input {
        sizes: widths.iter().zip(heights).map(|(&width, &height)| Size { width, height }).collect(),
        edges: edges
            .chunks_exact(4)
            .map(|e| Link { from: e[0] as usize, to: e[1] as usize, port: e[2] as usize, ports: e[3] as usize })
            .collect(),
        groups: groups.iter().map(|&g| usize::try_from(g).ok()).collect(),
        last: usize::try_from(last).ok(),
        hints: Vec::new(),
    };
    let placed = place(&input, &Settings::default());
    let mut out: Vec<f64> = placed.centers.iter().flat_map(|c| [c.x, c.y]).collect();
    for route in &placed.routes {
        // The curves, sampled as the engine's measure samples them: sixteen pieces per curve.
        let points = route.sampled(16);
        out.push(points.len() as f64);
        out.extend(points.iter().flat_map(|p| [p.x, p.y]));
    }
    out
}
