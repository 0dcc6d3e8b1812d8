//! How clean a drawing is, measured on its geometry: edge crossings and edges passing through
//! nodes, with every edge sampled along its curve. The tests hold the layout to these; the
//! benchmarks print them (e2e/bench-layout.js measures dagre's and ELK's drawings the same way).

use std::collections::HashMap;

use super::{Layout, Point};

/// Pieces per S-curve when sampling.
const SAMPLES: usize = 16;
/// Grid cell size for finding nearby pieces.
const CELL: f64 = 48.0;

/// A straight piece of a sampled edge.
#[derive(Clone, Copy, Debug)]
struct Piece {
    edge: usize,
    a: Point,
    b: Point,
}

/// A node's rectangle: left, top, right, bottom.
type Rect = (f64, f64, f64, f64);

fn rects(layout: &Layout) -> Vec<Rect> {
    layout
        .centers
        .iter()
        .zip(layout.widths.iter().zip(&layout.heights))
        .map(|(c, (w, h))| (c.x - w / 2.0, c.y - h / 2.0, c.x + w / 2.0, c.y + h / 2.0))
        .collect()
}

/// Every edge as straight pieces (an S-curve as [`SAMPLES`] of them).
fn pieces(layout: &Layout) -> Vec<Piece> {
    let mut out = Vec::new();
    for (edge, route) in layout.routes.iter().enumerate() {
        for pair in route.sampled(SAMPLES).windows(2) {
            if let [a, b] = *pair {
                if a != b {
                    out.push(Piece { edge, a, b });
                }
            }
        }
    }
    out
}

/// The cells of the grid a box touches.
fn cells(x0: f64, y0: f64, x1: f64, y1: f64) -> impl Iterator<Item = (i64, i64)> {
    let (cx0, cy0) = ((x0.min(x1) / CELL).floor() as i64, (y0.min(y1) / CELL).floor() as i64);
    let (cx1, cy1) = ((x0.max(x1) / CELL).floor() as i64, (y0.max(y1) / CELL).floor() as i64);
    (cx0..=cx1).flat_map(move |x| (cy0..=cy1).map(move |y| (x, y)))
}

/// Where two pieces cross properly (not at an end they share), if they do.
fn intersection(p: &Piece, q: &Piece) -> Option<Point> {
    let (r, s) = ((p.b.x - p.a.x, p.b.y - p.a.y), (q.b.x - q.a.x, q.b.y - q.a.y));
    let denominator = r.0 * s.1 - r.1 * s.0;
    if denominator.abs() < 1e-12 {
        return None;
    }
    let (dx, dy) = (q.a.x - p.a.x, q.a.y - p.a.y);
    let t = (dx * s.1 - dy * s.0) / denominator;
    let u = (dx * r.1 - dy * r.0) / denominator;
    ((0.0..1.0).contains(&t) && (0.0..1.0).contains(&u)).then_some(Point { x: p.a.x + t * r.0, y: p.a.y + t * r.1 })
}

fn inside(rect: &Rect, p: &Point, margin: f64) -> bool {
    p.x > rect.0 - margin && p.x < rect.2 + margin && p.y > rect.1 - margin && p.y < rect.3 + margin
}

/// The number of points where two different edges cross, outside every node (edges meeting at
/// a node they share do not count). `O(P · k)` for `P` pieces and `k` pieces per grid cell.
pub fn crossings(layout: &Layout) -> usize {
    let pieces = pieces(layout);
    let rects = rects(layout);
    let node_grid = grid(rects.iter().map(|r| (r.0, r.1, r.2, r.3)));
    let grid = grid(pieces.iter().map(|p| (p.a.x, p.a.y, p.b.x, p.b.y)));
    let mut count = 0;
    for (cell, members) in &grid {
        for (i, &p) in members.iter().enumerate() {
            for &q in members.iter().skip(i + 1) {
                let (Some(p), Some(q)) = (pieces.get(p), pieces.get(q)) else { continue };
                if p.edge == q.edge {
                    continue;
                }
                let Some(point) = intersection(p, q) else { continue };
                // Count each crossing once: in the cell that holds it.
                if ((point.x / CELL).floor() as i64, (point.y / CELL).floor() as i64) != *cell {
                    continue;
                }
                let near = node_grid.get(cell).into_iter().flatten();
                if !near.filter_map(|&n| rects.get(n)).any(|r| inside(r, &point, 1.0)) {
                    count += 1;
                }
            }
        }
    }
    count
}

/// The number of (edge, node) pairs where the edge passes through a node that is not one of
/// its ends (the node's box shrunk by 2 px, so touching its border does not count).
pub fn edges_through_nodes(layout: &Layout, ends: &[(usize, usize)]) -> usize {
    let pieces = pieces(layout);
    let rects = rects(layout);
    let node_grid = grid(rects.iter().map(|r| (r.0, r.1, r.2, r.3)));
    let mut hits: Vec<(usize, usize)> = Vec::new();
    for piece in &pieces {
        for cell in cells(piece.a.x, piece.a.y, piece.b.x, piece.b.y) {
            for &n in node_grid.get(&cell).into_iter().flatten() {
                let Some(rect) = rects.get(n) else { continue };
                let own = ends.get(piece.edge).is_some_and(|&(a, b)| a == n || b == n);
                let shrunk = (rect.0 + 2.0, rect.1 + 2.0, rect.2 - 2.0, rect.3 - 2.0);
                if !own && crosses_rect(piece, &shrunk) {
                    hits.push((piece.edge, n));
                }
            }
        }
    }
    hits.sort_unstable();
    hits.dedup();
    hits.len()
}

/// Whether a piece has a point inside a rectangle (Liang–Barsky clipping).
fn crosses_rect(piece: &Piece, rect: &Rect) -> bool {
    let (dx, dy) = (piece.b.x - piece.a.x, piece.b.y - piece.a.y);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in
        [(-dx, piece.a.x - rect.0), (dx, rect.2 - piece.a.x), (-dy, piece.a.y - rect.1), (dy, rect.3 - piece.a.y)]
    {
        if p == 0.0 {
            if q <= 0.0 {
                return false;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    t0 < t1
}

fn grid(boxes: impl Iterator<Item = (f64, f64, f64, f64)>) -> HashMap<(i64, i64), Vec<usize>> {
    let mut grid: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
    for (i, (x0, y0, x1, y1)) in boxes.enumerate() {
        if [x0, y0, x1, y1].iter().all(|v| v.is_finite()) {
            for cell in cells(x0, y0, x1, y1) {
                grid.entry(cell).or_default().push(i);
            }
        }
    }
    grid
}

/// Whether any two nodes' boxes overlap.
pub fn overlaps(layout: &Layout) -> usize {
    let rects = rects(layout);
    let grid = grid(rects.iter().map(|r| (r.0, r.1, r.2, r.3)));
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for members in grid.values() {
        for (i, &a) in members.iter().enumerate() {
            for &b in members.iter().skip(i + 1) {
                let (Some(p), Some(q)) = (rects.get(a), rects.get(b)) else { continue };
                if p.0 < q.2 - 0.5 && q.0 < p.2 - 0.5 && p.1 < q.3 - 0.5 && q.1 < p.3 - 0.5 {
                    pairs.push((a.min(b), a.max(b)));
                }
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs.len()
}
