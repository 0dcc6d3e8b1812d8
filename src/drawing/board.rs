//! The step the drawing shows, shared by the drawing, its nodes and its edges, so that a step
//! costs what it changes and not the graph's size: the drawing hands the board each new frame;
//! the board works out from the timeline's events between the two steps which nodes and edges
//! the step changed, and redraws just those nodes (each node registers its own redraw) and
//! rewrites just those edges' classes. A jump, a new analysis or the backward pass's
//! initialisation changes everything, and everything is redrawn.

use std::cell::RefCell;
use std::rc::Rc;

use gradgraph_engine::timeline::Contribution;
use gradgraph_engine::{Analysis, Event, Focus, Frame, Phase};
use web_sys::Element;
use yew::functional::UseForceUpdateHandle;

/// A step further than this from the last one is redrawn whole rather than event by event.
const MOST_EVENTS: usize = 64;

/// What the backward pass pushes, read once per evaluation: each node's contributions (for
/// the running sums under nodes with several consumers) and the step at which each edge
/// pushes (for marking the edges that have contributed).
pub struct Pushes {
    pub contributions: Vec<Vec<Contribution>>,
    /// By consumer: each argument position's edge and the step of its increment. (A `Vec` by
    /// node rather than a hash map: each map type compiles its own code into the page.)
    edges: Vec<Vec<(usize, usize)>>,
}

impl Pushes {
    pub fn of(analysis: &Analysis) -> Pushes {
        let contributions = analysis.evaluation.timeline.all_contributions();
        let mut edges = vec![Vec::new(); analysis.graph.len()];
        for c in contributions.iter().flatten() {
            if let Some(edges) = edges.get_mut(c.consumer) {
                edges.push((c.position, c.step));
            }
        }
        Pushes { contributions, edges }
    }

    /// The step at which the edge into `consumer`'s argument `position` pushes.
    pub fn step(&self, consumer: usize, position: usize) -> Option<usize> {
        let edges = self.edges.get(consumer)?;
        edges.iter().find(|(p, _)| *p == position).map(|(_, step)| *step)
    }
}

/// An edge's classes at `frame`: the edge being pushed through (`active`), an edge into the node
/// being computed (`feeding`), one that has pushed its contribution (`pushed`). The one rule, for
/// the edges' render and for the board's rewrites.
pub fn edge_class(from: usize, to: usize, position: usize, frame: &Frame, pushes: &Pushes) -> String {
    let active = frame.focus == Focus::Edge { node: to, arg: from, position };
    let feeding = frame.phase == Phase::Forward && frame.focus == Focus::Node { node: to };
    let pushed = pushes.step(to, position).is_some_and(|at| at <= frame.step);
    let mut class = String::from("edge");
    for (on, name) in [(active, " active"), (feeding, " feeding"), (pushed, " pushed")] {
        if on {
            class.push_str(name);
        }
    }
    class
}

/// What a step changed.
#[derive(Debug, PartialEq)]
enum Changed {
    /// These nodes (by index) and the edges into these consumers (by node index).
    Some {
        nodes: Vec<usize>,
        consumers: Vec<usize>,
    },
    /// The numbers (new input values, the same graph and step): the nodes whose value or dy/du
    /// changed, redrawn when the numbers are drawn, and those whose value became or stopped
    /// being finite (a mark), redrawn always.
    Numbers {
        changed: Vec<usize>,
        nonfinite: Vec<usize>,
    },
    Everything,
}

/// The nodes and the consumers of the edges whose drawing differs between `old` and `new`,
/// frames of the same timeline, from the events between them and the focus at each end.
/// `O(distance)`; everything for a long jump or across the backward pass's initialisation.
fn changed(old: &Frame, new: &Frame, events: &[Event]) -> Changed {
    let (low, high) = (old.step.min(new.step), old.step.max(new.step));
    if high - low > MOST_EVENTS {
        return Changed::Everything;
    }
    let (mut nodes, mut consumers) = (Vec::new(), Vec::new());
    for event in events.get(low..high).unwrap_or_default() {
        match *event {
            Event::Forward { node, .. } | Event::Visit { node, .. } => nodes.push(node),
            Event::BackwardInit { .. } => return Changed::Everything,
            Event::Increment { node, arg, .. } => {
                nodes.push(arg);
                consumers.push(node);
            }
        }
    }
    for focus in [old.focus, new.focus] {
        match focus {
            Focus::Node { node } => {
                nodes.push(node);
                consumers.push(node);
            }
            Focus::Edge { node, arg, .. } => {
                nodes.extend([node, arg]);
                consumers.push(node);
            }
            Focus::None => {}
        }
    }
    Changed::Some { nodes, consumers }
}

