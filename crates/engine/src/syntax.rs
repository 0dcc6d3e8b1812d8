//! The syntax tree and the parser that builds it.
//!
//! Parsing never fails: [`parse`] returns a [`Program`] holding every statement it could read and
//! a list of diagnostics. A statement with a syntax error is reported and skipped; parsing
//! resumes at the next newline or `;`. Recursion is bounded by a depth counter, and operator
//! chains by a height limit, so no input can overflow the stack.

use crate::diagnostic::{line_col, Diagnostic, Span};
use crate::lexer::{tokenize, Token, TokenKind};
use crate::notation::{print_op, Notation, Printed, Side};
use crate::ops::{Assoc, Fixity, Op};

/// Longest accepted source, in characters.
pub const MAX_SOURCE_CHARS: usize = 100_000;
/// Deepest accepted nesting of parentheses, unary minus and function calls.
pub const MAX_NESTING: usize = 200;
/// Tallest accepted expression tree (a chain `a + b + c + …` grows one level per operator).
pub const MAX_HEIGHT: u32 = 1_000;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Program {
    pub statements: Vec<Statement>,
}

impl Program {
    /// Every name the program mentions: assigned names and names it uses (function names
    /// aside). Generated names must avoid all of them. `O(n)`, without recursion.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        let mut stack: Vec<&Expr> = self.statements.iter().map(|s| &s.expr).collect();
        let mut used = Vec::new();
        while let Some(expr) = stack.pop() {
            match &expr.kind {
                ExprKind::Name(name) => used.push(name.as_str()),
                ExprKind::Number(_) => {}
                ExprKind::Unary(_, a) => stack.push(a),
                ExprKind::Binary(_, a, b) | ExprKind::MatMul(a, b) | ExprKind::Index(a, b) => {
                    stack.extend([&**a, &**b])
                }
                ExprKind::Call(_, items) | ExprKind::List(items) => stack.extend(items),
            }
        }
        self.statements.iter().filter_map(|s| s.target.as_ref()).map(|t| t.name.as_str()).chain(used)
    }
}

/// `target = expr`, or a bare `expr`.
#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    pub target: Option<Ident>,
    pub expr: Expr,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
    /// 1 for a leaf, else one more than the tallest child.
    pub height: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    Number(f64),
    Name(String),
    /// A unary operator applied to an operand (only negation today).
    Unary(Op, Box<Expr>),
    Binary(Op, Box<Expr>, Box<Expr>),
    /// `a @ b`: matrix-vector (or matrix-matrix) product.
    MatMul(Box<Expr>, Box<Expr>),
    Call(Ident, Vec<Expr>),
    /// `[a, b, c]`; nested lists make matrices.
    List(Vec<Expr>),
    /// `a[i]`.
    Index(Box<Expr>, Box<Expr>),
}

impl Expr {
    /// A tree node over `kind`'s children, spanning `span`.
    pub fn new(kind: ExprKind, span: Span) -> Expr {
        let height = 1 + match &kind {
            ExprKind::Number(_) | ExprKind::Name(_) => 0,
            ExprKind::Unary(_, a) => a.height,
            ExprKind::Binary(_, a, b) | ExprKind::MatMul(a, b) | ExprKind::Index(a, b) => a.height.max(b.height),
            ExprKind::Call(_, args) | ExprKind::List(args) => args.iter().map(|a| a.height).max().unwrap_or(0),
        };
        Expr { kind, span, height }
    }

    /// A name, with no place in any source.
    pub fn name(name: impl Into<String>) -> Expr {
        Expr::new(ExprKind::Name(name.into()), Span::default())
    }

    /// A number (possibly negative, as no parsed number is), with no place in any source.
    pub fn number(value: f64) -> Expr {
        Expr::new(ExprKind::Number(value), Span::default())
    }

    /// The numbers of a literal list, `[1, 2]` or `[[1, 2], [3, 4]]`, with its shape (rows and
    /// columns; a vector has no columns). Used to recognize vector and matrix inputs.
    pub fn literal_list(&self) -> Option<(Vec<usize>, Vec<f64>)> {
        let ExprKind::List(items) = &self.kind else { return None };
        if items.is_empty() {
            return None;
        }
        if let Some(numbers) = items.iter().map(Expr::literal).collect::<Option<Vec<f64>>>() {
            return Some((vec![numbers.len()], numbers));
        }
        let rows: Vec<Vec<f64>> = items
            .iter()
            .map(|row| match &row.kind {
                ExprKind::List(cells) => cells.iter().map(Expr::literal).collect(),
                _ => None,
            })
            .collect::<Option<_>>()?;
        let columns = rows.first().map_or(0, Vec::len);
        rows.iter().all(|r| r.len() == columns && columns > 0).then(|| (vec![rows.len(), columns], rows.concat()))
    }

