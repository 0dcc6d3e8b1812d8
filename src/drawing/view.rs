//! The computation graph as SVG: nodes where the layout put them, edges as curves from each
//! argument into its argument slot, and the numbers known at the current step.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_events::{EventListener, EventListenerOptions};
use gloo_timers::callback::Timeout;
use gradgraph_engine::layout::{
    box_label, layout_directed, shown_name, Direction, Layout, Point, Route, CHAR_WIDTH, MAX_LAID_OUT, MIN_NODE_WIDTH,
    NODE_HEIGHT,
};
use gradgraph_engine::number::{full, short};
use gradgraph_engine::{Analysis, Focus, Frame, Graph};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, KeyboardEvent, ScrollIntoViewOptions, ScrollLogicalPosition, SvgElement};
use yew::prelude::*;
use yew::virtual_dom::Key;

use super::board::{edge_class, Board, Pushes};
use super::labels::{push_px, px, short_output_name};
use super::node::{NodeShape, NodeText, NodeView};
use super::viewport::{detail, fitted_detail, View};
use crate::dom::{self, KeyTarget};
use crate::state::{Action, Same};

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

/// The parts of the drawing that depend only on the graph and its layout, made once per layout
/// and reused while the values change (a slider moves) or the step changes.
struct Geometry {
    edges: Vec<EdgeShape>,
    /// Each node's place, size and texts that do not change with the numbers, by node index.
    nodes: Vec<Rc<NodeShape>>,
    /// The dashed frame around each named vector or matrix that is open, with its name (a
    /// button that collapses it).
    frames: Html,
    /// Each collapsed vector or matrix: one box in place of its elements.
    boxes: Vec<GroupBox>,
    /// The names of all named vectors and matrices, open or collapsed, in program order.
    groups: Vec<String>,
    /// Each edge's from, to and argument position, in the order of `edges`.
    ends: Vec<(usize, usize, usize)>,
    /// The edges into each node (indices into `edges`), by node index.
    into: Vec<Vec<usize>>,
}

impl Geometry {
    /// The nodes that are drawn (not the elements of a collapsed vector or matrix), with their
    /// indices: the `k`-th is the `k`-th `g[data-node]` in the document, as they are keyed.
    fn drawn(&self) -> impl Iterator<Item = (usize, &Rc<NodeShape>)> {
        self.nodes.iter().enumerate().filter(|(_, shape)| !shape.hidden)
    }
}

/// A collapsed vector or matrix, drawn as one box.
struct GroupBox {
    name: String,
    /// Its elements, by node index.
    members: Vec<usize>,
    label: String,
    x: AttrValue,
    y: AttrValue,
    width: AttrValue,
    text_x: AttrValue,
    text_y: AttrValue,
}

