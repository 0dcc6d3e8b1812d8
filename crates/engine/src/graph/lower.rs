//! Lowering: statements and expressions into nodes, in program order, so that every node comes
//! after its arguments. Vectors and matrices are expanded into scalar nodes (`shape` says how);
//! with sharing on, an operation already made on the same arguments, or a constant of the same
//! value, is reused (hash-consing). Names are looked up in the `Scope`; a node is named once,
//! when it is made or when a statement claims it, and never renamed.

use std::collections::{HashMap, HashSet};

use petgraph::graph::{DiGraph, NodeIndex};

use crate::diagnostic::{Diagnostic, Span};
use crate::ops::{Op, Reduction};
use crate::syntax::{Expr, ExprKind, Ident, Program, Statement};

use super::names::{closest, Meaning, Scope};
use super::shape::{self, element_name, ListError, Value};
use super::{NodeKind, MAX_NODES};

/// A node while the graph is being built: its name is `None` until a statement claims it or
/// the generated names are given out.
pub(super) struct Draft {
    pub kind: NodeKind,
    pub span: Span,
    pub name: Option<String>,
    /// Whether the name is the user's (an input or an assigned name).
    pub named: bool,
    /// For an element of a named vector or matrix (`x[0]`), the vector's name (`x`).
    pub group: Option<String>,
}

/// A program lowered to nodes.
pub(super) struct Lowered<'s> {
    pub dag: DiGraph<Draft, usize>,
    /// The last statement that lowered, with its value.
    pub last: Option<(&'s Statement, Value)>,
    /// Every statement's value nodes: the nodes the statements granularity keeps.
    pub roots: HashSet<NodeIndex>,
    pub scope: Scope<'s>,
    pub diagnostics: Vec<Diagnostic>,
    /// How many nodes the same program has with sharing the other way: without sharing, one
    /// per node asked for; with it, one per distinct operation on distinct arguments.
    pub other_count: usize,
}

/// What identifies a node for sharing: its operation (or constant value) and its arguments.
#[derive(PartialEq, Eq, Hash)]
enum ShareKey {
    Const(u64),
    Op(Op, Vec<NodeIndex>),
}

/// What a call names: one operation, or a reduction that expands into several.
#[derive(Clone, Copy)]
enum Callee {
    Op(Op),
    Reduction(Reduction),
}

/// Lowers every statement of `program`. `O(n)` in the size of the program.
pub(super) fn lower<'s>(source: &'s str, program: &'s Program, sharing: bool) -> Lowered<'s> {
    let mut lowering = Lowering {
        source,
        dag: DiGraph::new(),
        scope: Scope::new(source, program),
        diagnostics: Vec::new(),
        too_big: false,
        shared: sharing.then(HashMap::new),
        requests: 0,
        canonical: Vec::new(),
        distinct: HashMap::new(),
        kinds: 0,
        hits: HashSet::new(),
        named_kinds: HashSet::new(),
    };
    let mut last = None;
    let mut roots = HashSet::new();
    for statement in &program.statements {
        let value = lowering.statement(statement);
        roots.extend(value.iter().flat_map(|v| v.nodes.iter().copied()));
        if let (None, Some(target)) = (&value, &statement.target) {
            lowering.scope.fail(&target.name);
        }
        last = value.map(|value| (statement, value));
    }
    let other_count = if sharing { lowering.requests } else { lowering.kinds };
    Lowered { dag: lowering.dag, last, roots, scope: lowering.scope, diagnostics: lowering.diagnostics, other_count }
}

struct Lowering<'s> {
    source: &'s str,
    dag: DiGraph<Draft, usize>,
    scope: Scope<'s>,
    diagnostics: Vec<Diagnostic>,
    too_big: bool,
    /// With sharing on, the node already made for each operation and argument list.
    shared: Option<HashMap<ShareKey, NodeIndex>>,
    /// Nodes asked for (made, or found shared): the node count without sharing.
    requests: usize,
    /// With sharing off, what sharing would have made: for each node made, the number of the
    /// node it would have been (`canonical`, by node index), the operations and constants seen
    /// under those numbers (`distinct`), and how many there are (`kinds`: the node count with
    /// sharing).
    canonical: Vec<NodeIndex>,
    distinct: HashMap<ShareKey, NodeIndex>,
    kinds: usize,
    /// With sharing on, the nodes found shared in the statement being lowered.
    hits: HashSet<NodeIndex>,
    /// With sharing off, the nodes sharing would have made that a statement has named.
    named_kinds: HashSet<NodeIndex>,
}

