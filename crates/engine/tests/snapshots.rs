//! Data-driven tests of the whole pipeline: each case is a program and a snapshot of the text
//! dump of its graph, evaluation and diagnostics (or of its diagnostics alone).

use std::collections::HashMap;

use expect_test::{expect, Expect};

use gradgraph_engine::graph::Granularity;
use gradgraph_engine::number::short;
use gradgraph_engine::timeline::explain;
use gradgraph_engine::{analyze, compile, Options};

/// Options from directive comments: `#! no-sharing`, `#! statements`, `#! output=NAME`.
fn options(source: &str) -> Options {
    let mut options = Options::default();
    for directive in source.lines().filter_map(|l| l.strip_prefix("#! ")) {
        match directive.split_once('=') {
            Some(("output", name)) => options.output = Some(name.to_string()),
            _ if directive == "no-sharing" => options.sharing = false,
            _ if directive == "statements" => options.granularity = Granularity::Statements,
            _ => panic!("unknown directive {directive}"),
        }
    }
    options
}

/// Dumps the nodes (id, name, op, arguments, value, adjoint), then warnings; or the errors.
fn dump(source: &str) -> String {
    match analyze(source, &options(source), &HashMap::new()) {
        Err(diagnostics) => diagnostics.iter().map(|d| d.render(source)).collect(),
        Ok(analysis) => {
            let graph = &analysis.graph;
            let mut out = String::new();
            for (u, node) in graph.nodes() {
                let args: Vec<&str> = graph.args(u).iter().filter_map(|&a| graph.name(a)).collect();
                out += &format!(
                    "{:>2} {:<4} {:<7} ({}) = {}  d/d = {}\n",
                    u.index(),
                    node.name,
                    node.kind.op_name(),
                    args.join(", "),
                    short(analysis.evaluation.value(u)),
                    analysis.evaluation.adjoint(u).map_or("-".to_string(), short),
                );
            }
            out += &format!("output {}\n", graph.output_name());
            for (_, note) in &analysis.evaluation.notes {
                out += &format!("note: {note}\n");
            }
            for d in &analysis.diagnostics {
                out += &d.render(source);
            }
            out
        }
    }
}

fn check(source: &str, expected: Expect) {
    expected.assert_eq(&dump(source));
}