/// The frame shown, the analysis it is of, and how to redraw each node.
#[derive(Default)]
pub struct Board {
    frame: RefCell<Option<Rc<Frame>>>,
    analysis: RefCell<Option<Rc<Analysis>>>,
    pushes: RefCell<Option<Rc<Pushes>>>,
    /// Each drawn node's redraw, by node index.
    redraws: RefCell<Vec<Option<UseForceUpdateHandle>>>,
    /// What the last [`Board::show`] changed, for [`Board::redraw`] after the render.
    pending: RefCell<Option<Changed>>,
    /// Whether the nodes draw their numbers (the level of detail shows them), and the node
    /// whose tooltip (with its numbers) is open.
    numbers: std::cell::Cell<bool>,
    hovered: std::cell::Cell<Option<usize>>,
}

impl Board {
    /// The frame shown (to the nodes and edges as they render).
    pub fn frame(&self) -> Option<Rc<Frame>> {
        self.frame.borrow().clone()
    }

    pub fn pushes(&self) -> Option<Rc<Pushes>> {
        self.pushes.borrow().clone()
    }

    /// Shows `frame` of `analysis`, whose pushes are `pushes`; what changed is redrawn by
    /// [`Board::redraw`], after the render.
    pub fn show(
        &self,
        analysis: &Rc<Analysis>,
        pushes: &Rc<Pushes>,
        frame: &Rc<Frame>,
        (numbers, hovered): (bool, Option<usize>),
    ) {
        self.numbers.set(numbers);
        self.hovered.set(hovered);
        let earlier = self.analysis.replace(Some(Rc::clone(analysis)));
        let same = earlier.as_ref().is_some_and(|a| Rc::ptr_eq(a, analysis));
        let same_graph = earlier.as_ref().is_some_and(|a| Rc::ptr_eq(&a.graph, &analysis.graph));
        *self.pushes.borrow_mut() = Some(Rc::clone(pushes));
        let old = self.frame.replace(Some(Rc::clone(frame)));
        let change = match old {
            Some(old) if same && Rc::ptr_eq(&old, frame) => return,
            Some(old) if same => changed(&old, frame, &analysis.evaluation.timeline.events),
            Some(old) if same_graph && old.step == frame.step => {
                let finite = |f: &Frame, i: usize| f.values.get(i).copied().flatten().map(f64::is_finite);
                let bits = |slots: &[Option<f64>], i: usize| slots.get(i).copied().flatten().map(f64::to_bits);
                let nodes = 0..frame.values.len();
                let nonfinite = nodes.clone().filter(|&i| finite(&old, i) != finite(frame, i)).collect();
                let changed = nodes
                    .filter(|&i| {
                        bits(&old.values, i) != bits(&frame.values, i)
                            || bits(&old.adjoints, i) != bits(&frame.adjoints, i)
                    })
                    .collect();
                Changed::Numbers { changed, nonfinite }
            }
            Some(_) if same_graph => Changed::Everything,
            // A new graph: its nodes and edges are new components (or have new shapes), which
            // render reading the board; nothing to redraw besides.
            _ => {
                self.redraws.borrow_mut().clear();
                return;
            }
        };
        let mut pending = self.pending.borrow_mut();
        *pending = match (pending.take(), change) {
            (Some(Changed::Some { mut nodes, mut consumers }), Changed::Some { nodes: more, consumers: also }) => {
                nodes.extend(more);
                consumers.extend(also);
                Some(Changed::Some { nodes, consumers })
            }
            (Some(Changed::Numbers { mut changed, mut nonfinite }), Changed::Numbers { changed: c, nonfinite: n }) => {
                changed.extend(c);
                nonfinite.extend(n);
                Some(Changed::Numbers { changed, nonfinite })
            }
            (None, change) => Some(change),
            _ => Some(Changed::Everything),
        };
    }

