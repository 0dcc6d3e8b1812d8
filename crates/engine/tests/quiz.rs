//! Generated quizzes: reproducible from the seed, one right option, and every distractor made
//! by its named mistake on the quiz's own graph; checked over a thousand seeds per level.

use std::collections::HashMap;

use expect_test::expect;
use gradgraph_engine::quiz::{generate, gradient, round, Level, Mistake};
use gradgraph_engine::{analyze, Options};

/// Checks every promise a quiz makes; returns the answer's position.
fn check(seed: u64, level: Level) -> usize {
    let quiz = generate(seed, level);
    let context = format!("seed {seed} {}:\n{}", level.name(), quiz.program);
    assert_eq!(quiz, generate(seed, level), "{context}: not reproducible");
    let analysis = analyze(&quiz.program, &Options::default(), &HashMap::new()).unwrap();
    assert!(analysis.diagnostics.is_empty(), "{context}: {:?}", analysis.diagnostics);
    assert_eq!((quiz.options.len(), quiz.made_by.len(), quiz.mistakes.len()), (8, 8, 8), "{context}");
    let right: Vec<f64> = analysis
        .evaluation
        .gradient(&analysis.graph)
        .into_iter()
        .filter(|(name, _)| quiz.asked.contains(name))
        .map(|(_, g)| round(g, quiz.decimals))
        .collect();
    assert!(right.iter().all(|g| g.is_finite() && g.abs() >= 1.0), "{context}: {right:?}");
    // Exactly one option is right after rounding, and it is the answer.
    let right_ones: Vec<usize> = (0..8).filter(|&i| quiz.options[i] == right).collect();
    assert_eq!(right_ones, [quiz.answer], "{context}");
    assert_eq!(quiz.made_by[quiz.answer], Mistake::None, "{context}");
    for (i, option) in quiz.options.iter().enumerate() {
        // No two options are equal after rounding.
        assert!(quiz.options.iter().skip(i + 1).all(|other| other != option), "{context}: {:?}", quiz.options);
        // Each is what its mistake gives on this graph.
        let made = gradient(&analysis, &quiz.asked, &quiz.made_by[i]).unwrap();
        let made: Vec<f64> = made.iter().map(|v| round(*v, quiz.decimals)).collect();
        assert_eq!(&made, option, "{context}: option {i} by {:?}", quiz.made_by[i]);
        // The two mistakes that need no replay, checked without it.
        let value = round(analysis.evaluation.output_value(&analysis.graph), quiz.decimals);
        match quiz.made_by[i] {
            Mistake::Swapped => {
                let mut rotated = right.clone();
                rotated.rotate_left(1);
                assert_eq!(*option, rotated, "{context}");
            }
            Mistake::Value => assert_eq!(*option, vec![value; right.len()], "{context}"),
            _ => {}
        }
        // Its description starts with its kind, and no number reads "-0".
        let kind = match quiz.made_by[i] {
            Mistake::None => "correct",
            Mistake::Swapped => "swapped",
            Mistake::Value => "the function's value",
            Mistake::DroppedFanOut(_) => "dropped fan-out: ",
            Mistake::FlippedSign(..) => "sign error: ",
            Mistake::NeighbourRule(_) => "neighbouring function's derivative: ",
            Mistake::ForgotLocal(_) => "forgotten local partial: ",
        };
        assert!(quiz.mistakes[i].starts_with(kind), "{context}: {}", quiz.mistakes[i]);
        assert!(!quiz.mistakes[i].contains('?'), "{context}: {}", quiz.mistakes[i]);
        assert!(option.iter().all(|v| !(*v == 0.0 && v.is_sign_negative())), "{context}: {option:?}");
    }
    // Two or three inputs, every partial asked; distinct after rounding, so swapping them is a
    // real distractor.
    assert!(matches!(quiz.asked.len(), 2 | 3), "{context}");
    assert_eq!(quiz.asked, quiz.at.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>(), "{context}");
    assert!(right.iter().enumerate().all(|(i, a)| right.iter().skip(i + 1).all(|b| a != b)), "{context}");
    quiz.answer
}

#[test]
fn a_thousand_quizzes_per_level_keep_their_promises() {
    for level in Level::ALL {
        let mut positions = [0usize; 8];
        let mut kinds = HashMap::new();
        let mut three = 0;
        for seed in 0..1_000 {
            positions[check(seed, level)] += 1;
            three += usize::from(generate(seed, level).asked.len() == 3);
            for mistake in generate(seed, level).made_by {
                *kinds.entry(std::mem::discriminant(&mistake)).or_insert(0) += 1;
            }
        }
        // The right answer's letter is spread evenly (125 expected per letter).
        assert!(positions.iter().all(|&n| (80..=170).contains(&n)), "{}: {positions:?}", level.name());
        // Every kind of mistake appears, the named ones often.
        assert!(kinds.len() >= 7, "{}: {} kinds", level.name(), kinds.len());
        // Functions of three inputs are a real share of them.
        assert!((100..=600).contains(&three), "{}: {three} of 1000 with three inputs", level.name());
    }
}

