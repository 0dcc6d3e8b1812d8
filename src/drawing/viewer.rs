//! Pan and zoom: the view box shown, the gestures' transforms, the level of detail, and what
//! the page's keys ask of the drawing.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_events::{EventListener, EventListenerOptions};
use gloo_timers::callback::Timeout;
use gradgraph_engine::layout::Layout;
use wasm_bindgen::JsCast;
use web_sys::{Element, SvgElement};
use yew::prelude::*;

use super::viewport::{detail, fitted_detail, wheel_factor, Detail, ViewBox};
use crate::state::Same;

/// The handles pan and zoom work through: the drawing's element, the view being shown, the
/// view box rendered, and the states that re-render (zoomed with its frozen size, the level of
/// detail).
///
/// A gesture (the wheel, a drag, a pinch) does not render each step: it moves the rendered
/// drawing by a CSS transform, which the browser composites without painting the elements
/// again, and renders the view box when the gesture settles (or the transform would uncover or
/// blur too much). Buttons, keys and following the current step render at once.
#[derive(Clone)]
pub struct Viewer {
    svg: NodeRef,
    /// The view being shown (`None`: fitted).
    view: Rc<RefCell<Option<ViewBox>>>,
    /// The view box rendered, which the transform starts from (`None`: fitted).
    rendered: Rc<RefCell<Option<ViewBox>>>,
    /// The transform applied now: translation in pixels, then scale.
    moved: Rc<Cell<(f64, f64, f64)>>,
    /// Renders the view box once a gesture has paused.
    settle: Rc<RefCell<Option<Timeout>>>,
    zoomed: UseStateHandle<Option<(f64, f64)>>,
    level: Rc<Cell<Detail>>,
    redraw: UseForceUpdateHandle,
    room: Rc<Cell<Option<(f64, f64)>>>,
    /// The whole drawing's size, in drawing units.
    size: Rc<RefCell<(f64, f64)>>,
}

/// How long a gesture pauses before its view box is rendered.
const SETTLE_MS: u32 = 150;

impl Viewer {
    /// The window's place and size on screen, without the gesture's transform: left, top,
    /// width, height.
    fn window(&self) -> Option<(f64, f64, f64, f64)> {
        let rect = self.svg.cast::<Element>()?.get_bounding_client_rect();
        let (tx, ty, k) = self.moved.get();
        let (width, height) = (rect.width() / k, rect.height() / k);
        (width > 0.0 && height > 0.0).then(|| (rect.left() - tx, rect.top() - ty, width, height))
    }

    fn fitted(&self, window: (f64, f64, f64, f64)) -> ViewBox {
        let (width, height) = *self.size.borrow();
        ViewBox::fit(width, height, (window.2, window.3))
    }

    /// Renders `next` now: its view box written straight to the element, any transform gone.
    fn show(&self, next: ViewBox) {
        self.settle.borrow_mut().take();
        self.render(next);
    }

    fn render(&self, next: ViewBox) {
        *self.view.borrow_mut() = Some(next);
        *self.rendered.borrow_mut() = Some(next);
        if let Some(element) = self.svg.cast::<Element>() {
            let _ = element.set_attribute("viewBox", &next.attribute());
        }
        self.untransform();
        if let Some(window) = self.window() {
            self.zoomed.set(Some((window.2, window.3)));
        }
        self.update_level();
    }

    fn untransform(&self) {
        if self.moved.replace((0.0, 0.0, 1.0)) != (0.0, 0.0, 1.0) {
            if let Some(element) = self.svg.cast::<SvgElement>() {
                let _ = element.style().remove_property("transform");
            }
        }
    }

