//! Generated differentiation quizzes, as the lecture asks them: "Suppose x = 2 and z = 3, what
//! are dy/dx and dy/dz?", with eight options A–H. The wrong options are not jittered numbers:
//! each is what a real mistake gives, computed by replaying the backward pass of the quiz's own
//! graph with that mistake (one consumer's contribution dropped, one local partial's sign
//! flipped, a neighbouring function's derivative used, a local partial forgotten, the chain
//! forgotten: each input's own local partials summed without the dy/du they multiply), or the
//! right numbers swapped.
//!
//! Everything follows from the seed and the level through a small generator of our own
//! (SplitMix64), so a quiz is the same on every machine, in the page and the CLI.

use std::collections::HashMap;

use crate::graph::{Graph, NodeId, NodeKind, Options};
use crate::notation::{Notation, Printed, Side};
use crate::ops::Op;
use crate::syntax::Expr;
use crate::timeline::Event;
use crate::{analyze, Analysis};

/// How hard a quiz is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// `+ − ×` and one function.
    Easy,
    /// A shared subexpression and a quotient.
    Medium,
    /// Compositions like the lecture's exp(xz) + xz/log x + sin(log x)/(xz).
    Hard,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::Easy, Level::Medium, Level::Hard];

    pub fn name(self) -> &'static str {
        match self {
            Level::Easy => "easy",
            Level::Medium => "medium",
            Level::Hard => "hard",
        }
    }

    pub fn from_name(name: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|level| level.name() == name)
    }
}

/// A quiz: the program, the point, the partials asked for, and eight options.
#[derive(Clone, Debug, PartialEq)]
pub struct Quiz {
    pub seed: u64,
    pub level: Level,
    /// A program in the page's language: the inputs' values, then the function.
    pub program: String,
    /// The name of the function differentiated: `y`.
    pub output: String,
    /// The point: each input and its value, in order.
    pub at: Vec<(String, f64)>,
    /// The inputs whose partials are asked for, in order.
    pub asked: Vec<String>,
    /// The answer is rounded to this many decimals.
    pub decimals: u32,
    /// The asked partials before rounding (the answer's exact numbers), in `asked`'s order.
    pub exact: Vec<f64>,
    /// Eight options, each the asked partials rounded.
    pub options: Vec<Vec<f64>>,
    /// The right option's index.
    pub answer: usize,
    /// How each option was made: `correct`, or the mistake that gives it, in words.
    pub mistakes: Vec<String>,
    /// The same, as the mistakes themselves (`Mistake::None` for the answer), so each option
    /// can be made again from the program.
    pub made_by: Vec<Mistake>,
}

impl Quiz {
    /// "the nearest integer" or "2 decimals".
    pub fn rounding(&self) -> String {
        rounding(self.decimals)
    }

    /// Why this quiz is unfair to a student who rounds: the asked partials that sit within
    /// [`ROUNDING_MARGIN`] of a rounding boundary, where rounding half to even, or a hand
    /// computation a hair off, gives another answer. Generated quizzes never have one; a
    /// teacher's quiz may, and the page shows this warning with it: to the teacher with the
    /// numbers, to a student (who must not see the answer) as [`Quiz::rounding_caution`].
    pub fn rounding_warning(&self) -> Option<String> {
        let near: Vec<String> = self
            .asked
            .iter()
            .zip(&self.exact)
            .filter(|(_, g)| !clear_of_ties(**g, self.decimals))
            .map(|(name, g)| format!("d{}/d{name} = {}", self.output, crate::number::full(*g)))
            .collect();
        if near.is_empty() {
            return None;
        }
        let (it, sits) = if near.len() == 1 { ("it", "sits") } else { ("they", "sit") };
        Some(format!(
            "{} {sits} on a rounding boundary when rounded to {}: a student who rounds half to even, or whose \
             working is off by a hair, gets another answer than the key. Round to more decimals, or choose another \
             point, so that {it} {} at least {ROUNDING_MARGIN} of a unit away from one.",
            and_list(&near),
            self.rounding(),
            if near.len() == 1 { "lies" } else { "lie" },
        ))
    }

