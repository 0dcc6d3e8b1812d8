//! Names: what each name denotes while the program is lowered (an assigned value, a constant,
//! or an implicit input), the messages for names used wrongly, and the generated names
//! `u1, u2, …` of unnamed operations, which never equal a name the program mentions.

use std::collections::{HashMap, HashSet};

use crate::diagnostic::{line_col, Diagnostic, Span};
use crate::syntax::Program;

use super::shape::Value;

/// What a name means at a point of the program.
pub(super) enum Meaning {
    /// An assigned name: the value its statement made.
    Value(Value),
    /// A constant of the language: `pi`, `e`.
    Constant(f64),
    /// A name never assigned: an input with value 1 (with a warning).
    Implicit(Diagnostic),
    /// A name whose statement failed: nothing, and nothing more to say.
    Failed,
    /// A name used wrongly (in its own definition, or before it is assigned).
    Error(Diagnostic),
}

/// The names of a program, as its statements are lowered in order.
pub(super) struct Scope<'s> {
    source: &'s str,
    /// The value each assigned name denotes, once its statement has run.
    values: HashMap<String, Value>,
    /// Names whose statements failed: their uses are not reported again.
    failed: HashSet<String>,
    /// Where each name is first assigned, for "used before assigned" messages.
    assigned_at: HashMap<&'s str, Span>,
    /// Every name the program mentions, which generated names avoid.
    reserved: HashSet<String>,
}

impl<'s> Scope<'s> {
    pub fn new(source: &'s str, program: &'s Program) -> Scope<'s> {
        let mut assigned_at = HashMap::new();
        for statement in &program.statements {
            if let Some(target) = &statement.target {
                assigned_at.entry(target.name.as_str()).or_insert(target.span);
            }
        }
        let reserved = program.names().map(str::to_string).collect();
        Scope { source, values: HashMap::new(), failed: HashSet::new(), assigned_at, reserved }
    }

    /// The value an assigned name denotes, if its statement has run.
    pub fn value(&self, name: &str) -> Option<&Value> {
        self.values.get(name)
    }

    pub fn assign(&mut self, name: &str, value: Value) {
        self.values.insert(name.to_string(), value);
    }

    pub fn fail(&mut self, name: &str) {
        self.failed.insert(name.to_string());
    }

    /// The error for assigning `name` again, whose first value starts at `first`.
    pub fn reassigned(&self, name: &str, span: Span, first: usize) -> Diagnostic {
        let first = line_col(self.source, first);
        Diagnostic::error(span, format!("'{name}' is already assigned at {first}"))
            .with_help(format!("each name is assigned once; call the new value something else, like '{name}2'"))
    }

    /// What `name`, used at `span`, means.
    pub fn resolve(&self, name: &str, span: Span) -> Meaning {
        if let Some(value) = self.values.get(name) {
            return Meaning::Value(value.clone());
        }
        if self.failed.contains(name) {
            return Meaning::Failed;
        }
        if let Some(&assigned) = self.assigned_at.get(name) {
            let at = line_col(self.source, assigned.start);
            return Meaning::Error(if assigned.start <= span.start {
                Diagnostic::error(span, format!("'{name}' is used in its own definition"))
                    .with_help(format!("each name is assigned once; call the new value something else, like '{name}2'"))
            } else {
                Diagnostic::error(span, format!("'{name}' is used before it is assigned (at {at})"))
                    .with_help("move the assignment above its first use")
            });
        }
        match name {
            "pi" => Meaning::Constant(std::f64::consts::PI),
            "e" => Meaning::Constant(std::f64::consts::E),
            _ => Meaning::Implicit(
                Diagnostic::warning(span, format!("'{name}' is never assigned, so it is an input with value 1"))
                    .with_help(format!("give it a value with a statement like `{name} = 2`")),
            ),
        }
    }

    /// Generated names `u1, u2, …`, in order, skipping every name the program mentions.
    pub fn generated(&self) -> impl Iterator<Item = String> + '_ {
        (1..).map(|i| format!("u{i}")).filter(|name| !self.reserved.contains(name))
    }
}

/// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo.
pub(super) fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (edit_distance(word, c), c))
        .filter(|&(d, c)| d <= 2 && d < c.len().max(word.len()))
        .min_by_key(|&(d, c)| (d, c.chars().next() != word.chars().next()))
        .map(|(_, c)| c)
}

/// Levenshtein distance. `O(|a|·|b|)`.
// The one row has `b.len() + 1` entries and `j < b.len()`, so every index is in range.
#[allow(clippy::indexing_slicing)]
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = i;
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}
