//! The primitive operations: one table entry per operation, holding its name, arity, printed
//! form, forward rule and local partial derivatives side by side.
//!
//! Adding an operation means adding one `Op` variant and one row to [`OPS`]; nothing else in
//! the engine matches on individual operations.

/// How an operator is written relative to its operands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fixity {
    /// Between two operands, `a + b`, grouping to the left or to the right when chained.
    Infix(Assoc),
    /// Before its one operand, `-a`.
    Prefix,
    /// Self-delimiting: a name, a number, a call `sin(a)`, a bracketed list.
    Atom,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Assoc {
    /// `a - b - c` is `(a - b) - c`.
    Left,
    /// `a ^ b ^ c` is `a ^ (b ^ c)`.
    Right,
}

/// How an operation is typeset as mathematics (see [`crate::typeset`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MathForm {
    /// Between its operands with this sign: `a + b`, `a − b`.
    Infix(&'static str),
    /// A product: `a·b`, or `2x` where juxtaposition cannot be misread.
    Product,
    /// Before its one operand with this sign: `−a`.
    Prefix(&'static str),
    /// Numerator over denominator.
    Fraction,
    /// A base and a raised exponent.
    Power,
    /// Under a radical sign.
    Root,
    /// Between bars: `|a|`.
    Bars,
    /// A sum sign before its operand: `∑v`.
    Sum,
    /// A function applied to its arguments: `sin(a)`.
    Call,
}

/// A primitive operation u = g(a) or u = g(a, b).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Op {
    Add,
    Sub,
    Mul,
    Div,
    Pow,
    Neg,
    Identity,
    Exp,
    Log,
    Sqrt,
    Sin,
    Cos,
    Tan,
    Tanh,
    Sigmoid,
    Relu,
    Abs,
    Softplus,
    Max,
    Min,
}

/// The value of an operation together with its local partials ∂u/∂a and ∂u/∂b (unused slots
/// are zero).
pub type Applied = (f64, [f64; 2]);

/// One row of the operation table.
pub struct OpSpec {
    pub op: Op,
    /// Stable lowercase name, used in `data-op` attributes, JSON and DOT output.
    pub name: &'static str,
    /// A short mark for the operation, drawn in the corner of its node: `×`, `sin`.
    pub symbol: &'static str,
    /// Names under which the operation can be called as a function, e.g. `sin(x)`.
    pub functions: &'static [&'static str],
    pub arity: usize,
    /// How `u = g(a, b)` is written, with `{a}` and `{b}` standing for the arguments.
    pub form: &'static str,
    /// How tightly the printed form binds, for parentheses when printing nested operations:
    /// 1 for `+ -`, 2 for `* /`, 3 for unary minus, 4 for `^`, 9 for function calls.
    pub binding: u8,
    /// Where the operator stands relative to its operands (see [`crate::notation`]).
    pub fixity: Fixity,
    /// How it is typeset (see [`crate::typeset`]).
    pub math: MathForm,
    /// Each local partial ∂u/∂a, ∂u/∂b written as a formula in `{a}`, `{b}` and `{u}`.
    pub partials: &'static [&'static str],
    /// The forward rule and the local partials, computed together, from the arguments (a
    /// one-argument operation ignores the second).
    pub apply: fn(&[f64; 2]) -> Applied,
    /// Why the value or a partial is special at these arguments (outside the domain, or a
    /// point where the function is not differentiable), if it is, and what it concerns.
    pub note: fn(&[f64; 2]) -> Option<Note>,
}

/// A sentence about an operation at particular arguments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Note {
    pub text: &'static str,
    pub about: About,
}

/// What a [`Note`] is about, which decides whether it matters at a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum About {
    /// The value itself (it is undefined or infinite): always worth saying.
    Value,
    /// The local partials: worth saying only where the backward pass uses one of them.
    Slopes,
    /// The local partial with respect to argument `j` alone: worth saying only where the
    /// backward pass pushes through that argument (`x^2` never uses ∂/∂(the 2)).
    Slope(usize),
}

const fn value(text: &'static str) -> Note {
    Note { text, about: About::Value }
}

const fn slopes(text: &'static str) -> Note {
    Note { text, about: About::Slopes }
}

