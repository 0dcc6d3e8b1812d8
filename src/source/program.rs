//! The program typeset as MathML, which browsers render natively: one equation per statement,
//! with the input values in use. (Two components: the section, and each equation, which is
//! drawn again only when its own values change.) The engine's `typeset` decides what to write; this file only
//! turns its elements into DOM elements.

use std::rc::Rc;

use gradgraph_engine::syntax::Program;
use gradgraph_engine::typeset::statement;
use gradgraph_engine::Analysis;
use yew::prelude::*;

use crate::mathml::render;

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
            .input_nodes()
            .filter(|(_, node, _)| node.span == s.span)
            .map(|(n, node, _)| (node.name.clone(), evaluation.value(n)))
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
    let note = changed.then(|| html! { <mtext class="set-here">{ "\u{a0}\u{a0}(set in the page)" }</mtext> });
    html! {
        <math display="block" class={classes!(changed.then_some("changed"))}>
            { render(&math) }{ for note }
        </math>
    }
}
