//! The program as typeset mathematics: a small tree of MathML elements that the page renders
//! as it is (browsers lay MathML out natively), built from the syntax tree.
//!
//! The typeset form must mean what the program means. Parentheses follow the one rule in
//! [`crate::notation`], except where the layout itself groups (a fraction's parts, an
//! exponent, a square root). A product is written by juxtaposition only where that cannot be
//! misread: a number before a name or a bracket (`2x`, `3(x + 1)`); before a digit, a sign or
//! a fraction the dot stays (`2·3ˣ`, `2·(−3)`).

use crate::notation::{needs_parens, Notation, Side};
use crate::number::{full, scientific, short};
use crate::ops::{Fixity, MathForm, Op, Reduction};
use crate::syntax::{Expr, ExprKind, Statement};

/// Taller expressions are not typeset (their nesting would only be unreadable).
pub const MAX_HEIGHT: u32 = 60;
/// Neither are expressions of more parts than this (a long vector literal, say).
pub const MAX_SIZE: usize = 400;

/// U+2062, the invisible times of `2x`.
pub const INVISIBLE_TIMES: &str = "\u{2062}";
/// A thin space, written between a matrix and what it multiplies.
pub const THIN_SPACE: &str = "\u{2009}";
/// U+2061, the invisible function application of `sin x`.
pub const APPLY_FUNCTION: &str = "\u{2061}";

/// A MathML element. Recursion over it is bounded by [`MAX_HEIGHT`].
#[derive(Clone, Debug, PartialEq)]
pub enum Math {
    /// `<mrow>`: children side by side.
    Row(Vec<Math>),
    /// `<mi>`: a name.
    Ident(String),
    /// `<mn>`: a number, never negative (a minus sign is an operator).
    Number(String),
    /// `<mo>`: an operator, bracket or separator.
    Op(&'static str),
    /// `<mtext>`.
    Text(String),
    /// `<mfrac>`: numerator over denominator.
    Frac(Box<Math>, Box<Math>),
    /// `<msup>`: base and exponent.
    Sup(Box<Math>, Box<Math>),
    /// `<msub>`: base and subscript.
    Sub(Box<Math>, Box<Math>),
    /// `<msqrt>`.
    Sqrt(Box<Math>),
    /// `<mtable>`: rows of cells.
    Table(Vec<Vec<Math>>),
    /// `<mtable>` of one column: a vector written out as a column, as after a matrix.
    Column(Vec<Math>),
}

/// One statement typeset, `name = expression`, with the values in use for an input: where
/// `value_of(name)` (by node name, `x` or `x[0]`) gives a value, it replaces the number the
/// program wrote. Also returns whether any value differs from the program's.
pub fn statement(statement: &Statement, value_of: &dyn Fn(&str) -> Option<f64>) -> (Math, bool) {
    let expr = &statement.expr;
    let (rhs, changed) = match (&statement.target, expr.literal(), expr.literal_list()) {
        (Some(target), Some(written), _) => {
            let value = value_of(&target.name).unwrap_or(written);
            (number(value, Digits::Exact), value.to_bits() != written.to_bits())
        }
        (Some(target), None, Some((shape, written))) => input_list(&target.name, &shape, &written, value_of),
        _ if expr.height > MAX_HEIGHT || size(expr) > MAX_SIZE => (Math::Text("(too long to typeset)".into()), false),
        _ => (typeset(expr, Digits::Exact).math, false),
    };
    let math = match &statement.target {
        Some(target) => Math::Row(vec![Math::Ident(symbol(&target.name)), Math::Op("="), rhs]),
        None => rhs,
    };
    (math, changed)
}

/// A vector or matrix input with the values in use.
fn input_list(name: &str, shape: &[usize], written: &[f64], value_of: &dyn Fn(&str) -> Option<f64>) -> (Math, bool) {
    if written.len() > MAX_SIZE {
        return (Math::Text("(too long to typeset)".into()), false);
    }
    let mut changed = false;
    let mut cells = Vec::with_capacity(written.len());
    for (i, &w) in written.iter().enumerate() {
        let element = match shape {
            [_, columns] => format!("{name}[{}][{}]", i / columns.max(&1), i % columns.max(&1)),
            _ => format!("{name}[{i}]"),
        };
        let value = value_of(&element).unwrap_or(w);
        changed |= value.to_bits() != w.to_bits();
        cells.push(number(value, Digits::Exact));
    }
    let math = match shape {
        [_, columns] if *columns > 0 => {
            let rows = cells.chunks(*columns).map(<[Math]>::to_vec).collect();
            bracketed(Math::Table(rows))
        }
        _ => bracketed(commas(cells)),
    };
    (math, changed)
}

/// How many digits numbers are written with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Digits {
    /// Every digit, as the program writes the number (`0.5`, `1e-7`).
    Exact,
    /// Five significant digits, as the step-through shows computed numbers.
    Short,
}

