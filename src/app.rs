//! The page: the program and the step on the side, the controls over the drawing beside them.

use std::rc::Rc;

use gloo_events::{EventListener, EventListenerOptions};
use gloo_timers::callback::{Interval, Timeout};
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;
use yew::prelude::*;

use crate::address;
use crate::dom::{self, copy_text, full_screen, random_seed, KeyTarget};
use crate::drawing::legend::legend;
use crate::drawing::view::GraphView;
use crate::drawing::viewer::{Zoom, Zoomer};
use crate::selfcheck::practice::Practice;
use crate::selfcheck::quiz::QuizPanel;
use crate::source::diagnostics::{diagnostics, DiagnosticsProps};
use crate::source::editor::Editor;
use crate::source::examples::{examples, ExamplesProps};
use crate::source::inputs::{inputs, InputsProps};
use crate::source::options::{graph_options, GraphOptionsProps};
use crate::source::program::Math;
use crate::state::control::{self, Fresh};
use crate::state::{Action, State, View, EXAMPLE, PLAY_INTERVAL_MS};
use crate::stepping::controls::{controls, ControlsProps};
use crate::stepping::explain::{explain_step, ExplainProps};
use crate::stepping::results::Results;
use crate::stepping::step_panel::{step_panel, StepPanelProps};
use crate::stepping::story::{story, StoryProps};
use crate::stepping::table::TableView;

#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// The program the editor starts with.
    #[prop_or(AttrValue::Static(EXAMPLE))]
    pub initial: AttrValue,
    /// A link's fragment (`#s=…`) to open instead, if there is one.
    #[prop_or_default]
    pub fragment: Option<AttrValue>,
}