/// The operation table, in the order of [`Op`]'s variants: one row per variant (checked when
/// compiling, below), so `OPS[op as usize]` is always `op`'s row.
pub const OPS: [OpSpec; Op::Min as usize + 1] = [
    OpSpec {
        op: Op::Add,
        name: "add",
        symbol: "+",
        functions: &[],
        arity: 2,
        form: "{a} + {b}",
        binding: 1,
        fixity: Fixity::Infix(Assoc::Left),
        math: MathForm::Infix("+"),
        partials: &["1", "1"],
        apply: |x| (x[0] + x[1], [1.0, 1.0]),
        note: |_| None,
    },
    OpSpec {
        op: Op::Sub,
        name: "sub",
        symbol: "−",
        functions: &[],
        arity: 2,
        form: "{a} - {b}",
        binding: 1,
        fixity: Fixity::Infix(Assoc::Left),
        math: MathForm::Infix("−"),
        partials: &["1", "-1"],
        apply: |x| (x[0] - x[1], [1.0, -1.0]),
        note: |_| None,
    },
    OpSpec {
        op: Op::Mul,
        name: "mul",
        symbol: "×",
        functions: &[],
        arity: 2,
        form: "{a} * {b}",
        binding: 2,
        fixity: Fixity::Infix(Assoc::Left),
        math: MathForm::Product,
        partials: &["{b}", "{a}"],
        apply: |x| (x[0] * x[1], [x[1], x[0]]),
        note: |_| None,
    },
    OpSpec {
        op: Op::Div,
        name: "div",
        symbol: "÷",
        functions: &[],
        arity: 2,
        form: "{a} / {b}",
        binding: 2,
        fixity: Fixity::Infix(Assoc::Left),
        math: MathForm::Fraction,
        partials: &["1/{b}", "-{a}/{b}^2"],
        apply: |x| (x[0] / x[1], [1.0 / x[1], -x[0] / (x[1] * x[1])]),
        note: |x| (x[1] == 0.0).then_some(value("division by zero")),
    },
    OpSpec {
        op: Op::Pow,
        name: "pow",
        symbol: "^",
        functions: &["pow"],
        arity: 2,
        form: "{a}^{b}",
        binding: 4,
        fixity: Fixity::Infix(Assoc::Right),
        math: MathForm::Power,
        partials: &["{b}*{a}^({b}-1)", "{a}^{b}*log({a})"],
        apply: |x| {
            let (a, b) = (x[0], x[1]);
            let u = libm::pow(a, b);
            // d/da: b·a^(b-1), which is 0 when b = 0 (a^0 is constant in a).
            let da = if b == 0.0 { 0.0 } else { b * libm::pow(a, b - 1.0) };
            // d/db: a^b·ln a, which tends to 0 as a → 0⁺ when b > 0.
            let db = if a == 0.0 && b > 0.0 { 0.0 } else { u * libm::log(a) };
            (u, [da, db])
        },
        note: |x| {
            if x[0] < 0.0 && x[1].fract() != 0.0 {
                Some(value("a negative number to a fractional power is undefined"))
            } else if x[0] == 0.0 && x[1] < 0.0 {
                Some(value("0 to a negative power is infinite"))
            } else if x[0] < 0.0 {
                Some(Note {
                    text: "the slope with respect to the exponent, a^b·log(a), is undefined for a negative base",
                    about: About::Slope(1),
                })
            } else {
                None
            }
        },
    },
    OpSpec {
        op: Op::Neg,
        name: "neg",
        symbol: "−",
        functions: &[],
        arity: 1,
        form: "-{a}",
        binding: 3,
        fixity: Fixity::Prefix,
        math: MathForm::Prefix("−"),
        partials: &["-1"],
        apply: |x| (-x[0], [-1.0, 0.0]),
        note: |_| None,
    },
    OpSpec {
        op: Op::Identity,
        name: "copy",
        symbol: "=",
        functions: &[],
        arity: 1,
        form: "{a}",
        binding: 9,
        fixity: Fixity::Atom,
        math: MathForm::Call,
        partials: &["1"],
        apply: |x| (x[0], [1.0, 0.0]),
        note: |_| None,
    },
    OpSpec {
        op: Op::Exp,
        name: "exp",
        symbol: "exp",
        functions: &["exp"],
        arity: 1,
        form: "exp({a})",
        binding: 9,
        fixity: Fixity::Atom,
        math: MathForm::Call,
        partials: &["exp({a})"],
        apply: |x| {
            let u = libm::exp(x[0]);
            (u, [u, 0.0])
        },
        note: |x| {
            (x[0] > 709.78)
                .then_some(value("exp overflows: the result is beyond the largest 64-bit float, about 1.8e308"))
        },
    },
    OpSpec {
        op: Op::Log,
        name: "log",
        symbol: "log",
        functions: &["log", "ln"],
        arity: 1,
        form: "log({a})",
        binding: 9,
        fixity: Fixity::Atom,
        math: MathForm::Call,
        partials: &["1/{a}"],
        apply: |x| (libm::log(x[0]), [1.0 / x[0], 0.0]),
        note: |x| {
            if x[0] == 0.0 {
                Some(value("log(0) is −∞"))
            } else if x[0] < 0.0 {
                Some(value("the log of a negative number is undefined"))
            } else {
                None
            }
        },
    },
    OpSpec {
        op: Op::Sqrt,
        name: "sqrt",
        symbol: "sqrt",
        functions: &["sqrt"],
        arity: 1,
        form: "sqrt({a})",
        binding: 9,
        fixity: Fixity::Atom,
        math: MathForm::Root,
        partials: &["1/(2*sqrt({a}))"],
        apply: |x| {
            let u = x[0].sqrt();
            (u, [0.5 / u, 0.0])
        },
        note: |x| {
            if x[0] < 0.0 {
                Some(value("the square root of a negative number is undefined"))
            } else if x[0] == 0.0 {
                Some(slopes("sqrt is not differentiable at 0: its slope there is infinite"))
            } else {
                None
            }
        },
    },
    OpSpec {
        op: Op::Sin,
        name: "sin",
        symbol: "sin",
        functions: &["sin"],
        arity: 1,
        form: "sin({a})",
        binding: 9,
        fixity: Fixity::Atom,
        math: MathForm::Call,
        partials: &["cos({a})"],
        apply: |x| (libm::sin(x[0]), [libm::cos(x[0]), 0.0]),
        note: |_| None,
    },
    OpSpec {
        op: Op::Cos,
        name: "cos",
        symbol: "cos",
        functions: &["cos"],
        arity: 1,
        form: "cos({a})",
        binding: 9,
        fixity: Fixity::Atom,
        math: MathForm::Call,
        partials: &["-sin({a})"],
        apply: |x| (libm::cos(x[0]), [-libm::sin(x[0]), 0.0]),
        note: |_| None,
    },
    OpSpec {
        op: Op::Tan,
        name: "tan",
        symbol: "tan",
        functions: &["tan"],
        arity: 1,
        form: "tan({a})",
        binding: 9,
        fixity: Fixity::Atom,
        math: MathForm::Call,
        partials: &["1/cos({a})^2"],
        apply: |x| {
            let c = libm::cos(x[0]);
            (libm::tan(x[0]), [1.0 / (c * c), 0.0])
        },
        note: |x| (libm::cos(x[0]).abs() < 1e-12).then_some(value("tan is infinite where cos is 0")),
    },
    OpSpec {
        op: Op::Tanh,
        name: "tanh",
        symbol: "tanh",
        functions: &["tanh"],
        arity: 1,
        form: "tanh({a})",
        binding: 9,
        fixity: Fixity::Atom,
        math: MathForm::Call,
        partials: &["1 - {u}^2"],
        apply: |x| {
            let u = libm::tanh(x[0]);
            (u, [1.0 - u * u, 0.0])
        },
        note: |_| None,
    },
    OpSpec {
        op: Op::Sigmoid,
        name: "sigmoid",
        symbol: "sigmoid",
        functions: &["sigmoid"],
        arity: 1,
        form: "sigmoid({a})",
        binding: 9,
        fixity: Fixity::Atom,
        math: MathForm::Call,
        partials: &["{u}*(1 - {u})"],
        apply: |x| {
            let u = sigmoid(x[0]);
            (u, [u * (1.0 - u), 0.0])
        },
        note: |_| None,
    },
    OpSpec {
        op: Op::Relu,
        name: "relu",
        symbol: "relu",
        functions: &["relu"],
        arity: 1,
        form: "relu({a})",
        binding: 9,
        fixity: Fixity::Atom,
        math: MathForm::Call,
        // At a = 0 the left derivative, 0, is used.
        partials: &["1 if {a} > 0 else 0"],
        apply: |x| (x[0].max(0.0), [if x[0] > 0.0 { 1.0 } else { 0.0 }, 0.0]),
        note: |x| (x[0] == 0.0).then_some(slopes("relu is not differentiable at 0; the left derivative, 0, is used")),
    },
    OpSpec {
        op: Op::Abs,
        name: "abs",
        symbol: "abs",
        functions: &["abs"],
        arity: 1,
        form: "abs({a})",
        binding: 9,
        fixity: Fixity::Atom,
        math: MathForm::Bars,
        // At a = 0 the subgradient 0 (the sign of 0) is used.
        partials: &["sign({a})"],
        apply: |x| {
            let sign = if x[0] > 0.0 {
                1.0
            } else if x[0] < 0.0 {
                -1.0
            } else {
                0.0
            };
            (x[0].abs(), [sign, 0.0])
        },
        note: |x| {
            (x[0] == 0.0)
                .then_some(slopes("abs is not differentiable at 0; the derivative 0, between −1 and 1, is used"))
        },
    },
    OpSpec {
        op: Op::Softplus,
        name: "softplus",
        symbol: "softplus",
        functions: &["softplus"],
        arity: 1,
        form: "softplus({a})",
        binding: 9,
        fixity: Fixity::Atom,
        math: MathForm::Call,
        partials: &["sigmoid({a})"],
        // log(1 + e^a), written so that it neither overflows nor loses digits.
        apply: |x| (x[0].max(0.0) + libm::log1p(libm::exp(-x[0].abs())), [sigmoid(x[0]), 0.0]),
        note: |_| None,
    },
    OpSpec {
        op: Op::Max,
        name: "max",
        symbol: "max",
        functions: &["max"],
        arity: 2,
        form: "max({a}, {b})",
        binding: 9,
        fixity: Fixity::Atom,
        math: MathForm::Call,
        // On a tie the whole derivative goes to the first argument.
        partials: &["1 if {a} >= {b} else 0", "0 if {a} >= {b} else 1"],
        apply: |x| {
            if x[0] >= x[1] {
                (x[0], [1.0, 0.0])
            } else {
                (x[1], [0.0, 1.0])
            }
        },
        note: |x| {
            (x[0] == x[1]).then_some(slopes(
                "max is not differentiable where its arguments are equal; the first one gets the derivative",
            ))
        },
    },
    OpSpec {
        op: Op::Min,
        name: "min",
        symbol: "min",
        functions: &["min"],
        arity: 2,
        form: "min({a}, {b})",
        binding: 9,
        fixity: Fixity::Atom,
        math: MathForm::Call,
        // On a tie the whole derivative goes to the first argument.
        partials: &["1 if {a} <= {b} else 0", "0 if {a} <= {b} else 1"],
        apply: |x| {
            if x[0] <= x[1] {
                (x[0], [1.0, 0.0])
            } else {
                (x[1], [0.0, 1.0])
            }
        },
        note: |x| {
            (x[0] == x[1]).then_some(slopes(
                "min is not differentiable where its arguments are equal; the first one gets the derivative",
            ))
        },
    },
];

