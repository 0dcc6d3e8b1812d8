//! The computation graph as SVG: nodes where the layout put them, edges as curves from each
//! argument into its argument slot, and the numbers known at the current step; with pan and
//! zoom ([`super::viewer`]), the pointer ([`super::gestures`]), named vectors and matrices that
//! collapse, and the drawing's direction.

use std::cell::RefCell;
use std::rc::Rc;

use gradgraph_engine::layout::{
    layout_directed, Direction, Layout, CHAR_WIDTH, MAX_LAID_OUT, MIN_NODE_WIDTH, NODE_HEIGHT,
};
use gradgraph_engine::number::short;
use gradgraph_engine::{Analysis, Focus, Frame, Graph};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, ScrollIntoViewOptions, ScrollLogicalPosition};
use yew::prelude::*;

use super::board::{Board, Pushes};
use super::geometry::{geometry, Geometry};
use super::gestures::use_gestures;
use super::glide::{finish_animations, Drawn};
use super::labels::px;
use super::layers::{Edges, Nodes};
use super::viewer::{legible_scale, use_viewer, Note, Viewer, Zoom, Zoomer};
use super::viewport::Detail;
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
    /// Presenter mode, whose text must be bigger to be legible.
    pub presenter: bool,
    /// The revision of the program put into the editor (see `Program::editor_revision`).
    pub revision: usize,
    pub on_action: Callback<Action>,
    /// Where the drawing registers its viewer, for the page's keys.
    pub zoomer: Zoomer,
}

impl PartialEq for GraphViewProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.analysis, &other.analysis)
            && self.frame == other.frame
            && self.selected == other.selected
            && self.playing == other.playing
            && self.asked == other.asked
            && self.presenter == other.presenter
            && self.revision == other.revision
            && self.on_action == other.on_action
            && self.zoomer == other.zoomer
    }
}

/// The layout drawn: the analysis's, or laid out again with named vectors and matrices
/// collapsed (each one node) or the layers top to bottom.
struct Folding {
    /// The names collapsed by the reader (some may not be in this graph), in the program of
    /// `memory.names_of`: a program put into the editor (an example, a link) starts with every
    /// vector open.
    collapsed: UseStateHandle<Vec<String>>,
    memory: Rc<RefCell<Memory>>,
    revision: usize,
    /// Layers top to bottom (the analysis's layout is left to right).
    downwards: UseStateHandle<bool>,
    layout: Rc<Layout>,
    /// The collapsed names this graph has.
    present: Vec<String>,
}

/// What the folding remembers across renders.
struct Memory {
    /// The last drawing (its graph, layout and direction): after an edit, the nodes that stay
    /// keep their order across the layers in this drawing too.
    before: Option<(Rc<Graph>, Rc<Layout>, bool)>,
    /// The revision of the program whose names are collapsed.
    names_of: usize,
}

/// The names `collapsed` in the program of `revision`: none if they were collapsed in another.
fn collapsed_in(collapsed: &[String], memory: &RefCell<Memory>, revision: usize) -> Vec<String> {
    if memory.borrow().names_of == revision {
        collapsed.to_vec()
    } else {
        Vec::new()
    }
}

