//! The engine's shape, checked from its source text: its modules import each other in one
//! direction only (a folder such as `graph/` counts as one module), and it uses no crate but
//! its declared dependencies, none of them a web crate. The checks run on the real tree and on
//! planted trees that break each rule, so they are known to be able to fail.

use std::path::Path;

#[path = "common/layering.rs"]
mod layering;

use layering::{cycle, declared, plant, uses};

/// Crates that belong to the browser: the engine must never use one.
const WEB_CRATES: &[&str] = &["yew", "web_sys", "wasm_bindgen", "js_sys", "gloo", "gloo_events", "gloo_timers"];

/// Every rule the engine's shape keeps, or the first one broken, in words.
fn check(src: &Path, manifest: &str) -> Result<(), String> {
    let found = uses(src);
    if let Some(cycle) = cycle(&found.modules) {
        return Err(format!("a cycle: {cycle}"));
    }
    let declared = declared(manifest);
    if let Some(web) = declared.iter().find(|d| WEB_CRATES.contains(&d.as_str())) {
        return Err(format!("the engine depends on the web crate {web}"));
    }
    for (name, files) in &found.crates {
        if WEB_CRATES.contains(&name.as_str()) {
            return Err(format!("the engine uses the web crate {name} in {files:?}"));
        }
        if !declared.contains(name) {
            return Err(format!("{files:?} use {name}, which is not a dependency of the engine"));
        }
    }
    Ok(())
}

#[test]
fn the_engine_is_layered_and_knows_nothing_of_the_browser() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    assert_eq!(check(&root.join("src"), &manifest), Ok(()));
    let found = uses(&root.join("src"));
    assert!(found.modules.len() >= 14, "{:?}", found.modules);
    // What the engine really uses, so a scan that sees nothing cannot pass.
    assert_eq!(found.crates.keys().map(String::as_str).collect::<Vec<_>>(), ["expect_test", "libm", "petgraph"]);
    assert!(
        found.modules["quiz"].contains("graph") && found.modules["layout"].contains("graph"),
        "{:?}",
        found.modules
    );
}

/// Each rule fails on a tree planted to break it.
#[test]
fn the_checks_fail_on_planted_trees() {
    let manifest = "[package]\nname = \"x\"\n\n[dependencies]\npetgraph.workspace = true\nlibm = \"0.2\"\n\n[dev-dependencies]\nexpect-test = \"1\"\n";
    let fine = plant(
        "fine",
        &[
            ("lib.rs", "pub mod a;\npub mod b;"),
            ("a.rs", "use crate::b::f;\nuse libm::exp;"),
            ("b/mod.rs", "mod c;\npub fn f() { c::g() }"),
            ("b/c.rs", "pub fn g() { let _ = petgraph::Direction::Outgoing; }"),
        ],
    );
    assert_eq!(check(&fine, manifest), Ok(()));
    let cycle = plant(
        "cycle",
        &[("a.rs", "use crate::b::f;"), ("b/mod.rs", "mod c;"), ("b/c.rs", "pub fn g() { crate::a::h() }")],
    );
    assert!(check(&cycle, manifest).unwrap_err().starts_with("a cycle: "), "{:?}", check(&cycle, manifest));
    let web = plant("web", &[("a.rs", "use yew::prelude::*;")]);
    assert_eq!(check(&web, manifest), Err("the engine uses the web crate yew in {\"a.rs\"}".into()));
    let path = plant("path", &[("a.rs", "fn f() { web_sys::window(); }")]);
    assert!(check(&path, manifest).unwrap_err().contains("web crate web_sys"));
    let undeclared = plant("undeclared", &[("a.rs", "fn f() -> serde::de::IgnoredAny { todo!() }")]);
    assert!(check(&undeclared, manifest).unwrap_err().contains("use serde, which is not a dependency"));
    let depends = manifest.replace("libm = \"0.2\"", "libm = \"0.2\"\nwasm-bindgen = \"0.2\"");
    assert_eq!(check(&fine, &depends), Err("the engine depends on the web crate wasm_bindgen".into()));
    let dev = manifest.replace("expect-test = \"1\"", "expect-test = \"1\"\nweb-sys = \"0.3\"");
    assert_eq!(check(&fine, &dev), Err("the engine depends on the web crate web_sys".into()));
}