/// An expression typeset, numbers written with `digits`. Expressions too tall or too large to
/// read are a note instead.
pub fn expression(e: &Expr, digits: Digits) -> Math {
    if e.height > MAX_HEIGHT || size(e) > MAX_SIZE {
        Math::Text("(too long to typeset)".into())
    } else {
        typeset(e, digits).math
    }
}

/// A number, with a minus sign as an operator when it is negative. Very small and very large
/// numbers are written as the program would write them, `1e-7`, not with a run of zeros.
pub fn number(value: f64, digits: Digits) -> Math {
    let digits = |v: f64| match (v, digits) {
        _ if v.is_infinite() => "∞".to_string(),
        (_, Digits::Short) => short(v),
        _ if plain(v) => full(v),
        _ => scientific(v),
    };
    // A NaN has no sign to show, whatever its sign bit (not "−NaN").
    if value.is_sign_negative() && value != 0.0 && !value.is_nan() {
        Math::Row(vec![Math::Op("−"), Math::Number(digits(-value))])
    } else {
        Math::Number(digits(value))
    }
}

/// Whether a number is written out in plain digits rather than with a power of ten.
fn plain(value: f64) -> bool {
    value == 0.0 || (1e-4..1e15).contains(&value.abs())
}

/// A typeset expression with the notation of its outermost operator, for its parent's
/// parentheses.
struct Typeset {
    math: Math,
    notation: Notation,
}

impl Typeset {
    fn atom(math: Math) -> Typeset {
        Typeset { math, notation: Notation::ATOM }
    }

    /// The expression as the `side` operand of `parent`, in parentheses if it needs them.
    fn operand(self, parent: Notation, side: Side) -> Math {
        if needs_parens(parent, side, self.notation) {
            parenthesized(self.math)
        } else {
            self.math
        }
    }
}

