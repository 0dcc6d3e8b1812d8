//! The parts of a drawing that depend only on the graph and its layout: each edge's path, each
//! node's place and fixed text, the frames and boxes of named vectors and matrices, and which
//! edges end where. Made once per layout, reused while the numbers or the step change.

use std::rc::Rc;

use gradgraph_engine::layout::{box_label, shown_name, Direction, Layout, Point, Route, MIN_NODE_WIDTH, NODE_HEIGHT};
use gradgraph_engine::Graph;
use yew::prelude::*;
use yew::virtual_dom::Key;

use super::labels::{push_px, px};
use super::node::{NodeShape, NodeText};

/// The parts of the drawing that depend only on the graph and its layout, made once per layout
/// and reused while the values change (a slider moves) or the step changes.
pub struct Geometry {
    pub edges: Vec<EdgeShape>,
    /// Each node's place, size and texts that do not change with the numbers, by node index.
    pub nodes: Vec<Rc<NodeShape>>,
    /// The dashed frame around each named vector or matrix that is open, with its name (a
    /// button that collapses it).
    pub frames: Html,
    /// Each collapsed vector or matrix: one box in place of its elements.
    pub boxes: Vec<GroupBox>,
    /// The names of all named vectors and matrices, open or collapsed, in program order.
    pub groups: Vec<String>,
    /// Each edge's from, to and argument position, in the order of `edges`.
    pub ends: Vec<(usize, usize, usize)>,
    /// The edges into each node (indices into `edges`), by node index.
    pub into: Vec<Vec<usize>>,
}

impl Geometry {
    /// The nodes that are drawn (not the elements of a collapsed vector or matrix), with their
    /// indices: the `k`-th is the `k`-th `g[data-node]` in the document, as they are keyed.
    pub fn drawn(&self) -> impl Iterator<Item = (usize, &Rc<NodeShape>)> {
        self.nodes.iter().enumerate().filter(|(_, shape)| !shape.hidden)
    }
}

/// A collapsed vector or matrix, drawn as one box.
pub struct GroupBox {
    pub name: String,
    /// Its elements, by node index.
    pub members: Vec<usize>,
    pub label: String,
    pub x: AttrValue,
    pub y: AttrValue,
    pub width: AttrValue,
    pub text_x: AttrValue,
    pub text_y: AttrValue,
}

pub struct EdgeShape {
    pub from: usize,
    pub to: usize,
    pub position: usize,
    /// Its ends' identities and its argument position: kept across edits.
    pub key: Key,
    pub d: AttrValue,
    pub hook: AttrValue,
    /// The middle of the curve, where its label goes.
    pub middle: (f64, f64),
}

/// An edge's route as an SVG path, its end drawn back from the node by `gap` so the
/// arrowhead's tip touches the border.
fn path(route: &Route, gap: f64) -> Option<String> {
    let mut cubics = route.cubics();
    let last = cubics.last_mut()?;
    match route.direction {
        Direction::LeftToRight => last[3].x -= gap,
        Direction::TopToBottom => last[3].y -= gap,
    }
    let first = cubics.first()?[0];
    let mut d = String::with_capacity(16 + 40 * cubics.len());
    let point = |d: &mut String, lead: &str, p: Point| {
        d.push_str(lead);
        push_px(d, p.x);
        d.push(',');
        push_px(d, p.y);
    };
    point(&mut d, "M", first);
    for &[_, a, b, c] in &cubics {
        if a.y == c.y && b.y == c.y {
            d.push_str(" H");
            push_px(&mut d, c.x);
        } else {
            point(&mut d, " C", a);
            point(&mut d, " ", b);
            point(&mut d, " ", c);
        }
    }
    Some(d)
}

