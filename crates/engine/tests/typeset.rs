//! The typeset program must mean what the program means: every program of the corpus
//! (`tests/data/typeset-corpus.txt`) is typeset, read back as text the way a reader of the
//! mathematics would, and parsed again; the tree must be the program's own.

use expect_test::expect;
use gradgraph_engine::syntax::parse;
use gradgraph_engine::typeset::statement;
use gradgraph_engine::{compile, NodeKind, Options};

mod common;
use common::read_math as read;

const CORPUS: &str = include_str!("data/typeset-corpus.txt");

/// The corpus's programs, one per line, with `;` between statements.
fn corpus() -> impl Iterator<Item = &'static str> {
    CORPUS.lines().filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
}

fn read_back(program: &str) -> String {
    let (parsed, diagnostics) = parse(program);
    assert!(diagnostics.is_empty(), "{program}: {diagnostics:?}");
    parsed.statements.iter().map(|s| read(&statement(s, &|_| None).0)).collect::<Vec<_>>().join("; ")
}

/// The graph of a program as text: each node's operation (or value) and arguments.
fn graph(program: &str) -> String {
    let compiled = compile(program, &Options::default());
    let Some(graph) = compiled.graph else { panic!("{program}: {:?}", compiled.diagnostics) };
    graph
        .nodes()
        .map(|(u, node)| {
            let args: Vec<usize> = graph.args(u).iter().map(|a| a.index()).collect();
            let label = match node.kind {
                NodeKind::Const { value } | NodeKind::Input { value } => format!("{} {value:e}", node.kind.op_name()),
                _ => node.kind.op_name().to_string(),
            };
            format!("{label} {args:?}\n")
        })
        .collect()
}

#[test]
fn typeset_programs_read_back_as_the_same_graph() {
    for program in corpus() {
        let text = read_back(program);
        assert_eq!(graph(&text), graph(program), "{program}\nread back as {text}");
    }
}