struct EdgeShape {
    from: usize,
    to: usize,
    position: usize,
    /// Its ends' identities and its argument position: kept across edits.
    key: Key,
    d: AttrValue,
    hook: AttrValue,
    /// The middle of the curve, where its label goes.
    middle: (f64, f64),
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

fn geometry(graph: &Graph, layout: &Layout, collapsed: &[String]) -> Geometry {
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

#[derive(Properties, PartialEq)]
struct EdgesProps {
    shapes: Same<Geometry>,
    pushes: Same<Pushes>,
    /// The step shown: the edges' classes are read there as they render, and rewritten by the
    /// board for the edges a step changes, so a step does not render them all again.
    board: Same<Board>,
}

/// The edges, in their own component so that a change of the numbers alone (a slider) or of
/// the step does not build and compare them again.
#[component]
fn Edges(props: &EdgesProps) -> Html {
    let frame = props.board.0.frame();
    props
        .shapes
        .0
        .edges
        .iter()
        .map(|shape| {
            let class = frame.as_deref().map_or_else(
                || "edge".to_string(),
                |frame| edge_class(shape.from, shape.to, shape.position, frame, &props.pushes.0),
            );
            html! {
                <path key={shape.key.clone()} {class} d={shape.d.clone()} marker-end="url(#arrow)" data-edge={shape.hook.clone()} />
            }
        })
        .collect()
}

#[derive(Properties, PartialEq)]
struct NodesProps {
    shapes: Same<Geometry>,
    analysis: Same<Analysis>,
    board: Same<Board>,
    hovered: Option<usize>,
    selected: Option<usize>,
    asked: Option<usize>,
    /// Whether the level of detail draws the numbers.
    numbers: bool,
}

/// The nodes, in their own component whose props do not change with the step: a step redraws
/// only the nodes it changes, through the board.
#[component]
fn Nodes(props: &NodesProps) -> Html {
    let Analysis { graph, evaluation, .. } = &*props.analysis.0;
    let output = graph.output().index();
    let output_name = AttrValue::from(graph.output_name().to_string());
    let output_mark = AttrValue::from(short_output_name(&output_name));
    props
        .shapes
        .0
        .drawn()
        .map(|(i, shape)| {
            let note = evaluation.notes.iter().find(|(n, _)| *n == i).map(|(_, note)| AttrValue::from(note.clone()));
            html! {
                <NodeView key={shape.key.clone()}
                    shape={Rc::clone(shape)}
                    index={i}
                    board={Rc::clone(&props.board.0)}
                    variable={evaluation.timeline.is_variable(i)}
                    output={i == output}
                    asked={props.asked == Some(i)}
                    {note}
                    output_name={output_name.clone()}
                    output_mark={output_mark.clone()}
                    hovered={props.hovered == Some(i)}
                    selected={props.selected == Some(i)}
                    numbers={props.numbers}
                />
            }
        })
        .collect()
}

#[component]
pub fn GraphView(props: &GraphViewProps) -> Html {
    let Analysis { graph, evaluation, layout, .. } = &*props.analysis;
    // The named vectors and matrices drawn collapsed, each as one box; the layout then is the
    // graph's with each of them as one node.
    let collapsed = use_state(Vec::<String>::new);
    // Layers left to right (the analysis's layout) or top to bottom.
    let downwards = use_state_eq(|| false);
    // The last drawing (its graph, layout and direction): after an edit, the nodes that stay
    // keep their order across the layers in this drawing too.
    let drawn_before = use_mut_ref(|| None::<(Rc<Graph>, Rc<Layout>, bool)>);
    let folded = use_memo(
        (Same(Rc::clone(graph)), Same(Rc::clone(layout)), (*collapsed).clone(), *downwards),
        move |(graph, layout, names, downwards)| {
            let present: Vec<String> = names
                .iter()
                .filter(|n| graph.0.nodes().any(|(_, node)| node.group.as_ref() == Some(*n)))
                .cloned()
                .collect();
            let direction = if *downwards { Direction::TopToBottom } else { Direction::LeftToRight };
            let folded = (!present.is_empty() || *downwards).then(|| {
                let earlier = drawn_before.borrow();
                let before = earlier.as_ref().filter(|e| e.2 == *downwards).map(|(g, l, _)| (&**g, &**l));
                Rc::new(layout_directed(&graph.0, &layout.0.widths, &present, direction, before))
            });
            let drawn = folded.clone().unwrap_or_else(|| Rc::clone(&layout.0));
            *drawn_before.borrow_mut() = Some((Rc::clone(&graph.0), drawn, *downwards));
            folded.map(|folded| (folded, present))
        },
    );
    let (layout, collapsed_here): (&Rc<Layout>, &[String]) = match &*folded {
        Some((folded, present)) => (folded, present),
        None => (layout, &[]),
    };
    let hovered = use_state(|| None::<usize>);
    let pushes = use_memo(Same(Rc::clone(&props.analysis)), |analysis| Rc::new(Pushes::of(&analysis.0)));
    let pushes = Rc::clone(&*pushes);
    // The edges need only the steps at which they push, which new input values do not change:
    // kept per graph, so a slider does not draw the edges again.
    let edge_pushes = {
        let pushes = Rc::clone(&pushes);
        Rc::clone(&*use_memo(Same(Rc::clone(graph)), move |_| pushes))
    };
    let board = use_memo((), |_| Board::default());
    let svg = use_node_ref();
    // Pan and zoom: the view box lives in a cell and is written straight to the element, so
    // dragging a big graph does not re-render it; `zoomed` (with the window's size, frozen so
    // the view box keeps its aspect) and the level of detail re-render when they change.
    let view = use_mut_ref(|| None::<View>);
    let rendered = use_mut_ref(|| None::<View>);
    let moved = use_memo((), |_| Cell::new((0.0, 0.0, 1.0)));
    let settle = use_mut_ref(|| None::<Timeout>);
    // Set through handles that listeners registered once keep (their values stay those of the
    // first render), so set unconditionally: `use_state_eq` re-renders only on a change.
    let zoomed = use_state_eq(|| None::<(f64, f64)>);
    // The level of detail (0 everything, 1 names, 2 no text), in a cell: a new drawing's level
    // is chosen as it is first rendered (below), and a change from pan, zoom or the window's
    // size renders again.
    let level = use_memo((), |_| Cell::new(0u8));
    let redraw = use_force_update();
    // The room the drawing had when last measured (the pane's width, the window's height).
    let room = use_memo((), |_| Cell::new(None::<(f64, f64)>));
    let pointers = use_mut_ref(Vec::<(i32, f64, f64)>::new);
    let dragged = use_mut_ref(|| false);
    let (full_width, full_height) = (layout.width.max(200.0), layout.height.max(80.0));
    // The drawing's size, in a cell the listeners registered once read.
    let size = use_mut_ref(|| (full_width, full_height));
    *size.borrow_mut() = (full_width, full_height);
    let viewer = Viewer {
        svg: svg.clone(),
        view: view.clone(),
        rendered: rendered.clone(),
        moved: Rc::clone(&moved),
        settle,
        zoomed: zoomed.clone(),
        level: Rc::clone(&level),
        redraw,
        room: Rc::clone(&room),
        size,
    };
    // A new drawing is first rendered at the level of detail of its fitted view in the room the
    // last one had (it is fitted and measured once it is in the page, which corrects a wrong
    // guess): a big graph's numbers are not made only to be taken out again.
    let levelled = use_mut_ref(|| None::<Rc<Layout>>);
    if !levelled.borrow().as_ref().is_some_and(|l| Rc::ptr_eq(l, layout)) {
        *levelled.borrow_mut() = Some(Rc::clone(layout));
        if let Some((pane, tall)) = room.get() {
            level.set(fitted_detail(full_width, full_height, pane, tall));
        }
    }
    let level = level.get();
    // A new drawing starts fitted (an edit of input values alone keeps the drawing, and its
    // zoom).
    {
        let viewer = viewer.clone();
        use_effect_with(Same(Rc::clone(layout)), move |_| viewer.fit());
    }
    // An edit's drawing is now in the page: the time from the edit's mark (after the debounce)
    // to here is measured as `gradgraph-drawn`.
    {
        use_effect_with(Same(Rc::clone(&props.analysis)), move |_| {
            if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
                if performance.get_entries_by_name_with_entry_type("gradgraph-edit", "mark").length() > 0 {
                    let _ = performance.measure_with_start_mark("gradgraph-drawn", "gradgraph-edit");
                    performance.clear_marks_with_mark_name("gradgraph-edit");
                }
            }
        });
    }
    // The level of detail follows the scale: set when the drawing or its sizing changes and when
    // the window is resized (pan and zoom set it as they go). Not after every render: it reads
    // the element's size, which makes the browser lay the page out while a slider moves.
    {
        let viewer = viewer.clone();
        use_effect_with((Same(Rc::clone(layout)), *zoomed), move |_| {
            viewer.update_level();
            let window = web_sys::window();
            let listener = window.map(|window| EventListener::new(&window, "resize", move |_| viewer.update_level()));
            move || drop(listener)
        });
    }
    // Keep the node this step is about in view: when zoomed, move the view to it if it is not
    // wholly shown; while playing, scroll the page to it if needed, so a class following along
    // never loses the current node.
    {
        let svg = svg.clone();
        let viewer = viewer.clone();
        let focus = props.frame.focus.node();
        // The boxes to keep in view: the node of a forward step; both ends of an edge being
        // pushed through, or the argument receiving the increment if both do not fit.
        let box_of = |i: usize| {
            let c = layout.centers.get(i)?;
            let (w, h) = (layout.widths.get(i).copied().unwrap_or(MIN_NODE_WIDTH), NODE_HEIGHT);
            Some((c.x - w / 2.0, c.y - h / 2.0, c.x + w / 2.0, c.y + h / 2.0))
        };
        let boxes: Vec<(f64, f64, f64, f64)> = match props.frame.focus {
            Focus::Node { node } => box_of(node).into_iter().collect(),
            Focus::Edge { node, arg, .. } => {
                let (a, b) = (box_of(arg), box_of(node));
                let both = a.zip(b).map(|(a, b)| (a.0.min(b.0), a.1.min(b.1), a.2.max(b.2), a.3.max(b.3)));
                both.into_iter().chain(a).collect()
            }
            Focus::None => Vec::new(),
        };
        use_effect_with((focus, props.playing), move |&(focus, playing)| {
            viewer.reveal(&boxes);
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
    // The wheel zooms with Ctrl or ⌘ (and a touchpad's pinch) or once zoomed; otherwise it
    // scrolls the page. A native listener, so the page's scroll can be prevented.
    {
        let viewer = viewer.clone();
        let settle = Rc::clone(&viewer.settle);
        use_effect_with((), move |_| {
            let element = viewer.svg.cast::<Element>();
            let listener = element.map(|element| {
                let options = EventListenerOptions::enable_prevent_default();
                EventListener::new_with_options(&element, "wheel", options, move |event| {
                    let Some(wheel) = event.dyn_ref::<WheelEvent>() else { return };
                    let pinch = wheel.ctrl_key() || wheel.meta_key();
                    if !pinch && viewer.view.borrow().is_none() {
                        return;
                    }
                    event.prevent_default();
                    let per_line = if wheel.delta_mode() == 1 { 16.0 } else { 1.0 };
                    let speed = if pinch { 0.01 } else { 0.002 };
                    let factor = libm::exp(-wheel.delta_y() * per_line * speed);
                    viewer.zoom_at(factor, f64::from(wheel.client_x()), f64::from(wheel.client_y()));
                })
            });
            // A gesture's pending render goes with the drawing.
            let settle = Rc::clone(&settle);
            move || {
                drop(listener);
                settle.borrow_mut().take();
            }
        });
    }
    // Keys: + and − zoom, 0 fits (not while typing in a field or choosing in a menu).
    {
        let viewer = viewer.clone();
        use_effect_with((), move |_| {
            let document = web_sys::window().and_then(|w| w.document());
            let listener = document.map(|document| {
                EventListener::new(&document, "keydown", move |event| {
                    let Some(key) = event.dyn_ref::<KeyboardEvent>() else { return };
                    // Not in a field or a menu, nor with a modifier (the page's one focus rule).
                    if matches!(dom::key_focus(key), None | Some(KeyTarget::Field | KeyTarget::Menu)) {
                        return;
                    }
                    match key.key().as_str() {
                        "+" | "=" => viewer.zoom_by(1.5),
                        "-" | "_" => viewer.zoom_by(1.0 / 1.5),
                        "0" => viewer.fit(),
                        _ => {}
                    }
                })
            });
            move || drop(listener)
        });
    }
    let shapes = use_memo(
        (Same(Rc::clone(graph)), Same(Rc::clone(layout)), collapsed_here.to_vec()),
        |(graph, layout, names)| geometry(&graph.0, &layout.0, names),
    );
    // The step shown, given to the board before the nodes and edges render (they read it);
    // after the render the board redraws what the step changed (see [`Board`]).
    board.show(&props.analysis, &pushes, &props.frame, (level == 0, *hovered));
    {
        let (svg, board, shapes) = (svg.clone(), Rc::clone(&board), Rc::clone(&shapes));
        // The edges' elements, looked up once for the shapes they were drawn for.
        let paths = use_mut_ref(|| None::<(Rc<Geometry>, Rc<Pushes>, web_sys::NodeList)>);
        let pushes = Rc::clone(&edge_pushes);
        use_effect(move || {
            let mut paths = paths.borrow_mut();
            let fresh = paths.as_ref().is_some_and(|(g, p, _)| Rc::ptr_eq(g, &shapes) && Rc::ptr_eq(p, &pushes));
            if !fresh {
                let list = svg.cast::<Element>().and_then(|svg| svg.query_selector_all("g.edges > path").ok());
                *paths = list.map(|list| (Rc::clone(&shapes), Rc::clone(&pushes), list));
            }
            board.redraw(paths.as_ref().map(|(_, _, list)| list), &shapes.ends, &shapes.into);
        });
    }
    // After each drawing: the nodes' number hooks, and after an edit the nodes' glide (see
    // [`Drawn`]).
    {
        let svg = svg.clone();
        let drawn = use_mut_ref(Drawn::default);
        let (shapes, frame) = (Rc::clone(&shapes), Rc::clone(&props.frame));
        use_effect(move || drawn.borrow_mut().update(&svg, &shapes, &frame));
    }
    if graph.len() > MAX_LAID_OUT {
        return html! {
            <div class="graph-scroll too-big" data-testid="graph" data-nodes={graph.len().to_string()}>
                { format!(
                    "This graph has {} nodes: too many to draw (the limit is {MAX_LAID_OUT}). \
                     The steps, the explanation and the results below still work.",
                    graph.len()
                ) }
            </div>
        };
    }
    let frame = &props.frame;
    let output_name = graph.output_name();

    // The label of the edge being pushed through: drawn after the nodes, over a background, so
    // no node hides it.
    let edge_label = match frame.focus {
        Focus::Edge { node, arg, position } => shapes.into.get(node).into_iter().flatten().find_map(|&e| {
            let shape = shapes.edges.get(e).filter(|s| s.from == arg && s.position == position)?;
            let partial = evaluation.partials.get(node).and_then(|p| p.get(position)).copied().flatten();
            Some((format!("× {}", partial.map_or("?".into(), short)), shape.middle))
        }),
        _ => None,
    };
    let edges = html! {
        <Edges shapes={Same(Rc::clone(&shapes))} pushes={Same(Rc::clone(&edge_pushes))} board={Same(Rc::clone(&board))} />
    };
    let edge_label = edge_label.map(|(text, (x, y))| {
        let width = text.chars().count() as f64 * CHAR_WIDTH + 8.0;
        html! {
            <g class="edge-label" data-testid="edge-label" transform={format!("translate({},{})", px(x), px(y))}>
                <rect x={px(-width / 2.0)} y="-10" width={px(width)} height="18" rx="4" />
                <text text-anchor="middle" y="4">{ text }</text>
            </g>
        }
    });
    let nodes = html! {
        <Nodes shapes={Same(Rc::clone(&shapes))} analysis={Same(Rc::clone(&props.analysis))} board={Same(Rc::clone(&board))}
            hovered={*hovered} selected={props.selected} asked={props.asked} numbers={level == 0} />
    };
    // A click on a node (or the keyboard's focus arriving on one) shows its story.
    let node_index = |event: &Event| {
        let target = event.target().and_then(|t| t.dyn_into::<Element>().ok());
        let node = target.and_then(|t| t.closest("g[data-node]").ok().flatten());
        node.and_then(|g| g.get_attribute("data-node")).and_then(|i| i.parse::<usize>().ok())
    };
    let onclick = {
        let dragged = dragged.clone();
        let on_action = props.on_action.clone();
        Callback::from(move |event: MouseEvent| {
            // The end of a drag is not a click on a node.
            if !std::mem::take(&mut *dragged.borrow_mut()) {
                on_action.emit(Action::Select(node_index(&event)));
            }
        })
    };
    // Drag to pan; two fingers pinch to zoom.
    let onpointerdown = {
        let pointers = pointers.clone();
        let dragged = dragged.clone();
        Callback::from(move |event: PointerEvent| {
            let mut pointers = pointers.borrow_mut();
            pointers.retain(|p| p.0 != event.pointer_id());
            pointers.push((event.pointer_id(), f64::from(event.client_x()), f64::from(event.client_y())));
            *dragged.borrow_mut() = false;
        })
    };
    let onpointermove = {
        let pointers = pointers.clone();
        let dragged = dragged.clone();
        let viewer = viewer.clone();
        Callback::from(move |event: PointerEvent| {
            let (x, y) = (f64::from(event.client_x()), f64::from(event.client_y()));
            let mut pointers = pointers.borrow_mut();
            let Some(index) = pointers.iter().position(|p| p.0 == event.pointer_id()) else { return };
            let Some(&(_, last_x, last_y)) = pointers.get(index) else { return };
            if let [a, b] = pointers.as_slice() {
                let other = if index == 0 { b } else { a };
                let before = ((last_x - other.1).powi(2) + (last_y - other.2).powi(2)).sqrt();
                let after = ((x - other.1).powi(2) + (y - other.2).powi(2)).sqrt();
                if before > 0.0 && after > 0.0 {
                    viewer.zoom_at(after / before, (x + other.1) / 2.0, (y + other.2) / 2.0);
                }
                *dragged.borrow_mut() = true;
                if let Some(pointer) = pointers.get_mut(index) {
                    *pointer = (event.pointer_id(), x, y);
                }
                return;
            }
            let far = (x - last_x).abs() + (y - last_y).abs() > 4.0;
            if !*dragged.borrow() && !far {
                return;
            }
            if !*dragged.borrow() {
                *dragged.borrow_mut() = true;
                if let Some(element) = viewer.svg.cast::<Element>() {
                    let _ = element.set_pointer_capture(event.pointer_id());
                }
            }
            viewer.pan(x - last_x, y - last_y);
            if let Some(pointer) = pointers.get_mut(index) {
                *pointer = (event.pointer_id(), x, y);
            }
        })
    };
    // Lifting the pointer ends a drag or a pinch: what it shows is rendered.
    let onpointerup = {
        let pointers = pointers.clone();
        let viewer = viewer.clone();
        Callback::from(move |event: PointerEvent| {
            let mut pointers = pointers.borrow_mut();
            let before = pointers.len();
            pointers.retain(|p| p.0 != event.pointer_id());
            if pointers.len() < before {
                viewer.release();
            }
        })
    };
    // A press does not focus a node (which would scroll the page under a drag, and select
    // text): the click selects it, unless it ended a drag. Focus from the keyboard selects.
    let onfocusin = {
        let pointers = pointers.clone();
        let on_action = props.on_action.clone();
        Callback::from(move |event: FocusEvent| {
            if pointers.borrow().is_empty() {
                on_action.emit(Action::Select(node_index(&event)));
            }
        })
    };
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

    // A vector or matrix collapses when its name is clicked (or Enter or Space pressed on it)
    // and opens again from its box; the button beside the zoom collapses or opens them all.
    let toggle = {
        let collapsed = collapsed.clone();
        move |name: String| {
            let mut names = (*collapsed).clone();
            match names.iter().position(|n| *n == name) {
                Some(at) => {
                    names.remove(at);
                }
                None => names.push(name),
            }
            collapsed.set(names);
        }
    };
    let group_of = |event: &Event| {
        let target = event.target().and_then(|t| t.dyn_into::<Element>().ok());
        let group =
            target.and_then(|t| t.closest("[data-testid=group-toggle], [data-testid=group-box]").ok().flatten());
        group.and_then(|g| g.get_attribute("data-group"))
    };
    let ongroupclick = {
        let toggle = toggle.clone();
        let dragged = dragged.clone();
        Callback::from(move |event: MouseEvent| {
            // The end of a drag is not a click.
            if !std::mem::take(&mut *dragged.borrow_mut()) {
                if let Some(name) = group_of(&event) {
                    toggle(name);
                }
            }
        })
    };
    let ongroupkey = {
        let toggle = toggle.clone();
        Callback::from(move |event: KeyboardEvent| {
            if matches!(event.key().as_str(), "Enter" | " ") {
                if let Some(name) = group_of(&event) {
                    event.prevent_default();
                    event.stop_propagation();
                    toggle(name);
                }
            }
        })
    };
    let boxes = shapes.boxes.iter().map(|b| {
        let current = b.members.iter().any(|&m| frame.focus.is_about(m));
        html! {
            <g key={b.name.clone()} class={classes!("group-box", current.then_some("current"))} data-testid="group-box"
                data-group={b.name.clone()} data-members={b.members.len().to_string()} tabindex="0" role="button"
                aria-label={format!("{}: {} elements, collapsed; open", b.name, b.members.len())}>
                <title>{ format!("{}: {} elements. Click to show them.", b.name, b.members.len()) }</title>
                <rect x={b.x.clone()} y={b.y.clone()} width={b.width.clone()} height={NODE_HEIGHT.to_string()} rx="8" />
                <text x={b.text_x.clone()} y={b.text_y.clone()}>{ b.label.clone() }</text>
            </g>
        }
    });
    let zoom_button =
        |testid: &'static str, label: &'static str, title: &'static str, onclick: Callback<MouseEvent>| {
            html! { <button class="plain" data-testid={testid} {title} aria-label={title} {onclick}>{ label }</button> }
        };
    let fold_all = (!shapes.groups.is_empty()).then(|| {
        let all_closed = shapes.groups.iter().all(|g| collapsed_here.contains(g));
        let (collapsed, shapes) = (collapsed.clone(), Rc::clone(&shapes));
        let onclick =
            Callback::from(move |_| collapsed.set(if all_closed { Vec::new() } else { shapes.groups.clone() }));
        if all_closed {
            zoom_button("collapse-groups", "Open vectors", "Show every element of the vectors and matrices", onclick)
        } else {
            zoom_button("collapse-groups", "Collapse vectors", "Draw each vector and matrix as one box", onclick)
        }
    });

    let direction_button = {
        let (on, downwards) = (*downwards, downwards.clone());
        let onclick = Callback::from(move |_| downwards.set(!on));
        if on {
            zoom_button("direction", "→ Across", "Draw the layers left to right", onclick)
        } else {
            zoom_button("direction", "↓ Down", "Draw the layers top to bottom", onclick)
        }
    };
    let view_box = match *rendered.borrow() {
        Some(v) => v.attribute(),
        None => whole(full_width, full_height),
    };
    let style = match *zoomed {
        Some((width, height)) => format!("width: {width}px; height: {height}px"),
        None => format!("max-width: {}px", full_width.ceil()),
    };
    let lod = match level {
        1 => Some("lod-names"),
        2 => Some("lod-shapes"),
        _ => None,
    };
    html! {
        <div class={classes!("graph-scroll", zoomed.is_some().then_some("zoomed"), downwards.then_some("down"))}>
            <div class="zoom-bar" role="group" aria-label="Zoom">
                { zoom_button("zoom-out", "−", "Zoom out (−)", { let v = viewer.clone(); Callback::from(move |_| v.zoom_by(1.0 / 1.5)) }) }
                { zoom_button("zoom-in", "+", "Zoom in (+)", { let v = viewer.clone(); Callback::from(move |_| v.zoom_by(1.5)) }) }
                { zoom_button("zoom-fit", "Fit", "Fit the whole graph (0)", { let v = viewer.clone(); Callback::from(move |_| v.fit()) }) }
                { zoom_button("zoom-actual", "1:1", "Actual size", { let v = viewer.clone(); Callback::from(move |_| v.actual_size()) }) }
                { for fold_all }
                { direction_button }
            </div>
            <svg
                ref={svg}
                data-testid="graph"
                class={classes!("graph", lod)}
                data-view={if zoomed.is_some() { "zoomed" } else { "fit" }}
                viewBox={view_box}
                {style}
                role="img"
                aria-label={format!("Computation graph with {} nodes; output {output_name}", graph.len())}
                {onpointerdown}
                {onpointermove}
                onpointerup={onpointerup.clone()}
                onmousedown={Callback::from(|event: MouseEvent| event.prevent_default())}
                onpointerleave={onpointerup.clone()}
                onpointercancel={onpointerup}
            >
                <defs>
                    <marker id="arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto">
                        <path d="M0,0 L8,4 L0,8 z" />
                    </marker>
                </defs>
                <g class="groups" onclick={ongroupclick.clone()} onkeydown={ongroupkey.clone()}>{ shapes.frames.clone() }</g>
                <g class="edges">{ edges }</g>
                <g class="nodes" {onmouseover} {onclick} {onfocusin}>{ nodes }</g>
                <g class="boxes" onclick={ongroupclick} onkeydown={ongroupkey}>{ for boxes }</g>
                <g class="labels">{ for edge_label }</g>
            </svg>
        </div>
    }
}

/// The room a fitted drawing has in `svg`'s pane, as the style sheet sizes it: the pane's width
/// within its padding (`.graph-scroll`'s 10 px a side; 4 in presenter mode, near enough for a
/// guess), and 75 % of the window's height (`.graph`'s `max-height`).
fn room(svg: &Element) -> Option<(f64, f64)> {
    let pane = svg.parent_element()?;
    let tall = web_sys::window()?.inner_height().ok()?.as_f64()? * 0.75;
    Some((f64::from(pane.client_width()) - 20.0, tall))
}

/// The view box of the whole drawing, `width` × `height` units (the fitted view).
fn whole(width: f64, height: f64) -> String {
    format!("0 0 {} {}", width.ceil(), height.ceil())
}

/// Graphs with more nodes than this are not animated after an edit.
const MAX_ANIMATED: usize = 500;
/// How long a node takes to move to its new place after an edit.
const MOVE_MS: f64 = 350.0;

/// What the drawing's elements were last given outside of yew, for the shapes they were given for.
///
/// The `data-value` and `data-adjoint` hooks are written here, and only where they changed: a
/// slider moving changes every node's numbers, and redrawing some 700 node components for two
/// attributes each was most of an update's time. (The board redraws a node's component for new
/// numbers only when it draws them, at full detail, or shows its tooltip.)
///
/// After an edit, the nodes that are still there glide from their old places to their new ones
/// (their elements are kept: keyed by identity), new nodes and the edges fade in. Not on the
/// first drawing, not for big graphs, and not when the reader asks for reduced motion.
#[derive(Default)]
struct Drawn {
    shapes: Option<Rc<Geometry>>,
    /// Each node's place, by identity, sorted by identity.
    places: Vec<(u64, (f64, f64))>,
    /// The numbers in each drawn node's hooks (as bits, so that a NaN equals itself).
    numbers: Vec<[Option<u64>; 2]>,
    /// The drawn nodes' elements, looked up once for these shapes (not on every step).
    groups: Option<web_sys::NodeList>,
}

impl Drawn {
    fn update(&mut self, svg: &NodeRef, shapes: &Rc<Geometry>, frame: &Frame) {
        let Some(svg) = svg.cast::<Element>() else { return };
        // The node groups are in the order of the shapes that are drawn (keyed, so yew keeps
        // the document's order equal to the list's).
        // Looked up once, when first needed.
        let mut found = self.groups.take().map(Some);
        let groups = || svg.query_selector_all("g.nodes > g[data-node]").ok();
        if !self.shapes.as_ref().is_some_and(|s| Rc::ptr_eq(s, shapes)) {
            // New shapes: new elements, and old ones moved. Everything is written again.
            self.shapes = Some(Rc::clone(shapes));
            self.numbers.clear();
            found = None;
            let now = shapes.nodes.iter().map(|s| (s.identity, (s.left, s.top))).collect();
            let now = gradgraph_engine::sorting::sort_owned(now, &|a, b| a.0.cmp(&b.0));
            let old = std::mem::replace(&mut self.places, now);
            if !old.is_empty() && shapes.nodes.len() <= MAX_ANIMATED && !reduced_motion() {
                glide(&svg, found.get_or_insert_with(groups).as_ref(), shapes, &old);
            }
        }
        for (k, (i, _)) in shapes.drawn().enumerate() {
            let numbers = [frame.values.get(i), frame.adjoints.get(i)].map(|n| n.copied().flatten());
            let bits = numbers.map(|n| n.map(f64::to_bits));
            let before = self.numbers.get(k).copied();
            if before == Some(bits) {
                continue;
            }
            let Some(group) = found.get_or_insert_with(groups).as_ref().and_then(|g| g.get(k as u32)) else { break };
            let group: Element = group.unchecked_into();
            for (j, name) in ["data-value", "data-adjoint"].into_iter().enumerate() {
                if before.is_none_or(|b| b.get(j) != bits.get(j)) {
                    let text = numbers.get(j).copied().flatten().map(full).unwrap_or_default();
                    let _ = group.set_attribute(name, &text);
                }
            }
            match self.numbers.get_mut(k) {
                Some(slot) => *slot = bits,
                None => self.numbers.push(bits),
            }
        }
        self.groups = found.flatten();
    }
}

/// Kept nodes glide from their `old` places, new ones fade in, and so do the edges and frames.
fn glide(svg: &Element, groups: Option<&web_sys::NodeList>, shapes: &Geometry, old: &[(u64, (f64, f64))]) {
    let Some(groups) = groups else { return };
    for (i, (_, shape)) in shapes.drawn().enumerate() {
        let Some(g) = groups.get(i as u32) else { break };
        let place = old.binary_search_by_key(&shape.identity, |(identity, _)| *identity).ok();
        match place.and_then(|i| old.get(i)).map(|(_, place)| place) {
            Some(&(x, y)) if (x - shape.left).abs() + (y - shape.top).abs() > 0.5 => {
                let from = format!("translate({}px, {}px)", x - shape.left, y - shape.top);
                animate(&g, "transform", &from, "none");
            }
            Some(_) => {}
            None => animate(&g, "opacity", "0", "1"),
        }
    }
    for part in ["g.edges", "g.groups"] {
        if let Ok(Some(g)) = svg.query_selector(part) {
            animate(&g, "opacity", "0", "1");
        }
    }
}

/// Whether the reader asked for reduced motion.
fn reduced_motion() -> bool {
    let query = web_sys::window().and_then(|w| w.match_media("(prefers-reduced-motion: reduce)").ok().flatten());
    query.is_some_and(|q| q.matches())
}

/// Animates one CSS property of `element` from `from` to `to` (the Web Animations API, which
/// leaves nothing behind when it ends).
fn animate(element: &JsValue, property: &str, from: &str, to: &str) {
    let frame = |value: &str| {
        let frame = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&frame, &property.into(), &value.into());
        frame
    };
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"duration".into(), &MOVE_MS.into());
    let _ = js_sys::Reflect::set(&options, &"easing".into(), &"ease-out".into());
    let animate = js_sys::Reflect::get(element, &"animate".into()).and_then(|f| f.dyn_into::<js_sys::Function>());
    if let Ok(animate) = animate {
        let _ = animate.call2(element, &js_sys::Array::of2(&frame(from), &frame(to)), &options);
    }
}

/// The handles pan and zoom work through: the drawing's element, the view being shown, the
/// view box rendered, and the states that re-render (zoomed with its frozen size, the level of
/// detail).
///
/// A gesture (the wheel, a drag, a pinch) does not render each step: it moves the rendered
/// drawing by a CSS transform, which the browser composites without painting the elements
/// again, and renders the view box when the gesture settles (or the transform would uncover or
/// blur too much). Buttons, keys and following the current step render at once.
#[derive(Clone)]
struct Viewer {
    svg: NodeRef,
    /// The view being shown (`None`: fitted).
    view: Rc<RefCell<Option<View>>>,
    /// The view box rendered, which the transform starts from (`None`: fitted).
    rendered: Rc<RefCell<Option<View>>>,
    /// The transform applied now: translation in pixels, then scale.
    moved: Rc<Cell<(f64, f64, f64)>>,
    /// Renders the view box once a gesture has paused.
    settle: Rc<RefCell<Option<Timeout>>>,
    zoomed: UseStateHandle<Option<(f64, f64)>>,
    level: Rc<Cell<u8>>,
    redraw: UseForceUpdateHandle,
    room: Rc<Cell<Option<(f64, f64)>>>,
    /// The whole drawing's size, in drawing units.
    size: Rc<RefCell<(f64, f64)>>,
}

/// How long a gesture pauses before its view box is rendered.
const SETTLE_MS: u32 = 150;

impl Viewer {
    /// The window's place and size on screen, without the gesture's transform: left, top,
    /// width, height.
    fn window(&self) -> Option<(f64, f64, f64, f64)> {
        let rect = self.svg.cast::<Element>()?.get_bounding_client_rect();
        let (tx, ty, k) = self.moved.get();
        let (width, height) = (rect.width() / k, rect.height() / k);
        (width > 0.0 && height > 0.0).then(|| (rect.left() - tx, rect.top() - ty, width, height))
    }

