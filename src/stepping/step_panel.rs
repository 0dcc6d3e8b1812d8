//! The current step explained: the algorithm as the lecture writes it, with the line this step
//! executes highlighted and its loop variables bound to this step's names, and the step as
//! typeset mathematics with its numbers.

use std::rc::Rc;

use gradgraph_engine::steps::{algorithm_line, executing, typeset_step, Line, ALGORITHM};
use gradgraph_engine::Analysis;
use yew::prelude::*;

use crate::mathml::render;

pub struct StepPanelProps {
    pub analysis: Rc<Analysis>,
    pub step: usize,
}

/// The loops that enclose a line, which are lit more faintly while it runs.
fn encloses(outer: Line, inner: Line) -> bool {
    matches!(
        (outer, inner),
        (Line::ForwardLoop, Line::Compute)
            | (Line::BackwardLoop, Line::InputLoop | Line::Increment)
            | (Line::InputLoop, Line::Increment)
    )
}

/// A stable name for a line, for its `data-line` hook.
fn hook(line: Line) -> &'static str {
    match line {
        Line::ForwardLoop => "forward-loop",
        Line::Compute => "compute",
        Line::Init => "init",
        Line::BackwardLoop => "backward-loop",
        Line::InputLoop => "input-loop",
        Line::Increment => "increment",
    }
}

/// Drawn by a plain function, not a component: each component costs the page its own copy
/// of yew's lifecycle code.
pub fn step_panel(props: &StepPanelProps) -> Html {
    let Analysis { graph, evaluation, .. } = &*props.analysis;
    let timeline = &evaluation.timeline;
    let now = executing(graph, timeline, props.step);
    let y = graph.output_name();
    // The pass running (the forward pass before the first step), which presenter mode shows
    // alone.
    let backward = props.step > timeline.forward_len();
    let lines = ALGORITHM.iter().map(|&(line, depth, text)| {
        let pass = if matches!(line, Line::ForwardLoop | Line::Compute) { "forward" } else { "backward" };
        let current = now.as_ref().is_some_and(|e| e.line == line);
        let enclosing = now.as_ref().is_some_and(|e| encloses(line, e.line));
        // The bound loop variables, shown on the line that executes.
        let binding = now.as_ref().filter(|_| current).map(|e| {
            let mut parts = Vec::new();
            if let Some(u) = &e.u {
                parts.push(format!("uᵢ = {u}"));
            }
            if let Some(v) = &e.v {
                parts.push(format!("v_j = {v}"));
            }
            parts.join(", ")
        });
        let heading = match line {
            Line::ForwardLoop => Some("Forward pass"),
            Line::Init => Some("Backward pass"),
            _ => None,
        };
        html! {
            <>
                if let Some(heading) = heading {
                    <li class={classes!("heading", pass)} aria-hidden="true">{ heading }</li>
                }
                <li class={classes!("line", pass, format!("depth-{depth}"), current.then_some("current"), enclosing.then_some("enclosing"))}
                    data-line={hook(line)} aria-current={current.then_some("step")}>
                    <code>{ algorithm_line(text, y) }</code>
                    if let Some(binding) = binding.filter(|b| !b.is_empty()) {
                        <span class="binding" data-testid="binding">{ binding }</span>
                    }
                </li>
            </>
        }
    });
    let rows = typeset_step(graph, timeline, props.step);
    html! {
        <section class="step-panel" aria-label="This step">
            <ol class="algorithm" data-testid="algorithm" aria-label="The algorithm"
                data-pass={if backward { "backward" } else { "forward" }}>{ for lines }</ol>
            <div class="typeset-step" data-testid="typeset-step" aria-live="polite">
                if rows.is_empty() {
                    <p class="ready">{ "Press Step (→) to begin the forward pass." }</p>
                }
                { for rows.iter().map(|row| html! { <math display="block">{ render(row) }</math> }) }
            </div>
        </section>
    }
}