    /// What a student opening a teacher's quiz with [`Quiz::rounding_warning`] is told: that an
    /// answer sits on a boundary, and how the key rounds, without the numbers.
    pub fn rounding_caution(&self) -> Option<String> {
        self.rounding_warning()?;
        Some(format!(
            "Careful: an answer to this question lies on a rounding boundary when rounded to {}; the key \
             rounds a half away from zero.",
            self.rounding()
        ))
    }

    /// An option as the question writes it: `[1208, 810]`, or `-3` when one partial is asked.
    pub fn option_text(&self, index: usize) -> String {
        let Some(option) = self.options.get(index) else { return String::new() };
        let numbers: Vec<String> = option.iter().map(|v| rounded_text(*v, self.decimals)).collect();
        match numbers.as_slice() {
            [one] => one.clone(),
            _ => format!("[{}]", numbers.join(", ")),
        }
    }

    /// The question: "Suppose x = 2 and z = 3. What are [dy/dx, dy/dz]? Round to …", or "What
    /// is dy/dx?" for one partial.
    pub fn question(&self) -> String {
        let point: Vec<String> =
            self.at.iter().map(|(name, v)| format!("{name} = {}", crate::number::full(*v))).collect();
        let asked: Vec<String> = self.asked.iter().map(|name| format!("d{}/d{name}", self.output)).collect();
        let what = match asked.as_slice() {
            [one] => format!("What is {one}?"),
            _ => format!("What are [{}]?", asked.join(", ")),
        };
        format!("Suppose {}. {what} Round to {}.", and_list(&point), self.rounding())
    }
}

/// Rounding to `decimals` in words: "the nearest integer", "1 decimal", "2 decimals".
pub fn rounding(decimals: u32) -> String {
    match decimals {
        0 => "the nearest integer".into(),
        1 => "1 decimal".into(),
        n => format!("{n} decimals"),
    }
}

/// "a", "a and b", "a, b and c".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// A number rounded to `decimals`, written without a stray `-0`.
pub fn rounded_text(value: f64, decimals: u32) -> String {
    let value = round(value, decimals);
    let text = format!("{value:.*}", decimals as usize);
    if text.trim_start_matches('-').chars().all(|c| c == '0' || c == '.') {
        text.trim_start_matches('-').to_string()
    } else {
        text
    }
}

/// How far an asked partial must be from a rounding boundary (a half of the last asked digit),
/// in units of that digit: 0.05 means 4.45–4.55 is too close to 4.5 for "the nearest integer".
pub const ROUNDING_MARGIN: f64 = 0.05;

/// How far `value` lies from the nearest rounding boundary at `decimals`, in units of the last
/// asked digit: 0.5 for a value exactly on a digit, 0 for one exactly on a half.
pub fn distance_to_tie(value: f64, decimals: u32) -> f64 {
    let scaled = (value * 10f64.powi(decimals as i32)).abs();
    (scaled - scaled.floor() - 0.5).abs()
}

/// Whether rounding `value` to `decimals` is unambiguous: at least [`ROUNDING_MARGIN`] from a
/// boundary.
fn clear_of_ties(value: f64, decimals: u32) -> bool {
    distance_to_tie(value, decimals) >= ROUNDING_MARGIN
}

/// `value` rounded to `decimals` (half away from zero).
pub fn round(value: f64, decimals: u32) -> f64 {
    let scale = 10f64.powi(decimals as i32);
    // + 0.0 turns a rounded −0 into 0: an option never reads "-0".
    (value * scale).round() / scale + 0.0
}

/// SplitMix64: a small, well-mixed generator, the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        let i = self.below(items.len());
        items.get(i).copied().unwrap_or_default()
    }
}

/// Functions the quizzes use, with a domain that a positive argument always satisfies.
const FUNCTIONS: &[&str] = &["sin", "cos", "exp", "log", "sqrt", "tanh", "sigmoid"];

