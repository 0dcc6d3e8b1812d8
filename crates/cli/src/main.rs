//! `gradgraph`: evaluate and differentiate Gradgraph programs from a terminal.
//!
//! A thin front over the engine; it parses arguments, calls the engine and prints.

use std::collections::HashMap;
use std::process::ExitCode;

use gradgraph_engine::graph::Granularity;
use gradgraph_engine::quiz::{self, Level};
use gradgraph_engine::{analyze, compile, export, number, vectors, Analysis, Diagnostic, Options};
use serde::{Serialize, Serializer};

/// One option of a subcommand: its name, the placeholder of its value (if it takes one) and
/// what it does.
struct Flag {
    name: &'static str,
    value: Option<&'static str>,
    help: &'static str,
    /// Whether the command needs it (shown without brackets).
    required: bool,
}

const GRANULARITY: Flag = Flag {
    name: "granularity",
    value: Some("G"),
    help: "operations (one node per operation, the default) or statements (one per assignment)",
    required: false,
};
const NO_SHARING: Flag = Flag {
    name: "no-sharing",
    value: None,
    help: "one node per occurrence of a subexpression (the expression tree)",
    required: false,
};

/// A subcommand: its name, what it does, and the options it takes.
struct Command {
    name: &'static str,
    summary: &'static str,
    /// Whether it reads a PROGRAM.
    program: bool,
    flags: &'static [Flag],
}

const EVAL: Command = Command {
    name: "eval",
    summary: "evaluate PROGRAM and differentiate its output with respect to every input",
    program: true,
    flags: &[
        Flag {
            name: "at",
            value: Some("NAME=VALUE,..."),
            help: "override input values, e.g. --at x=2,z=3",
            required: false,
        },
        Flag {
            name: "output",
            value: Some("NAME"),
            help: "the node to differentiate (default: the last statement)",
            required: false,
        },
        GRANULARITY,
        NO_SHARING,
        Flag { name: "json", value: None, help: "print the result as JSON", required: false },
        Flag {
            name: "vectors",
            value: None,
            help: "print the program as a circuit of vectors: each one's value and gradient, each \
                   statement's Jacobian by each name it uses, and the product it pushes",
            required: false,
        },
    ],
};

const GRAPH: Command = Command {
    name: "graph",
    summary: "print PROGRAM's computation graph",
    program: true,
    flags: &[
        Flag { name: "dot", value: None, help: "in Graphviz DOT (the only format), e.g. | dot -Tsvg", required: true },
        GRANULARITY,
        NO_SHARING,
    ],
};

const QUIZ: Command = Command {
    name: "quiz",
    summary: "print the differentiation quiz the page makes for a seed, with its key",
    program: false,
    flags: &[
        Flag { name: "seed", value: Some("N"), help: "which quiz (a whole number)", required: true },
        Flag { name: "level", value: Some("L"), help: "easy, medium (the default) or hard", required: false },
        Flag { name: "json", value: None, help: "print the quiz and its key as JSON", required: false },
    ],
};

const COMMANDS: &[Command] = &[EVAL, GRAPH, QUIZ];

const EXAMPLE: &str = "Statements are separated by newlines or ';', e.g. 'x = 2; z = 3; y = x*z + sin(x)'.";

/// `usage:` lines for every subcommand.
fn usage() -> String {
    let lines: Vec<String> = COMMANDS.iter().map(|c| format!("       gradgraph {}", synopsis(c))).collect();
    let commands: Vec<String> = COMMANDS.iter().map(|c| format!("  {:<8}{}", c.name, c.summary)).collect();
    format!(
        "usage:{}\n\n{}\n\nSee `gradgraph COMMAND --help` for a command's options.\n{EXAMPLE}",
        lines.join("\n").trim_start_matches("      "),
        commands.join("\n")
    )
}

/// `eval PROGRAM [--at NAME=VALUE,...] …`.
fn synopsis(command: &Command) -> String {
    let flags: Vec<String> = command
        .flags
        .iter()
        .map(|f| {
            let flag = match f.value {
                Some(value) => format!("--{} {value}", f.name),
                None => format!("--{}", f.name),
            };
            if f.required {
                flag
            } else {
                format!("[{flag}]")
            }
        })
        .collect();
    let program = if command.program { " PROGRAM" } else { "" };
    format!("{}{program} {}", command.name, flags.join(" "))
}

