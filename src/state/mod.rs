//! The app state, by concern, and its reducer. Every user action is an [`Action`]; the reducer
//! routes it to the concern it is about ([`program`], [`stepping`], [`screen`], [`predictions`],
//! [`quiz`]), whose sub-reducer updates that part of the state in place, and then settles what
//! one concern's change means for the others (a new program moves the step; a step lets a
//! prediction lapse). It knows nothing of addresses: the address module reads links into
//! [`Reopen`] and [`QuizSource`], and writes them from the state.

pub mod control;
mod predictions;
mod program;
mod quiz;
mod screen;
mod stepping;

use std::rc::Rc;

use gradgraph_engine::{Frame, Options};
use yew::Reducible;

pub use predictions::{Asking, Check, Outcome, Predict, Predictions, Scored, TOLERANCE};
pub use program::{Change, Program};
pub use quiz::{Opened, QuizOrigin, QuizSource, QuizState, SpeedRound, SPEED_LIMIT_MS, SPEED_QUESTIONS};
pub use screen::{Screen, View};
pub use stepping::{Stepping, PLAY_INTERVAL_MS, SPEEDS};

use gradgraph_engine::graph::Granularity;
use gradgraph_engine::quiz::{Choices, Level};

/// The program shown when the page opens: the lecture's first example.
pub const EXAMPLE: &str = "x = 2\nz = 3\ny = x*z + sin(x)";

/// The whole state, one part per concern.
#[derive(Clone)]
pub struct State {
    /// The text, its options and input values, and its analysis.
    pub program: Program,
    /// Where in the timeline, and play.
    pub stepping: Stepping,
    /// The pane's view, the chosen node, presenter mode, a notice.
    pub screen: Screen,
    /// Predict-then-reveal.
    pub predictions: Predictions,
    /// The quiz being answered, if the quiz panel is open.
    pub quiz: Option<QuizState>,
}

/// A shared value compared by identity: a memo or a component's props stay equal while the
/// same `Rc` comes back (an analysis, a drawing's geometry).
pub struct Same<T>(pub Rc<T>);

impl<T> PartialEq for Same<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The view a link asks for (read by the address module).
#[derive(Clone, Debug, PartialEq)]
pub struct Reopen {
    pub program: String,
    pub options: Options,
    /// Input values set in the page, by name.
    pub at: Vec<(String, f64)>,
    pub step: usize,
    pub coarse: bool,
    pub view: View,
}

#[derive(Debug)]
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
    /// Something to tell the user once.
    Notice(String),
    /// Predict the forward values, the backward dy/dv's, both, or nothing.
    SetPredict(Predict),
    /// Check predictions within a relative thousandth, or exactly after rounding.
    SetCheck(Check),
    /// The student's prediction for the step the page waits on.
    Answer(String),
    /// One more hint for it.
    Hint,
    /// Show its answer and go on.
    Reveal,
    /// Open the quiz panel on the generated quiz for this seed and level.
    OpenQuiz(u64, Level),
    /// A quiz from the program in the editor (the seed places the answer), or why not.
    QuizFromProgram(u64),
    /// What a quiz link asks for, or why it cannot be read.
    OpenQuizLink(Result<QuizSource, String>),
    /// The teacher's choice of what a program's quiz asks: which partials, rounded how.
    QuizChoices(Choices),
    /// Choose an option (by index) for the question shown, at this time (milliseconds).
    Choose(usize, f64),
    /// Start a speed round at this seed, at this time (milliseconds).
    StartSpeed(u64, f64),
    /// The clock says this time (milliseconds): a speed round past its limit ends.
    SpeedClock(f64),
    /// Open the quiz's function in the step-through, at the start of the backward pass.
    ShowMe,
    /// The same for the speed round's question answered at this place.
    ShowMeAnswered(usize),
    CloseQuiz,
    /// What a view link pasted into the address opens, in place of what is shown (the editor
    /// starts over with its program).
    Open(Box<State>),
}

/// Only what identifies it (an [`Action::Open`] prints its state this way).
impl std::fmt::Debug for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("State").field("source", &self.program.source).finish_non_exhaustive()
    }
}