// Every row sits at its variant's index: a mistake here does not compile. (Indexing in a
// constant is checked by the compiler.)
#[allow(clippy::indexing_slicing, clippy::panic)]
const _: () = {
    let mut i = 0;
    while i < OPS.len() {
        assert!(OPS[i].op as usize == i, "OPS rows must follow the order of Op's variants");
        i += 1;
    }
};

/// A function of whole vectors that expands into several operations rather than being one:
/// `sum(v)` into a chain of additions, `dot(a, b)` into products and their sum.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reduction {
    Sum,
    Dot,
}

/// One row per reduction: its function name, its arity and how it is typeset.
pub const REDUCTIONS: &[(Reduction, &str, usize, MathForm)] =
    &[(Reduction::Sum, "sum", 1, MathForm::Sum), (Reduction::Dot, "dot", 2, MathForm::Call)];

impl Reduction {
    /// The reduction called `name`, with its arity and typeset form.
    pub fn from_function(name: &str) -> Option<(Reduction, usize, MathForm)> {
        REDUCTIONS.iter().find(|(_, n, _, _)| *n == name).map(|&(r, _, arity, math)| (r, arity, math))
    }
}

/// 1 / (1 + e^-a), computed without overflow for large |a|.
fn sigmoid(a: f64) -> f64 {
    if a >= 0.0 {
        1.0 / (1.0 + libm::exp(-a))
    } else {
        let e = libm::exp(a);
        e / (1.0 + e)
    }
}

