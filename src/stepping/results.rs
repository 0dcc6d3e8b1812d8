//! The output's value and the gradient, as far as the current step knows them: one row per
//! scalar input, and one row per named vector or matrix that opens into its elements.

use std::rc::Rc;

use gradgraph_engine::number::short;
use gradgraph_engine::{Analysis, Frame, NodeId};
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

/// Most gradient rows shown at once; the rest are counted.
pub const MAX_ROWS: usize = 100;
/// A vector or matrix with at most this many elements starts opened.
const OPEN_UP_TO: usize = 6;
/// Elements written out in a closed vector's row.
const PREVIEW: usize = 4;

/// The inputs, as scalars and as named vectors or matrices, in program order.
enum Entry {
    Scalar(NodeId),
    Group(String, Vec<NodeId>),
}

#[component]
pub fn Results(props: &ResultsProps) -> Html {
    let graph = &props.analysis.graph;
    let frame = &props.frame;
    // Which groups the reader has opened or closed, against their default.
    let toggled = use_state(Vec::<String>::new);
    let output = graph.output().index();
    let y = graph.output_name();
    let known = |slots: &[Option<f64>], i: usize| slots.get(i).copied().flatten().map_or("?".to_string(), short);
    let is_final = |n: NodeId| frame.visited.get(n.index()).copied().unwrap_or(false);
    let gradient_cell = |n: NodeId| {
        let tick = if is_final(n) { " ✓" } else { "" };
        format!("{}{tick}", known(&frame.adjoints, n.index()))
    };

    let mut entries: Vec<Entry> = Vec::new();
    for (x, node, _) in graph.input_nodes() {
        match &node.group {
            Some(group) => match entries.iter_mut().find(|e| matches!(e, Entry::Group(g, _) if g == group)) {
                Some(Entry::Group(_, members)) => members.push(x),
                _ => entries.push(Entry::Group(group.clone(), vec![x])),
            },
            None => entries.push(Entry::Scalar(x)),
        }
    }

    let mut rows: Vec<Html> = Vec::new();
    let mut hidden = 0;
    let mut push = |rows: &mut Vec<Html>, row: Html| {
        if rows.len() < MAX_ROWS {
            rows.push(row);
        } else {
            hidden += 1;
        }
    };
    for entry in &entries {
        match entry {
            Entry::Scalar(x) => {
                let name = graph.name(*x).unwrap_or_default();
                let row = html! {
                    <tr key={format!("n{}", x.index())} class={classes!((!is_final(*x)).then_some("partial"))}>
                        <th scope="row">{ format!("d{y}/d{name}") }</th>
                        <td>{ gradient_cell(*x) }</td>
                    </tr>
                };
                push(&mut rows, row);
            }
            Entry::Group(group, members) => {
                let open = (members.len() <= OPEN_UP_TO) != toggled.contains(group);
                let onclick = {
                    let (toggled, group) = (toggled.clone(), group.clone());
                    Callback::from(move |_: MouseEvent| {
                        let mut next = (*toggled).clone();
                        match next.iter().position(|g| *g == group) {
                            Some(i) => {
                                next.swap_remove(i);
                            }
                            None => next.push(group.clone()),
                        }
                        toggled.set(next);
                    })
                };
                let mut preview: Vec<String> =
                    members.iter().take(PREVIEW).map(|m| known(&frame.adjoints, m.index())).collect();
                if members.len() > PREVIEW {
                    preview.push("…".into());
                }
                let done = members.iter().all(|&m| is_final(m));
                let row = html! {
                    <tr key={format!("g{group}")} class={classes!("group-row", (!done).then_some("partial"))}
                        data-testid={format!("gradient-{group}")}>
                        <th scope="row">
                            <button class="link expand" aria-expanded={open.to_string()} {onclick}>
                                { if open { "▾ " } else { "▸ " } }{ format!("d{y}/d{group}") }
                            </button>
                            <span class="count">{ format!(" ({})", members.len()) }</span>
                        </th>
                        <td>{ format!("[{}]{}", preview.join(", "), if done { " ✓" } else { "" }) }</td>
                    </tr>
                };
                push(&mut rows, row);
                if open {
                    for &m in members {
                        let row = html! {
                            <tr key={format!("n{}", m.index())} class={classes!("element", (!is_final(m)).then_some("partial"))}>
                                <th scope="row">{ format!("d{y}/d{}", graph.name(m).unwrap_or_default()) }</th>
                                <td>{ gradient_cell(m) }</td>
                            </tr>
                        };
                        push(&mut rows, row);
                    }
                }
            }
        }
    }

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
            <caption>{ "Result at this step (? = not known yet, ✓ = final)" }</caption>
            <tbody>
                <tr key="output">
                    <th scope="row">{ y.to_string() }</th>
                    <td>{ known(&frame.values, output) }</td>
                </tr>
                { for rows }
            </tbody>
        </table>
        if hidden > 0 {
            <p class="more" data-testid="results-more">{ format!("… and {hidden} more") }</p>
        }
        if !notes.is_empty() {
            <ul class="notes" data-testid="notes" aria-label="Numeric notes">
                { for notes.iter().enumerate().map(|(i, note)| html! { <li key={i}>{ *note }</li> }) }
            </ul>
        }
        </>
    }
}
