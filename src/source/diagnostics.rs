//! The list of errors and warnings, each with its line:col.

use std::rc::Rc;

use gradgraph_engine::{Diagnostic, Severity};
use yew::prelude::*;

#[derive(PartialEq)]
pub struct DiagnosticsProps<'a> {
    pub source: Rc<str>,
    pub diagnostics: &'a [Diagnostic],
}

/// Drawn by a plain function, not a component: each component costs the page its own copy
/// of yew's lifecycle code.
pub fn diagnostics(props: &DiagnosticsProps<'_>) -> Html {
    let errors = props.diagnostics.iter().filter(|d| d.is_error()).count();
    let summary = match errors {
        0 => None,
        1 => Some("1 error; the last good graph is shown.".to_string()),
        n => Some(format!("{n} errors; the last good graph is shown.")),
    };
    html! {
        <div id="diagnostics" class="diagnostics" data-testid="diagnostics" role="status" aria-live="polite">
            if let Some(summary) = summary {
                <p class="summary">{ summary }</p>
            }
            <ul>
                { for props.diagnostics.iter().enumerate().map(|(i, d)| {
                    let class = match d.severity { Severity::Error => "error", Severity::Warning => "warning" };
                    // A problem with the output menu has no place in the text.
                    let (line, col, place) = match d.option {
                        Some(_) => (None, None, "The “Differentiate” menu".to_string()),
                        None => {
                            let position = d.position(&props.source);
                            (Some(position.line.to_string()), Some(position.col.to_string()), d.range(&props.source))
                        }
                    };
                    html! {
                        <li key={i} {class} data-line={line} data-col={col}>
                            <span class="position">{ place }</span>
                            { ": " }
                            <span class="message">{ &d.message }</span>
                            if let Some(help) = &d.help {
                                <span class="help">{ help }</span>
                            }
                        </li>
                    }
                }) }
            </ul>
        </div>
    }
}
