//! The vector level against independent references: the chain rule for vectors on the circuit
//! (built at the statements granularity, one vector–Jacobian product per edge) must give every
//! element's dy/du that the scalar backward pass gives at the operations granularity (another
//! compile, another graph); and the logistic regression's local Jacobians are checked against
//! their closed forms, written here by hand.

use std::collections::HashMap;

use gradgraph_engine::graph::Granularity;
use gradgraph_engine::timeline::corresponding;
use gradgraph_engine::vectors::{circuit, Level, VectorEvent};
use gradgraph_engine::Focus;
use gradgraph_engine::{analyze, Options};

const LOGISTIC: &str = "theta = [0.5, -1, 2]\nx = [1, 2, 3]\nystar = 1\nq = sigmoid(dot(theta, x))\nJ = ystar*log(q) + (1 - ystar)*log(1 - q)";
const TWO_LAYER: &str = "x = [1, -2]\nW1 = [[0.5, -0.3], [0.8, 0.2], [-0.6, 0.4]]\nw2 = [1, -1, 0.5]\nystar = 1\nh = sigmoid(W1 @ x)\ny = dot(w2, h)\nJ = (y - ystar)^2 / 2";
const NETWORK: &str = "x = [1, -2, 0.5]\nW1 = [[0.2, -0.4, 0.1], [0.5, 0.3, -0.2]]\nb1 = [0.1, -0.1]\nw2 = [0.7, -1.2]\nb2 = 0.05\nystar = 1\nh = sigmoid(W1 @ x + b1)\np = sigmoid(dot(w2, h) + b2)\nJ = -(ystar*log(p) + (1 - ystar)*log(1 - p))";
const SHARED: &str = "x = 2\nz = 3\ny = exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)";
const REUSED: &str = "a = [1, 2]\nb = a * a + a\nc = sum(b * a)\nd = c * c + sum(a)";

fn statements() -> Options {
    Options { granularity: Granularity::Statements, ..Options::default() }
}

#[test]
fn the_vector_chain_rule_gives_the_scalar_gradients() {
    for program in [LOGISTIC, TWO_LAYER, NETWORK, SHARED, REUSED] {
        let coarse = analyze(program, &statements(), &HashMap::new()).unwrap();
        let fine = analyze(program, &Options::default(), &HashMap::new()).unwrap();
        let circuit = circuit(&coarse.graph, &coarse.evaluation);
        let gradients = circuit.gradients();
        let mut checked = 0;
        for (vector, gradient) in circuit.vectors.iter().zip(&gradients) {
            assert_eq!(vector.members.len(), gradient.len(), "{program}");
            for (&member, g) in vector.members.iter().zip(gradient) {
                let name = &coarse.graph.node(member).unwrap().name;
                let scalar = fine.graph.find(name).and_then(|n| fine.evaluation.adjoint(n)).unwrap();
                let close = (g - scalar).abs() <= 1e-12 * scalar.abs().max(1.0);
                assert!(close, "{program}: d/d{name} = {g} by vectors, {scalar} by scalars");
                checked += 1;
            }
        }
        assert!(checked >= 3, "{program}: {checked}");
    }
}

#[test]
fn the_logistic_regression_is_a_circuit_of_five_vectors_with_its_jacobians() {
    let analysis = analyze(LOGISTIC, &statements(), &HashMap::new()).unwrap();
    let circuit = circuit(&analysis.graph, &analysis.evaluation);
    let names: Vec<(&str, usize)> = circuit.vectors.iter().map(|v| (v.name.as_str(), v.members.len())).collect();
    assert_eq!(names, [("theta", 3), ("x", 3), ("ystar", 1), ("q", 1), ("J", 1)]);
    let edges: Vec<(&str, &str)> = circuit
        .links
        .iter()
        .map(|l| (circuit.vectors[l.from].name.as_str(), circuit.vectors[l.to].name.as_str()))
        .collect();
    assert_eq!(edges, [("theta", "q"), ("x", "q"), ("ystar", "J"), ("q", "J")]);
    // By hand: θ·x = 0.5 − 2 + 6 = 4.5, q = σ(4.5) = 1/(1 + e^−4.5); ∂q/∂θ = q(1 − q)·xᵀ and
    // ∂q/∂x = q(1 − q)·θᵀ; J = y* log q + (1 − y*) log(1 − q) with y* = 1, so ∂J/∂q = 1/q.
    let q = 1.0 / (1.0 + (-4.5f64).exp());
    let slope = q * (1.0 - q);
    let close = |a: &[f64], b: &[f64]| a.len() == b.len() && a.iter().zip(b).all(|(a, b)| (a - b).abs() < 1e-15);
    assert!(close(&circuit.links[0].jacobian[0], &[slope, 2.0 * slope, 3.0 * slope]), "{:?}", circuit.links[0]);
    assert!(close(&circuit.links[1].jacobian[0], &[0.5 * slope, -slope, 2.0 * slope]), "{:?}", circuit.links[1]);
    assert!(close(&circuit.links[3].jacobian[0], &[1.0 / q]), "{:?}", circuit.links[3]);
    // One vector–Jacobian product: dJ/dθ = dJ/dq · ∂q/∂θ = (1/q) · q(1 − q) · x = (1 − q) · x.
    let pushed = circuit.push(&circuit.links[0], &[1.0 / q]);
    assert!(close(&pushed, &[1.0 - q, 2.0 * (1.0 - q), 3.0 * (1.0 - q)]), "{pushed:?}");
}

