//! A crate's shape read from its source text, for the layering tests of the engine
//! (`crates/engine/tests/layers.rs`) and of the web app (`tests/layers.rs`, which includes
//! this file by path): which modules and files mention which, which crates the code uses, and
//! cycles among them. Text only, so it sees what the compiler would not reject (a `#[cfg]`'d
//! import, a doc-free mention).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Names before `::` that are not crates: the language's own roots, lint tools (`clippy::` in an
/// attribute) and the primitive types.
const NOT_CRATES: &[&str] = &[
    "crate", "self", "super", "std", "core", "alloc", "clippy", "rustfmt", "rustdoc", "f64", "f32", "u8", "u16", "u32",
    "u64", "usize", "i8", "i16", "i32", "i64", "isize", "char", "str", "bool", "u128", "i128",
];

/// What the source says about dependencies.
#[derive(Debug, Default)]
pub struct Uses {
    /// Top-level module (a folder counts as one) → the top-level modules it mentions.
    pub modules: BTreeMap<String, BTreeSet<String>>,
    /// File (its path below `src` without `.rs`, a folder's `mod.rs` as the folder) → the files
    /// it mentions.
    pub files: BTreeMap<String, BTreeSet<String>>,
    /// Crate name → the files that use it.
    pub crates: BTreeMap<String, BTreeSet<String>>,
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

/// The path of identifiers starting at byte `start` of `text` (`a::b::{c, d}` gives `a`, `b`).
fn path_at(text: &str, start: usize) -> Vec<String> {
    let mut parts = Vec::new();
    let mut rest = &text[start..];
    loop {
        let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        if name.is_empty() {
            break;
        }
        rest = &rest[name.len()..];
        parts.push(name);
        match rest.strip_prefix("::") {
            Some(more) => rest = more,
            None => break,
        }
    }
    parts
}

/// The file key of a source path below `src`: `drawing/view`, and `drawing` for `drawing/mod.rs`.
fn key(relative: &Path) -> String {
    let text = relative.with_extension("").to_string_lossy().replace('\\', "/");
    text.strip_suffix("/mod").unwrap_or(&text).to_string()
}

pub fn uses(src: &Path) -> Uses {
    let files = sources(src);
    let keys: BTreeSet<String> = files.iter().map(|(path, _)| key(path.strip_prefix(src).unwrap())).collect();
    // Every module's own name, at any depth, inline ones (`mod icon { … }`) too: `order::`
    // inside `layout/` is not a crate.
    let mut own: BTreeSet<String> =
        keys.iter().flat_map(|k| k.split('/').map(str::to_string).collect::<Vec<_>>()).collect();
    for (_, text) in &files {
        for line in text.lines().map(str::trim) {
            let line = line.strip_prefix("pub ").or_else(|| line.strip_prefix("pub(crate) ")).unwrap_or(line);
            if let Some(name) = line.strip_prefix("mod ") {
                own.insert(name.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect());
            }
        }
    }
    let mut found = Uses::default();
    for (path, text) in &files {
        let relative = path.strip_prefix(src).unwrap();
        let file = key(relative);
        let module = file.split('/').next().unwrap_or_default().to_string();
        // The folder `super::` names: a file's parent module (`drawing` for `drawing/view`; for
        // `drawing/mod.rs`, the crate root).
        let parent = if relative.ends_with("mod.rs") {
            String::new()
        } else {
            file.rsplit_once('/').map_or(String::new(), |(folder, _)| folder.to_string())
        };
        let mut mentioned_files = BTreeSet::new();
        for (root, base) in [("crate::", String::new()), ("super::", parent.clone())] {
            for (i, _) in text.match_indices(root) {
                if i > 0 && text[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':') {
                    continue;
                }
                let after = i + root.len();
                // `use crate::{a, b::c}` lists, and plain paths.
                let heads: Vec<Vec<String>> = if text[after..].starts_with('{') {
                    let list: String = text[after + 1..].chars().take_while(|&c| c != '}').collect();
                    list.split(',').map(|item| path_at(item.trim(), 0)).collect()
                } else {
                    vec![path_at(text, after)]
                };
                for head in heads {
                    let mut target = base.clone();
                    let mut deepest = None;
                    for part in head {
                        target = if target.is_empty() { part } else { format!("{target}/{part}") };
                        if keys.contains(&target) {
                            deepest = Some(target.clone());
                        }
                    }
                    if let Some(target) = deepest {
                        mentioned_files.insert(target);
                    }
                }
            }
        }
        for target in &mentioned_files {
            let top = target.split('/').next().unwrap_or_default().to_string();
            if top != module && top.chars().next().is_some_and(char::is_lowercase) {
                found.modules.entry(module.clone()).or_default().insert(top);
            }
        }
        found.modules.entry(module.clone()).or_default();
        mentioned_files.remove(&file);
        found.files.entry(file.clone()).or_default().extend(mentioned_files);
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
pub fn declared(manifest: &str) -> BTreeSet<String> {
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

/// The first cycle in `graph`, as `a -> b -> a`, if there is one.
pub fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<String> {
    for start in graph.keys() {
        let mut stack: Vec<Vec<&String>> = vec![vec![start]];
        let mut seen = BTreeSet::new();
        while let Some(path) = stack.pop() {
            let last = *path.last()?;
            for next in graph.get(last).into_iter().flatten() {
                if next == start {
                    let path: Vec<&str> = path.iter().map(|m| m.as_str()).collect();
                    return Some(format!("{} -> {next}", path.join(" -> ")));
                }
                if seen.insert(next) {
                    let mut longer = path.clone();
                    longer.push(next);
                    stack.push(longer);
                }
            }
        }
    }
    None
}

/// A source tree written to a fresh temporary folder, for the tests that show a rule fails.
pub fn plant(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("gradgraph-layers-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in files {
        let file = dir.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }
    dir
}
