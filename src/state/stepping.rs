//! The stepping concern: where in the timeline the page is, whether it plays and how fast,
//! and the cursor that makes a step cost what it changes.

use std::cell::RefCell;
use std::rc::Rc;

use gradgraph_engine::{Analysis, Cursor, Frame, Timeline};

use super::Action;

/// Time between steps while playing at speed 1.
pub const PLAY_INTERVAL_MS: f64 = 700.0;

/// The speeds offered for play.
pub const SPEEDS: &[f64] = &[0.25, 0.5, 1.0, 2.0, 4.0, 8.0];

#[derive(Clone)]
pub struct Stepping {
    /// How many timeline events have been applied.
    pub step: usize,
    pub playing: bool,
    /// Coarse steps: one per node visit with its increments together (fine: one per event).
    pub coarse: bool,
    /// How fast play goes, as a multiple of one step per [`PLAY_INTERVAL_MS`].
    pub speed: f64,
    /// Where the last frame was, on the analysis it was of: a cache that [`Stepping::frame`]
    /// moves (shared by the states a reducer makes from this one; any position gives the same
    /// frame).
    cursor: Rc<CursorCache>,
}

/// Where the last frame was, and the analysis it was of.
type CursorCache = RefCell<Option<(Rc<Analysis>, Cursor)>>;

impl Default for Stepping {
    fn default() -> Stepping {
        Stepping { step: 0, playing: false, coarse: false, speed: 1.0, cursor: Rc::default() }
    }
}

impl Stepping {
    /// The stepping sub-reducer for the moves that need no prediction (a step forward may wait
    /// for one: see `State::forward_one`).
    pub fn apply(&mut self, action: &Action, timeline: Option<&Timeline>) {
        let steps = timeline.map_or(0, Timeline::len);
        match *action {
            Action::Reset => self.stop_at(0, steps),
            Action::StepBack => {
                let step = match (timeline, self.coarse) {
                    (Some(timeline), true) => timeline.previous_coarse_end(self.step),
                    _ => self.step.saturating_sub(1),
                };
                self.stop_at(step, steps);
            }
            Action::ToEnd => self.stop_at(steps, steps),
            Action::TogglePlay if self.playing => self.playing = false,
            Action::TogglePlay => {
                // Playing from the end starts over.
                if self.step >= steps {
                    self.step = 0;
                }
                self.playing = steps > 0;
            }
            Action::JumpTo(step) => self.stop_at(step, steps),
            Action::ToForwardEnd => self.stop_at(timeline.map_or(0, Timeline::forward_len), steps),
            Action::SetCoarse(coarse) => self.coarse = coarse,
            Action::SetSpeed(speed) if speed.is_finite() && speed > 0.0 => self.speed = speed,
            _ => {}
        }
    }

    /// Stops playing and goes to `step`.
    fn stop_at(&mut self, step: usize, steps: usize) {
        self.playing = false;
        self.go_to(step, steps);
    }

    /// Goes to `step` (clamped to `steps`); play stops at the end.
    pub fn go_to(&mut self, step: usize, steps: usize) {
        self.step = step.min(steps);
        self.playing &= self.step < steps;
    }

    /// After the program changed from `before` steps to `after`: at the end stays at the end,
    /// so edits show their final numbers at once; elsewhere the step stays (clamped).
    pub fn follow(&mut self, before: usize, after: usize) {
        self.step = if self.step > 0 && self.step == before { after } else { self.step.min(after) };
    }

    /// What is known at the current step of `analysis`: the cursor moved there from where the
    /// last frame was (one step costs `O(1)`, not a replay from the start), or a new cursor for
    /// a new analysis.
    pub fn frame(&self, analysis: &Rc<Analysis>) -> Option<Frame> {
        let timeline = &analysis.evaluation.timeline;
        let mut cache = self.cursor.borrow_mut();
        if !cache.as_ref().is_some_and(|(of, _)| Rc::ptr_eq(of, analysis)) {
            *cache = Some((Rc::clone(analysis), Cursor::new(timeline)));
        }
        let (_, cursor) = cache.as_mut()?;
        cursor.seek(timeline, self.step);
        Some(cursor.frame().clone())
    }
}
