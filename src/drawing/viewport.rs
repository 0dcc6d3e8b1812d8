//! The part of the drawing in view: pan and zoom as a view box in drawing units, shown in a
//! window of fixed pixel size. Pure arithmetic, tested natively; `view.rs` wires it to
//! the pointer, the wheel, the keys and the buttons.

/// A view box in drawing units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ViewBox {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// The closest zoom: four screen pixels per drawing unit.
pub const MAX_SCALE: f64 = 4.0;
/// Below this scale the numbers in nodes are hidden; below [`FAR`] all text is.
pub const NEAR: f64 = 0.45;
pub const FAR: f64 = 0.2;

impl ViewBox {
    /// The whole drawing (`width` × `height` units) fitted, centred, into a window of
    /// `pixels` (width, height), as SVG's `xMidYMid meet` shows it.
    pub fn fit(width: f64, height: f64, pixels: (f64, f64)) -> ViewBox {
        let scale = (pixels.0 / width.max(1.0)).min(pixels.1 / height.max(1.0));
        let scale = if scale.is_finite() && scale > 0.0 { scale } else { 1.0 };
        let (w, h) = (pixels.0 / scale, pixels.1 / scale);
        ViewBox { x: (width - w) / 2.0, y: (height - h) / 2.0, width: w, height: h }
    }

    /// Screen pixels per drawing unit in a window `pixels` wide.
    pub fn scale(&self, pixels: f64) -> f64 {
        pixels / self.width.max(1e-9)
    }

    /// Zoomed by `factor` (above 1 is closer) about the point at `(fx, fy)`, fractions of the
    /// window, which stays where it is. The scale stays between the whole drawing at half its
    /// fitted size and [`MAX_SCALE`].
    pub fn zoomed(&self, factor: f64, fx: f64, fy: f64, pixels: f64, fitted: &ViewBox) -> ViewBox {
        let (fx, fy) = (fx.clamp(0.0, 1.0), fy.clamp(0.0, 1.0));
        let least = fitted.width * 2.0;
        let most = pixels / MAX_SCALE;
        let width = (self.width / factor.max(1e-6)).clamp(most.min(least), least);
        let ratio = width / self.width;
        let (px, py) = (self.x + fx * self.width, self.y + fy * self.height);
        ViewBox { x: px - fx * width, y: py - fy * self.height * ratio, width, height: self.height * ratio }
    }

    /// Moved by `(dx, dy)` screen pixels in a window `pixels` wide (the drawing follows the
    /// pointer).
    pub fn panned(&self, dx: f64, dy: f64, pixels: f64) -> ViewBox {
        let units = self.width / pixels.max(1.0);
        ViewBox { x: self.x - dx * units, y: self.y - dy * units, ..*self }
    }

    /// Whether the box `(cx, cy) ± (w/2, h/2)` is wholly in view.
    pub fn shows(&self, cx: f64, cy: f64, w: f64, h: f64) -> bool {
        cx - w / 2.0 >= self.x
            && cx + w / 2.0 <= self.x + self.width
            && cy - h / 2.0 >= self.y
            && cy + h / 2.0 <= self.y + self.height
    }

    /// A view `width` × `height` units centred on `(cx, cy)` but kept within a drawing of
    /// `whole` (width, height) units along each axis where the drawing is the bigger, and
    /// centred on the drawing along an axis where the view is.
    pub fn within(cx: f64, cy: f64, width: f64, height: f64, whole: (f64, f64)) -> ViewBox {
        let place = |centre: f64, shown: f64, whole: f64| {
            if shown >= whole {
                (whole - shown) / 2.0
            } else {
                (centre - shown / 2.0).clamp(0.0, whole - shown)
            }
        };
        ViewBox { x: place(cx, width, whole.0), y: place(cy, height, whole.1), width, height }
    }

    /// The same zoom, centred on `(cx, cy)`.
    pub fn centred_on(&self, cx: f64, cy: f64) -> ViewBox {
        ViewBox { x: cx - self.width / 2.0, y: cy - self.height / 2.0, ..*self }
    }

    /// The CSS transform `(tx, ty, k)` (translate in pixels, then scale, about the window's
    /// top left corner) under which the drawing rendered with the view box `shown` in a window
    /// `pixels` wide looks as it would with this view box. Pan and zoom move the rendered
    /// drawing this way while a gesture lasts, which the browser does without painting again.
    pub fn transform_from(&self, shown: &ViewBox, pixels: f64) -> (f64, f64, f64) {
        let scale = self.scale(pixels);
        let k = shown.width / self.width.max(1e-9);
        ((shown.x - self.x) * scale, (shown.y - self.y) * scale, k)
    }

