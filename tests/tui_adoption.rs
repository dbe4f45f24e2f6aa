//! The adoption views as a person drives them: the real binary in a pty against the
//! contract server. `v` to the dormant people (0 now, with their previous count), `b` to
//! weekly bars, and the data-quality mark when the server ignores `origin`.

mod common;

use std::time::Duration;

use clarityq_usage::demo::Fault;
use common::pty::Pty;

const WAIT: Duration = Duration::from_secs(15);

fn env(home: &std::path::Path, server: &clarityq_usage::demo::DemoServer) -> Vec<(String, String)> {
    common::pty_env(home, server, &[("NO_COLOR", "1")])
}

/// The number after `word ` on the KPI line, once the previous period is in.
fn kpi(screen: &str, word: &str) -> Option<usize> {
    let line = screen.lines().find(|l| l.contains("Active users"))?;
    let at = line.find(&format!(" {word} "))? + word.len() + 2;
    line[at..]
        .split_whitespace()
        .next()?
        .replace(',', "")
        .parse()
        .ok()
}

#[test]
fn v_shows_dormant_people_and_b_draws_weeks() {
    let demo = common::demo_now(11, 300, 120);
    let home = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(
        &["--last", "30d"],
        &env(home.path(), &demo.server),
        home.path(),
        120,
        40,
    );
    let s = pty
        .wait_until(|s| kpi(s, "Dormant").is_some(), WAIT)
        .unwrap_or_else(|s| panic!("no dormant count:\n{s}"));
    let dormant = kpi(&s, "Dormant").unwrap();
    assert!(dormant > 0, "the demo has leavers:\n{s}");
    pty.send(b"v");
    pty.wait_for("New (", WAIT)
        .unwrap_or_else(|s| panic!("{s}"));
    pty.send(b"v");
    let s = pty
        .wait_for(&format!("Dormant ({dormant})"), WAIT)
        .unwrap_or_else(|s| panic!("{s}"));
    // Each dormant row: 0 now, a previous count above 0, a negative change, "dormant".
    let rows: Vec<&str> = s.lines().filter(|l| l.contains("dormant")).collect();
    assert_eq!(rows.len(), dormant.min(20), "{s}");
    for r in rows {
        let f: Vec<&str> = r.split_whitespace().collect();
        let at = f.iter().position(|w| w.contains('@')).unwrap();
        assert_eq!(f[at + 1], "0", "0 now: {r}");
        // At 120 columns: email, total, days, last, prev, Δ, status.
        let prev: u64 = f[at + 4].replace(',', "").parse().unwrap();
        assert!(prev > 0 && f[at + 5] == format!("-{}", f[at + 4]), "{r}");
    }
    pty.send(b"b");
    let s = pty
        .wait_for("Prompts per ISO week", WAIT)
        .unwrap_or_else(|s| panic!("{s}"));
    assert!(
        s.contains("▒ partial"),
        "the clipped and current weeks are marked:\n{s}"
    );
    pty.send(b"q");
    assert_eq!(pty.wait_exit(WAIT), Some(0));
}

#[test]
fn a_server_that_ignores_origin_gets_a_data_quality_mark() {
    let demo = common::demo_now(12, 30, 60);
    demo.server.set_fault(Some(Fault::IgnoreOrigin));
    let home = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(&[], &env(home.path(), &demo.server), home.path(), 120, 40);
    let s = pty
        .wait_for("origins sum", WAIT)
        .unwrap_or_else(|s| panic!("no mark:\n{s}"));
    assert!(s.contains("Origins ⚠ do not add up"), "{s}");
    assert!(
        demo.server
            .requests()
            .iter()
            .any(|r| r.param("origin") == ["SLACK"]),
        "each origin was asked for"
    );
    pty.send(b"q");
    assert_eq!(pty.wait_exit(WAIT), Some(0));
}