/// A subcommand's own help.
fn help(command: &Command) -> String {
    let flags: Vec<String> = command
        .flags
        .iter()
        .map(|f| {
            let name = match f.value {
                Some(value) => format!("--{} {value}", f.name),
                None => format!("--{}", f.name),
            };
            format!("  {name:<28}{}", f.help)
        })
        .collect();
    format!("usage: gradgraph {}\n\n{}\n\n{}\n\n{EXAMPLE}\n", synopsis(command), command.summary, flags.join("\n"))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(Failure::Usage(message)) => {
            eprintln!("error: {message}\n\n{}", usage());
            ExitCode::from(2)
        }
        Err(Failure::Program(text)) => {
            eprint!("{text}");
            ExitCode::from(2)
        }
    }
}

enum Failure {
    /// The command line is wrong.
    Usage(String),
    /// The program has errors; the text is the rendered diagnostics.
    Program(String),
}

/// A command line read against one subcommand's options.
struct Args {
    program: String,
    /// Each option given, by name, with its value (`None` for a switch).
    given: Vec<(&'static str, Option<String>)>,
}

impl Args {
    fn has(&self, name: &str) -> bool {
        self.given.iter().any(|(n, _)| *n == name)
    }

    fn value(&self, name: &str) -> Option<&str> {
        self.given.iter().rev().find(|(n, _)| *n == name).and_then(|(_, v)| v.as_deref())
    }

    /// How the program becomes a graph: `--no-sharing`, `--granularity` and `--output`.
    fn options(&self) -> Result<Options, Failure> {
        let mut options = Options { sharing: !self.has("no-sharing"), ..Options::default() };
        options.granularity = match self.value("granularity") {
            None | Some("operations") => Granularity::Operations,
            Some("statements") => Granularity::Statements,
            Some(other) => {
                return Err(Failure::Usage(format!("--granularity takes 'operations' or 'statements', not '{other}'")))
            }
        };
        options.output = self.value("output").map(str::to_string);
        Ok(options)
    }

