//! Whether the graph pane shows the drawing, the table, or both side by side.

use yew::prelude::*;

use crate::state::View;

/// The choice of what the pane shows, currently `view` (a plain function: see `legend`).
pub fn view_choice(view: View) -> Html {
    let option = |value: &'static str, label: &'static str, shown: View| {
        html! { <option {value} selected={view == shown}>{ label }</option> }
    };
    html! {
        <label class="view-choice">
            { "Show " }
            <select data-testid="view" data-action="view">
                { option("drawing", "the drawing", View::Drawing) }
                { option("table", "the table", View::Table) }
                { option("both", "both", View::Both) }
            </select>
        </label>
    }
}
