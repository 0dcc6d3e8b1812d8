//! Property tests: reverse mode against forward mode (dual numbers) and central differences on
//! generated programs over the whole language; printing and re-parsing; stepping the timeline;
//! and no panics on arbitrary or mutated text.

use std::collections::HashMap;

use gradgraph_engine::dual::{central_differences, gradient as forward_gradient};
use gradgraph_engine::graph::Granularity;
use gradgraph_engine::ops::Op;
use gradgraph_engine::syntax::{parse, print};
use gradgraph_engine::timeline::explain;
use gradgraph_engine::{analyze, compile, Cursor, Graph, NodeKind, Options};
use proptest::prelude::*;

mod common;

/// A generated expression. Rendering keeps every function inside its domain (`log` of a
/// positive number, `tan` away from its poles, …) so that gradients are finite.
#[derive(Clone, Debug)]
enum E {
    /// A scalar input `x0`, `x1`, `x2`.
    Input(usize),
    /// An earlier statement `s0`, `s1`, … (an input when there is none yet).
    Earlier(usize),
    Number(f64),
    /// An element of the vector input `v`.
    Element(usize),
    Unary(usize, Box<E>),
    Binary(usize, Box<E>, Box<E>),
    /// The same subexpression twice, which sharing turns into one node.
    Twice(usize, Box<E>),
    /// Vector forms: `sum(v * a)`, `dot(v, [a, b, 1])`, `sum(tanh(W @ [a, b]))`, …
    Vector(usize, Box<E>, Box<E>),
}

const UNARY: &[&str] = &[
    "exp(tanh({a}))",
    "log(({a})*({a}) + 0.5)",
    "ln(softplus({a}) + 0.1)",
    "sqrt(({a})*({a}) + 0.25)",
    "sin({a})",
    "cos({a})",
    "tan(sin({a}))",
    "tanh({a})",
    "sigmoid({a})",
    "relu({a})",
    "abs({a})",
    "softplus({a})",
    "-({a})",
    "({a})^2",
    "({a})**3",
    "2({a})",
];

const BINARY: &[&str] = &[
    "({a}) + ({b})",
    "({a}) - ({b})",
    "({a}) * ({b})",
    "({a}) / (({b})*({b}) + 1)",
    "(({a})*({a}) + 0.5)^(sin({b}))",
    "pow(({a})*({a}) + 0.5, cos({b}))",
    "max({a}, {b})",
    "min({a}, {b})",
];

const VECTOR: &[&str] = &["sum(v * ({a}))", "dot(v, [{a}, {b}, 1])", "sum(tanh(W @ [{a}, {b}]))", "sum(v) * ({a})"];

fn render(e: &E, statements: usize) -> String {
    match e {
        E::Input(i) => format!("x{}", i % 3),
        E::Earlier(i) if statements > 0 => format!("s{}", i % statements),
        E::Earlier(i) => format!("x{}", i % 3),
        E::Number(n) => format!("{n}"),
        E::Element(i) => format!("v[{}]", i % 3),
        E::Unary(f, a) => UNARY[f % UNARY.len()].replace("{a}", &render(a, statements)),
        E::Binary(f, a, b) => {
            BINARY[f % BINARY.len()].replace("{a}", &render(a, statements)).replace("{b}", &render(b, statements))
        }
        E::Twice(f, a) => {
            let a = render(a, statements);
            BINARY[f % BINARY.len()].replace("{a}", &a).replace("{b}", &a)
        }
        E::Vector(f, a, b) => {
            VECTOR[f % VECTOR.len()].replace("{a}", &render(a, statements)).replace("{b}", &render(b, statements))
        }
    }
}

