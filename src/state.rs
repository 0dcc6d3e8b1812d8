//! The app state and its one reducer: every user action is an [`Action`], handled in one `match`.

use std::collections::HashMap;
use std::rc::Rc;

use gradgraph_engine::graph::Granularity;
use gradgraph_engine::{analyze, compile, Analysis, Diagnostic, Frame, NodeKind, Options, Span};
use yew::Reducible;

use crate::link::Link;

/// The program shown when the page opens: the lecture's first example.
pub const EXAMPLE: &str = "x = 2\nz = 3\ny = x*z + sin(x)";

#[derive(Clone)]
pub struct State {
    /// The text the current diagnostics describe.
    pub source: String,
    /// Sharing and the chosen output.
    pub options: Options,
    /// Input values set in the page, overriding the program's own.
    pub at: HashMap<String, f64>,
    /// The last program that compiled; it stays on screen while the text has errors.
    pub analysis: Option<Rc<Analysis>>,
    /// Errors and warnings of `source`.
    pub diagnostics: Vec<Diagnostic>,
    /// How many nodes the graph has with sharing switched the other way.
    pub other_node_count: Option<usize>,
    /// How many timeline events have been applied.
    pub step: usize,
    pub playing: bool,
    /// Text put into the editor from outside (an example); `editor_revision` changes with it so
    /// the editor starts over with that text.
    pub editor_text: Option<String>,
    pub editor_revision: usize,
    /// Coarse steps: one per node visit with its increments together (fine: one per event).
    pub coarse: bool,
    /// How fast play goes, as a multiple of one step per [`PLAY_INTERVAL_MS`].
    pub speed: f64,
    /// The drawing, the table, or both.
    pub view: View,
    /// The node whose story is shown (by index), if one is chosen.
    pub selected: Option<usize>,
    /// Large type, the step and the algorithm only: for a projector.
    pub presenter: bool,
    /// Something to tell the user once (a link that could not be opened).
    pub notice: Option<String>,
}

/// Time between steps while playing at speed 1.
pub const PLAY_INTERVAL_MS: f64 = 700.0;

/// The speeds offered for play.
pub const SPEEDS: &[f64] = &[0.25, 0.5, 1.0, 2.0, 4.0, 8.0];

/// What the graph pane shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    Drawing,
    Table,
    Both,
}

pub enum Action {
    /// The editor's text changed (after the debounce).
    Edit(String),
    /// Replace the program with an example (empty: do nothing).
    LoadExample(String),
    /// Identical subexpressions as one node (true) or one node per occurrence.
    SetSharing(bool),
    /// One node per operation, or one per statement.
    SetGranularity(Granularity),
    /// Differentiate this node (by name), or the last statement.
    SetOutput(Option<String>),
    /// Give an input a value of the page's own.
    SetInput(String, f64),
    /// Forget the page's value for an input: the program's value counts again.
    ClearInput(String),
    Reset,
    StepBack,
    StepForward,
    ToEnd,
    TogglePlay,
    /// The play timer fired.
    Tick,
    /// Go to this step (the scrubber, or a node's story).
    JumpTo(usize),
    /// Go to the last step of the forward pass.
    ToForwardEnd,
    /// Coarse (true) or fine steps.
    SetCoarse(bool),
    SetSpeed(f64),
    SetView(View),
    /// Show this node's story (by index), or none.
    Select(Option<usize>),
    TogglePresenter,
    LeavePresenter,
    DismissNotice,
}

impl State {
    pub fn new(source: &str) -> State {
        State::blank(source).reanalyzed()
    }

    /// The view a link asks for: its program with its options, then its input values and step.
    /// A program that does not compile shows its errors; an output or input the program lacks is
    /// forgotten (with a warning for the output).
    pub fn from_link(link: Link) -> State {
        let granularity = if link.statements { Granularity::Statements } else { Granularity::Operations };
        let mut state = State {
            options: Options { sharing: link.sharing, granularity, output: link.output },
            editor_text: Some(link.program.clone()),
            ..State::blank(&link.program)
        }
        .reanalyzed();
        let inputs = state.analysis.as_deref().map(program_values).unwrap_or_default();
        state.at = link.at.into_iter().filter(|(name, _)| inputs.contains_key(name)).collect();
        let state = state.retraced();
        let step = link.step.min(state.steps());
        State { step, ..state }
    }

