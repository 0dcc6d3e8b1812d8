//! A node's story: how it is computed, its value, its local partials (as formulas and numbers),
//! every contribution to its dy/du, and buttons to jump to the step that computed it and the
//! step that completed its dy/du.

use std::rc::Rc;

use gradgraph_engine::number::short;
use gradgraph_engine::{Analysis, Frame};
use yew::prelude::*;

pub struct StoryProps {
    pub analysis: Rc<Analysis>,
    pub frame: Rc<Frame>,
    /// The node, by index.
    pub node: usize,
}

/// Drawn by a plain function, not a component: each component costs the page its own copy
/// of yew's lifecycle code.
pub fn story(props: &StoryProps) -> Html {
    let Analysis { graph, evaluation, .. } = &*props.analysis;
    let timeline = &evaluation.timeline;
    let frame = &props.frame;
    let Some((id, node)) = graph.id(props.node).and_then(|id| Some((id, graph.node(id)?))) else { return html! {} };
    let y = graph.output_name();
    let i = props.node;
    let known = |v: Option<f64>| v.map_or("? (not known yet)".to_string(), short);
    let value = known(frame.values.get(i).copied().flatten());
    let final_ = frame.visited.get(i).copied().unwrap_or(false);
    let adjoint = match frame.adjoints.get(i).copied().flatten() {
        Some(a) => format!("{}{}", short(a), if final_ { " (final)" } else { " (so far)" }),
        None if !timeline.is_variable(i) => "none: a constant is not a variable".to_string(),
        None => "? (not known yet)".to_string(),
    };
    let partials = graph.args(id).iter().enumerate().map(|(j, &v)| {
        let v_name = graph.name(v).unwrap_or("?");
        let number = evaluation.partials.get(i).and_then(|p| p.get(j)).copied().flatten();
        let formula = graph.partial_formula(id, j).map(|f| format!(" = {f}")).unwrap_or_default();
        let number = number.map_or(" (not used: a constant)".to_string(), |p| format!(" = {}", short(p)));
        html! { <li key={j}>{ format!("∂{}/∂{v_name}{formula}{number}", node.name) }</li> }
    });
    let contributions = timeline.contributions(i);
    let total = contributions.len();
    let arrived: Vec<Html> = contributions
        .iter()
        .enumerate()
        .map(|(k, c)| {
            let consumer = graph.id(c.consumer).and_then(|n| graph.name(n)).unwrap_or("?");
            let here = c.step <= frame.step;
            let text = if here {
                format!("from {consumer}: {} (step {})", short(c.delta), c.step)
            } else {
                format!("from {consumer}: not yet (step {})", c.step)
            };
            html! { <li key={k} class={classes!((!here).then_some("pending"))}>{ text }</li> }
        })
        .collect();
    let computed = timeline.computed_at(i);
    let completed = timeline.completed_at(i);
    let go = |testid: &'static str, label: &'static str, step: Option<usize>| match step {
        Some(step) => {
            html! { <button class="plain" data-testid={testid} data-action="jump" data-value={step.to_string()}>{ format!("{label} (step {step})") }</button> }
        }
        None => html! {},
    };
    html! {
        <section class="story" data-testid="story" aria-label={format!("The story of {}", node.name)}>
            <header>
                <h2>{ format!("{} = {}", node.name, graph.formula_with_names(id)) }</h2>
                <button class="link" data-testid="story-close" aria-label="Close" data-action="select">{ "×" }</button>
            </header>
            <p>{ format!("value: {value}") }</p>
            <p data-testid="story-adjoint">{ format!("d{y}/d{}: {adjoint}", node.name) }</p>
            if graph.args(id).is_empty() {
                <p class="muted">{ "It has no inputs, so no local partials." }</p>
            } else {
                <p>{ "Local partials:" }</p>
                <ul>{ for partials }</ul>
            }
            if total > 0 {
                <p>{ format!("Its d{y}/d{} is the sum of {total} contribution{}:", node.name, if total == 1 { "" } else { "s" }) }</p>
                <ol data-testid="story-contributions">{ for arrived }</ol>
            }
            <p class="jumps">
                { go("story-computed", "Go to its forward step", computed) }
                { go("story-completed", "Go to the step that completes it", completed) }
            </p>
        </section>
    }
}