    /// A step of a gesture: `next` shown by transforming what is rendered, and rendered once the
    /// gesture pauses. The first step from the fitted view renders at once (the window's size
    /// is frozen then).
    fn transform_to(&self, next: ViewBox) {
        let (Some(rendered), Some(window)) = (*self.rendered.borrow(), self.window()) else {
            return self.show(next);
        };
        if next.far_from(&rendered, (window.2, window.3)) {
            return self.show(next);
        }
        *self.view.borrow_mut() = Some(next);
        let (tx, ty, k) = next.transform_from(&rendered, window.2);
        self.moved.set((tx, ty, k));
        if let Some(element) = self.svg.cast::<SvgElement>() {
            let _ = element.style().set_property("transform", &format!("translate({tx}px, {ty}px) scale({k})"));
        }
        let viewer = self.clone();
        // Replacing the timer cancels the last one; the timer's own call leaves it in place
        // (a closure must not drop itself), and the next gesture replaces it.
        *self.settle.borrow_mut() = Some(Timeout::new(SETTLE_MS, move || viewer.settled()));
    }

    /// The end of a gesture: what is shown is rendered.
    fn settled(&self) {
        let shown = *self.view.borrow();
        if let Some(view) = shown.filter(|_| self.moved.get() != (0.0, 0.0, 1.0)) {
            self.render(view);
        }
    }

    /// Ends a gesture now (the pointer was lifted).
    pub fn release(&self) {
        self.settled();
        self.settle.borrow_mut().take();
    }

    pub fn update_level(&self) {
        let Some(window) = self.window() else { return };
        let view = self.view.borrow().unwrap_or_else(|| self.fitted(window));
        let scale = view.scale(window.2);
        if let Some(element) = self.svg.cast::<Element>() {
            // Read while the page's layout is fresh (its size was just read), for the next drawing.
            self.room.set(room(&element));
            let _ = element.set_attribute("data-scale", &format!("{}", (scale * 100.0).round() / 100.0));
        }
        let level = detail(scale);
        if self.level.replace(level) != level {
            self.redraw.force_update();
        }
    }

    /// The view zoomed by `factor` about a point on the screen.
    fn zoomed_at(&self, factor: f64, client_x: f64, client_y: f64) -> Option<ViewBox> {
        let window = self.window()?;
        let fitted = self.fitted(window);
        let current = self.view.borrow().unwrap_or(fitted);
        let (fx, fy) = ((client_x - window.0) / window.2, (client_y - window.1) / window.3);
        Some(current.zoomed(factor, fx, fy, window.2, &fitted))
    }

    /// A step of a wheel or pinch gesture.
    pub fn zoom_at(&self, factor: f64, client_x: f64, client_y: f64) {
        if let Some(next) = self.zoomed_at(factor, client_x, client_y) {
            self.transform_to(next);
        }
    }

    pub fn zoom_by(&self, factor: f64) {
        let Some(window) = self.window() else { return };
        if let Some(next) = self.zoomed_at(factor, window.0 + window.2 / 2.0, window.1 + window.3 / 2.0) {
            self.show(next);
        }
    }

    /// A step of a drag.
    pub fn pan(&self, dx: f64, dy: f64) {
        let Some(window) = self.window() else { return };
        let current = self.view.borrow().unwrap_or_else(|| self.fitted(window));
        self.transform_to(current.panned(dx, dy, window.2));
    }

    /// One drawing unit to one pixel, about the middle of what is shown.
    pub fn actual_size(&self) {
        let Some(window) = self.window() else { return };
        let current = self.view.borrow().unwrap_or_else(|| self.fitted(window));
        self.zoom_by(current.width / window.2);
    }

    pub fn fit(&self) {
        self.settle.borrow_mut().take();
        self.untransform();
        *self.view.borrow_mut() = None;
        *self.rendered.borrow_mut() = None;
        if let Some(element) = self.svg.cast::<Element>() {
            let (width, height) = *self.size.borrow();
            // Written only if the render has not: writing it makes the browser lay the drawing
            // out again before `update_level` can read its size (0.8 s for 10 000 nodes).
            let view_box = whole(width, height);
            if element.get_attribute("viewBox").as_deref() != Some(view_box.as_str()) {
                let _ = element.set_attribute("viewBox", &view_box);
            }
        }
        self.zoomed.set(None);
        self.update_level();
    }

