//! One sentence saying what the current step did, with its numbers.

use std::rc::Rc;

use gradgraph_engine::timeline::explain;
use gradgraph_engine::Analysis;
use yew::prelude::*;

pub struct ExplainProps {
    pub analysis: Rc<Analysis>,
    pub step: usize,
}

/// Drawn by a plain function, not a component: each component costs the page its own copy
/// of yew's lifecycle code.
pub fn explain_step(props: &ExplainProps) -> Html {
    let text = explain(&props.analysis.graph, &props.analysis.evaluation.timeline, props.step).unwrap_or_default();
    html! { <p class="explain" data-testid="explain" aria-live="polite">{ text }</p> }
}
