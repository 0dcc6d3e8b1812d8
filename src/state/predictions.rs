//! The practice concern: which results the student predicts before the page shows them, how
//! an answer is checked, the prediction being asked for, and the score.

use gradgraph_engine::quiz;

use super::Action;

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

/// The practice state: what is predicted, how it is checked, what is asked and how it went.
#[derive(Clone, Debug, PartialEq)]
pub struct Predictions {
    /// Which results the student predicts before they are shown.
    pub predict: Predict,
    /// How a prediction is checked.
    pub check: Check,
    /// The prediction being asked for, if the next step waits for one.
    pub asking: Option<Asking>,
    /// How each prediction went, in order.
    pub score: Vec<Scored>,
}

impl Default for Predictions {
    fn default() -> Predictions {
        Predictions { predict: Predict::Off, check: Check::Relative, asking: None, score: Vec::new() }
    }
}

impl Predictions {
    /// The practice sub-reducer for what needs no step: the mode, the check and hints (an
    /// answer or a reveal moves the step: see `State::resolve`).
    pub fn apply(&mut self, action: &Action) {
        match *action {
            Action::SetPredict(predict) => *self = Predictions { predict, check: self.check, ..Predictions::default() },
            // A question being asked stays; the next answer is checked the new way.
            Action::SetCheck(check) => self.check = check,
            Action::Hint => {
                if let Some(asking) = &mut self.asking {
                    asking.hints = (asking.hints + 1).min(2);
                }
            }
            _ => {}
        }
    }

    /// Whether a prediction of this kind (`forward`: a value, else a gradient) is asked for.
    pub fn asks(&self, forward: bool) -> bool {
        match self.predict {
            Predict::Off => false,
            Predict::Both => true,
            Predict::Forward => forward,
            Predict::Backward => !forward,
        }
    }
}
