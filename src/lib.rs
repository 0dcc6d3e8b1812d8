//! Gradgraph's web app: turns engine data into pictures and user actions into engine calls.
//! It never computes the maths itself; it replays the engine's timeline.

// A panic in the page is a trap that stops the app in front of a class: no unwrap, expect,
// panic or unchecked indexing outside tests, as in the engine. Each local allow says why.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing))]

use yew::AttrValue;

// The folders name the features; each depends only on the layers below it (tests/layers.rs):
// `dom` and `mathml` (the browser, the typeset maths), then `state`, then `address`, then the
// features (`source`, `stepping`, `drawing`, `selfcheck`), then `app`, which composes them.
pub mod address;
pub mod app;
pub mod dom;
pub mod drawing;
pub mod mathml;
pub mod selfcheck;
pub mod source;
pub mod state;
pub mod stepping;

/// Where the panic notice keeps the program across the reload it offers (index.html's script
/// writes it under the same key).
const SAVED_PROGRAM: &str = "gradgraph-saved-program";

/// Mounts the app on the page's `<main id="app">` (or the body when it is missing), starting
/// with the program saved by a panic notice, if there is one. The notice is the page's own
/// script (index.html): in the release build a panic is a trap, which no Rust hook sees.
pub fn run() {
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

/// The program a panic notice saved, removed from storage so it is used once.
pub fn take_saved_program() -> Option<String> {
    let storage = web_sys::window()?.session_storage().ok()??;
    let program = storage.get_item(SAVED_PROGRAM).ok()??;
    let _ = storage.remove_item(SAVED_PROGRAM);
    Some(program)
}
