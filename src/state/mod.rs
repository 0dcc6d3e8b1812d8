//! The app state and its one reducer: every user action is an [`Action`], handled in one `match`.
//! It knows nothing of addresses: the address module reads links into [`Reopen`] and
//! [`QuizSource`], and writes them from the state.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use gradgraph_engine::graph::Granularity;
use gradgraph_engine::{analyze_after, compile, Analysis, Cursor, Diagnostic, Frame, Options, Severity};
use yew::Reducible;

use gradgraph_engine::quiz::{self, Choices, Level, Quiz};
use gradgraph_engine::steps::prediction;

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
    /// Which results the student predicts before they are shown.
    pub predict: Predict,
    /// How a prediction is checked.
    pub check: Check,
    /// The prediction being asked for, if the next step waits for one.
    pub asking: Option<Asking>,
    /// How each prediction went, in order.
    pub score: Vec<Scored>,
    /// The quiz being answered, if the quiz panel is open.
    pub quiz: Option<QuizState>,
    /// Where the last frame was, on the analysis it was of: a cache that [`State::frame`] moves
    /// (shared by the states a reducer makes from this one; any position gives the same frame).
    cursor: Rc<CursorCache>,
}

/// Where the last frame was, and the analysis it was of.
type CursorCache = RefCell<Option<(Rc<Analysis>, Cursor)>>;

/// The quiz panel: a question, the option chosen, and a speed round if one is running.
#[derive(Clone, Debug, PartialEq)]
pub struct QuizState {
    pub level: Level,
    pub current: Rc<Quiz>,
    pub chosen: Option<usize>,
    /// Where it came from: generated from its seed and level, or a teacher's program (its link
    /// then carries the program).
    pub origin: QuizOrigin,
    pub speed: Option<SpeedRound>,
    /// Why a program could not become a quiz, or a teacher's choice could not be made.
    pub refused: Option<String>,
    /// Made from the editor's program just now: the teacher may choose what it asks (a quiz
    /// opened from a link is a student's and has no such choices).
    pub authoring: bool,
}

/// A shared value compared by identity: a memo or a component's props stay equal while the
/// same `Rc` comes back (an analysis, a drawing's geometry).
pub struct Same<T>(pub Rc<T>);

impl<T> PartialEq for Same<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Where a quiz came from, which is what its link says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuizOrigin {
    /// Generated from this seed and level (a speed round's first question's).
    Generated(u64, Level),
    /// A teacher's program: the current quiz's.
    Program,
}

/// What a quiz link asks for (read by the address module).
#[derive(Clone, Debug, PartialEq)]
pub enum QuizSource {
    /// A generated quiz: its seed and level.
    Generated(u64, Level),
    /// A teacher's program with what it asks and how it rounds; the seed places the answer.
    Program { program: String, seed: u64, choices: Choices },
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

/// A speed round: questions against a clock.
#[derive(Clone, Debug, PartialEq)]
pub struct SpeedRound {
    /// When it started (milliseconds, the browser's clock).
    pub started_ms: f64,
    /// The clock's last tick, for the time left.
    pub now_ms: f64,
    /// Each question asked so far and the option chosen for it.
    pub answers: Vec<(Rc<Quiz>, usize)>,
    /// When it ended, by the last answer or the clock.
    pub ended_ms: Option<f64>,
}

/// Questions in a speed round, and its time limit.
pub const SPEED_QUESTIONS: usize = 5;
pub const SPEED_LIMIT_MS: f64 = 120_000.0;

/// Which results a student predicts before the page shows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Predict {
    Off,
    Forward,
    Backward,
    Both,
}

/// The prediction the page waits for: the step that reveals it, and how it is going.
#[derive(Clone, Debug, PartialEq)]
pub struct Asking {
    pub step: usize,
    /// Wrong answers so far.
    pub tries: u32,
    /// Hints shown (0, 1 or 2).
    pub hints: u32,
    /// The last wrong answer, to say so.
    pub wrong: Option<String>,
}

/// How a prediction went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Right at the first try, without hints.
    FirstTime,
    /// Right after a wrong try or a hint.
    WithHelp,
    /// The answer was shown.
    Revealed,
}

/// One prediction's result: what was asked (`u1`, `dy/dx after u1 pushes into it`).
#[derive(Clone, Debug, PartialEq)]
pub struct Scored {
    pub step: usize,
    /// The node whose number it was (for the score by node).
    pub node: String,
    pub asks: String,
    pub outcome: Outcome,
}

/// How close a prediction must be: within this fraction of the answer (or of 0.001 for an
/// answer near 0).
pub const TOLERANCE: f64 = 1e-3;

