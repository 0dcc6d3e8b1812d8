//! The vector level: the program as the lecture draws a network, a circuit whose nodes are its
//! named vectors, matrices and numbers (x, W1, b1 → h → p → J), each edge carrying the local
//! Jacobian ∂v/∂u of a statement v with respect to a name u it uses; and the backward pass at
//! that level, the chain rule for vectors (eq. 2.3): dy/du_k += Σᵢ dy/dvᵢ · ∂vᵢ/∂u_k, one
//! vector–Jacobian product per edge.
//!
//! Built from a graph at the statements granularity (one node per element of a statement, each
//! with its local partials), whose nodes gather into vectors by [`Node::group`] (an element
//! `h[1]` of `h`) or stand alone by name. Only variables are nodes: constants have no
//! derivative. Its numbers are checked against the scalar backward pass at the operations
//! granularity (`tests/vectors.rs`).
//!
//! [`Level`] steps the circuit: one step per vector computed, the initialisation, and one per
//! link's vector–Jacobian product, each ending at a step of the scalar timeline, so that the
//! page moves between the two levels at the same point in time.

use crate::eval::Evaluation;
use crate::graph::{Graph, Node, NodeId};
use crate::sorting::sort_owned;
use crate::steps::{derivative, total, Executing, Line};
use crate::timeline::{Event, Focus, Frame};
use crate::typeset::{bracketed, number, Digits, Math};

/// A named vector, matrix or number of the program: its elements' nodes in row order.
#[derive(Clone, Debug, PartialEq)]
pub struct Vector {
    pub name: String,
    pub members: Vec<NodeId>,
}

/// The edge from vector `from` into the statement `to` that uses it, with its local Jacobian:
/// `jacobian[i][k]` is ∂ to[i] / ∂ from[k], summed over every use of `from[k]` in `to[i]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    pub from: usize,
    pub to: usize,
    pub jacobian: Vec<Vec<f64>>,
}

/// The program as a circuit of vectors, in the order of the statements (a topological order).
#[derive(Clone, Debug, PartialEq)]
pub struct Circuit {
    pub vectors: Vec<Vector>,
    /// Every link, in the order of its `to` vector, then of its `from` vector's first use.
    pub links: Vec<Link>,
    /// The vector holding the graph's output (a number).
    pub output: Option<usize>,
    /// Each node's vector and its place in it, by node index (`None` for a constant).
    place: Vec<Option<(usize, usize)>>,
    /// The links into each vector.
    into: Vec<Vec<usize>>,
}

/// The name a node is gathered under: its vector's, or its own.
fn key(node: &Node) -> &str {
    node.group.as_deref().unwrap_or(&node.name)
}

/// The circuit of `graph` (at the statements granularity) with `evaluation`'s local partials.
/// `O(V + E)`.
pub fn circuit(graph: &Graph, evaluation: &Evaluation) -> Circuit {
    let variable = |n: NodeId| evaluation.adjoints.get(n.index()).is_some_and(Option::is_some);
    let mut vectors: Vec<Vector> = Vec::new();
    // Each variable node's vector and its place in it.
    let mut place: Vec<Option<(usize, usize)>> = vec![None; graph.len()];
    for (n, node) in graph.nodes() {
        if !variable(n) {
            continue;
        }
        // A name is one node, so only an element looks for its vector: mostly the last one made
        // (a statement's elements come together).
        let found = node.group.as_ref().and_then(|g| vectors.iter().rposition(|v| v.name == *g));
        let index = found.unwrap_or_else(|| {
            vectors.push(Vector { name: key(node).to_string(), members: Vec::new() });
            vectors.len() - 1
        });
        if let (Some(vector), Some(slot)) = (vectors.get_mut(index), place.get_mut(n.index())) {
            *slot = Some((index, vector.members.len()));
            vector.members.push(n);
        }
    }
    let mut links: Vec<Link> = Vec::new();
    // The links into each vector.
    let mut into: Vec<Vec<usize>> = vec![Vec::new(); vectors.len()];
    for (n, _) in graph.nodes() {
        let Some((to, row)) = place.get(n.index()).copied().flatten() else { continue };
        let partials = evaluation.partials.get(n.index());
        for (position, &arg) in graph.args(n).iter().enumerate() {
            let Some((from, column)) = place.get(arg.index()).copied().flatten() else { continue };
            let partial = partials.and_then(|p| p.get(position)).copied().flatten().unwrap_or(0.0);
            let link = find(&links, &into, to, from).unwrap_or_else(|| {
                let (rows, columns) = (size(&vectors, to), size(&vectors, from));
                links.push(Link { from, to, jacobian: vec![vec![0.0; columns]; rows] });
                if let Some(list) = into.get_mut(to) {
                    list.push(links.len() - 1);
                }
                links.len() - 1
            });
            if let Some(entry) =
                links.get_mut(link).and_then(|l| l.jacobian.get_mut(row)).and_then(|r| r.get_mut(column))
            {
                *entry += partial;
            }
        }
    }
    let output = place.get(graph.output().index()).copied().flatten().map(|(vector, _)| vector);
    Circuit { vectors, links, output, place, into }
}

