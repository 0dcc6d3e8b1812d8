//! The output's value and the gradient, as far as the current step knows them.

use std::rc::Rc;

use gradgraph_engine::number::short;
use gradgraph_engine::{Analysis, Frame};
use yew::prelude::*;

#[derive(Properties)]
pub struct ResultsProps {
    pub analysis: Rc<Analysis>,
    pub frame: Rc<Frame>,
}

impl PartialEq for ResultsProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.analysis, &other.analysis) && self.frame == other.frame
    }
}

#[component]
pub fn Results(props: &ResultsProps) -> Html {
    let graph = &props.analysis.graph;
    let frame = &props.frame;
    let output = graph.output.index();
    let y = &graph.node(graph.output).name;
    let known = |slots: &[Option<f64>], i: usize| slots.get(i).copied().flatten().map_or("?".to_string(), short);
    let notes: Vec<&String> = props
        .analysis
        .evaluation
        .notes
        .iter()
        .filter(|(n, _)| frame.values.get(*n).copied().flatten().is_some())
        .map(|(_, note)| note)
        .collect();
    html! {
        <>
        <table class="results" data-testid="results">
            <caption>{ "Result at this step (? = not known yet)" }</caption>
            <tbody>
                <tr key="output">
                    <th scope="row">{ y.clone() }</th>
                    <td>{ known(&frame.values, output) }</td>
                </tr>
                { for graph.inputs().take(crate::inputs::MAX_INPUT_CONTROLS).map(|x| {
                    let i = x.index();
                    let name = &graph.node(x).name;
                    let final_ = frame.visited.get(i).copied().unwrap_or(false);
                    html! {
                        <tr key={name.clone()} class={classes!((!final_).then_some("partial"))}>
                            <th scope="row">{ format!("d{y}/d{name}") }</th>
                            <td>{ known(&frame.adjoints, i) }</td>
                        </tr>
                    }
                }) }
            </tbody>
        </table>
        if !notes.is_empty() {
            <ul class="notes" data-testid="notes" aria-label="Numeric notes">
                { for notes.iter().enumerate().map(|(i, note)| html! { <li key={i}>{ *note }</li> }) }
            </ul>
        }
        </>
    }
}
