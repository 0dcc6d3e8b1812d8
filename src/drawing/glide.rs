//! What the drawing's elements are given outside of yew after each render: the nodes' number
//! hooks, and after an edit the glide of the nodes that stay to their new places.

use std::rc::Rc;

use gradgraph_engine::number::full;
use gradgraph_engine::Frame;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Element;
use yew::prelude::*;

use super::geometry::Geometry;

/// Graphs with more nodes than this are not animated after an edit.
const MAX_ANIMATED: usize = 500;
/// How long a node takes to move to its new place after an edit.
const MOVE_MS: f64 = 350.0;

/// What the drawing's elements were last given outside of yew, for the shapes they were given for.
///
/// The `data-value` and `data-adjoint` hooks are written here, and only where they changed: a
/// slider moving changes every node's numbers, and redrawing some 700 node components for two
/// attributes each was most of an update's time. (The board redraws a node's component for new
/// numbers only when it draws them, at full detail, or shows its tooltip.)
///
/// After an edit, the nodes that are still there glide from their old places to their new ones
/// (their elements are kept: keyed by identity), new nodes and the edges fade in. Not on the
/// first drawing, not for big graphs, and not when the reader asks for reduced motion.
#[derive(Default)]
pub struct Drawn {
    shapes: Option<Rc<Geometry>>,
    /// Each node's place, by identity, sorted by identity.
    places: Vec<(u64, (f64, f64))>,
    /// The numbers in each drawn node's hooks (as bits, so that a NaN equals itself).
    numbers: Vec<[Option<u64>; 2]>,
    /// The drawn nodes' elements, looked up once for these shapes (not on every step).
    groups: Option<web_sys::NodeList>,
}

impl Drawn {
    pub fn update(&mut self, svg: &NodeRef, shapes: &Rc<Geometry>, frame: &Frame) {
        let Some(svg) = svg.cast::<Element>() else { return };
        // The node groups are in the order of the shapes that are drawn (keyed, so yew keeps
        // the document's order equal to the list's).
        // Looked up once, when first needed.
        let mut found = self.groups.take().map(Some);
        let groups = || svg.query_selector_all("g.nodes > g[data-node]").ok();
        if !self.shapes.as_ref().is_some_and(|s| Rc::ptr_eq(s, shapes)) {
            // New shapes: new elements, and old ones moved. Everything is written again.
            self.shapes = Some(Rc::clone(shapes));
            self.numbers.clear();
            found = None;
            let now = shapes.nodes.iter().map(|s| (s.identity, (s.left, s.top))).collect();
            let now = gradgraph_engine::sorting::sort_owned(now, &|a, b| a.0.cmp(&b.0));
            let old = std::mem::replace(&mut self.places, now);
            if !old.is_empty() && shapes.nodes.len() <= MAX_ANIMATED && !reduced_motion() {
                glide_from(&svg, found.get_or_insert_with(groups).as_ref(), shapes, &old);
            }
        }
        for (k, (i, _)) in shapes.drawn().enumerate() {
            let numbers = [frame.values.get(i), frame.adjoints.get(i)].map(|n| n.copied().flatten());
            let bits = numbers.map(|n| n.map(f64::to_bits));
            let before = self.numbers.get(k).copied();
            if before == Some(bits) {
                continue;
            }
            let Some(group) = found.get_or_insert_with(groups).as_ref().and_then(|g| g.get(k as u32)) else { break };
            let group: Element = group.unchecked_into();
            for (j, name) in ["data-value", "data-adjoint"].into_iter().enumerate() {
                if before.is_none_or(|b| b.get(j) != bits.get(j)) {
                    let text = numbers.get(j).copied().flatten().map(full).unwrap_or_default();
                    let _ = group.set_attribute(name, &text);
                }
            }
            match self.numbers.get_mut(k) {
                Some(slot) => *slot = bits,
                None => self.numbers.push(bits),
            }
        }
        self.groups = found.flatten();
    }
}

/// Kept nodes glide from their `old` places, new ones fade in, and so do the edges and frames.
fn glide_from(svg: &Element, groups: Option<&web_sys::NodeList>, shapes: &Geometry, old: &[(u64, (f64, f64))]) {
    let Some(groups) = groups else { return };
    for (i, (_, shape)) in shapes.drawn().enumerate() {
        let Some(g) = groups.get(i as u32) else { break };
        let place = old.binary_search_by_key(&shape.identity, |(identity, _)| *identity).ok();
        match place.and_then(|i| old.get(i)).map(|(_, place)| place) {
            Some(&(x, y)) if (x - shape.left).abs() + (y - shape.top).abs() > 0.5 => {
                let from = format!("translate({}px, {}px)", x - shape.left, y - shape.top);
                animate(&g, "transform", &from, "none");
            }
            Some(_) => {}
            None => animate(&g, "opacity", "0", "1"),
        }
    }
    for part in ["g.edges", "g.groups"] {
        if let Ok(Some(g)) = svg.query_selector(part) {
            animate(&g, "opacity", "0", "1");
        }
    }
}

/// Finishes every animation running in `svg` (its elements go to where they end). Called as a
/// new drawing's geometry is made, before its elements enter the page: a big drawing painted
/// while the last edit's glide still runs costs the browser seconds (each animated element is a
/// composited layer, and the elements painted after it are checked against it: 3.6 s of
/// Chromium's `Layerize` in one frame for 10 001 nodes, 1.6 s more than the whole edit takes
/// without it).
pub fn finish_animations(svg: &Element) {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"subtree".into(), &true.into());
    let get = js_sys::Reflect::get(svg, &"getAnimations".into()).and_then(|f| f.dyn_into::<js_sys::Function>());
    let Ok(running) = get.and_then(|get| get.call1(svg, &options)) else { return };
    for animation in js_sys::Array::from(&running).iter() {
        let finish = js_sys::Reflect::get(&animation, &"finish".into()).and_then(|f| f.dyn_into::<js_sys::Function>());
        if let Ok(finish) = finish {
            let _ = finish.call0(&animation);
        }
    }
}

/// Whether the reader asked for reduced motion.
fn reduced_motion() -> bool {
    let query = web_sys::window().and_then(|w| w.match_media("(prefers-reduced-motion: reduce)").ok().flatten());
    query.is_some_and(|q| q.matches())
}

/// Animates one CSS property of `element` from `from` to `to` (the Web Animations API, which
/// leaves nothing behind when it ends).
fn animate(element: &JsValue, property: &str, from: &str, to: &str) {
    let frame = |value: &str| {
        let frame = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&frame, &property.into(), &value.into());
        frame
    };
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"duration".into(), &MOVE_MS.into());
    let _ = js_sys::Reflect::set(&options, &"easing".into(), &"ease-out".into());
    let animate = js_sys::Reflect::get(element, &"animate".into()).and_then(|f| f.dyn_into::<js_sys::Function>());
    if let Ok(animate) = animate {
        let _ = animate.call2(element, &js_sys::Array::of2(&frame(from), &frame(to)), &options);
    }
}
