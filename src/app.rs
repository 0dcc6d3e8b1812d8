//! The page: editor and diagnostics on the left, the graph with its controls on the right.

use std::rc::Rc;

use gloo_events::{EventListener, EventListenerOptions};
use gloo_timers::callback::Interval;
use wasm_bindgen::JsCast;
use web_sys::{Element, KeyboardEvent};
use yew::prelude::*;

use crate::controls::Controls;
use crate::diagnostics::Diagnostics;
use crate::editor::Editor;
use crate::examples::Examples;
use crate::explain::Explain;
use crate::graph_view::GraphView;
use crate::inputs::Inputs;
use crate::math::Math;
use crate::options::GraphOptions;
use crate::results::Results;
use crate::state::{Action, State, EXAMPLE};

/// Time between steps while playing.
const PLAY_INTERVAL_MS: u32 = 700;

#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// The program the editor starts with.
    #[prop_or(AttrValue::Static(EXAMPLE))]
    pub initial: AttrValue,
}

#[component]
pub fn App(props: &AppProps) -> Html {
    let state = {
        let initial = props.initial.clone();
        use_reducer(move || State::new(&initial))
    };
    let dispatch = {
        let state = state.clone();
        Callback::from(move |action: Action| state.dispatch(action))
    };

    // While playing, an interval advances one step at a time; dropping it stops the timer.
    {
        let dispatch = dispatch.clone();
        use_effect_with(state.playing, move |&playing| {
            let interval = playing.then(|| Interval::new(PLAY_INTERVAL_MS, move || dispatch.emit(Action::Tick)));
            move || drop(interval)
        });
    }

    // Keys for presenting: ← and → step, Home and End jump, Space plays; not while typing.
    {
        let dispatch = dispatch.clone();
        use_effect_with((), move |_| {
            let document = web_sys::window().and_then(|w| w.document());
            let listener = document.map(|document| {
                let options = EventListenerOptions::enable_prevent_default();
                EventListener::new_with_options(&document, "keydown", options, move |event| {
                    if let Some(action) = event.dyn_ref::<KeyboardEvent>().and_then(key_action) {
                        event.prevent_default();
                        dispatch.emit(action);
                    }
                })
            });
            move || drop(listener)
        });
    }

    let frame = state.frame().map(Rc::new);
    let on_edit = dispatch.reform(Action::Edit);
    let source: Rc<str> = Rc::from(state.source.as_str());
    html! {
        <div class="app" data-testid="app" data-source={state.source.clone()}>
            <header class="masthead">
                <h1>{ "Gradgraph" }</h1>
                <p class="tagline">{ "Type a function; step through its forward and backward pass." }</p>
            </header>
            <section class="source-pane">
                <Examples on_action={dispatch.clone()} />
                <Editor
                    key={state.editor_revision}
                    initial={state.editor_text.clone().map_or_else(|| props.initial.clone(), AttrValue::from)}
                    source={Rc::clone(&source)}
                    diagnostics={state.diagnostics.clone()}
                    {on_edit}
                />
                <Diagnostics {source} diagnostics={state.diagnostics.clone()} />
                if let Some(analysis) = state.analysis.clone() {
                    <Math analysis={analysis.clone()} />
                    <Inputs analysis={analysis.clone()} at={state.at.clone()} on_action={dispatch.clone()} />
                    <GraphOptions
                        {analysis}
                        sharing={state.options.sharing}
                        granularity={state.options.granularity}
                        other_node_count={state.other_node_count}
                        on_action={dispatch.clone()}
                    />
                }
            </section>
            <section class="graph-pane">
                <Controls step={state.step} steps={state.steps()} playing={state.playing} on_action={dispatch.clone()} />
                if let (Some(analysis), Some(frame)) = (state.analysis.clone(), frame) {
                    <Explain analysis={analysis.clone()} step={state.step} />
                    <GraphView analysis={analysis.clone()} frame={Rc::clone(&frame)} />
                    <Results {analysis} {frame} />
                } else {
                    <p class="empty" data-testid="empty">{ "Nothing to draw yet: fix the program on the left." }</p>
                }
            </section>
        </div>
    }
}

/// The timeline action of a key press, unless the user is typing in a field or holds a modifier.
fn key_action(event: &KeyboardEvent) -> Option<Action> {
    if event.ctrl_key() || event.meta_key() || event.alt_key() {
        return None;
    }
    let target = event.target().and_then(|t| t.dyn_into::<Element>().ok());
    if target.is_some_and(|e| matches!(e.tag_name().as_str(), "TEXTAREA" | "INPUT" | "SELECT" | "BUTTON")) {
        return None;
    }
    Some(match event.key().as_str() {
        "ArrowRight" => Action::StepForward,
        "ArrowLeft" => Action::StepBack,
        "Home" => Action::Reset,
        "End" => Action::ToEnd,
        " " => Action::TogglePlay,
        _ => return None,
    })
}
