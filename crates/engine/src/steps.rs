//! A step explained for the lecture hall: the line of the algorithm it executes, with the loop
//! variables bound to this step's names, and the step as typeset mathematics with its numbers
//! substituted. Everything here is read off the graph and the timeline; nothing is computed
//! again.

use crate::graph::{Graph, NodeId, NodeKind};
use crate::notation::{needs_parens, Notation, Side};
use crate::ops::Op;
use crate::syntax::{parse_expression, Expr};
use crate::timeline::{Event, Frame, Timeline};
use crate::typeset::{expression, number, Digits, Math};

/// A line of reverse-mode differentiation, as the lecture writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Line {
    /// `for each node uᵢ in topological order:`
    ForwardLoop,
    /// `compute uᵢ = gᵢ(v₁, …, v_N) and store it`
    Compute,
    /// `initialise every dy/du to 0, and dy/dy = 1`
    Init,
    /// `for each node uᵢ in reverse topological order:`
    BackwardLoop,
    /// `for each input v_j of uᵢ:`
    InputLoop,
    /// `dy/dv_j += (dy/duᵢ)(∂uᵢ/∂v_j)`
    Increment,
}

/// The algorithm, line by line: each line, how deep it is indented, and its text with `{y}`
/// for the output's name (see [`algorithm_line`]).
pub const ALGORITHM: &[(Line, usize, &str)] = &[
    (Line::ForwardLoop, 0, "for each node uᵢ in topological order:"),
    (Line::Compute, 1, "compute uᵢ = gᵢ(v₁, …, v_N) and store it"),
    (Line::Init, 0, "initialise every d{y}/du to 0, and d{y}/d{y} = 1"),
    (Line::BackwardLoop, 0, "for each node uᵢ in reverse topological order:"),
    (Line::InputLoop, 1, "for each input v_j of uᵢ:"),
    (Line::Increment, 2, "d{y}/dv_j += (d{y}/duᵢ)(∂uᵢ/∂v_j)"),
];

/// A line of [`ALGORITHM`] for the output named `output`: `d` for the output's total
/// derivatives, `∂` for a node's local partials, as the lecture writes them.
pub fn algorithm_line(text: &str, output: &str) -> String {
    text.replace("{y}", output)
}

/// What step `k` executes: the line of the algorithm, and the names its loop variables stand
/// for (`uᵢ`, and `v_j` for an increment).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Executing {
    pub line: Line,
    pub u: Option<String>,
    pub v: Option<String>,
}

/// The line step `step` executes (the event that led to it), or `None` before the first step.
pub fn executing(graph: &Graph, timeline: &Timeline, step: usize) -> Option<Executing> {
    let name = |i: usize| graph.id(i).and_then(|n| graph.name(n)).map(str::to_string);
    let event = step.checked_sub(1).and_then(|i| timeline.events.get(i))?;
    Some(match *event {
        Event::Forward { node, .. } => Executing { line: Line::Compute, u: name(node), v: None },
        Event::BackwardInit { .. } => Executing { line: Line::Init, u: None, v: None },
        Event::Visit { node, .. } => Executing { line: Line::BackwardLoop, u: name(node), v: None },
        Event::Increment { node, arg, .. } => Executing { line: Line::Increment, u: name(node), v: name(arg) },
    })
}

/// `∂u/∂v`, a node's local partial, as a fraction.
pub(crate) fn derivative(u: &str, v: &str) -> Math {
    fraction(Math::Op("∂"), u, v)
}

/// `dy/du`, the output's total derivative with respect to a node (the running sum the
/// backward pass builds), as a fraction: `d`, where a local partial has `∂`.
pub(crate) fn total(y: &str, u: &str) -> Math {
    fraction(Math::Ident("d".into()), y, u)
}

/// `top` over `bottom`, each after the sign `d` (`∂` or `d`).
fn fraction(d: Math, top: &str, bottom: &str) -> Math {
    let part = |name: &str| Math::Row(vec![d.clone(), Math::Ident(name.to_string())]);
    Math::Frac(Box::new(part(top)), Box::new(part(bottom)))
}

/// `(inner)`.
fn parenthesized(inner: Math) -> Math {
    Math::Row(vec![Math::Op("("), inner, Math::Op(")")])
}