impl State {
    pub fn new(source: &str) -> State {
        let mut state = State::blank(source);
        state.program.reanalyze();
        state
    }

    /// The view a link asks for: its program with its options, then its input values and step.
    /// A program that does not compile shows its errors; an output or input the program lacks is
    /// forgotten (with a warning for the output).
    pub fn reopened(link: Reopen) -> State {
        let mut state = State::blank(&link.program);
        state.program.options = link.options;
        state.program.editor_text = Some(link.program);
        state.program.reanalyze();
        state.program.keep_inputs(link.at);
        state.program.retrace();
        state.stepping.coarse = link.coarse;
        state.stepping.step = link.step.min(state.program.steps());
        state.screen.view = link.view;
        state
    }

    /// The default example with a notice: what a link that cannot be opened gives.
    pub fn refused_link(reason: &str) -> State {
        let mut state = State::new(EXAMPLE);
        state.screen.notice =
            Some(format!("This link could not be opened: {reason}. Here is the first example instead."));
        state
    }

    /// A state for `source`, not analyzed yet.
    fn blank(source: &str) -> State {
        State {
            program: Program::blank(source),
            stepping: Stepping::default(),
            screen: Screen::default(),
            predictions: Predictions::default(),
            quiz: None,
        }
    }

    /// The number of steps in the current timeline.
    pub fn steps(&self) -> usize {
        self.program.steps()
    }

    /// What is known at the current step (see [`Stepping::frame`]).
    pub fn frame(&self) -> Option<Frame> {
        self.stepping.frame(self.program.analysis.as_ref()?)
    }

    /// The node whose next number the student is asked to predict.
    pub fn asked_node(&self) -> Option<usize> {
        self.program.prediction(self.predictions.asking.as_ref()?.step).map(|p| p.index)
    }

    /// The reducer's routing: each action to its concern's sub-reducer, then what the change
    /// means for the others.
    fn apply(&mut self, action: Action) {
        match action {
            Action::Edit(_)
            | Action::LoadExample(_)
            | Action::SetSharing(_)
            | Action::SetGranularity(_)
            | Action::SetOutput(_)
            | Action::SetInput(..)
            | Action::ClearInput(_) => {
                let (before, example) =
                    (self.program.steps(), matches!(&action, Action::LoadExample(s) if !s.is_empty()));
                if example {
                    // A new program starts at its beginning.
                    self.stepping.step = 0;
                    self.stepping.playing = false;
                }
                match self.program.apply(action) {
                    Change::Analysis { compiled: true } => {
                        self.stepping.follow(before, self.program.steps());
                        self.lapse();
                        let len = self.program.analysis.as_ref().map_or(0, |a| a.graph.len());
                        self.screen.selected = self.screen.selected.filter(|&i| i < len);
                    }
                    Change::Analysis { compiled: false } => self.stepping.playing = false,
                    Change::Values | Change::None => {}
                }
            }
            Action::StepForward => {
                self.stepping.playing = false;
                self.forward_one();
            }
            Action::Tick => self.forward_one(),
            Action::Reset
            | Action::StepBack
            | Action::ToEnd
            | Action::TogglePlay
            | Action::JumpTo(_)
            | Action::ToForwardEnd
            | Action::SetCoarse(_)
            | Action::SetSpeed(_) => {
                self.stepping.apply(&action, self.program.timeline());
                self.lapse();
            }
            Action::SetView(_)
            | Action::Select(_)
            | Action::TogglePresenter
            | Action::LeavePresenter
            | Action::DismissNotice => {
                self.screen.apply(&action);
            }
            Action::Notice(notice) => self.screen.notice = Some(notice),
            Action::SetPredict(_) | Action::SetCheck(_) | Action::Hint => self.predictions.apply(&action),
            Action::Answer(text) => self.answer(&text),
            Action::Reveal => self.resolve(Outcome::Revealed),
            Action::ShowMe => self.show_me(None),
            Action::ShowMeAnswered(k) => self.show_me(Some(k)),
            Action::Open(opened) => {
                let revision = self.program.editor_revision + 1;
                *self = *opened;
                self.program.editor_revision = revision;
            }
            action => match quiz::apply(&mut self.quiz, action, &self.program) {
                Opened::Quiz => self.screen.presenter = false,
                Opened::Refused(notice) => self.screen.notice = Some(notice),
                Opened::Nothing => {}
            },
        }
    }

