//! Whether the graph pane shows the drawing, the table, or both side by side.

use yew::prelude::*;

use crate::state::View;

/// An option of a menu (not inlined: each call would be a copy of its construction).
#[inline(never)]
pub fn choice(value: &'static str, label: &'static str, selected: bool) -> Html {
    html! { <option {value} {selected}>{ label }</option> }
}

/// The choice of what the pane shows, currently `view` (a plain function: see `legend`).
pub fn view_choice(view: View) -> Html {
    let option = |value, label, shown| choice(value, label, view == shown);
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
