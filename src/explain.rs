//! One sentence saying what the current step did, with its numbers.

use std::rc::Rc;

use gradgraph_engine::timeline::explain;
use gradgraph_engine::Analysis;
use yew::prelude::*;

#[derive(Properties)]
pub struct ExplainProps {
    pub analysis: Rc<Analysis>,
    pub step: usize,
}

impl PartialEq for ExplainProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.analysis, &other.analysis) && self.step == other.step
    }
}

#[component]
pub fn Explain(props: &ExplainProps) -> Html {
    let text = explain(&props.analysis.graph, &props.analysis.evaluation.timeline, props.step).unwrap_or_default();
    html! { <p class="explain" data-testid="explain" aria-live="polite">{ text }</p> }
}
