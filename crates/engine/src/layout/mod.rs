//! The drawing's geometry: a layered (Sugiyama) layout of the computation graph, inputs first
//! and the output last, with every edge routed between the nodes.
//!
//! The stages, one module each: [`rank`] (which layer each node is in, edges kept short),
//! [`order`] (long edges cut into dummies; the order within each layer, crossings kept few,
//! argument slots respected, groups kept together), [`position`] (coordinates across the
//! layers by Brandes–Köpf: long edges straight, nodes level with their arguments) and the
//! routes here (each edge through its dummies' places, or, beyond the dummy budget, along a
//! lane beside the drawing, so it never passes through a node).
//! [`measure`] counts crossings and edges through nodes on the result, for tests and
//! benchmarks. The input is plain sizes and edges ([`Input`]); [`layout()`] builds it from a
//! graph. Deterministic: the same input gives the same layout.

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
/// Graphs with more nodes are not laid out (nor drawn): their steps, table and results still
/// work.
pub const MAX_LAID_OUT: usize = 12_000;
const LAYER_GAP: f64 = 72.0;
const ROW_GAP: f64 = 32.0;
const MARGIN: f64 = 24.0;

pub mod measure;
mod order;

pub(crate) use crate::sorting::{sort_indices, sorted};
mod position;
mod rank;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Size {
    pub width: f64,
    pub height: f64,
}

/// An edge from an argument into its consumer's argument slot `port` (of `ports`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Link {
    pub from: usize,
    pub to: usize,
    pub port: usize,
    pub ports: usize,
}

/// What is laid out: node sizes and edges. Edges whose ends are out of range, loops and cycles
/// are tolerated (a loop is not drawn; a cycle's back edges are drawn backwards).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Input {
    pub sizes: Vec<Size>,
    pub edges: Vec<Link>,
    /// Each node's group (the elements of one named vector or matrix), by node; may be shorter.
    pub groups: Vec<Option<usize>>,
    /// The node drawn in the last layer (the output), if it has no consumers.
    pub last: Option<usize>,
    /// Where each node was across the layers in an earlier drawing (its centre's `y` when
    /// layers are columns), by node; may be shorter. Nodes keep that order where it costs no
    /// crossings, so a small edit does not reshuffle the drawing.
    pub hints: Vec<Option<f64>>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Direction {
    /// Layers are columns: inputs on the left, the output on the right.
    #[default]
    LeftToRight,
    /// Layers are rows: inputs at the top, the output at the bottom.
    TopToBottom,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Settings {
    pub direction: Direction,
    /// The least space between two layers.
    pub layer_gap: f64,
    /// The space between two nodes of a layer.
    pub node_gap: f64,
    /// The space beside an edge passing through a layer.
    pub edge_gap: f64,
    pub margin: f64,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            direction: Direction::LeftToRight,
            layer_gap: LAYER_GAP,
            node_gap: ROW_GAP,
            edge_gap: 10.0,
            margin: MARGIN,
        }
    }
}

/// An edge's path: straight runs inside layers alternating with S-curves between them. The
/// first point is on the argument's border and the last on the consumer's, at its slot.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Route {
    pub points: Vec<Point>,
    /// The direction of the layers (which way the S-curves leave and arrive).
    pub direction: Direction,
}

impl Route {
    /// The path as cubic Bézier segments `[start, control, control, end]`: point `i` to `i + 1`
    /// is straight when `i` is even and an S-curve, leaving and arriving along the layers'
    /// direction, when `i` is odd.
    pub fn cubics(&self) -> Vec<[Point; 4]> {
        self.points
            .windows(2)
            .enumerate()
            .filter_map(|(i, pair)| {
                let (&a, &b) = (pair.first()?, pair.get(1)?);
                let at = |t: f64| Point { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t };
                Some(if i % 2 == 0 {
                    [a, at(1.0 / 3.0), at(2.0 / 3.0), b]
                } else if self.direction == Direction::LeftToRight {
                    let bend = (b.x - a.x) / 2.0;
                    [a, Point { x: a.x + bend, y: a.y }, Point { x: b.x - bend, y: b.y }, b]
                } else {
                    let bend = (b.y - a.y) / 2.0;
                    [a, Point { x: a.x, y: a.y + bend }, Point { x: b.x, y: b.y - bend }, b]
                })
            })
            .collect()
    }