    fn fitted(&self, window: (f64, f64, f64, f64)) -> View {
        let (width, height) = *self.size.borrow();
        View::fit(width, height, (window.2, window.3))
    }

    /// Renders `next` now: its view box written straight to the element, any transform gone.
    fn show(&self, next: View) {
        self.settle.borrow_mut().take();
        self.render(next);
    }

    fn render(&self, next: View) {
        *self.view.borrow_mut() = Some(next);
        *self.rendered.borrow_mut() = Some(next);
        if let Some(element) = self.svg.cast::<Element>() {
            let _ = element.set_attribute("viewBox", &next.attribute());
        }
        self.untransform();
        if let Some(window) = self.window() {
            self.zoomed.set(Some((window.2, window.3)));
        }
        self.update_level();
    }

    fn untransform(&self) {
        if self.moved.replace((0.0, 0.0, 1.0)) != (0.0, 0.0, 1.0) {
            if let Some(element) = self.svg.cast::<SvgElement>() {
                let _ = element.style().remove_property("transform");
            }
        }
    }

    /// A step of a gesture: `next` shown by transforming what is rendered, and rendered once the
    /// gesture pauses. The first step from the fitted view renders at once (the window's size
    /// is frozen then).
    fn glide(&self, next: View) {
        let (Some(rendered), Some(window)) = (*self.rendered.borrow(), self.window()) else {
            return self.show(next);
        };
        if next.far_from(&rendered, (window.2, window.3)) {
            return self.show(next);
        }
        *self.view.borrow_mut() = Some(next);
        let (tx, ty, k) = next.transform_from(&rendered, window.2);
        self.moved.set((tx, ty, k));
        if let Some(element) = self.svg.cast::<SvgElement>() {
            let _ = element.style().set_property("transform", &format!("translate({tx}px, {ty}px) scale({k})"));
        }
        let viewer = self.clone();
        // Replacing the timer cancels the last one; the timer's own call leaves it in place
        // (a closure must not drop itself), and the next gesture replaces it.
        *self.settle.borrow_mut() = Some(Timeout::new(SETTLE_MS, move || viewer.settled()));
    }

