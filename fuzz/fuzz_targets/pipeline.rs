//! The whole engine pipeline on arbitrary text: source → parse → graph → evaluate → timeline →
//! layout → exports, and the typeset program. Any panic is a bug.
#![no_main]

use std::collections::HashMap;

use gradgraph_engine::graph::Granularity;
use gradgraph_engine::timeline::explain;
use gradgraph_engine::{analyze, export, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the options; the rest is the program.
    let Some((&flags, text)) = data.split_first() else { return };
    let source = String::from_utf8_lossy(text);
    let options = Options {
        sharing: flags & 1 == 0,
        granularity: if flags & 2 == 0 { Granularity::Operations } else { Granularity::Statements },
        output: (flags & 4 != 0).then(|| "u1".to_string()),
    };
    let at = if flags & 8 != 0 { HashMap::from([("x".to_string(), -0.0)]) } else { HashMap::new() };
    let Ok(analysis) = analyze(&source, &options, &at) else { return };
    for statement in &analysis.program.statements {
        let _ = gradgraph_engine::typeset::statement(statement, &|name| at.get(name).copied());
    }
    let timeline = &analysis.evaluation.timeline;
    for step in [0, 1, timeline.len() / 2, timeline.len().saturating_sub(1), timeline.len(), timeline.len() + 1] {
        let _ = timeline.frame(step);
        let _ = explain(&analysis.graph, timeline, step);
    }
    let _ = export::dot(&analysis.graph);
    for d in &analysis.diagnostics {
        let _ = d.render(&source);
        let _ = d.range(&source);
    }
});