fn expr() -> impl Strategy<Value = E> {
    let leaf = prop_oneof![
        (0..3usize).prop_map(E::Input),
        (0..4usize).prop_map(E::Earlier),
        (0.5..3.0f64).prop_map(|n| E::Number((n * 100.0).round() / 100.0)),
        (0..3usize).prop_map(E::Element),
    ];
    leaf.prop_recursive(4, 24, 2, |inner| {
        prop_oneof![
            4 => (any::<usize>(), inner.clone()).prop_map(|(f, a)| E::Unary(f, Box::new(a))),
            4 => (any::<usize>(), inner.clone(), inner.clone())
                .prop_map(|(f, a, b)| E::Binary(f, Box::new(a), Box::new(b))),
            1 => (any::<usize>(), inner.clone()).prop_map(|(f, a)| E::Twice(f, Box::new(a))),
            1 => (any::<usize>(), inner.clone(), inner)
                .prop_map(|(f, a, b)| E::Vector(f, Box::new(a), Box::new(b))),
        ]
    })
}

/// A whole program: three scalar inputs, a vector `v`, a matrix `W`, up to three intermediate
/// statements and the output `y`.
fn program() -> impl Strategy<Value = String> {
    let value = || (-2.0..2.0f64).prop_map(|v| (v * 1000.0).round() / 1000.0);
    (
        proptest::array::uniform3(value()),
        proptest::array::uniform3(value()),
        proptest::array::uniform4(value()),
        proptest::collection::vec(expr(), 1..5),
    )
        .prop_map(|(x, v, w, exprs)| {
            let mut text = format!(
                "x0 = {}; x1 = {}; x2 = {}\nv = [{}, {}, {}]\nW = [[{}, {}], [{}, {}]]\n",
                x[0], x[1], x[2], v[0], v[1], v[2], w[0], w[1], w[2], w[3]
            );
            let last = exprs.len() - 1;
            for (i, e) in exprs.iter().enumerate() {
                let name = if i == last { "y".to_string() } else { format!("s{i}") };
                text += &format!("{name} = {}\n", render(e, i));
            }
            text
        })
}

/// The programs of the README and the tests.
const EXAMPLES: &[&str] = &[
    "x = 2; z = 3; y = x*z + sin(x)",
    "x = 2; z = 3\ny = exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)",
    "theta = [0.5, -1, 2]\nx = [1, 2, 3]\nystar = 1\nq = sigmoid(dot(theta, x))\nJ = ystar*log(q) + (1 - ystar)*log(1 - q)",
    "W = [[1, 2], [3, 4]]\nx = [0.5, -1]\nh = tanh(W @ x + 1)\ny = sum(h * h) + W[1][0] * x[1]",
    "a = 0.5\nb = 2\ny = exp(a) + ln(b) + sqrt(b) + tan(a) + softplus(a) + pow(a, b) + max(a, b) + 2a + 3(a + b) + a**b",
    "x = 0; w = -1\na = log(x) + sqrt(w)\nb = relu(x) + abs(x) + max(x, x) + x^(-1) + 1/x\nc = exp(800) * 0\ny = a + b + c",
    "# every form\ny = -x^2 + 2^-3^2\nz = 2x^2 * 3(x + 1) / e ** 2\nv = [1, -2.5e-1, .5][0] + W[1][0]\nq = W @ [a, b] ; sigmoid(dot(v, v))",
    "a = x\ny = pi * a + e\nu1 = 3\nc = a",
];

/// Equal to a relative 1e-10, or an absolute 1e-12 near zero.
fn close(a: f64, b: f64) -> bool {
    let difference = (a - b).abs();
    difference <= 1e-10 * a.abs().max(b.abs()) || difference <= 1e-12 || a.to_bits() == b.to_bits()
}

/// Whether any non-differentiable operation (relu, abs, max, min) is evaluated within `margin`
/// of its kink, where central differences straddle two slopes.
fn near_a_kink(graph: &Graph, values: &[f64], margin: f64) -> bool {
    graph.nodes().any(|(u, node)| {
        let args: Vec<f64> = graph.args(u).iter().map(|a| values[a.index()]).collect();
        match node.kind {
            NodeKind::Op { op: Op::Relu | Op::Abs } => args[0].abs() < margin,
            NodeKind::Op { op: Op::Max | Op::Min } => (args[0] - args[1]).abs() < margin,
            _ => false,
        }
    })
}

