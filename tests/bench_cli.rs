//! `clarityq-bench` is installed with the program, so a mistake on its command line ends as
//! the main binary's do: one line on stderr, exit 2, never a panic.

use std::process::{Command, Output};

fn bench(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_clarityq-bench"))
        .args(args)
        .output()
        .expect("run clarityq-bench")
}

/// Checks: the exit code, exactly one line on stderr naming `needle`, no panic.
fn fails(args: &[&str], code: i32, needle: &str) {
    let out = bench(args);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "{args:?}: {err}");
    assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    assert!(err.starts_with("clarityq-bench: "), "{args:?}: {err}");
    assert!(err.contains(needle), "{args:?}: {err}");
    assert!(!err.contains("panicked"), "{args:?}: {err}");
    assert!(out.stdout.is_empty(), "{args:?}: nothing on stdout");
}

#[test]
fn bad_arguments_are_one_line_and_exit_2() {
    fails(&["render", "--users", "lots"], 2, "'lots'");
    fails(&["gen", "--rows", "-5"], 2, "'-5'");
    fails(&["loadgap", "--rows", "1e6"], 2, "'1e6'");
    fails(&["frobnicate"], 2, "frobnicate");
    fails(&[], 2, "subcommand");
    fails(&["ingest"], 2, "not provided: <FILE>");
}

#[test]
fn unreadable_or_bad_files_are_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.json");
    fails(&["ingest", missing.to_str().unwrap()], 2, "missing.json");
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "[{\"nope\": 1}").unwrap();
    fails(
        &["ingest", bad.to_str().unwrap()],
        5,
        "not a valid response",
    );
    let nowhere = dir.path().join("no/such/dir/out.json");
    fails(
        &["gen", "--rows", "10", "--out", nowhere.to_str().unwrap()],
        2,
        "cannot write",
    );
}

#[test]
fn help_still_works() {
    let out = bench(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("loadgap"));
}

#[test]
fn gen_then_ingest_runs() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("u.json");
    let out = bench(&["gen", "--rows", "120", "--out", file.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = bench(&["ingest", file.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("ingest: 120 rows"));
    // The generator's escaped names are read by the fast decoder too: none falls back.
    let path = file.to_str().unwrap();
    let line = figures(&["decode", path, "--repeats", "2"], "decode: 120 rows");
    assert!(line.contains("(0 by the general decoder)"), "{line}");
}

/// Runs `args` and returns its one line of figures, which must start with `prefix`.
fn figures(args: &[&str], prefix: &str) -> String {
    let out = bench(args);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{args:?}: {err}");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert_eq!(text.lines().count(), 1, "{args:?}: one line: {text}");
    assert!(text.starts_with(prefix), "{args:?}: {text}");
    text
}

#[test]
fn dashboard_runs_at_a_tiny_size() {
    let line = figures(
        &[
            "dashboard",
            "--rows",
            "600",
            "--repeats",
            "2",
            "--teams",
            "3",
        ],
        "dashboard: 600 rows, 10 people",
    );
    for part in [
        "longest frame gap",
        "peak RSS",
        "sort (s) median",
        "team filter (t) median",
        "lens (v) median",
        // The people and order the dashboard shows are the ones built inline from the
        // same answers (it read NO once the table stopped comparing with a period wholly
        // outside the file, and the bench went on comparing).
        "people and order shown = built here: yes",
    ] {
        assert!(line.contains(part), "{part}: {line}");
    }
}

#[test]
fn reopen_runs_at_a_tiny_size() {
    let line = figures(
        &["reopen", "--users", "12", "--repeats", "2"],
        "reopen: 12 people, 365 days",
    );
    for part in [
        "ending today",
        "all on disk",
        "first frame with data median",
    ] {
        assert!(line.contains(part), "{part}: {line}");
    }
}
