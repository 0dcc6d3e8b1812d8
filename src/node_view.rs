//! One node of the drawing: its box, name, operation mark, value and dy/du at the current
//! step, its numeric-trouble badge and, while the pointer is on it, a tooltip with the numbers
//! in full. A node whose props have not changed is not drawn again, so moving a slider redraws
//! only the nodes whose numbers changed.

use std::rc::Rc;

use gradgraph_engine::layout::{CHAR_WIDTH, NODE_HEIGHT, PADDING};
use gradgraph_engine::number::{full, short};
use yew::prelude::*;

use crate::graph_view::px;

#[derive(Properties, PartialEq)]
pub struct NodeViewProps {
    /// The node's index (its `data-node` id).
    pub index: usize,
    pub name: AttrValue,
    /// The name as drawn, shortened with … when it is long.
    pub shown: AttrValue,
    /// The operation's stable name (`data-op`) and its drawn mark.
    pub op: &'static str,
    pub symbol: &'static str,
    /// How the node computes its value from its arguments' names, for the tooltip.
    pub formula: AttrValue,
    pub transform: AttrValue,
    pub width: f64,
    /// The value and dy/du known at this step.
    pub value: Option<f64>,
    pub adjoint: Option<f64>,
    /// Whether the node is a variable (constants have no dy/du).
    pub variable: bool,
    /// Whether the backward pass has visited it: its dy/du is final.
    pub visited: bool,
    pub output: bool,
    /// Whether this step is about this node.
    pub current: bool,
    /// Whether the student is asked to predict this node's next number (practice mode).
    pub asked: bool,
    pub note: Option<AttrValue>,
    /// The output's name, whole and as written after ∂.
    pub output_name: AttrValue,
    pub output_mark: AttrValue,
    /// Whether the pointer is on the node (then its tooltip is made).
    pub hovered: bool,
    /// Whether its story is shown.
    pub selected: bool,
    /// At a node with several consumers, during the backward pass: the contributions to its
    /// dy/du so far (`None` for one still to come).
    pub contributions: Option<Rc<Vec<Option<f64>>>>,
}

/// A line of a node's text, `width` wide at most: a line the estimate says is wider is
/// squeezed to fit rather than spilling over the border.
fn line(class: &'static str, y: &'static str, text: String, width: f64) -> Html {
    let room = width - 2.0 * PADDING;
    let squeeze = (text.chars().count() as f64 * CHAR_WIDTH > room).then(|| px(room));
    let adjust = squeeze.is_some().then_some("spacingAndGlyphs");
    html! { <text {class} x={px(PADDING)} {y} textLength={squeeze} lengthAdjust={adjust}>{ text }</text> }
}

/// The running sum under a node: `Σ∂y: 0.0177 + 1.4072 + ?`, a `?` for each contribution still
/// to come.
fn contributions(parts: &[Option<f64>], y: &str, width: f64) -> Html {
    let arrived = parts.iter().filter(|p| p.is_some()).count();
    let terms: Vec<String> = parts.iter().map(|p| p.map_or("?".into(), short)).collect();
    let text = format!("Σ∂{y} = {}", terms.join(" + ").replace("+ -", "− "));
    // As wide as the node at most (squeezed beyond), so it never runs into a neighbour.
    let room = width - PADDING;
    let squeeze = (text.chars().count() as f64 * CHAR_WIDTH * 11.0 / 12.0 > room).then(|| px(room));
    let adjust = squeeze.is_some().then_some("spacingAndGlyphs");
    html! {
        <text class="contributions" data-testid="contributions" x={px(PADDING / 2.0)} y={px(NODE_HEIGHT + 13.0)}
            textLength={squeeze} lengthAdjust={adjust} data-arrived={format!("{arrived}/{}", parts.len())}>
            { text }
        </text>
    }
}

#[component]
pub fn NodeView(props: &NodeViewProps) -> Html {
    let NodeViewProps { value, adjoint, visited, width, .. } = *props;
    let class = classes!(
        "node",
        props.op,
        props.output.then_some("output"),
        props.current.then_some("current"),
        value.is_some().then_some("computed"),
        visited.then_some("visited"),
        value.is_some_and(|v| !v.is_finite()).then_some("nonfinite"),
        props.note.is_some().then_some("noted"),
        props.selected.then_some("selected"),
        props.asked.then_some("asked"),
    );
    let tooltip = props.hovered.then(|| {
        let state = match (adjoint, visited) {
            (None, _) if !props.variable => "a constant: not a variable, so no derivative",
            (None, _) => "not known yet",
            (Some(_), true) => "final",
            (Some(_), false) => "so far",
        };
        let y = &props.output_name;
        format!(
            "{} = {}\nvalue: {}\nd{y}/d{}: {} ({state})",
            props.name,
            props.formula,
            value.map_or("not computed yet".into(), full),
            props.name,
            adjoint.map_or("—".into(), full),
        )
    });
    let adjoint_line = adjoint.map(|a| {
        let tick = if visited { " ✓" } else { "" };
        format!("∂{}: {}{tick}", props.output_mark, short(a))
    });
    html! {
        <g {class}
            transform={props.transform.clone()}
            data-node={props.index.to_string()}
            data-name={props.name.clone()}
            data-op={props.op}
            data-value={value.map(full).unwrap_or_default()}
            data-adjoint={adjoint.map(full).unwrap_or_default()}
            data-final={visited.to_string()}
            data-asked={props.asked.then_some("true")}
            tabindex="0"
            aria-label={format!("{} = {}", props.name, props.formula)}
        >
            if let Some(tooltip) = tooltip {
                <title>{ tooltip }</title>
            }
            <rect width={px(width)} height={NODE_HEIGHT.to_string()} rx="8" />
            <text class="name" x={px(PADDING)} y="16">{ props.shown.clone() }</text>
            <text class="op" x={px(width - PADDING)} y="16" text-anchor="end">{ props.symbol }</text>
            { line("value", "33", value.map(|v| format!("= {}", short(v))).unwrap_or_default(), width) }
            { line(if visited { "adjoint final" } else { "adjoint" }, "49", adjoint_line.unwrap_or_default(), width) }
            if let Some(parts) = props.contributions.as_ref() {
                { contributions(parts, props.output_mark.as_str(), width) }
            }
            if props.asked {
                <g class="asked-mark" transform={format!("translate({},0)", px(width))}>
                    <circle r="9" />
                    <text text-anchor="middle" y="4">{ "?" }</text>
                </g>
            }
            if let Some(note) = props.note.clone() {
                <g class="badge" data-testid="badge" transform={format!("translate({},0)", px(width))}>
                    <title>{ note }</title>
                    <circle r="9" />
                    <text text-anchor="middle" y="4">{ "!" }</text>
                </g>
            }
        </g>
    }
}