pub fn geometry(graph: &Graph, layout: &Layout, collapsed: &[String]) -> Geometry {
    let width_of = |i: usize| layout.widths.get(i).copied().unwrap_or(MIN_NODE_WIDTH);
    let ids = graph.identities();
    let id = |i: usize| ids.get(i).copied().unwrap_or(i as u64);
    let edges: Vec<EdgeShape> = graph
        .edges()
        .zip(&layout.routes)
        .filter_map(|(edge, route)| {
            let (v, u, position) = (edge.from.index(), edge.to.index(), edge.position);
            let d = path(route, 4.0)?;
            let middle = route.label_point().map_or((0.0, 0.0), |p| (p.x, p.y));
            let hook = format!("{v}-{u}-{position}").into();
            let key = Key::from(format!("{:x}-{:x}-{position}", id(v), id(u)));
            Some(EdgeShape { from: v, to: u, position, key, d: d.into(), hook, middle })
        })
        .collect();
    let nodes = graph
        .nodes()
        .map(|(n, node)| {
            let width = width_of(n.index());
            let center = layout.centers.get(n.index()).copied().unwrap_or(Point { x: 0.0, y: 0.0 });
            let text = NodeText {
                id: n.index(),
                identity: id(n.index()),
                name: node.name.clone(),
                shown: shown_name(node),
                op: node.kind.op_name(),
                symbol: node.kind.symbol(),
                formula: graph.formula_with_names(n),
            };
            let mut shape = NodeShape::new(text, center.x - width / 2.0, center.y - NODE_HEIGHT / 2.0, width);
            shape.hidden = node.group.as_ref().is_some_and(|g| collapsed.contains(g));
            Rc::new(shape)
        })
        .collect();
    // The elements of one named vector or matrix sit inside one dashed frame, or, collapsed,
    // in one box.
    let mut groups: Vec<(String, [f64; 4], Vec<usize>)> = Vec::new();
    for (n, node) in graph.nodes() {
        let (Some(group), Some(c)) = (&node.group, layout.centers.get(n.index())) else { continue };
        let half = width_of(n.index()) / 2.0;
        let (x0, y0, x1, y1) = (c.x - half, c.y - NODE_HEIGHT / 2.0, c.x + half, c.y + NODE_HEIGHT / 2.0);
        match groups.iter_mut().find(|g| &g.0 == group) {
            Some((_, b, members)) => {
                *b = [b[0].min(x0), b[1].min(y0), b[2].max(x1), b[3].max(y1)];
                members.push(n.index());
            }
            None => groups.push((group.clone(), [x0, y0, x1, y1], vec![n.index()])),
        }
    }
    let names = groups.iter().map(|g| g.0.clone()).collect();
    let (closed, open): (Vec<_>, Vec<_>) = groups.into_iter().partition(|g| collapsed.contains(&g.0));
    let frames = open
        .into_iter()
        .map(|(name, [x0, y0, x1, y1], _)| {
            let pad = 6.0;
            html! {
                <g key={name.clone()} class="group" data-group={name.clone()}>
                    <rect x={px(x0 - pad)} y={px(y0 - pad)}
                        width={px(x1 - x0 + 2.0 * pad)} height={px(y1 - y0 + 2.0 * pad)} rx="12" />
                    <text class="group-toggle" data-testid="group-toggle" data-group={name.clone()} tabindex="0" role="button"
                        aria-label={format!("Collapse {name} into one box")}
                        x={px(x0 - pad + 6.0)} y={px(y0 - pad - 3.0)}>
                        <title>{ "Collapse into one box" }</title>
                        { format!("▾ {name}") }
                    </text>
                </g>
            }
        })
        .collect();
    let boxes = closed
        .into_iter()
        .map(|(name, [x0, y0, x1, _], members)| GroupBox {
            label: box_label(&name, members.len()),
            name,
            members,
            x: px(x0).into(),
            y: px(y0).into(),
            width: px(x1 - x0).into(),
            text_x: px(x0 + 8.0).into(),
            text_y: px(y0 + 33.0).into(),
        })
        .collect();
    let ends: Vec<(usize, usize, usize)> = edges.iter().map(|e: &EdgeShape| (e.from, e.to, e.position)).collect();
    let mut into = vec![Vec::new(); graph.len()];
    for (e, &(_, to, _)) in ends.iter().enumerate() {
        if let Some(list) = into.get_mut(to) {
            list.push(e);
        }
    }
    Geometry { edges, nodes, frames, boxes, groups: names, ends, into }
}
