//! The progress line of a long export: drawn in place on a terminal's stderr (windows,
//! rows, elapsed; a retry updates it) and cleared when done; nothing with `--quiet`; on a
//! pipe only the retry's one line.

mod common;

use std::time::Duration;

use clarityq_usage::demo::Fault;
use common::pty::Pty;

/// A slow first window and a refused second attempt, so the line has time to show both.
fn slow_and_flaky(demo: &common::Demo) {
    demo.server
        .push_fault(Fault::Delay(Duration::from_millis(1200)));
    demo.server.push_fault(Fault::status_json(503, "busy"));
}

fn export_in_pty(demo: &common::Demo, home: &std::path::Path, quiet: bool) -> (Pty, Option<u32>) {
    let env = common::pty_env(home, &demo.server, &[]);
    let out = home.join("out.csv");
    let mut args = vec!["export", "--last", "1y", "-o", out.to_str().unwrap()];
    if quiet {
        args.push("--quiet");
    }
    let mut p = Pty::spawn(&args, &env, home, 120, 10);
    let code = p.wait_exit(Duration::from_secs(60));
    (p, code)
}

#[test]
fn a_terminal_sees_one_line_redrawn_then_cleared() {
    let demo = common::demo(4, 60, 400);
    let home = tempfile::tempdir().unwrap();
    slow_and_flaky(&demo);
    let (p, code) = export_in_pty(&demo, home.path(), false);
    assert_eq!(code, Some(0), "{}", p.screen());
    let raw = String::from_utf8_lossy(&p.raw()).into_owned();
    assert!(raw.contains("windows"), "{raw:?}");
    assert!(raw.contains(" rows"), "{raw:?}");
    assert!(
        raw.contains("retrying in"),
        "the retry shows in the line: {raw:?}"
    );
    // Redrawn in place: never a new line per retry or per window.
    assert!(!raw.contains("clarityq-usage: attempt"), "{raw:?}");
    // Cleared when done: nothing of it is left on the screen.
    let screen = p.screen();
    assert!(screen.trim().is_empty(), "{screen:?}");
    let csv = std::fs::read_to_string(home.path().join("out.csv")).unwrap();
    assert!(csv.lines().count() > 100);
}

#[test]
fn quiet_draws_nothing() {
    let demo = common::demo(4, 60, 400);
    let home = tempfile::tempdir().unwrap();
    slow_and_flaky(&demo);
    let (p, code) = export_in_pty(&demo, home.path(), true);
    assert_eq!(code, Some(0), "{}", p.screen());
    let raw = String::from_utf8_lossy(&p.raw()).into_owned();
    assert!(
        !raw.contains("fetching") && !raw.contains("retrying"),
        "{raw:?}"
    );
}

#[test]
fn a_pipe_gets_no_line_only_the_retry_note() {
    let demo = common::demo(4, 60, 400);
    let home = tempfile::tempdir().unwrap();
    slow_and_flaky(&demo);
    let out = common::binary(home.path(), &demo.server)
        .args(["export", "--last", "1y"])
        .env("CLARITYQ_PRODUCT_ID", demo.server.product_id().to_string())
        .env("CLARITYQ_API_KEY", demo.server.api_key())
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !err.contains("fetching") && !err.contains('\x1b'),
        "{err:?}"
    );
    assert_eq!(err.lines().count(), 1, "{err:?}");
    assert!(err.contains("retrying in"), "{err:?}");
}