impl Op {
    pub fn spec(self) -> &'static OpSpec {
        // `OPS` has a row for each variant, at the variant's index (checked when compiling).
        #[allow(clippy::indexing_slicing)]
        &OPS[self as usize]
    }

    pub fn name(self) -> &'static str {
        self.spec().name
    }

    pub fn arity(self) -> usize {
        self.spec().arity
    }

    /// Applies the operation to its arguments, returning the value and the local partials.
    /// Missing arguments are read as 0, so this never panics.
    pub fn apply(self, args: &[f64]) -> Applied {
        (self.spec().apply)(&padded(args))
    }

    /// Why the operation is special at these arguments, if it is (see [`OpSpec::note`]).
    pub fn note(self, args: &[f64]) -> Option<Note> {
        (self.spec().note)(&padded(args))
    }

    /// The operation called `name` as a function (`sin`, `ln`, `pow`, …).
    pub fn from_function(name: &str) -> Option<Op> {
        OPS.iter().find(|spec| spec.functions.contains(&name)).map(|spec| spec.op)
    }

    /// All function names, the reductions' included, for suggestions.
    pub fn function_names() -> impl Iterator<Item = &'static str> {
        OPS.iter().flat_map(|spec| spec.functions.iter().copied()).chain(REDUCTIONS.iter().map(|(_, name, _, _)| *name))
    }
}

