//! A number field and a slider for every input; changing either re-evaluates at once.

use std::collections::HashMap;
use std::rc::Rc;

use gradgraph_engine::Analysis;
use yew::prelude::*;

use super::input_row::InputRow;
use crate::state::Action;

pub struct InputsProps<'a> {
    pub analysis: Rc<Analysis>,
    /// The page's own input values.
    pub at: &'a HashMap<String, f64>,
    pub on_action: Callback<Action>,
}

/// Inputs beyond this many get no controls (they are set in the program).
pub const MAX_INPUT_CONTROLS: usize = 100;

/// Drawn by a plain function, not a component: each component costs the page its own copy
/// of yew's lifecycle code.
pub fn inputs(props: &InputsProps<'_>) -> Html {
    let graph = &props.analysis.graph;
    let hidden = graph.inputs().count().saturating_sub(MAX_INPUT_CONTROLS);
    let rows = graph.input_nodes().take(MAX_INPUT_CONTROLS).map(|(n, node, written)| {
        let name = AttrValue::from(node.name.clone());
        html! {
            <InputRow key={node.name.as_str()}
                overridden={props.at.contains_key(node.name.as_str())}
                current={props.analysis.evaluation.value(n)}
                {written}
                {name}
                on_action={props.on_action.clone()}
            />
        }
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