    /// Points along the path as drawn: each segment that is a straight line as its two ends,
    /// each curved one as `pieces` straight pieces. Used to measure the drawing (crossings,
    /// edges through nodes) here and in the browser benchmark.
    pub fn sampled(&self, pieces: usize) -> Vec<Point> {
        let mut points = Vec::new();
        for cubic in self.cubics() {
            if points.is_empty() {
                points.push(cubic[0]);
            }
            let count = if is_straight(&cubic) { 1 } else { pieces.max(1) };
            points.extend((1..=count).map(|k| bezier(&cubic, k as f64 / count as f64)));
        }
        points
    }

    /// Where the edge's label goes: the middle of its last S-curve (between the last two
    /// layers, in the gap, so the label does not cover a node), or of its last piece when it
    /// has no curve.
    pub fn label_point(&self) -> Option<Point> {
        let cubics = self.cubics();
        let curve = cubics.iter().enumerate().rev().find(|(i, c)| i % 2 == 1 && c[0] != c[3]);
        if let Some((_, c)) = curve {
            return Some(bezier(c, 0.5));
        }
        let [a, _, _, d] = cubics.into_iter().rev().find(|c| c[0] != c[3])?;
        Some(Point { x: (a.x + d.x) / 2.0, y: (a.y + d.y) / 2.0 })
    }
}

/// The point at `t` (0 to 1) along a cubic Bézier segment.
fn bezier(c: &[Point; 4], t: f64) -> Point {
    let u = 1.0 - t;
    let [p0, p1, p2, p3] = c;
    let x = u * u * u * p0.x + 3.0 * u * u * t * p1.x + 3.0 * u * t * t * p2.x + t * t * t * p3.x;
    let y = u * u * u * p0.y + 3.0 * u * u * t * p1.y + 3.0 * u * t * t * p2.y + t * t * t * p3.y;
    Point { x, y }
}

/// Whether a cubic segment's control points lie on the line between its ends.
fn is_straight(c: &[Point; 4]) -> bool {
    let cross = |p: &Point| (c[3].x - c[0].x) * (p.y - c[0].y) - (c[3].y - c[0].y) * (p.x - c[0].x);
    cross(&c[1]).abs() < 1e-9 && cross(&c[2]).abs() < 1e-9
}

#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// The center of each node, by node index.
    pub centers: Vec<Point>,
    /// The width of each node, by node index.
    pub widths: Vec<f64>,
    /// The height of each node, by node index.
    pub heights: Vec<f64>,
    /// Each node's layer, by node index.
    pub ranks: Vec<usize>,
    /// Each edge's path, by edge (empty for a loop or an edge with an end out of range).
    pub routes: Vec<Route>,
    /// Crossings between adjacent layers counted on the layered graph (ports included).
    pub crossings: usize,
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

/// The layout's input for a graph: each node as wide as `widths` says (by node index) and
/// [`NODE_HEIGHT`] high, each edge into its argument slot, the elements of a named vector or
/// matrix as a group, and the output last.
pub fn input(graph: &Graph, widths: &[f64]) -> Input {
    let sizes = (0..graph.len())
        .map(|i| Size { width: widths.get(i).copied().unwrap_or(MIN_NODE_WIDTH), height: NODE_HEIGHT })
        .collect();
    let edges = graph
        .edges()
        .map(|e| Link { from: e.from.index(), to: e.to.index(), port: e.position, ports: graph.args(e.to).len() })
        .collect();
    let mut names: Vec<&str> = Vec::new();
    let groups = graph
        .nodes()
        .map(|(_, node)| {
            let name = node.group.as_deref()?;
            Some(names.iter().position(|&n| n == name).unwrap_or_else(|| {
                names.push(name);
                names.len() - 1
            }))
        })
        .collect();
    Input { sizes, edges, groups, last: Some(graph.output().index()), hints: Vec::new() }
}

/// Lays out a graph left to right with the default settings, each node as wide as `widths`
/// says (by node index). A graph of more than [`MAX_LAID_OUT`] nodes gets an empty layout.
pub fn layout(graph: &Graph, widths: &[f64]) -> Layout {
    layout_after(graph, widths, None)
}

