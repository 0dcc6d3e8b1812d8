//! The timeline: both passes as a list of events, one step each. What is known at step `k`
//! (which values and adjoints, and what is in focus) is a pure function of the events and `k`,
//! so stepping backwards is as exact as stepping forwards.

use std::rc::Rc;

use crate::graph::{Graph, NodeKind};
use crate::notation::{print_op, Notation, Printed, Side};
use crate::number::short;
use crate::ops::Op;
use crate::syntax::Expr;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Event {
    /// The forward pass computes `node`'s value and stores it.
    Forward { node: usize, value: f64 },
    /// The backward pass begins: every dy/du is 0, and dy/dy = 1 at the output.
    BackwardInit { output: usize },
    /// The backward pass visits `node`; its dy/du is now complete.
    Visit { node: usize, adjoint: f64 },
    /// dy/d`arg` += dy/d`node` · ∂`node`/∂`arg`, for the edge into argument `position`: from
    /// `previous`, by `delta`, to `adjoint`.
    Increment { node: usize, arg: usize, position: usize, local_partial: f64, delta: f64, previous: f64, adjoint: f64 },
}

/// Where attention is at a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    None,
    Node {
        node: usize,
    },
    /// The edge from argument `arg` into `node`.
    Edge {
        node: usize,
        arg: usize,
        position: usize,
    },
}

impl Focus {
    /// The node the step is about: the one it computes or visits, or the consumer of the edge
    /// it pushes through.
    pub fn node(self) -> Option<usize> {
        match self {
            Focus::Node { node } | Focus::Edge { node, .. } => Some(node),
            Focus::None => None,
        }
    }

