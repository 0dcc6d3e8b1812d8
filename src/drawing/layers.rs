//! The drawing's two big layers, each a component whose props do not change with the step:
//! the edges and the nodes. A step redraws only what it changes, through the board.

use std::rc::Rc;

use gradgraph_engine::Analysis;
use yew::prelude::*;

use super::board::{edge_class, Board, Pushes};
use super::geometry::Geometry;
use super::labels::short_output_name;
use super::node::NodeView;
use crate::state::Same;

#[derive(Properties, PartialEq)]
pub struct EdgesProps {
    pub shapes: Same<Geometry>,
    pub pushes: Same<Pushes>,
    /// The step shown: the edges' classes are read there as they render, and rewritten by the
    /// board for the edges a step changes, so a step does not render them all again.
    pub board: Same<Board>,
}

/// The edges, in their own component so that a change of the numbers alone (a slider) or of
/// the step does not build and compare them again.
#[component]
pub fn Edges(props: &EdgesProps) -> Html {
    let frame = props.board.0.frame();
    props
        .shapes
        .0
        .edges
        .iter()
        .map(|shape| {
            let class = frame.as_deref().map_or_else(
                || "edge".to_string(),
                |frame| edge_class(shape.from, shape.to, shape.position, frame, &props.pushes.0),
            );
            html! {
                <path key={shape.key.clone()} {class} d={shape.d.clone()} marker-end="url(#arrow)" data-edge={shape.hook.clone()} />
            }
        })
        .collect()
}

#[derive(Properties, PartialEq)]
pub struct NodesProps {
    pub shapes: Same<Geometry>,
    pub analysis: Same<Analysis>,
    pub board: Same<Board>,
    pub hovered: Option<usize>,
    pub selected: Option<usize>,
    pub asked: Option<usize>,
    /// Whether the level of detail draws the numbers.
    pub numbers: bool,
}

/// The nodes, in their own component whose props do not change with the step: a step redraws
/// only the nodes it changes, through the board.
#[component]
pub fn Nodes(props: &NodesProps) -> Html {
    let Analysis { graph, evaluation, .. } = &*props.analysis.0;
    let output = graph.output().index();
    let output_name = AttrValue::from(graph.output_name().to_string());
    let output_mark = AttrValue::from(short_output_name(&output_name));
    props
        .shapes
        .0
        .drawn()
        .map(|(i, shape)| {
            let note = evaluation.notes.iter().find(|(n, _)| *n == i).map(|(_, note)| AttrValue::from(note.clone()));
            html! {
                <NodeView key={shape.key.clone()}
                    shape={Rc::clone(shape)}
                    index={i}
                    board={Rc::clone(&props.board.0)}
                    variable={evaluation.timeline.is_variable(i)}
                    output={i == output}
                    asked={props.asked == Some(i)}
                    {note}
                    output_name={output_name.clone()}
                    output_mark={output_mark.clone()}
                    hovered={props.hovered == Some(i)}
                    selected={props.selected == Some(i)}
                    numbers={props.numbers}
                />
            }
        })
        .collect()
}