/// The arguments in a fixed-size array, missing ones read as 0.
fn padded(args: &[f64]) -> [f64; 2] {
    let mut padded = [0.0; 2];
    for (slot, arg) in padded.iter_mut().zip(args) {
        *slot = *arg;
    }
    padded
}

/// Fills a formula template: `{a}`, `{b}` and `{u}` are replaced by the given texts.
pub fn fill(template: &str, a: &str, b: &str, u: &str) -> String {
    template.replace("{a}", a).replace("{b}", b).replace("{u}", u)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_rows_are_in_variant_order() {
        for (i, spec) in OPS.iter().enumerate() {
            assert_eq!(spec.op as usize, i, "row {i} is {}", spec.name);
            assert_eq!(spec.partials.len(), spec.arity, "{}", spec.name);
        }
    }

    /// Each table partial agrees with a central difference of the table's own forward rule.
    #[test]
    fn partials_match_central_differences() {
        let points: &[[f64; 2]] = &[[0.7, 1.3], [1.9, -0.4], [-0.6, 2.2], [2.5, 0.9]];
        for spec in OPS {
            for point in points {
                let mut point = *point;
                if matches!(spec.op, Op::Log | Op::Sqrt | Op::Pow) {
                    point[0] = point[0].abs();
                }
                let (_, partials) = spec.op.apply(&point);
                for j in 0..spec.arity {
                    let h = 1e-6;
                    let mut hi = point;
                    let mut lo = point;
                    hi[j] += h;
                    lo[j] -= h;
                    let numeric = (spec.op.apply(&hi).0 - spec.op.apply(&lo).0) / (2.0 * h);
                    // The scale comes from the differences, not from the table under test.
                    let scale = 1.0_f64.max(numeric.abs());
                    assert!(
                        (numeric - partials[j]).abs() < 1e-6 * scale,
                        "{} ∂/∂arg{j} at {point:?}: table {} vs numeric {numeric}",
                        spec.name,
                        partials[j]
                    );
                }
            }
        }
    }

    #[test]
    fn stable_forms_survive_extreme_arguments() {
        assert_eq!(Op::Sigmoid.apply(&[-800.0]).0, 0.0);
        assert_eq!(Op::Sigmoid.apply(&[800.0]).0, 1.0);
        assert_eq!(Op::Softplus.apply(&[800.0]).0, 800.0);
        assert!(Op::Softplus.apply(&[-800.0]).0 >= 0.0);
        assert_eq!(Op::Pow.apply(&[0.0, 2.0]), (0.0, [0.0, 0.0]));
        assert_eq!(Op::Pow.apply(&[3.0, 0.0]).1[0], 0.0);
    }

    #[test]
    fn functions_resolve_by_name_and_alias() {
        assert_eq!(Op::from_function("ln"), Some(Op::Log));
        assert_eq!(Op::from_function("pow"), Some(Op::Pow));
        assert_eq!(Op::from_function("add"), None);
    }
}