#[hook]
fn use_folding(graph: &Rc<Graph>, layout: &Rc<Layout>, revision: usize) -> Folding {
    let collapsed = use_state(Vec::<String>::new);
    let memory = use_mut_ref(|| Memory { before: None, names_of: revision });
    let names = collapsed_in(&collapsed, &memory, revision);
    // On a screen held upright (a phone, a tablet), the layers go down the screen.
    let downwards = use_state_eq(|| {
        let Some(window) = web_sys::window() else { return false };
        let px = |v: Result<JsValue, JsValue>| v.ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
        let (width, height) = (px(window.inner_width()), px(window.inner_height()));
        width <= 1000.0 && height > width
    });
    let drawn_before = Rc::clone(&memory);
    let folded = use_memo(
        (Same(Rc::clone(graph)), Same(Rc::clone(layout)), names, *downwards),
        move |(graph, layout, names, downwards)| {
            let present: Vec<String> = names
                .iter()
                .filter(|n| graph.0.nodes().any(|(_, node)| node.group.as_ref() == Some(*n)))
                .cloned()
                .collect();
            let direction = if *downwards { Direction::TopToBottom } else { Direction::LeftToRight };
            let folded = (!present.is_empty() || *downwards).then(|| {
                let earlier = drawn_before.borrow();
                let before = earlier.before.as_ref().filter(|e| e.2 == *downwards).map(|(g, l, _)| (&**g, &**l));
                Rc::new(layout_directed(&graph.0, &layout.0.widths, &present, direction, before))
            });
            let drawn = folded.clone().unwrap_or_else(|| Rc::clone(&layout.0));
            drawn_before.borrow_mut().before = Some((Rc::clone(&graph.0), drawn, *downwards));
            folded.map(|folded| (folded, present))
        },
    );
    let (layout, present) = match &*folded {
        Some((folded, present)) => (Rc::clone(folded), present.clone()),
        None => (Rc::clone(layout), Vec::new()),
    };
    Folding { collapsed, memory, revision, downwards, layout, present }
}

impl Folding {
    /// Collapses the named vector or matrix, or opens it again.
    fn toggle(&self, name: String) {
        let mut names = self.names();
        match names.iter().position(|n| *n == name) {
            Some(at) => {
                names.remove(at);
            }
            None => names.push(name),
        }
        self.set(names);
    }

    /// The names collapsed in this program.
    fn names(&self) -> Vec<String> {
        collapsed_in(&self.collapsed, &self.memory, self.revision)
    }

    fn set(&self, names: Vec<String>) {
        self.memory.borrow_mut().names_of = self.revision;
        self.collapsed.set(names);
    }
}

#[component]
pub fn GraphView(props: &GraphViewProps) -> Html {
    let Analysis { graph, layout, .. } = &*props.analysis;
    let folding = use_folding(graph, layout, props.revision);
    let layout = &Rc::clone(&folding.layout);
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
    let viewer = use_viewer(svg.clone(), layout, graph.len() <= MAX_LAID_OUT, legible_scale(props.presenter));
    let gestures = use_gestures(&viewer, &props.on_action, &hovered);
    // The page's keys zoom this drawing while it is shown.
    {
        let (zoomer, viewer) = (props.zoomer.clone(), viewer.clone());
        use_effect_with((), move |_| {
            zoomer.set(Some(viewer));
            move || zoomer.set(None)
        });
    }
    use_drawn_measure(&props.analysis);
    use_follow(&viewer, layout, &props.frame, props.playing);
    // A new geometry ends the last edit's glide first (see `finish_animations`).
    let shapes = {
        let svg = svg.clone();
        use_memo(
            (Same(Rc::clone(graph)), Same(Rc::clone(layout)), folding.present.clone()),
            move |(graph, layout, names)| {
                if let Some(svg) = svg.cast::<Element>() {
                    finish_animations(&svg);
                }
                geometry(&graph.0, &layout.0, names)
            },
        )
    };
    let level = viewer.level();
    // The step shown, given to the board before the nodes and edges render (they read it);
    // after the render the board redraws what the step changed (see [`Board`]).
    board.show(&props.analysis, &pushes, &props.frame, (level == Detail::Full, *hovered));
    use_redraw(&svg, &board, &shapes, &edge_pushes, &props.frame);
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
    let edges = html! {
        <Edges shapes={Same(Rc::clone(&shapes))} pushes={Same(Rc::clone(&edge_pushes))} board={Same(Rc::clone(&board))} />
    };
    let nodes = html! {
        <Nodes shapes={Same(Rc::clone(&shapes))} analysis={Same(Rc::clone(&props.analysis))} board={Same(Rc::clone(&board))}
            hovered={*hovered} selected={props.selected} asked={props.asked} numbers={level == Detail::Full} />
    };
    // A vector or matrix collapses when its name is clicked (or Enter or Space pressed on it)
    // and opens again from its box.
    let group_of = |event: &Event| {
        let target = event.target().and_then(|t| t.dyn_into::<Element>().ok());
        let group =
            target.and_then(|t| t.closest("[data-testid=group-toggle], [data-testid=group-box]").ok().flatten());
        group.and_then(|g| g.get_attribute("data-group"))
    };
    let folding = Rc::new(folding);
    let ongroupclick = {
        let (folding, viewer) = (Rc::clone(&folding), viewer.clone());
        Callback::from(move |event: MouseEvent| {
            if !viewer.ended_drag() {
                if let Some(name) = group_of(&event) {
                    folding.toggle(name);
                }
            }
        })
    };
    let ongroupkey = {
        let folding = Rc::clone(&folding);
        Callback::from(move |event: KeyboardEvent| {
            if matches!(event.key().as_str(), "Enter" | " ") {
                if let Some(name) = group_of(&event) {
                    event.prevent_default();
                    event.stop_propagation();
                    folding.toggle(name);
                }
            }
        })
    };
    let onpointerup = gestures.onpointerup;
    html! {
        <div class={classes!("graph-scroll", viewer.zoomed().is_some().then_some("zoomed"))}>
            { zoom_bar(&viewer, &folding, &shapes) }
            <svg
                ref={svg}
                data-testid="graph"
                class={classes!("graph", level.class())}
                data-view={if viewer.zoomed().is_some() { "zoomed" } else { "fit" }}
                viewBox={viewer.view_box()}
                style={viewer.style()}
                role="img"
                aria-label={format!("Computation graph with {} nodes; output {}", graph.len(), graph.output_name())}
                onpointerdown={gestures.onpointerdown}
                onpointermove={gestures.onpointermove}
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
                <g class="nodes" onmouseover={gestures.onmouseover} onclick={gestures.onclick} onfocusin={gestures.onfocusin}>{ nodes }</g>
                <g class="boxes" onclick={ongroupclick} onkeydown={ongroupkey}>{ group_boxes(&shapes, &props.frame) }</g>
                <g class="labels">{ edge_label(&props.analysis, layout, &shapes, &props.frame) }</g>
            </svg>
        </div>
    }
}