/// The function's body for a level: a template whose `{f}`, `{g}`, `{h}` are functions, `{a}`,
/// `{b}` small whole numbers, and `{v}` an argument. `u` is a shared subexpression where the
/// template names one. The inputs are x and z, and w in the templates that use a third.
const EASY: &[&str] = &[
    "y = {a}*x*z + {f}({v})",
    "y = x*z - {a}*{f}({v})",
    "y = {f}({v})*z + {a}*x",
    "y = (x + {a}*z)*{f}({v})",
    "y = {a}*x*x - z*{f}({v})",
    "y = x*z + w*{f}({v})",
    "y = {a}*x*w - z*{f}(w)",
];
const MEDIUM: &[&str] = &[
    "u = x*z\ny = {f}(u) + u/(x + {a})",
    "u = x + {a}*z\ny = u*u/(z + {b}) + {f}(u)",
    "u = {f}(x*z)\ny = u*x + u/z",
    "u = x*z + {a}\ny = {f}(u)*u - x/u",
    "u = x/z\ny = u*{f}(x) + {a}*u*z",
    "u = x*z + w\ny = {f}(u)*w + u/(x + {a})",
    "u = x*w\ny = u*z + {f}(u)/(w + {b})",
];
const HARD: &[&str] = &[
    "u = x*z\ny = {f}(u) + u/{g}(x + {a}) + {h}({g}(x + {a}))/u",
    "u = x*z\nv = {f}(u)\ny = v*v + {g}(v + x) - u/(z + {a})",
    "u = {f}(x) + z\ny = {g}(u*x)/u + {h}(u)*z",
    "u = x*z + {a}\ny = {f}({g}(u)) + u/{h}(x + {b})",
    "u = x*z\nv = {f}(u + w)\ny = v*u + {g}(v*w)/(x + {a})",
];

/// The point's candidate values: small whole numbers, positive where a function needs it.
const X_VALUES: &[&str] = &["1", "2", "3"];
const Z_VALUES: &[&str] = &["1", "2", "3", "-1", "-2"];
const W_VALUES: &[&str] = &["1", "2", "3"];

/// Generates the quiz for `seed` at `level`. Candidates whose answer is not finite, is tiny,
/// or whose partials or options coincide after rounding are passed over; the same seed always
/// gives the same quiz. `O(attempts × program size)`.
pub fn generate(seed: u64, level: Level) -> Quiz {
    let mut rng = Rng(seed ^ (level as u64).wrapping_mul(0xA076_1D64_78BD_642F));
    for _ in 0..500 {
        if let Some(quiz) = attempt(&mut rng, seed, level) {
            return quiz;
        }
    }
    fallback(seed, level)
}

/// Most inputs a quiz asks about, and most decimals it rounds to.
pub const MAX_ASKED: usize = 4;
pub const MAX_DECIMALS: u32 = 4;

/// What a teacher chooses for a quiz of their own program; `None` leaves it to the quiz.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Choices {
    /// The inputs whose partials are asked for, in order (every input when `None`).
    pub asked: Option<Vec<String>>,
    /// The decimals the answer is rounded to (when `None`, the fewest that keep the asked
    /// partials apart and a nonzero one nonzero).
    pub decimals: Option<u32>,
}

/// A quiz made from a teacher's own program at its inputs' values; the seed places the answer
/// and orders the mistakes. Refused, with the reason, when the program has errors, an asked
/// name is not one of its inputs, a partial is not a finite number, the asked partials are equal
/// after rounding, or too few different mistakes can be made for eight options.
pub fn from_program(program: &str, seed: u64, choices: &Choices) -> Result<Quiz, String> {
    let analysis = analyze(program, &Options::default(), &HashMap::new())
        .map_err(|d| format!("the program has errors ({})", d.first().map_or("", |d| d.message.as_str())))?;
    let at: Vec<(String, f64)> =
        analysis.graph.input_nodes().map(|(_, node, value)| (node.name.clone(), value)).collect();
    let asked = match &choices.asked {
        Some(asked) => asked.clone(),
        None => at.iter().map(|(name, _)| name.clone()).collect(),
    };
    if let Some(name) = asked.iter().find(|name| !at.iter().any(|(input, _)| input == *name)) {
        return Err(format!("{name} is not an input of the program"));
    }
    if asked.is_empty() || asked.len() > MAX_ASKED {
        return Err(format!("a quiz asks about 1 to {MAX_ASKED} inputs, and this one would ask about {}", asked.len()));
    }
    if asked.iter().enumerate().any(|(i, a)| asked.iter().skip(i + 1).any(|b| a == b)) {
        return Err("an input is asked about twice".into());
    }
    if choices.decimals.is_some_and(|d| d > MAX_DECIMALS) {
        return Err(format!("a quiz rounds to at most {MAX_DECIMALS} decimals"));
    }
    let mut rng = Rng(seed);
    let wanted = Wanted { asked, decimals: choices.decimals, given: true };
    build(&mut rng, seed, Level::Medium, program.to_string(), at, &wanted)
}

