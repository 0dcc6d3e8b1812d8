//! How the program becomes a graph: sharing of identical subexpressions, and which node is
//! differentiated.

use std::rc::Rc;

use gradgraph_engine::graph::Granularity;
use gradgraph_engine::Analysis;
use yew::prelude::*;

use crate::state::{Action, Same};

pub struct GraphOptionsProps {
    pub analysis: Rc<Analysis>,
    pub sharing: bool,
    pub granularity: Granularity,
    /// The node count with sharing switched the other way.
    pub other_node_count: Option<usize>,
    pub on_action: Callback<Action>,
}

/// Drawn by a plain function, not a component: each component costs the page its own copy
/// of yew's lifecycle code.
pub fn graph_options(props: &GraphOptionsProps) -> Html {
    let graph = &props.analysis.graph;
    let (dag, tree) = if props.sharing {
        (Some(graph.len()), props.other_node_count)
    } else {
        (props.other_node_count, Some(graph.len()))
    };
    let count = |n: Option<usize>| n.map_or("?".to_string(), |n| n.to_string());
    let statements = props.granularity == Granularity::Statements;
    html! {
        <section class="graph-options" aria-label="Graph options">
            <label>
                { "One node per " }
                <select data-testid="granularity" data-action="granularity">
                    <option value="operations" selected={!statements}>{ "operation" }</option>
                    <option value="statements" selected={statements}>{ "statement" }</option>
                </select>
            </label>
            <label class="check">
                <input type="checkbox" data-testid="sharing" checked={props.sharing} data-action="sharing" />
                { "Share identical subexpressions" }
            </label>
            <p class="counts" data-testid="node-counts">
                { format!("{} nodes as a DAG, {} as expression trees", count(dag), count(tree)) }
            </p>
            <OutputMenu analysis={Same(Rc::clone(&props.analysis))} on_action={props.on_action.clone()} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct OutputMenuProps {
    pub analysis: Same<Analysis>,
    pub on_action: Callback<Action>,
}

/// The output menu: every variable, keyed by node. A component of its own, drawn again only
/// for a new analysis: a big graph has thousands of choices, which every step would otherwise
/// build and compare again.
#[component]
pub fn OutputMenu(props: &OutputMenuProps) -> Html {
    let analysis = &props.analysis.0;
    let graph = &analysis.graph;
    // The choices: every variable (constants, and what is computed from them alone, are not
    // variables). The last statement comes first and stands for "no choice made".
    let last = graph.last_statement();
    let timeline = &analysis.evaluation.timeline;
    let choices = graph.nodes().filter(|&(n, _)| Some(n) != last && timeline.is_variable(n.index()));
    html! {
        <label class="output-choice">
            { "Differentiate " }
            <select data-testid="output" data-action="output">
                if let Some(last) = last {
                    <option key="last" value="" selected={graph.output() == last}>
                        { format!("{} (last statement)", graph.name(last).unwrap_or_default()) }
                    </option>
                }
                { for choices.map(|(n, node)| html! {
                    <option key={n.index()} value={node.name.clone()} selected={n == graph.output()}>
                        { node.name.clone() }
                    </option>
                }) }
            </select>
        </label>
    }
}
