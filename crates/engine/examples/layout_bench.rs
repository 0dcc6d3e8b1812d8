//! The layout on the benchmark graphs: `cargo run --release -p gradgraph-engine --example
//! layout_bench [--json DIR] [--svg DIR] [--only NAME (a whole name, or a part of names)] [--no-groups] [--no-ports]`. Prints, for each graph, its size, the median time of five
//! layouts, the crossings (counted on the drawn curves) and the edges passing through a node.
//! With `--json DIR`, also writes each graph (node sizes, edges with slots, groups) as JSON
//! for `e2e/bench-layout.js`, which lays the same graphs out with dagre and ELK. `--no-groups`
//! and `--no-ports` drop the two constraints dagre does not have: vectors and matrices kept
//! together, and edges arriving in argument order (every edge then has one slot).
#[path = "support/timing.rs"]
mod timing;
use std::fmt::Write;
use timing::median_ms;

use gradgraph_engine::layout::{self, measure, Input, Settings};
use gradgraph_engine::{compile, Options};

#[path = "../tests/common/families.rs"]
mod families;

/// The programs of the first measurement (issue 9), through the language.
pub const PROGRAMS: &[(&str, &str)] = &[
    ("lecture quiz", "x = 2\nz = 3\ny = exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)"),
    (
        "micrograd more_ops",
        "a = -4\nb = 2\nc = a + b\nd = a*b + b^3\nc1 = c + c + 1\nc2 = c1 + 1 + c1 + (-a)\nd1 = d + d*2 + relu(b + a)\nd2 = d1 + 3*d1 + relu(b - a)\ne = c2 - d2\nf = e^2\ng = f/2 + 10/f",
    ),
    (
        "logistic regression, D = 3",
        "theta = [0.5, -1, 2]\nx = [1, 2, 3]\nystar = 1\nq = sigmoid(dot(theta, x))\nJ = ystar*log(q) + (1 - ystar)*log(1 - q)",
    ),
];

/// A network of `tanh(W @ x)` layers with the given widths, as a program.
pub fn network_program(widths: &[usize]) -> String {
    let mut text = String::new();
    let values = |n: usize, k: usize| {
        (0..n).map(|i| format!("{}", ((i * 7 + k * 3) % 11) as f64 / 10.0 - 0.5)).collect::<Vec<_>>()
    };
    let _ = writeln!(text, "x = [{}]", values(widths[0], 0).join(", "));
    let mut previous = "x".to_string();
    for (layer, pair) in widths.windows(2).enumerate() {
        let rows: Vec<String> = (0..pair[1]).map(|r| format!("[{}]", values(pair[0], r + layer).join(", "))).collect();
        let _ = writeln!(text, "W{} = [{}]", layer + 1, rows.join(", "));
        let _ = writeln!(text, "h{} = tanh(W{} @ {previous})", layer + 1, layer + 1);
        previous = format!("h{}", layer + 1);
    }
    let _ = writeln!(text, "y = sum({previous})");
    text
}

/// The same network written with scalars, as micrograd's neurons are: `h0_1 = tanh(w0_1_0*x0 +
/// w0_1_1*x1 + … + b0_1)`, and the output the sum of the last layer.
pub fn scalar_network_program(widths: &[usize]) -> String {
    let mut text = String::new();
    let mut previous: Vec<String> = (0..widths[0]).map(|j| format!("x{j}")).collect();
    for (j, x) in previous.iter().enumerate() {
        let _ = writeln!(text, "{x} = {}", ((j * 7) % 11) as f64 / 10.0 - 0.5);
    }
    for (layer, pair) in widths.windows(2).enumerate() {
        let mut next = Vec::new();
        for i in 0..pair[1] {
            let terms: Vec<String> =
                previous.iter().enumerate().map(|(j, p)| format!("w{layer}_{i}_{j}*{p}")).collect();
            let _ = writeln!(text, "h{layer}_{i} = tanh({} + b{layer}_{i})", terms.join(" + "));
            next.push(format!("h{layer}_{i}"));
        }
        previous = next;
    }
    let _ = writeln!(text, "y = {}", previous.join(" + "));
    text
}

fn graphs() -> Vec<(String, Input)> {
    let mut out = Vec::new();
    let mut programs: Vec<(String, String)> = PROGRAMS.iter().map(|(n, p)| (n.to_string(), p.to_string())).collect();
    programs.push(("3-4-4-1 network".into(), network_program(&[3, 4, 4, 1])));
    programs.push(("scalar 3-4-1 network".into(), scalar_network_program(&[3, 4, 1])));
    programs.push(("scalar 4-8-8-1 network".into(), scalar_network_program(&[4, 8, 8, 1])));
    programs.push(("6-12-12-1 network".into(), network_program(&[6, 12, 12, 1])));
    // The page's own benchmark (e2e/bench.js): a vector in one frame, squared and summed.
    programs.push(("sum(v * v), 334 inputs".into(), families::sum_of_squares(334)));
    for (name, program) in programs {
        let graph = compile(&program, &Options::default()).graph.expect("the benchmark programs compile");
        out.push((name, layout::input(&graph, &layout::node_widths(&graph))));
    }
    for nodes in [100, 1_000, 10_000] {
        for (family, input) in families::families(nodes, 7) {
            out.push((format!("{family} {nodes}"), input));
        }
    }
    out
}