    /// When zoomed, moves the view to the first of `boxes` (left, top, right, bottom) that fits
    /// in it, unless that box is already all shown.
    pub fn reveal(&self, boxes: &[(f64, f64, f64, f64)]) {
        let Some(view) = *self.view.borrow() else { return };
        let fits = |b: &&(f64, f64, f64, f64)| b.2 - b.0 <= view.width && b.3 - b.1 <= view.height;
        let Some(&(left, top, right, bottom)) = boxes.iter().find(fits).or(boxes.last()) else { return };
        let (x, y, w, h) = ((left + right) / 2.0, (top + bottom) / 2.0, right - left, bottom - top);
        if !view.shows(x, y, w, h) {
            self.show(view.centred_on(x, y));
        }
    }
}

/// The room a fitted drawing has in `svg`'s pane, as the style sheet sizes it: the pane's width
/// within its padding (`.graph-scroll`'s 10 px a side; 4 in presenter mode, near enough for a
/// guess), and 75 % of the window's height (`.graph`'s `max-height`).
fn room(svg: &Element) -> Option<(f64, f64)> {
    let pane = svg.parent_element()?;
    let tall = web_sys::window()?.inner_height().ok()?.as_f64()? * 0.75;
    Some((f64::from(pane.client_width()) - 20.0, tall))
}

/// The view box of the whole drawing, `width` × `height` units (the fitted view).
fn whole(width: f64, height: f64) -> String {
    format!("0 0 {} {}", width.ceil(), height.ceil())
}

/// A drawing's viewer, its cells kept across renders, following the drawing `layout`: a new
/// layout is fitted, the level of detail follows the window's size, and the wheel zooms.
/// `drawn` says whether the drawing's element is in the page (a graph too big to draw has
/// none): the wheel's listener is attached to the element each time it appears.
#[hook]
pub fn use_viewer(svg: NodeRef, layout: &Rc<Layout>, drawn: bool) -> Viewer {
    let size = (layout.width.max(200.0), layout.height.max(80.0));
    let viewer = Viewer {
        svg,
        view: use_mut_ref(|| None),
        rendered: use_mut_ref(|| None),
        moved: use_memo((), |_| Cell::new((0.0, 0.0, 1.0))),
        settle: use_mut_ref(|| None),
        // Set through handles that listeners registered once keep (their values stay those of
        // the first render), so set unconditionally: `use_state_eq` re-renders only on a change.
        zoomed: use_state_eq(|| None),
        level: use_memo((), |_| Cell::new(Detail::Full)),
        redraw: use_force_update(),
        room: use_memo((), |_| Cell::new(None)),
        size: use_mut_ref(|| size),
    };
    *viewer.size.borrow_mut() = size;
    // A new drawing is first rendered at the level of detail of its fitted view in the room the
    // last one had (it is fitted and measured once it is in the page, which corrects a wrong
    // guess): a big graph's numbers are not made only to be taken out again.
    let levelled = use_mut_ref(|| None::<Rc<Layout>>);
    if !levelled.borrow().as_ref().is_some_and(|l| Rc::ptr_eq(l, layout)) {
        *levelled.borrow_mut() = Some(Rc::clone(layout));
        if let Some((pane, tall)) = viewer.room.get() {
            viewer.level.set(fitted_detail(size.0, size.1, pane, tall));
        }
    }
    // A new drawing starts fitted (an edit of input values alone keeps the drawing, and its
    // zoom).
    {
        let viewer = viewer.clone();
        use_effect_with(Same(Rc::clone(layout)), move |_| viewer.fit());
    }
    // The level of detail follows the scale: set when the drawing or its sizing changes and when
    // the window is resized (pan and zoom set it as they go). Not after every render: it reads
    // the element's size, which makes the browser lay the page out while a slider moves.
    {
        let viewer = viewer.clone();
        use_effect_with((Same(Rc::clone(layout)), *viewer.zoomed), move |_| {
            viewer.update_level();
            let window = web_sys::window();
            let listener = window.map(|window| EventListener::new(&window, "resize", move |_| viewer.update_level()));
            move || drop(listener)
        });
    }
    // The wheel zooms with Ctrl or ⌘ (and a touchpad's pinch) or once zoomed; otherwise it
    // scrolls the page. A native listener, so the page's scroll can be prevented.
    {
        let viewer = viewer.clone();
        use_effect_with(drawn, move |_| {
            let element = viewer.svg.cast::<Element>();
            let listener = element.map(|element| {
                let viewer = viewer.clone();
                let options = EventListenerOptions::enable_prevent_default();
                EventListener::new_with_options(&element, "wheel", options, move |event| {
                    let Some(wheel) = event.dyn_ref::<WheelEvent>() else { return };
                    let pinch = wheel.ctrl_key() || wheel.meta_key();
                    if !pinch && viewer.view.borrow().is_none() {
                        return;
                    }
                    event.prevent_default();
                    let factor = wheel_factor(wheel.delta_y(), wheel.delta_mode() == 1, pinch);
                    viewer.zoom_at(factor, f64::from(wheel.client_x()), f64::from(wheel.client_y()));
                })
            });
            // A gesture's pending render goes with the drawing.
            move || {
                drop(listener);
                viewer.settle.borrow_mut().take();
            }
        });
    }
    viewer
}