/// The program with each input named in `values` given that value instead (`x = 2` becomes
/// `x = 4`; an element of a vector or matrix input by its name, `v[1]` or `W[0][2]`, inside the
/// list): a quiz of the program at the point the page shows. Other text is kept as it is.
pub fn at_values(program: &str, values: &HashMap<String, f64>) -> String {
    use crate::syntax::ExprKind;
    let (parsed, _) = crate::syntax::parse(program);
    // Each literal number of an input statement, by the name the page gives its value.
    let mut places: Vec<(crate::diagnostic::Span, f64)> = Vec::new();
    for statement in &parsed.statements {
        let Some(target) = &statement.target else { continue };
        let mut place = |name: String, expr: &crate::syntax::Expr| {
            if let (Some(value), Some(_)) = (values.get(&name), expr.literal()) {
                places.push((expr.span, *value));
            }
        };
        let expr = &statement.expr;
        match (&expr.kind, expr.literal_list()) {
            (ExprKind::List(items), Some((shape, _))) => {
                for (i, item) in items.iter().enumerate() {
                    match (&item.kind, shape.len()) {
                        (ExprKind::List(cells), 2) => {
                            for (j, cell) in cells.iter().enumerate() {
                                place(format!("{}[{i}][{j}]", target.name), cell);
                            }
                        }
                        _ => place(format!("{}[{i}]", target.name), item),
                    }
                }
            }
            _ => place(target.name.clone(), expr),
        }
    }
    let mut text = program.to_string();
    // From the end (the places are in the source's order), so earlier spans stay valid.
    for (span, value) in places.into_iter().rev() {
        if text.get(span.start..span.end).is_some() {
            text.replace_range(span.start..span.end, &crate::number::full(value));
        }
    }
    text
}

/// What a quiz must ask: which partials, rounded how, and whether the program is a teacher's
/// (whose partials need only be finite) or generated (readable numbers, no warnings).
struct Wanted {
    asked: Vec<String>,
    decimals: Option<u32>,
    given: bool,
}

/// The lecture's own quiz, for the (never seen) case that no candidate passes.
fn fallback(seed: u64, level: Level) -> Quiz {
    let mut rng = Rng(seed);
    let body = "y = exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)";
    let program = format!("x = 2\nz = 3\n{body}");
    let wanted = Wanted { asked: vec!["x".into(), "z".into()], decimals: None, given: false };
    build(&mut rng, seed, level, program, vec![("x".into(), 2.0), ("z".into(), 3.0)], &wanted).unwrap_or_else(|_| {
        Quiz {
            seed,
            level,
            program: "x = 2\nz = 3\ny = x*z".into(),
            output: "y".into(),
            at: vec![("x".into(), 2.0), ("z".into(), 3.0)],
            asked: vec!["x".into(), "z".into()],
            decimals: 0,
            exact: vec![3.0, 2.0],
            options: vec![vec![3.0, 2.0]],
            answer: 0,
            mistakes: vec!["correct".into()],
            made_by: vec![Mistake::None],
        }
    })
}

