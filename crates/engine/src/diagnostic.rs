//! Errors and warnings as values: a source span, a plain-words message and an optional help line.
//!
//! Nothing in the engine panics on bad input; every problem becomes a [`Diagnostic`], and callers
//! decide how to show it ([`Diagnostic::render`] prints it the way a compiler would).

/// A half-open byte range `start..end` into the source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The smallest span covering both `self` and `other`.
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineCol {
    pub line: usize,
    pub col: usize,
}

impl std::fmt::Display for LineCol {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

/// Converts a byte offset into a line and column. Offsets past the end, or inside a multi-byte
/// character, are clamped to the nearest valid position. `O(offset)`.
pub fn line_col(source: &str, offset: usize) -> LineCol {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    LineCol { line: before.matches('\n').count() + 1, col: before[line_start..].chars().count() + 1 }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// The program cannot be drawn as written.
    Error,
    /// The program is drawn, but something deserves attention.
    Warning,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Where in the source the problem is. Empty, and not a place, when `option` is set.
    pub span: Span,
    pub message: String,
    pub help: Option<String>,
    /// The option the problem is about (`"output"`) when it is not about a place in the text,
    /// such as an output chosen by a name the program does not have.
    pub option: Option<&'static str>,
}

impl Diagnostic {
    pub fn error(span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Error, span, message: message.into(), help: None, option: None }
    }

    pub fn warning(span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Warning, span, message: message.into(), help: None, option: None }
    }

    /// An error about the option `option` rather than about a place in the source.
    pub fn about_option(option: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic { option: Some(option), ..Diagnostic::error(Span::default(), message) }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `line:col` of the start of the span.
    pub fn position(&self, source: &str) -> LineCol {
        line_col(source, self.span.start)
    }

    /// Where the span starts and ends: `2:5–2:7`, or just `2:5` for an empty span; for a
    /// problem with an option, the option's name.
    pub fn range(&self, source: &str) -> String {
        if let Some(option) = self.option {
            return format!("the {option} option");
        }
        let start = line_col(source, self.span.start);
        let end = line_col(source, self.span.end);
        if end == start {
            start.to_string()
        } else {
            format!("{start}–{end}")
        }
    }

    /// Renders the diagnostic like a compiler: `line:col: message`, the source line, a caret
    /// line under the span, and the help line if there is one.
    pub fn render(&self, source: &str) -> String {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        if let Some(option) = self.option {
            let help = self.help.as_ref().map_or(String::new(), |help| format!("  = help: {help}\n"));
            return format!("the {option} option: {kind}: {}\n{help}", self.message);
        }
        let start = line_col(source, self.span.start);
        let end = line_col(source, self.span.end);
        let text = source.lines().nth(start.line - 1).unwrap_or("");
        let width = if end.line == start.line { end.col.saturating_sub(start.col).max(1) } else { 1 };
        let mut out = format!("{start}: {kind}: {}\n", self.message);
        let gutter = start.line.to_string().len();
        out += &format!("{:gutter$} |\n", "");
        out += &format!("{} | {}\n", start.line, text);
        out += &format!("{:gutter$} | {}{}\n", "", " ".repeat(start.col - 1), "^".repeat(width));
        if let Some(help) = &self.help {
            out += &format!("{:gutter$} = help: {help}\n", "");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_and_lines() {
        let source = "x = 2\ny = é + x";
        assert_eq!(line_col(source, 0), LineCol { line: 1, col: 1 });
        assert_eq!(line_col(source, 6), LineCol { line: 2, col: 1 });
        // 'é' is two bytes; '+' is the 7th character of line 2.
        assert_eq!(line_col(source, source.find('+').unwrap()), LineCol { line: 2, col: 7 });
        // Clamped: past the end, and inside 'é'.
        assert_eq!(line_col(source, 999), LineCol { line: 2, col: 10 });
        assert_eq!(line_col(source, source.find('é').unwrap() + 1), LineCol { line: 2, col: 5 });
    }

    #[test]
    fn ranges_show_both_ends() {
        let source = "x = 2\ny = sn(x)";
        assert_eq!(Diagnostic::error(Span::new(10, 12), "").range(source), "2:5–2:7");
        assert_eq!(Diagnostic::error(Span::new(15, 15), "").range(source), "2:10");
    }

    #[test]
    fn render_points_a_caret_at_the_span() {
        let source = "x = 2\ny = sn(x)";
        let d = Diagnostic::error(Span::new(10, 12), "unknown function 'sn'").with_help("did you mean 'sin'?");
        expect_test::expect![[r#"
            2:5: error: unknown function 'sn'
              |
            2 | y = sn(x)
              |     ^^
              = help: did you mean 'sin'?
        "#]]
        .assert_eq(&d.render(source));
    }
}