    /// Whether the transform from `shown` is so big that it is time to render the view box
    /// itself: a zoom beyond three times either way (blurred, or mostly margin), or a pan that
    /// leaves more than two fifths of what the rendered drawing could cover uncovered. (Zooming
    /// out shows a margin around the rendered drawing until the gesture settles.)
    pub fn far_from(&self, shown: &ViewBox, pixels: (f64, f64)) -> bool {
        let (tx, ty, k) = self.transform_from(shown, pixels.0);
        let (w, h) = pixels;
        let covered = |start: f64, length: f64, window: f64| (start + length).min(window) - start.max(0.0);
        let area = covered(tx, w * k, w).max(0.0) * covered(ty, h * k, h).max(0.0);
        !(1.0 / 3.0..=3.0).contains(&k) || area < 0.6 * k.min(1.0).powi(2) * w * h
    }

    /// The view box attribute.
    pub fn attribute(&self) -> String {
        let round = |v: f64| (v * 10.0).round() / 10.0;
        format!("{} {} {} {}", round(self.x), round(self.y), round(self.width), round(self.height))
    }
}

/// The zoom factor of one wheel event: `delta_y` in pixels (or lines, `in_lines`), with Ctrl or
/// ⌘ (or a touchpad's pinch, which the browser reports so) faster than the plain wheel once
/// zoomed. A touchpad sends many small deltas and zooms smoothly; a mouse's notch (100 pixels or
/// 3 lines) would zoom e⁻¹ = 2.7 times at once, so one event zooms at most 1.25 times.
pub fn wheel_factor(delta_y: f64, in_lines: bool, pinch: bool) -> f64 {
    let pixels = if in_lines { delta_y * 16.0 } else { delta_y };
    let speed = if pinch { 0.01 } else { 0.002 };
    libm::exp(-pixels * speed).clamp(1.0 / MAX_WHEEL_STEP, MAX_WHEEL_STEP)
}

/// The most one wheel event zooms.
pub const MAX_WHEEL_STEP: f64 = 1.25;

/// How much the drawing shows: the level of detail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detail {
    /// Names and numbers.
    Full,
    /// Names without numbers.
    Names,
    /// Shapes without text.
    Shapes,
}

impl Detail {
    /// The style sheet's class for the level, if it hides anything.
    pub fn class(self) -> Option<&'static str> {
        match self {
            Detail::Full => None,
            Detail::Names => Some("lod-names"),
            Detail::Shapes => Some("lod-shapes"),
        }
    }
}

/// How much the drawing shows at a scale.
pub fn detail(scale: f64) -> Detail {
    if scale < FAR {
        Detail::Shapes
    } else if scale < NEAR {
        Detail::Names
    } else {
        Detail::Full
    }
}