/// Parts joined by `=`, a part equal to the one before it left out (`2 · 3 = 2 · 3`).
fn chain(parts: Vec<Math>) -> Vec<Math> {
    let mut out: Vec<Math> = Vec::new();
    let mut last: Option<Math> = None;
    for part in parts {
        if last.as_ref() == Some(&part) {
            continue;
        }
        if last.is_some() {
            out.push(Math::Op("="));
        }
        out.push(part.clone());
        last = Some(part);
    }
    out
}

/// A formula that exists as text (a table partial such as `cos(x)`), typeset when it parses as
/// an expression and written out as it is when it does not (`1 if x > 0 else 0`).
fn formula(text: &str) -> Math {
    match parse_expression(text) {
        Some(expr) => expression(&expr, Digits::Exact),
        None => Math::Text(text.to_string()),
    }
}

/// Step `step` as typeset mathematics with its numbers: one row, or three for an increment (the
/// update of the sum, its numbers, and the local partial as a formula and a number). Empty before the first
/// step. Names are as the program writes them; numbers have five significant digits.
pub fn typeset_step(graph: &Graph, timeline: &Timeline, step: usize) -> Vec<Math> {
    let Some(event) = step.checked_sub(1).and_then(|i| timeline.events.get(i)) else { return Vec::new() };
    let y = graph.output_name();
    let name = |i: usize| graph.id(i).and_then(|n| graph.name(n)).unwrap_or("?").to_string();
    let ident = |i: usize| Math::Ident(name(i));
    let frame = timeline.frame(step);
    let short = |v: f64| number(v, Digits::Short);
    match *event {
        Event::Forward { node, value } => {
            let Some(n) = graph.id(node) else { return Vec::new() };
            let kind = graph.node(n).map(|n| n.kind);
            let (names, numbers) = arguments(graph, n, &frame);
            let parts = match kind {
                Some(NodeKind::Input { .. }) => vec![ident(node), short(value)],
                Some(NodeKind::Const { .. }) => vec![short(value)],
                _ => vec![
                    ident(node),
                    expression(&graph.expression(n, &names), Digits::Short),
                    expression(&graph.expression(n, &numbers), Digits::Short),
                    short(value),
                ],
            };
            vec![Math::Row(chain(parts))]
        }
        Event::BackwardInit { output } => vec![Math::Row(vec![
            total(y, "u"),
            Math::Op("="),
            Math::Number("0".into()),
            Math::Text(" for every variable u,  ".into()),
            total(y, &name(output)),
            Math::Op("="),
            Math::Number("1".into()),
        ])],
        Event::Visit { node, adjoint } => {
            vec![Math::Row(vec![total(y, &name(node)), Math::Op("="), short(adjoint), Math::Text("  (final)".into())])]
        }
        Event::Increment { node, arg, position, local_partial, previous, adjoint, .. } => {
            let (u, v) = (name(node), name(arg));
            let upstream = frame.adjoints.get(node).copied().flatten().unwrap_or(f64::NAN);
            let product = |a: Math, b: Math| Math::Row(vec![a, Math::Op("·"), b]);
            // The one rule for parentheses: the local partial as the product's right factor, and
            // the upstream dy/du, which starts the product, as what stands right of the +.
            let placed = |x: f64, parent: Op| {
                let bracket = needs_parens(Notation::of(parent), Side::Right, Notation::number(x));
                if bracket {
                    parenthesized(short(x))
                } else {
                    short(x)
                }
            };
            let update = Math::Row(vec![
                total(y, &v),
                Math::Op("←"),
                total(y, &v),
                Math::Op("+"),
                total(y, &u),
                Math::Op("\u{2062}"),
                derivative(&u, &v),
            ]);
            let numbers = Math::Row(vec![
                Math::Op("="),
                short(previous),
                Math::Op("+"),
                product(placed(upstream, Op::Add), placed(local_partial, Op::Mul)),
                Math::Op("="),
                short(adjoint),
            ]);
            let partial_formula = graph.id(node).and_then(|n| graph.partial_formula(n, position));
            let partial = match partial_formula {
                Some(text) => chain(vec![derivative(&u, &v), formula(&text), short(local_partial)]),
                None => vec![derivative(&u, &v), Math::Op("="), short(local_partial)],
            };
            vec![update, numbers, Math::Row(partial)]
        }
    }
}