    /// Whether the step is about node `i`: the node itself, or either end of its edge.
    pub fn is_about(self, i: usize) -> bool {
        match self {
            Focus::Node { node } => node == i,
            Focus::Edge { node, arg, .. } => node == i || arg == i,
            Focus::None => false,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Start,
    Forward,
    Backward,
    Done,
}

/// The display state at one step.
#[derive(Clone, Debug, PartialEq)]
pub struct Frame {
    pub step: usize,
    pub phase: Phase,
    pub values: Vec<Option<f64>>,
    pub adjoints: Vec<Option<f64>>,
    /// Whether the backward pass has visited each node (its adjoint is then final).
    pub visited: Vec<bool>,
    pub focus: Focus,
}

/// One term of the sum that makes a node's dy/du: what the consumer `consumer` pushed through
/// its argument `position`, (dy/d consumer)·(local partial), at step `step`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Contribution {
    pub consumer: usize,
    pub position: usize,
    pub local_partial: f64,
    pub delta: f64,
    pub step: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Timeline {
    pub events: Vec<Event>,
    node_count: usize,
    /// The stamp of the graph it is of ([`Graph::stamp`]).
    graph: u64,
    /// Which nodes are variables: they get a dy/du when the backward pass begins; constants
    /// never do.
    variable: Vec<bool>,
}

impl Timeline {
    pub fn new(graph: &Graph, events: Vec<Event>, variable: Vec<bool>) -> Timeline {
        Timeline { events, node_count: graph.len(), graph: graph.stamp(), variable }
    }

    /// Whether it is the timeline of `graph` (or of a clone of it).
    pub fn is_of(&self, graph: &Graph) -> bool {
        self.graph == graph.stamp()
    }

    /// Whether `node` is a variable (it depends on an input), and so has a dy/du.
    pub fn is_variable(&self, node: usize) -> bool {
        self.variable.get(node).copied().unwrap_or(false)
    }

    /// The number of steps; valid steps are `0..=len()`.
    pub fn len(&self) -> usize {
        self.events.len()
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// The step at which the backward pass begins (its initialization is step `n + 1`): the
    /// forward pass is steps `1..=n`.
    pub fn forward_len(&self) -> usize {
        self.events.iter().position(|e| matches!(e, Event::BackwardInit { .. })).unwrap_or(self.events.len())
    }

    /// The steps at which a coarse step ends: after each node's forward computation, after the
    /// initialization, and after each visit together with the increments it makes. Ascending,
    /// ending at `len()`. `O(steps)`.
    pub fn coarse_ends(&self) -> Vec<usize> {
        (0..self.events.len()).filter(|&i| self.coarse_end_at(i)).map(|i| i + 1).collect()
    }

    /// Whether a coarse step ends after event `i` (see [`Timeline::coarse_ends`]).
    fn coarse_end_at(&self, i: usize) -> bool {
        let next_is_increment = matches!(self.events.get(i + 1), Some(Event::Increment { .. }));
        match self.events.get(i) {
            Some(Event::Forward { .. } | Event::BackwardInit { .. }) => true,
            Some(Event::Visit { .. } | Event::Increment { .. }) => !next_is_increment,
            None => false,
        }
    }

    /// The first coarse step's end after `step` (`len()` at the last). `O(distance)`.
    pub fn next_coarse_end(&self, step: usize) -> usize {
        (step..self.events.len()).find(|&i| self.coarse_end_at(i)).map_or(self.events.len(), |i| i + 1)
    }

    /// The last coarse step's end before `step` (0 at the first). `O(distance)`.
    pub fn previous_coarse_end(&self, step: usize) -> usize {
        (0..step.saturating_sub(1).min(self.events.len())).rev().find(|&i| self.coarse_end_at(i)).map_or(0, |i| i + 1)
    }

    /// The step after which `node`'s value is known (its forward computation), if it has one.
    pub fn computed_at(&self, node: usize) -> Option<usize> {
        self.events.iter().position(|e| matches!(e, Event::Forward { node: n, .. } if *n == node)).map(|i| i + 1)
    }

    /// The step after which `node`'s dy/du is final (its visit), if the backward pass visits it.
    pub fn completed_at(&self, node: usize) -> Option<usize> {
        self.events.iter().position(|e| matches!(e, Event::Visit { node: n, .. } if *n == node)).map(|i| i + 1)
    }

    /// The step at which the edge into argument `position` of `node` pushes its contribution,
    /// if the backward pass pushes through it.
    pub fn pushed_at(&self, node: usize, position: usize) -> Option<usize> {
        self.events
            .iter()
            .position(|e| matches!(e, Event::Increment { node: n, position: p, .. } if *n == node && *p == position))
            .map(|i| i + 1)
    }

    /// Every contribution to `node`'s dy/du, one per consumer edge, in the order they arrive.
    /// `O(steps)`.
    pub fn contributions(&self, node: usize) -> Vec<Contribution> {
        self.events
            .iter()
            .enumerate()
            .filter_map(|(i, e)| match *e {
                Event::Increment { node: consumer, arg, position, local_partial, delta, .. } if arg == node => {
                    Some(Contribution { consumer, position, local_partial, delta, step: i + 1 })
                }
                _ => None,
            })
            .collect()
    }

    /// Every node's contributions, by node index: [`Timeline::contributions`] for all nodes at
    /// once, `O(steps)`.
    pub fn all_contributions(&self) -> Vec<Vec<Contribution>> {
        let mut all = vec![Vec::new(); self.node_count];
        for (i, event) in self.events.iter().enumerate() {
            if let Event::Increment { node: consumer, arg, position, local_partial, delta, .. } = *event {
                if let Some(list) = all.get_mut(arg) {
                    list.push(Contribution { consumer, position, local_partial, delta, step: i + 1 });
                }
            }
        }
        all
    }

    /// The state before any event.
    pub fn start(&self) -> Frame {
        Frame {
            step: 0,
            phase: Phase::Start,
            values: vec![None; self.node_count],
            adjoints: vec![None; self.node_count],
            visited: vec![false; self.node_count],
            focus: Focus::None,
        }
    }

    /// The state after the first `step` events (clamped to the last step). `O(step)`.
    pub fn frame(&self, step: usize) -> Frame {
        let mut frame = self.start();
        while frame.step < step.min(self.events.len()) {
            self.advance(&mut frame);
        }
        frame
    }

    /// Applies the next event to `frame`. `O(1)`, but `O(V)` for the backward initialization.
    pub fn advance(&self, frame: &mut Frame) {
        let Some(event) = self.events.get(frame.step) else { return };
        match *event {
            Event::Forward { node, value } => set(&mut frame.values, node, Some(value)),
            Event::BackwardInit { output } => {
                for (adjoint, &variable) in frame.adjoints.iter_mut().zip(&self.variable) {
                    *adjoint = variable.then_some(0.0);
                }
                set(&mut frame.adjoints, output, Some(1.0));
            }
            Event::Visit { node, adjoint } => {
                set(&mut frame.adjoints, node, Some(adjoint));
                set(&mut frame.visited, node, true);
            }
            Event::Increment { arg, adjoint, .. } => set(&mut frame.adjoints, arg, Some(adjoint)),
        }
        frame.step += 1;
        self.settle(frame);
    }

    /// Undoes the last applied event, exactly. `O(1)`, but `O(V)` to undo the backward
    /// initialization.
    pub fn retreat(&self, frame: &mut Frame) {
        let Some(last) = frame.step.checked_sub(1) else { return };
        let Some(event) = self.events.get(last) else { return };
        match *event {
            Event::Forward { node, .. } => set(&mut frame.values, node, None),
            Event::BackwardInit { .. } => frame.adjoints.iter_mut().for_each(|a| *a = None),
            // A visit writes the adjoint the increments already left there; only the mark goes.
            Event::Visit { node, .. } => set(&mut frame.visited, node, false),
            Event::Increment { arg, previous, .. } => set(&mut frame.adjoints, arg, Some(previous)),
        }
        frame.step = last;
        self.settle(frame);
    }

    /// Sets the phase and focus that belong to `frame.step`.
    fn settle(&self, frame: &mut Frame) {
        let last = frame.step.checked_sub(1).and_then(|i| self.events.get(i));
        frame.focus = match last {
            None => Focus::None,
            Some(Event::Forward { node, .. } | Event::Visit { node, .. }) => Focus::Node { node: *node },
            Some(Event::BackwardInit { output }) => Focus::Node { node: *output },
            Some(Event::Increment { node, arg, position, .. }) => {
                Focus::Edge { node: *node, arg: *arg, position: *position }
            }
        };
        frame.phase = match last {
            None => Phase::Start,
            Some(_) if frame.step == self.events.len() => Phase::Done,
            Some(Event::Forward { .. }) => Phase::Forward,
            Some(_) => Phase::Backward,
        };
    }
}

/// The step of timeline `to` at the same point of the passes as step `step` of `from`, both of
/// the same program (at another granularity, or with sharing switched): just after the last
/// named node computed or visited by `step`, or the initialisation, whichever came last. The
/// start maps to the start and the end to the end. `O(steps)`.
pub fn corresponding(from: (&Graph, &Timeline), step: usize, to: (&Graph, &Timeline)) -> usize {
    if step >= from.1.len() {
        return to.1.len();
    }
    let done = from.1.events.get(..step).unwrap_or_default();
    let Some(last) = done.iter().rev().find_map(|e| mark(from.0, e)) else { return 0 };
    to.1.events.iter().position(|e| mark(to.0, e) == Some(last)).map_or(0, |i| i + 1)
}

/// An event that both granularities have: a named node computed (0) or visited (2), or the
/// initialisation (1).
fn mark<'a>(graph: &'a Graph, event: &Event) -> Option<(u8, &'a str)> {
    let named = |node: usize| graph.id(node).and_then(|n| graph.node(n)).filter(|n| n.named).map(|n| n.name.as_str());
    match *event {
        Event::Forward { node, .. } => named(node).map(|n| (0, n)),
        Event::BackwardInit { .. } => Some((1, "")),
        Event::Visit { node, .. } => named(node).map(|n| (2, n)),
        Event::Increment { .. } => None,
    }
}

/// A frame that moves along a timeline by what changes: one step forward or back costs `O(1)`
/// (the backward pass's initialisation `O(V)`), and a jump costs its distance from the nearest
/// of where the cursor is and three checkpoints (the start, the end of the forward pass and the
/// end), copied in `O(V)`. Any sequence of moves leaves exactly [`Timeline::frame`] of the step
/// (a property test checks it against a replay from the start).
#[derive(Clone, Debug)]
pub struct Cursor {
    frame: Frame,
    /// The frames at the start, at the end of the forward pass and at the end, shared by clones.
    checkpoints: Rc<[Frame; 3]>,
}

impl Cursor {
    /// A cursor at the start of `timeline`. `O(V + steps)`: one replay makes the checkpoints.
    pub fn new(timeline: &Timeline) -> Cursor {
        let start = timeline.start();
        let mut forward_end = start.clone();
        let forward_len = timeline.forward_len();
        while forward_end.step < forward_len {
            timeline.advance(&mut forward_end);
        }
        let mut end = forward_end.clone();
        while end.step < timeline.len() {
            timeline.advance(&mut end);
        }
        Cursor { frame: start.clone(), checkpoints: Rc::new([start, forward_end, end]) }
    }

    /// What is known at the cursor's step.
    pub fn frame(&self) -> &Frame {
        &self.frame
    }

    /// Moves to `step` (clamped to the last step) of `timeline`, the one the cursor was made for.
    pub fn seek(&mut self, timeline: &Timeline, step: usize) {
        let step = step.min(timeline.len());
        let distance = |from: usize| from.abs_diff(step);
        let here = distance(self.frame.step);
        if let Some(nearest) = self.checkpoints.iter().min_by_key(|c| distance(c.step)) {
            if distance(nearest.step) < here {
                self.frame.clone_from(nearest);
            }
        }
        while self.frame.step < step {
            timeline.advance(&mut self.frame);
        }
        while self.frame.step > step {
            timeline.retreat(&mut self.frame);
        }
    }
}

fn set<T>(slots: &mut [T], index: usize, value: T) {
    if let Some(slot) = slots.get_mut(index) {
        *slot = value;
    }
}

/// One sentence saying what step `step` did (the event that led to it), with the numbers;
/// `None` for a timeline of another graph.
pub fn explain(graph: &Graph, timeline: &Timeline, step: usize) -> Option<String> {
    timeline.is_of(graph).then(|| sentence(graph, timeline, step))
}

/// [`explain`]'s sentence, for a timeline of `graph`.
fn sentence(graph: &Graph, timeline: &Timeline, step: usize) -> String {
    let output = graph.output_name();
    let Some(event) = step.checked_sub(1).and_then(|i| timeline.events.get(i)) else {
        return format!(
            "Ready. The forward pass will compute every node's value; the backward pass then finds d{output}/du for every node u."
        );
    };
    let name = |i: usize| graph.id(i).and_then(|n| graph.name(n)).unwrap_or("?");
    let kind = |i: usize| graph.id(i).and_then(|n| graph.node(n)).map(|n| n.kind);
    let args_of = |i: usize| graph.id(i).map_or(&[][..], |n| graph.args(n));
    // Everything a sentence uses is known at this step: a node's arguments are computed before
    // it, and a node's dy/du is complete before it pushes to its arguments. One replay serves.
    let frame = timeline.frame(step);
    let number = |v: f64| Printed::number(v, short(v));
    // A value known at this step, as a leaf of a formula.
    let known = |i: usize| frame.values.get(i).copied().flatten().map_or_else(|| Expr::name("?"), Expr::number);
    let times = Notation::of(Op::Mul);
    match *event {
        Event::Forward { node, value: v } => {
            let (Some(n), Some(kind)) = (graph.id(node), kind(node)) else {
                return format!("Forward: {} = {}.", name(node), short(v));
            };
            match kind {
                NodeKind::Input { .. } => {
                    format!("Forward: {} is an input, {} = {}.", name(node), name(node), short(v))
                }
                NodeKind::Const { .. } => format!("Forward: the constant {}.", chain(&[name(node).into(), short(v)])),
                NodeKind::Op { .. } | NodeKind::Formula { .. } => {
                    let args = graph.args(n);
                    let names: Vec<Expr> = args.iter().map(|a| Expr::name(name(a.index()))).collect();
                    let numbers: Vec<Expr> = args.iter().map(|a| known(a.index())).collect();
                    let parts = [
                        name(node).to_string(),
                        graph.formula_text(n, &names, &short),
                        graph.formula_text(n, &numbers, &short),
                        short(v),
                    ];
                    format!("Forward: {}.", chain(&parts))
                }
            }
        }
        Event::BackwardInit { output: o } => {
            let constants = (0..graph.len()).any(|i| !timeline.is_variable(i));
            let aside = if constants { " (constants are not variables and get none)" } else { "" };
            format!("Backward: every d{output}/du starts at 0{aside}, and d{output}/d{} = 1.", name(o))
        }
        Event::Visit { node, adjoint } => {
            let mut pushes: Vec<(&str, usize)> = Vec::new();
            for a in args_of(node).iter().filter(|a| timeline.is_variable(a.index())) {
                match pushes.iter_mut().find(|(pushed, _)| *pushed == name(a.index())) {
                    Some((_, count)) => *count += 1,
                    None => pushes.push((name(a.index()), 1)),
                }
            }
            let pushes: Vec<String> = pushes
                .into_iter()
                .map(|(arg, count)| if count > 1 { format!("{arg} (along {count} edges)") } else { arg.to_string() })
                .collect();
            let tail =
                if pushes.is_empty() { String::new() } else { format!(" It is pushed to {}.", pushes.join(", ")) };
            format!("Backward: visit {}; d{output}/d{} = {} is complete.{tail}", name(node), name(node), short(adjoint))
        }
        Event::Increment { node, arg, position, local_partial, delta, previous, adjoint } => {
            let args = args_of(node);
            let (u, v) = (name(node), name(arg));
            let upstream = number(frame.adjoints.get(node).copied().flatten().unwrap_or(f64::NAN));
            let upstream = upstream.operand(times, Side::Left);
            let by_number = format!("{upstream} × {}", number(local_partial).operand(times, Side::Right));
            // The local partial as a formula where the operation has one; a statement's partial
            // comes from differentiating its expression.
            let parts = match (graph.id(node), kind(node)) {
                (Some(n), Some(NodeKind::Op { .. })) => {
                    let formula = graph.partial_formula(n, position);
                    let by_formula = formula.map(|f| {
                        format!("{upstream} × {}", crate::syntax::printed_text(&f).operand(times, Side::Right))
                    });
                    by_formula.into_iter().chain([by_number, short(delta)]).collect::<Vec<_>>()
                }
                (Some(n), Some(NodeKind::Formula { .. })) => {
                    let names: Vec<Expr> = args.iter().map(|a| Expr::name(name(a.index()))).collect();
                    let of = graph.formula_text(n, &names, &short);
                    vec![format!("{by_number} (∂/∂{v} of {of})"), short(delta)]
                }
                _ => vec![by_number, short(delta)],
            };
            // Where several edges feed this dy/dv, the sentence keeps the running sum.
            let contributions =
                timeline.events.iter().filter(|e| matches!(e, Event::Increment { arg: a, .. } if *a == arg)).count();
            let total = if contributions > 1 {
                let sum = print_op(Op::Add, &[number(previous), number(delta)]).text;
                chain(&[sum, short(adjoint)])
            } else {
                short(adjoint)
            };
            format!(
                "Backward: d{output}/d{v} += d{output}/d{u} · ∂{u}/∂{v} = {}, so d{output}/d{v} = {total}.",
                chain(&parts)
            )
        }
    }
}

/// The parts joined by ` = `, skipping a part equal to the one before it (`2 = 2`).
fn chain(parts: &[String]) -> String {
    let mut out = String::new();
    let mut last: Option<&str> = None;
    for part in parts {
        if last == Some(part.as_str()) {
            continue;
        }
        if last.is_some() {
            out += " = ";
        }
        out += part;
        last = Some(part);
    }
    out
}