    /// The end of a gesture: what is shown is rendered.
    fn settled(&self) {
        let shown = *self.view.borrow();
        if let Some(view) = shown.filter(|_| self.moved.get() != (0.0, 0.0, 1.0)) {
            self.render(view);
        }
    }

    /// Ends a gesture now (the pointer was lifted).
    fn release(&self) {
        self.settled();
        self.settle.borrow_mut().take();
    }

    fn update_level(&self) {
        let Some(window) = self.window() else { return };
        let view = self.view.borrow().unwrap_or_else(|| self.fitted(window));
        let scale = view.scale(window.2);
        if let Some(element) = self.svg.cast::<Element>() {
            // Read while the page's layout is fresh (its size was just read), for the next drawing.
            self.room.set(room(&element));
            let _ = element.set_attribute("data-scale", &format!("{}", (scale * 100.0).round() / 100.0));
        }
        let level = detail(scale);
        if self.level.replace(level) != level {
            self.redraw.force_update();
        }
    }

    /// The view zoomed by `factor` about a point on the screen.
    fn zoomed_at(&self, factor: f64, client_x: f64, client_y: f64) -> Option<View> {
        let window = self.window()?;
        let fitted = self.fitted(window);
        let current = self.view.borrow().unwrap_or(fitted);
        let (fx, fy) = ((client_x - window.0) / window.2, (client_y - window.1) / window.3);
        Some(current.zoomed(factor, fx, fy, window.2, &fitted))
    }

