//! What `main` dispatches to, seen from outside: the dashboard refuses to start without a
//! terminal (one line, exit 1) but only after the flags are checked (a bad flag is exit 2
//! either way), and the `config` commands that need no valid config work without one.

use std::process::{Command, Output, Stdio};

fn run(home: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_clarityq-usage"))
        .args(args)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("XDG_STATE_HOME", home.join("state"))
        .stdin(Stdio::null())
        .output()
        .expect("run clarityq-usage")
}

fn one_line(out: &Output) -> String {
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

#[test]
fn the_dashboard_needs_a_terminal_and_says_so_once() {
    let home = tempfile::tempdir().unwrap();
    let out = run(home.path(), &["--demo"]);
    assert_eq!(out.status.code(), Some(1));
    let err = one_line(&out);
    assert!(
        err.contains("needs a terminal") && err.contains("export"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn flags_are_checked_before_the_terminal() {
    let home = tempfile::tempdir().unwrap();
    let out = run(home.path(), &["--demo", "--from", "2026-13-01"]);
    assert_eq!(out.status.code(), Some(2));
    let err = one_line(&out);
    assert!(err.contains("2026-13-01"), "{err}");
}

#[test]
fn config_path_and_init_work_without_a_config() {
    let home = tempfile::tempdir().unwrap();
    let expected = home.path().join("config/clarityq-usage/config.toml");
    let out = run(home.path(), &["config", "path"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        expected.display().to_string()
    );
    let out = run(home.path(), &["config", "init"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(expected.exists());
    // Never overwrites: a second init fails, one line.
    let out = run(home.path(), &["config", "init"]);
    assert_ne!(out.status.code(), Some(0));
    one_line(&out);
    let out = run(home.path(), &["config", "show"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains(&expected.display().to_string()));
    // A file of its own: the line to run next names it (it said `config show`, which
    // reads the default file).
    let own = home.path().join("my conf.toml");
    let out = run(
        home.path(),
        &["config", "init", "--config", own.to_str().unwrap()],
    );
    let said = String::from_utf8_lossy(&out.stdout);
    let next = format!(
        "then run `clarityq-usage --config '{}' config show`",
        own.display()
    );
    assert!(said.contains(&next), "{said}");
}

/// `args` run with stdout a pipe whose reader is already gone, and with stdout on a full
/// device: a cron check piped into `grep -q` or `head` ended in a panic (exit 101).
fn closed_and_full(home: &std::path::Path, args: &[&str]) -> (Output, Output) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_clarityq-usage"));
    cmd.args(args)
        .env_clear()
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("XDG_STATE_HOME", home.join("state"))
        .stdin(Stdio::null())
        .stderr(Stdio::piped());
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let closed = cmd.stdout(writer).output().unwrap();
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let full = cmd.stdout(full).output().unwrap();
    (closed, full)
}

#[test]
fn a_closed_or_full_stdout_is_no_panic() {
    let home = tempfile::tempdir().unwrap();
    for args in [
        &["config", "path"][..],
        &["config", "show"],
        &["--demo", "check", "--min-prompts", "1"],
        &["--demo", "check", "--min-prompts", "1", "--format", "json"],
        &["--demo", "report"],
    ] {
        let (closed, full) = closed_and_full(home.path(), args);
        // The reader that went away chose to: not a failure, and nothing to say.
        assert_eq!(closed.status.code(), Some(0), "{args:?}: {closed:?}");
        assert!(closed.stderr.is_empty(), "{args:?}: {closed:?}");
        assert_eq!(full.status.code(), Some(1), "{args:?}: {full:?}");
        let err = one_line(&full);
        assert!(err.contains("failed: No space left"), "{args:?}: {err}");
    }
    // The demo server's lines for `eval` that could not be written stop it at once (it
    // served on, silent, to nobody who could find it); a closed pipe would leave it
    // serving, as a reader that went away chose to.
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_clarityq-usage"));
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let mut child = (cmd.args(["serve-demo", "--addr", "127.0.0.1:0", "--users", "5"]))
        .env("HOME", home.path())
        .stdin(Stdio::null())
        .stdout(full)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Bounded: the fault this guards against is a server that never stops.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let _ = child.kill();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(one_line(&out).contains("failed: No space left"), "{out:?}");
}

/// An export ended by a signal while it writes `-o FILE` leaves nothing behind: not the
/// file, and not its temporary beside it (a dot file of the people's emails, which the
/// default action of the signal left).
#[test]
fn a_signal_while_writing_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.json");
    let made = Command::new(env!("CARGO_BIN_EXE_clarityq-bench"))
        .args(["gen", "--rows", "300000", "--out"])
        .arg(&input)
        .output()
        .unwrap();
    assert!(made.status.success(), "{made:?}");
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_clarityq-usage"))
        .arg("--input")
        .arg(&input)
        .args(["export", "--group-by", "row", "-o"])
        .arg(out_dir.join("out.csv"))
        .env("HOME", dir.path())
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The signal comes once the temporary file is there, while the rows are written.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while std::fs::read_dir(&out_dir).unwrap().next().is_none() {
        assert!(std::time::Instant::now() < deadline, "no file was started");
        assert!(child.try_wait().unwrap().is_none(), "ended before writing");
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    let kill = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(143), "{out:?}");
    let left: Vec<_> = std::fs::read_dir(&out_dir).unwrap().collect();
    assert!(left.is_empty(), "{left:?}");
}