/// The link into `to` from `from`, among the links `into` each vector.
fn find(links: &[Link], into: &[Vec<usize>], to: usize, from: usize) -> Option<usize> {
    into.get(to)?.iter().copied().find(|&l| links.get(l).is_some_and(|l| l.from == from))
}

fn size(vectors: &[Vector], index: usize) -> usize {
    vectors.get(index).map_or(0, |v| v.members.len())
}

impl Circuit {
    /// The backward pass at the vector level: dy/dv for each vector's elements, the output's 1,
    /// every link's vector–Jacobian product pushed into its `from` in reverse order of the
    /// statements.
    pub fn gradients(&self) -> Vec<Vec<f64>> {
        self.pushed_through(self.links.iter().rev())
    }

    /// dy/dv for each vector after the initialisation (every 0, the output's 1) and the pushes
    /// of `links`, in their order.
    fn pushed_through<'a>(&self, links: impl Iterator<Item = &'a Link>) -> Vec<Vec<f64>> {
        let mut gradients: Vec<Vec<f64>> = self.vectors.iter().map(|v| vec![0.0; v.members.len()]).collect();
        if let Some(output) = self.output.and_then(|o| gradients.get_mut(o)) {
            output.iter_mut().for_each(|g| *g = 1.0);
        }
        for link in links {
            let pushed = self.push(link, gradients.get(link.to).map_or(&[][..], Vec::as_slice));
            if let Some(from) = gradients.get_mut(link.from) {
                from.iter_mut().zip(pushed).for_each(|(g, p)| *g += p);
            }
        }
        gradients
    }

    /// The elements of vector `v`.
    fn members(&self, v: usize) -> &[NodeId] {
        self.vectors.get(v).map_or(&[][..], |v| v.members.as_slice())
    }

    /// What `link` pushes into its `from` given dy/d`to`: the row vector (dy/dto)ᵀ · ∂to/∂from.
    pub fn push(&self, link: &Link, upstream: &[f64]) -> Vec<f64> {
        let columns = size(&self.vectors, link.from);
        let mut pushed = vec![0.0; columns];
        for (row, g) in link.jacobian.iter().zip(upstream) {
            for (p, partial) in pushed.iter_mut().zip(row) {
                *p += g * partial;
            }
        }
        pushed
    }
}

/// What one step does at the vector level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VectorEvent {
    /// Every element of the vector computed (or set, for an input).
    Forward { vector: usize },
    /// The backward pass begins: every dy/dv is 0, and dy/dy = 1.
    Init,
    /// The link pushes its vector–Jacobian product (dy/d to)ᵀ · ∂to/∂from into its `from`.
    Push { link: usize },
}

/// A step at the vector level, and the step of the scalar timeline it ends at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VectorStep {
    pub end: usize,
    pub event: VectorEvent,
}

