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
