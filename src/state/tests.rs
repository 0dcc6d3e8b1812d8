//! The reducer's tests: each action on made-up states, natively.

use super::*;
use gradgraph_engine::{compile, Diagnostic};

/// The lecture's logistic regression (the page's third example).
const LOGISTIC_REGRESSION: &str = "# q = P(y = 1 | x); J is the log-likelihood\ntheta = [0.5, -1, 2]\nx = [1, 2, 3]\nystar = 1\nq = sigmoid(dot(theta, x))\nJ = ystar*log(q) + (1 - ystar)*log(1 - q)";

fn reduce(state: State, action: Action) -> State {
    Rc::unwrap_or_clone(Rc::new(state).reduce(action))
}

fn node_count(state: &State) -> Option<usize> {
    state.program.analysis.as_ref().map(|a| a.graph.len())
}

#[test]
fn bad_edits_keep_the_last_good_graph() {
    let state = State::new(EXAMPLE);
    let nodes = node_count(&state);
    let state = reduce(state, Action::Edit("y = (x".into()));
    assert_eq!(node_count(&state), nodes);
    assert!(state.program.diagnostics.iter().any(Diagnostic::is_error));
    let state = reduce(state, Action::Edit("y = x".into()));
    assert_eq!(node_count(&state), Some(2));
}

#[test]
fn stepping_is_clamped_and_play_stops_at_the_end() {
    let mut state = State::new(EXAMPLE);
    state = reduce(state, Action::StepBack);
    assert_eq!(state.stepping.step, 0);
    state = reduce(state, Action::ToEnd);
    assert_eq!(state.stepping.step, 16);
    state = reduce(state, Action::StepForward);
    assert_eq!(state.stepping.step, 16);
    state = reduce(state, Action::TogglePlay);
    assert!(state.stepping.playing);
    assert_eq!(state.stepping.step, 0);
    for _ in 0..16 {
        state = reduce(state, Action::Tick);
    }
    assert_eq!(state.stepping.step, 16);
    assert!(!state.stepping.playing);
}

#[test]
fn loading_an_example_replaces_the_program_and_restarts() {
    let state = reduce(State::new(EXAMPLE), Action::ToEnd);
    let program = LOGISTIC_REGRESSION;
    let state = reduce(state, Action::LoadExample(program.to_string()));
    assert_eq!((state.stepping.step, state.program.editor_revision), (0, 1));
    assert_eq!(state.program.editor_text.as_deref(), Some(program));
    assert!(state.program.diagnostics.is_empty(), "{:?}", state.program.diagnostics);
    assert_eq!(node_count(&state), Some(21));
}

#[test]
fn coarse_steps_take_a_visit_with_its_increments() {
    let mut state = reduce(State::new("x = 2; y = x*x + sin(x)"), Action::SetCoarse(true));
    let mut seen = vec![state.stepping.step];
    while state.stepping.step < state.steps() {
        state = reduce(state, Action::StepForward);
        seen.push(state.stepping.step);
    }
    assert_eq!(seen, [0, 1, 2, 3, 4, 5, 8, 10, 13, 14]);
    state = reduce(state, Action::StepBack);
    assert_eq!(state.stepping.step, 13);
    state = reduce(state, Action::ToForwardEnd);
    assert_eq!(state.stepping.step, 4);
    state = reduce(state, Action::JumpTo(99));
    assert_eq!(state.stepping.step, 14);
}