/// The circuit stepped: its steps in the scalar timeline's terms, and each link's edge in the
/// graph (the first of the graph's edges between the two vectors, which the page draws for it).
#[derive(Clone, Debug, PartialEq)]
pub struct Level {
    pub circuit: Circuit,
    pub steps: Vec<VectorStep>,
    /// Each link's edge: (consumer node, argument node, argument position).
    edges: Vec<(usize, usize, usize)>,
}

impl Level {
    /// The circuit of `graph` (at the statements granularity) and its steps: a vector's forward
    /// step ends where its last element is computed, a link's push where its last scalar push
    /// is made; the last step ends at the end of the timeline. `O(V + E + steps)`.
    pub fn new(graph: &Graph, evaluation: &Evaluation) -> Level {
        let circuit = circuit(graph, evaluation);
        let vector_of = |n: usize| circuit.place.get(n).copied().flatten().map(|(v, _)| v);
        let link_of = |(to, from): (usize, usize)| find(&circuit.links, &circuit.into, to, from);
        let mut edges = vec![None; circuit.links.len()];
        for edge in graph.edges() {
            let (to, from) = (vector_of(edge.to.index()), vector_of(edge.from.index()));
            if let Some(slot) = to.zip(from).and_then(link_of).and_then(|l| edges.get_mut(l)) {
                slot.get_or_insert((edge.to.index(), edge.from.index(), edge.position));
            }
        }
        // Where each vector's last element is computed, the initialisation, each link's last
        // push.
        let (mut computed, mut pushed) = (vec![0; circuit.vectors.len()], vec![0; circuit.links.len()]);
        let mut init = 0;
        let timeline = &evaluation.timeline;
        for (i, event) in timeline.events.iter().enumerate() {
            let slot = match *event {
                Event::Forward { node, .. } => vector_of(node).and_then(|v| computed.get_mut(v)),
                Event::BackwardInit { .. } => Some(&mut init),
                Event::Increment { node, arg, .. } => {
                    vector_of(node).zip(vector_of(arg)).and_then(link_of).and_then(|l| pushed.get_mut(l))
                }
                Event::Visit { .. } => None,
            };
            if let Some(slot) = slot {
                *slot = i + 1;
            }
        }
        let forward = computed
            .iter()
            .enumerate()
            .map(|(vector, &end)| VectorStep { end, event: VectorEvent::Forward { vector } });
        let backward =
            pushed.iter().enumerate().map(|(link, &end)| VectorStep { end, event: VectorEvent::Push { link } });
        let all = forward.chain([VectorStep { end: init, event: VectorEvent::Init }]).chain(backward);
        let steps: Vec<VectorStep> = all.filter(|s| s.end > 0).collect();
        let mut steps = sort_owned(steps, &|a, b| a.end.cmp(&b.end));
        if let Some(last) = steps.last_mut() {
            last.end = timeline.len();
        }
        let edges = edges.into_iter().map(|e| e.unwrap_or_default()).collect();
        Level { circuit, steps, edges }
    }

    /// How many vector steps are done at scalar step `step`.
    pub fn done(&self, step: usize) -> usize {
        self.steps.partition_point(|s| s.end <= step)
    }

    /// The scalar step at which the vector step after `step` ends (the timeline's end after the
    /// last).
    pub fn next_end(&self, step: usize) -> Option<usize> {
        self.steps.get(self.done(step)).map(|s| s.end)
    }

    /// The scalar step at which the last vector step before `step` ends (0 before the first).
    pub fn previous_end(&self, step: usize) -> usize {
        let done = self.done(step.saturating_sub(1));
        done.checked_sub(1).and_then(|k| self.steps.get(k)).map_or(0, |s| s.end)
    }

    /// Every vector's dy/dv after the first `k` vector steps: `None` before the backward pass.
    pub fn gradients_after(&self, k: usize) -> Option<Vec<Vec<f64>>> {
        let done = self.steps.get(..k).unwrap_or(&self.steps);
        done.iter().any(|s| s.event == VectorEvent::Init).then_some(())?;
        let links = done.iter().filter_map(|s| match s.event {
            VectorEvent::Push { link } => self.circuit.links.get(link),
            _ => None,
        });
        Some(self.circuit.pushed_through(links))
    }

