//! Predict, then reveal: in practice mode each step's result stays hidden until the student
//! types it (a forward value, or the new dy/dv after an increment). A right answer moves on; a
//! wrong one says so, with two levels of hint (the rule, then the rule with the numbers), and
//! the answer can be shown. The score, by node, can be copied.

use std::rc::Rc;

use gradgraph_engine::number::short;
use gradgraph_engine::quiz::{rounding, MAX_DECIMALS};
use gradgraph_engine::steps::{hints, prediction};
use gradgraph_engine::Analysis;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::state::{Action, Asking, Check, Outcome, Predict, Scored};

/// An option of a menu (not inlined: each call would be a copy of its construction).
#[inline(never)]
fn choice(value: &'static str, label: &'static str, selected: bool) -> Html {
    html! { <option {value} {selected}>{ label }</option> }
}

#[derive(Properties)]
pub struct PracticeProps {
    pub analysis: Rc<Analysis>,
    pub predict: Predict,
    pub check: Check,
    pub asking: Option<Asking>,
    pub score: Rc<Vec<Scored>>,
    pub on_action: Callback<Action>,
}

impl PartialEq for PracticeProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.analysis, &other.analysis)
            && self.predict == other.predict
            && self.check == other.check
            && self.asking == other.asking
            && self.score == other.score
    }
}

/// How many predictions had each outcome: right first time, with help, shown.
fn counts<'a>(score: impl Iterator<Item = &'a Scored>) -> [usize; 3] {
    let mut counts = [0; 3];
    for s in score {
        let slot = match s.outcome {
            Outcome::FirstTime => 0,
            Outcome::WithHelp => 1,
            Outcome::Revealed => 2,
        };
        if let Some(c) = counts.get_mut(slot) {
            *c += 1;
        }
    }
    counts
}

/// The score by node, nodes in the order first asked: each node's counts.
fn by_node(score: &[Scored]) -> Vec<(&str, [usize; 3])> {
    let mut nodes: Vec<&str> = Vec::new();
    for s in score {
        if !nodes.contains(&s.node.as_str()) {
            nodes.push(&s.node);
        }
    }
    nodes.into_iter().map(|node| (node, counts(score.iter().filter(|s| s.node == node)))).collect()
}

/// The score in one line: `Right first time: 5; with help: 2; shown: 1 (of 8)`.
fn summary(score: &[Scored]) -> String {
    let [first, help, shown] = counts(score.iter());
    format!("Right first time: {first}; with help: {help}; shown: {shown} (of {})", score.len())
}

/// The score as text, for copying: the summary, the score by node, then each prediction.
fn score_text(score: &[Scored]) -> String {
    let mut text = summary(score) + "\n\nBy node (first time / with help / shown):\n";
    for (node, [first, help, shown]) in by_node(score) {
        text += &format!("{node}: {first} / {help} / {shown}\n");
    }
    text += "\nEach prediction:\n";
    for s in score {
        let outcome = match s.outcome {
            Outcome::FirstTime => "right first time",
            Outcome::WithHelp => "right with help",
            Outcome::Revealed => "shown",
        };
        text += &format!("step {}: {}: {outcome}\n", s.step, s.asks);
    }
    text
}

