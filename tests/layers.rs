//! The web app's shape, checked from its source text: its folders name its features and each
//! depends only on the layers below it, never back — `dom` and `mathml` (the browser and the
//! typeset maths) at the bottom, then `state`, then `address` (every link format: it reads and
//! writes the state, the state never knows links), then the features (`source`, `stepping`,
//! `drawing`, `selfcheck`, which may use the layers below but not each other), then `app`,
//! which composes them — and no two files import each other round a cycle. The checks run on
//! the real tree and on planted trees that break each rule.

use std::path::Path;

#[path = "../crates/engine/tests/common/layering.rs"]
mod layering;

use layering::{cycle, declared, plant, uses};

/// Each top-level module's layer: a module may mention only modules of lower layers.
const LAYERS: &[(&str, u8)] = &[
    ("dom", 0),
    ("mathml", 0),
    ("state", 1),
    ("address", 2),
    ("source", 3),
    ("stepping", 3),
    ("drawing", 3),
    ("selfcheck", 3),
    ("app", 4),
    ("lib", 5),
    ("main", 5),
];

/// Every rule the app's shape keeps, or the first one broken, in words: the layers, no cycle
/// between files, and no crate but the manifest's (never petgraph: the app goes through the
/// engine's graph).
fn check(src: &Path, manifest: &str) -> Result<(), String> {
    let found = uses(src);
    let mut declared = declared(manifest);
    // `main.rs` calls the library by the package's name.
    declared.insert(env!("CARGO_PKG_NAME").replace('-', "_"));
    for (name, files) in &found.crates {
        if name == "petgraph" || !declared.contains(name) {
            return Err(format!("{files:?} use {name}, which the app may not depend on"));
        }
    }
    let layer = |module: &str| LAYERS.iter().find(|(name, _)| *name == module).map(|(_, layer)| *layer);
    for (module, mentioned) in &found.modules {
        let Some(own) = layer(module) else { return Err(format!("{module} has no layer: add it to LAYERS")) };
        for other in mentioned {
            match layer(other) {
                Some(below) if below < own => {}
                _ => return Err(format!("{module} imports {other}, which is not below it")),
            }
        }
    }
    if let Some(cycle) = cycle(&found.files) {
        return Err(format!("a cycle between files: {cycle}"));
    }
    Ok(())
}

#[test]
fn the_app_is_layered_by_feature() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let src = root.join("src");
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    assert_eq!(check(&src, &manifest), Ok(()));
    // The scan sees the imports that are there, so that a scan that sees nothing cannot pass.
    let found = uses(&src);
    assert!(found.modules["address"].contains("state"), "{:?}", found.modules);
    assert!(found.modules["drawing"].contains("state") && found.modules["app"].contains("selfcheck"));
    assert!(
        found.files["drawing/layers"].contains("drawing/node")
            && found.files["drawing/node"].contains("drawing/labels")
    );
    assert!(found.files.len() >= 30, "{:?}", found.files.keys());
    assert!(
        ["gradgraph_engine", "yew", "web_sys", "js_sys"].iter().all(|c| found.crates.contains_key(*c)),
        "{:?}",
        found.crates
    );
}

/// Each rule fails on a tree planted to break it.
#[test]
fn the_checks_fail_on_planted_trees() {
    let manifest = "[dependencies]\ngradgraph-engine.workspace = true\nyew = \"0.23\"\n";
    let check = |src: &Path| check(src, manifest);
    let tree = |extra: &[(&'static str, &'static str)]| {
        let mut files = vec![
            ("lib.rs", "pub mod app;\npub mod state;\npub mod address;\npub mod drawing;\npub mod dom;"),
            ("dom.rs", "pub fn now() {}"),
            ("state/mod.rs", "pub struct State;\n#[cfg(test)]\nmod tests;"),
            ("state/tests.rs", "use super::*;"),
            ("address/mod.rs", "use crate::state::State;\npub mod view;"),
            ("address/view.rs", "use super::*;\nuse crate::state::{State};"),
            ("drawing/mod.rs", "pub mod view;\npub mod node;"),
            ("drawing/view.rs", "use super::node::Node;\nuse crate::{dom, state::State};"),
            ("drawing/node.rs", "pub struct Node;"),
            ("app.rs", "use crate::address;\nuse crate::drawing::view;"),
        ];
        files.extend_from_slice(extra);
        files
    };
    assert_eq!(check(&plant("web-fine", &tree(&[]))), Ok(()));
    // The state reading links again: a back-import.
    let back = plant("web-back", &tree(&[("state/link.rs", "use crate::address::view;")]));
    assert_eq!(check(&back), Err("state imports address, which is not below it".into()));
    // One feature importing another.
    let across = plant("web-across", &tree(&[("drawing/quiz.rs", "use crate::app::App;")]));
    assert_eq!(check(&across), Err("drawing imports app, which is not below it".into()));
    // Two files of one folder importing each other (the old graph_view <-> node_view).
    let circle = plant("web-circle", &tree(&[("drawing/node.rs", "use super::view::px;\npub struct Node;")]));
    assert_eq!(check(&circle), Err("a cycle between files: drawing/node -> drawing/view -> drawing/node".into()));
    let unknown = plant("web-unknown", &tree(&[("extra.rs", "use crate::state::State;")]));
    assert_eq!(check(&unknown), Err("extra has no layer: add it to LAYERS".into()));
    let petgraph = plant("web-petgraph", &tree(&[("drawing/edges.rs", "use petgraph::graph::NodeIndex;")]));
    assert_eq!(check(&petgraph), Err("{\"drawing/edges.rs\"} use petgraph, which the app may not depend on".into()));
}