#[component]
pub fn App(props: &AppProps) -> Html {
    let state = {
        let initial = props.initial.clone();
        let fragment = props.fragment.clone();
        use_reducer(move || address::open(fragment.as_deref(), &initial))
    };
    // One callback for the page's life, so that components whose other props are unchanged are
    // not drawn again.
    let dispatch = {
        let dispatcher = state.dispatcher();
        (*use_memo((), move |_| Callback::from(move |action: Action| dispatcher.dispatch(action)))).clone()
    };

    // While playing, an interval advances one step at a time at the chosen speed; dropping it
    // stops the timer.
    {
        let dispatch = dispatch.clone();
        use_effect_with((state.stepping.playing, state.stepping.speed.to_bits()), move |&(playing, speed)| {
            let period = (PLAY_INTERVAL_MS / f64::from_bits(speed)).round().clamp(20.0, 10_000.0) as u32;
            let interval = playing.then(|| Interval::new(period, move || dispatch.emit(Action::Tick)));
            move || drop(interval)
        });
    }

    // Presenter mode also asks for the whole screen (while the click's or key's activation
    // lasts), following the state rather than reading the page; leaving the whole screen (Esc)
    // leaves presenter mode.
    use_effect_with(state.screen.presenter, |&presenter| full_screen(presenter));
    {
        let dispatch = dispatch.clone();
        use_effect_with((), move |_| {
            let document = web_sys::window().and_then(|w| w.document());
            let listener = document.map(|document| {
                EventListener::new(&document.clone(), "fullscreenchange", move |_| {
                    if document.fullscreen_element().is_none() {
                        dispatch.emit(Action::LeavePresenter);
                    }
                })
            });
            move || drop(listener)
        });
    }
    // The address always holds this view, a moment after it changes (browsers limit how often
    // a page may rewrite its address); dropping the timeout cancels a pending rewrite.
    // "Link copied" holds until the view changes, when the copied link no longer shows it.
    let copied = use_state_eq(|| false);
    {
        let state = state.clone();
        let copied = copied.clone();
        let quiz = state.quiz.as_ref().map(address::quiz::fragment);
        let view = (
            (
                state.program.source.clone(),
                state.program.at.clone(),
                state.program.options.clone(),
                state.stepping.step,
            ),
            // A notice too: a link pasted into the address that could not be opened is replaced
            // by this view's, so that a reload does not read it again.
            (state.stepping.coarse, state.screen.view, quiz, state.screen.notice.clone()),
        );
        use_effect_with(view, move |_| {
            copied.set(false);
            let timeout = Timeout::new(LINK_DELAY_MS, move || {
                set_address(&state);
            });
            move || drop(timeout)
        });
    }
    let on_copy_link = {
        let (copied, state) = (copied.clone(), state.clone());
        Callback::from(move |()| {
            if let Some(href) = set_address(&state) {
                copy_text(&href);
            }
            copied.set(true);
        })
    };

    // The page's one key listener: ← → and a clicker's PageUp/PageDown step, Home and End
    // jump, Space plays, P presents; + and − zoom the drawing and 0 fits it. Not while typing
    // in a field or choosing in a menu (see `key_response`).
    let zoomer = (*use_memo((), |_| Zoomer::default())).clone();
    {
        let (dispatch, zoomer) = (dispatch.clone(), zoomer.clone());
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
                        Key::Zoom(zoom) => zoomer.zoom(zoom),
                        Key::Swallow => event.prevent_default(),
                        Key::Native => {}
                    }
                })
            });
            move || drop(listener)
        });
    }

    // A link pasted into the address of this page opens as it would in a new tab: a view link
    // in place of what is shown, a quiz link over it. (The page's own rewrites of the address
    // replace it without this event.)
    {
        let dispatch = dispatch.clone();
        use_effect_with((), move |_| {
            let window = web_sys::window();
            let listener = window.map(|window| {
                EventListener::new(&window.clone(), "hashchange", move |_| {
                    let hash = window.location().hash().unwrap_or_default();
                    if hash.is_empty() {
                        return;
                    }
                    dispatch.emit(address::pasted(&hash));
                })
            });
            move || drop(listener)
        });
    }
    // The page's one click handler and one change handler for its controls (`data-action`).
    let (on_click, on_change) = {
        let emit = |change: bool| {
            let dispatch = dispatch.clone();
            move |event: Event| {
                let action = dom::control(&event, change).and_then(|(name, value)| {
                    control::action(&name, &value, Fresh { seed: random_seed(), now: dom::now() })
                });
                if let Some(action) = action {
                    dispatch.emit(action);
                }
            }
        };
        let click = emit(false);
        (Callback::from(move |event: MouseEvent| click(event.into())), Callback::from(emit(true)))
    };
    let frame = state.frame().map(Rc::new);
    let view = state.screen.shown();
    let on_edit = dispatch.reform(Action::Edit);
    let source: Rc<str> = Rc::from(state.program.source.as_str());
    // Laid out by the style sheet: on a wide screen the side column (the program and this step)
    // beside the stage (the controls over the drawing, which take the rest of the screen);
    // in presenter mode the controls, the algorithm, the step and the drawing; on a phone one
    // column, the stage right under the program.
    let analysis = state.program.analysis.clone().filter(|_| state.quiz.is_none());
    html! {
        <div class={classes!("app", state.screen.presenter.then_some("presenter"))} data-testid="app" data-source={state.program.source.clone()}
            onclick={on_click} onchange={on_change}>
            <aside class="side">
                <header class="masthead">
                    <h1>{ "Gradgraph" }</h1>
                    <p class="tagline">{ "Type a function; step through its forward and backward pass." }</p>
                </header>
                <section class="source-pane">
                    { examples(&ExamplesProps { on_action: dispatch.clone() }) }
                    <Editor
                        key={state.program.editor_revision}
                        initial={state.program.editor_text.clone().map_or_else(|| props.initial.clone(), AttrValue::from)}
                        source={Rc::clone(&source)}
                        diagnostics={state.program.diagnostics.clone()}
                        {on_edit}
                    />
                    { diagnostics(&DiagnosticsProps { source, diagnostics: &state.program.diagnostics }) }
                    <p class="teacher">
                        <button class="plain" data-testid="quiz-from-program" data-action="quiz-from-program"
                            title="A multiple-choice quiz on this program's gradient, with a link to hand out">
                            { "Make a quiz of this program" }
                        </button>
                    </p>
                </section>
                if let (Some(analysis), Some(frame)) = (analysis.clone(), frame.clone()) {
                    <section class="step-pane">
                        { step_panel(&StepPanelProps { analysis: analysis.clone(), step: state.stepping.step }) }
                        { explain_step(&ExplainProps { analysis: analysis.clone(), step: state.stepping.step }) }
                        <Practice analysis={analysis.clone()} predict={state.predictions.predict} check={state.predictions.check} asking={state.predictions.asking.clone()}
                            score={Rc::new(state.predictions.score.clone())} on_action={dispatch.clone()} />
                        if let Some(node) = state.screen.selected {
                            { story(&StoryProps { analysis: analysis.clone(), frame: Rc::clone(&frame), node }) }
                        }
                    </section>
                }
                if let Some(analysis) = state.program.analysis.clone() {
                    <section class="program-pane">
                        <Math analysis={analysis.clone()} />
                        { inputs(&InputsProps { analysis: analysis.clone(), at: &state.program.at, on_action: dispatch.clone() }) }
                        { graph_options(&GraphOptionsProps {
                            analysis,
                            sharing: state.program.options.sharing,
                            granularity: state.program.options.granularity,
                            other_node_count: state.program.other_node_count,
                            on_action: dispatch.clone(),
                        }) }
                    </section>
                }
            </aside>
            <main class="graph-pane">
                if let Some(quiz) = state.quiz.clone() {
                    <QuizPanel {quiz} on_action={dispatch.clone()} on_copy_link={on_copy_link.clone()} />
                } else {
                    <div class="stage">
                        if let Some(notice) = state.screen.notice.clone() {
                            <p class="notice" data-testid="notice" role="alert">
                                { notice }
                                <button class="link" data-action="dismiss">{ "Dismiss" }</button>
                            </p>
                        }
                        { controls(&ControlsProps {
                            step: state.stepping.step,
                            steps: state.steps(),
                            forward_len: state.program.analysis.as_ref().map_or(0, |a| a.evaluation.timeline.forward_len()),
                            playing: state.stepping.playing,
                            coarse: state.stepping.coarse,
                            speed: state.stepping.speed,
                            presenter: state.screen.presenter,
                            view: analysis.is_some().then_some(view),
                            on_action: dispatch.clone(),
                            on_copy_link,
                            copied: *copied,
                        }) }
                        if let (Some(analysis), Some(frame)) = (analysis.clone(), frame.clone()) {
                            <div class={classes!("views", (view == View::Both).then_some("both"))}>
                                if view != View::Table {
                                    <GraphView analysis={analysis.clone()} frame={Rc::clone(&frame)} selected={state.screen.selected}
                                        playing={state.stepping.playing} asked={state.asked_node()} presenter={state.screen.presenter}
                                        revision={state.program.editor_revision}
                                        on_action={dispatch.clone()} zoomer={zoomer.clone()} />
                                }
                                if view != View::Drawing {
                                    <TableView analysis={analysis.clone()} frame={Rc::clone(&frame)} selected={state.screen.selected} />
                                }
                            </div>
                        } else {
                            <p class="empty" data-testid="empty">{ "Nothing to draw yet: fix the program on the left." }</p>
                        }
                    </div>
                    if let (Some(analysis), Some(frame)) = (analysis, frame) {
                        { legend(analysis.graph.output_name()) }
                        <Results {analysis} {frame} />
                    }
                }
            </main>
        </div>
    }
}