/// Frames compared number by number to the bit, so that NaN equals NaN.
fn same_frame(a: &gradgraph_engine::Frame, b: &gradgraph_engine::Frame) -> bool {
    let bits = |slots: &[Option<f64>]| slots.iter().map(|s| s.map(f64::to_bits)).collect::<Vec<_>>();
    a.step == b.step
        && a.phase == b.phase
        && a.focus == b.focus
        && a.visited == b.visited
        && bits(&a.values) == bits(&b.values)
        && bits(&a.adjoints) == bits(&b.adjoints)
}

fn all_options() -> Vec<Options> {
    let mut all = Vec::new();
    for sharing in [true, false] {
        for granularity in [Granularity::Operations, Granularity::Statements] {
            all.push(Options { sharing, granularity, output: None });
        }
    }
    all
}

/// A canonical text of a graph: structure and numbers, without constants' spellings.
fn canonical(graph: &Graph) -> String {
    graph
        .nodes()
        .map(|(u, node)| {
            let args: Vec<usize> = graph.args(u).iter().map(|a| a.index()).collect();
            let label = match node.kind {
                NodeKind::Const { value } => format!("const {}", value.to_bits()),
                NodeKind::Input { value } => format!("input {} {}", node.name, value.to_bits()),
                _ if node.named => format!("{} {}", node.kind.op_name(), node.name),
                _ => node.kind.op_name().to_string(),
            };
            format!("{label} {args:?}\n")
        })
        .collect()
}

fn analyzed(source: &str, options: &Options) -> Result<gradgraph_engine::Analysis, TestCaseError> {
    analyze(source, options, &HashMap::new()).map_err(|d| TestCaseError::fail(format!("{source}\n{d:?}")))
}