    /// The number this expression denotes literally: `2`, `-1.5`. Used to recognize inputs.
    pub fn literal(&self) -> Option<f64> {
        match &self.kind {
            ExprKind::Number(value) => Some(*value),
            ExprKind::Unary(Op::Neg, operand) => match operand.kind {
                ExprKind::Number(value) => Some(-value),
                _ => None,
            },
            _ => None,
        }
    }
}

/// The operator an infix token stands for: an operation of the graph, or `@`. How tightly each
/// binds and which way it groups come from its row of the operation table
/// ([`Notation::of`]), not from here.
fn infix(kind: TokenKind) -> Option<(Option<Op>, Notation)> {
    let op = match kind {
        TokenKind::Plus => Op::Add,
        TokenKind::Minus => Op::Sub,
        TokenKind::Star => Op::Mul,
        TokenKind::Slash => Op::Div,
        TokenKind::Caret => Op::Pow,
        TokenKind::At => return Some((None, Notation::MATMUL)),
        _ => return None,
    };
    Some((Some(op), Notation::of(op)))
}

/// Parses a whole program. `O(n)` in the length of the source.
pub fn parse(source: &str) -> (Program, Vec<Diagnostic>) {
    let chars = source.chars().count();
    if chars > MAX_SOURCE_CHARS {
        let diagnostic = Diagnostic::error(
            Span::new(0, 0),
            format!("the program is too long: {chars} characters, the limit is {MAX_SOURCE_CHARS}"),
        )
        .with_help("split it into smaller programs");
        return (Program::default(), vec![diagnostic]);
    }
    let mut parser =
        Parser { source, tokens: tokenize(source), pos: 0, depth: 0, open: Vec::new(), diagnostics: Vec::new() };
    let program = parser.program();
    (program, parser.diagnostics)
}

/// A syntax error has been reported; the current statement is abandoned.
struct Abandon;

type Parsed<T> = Result<T, Abandon>;

struct Parser<'s> {
    source: &'s str,
    tokens: Vec<Token>,
    pos: usize,
    depth: usize,
    /// Spans of the brackets currently open.
    open: Vec<Span>,
    diagnostics: Vec<Diagnostic>,
}