/// A node's arguments as syntax trees: by name, and by the values `frame` knows (`?` for one
/// not computed yet).
fn arguments(graph: &Graph, node: NodeId, frame: &Frame) -> (Vec<Expr>, Vec<Expr>) {
    let args = graph.args(node);
    let names = args.iter().map(|&a| Expr::name(graph.name(a).unwrap_or("?"))).collect();
    let numbers = args
        .iter()
        .map(|a| frame.values.get(a.index()).copied().flatten().map_or_else(|| Expr::name("?"), Expr::number))
        .collect();
    (names, numbers)
}

/// What step `step` asks a student to predict, for practice: the node (or dy/dv) it computes
/// and the number it gives, or `None` for a step with nothing to work out (an input, a
/// constant, the initialization, a visit).
pub fn prediction(graph: &Graph, timeline: &Timeline, step: usize) -> Option<Prediction> {
    let name = |i: usize| graph.id(i).and_then(|n| graph.name(n)).unwrap_or("?").to_string();
    let y = graph.output_name();
    match *step.checked_sub(1).and_then(|i| timeline.events.get(i))? {
        Event::Forward { node, value } => {
            let kind = graph.id(node).and_then(|n| graph.node(n)).map(|n| n.kind);
            matches!(kind, Some(NodeKind::Op { .. } | NodeKind::Formula { .. })).then(|| Prediction {
                forward: true,
                index: node,
                node: name(node),
                asks: name(node),
                answer: value,
            })
        }
        Event::Increment { node, arg, adjoint, .. } => Some(Prediction {
            forward: false,
            index: arg,
            node: name(arg),
            asks: format!("d{y}/d{} after {} pushes into it", name(arg), name(node)),
            answer: adjoint,
        }),
        Event::BackwardInit { .. } | Event::Visit { .. } => None,
    }
}

/// A number a step computes, to be predicted.
#[derive(Clone, Debug, PartialEq)]
pub struct Prediction {
    /// A value of the forward pass (true) or a dy/dv of the backward pass.
    pub forward: bool,
    /// The node whose number it is, by index and by name: the node computed, or the input of
    /// the increment.
    pub index: usize,
    pub node: String,
    /// What is asked for, in words: `u1`, or `dy/dx after u1 pushes into it`.
    pub asks: String,
    pub answer: f64,
}

/// Two hints for step `step`'s prediction: the rule, then the rule with the numbers in (the
/// last calculation is left to the student).
pub fn hints(graph: &Graph, timeline: &Timeline, step: usize) -> [String; 2] {
    let name = |i: usize| graph.id(i).and_then(|n| graph.name(n)).unwrap_or("?").to_string();
    let y = graph.output_name();
    let frame = timeline.frame(step.saturating_sub(1));
    let short = crate::number::short;
    match step.checked_sub(1).and_then(|i| timeline.events.get(i)) {
        Some(&Event::Forward { node, .. }) => {
            let Some(n) = graph.id(node) else { return Default::default() };
            let (names, numbers) = arguments(graph, n, &frame);
            [
                format!("{} = {}", name(node), graph.formula_text(n, &names, &short)),
                format!("{} = {}", name(node), graph.formula_text(n, &numbers, &short)),
            ]
        }
        Some(&Event::Increment { node, arg, position, local_partial, previous, .. }) => {
            let (u, v) = (name(node), name(arg));
            let rule = graph
                .id(node)
                .and_then(|n| graph.partial_formula(n, position))
                .map_or(String::new(), |f| format!(", where ∂{u}/∂{v} = {f}"));
            let upstream = frame.adjoints.get(node).copied().flatten().unwrap_or(f64::NAN);
            [
                format!("d{y}/d{v} += (d{y}/d{u})(∂{u}/∂{v}){rule}"),
                format!(
                    "d{y}/d{v} = {} + {} × {}",
                    short(previous),
                    short(upstream),
                    crate::notation::Printed::number(local_partial, short(local_partial))
                        .operand(crate::notation::Notation::of(crate::ops::Op::Mul), crate::notation::Side::Right)
                ),
            ]
        }
        _ => Default::default(),
    }
}
