//! Self-check quizzes: a generated question with eight options A–H (each wrong one the result
//! of a real mistake, said once the question is answered), a speed round of five questions
//! against a two-minute clock, a link to the quiz, and "Show me", which opens the function in
//! the step-through at the start of the backward pass.

use gloo_timers::callback::Interval;
use gradgraph_engine::quiz::{rounding, Choices, Level, Quiz, MAX_DECIMALS};
use gradgraph_engine::syntax::parse;
use gradgraph_engine::typeset::statement;
use web_sys::{Element, HtmlSelectElement, ScrollIntoViewOptions, ScrollLogicalPosition};
use yew::prelude::*;

use crate::dom::now;
use crate::mathml::render;
use crate::state::{Action, QuizState, SPEED_LIMIT_MS, SPEED_QUESTIONS};

#[derive(Properties, PartialEq)]
pub struct QuizPanelProps {
    pub quiz: QuizState,
    pub on_action: Callback<Action>,
    /// Writes the quiz's link into the address and copies it (the app's one copy-link path).
    pub on_copy_link: Callback<()>,
}

/// `1:05` for 65 000 ms: whole seconds, rounded up for time left (the clock shows 2:00 until
/// a whole second has gone) and down for time taken.
fn clock(ms: f64, round_up: bool) -> String {
    let seconds = ms.max(0.0) / 1000.0;
    let seconds = if round_up { seconds.ceil() } else { seconds.floor() } as u64;
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

fn letter(i: usize) -> char {
    char::from(b'A' + (i % 26) as u8)
}

/// The quiz's program, typeset.
fn program(quiz: &Quiz) -> Html {
    let (program, _) = parse(&quiz.program);
    let equations = program.statements.iter().enumerate().map(|(i, s)| {
        let (math, _) = statement(s, &|_| None);
        html! { <math key={i} display="block">{ render(&math) }</math> }
    });
    html! { <div class="quiz-program" data-testid="quiz-program">{ for equations }</div> }
}

#[component]
pub fn QuizPanel(props: &QuizPanelProps) -> Html {
    let state = &props.quiz;
    let quiz = &state.current;
    // While a speed round runs, its clock ticks; dropping the interval stops it.
    let running = state.speed.as_ref().is_some_and(|r| r.ended_ms.is_none());
    {
        let on_action = props.on_action.clone();
        use_effect_with(running, move |&running| {
            let interval = running.then(|| Interval::new(250, move || on_action.emit(Action::SpeedClock(now()))));
            move || drop(interval)
        });
    }
    // A new question comes into view (on a phone the panel sits below the editor).
    let panel = use_node_ref();
    {
        let panel = panel.clone();
        use_effect_with((quiz.seed, quiz.level, state.speed.is_some()), move |_| {
            if let Some(panel) = panel.cast::<Element>() {
                let options = ScrollIntoViewOptions::new();
                options.set_block(ScrollLogicalPosition::Nearest);
                panel.scroll_into_view_with_scroll_into_view_options(&options);
            }
        });
    }
    let copy_link = props.on_copy_link.reform(|_: MouseEvent| ());
    let chosen = if state.speed.is_some() { None } else { state.chosen };
    let options = (0..quiz.options.len()).map(|i| {
        let class = classes!(
            "option",
            chosen.is_some().then_some(if i == quiz.answer { "right" } else { "wrong" }),
            (chosen == Some(i)).then_some("chosen"),
        );
        html! {
            <li key={i}>
                <button {class} data-testid={format!("option-{}", letter(i))} data-action="choose" data-value={i.to_string()}
                    disabled={chosen.is_some() || state.speed.as_ref().is_some_and(|r| r.ended_ms.is_some())}>
                    { format!("{}. {}", letter(i), quiz.option_text(i)) }
                </button>
                if chosen.is_some() && i != quiz.answer {
                    <span class="mistake" data-testid={format!("mistake-{}", letter(i))}>
                        { quiz.mistakes.get(i).cloned().unwrap_or_default() }
                    </span>
                }
            </li>
        }
    });
    let feedback = chosen.map(|c| {
        let text = if c == quiz.answer {
            format!("Right: {} is {}.", letter(c), quiz.option_text(c))
        } else {
            format!(
                "Not {}: that is what you get with this mistake: {}. The answer is {}, {}.",
                letter(c),
                quiz.mistakes.get(c).cloned().unwrap_or_default(),
                letter(quiz.answer),
                quiz.option_text(quiz.answer)
            )
        };
        html! { <p class={classes!("quiz-feedback", (c == quiz.answer).then_some("right"))} data-testid="quiz-feedback">{ text }</p> }
    });
    let speed_panel = state.speed.as_ref().map(|round| {
        let elapsed = round.ended_ms.unwrap_or(round.now_ms) - round.started_ms;
        let asked = round.answers.len();
        match round.ended_ms {
            None => html! {
                <p class="speed" data-testid="speed-status">
                    <span class="timer" data-testid="timer" role="timer">{ format!("{} left", clock(SPEED_LIMIT_MS - elapsed, true)) }</span>
                    { format!("  Question {} of {SPEED_QUESTIONS}", asked + 1) }
                </p>
            },
            Some(_) => {
                let right = round.answers.iter().filter(|(q, a)| *a == q.answer).count();
                // Each question again: its function, the answer chosen and the right one, the
                // mistake behind a wrong choice, and "Show me" to step through it.
                let rows = round.answers.iter().enumerate().map(|(k, (q, a))| {
                    let verdict = if *a == q.answer { "right" } else { "wrong" };
                    let mistake = (*a != q.answer).then(|| q.mistakes.get(*a).cloned().unwrap_or_default());
                    html! {
                        <li key={k} class={verdict}>
                            <p class="verdict" data-testid="speed-verdict">
                                { format!("Question {}: you chose {} {}; the answer is {} {} ({verdict})",
                                    k + 1, letter(*a), q.option_text(*a), letter(q.answer), q.option_text(q.answer)) }
                            </p>
                            { program(q) }
                            if let Some(mistake) = mistake {
                                <p class="mistake" data-testid="speed-mistake">{ format!("{}: what you get with this mistake: {mistake}", letter(*a)) }</p>
                            }
                            <button class="plain" data-testid="speed-show-me" data-action="show-me" data-value={k.to_string()}>
                                { "Show me" }
                            </button>
                        </li>
                    }
                });
                let headline = if asked < SPEED_QUESTIONS {
                    let left = SPEED_QUESTIONS - asked;
                    let questions = if left == 1 { "question" } else { "questions" };
                    format!(
                        "{right} of {asked} right; the time ran out at {} with {left} {questions} unanswered",
                        clock(SPEED_LIMIT_MS, false)
                    )
                } else {
                    format!("{right} of {asked} right in {}", clock(elapsed.min(SPEED_LIMIT_MS), false))
                };
                html! {
                    <div class="speed-result" data-testid="speed-result">
                        <p><strong>{ headline }</strong></p>
                        <ol>{ for rows }</ol>
                    </div>
                }
            }
        }
    });
    let ended = state.speed.as_ref().is_some_and(|r| r.ended_ms.is_some());
    // A teacher making a quiz of their program chooses which partials it asks and the rounding.
    let authoring = (state.authoring && state.speed.is_none()).then(|| {
        let asked = quiz.asked.clone();
        let decimals = quiz.decimals;
        let boxes = quiz.at.iter().map(|(name, _)| {
            let on = asked.contains(name);
            let toggle = {
                let (name, asked) = (name.clone(), asked.clone());
                props.on_action.reform(move |_: Event| {
                    // Keeps the program's order of inputs.
                    let mut next: Vec<String> = asked.iter().filter(|a| **a != name).cloned().collect();
                    if !asked.contains(&name) {
                        next.push(name.clone());
                    }
                    Action::QuizChoices(Choices { asked: Some(next), decimals: Some(decimals) })
                })
            };
            html! {
                <label key={name.clone()}>
                    <input type="checkbox" checked={on} onchange={toggle} data-testid={format!("quiz-ask-{name}")} />
                    { format!("d{}/d{name}", quiz.output) }
                </label>
            }
        });
        let on_rounding = {
            let asked = asked.clone();
            props.on_action.reform(move |event: Event| {
                let value = event.target_unchecked_into::<HtmlSelectElement>().value();
                Action::QuizChoices(Choices { asked: Some(asked.clone()), decimals: value.parse().ok() })
            })
        };
        html! {
            <fieldset class="quiz-choices" data-testid="quiz-choices">
                <legend>{ "Your quiz" }</legend>
                <span>{ "Ask for " }</span>
                { for boxes }
                <label>
                    { " Round to " }
                    <select data-testid="quiz-decimals" onchange={on_rounding}>
                        { for (0..=MAX_DECIMALS).map(|d| html! {
                            <option value={d.to_string()} selected={d == decimals}>
                                { rounding(d) }
                            </option>
                        }) }
                    </select>
                </label>
            </fieldset>
        }
    });
    html! {
        <section ref={panel} class="quiz" data-testid="quiz-panel" aria-label="Quiz">
            <header>
                <h2>{ if state.speed.is_some() { "Speed round" } else { "Quiz" } }</h2>
                <label>
                    { "Level " }
                    <select data-testid="quiz-level" data-action="quiz">
                        { for Level::ALL.iter().map(|l| html! {
                            <option value={l.name()} selected={*l == state.level}>{ l.name() }</option>
                        }) }
                    </select>
                </label>
                <button class="plain" data-testid="new-quiz" data-action="quiz" data-value={state.level.name()}>{ "New question" }</button>
                <button class="plain" data-testid="speed-round" data-action="speed-round">
                    { format!("Speed round ({SPEED_QUESTIONS} in {})", clock(SPEED_LIMIT_MS, false)) }
                </button>
                <button class="plain" data-testid="quiz-link" onclick={copy_link}>{ "Copy quiz link" }</button>
                <button class="link" data-testid="close-quiz" aria-label="Close the quiz" data-action="close-quiz">{ "×" }</button>
            </header>
            { for authoring }
            if let Some(refused) = &state.refused {
                <p class="notice" data-testid="quiz-refused">{ refused }</p>
            }
            // Only a teacher's quiz can have one: generated quizzes avoid such points.
            if let Some(warning) = if state.authoring { quiz.rounding_warning() } else { quiz.rounding_caution() } {
                <p class="notice" data-testid="quiz-warning">{ warning }</p>
            }
            { for speed_panel }
            if !ended {
                { program(quiz) }
                <p class="quiz-question" data-testid="quiz-question">{ quiz.question() }</p>
                <ol class="options">{ for options }</ol>
                { for feedback }
            }
            if chosen.is_some() || ended {
                <button class="plain" data-testid="show-me" data-action="show-me">
                    { "Show me: step through it from the backward pass" }
                </button>
            }
        </section>
    }
}
