//! What the pointer does on the drawing: a click or the keyboard's focus on a node shows its
//! story, the pointer over a node makes its tooltip, a drag pans and two fingers pinch to zoom.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

use super::viewer::Viewer;
use crate::state::Action;

/// The drawing's pointer handlers, and whether the last press became a drag (whose end is not
/// a click).
pub struct Gestures {
    pub onclick: Callback<MouseEvent>,
    pub onpointerdown: Callback<PointerEvent>,
    pub onpointermove: Callback<PointerEvent>,
    pub onpointerup: Callback<PointerEvent>,
    pub onfocusin: Callback<FocusEvent>,
    pub onmouseover: Callback<MouseEvent>,
    pub dragged: Rc<RefCell<bool>>,
}

/// Whether a click ends a drag (the end of a drag is not a click), forgetting the drag.
pub fn ended_drag(dragged: &RefCell<bool>) -> bool {
    std::mem::take(&mut *dragged.borrow_mut())
}

/// The index of the node an event happened in.
pub fn node_index(event: &Event) -> Option<usize> {
    let target = event.target().and_then(|t| t.dyn_into::<Element>().ok());
    let node = target.and_then(|t| t.closest("g[data-node]").ok().flatten());
    node.and_then(|g| g.get_attribute("data-node")).and_then(|i| i.parse::<usize>().ok())
}

/// The pointer's handlers on a drawing shown through `viewer`; the node under the pointer goes
/// to `hovered`.
#[hook]
pub fn use_gestures(
    viewer: &Viewer,
    on_action: &Callback<Action>,
    hovered: &UseStateHandle<Option<usize>>,
) -> Gestures {
    // The pointers down: id and last place.
    let pointers = use_mut_ref(Vec::<(i32, f64, f64)>::new);
    let dragged = use_mut_ref(|| false);
    let onclick = {
        let dragged = dragged.clone();
        let on_action = on_action.clone();
        Callback::from(move |event: MouseEvent| {
            if !ended_drag(&dragged) {
                on_action.emit(Action::Select(node_index(&event)));
            }
        })
    };
    let onpointerdown = {
        let pointers = pointers.clone();
        let dragged = dragged.clone();
        Callback::from(move |event: PointerEvent| {
            let mut pointers = pointers.borrow_mut();
            pointers.retain(|p| p.0 != event.pointer_id());
            pointers.push((event.pointer_id(), f64::from(event.client_x()), f64::from(event.client_y())));
            *dragged.borrow_mut() = false;
        })
    };
    let onpointermove = {
        let (pointers, dragged, viewer) = (pointers.clone(), dragged.clone(), viewer.clone());
        Callback::from(move |event: PointerEvent| {
            let (x, y) = (f64::from(event.client_x()), f64::from(event.client_y()));
            let mut pointers = pointers.borrow_mut();
            let Some(index) = pointers.iter().position(|p| p.0 == event.pointer_id()) else { return };
            let Some(&(_, last_x, last_y)) = pointers.get(index) else { return };
            if let [a, b] = pointers.as_slice() {
                // A pinch: the distance between the fingers scales the view.
                let other = if index == 0 { b } else { a };
                let before = ((last_x - other.1).powi(2) + (last_y - other.2).powi(2)).sqrt();
                let after = ((x - other.1).powi(2) + (y - other.2).powi(2)).sqrt();
                if before > 0.0 && after > 0.0 {
                    viewer.zoom_at(after / before, (x + other.1) / 2.0, (y + other.2) / 2.0);
                }
                *dragged.borrow_mut() = true;
            } else {
                let far = (x - last_x).abs() + (y - last_y).abs() > 4.0;
                if !*dragged.borrow() && !far {
                    return;
                }
                if !*dragged.borrow() {
                    *dragged.borrow_mut() = true;
                    viewer.capture(event.pointer_id());
                }
                viewer.pan(x - last_x, y - last_y);
            }
            if let Some(pointer) = pointers.get_mut(index) {
                *pointer = (event.pointer_id(), x, y);
            }
        })
    };
    // Lifting the pointer ends a drag or a pinch: what it shows is rendered.
    let onpointerup = {
        let (pointers, viewer) = (pointers.clone(), viewer.clone());
        Callback::from(move |event: PointerEvent| {
            let mut pointers = pointers.borrow_mut();
            let before = pointers.len();
            pointers.retain(|p| p.0 != event.pointer_id());
            if pointers.len() < before {
                viewer.release();
            }
        })
    };
    // A press does not focus a node (which would scroll the page under a drag, and select
    // text): the click selects it, unless it ended a drag. Focus from the keyboard selects.
    let onfocusin = {
        let on_action = on_action.clone();
        Callback::from(move |event: FocusEvent| {
            if pointers.borrow().is_empty() {
                on_action.emit(Action::Select(node_index(&event)));
            }
        })
    };
    // The tooltip is made only for the node under the pointer.
    let onmouseover = {
        let hovered = hovered.clone();
        Callback::from(move |event: MouseEvent| {
            let index = node_index(&event);
            if *hovered != index {
                hovered.set(index);
            }
        })
    };
    Gestures { onclick, onpointerdown, onpointermove, onpointerup, onfocusin, onmouseover, dragged }
}