    /// The default example with a notice: what a link that cannot be opened gives.
    pub fn refused_link(reason: &str) -> State {
        let notice = format!("This link could not be opened: {reason}. Here is the first example instead.");
        State { notice: Some(notice), ..State::new(EXAMPLE) }
    }

    /// A state for `source`, not analyzed yet.
    fn blank(source: &str) -> State {
        State {
            source: source.to_string(),
            options: Options::default(),
            at: HashMap::new(),
            analysis: None,
            diagnostics: Vec::new(),
            other_node_count: None,
            step: 0,
            playing: false,
            editor_text: None,
            editor_revision: 0,
            coarse: false,
            speed: 1.0,
            view: View::Drawing,
            selected: None,
            presenter: false,
            notice: None,
        }
    }

    /// The next step forward: one event, or in coarse mode the end of the next coarse step.
    fn next_step(&self) -> usize {
        match (&self.analysis, self.coarse) {
            (Some(analysis), true) => analysis
                .evaluation
                .timeline
                .coarse_ends()
                .into_iter()
                .find(|&end| end > self.step)
                .unwrap_or(self.steps()),
            _ => self.step + 1,
        }
    }

    /// The previous step: one event back, or in coarse mode the end of the coarse step before.
    fn previous_step(&self) -> usize {
        match (&self.analysis, self.coarse) {
            (Some(analysis), true) => {
                analysis.evaluation.timeline.coarse_ends().into_iter().rev().find(|&end| end < self.step).unwrap_or(0)
            }
            _ => self.step.saturating_sub(1),
        }
    }

    /// The number of steps in the current timeline.
    pub fn steps(&self) -> usize {
        self.analysis.as_ref().map_or(0, |a| a.evaluation.timeline.len())
    }

    /// What is known at the current step.
    pub fn frame(&self) -> Option<Frame> {
        self.analysis.as_ref().map(|a| a.evaluation.timeline.frame(self.step))
    }

    /// Re-runs the engine on the source with the current options and input values. On errors
    /// the last good analysis stays; a chosen output that no longer exists is forgotten.
    fn reanalyzed(mut self) -> State {
        let mut result = analyze(&self.source, &self.options, &self.at);
        if let (Err(_), Some(chosen)) = (&result, &self.options.output) {
            let fallback = Options { output: None, ..self.options.clone() };
            if let Ok(mut analysis) = analyze(&self.source, &fallback, &self.at) {
                let gone = Diagnostic::warning(
                    Span::default(),
                    format!("the chosen output '{chosen}' is not in the program any more, so the last statement is differentiated"),
                );
                analysis.diagnostics.insert(0, Diagnostic { option: Some("output"), ..gone });
                self.options = fallback;
                result = Ok(analysis);
            }
        }
        match result {
            Ok(mut analysis) => {
                // Page values for inputs that are gone, or whose program value changed, lapse.
                let before = self.analysis.as_deref().map(program_values).unwrap_or_default();
                let after = program_values(&analysis);
                let count = self.at.len();
                self.at.retain(|name, _| after.contains_key(name) && before.get(name) == after.get(name));
                if self.at.len() != count {
                    if let Ok(again) = analyze(&self.source, &self.options, &self.at) {
                        analysis = again;
                    }
                }
                self.diagnostics = std::mem::take(&mut analysis.diagnostics);
                let steps = analysis.evaluation.timeline.len();
                // Stay at the end if we were there, so edits show their final numbers at once.
                self.step = if self.step > 0 && self.step == self.steps() { steps } else { self.step.min(steps) };
                self.selected = self.selected.filter(|&i| i < analysis.graph.len());
                let other = Options { sharing: !self.options.sharing, ..self.options.clone() };
                self.other_node_count = compile(&self.source, &other).graph.map(|g| g.len());
                self.analysis = Some(Rc::new(analysis));
            }
            Err(diagnostics) => {
                self.diagnostics = diagnostics;
                self.playing = false;
            }
        }
        self
    }

