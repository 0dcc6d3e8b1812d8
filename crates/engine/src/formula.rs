//! Formulas: the expression of one statement, as a straight-line list of steps, for the
//! "statements" granularity where one node stands for a whole assignment u = g(v_1, …, v_N).
//!
//! A formula computes its value and its local partials ∂u/∂v_j by differentiating its own
//! steps (a small reverse pass), so the outer backward pass can treat it like any operation.

use crate::notation::{print_op, Printed};
use crate::ops::Op;

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
    /// The value and the partials with respect to each argument. `O(steps)`.
    pub fn apply(&self, args: &[f64]) -> (f64, Vec<f64>) {
        let n = self.steps.len();
        let mut values = vec![0.0; n];
        let mut local = vec![[0.0; 2]; n];
        for (i, step) in self.steps.iter().enumerate() {
            values[i] = match step {
                Step::Arg(j) => args.get(*j).copied().unwrap_or(f64::NAN),
                Step::Const(value, _) => *value,
                Step::Apply(op, [a, b]) => {
                    let operands = [get(&values, *a), get(&values, *b)];
                    let (value, partials) = op.apply(&operands[..op.arity()]);
                    local[i] = partials;
                    value
                }
            };
        }
        // The inner backward pass: the same algorithm as the outer one, over the steps.
        let mut adjoints = vec![0.0; n];
        let mut partials = vec![0.0; self.arity];
        if let Some(last) = adjoints.last_mut() {
            *last = 1.0;
        }
        for i in (0..n).rev() {
            match &self.steps[i] {
                Step::Arg(j) => {
                    if let Some(p) = partials.get_mut(*j) {
                        *p += adjoints[i];
                    }
                }
                Step::Const(..) => {}
                Step::Apply(op, operands) => {
                    for (position, &operand) in operands.iter().enumerate().take(op.arity()) {
                        if operand < i {
                            adjoints[operand] += adjoints[i] * local[i][position];
                        }
                    }
                }
            }
        }
        (values.last().copied().unwrap_or(f64::NAN), partials)
    }

    /// The formula written out with its arguments printed as `args` (their names, or their
    /// values), with the parentheses the tree needs. Formulas of more than
    /// [`MAX_PRINTED_STEPS`] steps are summarized instead, which also bounds the printer's
    /// recursion.
    pub fn text(&self, args: &[Printed]) -> String {
        if self.steps.len() > MAX_PRINTED_STEPS {
            let operations = self.steps.iter().filter(|s| matches!(s, Step::Apply(..))).count();
            let names: Vec<&str> = args.iter().map(|a| a.text.as_str()).collect();
            return format!("a formula of {operations} operations in {}", names.join(", "));
        }
        self.steps.len().checked_sub(1).map_or(String::new(), |last| self.print(last, args).text)
    }

    /// Prints step `i`.
    fn print(&self, i: usize, args: &[Printed]) -> Printed {
        match self.steps.get(i) {
            Some(Step::Arg(j)) => args.get(*j).cloned().unwrap_or_else(|| Printed::atom("?")),
            Some(Step::Const(_, text)) => Printed::atom(text.clone()),
            Some(Step::Apply(op, [a, b])) => {
                let operand = |index: usize| if index < i { self.print(index, args) } else { Printed::atom("?") };
                let operands = if op.arity() > 1 { vec![operand(*a), operand(*b)] } else { vec![operand(*a)] };
                print_op(*op, &operands)
            }
            None => Printed::atom("?"),
        }
    }
}

fn get(values: &[f64], i: usize) -> f64 {
    values.get(i).copied().unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(value, 6.0 + 2f64.sin());
        assert_eq!(partials, [3.0 + 2f64.cos(), 2.0]);
    }

    #[test]
    fn long_formulas_are_summarized() {
        let mut steps = vec![Step::Arg(0)];
        for i in 0..300 {
            steps.push(Step::Apply(Op::Sin, [i, i]));
        }
        let text = Formula { steps, arity: 1 }.text(&[Printed::atom("x")]);
        assert_eq!(text, "a formula of 300 operations in x");
    }

    #[test]
    fn printing_uses_only_needed_parentheses() {
        let names = |names: &[&str]| names.iter().map(|n| Printed::atom(*n)).collect::<Vec<_>>();
        assert_eq!(example().text(&names(&["x", "z"])), "x * z + sin(x)");
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
        ];
        let formula = Formula { steps, arity: 2 };
        assert_eq!(formula.text(&names(&["a", "b"])), "-((a - (a - b)) * b)^b / 2^a^2 / (a^2)^2");
        // Numbers substituted for the arguments: a negative one is parenthesized where needed.
        let numbers = [Printed::number(-3.0, "-3"), Printed::number(2.0, "2")];
        assert_eq!(formula.text(&numbers), "-((-3 - (-3 - 2)) * 2)^2 / 2^(-3)^2 / ((-3)^2)^2");
    }
}