    /// Node `index`'s redraw, registered by its component as it renders (the board forgets
    /// them all for a new graph, whose nodes all render anew).
    pub fn register(&self, index: usize, redraw: UseForceUpdateHandle) {
        let mut redraws = self.redraws.borrow_mut();
        if redraws.len() <= index {
            redraws.resize(index + 1, None);
        }
        if let Some(slot) = redraws.get_mut(index) {
            *slot = Some(redraw);
        }
    }

    /// Redraws what the frames shown since the last call changed: those nodes (by their own
    /// redraw) and the classes of the edges into those consumers, in `edges` (the drawing's
    /// `path` elements, in the order of `ends`, each edge's from, to and position).
    pub fn redraw(&self, edges: Option<&web_sys::NodeList>, ends: &[(usize, usize, usize)], into: &[Vec<usize>]) {
        let Some(change) = self.pending.borrow_mut().take() else { return };
        let (Some(frame), Some(pushes)) = (self.frame(), self.pushes()) else { return };
        let redraws = self.redraws.borrow();
        let redraw = |node: usize| {
            if let Some(Some(redraw)) = redraws.get(node) {
                redraw.force_update();
            }
        };
        let rewrite = |e: usize| {
            let (Some(&(from, to, position)), Some(path)) = (ends.get(e), edges.and_then(|l| l.get(e as u32))) else {
                return;
            };
            let Ok(path) = wasm_bindgen::JsCast::dyn_into::<Element>(path) else { return };
            let class = edge_class(from, to, position, &frame, &pushes);
            if path.get_attribute("class").as_deref() != Some(class.as_str()) {
                let _ = path.set_attribute("class", &class);
            }
        };
        match change {
            Changed::Everything => {
                redraws.iter().flatten().for_each(UseForceUpdateHandle::force_update);
                (0..ends.len()).for_each(rewrite);
            }
            Changed::Numbers { changed, nonfinite } => {
                let redrawn = if self.numbers.get() { changed } else { nonfinite };
                redrawn.into_iter().chain(self.hovered.get()).for_each(redraw);
            }
            Changed::Some { nodes, consumers } => {
                nodes.into_iter().for_each(redraw);
                for consumer in consumers {
                    into.get(consumer).into_iter().flatten().copied().for_each(rewrite);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gradgraph_engine::{analyze, Options};
    use std::collections::HashMap;

    /// Every step's change, checked against comparing the whole frames: each node whose
    /// numbers, marks or focus differ is in the list.
    #[test]
    fn a_step_changes_the_nodes_its_events_and_focus_name() {
        let program = "x = 2; z = 3\ny = exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)";
        let analysis = analyze(program, &Options::default(), &HashMap::new()).unwrap_or_else(|_| unreachable!());
        let timeline = &analysis.evaluation.timeline;
        let (mut everything, mut some) = (0, 0);
        for step in 0..timeline.len() {
            for (a, b) in [(step, step + 1), (step + 1, step)] {
                let (old, new) = (timeline.frame(a), timeline.frame(b));
                let differs = |i: usize| {
                    old.values.get(i) != new.values.get(i)
                        || old.adjoints.get(i).map(|a| a.map(f64::to_bits))
                            != new.adjoints.get(i).map(|a| a.map(f64::to_bits))
                        || old.visited.get(i) != new.visited.get(i)
                        || old.focus.is_about(i) != new.focus.is_about(i)
                };
                match changed(&old, &new, &timeline.events) {
                    Changed::Everything | Changed::Numbers { .. } => everything += 1,
                    Changed::Some { nodes, .. } => {
                        some += 1;
                        for i in (0..analysis.graph.len()).filter(|&i| differs(i)) {
                            assert!(nodes.contains(&i), "{a} -> {b}: node {i} changed but is not redrawn");
                        }
                    }
                }
            }
        }
        // Only the backward pass's initialisation (both ways) redraws everything.
        assert_eq!(everything, 2);
        assert!(some > 50, "{some}");
        // A long jump redraws everything.
        assert_eq!(changed(&timeline.frame(0), &timeline.frame(timeline.len()), &timeline.events), Changed::Everything);
    }
}