fn json(input: &Input) -> String {
    let mut text = String::from("{\"nodes\":[");
    for (i, s) in input.sizes.iter().enumerate() {
        let group = input.groups.get(i).copied().flatten().map_or("null".to_string(), |g| g.to_string());
        let _ = write!(
            text,
            "{}{{\"width\":{},\"height\":{},\"group\":{group}}}",
            if i > 0 { "," } else { "" },
            s.width,
            s.height
        );
    }
    text.push_str("],\"edges\":[");
    for (i, e) in input.edges.iter().enumerate() {
        let _ = write!(text, "{}[{},{},{},{}]", if i > 0 { "," } else { "" }, e.from, e.to, e.port, e.ports);
    }
    let _ = write!(text, "],\"last\":{}}}", input.last.map_or("null".to_string(), |l| l.to_string()));
    text
}

fn svg(placed: &layout::Layout) -> String {
    let mut text = format!(
        "<svg xmlns='http://www.w3.org/2000/svg' width='{}' height='{}' style='background:white'>",
        placed.width, placed.height
    );
    for (i, (c, (w, h))) in placed.centers.iter().zip(placed.widths.iter().zip(&placed.heights)).enumerate() {
        let _ = write!(
            text,
            "<rect x='{}' y='{}' width='{w}' height='{h}' fill='#eef' stroke='#446'/><text x='{}' y='{}' font-size='12'>{i}</text>",
            c.x - w / 2.0,
            c.y - h / 2.0,
            c.x - w / 2.0 + 4.0,
            c.y
        );
    }
    for route in &placed.routes {
        let mut d = String::new();
        for (k, c) in route.cubics().iter().enumerate() {
            if k == 0 {
                let _ = write!(d, "M{},{} ", c[0].x, c[0].y);
            }
            let _ = write!(d, "C{},{} {},{} {},{} ", c[1].x, c[1].y, c[2].x, c[2].y, c[3].x, c[3].y);
        }
        let _ = write!(text, "<path d='{d}' fill='none' stroke='#c33' stroke-width='1'/>");
    }
    text.push_str("</svg>");
    text
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let json_dir = args.iter().position(|a| a == "--json").and_then(|i| args.get(i + 1));
    let svg_dir = args.iter().position(|a| a == "--svg").and_then(|i| args.get(i + 1));
    let only = args.iter().position(|a| a == "--only").and_then(|i| args.get(i + 1));
    println!("| graph | nodes | edges | layout ms (median of 5) | crossings | edges through nodes | overlaps |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    let mut index: Vec<(String, String)> = Vec::new();
    let no_groups = args.iter().any(|a| a == "--no-groups");
    let graphs = graphs();
    // A name that is one graph's whole name picks that graph alone ("random DAG 100" not also 1000).
    let exact = only.is_some_and(|o| graphs.iter().any(|(name, _)| name == o));
    for (name, mut input) in graphs {
        if no_groups {
            input.groups.clear();
        }
        if args.iter().any(|a| a == "--no-ports") {
            for e in &mut input.edges {
                e.port = 0;
                e.ports = 1;
            }
        }
        if only.is_some_and(|o| if exact { name != *o } else { !name.contains(o.as_str()) }) {
            continue;
        }
        let settings = Settings::default();
        let ms = median_ms(5, || drop(layout::place(&input, &settings)));
        let placed = layout::place(&input, &settings);
        let ends: Vec<(usize, usize)> = input.edges.iter().map(|e| (e.from, e.to)).collect();
        if let Some(dir) = svg_dir {
            std::fs::create_dir_all(dir).expect("the SVG folder can be made");
            std::fs::write(format!("{dir}/{}.svg", name.replace([' ', ',', '='], "-")), svg(&placed))
                .expect("the SVG can be written");
        }
        println!(
            "| {name} | {} | {} | {ms:.2} | {} ({}) | {} | {} |",
            input.sizes.len(),
            input.edges.len(),
            measure::crossings(&placed),
            placed.crossings,
            measure::edges_through_nodes(&placed, &ends),
            measure::overlaps(&placed),
        );
        if let Some(dir) = json_dir {
            let file = format!("{}.json", name.replace([' ', ',', '='], "-"));
            std::fs::create_dir_all(dir).expect("the JSON folder can be made");
            std::fs::write(format!("{dir}/{file}"), json(&input)).expect("the JSON file can be written");
            index.push((name, file));
        }
    }
    if let Some(dir) = json_dir {
        let list: Vec<String> = index.iter().map(|(n, f)| format!("[\"{n}\",\"{f}\"]")).collect();
        std::fs::write(format!("{dir}/index.json"), format!("[{}]", list.join(","))).expect("the index can be written");
    }
}
