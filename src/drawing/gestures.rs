//! What the pointer does on the drawing: a click or the keyboard's focus on a node shows its
//! story, the pointer over a node makes its tooltip, a drag pans and two fingers pinch to zoom.

use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

use super::viewer::Viewer;
use crate::state::Action;

/// The drawing's pointer handlers (the pointers down and whether the last press became a drag
/// are kept by the viewer).
pub struct Gestures {
    pub onclick: Callback<MouseEvent>,
    pub onpointerdown: Callback<PointerEvent>,
    pub onpointermove: Callback<PointerEvent>,
    pub onpointerup: Callback<PointerEvent>,
    pub onfocusin: Callback<FocusEvent>,
    pub onmouseover: Callback<MouseEvent>,
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
    let onclick = {
        let (viewer, on_action) = (viewer.clone(), on_action.clone());
        Callback::from(move |event: MouseEvent| {
            if !viewer.ended_drag() {
                on_action.emit(Action::Select(node_index(&event)));
            }
        })
    };
    let onpointerdown = {
        let viewer = viewer.clone();
        Callback::from(move |event: PointerEvent| {
            let mut pointers = viewer.pointers().borrow_mut();
            pointers.retain(|p| p.0 != event.pointer_id());
            pointers.push((event.pointer_id(), f64::from(event.client_x()), f64::from(event.client_y())));
            viewer.dragged().set(false);
        })
    };
    let onpointermove = {
        let viewer = viewer.clone();
        Callback::from(move |event: PointerEvent| {
            let (x, y) = (f64::from(event.client_x()), f64::from(event.client_y()));
            let dragged = viewer.dragged();
            let mut pointers = viewer.pointers().borrow_mut();
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
                dragged.set(true);
            } else {
                let far = (x - last_x).abs() + (y - last_y).abs() > 4.0;
                if !dragged.get() && !far {
                    return;
                }
                if !dragged.get() {
                    dragged.set(true);
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
        let viewer = viewer.clone();
        Callback::from(move |event: PointerEvent| {
            let mut pointers = viewer.pointers().borrow_mut();
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
        let (viewer, on_action) = (viewer.clone(), on_action.clone());
        Callback::from(move |event: FocusEvent| {
            if viewer.pointers().borrow().is_empty() {
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
    Gestures { onclick, onpointerdown, onpointermove, onpointerup, onfocusin, onmouseover }
}
