//! The computation graph: a petgraph DAG with one node per input, constant and operation, and
//! one edge per argument position (`x*x` has two edges from `x`).
//!
//! Invariant: nodes are added only after all of their arguments, so node index order is a
//! topological order, and edges always run from a lower index to a higher one.

use std::collections::{HashMap, HashSet};

use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction;
use serde::Serialize;

use crate::diagnostic::{line_col, Diagnostic, Span};
use crate::ops::Op;
use crate::syntax::{Expr, ExprKind, Program};

/// Most nodes a graph may have.
pub const MAX_NODES: usize = 50_000;

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum NodeKind {
    /// A variable the output is differentiated with respect to, with its value.
    Input {
        value: f64,
    },
    Const {
        value: f64,
    },
    Op {
        op: Op,
    },
}

impl NodeKind {
    /// The name shown in `data-op` and in JSON: `input`, `const`, or the operation's name.
    pub fn op_name(&self) -> &'static str {
        match self {
            NodeKind::Input { .. } => "input",
            NodeKind::Const { .. } => "const",
            NodeKind::Op { op } => op.name(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Node {
    /// The user's name for the node, or `u1, u2, …` for unnamed intermediates, or a constant's
    /// literal text.
    pub name: String,
    pub kind: NodeKind,
    /// Where the node comes from in the source.
    pub span: Span,
    /// Whether the name is the user's (an input or an assigned name) rather than generated.
    pub named: bool,
}

#[derive(Clone, Debug)]
pub struct Graph {
    /// Edge weights are argument positions: an edge `v → u` with weight `j` says that `v` is
    /// the `j`-th argument of `u`.
    pub dag: DiGraph<Node, usize>,
    /// The node being differentiated.
    pub output: NodeIndex,
}

impl Graph {
    pub fn len(&self) -> usize {
        self.dag.node_count()
    }

    pub fn is_empty(&self) -> bool {
        self.dag.node_count() == 0
    }

    pub fn node(&self, index: NodeIndex) -> &Node {
        &self.dag[index]
    }

    /// Nodes in topological order (every node after its arguments).
    pub fn order(&self) -> impl DoubleEndedIterator<Item = NodeIndex> + ExactSizeIterator {
        self.dag.node_indices()
    }

    /// The arguments of `node`, in argument order.
    pub fn args(&self, node: NodeIndex) -> Vec<NodeIndex> {
        let mut edges: Vec<(usize, NodeIndex)> =
            self.dag.edges_directed(node, Direction::Incoming).map(|e| (*e.weight(), e.source())).collect();
        edges.sort_unstable_by_key(|(position, _)| *position);
        edges.into_iter().map(|(_, source)| source).collect()
    }

    pub fn inputs(&self) -> impl Iterator<Item = NodeIndex> + '_ {
        self.order().filter(|&n| matches!(self.dag[n].kind, NodeKind::Input { .. }))
    }

    pub fn find(&self, name: &str) -> Option<NodeIndex> {
        self.order().find(|&n| self.dag[n].name == name)
    }
}

/// How a program is turned into a graph.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Options {
    /// Identical subexpressions become one node (a DAG); otherwise each occurrence is a node of
    /// its own (the expression tree of each statement; names still denote one node).
    pub sharing: bool,
    /// The node to differentiate, by name; `None` means the last statement.
    pub output: Option<String>,
}

impl Default for Options {
    fn default() -> Options {
        Options { sharing: true, output: None }
    }
}

/// What identifies a node for sharing: its operation (or constant value) and its arguments.
#[derive(PartialEq, Eq, Hash)]
enum ShareKey {
    Const(u64),
    Op(Op, Vec<NodeIndex>),
}

/// Builds the graph of a parsed program. Returns no graph when the program has errors or no
/// statements. `O(n)` in the size of the program.
pub fn build(source: &str, program: &Program, options: &Options) -> (Option<Graph>, Vec<Diagnostic>) {
    let mut assigned_at: HashMap<&str, Span> = HashMap::new();
    for statement in &program.statements {
        if let Some(target) = &statement.target {
            assigned_at.entry(target.name.as_str()).or_insert(target.span);
        }
    }
    let mut builder = Builder {
        source,
        dag: DiGraph::new(),
        scope: HashMap::new(),
        assigned_at,
        reserved: program.statements.iter().filter_map(|s| s.target.as_ref()).map(|t| t.name.clone()).collect(),
        next_temp: 1,
        diagnostics: Vec::new(),
        too_big: false,
        shared: options.sharing.then(HashMap::new),
    };
    let mut output = None;
    for statement in &program.statements {
        let node = builder.statement(statement);
        output = node.or(output);
    }
    if let (Some(wanted), Some(_)) = (&options.output, output) {
        let found = builder.dag.node_indices().find(|&n| builder.dag[n].name == *wanted);
        if found.is_none() {
            let names: Vec<&str> = builder.dag.node_weights().filter(|n| n.named).map(|n| n.name.as_str()).collect();
            builder.diagnostics.push(
                Diagnostic::error(Span::new(0, 0), format!("there is no node named '{wanted}' to differentiate"))
                    .with_help(format!("the named nodes are {}", names.join(", "))),
            );
        }
        output = found;
    }
    let has_errors = builder.diagnostics.iter().any(Diagnostic::is_error);
    let graph = match output {
        Some(output) if !has_errors => Some(Graph { dag: builder.dag, output }),
        _ => None,
    };
    (graph, builder.diagnostics)
}

struct Builder<'s> {
    source: &'s str,
    dag: DiGraph<Node, usize>,
    /// The node each assigned name currently denotes.
    scope: HashMap<String, NodeIndex>,
    /// Where each name is first assigned, for "used before assigned" messages.
    assigned_at: HashMap<&'s str, Span>,
    /// Every assigned name, so generated names `u1, u2, …` never collide with them.
    reserved: HashSet<String>,
    next_temp: usize,
    diagnostics: Vec<Diagnostic>,
    too_big: bool,
    /// With sharing on, the node already made for each operation and argument list.
    shared: Option<HashMap<ShareKey, NodeIndex>>,
}

