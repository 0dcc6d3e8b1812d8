//! The computation graph: a petgraph DAG with one node per input, constant and operation, and
//! one edge per argument position (`x*x` has two edges from `x`).
//!
//! Invariant: nodes are added only after all of their arguments, so node index order is a
//! topological order, and edges always run from a lower index to a higher one.

use std::collections::{HashMap, HashSet};

use crate::diagnostic::{line_col, Diagnostic, Span};
use crate::formula::{op_expr, Formula, Step};
use crate::ops::{Op, Reduction};
use crate::syntax::{print_expression, Expr, ExprKind, Ident, Program, Statement};
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction;

/// Most nodes a graph may have.
pub const MAX_NODES: usize = 50_000;

#[derive(Clone, Copy, Debug, PartialEq)]
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
    /// A whole statement u = g(v_1, …, v_N) (the "statements" granularity): an index into
    /// [`Graph::formulas`].
    Formula {
        formula: usize,
    },
}

impl NodeKind {
    /// The name shown in `data-op` and in JSON: `input`, `const`, or the operation's name.
    pub fn op_name(&self) -> &'static str {
        match self {
            NodeKind::Input { .. } => "input",
            NodeKind::Const { .. } => "const",
            NodeKind::Op { op } => op.name(),
            NodeKind::Formula { .. } => "statement",
        }
    }

    /// A short mark for what the node does, drawn in its corner: `×`, `sin`, `ƒ` for a
    /// statement; nothing for inputs and constants.
    pub fn symbol(&self) -> &'static str {
        match self {
            NodeKind::Input { .. } | NodeKind::Const { .. } => "",
            NodeKind::Op { op } => op.spec().symbol,
            NodeKind::Formula { .. } => "ƒ",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// The user's name for the node, or `u1, u2, …` for unnamed intermediates, or a constant's
    /// literal text.
    pub name: String,
    pub kind: NodeKind,
    /// Where the node comes from in the source.
    pub span: Span,
    /// Whether the name is the user's (an input or an assigned name) rather than generated.
    pub named: bool,
    /// For an element of a named vector or matrix (`x[0]`), the vector's name (`x`).
    pub group: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Graph {
    /// Edge weights are argument positions: an edge `v → u` with weight `j` says that `v` is
    /// the `j`-th argument of `u`.
    pub dag: DiGraph<Node, usize>,
    /// The node being differentiated.
    pub output: NodeIndex,
    /// The node of the last statement, the output unless another is chosen; `None` when the
    /// last statement is a vector or matrix.
    pub last_statement: Option<NodeIndex>,
    /// The formulas of `Formula` nodes.
    pub formulas: Vec<Formula>,
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

    /// A node's value and its local partials with respect to its arguments, in argument order.
    pub fn apply(&self, node: NodeIndex, args: &[f64]) -> (f64, Vec<f64>) {
        match self.dag[node].kind {
            NodeKind::Input { value } | NodeKind::Const { value } => (value, Vec::new()),
            NodeKind::Op { op } => {
                let (value, partials) = op.apply(args);
                (value, partials[..op.arity().min(2)].to_vec())
            }
            NodeKind::Formula { formula } => match self.formulas.get(formula) {
                Some(formula) => formula.apply(args),
                None => (f64::NAN, vec![f64::NAN; args.len()]),
            },
        }
    }

    /// How the node computes its value, as a syntax tree over `args` (its arguments' names,
    /// or their values): `x * z`, `sin(x)`. An input or a constant is its name.
    pub fn expression(&self, node: NodeIndex, args: &[Expr]) -> Expr {
        match self.dag[node].kind {
            NodeKind::Input { .. } | NodeKind::Const { .. } => Expr::name(self.dag[node].name.as_str()),
            NodeKind::Op { op } => op_expr(op, args),
            NodeKind::Formula { formula } => match self.formulas.get(formula) {
                Some(f) => f.to_expr(&|j| args.get(j).cloned().unwrap_or_else(|| Expr::name("?"))),
                None => Expr::name("?"),
            },
        }
    }

    /// [`Graph::expression`] as text, numbers written by `number`: `x * z`, `(-3)^2`. A
    /// statement's formula of many steps is summarized.
    pub fn formula_text(&self, node: NodeIndex, args: &[Expr], number: &dyn Fn(f64) -> String) -> String {
        match self.dag[node].kind {
            NodeKind::Formula { formula } => self.formulas.get(formula).map_or("?".into(), |f| f.text(args, number)),
            _ => print_expression(&self.expression(node, args), number),
        }
    }

    /// How the node computes its value from its arguments' names: `x * z`.
    pub fn formula_with_names(&self, node: NodeIndex) -> String {
        let names: Vec<Expr> = self.args(node).iter().map(|a| Expr::name(self.dag[*a].name.as_str())).collect();
        self.formula_text(node, &names, &crate::number::full)
    }

    pub fn inputs(&self) -> impl Iterator<Item = NodeIndex> + '_ {
        self.order().filter(|&n| matches!(self.dag[n].kind, NodeKind::Input { .. }))
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
    pub granularity: Granularity,
}

impl Default for Options {
    fn default() -> Options {
        Options { sharing: true, output: None, granularity: Granularity::Operations }
    }
}

/// What one node stands for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Granularity {
    /// One node per primitive operation.
    #[default]
    Operations,
    /// One node per assignment u_i = g_i(v_1, …, v_N); its local partials come from
    /// differentiating the statement's own expression.
    Statements,
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
        failed: HashSet::new(),
        assigned_at,
        reserved: program.names().map(str::to_string).collect(),
        diagnostics: Vec::new(),
        too_big: false,
        shared: options.sharing.then(HashMap::new),
    };
    let mut last = None;
    let mut roots = HashSet::new();
    for statement in &program.statements {
        let value = builder.statement(statement);
        roots.extend(value.iter().flat_map(|v| v.nodes.iter().copied()));
        if value.is_none() {
            if let Some(target) = &statement.target {
                builder.failed.insert(target.name.clone());
            }
        }
        last = value.map(|value| (statement, value));
    }
    let last_statement =
        last.as_ref().and_then(|(_, value)| value.shape.is_empty().then(|| value.nodes.first().copied()).flatten());
    let mut output = match last {
        Some((_, value)) if value.shape.is_empty() => value.nodes.first().copied(),
        Some((statement, value)) if options.output.is_none() => {
            let what = statement.target.as_ref().map_or("the last expression".to_string(), |t| format!("'{}'", t.name));
            let message = format!("the output must be a single number, but {what} is {}", value.describe());
            let help = "differentiate sum(...) of it, or one element such as y[0], or choose another output";
            builder.error(statement.span, message, Some(help.into()));
            None
        }
        Some((_, value)) => value.nodes.first().copied(),
        None => None,
    };
    builder.number_unnamed_nodes();
    if let (Some(wanted), Some(_)) = (&options.output, output) {
        output = builder.chosen_output(wanted);
    }
    let has_errors = builder.diagnostics.iter().any(Diagnostic::is_error);
    let graph = match output {
        Some(output) if !has_errors => Some(Graph { dag: builder.dag, output, last_statement, formulas: Vec::new() }),
        _ => None,
    };
    let graph = match options.granularity {
        Granularity::Operations => graph,
        Granularity::Statements => graph.map(|g| collapse(&g, &roots)),
    };
    (graph, builder.diagnostics)
}