#[test]
fn a_layer_s_jacobian_is_the_weights_scaled_by_the_slopes() {
    // h = σ(W1 x): ∂hᵢ/∂x_k = σ'(aᵢ) W1[i][k] and ∂hᵢ/∂W1[j][k] = σ'(aᵢ) x_k when i = j, else 0,
    // with a = W1 x = [0.5 + 0.6, 0.8 − 0.4, −0.6 − 0.8] = [1.1, 0.4, −1.4].
    let analysis = analyze(TWO_LAYER, &statements(), &HashMap::new()).unwrap();
    let circuit = circuit(&analysis.graph, &analysis.evaluation);
    let find = |from: &str, to: &str| {
        circuit.links.iter().find(|l| circuit.vectors[l.from].name == from && circuit.vectors[l.to].name == to).unwrap()
    };
    let sigma = |a: f64| 1.0 / (1.0 + (-a).exp());
    let slope: Vec<f64> = [1.1, 0.4, -1.4].iter().map(|&a| sigma(a) * (1.0 - sigma(a))).collect();
    let w1 = [[0.5, -0.3], [0.8, 0.2], [-0.6, 0.4]];
    let by_x = &find("x", "h").jacobian;
    assert_eq!((by_x.len(), by_x[0].len()), (3, 2));
    for (i, row) in by_x.iter().enumerate() {
        for (k, partial) in row.iter().enumerate() {
            assert!((partial - slope[i] * w1[i][k]).abs() < 1e-15, "∂h{i}/∂x{k} = {partial}");
        }
    }
    let by_w = &find("W1", "h").jacobian;
    assert_eq!((by_w.len(), by_w[0].len()), (3, 6));
    let x = [1.0, -2.0];
    for (i, row) in by_w.iter().enumerate() {
        for (column, partial) in row.iter().enumerate() {
            let (j, k) = (column / 2, column % 2);
            let expected = if i == j { slope[i] * x[k] } else { 0.0 };
            assert!((partial - expected).abs() < 1e-15, "∂h{i}/∂W1[{j}][{k}] = {partial}");
        }
    }
}

/// The vector steps' names: `F v` for a vector computed, `init`, `u>v` for u pushing into v.
fn step_names(level: &Level) -> Vec<String> {
    level
        .steps
        .iter()
        .map(|s| match s.event {
            VectorEvent::Forward { vector } => format!("F {}", level.name(vector)),
            VectorEvent::Init => "init".into(),
            VectorEvent::Push { link } => {
                let l = &level.circuit.links[link];
                format!("{}>{}", level.name(l.to), level.name(l.from))
            }
        })
        .collect()
}

#[test]
fn the_logistic_regression_steps_vector_by_vector_and_its_pushes_are_the_hand_derived_products() {
    let analysis = analyze(LOGISTIC, &statements(), &HashMap::new()).unwrap();
    let level = Level::new(&analysis.graph, &analysis.evaluation);
    let timeline = &analysis.evaluation.timeline;
    // The statements in order, then the backward pass from J: J uses ystar before q; q uses
    // θ[0], x[0], θ[1], … so its push into θ is complete before its push into x.
    assert_eq!(
        step_names(&level),
        ["F theta", "F x", "F ystar", "F q", "F J", "init", "J>ystar", "J>q", "q>theta", "q>x"]
    );
    let ends: Vec<usize> = level.steps.iter().map(|s| s.end).collect();
    assert!(ends.windows(2).all(|w| w[0] < w[1]), "{ends:?}");
    assert_eq!(ends.last(), Some(&timeline.len()));
    // By hand (see above): q = σ(4.5); dJ/dq = 1/q; dJ/dθ = (1 − q)·x, dJ/dx = (1 − q)·θ.
    let q = 1.0 / (1.0 + (-4.5f64).exp());
    let expected: [(&str, Vec<f64>); 3] = [
        ("q", vec![1.0 / q]),
        ("theta", vec![1.0 - q, 2.0 * (1.0 - q), 3.0 * (1.0 - q)]),
        ("x", vec![0.5 * (1.0 - q), -(1.0 - q), 2.0 * (1.0 - q)]),
    ];
    for (k, name) in [(8, "q"), (9, "theta"), (10, "x")] {
        let gradients = level.gradients_after(k).unwrap();
        let v = level.circuit.vectors.iter().position(|v| v.name == name).unwrap();
        let want = &expected.iter().find(|e| e.0 == name).unwrap().1;
        assert!(gradients[v].iter().zip(want).all(|(g, w)| (g - w).abs() < 1e-15), "{name}: {:?}", gradients[v]);
        // Not pushed into before its step: 0 after the initialisation.
        assert!(level.gradients_after(k - 1).unwrap()[v].iter().all(|&g| g == 0.0), "{name} before its push");
    }
    assert!(level.gradients_after(5).is_none(), "no gradient before the backward pass");
    // The typeset push of q into θ writes the 1×3 Jacobian out and names it.
    let frame = timeline.frame(level.steps[8].end);
    let rows = level.typeset(9, &frame, "J");
    assert_eq!(rows.len(), 3);
    assert!(format!("{:?}", rows[0]).contains("1×3"), "{:?}", rows[0]);
    assert_eq!(level.explain(9, "J").unwrap(), "Backward: q pushes into theta: dJ/dtheta += dJ/dq · ∂q/∂theta, a vector–Jacobian product with the 1×3 Jacobian.");
}

