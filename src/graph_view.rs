//! The computation graph as SVG: nodes where the layout put them, edges as curves from each
//! argument into its argument slot, and the numbers known at the current step.

use std::collections::HashMap;
use std::rc::Rc;

use gradgraph_engine::layout::{shown_name, Layout, Point, CHAR_WIDTH, MIN_NODE_WIDTH, NODE_HEIGHT};
use gradgraph_engine::number::short;
use gradgraph_engine::timeline::Contribution;
use gradgraph_engine::{Analysis, Focus, Frame, Graph, Phase};
use wasm_bindgen::JsCast;
use web_sys::{Element, ScrollIntoViewOptions, ScrollLogicalPosition};
use yew::prelude::*;

use crate::node_view::NodeView;
use crate::state::Action;

#[derive(Properties)]
pub struct GraphViewProps {
    pub analysis: Rc<Analysis>,
    pub frame: Rc<Frame>,
    /// The node whose story is shown.
    pub selected: Option<usize>,
    /// Whether the timeline is playing (the current node is then kept in view).
    pub playing: bool,
    /// The node whose next number the student is asked to predict.
    pub asked: Option<usize>,
    pub on_action: Callback<Action>,
}

impl PartialEq for GraphViewProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.analysis, &other.analysis)
            && self.frame == other.frame
            && self.selected == other.selected
            && self.playing == other.playing
            && self.asked == other.asked
            && self.on_action == other.on_action
    }
}

/// What the backward pass pushes, read once per evaluation: each node's contributions (for
/// the running sums under nodes with several consumers) and the step at which each edge
/// pushes (for marking the edges that have contributed).
struct Pushes {
    contributions: Vec<Vec<Contribution>>,
    /// (consumer, argument position) → the step of its increment.
    edges: HashMap<(usize, usize), usize>,
}

/// A coordinate for SVG, to a tenth of a pixel (printed shortest, without the fixed-precision
/// formatter).
pub fn px(value: f64) -> String {
    format!("{}", (value * 10.0).round() / 10.0)
}

/// The output's name as written after ∂ in a node, shortened so the line stays short.
pub fn short_output_name(name: &str) -> String {
    if name.chars().count() <= 4 {
        name.to_string()
    } else {
        name.chars().take(3).chain(['…']).collect()
    }
}

/// Graphs with more nodes are computed and stepped through, but not drawn.
pub const MAX_DRAWN_NODES: usize = 2_000;

/// The parts of the drawing that depend only on the graph and its layout, made once per layout
/// and reused while the values change (a slider moves) or the step changes.
struct Geometry {
    edges: Vec<EdgeShape>,
    /// Each node's place, size and texts that do not change with the numbers, by node index.
    nodes: Vec<NodeShape>,
    /// The dashed frame around each named vector or matrix.
    frames: Html,
}

struct NodeShape {
    transform: AttrValue,
    width: f64,
    name: AttrValue,
    shown: AttrValue,
    formula: AttrValue,
}

struct EdgeShape {
    from: usize,
    to: usize,
    position: usize,
    d: AttrValue,
    hook: AttrValue,
    /// The middle of the curve, where its label goes.
    middle: (f64, f64),
}

/// A value compared by identity, so that a memo is kept while the same `Rc` comes back.
struct Same<T>(Rc<T>);

impl<T> PartialEq for Same<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