/// The "statements" graph of an "operations" graph: inputs, statement results (`roots`) and
/// the output stay nodes; every other node is absorbed into the formula of each kept node that
/// uses it. `O(V + E)` plus the size of the formulas.
fn collapse(graph: &Graph, roots: &HashSet<NodeIndex>) -> Graph {
    let keep =
        |n: NodeIndex| matches!(graph.dag[n].kind, NodeKind::Input { .. }) || roots.contains(&n) || n == graph.output;
    let mut dag = DiGraph::new();
    let mut formulas = Vec::new();
    let mut kept: HashMap<NodeIndex, NodeIndex> = HashMap::new();
    for u in graph.order().filter(|&u| keep(u)) {
        let node = graph.node(u).clone();
        if matches!(node.kind, NodeKind::Input { .. } | NodeKind::Const { .. }) {
            kept.insert(u, dag.add_node(node));
            continue;
        }
        // The formula's steps: a depth-first walk from u that stops at kept nodes.
        let mut steps = Vec::new();
        let mut args: Vec<NodeIndex> = Vec::new();
        let mut step_of: HashMap<NodeIndex, usize> = HashMap::new();
        let mut stack = vec![(u, false)];
        while let Some((n, expanded)) = stack.pop() {
            if step_of.contains_key(&n) {
                continue;
            }
            let step = if n != u && keep(n) {
                let j = args.len();
                args.push(n);
                Step::Arg(j)
            } else {
                match graph.dag[n].kind {
                    NodeKind::Const { value } => Step::Const(value, graph.dag[n].name.clone()),
                    NodeKind::Op { op } if expanded => {
                        let operands = graph.args(n);
                        let at = |i: usize| operands.get(i).and_then(|a| step_of.get(a)).copied().unwrap_or(0);
                        Step::Apply(op, [at(0), at(1)])
                    }
                    NodeKind::Op { .. } => {
                        stack.push((n, true));
                        stack.extend(graph.args(n).into_iter().rev().map(|a| (a, false)));
                        continue;
                    }
                    // Inputs are always kept, and formulas exist only in collapsed graphs.
                    NodeKind::Input { .. } | NodeKind::Formula { .. } => Step::Const(f64::NAN, "?".into()),
                }
            };
            step_of.insert(n, steps.len());
            steps.push(step);
        }
        let node = Node { kind: NodeKind::Formula { formula: formulas.len() }, ..graph.node(u).clone() };
        formulas.push(Formula { steps, arity: args.len() });
        let new = dag.add_node(node);
        for (position, arg) in args.iter().enumerate() {
            if let Some(&from) = kept.get(arg) {
                dag.add_edge(from, new, position);
            }
        }
        kept.insert(u, new);
    }
    let output = kept.get(&graph.output).copied().unwrap_or_default();
    let last_statement = graph.last_statement.and_then(|n| kept.get(&n).copied());
    Graph { dag, output, last_statement, formulas }
}

