//! What the drawing's colours and marks mean.

use yew::prelude::*;

use super::labels::short_output_name;

/// The legend for the output named `output` (as the nodes write it after d). A plain function
/// rather than a component: it is small, and each component costs the page its own copy of
/// yew's lifecycle code.
pub fn legend(output: &str) -> Html {
    // A long output name is shortened here; the results and tooltips show it whole.
    let y: String =
        if output.chars().count() > 24 { output.chars().take(23).chain(['…']).collect() } else { output.to_string() };
    let y = &y;
    html! {
        <section class="legend" data-testid="legend" aria-label="Legend">
            <ul>
                <li class="input">{ "input" }</li>
                <li class="const">{ "constant (not a variable: no derivative)" }</li>
                <li class="computed">{ "value computed (forward pass)" }</li>
                <li class="visited">{ format!("visited by the backward pass: d{y}/du final") }</li>
                <li class="current">{ "this step" }</li>
                <li class="output">{ format!("the output, {y}") }</li>
            </ul>
            <p>
                <span class="value">{ "= v" }</span>{ ": the node's value. " }
                <span class="adjoint">{ format!("d{}: g", short_output_name(y)) }</span>
                { format!(": d{y}/du so far, the running sum of what its consumers pushed; ") }
                <span class="adjoint">{ "✓" }</span>{ " when it is final. " }
                <span class="badge-key">{ "!" }</span>{ " numeric trouble (hover it)." }
            </p>
        </section>
    }
}
