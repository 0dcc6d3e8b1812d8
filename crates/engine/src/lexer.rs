//! Turns source text into tokens. Never fails: a character that starts no token becomes an
//! [`TokenKind::Unknown`] token, which the parser reports.

use crate::diagnostic::Span;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TokenKind {
    Number(f64),
    Ident,
    Plus,
    Minus,
    Star,
    Slash,
    /// `^` or `**`.
    Caret,
    At,
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Equals,
    /// A newline or `;`: the end of a statement.
    Separator,
    Unknown(char),
    Eof,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Token {
    pub kind: TokenKind,
    pub span: Span,
}

/// Splits `source` into tokens, skipping spaces and `#` comments, ending with one `Eof`.
/// `O(n)` in the length of the source.
pub fn tokenize(source: &str) -> Vec<Token> {
    let bytes = source.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    while let Some(&c) = bytes.get(i) {
        let start = i;
        let kind = match c {
            b' ' | b'\t' | b'\r' => {
                i += 1;
                continue;
            }
            b'#' => {
                while bytes.get(i).is_some_and(|&b| b != b'\n') {
                    i += 1;
                }
                continue;
            }
            b'\n' | b';' => TokenKind::Separator,
            b'0'..=b'9' | b'.' if starts_number(bytes, i) => {
                i = number_end(bytes, i);
                let value = source.get(start..i).and_then(|text| text.parse().ok()).unwrap_or(f64::NAN);
                tokens.push(Token { kind: TokenKind::Number(value), span: Span::new(start, i) });
                continue;
            }
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                while bytes.get(i).is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_') {
                    i += 1;
                }
                tokens.push(Token { kind: TokenKind::Ident, span: Span::new(start, i) });
                continue;
            }
            b'+' => TokenKind::Plus,
            b'-' => TokenKind::Minus,
            b'*' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                tokens.push(Token { kind: TokenKind::Caret, span: Span::new(start, i) });
                continue;
            }
            b'*' => TokenKind::Star,
            b'/' => TokenKind::Slash,
            b'^' => TokenKind::Caret,
            b'@' => TokenKind::At,
            b'(' => TokenKind::LParen,
            b')' => TokenKind::RParen,
            b'[' => TokenKind::LBracket,
            b']' => TokenKind::RBracket,
            b',' => TokenKind::Comma,
            b'=' => TokenKind::Equals,
            _ => {
                // Not ASCII punctuation we know: take the whole character, whatever its width.
                let ch = source.get(i..).and_then(|rest| rest.chars().next()).unwrap_or('\u{fffd}');
                i += ch.len_utf8();
                tokens.push(Token { kind: TokenKind::Unknown(ch), span: Span::new(start, i) });
                continue;
            }
        };
        i += 1;
        tokens.push(Token { kind, span: Span::new(start, i) });
    }
    tokens.push(Token { kind: TokenKind::Eof, span: Span::new(bytes.len(), bytes.len()) });
    tokens
}

fn starts_number(bytes: &[u8], i: usize) -> bool {
    bytes.get(i).is_some_and(u8::is_ascii_digit) || bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
}

/// The end of the number starting at `i`: digits, an optional fraction, and an optional
/// exponent. An `e` not followed by digits is left alone, so `2e` reads as `2 e` (2 times e).
fn number_end(bytes: &[u8], mut i: usize) -> usize {
    let digits = |mut i: usize| {
        while bytes.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        i
    };
    i = digits(i);
    if bytes.get(i) == Some(&b'.') {
        i = digits(i + 1);
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        let mut j = i + 1;
        if matches!(bytes.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        if bytes.get(j).is_some_and(u8::is_ascii_digit) {
            i = digits(j);
        }
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(source: &str) -> Vec<TokenKind> {
        tokenize(source).into_iter().map(|t| t.kind).collect()
    }

    #[test]
    fn numbers_in_every_notation() {
        use TokenKind::*;
        assert_eq!(
            kinds("1 2.5 .5 1e-3 3E2"),
            [Number(1.0), Number(2.5), Number(0.5), Number(1e-3), Number(300.0), Eof]
        );
        assert_eq!(kinds("2e"), [Number(2.0), Ident, Eof]);
        assert_eq!(kinds("1e999"), [Number(f64::INFINITY), Eof]);
    }

    #[test]
    fn operators_comments_and_strangers() {
        use TokenKind::*;
        assert_eq!(
            kinds("a**b ^ c # note\n;é"),
            [Ident, Caret, Ident, Caret, Ident, Separator, Separator, Unknown('é'), Eof]
        );
    }
}
