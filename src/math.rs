//! The program typeset as MathML, which browsers render natively: one equation per statement,
//! with the input values in use. The engine's `typeset` decides what to write; this file only
//! turns its elements into DOM elements.

use std::collections::HashMap;
use std::rc::Rc;

use gradgraph_engine::typeset::{statement, Math as Element};
use gradgraph_engine::{Analysis, NodeKind};
use yew::prelude::*;

#[derive(Properties)]
pub struct MathProps {
    pub analysis: Rc<Analysis>,
}

impl PartialEq for MathProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.analysis, &other.analysis)
    }
}

#[component]
pub fn Math(props: &MathProps) -> Html {
    let graph = &props.analysis.graph;
    let evaluation = &props.analysis.evaluation;
    let in_use: HashMap<&str, f64> = graph
        .nodes()
        .filter(|(_, node)| matches!(node.kind, NodeKind::Input { .. }))
        .map(|(n, node)| (node.name.as_str(), evaluation.value(n)))
        .collect();
    let value_of = |name: &str| in_use.get(name).copied();
    let statements = props.analysis.program.statements.iter().enumerate().map(|(i, s)| {
        let (math, changed) = statement(s, &value_of);
        let note = changed.then(|| html! { <mtext class="set-here">{ "  (set in the page)" }</mtext> });
        html! {
            <math key={i} display="block" class={classes!(changed.then_some("changed"))}>
                { render(&math) }{ for note }
            </math>
        }
    });
    html! {
        <section class="math" data-testid="math" aria-label="The program as mathematics">
            { for statements }
        </section>
    }
}

/// One element and its children. Recursion is bounded by the engine's typeset height limit.
fn render(math: &Element) -> Html {
    match math {
        Element::Row(children) => html! { <mrow>{ for children.iter().map(render) }</mrow> },
        Element::Ident(name) => html! { <mi>{ name }</mi> },
        Element::Number(digits) => html! { <mn>{ digits }</mn> },
        Element::Op(op) => html! { <mo>{ *op }</mo> },
        Element::Text(text) => html! { <mtext>{ text }</mtext> },
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
