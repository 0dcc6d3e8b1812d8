//! How expressions are written: one rule for parentheses, used by every printer (source text,
//! statement formulas, step sentences with numbers substituted, typeset mathematics).
//!
//! Each operation's binding power and fixity live in its row of [`crate::ops::OPS`] (with the
//! types [`Fixity`] and [`Assoc`]); this module only decides, from those, when an operand needs
//! parentheses. It depends on `ops`, never the other way.

use crate::ops::{fill, Assoc, Fixity, Op};

/// Which operand of its parent an expression is. The operand of a prefix operator is on the
/// right.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Left,
    Right,
}

/// How a printed expression binds: its outermost operator's binding power and fixity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Notation {
    /// Higher binds tighter: 1 for `+ -`, 2 for `* /` and `@`, 3 for unary minus, 4 for `^`,
    /// 9 for atoms.
    pub binding: u8,
    pub fixity: Fixity,
}

impl Notation {
    pub const ATOM: Notation = Notation { binding: 9, fixity: Fixity::Atom };
    /// The matrix product `a @ b`, which is syntax rather than an operation of the graph.
    pub const MATMUL: Notation = Notation { binding: 2, fixity: Fixity::Infix(Assoc::Left) };
    /// The ∂ of a derivative written in a line of text, `∂(x * z)/∂x` but `∂sin(x)/∂x`: before
    /// its operand, binding as unary minus.
    pub const DERIVATIVE: Notation = Notation { binding: 3, fixity: Fixity::Prefix };

    /// The notation of an operation's printed form.
    pub fn of(op: Op) -> Notation {
        let spec = op.spec();
        Notation { binding: spec.binding, fixity: spec.fixity }
    }

    /// A number written out: a negative one starts with a minus sign, so it binds like unary
    /// minus (`(-3)^2`, `0.5 + (-2)`).
    pub fn number(value: f64) -> Notation {
        if value.is_sign_negative() && value != 0.0 {
            Notation::of(Op::Neg)
        } else {
            Notation::ATOM
        }
    }
}

/// Whether `child`, written as the `side` operand of `parent`, needs parentheses to be read
/// back as the same tree. Operands that bind looser than their operator need them; so does an
/// operand of equal binding on the side the operator does not group towards (`a - (b - c)`,
/// `(a^b)^c`), and a prefix operand on the right of anything (`a * (-b)`, `-(-a)`).
pub fn needs_parens(parent: Notation, side: Side, child: Notation) -> bool {
    match parent.fixity {
        Fixity::Atom => false,
        _ if child.fixity == Fixity::Prefix && side == Side::Right => true,
        Fixity::Prefix => child.binding < parent.binding,
        Fixity::Infix(assoc) => {
            let against = matches!((assoc, side), (Assoc::Left, Side::Right) | (Assoc::Right, Side::Left));
            child.binding < parent.binding || (child.binding == parent.binding && against)
        }
    }
}

/// A printed expression with the notation of its outermost operator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Printed {
    pub text: String,
    pub notation: Notation,
}

impl Printed {
    /// A name, a constant's text, or anything else that needs no parentheses.
    pub fn atom(text: impl Into<String>) -> Printed {
        Printed { text: text.into(), notation: Notation::ATOM }
    }

    /// A number written as `text`, which starts with a minus sign when `value` is negative.
    pub fn number(value: f64, text: impl Into<String>) -> Printed {
        Printed { text: text.into(), notation: Notation::number(value) }
    }

    /// The text, in parentheses if it needs them as the `side` operand of `parent`.
    pub fn operand(&self, parent: Notation, side: Side) -> String {
        if needs_parens(parent, side, self.notation) {
            format!("({})", self.text)
        } else {
            self.text.clone()
        }
    }
}

/// `op` applied to the printed `args`, in the operation's printed form, with parentheses
/// where an argument needs them. A copy (`a = x`) prints as its argument.
pub fn print_op(op: Op, args: &[Printed]) -> Printed {
    debug_assert!(args.len() >= op.arity(), "{} printed with too few arguments", op.spec().name);
    let missing = Printed::atom("?");
    let arg = |j: usize| args.get(j).unwrap_or(&missing);
    if op == Op::Identity {
        return arg(0).clone();
    }
    let notation = Notation::of(op);
    let (a, b) = if op.arity() == 1 {
        (arg(0).operand(notation, Side::Right), String::new())
    } else {
        (arg(0).operand(notation, Side::Left), arg(1).operand(notation, Side::Right))
    };
    Printed { text: fill(op.spec().form, &a, &b, ""), notation }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(value: f64) -> Printed {
        Printed::number(value, crate::number::short(value))
    }

    #[test]
    fn negative_numbers_are_parenthesized_where_a_minus_would_misread() {
        let x = Printed::atom("x");
        assert_eq!(print_op(Op::Pow, &[n(-3.0), n(2.0)]).text, "(-3)^2");
        assert_eq!(print_op(Op::Add, &[n(0.5), n(-2.0)]).text, "0.5 + (-2)");
        assert_eq!(print_op(Op::Sub, &[n(-1.0), n(-2.0)]).text, "-1 - (-2)");
        assert_eq!(print_op(Op::Mul, &[n(-2.0), x.clone()]).text, "-2 * x");
        assert_eq!(print_op(Op::Neg, &[n(-2.0)]).text, "-(-2)");
        assert_eq!(print_op(Op::Sin, &[n(-2.0)]).text, "sin(-2)");
        assert_eq!(print_op(Op::Pow, &[x, n(-1.0)]).text, "x^(-1)");
        assert_eq!(print_op(Op::Identity, &[n(-1.0)]).text, "-1");
    }

    #[test]
    fn nested_operations_keep_their_tree() {
        let (a, b) = (Printed::atom("a"), Printed::atom("b"));
        let sum = print_op(Op::Add, &[a.clone(), b.clone()]);
        let power = print_op(Op::Pow, &[a.clone(), b.clone()]);
        assert_eq!(print_op(Op::Sub, &[a.clone(), sum.clone()]).text, "a - (a + b)");
        assert_eq!(print_op(Op::Sub, &[sum.clone(), a.clone()]).text, "a + b - a");
        assert_eq!(print_op(Op::Mul, &[sum, b.clone()]).text, "(a + b) * b");
        assert_eq!(print_op(Op::Pow, &[power.clone(), b.clone()]).text, "(a^b)^b");
        assert_eq!(print_op(Op::Pow, &[b.clone(), power.clone()]).text, "b^a^b");
        assert_eq!(print_op(Op::Neg, &[power]).text, "-a^b");
        let negated = print_op(Op::Neg, &[a]);
        assert_eq!(print_op(Op::Pow, &[negated.clone(), b.clone()]).text, "(-a)^b");
        assert_eq!(print_op(Op::Mul, &[negated.clone(), b]).text, "-a * b");
    }
}
