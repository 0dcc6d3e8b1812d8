//! The program typeset as MathML, which browsers render natively: one equation per statement.

use std::rc::Rc;

use gradgraph_engine::number::full;
use gradgraph_engine::ops::Op;
use gradgraph_engine::syntax::{Expr, ExprKind, Statement};
use gradgraph_engine::Analysis;
use yew::prelude::*;

/// Taller expressions are not typeset (their nesting would only be unreadable).
const MAX_TYPESET_HEIGHT: u32 = 60;
/// Neither are expressions of more parts than this (a long vector literal, say).
const MAX_TYPESET_SIZE: usize = 400;

#[derive(Properties)]
pub struct MathProps {
    pub analysis: Rc<Analysis>,
}

impl PartialEq for MathProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.analysis, &other.analysis)
    }
}

#[component]
pub fn Math(props: &MathProps) -> Html {
    let statements = props.analysis.program.statements.iter().enumerate().map(|(i, s)| {
        html! { <math key={i} display="block">{ statement(s) }</math> }
    });
    html! {
        <section class="math" data-testid="math" aria-label="The program as mathematics">
            { for statements }
        </section>
    }
}

fn statement(statement: &Statement) -> Html {
    let rhs = if statement.expr.height > MAX_TYPESET_HEIGHT || size(&statement.expr) > MAX_TYPESET_SIZE {
        html! { <mtext>{ "(too long to typeset)" }</mtext> }
    } else {
        expr(&statement.expr)
    };
    match &statement.target {
        Some(target) => html! { <mrow><mi>{ symbol(&target.name) }</mi><mo>{ "=" }</mo>{ rhs }</mrow> },
        None => rhs,
    }
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

/// How tightly an expression binds (see `OpSpec::binding`); atoms are 9.
fn binding(e: &Expr) -> u8 {
    match &e.kind {
        ExprKind::Unary(op, _) | ExprKind::Binary(op, _, _) => op.spec().binding,
        ExprKind::MatMul(..) => 2,
        _ => 9,
    }
}

fn parenthesized(inner: Html) -> Html {
    html! { <mrow><mo>{ "(" }</mo>{ inner }<mo>{ ")" }</mo></mrow> }
}

/// `e`, in parentheses when it binds looser than `at_least`.
fn operand(e: &Expr, at_least: u8) -> Html {
    if binding(e) < at_least {
        parenthesized(expr(e))
    } else {
        expr(e)
    }
}

fn expr(e: &Expr) -> Html {
    match &e.kind {
        ExprKind::Number(value) => html! { <mn>{ full(*value) }</mn> },
        ExprKind::Name(name) => html! { <mi>{ symbol(name) }</mi> },
        ExprKind::Unary(_, a) => html! { <mrow><mo>{ "−" }</mo>{ operand(a, 3) }</mrow> },
        ExprKind::Binary(Op::Div, a, b) => html! { <mfrac>{ expr(a) }{ expr(b) }</mfrac> },
        ExprKind::Binary(Op::Pow, a, b) => html! { <msup>{ operand(a, 5) }{ expr(b) }</msup> },
        ExprKind::Binary(op, a, b) => {
            let binding = op.spec().binding;
            let (sign, right) = match op {
                Op::Add => ("+", binding),
                Op::Sub => ("−", binding + 1),
                // A number times a name or a bracket is written without a sign: 2x, 3(x + 1).
                Op::Mul if matches!(a.kind, ExprKind::Number(_)) && !matches!(b.kind, ExprKind::Number(_)) => {
                    ("\u{2062}", binding)
                }
                _ => ("·", binding),
            };
            html! { <mrow>{ operand(a, binding) }<mo>{ sign }</mo>{ operand(b, right) }</mrow> }
        }
        ExprKind::MatMul(a, b) => html! { <mrow>{ operand(a, 2) }<mo>{ "\u{2062}" }</mo>{ operand(b, 3) }</mrow> },
        ExprKind::Call(function, args) => match (function.name.as_str(), args.as_slice()) {
            ("sqrt", [a]) => html! { <msqrt>{ expr(a) }</msqrt> },
            ("abs", [a]) => html! { <mrow><mo>{ "|" }</mo>{ expr(a) }<mo>{ "|" }</mo></mrow> },
            ("pow", [a, b]) => html! { <msup>{ operand(a, 5) }{ expr(b) }</msup> },
            ("sum", [a]) => html! { <mrow><mo>{ "∑" }</mo>{ operand(a, 9) }</mrow> },
            (name, args) => html! {
                <mrow>
                    <mi>{ name }</mi>
                    <mo>{ "\u{2061}" }</mo>
                    { parenthesized(list(args)) }
                </mrow>
            },
        },
        ExprKind::List(items) if items.iter().all(|i| matches!(i.kind, ExprKind::List(_))) && !items.is_empty() => {
            let rows = items.iter().enumerate().map(|(r, row)| {
                let ExprKind::List(cells) = &row.kind else { return html! {} };
                html! { <mtr key={r}>{ for cells.iter().map(|c| html! { <mtd>{ expr(c) }</mtd> }) }</mtr> }
            });
            html! { <mrow><mo>{ "[" }</mo><mtable>{ for rows }</mtable><mo>{ "]" }</mo></mrow> }
        }
        ExprKind::List(items) => html! { <mrow><mo>{ "[" }</mo>{ list(items) }<mo>{ "]" }</mo></mrow> },
        ExprKind::Index(base, index) => html! { <msub>{ operand(base, 9) }{ expr(index) }</msub> },
    }
}

/// Expressions separated by commas.
fn list(items: &[Expr]) -> Html {
    let mut out = Vec::with_capacity(2 * items.len());
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(html! { <mo>{ "," }</mo> });
        }
        out.push(expr(item));
    }
    html! { <mrow>{ for out }</mrow> }
}

/// Greek letters by name, as courses write them: `theta` is θ.
fn symbol(name: &str) -> String {
    const GREEK: &[(&str, &str)] = &[
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
    GREEK.iter().find(|(word, _)| *word == name).map_or_else(|| name.to_string(), |(_, letter)| letter.to_string())
}
