//! Reverse-mode differentiation: the forward pass stores a value at every node, the backward
//! pass accumulates dy/du at every node. Both passes record what they do as [`Event`]s, so the
//! timeline the page replays is the trace of this very algorithm.

use std::collections::HashMap;

use crate::graph::{Graph, NodeId, NodeKind};
use crate::ops::About;
use crate::syntax::Expr;
use crate::timeline::{Event, Timeline};

#[derive(Clone, Debug)]
pub struct Evaluation {
    /// The value of each node, by node index.
    pub values: Vec<f64>,
    /// The local partials ∂u/∂v_j of each node with respect to its arguments, in argument
    /// order; `None` for an argument that is not a variable (a constant, or an operation on
    /// constants alone), which the backward pass never pushes into.
    pub partials: Vec<Vec<Option<f64>>>,
    /// dy/du for each variable u, where y is the graph's output; `None` for constants.
    pub adjoints: Vec<Option<f64>>,
    /// Numeric trouble worth a sentence, by node index, in node order: values that are NaN or
    /// ±∞ and why, and points where an operation the backward pass uses is not
    /// differentiable.
    pub notes: Vec<(usize, String)>,
    pub timeline: Timeline,
}

impl Evaluation {
    pub fn value(&self, node: NodeId) -> f64 {
        self.values.get(node.index()).copied().unwrap_or(f64::NAN)
    }

    /// dy/du, or `None` when u is not a variable.
    pub fn adjoint(&self, node: NodeId) -> Option<f64> {
        self.adjoints.get(node.index()).copied().flatten()
    }

    /// The output's value.
    pub fn output_value(&self, graph: &Graph) -> f64 {
        self.value(graph.output())
    }

    /// dy/dx for each input x, in the order the inputs appear.
    pub fn gradient(&self, graph: &Graph) -> Vec<(String, f64)> {
        graph.inputs().filter_map(|n| Some((graph.name(n)?.to_string(), self.adjoint(n)?))).collect()
    }
}

/// The forward pass alone: every node's value, in topological order, with `at` overriding input
/// values by name. No partials, no events, no notes: the fast path for sliders, quizzes and
/// finite-difference sweeps. `O(V + E)`.
pub fn values(graph: &Graph, at: &HashMap<String, f64>) -> Vec<f64> {
    let mut values: Vec<f64> = Vec::with_capacity(graph.len());
    for (u, node) in graph.nodes() {
        let value = match node.kind {
            NodeKind::Input { value } => at.get(&node.name).copied().unwrap_or(value),
            _ => {
                // Arguments precede their users, so their values are there.
                debug_assert!(graph.args(u).iter().all(|v| v.index() < values.len()), "an argument after its user");
                let args: Vec<f64> =
                    graph.args(u).iter().map(|v| values.get(v.index()).copied().unwrap_or(f64::NAN)).collect();
                graph.value(u, &args)
            }
        };
        values.push(value);
    }
    values
}

/// Both passes, traced: values and local partials forward, adjoints backward, every step as an
/// [`Event`] and the numeric notes. `at` overrides input values by name. `O(V + E)`.
pub fn trace(graph: &Graph, at: &HashMap<String, f64>) -> Evaluation {
    let mut events = Vec::with_capacity(2 * graph.len() + graph.args_count() + 1);
    let roles = Roles::of(graph);
    let (values, partials) = forward(graph, at, &roles, &mut events);
    let adjoints = backward(graph, &partials, &roles, &mut events);
    let timeline = Timeline::new(graph, events, roles.variable.clone());
    let notes = notes(graph, &values, &partials, &roles);
    Evaluation { values, partials, adjoints, notes, timeline }
}

/// What part each node plays in differentiation.
struct Roles {
    /// Whether the node depends on an input: inputs, and operations with a variable argument.
    /// Constants and operations on constants alone are not variables: nothing is pushed into
    /// them, as `requires_grad` is off for them in a deep-learning library.
    variable: Vec<bool>,
    /// Whether the backward pass visits the node: the output, and every variable with a path
    /// to it.
    visited: Vec<bool>,
}

impl Roles {
    /// `O(V + E)`: one sweep in topological order, one in reverse.
    fn of(graph: &Graph) -> Roles {
        let mut variable: Vec<bool> = Vec::with_capacity(graph.len());
        for (u, node) in graph.nodes() {
            let depends = graph.args(u).iter().any(|v| variable.get(v.index()).copied().unwrap_or(false));
            variable.push(matches!(node.kind, NodeKind::Input { .. }) || depends);
        }
        // Arguments always precede their users, so one reverse sweep marks every node with a
        // path to the output.
        let mut visited = vec![false; graph.len()];
        set(&mut visited, graph.output().index(), true);
        for u in graph.order().rev() {
            if visited.get(u.index()).copied().unwrap_or(false) {
                for v in graph.args(u) {
                    let is_variable = variable.get(v.index()).copied().unwrap_or(false);
                    if is_variable {
                        set(&mut visited, v.index(), true);
                    }
                }
            }
        }
        Roles { variable, visited }
    }

    fn is_variable(&self, node: NodeId) -> bool {
        self.variable.get(node.index()).copied().unwrap_or(false)
    }

    fn is_visited(&self, node: NodeId) -> bool {
        self.visited.get(node.index()).copied().unwrap_or(false)
    }
}

fn set<T>(slots: &mut [T], index: usize, value: T) {
    if let Some(slot) = slots.get_mut(index) {
        *slot = value;
    }
}