#[test]
fn practice_waits_for_each_prediction_and_keeps_the_score() {
    let mut state = reduce(State::new("x = 2; z = 3; y = x*z + sin(x)"), Action::SetPredict(Predict::Both));
    // x and z are given; u1 = x*z is asked for.
    state = reduce(reduce(state, Action::StepForward), Action::StepForward);
    assert_eq!(state.stepping.step, 2);
    state = reduce(state, Action::StepForward);
    assert_eq!((state.stepping.step, state.predictions.asking.as_ref().map(|a| a.step)), (2, Some(3)));
    state = reduce(state, Action::StepForward);
    assert_eq!(state.stepping.step, 2, "Step waits for the prediction");
    state = reduce(state, Action::Answer("5".into()));
    assert_eq!((state.stepping.step, state.predictions.asking.as_ref().map(|a| a.tries)), (2, Some(1)));
    state = reduce(state, Action::Answer(" 6 ".into()));
    assert_eq!((state.stepping.step, state.predictions.asking.is_none()), (3, true));
    // sin(2) = 0.9093: within a thousandth.
    state = reduce(state, Action::StepForward);
    state = reduce(state, Action::Answer("0.9093".into()));
    assert_eq!(state.stepping.step, 4);
    state = reduce(state, Action::StepForward);
    state = reduce(state, Action::Hint);
    state = reduce(state, Action::Hint);
    state = reduce(state, Action::Hint);
    assert_eq!(state.predictions.asking.as_ref().map(|a| a.hints), Some(2));
    state = reduce(state, Action::Reveal);
    let outcomes: Vec<(String, Outcome)> =
        state.predictions.score.iter().map(|s| (s.asks.clone(), s.outcome)).collect();
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
    assert_eq!(
        (state.stepping.playing, state.stepping.step, state.predictions.asking.map(|a| a.step)),
        (false, 7, Some(8))
    );
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
    while state.predictions.asking.is_none() {
        state = reduce(state, Action::StepForward);
    }
    state = reduce(state, Action::Answer("1.04".into()));
    assert_eq!(state.predictions.score.last().map(|s| s.outcome), Some(Outcome::FirstTime));
    // "Show me" from a quiz checks as the quiz rounds.
    let quiz = reduce(State::new(EXAMPLE), Action::OpenQuiz(7, Level::Hard));
    let decimals = quiz.quiz.as_ref().map(|q| q.current.decimals).unwrap();
    assert_eq!(reduce(quiz, Action::ShowMe).predictions.check, Check::Rounded(decimals));
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
        if let Some(asking) = state.predictions.asking.clone() {
            assert_eq!(state.stepping.step + 1, asking.step);
            asked.push(asking.step);
            state = reduce(state, Action::Reveal);
        }
    }
    assert_eq!(asked, [8, 9, 11, 13, 14]);
    assert_eq!(state.stepping.step, 16);
}

#[test]
fn loading_an_example_forgets_the_chosen_output_and_page_values() {
    let state = reduce(State::new("x = 1; u2 = 2*x; y = u2 + 1"), Action::SetOutput(Some("u2".into())));
    let state = reduce(state, Action::SetInput("x".into(), 4.0));
    let program = LOGISTIC_REGRESSION;
    let state = reduce(state, Action::LoadExample(program.to_string()));
    assert_eq!((state.program.options.output.as_deref(), state.program.at.len()), (None, 0));
    let output = state.program.analysis.as_ref().map(|a| a.graph.output_name().to_string());
    assert_eq!(output.as_deref(), Some("J"));
}

#[test]
fn sharing_toggle_swaps_the_node_counts() {
    let program = "x = 2; y = sin(x*x) + x*x";
    let state = State::new(program);
    assert_eq!((node_count(&state), state.program.other_node_count), (Some(4), Some(5)));
    let state = reduce(state, Action::SetSharing(false));
    assert_eq!((node_count(&state), state.program.other_node_count), (Some(5), Some(4)));
}

#[test]
fn granularity_changes_the_graph_not_the_gradient() {
    let gradient = |s: &State| s.program.analysis.as_ref().map(|a| a.evaluation.gradient(&a.graph));
    let state = State::new(EXAMPLE);
    let before = gradient(&state);
    let state = reduce(state, Action::SetGranularity(Granularity::Statements));
    assert_eq!(node_count(&state), Some(3));
    assert_eq!(gradient(&state), before);
}

#[test]
fn chosen_output_is_forgotten_when_its_node_disappears() {
    let state = reduce(State::new("x = 2; u = x*x; y = u + 1"), Action::SetOutput(Some("u".into())));
    let output = |s: &State| s.program.analysis.as_ref().map(|a| a.graph.output_name().to_string());
    assert_eq!(output(&state).as_deref(), Some("u"));
    let state = reduce(state, Action::Edit("x = 2; v = x*x; y = v + 1".into()));
    assert_eq!(output(&state).as_deref(), Some("y"));
    assert_eq!(state.program.options.output, None);
}

#[test]
fn an_input_value_reuses_the_graph_and_its_layout() {
    let state = State::new("x = 2; y = x*x");
    let before = state.program.analysis.clone().map(|a| (Rc::clone(&a.graph), Rc::clone(&a.layout)));
    let state = reduce(state, Action::SetInput("x".into(), 3.0));
    let after = state.program.analysis.as_ref().map(|a| (Rc::clone(&a.graph), Rc::clone(&a.layout)));
    let (Some(before), Some(after)) = (before, after) else { panic!("no analysis") };
    assert!(Rc::ptr_eq(&before.0, &after.0) && Rc::ptr_eq(&before.1, &after.1));
    assert_eq!(state.program.analysis.map(|a| a.evaluation.output_value(&a.graph)), Some(9.0));
}

