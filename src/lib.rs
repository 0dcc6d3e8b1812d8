//! Gradgraph's web app: turns engine data into pictures and user actions into engine calls.
//! It never computes the maths itself; it replays the engine's timeline.

use wasm_bindgen::JsCast;
use yew::AttrValue;

pub mod app;
pub mod controls;
pub mod diagnostics;
pub mod editor;
pub mod examples;
pub mod explain;
pub mod graph_view;
pub mod input_row;
pub mod inputs;
pub mod legend;
pub mod link;
pub mod math;
pub mod node_view;
pub mod options;
pub mod practice;
pub mod quiz_panel;
pub mod results;
pub mod state;
pub mod step_panel;
pub mod story;
pub mod table_view;
pub mod view_choice;
pub mod viewport;

/// Where the panic notice keeps the program across the reload it offers.
const SAVED_PROGRAM: &str = "gradgraph-saved-program";

/// Mounts the app on the page's `<main id="app">` (or the body when it is missing), starting
/// with the program saved by a panic notice, if there is one.
pub fn run() {
    std::panic::set_hook(Box::new(|info| show_panic_notice(&info.to_string())));
    // A program saved by the panic notice comes first; then a link's view; then the example.
    let saved = take_saved_program();
    let hash = web_sys::window().and_then(|w| w.location().hash().ok()).filter(|h| !h.is_empty());
    let fragment = if saved.is_some() { None } else { hash.map(AttrValue::from) };
    let initial = saved.unwrap_or_else(|| state::EXAMPLE.to_string());
    let document = web_sys::window().and_then(|w| w.document());
    let props = app::AppProps { initial: initial.into(), fragment };
    match document.and_then(|d| d.get_element_by_id("app").or_else(|| d.body().map(Into::into))) {
        Some(root) => {
            yew::Renderer::<app::App>::with_root_and_props(root, props).render();
        }
        None => web_sys::console::error_1(&"Gradgraph: the page has no body to draw in".into()),
    }
}

/// What the panic hook does: saves the program being edited and puts a notice with a
/// "reload with my program" button at the top of the page. After a panic the WebAssembly
/// module is dead, so the button is plain JavaScript. The goal is that this never runs.
pub fn show_panic_notice(message: &str) {
    let Some(window) = web_sys::window() else { return };
    let Some(document) = window.document() else { return };
    let program = document
        .query_selector("[data-testid=source]")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
        .map(|area| area.value());
    if let (Some(program), Ok(Some(storage))) = (program, window.session_storage()) {
        let _ = storage.set_item(SAVED_PROGRAM, &program);
    }
    let (Some(body), Ok(notice), Ok(text), Ok(button)) = (
        document.body(),
        document.create_element("div"),
        document.create_element("p"),
        document.create_element("button"),
    ) else {
        return;
    };
    notice.set_class_name("panic-notice");
    let _ = notice.set_attribute("data-testid", "panic");
    let _ = notice.set_attribute("role", "alert");
    text.set_text_content(Some(&format!(
        "Sorry: Gradgraph hit an internal error and has stopped. Your program is kept. ({message})"
    )));
    button.set_text_content(Some("Reload with my program"));
    let _ = button.set_attribute("data-testid", "reload");
    let _ = button.set_attribute("onclick", "location.reload()");
    let _ = notice.append_child(&text);
    let _ = notice.append_child(&button);
    let _ = body.prepend_with_node_1(&notice);
}

/// The program a panic notice saved, removed from storage so it is used once.
pub fn take_saved_program() -> Option<String> {
    let storage = web_sys::window()?.session_storage().ok()??;
    let program = storage.get_item(SAVED_PROGRAM).ok()??;
    let _ = storage.remove_item(SAVED_PROGRAM);
    Some(program)
}
