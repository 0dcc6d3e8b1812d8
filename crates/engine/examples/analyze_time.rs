//! Times each stage on a large program (a vector of N inputs, squared and summed):
//! `cargo run --release -p gradgraph-engine --example analyze_time [N]`. Prints the median of
//! seven runs of each stage.
#[path = "support/timing.rs"]
mod timing;
use std::collections::HashMap;
use timing::median_ms;

use gradgraph_engine::{analyze, compile, layout, trace, values, Options};

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let source = format!("v = [{}1.5]\ny = sum(v * v)", "1.5, ".repeat(n - 1));
    let options = Options::default();
    let at = HashMap::new();
    let graph = compile(&source, &options).graph.expect("the program compiles");
    let evaluation = trace(&graph, &at);
    let widths = layout::node_widths(&graph);
    println!("{n} inputs: {} nodes, {} events, {} characters", graph.len(), evaluation.timeline.len(), source.len());
    println!("parse     {:>9.2} ms", median_ms(7, || drop(gradgraph_engine::syntax::parse(&source))));
    println!("compile   {:>9.2} ms", median_ms(7, || drop(compile(&source, &options))));
    println!("values    {:>9.2} ms", median_ms(7, || drop(values(&graph, &at))));
    println!("trace     {:>9.2} ms", median_ms(7, || drop(trace(&graph, &at))));
    println!("layout    {:>9.2} ms", median_ms(7, || drop(layout::layout(&graph, &widths))));
    println!("frame(n)  {:>9.2} ms", median_ms(7, || drop(evaluation.timeline.frame(evaluation.timeline.len()))));
    println!("analyze   {:>9.2} ms", median_ms(7, || drop(analyze(&source, &options, &at))));
}