#[test]
fn page_values_override_until_the_program_changes_them() {
    let value = |s: &State| s.program.analysis.as_ref().map(|a| a.evaluation.output_value(&a.graph));
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

#[test]
fn the_frame_follows_every_move_as_a_replay_from_the_start_would() {
    let replayed = |s: &State| s.program.analysis.as_ref().map(|a| a.evaluation.timeline.frame(s.stepping.step));
    let mut state = State::new(LOGISTIC_REGRESSION);
    let moves = [
        Action::StepForward,
        Action::StepForward,
        Action::ToEnd,
        Action::StepBack,
        Action::JumpTo(3),
        Action::ToForwardEnd,
        Action::StepForward,
        Action::SetCoarse(true),
        Action::StepForward,
        Action::StepBack,
        Action::SetInput("x[1]".into(), 5.0),
        Action::StepForward,
        Action::Edit("x = 2; y = x*x".into()),
        Action::StepForward,
        Action::Reset,
    ];
    for action in moves {
        state = reduce(state, action);
        assert_eq!(state.frame(), replayed(&state), "step {}", state.stepping.step);
    }
}

/// An edit compiles the program once (the node count with sharing flipped comes from that
/// compile); an edit that changes only input values keeps the layout; one that changes the
/// graph lays it out again.
#[test]
fn an_edit_does_the_work_it_needs_and_no_more() {
    let layout = |s: &State| s.program.analysis.as_ref().map(|a| Rc::clone(&a.layout));
    let state = State::new("x = 2; z = 3\ny = x*z + sin(x*z)");
    let before = gradgraph_engine::compiles_on_this_thread();
    let edited = reduce(state.clone(), Action::Edit("x = 2; z = 3\ny = x*z + sin(x*z) + z".into()));
    assert_eq!(gradgraph_engine::compiles_on_this_thread() - before, 1);
    // Without sharing, x*z is drawn twice: one more node, counted by the one compile.
    let flipped = compile(&edited.program.source, &Options { sharing: false, ..Options::default() });
    assert_eq!(edited.program.other_node_count, flipped.graph.map(|g| g.len()));
    // New values for x and z: the same drawing, not laid out again.
    let moved = reduce(edited.clone(), Action::Edit("x = 4; z = -1.5\ny = x*z + sin(x*z) + z".into()));
    let (Some(old), Some(new)) = (layout(&edited), layout(&moved)) else { panic!("no analysis") };
    assert!(Rc::ptr_eq(&old, &new));
    assert_eq!(moved.program.analysis.map(|a| a.evaluation.output_value(&a.graph)), Some(-6.0 + libm::sin(-6.0) - 1.5));
    // Another operation: laid out again.
    let changed = reduce(edited.clone(), Action::Edit("x = 2; z = 3\ny = x*z + cos(x*z) + z".into()));
    assert!(layout(&changed).is_some_and(|l| !Rc::ptr_eq(&l, &old)));
}

/// "Show me" on a speed round's review opens the question answered at that place (not the
/// one shown last), checked as it rounds; a place the round does not have changes nothing.
#[test]
fn show_me_opens_a_speed_rounds_question_by_its_place() {
    let mut state = reduce(State::new(EXAMPLE), Action::StartSpeed(100, 0.0));
    let mut asked = Vec::new();
    for k in 0..SPEED_QUESTIONS {
        let quiz = state.quiz.as_ref().map(|q| Rc::clone(&q.current)).unwrap();
        asked.push(quiz);
        state = reduce(state, Action::Choose(0, 1_000.0 * k as f64));
    }
    let kept = reduce(state.clone(), Action::ShowMeAnswered(SPEED_QUESTIONS));
    assert!(kept.quiz.is_some());
    assert_eq!(kept.program.source, EXAMPLE);
    // The question answered second is not the last one, which plain "Show me" would open.
    assert_ne!(asked[1].program, asked[SPEED_QUESTIONS - 1].program);
    let shown = reduce(state, Action::ShowMeAnswered(1));
    assert!(shown.quiz.is_none());
    assert_eq!(shown.program.source, asked[1].program);
    assert_eq!(shown.predictions.check, Check::Rounded(asked[1].decimals));
    assert_eq!(shown.stepping.step, shown.program.analysis.as_ref().unwrap().evaluation.timeline.forward_len());
}