struct Builder<'s> {
    source: &'s str,
    dag: DiGraph<Node, usize>,
    /// The node (or nodes, for a vector or matrix) each assigned name denotes.
    scope: HashMap<String, Value>,
    /// Names whose statements failed: their uses are not reported again.
    failed: HashSet<String>,
    /// Where each name is first assigned, for "used before assigned" messages.
    assigned_at: HashMap<&'s str, Span>,
    /// Every name the program mentions (assigned, or used and so an input), so that generated
    /// names `u1, u2, …` never collide with them.
    reserved: HashSet<String>,
    diagnostics: Vec<Diagnostic>,
    too_big: bool,
    /// With sharing on, the node already made for each operation and argument list.
    shared: Option<HashMap<ShareKey, NodeIndex>>,
}

impl<'s> Builder<'s> {
    fn statement(&mut self, statement: &'s Statement) -> Option<Value> {
        let Some(target) = &statement.target else {
            return self.expr(&statement.expr);
        };
        if let Some(previous) = self.scope.get(&target.name) {
            let first = previous.nodes.first().map_or(target.span.start, |&n| self.dag[n].span.start);
            let first = line_col(self.source, first);
            self.diagnostics.push(
                Diagnostic::error(target.span, format!("'{}' is already assigned at {first}", target.name)).with_help(
                    format!("each name is assigned once; call the new value something else, like '{}2'", target.name),
                ),
            );
            return None;
        }
        let literal = match statement.expr.literal() {
            Some(value) => Some((Vec::new(), vec![value])),
            None => statement.expr.literal_list(),
        };
        let value = if let Some((shape, numbers)) = literal {
            // A name assigned numbers is an input: one input node per element.
            let mut nodes = Vec::with_capacity(numbers.len());
            for (i, value) in numbers.into_iter().enumerate() {
                let name = element_name(&target.name, &shape, i);
                nodes.push(self.add(name, NodeKind::Input { value }, statement.span, &[])?);
            }
            Value { shape, nodes }
        } else {
            let value = self.expr(&statement.expr)?;
            let mut nodes = Vec::with_capacity(value.nodes.len());
            for (i, &root) in value.nodes.iter().enumerate() {
                let name = element_name(&target.name, &value.shape, i);
                let node = &mut self.dag[root];
                if matches!(node.kind, NodeKind::Op { .. }) && !node.named {
                    // An unnamed operation takes the statement's name.
                    node.name = name;
                    node.named = true;
                    node.span = statement.span;
                    nodes.push(root);
                } else {
                    // An alias of a named node or constant (`a = x`) is a node of its own.
                    nodes.push(self.add(name, NodeKind::Op { op: Op::Identity }, statement.span, &[root])?);
                }
            }
            Value { shape: value.shape, nodes }
        };
        let group = (!value.shape.is_empty()).then(|| target.name.clone());
        for &node in &value.nodes {
            self.dag[node].named = true;
            self.dag[node].group.clone_from(&group);
        }
        self.scope.insert(target.name.clone(), value.clone());
        Some(value)
    }

