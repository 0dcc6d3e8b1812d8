//! Forward-mode differentiation with dual numbers: an independent way to compute the gradient.
//!
//! A dual number `v + d·ε` (with ε² = 0) carries a value and its derivative with respect to one
//! chosen input. Evaluating the graph once on dual numbers, with the chosen input's `d` set to 1,
//! gives du/dx at every node. The derivative rules here are written separately from the
//! operation table on purpose: tests compare the two.

use std::collections::HashMap;

use crate::graph::{Graph, NodeId, NodeKind};
use crate::ops::Op;

/// `value + derivative·ε`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Dual {
    pub value: f64,
    pub derivative: f64,
}

impl Dual {
    pub fn constant(value: f64) -> Dual {
        Dual { value, derivative: 0.0 }
    }

    fn new(value: f64, derivative: f64) -> Dual {
        Dual { value, derivative }
    }

    /// The chain rule for a one-argument function with value `f` and slope `slope` at `self`.
    fn chain(self, f: f64, slope: f64) -> Dual {
        Dual::new(f, slope * self.derivative)
    }

    /// Applies an operation to dual numbers.
    pub fn apply(op: Op, a: Dual, b: Dual) -> Dual {
        let (x, y) = (a.value, b.value);
        match op {
            Op::Add => Dual::new(x + y, a.derivative + b.derivative),
            Op::Sub => Dual::new(x - y, a.derivative - b.derivative),
            Op::Mul => Dual::new(x * y, a.derivative * y + x * b.derivative),
            Op::Div => Dual::new(x / y, (a.derivative * y - x * b.derivative) / (y * y)),
            Op::Pow => {
                let u = x.powf(y);
                let da = if y == 0.0 || a.derivative == 0.0 { 0.0 } else { y * x.powf(y - 1.0) * a.derivative };
                let db = if b.derivative == 0.0 || (x == 0.0 && y > 0.0) { 0.0 } else { u * x.ln() * b.derivative };
                Dual::new(u, da + db)
            }
            Op::Neg => Dual::new(-x, -a.derivative),
            Op::Identity => a,
            Op::Exp => a.chain(x.exp(), x.exp()),
            Op::Log => a.chain(x.ln(), x.recip()),
            Op::Sqrt => a.chain(x.sqrt(), 0.5 / x.sqrt()),
            Op::Sin => a.chain(x.sin(), x.cos()),
            Op::Cos => a.chain(x.cos(), -x.sin()),
            Op::Tan => a.chain(x.tan(), 1.0 + x.tan() * x.tan()),
            Op::Tanh => a.chain(x.tanh(), 1.0 / (x.cosh() * x.cosh())),
            Op::Sigmoid => {
                let s = 0.5 * (1.0 + (0.5 * x).tanh());
                a.chain(s, s * (1.0 - s))
            }
            Op::Relu => a.chain(if x > 0.0 { x } else { 0.0 }, if x > 0.0 { 1.0 } else { 0.0 }),
            Op::Abs => a.chain(x.abs(), if x == 0.0 { 0.0 } else { x.signum() }),
            Op::Softplus => {
                let f = if x > 30.0 { x + (-x).exp() } else { x.exp().ln_1p() };
                a.chain(f, 1.0 / (1.0 + (-x).exp()))
            }
            Op::Max if x >= y => a,
            Op::Max => b,
            Op::Min if x <= y => a,
            Op::Min => b,
        }
    }
}

/// du/dx at every node u, for the input `input` (none: every derivative is 0, and the values
/// are the plain evaluation), by one pass over dual numbers in topological order. `at`
/// overrides input values, as in [`crate::trace`]. `O(V + E)`.
pub fn tangents(graph: &Graph, at: &HashMap<String, f64>, input: Option<NodeId>) -> Vec<Dual> {
    let mut duals: Vec<Dual> = Vec::with_capacity(graph.len());
    for (u, node) in graph.nodes() {
        let args: Vec<Dual> = graph.args(u).iter().filter_map(|v| duals.get(v.index()).copied()).collect();
        let arg = |j: usize| args.get(j).copied().unwrap_or(Dual::constant(0.0));
        let dual = match node.kind {
            NodeKind::Input { value } => {
                Dual::new(at.get(&node.name).copied().unwrap_or(value), if Some(u) == input { 1.0 } else { 0.0 })
            }
            NodeKind::Const { value } => Dual::constant(value),
            NodeKind::Op { op } => Dual::apply(op, arg(0), arg(1)),
            // The statement's own steps, by the same walk evaluation and printing use, with the
            // rules above.
            NodeKind::Formula { formula } => graph
                .formula(formula)
                .and_then(|f| {
                    let missing = || Dual::constant(f64::NAN);
                    let operand = |operands: &[Dual], j: usize| operands.get(j).copied().unwrap_or_else(missing);
                    f.walk(
                        arg,
                        |value, _| Dual::constant(value),
                        |op, xs| Dual::apply(op, operand(xs, 0), operand(xs, 1)),
                    )
                    .last()
                    .copied()
                })
                .unwrap_or(Dual::constant(f64::NAN)),
        };
        duals.push(dual);
    }
    duals
}

/// The gradient of the output by forward mode: one dual-number pass per input.
pub fn gradient(graph: &Graph, at: &HashMap<String, f64>) -> Vec<(String, f64)> {
    graph
        .inputs()
        .map(|x| {
            let duals = tangents(graph, at, Some(x));
            let name = graph.name(x).unwrap_or_default().to_string();
            (name, duals.get(graph.output().index()).map_or(f64::NAN, |d| d.derivative))
        })
        .collect()
}

/// The gradient of the output by central differences, (f(x + h) − f(x − h)) / 2h, with the step
/// `h` scaled to each input's size: `h = step · max(1, |x|)`.
pub fn central_differences(graph: &Graph, at: &HashMap<String, f64>, step: f64) -> Vec<(String, f64)> {
    let output = |at: &HashMap<String, f64>| {
        let duals = tangents(graph, at, None);
        duals.get(graph.output().index()).map_or(f64::NAN, |d| d.value)
    };
    graph
        .nodes()
        .filter_map(|(_, node)| match node.kind {
            NodeKind::Input { value } => Some((node.name.as_str(), value)),
            _ => None,
        })
        .map(|(name, value)| {
            let x0 = at.get(name).copied().unwrap_or(value);
            let h = step * x0.abs().max(1.0);
            let mut shifted = at.clone();
            shifted.insert(name.to_string(), x0 + h);
            let above = output(&shifted);
            shifted.insert(name.to_string(), x0 - h);
            let below = output(&shifted);
            (name.to_string(), (above - below) / (2.0 * h))
        })
        .collect()
}
