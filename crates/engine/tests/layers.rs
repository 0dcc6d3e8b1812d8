//! The engine's shape, checked from its source text: its modules import each other in one
//! direction only (a folder such as `graph/` counts as one module), and it uses no crate but
//! its declared dependencies, none of them a web crate. The checks run on the real tree and on
//! planted trees that break each rule, so they are known to be able to fail.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Crates that belong to the browser: the engine must never use one.
const WEB_CRATES: &[&str] = &["yew", "web_sys", "wasm_bindgen", "js_sys", "gloo", "gloo_events", "gloo_timers"];

/// Names before `::` that are not crates: the language's own roots, lint tools (`clippy::` in an
/// attribute) and the primitive types.
const NOT_CRATES: &[&str] = &[
    "crate", "self", "super", "std", "core", "alloc", "clippy", "rustfmt", "rustdoc", "f64", "f32", "u8", "u16", "u32",
    "u64", "usize", "i8", "i16", "i32", "i64", "isize", "char", "str", "bool", "u128", "i128",
];

/// What the source says about dependencies.
#[derive(Debug, Default)]
struct Uses {
    /// Top-level module → the top-level modules it mentions.
    modules: BTreeMap<String, BTreeSet<String>>,
    /// Crate name → the files that use it.
    crates: BTreeMap<String, BTreeSet<String>>,
}

/// Every `.rs` file below `src`, with its text, comments left out (a doc link to another module
/// is not a dependency).
fn sources(src: &Path) -> Vec<(PathBuf, String)> {
    let mut files = vec![src.to_path_buf()];
    let mut out = Vec::new();
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            let code: Vec<&str> = text.lines().filter(|line| !line.trim_start().starts_with("//")).collect();
            out.push((path, code.join("\n")));
        }
    }
    out
}

/// The identifier that ends just before byte `end` of `text`, if any.
fn identifier_before(text: &str, end: usize) -> &str {
    let start = text[..end].rfind(|c: char| !(c.is_alphanumeric() || c == '_')).map_or(0, |i| i + 1);
    &text[start..end]
}

fn uses(src: &Path) -> Uses {
    let files = sources(src);
    // Every module's own name, at any depth: `order::` inside `layout/` is not a crate.
    let own: BTreeSet<String> = files
        .iter()
        .flat_map(|(path, _)| {
            path.strip_prefix(src).unwrap().iter().map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        })
        .collect();
    let mut found = Uses::default();
    for (path, text) in &files {
        let relative = path.strip_prefix(src).unwrap();
        let module = relative.iter().next().unwrap().to_string_lossy().trim_end_matches(".rs").to_string();
        let used = found.modules.entry(module.clone()).or_default();
        for (i, _) in text.match_indices("crate::") {
            let name: String = text[i + 7..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if !name.is_empty() && name != module && name.chars().next().is_some_and(char::is_lowercase) {
                used.insert(name);
            }
        }
        // `use crate::{a, b}` lists.
        for (i, _) in text.match_indices("crate::{") {
            let list: String = text[i + 8..].chars().take_while(|&c| c != '}').collect();
            for name in list.split(',').map(|n| n.trim().split("::").next().unwrap_or("").to_string()) {
                if !name.is_empty() && name != module {
                    used.insert(name);
                }
            }
        }
        // The root of every path (`yew::` not preceded by `::`), and `use name;` / `extern crate`.
        let is_crate = |name: &str| {
            name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                && !NOT_CRATES.contains(&name)
                && !own.contains(name)
        };
        let mut crates: Vec<&str> = Vec::new();
        for (i, _) in text.match_indices("::") {
            let name = identifier_before(text, i);
            // Not a path's continuation (`a::b::`) nor a turbofish (`collect::<T>`).
            let root = !text[..i - name.len()].ends_with("::") && !text[i + 2..].starts_with('<');
            if root && is_crate(name) {
                crates.push(name);
            }
        }
        for line in text.lines().map(str::trim) {
            let rest = line.strip_prefix("use ").or_else(|| line.strip_prefix("extern crate "));
            let name = rest.map_or("", |r| r.trim_end_matches(';').split("::").next().unwrap_or("").trim());
            if is_crate(name) {
                crates.push(name);
            }
        }
        for name in crates {
            found.crates.entry(name.to_string()).or_default().insert(relative.display().to_string());
        }
    }
    found
}

/// The crates a manifest's `[dependencies]` and `[dev-dependencies]` tables name (dashes as
/// underscores); the compiler keeps the dev-dependencies out of everything but tests.
fn declared(manifest: &str) -> BTreeSet<String> {
    let mut in_table = false;
    let mut names = BTreeSet::new();
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_table = line == "[dependencies]" || line == "[dev-dependencies]";
        } else if in_table && !line.is_empty() && !line.starts_with('#') {
            if let Some((key, _)) = line.split_once('=') {
                // `petgraph.workspace = true` names petgraph.
                let name = key.split('.').next().unwrap_or(key);
                names.insert(name.trim().replace('-', "_"));
            }
        }
    }
    names
}

/// Every rule the engine's shape keeps, or the first one broken, in words.
fn check(src: &Path, manifest: &str) -> Result<(), String> {
    let found = uses(src);
    // Depth-first search for a path back to the start.
    for start in found.modules.keys() {
        let mut stack: Vec<Vec<&String>> = vec![vec![start]];
        let mut seen = BTreeSet::new();
        while let Some(path) = stack.pop() {
            let last = *path.last().unwrap();
            for next in found.modules.get(last).into_iter().flatten() {
                if next == start {
                    let path: Vec<&str> = path.iter().map(|m| m.as_str()).collect();
                    return Err(format!("a cycle: {} -> {next}", path.join(" -> ")));
                }
                if seen.insert(next) {
                    let mut longer = path.clone();
                    longer.push(next);
                    stack.push(longer);
                }
            }
        }
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
}

/// Each rule fails on a tree planted to break it.
#[test]
fn the_checks_fail_on_planted_trees() {
    let manifest = "[package]\nname = \"x\"\n\n[dependencies]\npetgraph.workspace = true\nlibm = \"0.2\"\n\n[dev-dependencies]\nexpect-test = \"1\"\n";
    let plant = |name: &str, files: &[(&str, &str)]| {
        let dir = std::env::temp_dir().join(format!("gradgraph-layers-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for (path, text) in files {
            let file = dir.join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, text).unwrap();
        }
        dir
    };
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
    let manifest_web = format!("{manifest}\n[dependencies.more]\n");
    assert_eq!(check(&fine, &manifest_web), Ok(()));
    let depends = manifest.replace("libm = \"0.2\"", "libm = \"0.2\"\nwasm-bindgen = \"0.2\"");
    assert_eq!(check(&fine, &depends), Err("the engine depends on the web crate wasm_bindgen".into()));
    let dev = manifest.replace("expect-test = \"1\"", "expect-test = \"1\"\nweb-sys = \"0.3\"");
    assert_eq!(check(&fine, &dev), Err("the engine depends on the web crate web_sys".into()));
}
