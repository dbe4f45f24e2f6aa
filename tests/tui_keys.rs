//! Key maps from the config's `[keys]`, on the real binary: a bad table stops the start
//! with one line and exit 3 (before the terminal is needed); `config show` lists the
//! remapped keys; and in a pty the demo dashboard quits on the user's key, no longer on
//! the default, with the `?` help showing the user's key beside the action's name.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use common::pty::Pty;

const WAIT: Duration = Duration::from_secs(20);

/// A home with a private config file holding `config`.
fn home_with(config: &str) -> (tempfile::TempDir, PathBuf) {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("config/clarityq-usage");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("config.toml");
    std::fs::write(&file, config).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    (home, file)
}

fn env(home: &Path) -> Vec<(String, String)> {
    let mut env = common::home_env(home);
    env.push(("NO_COLOR".into(), "1".into()));
    env
}

fn run(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_clarityq-usage"))
        .args(args)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .envs(env(home))
        .stdin(Stdio::null())
        .output()
        .expect("run clarityq-usage")
}

#[test]
fn a_bad_keys_table_is_one_line_and_exit_3_naming_the_culprit() {
    for (keys, said) in [
        (
            "quit = \"j\"",
            "[keys] key j is both down and quit on the main screen",
        ),
        ("qiut = \"x\"", "[keys] qiut: no such action"),
        ("quit = \"Ctrl-\"", "[keys] quit: 'Ctrl-' is not a key"),
        ("help = []", "[keys] help = []: help needs a key"),
    ] {
        let (home, _) = home_with(&format!("[keys]\n{keys}\n"));
        // The dashboard checks its keys before it asks for a terminal.
        for args in [&["--demo"][..], &["config", "show"][..]] {
            let out = run(home.path(), args);
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(3), "{keys} {args:?}: {err}");
            assert_eq!(err.lines().count(), 1, "{err}");
            assert!(err.contains(said), "{keys}: {err}");
            assert!(!err.contains("terminal"), "{err}");
        }
    }
}

#[test]
fn config_show_lists_the_remapped_keys() {
    let (home, file) = home_with("[keys]\nquit = \"x\"\norigin_next = [\"n\", \"F2\"]\n");
    let out = run(home.path(), &["config", "show"]);
    assert!(out.status.success(), "{out:?}");
    let shown = String::from_utf8_lossy(&out.stdout);
    let line = |needle: &str| {
        shown
            .lines()
            .find(|l| l.starts_with("keys") && l.contains(needle))
            .unwrap_or_else(|| panic!("no '{needle}' in:\n{shown}"))
            .to_string()
    };
    assert!(line("quit: x").contains(&file.display().to_string()));
    line("origin_next: n F2");
    let (home, _) = home_with("range = \"7d\"\n");
    let out = run(home.path(), &["config", "show"]);
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("keys            (the defaults"), "{shown}");
}

#[test]
fn a_remapped_quit_quits_on_its_key_only_and_the_help_shows_it() {
    let (home, _) = home_with("[keys]\nquit = \"x\"\n");
    let mut pty = Pty::spawn(&["--demo"], &env(home.path()), home.path(), 120, 40);
    pty.wait_until(|s| s.contains("Active users"), WAIT)
        .unwrap_or_else(|s| panic!("the dashboard starts:\n{s}"));
    // The footer shows the user's key for quit.
    let s = pty
        .wait_for("x quit", WAIT)
        .unwrap_or_else(|s| panic!("{s}"));
    assert!(!s.contains("q quit"), "{s}");
    pty.send(b"?");
    let s = pty
        .wait_for("quit (Ctrl-C too)", WAIT)
        .unwrap_or_else(|s| panic!("the help opens:\n{s}"));
    let quit_line = s.lines().find(|l| l.contains("quit (Ctrl-C too)")).unwrap();
    assert!(quit_line.contains(" x quit "), "x beside quit: {quit_line}");
    // q closes the help (it is `back` there), and on the main screen does nothing.
    pty.send(b"q");
    pty.wait_until(|s| !s.contains("quit (Ctrl-C too)"), WAIT)
        .unwrap_or_else(|s| panic!("the help closes:\n{s}"));
    pty.send(b"q");
    std::thread::sleep(Duration::from_millis(600));
    // Quitting leaves the alternate screen, and the dashboard with it.
    let s = pty.screen();
    assert!(
        s.contains("Active users") && s.contains("x quit"),
        "q quit:\n{s}"
    );
    pty.send(b"x");
    assert_eq!(pty.wait_exit(WAIT), Some(0));
    assert!(!pty.screen().contains("Active users"), "{}", pty.screen());
}

#[test]
fn a_profile_s_keys_go_over_the_top_level_ones_action_by_action() {
    let file = "[keys]\nquit = \"x\"\ncalendar = \"F8\"\n\n[profiles.acme.keys]\nquit = \"Q\"\n\n[profiles.bad.keys]\nquit = \"j\"\n";
    let (home, _) = home_with(file);
    let shown = |args: &[&str]| {
        let out = run(home.path(), args);
        assert!(out.status.success(), "{args:?}: {out:?}");
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        let keys: Vec<String> = text
            .lines()
            .filter(|l| l.starts_with("keys "))
            .map(|l| {
                l.split_whitespace()
                    .skip(1)
                    .take(2)
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        (keys, text)
    };
    let (keys, text) = shown(&["--profile", "acme", "config", "show"]);
    assert_eq!(keys, ["quit: Q", "calendar: F8"], "{text}");
    assert!(!text.contains("unknown setting"), "{text}");
    // Each says where it is set: the profile's table, or the top level's.
    let line = |k: &str| text.lines().find(|l| l.contains(k)).unwrap().to_string();
    assert!(line("quit: Q").ends_with("[profiles.acme.keys]"), "{text}");
    assert!(line("calendar: F8").ends_with(" [keys]"), "{text}");
    let (keys, _) = shown(&["config", "show"]);
    assert_eq!(
        keys,
        ["quit: x", "calendar: F8"],
        "the top level without a profile"
    );
    // A profile's keys are checked as the top level's are: one line, exit 3.
    for args in [
        &["--profile", "bad", "--demo"][..],
        &["--profile", "bad", "config", "show"][..],
    ] {
        let out = run(home.path(), args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains("[keys] key j is both down and quit"), "{err}");
    }
}