impl<'s> Lowering<'s> {
    fn statement(&mut self, statement: &'s Statement) -> Option<Value> {
        self.hits.clear();
        let Some(target) = &statement.target else {
            return self.expr(&statement.expr);
        };
        if let Some(previous) = self.scope.value(&target.name) {
            let first = previous
                .nodes
                .first()
                .and_then(|&n| self.dag.node_weight(n))
                .map_or(target.span.start, |d| d.span.start);
            let diagnostic = self.scope.reassigned(&target.name, target.span, first);
            self.diagnostics.push(diagnostic);
            return None;
        }
        let literal = match statement.expr.literal() {
            Some(value) => Some((Vec::new(), vec![value])),
            None => statement.expr.literal_list(),
        };
        let group = |shape: &[usize]| (!shape.is_empty()).then(|| target.name.clone());
        let value = if let Some((shape, numbers)) = literal {
            // A name assigned numbers is an input: one input node per element.
            let mut nodes = Vec::with_capacity(numbers.len());
            for (i, value) in numbers.into_iter().enumerate() {
                let name = element_name(&target.name, &shape, i);
                let node = self.add(NodeKind::Input { value }, statement.span, &[])?;
                self.claim(node, name, group(&shape), statement.span);
                nodes.push(node);
            }
            Value { shape, nodes }
        } else {
            let value = self.expr(&statement.expr)?;
            let mut nodes = Vec::with_capacity(value.nodes.len());
            for (i, &root) in value.nodes.iter().enumerate() {
                let name = element_name(&target.name, &value.shape, i);
                let unclaimed = self
                    .dag
                    .node_weight(root)
                    .is_some_and(|d| matches!(d.kind, NodeKind::Op { .. }) && d.name.is_none());
                // An unnamed operation takes the statement's name; an alias of a named node or
                // a constant (`a = x`) is a node of its own.
                let node = if unclaimed {
                    // Sharing off, where sharing would have found a node an earlier statement
                    // named: it would have made an alias of it, one more node.
                    let kind = self.canonical.get(root.index());
                    if self.shared.is_none() && kind.is_some_and(|k| self.named_kinds.contains(k)) {
                        self.kinds += 1;
                    }
                    root
                } else {
                    let alias = self.add(NodeKind::Op { op: Op::Identity }, statement.span, &[root])?;
                    // Sharing on, an alias of a node found shared in this very statement: without
                    // sharing the statement would have made that node itself, and no alias.
                    if self.shared.is_some() && self.hits.contains(&root) {
                        self.requests -= 1;
                    }
                    alias
                };
                self.claim(node, name, group(&value.shape), statement.span);
                nodes.push(node);
            }
            Value { shape: value.shape, nodes }
        };
        self.scope.assign(&target.name, value.clone());
        Some(value)
    }