/// How a prediction is checked: the page states which.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    /// Within [`TOLERANCE`] of the answer, relatively (within a millionth near 0).
    Relative,
    /// Equal to the answer once both are rounded to this many decimals, as a quiz states.
    Rounded(u32),
}

impl Check {
    pub fn accepts(self, given: f64, answer: f64) -> bool {
        match self {
            Check::Relative => given == answer || (given - answer).abs() <= TOLERANCE * answer.abs().max(TOLERANCE),
            Check::Rounded(decimals) => quiz::round(given, decimals) == quiz::round(answer, decimals),
        }
    }

    /// The rule in words, for the feedback.
    pub fn describe(self) -> String {
        match self {
            Check::Relative => "within a thousandth of the answer counts".into(),
            Check::Rounded(decimals) => format!("rounded to {} it must equal the answer", quiz::rounding(decimals)),
        }
    }
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
    CloseQuiz,
}

impl State {
    pub fn new(source: &str) -> State {
        State::blank(source).reanalyzed()
    }

    /// The view a link asks for: its program with its options, then its input values and step.
    /// A program that does not compile shows its errors; an output or input the program lacks is
    /// forgotten (with a warning for the output).
    pub fn reopened(link: Reopen) -> State {
        let mut state = State {
            coarse: link.coarse,
            view: link.view,
            options: link.options,
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
            predict: Predict::Off,
            check: Check::Relative,
            asking: None,
            score: Vec::new(),
            quiz: None,
            cursor: Rc::default(),
        }
    }

    /// The quiz panel on `quiz`, from `origin`.
    fn quiz_open(self, quiz: Quiz, origin: QuizOrigin, speed: Option<SpeedRound>) -> State {
        let level = quiz.level;
        let quiz =
            QuizState { level, current: Rc::new(quiz), chosen: None, origin, speed, refused: None, authoring: false };
        State { quiz: Some(quiz), presenter: false, ..self }
    }

    /// Whether step `step` (its event) is one the student predicts.
    fn asks_at(&self, step: usize) -> bool {
        let Some(analysis) = &self.analysis else { return false };
        let Some(prediction) = prediction(&analysis.graph, &analysis.evaluation.timeline, step) else { return false };
        match self.predict {
            Predict::Off => false,
            Predict::Both => true,
            Predict::Forward => prediction.forward,
            Predict::Backward => !prediction.forward,
        }
    }

    /// Going one step forward, as Step and play do: in practice mode a step whose result is to
    /// be predicted waits for the prediction (play stops there). A coarse step stops just
    /// before the first such step inside it, so nothing is skipped unasked.
    fn forward_one(self) -> State {
        let next = self.next_step();
        if self.predict != Predict::Off && next <= self.steps() {
            if let Some(asked) = (self.step + 1..=next).find(|&k| self.asks_at(k)) {
                let asking = match self.asking.clone() {
                    Some(asking) if asking.step == asked => asking,
                    _ => Asking { step: asked, tries: 0, hints: 0, wrong: None },
                };
                let before = State { playing: false, ..self }.at_step(asked - 1);
                return State { asking: Some(asking), ..before };
            }
        }
        self.at_step(next)
    }

    /// The node whose next number the student is asked to predict.
    pub fn asked_node(&self) -> Option<usize> {
        let (asking, analysis) = (self.asking.as_ref()?, self.analysis.as_ref()?);
        prediction(&analysis.graph, &analysis.evaluation.timeline, asking.step).map(|p| p.index)
    }

    /// Records how the prediction went and shows its step.
    fn resolved(self, outcome: Outcome) -> State {
        let Some(asking) = self.asking.clone() else { return self };
        let (node, asks) = self
            .analysis
            .as_ref()
            .and_then(|a| prediction(&a.graph, &a.evaluation.timeline, asking.step))
            .map_or_else(Default::default, |p| (p.node, p.asks));
        let mut score = self.score.clone();
        score.push(Scored { step: asking.step, node, asks, outcome });
        State { score, asking: None, ..self }.at_step(asking.step)
    }

    /// The next step forward: one event, or in coarse mode the end of the next coarse step.
    fn next_step(&self) -> usize {
        // Practice goes one step at a time, whatever the step size.
        match (&self.analysis, self.coarse && self.predict == Predict::Off) {
            (Some(analysis), true) => analysis.evaluation.timeline.next_coarse_end(self.step),
            _ => self.step + 1,
        }
    }