/// Visits each node in topological order: computes u_i = g_i(v_1, …, v_N) and stores it,
/// together with the local partials ∂u_i/∂v_j for the arguments that are variables.
fn forward(
    graph: &Graph,
    at: &HashMap<String, f64>,
    roles: &Roles,
    events: &mut Vec<Event>,
) -> (Vec<f64>, Vec<Vec<Option<f64>>>) {
    let mut values: Vec<f64> = Vec::with_capacity(graph.len());
    let mut partials: Vec<Vec<Option<f64>>> = Vec::with_capacity(graph.len());
    for (u, node) in graph.nodes() {
        let (value, local) = match node.kind {
            NodeKind::Input { value } => (at.get(&node.name).copied().unwrap_or(value), Vec::new()),
            _ => {
                let args = graph.args(u);
                debug_assert!(args.iter().all(|v| v.index() < values.len()), "an argument comes after its user");
                let arg_values: Vec<f64> =
                    args.iter().map(|v| values.get(v.index()).copied().unwrap_or(f64::NAN)).collect();
                let (value, local) = graph.apply(u, &arg_values);
                let local = args
                    .iter()
                    .enumerate()
                    .map(|(j, &v)| roles.is_variable(v).then(|| local.get(j).copied().unwrap_or(f64::NAN)))
                    .collect();
                (value, local)
            }
        };
        values.push(value);
        partials.push(local);
        events.push(Event::Forward { node: u.index(), value });
    }
    (values, partials)
}

/// The textbook backward pass: every dy/du starts at 0 and dy/dy = 1; visiting nodes in
/// reverse topological order, each node u_i increments dy/dv_j by (dy/du_i)(du_i/dv_j) for
/// each argument v_j. Constants are not variables and get nothing; nodes that do not lead to
/// the output are skipped (their dy/du stays 0).
fn backward(graph: &Graph, partials: &[Vec<Option<f64>>], roles: &Roles, events: &mut Vec<Event>) -> Vec<Option<f64>> {
    let output = graph.output().index();
    let mut adjoints: Vec<Option<f64>> = roles.variable.iter().map(|&v| v.then_some(0.0)).collect();
    set(&mut adjoints, output, Some(1.0));
    events.push(Event::BackwardInit { output });
    for u in graph.order().rev().filter(|&u| roles.is_visited(u)) {
        let i = u.index();
        let adjoint = adjoints.get(i).copied().flatten().unwrap_or(f64::NAN);
        events.push(Event::Visit { node: i, adjoint });
        for (j, v) in graph.args(u).iter().enumerate() {
            let Some(local_partial) = partials.get(i).and_then(|p| p.get(j)).copied().flatten() else { continue };
            let delta = adjoint * local_partial;
            let previous = adjoints.get(v.index()).copied().flatten().unwrap_or(0.0);
            let sum = previous + delta;
            set(&mut adjoints, v.index(), Some(sum));
            events.push(Event::Increment {
                node: i,
                arg: v.index(),
                position: j,
                local_partial,
                delta,
                previous,
                adjoint: sum,
            });
        }
    }
    adjoints
}

/// Says why a node's value is NaN or ±∞, tracing trouble inherited from an argument to the
/// argument that caused it; and, at nodes the backward pass visits, why a local partial it
/// uses is not finite, or that the operation is at a point where it is not differentiable.
fn notes(graph: &Graph, values: &[f64], partials: &[Vec<Option<f64>>], roles: &Roles) -> Vec<(usize, String)> {
    let full = crate::number::full;
    let value_of = |v: NodeId| values.get(v.index()).copied().unwrap_or(f64::NAN);
    let mut notes = Vec::new();
    for (u, node) in graph.nodes() {
        let i = u.index();
        let value = value_of(u);
        if matches!(node.kind, NodeKind::Input { .. } | NodeKind::Const { .. }) {
            if !value.is_finite() {
                notes.push((i, format!("{} is {}", node.name, full(value))));
            }
            continue;
        }
        let args = graph.args(u);
        let arg_values: Vec<f64> = args.iter().map(|&v| value_of(v)).collect();
        // The argument to blame for a non-finite value: a NaN for a NaN, an infinity for an
        // infinity (its own note says why it is one).
        let culprit =
            args.iter().find(|&&v| if value.is_nan() { value_of(v).is_nan() } else { value_of(v).is_infinite() });
        // A slope matters where the backward pass pushes through it.
        let partial = |j: usize| partials.get(i).and_then(|p| p.get(j)).copied().flatten();
        let pushed = |j: usize| roles.is_visited(u) && partial(j).is_some();
        let op_note = match node.kind {
            NodeKind::Op { op } => op.note(&arg_values).filter(|note| match note.about {
                About::Value => true,
                About::Slopes => (0..args.len()).any(pushed),
                About::Slope(j) => pushed(j),
            }),
            _ => None,
        };
        let bad_slope = (0..args.len()).any(|j| pushed(j) && partial(j).is_some_and(|p| !p.is_finite()));
        let note = match (culprit, op_note) {
            (Some(&v), _) if !value.is_finite() => Some(format!(
                "{} is {} because its input {} is {}",
                node.name,
                full(value),
                graph.name(v).unwrap_or("?"),
                full(value_of(v))
            )),
            (_, Some(note)) => Some(format!("{}: {}", node.name, note.text)),
            (None, None) if value.is_nan() => {
                let numbers: Vec<Expr> = arg_values.iter().map(|&a| Expr::number(a)).collect();
                Some(format!("{} is NaN: {} is undefined", node.name, graph.formula_text(u, &numbers, &full)))
            }
            (None, None) if !value.is_finite() => {
                Some(format!("{} overflows: the result is beyond the largest 64-bit float, about 1.8e308", node.name))
            }
            _ if bad_slope => Some(format!("{}: a local derivative is not finite here", node.name)),
            _ => None,
        };
        notes.extend(note.map(|n| (i, n)));
    }
    notes
}
