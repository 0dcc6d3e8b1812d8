//! What the drawing's colours and marks mean.

use yew::prelude::*;

use super::labels::short_output_name;

/// The legend for the output named `output` (as the nodes write it after d). Static markup
/// with the name in it, parsed by the browser: building it element by element would cost the
/// page some 900 bytes of yew's element code.
pub fn legend(output: &str) -> Html {
    // A long output name is shortened here; the results and tooltips show it whole.
    let y: String =
        if output.chars().count() > 24 { output.chars().take(23).chain(['…']).collect() } else { output.to_string() };
    let (y, short) = (escape(&y), escape(&short_output_name(&y)));
    Html::from_html_unchecked(AttrValue::from(format!(
        "<section class=\"legend\" data-testid=\"legend\" aria-label=\"Legend\"><ul>\
         <li class=\"input\">input</li>\
         <li class=\"const\">constant (not a variable: no derivative)</li>\
         <li class=\"computed\">value computed (forward pass)</li>\
         <li class=\"visited\">visited by the backward pass: d{y}/du final</li>\
         <li class=\"current\">this step</li>\
         <li class=\"output\">the output, {y}</li></ul>\
         <p><span class=\"value\">= v</span>: the node's value. \
         <span class=\"adjoint\">d{short}: g</span>: d{y}/du so far, the running sum of what its consumers pushed; \
         <span class=\"adjoint\">✓</span> when it is final. \
         <span class=\"badge-key\">!</span> numeric trouble (hover it).</p></section>"
    )))
}

/// Text made safe to put in markup.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}
