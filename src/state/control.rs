//! The page's controls by name: a button, menu or checkbox says what it asks for in its
//! `data-action` attribute (and, for a button, its argument in `data-value`), and the page's one
//! click and one change handler turn that into an [`Action`] here. One handler per event
//! instead of a closure per control: fewer bytes, and a table row costs no callback.

use gradgraph_engine::graph::Granularity;
use gradgraph_engine::quiz::Level;

use super::{Action, Check, Predict, View};

/// What a control's action may need from the browser: a fresh seed and the time.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fresh {
    pub seed: u64,
    /// Milliseconds, the browser's clock.
    pub now: f64,
}

/// The action of the control named `name` (its `data-action`) with `value` (a button's
/// `data-value`, a menu's value, or a checkbox's `true` or `false`); `None` for a name that is
/// not a control's or a value it cannot take.
pub fn action(name: &str, value: &str, fresh: Fresh) -> Option<Action> {
    let index = || value.parse::<usize>().ok();
    Some(match name {
        "reset" => Action::Reset,
        "step-back" => Action::StepBack,
        "play" => Action::TogglePlay,
        "step-forward" => Action::StepForward,
        "to-forward-end" => Action::ToForwardEnd,
        "to-end" => Action::ToEnd,
        "jump" => Action::JumpTo(index()?),
        "step-size" => Action::SetCoarse(value == "coarse"),
        "speed" => Action::SetSpeed(value.parse().unwrap_or(1.0)),
        "presenter" => Action::TogglePresenter,
        "dismiss" => Action::DismissNotice,
        "view" => Action::SetView(match value {
            "table" => View::Table,
            "both" => View::Both,
            _ => View::Drawing,
        }),
        // A node by index; no value closes its story.
        "select" => Action::Select(index()),
        "granularity" => Action::SetGranularity(if value == "statements" {
            Granularity::Statements
        } else {
            Granularity::Operations
        }),
        "sharing" => Action::SetSharing(value == "true"),
        // The empty value stands for the last statement.
        "output" => Action::SetOutput((!value.is_empty()).then(|| value.to_string())),
        "clear-input" => Action::ClearInput(value.to_string()),
        "predict" => Action::SetPredict(match value {
            "forward" => Predict::Forward,
            "backward" => Predict::Backward,
            "both" => Predict::Both,
            _ => Predict::Off,
        }),
        "check" => Action::SetCheck(value.parse().map_or(Check::Relative, Check::Rounded)),
        "hint" => Action::Hint,
        "reveal" => Action::Reveal,
        // A new generated question at the level named.
        "quiz" => Action::OpenQuiz(fresh.seed, Level::from_name(value).unwrap_or(Level::Medium)),
        "quiz-from-program" => Action::QuizFromProgram(fresh.seed),
        "speed-round" => Action::StartSpeed(fresh.seed, fresh.now),
        "choose" => Action::Choose(index()?, fresh.now),
        // The question shown, or one of a speed round's by its place.
        "show-me" => match index() {
            Some(k) => Action::ShowMeAnswered(k),
            None => Action::ShowMe,
        },
        "close-quiz" => Action::CloseQuiz,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every name the page's controls use, with what it must ask for: written out by hand from
    /// the controls' meanings, not from the function.
    #[test]
    fn each_control_name_asks_for_its_action() {
        let fresh = Fresh { seed: 42, now: 1_000.0 };
        let act = |name: &str, value: &str| action(name, value, fresh);
        let same = |a: Option<Action>, b: Action| assert_eq!(format!("{a:?}"), format!("{:?}", Some(b)));
        same(act("reset", ""), Action::Reset);
        same(act("step-back", ""), Action::StepBack);
        same(act("play", ""), Action::TogglePlay);
        same(act("step-forward", ""), Action::StepForward);
        same(act("to-forward-end", ""), Action::ToForwardEnd);
        same(act("to-end", ""), Action::ToEnd);
        same(act("jump", "17"), Action::JumpTo(17));
        same(act("step-size", "coarse"), Action::SetCoarse(true));
        same(act("step-size", "fine"), Action::SetCoarse(false));
        same(act("speed", "0.25"), Action::SetSpeed(0.25));
        same(act("presenter", ""), Action::TogglePresenter);
        same(act("dismiss", ""), Action::DismissNotice);
        same(act("view", "both"), Action::SetView(View::Both));
        same(act("view", "table"), Action::SetView(View::Table));
        same(act("view", "drawing"), Action::SetView(View::Drawing));
        same(act("select", "3"), Action::Select(Some(3)));
        same(act("select", ""), Action::Select(None));
        same(act("granularity", "statements"), Action::SetGranularity(Granularity::Statements));
        same(act("granularity", "operations"), Action::SetGranularity(Granularity::Operations));
        same(act("sharing", "false"), Action::SetSharing(false));
        same(act("sharing", "true"), Action::SetSharing(true));
        same(act("output", "u"), Action::SetOutput(Some("u".into())));
        same(act("output", ""), Action::SetOutput(None));
        same(act("clear-input", "theta[1]"), Action::ClearInput("theta[1]".into()));
        same(act("predict", "backward"), Action::SetPredict(Predict::Backward));
        same(act("predict", "off"), Action::SetPredict(Predict::Off));
        same(act("check", "2"), Action::SetCheck(Check::Rounded(2)));
        same(act("check", "relative"), Action::SetCheck(Check::Relative));
        same(act("hint", ""), Action::Hint);
        same(act("reveal", ""), Action::Reveal);
        same(act("quiz", "hard"), Action::OpenQuiz(42, Level::Hard));
        same(act("quiz", ""), Action::OpenQuiz(42, Level::Medium));
        same(act("quiz-from-program", ""), Action::QuizFromProgram(42));
        same(act("speed-round", ""), Action::StartSpeed(42, 1_000.0));
        same(act("choose", "5"), Action::Choose(5, 1_000.0));
        same(act("show-me", ""), Action::ShowMe);
        same(act("show-me", "2"), Action::ShowMeAnswered(2));
        same(act("close-quiz", ""), Action::CloseQuiz);
        // Not a control, or a value the control cannot take: nothing.
        assert!(act("jump", "").is_none() && act("choose", "x").is_none() && act("", "").is_none());
        assert!(act("unknown", "1").is_none());
    }
}