    fn expr(&mut self, expr: &'s Expr) -> Option<Value> {
        match &expr.kind {
            ExprKind::Number(value) => {
                let text = self.source.get(expr.span.start..expr.span.end).unwrap_or("?").to_string();
                self.add_const(text, *value, expr.span).map(Value::scalar)
            }
            ExprKind::Name(name) => self.name(name, expr.span),
            ExprKind::Unary(op, operand) => {
                let operand = self.expr(operand)?;
                self.map(*op, expr.span, &operand)
            }
            ExprKind::Binary(op, lhs, rhs) => {
                let (lhs, rhs) = (self.expr(lhs), self.expr(rhs));
                self.broadcast(*op, expr.span, &lhs?, &rhs?)
            }
            ExprKind::MatMul(lhs, rhs) => {
                let (lhs, rhs) = (self.expr(lhs), self.expr(rhs));
                self.matmul(expr.span, &lhs?, &rhs?)
            }
            ExprKind::Call(function, args) => self.call(function, args, expr.span),
            ExprKind::List(items) => self.list(items, expr.span),
            ExprKind::Index(base, index) => {
                let base = self.expr(base)?;
                self.index(&base, index, expr.span)
            }
        }
    }

    fn call(&mut self, function: &Ident, args: &'s [Expr], span: Span) -> Option<Value> {
        let args: Vec<Option<Value>> = args.iter().map(|a| self.expr(a)).collect();
        let name = function.name.as_str();
        let callee = match (Op::from_function(name), Reduction::from_function(name)) {
            (Some(op), _) => Callee::Op(op),
            (None, Some((reduction, _, _))) => Callee::Reduction(reduction),
            (None, None) => {
                let help = match closest(name, Op::function_names()) {
                    Some(near) => format!("did you mean '{near}'?"),
                    None => format!("the functions are {}", Op::function_names().collect::<Vec<_>>().join(", ")),
                };
                self.error(function.span, format!("unknown function '{name}'"), Some(help));
                return None;
            }
        };
        let wanted = match callee {
            Callee::Op(op) => op.arity(),
            Callee::Reduction(_) => Reduction::from_function(name).map_or(0, |(_, arity, _)| arity),
        };
        if args.len() != wanted {
            let count = if wanted == 1 { "one argument".to_string() } else { format!("{wanted} arguments") };
            let message = format!("'{name}' takes {count}, but {} were given", args.len());
            self.error(span, message, None);
            return None;
        }
        let args: Vec<Value> = args.into_iter().collect::<Option<_>>()?;
        match (callee, args.as_slice()) {
            (Callee::Reduction(Reduction::Sum), [v]) => self.sum(span, &v.nodes).map(Value::scalar),
            (Callee::Reduction(Reduction::Dot), [a, b]) if a.shape.len() == 1 && a.shape == b.shape => {
                let products = self.broadcast(Op::Mul, span, a, b)?;
                self.sum(span, &products.nodes).map(Value::scalar)
            }
            (Callee::Reduction(Reduction::Dot), [a, b]) => {
                let message =
                    format!("dot needs two vectors of the same length, but got {} and {}", a.describe(), b.describe());
                self.error(span, message, None);
                None
            }
            (Callee::Op(op), [a]) => self.map(op, span, a),
            (Callee::Op(op), [a, b]) => self.broadcast(op, span, a, b),
            _ => None,
        }
    }

