//! The computation graph: a petgraph DAG with one node per input, constant and operation, and
//! one edge per argument position (`x*x` has two edges from `x`).
//!
//! Invariant: nodes are added only after all of their arguments, so node index order is a
//! topological order. The graph's fields are private, so nothing outside this module can
//! break it; nodes are named by [`NodeId`]s, never by petgraph's indices.
//!
//! A graph is built in typed steps: `lower` turns the statements into nodes (with `shape` for
//! vectors and matrices and `names` for what each name denotes), the unnamed nodes get
//! generated names, `output` chooses the node to differentiate, and `collapse` makes the
//! statements granularity.

mod collapse;
mod lower;
mod names;
mod output;
mod shape;

use std::collections::HashSet;

use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction;

use crate::diagnostic::{Diagnostic, Span};
use crate::formula::{op_expr, Formula};
use crate::ops::Op;
use crate::syntax::{print_expression, Expr, Program};

/// Most nodes a graph may have.
pub const MAX_NODES: usize = 50_000;

/// A node of one graph. Ids come only from the graph (its order, arguments, output, or a
/// lookup by index), and every lookup with one returns an `Option`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(NodeIndex);

impl NodeId {
    /// The node's position in the topological order, which indexes per-node vectors
    /// (values, adjoints, layout).
    pub fn index(self) -> usize {
        self.0.index()
    }
}

/// An edge: `from` is the `position`-th argument of `to`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Edge {
    pub from: NodeId,
    pub to: NodeId,
    pub position: usize,
}

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
    /// the graph's formulas ([`Graph::formula`]).
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
    dag: DiGraph<Node, usize>,
    /// Each node's arguments in argument order, by node index.
    args: Vec<Vec<NodeId>>,
    /// The node being differentiated.
    output: NodeId,
    /// The last statement's node, the output unless another is chosen; `None` when the last
    /// statement is a vector or matrix.
    last_statement: Option<NodeId>,
    /// The formulas of `Formula` nodes.
    formulas: Vec<Formula>,
    /// Tells this graph (and its clones) from every other built in this process, so that what
    /// is made from it (a timeline) can be checked to belong to it.
    stamp: u64,
    /// The node count with sharing switched the other way, counted while lowering (one node per
    /// operation: the statements granularity does not know it).
    other_len: Option<usize>,
}

/// The stamp of the next graph built.
static NEXT_STAMP: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

impl Graph {
    /// A graph over `dag`, whose edges all run from a lower index to a higher one.
    fn new(
        dag: DiGraph<Node, usize>,
        output: NodeIndex,
        last_statement: Option<NodeIndex>,
        formulas: Vec<Formula>,
    ) -> Graph {
        let args = dag
            .node_indices()
            .map(|n| {
                let edges: Vec<(usize, NodeIndex)> =
                    dag.edges_directed(n, Direction::Incoming).map(|e| (*e.weight(), e.source())).collect();
                let edges = crate::sorting::sorted(&edges, &|a, b| a.0.cmp(&b.0));
                debug_assert!(edges.iter().all(|(_, v)| *v < n), "an argument of node {} comes after it", n.index());
                edges.into_iter().map(|(_, v)| NodeId(v)).collect()
            })
            .collect();
        let stamp = NEXT_STAMP.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let last_statement = last_statement.map(NodeId);
        Graph { dag, args, output: NodeId(output), last_statement, formulas, stamp, other_len: None }
    }

    /// Whether `other` is this graph but for its inputs' values and its spans: the same nodes
    /// (names, operations, groups), arguments, output and last statement, so the same drawing.
    /// `O(V + E)`.
    pub fn same_shape(&self, other: &Graph) -> bool {
        self.len() == other.len()
            && self.output == other.output
            && self.last_statement == other.last_statement
            && self.args == other.args
            && self.formulas.is_empty()
            && other.formulas.is_empty()
            && self.nodes().zip(other.nodes()).all(|((_, a), (_, b))| {
                a.name == b.name && a.kind.op_name() == b.kind.op_name() && a.group == b.group && a.named == b.named
            })
    }

    /// How many nodes the program has with sharing switched the other way, when known without
    /// compiling it again (one node per operation). `O(1)`.
    pub fn len_with_sharing_flipped(&self) -> Option<usize> {
        self.other_len
    }

    /// What tells this graph from others built in this process (its clones share it).
    pub fn stamp(&self) -> u64 {
        self.stamp
    }

    pub fn len(&self) -> usize {
        self.dag.node_count()
    }

    pub fn is_empty(&self) -> bool {
        self.dag.node_count() == 0
    }

    /// The node `id`, if it is in this graph's range (an id is an index: one of another graph
    /// of at least that size names a node here too; a timeline, by contrast, knows its graph).
    pub fn node(&self, id: NodeId) -> Option<&Node> {
        self.dag.node_weight(id.0)
    }

    /// The node's name, if `id` is one of this graph's.
    pub fn name(&self, id: NodeId) -> Option<&str> {
        self.node(id).map(|n| n.name.as_str())
    }

