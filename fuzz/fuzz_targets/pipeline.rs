//! The whole engine pipeline on arbitrary text: source → parse → graph → evaluate → timeline →
//! layout → exports, the typeset program, practice steps and quizzes. Any panic is a bug.
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
    // Practice and quizzes: every step's prediction and hints, and the program as a quiz at
    // its own values and at the page's.
    for step in 0..=timeline.len().min(64) + 1 {
        let _ = gradgraph_engine::steps::prediction(&analysis.graph, timeline, step);
        let _ = gradgraph_engine::steps::hints(&analysis.graph, timeline, step);
    }
    if analysis.graph.len() <= 200 {
        let choices = gradgraph_engine::quiz::Choices { asked: None, decimals: (flags & 16 != 0).then_some(2) };
        let _ = gradgraph_engine::quiz::from_program(&source, u64::from(flags), &choices);
        let _ = gradgraph_engine::quiz::from_program(&gradgraph_engine::quiz::at_values(&source, &at), 1, &choices);
    }
    let _ = export::dot(&analysis.graph);
    for d in &analysis.diagnostics {
        let _ = d.render(&source);
        let _ = d.range(&source);
    }
});
