//! The dashboard's manners, on the real binary in a pty against the contract server: it
//! re-lays out on resize and says how large the terminal must be, and its total is the
//! `export` command's total for the same filters. (Signals: `terminal_safety.rs`.)

mod common;

use std::process::Command;
use std::time::Duration;

use common::pty::Pty;

const WAIT: Duration = Duration::from_secs(15);

fn env(home: &std::path::Path, server: &clarityq_usage::demo::DemoServer) -> Vec<(String, String)> {
    common::pty_env(home, server, &[("NO_COLOR", "1")])
}

/// The number after "Prompts " on the KPI line, separators removed.
fn screen_total(screen: &str) -> u64 {
    let line = screen
        .lines()
        .find(|l| l.contains("Prompts ") && l.contains("Active users"))
        .unwrap_or_else(|| panic!("no KPI line:\n{screen}"));
    let rest = &line[line.find("Prompts ").unwrap() + "Prompts ".len()..];
    let num: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',')
        .collect();
    assert!(num.len() < 4 || num.contains(','), "no separators in {num}");
    num.replace(',', "").parse().unwrap()
}

#[test]
fn resizing_relays_out_and_too_small_says_how_large() {
    let demo = common::demo_now(6, 30, 60);
    let home = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(&[], &env(home.path(), &demo.server), home.path(), 120, 40);
    pty.wait_for("Filters", WAIT)
        .unwrap_or_else(|s| panic!("wide layout has a filter pane:\n{s}"));
    pty.resize(50, 12);
    let s = pty
        .wait_for("too small", WAIT)
        .unwrap_or_else(|s| panic!("{s}"));
    assert!(s.contains("60x16"), "{s}");
    pty.resize(80, 24);
    let s = pty
        .wait_until(
            |s| s.contains("Active users") && s.contains("Range: 30d") && !s.contains("too small"),
            WAIT,
        )
        .unwrap_or_else(|s| panic!("{s}"));
    // Narrow layout: the filters are a strip, not a pane.
    assert!(s.contains("Range: 30d"), "{s}");
    assert!(!s.contains("Filters"), "{s}");
    pty.send(b"q");
    assert_eq!(pty.wait_exit(WAIT), Some(0));
}

#[test]
fn the_total_on_screen_is_the_export_total() {
    let demo = common::demo_now(7, 80, 120);
    let home = tempfile::tempdir().unwrap();
    let envs = env(home.path(), &demo.server);
    let mut pty = Pty::spawn(&["--last", "30d"], &envs, home.path(), 120, 40);
    pty.wait_until(
        |s| s.contains("Active users") && !s.contains("updating"),
        WAIT,
    )
    .unwrap_or_else(|s| panic!("{s}"));
    pty.send(b"o");
    let s = pty
        .wait_until(
            |s| s.contains("origin APP") && s.contains("Active users") && !s.contains("updating"),
            WAIT,
        )
        .unwrap_or_else(|s| panic!("{s}"));
    let on_screen = screen_total(&s);
    let range = s
        .lines()
        .find_map(|l| l.split(" UTC").next().filter(|p| p.contains(" .. ")))
        .unwrap()
        .trim()
        .to_string();
    let (from, to) = range.split_once(" .. ").unwrap();
    pty.send(b"q");
    assert_eq!(pty.wait_exit(WAIT), Some(0));

    let mut cmd = Command::new(env!("CARGO_BIN_EXE_clarityq-usage"));
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default());
    for (k, v) in &envs {
        cmd.env(k, v);
    }
    let out = cmd
        .args([
            "export",
            "--group-by",
            "day",
            "--from",
            from,
            "--to",
            to,
            "--origin",
            "APP",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = String::from_utf8(out.stdout).unwrap();
    let exported: u64 = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap().parse::<u64>().unwrap())
        .sum();
    assert!(exported > 0);
    assert_eq!(
        on_screen, exported,
        "screen {on_screen} vs export --group-by day {exported}"
    );
}