    /// Applies a one-argument operation to every element.
    fn map(&mut self, op: Op, span: Span, a: &Value) -> Option<Value> {
        let nodes = a.nodes.iter().map(|&n| self.add_temp(op, span, &[n])).collect::<Option<_>>()?;
        Some(Value { shape: a.shape.clone(), nodes })
    }

    /// Applies a two-argument operation element by element; a single number is used with
    /// every element of the other side.
    fn broadcast(&mut self, op: Op, span: Span, a: &Value, b: &Value) -> Option<Value> {
        let shape = if a.shape == b.shape || b.shape.is_empty() {
            a.shape.clone()
        } else if a.shape.is_empty() {
            b.shape.clone()
        } else {
            let message = format!(
                "cannot apply '{}' to {} and {}: the shapes must match, or one side must be a single number",
                op.spec().name,
                a.describe(),
                b.describe()
            );
            self.error(span, message, None);
            return None;
        };
        let len = if a.shape.is_empty() { b.nodes.len() } else { a.nodes.len() };
        let pick = |v: &Value, i: usize| if v.shape.is_empty() { v.nodes.first() } else { v.nodes.get(i) }.copied();
        let nodes = (0..len).map(|i| self.add_temp(op, span, &[pick(a, i)?, pick(b, i)?])).collect::<Option<_>>()?;
        Some(Value { shape, nodes })
    }

    /// `a @ b` for a matrix `a` and a vector or matrix `b`, or two vectors (their dot product).
    fn matmul(&mut self, span: Span, a: &Value, b: &Value) -> Option<Value> {
        let (rows, inner, columns) = match (a.shape.as_slice(), b.shape.as_slice()) {
            (&[n], &[m]) if n == m => (1, n, None),
            (&[r, c], &[m]) if c == m => (r, c, None),
            (&[r, c], &[m, k]) if c == m => (r, c, Some(k)),
            _ => {
                let message = format!(
                    "cannot multiply {} @ {}: the columns on the left must match the length (rows) on the right",
                    a.describe(),
                    b.describe()
                );
                self.error(span, message, None);
                return None;
            }
        };
        let mut nodes = Vec::new();
        for r in 0..rows {
            for k in 0..columns.unwrap_or(1) {
                let mut products = Vec::with_capacity(inner);
                for c in 0..inner {
                    let right = match columns {
                        Some(columns) => b.nodes[c * columns + k],
                        None => b.nodes[c],
                    };
                    products.push(self.add_temp(Op::Mul, span, &[a.nodes[r * inner + c], right])?);
                }
                nodes.push(self.sum(span, &products)?);
            }
        }
        let shape = match (a.shape.len(), columns) {
            (1, _) => Vec::new(),
            (_, None) => vec![rows],
            (_, Some(columns)) => vec![rows, columns],
        };
        Some(Value { shape, nodes })
    }

