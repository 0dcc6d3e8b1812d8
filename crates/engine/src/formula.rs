//! Formulas: the expression of one statement, as a straight-line list of steps, for the
//! "statements" granularity where one node stands for a whole assignment u = g(v_1, …, v_N).
//!
//! A formula computes its value and its local partials ∂u/∂v_j by differentiating its own
//! steps (a small reverse pass), so the outer backward pass can treat it like any operation.

use crate::diagnostic::Span;
use crate::ops::{Fixity, Op};
use crate::syntax::{print_expression, Expr, ExprKind, Ident};

/// Longest formula written out in full.
pub const MAX_PRINTED_STEPS: usize = 200;

#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// The formula's `j`-th argument.
    Arg(usize),
    /// A constant, with the text it was written as.
    Const(f64, String),
    /// An operation on earlier steps (the second index is unused for one-argument operations).
    Apply(Op, [usize; 2]),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Formula {
    /// In evaluation order; every `Apply` refers only to earlier steps; the last step is the
    /// result.
    pub steps: Vec<Step>,
    pub arity: usize,
}

impl Formula {
    /// The value alone. `O(steps)`.
    pub fn value(&self, args: &[f64]) -> f64 {
        let values = self.walk(
            |j| args.get(j).copied().unwrap_or(f64::NAN),
            |value, _| value,
            |op, operands| op.apply(operands).0,
        );
        values.last().copied().unwrap_or(f64::NAN)
    }

    /// The value and the partials with respect to each argument. `O(steps)`.
    pub fn apply(&self, args: &[f64]) -> (f64, Vec<f64>) {
        // Forward: each step's value with its local partials.
        let steps = self.walk(
            |j| (args.get(j).copied().unwrap_or(f64::NAN), [0.0; 2]),
            |value, _| (value, [0.0; 2]),
            |op, operands| {
                let values: Vec<f64> = operands.iter().map(|(v, _)| *v).collect();
                op.apply(&values)
            },
        );
        let n = steps.len();
        // The inner backward pass: the same algorithm as the outer one, over the steps.
        let mut adjoints = vec![0.0; n];
        let mut partials = vec![0.0; self.arity];
        if let Some(last) = adjoints.last_mut() {
            *last = 1.0;
        }
        for (i, (step, (_, local))) in self.steps.iter().zip(&steps).enumerate().rev() {
            let adjoint = adjoints.get(i).copied().unwrap_or(0.0);
            match step {
                Step::Arg(j) => {
                    if let Some(p) = partials.get_mut(*j) {
                        *p += adjoint;
                    }
                }
                Step::Const(..) => {}
                Step::Apply(op, operands) => {
                    for (position, &operand) in operands.iter().enumerate().take(op.arity()) {
                        if let (true, Some(into), Some(partial)) =
                            (operand < i, adjoints.get_mut(operand), local.get(position))
                        {
                            *into += adjoint * partial;
                        }
                    }
                }
            }
        }
        (steps.last().map_or(f64::NAN, |(value, _)| *value), partials)
    }

    /// The formula written out with `args` for its arguments and numbers written by `number`.
    /// Formulas of more than [`MAX_PRINTED_STEPS`] steps are summarized instead, which also
    /// bounds the printer's recursion.
    pub fn text(&self, args: &[Expr], number: &dyn Fn(f64) -> String) -> String {
        if self.steps.len() > MAX_PRINTED_STEPS {
            let operations = self.steps.iter().filter(|s| matches!(s, Step::Apply(..))).count();
            let args: Vec<String> = args.iter().map(|a| print_expression(a, number)).collect();
            return format!("a formula of {operations} operations in {}", args.join(", "));
        }
        debug_assert!(args.len() >= self.arity, "a formula printed with too few arguments");
        let arg = |j: usize| args.get(j).cloned().unwrap_or_else(|| Expr::name("?"));
        print_expression(&self.to_expr(&arg), number)
    }

    /// The formula as a syntax tree whose `j`-th argument is `arg(j)`: a statement's
    /// expression again, so that it prints and typesets as any expression does. A step used
    /// twice appears twice, as it was written. `O(steps²)` at worst, for the copies.
    pub fn to_expr(&self, arg: &dyn Fn(usize) -> Expr) -> Expr {
        let exprs = self.walk(
            arg,
            |value, text| match text.parse::<f64>() {
                Ok(_) => Expr::number(value),
                Err(_) => Expr::name(text),
            },
            op_expr,
        );
        debug_assert!(!exprs.is_empty(), "a formula without steps");
        exprs.last().cloned().unwrap_or_else(|| Expr::name("?"))
    }

