//! The vector level: the program as the lecture draws a network, a circuit whose nodes are its
//! named vectors, matrices and numbers (x, W1, b1 → h → p → J), each edge carrying the local
//! Jacobian ∂v/∂u of a statement v with respect to a name u it uses; and the backward pass at
//! that level, the chain rule for vectors (eq. 2.3): dy/du_k += Σᵢ dy/dvᵢ · ∂vᵢ/∂u_k, one
//! vector–Jacobian product per edge.
//!
//! Built from a graph at the statements granularity (one node per element of a statement, each
//! with its local partials), whose nodes gather into vectors by [`Node::group`] (an element
//! `h[1]` of `h`) or stand alone by name. Only variables are nodes: constants have no
//! derivative. The page does not draw it yet (issue 23, section 2); its numbers are checked
//! against the scalar backward pass at the operations granularity (`tests/vectors.rs`).

use std::collections::HashMap;

use crate::eval::Evaluation;
use crate::graph::{Graph, Node, NodeId};

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
    let mut by_name: HashMap<&str, usize> = HashMap::new();
    // Each variable node's vector and its place in it.
    let mut place: Vec<Option<(usize, usize)>> = vec![None; graph.len()];
    for (n, node) in graph.nodes() {
        if !variable(n) {
            continue;
        }
        let index = *by_name.entry(key(node)).or_insert_with(|| {
            vectors.push(Vector { name: key(node).to_string(), members: Vec::new() });
            vectors.len() - 1
        });
        if let (Some(vector), Some(slot)) = (vectors.get_mut(index), place.get_mut(n.index())) {
            *slot = Some((index, vector.members.len()));
            vector.members.push(n);
        }
    }
    let mut links: Vec<Link> = Vec::new();
    // The link into each `to` from each `from`, by (to, from).
    let mut link_of: HashMap<(usize, usize), usize> = HashMap::new();
    for (n, _) in graph.nodes() {
        let Some((to, row)) = place.get(n.index()).copied().flatten() else { continue };
        let partials = evaluation.partials.get(n.index());
        for (position, &arg) in graph.args(n).iter().enumerate() {
            let Some((from, column)) = place.get(arg.index()).copied().flatten() else { continue };
            let partial = partials.and_then(|p| p.get(position)).copied().flatten().unwrap_or(0.0);
            let link = *link_of.entry((to, from)).or_insert_with(|| {
                let (rows, columns) = (size(&vectors, to), size(&vectors, from));
                links.push(Link { from, to, jacobian: vec![vec![0.0; columns]; rows] });
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
    Circuit { vectors, links, output }
}

fn size(vectors: &[Vector], index: usize) -> usize {
    vectors.get(index).map_or(0, |v| v.members.len())
}

impl Circuit {
    /// The backward pass at the vector level: dy/dv for each vector's elements, the output's 1,
    /// every link's vector–Jacobian product pushed into its `from` in reverse order of the
    /// statements.
    pub fn gradients(&self) -> Vec<Vec<f64>> {
        let mut gradients: Vec<Vec<f64>> = self.vectors.iter().map(|v| vec![0.0; v.members.len()]).collect();
        if let Some(output) = self.output.and_then(|o| gradients.get_mut(o)) {
            output.iter_mut().for_each(|g| *g = 1.0);
        }
        for link in self.links.iter().rev() {
            let pushed = self.push(link, gradients.get(link.to).map_or(&[][..], Vec::as_slice));
            if let Some(from) = gradients.get_mut(link.from) {
                from.iter_mut().zip(pushed).for_each(|(g, p)| *g += p);
            }
        }
        gradients
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