/// An edit's drawing is now in the page: the time from the edit's mark (after the debounce)
/// to here is measured as `gradgraph-drawn`.
#[hook]
fn use_drawn_measure(analysis: &Rc<Analysis>) {
    use_effect_with(Same(Rc::clone(analysis)), move |_| {
        if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
            if performance.get_entries_by_name_with_entry_type("gradgraph-edit", "mark").length() > 0 {
                let _ = performance.measure_with_start_mark("gradgraph-drawn", "gradgraph-edit");
                performance.clear_marks_with_mark_name("gradgraph-edit");
            }
        }
    });
}

/// Keeps the node this step is about in view: when zoomed, moves the view to it if it is not
/// wholly shown; while playing, scrolls the page to it if needed, so a class following along
/// never loses the current node.
#[hook]
fn use_follow(viewer: &Viewer, layout: &Layout, frame: &Frame, playing: bool) {
    let focus = frame.focus.node();
    // The boxes to keep in view: the node of a forward step; both ends of an edge being
    // pushed through, or the argument receiving the increment if both do not fit.
    let box_of = |i: usize| {
        let c = layout.centers.get(i)?;
        let (w, h) = (layout.widths.get(i).copied().unwrap_or(MIN_NODE_WIDTH), NODE_HEIGHT);
        Some((c.x - w / 2.0, c.y - h / 2.0, c.x + w / 2.0, c.y + h / 2.0))
    };
    let boxes: Vec<(f64, f64, f64, f64)> = match frame.focus {
        Focus::Node { node } => box_of(node).into_iter().collect(),
        Focus::Edge { node, arg, .. } => {
            let (a, b) = (box_of(arg), box_of(node));
            let both = a.zip(b).map(|(a, b)| (a.0.min(b.0), a.1.min(b.1), a.2.max(b.2), a.3.max(b.3)));
            both.into_iter().chain(a).collect()
        }
        Focus::None => Vec::new(),
    };
    // A drawing too big to read whole opens on the step's boxes, or before the first step on
    // the first node (an input, on the first layer).
    viewer.anchor_on(boxes.first().copied().or_else(|| box_of(0)));
    let viewer = viewer.clone();
    // On every new focus: the next push from the same node is another edge.
    use_effect_with((frame.focus, playing), move |&(_, playing)| {
        viewer.reveal(&boxes);
        let svg = viewer.element();
        let target = focus
            .filter(|_| playing)
            .and_then(|i| svg?.query_selector(&format!("g[data-node=\"{i}\"]")).ok().flatten());
        if let Some(target) = target {
            let options = ScrollIntoViewOptions::new();
            options.set_block(ScrollLogicalPosition::Nearest);
            options.set_inline(ScrollLogicalPosition::Nearest);
            target.scroll_into_view_with_scroll_into_view_options(&options);
        }
    });
}

