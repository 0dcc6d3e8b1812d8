//! One node of the drawing: its box, name, operation mark, value and dy/du at the current
//! step, its numeric-trouble badge and, while the pointer is on it, a tooltip with the numbers
//! in full. A node whose props have not changed is not drawn again, so moving a slider redraws
//! only the nodes whose numbers changed.

use std::rc::Rc;

use gradgraph_engine::layout::{CHAR_WIDTH, NODE_HEIGHT, PADDING};
use gradgraph_engine::number::{full, short};
use yew::prelude::*;
use yew::virtual_dom::Key;

use super::board::Board;
use super::labels::{px, running_sum, whole_sum};

/// What a node's drawing needs that does not change with the numbers or the step: made once
/// per layout (its strings included), so redrawing a node after a slider moved formats only
/// its numbers.
///
/// Every element is placed in the drawing's own coordinates, not under a per-node transform:
/// with ten thousand transformed groups the browser's compositing step (each group its own
/// paint chunk) cost more per frame of a pan than everything else together.
#[derive(PartialEq)]
pub struct NodeShape {
    /// The node's index as written in `data-node`.
    pub id: AttrValue,
    /// Its identity ([`gradgraph_engine::Graph::identities`]), and as the key of its element:
    /// an edit keeps the element of a node it leaves, which can then move to its new place.
    pub identity: u64,
    pub key: Key,
    pub name: AttrValue,
    /// The name as drawn, shortened with … when it is long.
    pub shown: AttrValue,
    /// The operation's stable name (`data-op`) and its drawn mark.
    pub op: &'static str,
    pub symbol: &'static str,
    /// How the node computes its value from its arguments' names, for the tooltip.
    pub formula: AttrValue,
    /// `name = formula`, for screen readers.
    pub label: AttrValue,
    /// The box: top left corner and width, in drawing units.
    pub left: f64,
    pub top: f64,
    pub width: f64,
    /// The same, and the places of the texts, as SVG coordinates.
    x: AttrValue,
    y: AttrValue,
    width_px: AttrValue,
    text_x: AttrValue,
    right_x: AttrValue,
    rows: [AttrValue; 3],
    sum_x: AttrValue,
    sum_y: AttrValue,
    /// Puts a mark (the badge, the asked mark) on the top right corner.
    corner: AttrValue,
    /// Whether it is an element of a collapsed vector or matrix (drawn as its box instead).
    pub hidden: bool,
}

/// Its coordinates are finite, so it equals itself; as `Eq`, two handles to one shape compare
/// equal by address (the standard library's `Rc` shortcut) instead of string by string, for each
/// node a slider redraws.
impl Eq for NodeShape {}

/// A node's words and where its box is.
pub struct NodeText {
    pub id: usize,
    pub identity: u64,
    pub name: String,
    pub shown: String,
    pub op: &'static str,
    pub symbol: &'static str,
    pub formula: String,
}

impl NodeShape {
    pub fn new(text: NodeText, left: f64, top: f64, width: f64) -> NodeShape {
        let NodeText { id, identity, name, shown, op, symbol, formula } = text;
        let at = |v: f64| AttrValue::from(px(v));
        NodeShape {
            id: id.to_string().into(),
            identity,
            key: Key::from(format!("{identity:x}")),
            label: format!("{name} = {formula}").into(),
            name: name.into(),
            shown: shown.into(),
            op,
            symbol,
            formula: formula.into(),
            left,
            top,
            width,
            x: at(left),
            y: at(top),
            width_px: at(width),
            text_x: at(left + PADDING),
            right_x: at(left + width - PADDING),
            rows: [at(top + 16.0), at(top + 33.0), at(top + 49.0)],
            sum_x: at(left + PADDING / 2.0),
            sum_y: at(top + NODE_HEIGHT + 13.0),
            corner: format!("translate({},{})", px(left + width), px(top)).into(),
            hidden: false,
        }
    }
}

#[derive(Properties)]
pub struct NodeViewProps {
    pub shape: Rc<NodeShape>,
    /// Its index in the graph: where the board keeps what it shows at this step.
    pub index: usize,
    /// The step shown; the node reads its numbers, marks and focus there, and registers its
    /// redraw there, so that a step redraws only the nodes it changes.
    pub board: Rc<Board>,
    /// Whether the node is a variable (constants have no dy/du).
    pub variable: bool,
    pub output: bool,
    /// Whether the student is asked to predict this node's next number (practice mode).
    pub asked: bool,
    /// What is wrong with its value, shown once the value is known.
    pub note: Option<AttrValue>,
    /// The output's name, whole and as written after d.
    pub output_name: AttrValue,
    pub output_mark: AttrValue,
    /// Whether the pointer is on the node (then its tooltip is made).
    pub hovered: bool,
    /// Whether its story is shown.
    pub selected: bool,
    /// Whether its numbers are drawn: not when zoomed out so far that the level of detail
    /// hides them.
    pub numbers: bool,
}

impl PartialEq for NodeViewProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.shape, &other.shape)
            && Rc::ptr_eq(&self.board, &other.board)
            && (self.index, self.variable, self.output, self.asked, self.hovered, self.selected, self.numbers)
                == (
                    other.index,
                    other.variable,
                    other.output,
                    other.asked,
                    other.hovered,
                    other.selected,
                    other.numbers,
                )
            && (&self.note, &self.output_name, &self.output_mark)
                == (&other.note, &other.output_name, &other.output_mark)
    }
}