#[component]
pub fn Practice(props: &PracticeProps) -> Html {
    let answer = use_node_ref();
    // The score's length when it was last copied: "Score copied" until it changes.
    let copied = use_state(|| None::<usize>);
    // The answer field takes the focus when a question appears, so the student just types.
    {
        let answer = answer.clone();
        use_effect_with(props.asking.as_ref().map(|a| a.step), move |step| {
            if step.is_some() {
                if let Some(input) = answer.cast::<HtmlInputElement>() {
                    let _ = input.focus();
                }
            }
        });
    }
    let Analysis { graph, evaluation, .. } = &*props.analysis;
    let timeline = &evaluation.timeline;
    let checks = std::iter::once(("relative".to_string(), "within 0.1%".to_string(), Check::Relative))
        .chain((0..=MAX_DECIMALS).map(|d| (d.to_string(), format!("rounded to {}", rounding(d)), Check::Rounded(d))));
    let check_menu = html! {
        <label>
            { " Check " }
            <select data-testid="check" data-action="check">
                { for checks.map(|(value, label, check)| html! {
                    <option {value} selected={props.check == check}>{ label }</option>
                }) }
            </select>
        </label>
    };
    let option = |value, label, mode| choice(value, label, props.predict == mode);
    let question = props.asking.as_ref().and_then(|asking| {
        let prediction = prediction(graph, timeline, asking.step)?;
        let [rule, numbers] = hints(graph, timeline, asking.step);
        let submit = {
            let (answer, on_action) = (answer.clone(), props.on_action.clone());
            Callback::from(move |event: SubmitEvent| {
                event.prevent_default();
                if let Some(input) = answer.cast::<HtmlInputElement>() {
                    on_action.emit(Action::Answer(input.value()));
                    input.set_value("");
                }
            })
        };
        Some(html! {
            <form class="question" data-testid="question" onsubmit={submit}>
                <label>
                    { format!("Step {}: what is {}? ", asking.step, prediction.asks) }
                    <input ref={answer.clone()} type="text" inputmode="decimal" autocomplete="off"
                        data-testid="prediction" aria-label="Your prediction" />
                </label>
                <button class="plain" type="submit" data-testid="check-prediction">{ "Check" }</button>
                <button class="plain" type="button" data-testid="hint" data-action="hint" disabled={asking.hints >= 2}>
                    { if asking.hints == 0 { "Hint" } else { "Another hint" } }
                </button>
                <button class="plain" type="button" data-testid="reveal" data-action="reveal">{ "Show the answer" }</button>
                if let Some(wrong) = &asking.wrong {
                    <p class="feedback" data-testid="feedback" role="status">
                        { format!("Not quite: {wrong} is not it ({}). Try again, or take a hint.", props.check.describe()) }
                    </p>
                }
                if asking.hints >= 1 {
                    <p class="hint" data-testid="hint-1">{ format!("The rule: {rule}") }</p>
                }
                if asking.hints >= 2 {
                    <p class="hint" data-testid="hint-2">{ format!("With the numbers: {numbers}") }</p>
                }
            </form>
        })
    });
    let score = &props.score;
    let score_len = score.len();
    let copy = {
        let (text, copied) = (score_text(score), copied.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(window) = web_sys::window() {
                let _ = window.navigator().clipboard().write_text(&text);
            }
            copied.set(Some(score_len));
        })
    };
    let last = score.last().map(|s| match s.outcome {
        Outcome::FirstTime | Outcome::WithHelp => {
            let value = prediction(graph, timeline, s.step).map_or(String::new(), |p| short(p.answer));
            format!("Right: {} = {value}.", s.asks)
        }
        Outcome::Revealed => {
            let value = prediction(graph, timeline, s.step).map_or(String::new(), |p| short(p.answer));
            format!("The answer: {} = {value}.", s.asks)
        }
    });
    html! {
        <section class="practice" aria-label="Practice">
            <div class="practice-settings">
                <label>
                    { "Predict " }
                    <select data-testid="predict" data-action="predict">
                        { option("off", "nothing (just watch)", Predict::Off) }
                        { option("forward", "each value (forward pass)", Predict::Forward) }
                        { option("backward", "each dy/du (backward pass)", Predict::Backward) }
                        { option("both", "both", Predict::Both) }
                    </select>
                </label>
                if props.predict != Predict::Off {
                    { check_menu }
                }
            </div>
            { for question }
            if props.predict != Predict::Off && props.asking.is_none() {
                if let Some(last) = last {
                    <p class="feedback right" data-testid="last-answer">{ last }</p>
                }
            }
            if !score.is_empty() {
                <details class="score" data-testid="score" open={props.asking.is_none()}>
                    <summary>{ summary(score) }</summary>
                    <table data-testid="score-by-node">
                        <thead><tr>
                            <th scope="col">{ "Node" }</th>
                            <th scope="col">{ "Right first time" }</th>
                            <th scope="col">{ "With help" }</th>
                            <th scope="col">{ "Shown" }</th>
                        </tr></thead>
                        <tbody>
                            { for by_node(score).into_iter().map(|(node, [first, help, shown])| html! {
                                <tr data-score-node={node.to_string()}>
                                    <th scope="row">{ node }</th>
                                    <td>{ first }</td><td>{ help }</td><td>{ shown }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                    <button class="plain" data-testid="copy-score" onclick={copy}>{ if *copied == Some(score.len()) { "Score copied" } else { "Copy the score" } }</button>
                </details>
            }
        </section>
    }
}