impl Parser<'_> {
    fn program(&mut self) -> Program {
        let mut statements = Vec::new();
        loop {
            while self.peek() == TokenKind::Separator {
                self.pos += 1;
            }
            if self.peek() == TokenKind::Eof {
                break;
            }
            self.open.clear();
            self.depth = 0;
            match self.statement() {
                Ok(statement) => statements.push(statement),
                Err(Abandon) => self.skip_statement(),
            }
        }
        Program { statements }
    }

    fn statement(&mut self) -> Parsed<Statement> {
        let start = self.span();
        let target = if self.peek() == TokenKind::Ident && self.peek_at(1) == TokenKind::Equals {
            let ident = self.ident();
            self.pos += 1;
            Some(ident)
        } else {
            None
        };
        let expr = self.expr()?;
        match self.peek() {
            TokenKind::Separator | TokenKind::Eof => {}
            TokenKind::Equals if target.is_none() => {
                return Err(self.fail(
                    Diagnostic::error(self.span(), "only a plain name can be assigned to")
                        .with_help("write the statement as `name = expression`"),
                ));
            }
            _ => return Err(self.unexpected("an operator or the end of the statement")),
        }
        let span = start.to(expr.span);
        Ok(Statement { target, expr, span })
    }

    fn expr(&mut self) -> Parsed<Expr> {
        self.binary(0)
    }

    /// An operand, then infix operators that bind at least as tightly as `min` (precedence
    /// climbing). A left-grouping operator parses its right side one level tighter; a
    /// right-grouping one (`^`) at its own level, so `2^3^2` is `2^(3^2)`.
    fn binary(&mut self, min: u8) -> Parsed<Expr> {
        let mut lhs = self.prefix()?;
        while let Some((op, notation)) = infix(self.peek()) {
            if notation.binding < min {
                break;
            }
            self.pos += 1;
            let tighter = match notation.fixity {
                Fixity::Infix(Assoc::Right) => notation.binding,
                _ => notation.binding + 1,
            };
            let rhs = self.binary(tighter)?;
            lhs = self.node(match op {
                Some(op) => ExprKind::Binary(op, Box::new(lhs), Box::new(rhs)),
                None => ExprKind::MatMul(Box::new(lhs), Box::new(rhs)),
            })?;
        }
        Ok(lhs)
    }

    /// `-operand`, whose operand holds the operators that bind tighter than unary minus (so
    /// `-x^2` is `-(x^2)` and `-x*y` is `(-x)*y`); `+operand`; or an indexed primary.
    fn prefix(&mut self) -> Parsed<Expr> {
        self.enter()?;
        let result = match self.peek() {
            TokenKind::Minus => {
                let minus = self.span();
                self.pos += 1;
                let operand = self.binary(Notation::of(Op::Neg).binding)?;
                let span = minus.to(operand.span);
                self.node_at(ExprKind::Unary(Op::Neg, Box::new(operand)), span)
            }
            TokenKind::Plus => {
                self.pos += 1;
                self.prefix()
            }
            _ => self.postfix(),
        };
        self.depth -= 1;
        result
    }

    /// `primary ('[' expr ']')*`: indexing.
    fn postfix(&mut self) -> Parsed<Expr> {
        let mut expr = self.primary()?;
        while self.peek() == TokenKind::LBracket {
            let open = self.span();
            self.pos += 1;
            self.open.push(open);
            let index = self.expr()?;
            self.close(TokenKind::RBracket, open)?;
            let span = expr.span.to(self.previous_span());
            expr = self.node_at(ExprKind::Index(Box::new(expr), Box::new(index)), span)?;
        }
        Ok(expr)
    }

    fn primary(&mut self) -> Parsed<Expr> {
        let token = self.token();
        match token.kind {
            TokenKind::Number(value) => {
                self.pos += 1;
                let number = Expr::new(ExprKind::Number(value), token.span);
                // Implicit multiplication after a number: `2x`, `3(x + 1)`, `2x^2` = 2·(x²): the
                // factor holds what binds tighter than a product.
                if matches!(self.peek(), TokenKind::Ident | TokenKind::LParen) {
                    let factor = self.binary(Notation::of(Op::Mul).binding + 1)?;
                    return self.node(ExprKind::Binary(Op::Mul, Box::new(number), Box::new(factor)));
                }
                Ok(number)
            }
            TokenKind::Ident => {
                let ident = self.ident();
                if self.peek() == TokenKind::LParen {
                    return self.call(ident);
                }
                Ok(Expr::new(ExprKind::Name(ident.name), ident.span))
            }
            TokenKind::LParen => {
                self.pos += 1;
                self.open.push(token.span);
                let inner = self.expr()?;
                self.close(TokenKind::RParen, token.span)?;
                Ok(Expr { span: token.span.to(self.previous_span()), ..inner })
            }
            TokenKind::LBracket => self.list(),
            _ => Err(self.unexpected("a number, a name, '(' or '['")),
        }
    }

    /// `'[' (expr (',' expr)*)? ']'`.
    fn list(&mut self) -> Parsed<Expr> {
        let (open, items) = self.delimited(TokenKind::RBracket)?;
        let span = open.to(self.previous_span());
        self.node_at(ExprKind::List(items), span)
    }

    /// `name '(' (expr (',' expr)*)? ')'`.
    fn call(&mut self, function: Ident) -> Parsed<Expr> {
        let (_, args) = self.delimited(TokenKind::RParen)?;
        let span = function.span.to(self.previous_span());
        self.node_at(ExprKind::Call(function, args), span)
    }

    /// The opening bracket at the current token, comma-separated expressions, and the closing
    /// bracket `closer`. Returns the opening bracket's span and the expressions.
    fn delimited(&mut self, closer: TokenKind) -> Parsed<(Span, Vec<Expr>)> {
        let open = self.span();
        self.pos += 1;
        self.open.push(open);
        let mut items = Vec::new();
        if self.peek() != closer {
            loop {
                items.push(self.expr()?);
                if self.peek() != TokenKind::Comma {
                    break;
                }
                self.pos += 1;
            }
        }
        self.close(closer, open)?;
        Ok((open, items))
    }

    /// Expects the bracket closing the one opened at `open`.
    fn close(&mut self, kind: TokenKind, open: Span) -> Parsed<()> {
        if self.peek() != kind {
            let at = line_col(self.source, open.start);
            let opener = self.text(open);
            let closer = if kind == TokenKind::RParen { ')' } else { ']' };
            let found = self.describe(self.token());
            return Err(self.fail(
                Diagnostic::error(
                    self.span(),
                    format!("expected '{closer}' to close the '{opener}' at {at}, found {found}"),
                )
                .with_help(format!("add '{closer}' where the expression inside ends")),
            ));
        }
        self.pos += 1;
        self.open.pop();
        Ok(())
    }

    /// Counts one level of nesting, refusing to go deeper than [`MAX_NESTING`].
    fn enter(&mut self) -> Parsed<()> {
        if self.depth >= MAX_NESTING {
            return Err(self.fail(
                Diagnostic::error(self.span(), format!("the expression is nested more than {MAX_NESTING} levels deep"))
                    .with_help("give inner parts names of their own in separate statements"),
            ));
        }
        self.depth += 1;
        Ok(())
    }

    fn node(&mut self, kind: ExprKind) -> Parsed<Expr> {
        let span = match &kind {
            ExprKind::Binary(_, a, b) | ExprKind::MatMul(a, b) => a.span.to(b.span),
            _ => self.previous_span(),
        };
        self.node_at(kind, span)
    }

    /// Builds a tree node, refusing trees taller than [`MAX_HEIGHT`].
    fn node_at(&mut self, kind: ExprKind, span: Span) -> Parsed<Expr> {
        let expr = Expr::new(kind, span);
        if expr.height > MAX_HEIGHT {
            return Err(self.fail(
                Diagnostic::error(span, format!("the expression has more than {MAX_HEIGHT} operations in a chain"))
                    .with_help("split it into several statements with named intermediate results"),
            ));
        }
        Ok(expr)
    }

    fn ident(&mut self) -> Ident {
        let span = self.token().span;
        self.pos += 1;
        Ident { name: self.text(span).to_string(), span }
    }

    fn unexpected(&mut self, expected: &str) -> Abandon {
        let token = self.token();
        let found = self.describe(token);
        let mut diagnostic = Diagnostic::error(token.span, format!("expected {expected}, found {found}"));
        diagnostic.help = match token.kind {
            TokenKind::Unknown(_) => Some("names use ASCII letters, digits and '_'; operators are + - * / ^".into()),
            TokenKind::RParen | TokenKind::RBracket if self.open.is_empty() => {
                Some("this closing bracket has no matching opening one".into())
            }
            TokenKind::Separator | TokenKind::Eof => Some("the statement ends too early".into()),
            _ => None,
        };
        self.fail(diagnostic)
    }

    fn describe(&self, token: Token) -> String {
        match token.kind {
            TokenKind::Eof => "the end of the program".into(),
            TokenKind::Separator if self.text(token.span) == ";" => "';'".into(),
            TokenKind::Separator => "the end of the line".into(),
            TokenKind::Unknown(c) if c.is_control() => format!("the control character U+{:04X}", u32::from(c)),
            TokenKind::Unknown(c) => format!("the character '{c}'"),
            _ => format!("'{}'", self.text(token.span)),
        }
    }

    fn fail(&mut self, diagnostic: Diagnostic) -> Abandon {
        self.diagnostics.push(diagnostic);
        Abandon
    }

    /// Skips to the end of the current statement (the next separator outside brackets).
    fn skip_statement(&mut self) {
        self.open.clear();
        while !matches!(self.token().kind, TokenKind::Separator | TokenKind::Eof) {
            self.pos += 1;
        }
    }

    fn peek(&self) -> TokenKind {
        self.token().kind
    }

    /// The current token. The token list ends with `Eof`, which is never stepped over.
    fn token(&self) -> Token {
        self.tokens
            .get(self.pos)
            .or(self.tokens.last())
            .copied()
            .unwrap_or(Token { kind: TokenKind::Eof, span: Span::default() })
    }

    fn text(&self, span: Span) -> &str {
        self.source.get(span.start..span.end).unwrap_or("")
    }

    fn peek_at(&self, offset: usize) -> TokenKind {
        self.tokens.get(self.pos + offset).map_or(TokenKind::Eof, |t| t.kind)
    }

    fn span(&self) -> Span {
        self.token().span
    }

    fn previous_span(&self) -> Span {
        self.tokens.get(self.pos.saturating_sub(1)).map_or(Span::default(), |t| t.span)
    }
}