/// A line of a node's text, `width` wide at most: a line the estimate says is wider is
/// squeezed to fit rather than spilling over the border.
fn line(class: &'static str, shape: &NodeShape, row: usize, text: String) -> Html {
    let room = shape.width - 2.0 * PADDING;
    let squeeze = (text.chars().count() as f64 * CHAR_WIDTH > room).then(|| px(room));
    let adjust = squeeze.is_some().then_some("spacingAndGlyphs");
    let (x, y) = (shape.text_x.clone(), shape.rows.get(row).cloned());
    html! { <text {class} {x} {y} textLength={squeeze} lengthAdjust={adjust}>{ text }</text> }
}

/// The running sum under a node: `Σdy = 0.0177 + 1.4072 + ?`, a `?` for each contribution still
/// to come (`d`: the output's total derivative, as the lecture writes dy/du).
fn contributions(parts: &[Option<f64>], y: &str, shape: &NodeShape) -> Html {
    let arrived = parts.iter().filter(|p| p.is_some()).count();
    let terms: Vec<String> = parts.iter().map(|p| p.map_or("?".into(), short)).collect();
    // As wide as the node at most, so it never runs into a neighbour, and legible: squeezed a
    // little at most, the middle terms elided beyond (the whole sum in `data-sum` and the
    // node's story).
    let room = shape.width - PADDING;
    let (text, squeezed) = running_sum(&terms, y, room, CHAR_WIDTH * 11.0 / 12.0);
    let squeeze = squeezed.then(|| px(room));
    let adjust = squeezed.then_some("spacingAndGlyphs");
    let whole = whole_sum(&terms, y);
    html! {
        <text class="contributions" data-testid="contributions" x={shape.sum_x.clone()} y={shape.sum_y.clone()}
            textLength={squeeze} lengthAdjust={adjust} data-arrived={format!("{arrived}/{}", parts.len())} data-sum={whole}>
            { text }
        </text>
    }
}

/// [`NODE_HEIGHT`] as an SVG coordinate.
const NODE_HEIGHT_PX: &str = "56";

#[component]
pub fn NodeView(props: &NodeViewProps) -> Html {
    let i = props.index;
    // Registered as it renders, not in an effect: ten thousand nodes' effects, run in the
    // scheduler's slices between frames, held a big drawing's first frames back by seconds.
    props.board.register(i, use_force_update());
    // What this step shows of the node.
    let frame = props.board.frame();
    let frame = frame.as_deref();
    let value = frame.and_then(|f| f.values.get(i).copied().flatten());
    let adjoint = frame.and_then(|f| f.adjoints.get(i).copied().flatten());
    let visited = frame.is_some_and(|f| f.visited.get(i).copied().unwrap_or(false));
    let current = frame.is_some_and(|f| f.focus.is_about(i));
    // At a node with several consumers, during the backward pass: the contributions to its dy/du
    // so far (`None` for one still to come).
    let running_sum = frame.filter(|_| adjoint.is_some()).and_then(|f| {
        let pushes = props.board.pushes()?;
        let parts = pushes.contributions.get(i).filter(|c| c.len() > 1)?;
        Some(parts.iter().map(|c| (c.step <= f.step).then_some(c.delta)).collect::<Vec<_>>())
    });
    let note = props.note.clone().filter(|_| value.is_some());
    let shape = &*props.shape;
    // The class list as one string.
    let flags = [
        (props.output, "output"),
        (current, "current"),
        (value.is_some(), "computed"),
        (visited, "visited"),
        (value.is_some_and(|v| !v.is_finite()), "nonfinite"),
        (note.is_some(), "noted"),
        (props.selected, "selected"),
        (props.asked, "asked"),
    ];
    let mut class = format!("node {}", shape.op);
    for (_, name) in flags.iter().filter(|(on, _)| *on) {
        class.push(' ');
        class.push_str(name);
    }
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
            shape.name,
            shape.formula,
            value.map_or("not computed yet".into(), full),
            shape.name,
            adjoint.map_or("—".into(), full),
        )
    });
    let adjoint_line = adjoint.filter(|_| props.numbers).map(|a| {
        let tick = if visited { " ✓" } else { "" };
        format!("d{}: {}{tick}", props.output_mark, short(a))
    });
    html! {
        <g {class}
            data-node={shape.id.clone()}
            data-name={shape.name.clone()}
            data-op={shape.op}
            data-final={if visited { "true" } else { "false" }}
            data-asked={props.asked.then_some("true")}
            tabindex="0"
            aria-label={shape.label.clone()}
        >
            if let Some(tooltip) = tooltip {
                <title>{ tooltip }</title>
            }
            <rect x={shape.x.clone()} y={shape.y.clone()} width={shape.width_px.clone()} height={NODE_HEIGHT_PX} rx="8" />
            <text class="name" x={shape.text_x.clone()} y={shape.rows[0].clone()}>{ shape.shown.clone() }</text>
            <text class="op" x={shape.right_x.clone()} y={shape.rows[0].clone()} text-anchor="end">{ shape.symbol }</text>
            if props.numbers {
                { line("value", shape, 1, value.map(|v| format!("= {}", short(v))).unwrap_or_default()) }
                { line(if visited { "adjoint final" } else { "adjoint" }, shape, 2, adjoint_line.unwrap_or_default()) }
                if let Some(parts) = running_sum.as_ref() {
                    { contributions(parts, props.output_mark.as_str(), shape) }
                }
            }
            if props.asked {
                <g class="asked-mark" transform={shape.corner.clone()}>
                    <circle r="9" />
                    <text text-anchor="middle" y="4">{ "?" }</text>
                </g>
            }
            if let Some(note) = note {
                <g class="badge" data-testid="badge" transform={shape.corner.clone()}>
                    <title>{ note }</title>
                    <circle r="9" />
                    <text text-anchor="middle" y="4">{ "!" }</text>
                </g>
            }
        </g>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_written_constants_are_the_layouts() {
        assert_eq!(NODE_HEIGHT_PX, px(NODE_HEIGHT));
    }
}