#[test]
fn lecture_example() {
    check(
        "x = 2; z = 3; y = x*z + sin(x)",
        expect![[r#"
             0 x    input   () = 2  d/d = 2.5839
             1 z    input   () = 3  d/d = 2
             2 u1   mul     (x, z) = 6  d/d = 1
             3 u2   sin     (x) = 0.9093  d/d = 1
             4 y    add     (u1, u2) = 6.9093  d/d = 1
            output y
        "#]],
    );
}

#[test]
fn square_has_two_edges_from_one_node() {
    check(
        "x = 3\ny = x*x",
        expect![[r#"
             0 x    input   () = 3  d/d = 6
             1 y    mul     (x, x) = 9  d/d = 1
            output y
        "#]],
    );
}

#[test]
fn precedence_and_associativity() {
    check(
        "x = 2; y = -x^2 + 2^3^2 / 4 - 1",
        expect![[r#"
             0 x    input   () = 2  d/d = -4
             1 2    const   () = 2  d/d = -
             2 u1   pow     (x, 2) = 4  d/d = -1
             3 u2   neg     (u1) = -4  d/d = 1
             4 3    const   () = 3  d/d = -
             5 u3   pow     (3, 2) = 9  d/d = -
             6 u4   pow     (2, u3) = 512  d/d = -
             7 4    const   () = 4  d/d = -
             8 u5   div     (u4, 4) = 128  d/d = -
             9 u6   add     (u2, u5) = 124  d/d = 1
            10 1    const   () = 1  d/d = -
            11 y    sub     (u6, 1) = 123  d/d = 1
            output y
        "#]],
    );
}

#[test]
fn every_function_with_comments_and_implicit_multiplication() {
    check(
        "# all the functions\na = 0.5\nb = 2\ny = exp(a) + ln(b) + log(b) + sqrt(b) + sin(a) + cos(a) + tan(a) + tanh(a)\nw = sigmoid(a) + relu(a) + abs(a) + softplus(a) + pow(a, b) + max(a, b) + min(a, b) + 2a + 3(a + b) + a**b\nq = y * w",
        expect![[r#"
             0 a    input   () = 0.5  d/d = 132.23
             1 b    input   () = 2  d/d = 43.977
             2 u1   exp     (a) = 1.6487  d/d = 14.097
             3 u2   log     (b) = 0.69315  d/d = 28.193
             4 u3   add     (u1, u2) = 2.3419  d/d = 14.097
             5 u4   add     (u3, u2) = 3.035  d/d = 14.097
             6 u5   sqrt    (b) = 1.4142  d/d = 14.097
             7 u6   add     (u4, u5) = 4.4492  d/d = 14.097
             8 u7   sin     (a) = 0.47943  d/d = 14.097
             9 u8   add     (u6, u7) = 4.9287  d/d = 14.097
            10 u9   cos     (a) = 0.87758  d/d = 14.097
            11 u10  add     (u8, u9) = 5.8062  d/d = 14.097
            12 u11  tan     (a) = 0.5463  d/d = 14.097
            13 u12  add     (u10, u11) = 6.3525  d/d = 14.097
            14 u13  tanh    (a) = 0.46212  d/d = 14.097
            15 y    add     (u12, u13) = 6.8147  d/d = 14.097
            16 u14  sigmoid (a) = 0.62246  d/d = 6.8147
            17 u15  relu    (a) = 0.5  d/d = 6.8147
            18 u16  add     (u14, u15) = 1.1225  d/d = 6.8147
            19 u17  abs     (a) = 0.5  d/d = 6.8147
            20 u18  add     (u16, u17) = 1.6225  d/d = 6.8147
            21 u19  softplus (a) = 0.97408  d/d = 6.8147
            22 u20  add     (u18, u19) = 2.5965  d/d = 6.8147
            23 u21  pow     (a, b) = 0.25  d/d = 13.629
            24 u22  add     (u20, u21) = 2.8465  d/d = 6.8147
            25 u23  max     (a, b) = 2  d/d = 6.8147
            26 u24  add     (u22, u23) = 4.8465  d/d = 6.8147
            27 u25  min     (a, b) = 0.5  d/d = 6.8147
            28 u26  add     (u24, u25) = 5.3465  d/d = 6.8147
            29 2    const   () = 2  d/d = -
            30 u27  mul     (2, a) = 1  d/d = 6.8147
            31 u28  add     (u26, u27) = 6.3465  d/d = 6.8147
            32 3    const   () = 3  d/d = -
            33 u29  add     (a, b) = 2.5  d/d = 20.444
            34 u30  mul     (3, u29) = 7.5  d/d = 6.8147
            35 u31  add     (u28, u30) = 13.847  d/d = 6.8147
            36 w    add     (u31, u21) = 14.097  d/d = 6.8147
            37 q    mul     (y, w) = 96.063  d/d = 1
            output q
        "#]],
    );
}

#[test]
fn aliases_constants_and_implicit_inputs() {
    check(
        "a = x\ny = pi * a + e",
        expect![[r#"
             0 x    input   () = 1  d/d = 3.1416
             1 a    copy    (x) = 1  d/d = 3.1416
             2 pi   const   () = 3.1416  d/d = -
             3 u1   mul     (pi, a) = 3.1416  d/d = 1
             4 e    const   () = 2.7183  d/d = -
             5 y    add     (u1, e) = 5.8599  d/d = 1
            output y
            1:5: warning: 'x' is never assigned, so it is an input with value 1
              |
            1 | a = x
              |     ^
              = help: give it a value with a statement like `x = 2`
        "#]],
    );
}

#[test]
fn nodes_off_the_output_path_keep_a_zero_adjoint() {
    check(
        "x = 0\nunused = log(x)\ny = x + 1",
        expect![[r#"
             0 x    input   () = 0  d/d = 1
             1 unused log     (x) = -Infinity  d/d = 0
             2 1    const   () = 1  d/d = -
             3 y    add     (x, 1) = 1  d/d = 1
            output y
            note: unused: log(0) is −∞
        "#]],
    );
}

#[test]
fn syntax_errors_are_reported_and_parsing_recovers() {
    check(
        "x = (2 + 3\ny = x +* 2\nz = 3 4\nw = 2 $ 1",
        expect![[r#"
            1:11: error: expected ')' to close the '(' at 1:5, found the end of the line
              |
            1 | x = (2 + 3
              |           ^
              = help: add ')' where the expression inside ends
            2:8: error: expected a number, a name, '(' or '[', found '*'
              |
            2 | y = x +* 2
              |        ^
            3:7: error: expected an operator or the end of the statement, found '4'
              |
            3 | z = 3 4
              |       ^
            4:7: error: expected an operator or the end of the statement, found the character '$'
              |
            4 | w = 2 $ 1
              |       ^
              = help: names use ASCII letters, digits and '_'; operators are + - * / ^
        "#]],
    );
}

#[test]
fn name_errors_teach() {
    check(
        "x = 2\ny = sn(x) + a\na = 1\nx = 3\nz = z + 1\nq = exp(x, x)",
        expect![[r#"
            2:5: error: unknown function 'sn'
              |
            2 | y = sn(x) + a
              |     ^^
              = help: did you mean 'sin'?
            2:13: error: 'a' is used before it is assigned (at 3:1)
              |
            2 | y = sn(x) + a
              |             ^
              = help: move the assignment above its first use
            4:1: error: 'x' is already assigned at 1:1
              |
            4 | x = 3
              | ^
              = help: each name is assigned once; call the new value something else, like 'x2'
            5:5: error: 'z' is used in its own definition
              |
            5 | z = z + 1
              |     ^
              = help: each name is assigned once; call the new value something else, like 'z2'
            6:5: error: 'exp' takes one argument, but 2 were given
              |
            6 | q = exp(x, x)
              |     ^^^^^^^^^
        "#]],
    );
}

#[test]
fn empty_programs_say_so() {
    check(
        "  \n# nothing\n",
        expect![[r#"
            3:1: error: the program has no statements
              |
            3 | 
              | ^
              = help: write a statement such as `y = x * x`
        "#]],
    );
}

#[test]
fn limits_are_errors_not_crashes() {
    let deep = format!("y = {}x{}", "(".repeat(10_000), ")".repeat(10_000));
    let long_chain = format!("y = x{}", " + x".repeat(5_000));
    let huge = format!("y = {}", "x+".repeat(60_000));
    for (source, message) in [
        (deep.as_str(), "nested more than 200 levels"),
        (long_chain.as_str(), "more than 1000 operations in a chain"),
        (huge.as_str(), "the program is too long"),
    ] {
        let compiled = compile(source, &Options::default());
        assert!(compiled.graph.is_none());
        assert!(compiled.diagnostics.iter().any(|d| d.message.contains(message)), "{:?}", compiled.diagnostics);
    }
    // 35 statements of 900 terms `2x`: about 94 000 characters and 94 000 nodes.
    let many_nodes: String = (0..35).map(|i| format!("a{i} = 2x{}\n", "+2x".repeat(899))).collect();
    assert!(many_nodes.len() < gradgraph_engine::syntax::MAX_SOURCE_CHARS);
    // Without sharing: with it, every `2x` would be one node.
    let compiled = compile(&many_nodes, &Options { sharing: false, ..Options::default() });
    assert!(compiled.diagnostics.iter().any(|d| d.message.contains("more than 50000 nodes")));
}

#[test]
fn timeline_steps_and_explains() {
    let source = "x = 2; z = 3; y = x*z + sin(x)";
    let analysis = analyze(source, &Options::default(), &HashMap::new()).unwrap();
    let timeline = &analysis.evaluation.timeline;
    // 5 forward visits, 1 initialization, 5 backward visits, 5 edge increments.
    assert_eq!(timeline.len(), 16);
    let text: String =
        (0..=timeline.len()).map(|k| format!("{k:>2} {}\n", explain(&analysis.graph, timeline, k).unwrap())).collect();
    expect![[r#"
         0 Ready. The forward pass will compute every node's value; the backward pass then finds dy/du for every node u.
         1 Forward: x is an input, x = 2.
         2 Forward: z is an input, z = 3.
         3 Forward: u1 = x * z = 2 * 3 = 6.
         4 Forward: u2 = sin(x) = sin(2) = 0.9093.
         5 Forward: y = u1 + u2 = 6 + 0.9093 = 6.9093.
         6 Backward: every dy/du starts at 0, and dy/dy = 1.
         7 Backward: visit y; dy/dy = 1 is complete. It is pushed to u1, u2.
         8 Backward: dy/du1 += dy/dy · ∂y/∂u1 = 1 × 1 = 1, so dy/du1 = 1.
         9 Backward: dy/du2 += dy/dy · ∂y/∂u2 = 1 × 1 = 1, so dy/du2 = 1.
        10 Backward: visit u2; dy/du2 = 1 is complete. It is pushed to x.
        11 Backward: dy/dx += dy/du2 · ∂u2/∂x = 1 × cos(x) = 1 × (-0.41615) = -0.41615, so dy/dx = 0 + (-0.41615) = -0.41615.
        12 Backward: visit u1; dy/du1 = 1 is complete. It is pushed to x, z.
        13 Backward: dy/dx += dy/du1 · ∂u1/∂x = 1 × z = 1 × 3 = 3, so dy/dx = -0.41615 + 3 = 2.5839.
        14 Backward: dy/dz += dy/du1 · ∂u1/∂z = 1 × x = 1 × 2 = 2, so dy/dz = 2.
        15 Backward: visit z; dy/dz = 2 is complete.
        16 Backward: visit x; dy/dx = 2.5839 is complete.
    "#]]
    .assert_eq(&text);

    // Stepping forward one event at a time matches jumping, and the last frame holds the
    // evaluation's numbers exactly.
    let last = timeline.frame(timeline.len());
    for u in analysis.graph.order() {
        assert_eq!(last.values[u.index()], Some(analysis.evaluation.value(u)));
        assert_eq!(last.adjoints[u.index()], analysis.evaluation.adjoint(u));
    }
    let back = timeline.frame(timeline.len() - 1);
    assert_eq!(back.adjoints[0], Some(-0.4161468365471424 + 3.0));
    assert_eq!(back.focus, gradgraph_engine::Focus::Node { node: 1 });
}

#[test]
fn input_overrides_replace_program_values() {
    let at = HashMap::from([("x".to_string(), 0.0)]);
    let analysis = analyze("x = 2; z = 3; y = x*z + sin(x)", &Options::default(), &at).unwrap();
    let gradient = analysis.evaluation.gradient(&analysis.graph);
    assert_eq!(gradient, [("x".to_string(), 4.0), ("z".to_string(), 0.0)]);
    assert_eq!(analysis.evaluation.output_value(&analysis.graph), 0.0);
}

#[test]
fn node_indices_are_a_topological_order() {
    let analysis = analyze("a = 1; b = a*a; c = sin(b) + a; y = c*b", &Options::default(), &HashMap::new()).unwrap();
    let edges: Vec<_> = analysis.graph.edges().collect();
    assert_eq!(edges.len(), 7);
    for edge in edges {
        assert!(edge.from.index() < edge.to.index(), "{edge:?}");
        assert_eq!(analysis.graph.args(edge.to).get(edge.position), Some(&edge.from));
    }
}

#[test]
fn shared_subexpressions_are_one_node() {
    check(
        "x = 2; z = 3\ny = exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)",
        expect![[r#"
             0 x    input   () = 2  d/d = 1208.4
             1 z    input   () = 3  d/d = 809.71
             2 u1   mul     (x, z) = 6  d/d = 404.85
             3 u2   exp     (u1) = 403.43  d/d = 1
             4 u3   log     (x) = 0.69315  d/d = -12.36
             5 u4   div     (u1, u3) = 8.6562  d/d = 1
             6 u5   add     (u2, u4) = 412.08  d/d = 1
             7 u6   sin     (u3) = 0.63896  d/d = 0.16667
             8 u7   div     (u6, u1) = 0.10649  d/d = 1
             9 y    add     (u5, u7) = 412.19  d/d = 1
            output y
        "#]],
    );
}

#[test]
fn without_sharing_each_occurrence_is_a_node() {
    check(
        "#! no-sharing\nx = 2; z = 3\ny = exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)",
        expect![[r#"
             0 x    input   () = 2  d/d = 1208.4
             1 z    input   () = 3  d/d = 809.71
             2 u1   mul     (x, z) = 6  d/d = 403.43
             3 u2   exp     (u1) = 403.43  d/d = 1
             4 u3   mul     (x, z) = 6  d/d = 1.4427
             5 u4   log     (x) = 0.69315  d/d = -12.488
             6 u5   div     (u3, u4) = 8.6562  d/d = 1
             7 u6   add     (u2, u5) = 412.08  d/d = 1
             8 u7   log     (x) = 0.69315  d/d = 0.12821
             9 u8   sin     (u7) = 0.63896  d/d = 0.16667
            10 u9   mul     (x, z) = 6  d/d = -0.017749
            11 u10  div     (u8, u9) = 0.10649  d/d = 1
            12 y    add     (u6, u10) = 412.19  d/d = 1
            output y
        "#]],
    );
}

#[test]
fn a_shared_intermediate_can_be_named_later() {
    check(
        "x = 2\na = exp(2x)\nb = 2x\nc = a\nd = 2 + b",
        expect![[r#"
             0 x    input   () = 2  d/d = 2
             1 2    const   () = 2  d/d = -
             2 b    mul     (2, x) = 4  d/d = 1
             3 a    exp     (b) = 54.598  d/d = 0
             4 c    copy    (a) = 54.598  d/d = 0
             5 d    add     (2, b) = 6  d/d = 1
            output d
        "#]],
    );
}

#[test]
fn any_node_can_be_the_output() {
    check(
        "#! output=u\nx = 2; z = 3\nu = x*z\ny = u + sin(x)",
        expect![[r#"
             0 x    input   () = 2  d/d = 3
             1 z    input   () = 3  d/d = 2
             2 u    mul     (x, z) = 6  d/d = 1
             3 u1   sin     (x) = 0.9093  d/d = 0
             4 y    add     (u, u1) = 6.9093  d/d = 0
            output u
        "#]],
    );
    check(
        "#! output=u1\nx = 2\ny = sin(x*x)",
        expect![[r#"
         0 x    input   () = 2  d/d = 4
         1 u1   mul     (x, x) = 4  d/d = 1
         2 y    sin     (u1) = -0.7568  d/d = 0
        output u1
    "#]],
    );
    check(
        "#! output=w\nx = 2\ny = x",
        expect![[r#"
            the output option: error: there is no node named 'w' to differentiate
              = help: the named nodes are x, y
        "#]],
    );
}

#[test]
fn dot_export() {
    let analysis = analyze("x = 2; y = x*x + sin(x)", &Options::default(), &HashMap::new()).unwrap();
    expect![[r#"
        digraph gradgraph {
          rankdir=LR;
          node [shape=box, style=rounded];
          n0 [label="x\ninput = 2"];
          n1 [label="u1\nmul"];
          n2 [label="u2\nsin"];
          n3 [label="y\nadd", peripheries=2];
          n0 -> n1 [label="1"];
          n0 -> n1 [label="2"];
          n0 -> n2;
          n1 -> n3 [label="1"];
          n2 -> n3 [label="2"];
        }
    "#]]
    .assert_eq(&gradgraph_engine::export::dot(&analysis.graph));
}

#[test]
fn numeric_trouble_is_explained() {
    check(
        "x = 0; w = -1\na = log(x) + sqrt(w)\nb = relu(x) + abs(x) + max(x, x) + x^(-1) + 1/x\nc = exp(800) * 0\ny = a + b + c + w^0.5",
        expect![[r#"
             0 x    input   () = 0  d/d = NaN
             1 w    input   () = -1  d/d = NaN
             2 u1   log     (x) = -Infinity  d/d = 1
             3 u2   sqrt    (w) = NaN  d/d = 1
             4 a    add     (u1, u2) = NaN  d/d = 1
             5 u3   relu    (x) = 0  d/d = 1
             6 u4   abs     (x) = 0  d/d = 1
             7 u5   add     (u3, u4) = 0  d/d = 1
             8 u6   max     (x, x) = 0  d/d = 1
             9 u7   add     (u5, u6) = 0  d/d = 1
            10 1    const   () = 1  d/d = -
            11 u8   neg     (1) = -1  d/d = -
            12 u9   pow     (x, u8) = Infinity  d/d = 1
            13 u10  add     (u7, u9) = Infinity  d/d = 1
            14 u11  div     (1, x) = Infinity  d/d = 1
            15 b    add     (u10, u11) = Infinity  d/d = 1
            16 800  const   () = 800  d/d = -
            17 u12  exp     (800) = Infinity  d/d = -
            18 0    const   () = 0  d/d = -
            19 c    mul     (u12, 0) = NaN  d/d = -
            20 u13  add     (a, b) = NaN  d/d = 1
            21 u14  add     (u13, c) = NaN  d/d = 1
            22 0.5  const   () = 0.5  d/d = -
            23 u15  pow     (w, 0.5) = NaN  d/d = 1
            24 y    add     (u14, u15) = NaN  d/d = 1
            output y
            note: u1: log(0) is −∞
            note: u2: the square root of a negative number is undefined
            note: a is NaN because its input u2 is NaN
            note: u3: relu is not differentiable at 0; the left derivative, 0, is used
            note: u4: abs is not differentiable at 0; the derivative 0, between −1 and 1, is used
            note: u6: max is not differentiable where its arguments are equal; the first one gets the derivative
            note: u9: 0 to a negative power is infinite
            note: u10 is Infinity because its input u9 is Infinity
            note: u11: division by zero
            note: b is Infinity because its input u10 is Infinity
            note: u12: exp overflows: the result is beyond the largest 64-bit float, about 1.8e308
            note: c is NaN: Infinity * 0 is undefined
            note: u13 is NaN because its input a is NaN
            note: u14 is NaN because its input u13 is NaN
            note: u15: a negative number to a fractional power is undefined
            note: y is NaN because its input u14 is NaN
        "#]],
    );
}

#[test]
fn logistic_regression_with_vectors() {
    check(
        "theta = [0.5, -1, 2]\nx = [1, 2, 3]\nystar = 1\nq = sigmoid(dot(theta, x))\nJ = ystar*log(q) + (1 - ystar)*log(1 - q)",
        expect![[r#"
             0 theta[0] input   () = 0.5  d/d = 0.010987
             1 theta[1] input   () = -1  d/d = 0.021974
             2 theta[2] input   () = 2  d/d = 0.032961
             3 x[0] input   () = 1  d/d = 0.0054935
             4 x[1] input   () = 2  d/d = -0.010987
             5 x[2] input   () = 3  d/d = 0.021974
             6 ystar input   () = 1  d/d = 4.5
             7 u1   mul     (theta[0], x[0]) = 0.5  d/d = 0.010987
             8 u2   mul     (theta[1], x[1]) = -2  d/d = 0.010987
             9 u3   mul     (theta[2], x[2]) = 6  d/d = 0.010987
            10 u4   add     (u1, u2) = -1.5  d/d = 0.010987
            11 u5   add     (u4, u3) = 4.5  d/d = 0.010987
            12 q    sigmoid (u5) = 0.98901  d/d = 1.0111
            13 u6   log     (q) = -0.011048  d/d = 1
            14 u7   mul     (ystar, u6) = -0.011048  d/d = 1
            15 1    const   () = 1  d/d = -
            16 u8   sub     (1, ystar) = 0  d/d = -4.511
            17 u9   sub     (1, q) = 0.010987  d/d = 0
            18 u10  log     (u9) = -4.511  d/d = 0
            19 u11  mul     (u8, u10) = 0  d/d = 1
            20 J    add     (u7, u11) = -0.011048  d/d = 1
            output J
        "#]],
    );
}

#[test]
fn matrices_broadcasting_and_indexing() {
    check(
        "W = [[1, 2], [3, 4]]\nx = [0.5, -1]\nh = tanh(W @ x + 1)\ny = sum(h * h) + W[1][0] * x[1]",
        expect![[r#"
             0 W[0][0] input   () = 1  d/d = -0.36343
             1 W[0][1] input   () = 2  d/d = 0.72686
             2 W[1][0] input   () = 3  d/d = -1.1636
             3 W[1][1] input   () = 4  d/d = 0.32713
             4 x[0] input   () = 0.5  d/d = -1.7083
             5 x[1] input   () = -1  d/d = 0.23775
             6 u1   mul     (W[0][0], x[0]) = 0.5  d/d = -0.72686
             7 u2   mul     (W[0][1], x[1]) = -2  d/d = -0.72686
             8 u3   add     (u1, u2) = -1.5  d/d = -0.72686
             9 u4   mul     (W[1][0], x[0]) = 1.5  d/d = -0.32713
            10 u5   mul     (W[1][1], x[1]) = -4  d/d = -0.32713
            11 u6   add     (u4, u5) = -2.5  d/d = -0.32713
            12 1    const   () = 1  d/d = -
            13 u7   add     (u3, 1) = -0.5  d/d = -0.72686
            14 u8   add     (u6, 1) = -1.5  d/d = -0.32713
            15 h[0] tanh    (u7) = -0.46212  d/d = -0.92423
            16 h[1] tanh    (u8) = -0.90515  d/d = -1.8103
            17 u9   mul     (h[0], h[0]) = 0.21355  d/d = 1
            18 u10  mul     (h[1], h[1]) = 0.81929  d/d = 1
            19 u11  add     (u9, u10) = 1.0328  d/d = 1
            20 u12  mul     (W[1][0], x[1]) = -3  d/d = 1
            21 y    add     (u11, u12) = -1.9672  d/d = 1
            output y
        "#]],
    );
}

#[test]
fn lists_of_expressions_are_vectors() {
    check(
        "a = 2\nv = [a, a*a, 3]\ny = sum(2 * v)",
        expect![[r#"
             0 a    input   () = 2  d/d = 10
             1 v[1] mul     (a, a) = 4  d/d = 2
             2 3    const   () = 3  d/d = -
             3 v[0] copy    (a) = 2  d/d = 2
             4 v[2] copy    (3) = 3  d/d = -
             5 2    const   () = 2  d/d = -
             6 u1   mul     (2, v[0]) = 4  d/d = 1
             7 u2   mul     (2, v[1]) = 8  d/d = 1
             8 u3   mul     (2, v[2]) = 6  d/d = -
             9 u4   add     (u1, u2) = 12  d/d = 1
            10 y    add     (u4, u3) = 18  d/d = 1
            output y
        "#]],
    );
}

#[test]
fn shape_errors_name_both_shapes() {
    check(
        "a = [1, 2, 3]\nb = [1, 2]\nc = a + b\nd = dot(a, 1)\nM = [[1, 2], [3]]\nf = [[1, 2]] @ a\ng = a[3] + a[x]\nh = 2[0]\ny = a",
        expect![[r#"
            3:5: error: cannot apply 'add' to a vector of 3 and a vector of 2: the shapes must match, or one side must be a single number
              |
            3 | c = a + b
              |     ^^^^^
            4:5: error: dot needs two vectors of the same length, but got a vector of 3 and a number
              |
            4 | d = dot(a, 1)
              |     ^^^^^^^^^
            5:5: error: the elements of a list must have one shape, but this list has a vector of 2 and a vector of 1
              |
            5 | M = [[1, 2], [3]]
              |     ^^^^^^^^^^^^^
              = help: a matrix is a list of rows of equal length
            6:5: error: cannot multiply a 1×2 matrix @ a vector of 3: the columns on the left must match the length (rows) on the right
              |
            6 | f = [[1, 2]] @ a
              |     ^^^^^^^^^^^^
            7:7: error: index 3 is out of range for a vector of 3
              |
            7 | g = a[3] + a[x]
              |       ^
              = help: indices count from 0 to 2
            7:14: error: an index must be a whole number written out, like x[0]
              |
            7 | g = a[3] + a[x]
              |              ^
            8:5: error: only vectors and matrices can be indexed, but this is a number
              |
            8 | h = 2[0]
              |     ^^^^
            9:1: error: the output must be a single number, but 'y' is a vector of 3
              |
            9 | y = a
              | ^^^^^
              = help: differentiate sum(...) of it, or one element such as y[0], or choose another output
        "#]],
    );
}

#[test]
fn statements_granularity_makes_one_node_per_assignment() {
    check(
        "#! statements\nx = 2; z = 3\nu = x*z\ny = exp(u) + u/log(x) + sin(log(x))/u",
        expect![[r#"
             0 x    input   () = 2  d/d = 1208.4
             1 z    input   () = 3  d/d = 809.71
             2 u    statement (x, z) = 6  d/d = 404.85
             3 y    statement (u, x) = 412.19  d/d = 1
            output y
        "#]],
    );
}

#[test]
fn statements_granularity_explains_with_the_statement() {
    let source = "x = 2; z = 3\ny = x*z + sin(x)";
    let options = Options { granularity: Granularity::Statements, ..Options::default() };
    let analysis = analyze(source, &options, &HashMap::new()).unwrap();
    let timeline = &analysis.evaluation.timeline;
    let text: String =
        (1..=timeline.len()).map(|k| format!("{k}: {}\n", explain(&analysis.graph, timeline, k).unwrap())).collect();
    expect![[r#"
        1: Forward: x is an input, x = 2.
        2: Forward: z is an input, z = 3.
        3: Forward: y = x * z + sin(x) = 2 * 3 + sin(2) = 6.9093.
        4: Backward: every dy/du starts at 0, and dy/dy = 1.
        5: Backward: visit y; dy/dy = 1 is complete. It is pushed to x, z.
        6: Backward: dy/dx += dy/dy · ∂y/∂x = 1 × 2.5839 (∂/∂x of x * z + sin(x)) = 2.5839, so dy/dx = 2.5839.
        7: Backward: dy/dz += dy/dy · ∂y/∂z = 1 × 2 (∂/∂z of x * z + sin(x)) = 2, so dy/dz = 2.
        8: Backward: visit z; dy/dz = 2 is complete.
        9: Backward: visit x; dy/dx = 2.5839 is complete.
    "#]]
    .assert_eq(&text);
}

/// Every program of the corpus gives the same gradient in both granularities, with and
/// without sharing.
#[test]
fn granularities_and_sharing_agree_on_the_gradient() {
    let corpus = [
        "x = 2; z = 3; y = x*z + sin(x)",
        "x = 2; z = 3\ny = exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)",
        "theta = [0.5, -1, 2]\nx = [1, 2, 3]\nystar = 1\nq = sigmoid(dot(theta, x))\nJ = ystar*log(q) + (1 - ystar)*log(1 - q)",
        "W = [[1, 2], [3, 4]]\nx = [0.5, -1]\nh = tanh(W @ x + 1)\ny = sum(h * h) + W[1][0] * x[1]",
        "a = 0.3; b = 1.7\nc = a\nd = pow(a, b) * max(a, b) - min(a, c) / softplus(b)\ny = relu(d) + abs(d - 1) + sqrt(b) * tan(a)",
        "a = 2\nv = [a, a*a, 3]\ny = sum(2 * v)",
    ];
    for source in corpus {
        let mut gradients = Vec::new();
        for sharing in [true, false] {
            for granularity in [Granularity::Operations, Granularity::Statements] {
                let options = Options { sharing, granularity, output: None };
                let analysis = analyze(source, &options, &HashMap::new()).unwrap();
                gradients.push(analysis.evaluation.gradient(&analysis.graph));
            }
        }
        let names = |g: &[(String, f64)]| g.iter().map(|(name, _)| name.clone()).collect::<Vec<_>>();
        for other in &gradients[1..] {
            assert_eq!(names(&gradients[0]), names(other), "{source}");
            for ((name, a), (_, b)) in gradients[0].iter().zip(other) {
                let scale = a.abs().max(1.0);
                assert!((a - b).abs() <= 1e-12 * scale, "{source}: d/d{name} {a} vs {b}");
            }
        }
    }
}

/// The syntax tree as an S-expression.
fn sexpr(e: &gradgraph_engine::syntax::Expr) -> String {
    use gradgraph_engine::syntax::ExprKind;
    let all = |items: &[gradgraph_engine::syntax::Expr]| items.iter().map(sexpr).collect::<Vec<_>>().join(" ");
    match &e.kind {
        ExprKind::Number(v) => short(*v),
        ExprKind::Name(n) => n.clone(),
        ExprKind::Unary(op, a) => format!("({} {})", op.name(), sexpr(a)),
        ExprKind::Binary(op, a, b) => format!("({} {} {})", op.name(), sexpr(a), sexpr(b)),
        ExprKind::MatMul(a, b) => format!("(@ {} {})", sexpr(a), sexpr(b)),
        ExprKind::Call(f, args) => format!("({} {})", f.name, all(args)),
        ExprKind::List(items) => format!("[{}]", all(items)),
        ExprKind::Index(a, i) => format!("(index {} {})", sexpr(a), sexpr(i)),
    }
}

#[test]
fn parse_results() {
    let source = "# every form\ny = -x^2 + 2^-3^2\nz = 2x^2 * 3(x + 1) / e ** 2\nv = [1, -2.5e-1, .5][0] + W[1][0]\nq = W @ [a, b] ; sigmoid(dot(v, v))\nw = x\n";
    let (program, diagnostics) = gradgraph_engine::syntax::parse(source);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let text: String = program
        .statements
        .iter()
        .map(|s| format!("{} := {}\n", s.target.as_ref().map_or("_", |t| t.name.as_str()), sexpr(&s.expr)))
        .collect();
    expect![[r#"
        y := (add (neg (pow x 2)) (pow 2 (neg (pow 3 2))))
        z := (div (mul (mul 2 (pow x 2)) (mul 3 (add x 1))) (pow e 2))
        v := (add (index [1 (neg 0.25) 0.5] 0) (index (index W 1) 0))
        q := (@ W [a b])
        _ := (sigmoid (dot v v))
        w := x
    "#]]
    .assert_eq(&text);
}

#[test]
fn a_failed_statement_does_not_cascade() {
    check(
        "a = [1, 2, 3]\nb = [1, 2]\nc = a + b\ny = sum(c)\nz = c + 1",
        expect![[r#"
        3:5: error: cannot apply 'add' to a vector of 3 and a vector of 2: the shapes must match, or one side must be a single number
          |
        3 | c = a + b
          |     ^^^^^
    "#]],
    );
}

/// Found by fuzzing: an empty list assigned to a name, then combined with a number.
#[test]
fn empty_lists_are_errors() {
    check(
        "x = []\ny = -x^2 + sum([])",
        expect![[r#"
        1:5: error: an empty list has no elements to compute with
          |
        1 | x = []
          |     ^^
        2:16: error: an empty list has no elements to compute with
          |
        2 | y = -x^2 + sum([])
          |                ^^
    "#]],
    );
}

/// Every step's sentence, numbered.
fn check_steps(source: &str, expected: Expect) {
    let analysis = analyze(source, &options(source), &HashMap::new()).unwrap();
    let timeline = &analysis.evaluation.timeline;
    let text: String =
        (1..=timeline.len()).map(|k| format!("{k}. {}\n", explain(&analysis.graph, timeline, k).unwrap())).collect();
    expected.assert_eq(&text);
}

#[test]
fn generated_names_avoid_every_name_the_program_uses() {
    // `u1` is never assigned, so it is an input: the product must not be called u1 too.
    check(
        "x = 2; y = u1*x + sin(x)",
        expect![[r#"
         0 x    input   () = 2  d/d = 0.58385
         1 u1   input   () = 1  d/d = 2
         2 u2   mul     (u1, x) = 2  d/d = 1
         3 u3   sin     (x) = 0.9093  d/d = 1
         4 y    add     (u2, u3) = 2.9093  d/d = 1
        output y
        1:12: warning: 'u1' is never assigned, so it is an input with value 1
          |
        1 | x = 2; y = u1*x + sin(x)
          |            ^^
          = help: give it a value with a statement like `u1 = 2`
    "#]],
    );
    check(
        "#! no-sharing\nu2 = 1\nv = [u3, 2]\ny = 2*u1 + 2*v[0] + u2",
        expect![[r#"
         0 u2   input   () = 1  d/d = 1
         1 u3   input   () = 1  d/d = 2
         2 2    const   () = 2  d/d = -
         3 v[0] copy    (u3) = 1  d/d = 2
         4 v[1] copy    (2) = 2  d/d = -
         5 2    const   () = 2  d/d = -
         6 u1   input   () = 1  d/d = 2
         7 u4   mul     (2, u1) = 2  d/d = 1
         8 2    const   () = 2  d/d = -
         9 u5   mul     (2, v[0]) = 2  d/d = 1
        10 u6   add     (u4, u5) = 4  d/d = 1
        11 y    add     (u6, u2) = 5  d/d = 1
        output y
        3:6: warning: 'u3' is never assigned, so it is an input with value 1
          |
        3 | v = [u3, 2]
          |      ^^
          = help: give it a value with a statement like `u3 = 2`
        4:7: warning: 'u1' is never assigned, so it is an input with value 1
          |
        4 | y = 2*u1 + 2*v[0] + u2
          |       ^^
          = help: give it a value with a statement like `u1 = 2`
    "#]],
    );
}

#[test]
fn constants_are_not_variables() {
    // No partial for the exponent, no note about a negative base, nothing pushed into 2.
    check(
        "x = -3; y = x^2",
        expect![[r#"
         0 x    input   () = -3  d/d = -6
         1 2    const   () = 2  d/d = -
         2 y    pow     (x, 2) = 9  d/d = 1
        output y
    "#]],
    );
    check_steps(
        "x = -3; y = x^2",
        expect![[r#"
            1. Forward: x is an input, x = -3.
            2. Forward: the constant 2.
            3. Forward: y = x^2 = (-3)^2 = 9.
            4. Backward: every dy/du starts at 0 (constants are not variables and get none), and dy/dy = 1.
            5. Backward: visit y; dy/dy = 1 is complete. It is pushed to x.
            6. Backward: dy/dx += dy/dy · ∂y/∂x = 1 × (2*x^(2-1)) = 1 × (-6) = -6, so dy/dx = -6.
            7. Backward: visit x; dy/dx = -6 is complete.
        "#]],
    );
    // An operation on constants alone is not a variable either; a variable exponent is.
    check(
        "x = -3; n = 2; y = x^(2*1) + x^n",
        expect![[r#"
         0 x    input   () = -3  d/d = -12
         1 n    input   () = 2  d/d = NaN
         2 2    const   () = 2  d/d = -
         3 1    const   () = 1  d/d = -
         4 u1   mul     (2, 1) = 2  d/d = -
         5 u2   pow     (x, u1) = 9  d/d = 1
         6 u3   pow     (x, n) = 9  d/d = 1
         7 y    add     (u2, u3) = 18  d/d = 1
        output y
        note: u3: the slope with respect to the exponent, a^b·log(a), is undefined for a negative base
    "#]],
    );
}

#[test]
fn sentences_parenthesize_negative_numbers_and_keep_running_sums() {
    check_steps(
        "x = 0.5\nu = x + -2\ny = u*x + sin(u)",
        expect![[r#"
            1. Forward: x is an input, x = 0.5.
            2. Forward: the constant 2.
            3. Forward: u1 = -2.
            4. Forward: u = x + u1 = 0.5 + (-2) = -1.5.
            5. Forward: u2 = u * x = -1.5 * 0.5 = -0.75.
            6. Forward: u3 = sin(u) = sin(-1.5) = -0.99749.
            7. Forward: y = u2 + u3 = -0.75 + (-0.99749) = -1.7475.
            8. Backward: every dy/du starts at 0 (constants are not variables and get none), and dy/dy = 1.
            9. Backward: visit y; dy/dy = 1 is complete. It is pushed to u2, u3.
            10. Backward: dy/du2 += dy/dy · ∂y/∂u2 = 1 × 1 = 1, so dy/du2 = 1.
            11. Backward: dy/du3 += dy/dy · ∂y/∂u3 = 1 × 1 = 1, so dy/du3 = 1.
            12. Backward: visit u3; dy/du3 = 1 is complete. It is pushed to u.
            13. Backward: dy/du += dy/du3 · ∂u3/∂u = 1 × cos(u) = 1 × 0.070737 = 0.070737, so dy/du = 0 + 0.070737 = 0.070737.
            14. Backward: visit u2; dy/du2 = 1 is complete. It is pushed to u, x.
            15. Backward: dy/du += dy/du2 · ∂u2/∂u = 1 × x = 1 × 0.5 = 0.5, so dy/du = 0.070737 + 0.5 = 0.57074.
            16. Backward: dy/dx += dy/du2 · ∂u2/∂x = 1 × u = 1 × (-1.5) = -1.5, so dy/dx = 0 + (-1.5) = -1.5.
            17. Backward: visit u; dy/du = 0.57074 is complete. It is pushed to x.
            18. Backward: dy/dx += dy/du · ∂u/∂x = 0.57074 × 1 = 0.57074, so dy/dx = -1.5 + 0.57074 = -0.92926.
            19. Backward: visit x; dy/dx = -0.92926 is complete.
        "#]],
    );
}

#[test]
fn the_chosen_output_must_be_a_variable_named_in_the_program() {
    check(
        "#! output=2\nx = 2; y = 2*x",
        expect![[r#"
        the output option: error: '2' is a constant, so there is nothing to differentiate
          = help: choose a variable: an input, a named statement or an operation u1, u2, …
    "#]],
    );
    check(
        "#! output=h\nx = [1, 2]; h = 2*x; y = sum(h)",
        expect![[r#"
        2:13: error: the chosen output 'h' is a vector of 2, not a single number
          |
        2 | x = [1, 2]; h = 2*x; y = sum(h)
          |             ^^^^^^^
          = help: choose one element, such as h[0], or differentiate sum(h)
    "#]],
    );
    // Computed from constants alone: not a variable either (the page does not offer it).
    check(
        "#! output=c\nx = 2; c = 2*3; y = c*x",
        expect![[r#"
            the output option: error: 'c' is computed from constants alone, so there is nothing to differentiate
              = help: choose a variable: an input, or something computed from one
        "#]],
    );
}

#[test]
fn practice_asks_each_computed_number_with_two_hints() {
    // Inputs, constants, the initialization and visits ask nothing; a forward value and each
    // increment's new dy/dv are asked, with the rule and then the rule with the numbers.
    let source = "x = 2\nz = 3\ny = x*z + sin(x)";
    let analysis = analyze(source, &options(source), &HashMap::new()).unwrap();
    let (graph, timeline) = (&analysis.graph, &analysis.evaluation.timeline);
    let text: String = (1..=timeline.len())
        .filter_map(|k| {
            let p = gradgraph_engine::steps::prediction(graph, timeline, k)?;
            let [rule, numbers] = gradgraph_engine::steps::hints(graph, timeline, k);
            let pass = if p.forward { "forward" } else { "backward" };
            Some(format!("{k}. {pass} {}: {} = {}\n   {rule}\n   {numbers}\n", p.node, p.asks, short(p.answer)))
        })
        .collect();
    expect![[r#"
        3. forward u1: u1 = 6
           u1 = x * z
           u1 = 2 * 3
        4. forward u2: u2 = 0.9093
           u2 = sin(x)
           u2 = sin(2)
        5. forward y: y = 6.9093
           y = u1 + u2
           y = 6 + 0.9093
        8. backward u1: dy/du1 after y pushes into it = 1
           dy/du1 += (dy/dy)(∂y/∂u1), where ∂y/∂u1 = 1
           dy/du1 = 0 + 1 × 1
        9. backward u2: dy/du2 after y pushes into it = 1
           dy/du2 += (dy/dy)(∂y/∂u2), where ∂y/∂u2 = 1
           dy/du2 = 0 + 1 × 1
        11. backward x: dy/dx after u2 pushes into it = -0.41615
           dy/dx += (dy/du2)(∂u2/∂x), where ∂u2/∂x = cos(x)
           dy/dx = 0 + 1 × (-0.41615)
        13. backward x: dy/dx after u1 pushes into it = 2.5839
           dy/dx += (dy/du1)(∂u1/∂x), where ∂u1/∂x = z
           dy/dx = -0.41615 + 1 × 3
        14. backward z: dy/dz after u1 pushes into it = 2
           dy/dz += (dy/du1)(∂u1/∂z), where ∂u1/∂z = x
           dy/dz = 0 + 1 × 2
    "#]]
    .assert_eq(&text);
}

#[test]
fn text_formulas_are_bracketed_by_the_same_rule() {
    // The table's partials exist as text: read back, they are placed by `needs_parens` as
    // the right factor of a product, as any printed expression is.
    let times = gradgraph_engine::notation::Notation::of(gradgraph_engine::ops::Op::Mul);
    let factor = |text: &str| {
        gradgraph_engine::syntax::printed_text(text).operand(times, gradgraph_engine::notation::Side::Right)
    };
    for atomic in ["x", "x[0]", "2", "1.5e-7", "cos(x + 1)", "u1", "x^2"] {
        assert_eq!(factor(atomic), atomic);
    }
    for compound in ["-1", "1/y", "1 - u^2", "-sin(x)", "1 if x > 0 else 0", "-2.5e-3", "x * z"] {
        assert_eq!(factor(compound), format!("({compound})"));
    }
    let derivative = |text: &str| {
        gradgraph_engine::syntax::printed_text(text)
            .operand(gradgraph_engine::notation::Notation::DERIVATIVE, gradgraph_engine::notation::Side::Right)
    };
    assert_eq!(
        (derivative("x * z"), derivative("sin(x)"), derivative("-x")),
        ("(x * z)".into(), "sin(x)".into(), "(-x)".into())
    );
}

/// A program whose last statement is an input (`lr = 0.1` after the loss) or is computed from
/// constants alone differentiates that statement, whose derivatives are all 0: a warning at
/// the statement says which node is the output and why. Not when the output is chosen, nor
/// when the last statement depends on an input.
#[test]
fn a_last_statement_that_nothing_flows_into_is_said_to_be_the_output() {
    // Each diagnostic's first line (position, severity, message) and its help.
    let warnings = |source: &str, output: Option<&str>| -> Vec<(String, Option<String>)> {
        let options = Options { output: output.map(str::to_string), ..Options::default() };
        let compiled = gradgraph_engine::compile(source, &options);
        let first = |d: &gradgraph_engine::Diagnostic| d.render(source).lines().next().unwrap_or_default().to_string();
        compiled.diagnostics.iter().map(|d| (first(d), d.help.clone())).collect()
    };
    let help = Some("choose the output to differentiate in the menu, or put its statement last".to_string());
    assert_eq!(
        warnings("x = 2\ny = x*x\nlr = 0.1", None),
        [(
            "3:1: warning: 'lr' is the output because it is the last statement, but it is an input, so dlr/du is 0 \
             for every other node u"
                .to_string(),
            help.clone()
        )]
    );
    assert_eq!(
        warnings("x = 2\ny = x*x\nc = 2*3", None),
        [(
            "3:1: warning: 'c' is the output because it is the last statement, but it is computed from constants \
             alone, so dc/du is 0 for every other node u"
                .to_string(),
            help
        )]
    );
    assert!(warnings("x = 2\ny = x*x\nlr = 0.1", Some("y")).is_empty());
    assert!(warnings("x = 2\nlr = 0.1\ny = x*x*lr", None).is_empty());
    // Nothing else to choose: a program of one input, or of constants alone, is not warned.
    assert!(warnings("x = 2", None).is_empty());
    assert!(warnings("c = 2*3", None).is_empty());
}