/// The level of detail a drawing `width` × `height` units opens with in a room of `room`
/// pixels (width, height): fitted, or at the `legible` scale if fitting is smaller (see
/// `Viewer::open`).
pub fn opened_detail(width: f64, height: f64, room: (f64, f64), legible: f64) -> Detail {
    let room = (room.0.max(1.0), room.1.max(1.0));
    detail(ViewBox::fit(width, height, room).scale(room.0).max(legible))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wheel_notch_zooms_a_step_and_a_pinch_smoothly() {
        // A mouse's notch with Ctrl: 100 pixels, or 3 lines; e^-1 = 0.37 unclamped.
        assert_eq!(wheel_factor(100.0, false, true), 0.8);
        assert_eq!(wheel_factor(-100.0, false, true), 1.25);
        assert_eq!(wheel_factor(3.0, true, true), 0.8);
        // A touchpad's pinch: small deltas, each zooms by e^(-0.01 d) (to the last bits: the
        // page's exp is libm's).
        let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
        assert!(close(wheel_factor(2.0, false, true), (-0.02f64).exp()));
        assert!(close(wheel_factor(-5.0, false, true), 0.05f64.exp()));
        // The plain wheel once zoomed: five times slower.
        assert!(close(wheel_factor(10.0, false, false), (-0.02f64).exp()));
    }

    #[test]
    fn a_new_drawing_is_given_the_detail_it_opens_with() {
        // A small drawing fits at a legible scale.
        assert_eq!(opened_detail(300.0, 100.0, (960.0, 600.0), 0.0), Detail::Full);
        // A wide one fits at 960 / 3 000 = 0.32, names without numbers, unless it opens at a
        // legible scale.
        assert_eq!(opened_detail(3_000.0, 400.0, (960.0, 600.0), 0.0), Detail::Names);
        assert_eq!(opened_detail(3_000.0, 400.0, (960.0, 600.0), 0.9), Detail::Full);
        assert_eq!(opened_detail(30_000.0, 400.0, (960.0, 600.0), 0.0), Detail::Shapes);
        // A tall one shrinks to the room's height: 600 / 2 000 = 0.3.
        assert_eq!(opened_detail(500.0, 2_000.0, (960.0, 600.0), 0.0), Detail::Names);
        assert_eq!(opened_detail(500.0, 2_000.0, (960.0, 2_000.0), 0.0), Detail::Full);
        // No room at all is no text, not a division by zero.
        assert_eq!(opened_detail(500.0, 200.0, (0.0, 0.0), 0.0), Detail::Shapes);
    }

    #[test]
    fn fitting_centres_the_drawing_in_the_window() {
        // A wide drawing in a square window: the height grows to keep the aspect.
        let view = ViewBox::fit(1000.0, 200.0, (500.0, 500.0));
        assert_eq!(view, ViewBox { x: 0.0, y: -400.0, width: 1000.0, height: 1000.0 });
        assert_eq!(view.scale(500.0), 0.5);
    }

    #[test]
    fn zooming_keeps_the_point_under_the_pointer() {
        let fitted = ViewBox::fit(1000.0, 1000.0, (500.0, 500.0));
        let zoomed = fitted.zoomed(2.0, 0.25, 0.75, 500.0, &fitted);
        assert_eq!(zoomed.width, 500.0);
        // The point a quarter across and three quarters down is still there.
        let before = (fitted.x + 0.25 * fitted.width, fitted.y + 0.75 * fitted.height);
        let after = (zoomed.x + 0.25 * zoomed.width, zoomed.y + 0.75 * zoomed.height);
        assert_eq!(before, after);
        // Never closer than MAX_SCALE, never further than half the fitted size.
        assert_eq!(fitted.zoomed(1e9, 0.5, 0.5, 500.0, &fitted).scale(500.0), MAX_SCALE);
        assert_eq!(fitted.zoomed(1e-9, 0.5, 0.5, 500.0, &fitted).width, 2000.0);
    }

    #[test]
    fn the_gesture_transform_puts_each_point_where_the_new_view_box_would() {
        let shown = ViewBox { x: 10.0, y: 20.0, width: 200.0, height: 100.0 };
        let pixels = (400.0, 200.0);
        // The pixel of a drawing point under a view box, from the window's top left corner.
        let at = |v: &ViewBox, u: (f64, f64)| ((u.0 - v.x) * v.scale(pixels.0), (u.1 - v.y) * v.scale(pixels.0));
        for next in [shown.zoomed(1.7, 0.3, 0.8, pixels.0, &shown), shown.panned(-35.0, 12.0, pixels.0)] {
            let (tx, ty, k) = next.transform_from(&shown, pixels.0);
            for u in [(10.0, 20.0), (57.5, 61.25), (300.0, -40.0)] {
                let (px, py) = at(&shown, u);
                let (qx, qy) = at(&next, u);
                assert!((px * k + tx - qx).abs() < 1e-9 && (py * k + ty - qy).abs() < 1e-9, "{next:?} {u:?}");
            }
            assert!(!next.far_from(&shown, pixels));
        }
        assert_eq!(shown.transform_from(&shown, pixels.0), (0.0, 0.0, 1.0));
        assert!(shown.panned(161.0, 0.0, pixels.0).far_from(&shown, pixels));
        assert!(!shown.panned(159.0, 0.0, pixels.0).far_from(&shown, pixels));
        assert!(!shown.zoomed(1.0 / 2.9, 0.2, 0.9, pixels.0, &shown).far_from(&shown, pixels));
        let (far, close) = (1.0 / 3.1, 3.1);
        for k in [far, close] {
            let next = ViewBox { width: shown.width / k, height: shown.height / k, ..shown };
            assert!(next.far_from(&shown, pixels), "{k}");
        }
    }

    #[test]
    fn a_part_of_a_drawing_stays_within_it() {
        // A 400 × 300 view of a 2 000 × 200 drawing: about (1 000, 100) across, centred
        // along the height, which the view exceeds.
        assert_eq!(
            ViewBox::within(1000.0, 100.0, 400.0, 300.0, (2000.0, 200.0)),
            ViewBox { x: 800.0, y: -50.0, width: 400.0, height: 300.0 }
        );
        // Near the drawing's edges, the view moves in rather than show what is beyond.
        assert_eq!(
            ViewBox::within(0.0, 0.0, 400.0, 100.0, (2000.0, 1000.0)),
            ViewBox { x: 0.0, y: 0.0, width: 400.0, height: 100.0 }
        );
        assert_eq!(ViewBox::within(1990.0, 990.0, 400.0, 100.0, (2000.0, 1000.0)).x, 1600.0);
        assert_eq!(ViewBox::within(1990.0, 990.0, 400.0, 100.0, (2000.0, 1000.0)).y, 900.0);
    }

    #[test]
    fn panning_follows_the_pointer_and_centring_shows_a_node() {
        let view = ViewBox { x: 0.0, y: 0.0, width: 200.0, height: 100.0 };
        // At 2 units per pixel, dragging 10 px right shows 20 units further left.
        assert_eq!(view.panned(10.0, -5.0, 100.0), ViewBox { x: -20.0, y: 10.0, width: 200.0, height: 100.0 });
        assert!(!view.shows(500.0, 50.0, 20.0, 20.0));
        let centred = view.centred_on(500.0, 50.0);
        assert!(centred.shows(500.0, 50.0, 20.0, 20.0));
        assert_eq!((detail(1.0), detail(0.3), detail(0.1)), (Detail::Full, Detail::Names, Detail::Shapes));
    }
}
