//! The program editor: a text area whose changes reach the app after a short pause in typing.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// How long typing must pause before the graph is rebuilt.
pub const DEBOUNCE_MS: u32 = 120;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub initial: AttrValue,
    /// Called with the whole text once typing pauses.
    pub on_edit: Callback<String>,
}

#[component]
pub fn Editor(props: &EditorProps) -> Html {
    // The pending rebuild; replacing it drops (and so cancels) the previous one.
    let pending: Rc<RefCell<Option<Timeout>>> = use_mut_ref(|| None);
    let oninput = {
        let on_edit = props.on_edit.clone();
        Callback::from(move |event: InputEvent| {
            let text = event.target_unchecked_into::<HtmlTextAreaElement>().value();
            let on_edit = on_edit.clone();
            *pending.borrow_mut() = Some(Timeout::new(DEBOUNCE_MS, move || on_edit.emit(text)));
        })
    };
    html! {
        <label class="editor">
            <span class="label">{ "Program" }</span>
            <textarea
                data-testid="source"
                spellcheck="false"
                autocomplete="off"
                rows="8"
                aria-describedby="diagnostics"
                value={props.initial.clone()}
                {oninput}
            />
        </label>
    }
}