    /// Input values from `--at x=2,z=3`.
    fn at(&self) -> Result<HashMap<String, f64>, Failure> {
        let mut at = HashMap::new();
        for pair in self.value("at").unwrap_or_default().split(',').filter(|p| !p.trim().is_empty()) {
            let (name, value) =
                pair.split_once('=').ok_or_else(|| Failure::Usage(format!("--at expects NAME=VALUE, got '{pair}'")))?;
            let value: f64 = value
                .trim()
                .parse()
                .map_err(|_| Failure::Usage(format!("--at: '{}' is not a number", value.trim())))?;
            at.insert(name.trim().to_string(), value);
        }
        Ok(at)
    }
}

fn run(args: &[String]) -> Result<String, Failure> {
    let Some((first, rest)) = args.split_first() else {
        return Err(Failure::Usage("no command given".into()));
    };
    let command = match first.as_str() {
        "-h" | "--help" | "help" => return Ok(format!("{}\n", usage())),
        name => COMMANDS
            .iter()
            .find(|c| c.name == name)
            .ok_or_else(|| Failure::Usage(format!("unknown command '{name}'")))?,
    };
    if rest.iter().any(|a| a == "--help" || a == "-h") {
        return Ok(help(command));
    }
    let args = parse_args(command, rest)?;
    match command.name {
        "eval" => eval(&args),
        "quiz" => quiz(&args),
        _ => graph(&args),
    }
}

/// Reads `rest` against `command`'s options: `--name value` or `--name=value`, switches, and
/// one PROGRAM. An option of another command is refused by name.
fn parse_args(command: &Command, rest: &[String]) -> Result<Args, Failure> {
    let mut program = None;
    let mut given = Vec::new();
    let mut rest = rest.iter();
    while let Some(arg) = rest.next() {
        let Some(option) = arg.strip_prefix("--") else {
            if program.is_some() {
                return Err(Failure::Usage(format!("unexpected argument '{arg}' (quote the program)")));
            }
            program = Some(arg.clone());
            continue;
        };
        let (name, inline) = match option.split_once('=') {
            Some((name, value)) => (name, Some(value.to_string())),
            None => (option, None),
        };
        let Some(flag) = command.flags.iter().find(|f| f.name == name) else {
            let owner = COMMANDS.iter().find(|c| c.flags.iter().any(|f| f.name == name));
            return Err(Failure::Usage(match owner {
                Some(owner) => format!("--{name} is an option of `{}`, not of `{}`", owner.name, command.name),
                None => format!("unknown option '--{name}' for `{}`", command.name),
            }));
        };
        let value = match (flag.value, inline) {
            (None, Some(_)) => return Err(Failure::Usage(format!("--{name} takes no value"))),
            (None, None) => None,
            (Some(_), Some(value)) => Some(value),
            (Some(placeholder), None) => match rest.next() {
                Some(value) => Some(value.clone()),
                None => return Err(Failure::Usage(format!("--{name} needs a value: --{name} {placeholder}"))),
            },
        };
        given.push((flag.name, value));
    }
    let program = match (program, command.program) {
        (Some(program), true) => program,
        (None, false) => String::new(),
        (None, true) => return Err(Failure::Usage("a PROGRAM is needed".into())),
        (Some(extra), false) => {
            return Err(Failure::Usage(format!("`{}` takes no PROGRAM, but got '{extra}'", command.name)))
        }
    };
    Ok(Args { program, given })
}

fn graph(args: &Args) -> Result<String, Failure> {
    if !args.has("dot") {
        return Err(Failure::Usage("graph needs a format: --dot".into()));
    }
    let compiled = compile(&args.program, &args.options()?);
    let Some(graph) = compiled.graph else {
        return Err(Failure::Program(render(&args.program, &compiled.diagnostics)));
    };
    eprint!("{}", render(&args.program, &compiled.diagnostics));
    Ok(export::dot(&graph))
}

fn eval(args: &Args) -> Result<String, Failure> {
    let (options, at) = (args.options()?, args.at()?);
    let analysis = analyze(&args.program, &options, &at).map_err(|d| Failure::Program(render(&args.program, &d)))?;
    let graph = &analysis.graph;
    let inputs: Vec<String> = graph.inputs().filter_map(|n| graph.name(n)).map(str::to_string).collect();
    if let Some(unknown) = at.keys().find(|name| !inputs.contains(name)) {
        let known = if inputs.is_empty() { "none".to_string() } else { inputs.join(", ") };
        return Err(Failure::Usage(format!("--at names '{unknown}', which is not an input (inputs: {known})")));
    }
    let warnings = render(&args.program, &analysis.diagnostics);
    eprint!("{warnings}");
    if args.has("vectors") {
        // The circuit is read off the statements granularity, whatever was asked.
        let options = Options { granularity: Granularity::Statements, ..options };
        let analysis =
            analyze(&args.program, &options, &at).map_err(|d| Failure::Program(render(&args.program, &d)))?;
        return Ok(circuit_text(&analysis));
    }
    Ok(if args.has("json") { json(&analysis) } else { text(&analysis) })
}

/// `eval --vectors`: the vector level (`gradgraph_engine::vectors`), as text. Each vector's
/// elements are listed in row order.
fn circuit_text(analysis: &Analysis) -> String {
    let graph = &analysis.graph;
    let evaluation = &analysis.evaluation;
    let circuit = vectors::circuit(graph, evaluation);
    let gradients = circuit.gradients();
    let y = graph.output_name();
    let list = |numbers: &mut dyn Iterator<Item = f64>| {
        let items: Vec<String> = numbers.map(number::short).collect();
        if items.len() == 1 {
            items.concat()
        } else {
            format!("[{}]", items.join(", "))
        }
    };
    let name = |index: usize| circuit.vectors.get(index).map_or("?", |v| v.name.as_str());
    let mut out = format!(
        "{y} = {}

vectors (value; d{y}/dv):
",
        number::short(evaluation.output_value(graph))
    );
    for (vector, gradient) in circuit.vectors.iter().zip(&gradients) {
        let values = list(&mut vector.members.iter().map(|&n| evaluation.value(n)));
        out += &format!(
            "  {} = {values}; d{y}/d{} = {}
",
            vector.name,
            vector.name,
            list(&mut gradient.iter().copied())
        );
    }
    out += &format!(
        "
the chain rule for vectors, last statement first: d{y}/du += d{y}/dv · ∂v/∂u
"
    );
    for link in circuit.links.iter().rev() {
        let (u, v) = (name(link.from), name(link.to));
        let rows: Vec<String> = link.jacobian.iter().map(|row| list(&mut row.iter().copied())).collect();
        let upstream = gradients.get(link.to).map_or(&[][..], Vec::as_slice);
        let pushed = list(&mut circuit.push(link, upstream).into_iter());
        out += &format!(
            "  {u} → {v}: ∂{v}/∂{u} = [{}] ({}×{}); d{y}/d{v} · ∂{v}/∂{u} = {pushed}\n",
            rows.join(", "),
            link.jacobian.len(),
            link.jacobian.first().map_or(0, Vec::len)
        );
    }
    out
}

/// The diagnostics as a compiler prints them; a problem with an option names the flag.
/// `gradgraph quiz`: the page's quiz for a seed and level, as a printable question with its
/// key after a separator line, or as one JSON object.
fn quiz(args: &Args) -> Result<String, Failure> {
    let seed = args.value("seed").unwrap_or_default();
    let seed: u64 = seed.parse().map_err(|_| Failure::Usage(format!("--seed takes a whole number, not '{seed}'")))?;
    let level = args.value("level").unwrap_or("medium");
    let level = Level::from_name(level)
        .ok_or_else(|| Failure::Usage(format!("--level takes easy, medium or hard, not '{level}'")))?;
    let quiz = quiz::generate(seed, level);
    if args.has("json") {
        let report = JsonQuiz {
            seed: quiz.seed,
            level: quiz.level.name(),
            program: &quiz.program,
            at: Ordered(quiz.at.iter().map(|(name, v)| (name.clone(), Number(*v))).collect()),
            asked: &quiz.asked,
            decimals: quiz.decimals,
            options: quiz.options.iter().map(|o| o.iter().map(|v| Number(*v)).collect()).collect(),
            answer: quiz.answer,
            mistakes: &quiz.mistakes,
        };
        let mut text = serde_json::to_string(&report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
        text.push('\n');
        return Ok(text);
    }
    let mut out = format!("Quiz {} ({})\n\n{}\n\n{}\n\n", quiz.seed, quiz.level.name(), quiz.program, quiz.question());
    for i in 0..quiz.options.len() {
        out += &format!("  {}. {}\n", letter(i), quiz.option_text(i));
    }
    out += "\n---------------- key ----------------\n";
    out += &format!("Answer: {} {}\n", letter(quiz.answer), quiz.option_text(quiz.answer));
    for (i, mistake) in quiz.mistakes.iter().enumerate().filter(|&(i, _)| i != quiz.answer) {
        out += &format!("  {}: {mistake}\n", letter(i));
    }
    Ok(out)
}

/// A, B, C, … for an option's index.
fn letter(i: usize) -> char {
    char::from(b'A' + (i % 26) as u8)
}

#[derive(Serialize)]
struct JsonQuiz<'a> {
    seed: u64,
    level: &'a str,
    program: &'a str,
    at: Ordered,
    asked: &'a [String],
    decimals: u32,
    options: Vec<Vec<Number>>,
    answer: usize,
    mistakes: &'a [String],
}

fn render(source: &str, diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| match d.option {
            Some(option) => d.render(source).replacen(&format!("the {option} option"), &format!("--{option}"), 1),
            None => d.render(source),
        })
        .collect()
}

