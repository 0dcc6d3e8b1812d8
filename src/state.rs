//! The app state and its one reducer: every user action is an [`Action`], handled in one `match`.

use std::collections::HashMap;
use std::rc::Rc;

use gradgraph_engine::{analyze, Analysis, Diagnostic, Frame};
use yew::Reducible;

/// The program shown when the page opens: the lecture's first example.
pub const EXAMPLE: &str = "x = 2\nz = 3\ny = x*z + sin(x)";

#[derive(Clone)]
pub struct State {
    /// The text the current diagnostics describe.
    pub source: String,
    /// The last program that compiled; it stays on screen while the text has errors.
    pub analysis: Option<Rc<Analysis>>,
    /// Errors and warnings of `source`.
    pub diagnostics: Vec<Diagnostic>,
    /// How many timeline events have been applied.
    pub step: usize,
    pub playing: bool,
}

pub enum Action {
    /// The editor's text changed (after the debounce).
    Edit(String),
    Reset,
    StepBack,
    StepForward,
    ToEnd,
    TogglePlay,
    /// The play timer fired.
    Tick,
}

impl State {
    pub fn new(source: &str) -> State {
        State { source: String::new(), analysis: None, diagnostics: Vec::new(), step: 0, playing: false }.edited(source)
    }

    /// The number of steps in the current timeline.
    pub fn steps(&self) -> usize {
        self.analysis.as_ref().map_or(0, |a| a.evaluation.timeline.len())
    }

    /// What is known at the current step.
    pub fn frame(&self) -> Option<Frame> {
        self.analysis.as_ref().map(|a| a.evaluation.timeline.frame(self.step))
    }

    fn edited(self, source: &str) -> State {
        match analyze(source, &HashMap::new()) {
            Ok(mut analysis) => {
                let diagnostics = std::mem::take(&mut analysis.diagnostics);
                let steps = analysis.evaluation.timeline.len();
                // Stay at the end if we were there, so edits show their final numbers at once.
                let step = if self.step > 0 && self.step == self.steps() { steps } else { self.step.min(steps) };
                State { source: source.to_string(), analysis: Some(Rc::new(analysis)), diagnostics, step, ..self }
            }
            Err(diagnostics) => State { source: source.to_string(), diagnostics, playing: false, ..self },
        }
    }

    fn at(self, step: usize) -> State {
        let step = step.min(self.steps());
        let playing = self.playing && step < self.steps();
        State { step, playing, ..self }
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let state = Rc::unwrap_or_clone(self);
        Rc::new(match action {
            Action::Edit(source) if source == state.source => return Rc::new(state),
            Action::Edit(source) => state.edited(&source),
            Action::Reset => State { playing: false, ..state }.at(0),
            Action::StepBack => {
                let step = state.step.saturating_sub(1);
                State { playing: false, ..state }.at(step)
            }
            Action::StepForward => {
                let step = state.step + 1;
                State { playing: false, ..state }.at(step)
            }
            Action::ToEnd => {
                let end = state.steps();
                State { playing: false, ..state }.at(end)
            }
            Action::TogglePlay if state.playing => State { playing: false, ..state },
            Action::TogglePlay => {
                // Playing from the end starts over.
                let step = if state.step >= state.steps() { 0 } else { state.step };
                State { playing: state.steps() > 0, step, ..state }
            }
            Action::Tick => {
                let step = state.step + 1;
                state.at(step)
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reduce(state: State, action: Action) -> State {
        Rc::unwrap_or_clone(Rc::new(state).reduce(action))
    }

    #[test]
    fn bad_edits_keep_the_last_good_graph() {
        let state = State::new(EXAMPLE);
        let nodes = state.analysis.as_ref().map(|a| a.graph.len());
        let state = reduce(state, Action::Edit("y = (x".into()));
        assert_eq!(state.analysis.as_ref().map(|a| a.graph.len()), nodes);
        assert!(state.diagnostics.iter().any(Diagnostic::is_error));
        let state = reduce(state, Action::Edit("y = x".into()));
        assert_eq!(state.analysis.as_ref().map(|a| a.graph.len()), Some(2));
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
}