/// Writes a program back as source text, one statement per line, with only the parentheses
/// needed for it to parse back into the same tree (implicit products are written with `*`).
pub fn print(program: &Program) -> String {
    let mut out = String::new();
    for statement in &program.statements {
        if let Some(target) = &statement.target {
            out += &target.name;
            out += " = ";
        }
        out += &print_expr(&statement.expr, &source_number).text;
        out.push('\n');
    }
    out
}

/// An expression as text, its numbers written by `number` (for example
/// [`crate::number::short`] in a sentence), with the parentheses its tree needs.
pub fn print_expression(expr: &Expr, number: &dyn Fn(f64) -> String) -> String {
    print_expr(expr, number).text
}

/// `expr` printed as [`print_expression`] prints it, with the notation of its outermost
/// operator, for a parent to place it ([`crate::notation::needs_parens`]).
pub fn printed_expression(expr: &Expr, number: &dyn Fn(f64) -> String) -> Printed {
    print_expr(expr, number)
}

/// A formula that exists only as text (a local partial from the operations' table, with the
/// arguments' names filled in) with the notation of its outermost operator, read back by the
/// parser. Text that does not read back as one expression binds loosest: it is always
/// bracketed.
pub fn printed_text(text: &str) -> Printed {
    let notation = match parse_expression(text) {
        Some(expr) => print_expr(&expr, &crate::number::full).notation,
        None => Notation { binding: 0, fixity: Fixity::Infix(Assoc::Left) },
    };
    Printed { text: text.to_string(), notation }
}

