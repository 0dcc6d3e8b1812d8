//! The program concern: the text, how it becomes a graph (sharing, granularity, the output),
//! the page's input values, and the analysis that the rest of the page shows.

use std::collections::HashMap;
use std::rc::Rc;

use gradgraph_engine::steps::{prediction, Prediction};
use gradgraph_engine::{analyze_after, compile, Analysis, Diagnostic, Options, Severity, Timeline};

use super::Action;

#[derive(Clone)]
pub struct Program {
    /// The text the current diagnostics describe.
    pub source: String,
    /// Sharing, granularity and the chosen output.
    pub options: Options,
    /// Input values set in the page, overriding the program's own.
    pub at: HashMap<String, f64>,
    /// The last program that compiled; it stays on screen while the text has errors.
    pub analysis: Option<Rc<Analysis>>,
    /// Errors and warnings of `source`.
    pub diagnostics: Vec<Diagnostic>,
    /// How many nodes the graph has with sharing switched the other way.
    pub other_node_count: Option<usize>,
    /// Text put into the editor from outside (an example); `editor_revision` changes with it so
    /// the editor starts over with that text.
    pub editor_text: Option<String>,
    pub editor_revision: usize,
}

/// What an action did to the program.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// Nothing.
    None,
    /// New input values: the same graph and timeline events, traced again.
    Values,
    /// The engine ran again: a new analysis, or errors with the last good one kept.
    Analysis { compiled: bool },
}

impl Program {
    /// `source`, not analyzed yet.
    pub fn blank(source: &str) -> Program {
        Program {
            source: source.to_string(),
            options: Options::default(),
            at: HashMap::new(),
            analysis: None,
            diagnostics: Vec::new(),
            other_node_count: None,
            editor_text: None,
            editor_revision: 0,
        }
    }

    /// The current timeline, if a program compiled.
    pub fn timeline(&self) -> Option<&Timeline> {
        self.analysis.as_deref().map(|a| &a.evaluation.timeline)
    }

    /// What step `step` of the current analysis asks a student to predict, if anything.
    pub fn prediction(&self, step: usize) -> Option<Prediction> {
        let analysis = self.analysis.as_deref()?;
        prediction(&analysis.graph, &analysis.evaluation.timeline, step)
    }

    /// The number of steps in the current timeline.
    pub fn steps(&self) -> usize {
        self.timeline().map_or(0, Timeline::len)
    }

    /// The program's sub-reducer: an edit, an example, an option or an input value.
    pub fn apply(&mut self, action: Action) -> Change {
        match action {
            Action::Edit(source) if source == self.source => return Change::None,
            Action::Edit(source) => self.source = source,
            Action::LoadExample(source) if source.is_empty() => return Change::None,
            // A new program: the old one's chosen output and page values do not carry over.
            Action::LoadExample(source) => {
                self.editor_text = Some(source.clone());
                self.editor_revision += 1;
                self.source = source;
                self.options.output = None;
                self.at.clear();
            }
            Action::SetSharing(sharing) => self.options.sharing = sharing,
            Action::SetGranularity(granularity) => self.options.granularity = granularity,
            Action::SetOutput(output) => self.options.output = output,
            Action::SetInput(name, value) => {
                self.at.insert(name, value);
                return self.retrace();
            }
            Action::ClearInput(name) => {
                self.at.remove(&name);
                return self.retrace();
            }
            _ => return Change::None,
        }
        self.reanalyze()
    }

    /// Re-runs the engine on the source with the current options and input values. On errors
    /// the last good analysis stays; a chosen output that no longer exists is forgotten.
    pub fn reanalyze(&mut self) -> Change {
        // The drawing before the edit, so that what stays keeps its place.
        let earlier = self.analysis.clone();
        let earlier = earlier.as_deref();
        let mut result = analyze_after(&self.source, &self.options, &self.at, earlier);
        if let (Err(errors), Some(_)) = (&result, &self.options.output) {
            let fallback = Options { output: None, ..self.options.clone() };
            if let Ok(mut analysis) = analyze_after(&self.source, &fallback, &self.at, earlier) {
                // Without the chosen output the program is fine, so the error is about it: said
                // as a warning, where the engine places it (the menu, or a vector's assignment).
                let why = errors.iter().find(|d| d.is_error());
                let why = why.cloned().unwrap_or_else(|| {
                    Diagnostic::about_option("output", "the chosen output cannot be differentiated")
                });
                let message = format!("{}; the last statement is differentiated instead", why.message);
                analysis.diagnostics.insert(0, Diagnostic { severity: Severity::Warning, message, ..why });
                self.options = fallback;
                result = Ok(analysis);
            }
        }
        match result {
            Ok(mut analysis) => {
                // Page values for inputs that are gone, or whose program value changed, lapse.
                let before = earlier.map(program_values).unwrap_or_default();
                let after = program_values(&analysis);
                let count = self.at.len();
                self.at.retain(|name, _| after.contains_key(name) && before.get(name) == after.get(name));
                if self.at.len() != count {
                    if let Ok(again) = analyze_after(&self.source, &self.options, &self.at, earlier) {
                        analysis = again;
                    }
                }
                self.diagnostics = std::mem::take(&mut analysis.diagnostics);
                // Counted by the one compile, one node per operation; a statement-granularity
                // graph does not know it, and compiles the program the other way.
                self.other_node_count = analysis.graph.len_with_sharing_flipped().or_else(|| {
                    let other = Options { sharing: !self.options.sharing, ..self.options.clone() };
                    compile(&self.source, &other).graph.map(|g| g.len())
                });
                self.analysis = Some(Rc::new(analysis));
                Change::Analysis { compiled: true }
            }
            Err(diagnostics) => {
                self.diagnostics = diagnostics;
                Change::Analysis { compiled: false }
            }
        }
    }

    /// New input values for the same program: only the trace runs again; the graph, its
    /// layout and the diagnostics stay (and so does the step: the timeline has the same
    /// events).
    pub fn retrace(&mut self) -> Change {
        match &self.analysis {
            Some(analysis) => {
                self.analysis = Some(Rc::new(analysis.with_inputs(&self.at)));
                Change::Values
            }
            None => Change::None,
        }
    }

    /// Keeps only the page values of inputs the program has.
    pub fn keep_inputs(&mut self, at: Vec<(String, f64)>) {
        let inputs = self.analysis.as_deref().map(program_values).unwrap_or_default();
        self.at = at.into_iter().filter(|(name, _)| inputs.contains_key(name)).collect();
    }
}

/// Each input's value as written in the program.
fn program_values(analysis: &Analysis) -> HashMap<String, f64> {
    analysis.graph.input_nodes().map(|(_, node, value)| (node.name.clone(), value)).collect()
}