/// One candidate quiz, or `None` when it does not pass.
fn attempt(rng: &mut Rng, seed: u64, level: Level) -> Option<Quiz> {
    let templates = match level {
        Level::Easy => EASY,
        Level::Medium => MEDIUM,
        Level::Hard => HARD,
    };
    let template = rng.pick(templates);
    let (f, g, h) = (rng.pick(FUNCTIONS), rng.pick(FUNCTIONS), rng.pick(FUNCTIONS));
    let (a, b) = (rng.pick(&["2", "3", "4"]), rng.pick(&["1", "2", "3"]));
    let v = rng.pick(&["x", "z", "x*z", "x + z"]);
    let body = template
        .replace("{f}", f)
        .replace("{g}", g)
        .replace("{h}", h)
        .replace("{a}", a)
        .replace("{b}", b)
        .replace("{v}", v);
    let (x, z, w) = (rng.pick(X_VALUES), rng.pick(Z_VALUES), rng.pick(W_VALUES));
    let mut point = vec![("x", x), ("z", z)];
    if template.contains('w') {
        point.push(("w", w));
    }
    let given: String = point.iter().map(|(name, value)| format!("{name} = {value}\n")).collect();
    let program = format!("{given}{body}");
    let at =
        point.iter().map(|(name, value)| Some((name.to_string(), value.parse().ok()?))).collect::<Option<Vec<_>>>()?;
    let asked = point.iter().map(|(name, _)| name.to_string()).collect();
    let wanted = Wanted { asked, decimals: None, given: false };
    build(rng, seed, level, program, at, &wanted).ok()
}

/// The quiz for a program at a point, if its answer is well posed and eight distinct options
/// can be made from real mistakes; otherwise why not.
fn build(
    rng: &mut Rng,
    seed: u64,
    level: Level,
    program: String,
    at: Vec<(String, f64)>,
    wanted: &Wanted,
) -> Result<Quiz, String> {
    let analysis = analyze(&program, &Options::default(), &HashMap::new()).map_err(|_| "the program has errors")?;
    if !wanted.given && !analysis.diagnostics.is_empty() {
        return Err("the program has warnings".into());
    }
    // A function undefined at the point (log of a negative number, …) has no derivative there,
    // though the backward pass's local partials may all be finite.
    let graph = &analysis.graph;
    // Only what the output is computed from: a statement beside it does not matter.
    let mut feeds = vec![false; graph.len()];
    if let Some(slot) = feeds.get_mut(graph.output().index()) {
        *slot = true;
    }
    for (n, _) in graph.nodes().rev() {
        if feeds.get(n.index()).copied().unwrap_or(false) {
            for a in graph.args(n) {
                if let Some(slot) = feeds.get_mut(a.index()) {
                    *slot = true;
                }
            }
        }
    }
    let undefined =
        |n: NodeId| feeds.get(n.index()).copied().unwrap_or(false) && !analysis.evaluation.value(n).is_finite();
    if let Some((node, _)) = graph.nodes().find(|(n, _)| undefined(*n)) {
        let name = spelled_text(graph, node).text;
        return Err(format!("{name} is not a finite number at this point, so the function has no derivative there"));
    }
    let asked = wanted.asked.clone();
    let output = analysis.graph.output_name().to_string();
    let right = gradient(&analysis, &asked, &Mistake::None).ok_or("an asked name is not an input")?;
    if let Some((name, _)) = asked.iter().zip(&right).find(|(_, g)| !g.is_finite() || g.abs() > 1e6) {
        return Err(format!("d{output}/d{name} is not a finite number of reasonable size at this point"));
    }
    // Generated quizzes have readable answers: at least 1 in size, not huge.
    if !wanted.given && right.iter().any(|g| g.abs() < 1.0 || g.abs() > 5_000.0) {
        return Err("the answer is not readable".into());
    }
    let rounded = |d: u32| right.iter().map(|g| round(*g, d)).collect::<Vec<_>>();
    let decimals = match wanted.decimals {
        Some(d) if distinct(&rounded(d)) => d,
        Some(d) => {
            return Err(format!(
                "the asked partials are equal when rounded to {d} decimals, so the swapped numbers would be \
                 the answer too; round to more decimals"
            ))
        }
        None => {
            let most = if wanted.given { MAX_DECIMALS } else { 2 };
            let keeps = |d: u32| right.iter().all(|g| *g == 0.0 || round(*g, d) != 0.0);
            let fair = |d: u32| distinct(&rounded(d)) && keeps(d);
            let clear = |d: u32| right.iter().all(|g| clear_of_ties(*g, d));
            // The fewest decimals that round every partial unambiguously; a teacher's program
            // where none does keeps the fewest fair ones, with the warning its quiz then shows.
            match (0..=most).find(|&d| fair(d) && clear(d)) {
                Some(d) => d,
                None if wanted.given => (0..=most)
                    .find(|&d| fair(d))
                    .ok_or_else(|| format!("the asked partials are equal even when rounded to {most} decimals"))?,
                None => return Err("an asked partial sits on a rounding boundary".into()),
            }
        }
    };
    let correct = rounded(decimals);
    // Every mistake the graph allows, each computed by replaying the backward pass with it.
    let mut options: Vec<(Vec<f64>, Mistake)> = vec![(correct.clone(), Mistake::None)];
    for mistake in mistakes(&analysis, rng) {
        let Some(values) = gradient(&analysis, &asked, &mistake) else { continue };
        if values.iter().any(|v| !v.is_finite() || v.abs() > 1e6) {
            continue;
        }
        let rounded: Vec<f64> = values.iter().map(|v| round(*v, decimals)).collect();
        // Like the answer, whose partials differ, a distractor's do: equal ones would give it
        // away as not a gradient.
        if distinct(&rounded) && options.iter().all(|(o, _)| o != &rounded) {
            options.push((rounded, mistake));
        }
        if options.len() == 8 {
            break;
        }
    }
    if options.len() < 8 {
        return Err(format!(
            "only {} different options can be made from real mistakes on this program (a quiz needs eight): \
             too few different mistakes",
            options.len()
        ));
    }
    // The right answer goes to a uniformly chosen place; the distractors keep their order.
    let answer = rng.below(8);
    let correct_option = options.remove(0);
    options.insert(answer, correct_option);
    let (options, made_by): (Vec<Vec<f64>>, Vec<Mistake>) = options.into_iter().unzip();
    let mistakes = made_by.iter().map(|m| m.describe(&analysis)).collect();
    Ok(Quiz { seed, level, program, output, at, asked, decimals, exact: right, options, answer, mistakes, made_by })
}

