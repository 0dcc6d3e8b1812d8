//! The app state and its one reducer: every user action is an [`Action`], handled in one `match`.

use std::collections::HashMap;
use std::rc::Rc;

use gradgraph_engine::graph::Granularity;
use gradgraph_engine::{analyze_after, compile, Analysis, Diagnostic, Frame, NodeKind, Options, Severity};
use yew::Reducible;

use gradgraph_engine::quiz::{self, Choices, Level, Quiz};
use gradgraph_engine::steps::prediction;

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
}

/// The quiz panel: a question, the option chosen, and a speed round if one is running.
#[derive(Clone, Debug, PartialEq)]
pub struct QuizState {
    pub level: Level,
    pub current: Rc<Quiz>,
    pub chosen: Option<usize>,
    /// The link that reopens this quiz (`#q=…`): its seed and level, or the teacher's program.
    pub link: String,
    pub speed: Option<SpeedRound>,
    /// Why a program could not become a quiz, or a teacher's choice could not be made.
    pub refused: Option<String>,
    /// Made from the editor's program just now: the teacher may choose what it asks (a quiz
    /// opened from a link is a student's and has no such choices).
    pub authoring: bool,
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
    /// A quiz link's fragment (`#q=…`), and a seed for a program's quiz.
    OpenQuizLink(String),
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
    pub fn from_link(link: Link) -> State {
        let granularity = if link.statements { Granularity::Statements } else { Granularity::Operations };
        let view = link.view();
        let mut state = State {
            coarse: link.coarse,
            view,
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
            predict: Predict::Off,
            check: Check::Relative,
            asking: None,
            score: Vec::new(),
            quiz: None,
        }
    }

