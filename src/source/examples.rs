//! Ready-made programs from the course, one click away.

use yew::prelude::*;

use crate::state::Action;

/// Title and program of each example.
pub const EXAMPLES: &[(&str, &str)] = &[
    ("Chain rule: y = xz + sin x", "x = 2\nz = 3\ny = x*z + sin(x)"),
    (
        "Quiz: shared x·z",
        "# Suppose x = 2 and z = 3: what are dy/dx and dy/dz?\nx = 2\nz = 3\ny = exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)",
    ),
    (
        "Logistic regression",
        "# q = P(y = 1 | x); J is the log-likelihood\ntheta = [0.5, -1, 2]\nx = [1, 2, 3]\nystar = 1\nq = sigmoid(dot(theta, x))\nJ = ystar*log(q) + (1 - ystar)*log(1 - q)",
    ),
    (
        "A two-layer network",
        "x = [1, -2]\nW1 = [[0.5, -0.3], [0.8, 0.2], [-0.6, 0.4]]\nw2 = [1, -1, 0.5]\nystar = 1\nh = sigmoid(W1 @ x)\ny = dot(w2, h)\nJ = (y - ystar)^2 / 2",
    ),
    ("Numeric trouble", "x = 0\ny = log(x) + relu(x) + sqrt(x)"),
    ("Chain rule, composed: exp(sin(x²))", "x = 0.5\ny = exp(sin(x^2))"),
    ("sin(x)/x", "x = 1.5\ny = sin(x)/x"),
    (
        "Fan-out: u used three times",
        "# u feeds three consumers: its dy/du is the sum of three contributions\nx = 0.5\nz = 2\nu = x*z\ny = exp(u) + sin(u) + u/z",
    ),
    (
        "A 3-2-1 network with cross-entropy",
        "# 3 inputs, 2 sigmoid hidden units, a sigmoid output, cross-entropy loss\nx = [1, -2, 0.5]\nW1 = [[0.2, -0.4, 0.1], [0.5, 0.3, -0.2]]\nb1 = [0.1, -0.1]\nw2 = [0.7, -1.2]\nb2 = 0.05\nystar = 1\nh = sigmoid(W1 @ x + b1)\np = sigmoid(dot(w2, h) + b2)\nJ = -(ystar*log(p) + (1 - ystar)*log(1 - p))",
    ),
];

#[derive(PartialEq)]
pub struct ExamplesProps {
    pub on_action: Callback<Action>,
}

/// Drawn by a plain function, not a component: each component costs the page its own copy
/// of yew's lifecycle code.
pub fn examples(props: &ExamplesProps) -> Html {
    let onchange = props.on_action.reform(|event: Event| {
        let select = event.target_unchecked_into::<web_sys::HtmlSelectElement>();
        let chosen = select.value().parse::<usize>().ok().and_then(|i| EXAMPLES.get(i));
        // Back to the prompt, so the same example can be chosen again.
        select.set_value("");
        Action::LoadExample(chosen.map_or("", |(_, program)| program).to_string())
    });
    html! {
        <select class="examples" data-testid="examples" aria-label="Load an example" {onchange}>
            <option value="" selected=true>{ "Load an example…" }</option>
            { for EXAMPLES.iter().enumerate().map(|(i, (title, _))| html! {
                <option key={i} value={i.to_string()}>{ *title }</option>
            }) }
        </select>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::State;

    #[test]
    fn every_example_compiles_without_warnings() {
        for (title, program) in EXAMPLES {
            let state = State::new(program);
            assert!(
                state.program.analysis.is_some() && state.program.diagnostics.is_empty(),
                "{title}: {:?}",
                state.program.diagnostics
            );
        }
    }
}