    /// What is shown after `k` vector steps, from the scalar frame at the end of the `k`-th:
    /// its values, and the dy/dv the vector steps made (a scalar frame inside a statement's
    /// pushes has some of them half made), and the focus on the vector step's node or link.
    pub fn frame(&self, scalar: &Frame, k: usize) -> Frame {
        let mut frame = scalar.clone();
        let members = |v: usize| self.circuit.members(v);
        if let Some(gradients) = self.gradients_after(k) {
            for (v, gradient) in gradients.iter().enumerate() {
                for (member, &g) in members(v).iter().zip(gradient) {
                    if let Some(slot) = frame.adjoints.get_mut(member.index()) {
                        *slot = Some(g);
                    }
                }
            }
        }
        let last = k.checked_sub(1).and_then(|k| self.steps.get(k));
        frame.focus = match last.map(|s| s.event) {
            None => Focus::None,
            Some(VectorEvent::Forward { vector }) => {
                members(vector).last().map_or(Focus::None, |n| Focus::Node { node: n.index() })
            }
            Some(VectorEvent::Init) => Focus::Node { node: self.output_node() },
            Some(VectorEvent::Push { link }) => match self.edges.get(link) {
                Some(&(node, arg, position)) => Focus::Edge { node, arg, position },
                None => Focus::None,
            },
        };
        frame
    }

    fn output_node(&self) -> usize {
        let output = self.circuit.output.and_then(|o| self.circuit.vectors.get(o));
        output.and_then(|v| v.members.first()).map_or(0, |n| n.index())
    }

    /// The name of vector `v`.
    pub fn name(&self, v: usize) -> &str {
        self.circuit.vectors.get(v).map_or("?", |v| v.name.as_str())
    }

    /// The `k`-th vector step (counting from 1) as typeset mathematics with its numbers, from
    /// the scalar frame `scalar` at its end: a vector's values; the initialisation; or a link's
    /// vector–Jacobian product, the update of the running sum, its numbers, and the Jacobian
    /// (written out when small, otherwise its shape and whether it is diagonal).
    pub fn typeset(&self, k: usize, scalar: &Frame, y: &str) -> Vec<Math> {
        let Some(step) = k.checked_sub(1).and_then(|k| self.steps.get(k)) else { return Vec::new() };
        let total = |u: &str| total(y, u);
        match step.event {
            VectorEvent::Forward { vector } => {
                let values: Vec<f64> = self
                    .circuit
                    .members(vector)
                    .iter()
                    .map(|n| scalar.values.get(n.index()).copied().flatten().unwrap_or(f64::NAN))
                    .collect();
                vec![Math::Row(vec![Math::Ident(self.name(vector).into()), Math::Op("="), row(&values)])]
            }
            VectorEvent::Init => vec![Math::Row(vec![
                total("v"),
                Math::Op("="),
                Math::Number("0".into()),
                Math::Text(" for every vector v,  ".into()),
                total(y),
                Math::Op("="),
                Math::Number("1".into()),
            ])],
            VectorEvent::Push { link } => {
                let Some(l) = self.circuit.links.get(link) else { return Vec::new() };
                let (u, v) = (self.name(l.to), self.name(l.from));
                let before = self.gradients_after(k - 1).unwrap_or_default();
                let after = self.gradients_after(k).unwrap_or_default();
                let empty = Vec::new();
                let (previous, upstream, now) = (
                    before.get(l.from).unwrap_or(&empty),
                    after.get(l.to).unwrap_or(&empty),
                    after.get(l.from).unwrap_or(&empty),
                );
                let update = Math::Row(vec![
                    total(v),
                    Math::Op("←"),
                    total(v),
                    Math::Op("+"),
                    total(u),
                    Math::Op("\u{2062}"),
                    derivative(u, v),
                    Math::Text(format!("  ({})", shape(&l.jacobian))),
                ]);
                let numbers = Math::Row(vec![
                    Math::Op("="),
                    row(previous),
                    Math::Op("+"),
                    row(upstream),
                    Math::Op("·"),
                    matrix(&l.jacobian),
                ]);
                vec![update, numbers, Math::Row(vec![Math::Op("="), row(now)])]
            }
        }
    }