    /// Gives a node the user's name: the one time a node is named after it is made.
    fn claim(&mut self, node: NodeIndex, name: String, group: Option<String>, span: Span) {
        if let (None, Some(&kind)) = (&self.shared, self.canonical.get(node.index())) {
            self.named_kinds.insert(kind);
        }
        if let Some(draft) = self.dag.node_weight_mut(node) {
            debug_assert!(draft.name.is_none(), "node {} is named twice", node.index());
            *draft = Draft { name: Some(name), named: true, group, span, ..*draft };
        }
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

    /// Resolves a name: an assigned variable, a constant (`pi`, `e`), or an implicit input.
    fn name(&mut self, name: &str, span: Span) -> Option<Value> {
        match self.scope.resolve(name, span) {
            Meaning::Value(value) => Some(value),
            Meaning::Failed => None,
            Meaning::Error(diagnostic) => {
                self.diagnostics.push(diagnostic);
                None
            }
            Meaning::Constant(value) => self.add_const(name.to_string(), value, span).map(Value::scalar),
            Meaning::Implicit(warning) => {
                self.diagnostics.push(warning);
                let node = self.add(NodeKind::Input { value: 1.0 }, span, &[])?;
                self.claim(node, name.to_string(), None, span);
                let value = Value::scalar(node);
                self.scope.assign(name, value.clone());
                Some(value)
            }
        }
    }

    fn call(&mut self, function: &Ident, args: &'s [Expr], span: Span) -> Option<Value> {
        let args: Vec<Option<Value>> = args.iter().map(|a| self.expr(a)).collect();
        let name = function.name.as_str();
        let (callee, wanted) = match (Op::from_function(name), Reduction::from_function(name)) {
            (Some(op), _) => (Callee::Op(op), op.arity()),
            (None, Some((reduction, arity, _))) => (Callee::Reduction(reduction), arity),
            (None, None) => {
                let help = match closest(name, Op::function_names()) {
                    Some(near) => format!("did you mean '{near}'?"),
                    None => format!("the functions are {}", Op::function_names().collect::<Vec<_>>().join(", ")),
                };
                self.error(function.span, format!("unknown function '{name}'"), Some(help));
                return None;
            }
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
        let nodes = a.nodes.iter().map(|&n| self.add_op(op, span, &[n])).collect::<Option<_>>()?;
        Some(Value { shape: a.shape.clone(), nodes })
    }

    /// Applies a two-argument operation element by element; a single number is used with
    /// every element of the other side.
    fn broadcast(&mut self, op: Op, span: Span, a: &Value, b: &Value) -> Option<Value> {
        let Some(shape) = shape::broadcast(a, b) else {
            let message = format!(
                "cannot apply '{}' to {} and {}: the shapes must match, or one side must be a single number",
                op.name(),
                a.describe(),
                b.describe()
            );
            self.error(span, message, None);
            return None;
        };
        let nodes = (0..shape::broadcast_len(a, b))
            .map(|i| self.add_op(op, span, &[a.element(i)?, b.element(i)?]))
            .collect::<Option<_>>()?;
        Some(Value { shape, nodes })
    }

    /// `a @ b` for a matrix `a` and a vector or matrix `b`, or two vectors (their dot product).
    fn matmul(&mut self, span: Span, a: &Value, b: &Value) -> Option<Value> {
        let Some(product) = shape::matmul(a, b) else {
            let message = format!(
                "cannot multiply {} @ {}: the columns on the left must match the length (rows) on the right",
                a.describe(),
                b.describe()
            );
            self.error(span, message, None);
            return None;
        };
        let mut nodes = Vec::new();
        for r in 0..product.rows {
            for k in 0..product.columns.unwrap_or(1) {
                let mut terms = Vec::with_capacity(product.inner);
                for c in 0..product.inner {
                    let (left, right) = product.factors(a, b, r, k, c)?;
                    terms.push(self.add_op(Op::Mul, span, &[left, right])?);
                }
                nodes.push(self.sum(span, &terms)?);
            }
        }
        Some(Value { shape: product.shape, nodes })
    }

    /// The sum of the nodes, as a chain of additions.
    fn sum(&mut self, span: Span, nodes: &[NodeIndex]) -> Option<NodeIndex> {
        let (&first, rest) = nodes.split_first()?;
        rest.iter().try_fold(first, |total, &n| self.add_op(Op::Add, span, &[total, n]))
    }

    /// `[a, b, c]` (a vector of numbers) or `[[…], […]]` (a matrix of rows of equal length).
    fn list(&mut self, items: &'s [Expr], span: Span) -> Option<Value> {
        let values: Vec<Value> = items.iter().map(|item| self.expr(item)).collect::<Option<_>>()?;
        match shape::list(&values) {
            Ok(shape) => Some(Value { shape, nodes: values.into_iter().flat_map(|v| v.nodes).collect() }),
            Err(ListError::Empty) => {
                self.error(span, "an empty list has no elements to compute with".into(), None);
                None
            }
            Err(ListError::TooDeep) => {
                self.error(span, "lists can nest two levels deep at most (a matrix)".into(), None);
                None
            }
            Err(ListError::Ragged(first, odd)) => {
                let message =
                    format!("the elements of a list must have one shape, but this list has {first} and {odd}");
                self.error(span, message, Some("a matrix is a list of rows of equal length".into()));
                None
            }
        }
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
        shape::index(base, i)
    }

    fn error(&mut self, span: Span, message: String, help: Option<String>) {
        self.diagnostics.push(Diagnostic { help, ..Diagnostic::error(span, message) });
    }

    /// An operation node, or, with sharing on, the one already made on the same arguments.
    fn add_op(&mut self, op: Op, span: Span, args: &[NodeIndex]) -> Option<NodeIndex> {
        self.requests += 1;
        let key = ShareKey::Op(op, args.to_vec());
        if let Some(&node) = self.shared.as_ref().and_then(|m| m.get(&key)) {
            self.hits.insert(node);
            return Some(node);
        }
        let as_shared = self.shared.is_none().then(|| {
            let canonical = args.iter().map(|a| self.canonical.get(a.index()).copied().unwrap_or(*a)).collect();
            ShareKey::Op(op, canonical)
        });
        let node = self.make(NodeKind::Op { op }, span, args, as_shared)?;
        if let Some(shared) = &mut self.shared {
            shared.insert(key, node);
        }
        Some(node)
    }

    /// A constant node (`2`, `pi`), named by its text; shared by value when sharing is on.
    fn add_const(&mut self, text: String, value: f64, span: Span) -> Option<NodeIndex> {
        self.requests += 1;
        let key = ShareKey::Const(value.to_bits());
        if let Some(&node) = self.shared.as_ref().and_then(|m| m.get(&key)) {
            return Some(node);
        }
        let node = self.dag.node_count();
        let node = (node < MAX_NODES).then(|| {
            self.dag.add_node(Draft {
                kind: NodeKind::Const { value },
                span,
                name: Some(text),
                named: false,
                group: None,
            })
        });
        let node = node.or_else(|| self.over_budget(span))?;
        if let Some(shared) = &mut self.shared {
            shared.insert(key, node);
        } else {
            self.count_as_shared(Some(key));
        }
        Some(node)
    }

    /// Records what sharing would have made of the node just made (sharing off): the node
    /// already seen under `key`, or a new one (always, for a node sharing never merges).
    fn count_as_shared(&mut self, key: Option<ShareKey>) {
        if self.shared.is_some() {
            return;
        }
        let seen = key.as_ref().and_then(|k| self.distinct.get(k)).copied();
        let canonical = seen.unwrap_or_else(|| {
            let fresh = NodeIndex::new(self.kinds);
            self.kinds += 1;
            if let Some(key) = key {
                self.distinct.insert(key, fresh);
            }
            fresh
        });
        self.canonical.push(canonical);
    }

    /// A new unnamed node after its arguments, within the node budget.
    fn add(&mut self, kind: NodeKind, span: Span, args: &[NodeIndex]) -> Option<NodeIndex> {
        self.requests += 1;
        self.make(kind, span, args, None)
    }

    /// Makes a node; `as_shared` is the key sharing would have merged it by (sharing off).
    fn make(
        &mut self,
        kind: NodeKind,
        span: Span,
        args: &[NodeIndex],
        as_shared: Option<ShareKey>,
    ) -> Option<NodeIndex> {
        if self.dag.node_count() >= MAX_NODES {
            return self.over_budget(span);
        }
        let node = self.dag.add_node(Draft { kind, span, name: None, named: false, group: None });
        for (position, &arg) in args.iter().enumerate() {
            self.dag.add_edge(arg, node, position);
        }
        self.count_as_shared(as_shared);
        Some(node)
    }

    /// Reports, once, that the graph would be too big.
    fn over_budget(&mut self, span: Span) -> Option<NodeIndex> {
        if !self.too_big {
            self.too_big = true;
            self.diagnostics.push(
                Diagnostic::error(span, format!("the graph would have more than {MAX_NODES} nodes"))
                    .with_help("make the program smaller"),
            );
        }
        None
    }
}