impl Viewer {
    /// A zoom the page's keys or the zoom bar ask for: a step of 1.5 times in or out, or fit.
    pub fn zoom(&self, zoom: Zoom) {
        match zoom {
            Zoom::In => self.zoom_by(ZOOM_STEP),
            Zoom::Out => self.zoom_by(1.0 / ZOOM_STEP),
            Zoom::Fit => self.fit(),
        }
    }

    /// The level of detail to render.
    pub fn level(&self) -> Detail {
        self.level.get()
    }

    /// The window's frozen size while zoomed (`None`: fitted).
    pub fn zoomed(&self) -> Option<(f64, f64)> {
        *self.zoomed
    }

    /// The view box attribute to render.
    pub fn view_box(&self) -> String {
        let (width, height) = *self.size.borrow();
        self.rendered.borrow().map_or_else(|| whole(width, height), |v| v.attribute())
    }

    /// The element's size as the style sheet should give it: the frozen window while zoomed,
    /// else no wider than the drawing at full size.
    pub fn style(&self) -> String {
        match *self.zoomed {
            Some((width, height)) => format!("width: {width}px; height: {height}px"),
            None => format!("max-width: {}px", self.size.borrow().0.ceil()),
        }
    }
}

/// How much one step of the zoom buttons or keys zooms.
const ZOOM_STEP: f64 = 1.5;

/// What the page's keys ask of the drawing on screen: `+` and `-` zoom, `0` fits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Zoom {
    In,
    Out,
    Fit,
}

impl Zoom {
    /// The zoom a key asks for, if any.
    pub fn of_key(key: &str) -> Option<Zoom> {
        match key {
            "+" | "=" => Some(Zoom::In),
            "-" | "_" => Some(Zoom::Out),
            "0" => Some(Zoom::Fit),
            _ => None,
        }
    }
}

/// The drawing on screen's viewer, for the page's one key listener: the drawing sets it while
/// it is shown.
#[derive(Clone, Default)]
pub struct Zoomer(Rc<RefCell<Option<Viewer>>>);

impl PartialEq for Zoomer {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Zoomer {
    /// Zooms the drawing on screen, if there is one.
    pub fn zoom(&self, zoom: Zoom) {
        // Taken out first: zooming renders, and the render may set the viewer again.
        let Some(viewer) = self.0.borrow().clone() else { return };
        viewer.zoom(zoom);
    }

    /// The drawing shown now (`None`: no drawing).
    pub fn set(&self, viewer: Option<Viewer>) {
        *self.0.borrow_mut() = viewer;
    }
}

impl Viewer {
    /// The drawing's element, once it is in the page.
    pub fn element(&self) -> Option<Element> {
        self.svg.cast::<Element>()
    }

    /// Sends the pointer's events to the drawing while it drags.
    pub fn capture(&self, pointer: i32) {
        if let Some(element) = self.svg.cast::<Element>() {
            let _ = element.set_pointer_capture(pointer);
        }
    }
}