    /// The label of the `k`-th vector step's link, when it pushes: `∂q/∂theta: 1×3`.
    pub fn jacobian_label(&self, k: usize) -> Option<String> {
        let step = k.checked_sub(1).and_then(|k| self.steps.get(k))?;
        let VectorEvent::Push { link } = step.event else { return None };
        let l = self.circuit.links.get(link)?;
        Some(format!("∂{}/∂{}: {}", self.name(l.to), self.name(l.from), shape(&l.jacobian)))
    }

    /// The `k`-th vector step as a sentence.
    pub fn explain(&self, k: usize, y: &str) -> Option<String> {
        let step = k.checked_sub(1).and_then(|k| self.steps.get(k))?;
        Some(match step.event {
            VectorEvent::Forward { vector } => {
                let n = self.circuit.vectors.get(vector).map_or(0, |v| v.members.len());
                format!("Forward: {} is computed ({n} {}).", self.name(vector), if n == 1 { "value" } else { "values" })
            }
            VectorEvent::Init => format!("Backward: every d{y}/dv starts at 0, and d{y}/d{y} = 1."),
            VectorEvent::Push { link } => {
                let l = self.circuit.links.get(link)?;
                let (u, v) = (self.name(l.to), self.name(l.from));
                format!(
                    "Backward: {u} pushes into {v}: d{y}/d{v} += d{y}/d{u} · ∂{u}/∂{v}, a vector–Jacobian product \
                     with the {} Jacobian.",
                    shape(&l.jacobian)
                )
            }
        })
    }

    /// The line of the algorithm the `k`-th vector step executes, with its vectors' names
    /// (`u` for a vector computed or pushing, `v` for the one pushed into).
    pub fn executing(&self, k: usize) -> Option<Executing> {
        let step = k.checked_sub(1).and_then(|k| self.steps.get(k))?;
        let name = |v: usize| Some(self.name(v).to_string());
        Some(match step.event {
            VectorEvent::Forward { vector } => Executing { line: Line::Compute, u: name(vector), v: None },
            VectorEvent::Init => Executing { line: Line::Init, u: None, v: None },
            VectorEvent::Push { link } => {
                let l = self.circuit.links.get(link)?;
                Executing { line: Line::Increment, u: name(l.to), v: name(l.from) }
            }
        })
    }
}

/// The most elements a vector or Jacobian is written out with; beyond, its shape.
const WRITTEN_OUT: usize = 16;

/// A row vector between brackets, or its length when long.
fn row(values: &[f64]) -> Math {
    match values {
        [one] => number(*one, Digits::Short),
        _ if values.len() > WRITTEN_OUT => Math::Text(format!("({} values)", values.len())),
        _ => matrix(&[values.to_vec()]),
    }
}

/// A matrix between brackets, or its shape when large.
fn matrix(rows: &[Vec<f64>]) -> Math {
    let count: usize = rows.iter().map(Vec::len).sum();
    if count > WRITTEN_OUT {
        return Math::Text(format!("({})", shape(rows)));
    }
    if count == 1 {
        return number(rows.first().and_then(|r| r.first()).copied().unwrap_or(f64::NAN), Digits::Short);
    }
    let table = rows.iter().map(|r| r.iter().map(|&x| number(x, Digits::Short)).collect()).collect();
    bracketed(Math::Table(table))
}

/// A Jacobian's shape, rows × columns, and "diagonal" when it is square, larger than 1×1 and
/// zero off its diagonal (an elementwise function).
fn shape(rows: &[Vec<f64>]) -> String {
    let (m, n) = (rows.len(), rows.first().map_or(0, Vec::len));
    let diagonal =
        m == n && m > 1 && rows.iter().enumerate().all(|(i, r)| r.iter().enumerate().all(|(j, &x)| i == j || x == 0.0));
    format!("{m}×{n}{}", if diagonal { ", diagonal" } else { "" })
}
