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

#[component]
pub fn Controls(props: &ControlsProps) -> Html {
    let button =
        |testid: &'static str, label: &'static str, title: &'static str, action: fn() -> Action, enabled: bool| {
            let onclick = props.on_action.reform(move |_: MouseEvent| action());
            html! {
                <button data-testid={testid} {title} aria-label={title} disabled={!enabled} {onclick}>{ label }</button>
            }
        };
    let at_start = props.step == 0;
    let at_end = props.step >= props.steps;
    let (play_label, play_title) = if props.playing { ("⏸", "Pause") } else { ("▶", "Play") };
    html! {
        <div class="controls" role="toolbar" aria-label="Timeline">
            { button("reset", "⏮", "Reset to the start", || Action::Reset, !at_start) }
            { button("step-back", "◀", "Step back", || Action::StepBack, !at_start) }
            { button("play", play_label, play_title, || Action::TogglePlay, props.steps > 0) }
            { button("step-forward", "▶|", "Step forward", || Action::StepForward, !at_end) }
            { button("to-end", "⏭", "Jump to the end", || Action::ToEnd, !at_end) }
            <span class="step" data-testid="step" aria-label="Step">{ format!("{} / {}", props.step, props.steps) }</span>
        </div>
    }
}
