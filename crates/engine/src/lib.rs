//! Gradgraph's engine: source text → syntax tree → computation graph → values and adjoints
//! with a timeline of events → layout. Pure Rust; knows nothing of browsers.
//!
//! Each stage is a function of the previous stage's output. [`analyze`] runs them all.

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
pub mod syntax;
pub mod timeline;
pub mod typeset;

use std::collections::HashMap;

pub use diagnostic::{Diagnostic, Severity, Span};
pub use eval::{evaluate, Evaluation};
pub use graph::{Graph, Node, NodeKind, Options};
pub use layout::{layout, Layout};
pub use timeline::{Event, Focus, Frame, Phase, Timeline};

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
    let (program, mut diagnostics) = syntax::parse(source);
    let (graph, more) = graph::build(source, &program, options);
    diagnostics.extend(more);
    diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
    let graph = if diagnostics.iter().any(Diagnostic::is_error) { None } else { graph };
    if graph.is_none() && !diagnostics.iter().any(Diagnostic::is_error) {
        diagnostics.push(
            Diagnostic::error(Span::new(source.len(), source.len()), "the program has no statements")
                .with_help("write a statement such as `y = x * x`"),
        );
    }
    Compiled { program, graph, diagnostics }
}

/// Everything the page draws for one program: its graph, evaluation, timeline and layout.
pub struct Analysis {
    pub program: syntax::Program,
    pub graph: Graph,
    pub evaluation: Evaluation,
    pub layout: Layout,
    pub diagnostics: Vec<Diagnostic>,
}

/// Compiles, evaluates (with input overrides `at`) and lays out `source`.
/// Returns the diagnostics alone when the program has errors.
pub fn analyze(source: &str, options: &Options, at: &HashMap<String, f64>) -> Result<Analysis, Vec<Diagnostic>> {
    let Compiled { program, graph, diagnostics } = compile(source, options);
    let Some(graph) = graph else {
        return Err(diagnostics);
    };
    let evaluation = evaluate(&graph, at);
    let layout = layout(&graph);
    Ok(Analysis { program, graph, evaluation, layout, diagnostics })
}