    /// The id of the node at position `index` of the topological order (as events and
    /// per-node vectors count), if there is one.
    pub fn id(&self, index: usize) -> Option<NodeId> {
        (index < self.len()).then(|| NodeId(NodeIndex::new(index)))
    }

    /// Node ids in topological order (every node after its arguments).
    pub fn order(&self) -> impl DoubleEndedIterator<Item = NodeId> + ExactSizeIterator {
        self.dag.node_indices().map(NodeId)
    }

    /// The nodes with their ids, in topological order.
    pub fn nodes(&self) -> impl DoubleEndedIterator<Item = (NodeId, &Node)> {
        self.dag.raw_nodes().iter().enumerate().map(|(i, node)| (NodeId(NodeIndex::new(i)), &node.weight))
    }

    /// The arguments of `node`, in argument order (none for an id out of this graph's range). `O(1)`.
    pub fn args(&self, node: NodeId) -> &[NodeId] {
        self.args.get(node.index()).map_or(&[], Vec::as_slice)
    }

    /// Every edge, as (argument, user, position).
    pub fn edges(&self) -> impl Iterator<Item = Edge> + '_ {
        self.dag.edge_references().map(|e| Edge {
            from: NodeId(e.source()),
            to: NodeId(e.target()),
            position: *e.weight(),
        })
    }

    /// The node being differentiated.
    pub fn output(&self) -> NodeId {
        self.output
    }

    /// The output's name.
    pub fn output_name(&self) -> &str {
        self.name(self.output).unwrap_or_default()
    }

    /// The last statement's node, the default output; `None` when it is a vector or matrix.
    pub fn last_statement(&self) -> Option<NodeId> {
        self.last_statement
    }

    /// The formula of a `Formula` node (by its index in `NodeKind::Formula`).
    pub fn formula(&self, index: usize) -> Option<&Formula> {
        self.formulas.get(index)
    }

    /// The first variable named `name` (constants are named by their value and excluded).
    pub fn find(&self, name: &str) -> Option<NodeId> {
        self.nodes().find(|(_, n)| n.name == name && !matches!(n.kind, NodeKind::Const { .. })).map(|(id, _)| id)
    }

    /// A node's value and its local partials with respect to its arguments, in argument order.
    pub fn apply(&self, node: NodeId, args: &[f64]) -> (f64, Vec<f64>) {
        match self.node(node).map(|n| n.kind) {
            Some(NodeKind::Input { value } | NodeKind::Const { value }) => (value, Vec::new()),
            Some(NodeKind::Op { op }) => {
                let (value, partials) = op.apply(args);
                (value, partials.get(..op.arity()).unwrap_or_default().to_vec())
            }
            Some(NodeKind::Formula { formula }) => match self.formulas.get(formula) {
                Some(formula) => formula.apply(args),
                None => (f64::NAN, vec![f64::NAN; args.len()]),
            },
            None => (f64::NAN, Vec::new()),
        }
    }

    /// A node's value alone, without its partials.
    pub fn value(&self, node: NodeId, args: &[f64]) -> f64 {
        match self.node(node).map(|n| n.kind) {
            Some(NodeKind::Formula { formula }) => self.formulas.get(formula).map_or(f64::NAN, |f| f.value(args)),
            _ => self.apply(node, args).0,
        }
    }

    /// How many edges the graph has: every node's arguments together.
    pub fn args_count(&self) -> usize {
        self.dag.edge_count()
    }

    /// How the node computes its value, as a syntax tree over `args` (its arguments' names,
    /// or their values): `x * z`, `sin(x)`. An input or a constant is its name.
    pub fn expression(&self, node: NodeId, args: &[Expr]) -> Expr {
        let Some(n) = self.node(node) else { return Expr::name("?") };
        match n.kind {
            NodeKind::Input { .. } | NodeKind::Const { .. } => Expr::name(n.name.as_str()),
            NodeKind::Op { op } => op_expr(op, args),
            NodeKind::Formula { formula } => match self.formulas.get(formula) {
                Some(f) => f.to_expr(&|j| args.get(j).cloned().unwrap_or_else(|| Expr::name("?"))),
                None => Expr::name("?"),
            },
        }
    }

    /// [`Graph::expression`] as text, numbers written by `number`: `x * z`, `(-3)^2`. A
    /// statement's formula of many steps is summarized.
    pub fn formula_text(&self, node: NodeId, args: &[Expr], number: &dyn Fn(f64) -> String) -> String {
        match self.node(node).map(|n| n.kind) {
            Some(NodeKind::Formula { formula }) => {
                self.formulas.get(formula).map_or("?".into(), |f| f.text(args, number))
            }
            _ => print_expression(&self.expression(node, args), number),
        }
    }

    /// How the node computes its value from its arguments' names: `x * z`.
    pub fn formula_with_names(&self, node: NodeId) -> String {
        let names: Vec<Expr> = self.args(node).iter().map(|&a| Expr::name(self.name(a).unwrap_or("?"))).collect();
        self.formula_text(node, &names, &crate::number::full)
    }

    /// The local partial ∂u/∂v_j of an operation node as a formula in its arguments' names
    /// (`z` for ∂(x·z)/∂x, `cos(x)` for ∂sin(x)/∂x), from the operation's row of the table; `None`
    /// for a statement node, whose partials come from differentiating its expression.
    pub fn partial_formula(&self, node: NodeId, j: usize) -> Option<String> {
        let Some(NodeKind::Op { op }) = self.node(node).map(|n| n.kind) else { return None };
        let template = op.spec().partials.get(j)?;
        let name = |k: usize| self.args(node).get(k).and_then(|&a| self.name(a)).unwrap_or("?");
        Some(crate::ops::fill(template, name(0), name(1), self.name(node).unwrap_or("?")))
    }

    /// The inputs, in order.
    pub fn inputs(&self) -> impl Iterator<Item = NodeId> + '_ {
        self.input_nodes().map(|(id, _, _)| id)
    }

    /// The inputs with their nodes and the values the program writes for them, in topological
    /// order: the one list of inputs every part of the page reads.
    pub fn input_nodes(&self) -> impl Iterator<Item = (NodeId, &Node, f64)> + '_ {
        self.nodes().filter_map(|(id, n)| match n.kind {
            NodeKind::Input { value } => Some((id, n, value)),
            _ => None,
        })
    }

    /// Each node's identity, by node index: a key that comes from the program, not from the
    /// order nodes were made in, so that after an edit the nodes that are still there keep
    /// their keys (the drawing moves them rather than drawing new ones). A named node is its
    /// name; any other is its operation (a constant, its literal) with its arguments'
    /// identities in order; the k-th repeat of an identity (without sharing, `x*y + x*y` has
    /// two) is told apart by k. Unique within the graph.
    pub fn identities(&self) -> Vec<u64> {
        let mut ids: Vec<u64> = Vec::with_capacity(self.len());
        let mut used: HashSet<u64> = HashSet::with_capacity(self.len());
        for (id, node) in self.nodes() {
            let mut hash = Fnv::default();
            if node.named {
                hash.write(b"n");
                hash.write(node.name.as_bytes());
            } else {
                hash.write(node.kind.op_name().as_bytes());
                if let NodeKind::Const { .. } = node.kind {
                    hash.write(node.name.as_bytes());
                }
                for arg in self.args(id) {
                    // Arguments come first (topological order), so theirs is always there.
                    debug_assert!(arg.index() < ids.len(), "an argument after its user");
                    hash.write(&ids.get(arg.index()).copied().unwrap_or(0).to_le_bytes());
                }
            }
            let (base, mut key, mut repeat) = (hash.0, hash.0, 0u64);
            while !used.insert(key) {
                repeat += 1;
                let mut again = Fnv(base);
                again.write(&repeat.to_le_bytes());
                key = again.0;
            }
            ids.push(key);
        }
        ids
    }
}