/// The read-back text of every corpus program, for review.
#[test]
fn typeset_corpus_snapshot() {
    let text: String = corpus().map(|p| format!("{p}\n    {}\n", read_back(p))).collect();
    expect![[r#"
        x = 2; y = 2*-3*x
            x = 2; y = 2 * (-3) * x
        x = 2; y = 2*(-3)*x
            x = 2; y = 2 * (-3) * x
        x = 2; y = 2*3^x
            x = 2; y = 2 * 3^(x)
        x = 2; y = 2x^2 + 3(x + 1)
            x = 2; y = 2x^(2) + 3(x + 1)
        x = 2; y = 2*x*3
            x = 2; y = 2x * 3
        x = 2; y = 2*(3*x)
            x = 2; y = 2(3x)
        x = 2; y = 2*3*x
            x = 2; y = 2 * 3 * x
        x = 2; y = x*2
            x = 2; y = x * 2
        x = 2; y = 2*e
            x = 2; y = 2 * e
        x = 2; y = 2*exp(x)
            x = 2; y = 2 * exp(x)
        x = 2; y = 2*sqrt(x) + 2*abs(x)
            x = 2; y = 2sqrt(x) + 2abs(x)
        x = 2; y = 2*(x/3)
            x = 2; y = 2 * ((x) / (3))
        x = 2; y = 2/x*3
            x = 2; y = ((2) / (x)) * 3
        x = 2; y = 2/(x*3)
            x = 2; y = ((2) / (x * 3))
        x = 2; y = (x/3)^2
            x = 2; y = (((x) / (3)))^(2)
        x = 2; y = -x^2
            x = 2; y = -x^(2)
        x = 2; y = (-x)^2
            x = 2; y = (-x)^(2)
        x = 2; y = -(x^2)
            x = 2; y = -x^(2)
        x = 2; y = (-2)^x
            x = 2; y = (-2)^(x)
        x = 2; y = -2^x
            x = 2; y = -2^(x)
        x = 2; y = 2^-x
            x = 2; y = 2^(-x)
        x = 2; y = 2^3^x
            x = 2; y = 2^(3^(x))
        x = 2; y = (2^3)^x
            x = 2; y = (2^(3))^(x)
        x = 2; y = x - (x - 1)
            x = 2; y = x - (x - 1)
        x = 2; y = x - -x
            x = 2; y = x - (-x)
        x = 2; y = x + -1
            x = 2; y = x + (-1)
        x = 2; y = --x
            x = 2; y = -(-x)
        x = 2; y = -(x*3)
            x = 2; y = -(x * 3)
        x = 2; y = -x*3
            x = 2; y = -x * 3
        x = 2; y = x - (1 + x)
            x = 2; y = x - (1 + x)
        x = 2; y = x + (1 + x)
            x = 2; y = x + (1 + x)
        x = 2; y = x*(x*x)
            x = 2; y = x * (x * x)
        x = 2; y = x/(x/2)
            x = 2; y = ((x) / (((x) / (2))))
        x = 2; y = (x/2)/x
            x = 2; y = ((((x) / (2))) / (x))
        x = 2; y = pow(x, 2) + pow(-x, 3)
            x = 2; y = x^(2) + (-x)^(3)
        x = 2; z = 3; y = exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)
            x = 2; z = 3; y = exp(x * z) + ((x * z) / (log(x))) + ((sin(log(x))) / (x * z))
        theta = [0.5, -1, 2]; x = [1, 2, 3]; ystar = 1; q = sigmoid(dot(theta, x)); J = ystar*log(q) + (1 - ystar)*log(1 - q)
            theta = [0.5, -1, 2]; x = [1, 2, 3]; ystar = 1; q = sigmoid(dot(theta, x)); J = ystar * log(q) + (1 - ystar) * log(1 - q)
        W = [[1, 2], [3, 4]]; x = [0.5, -1]; h = tanh(W @ x + 1); y = sum(h * h) + W[1][0] * x[1]
            W = [[1, 2], [3, 4]]; x = [0.5, -1]; h = tanh(W @ x + 1); y = sum((h * h)) + W[1][0] * x[1]
        W = [[1, 2], [3, 4]]; a = 1; b = 2; y = sum(W @ [a, b])
            W = [[1, 2], [3, 4]]; a = 1; b = 2; y = sum((W @ [a, b]))
        v = [1, -2.5e-1, .5]; y = 2*v[0] + v[1]
            v = [1, -0.25, 0.5]; y = 2v[0] + v[1]
        a = 0.5; b = 2; y = max(a, b) + min(a, -b) + relu(-a) + softplus(2a)
            a = 0.5; b = 2; y = max(a, b) + min(a, -b) + relu(-a) + softplus(2a)
        x = 0.001; y = 1e-7*x + 1e21
            x = 0.001; y = 1e-7 * x + 1e21
        x = 2; y = 1e999*x
            x = 2; y = 1e999 * x
        x = 2; y = 2*_x + 2*E1
            x = 2; y = 2 * _x + 2 * E1
    "#]].assert_eq(&text);
}

#[test]
fn inputs_show_the_values_in_use() {
    let (program, _) = parse("x = 2; v = [1, -2]; y = x*v[0]");
    let value_of = |name: &str| match name {
        "x" => Some(5.0),
        "v[1]" => Some(-3.5),
        _ => None,
    };
    let typeset: Vec<(String, bool)> =
        program.statements.iter().map(|s| statement(s, &value_of)).map(|(m, changed)| (read(&m), changed)).collect();
    assert_eq!(
        typeset,
        [("x = 5".to_string(), true), ("v = [1, -3.5]".to_string(), true), ("y = x * v[0]".to_string(), false)]
    );
}

/// Every step of a program with a shared node: the line of the algorithm with its bound loop
/// variables, and the step as typeset mathematics read back as text. Written by hand in the
/// lecture's notation: `d` for the output's total derivatives (the running sums dy/du), `∂` for
/// a node's local partials (∂u/∂v).
#[test]
fn steps_typeset_with_their_algorithm_line() {
    use gradgraph_engine::steps::{executing, typeset_step};
    let analysis =
        gradgraph_engine::analyze("x = -2; z = 3\nu = x*z\ny = u + sin(u)/x", &Options::default(), &Default::default())
            .unwrap();
    let timeline = &analysis.evaluation.timeline;
    let mut text = String::new();
    for step in 1..=timeline.len() {
        let line = executing(&analysis.graph, timeline, step).unwrap();
        let rows: Vec<String> = typeset_step(&analysis.graph, timeline, step).iter().map(read).collect();
        text += &format!(
            "{step}. {:?} u={} v={}: {}\n",
            line.line,
            line.u.unwrap_or_default(),
            line.v.unwrap_or_default(),
            rows.join("  |  ")
        );
    }
    expect![[r#"
        1. Compute u=x v=: x = -2
        2. Compute u=z v=: z = 3
        3. Compute u=u v=: u = x * z = -2 * 3 = -6
        4. Compute u=u1 v=: u1 = sin(u) = sin(-6) = 0.27942
        5. Compute u=u2 v=: u2 = ((u1) / (x)) = ((0.27942) / (-2)) = -0.13971
        6. Compute u=y v=: y = u + u2 = -6 + (-0.13971) = -6.1397
        7. Init u= v=: ((dy) / (du)) = 0 for every variable u,  ((dy) / (dy)) = 1
        8. BackwardLoop u=y v=: ((dy) / (dy)) = 1  (final)
        9. Increment u=y v=u: ((dy) / (du))←((dy) / (du)) + ((dy) / (dy)) @ ((∂y) / (∂u))  |   = 0 + 1 * 1 = 1  |  ((∂y) / (∂u)) = 1
        10. Increment u=y v=u2: ((dy) / (du2))←((dy) / (du2)) + ((dy) / (dy)) @ ((∂y) / (∂u2))  |   = 0 + 1 * 1 = 1  |  ((∂y) / (∂u2)) = 1
        11. BackwardLoop u=u2 v=: ((dy) / (du2)) = 1  (final)
        12. Increment u=u2 v=u1: ((dy) / (du1))←((dy) / (du1)) + ((dy) / (du2)) @ ((∂u2) / (∂u1))  |   = 0 + 1 * (-0.5) = -0.5  |  ((∂u2) / (∂u1)) = ((1) / (x)) = -0.5
        13. Increment u=u2 v=x: ((dy) / (dx))←((dy) / (dx)) + ((dy) / (du2)) @ ((∂u2) / (∂x))  |   = 0 + 1 * (-0.069854) = -0.069854  |  ((∂u2) / (∂x)) = ((-u1) / (x^(2))) = -0.069854
        14. BackwardLoop u=u1 v=: ((dy) / (du1)) = -0.5  (final)
        15. Increment u=u1 v=u: ((dy) / (du))←((dy) / (du)) + ((dy) / (du1)) @ ((∂u1) / (∂u))  |   = 1 + (-0.5) * 0.96017 = 0.51991  |  ((∂u1) / (∂u)) = cos(u) = 0.96017
        16. BackwardLoop u=u v=: ((dy) / (du)) = 0.51991  (final)
        17. Increment u=u v=x: ((dy) / (dx))←((dy) / (dx)) + ((dy) / (du)) @ ((∂u) / (∂x))  |   = -0.069854 + 0.51991 * 3 = 1.4899  |  ((∂u) / (∂x)) = z = 3
        18. Increment u=u v=z: ((dy) / (dz))←((dy) / (dz)) + ((dy) / (du)) @ ((∂u) / (∂z))  |   = 0 + 0.51991 * (-2) = -1.0398  |  ((∂u) / (∂z)) = x = -2
        19. BackwardLoop u=z v=: ((dy) / (dz)) = -1.0398  (final)
        20. BackwardLoop u=x v=: ((dy) / (dx)) = 1.4899  (final)
    "#]].assert_eq(&text);
}

#[test]
fn coarse_steps_and_contributions() {
    let analysis =
        gradgraph_engine::analyze("x = 2; y = x*x + sin(x)", &Options::default(), &Default::default()).unwrap();
    let timeline = &analysis.evaluation.timeline;
    // 4 forward, init, visit y (2 increments), visit u2 = sin(x) (1), visit u1 = x*x (2), visit x.
    assert_eq!(timeline.coarse_ends(), [1, 2, 3, 4, 5, 8, 10, 13, 14]);
    assert_eq!(timeline.forward_len(), 4);
    let x = 0;
    let contributions: Vec<(usize, usize, f64)> =
        timeline.contributions(x).iter().map(|c| (c.consumer, c.position, c.delta)).collect();
    assert_eq!(contributions, [(2, 0, 2f64.cos()), (1, 0, 2.0), (1, 1, 2.0)]);
    assert_eq!((timeline.computed_at(x), timeline.completed_at(x)), (Some(1), Some(14)));
    assert_eq!(timeline.pushed_at(1, 1), Some(13));
}

/// The algorithm names the output it differentiates: `d` and the output's name for its total
/// derivatives, `∂` for the local partials (a J output must not read "dJ/dy = 1").
#[test]
fn the_algorithm_names_the_output() {
    use gradgraph_engine::steps::{algorithm_line, ALGORITHM};
    let lines: Vec<String> = ALGORITHM.iter().map(|(_, _, text)| algorithm_line(text, "J")).collect();
    assert_eq!(
        lines,
        [
            "for each node uᵢ in topological order:",
            "compute uᵢ = gᵢ(v₁, …, v_N) and store it",
            "initialise every dJ/du to 0, and dJ/dJ = 1",
            "for each node uᵢ in reverse topological order:",
            "for each input v_j of uᵢ:",
            "dJ/dv_j += (dJ/duᵢ)(∂uᵢ/∂v_j)",
        ]
    );
}

/// A NaN is typeset without a sign, whatever its sign bit ("−NaN" read as a negative number);
/// a matrix product keeps a thin space between its factors, so `W1 @ x` does not read as one
/// name `W1x`.
#[test]
fn a_nan_has_no_sign_and_a_matrix_product_is_spaced() {
    use gradgraph_engine::typeset::{number, Digits, Math, INVISIBLE_TIMES, THIN_SPACE};
    assert_eq!(number(-f64::NAN, Digits::Short), Math::Number("NaN".into()));
    assert_eq!(number(f64::NAN, Digits::Exact), Math::Number("NaN".into()));
    assert_eq!(number(-2.5, Digits::Short), Math::Row(vec![Math::Op("−"), Math::Number("2.5".into())]));
    let (parsed, _) = parse("W1 = [[1, 2], [3, 4]]; x = [1, 2]; h = W1 @ x");
    let (math, _) = statement(&parsed.statements[2], &|_| None);
    let Math::Row(parts) = math else { panic!("{math:?}") };
    let Some(Math::Row(product)) = parts.last() else { panic!("{parts:?}") };
    assert_eq!(
        product.as_slice(),
        [Math::Ident("W1".into()), Math::Op(INVISIBLE_TIMES), Math::Text(THIN_SPACE.into()), Math::Ident("x".into())]
    );
}
