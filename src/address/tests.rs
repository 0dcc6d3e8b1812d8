//! The address's tests: links written from states reopen them, and hostile ones are refused.

use std::rc::Rc;

use gradgraph_engine::graph::Granularity;
use gradgraph_engine::quiz::{Choices, Level};
use yew::Reducible;

use super::view::Link;
use super::*;
use crate::state::{Action, QuizSource, EXAMPLE};

fn reduce(state: State, action: Action) -> State {
    Rc::unwrap_or_clone(Rc::new(state).reduce(action))
}

/// The encoder and the decoder are inverses, and the decoder reads what the browser's
/// encodeURIComponent wrote before.
#[test]
fn percent_coding_round_trips_and_reads_older_links() {
    for text in ["x = 2\ny = x*x", "θ = [1, 2]; ∂ ", "100% (a:b,c) ~-_.", ""] {
        assert_eq!(percent_decode(&percent_encode(text)).as_deref(), Some(text));
    }
    assert_eq!(percent_encode("a b:c"), "a%20b%3Ac");
    // encodeURIComponent leaves ! ' ( ) * as they are.
    assert_eq!(percent_decode("y%20%3D%20(x)*2!").as_deref(), Some("y = (x)*2!"));
    assert_eq!(percent_decode("%E2%88%82").as_deref(), Some("∂"));
    assert_eq!(percent_decode("%ZZ"), None);
    assert_eq!(percent_decode("%E2%88"), None);
}

#[test]
fn quizzes_open_from_seeds_programs_and_links_and_run_speed_rounds() {
    let state = reduce(State::new(EXAMPLE), Action::OpenQuiz(7, Level::Hard));
    let quiz = state.quiz.clone().unwrap();
    assert_eq!((quiz::fragment(&quiz).as_str(), quiz.current.level), ("#q=7-hard", Level::Hard));
    let state = reduce(state, Action::Choose(quiz.current.answer, 0.0));
    assert_eq!(state.quiz.as_ref().and_then(|q| q.chosen), Some(quiz.current.answer));
    // "Show me" opens the function at the start of the backward pass.
    let shown = reduce(state, Action::ShowMe);
    assert_eq!(shown.program.source, quiz.current.program);
    assert_eq!(shown.stepping.step, shown.program.analysis.as_ref().unwrap().evaluation.timeline.forward_len());
    assert!(shown.quiz.is_none());
    // A teacher's program as a link, and back.
    let lecture = "x = 2\nz = 3\ny = exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)";
    let state = reduce(State::new(lecture), Action::QuizFromProgram(5));
    assert!(state.quiz.as_ref().is_some_and(|q| q.authoring));
    let link = quiz::fragment(state.quiz.as_ref().unwrap());
    assert!(link.starts_with("#q=program:5:0:x,z:x%20%3D%202%0Az%20%3D%203%0Ay%20%3D%20exp"), "{link}");
    let choices = Choices { asked: Some(vec!["x".into(), "z".into()]), decimals: Some(0) };
    assert_eq!(quiz::read(&link), Ok(QuizSource::Program { program: lecture.to_string(), seed: 5, choices }));
    let reopened = open(Some(&link), EXAMPLE);
    assert!(reopened.quiz.as_ref().is_some_and(|q| !q.authoring), "a student cannot change the quiz");
    assert_eq!(reopened.quiz.map(|q| q.current), state.quiz.as_ref().map(|q| q.current.clone()));
    // The teacher asks for dy/dz alone, to 2 decimals: the link says so and reopens it.
    let choices = Choices { asked: Some(vec!["z".into()]), decimals: Some(2) };
    let chosen = reduce(state.clone(), Action::QuizChoices(choices));
    let link = quiz::fragment(chosen.quiz.as_ref().unwrap());
    assert!(link.starts_with("#q=program:5:2:z:x%20"), "{link}");
    let reopened = open(Some(&link), EXAMPLE);
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
        assert!(quiz::read(bad).is_err(), "{bad}");
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
    let mut state = reduce(State::new("x = 2; z = 3; u = x*z; y = u + sin(x)"), Action::SetOutput(Some("u".into())));
    state = reduce(state, Action::SetInput("z".into(), 5.0));
    state = reduce(state, Action::SetGranularity(Granularity::Statements));
    state = reduce(state, Action::JumpTo(4));
    let link = Link::of(&state);
    let again = State::reopened(link.clone().reopen());
    assert_eq!(Link::of(&again), link);
    assert_eq!(again.program.analysis.map(|a| a.evaluation.output_value(&a.graph)), Some(10.0));
    // Input values the program lacks are dropped; steps beyond the end are clamped.
    let odd = Link { at: vec![("w".into(), 1.0)], step: 999, ..link };
    let state = State::reopened(odd.reopen());
    assert!(state.program.at.is_empty());
    assert_eq!(state.stepping.step, state.steps());
}

/// A view link pasted into the address of a page that shows something else opens its view in
/// place of it, and the editor starts over with the link's program (its revision moves on).
#[test]
fn a_pasted_view_link_replaces_what_is_shown() {
    let shown = reduce(State::new(EXAMPLE), Action::JumpTo(7));
    let shown = reduce(shown, Action::OpenQuiz(7, Level::Hard));
    let shown = reduce(shown, Action::SetPredict(crate::state::Predict::Both));
    let shown = reduce(shown, Action::LoadExample("x = 1; y = x*x".into()));
    let shown = reduce(shown, Action::TogglePlay);
    assert!(shown.stepping.playing && shown.quiz.is_some());
    let revision = shown.program.editor_revision;
    let linked = reduce(State::new("a = 3\nb = a*a + a"), Action::JumpTo(5));
    let opened = reduce(shown, Action::Open(Box::new(State::reopened(Link::of(&linked).reopen()))));
    assert_eq!(opened.program.source, "a = 3\nb = a*a + a");
    assert_eq!(opened.program.editor_text.as_deref(), Some("a = 3\nb = a*a + a"));
    assert_eq!(opened.stepping.step, 5);
    assert_eq!(opened.program.editor_revision, revision + 1);
    // Nothing of what was shown stays: no quiz, no play, no practice.
    assert!(opened.quiz.is_none() && !opened.stepping.playing);
    assert_eq!(opened.predictions.predict, crate::state::Predict::Off);
}
