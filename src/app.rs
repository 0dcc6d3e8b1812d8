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
use crate::legend::Legend;
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
    // One callback for the page's life, so that components whose other props are unchanged are
    // not drawn again.
    let dispatch = {
        let dispatcher = state.dispatcher();
        (*use_memo((), move |_| Callback::from(move |action: Action| dispatcher.dispatch(action)))).clone()
    };

    // While playing, an interval advances one step at a time; dropping it stops the timer.
    {
        let dispatch = dispatch.clone();
        use_effect_with(state.playing, move |&playing| {
            let interval = playing.then(|| Interval::new(PLAY_INTERVAL_MS, move || dispatch.emit(Action::Tick)));
            move || drop(interval)
        });
    }

    // Keys for presenting: ← → and a clicker's PageUp/PageDown step, Home and End jump, Space
    // plays; not while typing in a field or choosing in a menu.
    {
        let dispatch = dispatch.clone();
        use_effect_with((), move |_| {
            let document = web_sys::window().and_then(|w| w.document());
            let listener = document.map(|document| {
                let options = EventListenerOptions::enable_prevent_default();
                EventListener::new_with_options(&document, "keydown", options, move |event| {
                    let Some(key) = event.dyn_ref::<KeyboardEvent>() else { return };
                    match key_response(key) {
                        Key::Step(action) => {
                            event.prevent_default();
                            dispatch.emit(action);
                        }
                        Key::Swallow => event.prevent_default(),
                        Key::Native => {}
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
                    <Legend output={AttrValue::from(analysis.graph.output_name().to_string())} />
                    <Results {analysis} {frame} />
                } else {
                    <p class="empty" data-testid="empty">{ "Nothing to draw yet: fix the program on the left." }</p>
                }
            </section>
        </div>
    }
}

/// What a key press does.
enum Key {
    /// A timeline action, instead of whatever the key would do in the page.
    Step(Action),
    /// Nothing: a stepping key on a closed menu, which would otherwise change its choice.
    Swallow,
    /// What the browser does with it: typing, moving a slider, toggling a checkbox.
    Native,
}

/// The timeline's response to a key press, from where the focus is. Stepping keys work
/// anywhere but in a text or number field, a slider (whose arrows move it) and a menu; a closed
/// menu ignores them rather than change its choice (an open menu gets no key events at all).
/// Space plays from a timeline button or outside any control, and keeps its own meaning on
/// other buttons and checkboxes.
fn key_response(event: &KeyboardEvent) -> Key {
    if event.ctrl_key() || event.meta_key() || event.alt_key() || event.is_composing() {
        return Key::Native;
    }
    let action = match event.key().as_str() {
        "ArrowRight" | "PageDown" => Action::StepForward,
        "ArrowLeft" | "PageUp" => Action::StepBack,
        "Home" => Action::Reset,
        "End" => Action::ToEnd,
        " " => Action::TogglePlay,
        _ => return Key::Native,
    };
    let space = matches!(action, Action::TogglePlay);
    let target = event.target().and_then(|t| t.dyn_into::<Element>().ok());
    let Some(target) = target else { return Key::Step(action) };
    let input_type = target.get_attribute("type").unwrap_or_default().to_ascii_lowercase();
    let in_toolbar = target.closest("[role=toolbar]").ok().flatten().is_some();
    match target.tag_name().as_str() {
        "TEXTAREA" => Key::Native,
        _ if target.get_attribute("contenteditable").is_some_and(|v| v != "false") => Key::Native,
        "INPUT" if matches!(input_type.as_str(), "checkbox" | "radio" | "button" | "submit" | "reset") => {
            if space {
                Key::Native
            } else {
                Key::Step(action)
            }
        }
        "INPUT" => Key::Native,
        "SELECT" if space => Key::Native,
        "SELECT" => Key::Swallow,
        "BUTTON" | "SUMMARY" | "A" if space && !in_toolbar => Key::Native,
        _ => Key::Step(action),
    }
}