/// An expression typeset. Recursion is bounded by the caller's height check.
fn typeset(e: &Expr, digits: Digits) -> Typeset {
    match &e.kind {
        // A negative number (only substituted values are) binds like unary minus: `0.5 + (−2)`.
        ExprKind::Number(value) => Typeset { math: number(*value, digits), notation: Notation::number(*value) },
        ExprKind::Name(name) => Typeset::atom(Math::Ident(symbol(name))),
        ExprKind::Unary(op, a) => applied(op.spec().math, Notation::of(*op), "", &[&**a], digits),
        ExprKind::Binary(op, a, b) => applied(op.spec().math, Notation::of(*op), "", &[&**a, &**b], digits),
        ExprKind::MatMul(a, b) => {
            let notation = Notation::MATMUL;
            let left = typeset(a, digits).operand(notation, Side::Left);
            // A vector written out after a matrix is a column, as in W[a b]ᵀ; written as a row
            // it would read as an index, W[a, b].
            let right = match &b.kind {
                ExprKind::List(items) if items.iter().all(|i| !matches!(i.kind, ExprKind::List(_))) => {
                    bracketed(Math::Column(items.iter().map(|i| typeset(i, digits).math).collect()))
                }
                _ => typeset(b, digits).operand(notation, Side::Right),
            };
            // A thin space after the invisible product, so that `W1 @ x` does not read as one
            // name, `W1x`.
            let space = Math::Text(THIN_SPACE.to_string());
            Typeset { math: Math::Row(vec![left, Math::Op(INVISIBLE_TIMES), space, right]), notation }
        }
        ExprKind::Call(function, args) => {
            let name = function.name.as_str();
            let args: Vec<&Expr> = args.iter().collect();
            match (Op::from_function(name), Reduction::from_function(name)) {
                (Some(op), _) => applied(op.spec().math, Notation::of(op), name, &args, digits),
                (None, Some((_, _, form))) => applied(form, Notation::ATOM, name, &args, digits),
                (None, None) => applied(MathForm::Call, Notation::ATOM, name, &args, digits),
            }
        }
        ExprKind::List(items) if !items.is_empty() && items.iter().all(|i| matches!(i.kind, ExprKind::List(_))) => {
            let rows = items
                .iter()
                .map(|row| match &row.kind {
                    ExprKind::List(cells) => cells.iter().map(|c| typeset(c, digits).math).collect(),
                    _ => Vec::new(),
                })
                .collect();
            Typeset::atom(bracketed(Math::Table(rows)))
        }
        ExprKind::List(items) => {
            Typeset::atom(bracketed(commas(items.iter().map(|i| typeset(i, digits).math).collect())))
        }
        ExprKind::Index(base, index) => {
            let index = typeset(index, digits).math;
            Typeset::atom(match typeset(base, digits).math {
                // W[1][0] is W₁,₀: a subscript of a subscript would read as W₁₀.
                Math::Sub(base, first) => Math::Sub(base, Box::new(Math::Row(vec![*first, Math::Op(","), index]))),
                base @ Math::Ident(_) => Math::Sub(Box::new(base), Box::new(index)),
                base => Math::Sub(Box::new(parenthesized(base)), Box::new(index)),
            })
        }
    }
}

/// An operation or function typeset in its form (from its row of the operation table), over
/// its operands; `name` is the function name a call is written with.
fn applied(form: MathForm, notation: Notation, name: &str, args: &[&Expr], digits: Digits) -> Typeset {
    let operand =
        |j: usize, side: Side| args.get(j).map_or(Math::Op("?"), |a| typeset(a, digits).operand(notation, side));
    let whole = |j: usize| args.get(j).map_or(Math::Op("?"), |a| typeset(a, digits).math);
    match form {
        MathForm::Infix(sign) => {
            Typeset { math: Math::Row(vec![operand(0, Side::Left), Math::Op(sign), operand(1, Side::Right)]), notation }
        }
        MathForm::Product => {
            let left = operand(0, Side::Left);
            let right = args.get(1).map(|b| typeset(b, digits));
            let signed = right.as_ref().is_some_and(|r| r.notation.fixity == Fixity::Prefix);
            let right = right.map_or(Math::Op("?"), |r| r.operand(notation, Side::Right));
            let number = args.first().is_some_and(|a| matches!(a.kind, ExprKind::Number(v) if plain(v)));
            let sign = if number && !signed && juxtaposable(&right) { INVISIBLE_TIMES } else { "·" };
            Typeset { math: Math::Row(vec![left, Math::Op(sign), right]), notation }
        }
        MathForm::Prefix(sign) => Typeset { math: Math::Row(vec![Math::Op(sign), operand(0, Side::Right)]), notation },
        // A fraction groups its parts by its layout.
        MathForm::Fraction => Typeset::atom(Math::Frac(Box::new(whole(0)), Box::new(whole(1)))),
        MathForm::Power => match args {
            [a, b] => power(typeset(a, digits), typeset(b, digits)),
            _ => Typeset::atom(Math::Op("?")),
        },
        MathForm::Root => Typeset::atom(Math::Sqrt(Box::new(whole(0)))),
        MathForm::Bars => Typeset::atom(Math::Row(vec![Math::Op("|"), whole(0), Math::Op("|")])),
        // ∑ takes an atom; anything else goes in parentheses, ∑(h·h).
        MathForm::Sum => {
            let summed = args.first().map_or(Typeset::atom(Math::Op("?")), |a| typeset(a, digits));
            let summed = if summed.notation == Notation::ATOM { summed.math } else { parenthesized(summed.math) };
            Typeset::atom(Math::Row(vec![Math::Op("∑"), summed]))
        }
        MathForm::Call => Typeset::atom(Math::Row(vec![
            Math::Ident(name.to_string()),
            Math::Op(APPLY_FUNCTION),
            parenthesized(commas(args.iter().map(|a| typeset(a, digits).math).collect())),
        ])),
    }
}

