//! Runs the built `gradgraph` binary as a person would, checking exit status and output.

use std::process::Command;

fn gradgraph(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gradgraph")).args(args).output().expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_program_error_exits_2_with_position_line_and_caret() {
    let (code, stdout, stderr) = gradgraph(&["eval", "x = 2\ny = sn(x)"]);
    assert_eq!(code, 2);
    assert_eq!(stdout, "");
    assert_eq!(
        stderr,
        "2:5: error: unknown function 'sn'\n  |\n2 | y = sn(x)\n  |     ^^\n  = help: did you mean 'sin'?\n"
    );
}

#[test]
fn json_with_overrides_exits_0() {
    let (code, stdout, _) = gradgraph(&["eval", "x = 2; z = 3; y = x*z + sin(x)", "--at", "x=0,z=5", "--json"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with(r#"{"output":"y","value":0.0,"gradient":{"x":6.0,"z":0.0},"#), "{stdout}");
}

#[test]
fn usage_errors_exit_2_and_show_usage() {
    let (code, _, stderr) = gradgraph(&["eval"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("usage: gradgraph eval PROGRAM"), "{stderr}");
}

#[test]
fn names_are_unique_and_constants_have_no_adjoint() {
    // `u1` is an input the program never assigns; the product is named u2, not u1 again.
    let (code, stdout, stderr) = gradgraph(&["eval", "x = -3; y = u1*x + x^2"]);
    assert_eq!(code, 0);
    assert!(stderr.contains("'u1' is never assigned"), "{stderr}");
    expect_test::expect![[r#"
        y = 6

        gradient:
          dy/dx = -5
          dy/du1 = -3

        nodes:
          id  name  op     inputs  value  dy/du
          0   x     input          -3     -5
          1   u1    input          1      -3
          2   u2    mul    u1, x   -3     1
          3   2     const          2
          4   u3    pow    x, 2    9      1
          5   y     add    u2, u3  6      1
    "#]]
    .assert_eq(&stdout);
    let (_, json, _) = gradgraph(&["eval", "x = -3; y = x^2", "--json"]);
    assert!(json.contains(r#"{"id":1,"name":"2","op":"const","inputs":[],"value":2.0,"adjoint":null}"#), "{json}");
}

#[test]
fn an_output_the_program_lacks_names_the_flag() {
    let (code, _, stderr) = gradgraph(&["eval", "x = 2; y = 2*x", "--output", "q"]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "--output: error: there is no node named 'q' to differentiate\n  = help: the named nodes are x, y\n"
    );
    let (code, _, stderr) = gradgraph(&["eval", "x = 2; y = 2*x", "--output", "2"]);
    assert_eq!(code, 2);
    assert!(stderr.starts_with("--output: error: '2' is a constant"), "{stderr}");
    let (code, _, stderr) = gradgraph(&["eval", "x = 2; c = 2*3; y = c*x", "--output", "c"]);
    assert_eq!(code, 2);
    assert!(stderr.starts_with("--output: error: 'c' is computed from constants alone"), "{stderr}");
}