/// Whether no two numbers are equal.
fn distinct(values: &[f64]) -> bool {
    values.iter().enumerate().all(|(i, a)| values.iter().skip(i + 1).all(|b| a != b))
}

/// A way to get the gradient wrong, as students do.
#[derive(Clone, Debug, PartialEq)]
pub enum Mistake {
    /// No mistake: the textbook backward pass.
    None,
    /// The right numbers, in the wrong order.
    Swapped,
    /// The chain forgotten: each input's local partials (∂u/∂x for each consumer u) summed,
    /// without the dy/du they multiply.
    LocalOnly,
    /// At a node with several consumers, only the first contribution counted.
    DroppedFanOut(usize),
    /// One local partial with the wrong sign.
    FlippedSign(usize, usize),
    /// A function's derivative taken as a neighbouring function's (sin ↔ cos, log ↔ 1/x, …).
    NeighbourRule(usize),
    /// A function's local partial left out (taken as 1): the chain rule's inner factor forgotten.
    ForgotLocal(usize),
}

impl Mistake {
    /// A short description that starts with the mistake's kind and names the place in the
    /// program's own terms: `dropped fan-out: only one of z's 2 uses counted`,
    /// `neighbouring function's derivative: sin(log(x)) differentiated as cos`.
    pub fn describe(&self, analysis: &Analysis) -> String {
        let graph = &analysis.graph;
        let spell = |i: usize| graph.id(i).map_or_else(|| "?".into(), |n| spelled_text(graph, n).text);
        // The node's own expression over its arguments as the reader knows them: cos(x * z)
        // even where the program calls it u.
        let own = |i: usize| {
            let Some(n) = graph.id(i) else { return Printed::atom("?") };
            let args: Vec<Expr> = graph.args(n).iter().map(|&a| spelled(graph, a)).collect();
            crate::syntax::printed_expression(&graph.expression(n, &args), &crate::number::full)
        };
        // ∂(x * z)/∂x but ∂sin(x * z)/∂x: the one rule for parentheses, with the ∂ before
        // its operand.
        let grouped = |printed: Printed| printed.operand(Notation::DERIVATIVE, Side::Right);
        let function = |i: usize| match graph.id(i).and_then(|n| graph.node(n)).map(|n| n.kind) {
            Some(NodeKind::Op { op }) => neighbour_name(op),
            _ => "?",
        };
        let argument = |node: usize, position: usize| {
            let arg = graph.id(node).and_then(|n| graph.args(n).get(position).copied());
            arg.map_or_else(|| "?".into(), |a| grouped(spelled_text(graph, a)))
        };
        match self {
            Mistake::None => "correct".into(),
            Mistake::Swapped => "swapped".into(),
            Mistake::LocalOnly => "forgotten chain: only each input's own local partials summed, without dy/du".into(),
            Mistake::DroppedFanOut(node) => {
                let uses = analysis.evaluation.timeline.all_contributions().get(*node).map_or(0, Vec::len);
                format!("dropped fan-out: only one of {}'s {uses} uses counted", spell(*node))
            }
            Mistake::FlippedSign(node, position) => {
                format!("sign error: ∂{}/∂{} negated", grouped(own(*node)), argument(*node, *position))
            }
            Mistake::NeighbourRule(node) => {
                format!("neighbouring function's derivative: {} differentiated as {}", own(*node).text, function(*node))
            }
            Mistake::ForgotLocal(node) => {
                format!("forgotten local partial: ∂{}/∂{} taken as 1", grouped(own(*node)), argument(*node, 0))
            }
        }
    }
}

