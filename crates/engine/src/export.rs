//! Text exports of a graph: Graphviz DOT.

use crate::graph::{Graph, NodeKind};
use crate::number::short;

/// The graph in Graphviz DOT, laid out left to right, inputs first; each node labeled with its
/// name and operation, each edge with its argument position when the operation has two.
/// `O(V + E)`.
pub fn dot(graph: &Graph) -> String {
    let quote = |text: &str| format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""));
    let mut out = String::from("digraph gradgraph {\n  rankdir=LR;\n  node [shape=box, style=rounded];\n");
    for (u, node) in graph.nodes() {
        let label = match node.kind {
            NodeKind::Input { value } => format!("{}\\ninput = {}", node.name, short(value)),
            NodeKind::Const { .. } => node.name.clone(),
            NodeKind::Op { op } => format!("{}\\n{}", node.name, op.name()),
            NodeKind::Formula { .. } => format!("{} =\\n{}", node.name, graph.formula_with_names(u)),
        };
        let mut attributes = format!("label={}", quote(&label).replace("\\\\n", "\\n"));
        if u == graph.output() {
            attributes += ", peripheries=2";
        }
        out += &format!("  n{} [{attributes}];\n", u.index());
    }
    for edge in graph.edges() {
        let two = graph.args(edge.to).len() > 1;
        let label = if two { format!(" [label=\"{}\"]", edge.position + 1) } else { String::new() };
        out += &format!("  n{} -> n{}{label};\n", edge.from.index(), edge.to.index());
    }
    out += "}\n";
    out
}