    /// The previous step: one event back, or in coarse mode the end of the coarse step before.
    fn previous_step(&self) -> usize {
        match (&self.analysis, self.coarse) {
            (Some(analysis), true) => analysis.evaluation.timeline.previous_coarse_end(self.step),
            _ => self.step.saturating_sub(1),
        }
    }

    /// The number of steps in the current timeline.
    pub fn steps(&self) -> usize {
        self.analysis.as_ref().map_or(0, |a| a.evaluation.timeline.len())
    }

    /// What is known at the current step: the cursor moved there from where the last frame was
    /// (one step costs `O(1)`, not a replay from the start), or a new cursor for a new analysis.
    pub fn frame(&self) -> Option<Frame> {
        let analysis = self.analysis.as_ref()?;
        let timeline = &analysis.evaluation.timeline;
        let mut cache = self.cursor.borrow_mut();
        if !cache.as_ref().is_some_and(|(of, _)| Rc::ptr_eq(of, analysis)) {
            *cache = Some((Rc::clone(analysis), Cursor::new(timeline)));
        }
        let (_, cursor) = cache.as_mut()?;
        cursor.seek(timeline, self.step);
        Some(cursor.frame().clone())
    }

    /// Re-runs the engine on the source with the current options and input values. On errors
    /// the last good analysis stays; a chosen output that no longer exists is forgotten.
    fn reanalyzed(mut self) -> State {
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
                let before = self.analysis.as_deref().map(program_values).unwrap_or_default();
                let after = program_values(&analysis);
                let count = self.at.len();
                self.at.retain(|name, _| after.contains_key(name) && before.get(name) == after.get(name));
                if self.at.len() != count {
                    if let Ok(again) = analyze_after(&self.source, &self.options, &self.at, earlier) {
                        analysis = again;
                    }
                }
                self.diagnostics = std::mem::take(&mut analysis.diagnostics);
                let steps = analysis.evaluation.timeline.len();
                // Stay at the end if we were there, so edits show their final numbers at once.
                self.step = if self.step > 0 && self.step == self.steps() { steps } else { self.step.min(steps) };
                self.selected = self.selected.filter(|&i| i < analysis.graph.len());
                // Counted by the one compile, one node per operation; a statement-granularity
                // graph does not know it, and compiles the program the other way.
                self.other_node_count = analysis.graph.len_with_sharing_flipped().or_else(|| {
                    let other = Options { sharing: !self.options.sharing, ..self.options.clone() };
                    compile(&self.source, &other).graph.map(|g| g.len())
                });
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

    /// Goes to `step` (clamped); a prediction waited for elsewhere lapses.
    fn at_step(self, step: usize) -> State {
        let step = step.min(self.steps());
        let playing = self.playing && step < self.steps();
        let asking = self.asking.clone().filter(|a| a.step == step + 1);
        State { step, playing, asking, ..self }
    }
}

/// Each input's value as written in the program.
fn program_values(analysis: &Analysis) -> HashMap<String, f64> {
    analysis.graph.input_nodes().map(|(_, node, value)| (node.name.clone(), value)).collect()
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
            Action::StepForward => State { playing: false, ..state }.forward_one(),
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
            Action::Tick => state.forward_one(),
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
            Action::SetPredict(predict) => State { predict, asking: None, score: Vec::new(), ..state },
            // A question being asked stays; the next answer is checked the new way.
            Action::SetCheck(check) => State { check, ..state },
            Action::Answer(text) => {
                let Some(asking) = state.asking.clone() else { return Rc::new(state) };
                let answer = state
                    .analysis
                    .as_ref()
                    .and_then(|a| prediction(&a.graph, &a.evaluation.timeline, asking.step))
                    .map_or(f64::NAN, |p| p.answer);
                match text.trim().parse::<f64>() {
                    Ok(given) if state.check.accepts(given, answer) => {
                        let outcome =
                            if asking.tries == 0 && asking.hints == 0 { Outcome::FirstTime } else { Outcome::WithHelp };
                        state.resolved(outcome)
                    }
                    _ => {
                        let asking = Asking { tries: asking.tries + 1, wrong: Some(text.trim().to_string()), ..asking };
                        State { asking: Some(asking), ..state }
                    }
                }
            }
            Action::Hint => {
                let asking = state.asking.clone().map(|a| Asking { hints: (a.hints + 1).min(2), ..a });
                State { asking, ..state }
            }
            Action::Reveal => state.resolved(Outcome::Revealed),
            Action::OpenQuiz(seed, level) => {
                state.quiz_open(quiz::generate(seed, level), QuizOrigin::Generated(seed, level), None)
            }
            Action::QuizFromProgram(seed) => {
                match quiz::from_program(&quiz::at_values(&state.source, &state.at), seed, &Choices::default()) {
                    Ok(quiz) => {
                        let mut opened = state.quiz_open(quiz, QuizOrigin::Program, None);
                        if let Some(q) = opened.quiz.as_mut() {
                            q.authoring = true;
                        }
                        opened
                    }
                    Err(reason) => {
                        let level = state.quiz.as_ref().map_or(Level::Medium, |q| q.level);
                        let current = Rc::new(quiz::generate(seed, level));
                        let refused = Some(format!("This program cannot become a quiz: {reason}."));
                        State {
                            quiz: Some(QuizState {
                                level,
                                current,
                                chosen: None,
                                origin: QuizOrigin::Generated(seed, level),
                                speed: None,
                                refused,
                                authoring: false,
                            }),
                            ..state
                        }
                    }
                }
            }
            Action::QuizChoices(choices) => {
                let Some(mut open) = state.quiz.clone() else { return Rc::new(state) };
                match quiz::from_program(&open.current.program, open.current.seed, &choices) {
                    Ok(quiz) => {
                        open.origin = QuizOrigin::Program;
                        open.current = Rc::new(quiz);
                        open.chosen = None;
                        open.refused = None;
                    }
                    // The quiz stays as it was, with the reason.
                    Err(reason) => open.refused = Some(format!("That quiz cannot be made: {reason}.")),
                }
                State { quiz: Some(open), ..state }
            }
            Action::OpenQuizLink(source) => match source {
                Ok(QuizSource::Generated(seed, level)) => {
                    state.quiz_open(quiz::generate(seed, level), QuizOrigin::Generated(seed, level), None)
                }
                Ok(QuizSource::Program { program, seed, choices }) => {
                    match quiz::from_program(&program, seed, &choices) {
                        Ok(quiz) => state.quiz_open(quiz, QuizOrigin::Program, None),
                        Err(reason) => {
                            State { notice: Some(format!("This quiz link could not be opened: {reason}.")), ..state }
                        }
                    }
                }
                Err(reason) => {
                    State { notice: Some(format!("This quiz link could not be opened: {reason}.")), ..state }
                }
            },
            Action::Choose(option, now) => {
                let Some(mut quiz) = state.quiz.clone() else { return Rc::new(state) };
                if quiz.chosen.is_some() && quiz.speed.is_none() {
                    return Rc::new(state);
                }
                match &mut quiz.speed {
                    // In a speed round the answer is kept and the next question comes at once.
                    Some(round) if round.ended_ms.is_none() => {
                        round.now_ms = now;
                        round.answers.push((Rc::clone(&quiz.current), option));
                        if round.answers.len() >= SPEED_QUESTIONS {
                            round.ended_ms = Some(now);
                        } else {
                            let next = quiz.current.seed.wrapping_add(1);
                            quiz.current = Rc::new(quiz::generate(next, quiz.level));
                        }
                    }
                    Some(_) => {}
                    None => quiz.chosen = Some(option),
                }
                State { quiz: Some(quiz), ..state }
            }
            Action::StartSpeed(seed, now) => {
                let level = state.quiz.as_ref().map_or(Level::Medium, |q| q.level);
                let round = SpeedRound { started_ms: now, now_ms: now, answers: Vec::new(), ended_ms: None };
                state.quiz_open(quiz::generate(seed, level), QuizOrigin::Generated(seed, level), Some(round))
            }
            Action::SpeedClock(now) => {
                let Some(mut quiz) = state.quiz.clone() else { return Rc::new(state) };
                match &mut quiz.speed {
                    Some(round) if round.ended_ms.is_none() => {
                        round.now_ms = now;
                        if now - round.started_ms >= SPEED_LIMIT_MS {
                            round.ended_ms = Some(now);
                        }
                        State { quiz: Some(quiz), ..state }
                    }
                    _ => state,
                }
            }
            Action::ShowMe => {
                let Some(quiz) = state.quiz.clone() else { return Rc::new(state) };
                let program = quiz.current.program.clone();
                let mut loaded = Rc::unwrap_or_clone(Rc::new(state).reduce(Action::LoadExample(program)));
                loaded.quiz = None;
                // Predictions are then checked as the quiz rounds.
                loaded.check = Check::Rounded(quiz.current.decimals);
                let start = loaded.analysis.as_ref().map_or(0, |a| a.evaluation.timeline.forward_len());
                loaded.at_step(start)
            }
            Action::CloseQuiz => State { quiz: None, ..state },
        })
    }
}

#[cfg(test)]
mod tests;
