//! Browser tests of the components, run in headless Chromium by `wasm-bindgen-test-runner`.
//! They read the page only through the stable `data-testid` and `data-*` hooks.
#![cfg(target_arch = "wasm32")]

use gradgraph_web::app::{App, AppProps};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the app with `program` in a fresh element and waits for it to render.
async fn mount(program: &'static str) -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root_and_props(root.clone(), AppProps { initial: program.into(), fragment: None })
        .render();
    yew::scheduler::flush().await;
    root
}

fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("nothing matches {selector}"))
}

async fn click(root: &Element, testid: &str) {
    find(root, &format!("[data-testid={testid}]")).unchecked_into::<HtmlElement>().click();
    yew::scheduler::flush().await;
}

fn attr(root: &Element, name: &str, attribute: &str) -> String {
    find(root, &format!("g[data-name='{name}']")).get_attribute(attribute).unwrap()
}

#[wasm_bindgen_test]
async fn draws_one_group_per_node_with_nothing_known_at_step_zero() {
    let root = mount("x = 2; z = 3; y = x*z + sin(x)").await;
    let nodes = root.query_selector_all("[data-testid=graph] g[data-node]").unwrap();
    assert_eq!(nodes.length(), 5);
    assert_eq!(find(&root, "[data-testid=step]").text_content().unwrap(), "0 / 16");
    assert_eq!(attr(&root, "y", "data-op"), "add");
    assert_eq!(attr(&root, "y", "data-value"), "");
    assert_eq!(attr(&root, "x", "data-adjoint"), "");
}

#[wasm_bindgen_test]
async fn controls_step_through_both_passes_and_back() {
    let root = mount("x = 2; z = 3; y = x*z + sin(x)").await;
    click(&root, "step-forward").await;
    assert_eq!(attr(&root, "x", "data-value"), "2");
    assert_eq!(attr(&root, "z", "data-value"), "");
    click(&root, "to-end").await;
    assert_eq!(find(&root, "[data-testid=step]").text_content().unwrap(), "16 / 16");
    assert_eq!(attr(&root, "y", "data-value"), "6.909297426825682");
    assert_eq!(attr(&root, "x", "data-adjoint"), "2.5838531634528574");
    assert_eq!(attr(&root, "z", "data-adjoint"), "2");
    click(&root, "step-back").await;
    assert_eq!(find(&root, "[data-testid=step]").text_content().unwrap(), "15 / 16");
    assert!(attr(&root, "z", "class").split_whitespace().any(|c| c == "current"));
    click(&root, "reset").await;
    assert_eq!(attr(&root, "y", "data-value"), "");
}

#[wasm_bindgen_test]
async fn an_invalid_program_shows_its_errors_and_no_graph() {
    let root = mount("y = (x").await;
    let diagnostics = find(&root, "[data-testid=diagnostics]").text_content().unwrap();
    assert!(diagnostics.contains("1:7: expected ')' to close the '(' at 1:5"), "{diagnostics}");
    assert!(root.query_selector("[data-testid=graph]").unwrap().is_none());
}

#[wasm_bindgen_test]
fn a_program_saved_by_the_panic_notice_is_taken_once() {
    // index.html's script saves it under this key when the WebAssembly traps (e2e/hostile.test.js).
    let storage = web_sys::window().unwrap().session_storage().unwrap().unwrap();
    storage.set_item("gradgraph-saved-program", "x = 2; y = x^2 # mine").unwrap();
    assert_eq!(gradgraph_web::take_saved_program().as_deref(), Some("x = 2; y = x^2 # mine"));
    assert_eq!(gradgraph_web::take_saved_program(), None);
}

#[wasm_bindgen_test]
async fn constants_have_no_adjoint_and_a_vector_gradient_folds() {
    let root = mount("x = [1, -2]; y = sum(x^2)").await;
    click(&root, "to-end").await;
    assert_eq!(attr(&root, "2", "data-adjoint"), "");
    assert_eq!(attr(&root, "x[1]", "data-adjoint"), "-4");
    assert_eq!(attr(&root, "x[1]", "data-final"), "true");
    assert_eq!(find(&root, "[data-testid=gradient-x]").text_content().unwrap(), "▾ dy/dx (2)[2, -4] ✓");
    let elements = |root: &Element| root.query_selector_all("[data-testid=results] tr.element").unwrap().length();
    assert_eq!(elements(&root), 2);
    find(&root, "[data-testid=gradient-x] button").unchecked_into::<HtmlElement>().click();
    yew::scheduler::flush().await;
    assert_eq!(elements(&root), 0);
    assert!(find(&root, "[data-testid=legend]").text_content().unwrap().contains("constant"));
    root.remove();
}
