//! Gradgraph's web app: turns engine data into pictures and user actions into engine calls.
//! It never computes the maths itself; it replays the engine's timeline.

pub mod app;
pub mod controls;
pub mod diagnostics;
pub mod editor;
pub mod explain;
pub mod graph_view;
pub mod inputs;
pub mod math;
pub mod options;
pub mod results;
pub mod state;

/// Mounts the app on the page's `<main id="app">` (or the body when it is missing).
pub fn run() {
    install_panic_notice();
    let document = web_sys::window().and_then(|w| w.document());
    let props = app::AppProps { initial: state::EXAMPLE.into() };
    match document.and_then(|d| d.get_element_by_id("app").or_else(|| d.body().map(Into::into))) {
        Some(root) => {
            yew::Renderer::<app::App>::with_root_and_props(root, props).render();
        }
        None => web_sys::console::error_1(&"Gradgraph: the page has no body to draw in".into()),
    }
}

/// If a panic ever happens, say so on the page instead of leaving it silently dead.
fn install_panic_notice() {
    std::panic::set_hook(Box::new(|info| {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
        let Some(body) = document.body() else { return };
        if let Ok(notice) = document.create_element("div") {
            notice.set_class_name("panic-notice");
            let _ = notice.set_attribute("data-testid", "panic");
            notice.set_text_content(Some(&format!(
                "Gradgraph hit an internal error and stopped: {info}. Reload the page to continue."
            )));
            let _ = body.prepend_with_node_1(&notice);
        }
    }));
}
