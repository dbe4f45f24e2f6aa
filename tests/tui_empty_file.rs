//! The dashboard on a saved response with no rows (`[]`), on the real binary in a pty: it
//! says the file has no rows, names no made-up range, and the date keys change nothing.

mod common;

use std::time::Duration;

use common::pty::Pty;

const WAIT: Duration = Duration::from_secs(15);

#[test]
fn an_empty_saved_response_says_it_has_no_rows() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("empty.json");
    std::fs::write(&file, "[]").unwrap();
    let p = |s: &str| home.path().join(s).display().to_string();
    let env: Vec<(String, String)> = vec![
        ("HOME".into(), home.path().display().to_string()),
        ("XDG_CONFIG_HOME".into(), p("config")),
        ("XDG_STATE_HOME".into(), p("state")),
        ("XDG_CACHE_HOME".into(), p("cache")),
        ("NO_COLOR".into(), "1".into()),
    ];
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