    /// The sum of the nodes, as a chain of additions.
    fn sum(&mut self, span: Span, nodes: &[NodeIndex]) -> Option<NodeIndex> {
        let (&first, rest) = nodes.split_first()?;
        rest.iter().try_fold(first, |total, &n| self.add_temp(Op::Add, span, &[total, n]))
    }

    /// `[a, b, c]` (a vector of numbers) or `[[…], […]]` (a matrix of rows of equal length).
    fn list(&mut self, items: &'s [Expr], span: Span) -> Option<Value> {
        let values: Vec<Value> = items.iter().map(|item| self.expr(item)).collect::<Option<_>>()?;
        let Some(first) = values.first() else {
            self.error(span, "an empty list has no elements to compute with".into(), None);
            return None;
        };
        let shape = match first.shape.as_slice() {
            [] => vec![values.len()],
            &[n] => vec![values.len(), n],
            _ => {
                self.error(span, "lists can nest two levels deep at most (a matrix)".into(), None);
                return None;
            }
        };
        if let Some(odd) = values.iter().find(|v| v.shape != first.shape) {
            let message = format!(
                "the elements of a list must have one shape, but this list has {} and {}",
                first.describe(),
                odd.describe()
            );
            self.error(span, message, Some("a matrix is a list of rows of equal length".into()));
            return None;
        }
        Some(Value { shape, nodes: values.into_iter().flat_map(|v| v.nodes).collect() })
    }

    /// `v[i]` (an element) or `m[i]` (a row); `i` must be a whole number in range.
    fn index(&mut self, base: &Value, index: &Expr, span: Span) -> Option<Value> {
        let Some(&length) = base.shape.first() else {
            self.error(span, "only vectors and matrices can be indexed, but this is a number".into(), None);
            return None;
        };
        let i = match index.literal() {
            Some(i) if i >= 0.0 && i.fract() == 0.0 && (i as usize) < length => i as usize,
            Some(i) => {
                let message = format!("index {i} is out of range for {}", base.describe());
                self.error(index.span, message, Some(format!("indices count from 0 to {}", length - 1)));
                return None;
            }
            None => {
                let message = "an index must be a whole number written out, like x[0]".to_string();
                self.error(index.span, message, None);
                return None;
            }
        };
        let width = base.nodes.len() / length;
        Some(Value { shape: base.shape[1..].to_vec(), nodes: base.nodes[i * width..(i + 1) * width].to_vec() })
    }

    fn error(&mut self, span: Span, message: String, help: Option<String>) {
        self.diagnostics.push(Diagnostic { help, ..Diagnostic::error(span, message) });
    }

    /// Resolves a name: an assigned variable, a constant (`pi`, `e`), or an implicit input.
    fn name(&mut self, name: &str, span: Span) -> Option<Value> {
        if let Some(value) = self.scope.get(name) {
            return Some(value.clone());
        }
        if self.failed.contains(name) {
            return None;
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
            return self.add_const(name.to_string(), value, span).map(Value::scalar);
        }
        // Never assigned: an input with the default value 1, named so the user sees it.
        self.diagnostics.push(
            Diagnostic::warning(span, format!("'{name}' is never assigned, so it is an input with value 1"))
                .with_help(format!("give it a value with a statement like `{name} = 2`")),
        );
        let node = self.add(name.to_string(), NodeKind::Input { value: 1.0 }, span, &[])?;
        self.dag[node].named = true;
        self.scope.insert(name.to_string(), Value::scalar(node));
        Some(Value::scalar(node))
    }

    fn add_temp(&mut self, op: Op, span: Span, args: &[NodeIndex]) -> Option<NodeIndex> {
        if let Some(&node) = self.shared.as_ref().and_then(|m| m.get(&ShareKey::Op(op, args.to_vec()))) {
            return Some(node);
        }
        // A placeholder: unnamed nodes are numbered once the graph is complete.
        let node = self.add(String::new(), NodeKind::Op { op }, span, args)?;
        if let Some(shared) = &mut self.shared {
            shared.insert(ShareKey::Op(op, args.to_vec()), node);
        }
        Some(node)
    }

