//! Choosing the output: the node to differentiate is the last statement's, which must be a
//! single number, or one chosen by name, which must be a variable the graph has.

use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::Direction;

use crate::diagnostic::{Diagnostic, Span};
use crate::syntax::Statement;

use super::names::Scope;
use super::shape::Value;
use super::{Node, NodeKind};

/// The node to differentiate, and the last statement's node (the default, when it is a single
/// number).
pub(super) struct Output {
    pub node: NodeIndex,
    pub last_statement: Option<NodeIndex>,
    /// Why the default output is probably not the one meant: the last statement is an input
    /// (`lr = 0.1` after the loss) or computed from constants alone, so every derivative is 0.
    pub warning: Option<Diagnostic>,
}

/// Chooses the output among the lowered nodes: `wanted` by name, or else the last statement's.
/// `Ok(None)` when the program has no statement; an error says why neither will do.
pub(super) fn choose(
    dag: &DiGraph<Node, usize>,
    last: Option<&(&Statement, Value)>,
    wanted: Option<&str>,
    scope: &Scope,
) -> Result<Option<Output>, Diagnostic> {
    let Some((statement, value)) = last else { return Ok(None) };
    let last_statement = if value.is_scalar() { value.nodes.first().copied() } else { None };
    let node = match (wanted, last_statement) {
        (Some(wanted), _) => by_name(dag, wanted, scope)?,
        (None, Some(node)) => node,
        (None, None) => {
            let what = statement.target.as_ref().map_or("the last expression".to_string(), |t| format!("'{}'", t.name));
            return Err(Diagnostic::error(
                statement.span,
                format!("the output must be a single number, but {what} is {}", value.describe()),
            )
            .with_help("differentiate sum(...) of it, or one element such as y[0], or choose another output"));
        }
    };
    // The default output, when nothing depends on an input through it, is said where the user
    // looks: every dy/du of it is 0, which is not what a program ending in `lr = 0.1` meant.
    // Not when there is nothing else to choose (`x = 2` alone, or a first line being typed).
    let other_inputs = dag.node_indices().any(|n| n != node && matches!(dag[n].kind, NodeKind::Input { .. }));
    let input = dag.node_weight(node).is_some_and(|n| matches!(n.kind, NodeKind::Input { .. }));
    let warning = match (wanted, dag.node_weight(node)) {
        (None, Some(chosen)) if other_inputs && (input || !depends_on_an_input(dag, node)) => {
            let what = if input { "an input" } else { "computed from constants alone" };
            let name = &chosen.name;
            Some(
                Diagnostic::warning(
                    statement.span,
                    format!(
                        "'{name}' is the output because it is the last statement, but it is {what}, \
                         so d{name}/du is 0 for every other node u"
                    ),
                )
                .with_help("choose the output to differentiate in the menu, or put its statement last"),
            )
        }
        _ => None,
    };
    Ok(Some(Output { node, last_statement, warning }))
}

/// The node named `wanted`. Constants are not variables and cannot be chosen; a vector's name,
/// a constant and a name the graph lacks are errors that say where the name comes from: its
/// assignment, or the output option.
fn by_name(dag: &DiGraph<Node, usize>, wanted: &str, scope: &Scope) -> Result<NodeIndex, Diagnostic> {
    let found = dag.node_indices().find(|&n| dag[n].name == wanted && !matches!(dag[n].kind, NodeKind::Const { .. }));
    if let Some(node) = found {
        return if depends_on_an_input(dag, node) {
            Ok(node)
        } else {
            Err(Diagnostic::about_option(
                "output",
                format!("'{wanted}' is computed from constants alone, so there is nothing to differentiate"),
            )
            .with_help("choose a variable: an input, or something computed from one"))
        };
    }
    Err(if let Some(value) = scope.value(wanted) {
        let first = value.nodes.first().and_then(|&n| dag.node_weight(n));
        let span = first.map_or(Span::default(), |n| n.span);
        let element = first.map_or(String::new(), |n| n.name.clone());
        Diagnostic::error(span, format!("the chosen output '{wanted}' is {}, not a single number", value.describe()))
            .with_help(format!("choose one element, such as {element}, or differentiate sum({wanted})"))
    } else if dag.node_weights().any(|n| n.name == wanted) {
        Diagnostic::about_option("output", format!("'{wanted}' is a constant, so there is nothing to differentiate"))
            .with_help("choose a variable: an input, a named statement or an operation u1, u2, …")
    } else {
        let names: Vec<&str> = dag.node_weights().filter(|n| n.named).map(|n| n.name.as_str()).collect();
        Diagnostic::about_option("output", format!("there is no node named '{wanted}' to differentiate"))
            .with_help(format!("the named nodes are {}", names.join(", ")))
    })
}

/// Whether `node` is an input or is computed from one: a variable, as the evaluation's roles
/// say (an operation on constants alone is not one).
fn depends_on_an_input(dag: &DiGraph<Node, usize>, node: NodeIndex) -> bool {
    let mut seen = vec![false; dag.node_count()];
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if matches!(dag.node_weight(n).map(|w| &w.kind), Some(NodeKind::Input { .. })) {
            return true;
        }
        for arg in dag.neighbors_directed(n, Direction::Incoming) {
            if let Some(seen @ false) = seen.get_mut(arg.index()) {
                *seen = true;
                stack.push(arg);
            }
        }
    }
    false
}