impl<'s> Builder<'s> {
    fn statement(&mut self, statement: &'s crate::syntax::Statement) -> Option<NodeIndex> {
        let Some(target) = &statement.target else {
            return self.expr(&statement.expr);
        };
        if let Some(&previous) = self.scope.get(&target.name) {
            let first = line_col(self.source, self.dag[previous].span.start);
            self.diagnostics.push(
                Diagnostic::error(target.span, format!("'{}' is already assigned at {first}", target.name)).with_help(
                    format!("each name is assigned once; call the new value something else, like '{}2'", target.name),
                ),
            );
            return None;
        }
        let node = if let Some(value) = statement.expr.literal() {
            self.add(target.name.clone(), NodeKind::Input { value }, statement.span, &[])
        } else {
            let root = self.expr(&statement.expr)?;
            let node = &mut self.dag[root];
            if matches!(node.kind, NodeKind::Op { .. }) && !node.named {
                // An unnamed operation takes the statement's name, and gives back its generated
                // one if it was the last, so `u1, u2, …` number only unnamed intermediates.
                let generated = std::mem::replace(&mut node.name, target.name.clone());
                node.named = true;
                node.span = statement.span;
                if generated == format!("u{}", self.next_temp - 1) {
                    self.next_temp -= 1;
                }
                Some(root)
            } else {
                // An alias of a named node or constant (`a = x`) is a node of its own.
                self.add(target.name.clone(), NodeKind::Op { op: Op::Identity }, statement.span, &[root])
            }
        }?;
        self.dag[node].named = true;
        self.scope.insert(target.name.clone(), node);
        Some(node)
    }

    fn expr(&mut self, expr: &'s Expr) -> Option<NodeIndex> {
        match &expr.kind {
            ExprKind::Number(value) => {
                let text = self.source.get(expr.span.start..expr.span.end).unwrap_or("?").to_string();
                self.add_const(text, *value, expr.span)
            }
            ExprKind::Name(name) => self.name(name, expr.span),
            ExprKind::Unary(op, operand) => {
                let operand = self.expr(operand)?;
                self.add_temp(*op, expr.span, &[operand])
            }
            ExprKind::Binary(op, lhs, rhs) => {
                let lhs = self.expr(lhs);
                let rhs = self.expr(rhs);
                self.add_temp(*op, expr.span, &[lhs?, rhs?])
            }
            ExprKind::Call(function, args) => {
                let args: Vec<Option<NodeIndex>> = args.iter().map(|a| self.expr(a)).collect();
                let Some(op) = Op::from_function(&function.name) else {
                    let mut diagnostic =
                        Diagnostic::error(function.span, format!("unknown function '{}'", function.name));
                    if let Some(near) = closest(&function.name, Op::function_names()) {
                        diagnostic = diagnostic.with_help(format!("did you mean '{near}'?"));
                    } else {
                        diagnostic = diagnostic.with_help(format!(
                            "the functions are {}",
                            Op::function_names().collect::<Vec<_>>().join(", ")
                        ));
                    }
                    self.diagnostics.push(diagnostic);
                    return None;
                };
                if args.len() != op.arity() {
                    let wanted =
                        if op.arity() == 1 { "one argument".to_string() } else { format!("{} arguments", op.arity()) };
                    self.diagnostics.push(Diagnostic::error(
                        expr.span,
                        format!("'{}' takes {wanted}, but {} were given", function.name, args.len()),
                    ));
                    return None;
                }
                let args: Option<Vec<NodeIndex>> = args.into_iter().collect();
                self.add_temp(op, expr.span, &args?)
            }
        }
    }