/// What a collapsed vector or matrix shows in its box: its name and how many elements it holds.
pub fn box_label(group: &str, members: usize) -> String {
    format!("▸ {group} ({members})")
}

/// Lays out `graph` with each named vector or matrix in `collapsed` drawn as one box, after an
/// earlier drawing `before` as [`layout_after`] does. The result is in the graph's terms: each
/// member of a collapsed group has its box's place and size, an edge between two members of
/// one box has an empty route, and the edges into a box arrive in the order of the members
/// they go to.
pub fn layout_collapsed(
    graph: &Graph,
    widths: &[f64],
    collapsed: &[String],
    before: Option<(&Graph, &Layout)>,
) -> Layout {
    collapsed_with(graph, widths, collapsed, before, &Settings::default())
}

/// [`layout_collapsed`] with the layers going `direction`: left to right (as the page draws
/// by default), or top to bottom. `before` should be a drawing in the same direction.
pub fn layout_directed(
    graph: &Graph,
    widths: &[f64],
    collapsed: &[String],
    direction: Direction,
    before: Option<(&Graph, &Layout)>,
) -> Layout {
    collapsed_with(graph, widths, collapsed, before, &Settings { direction, ..Settings::default() })
}

/// Each node of `graph` (by index) where it was across the layers in the earlier drawing
/// `before`, if it was there (by [`Graph::identities`]): the order hints.
fn earlier_places(graph: &Graph, (earlier, placed): (&Graph, &Layout), settings: &Settings) -> Vec<Option<f64>> {
    let across = |c: &Point| match settings.direction {
        Direction::LeftToRight => c.y,
        Direction::TopToBottom => c.x,
    };
    let places: std::collections::HashMap<u64, f64> =
        earlier.identities().into_iter().zip(placed.centers.iter().map(across)).collect();
    graph.identities().iter().map(|id| places.get(id).copied()).collect()
}

fn collapsed_with(
    graph: &Graph,
    widths: &[f64],
    collapsed: &[String],
    before: Option<(&Graph, &Layout)>,
    settings: &Settings,
) -> Layout {
    let full = input(graph, widths);
    let n = full.sizes.len();
    if collapsed.is_empty() || n > MAX_LAID_OUT {
        return after_with(graph, widths, before, settings);
    }
    // Each node's vertex (a collapsed group's members share one) and its place among them.
    let mut vertex = vec![0usize; n];
    let mut ordinal = vec![0usize; n];
    let mut sizes: Vec<Size> = Vec::new();
    let mut groups: Vec<Option<usize>> = Vec::new();
    let mut members: Vec<usize> = Vec::new();
    let mut first: Vec<usize> = Vec::new();
    let mut boxes: Vec<(&str, usize)> = Vec::new();
    for (id, node) in graph.nodes() {
        let i = id.index();
        let group = node.group.as_deref().filter(|g| collapsed.iter().any(|c| c == g));
        let v = match group.map(|g| (g, boxes.iter().find(|b| b.0 == g).map(|b| b.1))) {
            Some((_, Some(v))) => v,
            found => {
                if let Some((g, None)) = found {
                    boxes.push((g, sizes.len()));
                }
                let size = full.sizes.get(i).copied().unwrap_or(Size { width: MIN_NODE_WIDTH, height: NODE_HEIGHT });
                sizes.push(size);
                groups.push(if found.is_some() { None } else { full.groups.get(i).copied().flatten() });
                members.push(0);
                first.push(i);
                sizes.len() - 1
            }
        };
        if let (Some(slot), Some(place), Some(count)) = (vertex.get_mut(i), ordinal.get_mut(i), members.get_mut(v)) {
            *slot = v;
            *place = *count;
            *count += 1;
        }
    }
    for &(group, v) in &boxes {
        let label = box_label(group, members.get(v).copied().unwrap_or(0));
        let width = (label.chars().count() as f64 * CHAR_WIDTH + 2.0 * PADDING).clamp(MIN_NODE_WIDTH, MAX_NODE_WIDTH);
        if let Some(size) = sizes.get_mut(v) {
            *size = Size { width, height: NODE_HEIGHT };
        }
    }
    let is_box = |v: usize| boxes.iter().any(|b| b.1 == v);
    // The edges between vertices: into a box, at the slot of the member it goes to.
    let mut edges: Vec<Link> = Vec::new();
    let mut edge_of: Vec<Option<usize>> = Vec::with_capacity(full.edges.len());
    for link in &full.edges {
        let (Some(&from), Some(&to)) = (vertex.get(link.from), vertex.get(link.to)) else {
            edge_of.push(None);
            continue;
        };
        if from == to {
            edge_of.push(None);
            continue;
        }
        let (port, ports) = if is_box(to) {
            let per = link.ports.max(1);
            let count = members.get(to).copied().unwrap_or(1).max(1);
            (ordinal.get(link.to).copied().unwrap_or(0) * per + link.port.min(per - 1), count * per)
        } else {
            (link.port, link.ports)
        };
        edge_of.push(Some(edges.len()));
        edges.push(Link { from, to, port, ports });
    }
    let mut reduced =
        Input { sizes, edges, groups, last: full.last.and_then(|l| vertex.get(l).copied()), hints: Vec::new() };
    if let Some(before) = before {
        let places = earlier_places(graph, before, settings);
        reduced.hints = first.iter().map(|&i| places.get(i).copied().flatten()).collect();
    }
    let placed = place(&reduced, settings);
    let of = |i: usize| vertex.get(i).copied().unwrap_or(0);
    let direction = settings.direction;
    Layout {
        centers: (0..n).map(|i| placed.centers.get(of(i)).copied().unwrap_or(Point { x: 0.0, y: 0.0 })).collect(),
        widths: (0..n).map(|i| placed.widths.get(of(i)).copied().unwrap_or(MIN_NODE_WIDTH)).collect(),
        heights: (0..n).map(|i| placed.heights.get(of(i)).copied().unwrap_or(NODE_HEIGHT)).collect(),
        ranks: (0..n).map(|i| placed.ranks.get(of(i)).copied().unwrap_or(0)).collect(),
        routes: edge_of
            .iter()
            .map(|e| e.and_then(|e| placed.routes.get(e).cloned()).unwrap_or(Route { points: Vec::new(), direction }))
            .collect(),
        crossings: placed.crossings,
        width: placed.width,
        height: placed.height,
    }
}