/// After each render: the board redraws the edges and nodes the step changed, and the nodes'
/// number hooks and glide are written (see [`Drawn`]).
#[hook]
fn use_redraw(svg: &NodeRef, board: &Rc<Board>, shapes: &Rc<Geometry>, pushes: &Rc<Pushes>, frame: &Rc<Frame>) {
    let (svg, board, shapes, pushes, frame) =
        (svg.clone(), Rc::clone(board), Rc::clone(shapes), Rc::clone(pushes), Rc::clone(frame));
    // The edges' elements, looked up once for the shapes they were drawn for; and the nodes'
    // (one hook for both: each hook's type costs the page its own copy of yew's hook code).
    let kept = use_mut_ref(|| (None::<(Rc<Geometry>, Rc<Pushes>, web_sys::NodeList)>, Drawn::default()));
    use_effect(move || {
        let (paths, drawn) = &mut *kept.borrow_mut();
        let fresh = paths.as_ref().is_some_and(|(g, p, _)| Rc::ptr_eq(g, &shapes) && Rc::ptr_eq(p, &pushes));
        if !fresh {
            let list = svg.cast::<Element>().and_then(|svg| svg.query_selector_all("g.edges > path").ok());
            *paths = list.map(|list| (Rc::clone(&shapes), Rc::clone(&pushes), list));
        }
        board.redraw(paths.as_ref().map(|(_, _, list)| list), &shapes.ends, &shapes.into);
        drawn.update(&svg, &shapes, &frame);
    });
}

/// The zoom buttons, the button that collapses or opens every vector and matrix, and the
/// drawing's direction.
fn zoom_bar(viewer: &Viewer, folding: &Rc<Folding>, shapes: &Rc<Geometry>) -> Html {
    let zoom = |f: fn(&Viewer)| {
        let viewer = viewer.clone();
        Callback::from(move |_| f(&viewer))
    };
    let fold_all = (!shapes.groups.is_empty()).then(|| {
        let all_closed = shapes.groups.iter().all(|g| folding.present.contains(g));
        let (folding, shapes) = (Rc::clone(folding), Rc::clone(shapes));
        let onclick = Callback::from(move |_| folding.set(if all_closed { Vec::new() } else { shapes.groups.clone() }));
        if all_closed {
            button("collapse-groups", "Open vectors", "Show every element of the vectors and matrices", onclick)
        } else {
            button("collapse-groups", "Collapse vectors", "Draw each vector and matrix as one box", onclick)
        }
    });
    let direction = {
        let (on, downwards) = (*folding.downwards, folding.downwards.clone());
        let onclick = Callback::from(move |_| downwards.set(!on));
        if on {
            button("direction", "→ Across", "Draw the layers left to right", onclick)
        } else {
            button("direction", "↓ Down", "Draw the layers top to bottom", onclick)
        }
    };
    // The note's place is kept when there is none, so that the drawing's room does not change
    // with it.
    let text = viewer.note().map(|note| match note {
        Note::Part => "Zoomed in to a readable size: drag to move, or Fit (0) to see the whole graph.",
        Note::Small => "The whole graph, too small to read: zoom in (+, or Ctrl + wheel), or",
    });
    let read = (viewer.note() == Some(Note::Small)).then(|| {
        button("read-part", "Read a part", "Show the current step's part at a readable size", zoom(Viewer::read_part))
    });
    html! {
        <div class="zoom-bar" role="group" aria-label="Zoom">
            <span class="zoom-note" role="status" title={text}>
                if let Some(text) = text {
                    <span data-testid="zoom-note">{ text }</span>
                }
            </span>
            { for read }
            { button("zoom-out", "−", "Zoom out (−)", zoom(|v| v.zoom(Zoom::Out))) }
            { button("zoom-in", "+", "Zoom in (+)", zoom(|v| v.zoom(Zoom::In))) }
            { button("zoom-fit", "Fit", "Fit the whole graph (0)", zoom(|v| v.zoom(Zoom::Fit))) }
            { button("zoom-actual", "1:1", "Actual size", zoom(Viewer::actual_size)) }
            { for fold_all }
            { direction }
        </div>
    }
}

