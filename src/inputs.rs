//! A number field and a slider for every input; changing either re-evaluates at once.

use std::collections::HashMap;
use std::rc::Rc;

use gradgraph_engine::number::full;
use gradgraph_engine::{Analysis, NodeKind};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::state::Action;

#[derive(Properties)]
pub struct InputsProps {
    pub analysis: Rc<Analysis>,
    /// The page's own input values.
    pub at: HashMap<String, f64>,
    pub on_action: Callback<Action>,
}

impl PartialEq for InputsProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.analysis, &other.analysis) && self.at == other.at
    }
}

/// Inputs beyond this many get no controls (they are set in the program).
pub const MAX_INPUT_CONTROLS: usize = 100;

/// A slider range around the program's value `v`: `v ± max(5, 2|v|)`, in 200 steps.
fn slider_range(v: f64) -> (f64, f64, f64) {
    let half = (2.0 * v.abs()).max(5.0);
    (v - half, v + half, half / 100.0)
}

#[component]
pub fn Inputs(props: &InputsProps) -> Html {
    let graph = &props.analysis.graph;
    let hidden = graph.inputs().count().saturating_sub(MAX_INPUT_CONTROLS);
    let inputs = graph.nodes().filter(|(_, node)| matches!(node.kind, NodeKind::Input { .. }));
    let rows = inputs.take(MAX_INPUT_CONTROLS).filter_map(|(n, node)| {
        let NodeKind::Input { value: written } = node.kind else { return None };
        let name = node.name.clone();
        let current = props.evaluation_value(n.index());
        let overridden = props.at.contains_key(&name);
        let set = |name: String| {
            props.on_action.reform(move |event: Event| {
                let text = event.target_unchecked_into::<HtmlInputElement>().value();
                match text.trim().parse::<f64>() {
                    Ok(value) if value.is_finite() => Action::SetInput(name.clone(), value),
                    _ => Action::ClearInput(name.clone()),
                }
            })
        };
        let slide = {
            let name = name.clone();
            props.on_action.reform(move |event: InputEvent| {
                let value = event.target_unchecked_into::<HtmlInputElement>().value_as_number();
                Action::SetInput(name.clone(), value)
            })
        };
        let clear = {
            let name = name.clone();
            props.on_action.reform(move |_: MouseEvent| Action::ClearInput(name.clone()))
        };
        let (min, max, step) = slider_range(written);
        Some(html! {
            <li key={name.clone()} class={classes!("input-row", overridden.then_some("overridden"))}>
                <label for={format!("input-{name}")} title={name.clone()}>{ &name }</label>
                <input
                    id={format!("input-{name}")}
                    data-testid={format!("input-{name}")}
                    type="number"
                    step="any"
                    value={full(current)}
                    onchange={set(name.clone())}
                />
                <input
                    data-testid={format!("slider-{name}")}
                    type="range"
                    aria-label={format!("{name} slider")}
                    min={min.to_string()}
                    max={max.to_string()}
                    step={step.to_string()}
                    value={current.to_string()}
                    oninput={slide}
                />
                if overridden {
                    <button class="link" data-testid={format!("input-reset-{name}")} title={format!("Back to the program's value, {}", full(written))} onclick={clear}>
                        { "↺" }
                    </button>
                }
            </li>
        })
    });
    html! {
        <section class="inputs" aria-label="Inputs">
            <h2>{ "Inputs" }</h2>
            <ul data-testid="inputs">{ for rows }</ul>
            if hidden > 0 {
                <p class="more">{ format!("…and {hidden} more inputs, set in the program.") }</p>
            }
        </section>
    }
}

impl InputsProps {
    fn evaluation_value(&self, index: usize) -> f64 {
        self.analysis.evaluation.values.get(index).copied().unwrap_or(f64::NAN)
    }
}