    /// A prediction waited for at another step lapses.
    fn lapse(&mut self) {
        let step = self.stepping.step;
        if self.predictions.asking.as_ref().is_some_and(|a| a.step != step + 1) {
            self.predictions.asking = None;
        }
    }

    /// Goes to `step` (clamped); a prediction waited for elsewhere lapses.
    fn go_to(&mut self, step: usize) {
        self.stepping.go_to(step, self.program.steps());
        self.lapse();
    }

    /// Going one step forward, as Step and play do: in practice mode a step whose result is to
    /// be predicted waits for the prediction (play stops there). A coarse step stops just
    /// before the first such step inside it, so nothing is skipped unasked.
    fn forward_one(&mut self) {
        let (step, steps) = (self.stepping.step, self.program.steps());
        let Some(timeline) = self.program.timeline() else { return self.go_to(step + 1) };
        // Practice goes one step at a time, whatever the step size.
        let practising = self.predictions.predict != Predict::Off;
        let next = if self.stepping.coarse && !practising { timeline.next_coarse_end(step) } else { step + 1 };
        if practising && next <= steps {
            let asks = |k: usize| self.program.prediction(k).is_some_and(|p| self.predictions.asks(p.forward));
            if let Some(asked) = (step + 1..=next).find(|&k| asks(k)) {
                if self.predictions.asking.as_ref().is_none_or(|a| a.step != asked) {
                    self.predictions.asking = Some(Asking { step: asked, tries: 0, hints: 0, wrong: None });
                }
                self.stepping.playing = false;
                return self.go_to(asked - 1);
            }
        }
        self.go_to(next);
    }

    /// Checks the student's answer to the prediction asked for.
    fn answer(&mut self, text: &str) {
        let Some(asking) = &mut self.predictions.asking else { return };
        let answer = self.program.prediction(asking.step).map_or(f64::NAN, |p| p.answer);
        match text.trim().parse::<f64>() {
            Ok(given) if self.predictions.check.accepts(given, answer) => {
                let first = asking.tries == 0 && asking.hints == 0;
                self.resolve(if first { Outcome::FirstTime } else { Outcome::WithHelp });
            }
            _ => {
                asking.tries += 1;
                asking.wrong = Some(text.trim().to_string());
            }
        }
    }

    /// Records how the prediction went and shows its step.
    fn resolve(&mut self, outcome: Outcome) {
        let Some(asking) = self.predictions.asking.take() else { return };
        let (node, asks) = self.program.prediction(asking.step).map_or_else(Default::default, |p| (p.node, p.asks));
        self.predictions.score.push(Scored { step: asking.step, node, asks, outcome });
        self.go_to(asking.step);
    }

    /// Opens the quiz's function (the one shown, or the speed round's `answered`-th) in the
    /// step-through, at the start of the backward pass, with predictions checked as the quiz
    /// rounds.
    fn show_me(&mut self, answered: Option<usize>) {
        let Some(open) = self.quiz.take() else { return };
        let quiz = match answered {
            Some(k) => match open.speed.as_ref().and_then(|r| r.answers.get(k)) {
                Some((quiz, _)) => Rc::clone(quiz),
                None => return self.quiz = Some(open),
            },
            None => Rc::clone(&open.current),
        };
        self.apply(Action::LoadExample(quiz.program.clone()));
        self.predictions.check = Check::Rounded(quiz.decimals);
        self.go_to(self.program.timeline().map_or(0, |t| t.forward_len()));
    }
}

impl Reducible for State {
    type Action = Action;

    /// Updates a copy in place (the copy is the state itself when nothing else holds it).
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut state = Rc::unwrap_or_clone(self);
        state.apply(action);
        Rc::new(state)
    }
}

#[cfg(test)]
mod tests;
