//! Whether the graph pane shows the drawing, the table, or both side by side.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::state::{Action, View};

/// The choice of what the pane shows, currently `view` (a plain function: see `legend`).
pub fn view_choice(view: View, on_action: &Callback<Action>) -> Html {
    let onchange = on_action.reform(|event: Event| {
        Action::SetView(match event.target_unchecked_into::<HtmlSelectElement>().value().as_str() {
            "table" => View::Table,
            "both" => View::Both,
            _ => View::Drawing,
        })
    });
    let option = |value: &'static str, label: &'static str, shown: View| {
        html! { <option {value} selected={view == shown}>{ label }</option> }
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
