//! The dashboard on a saved response with no rows (`[]`), on the real binary in a pty: it
//! says the file has no rows, names no made-up range, and the date keys change nothing.

mod common;

use std::time::Duration;

use common::pty::Pty;

const WAIT: Duration = Duration::from_secs(15);

/// A home of its own and its XDG folders, no colour (the screen is read as text).
fn private_env(home: &std::path::Path) -> Vec<(String, String)> {
    let mut env = common::home_env(home);
    env.push(("NO_COLOR".into(), "1".into()));
    env
}

#[test]
fn an_empty_saved_response_says_it_has_no_rows() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("empty.json");
    std::fs::write(&file, "[]").unwrap();
    let env = private_env(home.path());
    let path = file.display().to_string();
    let mut pty = Pty::spawn(&["--input", &path], &env, home.path(), 80, 24);
    let s = pty
        .wait_for("no rows in this file", WAIT)
        .unwrap_or_else(|s| panic!("{s}"));
    assert!(s.contains("empty list"), "{s}");
    pty.send(b"3");
    let s = pty
        .wait_for("there are no dates to change", WAIT)
        .unwrap_or_else(|s| panic!("{s}"));
    for made_up in ["2000-01-01", "1999", "Prompts 0"] {
        assert!(!s.contains(made_up), "{made_up}:\n{s}");
    }
    pty.send(b"q");
    assert_eq!(pty.wait_exit(WAIT), Some(0));
}

/// A saved file opened on a range inside it: the previous period is the file's days
/// before, compared, and `[` shows them (read for the range alone, they were dropped and
/// the comparison found none).
#[test]
fn a_saved_file_opened_on_a_range_compares_with_its_earlier_days() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("two-weeks.json");
    let row = |day: u32, n: u32| {
        format!(
            r#"{{"product_id":"00000000-0000-0000-0000-000000000001","product_name":"P","user_id":"00000000-0000-0000-0000-000000000002","user_email":"a@x.io","date":"2026-10-{day:02}","prompt_count":{n}}}"#
        )
    };
    // 2026-10-01..07 with 10 a day, 2026-10-08..14 with 20 a day.
    let rows: Vec<String> = (1..=14)
        .map(|d| row(d, if d <= 7 { 10 } else { 20 }))
        .collect();
    std::fs::write(&file, format!("[{}]", rows.join(","))).unwrap();
    let env = private_env(home.path());
    let path = file.display().to_string();
    let args = [
        "--input",
        &path,
        "--from",
        "2026-10-08",
        "--to",
        "2026-10-14",
    ];
    let mut pty = Pty::spawn(&args, &env, home.path(), 160, 40);
    let s = pty
        .wait_for("(was 70)", WAIT)
        .unwrap_or_else(|s| panic!("{s}"));
    assert!(s.contains("Prompts 140") && s.contains("+100.0%"), "{s}");
    assert!(
        !s.contains("not in the file") && !s.contains("dropped"),
        "{s}"
    );
    pty.send(b"[");
    let s = pty
        .wait_for("Prompts 70", WAIT)
        .unwrap_or_else(|s| panic!("{s}"));
    // Before the file's first day: no comparison, and no one counted new.
    assert!(s.contains("not in the file") && s.contains("New —"), "{s}");
    // Nor in the table: the person's row has no status, where it said "new".
    let person = s.lines().find(|l| l.contains("a@x.io")).unwrap_or_default();
    assert!(!person.is_empty() && !person.contains("new"), "{s}");
    // And the New lens holds no one, saying why.
    pty.send(b"v");
    pty.wait_for("nothing to compare with", WAIT)
        .unwrap_or_else(|s| panic!("{s}"));
    pty.send(b"q");
    assert_eq!(pty.wait_exit(WAIT), Some(0));
}

/// A saved file the dashboard waits on (a FIFO no one writes, as a large file would take
/// seconds): a line says what is read, `q` stops the wait with exit 0, and the terminal
/// is given back (a `q` was echoed, did nothing, and was left on the shell's line).
#[test]
fn the_wait_for_a_saved_file_says_so_and_q_stops_it() {
    let home = tempfile::tempdir().unwrap();
    let fifo = home.path().join("slow.json");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("no mkfifo here: skipped");
        return;
    }
    let env = private_env(home.path());
    let path = fifo.display().to_string();
    let mut pty = Pty::spawn(&["--input", &path], &env, home.path(), 80, 24);
    let s = pty
        .wait_for("reading slow.json", WAIT)
        .unwrap_or_else(|s| panic!("{s}"));
    assert!(s.contains("(q stops)"), "{s}");
    pty.send(b"q");
    assert_eq!(pty.wait_exit(WAIT), Some(0));
    let stty = pty.stty();
    let cooked = |w: &str| stty.split_whitespace().any(|x| x == w);
    assert!(cooked("echo") && cooked("icanon"), "{stty}");
}

/// A saved response piped in while the terminal is there (`cat f | clarityq-usage
/// --input -`, as fzf and less are used): the keys come from the terminal itself. It was
/// refused, "stdin and stdout are not one".
#[test]
fn a_saved_response_piped_in_opens_with_keys_from_the_terminal() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("one.json");
    std::fs::write(
        &file,
        r#"[{"product_id":"00000000-0000-0000-0000-000000000001","product_name":"P","user_id":"00000000-0000-0000-0000-000000000002","user_email":"a@x.io","date":"2026-10-01","prompt_count":7}]"#,
    )
    .unwrap();
    let env = private_env(home.path());
    let line = format!("cat '{}' | \"$BIN\" --input -", file.display());
    let mut pty = Pty::spawn_shell(&line, &env, home.path(), 80, 24);
    let s = pty
        .wait_for("standard input", WAIT)
        .unwrap_or_else(|s| panic!("{s}"));
    let s = match s.contains("Prompts 7") {
        true => s,
        false => pty
            .wait_for("Prompts 7", WAIT)
            .unwrap_or_else(|s| panic!("{s}")),
    };
    assert!(s.contains("a@x.io"), "{s}");
    pty.send(b"q");
    assert_eq!(pty.wait_exit(WAIT), Some(0));
}
