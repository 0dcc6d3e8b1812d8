//! Reset, step back, play/pause, step forward, jump to the end, and the step counter.

use yew::prelude::*;

use crate::state::Action;

#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    pub step: usize,
    pub steps: usize,
    pub playing: bool,
    pub on_action: Callback<Action>,
}

/// Icons as SVG paths in a 16×16 box, so they look the same whatever fonts the machine has.
mod icon {
    pub const RESET: &str = "M3 2h2v12H3zM14 2v12L6 8z";
    pub const BACK: &str = "M13 2v12L5 8zM3 2h2v12H3z";
    pub const PLAY: &str = "M4 2v12l10-6z";
    pub const PAUSE: &str = "M3 2h4v12H3zM9 2h4v12H9z";
    pub const FORWARD: &str = "M3 2v12l8-6zM11 2h2v12h-2z";
    pub const END: &str = "M2 2v12l8-6zM11 2h2v12h-2z";
}

#[component]
pub fn Controls(props: &ControlsProps) -> Html {
    let button = |testid: &'static str,
                  icon: &'static str,
                  label: &'static str,
                  title: &'static str,
                  action: fn() -> Action,
                  enabled: bool| {
        let onclick = props.on_action.reform(move |_: MouseEvent| action());
        html! {
            <button data-testid={testid} {title} disabled={!enabled} {onclick}>
                <svg class="icon" viewBox="0 0 16 16" aria-hidden="true"><path d={icon} /></svg>
                <span>{ label }</span>
            </button>
        }
    };
    let at_start = props.step == 0;
    let at_end = props.step >= props.steps;
    let (play_icon, play_label) = if props.playing { (icon::PAUSE, "Pause") } else { (icon::PLAY, "Play") };
    html! {
        <div class="controls" role="toolbar" aria-label="Timeline">
            { button("reset", icon::RESET, "Reset", "Reset to the start", || Action::Reset, !at_start) }
            { button("step-back", icon::BACK, "Back", "Step back", || Action::StepBack, !at_start) }
            { button("play", play_icon, play_label, play_label, || Action::TogglePlay, props.steps > 0) }
            { button("step-forward", icon::FORWARD, "Step", "Step forward", || Action::StepForward, !at_end) }
            { button("to-end", icon::END, "End", "Jump to the end", || Action::ToEnd, !at_end) }
            <span class="step" data-testid="step" aria-label="Step">{ format!("{} / {}", props.step, props.steps) }</span>
            <span class="keys" aria-hidden="true">{ "Keys: ← → (PgUp PgDn) step · Home End · Space plays" }</span>
        </div>
    }
}
