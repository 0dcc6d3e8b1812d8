//! The engine's typeset mathematics (`typeset::Math`) as MathML elements, which browsers render
//! natively. Used by the typeset program, the typeset step and the quiz; depends on nothing in
//! the app.

use gradgraph_engine::typeset::Math as Element;
use yew::prelude::*;

/// One element and its children. Recursion is bounded by the engine's typeset height limit.
pub fn render(math: &Element) -> Html {
    match math {
        // A matrix or a column between brackets: the brackets are drawn by the style sheet as
        // tall as the table (a font without a math table cannot stretch them); the `[` and `]`
        // stay in the text, hidden, for copying and for screen readers.
        Element::Row(children) => match children.as_slice() {
            [Element::Op("["), table @ (Element::Table(_) | Element::Column(_)), Element::Op("]")] => html! {
                <mrow class="bracketed"><mo class="fence">{ "[" }</mo>{ render(table) }<mo class="fence">{ "]" }</mo></mrow>
            },
            _ => html! { <mrow>{ for children.iter().map(render) }</mrow> },
        },
        Element::Ident(name) => html! { <mi>{ name }</mi> },
        Element::Number(digits) => html! { <mn>{ digits }</mn> },
        Element::Op(op) => html! { <mo>{ *op }</mo> },
        // MathML trims an mtext's edges; spaces meant to separate are kept as no-break spaces.
        Element::Text(text) => {
            let inner = text.trim_matches(' ');
            let pad = |n: usize| "\u{a0}".repeat(n);
            let start = text.len() - text.trim_start_matches(' ').len();
            let end = text.len() - text.trim_end_matches(' ').len();
            html! { <mtext>{ format!("{}{inner}{}", pad(start), pad(end)) }</mtext> }
        }
        Element::Frac(a, b) => html! { <mfrac>{ render(a) }{ render(b) }</mfrac> },
        Element::Sup(a, b) => html! { <msup>{ render(a) }{ render(b) }</msup> },
        Element::Sub(a, b) => html! { <msub>{ render(a) }{ render(b) }</msub> },
        Element::Sqrt(a) => html! { <msqrt>{ render(a) }</msqrt> },
        Element::Table(rows) => html! {
            <mtable>
                { for rows.iter().map(|row| html! { <mtr>{ for row.iter().map(|c| html! { <mtd>{ render(c) }</mtd> }) }</mtr> }) }
            </mtable>
        },
        Element::Column(items) => html! {
            <mtable>{ for items.iter().map(|c| html! { <mtr><mtd>{ render(c) }</mtd></mtr> }) }</mtable>
        },
    }
}
