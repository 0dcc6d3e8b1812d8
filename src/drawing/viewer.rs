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

use super::viewport::{detail, opened_detail, wheel_factor, Detail, ViewBox};
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
    /// The view's state, kept across renders (one hook: each hook's type costs the page its
    /// own copy of yew's hook code).
    c: Rc<Cells>,
    /// Renders the view box once a gesture has paused.
    settle: Rc<RefCell<Option<Timeout>>>,
    zoomed: UseStateHandle<Option<(f64, f64)>>,
    redraw: UseForceUpdateHandle,
}

/// What the viewer keeps across renders.
struct Cells {
    /// The view being shown (`None`: fitted).
    view: Cell<Option<ViewBox>>,
    /// The view box rendered, which the transform starts from (`None`: fitted).
    rendered: Cell<Option<ViewBox>>,
    /// The transform applied now: translation in pixels, then scale.
    moved: Cell<(f64, f64, f64)>,
    /// The level of detail.
    level: Cell<Detail>,
    room: Cell<Option<(f64, f64)>>,
    /// The whole drawing's size, in drawing units.
    size: Cell<(f64, f64)>,
    /// The least scale at which the drawing's text can be read (see [`legible_scale`]).
    legible: Cell<f64>,
    /// What a drawing too big to read whole opens on: the current step's node or edge, or its
    /// first node (`None`: its top left corner).
    anchor: Cell<Option<Bounds>>,
    /// What the page says of the view: a drawing too big to read whole shown in part as it
    /// opened (until the reader zooms or fits), or shown whole too small to read.
    note: Cell<Option<Note>>,
    /// The drawing's number of nodes: one too big to draw legibly at once opens whole.
    nodes: Cell<usize>,
    /// The layout whose level of detail was guessed before it was first drawn.
    levelled: RefCell<Option<Rc<Layout>>>,
    /// The pointers down on the drawing: id and last place (see `gestures`).
    pointers: RefCell<Vec<(i32, f64, f64)>>,
    /// Whether the last press became a drag (whose end is not a click).
    dragged: Cell<bool>,
}

/// A box in drawing units: left, top, right, bottom.
pub type Bounds = (f64, f64, f64, f64);

impl Cells {
    fn new(size: (f64, f64), legible: f64, nodes: usize) -> Cells {
        Cells {
            view: Cell::new(None),
            rendered: Cell::new(None),
            moved: Cell::new((0.0, 0.0, 1.0)),
            level: Cell::new(Detail::Full),
            room: Cell::new(None),
            size: Cell::new(size),
            legible: Cell::new(legible),
            anchor: Cell::new(None),
            note: Cell::new(None),
            nodes: Cell::new(nodes),
            levelled: RefCell::new(None),
            pointers: RefCell::new(Vec::new()),
            dragged: Cell::new(false),
        }
    }
}

/// How long a gesture pauses before its view box is rendered.
const SETTLE_MS: u32 = 150;

impl Viewer {
    /// The window's place and size on screen, without the gesture's transform: left, top,
    /// width, height.
    fn window(&self) -> Option<(f64, f64, f64, f64)> {
        let rect = self.svg.cast::<Element>()?.get_bounding_client_rect();
        let (tx, ty, k) = self.c.moved.get();
        let (width, height) = (rect.width() / k, rect.height() / k);
        (width > 0.0 && height > 0.0).then(|| (rect.left() - tx, rect.top() - ty, width, height))
    }

    fn fitted(&self, window: (f64, f64, f64, f64)) -> ViewBox {
        let (width, height) = self.c.size.get();
        ViewBox::fit(width, height, (window.2, window.3))
    }

    /// Renders `next` now: its view box written straight to the element, any transform gone.
    fn show(&self, next: ViewBox) {
        self.settle.borrow_mut().take();
        self.render(next);
    }

    fn render(&self, next: ViewBox) {
        self.c.view.set(Some(next));
        self.c.rendered.set(Some(next));
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
        if self.c.moved.replace((0.0, 0.0, 1.0)) != (0.0, 0.0, 1.0) {
            if let Some(element) = self.svg.cast::<SvgElement>() {
                let _ = element.style().remove_property("transform");
            }
        }
    }