    /// The quiz panel on `quiz`, reached by `link`.
    fn quiz_open(self, quiz: Quiz, link: String, speed: Option<SpeedRound>) -> State {
        let level = quiz.level;
        let quiz =
            QuizState { level, current: Rc::new(quiz), chosen: None, link, speed, refused: None, authoring: false };
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
                let link = format!("#q={seed}-{}", level.name());
                state.quiz_open(quiz::generate(seed, level), link, None)
            }
            Action::QuizFromProgram(seed) => {
                match quiz::from_program(&quiz::at_values(&state.source, &state.at), seed, &Choices::default()) {
                    Ok(quiz) => {
                        let link = quiz_link_for_program(&quiz);
                        let mut opened = state.quiz_open(quiz, link, None);
                        if let Some(q) = opened.quiz.as_mut() {
                            q.authoring = true;
                        }
                        opened
                    }
                    Err(reason) => {
                        let level = state.quiz.as_ref().map_or(Level::Medium, |q| q.level);
                        let current = Rc::new(quiz::generate(seed, level));
                        let refused = Some(format!("This program cannot become a quiz: {reason}."));
                        let link = format!("#q={seed}-{}", level.name());
                        State {
                            quiz: Some(QuizState {
                                level,
                                current,
                                chosen: None,
                                link,
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
                        open.link = quiz_link_for_program(&quiz);
                        open.current = Rc::new(quiz);
                        open.chosen = None;
                        open.refused = None;
                    }
                    // The quiz stays as it was, with the reason.
                    Err(reason) => open.refused = Some(format!("That quiz cannot be made: {reason}.")),
                }
                State { quiz: Some(open), ..state }
            }
            Action::OpenQuizLink(fragment) => match read_quiz_link(&fragment) {
                Ok(QuizLink::Generated(seed, level)) => state.quiz_open(quiz::generate(seed, level), fragment, None),
                Ok(QuizLink::Program { program, seed, choices }) => {
                    match quiz::from_program(&program, seed, &choices) {
                        Ok(quiz) => state.quiz_open(quiz, fragment, None),
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
                let link = format!("#q={seed}-{}", level.name());
                state.quiz_open(quiz::generate(seed, level), link, Some(round))
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
    fn practice_waits_for_each_prediction_and_keeps_the_score() {
        let mut state = reduce(State::new("x = 2; z = 3; y = x*z + sin(x)"), Action::SetPredict(Predict::Both));
        // x and z are given; u1 = x*z is asked for.
        state = reduce(reduce(state, Action::StepForward), Action::StepForward);
        assert_eq!(state.step, 2);
        state = reduce(state, Action::StepForward);
        assert_eq!((state.step, state.asking.as_ref().map(|a| a.step)), (2, Some(3)));
        state = reduce(state, Action::StepForward);
        assert_eq!(state.step, 2, "Step waits for the prediction");
        state = reduce(state, Action::Answer("5".into()));
        assert_eq!((state.step, state.asking.as_ref().map(|a| a.tries)), (2, Some(1)));
        state = reduce(state, Action::Answer(" 6 ".into()));
        assert_eq!((state.step, state.asking.is_none()), (3, true));
        // sin(2) = 0.9093: within a thousandth.
        state = reduce(state, Action::StepForward);
        state = reduce(state, Action::Answer("0.9093".into()));
        assert_eq!(state.step, 4);
        state = reduce(state, Action::StepForward);
        state = reduce(state, Action::Hint);
        state = reduce(state, Action::Hint);
        state = reduce(state, Action::Hint);
        assert_eq!(state.asking.as_ref().map(|a| a.hints), Some(2));
        state = reduce(state, Action::Reveal);
        let outcomes: Vec<(String, Outcome)> = state.score.iter().map(|s| (s.asks.clone(), s.outcome)).collect();
        assert_eq!(
            outcomes,
            [("u1".to_string(), Outcome::WithHelp), ("u2".into(), Outcome::FirstTime), ("y".into(), Outcome::Revealed)]
        );
        // Playing stops where a prediction is due: the initialization and y's visit pass, the
        // first increment (into u1) waits.
        state = reduce(state, Action::TogglePlay);
        for _ in 0..3 {
            state = reduce(state, Action::Tick);
        }
        assert_eq!((state.playing, state.step, state.asking.map(|a| a.step)), (false, 7, Some(8)));
    }

    #[test]
    fn predictions_are_checked_as_stated() {
        // Within a relative thousandth; near 0, within a millionth.
        assert!(Check::Relative.accepts(0.9093, 2f64.sin()));
        assert!(!Check::Relative.accepts(0.908, 2f64.sin()));
        assert!(Check::Relative.accepts(1208.5, 1208.9));
        assert!(Check::Relative.accepts(0.0, 1e-9) && !Check::Relative.accepts(0.001, 0.0));
        // Exact after rounding: 2.5839 is 3 to the nearest integer, 2.58 to 2 decimals.
        assert!(Check::Rounded(0).accepts(2.6, 2.5839) && !Check::Rounded(0).accepts(2.4, 2.5839));
        assert!(Check::Rounded(2).accepts(2.58, 2.5839) && !Check::Rounded(2).accepts(2.59, 2.5839));
        let mut state = reduce(State::new("x = 2; z = 3; y = x*z + sin(x)"), Action::SetPredict(Predict::Backward));
        state = reduce(state, Action::SetCheck(Check::Rounded(1)));
        while state.asking.is_none() {
            state = reduce(state, Action::StepForward);
        }
        state = reduce(state, Action::Answer("1.04".into()));
        assert_eq!(state.score.last().map(|s| s.outcome), Some(Outcome::FirstTime));
        // "Show me" from a quiz checks as the quiz rounds.
        let quiz = reduce(State::new(EXAMPLE), Action::OpenQuiz(7, Level::Hard));
        let decimals = quiz.quiz.as_ref().map(|q| q.current.decimals).unwrap();
        assert_eq!(reduce(quiz, Action::ShowMe).check, Check::Rounded(decimals));
    }

    #[test]
    fn coarse_steps_stop_before_each_prediction_inside_them() {
        let mut state = reduce(State::new("x = 2; z = 3; y = x*z + sin(x)"), Action::SetCoarse(true));
        state = reduce(state, Action::SetPredict(Predict::Backward));
        // The forward pass goes by in coarse steps; the backward pass's first coarse step holds
        // the initialization, y's visit and its two increments: it stops before the first.
        let mut asked = Vec::new();
        for _ in 0..40 {
            state = reduce(state, Action::StepForward);
            if let Some(asking) = state.asking.clone() {
                assert_eq!(state.step + 1, asking.step);
                asked.push(asking.step);
                state = reduce(state, Action::Reveal);
            }
        }
        assert_eq!(asked, [8, 9, 11, 13, 14]);
        assert_eq!(state.step, 16);
    }

    #[test]
    fn quizzes_open_from_seeds_programs_and_links_and_run_speed_rounds() {
        let state = reduce(State::new(EXAMPLE), Action::OpenQuiz(7, Level::Hard));
        let quiz = state.quiz.clone().unwrap();
        assert_eq!((quiz.link.as_str(), quiz.current.level), ("#q=7-hard", Level::Hard));
        let state = reduce(state, Action::Choose(quiz.current.answer, 0.0));
        assert_eq!(state.quiz.as_ref().and_then(|q| q.chosen), Some(quiz.current.answer));
        // "Show me" opens the function at the start of the backward pass.
        let shown = reduce(state, Action::ShowMe);
        assert_eq!(shown.source, quiz.current.program);
        assert_eq!(shown.step, shown.analysis.as_ref().unwrap().evaluation.timeline.forward_len());
        assert!(shown.quiz.is_none());
        // A teacher's program as a link, and back.
        let lecture = "x = 2\nz = 3\ny = exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)";
        let state = reduce(State::new(lecture), Action::QuizFromProgram(5));
        assert!(state.quiz.as_ref().is_some_and(|q| q.authoring));
        let link = state.quiz.as_ref().unwrap().link.clone();
        assert!(link.starts_with("#q=program:5:0:x,z:x%20%3D%202%0Az%20%3D%203%0Ay%20%3D%20exp"), "{link}");
        let choices = Choices { asked: Some(vec!["x".into(), "z".into()]), decimals: Some(0) };
        assert_eq!(read_quiz_link(&link), Ok(QuizLink::Program { program: lecture.to_string(), seed: 5, choices }));
        let reopened = reduce(State::new(EXAMPLE), Action::OpenQuizLink(link));
        assert!(reopened.quiz.as_ref().is_some_and(|q| !q.authoring), "a student cannot change the quiz");
        assert_eq!(reopened.quiz.map(|q| q.current), state.quiz.as_ref().map(|q| q.current.clone()));
        // The teacher asks for dy/dz alone, to 2 decimals: the link says so and reopens it.
        let choices = Choices { asked: Some(vec!["z".into()]), decimals: Some(2) };
        let chosen = reduce(state.clone(), Action::QuizChoices(choices));
        let link = chosen.quiz.as_ref().unwrap().link.clone();
        assert!(link.starts_with("#q=program:5:2:z:x%20"), "{link}");
        let reopened = reduce(State::new(EXAMPLE), Action::OpenQuizLink(link));
        assert_eq!(reopened.quiz.map(|q| q.current), chosen.quiz.as_ref().map(|q| q.current.clone()));
        // A choice that cannot be made keeps the quiz and says why.
        let bad = Choices { asked: Some(vec![]), decimals: Some(0) };
        let kept = reduce(chosen.clone(), Action::QuizChoices(bad));
        assert_eq!(kept.quiz.as_ref().map(|q| &q.current), chosen.quiz.as_ref().map(|q| &q.current));
        assert!(kept.quiz.and_then(|q| q.refused).is_some_and(|r| r.contains("1 to 4 inputs")));
        // The quiz is at the point the page shows, not the program's own values.
        let moved = reduce(State::new(lecture), Action::SetInput("x".into(), 3.0));
        let quiz = reduce(moved, Action::QuizFromProgram(5)).quiz.unwrap().current;
        assert!(quiz.program.starts_with("x = 3\nz = 3\n"), "{}", quiz.program);
        assert_eq!(quiz.at[0], ("x".to_string(), 3.0));
        // A vector's element set in the page counts too (the page keeps it as v[1]).
        let vector = "v = [2, 2]\nz = 3\ny = exp(v[0]*z) + v[0]*z/log(v[1]) + sin(log(v[1]))/(v[0]*z)";
        let moved = reduce(State::new(vector), Action::SetInput("v[1]".into(), 3.0));
        let quiz = reduce(moved, Action::QuizFromProgram(5)).quiz.unwrap();
        assert_eq!(quiz.refused, None);
        assert!(quiz.current.program.starts_with("v = [2, 3]\nz = 3\n"), "{}", quiz.current.program);
        assert_eq!(quiz.current.at[1], ("v[1]".to_string(), 3.0));
        for bad in [
            "#q=",
            "#q=x-hard",
            "#q=1-impossible",
            "#q=program:1:0:x:%ZZ",
            "#q=program:1:9:x:y%3D1",
            "#q=program:1:0::y%3D1",
            "#q=program:1:0:x",
            "#q=program:",
            "#nothing",
        ] {
            assert!(read_quiz_link(bad).is_err(), "{bad}");
        }
        // A speed round: five answers, then it is over; or the clock ends it.
        let mut state = reduce(State::new(EXAMPLE), Action::StartSpeed(100, 0.0));
        for _ in 0..5 {
            state = reduce(state, Action::Choose(0, 30_000.0));
        }
        let round = state.quiz.as_ref().and_then(|q| q.speed.clone()).unwrap();
        assert_eq!((round.answers.len(), round.ended_ms), (5, Some(30_000.0)));
        let mut state = reduce(State::new(EXAMPLE), Action::StartSpeed(100, 0.0));
        state = reduce(state, Action::Choose(1, 1_000.0));
        state = reduce(state, Action::SpeedClock(119_000.0));
        assert!(state.quiz.as_ref().and_then(|q| q.speed.as_ref()).is_some_and(|r| r.ended_ms.is_none()));
        state = reduce(state, Action::SpeedClock(120_500.0));
        assert_eq!(state.quiz.and_then(|q| q.speed).and_then(|r| r.ended_ms), Some(120_500.0));
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

/// What a quiz link (`#q=…`) asks for.
#[derive(Debug, PartialEq)]
pub enum QuizLink {
    /// `#q=SEED-LEVEL`: a generated quiz.
    Generated(u64, Level),
    /// `#q=program:SEED:DECIMALS:ASKED:PROGRAM`: a teacher's program with what it asks (names
    /// separated by commas) and how it rounds; the seed places the answer.
    Program { program: String, seed: u64, choices: Choices },
}

/// The link to a quiz made from a teacher's program: the program (its point included), the
/// partials asked and the rounding, so the student's quiz is exactly the teacher's.
pub fn quiz_link_for_program(quiz: &Quiz) -> String {
    let asked: Vec<String> = quiz.asked.iter().map(|name| percent_encode(name)).collect();
    format!("#q=program:{}:{}:{}:{}", quiz.seed, quiz.decimals, asked.join(","), percent_encode(&quiz.program))
}

/// Reads a quiz link, or says why it cannot be read. Links are untrusted: lengths and numbers
/// are checked before anything else.
pub fn read_quiz_link(fragment: &str) -> Result<QuizLink, String> {
    let body = fragment.strip_prefix("#q=").ok_or("it does not hold a quiz")?;
    if body.len() > 4 * gradgraph_engine::syntax::MAX_SOURCE_CHARS {
        return Err("it is too long".into());
    }
    if let Some(rest) = body.strip_prefix("program:") {
        let mut parts = rest.splitn(4, ':');
        let mut next = || parts.next().ok_or("it is cut short");
        let seed: u64 = next()?.parse().map_err(|_| "its seed is not a whole number")?;
        let decimals: u32 = next()?.parse().map_err(|_| "its rounding is not a whole number")?;
        if decimals > quiz::MAX_DECIMALS {
            return Err(format!("it rounds to more than {} decimals", quiz::MAX_DECIMALS));
        }
        let asked = next()?
            .split(',')
            .map(|name| percent_decode(name).filter(|n| !n.is_empty()))
            .collect::<Option<Vec<String>>>()
            .ok_or("its list of partials is not properly encoded")?;
        let program = percent_decode(next()?).ok_or("it is not properly encoded")?;
        let choices = Choices { asked: Some(asked), decimals: Some(decimals) };
        return Ok(QuizLink::Program { program, seed, choices });
    }
    let (seed, level) = body.split_once('-').ok_or("it names no level")?;
    let seed: u64 = seed.parse().map_err(|_| "its seed is not a whole number")?;
    let level = Level::from_name(level).ok_or("its level is not easy, medium or hard")?;
    Ok(QuizLink::Generated(seed, level))
}

/// Percent-encodes everything but ASCII letters, digits and `-_.~`.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out += &format!("%{byte:02X}");
        }
    }
    out
}

/// Decodes `%XX` escapes; `None` for a bad escape or text that is not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        if byte == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(byte);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}