    /// The node named `wanted`, chosen as the output. Constants are not variables and cannot
    /// be chosen; a vector's name, a constant and a name the graph lacks are errors that say
    /// where the name comes from: its assignment, or the output option.
    fn chosen_output(&mut self, wanted: &str) -> Option<NodeIndex> {
        let found = self.dag.node_indices().find(|&n| {
            let node = &self.dag[n];
            node.name == wanted && !matches!(node.kind, NodeKind::Const { .. })
        });
        if found.is_some() {
            return found;
        }
        let diagnostic = if let Some(value) = self.scope.get(wanted) {
            let span = value.nodes.first().map_or(Span::default(), |&n| self.dag[n].span);
            let first = value.nodes.first().map_or(String::new(), |&n| self.dag[n].name.clone());
            Diagnostic::error(
                span,
                format!("the chosen output '{wanted}' is {}, not a single number", value.describe()),
            )
            .with_help(format!("choose one element, such as {first}, or differentiate sum({wanted})"))
        } else if self.dag.node_weights().any(|n| n.name == wanted) {
            Diagnostic::about_option(
                "output",
                format!("'{wanted}' is a constant, so there is nothing to differentiate"),
            )
            .with_help("choose a variable: an input, a named statement or an operation u1, u2, …")
        } else {
            let names: Vec<&str> = self.dag.node_weights().filter(|n| n.named).map(|n| n.name.as_str()).collect();
            Diagnostic::about_option("output", format!("there is no node named '{wanted}' to differentiate"))
                .with_help(format!("the named nodes are {}", names.join(", ")))
        };
        self.diagnostics.push(diagnostic);
        None
    }

    /// Names the unnamed operations `u1, u2, …` in topological order, skipping names the
    /// program uses.
    fn number_unnamed_nodes(&mut self) {
        let mut next = 1;
        for node in self.dag.node_weights_mut() {
            if node.named || !matches!(node.kind, NodeKind::Op { .. }) {
                continue;
            }
            node.name = loop {
                let candidate = format!("u{next}");
                next += 1;
                if !self.reserved.contains(&candidate) {
                    break candidate;
                }
            };
        }
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
        let node = self.dag.add_node(Node { name, kind, span, named: false, group: None });
        for (position, &arg) in args.iter().enumerate() {
            self.dag.add_edge(arg, node, position);
        }
        Some(node)
    }
}

/// What a call names: one operation, or a reduction that expands into several.
#[derive(Clone, Copy)]
enum Callee {
    Op(Op),
    Reduction(Reduction),
}

/// What an expression denotes: one node, or the nodes of a vector or matrix in row order.
#[derive(Clone, Debug, PartialEq)]
struct Value {
    /// `[]` for a number, `[n]` for a vector, `[rows, columns]` for a matrix.
    shape: Vec<usize>,
    nodes: Vec<NodeIndex>,
}

impl Value {
    fn scalar(node: NodeIndex) -> Value {
        Value { shape: Vec::new(), nodes: vec![node] }
    }

    /// "a number", "a vector of 3", "a 2×3 matrix".
    fn describe(&self) -> String {
        match self.shape.as_slice() {
            [] => "a number".into(),
            [n] => format!("a vector of {n}"),
            [r, c] => format!("a {r}×{c} matrix"),
            _ => "an array".into(),
        }
    }
}

/// The name of element `i` of `name` with this shape: `x`, `x[2]` or `W[1][0]`.
fn element_name(name: &str, shape: &[usize], i: usize) -> String {
    match shape {
        [] => name.to_string(),
        [_] => format!("{name}[{i}]"),
        [_, columns, ..] => format!("{name}[{}][{}]", i / columns, i % columns),
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
