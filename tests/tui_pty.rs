//! The dashboard as a person drives it: the real binary in a pty against the contract
//! server. Keys `o`, `]`, `[`, `/` with text, Enter, Esc and `q`, a click and the wheel;
//! the tests read the screen and the requests the server received, and check the terminal
//! is given back.

mod common;

use std::time::Duration;

use clarityq_usage::dates::{DateRange, today_utc};
use common::pty::Pty;

const WAIT: Duration = Duration::from_secs(15);

fn env(home: &std::path::Path, server: &clarityq_usage::demo::DemoServer) -> Vec<(String, String)> {
    common::pty_env(home, server, &[("NO_COLOR", "1")])
}

/// The KPI line ("Prompts 1,234   Active users ...") of a screen.
fn kpis(screen: &str) -> String {
    let line = screen
        .lines()
        .find(|l| l.contains("Prompts ") && l.contains("Active users"))
        .unwrap_or_else(|| panic!("no KPI line:\n{screen}"));
    line[line.find("Prompts ").unwrap()..].trim().to_string()
}

#[test]
fn keys_drive_requests_and_the_screen() {
    let demo = common::demo_now(11, 60, 120);
    let server = &demo.server;
    let home = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(
        &["--last", "30d"],
        &env(home.path(), server),
        home.path(),
        120,
        40,
    );
    let first = pty
        .wait_for("Active users", WAIT)
        .unwrap_or_else(|s| panic!("no table:\n{s}"));
    assert!(first.contains("origin All"), "{first}");
    let all_total = kpis(&first);

    pty.send(b"o");
    let s = pty
        .wait_for("origin APP", WAIT)
        .unwrap_or_else(|s| panic!("{s}"));
    pty.wait_until(
        |s| !s.contains("updating") && s.contains("origin APP"),
        WAIT,
    )
    .unwrap();
    assert!(
        server
            .requests()
            .iter()
            .any(|r| r.param("origin") == ["APP"]),
        "o asked for APP"
    );
    let app_screen = pty.screen();
    let app_total = kpis(&app_screen);
    assert_ne!(
        app_total, all_total,
        "the figures changed with the origin:\n{s}"
    );

    pty.send(b"]");
    pty.wait_for("the next period is in the future", WAIT)
        .unwrap_or_else(|s| panic!("{s}"));
    // The period before was fetched already, for the KPIs' "vs previous period".
    let asked = |start: &str| {
        server
            .requests()
            .iter()
            .filter(|r| r.param("start_date") == [start] && r.param("origin") == ["APP"])
            .count()
    };
    let previous = DateRange::last_days(today_utc(), 30).previous();
    let previous_start = previous.start().to_string();
    let previous_start = previous_start.as_str();
    let before = asked(previous_start);
    assert_eq!(before, 1);
    pty.send(b"[");
    let s = pty
        .wait_until(|s| !s.contains("(30d)") && s.contains("origin APP"), WAIT)
        .unwrap_or_else(|s| panic!("{s}"));
    assert!(
        s.contains(&format!(
            "{} .. {} UTC (30 days)",
            previous.start(),
            previous.end()
        )),
        "{s}"
    );
    assert_eq!(
        asked(previous_start),
        before,
        "shown from the cache, not asked again"
    );
    pty.send(b"]");
    pty.wait_for("(30d)", WAIT)
        .unwrap_or_else(|s| panic!("{s}"));

    pty.send(b"/");
    pty.send(b"ada");
    pty.wait_for("search \"ada\"", WAIT)
        .unwrap_or_else(|s| panic!("{s}"));
    pty.send(b"\r");
    let reqs = server.requests();
    let searched = reqs.iter().filter(|r| r.param("search") == ["ada"]).count();
    assert!(searched >= 1, "the search went to the server");
    assert!(
        reqs.iter().all(|r| r
            .param("search")
            .iter()
            .all(|s| !s.is_empty() && *s != "a" && *s != "ad")),
        "debounced: no request per keystroke"
    );

    pty.send(b"\r");
    let s = pty
        .wait_for("By origin", WAIT)
        .unwrap_or_else(|s| panic!("{s}"));
    assert!(s.contains("By product"), "{s}");
    pty.wait_until(|s| !s.contains("loading…"), WAIT)
        .unwrap_or_else(|s| panic!("{s}"));
    let per_origin = server
        .requests()
        .iter()
        .filter(|r| r.param("search") == ["ada"] && !r.param("origin").is_empty())
        .count();
    assert!(per_origin >= 3, "one request per origin for the detail");

    pty.send(b"\x1b");
    pty.wait_for("Users (", WAIT)
        .unwrap_or_else(|s| panic!("{s}"));
    pty.send(b"q");
    assert_eq!(pty.wait_exit(WAIT), Some(0));
    let raw = pty.raw();
    let tail = String::from_utf8_lossy(&raw[raw.len().saturating_sub(400)..]).to_string();
    assert!(
        tail.contains("\x1b[?1049l"),
        "left the alternate screen: {tail:?}"
    );
    assert!(tail.contains("\x1b[?1000l"), "mouse capture off: {tail:?}");
    assert!(
        !String::from_utf8_lossy(&raw).contains(server.api_key()),
        "the key never reaches the screen"
    );
}