/// `base^exponent`. The exponent is grouped by being raised; the base is parenthesized when it
/// needs it, and when it is a fraction or a power of its own.
fn power(base: Typeset, exponent: Typeset) -> Typeset {
    let notation = Notation::of(Op::Pow);
    let base = match base.math {
        Math::Frac(..) | Math::Sup(..) => parenthesized(base.math),
        _ => base.operand(notation, Side::Left),
    };
    Typeset { math: Math::Sup(Box::new(base), Box::new(exponent.math)), notation }
}

/// Whether a factor can follow a number without a visible dot: it starts with a letter (not
/// `e`, which would read as a power of ten) or with an opening bracket, bar, root or sum.
fn juxtaposable(factor: &Math) -> bool {
    match factor {
        Math::Row(children) => children.first().is_some_and(juxtaposable),
        Math::Sup(base, _) | Math::Sub(base, _) => juxtaposable(base),
        Math::Ident(name) => name
            .chars()
            .next()
            .is_some_and(|c| (c.is_ascii_alphabetic() || ('α'..='ω').contains(&c)) && c != 'e' && c != 'E'),
        Math::Op(op) => matches!(*op, "(" | "|" | "∑"),
        Math::Sqrt(_) => true,
        Math::Number(_) | Math::Text(_) | Math::Frac(..) | Math::Table(_) | Math::Column(_) => false,
    }
}

fn parenthesized(inner: Math) -> Math {
    Math::Row(vec![Math::Op("("), inner, Math::Op(")")])
}

pub(crate) fn bracketed(inner: Math) -> Math {
    Math::Row(vec![Math::Op("["), inner, Math::Op("]")])
}

/// Items separated by commas.
fn commas(items: Vec<Math>) -> Math {
    let mut out = Vec::with_capacity(2 * items.len());
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(Math::Op(","));
        }
        out.push(item);
    }
    Math::Row(out)
}

/// The number of parts of an expression. Recursion is bounded by the parser's height limit.
fn size(e: &Expr) -> usize {
    1 + match &e.kind {
        ExprKind::Number(_) | ExprKind::Name(_) => 0,
        ExprKind::Unary(_, a) => size(a),
        ExprKind::Binary(_, a, b) | ExprKind::MatMul(a, b) | ExprKind::Index(a, b) => size(a) + size(b),
        ExprKind::Call(_, items) | ExprKind::List(items) => items.iter().map(size).sum(),
    }
}

/// Greek letters by name, as courses write them: `theta` is θ.
pub const GREEK: &[(&str, &str)] = &[
    ("alpha", "α"),
    ("beta", "β"),
    ("gamma", "γ"),
    ("delta", "δ"),
    ("epsilon", "ε"),
    ("eta", "η"),
    ("theta", "θ"),
    ("lambda", "λ"),
    ("mu", "μ"),
    ("sigma", "σ"),
    ("tau", "τ"),
    ("phi", "φ"),
    ("omega", "ω"),
    ("pi", "π"),
];

/// A name as it is typeset: a Greek letter's name becomes the letter.
pub fn symbol(name: &str) -> String {
    GREEK.iter().find(|(word, _)| *word == name).map_or_else(|| name.to_string(), |(_, letter)| letter.to_string())
}