/// Lays out `graph` as [`layout`] does, after an earlier drawing `before` (a graph and its
/// layout): the nodes the two share (by [`Graph::identities`]) start in their earlier order
/// across the layers, which the crossing minimisation keeps unless it finds fewer crossings.
pub fn layout_after(graph: &Graph, widths: &[f64], before: Option<(&Graph, &Layout)>) -> Layout {
    after_with(graph, widths, before, &Settings::default())
}

fn after_with(graph: &Graph, widths: &[f64], before: Option<(&Graph, &Layout)>, settings: &Settings) -> Layout {
    if graph.len() > MAX_LAID_OUT {
        return place(&Input::default(), settings);
    }
    let mut input = input(graph, widths);
    if let Some(before) = before {
        input.hints = earlier_places(graph, before, settings);
    }
    place(&input, settings)
}

/// The lane of each edge drawn directly across two or more layers (`None` for the others):
/// by first layer, the first lane whose last run ended before this one begins. `O(E · lanes)`.
fn lanes(chains: &[Option<order::Chain>], rank_of: &dyn Fn(usize) -> usize) -> Vec<Option<usize>> {
    let runs: Vec<(usize, usize, usize)> = chains
        .iter()
        .enumerate()
        .filter_map(|(e, chain)| match chain.as_ref()?.vertices.as_slice() {
            &[a, b] if rank_of(b) > rank_of(a) + 1 => Some((rank_of(a) + 1, rank_of(b) - 1, e)),
            _ => None,
        })
        .collect();
    let runs = sorted(&runs, &|x, y| x.cmp(y));
    let mut lane_ends: Vec<usize> = Vec::new();
    let mut lanes = vec![None; chains.len()];
    for (from, to, e) in runs {
        let k = match lane_ends.iter().position(|&end| end < from) {
            Some(k) => k,
            None => {
                lane_ends.push(0);
                lane_ends.len() - 1
            }
        };
        if let (Some(end), Some(lane)) = (lane_ends.get_mut(k), lanes.get_mut(e)) {
            *end = to;
            *lane = Some(k);
        }
    }
    lanes
}