    /// A step of a wheel or pinch gesture.
    fn zoom_at(&self, factor: f64, client_x: f64, client_y: f64) {
        if let Some(next) = self.zoomed_at(factor, client_x, client_y) {
            self.glide(next);
        }
    }

    fn zoom_by(&self, factor: f64) {
        let Some(window) = self.window() else { return };
        if let Some(next) = self.zoomed_at(factor, window.0 + window.2 / 2.0, window.1 + window.3 / 2.0) {
            self.show(next);
        }
    }

    /// A step of a drag.
    fn pan(&self, dx: f64, dy: f64) {
        let Some(window) = self.window() else { return };
        let current = self.view.borrow().unwrap_or_else(|| self.fitted(window));
        self.glide(current.panned(dx, dy, window.2));
    }

    /// One drawing unit to one pixel, about the middle of what is shown.
    fn actual_size(&self) {
        let Some(window) = self.window() else { return };
        let current = self.view.borrow().unwrap_or_else(|| self.fitted(window));
        self.zoom_by(current.width / window.2);
    }

    fn fit(&self) {
        self.settle.borrow_mut().take();
        self.untransform();
        *self.view.borrow_mut() = None;
        *self.rendered.borrow_mut() = None;
        if let Some(element) = self.svg.cast::<Element>() {
            let (width, height) = *self.size.borrow();
            // Written only if the render has not: writing it makes the browser lay the drawing
            // out again before `update_level` can read its size (0.8 s for 10 000 nodes).
            let view_box = whole(width, height);
            if element.get_attribute("viewBox").as_deref() != Some(view_box.as_str()) {
                let _ = element.set_attribute("viewBox", &view_box);
            }
        }
        self.zoomed.set(None);
        self.update_level();
    }

