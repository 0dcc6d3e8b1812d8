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
    };
    let placed = place(&input, &Settings::default());
    let mut out: Vec<f64> = placed.centers.iter().flat_map(|c| [c.x, c.y]).collect();
    for route in &placed.routes {
        // The curves, sampled as the drawing draws them: sixteen pieces per S-curve.
        let mut points = Vec::new();
        for (k, c) in route.cubics().iter().enumerate() {
            if k == 0 {
                points.push(c[0]);
            }
            let straight = k % 2 == 0;
            let pieces = if straight { 1 } else { 16 };
            for i in 1..=pieces {
                let t = i as f64 / pieces as f64;
                let u = 1.0 - t;
                let x = u * u * u * c[0].x + 3.0 * u * u * t * c[1].x + 3.0 * u * t * t * c[2].x + t * t * t * c[3].x;
                let y = u * u * u * c[0].y + 3.0 * u * u * t * c[1].y + 3.0 * u * t * t * c[2].y + t * t * t * c[3].y;
                points.push(gradgraph_engine::layout::Point { x, y });
            }
        }
        out.push(points.len() as f64);
        out.extend(points.iter().flat_map(|p| [p.x, p.y]));
    }
    out
}