/// The function whose derivative [`neighbour`] uses for `op`.
fn neighbour_name(op: Op) -> &'static str {
    match op {
        Op::Sin => "cos",
        Op::Cos => "sin",
        Op::Log => "1/x",
        Op::Exp => "log",
        Op::Tanh => "sigmoid",
        Op::Sigmoid => "tanh",
        Op::Sqrt => "x²",
        _ => "?",
    }
}

/// A node as the program's reader knows it: its own name if the user gave it one, otherwise
/// its expression over named nodes (`log(u)·u` for a generated `u3`), falling back to the
/// generated name when that expression would be long.
fn spelled(graph: &Graph, node: NodeId) -> Expr {
    const LONGEST: usize = 32;
    fn expr(graph: &Graph, node: NodeId, budget: &mut usize) -> Option<Expr> {
        let n = graph.node(node)?;
        *budget = budget.checked_sub(1)?;
        if n.named || !matches!(n.kind, NodeKind::Op { .. }) {
            return Some(Expr::name(n.name.as_str()));
        }
        let args = graph.args(node).iter().map(|&a| expr(graph, a, budget)).collect::<Option<Vec<_>>>()?;
        Some(graph.expression(node, &args))
    }
    let mut budget = 12;
    let name = || Expr::name(graph.name(node).unwrap_or("?"));
    match expr(graph, node, &mut budget) {
        Some(e) if crate::syntax::print_expression(&e, &crate::number::full).chars().count() <= LONGEST => e,
        _ => name(),
    }
}

/// [`spelled`] as text, with the notation its parent needs to place it.
fn spelled_text(graph: &Graph, node: NodeId) -> Printed {
    crate::syntax::printed_expression(&spelled(graph, node), &crate::number::full)
}

/// The mistakes this graph allows, the named kinds first, in an order the generator
/// shuffles within each kind.
fn mistakes(analysis: &Analysis, rng: &mut Rng) -> Vec<Mistake> {
    let graph = &analysis.graph;
    let timeline = &analysis.evaluation.timeline;
    let contributions = timeline.all_contributions();
    let mut fan_out: Vec<Mistake> = (0..graph.len())
        .filter(|&i| contributions.get(i).is_some_and(|c| c.len() > 1))
        .map(Mistake::DroppedFanOut)
        .collect();
    let mut signs = Vec::new();
    let mut neighbours = Vec::new();
    let mut forgotten = Vec::new();
    for event in &timeline.events {
        if let Event::Increment { node, position, local_partial, .. } = *event {
            if local_partial != 0.0 {
                signs.push(Mistake::FlippedSign(node, position));
            }
        }
    }
    for (n, node) in graph.nodes() {
        if let NodeKind::Op { op } = node.kind {
            if neighbour(op, 1.0).is_some() {
                neighbours.push(Mistake::NeighbourRule(n.index()));
                forgotten.push(Mistake::ForgotLocal(n.index()));
            }
        }
    }
    for list in [&mut fan_out, &mut signs, &mut neighbours, &mut forgotten] {
        shuffle(list, rng);
    }
    // One of each kind first, then the rest, kinds interleaved.
    let mut ordered = vec![Mistake::Swapped];
    let mut lists = [fan_out, signs, neighbours, vec![Mistake::LocalOnly], forgotten];
    loop {
        let mut any = false;
        for list in &mut lists {
            if !list.is_empty() {
                ordered.push(list.remove(0));
                any = true;
            }
        }
        if !any {
            break;
        }
    }
    ordered
}