    /// Resolves a name: an assigned variable, a constant (`pi`, `e`), or an implicit input.
    fn name(&mut self, name: &str, span: Span) -> Option<NodeIndex> {
        if let Some(&node) = self.scope.get(name) {
            return Some(node);
        }
        if let Some(&assigned) = self.assigned_at.get(name) {
            let at = line_col(self.source, assigned.start);
            let diagnostic = if assigned.start <= span.start {
                Diagnostic::error(span, format!("'{name}' is used in its own definition"))
                    .with_help(format!("each name is assigned once; call the new value something else, like '{name}2'"))
            } else {
                Diagnostic::error(span, format!("'{name}' is used before it is assigned (at {at})"))
                    .with_help("move the assignment above its first use")
            };
            self.diagnostics.push(diagnostic);
            return None;
        }
        let constant = match name {
            "pi" => Some(std::f64::consts::PI),
            "e" => Some(std::f64::consts::E),
            _ => None,
        };
        if let Some(value) = constant {
            return self.add_const(name.to_string(), value, span);
        }
        // Never assigned: an input with the default value 1, named so the user sees it.
        self.diagnostics.push(
            Diagnostic::warning(span, format!("'{name}' is never assigned, so it is an input with value 1"))
                .with_help(format!("give it a value with a statement like `{name} = 2`")),
        );
        let node = self.add(name.to_string(), NodeKind::Input { value: 1.0 }, span, &[])?;
        self.dag[node].named = true;
        self.scope.insert(name.to_string(), node);
        Some(node)
    }

    fn add_temp(&mut self, op: Op, span: Span, args: &[NodeIndex]) -> Option<NodeIndex> {
        if let Some(&node) = self.shared.as_ref().and_then(|m| m.get(&ShareKey::Op(op, args.to_vec()))) {
            return Some(node);
        }
        let name = loop {
            let candidate = format!("u{}", self.next_temp);
            self.next_temp += 1;
            if !self.reserved.contains(&candidate) {
                break candidate;
            }
        };
        let node = self.add(name, NodeKind::Op { op }, span, args)?;
        if let Some(shared) = &mut self.shared {
            shared.insert(ShareKey::Op(op, args.to_vec()), node);
        }
        Some(node)
    }

    /// A constant node (`2`, `pi`), shared by value when sharing is on.
    fn add_const(&mut self, text: String, value: f64, span: Span) -> Option<NodeIndex> {
        if let Some(&node) = self.shared.as_ref().and_then(|m| m.get(&ShareKey::Const(value.to_bits()))) {
            return Some(node);
        }
        let node = self.add(text, NodeKind::Const { value }, span, &[])?;
        if let Some(shared) = &mut self.shared {
            shared.insert(ShareKey::Const(value.to_bits()), node);
        }
        Some(node)
    }

    fn add(&mut self, name: String, kind: NodeKind, span: Span, args: &[NodeIndex]) -> Option<NodeIndex> {
        if self.dag.node_count() >= MAX_NODES {
            if !self.too_big {
                self.too_big = true;
                self.diagnostics.push(
                    Diagnostic::error(span, format!("the graph would have more than {MAX_NODES} nodes"))
                        .with_help("make the program smaller"),
                );
            }
            return None;
        }
        let node = self.dag.add_node(Node { name, kind, span, named: false });
        for (position, &arg) in args.iter().enumerate() {
            self.dag.add_edge(arg, node, position);
        }
        Some(node)
    }
}

/// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo.
fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (edit_distance(word, c), c))
        .filter(|&(d, c)| d <= 2 && d < c.len().max(word.len()))
        .min_by_key(|&(d, c)| (d, c.chars().next() != word.chars().next()))
        .map(|(_, c)| c)
}

/// Levenshtein distance. `O(|a|·|b|)`.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}
