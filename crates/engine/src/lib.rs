//! Gradgraph's engine: source text → syntax tree → computation graph → values and adjoints
//! with a timeline of events → layout. Pure Rust; knows nothing of browsers.
//!
//! Each stage is a function of the previous stage's output, and each is public:
//! [`compile`] (text → graph and diagnostics), [`values`] (graph and input values → every
//! node's value, nothing else: the fast path), [`trace`] (→ values, local partials, adjoints,
//! the timeline of events and numeric notes) and [`layout()`] (graph and node widths →
//! geometry). [`analyze`] runs them all.

#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing))]

pub mod diagnostic;
pub mod dual;
pub mod eval;
pub mod export;
pub mod formula;
pub mod graph;
pub mod layout;
pub mod lexer;
pub mod notation;
pub mod number;
pub mod ops;
pub mod quiz;
pub mod sorting;
pub mod steps;
pub mod syntax;
pub mod timeline;
pub mod typeset;
pub mod vectors;

use std::collections::HashMap;
use std::rc::Rc;

pub use diagnostic::{Diagnostic, Severity, Span};
pub use eval::{trace, values, Evaluation};
pub use graph::{Edge, Graph, Node, NodeId, NodeKind, Options};
pub use layout::{layout, Layout};
pub use timeline::{Cursor, Event, Focus, Frame, Phase, Timeline};

/// A program turned into a graph, or the reasons it could not be.
pub struct Compiled {
    /// The syntax tree: every statement that parsed.
    pub program: syntax::Program,
    /// `None` when the program has errors or no statements.
    pub graph: Option<Graph>,
    /// Errors and warnings, in source order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses `source` and builds its graph. Never panics.
pub fn compile(source: &str, options: &Options) -> Compiled {
    COMPILES.with(|count| count.set(count.get() + 1));
    let (program, mut diagnostics) = syntax::parse(source);
    let (graph, more) = graph::build(source, &program, options);
    diagnostics.extend(more);
    let mut diagnostics =
        sorting::sort_owned(diagnostics, &|a, b| (a.span.start, a.span.end).cmp(&(b.span.start, b.span.end)));
    let graph = if diagnostics.iter().any(Diagnostic::is_error) { None } else { graph };
    if graph.is_none() && !diagnostics.iter().any(Diagnostic::is_error) {
        diagnostics.push(
            Diagnostic::error(Span::new(source.len(), source.len()), "the program has no statements")
                .with_help("write a statement such as `y = x * x`"),
        );
    }
    Compiled { program, graph, diagnostics }
}

thread_local! {
    /// How many times [`compile`] ran on this thread: instrumentation for tests that check an
    /// edit does the work it needs and no more.
    static COMPILES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// How many programs [`compile`] has compiled on this thread so far.
pub fn compiles_on_this_thread() -> usize {
    COMPILES.with(std::cell::Cell::get)
}

/// Everything the page draws for one program: its graph, evaluation, timeline and layout. The
/// program, graph and layout are shared, so that new input values re-run the trace alone
/// ([`Analysis::with_inputs`]).
pub struct Analysis {
    pub program: Rc<syntax::Program>,
    pub graph: Rc<Graph>,
    pub layout: Rc<Layout>,
    pub evaluation: Evaluation,
    pub diagnostics: Vec<Diagnostic>,
}

impl Analysis {
    /// The same program at other input values: the trace runs again; the program, graph,
    /// layout and diagnostics are the same (shared, not copied). `O(V + E)`.
    pub fn with_inputs(&self, at: &HashMap<String, f64>) -> Analysis {
        Analysis {
            program: Rc::clone(&self.program),
            graph: Rc::clone(&self.graph),
            layout: Rc::clone(&self.layout),
            evaluation: trace(&self.graph, at),
            diagnostics: self.diagnostics.clone(),
        }
    }
}

/// All the stages: compiles `source`, traces it (with input overrides `at`) and lays it out
/// with each node as wide as its label. Returns the diagnostics alone when the program has
/// errors.
pub fn analyze(source: &str, options: &Options, at: &HashMap<String, f64>) -> Result<Analysis, Vec<Diagnostic>> {
    analyze_after(source, options, at, None)
}

/// [`analyze`] after an earlier analysis (the program before an edit): the nodes the two
/// share keep their order in the drawing where that costs no crossings
/// ([`layout::layout_after`]); an edit that changes only input values (the same graph but for
/// them, [`Graph::same_shape`]) keeps the earlier layout itself and is not laid out again.
pub fn analyze_after(
    source: &str,
    options: &Options,
    at: &HashMap<String, f64>,
    before: Option<&Analysis>,
) -> Result<Analysis, Vec<Diagnostic>> {
    let Compiled { program, graph, diagnostics } = compile(source, options);
    let Some(graph) = graph else {
        return Err(diagnostics);
    };
    let evaluation = trace(&graph, at);
    let layout = match before {
        Some(before) if before.graph.same_shape(&graph) => Rc::clone(&before.layout),
        _ => {
            let before = before.map(|a| (&*a.graph, &*a.layout));
            Rc::new(layout::layout_after(&graph, &layout::node_widths(&graph), before))
        }
    };
    Ok(Analysis { program: Rc::new(program), graph: Rc::new(graph), layout, evaluation, diagnostics })
}