fn geometry(graph: &Graph, layout: &Layout) -> Geometry {
    let width_of = |i: usize| layout.widths.get(i).copied().unwrap_or(MIN_NODE_WIDTH);
    let edges = graph
        .edges()
        .filter_map(|edge| {
            let (v, u, position) = (edge.from.index(), edge.to.index(), edge.position);
            let (from, to) = (layout.centers.get(v)?, layout.centers.get(u)?);
            let arity = graph.args(edge.to).len().max(1) as f64;
            let port = (position as f64 - (arity - 1.0) / 2.0) * 14.0;
            let (x1, y1) = (from.x + width_of(v) / 2.0, from.y);
            let (x2, y2) = (to.x - width_of(u) / 2.0 - 4.0, to.y + port);
            let bend = (x2 - x1).abs() / 2.0;
            let d = format!(
                "M{},{} C{},{} {},{} {},{}",
                px(x1),
                px(y1),
                px(x1 + bend),
                px(y1),
                px(x2 - bend),
                px(y2),
                px(x2),
                px(y2)
            );
            // The middle of the curve is where its two control points balance.
            let middle = ((x1 + x2) / 2.0, (y1 + y2) / 2.0);
            let hook = format!("{v}-{u}-{position}").into();
            Some(EdgeShape { from: v, to: u, position, d: d.into(), hook, middle })
        })
        .collect();
    let nodes = graph
        .nodes()
        .map(|(n, node)| {
            let width = width_of(n.index());
            let center = layout.centers.get(n.index()).copied().unwrap_or(Point { x: 0.0, y: 0.0 });
            let transform = format!("translate({},{})", px(center.x - width / 2.0), px(center.y - NODE_HEIGHT / 2.0));
            NodeShape {
                transform: transform.into(),
                width,
                name: node.name.clone().into(),
                shown: shown_name(node).into(),
                formula: graph.formula_with_names(n).into(),
            }
        })
        .collect();
    // The elements of one named vector or matrix sit inside one dashed frame.
    let mut groups: Vec<(String, f64, f64, f64, f64)> = Vec::new();
    for (n, node) in graph.nodes() {
        let (Some(group), Some(c)) = (&node.group, layout.centers.get(n.index())) else { continue };
        let half = width_of(n.index()) / 2.0;
        let (x0, y0, x1, y1) = (c.x - half, c.y - NODE_HEIGHT / 2.0, c.x + half, c.y + NODE_HEIGHT / 2.0);
        match groups.iter_mut().find(|g| &g.0 == group) {
            Some(g) => *g = (g.0.clone(), g.1.min(x0), g.2.min(y0), g.3.max(x1), g.4.max(y1)),
            None => groups.push((group.clone(), x0, y0, x1, y1)),
        }
    }
    let frames = groups
        .into_iter()
        .map(|(name, x0, y0, x1, y1)| {
            let pad = 6.0;
            html! {
                <g key={name.clone()} class="group" data-group={name.clone()}>
                    <rect x={px(x0 - pad)} y={px(y0 - pad)}
                        width={px(x1 - x0 + 2.0 * pad)} height={px(y1 - y0 + 2.0 * pad)} rx="12" />
                    <text x={px(x0 - pad + 6.0)} y={px(y0 - pad - 3.0)}>{ name }</text>
                </g>
            }
        })
        .collect();
    Geometry { edges, nodes, frames }
}