    /// A step of a gesture: `next` shown by transforming what is rendered, and rendered once the
    /// gesture pauses. The first step from the fitted view renders at once (the window's size
    /// is frozen then).
    fn transform_to(&self, next: ViewBox) {
        let (Some(rendered), Some(window)) = (self.c.rendered.get(), self.window()) else {
            return self.show(next);
        };
        if next.far_from(&rendered, (window.2, window.3)) {
            return self.show(next);
        }
        self.c.view.set(Some(next));
        let (tx, ty, k) = next.transform_from(&rendered, window.2);
        self.c.moved.set((tx, ty, k));
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
        let shown = self.c.view.get();
        if let Some(view) = shown.filter(|_| self.c.moved.get() != (0.0, 0.0, 1.0)) {
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
        let view = self.c.view.get().unwrap_or_else(|| self.fitted(window));
        let scale = view.scale(window.2);
        if let Some(element) = self.svg.cast::<Element>() {
            // Read while the page's layout is fresh (its size was just read), for the next
            // drawing: the element is as high as the room the style sheet gives the drawing, and
            // as wide as its pane, or narrower (a small drawing is enlarged only so far).
            let wide = element.parent_element().map_or(window.2, |pane| f64::from(pane.client_width()));
            self.c.room.set(Some((wide.max(window.2), window.3)));
            let _ = element.set_attribute("data-scale", &format!("{}", (scale * 100.0).round() / 100.0));
        }
        // A whole drawing too small to read is said to be.
        if self.c.view.get().is_none() {
            self.set_note((scale < self.c.legible.get() - 1e-9).then_some(Note::Small));
        }
        let level = detail(scale);
        if self.c.level.replace(level) != level {
            self.redraw.force_update();
        }
    }

    /// The view zoomed by `factor` about a point on the screen.
    fn zoomed_at(&self, factor: f64, client_x: f64, client_y: f64) -> Option<ViewBox> {
        let window = self.window()?;
        let fitted = self.fitted(window);
        let current = self.c.view.get().unwrap_or(fitted);
        let (fx, fy) = ((client_x - window.0) / window.2, (client_y - window.1) / window.3);
        Some(current.zoomed(factor, fx, fy, window.2, &fitted))
    }

    /// A step of a wheel or pinch gesture.
    pub fn zoom_at(&self, factor: f64, client_x: f64, client_y: f64) {
        self.set_note(None);
        if let Some(next) = self.zoomed_at(factor, client_x, client_y) {
            self.transform_to(next);
        }
    }

    pub fn zoom_by(&self, factor: f64) {
        self.set_note(None);
        let Some(window) = self.window() else { return };
        if let Some(next) = self.zoomed_at(factor, window.0 + window.2 / 2.0, window.1 + window.3 / 2.0) {
            self.show(next);
        }
    }

    /// A step of a drag: the reader takes the view over (a new window size no longer opens
    /// the drawing again where it opened).
    pub fn pan(&self, dx: f64, dy: f64) {
        self.set_note(None);
        let Some(window) = self.window() else { return };
        let current = self.c.view.get().unwrap_or_else(|| self.fitted(window));
        self.transform_to(current.panned(dx, dy, window.2));
    }

    /// One drawing unit to one pixel, about the middle of what is shown.
    pub fn actual_size(&self) {
        let Some(window) = self.window() else { return };
        let current = self.c.view.get().unwrap_or_else(|| self.fitted(window));
        self.zoom_by(current.width / window.2);
    }

    pub fn fit(&self) {
        self.settle.borrow_mut().take();
        self.untransform();
        self.set_note(None);
        self.c.view.set(None);
        self.c.rendered.set(None);
        if let Some(element) = self.svg.cast::<Element>() {
            let (width, height) = self.c.size.get();
            // Unfrozen now rather than at the next render, so that the window measured next is
            // the room the drawing has (presenter mode may have changed it); written only if it
            // differs, as the view box below.
            let style = fitted_style(width);
            if element.get_attribute("style").as_deref() != Some(style.as_str()) {
                let _ = element.set_attribute("style", &style);
            }
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

    /// Opens a drawing: fitted whole if its text is legible so (or if it has more nodes than
    /// are drawn legibly at once, [`OPEN_WHOLE_ABOVE`]), else at the least legible scale about
    /// the anchor (the step's boxes, or the first node), within the drawing, and said so
    /// ([`Viewer::note`]).
    pub fn open(&self) {
        self.fit();
        let Some(window) = self.window() else { return };
        let legible = self.c.legible.get();
        if self.fitted(window).scale(window.2) < legible && self.c.nodes.get() <= OPEN_WHOLE_ABOVE {
            self.read_part();
        }
    }

    /// Shows the part of the drawing around the anchor at the least legible scale (the note's
    /// "Read a part" asks it of a drawing too big to open so).
    pub fn read_part(&self) {
        let Some(window) = self.window() else { return };
        let legible = self.c.legible.get();
        let (width, height) = (window.2 / legible, window.3 / legible);
        let (cx, cy) = self.c.anchor.get().map_or((0.0, 0.0), |(l, t, r, b)| ((l + r) / 2.0, (t + b) / 2.0));
        self.show(ViewBox::within(cx, cy, width, height, self.c.size.get()));
        self.set_note(Some(Note::Part));
    }

    /// What the page says of the view, if anything.
    pub fn note(&self) -> Option<Note> {
        self.c.note.get()
    }

    fn set_note(&self, note: Option<Note>) {
        if self.c.note.replace(note) != note {
            self.redraw.force_update();
        }
    }

    /// What the next drawing opens on, if it is too big to read whole (see [`Viewer::open`]).
    pub fn anchor_on(&self, anchor: Option<Bounds>) {
        self.c.anchor.set(anchor);
    }

    /// When zoomed, moves the view to the first of `boxes` (left, top, right, bottom) that fits
    /// in it, unless that box is already all shown.
    pub fn reveal(&self, boxes: &[Bounds]) {
        let Some(view) = self.c.view.get() else { return };
        let fits = |b: &&Bounds| b.2 - b.0 <= view.width && b.3 - b.1 <= view.height;
        let Some(&(left, top, right, bottom)) = boxes.iter().find(fits).or(boxes.last()) else { return };
        let (x, y, w, h) = ((left + right) / 2.0, (top + bottom) / 2.0, right - left, bottom - top);
        if !view.shows(x, y, w, h) {
            self.show(view.centred_on(x, y));
        }
    }
}

/// The fitted drawing's style: a small drawing is enlarged to fill its room, but to no more than
/// one and a half times its full size (presenter mode's style sheet lets it grow further).
fn fitted_style(width: f64) -> String {
    format!("max-width: {}px", (width * MAX_FITTED_SCALE).ceil())
}

/// What the page says of the view of a drawing too big to read whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Note {
    /// A legible part, as the drawing opened.
    Part,
    /// The whole, too small to read.
    Small,
}

/// The most nodes a drawing opens legibly in part with: every node is then drawn with its
/// numbers, off screen too, which makes each step repaint them all (42–60 ms a step at 999
/// nodes, 71–119 ms at 1 999, against the two frames' floor fitted: BENCHMARKS.md). A bigger
/// graph opens whole, the page saying it is too small to read, with a button to read a part.
pub const OPEN_WHOLE_ABOVE: usize = 1_000;

/// How much a small drawing is enlarged to fill its room, at most, outside presenter mode.
const MAX_FITTED_SCALE: f64 = 1.5;

/// The least scale at which the drawing's text (12 px, 13 in presenter mode: see the style
/// sheet) is legible on screen: 11 px on a laptop or a phone, 16 px on a projector.
pub fn legible_scale(presenter: bool) -> f64 {
    if presenter {
        16.0 / 13.0
    } else {
        11.0 / 12.0
    }
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
pub fn use_viewer(svg: NodeRef, layout: &Rc<Layout>, drawn: bool, legible: f64) -> Viewer {
    let nodes = layout.centers.len();
    let size = (layout.width.max(200.0), layout.height.max(80.0));
    let viewer = Viewer {
        svg,
        c: Rc::clone(&*use_memo((), move |_| Rc::new(Cells::new(size, legible, nodes)))),
        settle: use_mut_ref(|| None),
        // Set through handles that listeners registered once keep (their values stay those of
        // the first render), so set unconditionally: `use_state_eq` re-renders only on a change.
        zoomed: use_state_eq(|| None),
        redraw: use_force_update(),
    };
    viewer.c.size.set(size);
    viewer.c.legible.set(legible);
    viewer.c.nodes.set(nodes);
    // A new drawing is first rendered at the level of detail of its fitted view in the room the
    // last one had (it is fitted and measured once it is in the page, which corrects a wrong
    // guess): a big graph's numbers are not made only to be taken out again.
    let levelled = &viewer.c.levelled;
    if !levelled.borrow().as_ref().is_some_and(|l| Rc::ptr_eq(l, layout)) {
        *levelled.borrow_mut() = Some(Rc::clone(layout));
        if let Some((pane, tall)) = viewer.c.room.get() {
            let opening = if nodes > OPEN_WHOLE_ABOVE { 0.0 } else { legible };
            viewer.c.level.set(opened_detail(size.0, size.1, (pane, tall), opening));
        }
    }
    // A new drawing opens fitted, or legible around the step (an edit of input values alone
    // keeps the drawing, and its zoom); so does the same drawing in or out of presenter mode.
    {
        let viewer = viewer.clone();
        use_effect_with((Same(Rc::clone(layout)), legible.to_bits()), move |_| viewer.open());
    }
    // The level of detail follows the scale: set when the drawing or its sizing changes and when
    // the window is resized (pan and zoom set it as they go). Not after every render: it reads
    // the element's size, which makes the browser lay the page out while a slider moves.
    {
        let viewer = viewer.clone();
        use_effect_with((Same(Rc::clone(layout)), *viewer.zoomed), move |_| {
            viewer.update_level();
            let window = web_sys::window();
            // A new size opens a fitted drawing again, or one that opened in part: one that fitted
            // may be too small to read now, or one too big may fit.
            let listener = window.map(|window| {
                EventListener::new(&window, "resize", move |_| {
                    if viewer.c.view.get().is_none() || viewer.c.note.get() == Some(Note::Part) {
                        viewer.open();
                    } else {
                        viewer.update_level();
                    }
                })
            });
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
                    // The plain wheel scrolls the page over a fitted drawing, and over one opened
                    // in part until the reader zooms or drags it.
                    if !pinch && (viewer.c.view.get().is_none() || viewer.c.note.get() == Some(Note::Part)) {
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
        self.c.level.get()
    }

    /// The window's frozen size while zoomed (`None`: fitted).
    pub fn zoomed(&self) -> Option<(f64, f64)> {
        *self.zoomed
    }

    /// The view box attribute to render.
    pub fn view_box(&self) -> String {
        let (width, height) = self.c.size.get();
        self.c.rendered.get().map_or_else(|| whole(width, height), |v| v.attribute())
    }

    /// The element's size as the style sheet should give it: the frozen window while zoomed,
    /// else no wider than the drawing enlarged [`MAX_FITTED_SCALE`] times.
    pub fn style(&self) -> String {
        match *self.zoomed {
            Some((width, height)) => format!("width: {width}px; height: {height}px"),
            None => fitted_style(self.c.size.get().0),
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

    /// The pointers down on the drawing: id and last place.
    pub fn pointers(&self) -> &RefCell<Vec<(i32, f64, f64)>> {
        &self.c.pointers
    }

    /// Whether the last press became a drag, which its end is not a click.
    pub fn dragged(&self) -> &Cell<bool> {
        &self.c.dragged
    }

    /// Whether a click ends a drag (the end of a drag is not a click), forgetting the drag.
    pub fn ended_drag(&self) -> bool {
        self.c.dragged.replace(false)
    }

    /// Sends the pointer's events to the drawing while it drags.
    pub fn capture(&self, pointer: i32) {
        if let Some(element) = self.svg.cast::<Element>() {
            let _ = element.set_pointer_capture(pointer);
        }
    }
}
