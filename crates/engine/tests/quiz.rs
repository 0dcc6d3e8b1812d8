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
    }
    // The asked partials are distinct after rounding: swapping them is a real distractor.
    assert!(right.windows(2).all(|w| w[0] != w[1]), "{context}");
    quiz.answer
}

#[test]
fn a_thousand_quizzes_per_level_keep_their_promises() {
    for level in Level::ALL {
        let mut positions = [0usize; 8];
        let mut kinds = HashMap::new();
        for seed in 0..1_000 {
            positions[check(seed, level)] += 1;
            for mistake in generate(seed, level).made_by {
                *kinds.entry(std::mem::discriminant(&mistake)).or_insert(0) += 1;
            }
        }
        // The right answer's letter is spread evenly (125 expected per letter).
        assert!(positions.iter().all(|&n| (80..=170).contains(&n)), "{}: {positions:?}", level.name());
        // Every kind of mistake appears, the named ones often.
        assert!(kinds.len() >= 7, "{}: {} kinds", level.name(), kinds.len());
    }
}

#[test]
fn a_quiz_as_the_cli_prints_it() {
    let quiz = generate(7, Level::Hard);
    let lines: Vec<String> =
        (0..8).map(|i| format!("{} {} {}", (b'A' + i as u8) as char, quiz.option_text(i), quiz.mistakes[i])).collect();
    expect![[r#"
        x = 2
        z = 1
        u = sin(x) + z
        y = log(u*x)/u + exp(u)*z
        Suppose x = 2 and z = 1. What are [dy/dx, dy/dz]? Round to the nearest integer.
        A [13, -3] swapped
        B [-2, 13] sign error in a partial of u2
        C [-6, 13] neighbouring function's derivative at u1
        D [-3, 13] correct
        E [7, 7] the function's value
        F [7, 13] forgot the local partial of u1
        G [-3, 7] dropped fan-out at z
        H [-3, 14] sign error in a partial of u4
    "#]]
    .assert_eq(&format!("{}\n{}\n{}\n", quiz.program, quiz.question("y"), lines.join("\n")));
}
