//! The quiz concern: the quiz panel's question, the option chosen, where the quiz came from
//! (which is what its link says), and a speed round.

use std::rc::Rc;

use gradgraph_engine::quiz::{self, Choices, Level, Quiz};

use super::program::Program;
use super::Action;

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

/// What a quiz action did beyond the quiz panel.
#[derive(Debug, PartialEq)]
pub enum Opened {
    /// The panel opened on a new quiz (presenter mode gives way to it).
    Quiz,
    /// Nothing more.
    Nothing,
    /// A link that could not be opened: what to tell the user.
    Refused(String),
}

impl QuizState {
    /// The panel on `quiz`, from `origin`.
    fn open(quiz: Quiz, origin: QuizOrigin, speed: Option<SpeedRound>) -> QuizState {
        let level = quiz.level;
        QuizState { level, current: Rc::new(quiz), chosen: None, origin, speed, refused: None, authoring: false }
    }

    /// A generated quiz at this seed and level.
    fn generated(seed: u64, level: Level, speed: Option<SpeedRound>) -> QuizState {
        QuizState::open(quiz::generate(seed, level), QuizOrigin::Generated(seed, level), speed)
    }
}

/// The quiz sub-reducer: `slot` is the open quiz, if any; `program` is the editor's (a quiz can
/// be made from it).
pub fn apply(slot: &mut Option<QuizState>, action: Action, program: &Program) -> Opened {
    let level = slot.as_ref().map_or(Level::Medium, |q| q.level);
    match action {
        Action::OpenQuiz(seed, level) => *slot = Some(QuizState::generated(seed, level, None)),
        Action::QuizFromProgram(seed) => {
            match quiz::from_program(&quiz::at_values(&program.source, &program.at), seed, &Choices::default()) {
                Ok(quiz) => {
                    *slot = Some(QuizState { authoring: true, ..QuizState::open(quiz, QuizOrigin::Program, None) })
                }
                Err(reason) => {
                    let refused = Some(format!("This program cannot become a quiz: {reason}."));
                    *slot = Some(QuizState { refused, ..QuizState::generated(seed, level, None) });
                    return Opened::Nothing;
                }
            }
        }
        Action::QuizChoices(choices) => {
            let Some(open) = slot else { return Opened::Nothing };
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
            return Opened::Nothing;
        }
        Action::OpenQuizLink(source) => {
            let opened = match source {
                Ok(QuizSource::Generated(seed, level)) => Ok(QuizState::generated(seed, level, None)),
                Ok(QuizSource::Program { program, seed, choices }) => quiz::from_program(&program, seed, &choices)
                    .map(|quiz| QuizState::open(quiz, QuizOrigin::Program, None)),
                Err(reason) => Err(reason),
            };
            match opened {
                Ok(open) => *slot = Some(open),
                Err(reason) => return Opened::Refused(format!("This quiz link could not be opened: {reason}.")),
            }
        }
        Action::Choose(option, now) => {
            let Some(quiz) = slot else { return Opened::Nothing };
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
                // An answer, once given, stays.
                None => {
                    quiz.chosen.get_or_insert(option);
                }
            }
            return Opened::Nothing;
        }
        Action::StartSpeed(seed, now) => {
            let round = SpeedRound { started_ms: now, now_ms: now, answers: Vec::new(), ended_ms: None };
            *slot = Some(QuizState::generated(seed, level, Some(round)));
        }
        Action::SpeedClock(now) => {
            if let Some(round) = slot.as_mut().and_then(|q| q.speed.as_mut()).filter(|r| r.ended_ms.is_none()) {
                round.now_ms = now;
                if now - round.started_ms >= SPEED_LIMIT_MS {
                    round.ended_ms = Some(now);
                }
            }
            return Opened::Nothing;
        }
        Action::CloseQuiz => *slot = None,
        _ => return Opened::Nothing,
    }
    if slot.is_some() {
        Opened::Quiz
    } else {
        Opened::Nothing
    }
}