    /// The one walk over the steps, in order: each step's result from its arguments
    /// (`arg`), constants (`constant`, with the value and its text) and operations (`apply`, on
    /// the earlier steps' results it refers to). Evaluation, forward mode (`dual.rs`) and
    /// printing all use it. `O(steps)`.
    pub fn walk<T: Clone>(
        &self,
        arg: impl Fn(usize) -> T,
        constant: impl Fn(f64, &str) -> T,
        apply: impl Fn(Op, &[T]) -> T,
    ) -> Vec<T> {
        let mut results: Vec<T> = Vec::with_capacity(self.steps.len());
        for (i, step) in self.steps.iter().enumerate() {
            let result = match step {
                Step::Arg(j) => arg(*j),
                Step::Const(value, text) => constant(*value, text),
                Step::Apply(op, [a, b]) => {
                    debug_assert!([*a, *b].iter().take(op.arity()).all(|&k| k < i), "step {i} uses a later step");
                    let operands: Vec<T> = [*a, *b]
                        .iter()
                        .take(op.arity())
                        .filter(|&&k| k < i)
                        .filter_map(|&k| results.get(k).cloned())
                        .collect();
                    apply(*op, &operands)
                }
            };
            results.push(result);
        }
        results
    }
}

/// An operation over operand expressions, written as the language writes it: infix, prefix,
/// or a call by its function name (from the operation's row of the table); a copy is its
/// operand.
pub fn op_expr(op: Op, operands: &[Expr]) -> Expr {
    debug_assert!(operands.len() >= op.arity(), "{} with too few operands", op.spec().name);
    let operand = |j: usize| Box::new(operands.get(j).cloned().unwrap_or_else(|| Expr::name("?")));
    let spec = op.spec();
    let kind = match (spec.fixity, spec.functions.first()) {
        (Fixity::Infix(_), _) => ExprKind::Binary(op, operand(0), operand(1)),
        (Fixity::Prefix, _) => ExprKind::Unary(op, operand(0)),
        (Fixity::Atom, Some(name)) => {
            let function = Ident { name: name.to_string(), span: Span::default() };
            ExprKind::Call(function, (0..op.arity()).map(|j| *operand(j)).collect())
        }
        (Fixity::Atom, None) => return *operand(0),
    };
    Expr::new(kind, Span::default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::number::full;

    /// x*z + sin(x) with x = 2, z = 3.
    fn example() -> Formula {
        Formula {
            steps: vec![
                Step::Arg(0),
                Step::Arg(1),
                Step::Apply(Op::Mul, [0, 1]),
                Step::Apply(Op::Sin, [0, 0]),
                Step::Apply(Op::Add, [2, 3]),
            ],
            arity: 2,
        }
    }

    #[test]
    fn value_and_partials_by_the_inner_backward_pass() {
        let (value, partials) = example().apply(&[2.0, 3.0]);
        assert_eq!(value, 6.0 + libm::sin(2.0));
        assert_eq!(partials, [3.0 + libm::cos(2.0), 2.0]);
    }

    #[test]
    fn long_formulas_are_summarized() {
        let mut steps = vec![Step::Arg(0)];
        for i in 0..300 {
            steps.push(Step::Apply(Op::Sin, [i, i]));
        }
        let text = Formula { steps, arity: 1 }.text(&[Expr::name("x")], &full);
        assert_eq!(text, "a formula of 300 operations in x");
    }

    #[test]
    fn formulas_print_as_expressions_with_the_parentheses_their_tree_needs() {
        let names = |names: &[&str]| names.iter().map(|n| Expr::name(*n)).collect::<Vec<_>>();
        assert_eq!(example().text(&names(&["x", "z"]), &full), "x * z + sin(x)");
        let steps = vec![
            Step::Arg(0),
            Step::Arg(1),
            Step::Apply(Op::Sub, [0, 1]),
            Step::Apply(Op::Sub, [0, 2]),
            Step::Apply(Op::Mul, [3, 1]),
            Step::Apply(Op::Pow, [4, 1]),
            Step::Apply(Op::Neg, [5, 5]),
            Step::Const(2.0, "2".into()),
            Step::Apply(Op::Pow, [0, 7]),
            Step::Apply(Op::Pow, [8, 7]),
            Step::Apply(Op::Pow, [7, 8]),
            Step::Apply(Op::Div, [6, 10]),
            Step::Apply(Op::Div, [11, 9]),
            Step::Const(std::f64::consts::PI, "pi".into()),
            Step::Apply(Op::Max, [12, 13]),
        ];
        let formula = Formula { steps, arity: 2 };
        assert_eq!(formula.text(&names(&["a", "b"]), &full), "max(-((a - (a - b)) * b)^b / 2^a^2 / (a^2)^2, pi)");
        // Numbers substituted for the arguments: a negative one is parenthesized where needed.
        let numbers = [Expr::number(-3.0), Expr::number(2.0)];
        assert_eq!(formula.text(&numbers, &full), "max(-((-3 - (-3 - 2)) * 2)^2 / 2^(-3)^2 / ((-3)^2)^2, pi)");
    }
}