/// What a key press does.
enum Key {
    /// A timeline action, instead of whatever the key would do in the page.
    Step(Action),
    /// Zoom the drawing on screen (as well as whatever the key does where it is).
    Zoom(Zoom),
    /// Nothing: a stepping key on a closed menu, which would otherwise change its choice.
    Swallow,
    /// What the browser does with it: typing, moving a slider, toggling a checkbox.
    Native,
}

/// The timeline's response to a key press, from where the focus is. Stepping keys work
/// anywhere but in a text or number field, a slider (whose arrows move it) and a menu; a closed
/// menu ignores them rather than change its choice (an open menu gets no key events at all).
/// Space plays from a timeline button or outside any control, and keeps its own meaning on
/// other buttons and checkboxes. The zoom keys work anywhere but in a field or a menu.
fn key_response(event: &KeyboardEvent) -> Key {
    let Some(focus) = dom::key_focus(event) else { return Key::Native };
    let key = event.key();
    if let Some(zoom) = Zoom::of_key(&key) {
        return if matches!(focus, KeyTarget::Field | KeyTarget::Menu) { Key::Native } else { Key::Zoom(zoom) };
    }
    let action = match key.as_str() {
        "ArrowRight" | "PageDown" => Action::StepForward,
        "ArrowLeft" | "PageUp" => Action::StepBack,
        "Home" => Action::Reset,
        "End" => Action::ToEnd,
        " " => Action::TogglePlay,
        "p" | "P" => Action::TogglePresenter,
        "Escape" => Action::LeavePresenter,
        _ => return Key::Native,
    };
    // Space, P and Esc mean something to buttons, checkboxes and fields: they are left alone there.
    let space = matches!(action, Action::TogglePlay | Action::TogglePresenter | Action::LeavePresenter);
    match focus {
        KeyTarget::Field => Key::Native,
        KeyTarget::Toggle | KeyTarget::Menu if space => Key::Native,
        KeyTarget::Menu => Key::Swallow,
        KeyTarget::Button { in_toolbar: false } if space => Key::Native,
        _ => Key::Step(action),
    }
}

/// How long the address waits for the view to settle before it is rewritten.
const LINK_DELAY_MS: u32 = 250;

/// Writes this view into the address (replacing, not adding, a history entry) and returns the
/// whole address.
fn set_address(state: &State) -> Option<String> {
    dom::set_fragment(&address::fragment(state)?)
}
