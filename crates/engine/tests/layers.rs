//! The engine's modules import each other in one direction only: this reads every source file,
//! collects the `crate::module` paths it mentions, and fails on any cycle between top-level
//! modules (a folder such as `graph/` counts as one module).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Top-level module → the top-level modules it mentions.
fn dependencies() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut deps: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut files = vec![src.clone()];
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        let relative = path.strip_prefix(&src).unwrap();
        let module = relative.iter().next().unwrap().to_string_lossy().trim_end_matches(".rs").to_string();
        if module == "lib" {
            continue;
        }
        // Code only: a doc link to another module is not a dependency.
        let text: String = std::fs::read_to_string(&path)
            .unwrap()
            .lines()
            .filter(|line| !line.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        let used = deps.entry(module.clone()).or_default();
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
    }
    deps
}

#[test]
fn modules_depend_on_each_other_in_one_direction() {
    let deps = dependencies();
    assert!(deps.len() >= 14, "{deps:?}");
    // Depth-first search for a path back to the start.
    for start in deps.keys() {
        let mut stack: Vec<Vec<&String>> = vec![vec![start]];
        let mut seen = BTreeSet::new();
        while let Some(path) = stack.pop() {
            let last = *path.last().unwrap();
            for next in deps.get(last).into_iter().flatten() {
                assert!(
                    next != start,
                    "a cycle: {} -> {next}",
                    path.iter().map(|m| m.as_str()).collect::<Vec<_>>().join(" -> ")
                );
                if seen.insert(next) {
                    let mut longer = path.clone();
                    longer.push(next);
                    stack.push(longer);
                }
            }
        }
    }
    // The pure core never mentions the browser.
    assert!(!deps.values().flatten().any(|m| m == "web_sys" || m == "yew"));
}
