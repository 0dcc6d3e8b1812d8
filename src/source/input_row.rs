//! One input's number field, slider and reset button. A row whose value has not changed is
//! not drawn again.

use gradgraph_engine::number::full;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::state::Action;

#[derive(Properties, PartialEq)]
pub struct InputRowProps {
    pub name: AttrValue,
    /// The value the program writes.
    pub written: f64,
    /// The value in use.
    pub current: f64,
    /// Whether the page set the value in use.
    pub overridden: bool,
    pub on_action: Callback<Action>,
}

/// A slider range around the program's value `v`: `v ± max(5, 2|v|)`, in 200 steps.
fn slider_range(v: f64) -> (f64, f64, f64) {
    let half = (2.0 * v.abs()).max(5.0);
    (v - half, v + half, half / 100.0)
}

#[component]
pub fn InputRow(props: &InputRowProps) -> Html {
    let name = props.name.to_string();
    let set = {
        let name = name.clone();
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
    let (min, max, step) = slider_range(props.written);
    html! {
        <li class={classes!("input-row", props.overridden.then_some("overridden"))}>
            <label for={format!("input-{name}")} title={name.clone()}>{ &name }</label>
            <input
                id={format!("input-{name}")}
                data-testid={format!("input-{name}")}
                type="number"
                step="any"
                value={full(props.current)}
                onchange={set}
            />
            <input
                data-testid={format!("slider-{name}")}
                type="range"
                aria-label={format!("{name} slider")}
                min={min.to_string()}
                max={max.to_string()}
                step={step.to_string()}
                value={props.current.to_string()}
                oninput={slide}
            />
            if props.overridden {
                <button class="link" data-testid={format!("input-reset-{name}")}
                    title={format!("Back to the program's value, {}", full(props.written))}
                    data-action="clear-input" data-value={name.clone()}>
                    { "↺" }
                </button>
            }
        </li>
    }
}
