//! The graph as a table: node, operation, inputs, value and dy/du at the current step, in step
//! with the drawing (the rows this step is about are highlighted). What a screen reader, or a
//! graph too big to draw, needs.

use std::rc::Rc;

use gradgraph_engine::number::short;
use gradgraph_engine::{Analysis, Frame};
use yew::prelude::*;

#[derive(Properties)]
pub struct TableViewProps {
    pub analysis: Rc<Analysis>,
    pub frame: Rc<Frame>,
    pub selected: Option<usize>,
}

impl PartialEq for TableViewProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.analysis, &other.analysis) && self.frame == other.frame && self.selected == other.selected
    }
}

/// Most rows written out; the rest are counted.
const MAX_ROWS: usize = 2_000;

#[component]
pub fn TableView(props: &TableViewProps) -> Html {
    let graph = &props.analysis.graph;
    let frame = &props.frame;
    let y = graph.output_name();
    let about = |i: usize| frame.focus.is_about(i);
    let rows = graph.nodes().take(MAX_ROWS).map(|(n, node)| {
        let i = n.index();
        let value = frame.values.get(i).copied().flatten().map_or(String::new(), short);
        let visited = frame.visited.get(i).copied().unwrap_or(false);
        let adjoint = frame
            .adjoints
            .get(i)
            .copied()
            .flatten()
            .map_or(String::new(), |a| format!("{}{}", short(a), if visited { " ✓" } else { "" }));
        let inputs: Vec<&str> = graph.args(n).iter().filter_map(|&a| graph.name(a)).collect();
        html! {
            <tr key={i} data-node={i.to_string()}
                class={classes!(about(i).then_some("current"), (props.selected == Some(i)).then_some("selected"))}
                aria-current={about(i).then_some("step")}>
                <th scope="row"><button class="link" data-action="select" data-value={i.to_string()}>{ node.name.clone() }</button></th>
                <td>{ node.kind.op_name() }</td>
                <td>{ inputs.join(", ") }</td>
                <td class="value">{ value }</td>
                <td class="adjoint">{ adjoint }</td>
            </tr>
        }
    });
    let hidden = graph.len().saturating_sub(MAX_ROWS);
    html! {
        <div class="table-view">
            <table data-testid="table" aria-label="The computation graph as a table">
                <thead>
                    <tr>
                        <th scope="col">{ "node" }</th>
                        <th scope="col">{ "operation" }</th>
                        <th scope="col">{ "inputs" }</th>
                        <th scope="col">{ "value" }</th>
                        <th scope="col">{ format!("d{y}/du") }</th>
                    </tr>
                </thead>
                <tbody>{ for rows }</tbody>
            </table>
            if hidden > 0 {
                <p class="more">{ format!("… and {hidden} more nodes") }</p>
            }
        </div>
    }
}
