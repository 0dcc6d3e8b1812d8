//! The statements granularity: one node per assignment u = g(v_1, …, v_N), made from the
//! operations graph by absorbing every intermediate node into the formula of each kept node
//! that uses it.

use std::collections::{HashMap, HashSet};

use petgraph::graph::{DiGraph, NodeIndex};

use crate::formula::{Formula, Step};

use super::{Graph, Node, NodeId, NodeKind};

/// The "statements" graph of an "operations" graph: inputs, statement results (`roots`) and
/// the output stay nodes; every other node is absorbed into the formula of each kept node that
/// uses it. `O(V + E)` plus the size of the formulas.
pub(super) fn collapse(graph: &Graph, roots: &HashSet<NodeId>) -> Graph {
    let keep = |n: NodeId| {
        graph.node(n).is_some_and(|node| matches!(node.kind, NodeKind::Input { .. }))
            || roots.contains(&n)
            || n == graph.output
    };
    let mut dag: DiGraph<Node, usize> = DiGraph::new();
    let mut formulas = Vec::new();
    let mut kept: HashMap<NodeId, NodeIndex> = HashMap::new();
    for (u, node) in graph.nodes().filter(|&(u, _)| keep(u)) {
        if matches!(node.kind, NodeKind::Input { .. } | NodeKind::Const { .. }) {
            kept.insert(u, dag.add_node(node.clone()));
            continue;
        }
        // The formula's steps: a depth-first walk from u that stops at kept nodes.
        let mut steps = Vec::new();
        let mut args: Vec<NodeId> = Vec::new();
        let mut step_of: HashMap<NodeId, usize> = HashMap::new();
        let mut stack = vec![(u, false)];
        while let Some((n, expanded)) = stack.pop() {
            if step_of.contains_key(&n) {
                continue;
            }
            let Some(inner) = graph.node(n) else { continue };
            let step = if n != u && keep(n) {
                let j = args.len();
                args.push(n);
                Step::Arg(j)
            } else {
                match inner.kind {
                    NodeKind::Const { value } => Step::Const(value, inner.name.clone()),
                    NodeKind::Op { op } if expanded => {
                        let operands = graph.args(n);
                        debug_assert!(
                            operands.iter().all(|a| step_of.contains_key(a)),
                            "an operand was not walked first"
                        );
                        let at = |i: usize| operands.get(i).and_then(|a| step_of.get(a)).copied().unwrap_or(0);
                        Step::Apply(op, [at(0), at(1)])
                    }
                    NodeKind::Op { .. } => {
                        stack.push((n, true));
                        stack.extend(graph.args(n).iter().rev().map(|&a| (a, false)));
                        continue;
                    }
                    // Inputs are always kept (so they are arguments, above), and formulas exist
                    // only in collapsed graphs.
                    NodeKind::Input { .. } | NodeKind::Formula { .. } => {
                        debug_assert!(keep(n) && n == u, "an input or a formula inside a statement's formula");
                        Step::Const(f64::NAN, "?".into())
                    }
                }
            };
            step_of.insert(n, steps.len());
            steps.push(step);
        }
        let collapsed = Node { kind: NodeKind::Formula { formula: formulas.len() }, ..node.clone() };
        formulas.push(Formula { steps, arity: args.len() });
        let new = dag.add_node(collapsed);
        for (position, arg) in args.iter().enumerate() {
            if let Some(&from) = kept.get(arg) {
                dag.add_edge(from, new, position);
            }
        }
        kept.insert(u, new);
    }
    // The output is always kept.
    debug_assert!(kept.contains_key(&graph.output), "the output was not kept");
    let output = kept.get(&graph.output).copied().unwrap_or_default();
    let last_statement = graph.last_statement.and_then(|n| kept.get(&n).copied());
    Graph::new(dag, output, last_statement, formulas)
}
