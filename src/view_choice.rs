//! Whether the graph pane shows the drawing, the table, or both side by side.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::state::{Action, View};

#[derive(Properties, PartialEq)]
pub struct ViewChoiceProps {
    pub view: View,
    pub on_action: Callback<Action>,
}

#[component]
pub fn ViewChoice(props: &ViewChoiceProps) -> Html {
    let onchange = props.on_action.reform(|event: Event| {
        Action::SetView(match event.target_unchecked_into::<HtmlSelectElement>().value().as_str() {
            "table" => View::Table,
            "both" => View::Both,
            _ => View::Drawing,
        })
    });
    let option = |value: &'static str, label: &'static str, view: View| {
        html! { <option {value} selected={props.view == view}>{ label }</option> }
    };
    html! {
        <label class="view-choice">
            { "Show " }
            <select data-testid="view" {onchange}>
                { option("drawing", "the drawing", View::Drawing) }
                { option("table", "the table", View::Table) }
                { option("both", "both", View::Both) }
            </select>
        </label>
    }
}