/// Lays out `input`. `O((V + D) log V + E log E)` per crossing-minimisation sweep (at most 24)
/// for `D` dummy vertices, which are bounded by `max(8 000, 8 V)`; beyond that, the longest
/// edges are drawn directly, in lanes beyond the drawing's far side.
pub fn place(input: &Input, settings: &Settings) -> Layout {
    let n = input.sizes.len();
    let mut layered = order::Layered::new(input);
    let crossings = layered.minimise_crossings();
    let vertices = layered.vertices();
    let left_to_right = settings.direction == Direction::LeftToRight;
    let size = |v: usize| input.sizes.get(v).copied().unwrap_or(Size { width: 0.0, height: 0.0 });
    // Size across the layers (breadth) and along them (depth); a dummy is a line.
    let breadth: Vec<f64> = (0..vertices)
        .map(|v| {
            if v < n {
                if left_to_right {
                    size(v).height
                } else {
                    size(v).width
                }
            } else {
                0.0
            }
        })
        .map(|b| if b.is_finite() { b.max(0.0) } else { 0.0 })
        .collect();
    let depth = |v: usize| {
        let d = if left_to_right { size(v).width } else { size(v).height };
        if d.is_finite() {
            d.max(0.0)
        } else {
            0.0
        }
    };
    let mut across = position::across(&layered, &breadth, settings.node_gap, settings.edge_gap);
    let low = (0..vertices).filter_map(|v| Some(across.get(v)? - breadth.get(v)? / 2.0)).fold(f64::INFINITY, f64::min);
    let high =
        (0..vertices).filter_map(|v| Some(across.get(v)? + breadth.get(v)? / 2.0)).fold(f64::NEG_INFINITY, f64::max);
    let shift = if low.is_finite() { settings.margin - low } else { 0.0 };
    for a in &mut across {
        *a += shift;
    }
    let mut extent_across = if high.is_finite() { high - low + 2.0 * settings.margin } else { 2.0 * settings.margin };
    let at = |v: usize| across.get(v).copied().unwrap_or(settings.margin);
    let rank_of = |v: usize| layered.rank.get(v).copied().unwrap_or(0);
    // An edge drawn directly (too long for the dummy budget) runs in a lane of its own beyond
    // the drawing's far side, so it never passes through a node: out of its argument's layer,
    // along the lane, and into its consumer's. Edges whose runs do not overlap share a lane.
    let lanes = lanes(&layered.chains, &rank_of);
    let lane_count = lanes.iter().flatten().map(|&k| k + 1).max().unwrap_or(0);
    let far_side = extent_across - settings.margin;
    let lane_at = |k: usize| far_side + (k + 1) as f64 * settings.edge_gap;
    extent_across += lane_count as f64 * settings.edge_gap;

    // Each layer is as deep as its deepest node; the gap after it grows with its steepest edge.
    let mut starts = Vec::with_capacity(layered.layers.len());
    let mut ends = Vec::with_capacity(layered.layers.len());
    let mut cursor = settings.margin;
    for (l, layer) in layered.layers.iter().enumerate() {
        let deepest = layer.iter().filter(|&&v| v < n).map(|&v| depth(v)).fold(0.0, f64::max);
        starts.push(cursor);
        ends.push(cursor + deepest);
        let steepest = layer
            .iter()
            .flat_map(|&v| layered.down.get(v).into_iter().flatten().map(move |s| (at(v) - at(s.other)).abs()))
            .fold(0.0, f64::max);
        if l + 1 < layered.layers.len() {
            cursor += deepest + settings.layer_gap + (0.08 * steepest).min(settings.layer_gap);
        } else {
            cursor += deepest;
        }
    }
    let extent_along = cursor + settings.margin;
    let column = |v: usize| {
        let r = rank_of(v);
        (starts.get(r).copied().unwrap_or(0.0), ends.get(r).copied().unwrap_or(0.0))
    };
    let point = |along: f64, across: f64| {
        if left_to_right {
            Point { x: along, y: across }
        } else {
            Point { x: across, y: along }
        }
    };
    let centers: Vec<Point> = (0..n)
        .map(|v| {
            let (start, end) = column(v);
            point((start + end) / 2.0, at(v))
        })
        .collect();

    // Slots: where each edge meets its consumer (in argument order) and leaves its argument
    // (in the order of where it goes next, so edges from one node never cross there).
    let slot_offset = |count: usize, index: usize, room: f64, spacing: f64| {
        if count < 2 {
            return 0.0;
        }
        let step = spacing.min((room - 12.0).max(0.0) / (count - 1) as f64);
        (index as f64 - (count - 1) as f64 / 2.0) * step
    };
    let chains: Vec<Option<&order::Chain>> = layered.chains.iter().map(Option::as_ref).collect();
    let arrival: Vec<f64> = input
        .edges
        .iter()
        .zip(&chains)
        .map(|(edge, chain)| match chain {
            Some(c) if !c.reversed => {
                at(edge.to)
                    + slot_offset(
                        edge.ports.max(edge.port + 1),
                        edge.port,
                        breadth.get(edge.to).copied().unwrap_or(0.0),
                        14.0,
                    )
            }
            Some(c) => c.vertices.last().map_or(0.0, |&v| at(v)),
            None => 0.0,
        })
        .collect();
    // The place each chain goes after its first vertex, to order the edges leaving a node.
    let next_across = |e: usize| -> f64 {
        let Some(Some(chain)) = chains.get(e) else { return 0.0 };
        match chain.vertices.get(1) {
            Some(&v) if chain.vertices.len() > 2 => at(v),
            _ if !chain.reversed => arrival.get(e).copied().unwrap_or(0.0),
            Some(&v) => at(v),
            None => 0.0,
        }
    };
    let mut leaving: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (e, chain) in chains.iter().enumerate() {
        if let Some(first) = chain.and_then(|c| c.vertices.first()) {
            if let Some(list) = leaving.get_mut(*first) {
                list.push(e);
            }
        }
    }
    let mut departure = vec![0.0f64; input.edges.len()];
    for (v, list) in leaving.iter_mut().enumerate() {
        sort_indices(list, &|a, b| next_across(a).total_cmp(&next_across(b)).then(a.cmp(&b)));
        for (i, &e) in list.iter().enumerate() {
            if let Some(d) = departure.get_mut(e) {
                *d = at(v) + slot_offset(list.len(), i, breadth.get(v).copied().unwrap_or(0.0), 8.0);
            }
        }
    }
    let routes = chains
        .iter()
        .enumerate()
        .map(|(e, chain)| {
            let Some(chain) = chain else { return Route { points: Vec::new(), direction: settings.direction } };
            let (first, last) =
                (chain.vertices.first().copied().unwrap_or(0), chain.vertices.last().copied().unwrap_or(0));
            let (start_across, end_across) =
                (departure.get(e).copied().unwrap_or(0.0), arrival.get(e).copied().unwrap_or(0.0));
            let mut points = Vec::with_capacity(2 * chain.vertices.len());
            let (_, first_end) = column(first);
            let first_half = depth(first) / 2.0;
            let (first_start, _) = column(first);
            points.push(point((first_start + first_end) / 2.0 + first_half, start_across));
            points.push(point(first_end, start_across));
            if let Some(k) = lanes.get(e).copied().flatten() {
                let (after, before) = (rank_of(first) + 1, rank_of(last).saturating_sub(1));
                points.push(point(starts.get(after).copied().unwrap_or(0.0), lane_at(k)));
                points.push(point(ends.get(before).copied().unwrap_or(0.0), lane_at(k)));
            }
            for &d in chain.vertices.iter().skip(1).take(chain.vertices.len().saturating_sub(2)) {
                let (start, end) = column(d);
                points.push(point(start, at(d)));
                points.push(point(end, at(d)));
            }
            let (last_start, last_end) = column(last);
            points.push(point(last_start, end_across));
            points.push(point((last_start + last_end) / 2.0 - depth(last) / 2.0, end_across));
            if chain.reversed {
                points.reverse();
            }
            Route { points, direction: settings.direction }
        })
        .collect();
    let (width, height) = if left_to_right { (extent_along, extent_across) } else { (extent_across, extent_along) };
    Layout {
        centers,
        widths: (0..n).map(|v| size(v).width).collect(),
        heights: (0..n).map(|v| size(v).height).collect(),
        ranks: (0..n).map(rank_of).collect(),
        routes,
        crossings,
        width,
        height,
    }
}
