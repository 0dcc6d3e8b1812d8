//! The timeline's controls: reset, step back, play/pause, step forward, the end of the forward
//! pass and the end; a scrubber over every step with the forward/backward boundary marked; the
//! step size, the speed, presenter mode and the link to this view.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::view_choice::view_choice;
use crate::state::{Action, View, SPEEDS};

#[derive(PartialEq)]
pub struct ControlsProps {
    pub step: usize,
    pub steps: usize,
    /// The last step of the forward pass.
    pub forward_len: usize,
    pub playing: bool,
    pub coarse: bool,
    pub speed: f64,
    pub presenter: bool,
    /// What the stage shows, when there is a graph to show.
    pub view: Option<View>,
    pub on_action: Callback<Action>,
    /// Copies the link to this view.
    pub on_copy_link: Callback<()>,
    /// Said after the link was copied.
    pub copied: bool,
}

/// Icons as SVG paths in a 16×16 box, so they look the same whatever fonts the machine has.
mod icon {
    pub const RESET: &str = "M3 2h2v12H3zM14 2v12L6 8z";
    pub const BACK: &str = "M13 2v12L5 8zM3 2h2v12H3z";
    pub const PLAY: &str = "M4 2v12l10-6z";
    pub const PAUSE: &str = "M3 2h4v12H3zM9 2h4v12H9z";
    pub const FORWARD: &str = "M3 2v12l8-6zM11 2h2v12h-2z";
    pub const HALF: &str = "M2 2v12l8-6zM11 2h2v12h-2zM14 7h2v2h-2z";
    pub const END: &str = "M2 2v12l8-6zM11 2h2v12h-2z";
}

/// A timeline button, its action named as its test hook is (see `state::control`). Not inlined:
/// each call would be a copy of the element's construction.
#[inline(never)]
fn button(testid: &'static str, icon: &'static str, label: &'static str, title: &'static str, enabled: bool) -> Html {
    html! {
        <button data-testid={testid} data-action={testid} {title} disabled={!enabled}>
            <svg class="icon" viewBox="0 0 16 16" aria-hidden="true"><path d={icon} /></svg>
            <span>{ label }</span>
        </button>
    }
}

/// Drawn by a plain function, not a component: each component costs the page its own copy
/// of yew's lifecycle code.
pub fn controls(props: &ControlsProps) -> Html {
    let at_start = props.step == 0;
    let at_end = props.step >= props.steps;
    let (play_icon, play_label) = if props.playing { (icon::PAUSE, "Pause") } else { (icon::PLAY, "Play") };
    let on_scrub = props.on_action.reform(|event: InputEvent| {
        let value = event.target_unchecked_into::<HtmlInputElement>().value_as_number();
        Action::JumpTo(if value.is_finite() && value >= 0.0 { value as usize } else { 0 })
    });
    let copy = props.on_copy_link.reform(|_: MouseEvent| ());
    // Where the backward pass begins along the scrubber, as a percentage of its length.
    let boundary = if props.steps == 0 { 0.0 } else { 100.0 * props.forward_len as f64 / props.steps as f64 };
    html! {
        <div class="timeline">
            <div class="controls" role="toolbar" aria-label="Timeline">
                { button("reset", icon::RESET, "Reset", "Reset to the start (Home)", !at_start) }
                { button("step-back", icon::BACK, "Back", "Step back (←)", !at_start) }
                { button("play", play_icon, play_label, "Play or pause (Space)", props.steps > 0) }
                { button("step-forward", icon::FORWARD, "Step", "Step forward (→)", !at_end) }
                { button("to-forward-end", icon::HALF, "Forward done", "Jump to the end of the forward pass",
                    props.step != props.forward_len) }
                { button("to-end", icon::END, "End", "Jump to the end (End)", !at_end) }
                <span class="step" data-testid="step" aria-label="Step">{ format!("{} / {}", props.step, props.steps) }</span>
            </div>
            <div class="scrubber">
                <input type="range" data-testid="scrubber" aria-label="Step" min="0" max={props.steps.to_string()}
                    step="1" value={props.step.to_string()} oninput={on_scrub} />
                <span class="boundary" data-testid="boundary" style={format!("left: {}%", (boundary * 10.0).round() / 10.0)}
                    title="The backward pass begins here"></span>
            </div>
            <div class="pace">
                <label>
                    { "Steps " }
                    <select data-testid="step-size" data-action="step-size">
                        <option value="fine" selected={!props.coarse}>{ "one per edge" }</option>
                        <option value="coarse" selected={props.coarse}>{ "one per node" }</option>
                    </select>
                </label>
                <label>
                    { "Speed " }
                    <select data-testid="speed" data-action="speed">
                        { for SPEEDS.iter().map(|&s| html! {
                            <option key={s.to_string()} value={s.to_string()} selected={s == props.speed}>{ format!("{s}×") }</option>
                        }) }
                    </select>
                </label>
                if let Some(view) = props.view {
                    { view_choice(view) }
                }
                <button class="plain" data-testid="presenter" aria-pressed={props.presenter.to_string()} data-action="presenter"
                    title="Presenter mode: large type, the step and the algorithm (P; Esc leaves)">
                    { if props.presenter { "Leave presenter mode" } else { "Presenter mode" } }
                </button>
                <button class="plain" data-testid="quiz" data-action="quiz" data-value="medium"
                    title="A generated differentiation quiz, eight options, with the mistakes behind the wrong ones">
                    { "Quiz me" }
                </button>
                <button class="plain" data-testid="copy-link" onclick={copy} title="Copy a link that reopens this view">
                    { if props.copied { "Link copied" } else { "Copy link" } }
                </button>
                <span class="keys" aria-hidden="true">{ "Keys: ← → (PgUp PgDn) step · Home End · Space plays · P presents" }</span>
            </div>
        </div>
    }
}