#[test]
fn a_quiz_as_the_cli_prints_it() {
    let quiz = generate(7, Level::Hard);
    let lines: Vec<String> =
        (0..8).map(|i| format!("{} {} {}", (b'A' + i as u8) as char, quiz.option_text(i), quiz.mistakes[i])).collect();
    expect![[r#"
        x = 2
        z = -1
        u = x*z + 2
        y = exp(sin(u)) + u/log(x + 2)
        Suppose x = 2 and z = -1. What are [dy/dx, dy/dz]? Round to the nearest integer.
        A [3, -2] swapped
        B [-1, 1] dropped fan-out: only one of u's 2 uses counted
        C [0, 1] sign error: ∂(u / log(x + 2))/∂u negated
        D [1, 1] the function's value
        E [-2, 3] correct
        F [0, 3] dropped fan-out: only one of x's 2 uses counted
        G [0, -1] sign error: ∂(exp(sin(u)) + u / log(x + 2))/∂exp(sin(u)) negated
        H [2, 3] sign error: ∂(x * z)/∂x negated
    "#]]
    .assert_eq(&format!("{}\n{}\n{}\n", quiz.program, quiz.question(), lines.join("\n")));
}

#[test]
fn a_teachers_program_makes_a_quiz_or_says_why_not() {
    use gradgraph_engine::quiz::{at_values, from_program, Choices};
    let lecture = "x = 2\nz = 3\ny = exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)";
    let quiz = from_program(lecture, 11, &Choices::default()).unwrap();
    assert_eq!((quiz.asked.clone(), quiz.decimals, quiz.output.as_str()), (vec!["x".to_string(), "z".into()], 0, "y"));
    assert_eq!(quiz.options[quiz.answer], [1208.0, 810.0]);
    assert!(quiz.mistakes.contains(&"swapped".to_string()));
    assert_eq!(quiz.options.iter().filter(|o| **o == [810.0, 1208.0]).count(), 1);
    assert_eq!(quiz.question(), "Suppose x = 2 and z = 3. What are [dy/dx, dy/dz]? Round to the nearest integer.");

    // The teacher's choices: one partial, two decimals. dy/dz = 809.5868… at (2, 3).
    let only_z = Choices { asked: Some(vec!["z".into()]), decimals: Some(2) };
    let quiz = from_program(lecture, 11, &only_z).unwrap();
    assert_eq!(quiz.question(), "Suppose x = 2 and z = 3. What is dy/dz? Round to 2 decimals.");
    let analysis = gradgraph_engine::analyze(lecture, &Default::default(), &HashMap::new()).unwrap();
    let dz = analysis.evaluation.gradient(&analysis.graph).into_iter().find(|(n, _)| n == "z").unwrap().1;
    assert_eq!(quiz.options[quiz.answer], [round(dz, 2)]);
    assert_eq!(quiz.option_text(quiz.answer), format!("{:.2}", dz));
    assert_eq!(quiz.options.len(), 8);

    // The point the page shows: the program rewritten at those values, other text untouched.
    let values = HashMap::from([("x".to_string(), 4.0), ("z".to_string(), -0.5)]);
    assert_eq!(at_values("x = 2  # two\nz = 3\ny = x*z", &values), "x = 4  # two\nz = -0.5\ny = x*z");
    let moved = from_program(&at_values(lecture, &values), 11, &Choices::default()).unwrap();
    assert_eq!(moved.at, [("x".to_string(), 4.0), ("z".to_string(), -0.5)]);

    let refused = |program: &str, choices: &Choices| from_program(program, 1, choices).unwrap_err();
    let all = Choices::default();
    assert!(refused("y = (x", &all).starts_with("the program has errors"));
    assert!(refused("a = 1; b = 1; c = 1; d = 1; e = 1; y = a*b*c*d*e", &all).contains("would ask about 5"));
    assert!(refused("x = 2; y = x + 1", &all).contains("too few different mistakes"));
    assert!(refused("x = 0; y = log(x)*x + sin(x)", &all).contains("dy/dx is not a finite number"));
    let ask = |names: &[&str], decimals| Choices {
        asked: Some(names.iter().map(|n| n.to_string()).collect()),
        decimals: Some(decimals),
    };
    assert_eq!(refused(lecture, &ask(&["w"], 0)), "w is not an input of the program");
    assert_eq!(refused(lecture, &ask(&["x", "x"], 0)), "an input is asked about twice");
    assert!(refused(lecture, &ask(&["x"], 9)).contains("at most 4 decimals"));
    // dy/dx = dy/dz = 2.0… here: rounding cannot tell them apart.
    assert!(refused("x = 1; z = 1; y = x*z*exp(x) + x*z*exp(z)", &ask(&["x", "z"], 2)).contains("equal when rounded"));
}

/// A mistake's description writes the place in the program's own terms, with the brackets the
/// expression needs: an unnamed compound argument is bracketed after ∂ and inside its consumer.
#[test]
fn mistakes_bracket_unnamed_compound_arguments() {
    let describe = |program: &str, op: &str, mistake: &dyn Fn(usize) -> Mistake| {
        let analysis = analyze(program, &Options::default(), &HashMap::new()).unwrap();
        let (node, _) = analysis.graph.nodes().find(|(_, n)| n.kind.op_name() == op).unwrap();
        mistake(node.index()).describe(&analysis)
    };
    let quiz = "x = 2; z = 3\ny = exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)";
    assert_eq!(
        describe(quiz, "exp", &Mistake::ForgotLocal),
        "forgotten local partial: ∂exp(x * z)/∂(x * z) taken as 1"
    );
    let ratio = "x = 1; u = 2*x; y = u / (x + 2)";
    assert_eq!(describe(ratio, "div", &|n| Mistake::FlippedSign(n, 1)), "sign error: ∂(u / (x + 2))/∂(x + 2) negated");
}