#[test]
fn each_vector_step_agrees_with_the_scalar_pass_at_the_same_step() {
    for program in [LOGISTIC, TWO_LAYER, NETWORK, REUSED] {
        let analysis = analyze(program, &statements(), &HashMap::new()).unwrap();
        let level = Level::new(&analysis.graph, &analysis.evaluation);
        let timeline = &analysis.evaluation.timeline;
        for (k, step) in level.steps.iter().enumerate() {
            let scalar = timeline.frame(step.end);
            let shown = level.frame(&scalar, k + 1);
            assert_eq!(level.done(step.end), k + 1, "{program}");
            match step.event {
                // The vector's values are all known, as the scalar pass computed them.
                VectorEvent::Forward { vector } => {
                    for member in &level.circuit.vectors[vector].members {
                        assert!(shown.values[member.index()].is_some(), "{program}: step {k}");
                    }
                    assert!(
                        matches!(shown.focus, Focus::Node { node } if level.circuit.vectors[vector].members.iter().any(|m| m.index() == node))
                    );
                }
                VectorEvent::Init => {}
                // The vector pushed into has exactly the scalar pass's dy/du: the whole push
                // is made by this scalar step, as every push into it before.
                VectorEvent::Push { link } => {
                    let l = &level.circuit.links[link];
                    for member in &level.circuit.vectors[l.from].members {
                        let (vector, scalar) =
                            (shown.adjoints[member.index()].unwrap(), scalar.adjoints[member.index()].unwrap());
                        assert!(
                            (vector - scalar).abs() <= 1e-12 * scalar.abs().max(1.0),
                            "{program}: step {k}: {vector} vs {scalar}"
                        );
                    }
                    // The focus is an edge of the graph from the pushed-into vector into the pusher.
                    let Focus::Edge { node, arg, position } = shown.focus else {
                        panic!("{program}: step {k} has no edge")
                    };
                    let edge = analysis
                        .graph
                        .edges()
                        .find(|e| e.to.index() == node && e.from.index() == arg && e.position == position);
                    assert!(edge.is_some(), "{program}: step {k}");
                    assert!(level.circuit.vectors[l.from].members.iter().any(|m| m.index() == arg));
                }
            }
            // Moving by vector steps lands on these ends.
            assert_eq!(level.next_end(level.previous_end(step.end)), Some(step.end), "{program}: step {k}");
        }
        // At the end, every gradient is the scalar pass's.
        let end = timeline.frame(timeline.len());
        let shown = level.frame(&end, level.steps.len());
        for (a, b) in shown.adjoints.iter().zip(&end.adjoints) {
            assert_eq!(a.is_some(), b.is_some(), "{program}");
            if let (Some(a), Some(b)) = (a, b) {
                assert!((a - b).abs() <= 1e-12 * b.abs().max(1.0), "{program}: {a} vs {b}");
            }
        }
    }
}

#[test]
fn a_step_has_the_same_point_in_time_at_the_other_granularity() {
    let fine = analyze(NETWORK, &Options::default(), &HashMap::new()).unwrap();
    let coarse = analyze(NETWORK, &statements(), &HashMap::new()).unwrap();
    let (f, c) = ((&*fine.graph, &fine.evaluation.timeline), (&*coarse.graph, &coarse.evaluation.timeline));
    assert_eq!(corresponding(f, 0, c), 0);
    assert_eq!(corresponding(f, f.1.len(), c), c.1.len());
    assert_eq!(corresponding(f, f.1.forward_len(), c), c.1.forward_len());
    assert_eq!(corresponding(f, f.1.forward_len() + 1, c), c.1.forward_len() + 1, "the initialisation");
    // Wherever the operations are, the statements are just after the last named node
    // computed: the values of the named nodes known agree.
    for step in 0..=f.1.len() {
        let there = corresponding(f, step, c);
        let (a, b) = (f.1.frame(step), c.1.frame(there));
        for (n, node) in coarse.graph.nodes() {
            let Some(m) = fine.graph.find(&node.name) else { continue };
            if step <= f.1.forward_len() {
                assert!(b.values[n.index()].is_none() || a.values[m.index()].is_some(), "step {step}: {}", node.name);
            }
            assert!(!b.visited[n.index()] || a.visited[m.index()], "step {step}: {}", node.name);
        }
    }
}
