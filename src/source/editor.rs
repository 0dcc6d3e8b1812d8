//! The program editor: a text area whose changes reach the app after a short pause in typing,
//! over a layer that underlines the spans of the current errors.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use gradgraph_engine::{Diagnostic, Span};
use web_sys::{Element, HtmlTextAreaElement};
use yew::prelude::*;

/// How long typing must pause before the graph is rebuilt.
pub const DEBOUNCE_MS: u32 = 120;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub initial: AttrValue,
    /// The text the diagnostics describe.
    pub source: Rc<str>,
    pub diagnostics: Vec<Diagnostic>,
    /// Called with the whole text once typing pauses.
    pub on_edit: Callback<String>,
}

#[component]
pub fn Editor(props: &EditorProps) -> Html {
    // The pending rebuild; replacing it drops (and so cancels) the previous one.
    let pending: Rc<RefCell<Option<Timeout>>> = use_mut_ref(|| None);
    // The text as typed. The text area is controlled: yew writes `value` back whenever it
    // differs from the element's, so it must always be the latest text.
    let text = use_state(|| props.initial.clone());
    let marks_ref = use_node_ref();
    let oninput = {
        let on_edit = props.on_edit.clone();
        let text_state = text.clone();
        Callback::from(move |event: InputEvent| {
            let text = event.target_unchecked_into::<HtmlTextAreaElement>().value();
            text_state.set(AttrValue::from(text.clone()));
            let on_edit = on_edit.clone();
            *pending.borrow_mut() = Some(Timeout::new(DEBOUNCE_MS, move || {
                // From here to the drawing's update is measured (`e2e/bench.js`).
                if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
                    let _ = performance.mark("gradgraph-edit");
                }
                on_edit.emit(text)
            }));
        })
    };
    // The marks layer scrolls with the text.
    let onscroll = {
        let marks_ref = marks_ref.clone();
        Callback::from(move |event: Event| {
            let area = event.target_unchecked_into::<HtmlTextAreaElement>();
            if let Some(marks) = marks_ref.cast::<Element>() {
                marks.set_scroll_top(area.scroll_top());
                marks.set_scroll_left(area.scroll_left());
            }
        })
    };
    let spans: Vec<Span> =
        props.diagnostics.iter().filter(|d| d.is_error() && d.option.is_none()).map(|d| d.span).collect();
    html! {
        // Folds away (by its heading) to give this step the side column on a small screen.
        <details class="editor" open=true>
            <summary class="label" title="Fold or show the program">{ "Program" }</summary>
            <div class="editor-stack">
                <div class="editor-marks" ref={marks_ref} aria-hidden="true" data-testid="source-marks">
                    { for segments(&props.source, &spans).into_iter().enumerate().map(|(i, (text, marked))| {
                        if marked { html! { <mark key={i}>{ text }</mark> } } else { html! { <span key={i}>{ text }</span> } }
                    }) }
                    { "\n " }
                </div>
                <textarea
                    id="source"
                    data-testid="source"
                    spellcheck="false"
                    autocomplete="off"
                    autocapitalize="off"
                    rows="8"
                    aria-label="Program"
                    aria-describedby="diagnostics"
                    value={(*text).clone()}
                    {oninput}
                    {onscroll}
                />
            </div>
        </details>
    }
}

/// Splits `source` into runs that are inside an error span (`true`) or not. An empty span is
/// widened to one character (or a space at the end of the text) so that it stays visible.
pub fn segments(source: &str, spans: &[Span]) -> Vec<(String, bool)> {
    let mut marked = vec![false; source.len() + 1];
    for span in spans {
        let start = span.start.min(source.len());
        let end = span.end.clamp(start, source.len());
        let end = if end == start { next_boundary(source, start) } else { end };
        if let Some(run) = marked.get_mut(start..end.max(start + 1).min(source.len() + 1)) {
            run.fill(true);
        }
    }
    let mut out: Vec<(String, bool)> = Vec::new();
    for (i, ch) in source.char_indices() {
        let is_marked = marked.get(i).copied().unwrap_or(false);
        match out.last_mut() {
            Some((text, m)) if *m == is_marked => text.push(ch),
            _ => out.push((ch.to_string(), is_marked)),
        }
    }
    if marked.last() == Some(&true) {
        out.push((" ".to_string(), true));
    }
    out
}

fn next_boundary(source: &str, at: usize) -> usize {
    source.get(at..).and_then(|rest| rest.chars().next()).map_or(at + 1, |c| at + c.len_utf8())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_mark_spans_and_widen_empty_ones() {
        let runs = segments("y = sn(x)", &[Span::new(4, 6)]);
        assert_eq!(runs, [("y = ".into(), false), ("sn".into(), true), ("(x)".into(), false)]);
        // An empty span at the end becomes a marked space.
        assert_eq!(segments("y = (", &[Span::new(5, 5)]).last(), Some(&(" ".to_string(), true)));
        // Multi-byte characters stay whole.
        assert_eq!(segments("é+", &[Span::new(0, 0)]), [("é".into(), true), ("+".into(), false)]);
    }
}