#[test]
fn no_color_keeps_the_selection_visible() {
    let demo = common::demo_now(12, 20, 40);
    let home = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(&[], &env(home.path(), &demo.server), home.path(), 100, 30);
    pty.wait_for("Active users", WAIT)
        .unwrap_or_else(|s| panic!("{s}"));
    let raw = String::from_utf8_lossy(&pty.raw()).to_string();
    assert!(
        !raw.contains("\x1b[38;") && !raw.contains("\x1b[48;"),
        "no colours under NO_COLOR"
    );
    assert!(
        pty.wait_raw("\x1b[7m", WAIT),
        "the selection is reverse video"
    );
    pty.send(b"q");
    assert_eq!(pty.wait_exit(WAIT), Some(0));
}

/// The mouse as the terminal reports it (SGR, `?1006`): a click on the table's `Days`
/// header sorts by active days, and the wheel moves the selection down a row.
#[test]
fn a_click_sorts_and_the_wheel_scrolls() {
    let demo = common::demo_now(13, 20, 40);
    let home = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(&[], &env(home.path(), &demo.server), home.path(), 100, 30);
    // The table's header itself: a screen read while a frame is being written can hold
    // the figures above it and not yet the table.
    let header = |l: &str| l.contains("Total") && l.contains("Days");
    let screen = pty
        .wait_until(|s| s.lines().any(header), WAIT)
        .unwrap_or_else(|s| panic!("no table header:\n{s}"));
    let (y, line) = (screen.lines().enumerate())
        .find(|(_, l)| l.contains("Total") && l.contains("Days"))
        .unwrap_or_else(|| panic!("no table header:\n{screen}"));
    let x = line[..line.find("Days").unwrap()].chars().count();
    // Columns and rows count from 1; `M` is the press, `m` the release.
    pty.send(format!("\x1b[<0;{};{}M\x1b[<0;{};{}m", x + 1, y + 1, x + 1, y + 1).as_bytes());
    let sorted = pty
        .wait_for("↓Days", WAIT)
        .unwrap_or_else(|s| panic!("the click did not sort:\n{s}"));
    let first = sorted.lines().nth(y + 1).unwrap().to_string();
    // Wheel down over the table: the selection leaves the first row for the second.
    pty.send(format!("\x1b[<65;{};{}M", x + 1, y + 3).as_bytes());
    pty.send(b"\r");
    let detail = pty
        .wait_for("Esc goes back", WAIT)
        .unwrap_or_else(|s| panic!("{s}"));
    let second = sorted.lines().nth(y + 2).unwrap();
    let email = second
        .split_whitespace()
        .next()
        .unwrap()
        .trim_end_matches('…');
    let above = first
        .split_whitespace()
        .next()
        .unwrap()
        .trim_end_matches('…');
    assert_ne!(above, email);
    assert!(
        detail.contains(email) && !detail.contains(above),
        "{second}\n{detail}"
    );
    // `q` goes back from the detail, then quits.
    pty.send(b"q");
    pty.wait_until(
        |s| s.contains("↓Days") && !s.contains("Esc goes back"),
        WAIT,
    )
    .unwrap_or_else(|s| panic!("{s}"));
    pty.send(b"q");
    assert_eq!(pty.wait_exit(WAIT), Some(0));
}
