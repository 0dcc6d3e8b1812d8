//! Times each stage on a large program (a vector of N inputs, squared and summed):
//! `cargo run --release -p gradgraph-engine --example analyze_time [N]`. Prints the median of
//! seven runs of each stage.
use std::collections::HashMap;
use std::time::Instant;

use gradgraph_engine::{analyze, compile, layout, trace, values, Options};

fn median_ms(mut run: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..7)
        .map(|_| {
            let t = Instant::now();
            run();
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[3]
}

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let source = format!("v = [{}1.5]\ny = sum(v * v)", "1.5, ".repeat(n - 1));
    let options = Options::default();
    let at = HashMap::new();
    let graph = compile(&source, &options).graph.expect("the program compiles");
    let evaluation = trace(&graph, &at);
    let widths = layout::node_widths(&graph);
    println!("{n} inputs: {} nodes, {} events, {} characters", graph.len(), evaluation.timeline.len(), source.len());
    println!("parse     {:>9.2} ms", median_ms(|| drop(gradgraph_engine::syntax::parse(&source))));
    println!("compile   {:>9.2} ms", median_ms(|| drop(compile(&source, &options))));
    println!("values    {:>9.2} ms", median_ms(|| drop(values(&graph, &at))));
    println!("trace     {:>9.2} ms", median_ms(|| drop(trace(&graph, &at))));
    println!("layout    {:>9.2} ms", median_ms(|| drop(layout::layout(&graph, &widths))));
    println!("frame(n)  {:>9.2} ms", median_ms(|| drop(evaluation.timeline.frame(evaluation.timeline.len()))));
    println!("analyze   {:>9.2} ms", median_ms(|| drop(analyze(&source, &options, &at))));
}