/// Typesets every statement that parses, with every input's value replaced.
fn typeset_all(source: &str) {
    let (program, _) = parse(source);
    for statement in &program.statements {
        let _ = gradgraph_engine::typeset::statement(statement, &|_| Some(-1.5e-300));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    /// Reverse mode equals forward mode in both granularities, with and without sharing.
    #[test]
    fn reverse_mode_equals_forward_mode(source in program()) {
        for options in all_options() {
            let analysis = analyzed(&source, &options)?;
            let reverse = analysis.evaluation.gradient(&analysis.graph);
            let forward = forward_gradient(&analysis.graph, &HashMap::new());
            prop_assert!(reverse.len() >= 10);
            let names = |list: &[(String, f64)]| list.iter().map(|(name, _)| name.clone()).collect::<Vec<_>>();
            prop_assert_eq!(names(&reverse), names(&forward));
            for ((name, r), (_, f)) in reverse.iter().zip(&forward) {
                prop_assert!(close(*r, *f), "{:?}\n{}\nd/d{}: reverse {} vs forward {}", options, source, name, r, f);
            }
        }
    }

    /// Both agree with central differences, within the step's truncation and rounding error.
    #[test]
    fn gradients_agree_with_central_differences(source in program()) {
        let analysis = analyzed(&source, &Options::default())?;
        let h = 1e-6;
        prop_assume!(!near_a_kink(&analysis.graph, &analysis.evaluation.values, 1e-3));
        let value = analysis.evaluation.output_value(&analysis.graph);
        let coarse = central_differences(&analysis.graph, &HashMap::new(), h);
        let fine = central_differences(&analysis.graph, &HashMap::new(), h / 10.0);
        let gradient = analysis.evaluation.gradient(&analysis.graph);
        // Where the two steps disagree by more than a hundredth, the differences have not
        // converged (the function turns many times within a step, as sin(v^36) does), and they
        // cannot judge the gradient.
        let converged = coarse.iter().zip(&fine).all(|((_, c), (_, n))| (c - n).abs() <= 0.01 * c.abs().max(n.abs()) + 1e-6);
        prop_assume!(converged);
        let names = |list: &[(String, f64)]| list.iter().map(|(name, _)| name.clone()).collect::<Vec<_>>();
        prop_assert_eq!(names(&gradient), names(&fine));
        for (((name, g), (_, c)), (_, n)) in gradient.iter().zip(&coarse).zip(&fine) {
            // Rounding ε·|f|/h and truncation h²·f'''/6 for a function of this scale, with a wide
            // margin; where f''' is larger than the scale suggests, the change between steps h
            // and h/10 measures the truncation error. The scale comes from the function and the
            // differences, never from the gradient under test.
            let scale = 1.0f64.max(value.abs()).max(n.abs());
            let tolerance = 1e4 * (h * h + f64::EPSILON / h) * scale + 2.0 * (c - n).abs();
            prop_assert!((g - n).abs() <= tolerance,
                "{}\nd/d{}: reverse {} vs differences {} (h) and {} (h/10), tolerance {}", source, name, g, c, n, tolerance);
        }
    }

    /// The fast path (`values`) computes exactly the values the traced passes do, in every
    /// option combination; and explaining one graph's steps with another's timeline is refused.
    #[test]
    fn values_alone_equal_the_traced_values(source in program(), other in program()) {
        for options in all_options() {
            let analysis = analyzed(&source, &options)?;
            let fast = gradgraph_engine::values(&analysis.graph, &HashMap::new());
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            prop_assert_eq!(bits(&fast), bits(&analysis.evaluation.values));
            let other = analyzed(&other, &options)?;
            for step in [1, other.evaluation.timeline.len() / 2, other.evaluation.timeline.len()] {
                prop_assert!(explain(&analysis.graph, &other.evaluation.timeline, step).is_none());
                prop_assert!(explain(&analysis.graph, &analysis.evaluation.timeline, step).is_some());
            }
        }
    }

    /// Printing a parsed program and parsing it again gives the same graph.
    #[test]
    fn printing_and_reparsing_gives_the_same_graph(source in program()) {
        let (program, diagnostics) = parse(&source);
        prop_assert!(diagnostics.is_empty());
        let printed = print(&program);
        for options in all_options() {
            let first = compile(&source, &options).graph.map(|g| canonical(&g));
            let second = compile(&printed, &options).graph.map(|g| canonical(&g));
            prop_assert!(first.is_some());
            prop_assert_eq!(first, second, "{}\nprinted as\n{}", source, printed);
        }
    }

    /// The typeset program, read back as text the way a reader of the mathematics would, is
    /// the same graph.
    #[test]
    fn typeset_programs_read_back_as_the_same_graph(source in program()) {
        let (program, _) = parse(&source);
        let read: Vec<String> = program
            .statements
            .iter()
            .map(|s| common::read_math(&gradgraph_engine::typeset::statement(s, &|_| None).0))
            .collect();
        let read = read.join("\n");
        let options = Options::default();
        let first = compile(&source, &options).graph.map(|g| canonical(&g));
        let second = compile(&read, &options).graph.map(|g| canonical(&g));
        prop_assert!(first.is_some());
        prop_assert_eq!(first, second, "{}\ntypeset and read back as\n{}", source, read);
    }

    /// Names are unique: a generated name never equals one the program uses, even when the
    /// program's own names look like generated ones. (Constants are named by their value.)
    #[test]
    fn names_are_unique(source in program()) {
        let source = source.replace("x1", "u1").replace("s0", "u2").replace("x2", "u5");
        for options in all_options() {
            let graph = analyzed(&source, &options)?.graph;
            let mut names: Vec<&str> = graph
                .nodes()
                .filter(|(_, node)| !matches!(node.kind, NodeKind::Const { .. }))
                .map(|(_, node)| node.name.as_str())
                .collect();
            let count = names.len();
            names.sort_unstable();
            names.dedup();
            prop_assert_eq!(names.len(), count, "{:?}\n{}", options, source);
        }
    }

    /// Stepping forward k steps equals jumping to step k; stepping back undoes exactly.
    #[test]
    fn stepping_equals_jumping_and_back_undoes(
        source in program(),
        k in any::<prop::sample::Index>(),
        back in any::<prop::sample::Index>(),
    ) {
        let analysis = analyzed(&source, &Options::default())?;
        let timeline = &analysis.evaluation.timeline;
        let k = k.index(timeline.len() + 1);
        let mut frame = timeline.start();
        for _ in 0..k {
            timeline.advance(&mut frame);
        }
        prop_assert!(same_frame(&frame, &timeline.frame(k)), "{:?}\n{:?}", frame, timeline.frame(k));
        let j = k - back.index(k + 1);
        for _ in j..k {
            timeline.retreat(&mut frame);
        }
        prop_assert!(same_frame(&frame, &timeline.frame(j)), "{:?}\n{:?}", frame, timeline.frame(j));
        let _ = explain(&analysis.graph, timeline, j);
    }

    /// The node count with sharing flipped, counted by the one compile, is the other compile's.
    #[test]
    fn the_flipped_node_count_is_the_other_compiles(source in program()) {
        for sharing in [true, false] {
            let options = Options { sharing, ..Options::default() };
            let flipped = Options { sharing: !sharing, ..Options::default() };
            let (Some(graph), Some(other)) = (compile(&source, &options).graph, compile(&source, &flipped).graph) else {
                continue;
            };
            prop_assert_eq!(graph.len_with_sharing_flipped(), Some(other.len()), "sharing {}\n{}", sharing, source);
        }
    }

    /// A cursor moved anywhere, by steps and by jumps, holds exactly the frame a replay from the
    /// start gives; the next and previous coarse ends agree with the list of them.
    #[test]
    fn a_cursor_agrees_with_a_replay_from_the_start(
        source in program(),
        moves in prop::collection::vec((any::<prop::sample::Index>(), any::<bool>()), 1..24),
    ) {
        let analysis = analyzed(&source, &Options::default())?;
        let timeline = &analysis.evaluation.timeline;
        let mut cursor = Cursor::new(timeline);
        prop_assert!(same_frame(cursor.frame(), &timeline.start()));
        for (target, jump) in moves {
            // A jump anywhere, or a step to a neighbour (both ways).
            let step = if jump {
                target.index(timeline.len() + 1)
            } else {
                let here = cursor.frame().step;
                if target.index(2) == 0 { here.saturating_sub(1) } else { here + 1 }
            };
            cursor.seek(timeline, step);
            let replayed = timeline.frame(step);
            prop_assert!(same_frame(cursor.frame(), &replayed), "{}\nstep {}: {:?}\n{:?}", source, step, cursor.frame(), replayed);
        }
        let ends = timeline.coarse_ends();
        for step in 0..=timeline.len() {
            let next = ends.iter().copied().find(|&e| e > step).unwrap_or(timeline.len());
            let previous = ends.iter().copied().rev().find(|&e| e < step).unwrap_or(0);
            prop_assert_eq!((timeline.next_coarse_end(step), timeline.previous_coarse_end(step)), (next, previous), "{}", step);
        }
    }

    /// No text makes the engine panic: random text over the language's characters and beyond.
    #[test]
    fn no_text_panics(source in "[ -~\n\té→]{0,200}") {
        typeset_all(&source);
        for options in all_options() {
            if let Ok(analysis) = analyze(&source, &options, &HashMap::new()) {
                let timeline = &analysis.evaluation.timeline;
                let _ = explain(&analysis.graph, timeline, timeline.len() / 2);
            }
        }
    }

    /// No mutation of a valid program, generated or from the examples, makes the engine panic.
    #[test]
    fn no_mutated_program_panics(
        source in prop_oneof![program(), proptest::sample::select(EXAMPLES).prop_map(String::from)],
        edits in proptest::collection::vec(
            (any::<prop::sample::Index>(), 0..3u8, "[-+*/^()\\[\\],;=@.0-9a-z é]"),
            1..8,
        ),
    ) {
        let mut text: Vec<char> = source.chars().collect();
        for (at, kind, insert) in edits {
            let i = at.index(text.len() + 1);
            match kind {
                0 if i < text.len() => {
                    text.remove(i);
                }
                1 => text.splice(i..i, insert.chars()).for_each(drop),
                _ if i < text.len() => text[i] = insert.chars().next().unwrap_or(' '),
                _ => {}
            }
        }
        let text: String = text.into_iter().collect();
        typeset_all(&text);
        for options in all_options() {
            if let Ok(analysis) = analyze(&text, &options, &HashMap::new()) {
                let timeline = &analysis.evaluation.timeline;
                let _ = explain(&analysis.graph, timeline, timeline.len());
                let _ = gradgraph_engine::export::dot(&analysis.graph);
            }
        }
    }
}