/// The 64-bit FNV-1a hash: stable across runs and platforms (unlike `std`'s hasher), which
/// node identities need.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        // A separator, so that ("ab", "c") and ("a", "bc") differ.
        self.0 = (self.0 ^ 0xff).wrapping_mul(0x0100_0000_01b3);
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

/// Builds the graph of a parsed program. Returns no graph when the program has errors or no
/// statements. `O(n)` in the size of the program.
pub fn build(source: &str, program: &Program, options: &Options) -> (Option<Graph>, Vec<Diagnostic>) {
    let lower::Lowered { dag, last, roots, scope, mut diagnostics, other_count } =
        lower::lower(source, program, options.sharing);
    // Every node gets its name: the user's, a constant's text, or the next generated one.
    let mut generated = scope.generated();
    let (drafts, edges) = dag.into_nodes_edges();
    let mut dag = DiGraph::with_capacity(drafts.len(), edges.len());
    for draft in drafts {
        let lower::Draft { kind, span, name, named, group } = draft.weight;
        dag.add_node(Node { name: name.or_else(|| generated.next()).unwrap_or_default(), kind, span, named, group });
    }
    for edge in edges {
        dag.add_edge(edge.source(), edge.target(), edge.weight);
    }
    let chosen = match output::choose(&dag, last.as_ref(), options.output.as_deref(), &scope) {
        Ok(mut chosen) => {
            diagnostics.extend(chosen.as_mut().and_then(|c| c.warning.take()));
            chosen
        }
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            None
        }
    };
    if diagnostics.iter().any(Diagnostic::is_error) {
        return (None, diagnostics);
    }
    let Some(chosen) = chosen else { return (None, diagnostics) };
    let mut graph = Graph::new(dag, chosen.node, chosen.last_statement, Vec::new());
    let graph = match options.granularity {
        Granularity::Operations => {
            graph.other_len = Some(other_count);
            graph
        }
        Granularity::Statements => {
            let roots: HashSet<NodeId> = roots.into_iter().map(NodeId).collect();
            collapse::collapse(&graph, &roots)
        }
    };
    (Some(graph), diagnostics)
}