    /// New input values for the same program: only the trace runs again; the graph, its
    /// layout and the diagnostics stay (and so does the step: the timeline has the same
    /// events).
    fn retraced(self) -> State {
        match &self.analysis {
            Some(analysis) => State { analysis: Some(Rc::new(analysis.with_inputs(&self.at))), ..self },
            None => self,
        }
    }

    fn at_step(self, step: usize) -> State {
        let step = step.min(self.steps());
        let playing = self.playing && step < self.steps();
        State { step, playing, ..self }
    }
}

/// Each input's value as written in the program.
fn program_values(analysis: &Analysis) -> HashMap<String, f64> {
    let graph = &analysis.graph;
    graph
        .nodes()
        .filter_map(|(_, node)| match node.kind {
            NodeKind::Input { value } => Some((node.name.clone(), value)),
            _ => None,
        })
        .collect()
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let state = Rc::unwrap_or_clone(self);
        Rc::new(match action {
            Action::Edit(source) if source == state.source => state,
            Action::Edit(source) => State { source, ..state }.reanalyzed(),
            Action::LoadExample(source) if source.is_empty() => state,
            // A new program: the old one's chosen output and page values do not carry over.
            Action::LoadExample(source) => State {
                editor_text: Some(source.clone()),
                editor_revision: state.editor_revision + 1,
                source,
                options: Options { output: None, ..state.options.clone() },
                at: HashMap::new(),
                step: 0,
                playing: false,
                ..state
            }
            .reanalyzed(),
            Action::SetSharing(sharing) => {
                State { options: Options { sharing, ..state.options.clone() }, ..state }.reanalyzed()
            }
            Action::SetGranularity(granularity) => {
                State { options: Options { granularity, ..state.options.clone() }, ..state }.reanalyzed()
            }
            Action::SetOutput(output) => {
                State { options: Options { output, ..state.options.clone() }, ..state }.reanalyzed()
            }
            Action::SetInput(name, value) => {
                let mut at = state.at.clone();
                at.insert(name, value);
                State { at, ..state }.retraced()
            }
            Action::ClearInput(name) => {
                let mut at = state.at.clone();
                at.remove(&name);
                State { at, ..state }.retraced()
            }
            Action::Reset => State { playing: false, ..state }.at_step(0),
            Action::StepBack => {
                let step = state.previous_step();
                State { playing: false, ..state }.at_step(step)
            }
            Action::StepForward => {
                let step = state.next_step();
                State { playing: false, ..state }.at_step(step)
            }
            Action::ToEnd => {
                let end = state.steps();
                State { playing: false, ..state }.at_step(end)
            }
            Action::TogglePlay if state.playing => State { playing: false, ..state },
            Action::TogglePlay => {
                // Playing from the end starts over.
                let step = if state.step >= state.steps() { 0 } else { state.step };
                State { playing: state.steps() > 0, step, ..state }
            }
            Action::Tick => {
                let step = state.next_step();
                state.at_step(step)
            }
            Action::JumpTo(step) => State { playing: false, ..state }.at_step(step),
            Action::ToForwardEnd => {
                let end = state.analysis.as_ref().map_or(0, |a| a.evaluation.timeline.forward_len());
                State { playing: false, ..state }.at_step(end)
            }
            Action::SetCoarse(coarse) => State { coarse, ..state },
            Action::SetSpeed(speed) if speed.is_finite() && speed > 0.0 => State { speed, ..state },
            Action::SetSpeed(_) => state,
            Action::SetView(view) => State { view, ..state },
            Action::Select(selected) => State { selected, ..state },
            Action::TogglePresenter => State { presenter: !state.presenter, ..state },
            Action::LeavePresenter => State { presenter: false, ..state },
            Action::DismissNotice => State { notice: None, ..state },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reduce(state: State, action: Action) -> State {
        Rc::unwrap_or_clone(Rc::new(state).reduce(action))
    }

    fn node_count(state: &State) -> Option<usize> {
        state.analysis.as_ref().map(|a| a.graph.len())
    }

    #[test]
    fn bad_edits_keep_the_last_good_graph() {
        let state = State::new(EXAMPLE);
        let nodes = node_count(&state);
        let state = reduce(state, Action::Edit("y = (x".into()));
        assert_eq!(node_count(&state), nodes);
        assert!(state.diagnostics.iter().any(Diagnostic::is_error));
        let state = reduce(state, Action::Edit("y = x".into()));
        assert_eq!(node_count(&state), Some(2));
    }

    #[test]
    fn stepping_is_clamped_and_play_stops_at_the_end() {
        let mut state = State::new(EXAMPLE);
        state = reduce(state, Action::StepBack);
        assert_eq!(state.step, 0);
        state = reduce(state, Action::ToEnd);
        assert_eq!(state.step, 16);
        state = reduce(state, Action::StepForward);
        assert_eq!(state.step, 16);
        state = reduce(state, Action::TogglePlay);
        assert!(state.playing);
        assert_eq!(state.step, 0);
        for _ in 0..16 {
            state = reduce(state, Action::Tick);
        }
        assert_eq!(state.step, 16);
        assert!(!state.playing);
    }

    #[test]
    fn loading_an_example_replaces_the_program_and_restarts() {
        let state = reduce(State::new(EXAMPLE), Action::ToEnd);
        let (_, program) = crate::examples::EXAMPLES[2];
        let state = reduce(state, Action::LoadExample(program.to_string()));
        assert_eq!((state.step, state.editor_revision), (0, 1));
        assert_eq!(state.editor_text.as_deref(), Some(program));
        assert!(state.diagnostics.is_empty(), "{:?}", state.diagnostics);
        assert_eq!(node_count(&state), Some(21));
    }

    #[test]
    fn coarse_steps_take_a_visit_with_its_increments() {
        let mut state = reduce(State::new("x = 2; y = x*x + sin(x)"), Action::SetCoarse(true));
        let mut seen = vec![state.step];
        while state.step < state.steps() {
            state = reduce(state, Action::StepForward);
            seen.push(state.step);
        }
        assert_eq!(seen, [0, 1, 2, 3, 4, 5, 8, 10, 13, 14]);
        state = reduce(state, Action::StepBack);
        assert_eq!(state.step, 13);
        state = reduce(state, Action::ToForwardEnd);
        assert_eq!(state.step, 4);
        state = reduce(state, Action::JumpTo(99));
        assert_eq!(state.step, 14);
    }

    #[test]
    fn a_link_reopens_its_view() {
        let mut state =
            reduce(State::new("x = 2; z = 3; u = x*z; y = u + sin(x)"), Action::SetOutput(Some("u".into())));
        state = reduce(state, Action::SetInput("z".into(), 5.0));
        state = reduce(state, Action::SetGranularity(Granularity::Statements));
        state = reduce(state, Action::JumpTo(4));
        let link = Link::of(&state);
        let again = State::from_link(link.clone());
        assert_eq!(Link::of(&again), link);
        assert_eq!(again.analysis.map(|a| a.evaluation.output_value(&a.graph)), Some(10.0));
        // Input values the program lacks are dropped; steps beyond the end are clamped.
        let odd = Link { at: vec![("w".into(), 1.0)], step: 999, ..link };
        let state = State::from_link(odd);
        assert!(state.at.is_empty());
        assert_eq!(state.step, state.steps());
    }

    #[test]
    fn loading_an_example_forgets_the_chosen_output_and_page_values() {
        let state = reduce(State::new("x = 1; u2 = 2*x; y = u2 + 1"), Action::SetOutput(Some("u2".into())));
        let state = reduce(state, Action::SetInput("x".into(), 4.0));
        let (_, program) = crate::examples::EXAMPLES[2];
        let state = reduce(state, Action::LoadExample(program.to_string()));
        assert_eq!((state.options.output.as_deref(), state.at.len()), (None, 0));
        let output = state.analysis.as_ref().map(|a| a.graph.output_name().to_string());
        assert_eq!(output.as_deref(), Some("J"));
    }

    #[test]
    fn every_example_compiles_without_warnings() {
        for (title, program) in crate::examples::EXAMPLES {
            let state = State::new(program);
            assert!(state.analysis.is_some() && state.diagnostics.is_empty(), "{title}: {:?}", state.diagnostics);
        }
    }

    #[test]
    fn sharing_toggle_swaps_the_node_counts() {
        let program = "x = 2; y = sin(x*x) + x*x";
        let state = State::new(program);
        assert_eq!((node_count(&state), state.other_node_count), (Some(4), Some(5)));
        let state = reduce(state, Action::SetSharing(false));
        assert_eq!((node_count(&state), state.other_node_count), (Some(5), Some(4)));
    }

    #[test]
    fn granularity_changes_the_graph_not_the_gradient() {
        let gradient = |s: &State| s.analysis.as_ref().map(|a| a.evaluation.gradient(&a.graph));
        let state = State::new(EXAMPLE);
        let before = gradient(&state);
        let state = reduce(state, Action::SetGranularity(Granularity::Statements));
        assert_eq!(node_count(&state), Some(3));
        assert_eq!(gradient(&state), before);
    }

    #[test]
    fn chosen_output_is_forgotten_when_its_node_disappears() {
        let state = reduce(State::new("x = 2; u = x*x; y = u + 1"), Action::SetOutput(Some("u".into())));
        let output = |s: &State| s.analysis.as_ref().map(|a| a.graph.output_name().to_string());
        assert_eq!(output(&state).as_deref(), Some("u"));
        let state = reduce(state, Action::Edit("x = 2; v = x*x; y = v + 1".into()));
        assert_eq!(output(&state).as_deref(), Some("y"));
        assert_eq!(state.options.output, None);
    }

    #[test]
    fn an_input_value_reuses_the_graph_and_its_layout() {
        let state = State::new("x = 2; y = x*x");
        let before = state.analysis.clone().map(|a| (Rc::clone(&a.graph), Rc::clone(&a.layout)));
        let state = reduce(state, Action::SetInput("x".into(), 3.0));
        let after = state.analysis.as_ref().map(|a| (Rc::clone(&a.graph), Rc::clone(&a.layout)));
        let (Some(before), Some(after)) = (before, after) else { panic!("no analysis") };
        assert!(Rc::ptr_eq(&before.0, &after.0) && Rc::ptr_eq(&before.1, &after.1));
        assert_eq!(state.analysis.map(|a| a.evaluation.output_value(&a.graph)), Some(9.0));
    }

    #[test]
    fn page_values_override_until_the_program_changes_them() {
        let value = |s: &State| s.analysis.as_ref().map(|a| a.evaluation.output_value(&a.graph));
        let state = reduce(State::new("x = 2; y = x*x"), Action::SetInput("x".into(), 3.0));
        assert_eq!(value(&state), Some(9.0));
        // Editing elsewhere keeps the page's value…
        let state = reduce(state, Action::Edit("x = 2; y = x*x + 1".into()));
        assert_eq!(value(&state), Some(10.0));
        // …but a new value in the program wins.
        let state = reduce(state, Action::Edit("x = 4; y = x*x + 1".into()));
        assert_eq!(value(&state), Some(17.0));
        let state = reduce(state, Action::SetInput("x".into(), 1.0));
        let state = reduce(state, Action::ClearInput("x".into()));
        assert_eq!(value(&state), Some(17.0));
    }
}
