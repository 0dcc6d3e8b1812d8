//! Helpers shared by the engine's integration tests.
#![allow(dead_code)]

pub mod families;

use gradgraph_engine::typeset::{Math, APPLY_FUNCTION, GREEK, INVISIBLE_TIMES};

/// Reads typeset mathematics back as program text: a fraction's parts and an exponent are
/// grouped by their layout, so they read in parentheses; an invisible times after a number is
/// juxtaposition (`2x`), anywhere else the matrix product; an invisible function application
/// is nothing at all.
pub fn read_math(math: &Math) -> String {
    match math {
        Math::Row(children) => read_row(children),
        Math::Ident(name) => {
            GREEK.iter().find(|(_, letter)| letter == name).map_or(name.clone(), |(w, _)| w.to_string())
        }
        Math::Number(digits) if digits == "∞" => "1e999".into(),
        Math::Number(digits) => digits.clone(),
        Math::Op(op) => match *op {
            "·" => " * ".into(),
            "−" => " - ".into(),
            "+" => " + ".into(),
            "=" => " = ".into(),
            "," => ", ".into(),
            other => other.into(),
        },
        // A space only separates, as a reader sees it.
        Math::Text(text) if text.trim().is_empty() => String::new(),
        Math::Text(text) => text.clone(),
        Math::Frac(numerator, denominator) => format!("(({}) / ({}))", read_math(numerator), read_math(denominator)),
        Math::Sup(base, exponent) => format!("{}^({})", read_math(base), read_math(exponent)),
        Math::Sub(base, index) => {
            let index = read_math(index);
            format!("{}[{}]", read_math(base), index.replace(", ", "]["))
        }
        Math::Sqrt(inner) => format!("sqrt({})", read_math(inner)),
        Math::Table(rows) => rows
            .iter()
            .map(|row| format!("[{}]", row.iter().map(read_math).collect::<Vec<_>>().join(", ")))
            .collect::<Vec<_>>()
            .join(", "),
        Math::Column(items) => items.iter().map(read_math).collect::<Vec<_>>().join(", "),
    }
}

fn read_row(children: &[Math]) -> String {
    if let [Math::Op("|"), inner @ .., Math::Op("|")] = children {
        return format!("abs({})", read_row(inner));
    }
    let mut out = String::new();
    let mut i = 0;
    while let Some(child) = children.get(i) {
        match child {
            Math::Op(op) if *op == INVISIBLE_TIMES => {
                if !matches!(children.get(i.wrapping_sub(1)), Some(Math::Number(_))) {
                    out += " @ ";
                }
            }
            Math::Op(op) if *op == APPLY_FUNCTION => {}
            // A leading minus is unary.
            Math::Op("−") if i == 0 => out.push('-'),
            Math::Op("∑") => {
                i += 1;
                out += &format!("sum({})", children.get(i).map(read_math).unwrap_or_default());
            }
            _ => out += &read_math(child),
        }
        i += 1;
    }
    out
}