/// A button of the zoom bar (not inlined: each call would be a copy of its construction).
#[inline(never)]
fn button(testid: &'static str, label: &'static str, title: &'static str, onclick: Callback<MouseEvent>) -> Html {
    html! { <button class="plain" data-testid={testid} {title} aria-label={title} {onclick}>{ label }</button> }
}

/// Each collapsed vector or matrix as one box, marked when the step is about one of its
/// elements.
fn group_boxes(shapes: &Geometry, frame: &Frame) -> Html {
    shapes
        .boxes
        .iter()
        .map(|b| {
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
        })
        .collect()
}

/// The label of the edge being pushed through: drawn after the nodes, over a background, so
/// no node hides it.
fn edge_label(analysis: &Analysis, layout: &Layout, shapes: &Geometry, frame: &Frame) -> Html {
    let Focus::Edge { node, arg, position } = frame.focus else { return Html::default() };
    let label = shapes.into.get(node).into_iter().flatten().find_map(|&e| {
        let shape = shapes.edges.get(e).filter(|s| s.from == arg && s.position == position)?;
        let partial = analysis.evaluation.partials.get(node).and_then(|p| p.get(position)).copied().flatten();
        Some((format!("× {}", partial.map_or("?".into(), short)), shape.middle))
    });
    let Some((text, (x, y))) = label else { return Html::default() };
    let width = text.chars().count() as f64 * CHAR_WIDTH + 8.0;
    let y = clear_of_nodes(layout, x, y, width);
    html! {
        <g class="edge-label" data-testid="edge-label" transform={format!("translate({},{})", px(x), px(y))}>
            <rect x={px(-width / 2.0)} y="-10" width={px(width)} height="18" rx="4" />
            <text text-anchor="middle" y="4">{ text }</text>
        </g>
    }
}

/// The height at which an edge label `width` wide centred at `x` covers no node: `y`, where it
/// sits between two layers, or the nearest height clear of every node it would reach into (a
/// label wider than the gap between the layers reaches into both).
fn clear_of_nodes(layout: &Layout, x: f64, y: f64, width: f64) -> f64 {
    // The label is 18 high; a node blocks the heights within half of that of its box, and a
    // little more.
    const REACH: f64 = 9.0 + 3.0;
    let (left, right) = (x - width / 2.0, x + width / 2.0);
    let mut blocked = Vec::new();
    for ((c, w), h) in layout.centers.iter().zip(&layout.widths).zip(&layout.heights) {
        if c.x + w / 2.0 > left && c.x - w / 2.0 < right {
            blocked.push((c.y - h / 2.0 - REACH, c.y + h / 2.0 + REACH));
        }
    }
    let free = |y: f64| !blocked.iter().any(|&(top, bottom)| y > top && y < bottom);
    let mut best = y;
    if !free(y) {
        let mut distance = f64::INFINITY;
        for &(top, bottom) in &blocked {
            for candidate in [top, bottom] {
                if (candidate - y).abs() < distance && free(candidate) {
                    (best, distance) = (candidate, (candidate - y).abs());
                }
            }
        }
    }
    best
}