fn shuffle<T>(items: &mut [T], rng: &mut Rng) {
    for i in (1..items.len()).rev() {
        let j = rng.below(i + 1);
        items.swap(i, j);
    }
}

/// The derivative of a neighbouring function at `a`, used for `op` by mistake: sin ↔ cos
/// (−sin a for sin, cos a for cos), log ↔ 1/x (−1/a² for log), exp ↔ log (1/a), tanh ↔
/// sigmoid, sqrt ↔ x² (2a). `None` for an operation with no such neighbour.
fn neighbour(op: Op, a: f64) -> Option<f64> {
    let sigmoid = |a: f64| 1.0 / (1.0 + libm::exp(-a));
    Some(match op {
        Op::Sin => -libm::sin(a),
        Op::Cos => libm::cos(a),
        Op::Log => -1.0 / (a * a),
        Op::Exp => 1.0 / a,
        Op::Tanh => sigmoid(a) * (1.0 - sigmoid(a)),
        Op::Sigmoid => 1.0 - libm::tanh(a) * libm::tanh(a),
        Op::Sqrt => 2.0 * a,
        _ => return None,
    })
}

/// The asked partials, by the backward pass with `mistake` in it: the evaluation's own
/// increments replayed in their order, each with its local partial (or the mistaken one), so
/// the wrong answer is exactly what that method gives on this graph.
pub fn gradient(analysis: &Analysis, asked: &[String], mistake: &Mistake) -> Option<Vec<f64>> {
    let graph = &analysis.graph;
    let evaluation = &analysis.evaluation;
    let inputs: Vec<usize> =
        asked.iter().map(|name| graph.find(name).map(|n| n.index())).collect::<Option<Vec<_>>>()?;
    let value = |i: usize| evaluation.values.get(i).copied().unwrap_or(f64::NAN);
    let mut adjoint = vec![0.0; graph.len()];
    let mut received = vec![false; graph.len()];
    for event in &evaluation.timeline.events {
        match *event {
            Event::BackwardInit { output } => {
                if let Some(slot) = adjoint.get_mut(output) {
                    *slot = 1.0;
                }
            }
            Event::Increment { node, arg, position, local_partial, .. } => {
                if matches!(mistake, Mistake::DroppedFanOut(s) if *s == arg)
                    && received.get(arg).copied().unwrap_or(false)
                {
                    continue;
                }
                let op = graph.id(node).and_then(|n| graph.node(n)).and_then(|n| match n.kind {
                    NodeKind::Op { op } => Some(op),
                    _ => None,
                });
                let partial = match mistake {
                    Mistake::FlippedSign(n, p) if *n == node && *p == position => -local_partial,
                    Mistake::NeighbourRule(n) if *n == node => op.and_then(|op| neighbour(op, value(arg)))?,
                    Mistake::ForgotLocal(n) if *n == node => 1.0,
                    _ => local_partial,
                };
                let upstream =
                    if *mistake == Mistake::LocalOnly { 1.0 } else { adjoint.get(node).copied().unwrap_or(0.0) };
                if let (Some(slot), Some(flag)) = (adjoint.get_mut(arg), received.get_mut(arg)) {
                    *slot += upstream * partial;
                    *flag = true;
                }
            }
            Event::Forward { .. } | Event::Visit { .. } => {}
        }
    }
    let right: Vec<f64> = inputs.iter().map(|&i| adjoint.get(i).copied().unwrap_or(f64::NAN)).collect();
    Some(match mistake {
        Mistake::Swapped => {
            let mut swapped = right;
            swapped.rotate_left(1);
            swapped
        }
        _ => right,
    })
}
