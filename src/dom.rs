//! The browser around the app, one rule each for every feature: where a key press lands (the
//! keyboard's focus rule), the clipboard, the address bar, the whole screen, the clock and
//! fresh seeds. Depends on nothing in the app.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, KeyboardEvent};

/// Where a key press lands, for the page's own keys (stepping, presenting, zooming).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyTarget {
    /// A text or number field, a slider or an editable element: its keys are its own.
    Field,
    /// A closed menu: arrows would change its choice.
    Menu,
    /// A checkbox, a radio button or an input button: Space toggles or presses it.
    Toggle,
    /// A button, a summary or a link: Space presses it, unless it sits in a toolbar.
    Button { in_toolbar: bool },
    /// Anything else: the page.
    Page,
}

/// Where `event` lands, or `None` when it belongs to the browser or an input method (a modifier
/// held, or a character being composed). The one focus rule of the page.
pub fn key_focus(event: &KeyboardEvent) -> Option<KeyTarget> {
    if event.ctrl_key() || event.meta_key() || event.alt_key() || event.is_composing() {
        return None;
    }
    let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return Some(KeyTarget::Page) };
    let input_type = target.get_attribute("type").unwrap_or_default().to_ascii_lowercase();
    Some(match target.tag_name().as_str() {
        "TEXTAREA" => KeyTarget::Field,
        _ if target.get_attribute("contenteditable").is_some_and(|v| v != "false") => KeyTarget::Field,
        "INPUT" if matches!(input_type.as_str(), "checkbox" | "radio" | "button" | "submit" | "reset") => {
            KeyTarget::Toggle
        }
        "INPUT" => KeyTarget::Field,
        "SELECT" => KeyTarget::Menu,
        "BUTTON" | "SUMMARY" | "A" => {
            KeyTarget::Button { in_toolbar: target.closest("[role=toolbar]").ok().flatten().is_some() }
        }
        _ => KeyTarget::Page,
    })
}

/// Puts `text` on the clipboard (where the browser allows it).
pub fn copy_text(text: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.navigator().clipboard().write_text(text);
    }
}

/// Writes `fragment` into the address (replacing, not adding, a history entry) and returns the
/// whole address.
pub fn set_fragment(fragment: &str) -> Option<String> {
    let window = web_sys::window()?;
    window.history().ok()?.replace_state_with_url(&JsValue::NULL, "", Some(fragment)).ok()?;
    window.location().href().ok()
}

/// Asks for the whole screen, or gives it back. Refusals (no user gesture, or a browser that
/// does not allow it) leave the page as it is.
pub fn full_screen(on: bool) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    if on {
        if let Some(root) = document.document_element() {
            let _ = root.request_fullscreen();
        }
    } else if document.fullscreen_element().is_some() {
        document.exit_fullscreen();
    }
}

/// A fresh seed for a new question.
pub fn random_seed() -> u64 {
    (js_sys::Math::random() * 1e12) as u64
}

/// The browser's clock, in milliseconds.
pub fn now() -> f64 {
    js_sys::Date::now()
}

/// The control an event happened in, by its `data-action`, with its value: a button's
/// `data-value` on a click; a menu's value, or a checkbox's `true` or `false`, on a change.
/// `None` for anything else, a disabled button, or a menu's or field's clicks. The page's one
/// click handler and one change handler read their controls through this.
pub fn control(event: &web_sys::Event, change: bool) -> Option<(String, String)> {
    use web_sys::{HtmlInputElement, HtmlSelectElement};
    let target = event.target()?.dyn_into::<Element>().ok()?;
    let control = target.closest("[data-action]").ok()??;
    let name = control.get_attribute("data-action")?;
    let value = if let Some(select) = control.dyn_ref::<HtmlSelectElement>() {
        select.value()
    } else if let Some(input) = control.dyn_ref::<HtmlInputElement>() {
        if input.type_() == "checkbox" {
            input.checked().to_string()
        } else {
            input.value()
        }
    } else if change || control.has_attribute("disabled") {
        return None;
    } else {
        return Some((name, control.get_attribute("data-value").unwrap_or_default()));
    };
    change.then_some((name, value))
}
