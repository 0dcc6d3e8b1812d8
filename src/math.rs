//! The program typeset as MathML, which browsers render natively: one equation per statement,
//! with the input values in use. (Two components: the section, and each equation, which is
//! drawn again only when its own values change.) The engine's `typeset` decides what to write; this file only
//! turns its elements into DOM elements.

use std::rc::Rc;

use gradgraph_engine::syntax::Program;
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
    let program = &props.analysis.program;
    let statements = program.statements.iter().enumerate().map(|(i, s)| {
        // The values in use of the inputs this statement writes (its literal's elements).
        let values: Vec<(String, f64)> = graph
            .nodes()
            .filter(|(_, node)| matches!(node.kind, NodeKind::Input { .. }) && node.span == s.span)
            .map(|(n, node)| (node.name.clone(), evaluation.value(n)))
            .collect();
        html! { <Equation key={i} program={Rc::clone(program)} index={i} {values} /> }
    });
    html! {
        <section class="math" data-testid="math" aria-label="The program as mathematics">
            { for statements }
        </section>
    }
}

#[derive(Properties)]
pub struct EquationProps {
    pub program: Rc<Program>,
    /// Which statement.
    pub index: usize,
    /// The values in use for the inputs it writes, by name.
    pub values: Vec<(String, f64)>,
}

impl PartialEq for EquationProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.program, &other.program) && self.index == other.index && self.values == other.values
    }
}

/// One statement as an equation; drawn again only when the program or its values change.
#[component]
pub fn Equation(props: &EquationProps) -> Html {
    let Some(s) = props.program.statements.get(props.index) else { return html! {} };
    let value_of = |name: &str| props.values.iter().find(|(n, _)| n == name).map(|(_, v)| *v);
    let (math, changed) = statement(s, &value_of);
    let note = changed.then(|| html! { <mtext class="set-here">{ "  (set in the page)" }</mtext> });
    html! {
        <math display="block" class={classes!(changed.then_some("changed"))}>
            { render(&math) }{ for note }
        </math>
    }
}

/// One element and its children. Recursion is bounded by the engine's typeset height limit.
pub fn render(math: &Element) -> Html {
    match math {
        Element::Row(children) => html! { <mrow>{ for children.iter().map(render) }</mrow> },
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
