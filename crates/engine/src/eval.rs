//! Reverse-mode differentiation: the forward pass stores a value at every node, the backward
//! pass accumulates dy/du at every node. Both passes record what they do as [`Event`]s, so the
//! timeline the page replays is the trace of this very algorithm.

use std::collections::HashMap;

use petgraph::graph::NodeIndex;

use crate::graph::{Graph, NodeKind};
use crate::timeline::{Event, Timeline};

#[derive(Clone, Debug)]
pub struct Evaluation {
    /// The value of each node, by node index.
    pub values: Vec<f64>,
    /// The local partials ∂u/∂v_j of each node with respect to its arguments.
    pub partials: Vec<Vec<f64>>,
    /// dy/du for each node u, where y is the graph's output.
    pub adjoints: Vec<f64>,
    /// Numeric trouble worth a sentence, by node index, in node order: values that are NaN or
    /// ±∞ and why, and points where an operation is not differentiable.
    pub notes: Vec<(usize, String)>,
    pub timeline: Timeline,
}

impl Evaluation {
    pub fn value(&self, node: NodeIndex) -> f64 {
        self.values.get(node.index()).copied().unwrap_or(f64::NAN)
    }

    pub fn adjoint(&self, node: NodeIndex) -> f64 {
        self.adjoints.get(node.index()).copied().unwrap_or(f64::NAN)
    }

    /// The output's value.
    pub fn output_value(&self, graph: &Graph) -> f64 {
        self.value(graph.output)
    }

    /// dy/dx for each input x, in the order the inputs appear.
    pub fn gradient(&self, graph: &Graph) -> Vec<(String, f64)> {
        graph.inputs().map(|n| (graph.node(n).name.clone(), self.adjoint(n))).collect()
    }
}

/// Runs the forward and the backward pass. `at` overrides input values by name.
/// `O(V + E)`.
pub fn evaluate(graph: &Graph, at: &HashMap<String, f64>) -> Evaluation {
    let mut events = Vec::with_capacity(2 * graph.len() + graph.dag.edge_count() + 1);
    let (values, partials) = forward(graph, at, &mut events);
    let adjoints = backward(graph, &partials, &mut events);
    let timeline = Timeline::new(graph, events);
    let notes = notes(graph, &values, &partials);
    Evaluation { values, partials, adjoints, notes, timeline }
}

/// Visits each node in topological order: computes u_i = g_i(v_1, …, v_N) and stores it,
/// together with the local partials ∂u_i/∂v_j.
fn forward(graph: &Graph, at: &HashMap<String, f64>, events: &mut Vec<Event>) -> (Vec<f64>, Vec<Vec<f64>>) {
    let mut values = vec![0.0; graph.len()];
    let mut partials = vec![Vec::new(); graph.len()];
    for u in graph.order() {
        let node = graph.node(u);
        let value = match node.kind {
            NodeKind::Input { value } => at.get(&node.name).copied().unwrap_or(value),
            _ => {
                let args: Vec<f64> = graph.args(u).iter().map(|v| values[v.index()]).collect();
                let (value, local) = graph.apply(u, &args);
                partials[u.index()] = local;
                value
            }
        };
        values[u.index()] = value;
        events.push(Event::Forward { node: u.index(), value });
    }
    (values, partials)
}

/// The textbook backward pass: every dy/du starts at 0 and dy/dy = 1; visiting nodes in
/// reverse topological order, each node u_i increments dy/dv_j by (dy/du_i)(du_i/dv_j) for
/// each argument v_j. Nodes that do not lead to the output are skipped (their dy/du stays 0).
fn backward(graph: &Graph, partials: &[Vec<f64>], events: &mut Vec<Event>) -> Vec<f64> {
    let output = graph.output.index();
    let mut adjoints = vec![0.0; graph.len()];
    adjoints[output] = 1.0;
    events.push(Event::BackwardInit { output });
    let leads_to_output = leads_to_output(graph);
    for u in graph.order().rev().filter(|u| leads_to_output[u.index()]) {
        let i = u.index();
        events.push(Event::Visit { node: i, adjoint: adjoints[i] });
        for (j, v) in graph.args(u).into_iter().enumerate() {
            let local_partial = partials[i].get(j).copied().unwrap_or(f64::NAN);
            let delta = adjoints[i] * local_partial;
            let previous = adjoints[v.index()];
            adjoints[v.index()] += delta;
            events.push(Event::Increment {
                node: i,
                arg: v.index(),
                position: j,
                local_partial,
                delta,
                previous,
                adjoint: adjoints[v.index()],
            });
        }
    }
    adjoints
}

/// Marks the output and every node with a path to it. One reverse sweep suffices because
/// arguments always precede their users. `O(V + E)`.
fn leads_to_output(graph: &Graph) -> Vec<bool> {
    let mut marked = vec![false; graph.len()];
    marked[graph.output.index()] = true;
    for u in graph.order().rev() {
        if marked[u.index()] {
            for v in graph.args(u) {
                marked[v.index()] = true;
            }
        }
    }
    marked
}

/// Says why a node's value or local partials are not finite, or why its operation is at a
/// point where it is not differentiable. Trouble inherited from an argument is traced to it.
fn notes(graph: &Graph, values: &[f64], partials: &[Vec<f64>]) -> Vec<(usize, String)> {
    let mut notes = Vec::new();
    for u in graph.order() {
        let i = u.index();
        let node = graph.node(u);
        let value = values[i];
        let op = match node.kind {
            NodeKind::Op { op } => Some(op),
            _ => None,
        };
        if matches!(node.kind, NodeKind::Input { .. } | NodeKind::Const { .. }) {
            if !value.is_finite() {
                notes.push((i, format!("{} is {}", node.name, crate::number::full(value))));
            }
            continue;
        };
        let args = graph.args(u);
        let arg_values: Vec<f64> = args.iter().map(|v| values[v.index()]).collect();
        let bad_arg = args.iter().find(|v| !values[v.index()].is_finite());
        let partials_finite = partials[i].iter().all(|p| p.is_finite());
        let note = match (op.and_then(|op| op.note(&arg_values)), bad_arg) {
            (_, Some(v)) if !value.is_finite() => Some(format!(
                "{} is {} because its input {} is {}",
                node.name,
                crate::number::full(value),
                graph.node(*v).name,
                crate::number::full(values[v.index()])
            )),
            (Some(why), _) => Some(format!("{}: {why}", node.name)),
            (None, _) if !value.is_finite() => {
                Some(format!("{} overflows: the result is beyond the largest 64-bit float, about 1.8e308", node.name))
            }
            (None, None) if !partials_finite => Some(format!("{}: a local derivative is not finite here", node.name)),
            _ => None,
        };
        notes.extend(note.map(|n| (i, n)));
    }
    notes
}