    /// When zoomed, moves the view to the first of `boxes` (left, top, right, bottom) that fits
    /// in it, unless that box is already all shown.
    fn reveal(&self, boxes: &[(f64, f64, f64, f64)]) {
        let Some(view) = *self.view.borrow() else { return };
        let fits = |b: &&(f64, f64, f64, f64)| b.2 - b.0 <= view.width && b.3 - b.1 <= view.height;
        let Some(&(left, top, right, bottom)) = boxes.iter().find(fits).or(boxes.last()) else { return };
        let (x, y, w, h) = ((left + right) / 2.0, (top + bottom) / 2.0, right - left, bottom - top);
        if !view.shows(x, y, w, h) {
            self.show(view.centred_on(x, y));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinates_are_written_as_the_float_formatter_writes_them_rounded_to_tenths() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut values = vec![0.0, 0.05, -0.05, -0.04, 0.95, 12.0, 12.34, -3.45, 1e6 + 0.55, -123_456.75];
        for _ in 0..2000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            values.push((seed % 2_000_000) as f64 / 97.0 - 10_000.0);
        }
        for v in values {
            let rounded = (v * 10.0).round() / 10.0;
            // The float formatter writes -0 for a negative value that rounds to zero.
            let expected = if rounded == 0.0 { "0".to_string() } else { format!("{rounded}") };
            assert_eq!(px(v), expected, "{v}");
        }
    }
}