/// A number in JSON: finite values as numbers, others as "NaN", "Infinity" or "-Infinity".
struct Number(f64);

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0.is_finite() {
            serializer.serialize_f64(self.0)
        } else {
            serializer.serialize_str(&number::full(self.0))
        }
    }
}

/// Name → number pairs, written as a JSON object in their given order.
struct Ordered(Vec<(String, Number)>);

impl Serialize for Ordered {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    output: &'a str,
    value: Number,
    gradient: Ordered,
    nodes: Vec<JsonNode<'a>>,
}

#[derive(Serialize)]
struct JsonNode<'a> {
    id: usize,
    name: &'a str,
    op: &'a str,
    inputs: Vec<usize>,
    value: Number,
    /// `null` for a constant, which is not a variable.
    adjoint: Option<Number>,
}

fn json(analysis: &Analysis) -> String {
    let graph = &analysis.graph;
    let evaluation = &analysis.evaluation;
    let report = JsonReport {
        output: graph.output_name(),
        value: Number(evaluation.output_value(graph)),
        gradient: Ordered(evaluation.gradient(graph).into_iter().map(|(name, d)| (name, Number(d))).collect()),
        nodes: graph
            .nodes()
            .map(|(u, node)| JsonNode {
                id: u.index(),
                name: &node.name,
                op: node.kind.op_name(),
                inputs: graph.args(u).iter().map(|a| a.index()).collect(),
                value: Number(evaluation.value(u)),
                adjoint: evaluation.adjoint(u).map(Number),
            })
            .collect(),
    };
    let mut text = serde_json::to_string(&report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

fn text(analysis: &Analysis) -> String {
    let graph = &analysis.graph;
    let evaluation = &analysis.evaluation;
    let output = graph.output_name();
    let mut out = format!("{output} = {}\n\ngradient:\n", number::full(evaluation.output_value(graph)));
    for (name, d) in evaluation.gradient(graph) {
        out += &format!("  d{output}/d{name} = {}\n", number::full(d));
    }
    let rows: Vec<[String; 6]> = graph
        .nodes()
        .map(|(u, node)| {
            let args: Vec<&str> = graph.args(u).iter().filter_map(|&a| graph.name(a)).collect();
            [
                u.index().to_string(),
                node.name.clone(),
                node.kind.op_name().to_string(),
                args.join(", "),
                number::full(evaluation.value(u)),
                evaluation.adjoint(u).map(number::full).unwrap_or_default(),
            ]
        })
        .collect();
    let header =
        ["id".to_string(), "name".into(), "op".into(), "inputs".into(), "value".into(), format!("d{output}/du")];
    let widths: Vec<usize> =
        (0..6).map(|c| rows.iter().chain([&header]).map(|r| r[c].chars().count()).max().unwrap_or(0)).collect();
    out += "\nnodes:\n";
    for row in [&header].into_iter().chain(&rows) {
        let cells: Vec<String> = row.iter().zip(&widths).map(|(cell, w)| format!("{cell:<w$}")).collect();
        out += &format!("  {}\n", cells.join("  ").trim_end());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_args(args: &[&str]) -> Result<String, Failure> {
        run(&args.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn json_has_the_documented_shape() {
        let Ok(text) = run_args(&["eval", "x = 2; z = 3; y = x*z + sin(x)", "--json"]) else { panic!() };
        expect_test::expect![[r#"
            {"output":"y","value":6.909297426825682,"gradient":{"x":2.5838531634528574,"z":2.0},"nodes":[{"id":0,"name":"x","op":"input","inputs":[],"value":2.0,"adjoint":2.5838531634528574},{"id":1,"name":"z","op":"input","inputs":[],"value":3.0,"adjoint":2.0},{"id":2,"name":"u1","op":"mul","inputs":[0,1],"value":6.0,"adjoint":1.0},{"id":3,"name":"u2","op":"sin","inputs":[0],"value":0.9092974268256817,"adjoint":1.0},{"id":4,"name":"y","op":"add","inputs":[2,3],"value":6.909297426825682,"adjoint":1.0}]}
        "#]]
        .assert_eq(&text);
    }

    #[test]
    fn at_overrides_and_non_finite_numbers() {
        let Ok(text) = run_args(&["eval", "x = 1; y = log(x)", "--at", "x=0", "--json"]) else { panic!() };
        assert!(text.contains(r#""value":"-Infinity","gradient":{"x":"Infinity"}"#), "{text}");
    }

    #[test]
    fn text_output_lists_value_gradient_and_nodes() {
        let Ok(text) = run_args(&["eval", "x = 2; z = 3; y = x*z + sin(x)", "--at", "z=4"]) else { panic!() };
        expect_test::expect![[r#"
            y = 8.909297426825681

            gradient:
              dy/dx = 3.5838531634528574
              dy/dz = 2

            nodes:
              id  name  op     inputs  value               dy/du
              0   x     input          2                   3.5838531634528574
              1   z     input          4                   2
              2   u1    mul    x, z    8                   1
              3   u2    sin    x       0.9092974268256817  1
              4   y     add    u1, u2  8.909297426825681   1
        "#]]
        .assert_eq(&text);
    }

    #[test]
    fn output_and_sharing_options() {
        let Ok(text) = run_args(&["eval", "x = 2; z = 3; u = x*z; y = u + sin(x)", "--output", "u", "--json"]) else {
            panic!()
        };
        assert!(text.starts_with(r#"{"output":"u","value":6.0,"gradient":{"x":3.0,"z":2.0}"#), "{text}");
        let nodes = |args: &[&str]| match run_args(args) {
            Ok(text) => text.matches("->").count(),
            Err(_) => panic!(),
        };
        assert_eq!(nodes(&["graph", "x = 2; y = sin(x*x) + x*x", "--dot"]), 5);
        assert_eq!(nodes(&["graph", "x = 2; y = sin(x*x) + x*x", "--dot", "--no-sharing"]), 7);
        assert_eq!(nodes(&["graph", "x = 2; u = x*x; y = sin(u) + u", "--dot", "--granularity", "statements"]), 2);
        let Ok(text) = run_args(&["eval", "x = 2; u = x*x; y = sin(u) + u", "--granularity", "statements", "--json"])
        else {
            panic!()
        };
        assert!(text.contains(r#""name":"y","op":"statement","inputs":[1]"#), "{text}");
    }

    #[test]
    fn each_command_takes_its_own_options_in_either_spelling() {
        let usage = |args: &[&str]| match run_args(args) {
            Err(Failure::Usage(message)) => message,
            _ => panic!("{args:?} should be a usage error"),
        };
        assert_eq!(usage(&["eval", "y = 2", "--dot"]), "--dot is an option of `graph`, not of `eval`");
        assert_eq!(
            usage(&["graph", "x = 1; y = x", "--dot", "--at", "x=2"]),
            "--at is an option of `eval`, not of `graph`"
        );
        assert_eq!(usage(&["eval", "y = 2", "--json=yes"]), "--json takes no value");
        assert_eq!(usage(&["eval", "y = 2", "--at"]), "--at needs a value: --at NAME=VALUE,...");
        assert_eq!(usage(&["eval", "y = 2", "--frobnicate"]), "unknown option '--frobnicate' for `eval`");
        assert_eq!(
            usage(&["eval", "y = 2", "--granularity=lines"]),
            "--granularity takes 'operations' or 'statements', not 'lines'"
        );
        let Ok(joined) = run_args(&["eval", "x = 2; y = x*x", "--at=x=3", "--output=y", "--json"]) else { panic!() };
        let Ok(separate) = run_args(&["eval", "x = 2; y = x*x", "--at", "x=3", "--output", "y", "--json"]) else {
            panic!()
        };
        assert_eq!(joined, separate);
        assert!(joined.starts_with(r#"{"output":"y","value":9.0,"gradient":{"x":6.0}"#), "{joined}");
        let Ok(help) = run_args(&["graph", "--help"]) else { panic!() };
        assert!(help.starts_with("usage: gradgraph graph PROGRAM --dot [--granularity G] [--no-sharing]\n"), "{help}");
        assert!(!help.contains("--json"), "{help}");
    }

    #[test]
    fn quiz_prints_the_question_and_its_key() {
        let Ok(json) = run_args(&["quiz", "--seed", "7", "--level", "hard", "--json"]) else { panic!() };
        assert!(json.starts_with(r#"{"seed":7,"level":"hard","program":"x = 2\nz = -1\nu = x*z + 2\n"#), "{json}");
        assert!(
            json.contains(r#""at":{"x":2.0,"z":-1.0},"asked":["x","z"],"decimals":0,"options":[[3.0,-2.0],"#),
            "{json}"
        );
        assert!(json.contains(r#""answer":4,"mistakes":["swapped","#), "{json}");
        let Ok(text) = run_args(&["quiz", "--seed=7", "--level=hard"]) else { panic!() };
        expect_test::expect![[r#"
            Quiz 7 (hard)

            x = 2
            z = -1
            u = x*z + 2
            y = exp(sin(u)) + u/log(x + 2)

            Suppose x = 2 and z = -1. What are [dy/dx, dy/dz]? Round to the nearest integer.

              A. [3, -2]
              B. [-1, 1]
              C. [0, 1]
              D. [0, 2]
              E. [-2, 3]
              F. [0, 3]
              G. [0, -1]
              H. [2, 3]

            ---------------- key ----------------
            Answer: E [-2, 3]
              A: swapped
              B: dropped fan-out: only one of u's 2 uses counted
              C: sign error: ∂(u / log(x + 2))/∂u negated
              D: forgotten chain: only each input's own local partials summed, without dy/du
              F: dropped fan-out: only one of x's 2 uses counted
              G: sign error: ∂(exp(sin(u)) + u / log(x + 2))/∂exp(sin(u)) negated
              H: sign error: ∂(x * z)/∂x negated
        "#]]
        .assert_eq(&text);
        let usage = |args: &[&str]| match run_args(args) {
            Err(Failure::Usage(message)) => message,
            _ => panic!("{args:?} should be a usage error"),
        };
        assert_eq!(usage(&["quiz", "--seed", "x"]), "--seed takes a whole number, not 'x'");
        assert_eq!(
            usage(&["quiz", "--seed", "1", "--level", "impossible"]),
            "--level takes easy, medium or hard, not 'impossible'"
        );
        assert_eq!(usage(&["quiz", "y = x", "--seed", "1"]), "`quiz` takes no PROGRAM, but got 'y = x'");
    }

    #[test]
    fn vectors_print_the_circuit_and_the_chain_rule_for_vectors() {
        let program = "theta = [0.5, -1, 2]; x = [1, 2, 3]; ystar = 1\nq = sigmoid(dot(theta, x))\nJ = ystar*log(q) + (1 - ystar)*log(1 - q)";
        let Ok(text) = run_args(&["eval", program, "--vectors"]) else { panic!() };
        // By hand: θ·x = 4.5, q = σ(4.5) = 0.98901; dJ/dq = 1/q = 1.0111; ∂q/∂θ = q(1 − q)·x, so
        // dJ/dθ = (1 − q)·x = 0.010987·[1, 2, 3]; dJ/dy* = log q − log(1 − q) = θ·x = 4.5.
        expect_test::expect![[r#"
            J = -0.011048

            vectors (value; dJ/dv):
              theta = [0.5, -1, 2]; dJ/dtheta = [0.010987, 0.021974, 0.032961]
              x = [1, 2, 3]; dJ/dx = [0.0054935, -0.010987, 0.021974]
              ystar = 1; dJ/dystar = 4.5
              q = 0.98901; dJ/dq = 1.0111
              J = -0.011048; dJ/dJ = 1

            the chain rule for vectors, last statement first: dJ/du += dJ/dv · ∂v/∂u
              q → J: ∂J/∂q = [1.0111] (1×1); dJ/dJ · ∂J/∂q = 1.0111
              ystar → J: ∂J/∂ystar = [4.5] (1×1); dJ/dJ · ∂J/∂ystar = 4.5
              x → q: ∂q/∂x = [[0.0054331, -0.010866, 0.021732]] (1×3); dJ/dq · ∂q/∂x = [0.0054935, -0.010987, 0.021974]
              theta → q: ∂q/∂theta = [[0.010866, 0.021732, 0.032599]] (1×3); dJ/dq · ∂q/∂theta = [0.010987, 0.021974, 0.032961]
        "#]]
        .assert_eq(&text);
    }

    #[test]
    fn errors_are_usage_or_program_failures() {
        assert!(matches!(run_args(&["eval", "y = x", "--output", "q"]), Err(Failure::Program(_))));
        assert!(matches!(run_args(&["graph", "y = x"]), Err(Failure::Usage(_))));
        assert!(
            matches!(run_args(&["eval", "y = (x"]), Err(Failure::Program(t)) if t.starts_with("1:7: error: expected ')'"))
        );
        assert!(matches!(run_args(&["eval", "y = x", "--at", "w=1"]), Err(Failure::Usage(_))));
        assert!(matches!(run_args(&["eval", "y = x", "--at", "x=abc"]), Err(Failure::Usage(_))));
        assert!(matches!(run_args(&["frobnicate"]), Err(Failure::Usage(_))));
    }
}