/// `text` read as one expression (no assignment, no errors), or `None`.
pub fn parse_expression(text: &str) -> Option<Expr> {
    let (program, diagnostics) = parse(text);
    let mut statements = program.statements.into_iter();
    match (statements.next(), statements.next()) {
        (Some(statement), None) if diagnostics.is_empty() && statement.target.is_none() => Some(statement.expr),
        _ => None,
    }
}

/// A number as the language writes it: the shortest text that reads back exactly; infinity as
/// `1e999`, which overflows to it.
fn source_number(value: f64) -> String {
    if value.is_infinite() {
        if value > 0.0 { "1e999" } else { "-1e999" }.into()
    } else {
        crate::number::full(value)
    }
}

/// `expr` printed with the notation of its outermost operator, so that its parent can decide
/// on parentheses ([`crate::notation::needs_parens`]). Recursion is bounded by the parser's
/// height limit, and for lowered formulas by [`crate::formula::MAX_PRINTED_STEPS`].
fn print_expr(expr: &Expr, number: &dyn Fn(f64) -> String) -> Printed {
    let list = |items: &[Expr]| items.iter().map(|item| print_expr(item, number).text).collect::<Vec<_>>().join(", ");
    match &expr.kind {
        ExprKind::Number(value) => Printed::number(*value, number(*value)),
        ExprKind::Name(name) => Printed::atom(name.clone()),
        ExprKind::Unary(op, a) => print_op(*op, &[print_expr(a, number)]),
        ExprKind::Binary(op, a, b) => print_op(*op, &[print_expr(a, number), print_expr(b, number)]),
        ExprKind::MatMul(a, b) => {
            let (a, b) = (print_expr(a, number), print_expr(b, number));
            let text =
                format!("{} @ {}", a.operand(Notation::MATMUL, Side::Left), b.operand(Notation::MATMUL, Side::Right));
            Printed { text, notation: Notation::MATMUL }
        }
        ExprKind::Call(function, args) => Printed::atom(format!("{}({})", function.name, list(args))),
        ExprKind::List(items) => Printed::atom(format!("[{}]", list(items))),
        ExprKind::Index(base, index) => {
            let base = print_expr(base, number);
            let base = if base.notation == Notation::ATOM { base.text } else { format!("({})", base.text) };
            Printed::atom(format!("{base}[{}]", print_expr(index, number).text))
        }
    }
}