#[component]
pub fn GraphView(props: &GraphViewProps) -> Html {
    let Analysis { graph, evaluation, layout, .. } = &*props.analysis;
    let hovered = use_state(|| None::<usize>);
    let pushes = use_memo(Same(Rc::clone(&props.analysis)), |analysis| {
        let contributions = analysis.0.evaluation.timeline.all_contributions();
        let edges =
            contributions.iter().flatten().map(|c| ((c.consumer, c.position), c.step)).collect::<HashMap<_, _>>();
        Pushes { contributions, edges }
    });
    let svg = use_node_ref();
    // Keep the node this step is about in view (scrolling only if it is not), so a class
    // following along never loses the current node.
    {
        let svg = svg.clone();
        let focus = match props.frame.focus {
            Focus::Node { node } | Focus::Edge { node, .. } => Some(node),
            Focus::None => None,
        };
        use_effect_with((focus, props.playing), move |&(focus, playing)| {
            let target = focus
                .filter(|_| playing)
                .and_then(|i| svg.cast::<Element>()?.query_selector(&format!("g[data-node=\"{i}\"]")).ok().flatten());
            if let Some(target) = target {
                let options = ScrollIntoViewOptions::new();
                options.set_block(ScrollLogicalPosition::Nearest);
                options.set_inline(ScrollLogicalPosition::Nearest);
                target.scroll_into_view_with_scroll_into_view_options(&options);
            }
        });
    }
    let shapes =
        use_memo((Same(Rc::clone(graph)), Same(Rc::clone(layout))), |(graph, layout)| geometry(&graph.0, &layout.0));
    if graph.len() > MAX_DRAWN_NODES {
        return html! {
            <div class="graph-scroll too-big" data-testid="graph" data-nodes={graph.len().to_string()}>
                { format!(
                    "This graph has {} nodes: too many to draw (the limit is {MAX_DRAWN_NODES}). \
                     The steps, the explanation and the results below still work.",
                    graph.len()
                ) }
            </div>
        };
    }
    let frame = &props.frame;
    let output = graph.output().index();
    let output_name = graph.output_name();

    // The label of the edge being pushed through: drawn after the nodes, over a background, so
    // no node hides it.
    let mut edge_label = None;
    let edges = shapes.edges.iter().enumerate().map(|(e, shape)| {
        let (v, u, position) = (shape.from, shape.to, shape.position);
        let active = frame.focus == Focus::Edge { node: u, arg: v, position };
        let feeding = frame.phase == Phase::Forward && frame.focus == Focus::Node { node: u };
        let pushed = pushes.edges.get(&(u, position)).is_some_and(|&at| at <= frame.step);
        let class =
            classes!("edge", active.then_some("active"), feeding.then_some("feeding"), pushed.then_some("pushed"));
        if active {
            let partial = evaluation.partials.get(u).and_then(|p| p.get(position)).copied().flatten();
            edge_label = Some((format!("× {}", partial.map_or("?".into(), short)), shape.middle));
        }
        html! {
            <path key={e} {class} d={shape.d.clone()} marker-end="url(#arrow)" data-edge={shape.hook.clone()} />
        }
    });
    let edges: Html = edges.collect();
    let edge_label = edge_label.map(|(text, (x, y))| {
        let width = text.chars().count() as f64 * CHAR_WIDTH + 8.0;
        html! {
            <g class="edge-label" data-testid="edge-label" transform={format!("translate({},{})", px(x), px(y))}>
                <rect x={px(-width / 2.0)} y="-10" width={px(width)} height="18" rx="4" />
                <text text-anchor="middle" y="4">{ text }</text>
            </g>
        }
    });

    let output_name = AttrValue::from(output_name.to_string());
    // The running sum under a node with several consumers, once the backward pass has begun.
    let running_sum = |i: usize| {
        let parts = pushes.contributions.get(i).filter(|c| c.len() > 1)?;
        frame.adjoints.get(i).copied().flatten()?;
        Some(Rc::new(parts.iter().map(|c| (c.step <= frame.step).then_some(c.delta)).collect::<Vec<_>>()))
    };
    let output_mark = AttrValue::from(short_output_name(&output_name));
    let nodes = graph.nodes().zip(shapes.nodes.iter()).map(|((n, node), shape)| {
        let i = n.index();
        let value = frame.values.get(i).copied().flatten();
        let current = match frame.focus {
            Focus::Node { node } => node == i,
            Focus::Edge { node, arg, .. } => node == i || arg == i,
            Focus::None => false,
        };
        let note =
            value.and(evaluation.notes.iter().find(|(n, _)| *n == i)).map(|(_, note)| AttrValue::from(note.clone()));
        html! {
            <NodeView key={i}
                index={i}
                name={shape.name.clone()}
                shown={shape.shown.clone()}
                op={node.kind.op_name()}
                symbol={node.kind.symbol()}
                formula={shape.formula.clone()}
                transform={shape.transform.clone()}
                width={shape.width}
                {value}
                adjoint={frame.adjoints.get(i).copied().flatten()}
                variable={evaluation.timeline.is_variable(i)}
                visited={frame.visited.get(i).copied().unwrap_or(false)}
                output={i == output}
                {current}
                asked={props.asked == Some(i)}
                {note}
                output_name={output_name.clone()}
                output_mark={output_mark.clone()}
                hovered={*hovered == Some(i)}
                selected={props.selected == Some(i)}
                contributions={running_sum(i)}
            />
        }
    });
    // A click on a node (or the keyboard's focus arriving on one) shows its story.
    let node_index = |event: &Event| {
        let target = event.target().and_then(|t| t.dyn_into::<Element>().ok());
        let node = target.and_then(|t| t.closest("g[data-node]").ok().flatten());
        node.and_then(|g| g.get_attribute("data-node")).and_then(|i| i.parse::<usize>().ok())
    };
    let onclick = props.on_action.reform(move |event: MouseEvent| Action::Select(node_index(&event)));
    let onfocusin = props.on_action.reform(move |event: FocusEvent| Action::Select(node_index(&event)));
    // The tooltip is made only for the node under the pointer.
    let onmouseover = {
        let hovered = hovered.clone();
        Callback::from(move |event: MouseEvent| {
            let target = event.target().and_then(|t| t.dyn_into::<Element>().ok());
            let node = target.and_then(|t| t.closest("g[data-node]").ok().flatten());
            let index = node.and_then(|g| g.get_attribute("data-node")).and_then(|i| i.parse().ok());
            if *hovered != index {
                hovered.set(index);
            }
        })
    };

    let (width, height) = (layout.width.max(200.0), layout.height.max(80.0));
    html! {
        <div class="graph-scroll">
            <svg
                ref={svg}
                data-testid="graph"
                class="graph"
                viewBox={format!("0 0 {} {}", width.ceil(), height.ceil())}
                style={format!("max-width: {}px", width.ceil())}
                role="img"
                aria-label={format!("Computation graph with {} nodes; output {output_name}", graph.len())}
            >
                <defs>
                    <marker id="arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto">
                        <path d="M0,0 L8,4 L0,8 z" />
                    </marker>
                </defs>
                <g class="groups">{ shapes.frames.clone() }</g>
                <g class="edges">{ edges }</g>
                <g class="nodes" {onmouseover} {onclick} {onfocusin}>{ for nodes }</g>
                <g class="labels">{ for edge_label }</g>
            </svg>
        </div>
    }
}
