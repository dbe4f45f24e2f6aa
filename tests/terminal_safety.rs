//! The terminal is always given back: after a panic in the draw path, after SIGTERM and
//! SIGHUP, and the dashboard lives on after an API error or a panic in a fetch task. The
//! panics are test-only triggers (the `test-hooks` feature, on for `cargo test` only).

mod common;

use std::time::Duration;

use clarityq_usage::demo::Fault;
use common::pty::Pty;

const WAIT: Duration = Duration::from_secs(15);

fn start(extra: &[(&str, &str)]) -> (common::Demo, tempfile::TempDir, Pty) {
    let demo = common::demo_now(31, 25, 60);
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let env = common::pty_env(h, &demo.server, extra);
    let pty = Pty::spawn(&[], &env, h, 100, 30);
    (demo, home, pty)
}

/// What the program wrote after it last entered the alternate screen.
fn after_last_enter(pty: &Pty) -> String {
    let raw = String::from_utf8_lossy(&pty.raw()).to_string();
    let i = raw
        .rfind("\x1b[?1049h")
        .expect("entered the alternate screen");
    raw[i..].to_string()
}

/// All four given back: the alternate screen left, mouse capture off, the cursor shown
/// (from the output), and raw mode off (from the terminal's settings).
fn restored(pty: &Pty) -> bool {
    let tail = after_last_enter(pty);
    let screen = tail.contains("\x1b[?1049l");
    let mouse = tail.contains("\x1b[?1000l");
    let cursor = tail.rfind("\x1b[?25h") > tail.rfind("\x1b[?25l");
    let stty = pty.stty();
    let cooked = stty.split_whitespace().any(|w| w == "icanon")
        && stty.split_whitespace().any(|w| w == "echo");
    let all = screen && mouse && cursor && cooked;
    if !all {
        eprintln!("screen {screen} mouse {mouse} cursor {cursor} cooked {cooked}: {stty}");
    }
    all
}

#[test]
fn a_panic_while_drawing_gives_the_terminal_back() {
    let (demo, _home, mut pty) = start(&[("CLARITYQ_TEST_PANIC", "draw")]);
    assert_eq!(pty.wait_exit(WAIT), Some(101), "a panic exits 101");
    assert!(restored(&pty), "alternate screen and mouse capture off");
    let tail = after_last_enter(&pty);
    let leave = tail.find("\x1b[?1049l").unwrap();
    let msg = tail
        .find("a panic in the draw path")
        .expect("the panic message is shown");
    assert!(
        msg > leave,
        "the message comes after the screen is restored, so it stays readable"
    );
    assert!(!String::from_utf8_lossy(&pty.raw()).contains(demo.server.api_key()));
}

#[test]
fn every_signal_gives_the_terminal_back() {
    for (signal, code) in [("-TERM", 143), ("-HUP", 129), ("-INT", 130), ("-QUIT", 131)] {
        let (_demo, _home, mut pty) = start(&[]);
        pty.wait_for("Active users", WAIT)
            .unwrap_or_else(|s| panic!("{s}"));
        let pid = pty.pid().unwrap().to_string();
        assert!(
            std::process::Command::new("kill")
                .args([signal, &pid])
                .status()
                .unwrap()
                .success()
        );
        assert_eq!(pty.wait_exit(WAIT), Some(code), "{signal}");
        assert!(restored(&pty), "{signal}: terminal given back");
        // Clicks and the wheel, in SGR form; never a report of every move.
        let raw = String::from_utf8_lossy(&pty.raw()).to_string();
        assert!(raw.contains("\x1b[?1000h\x1b[?1006h"), "{signal}");
        assert!(!raw.contains("\x1b[?1003h") && !raw.contains("\x1b[?1002h"));
    }
}

#[test]
fn an_api_error_keeps_the_dashboard_and_its_data() {
    let (demo, _home, mut pty) = start(&[]);
    // The KPI line is whole once the previous period is in too (New and Dormant need it):
    // read it then, or a slow machine catches it half-drawn.
    let s = pty
        .wait_until(
            |s| s.contains("Active users") && s.contains("Dormant") && !s.contains("updating"),
            WAIT,
        )
        .unwrap_or_else(|s| panic!("{s}"));
    // The headline figures: prompts and active users (the rest of the line may be
    // redrawn as later answers land).
    let before = s
        .lines()
        .find(|l| l.contains("Prompts ") && l.contains("Active users"))
        .unwrap()
        .split("  New")
        .next()
        .unwrap()
        .to_string();
    demo.server.set_fault(Some(Fault::tracking_disabled()));
    pty.send(b"r");
    let s = pty
        .wait_for("access denied (403)", WAIT)
        .unwrap_or_else(|s| panic!("{s}"));
    assert!(
        s.contains("not enabled"),
        "the server's detail is shown: {s}"
    );
    assert!(
        s.contains(&before),
        "the last good data stays on screen:\n{s}"
    );
    demo.server.set_fault(Some(Fault::html(502)));
    // A range not in memory (each origin of this one is: the Origins block fetched it).
    pty.send(b"3");
    let s = pty
        .wait_for("server error (502", Duration::from_secs(30))
        .unwrap_or_else(|s| panic!("{s}"));
    assert!(!s.contains("<html"), "an HTML body is never shown");
    assert!(
        s.contains("(30d)"),
        "the filters went back to the data on screen: {s}"
    );
    demo.server.set_fault(None);
    pty.send(b"3");
    pty.wait_until(
        |s| !s.contains("server error") && s.contains("(90d)") && !s.contains("updating"),
        WAIT,
    )
    .unwrap_or_else(|s| panic!("{s}"));
    pty.send(b"q");
    assert_eq!(pty.wait_exit(WAIT), Some(0));
    assert!(restored(&pty));
}

#[test]
fn a_panic_in_a_fetch_task_is_an_error_line_not_a_torn_screen() {
    let (_demo, _home, mut pty) = start(&[("CLARITYQ_TEST_PANIC", "fetch")]);
    let s = pty
        .wait_for("internal error", WAIT)
        .unwrap_or_else(|s| panic!("{s}"));
    assert!(s.contains("ClarityQ usage"), "still drawing: {s}");
    assert!(
        !after_last_enter(&pty).contains("\x1b[?1049l"),
        "the screen was not torn down under a live program"
    );
    pty.send(b"q");
    assert_eq!(pty.wait_exit(WAIT), Some(0));
    assert!(restored(&pty));
}
