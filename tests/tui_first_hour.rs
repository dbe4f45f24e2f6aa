//! What a new administrator trips over, in the real binary in a pty against the contract
//! server: `[` on "this month" steps to all of last month, Esc does not quit, the footer
//! at 80x24 keeps `? help` and `q quit`, a column's own key sorts by it, `e` in a person's
//! detail writes that person's rows into `export_dir`, and a range asked while the server
//! is down is kept and fetched once it answers again.

mod common;

use std::time::Duration;

use chrono::{Datelike, Months};
use clarityq_usage::dates::today_utc;
use clarityq_usage::demo::Fault;
use common::pty::Pty;

const WAIT: Duration = Duration::from_secs(20);

fn spawn(home: &std::path::Path, demo: &common::Demo, cols: u16, rows: u16) -> Pty {
    let env = common::pty_env(home, &demo.server, &[("NO_COLOR", "1")]);
    let pty = Pty::spawn(&["--last", "30d"], &env, home, cols, rows);
    pty.wait_until(
        |s| s.contains("Active users") && !s.contains("updating"),
        WAIT,
    )
    .unwrap_or_else(|s| panic!("no table:\n{s}"));
    pty
}

#[test]
fn brackets_on_this_month_step_to_all_of_last_month() {
    let demo = common::demo_now(31, 40, 120);
    let home = tempfile::tempdir().unwrap();
    let mut pty = spawn(home.path(), &demo, 120, 40);
    let today = today_utc();
    let first = today.with_day(1).unwrap();
    pty.send(b"4");
    pty.wait_for(&format!("{first} .. {today} UTC (this month)"), WAIT)
        .unwrap_or_else(|s| panic!("{s}"));
    pty.send(b"[");
    let start = first.checked_sub_months(Months::new(1)).unwrap();
    let end = first.pred_opt().unwrap();
    let s = pty
        .wait_for(&format!("{start} .. {end} UTC (last month)"), WAIT)
        .unwrap_or_else(|s| panic!("a whole month:\n{s}"));
    // Compared with the month before it, whose dates the header shows.
    let prev = start.checked_sub_months(Months::new(1)).unwrap();
    assert!(
        s.contains(&format!("vs {}", prev.format("%m-%d"))) || s.contains(&format!("vs {prev}")),
        "{s}"
    );
    pty.send(b"]");
    pty.wait_for(&format!("{first} .. {today} UTC (this month)"), WAIT)
        .unwrap_or_else(|s| panic!("{s}"));
    pty.send(b"q");
    assert_eq!(pty.wait_exit(WAIT), Some(0));
}

#[test]
fn esc_does_not_quit_and_the_footer_keeps_help_and_quit_at_80x24() {
    let demo = common::demo_now(32, 40, 60);
    let home = tempfile::tempdir().unwrap();
    let mut pty = spawn(home.path(), &demo, 80, 24);
    let s = pty.screen();
    let footer = s.lines().last().unwrap_or_default().to_string();
    assert!(
        footer.contains("? help") && footer.contains("q quit"),
        "{footer}"
    );
    pty.send(b"\x1b");
    std::thread::sleep(Duration::from_millis(400));
    // Still running: the help opens.
    pty.send(b"?");
    pty.wait_for("Keys (", WAIT)
        .unwrap_or_else(|s| panic!("Esc quit?\n{s}"));
    pty.send(b"?");
    pty.wait_for("What the numbers mean", WAIT)
        .unwrap_or_else(|s| panic!("{s}"));
    pty.send(b"x");
    pty.wait_until(|s| !s.contains("What the numbers mean"), WAIT)
        .unwrap_or_else(|s| panic!("{s}"));
    pty.send(b"q");
    assert_eq!(pty.wait_exit(WAIT), Some(0));
}

#[test]
fn a_columns_own_key_sorts_by_it() {
    let demo = common::demo_now(33, 40, 60);
    let home = tempfile::tempdir().unwrap();
    let mut pty = spawn(home.path(), &demo, 120, 40);
    pty.send(b"D");
    pty.wait_for("↓Days", WAIT)
        .unwrap_or_else(|s| panic!("{s}"));
    pty.send(b"D");
    pty.wait_for("↑Days", WAIT)
        .unwrap_or_else(|s| panic!("{s}"));
    pty.send(b"T");
    pty.wait_for("↓Total", WAIT)
        .unwrap_or_else(|s| panic!("{s}"));
    pty.send(b"q");
    assert_eq!(pty.wait_exit(WAIT), Some(0));
}

#[test]
fn e_in_the_detail_writes_that_persons_rows_into_export_dir() {
    let demo = common::demo_now(34, 30, 60);
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let dir = home.path().join("config").join("clarityq-usage");
    clarityq_usage::private_file::create_dir(&home.path().join("config")).unwrap();
    clarityq_usage::private_file::create_dir(&dir).unwrap();
    let cfg = format!("export_dir = \"{}\"\n", out.display());
    clarityq_usage::private_file::write_new(&dir.join("config.toml"), cfg.as_bytes()).unwrap();
    let mut pty = spawn(home.path(), &demo, 120, 40);
    pty.send(b"\r");
    let s = pty
        .wait_until(
            |s| s.contains("API_KEY") && !s.contains("loading…") && s.contains("Day "),
            WAIT,
        )
        .unwrap_or_else(|s| panic!("no detail:\n{s}"));
    let prompts: u64 = s
        .split("   prompts ")
        .nth(1)
        .and_then(|t| t.split_whitespace().next())
        .map(|n| n.replace(',', "").parse().unwrap())
        .expect("the person's prompts");
    pty.send(b"e");
    let s = pty
        .wait_for("wrote ", WAIT)
        .unwrap_or_else(|s| panic!("{s}"));
    assert!(s.contains(".csv: ") && s.contains(" rows"), "{s}");
    // Where it went: export_dir, named from the folder the dashboard runs in (here its
    // parent), so 80 columns keep the file's name.
    assert!(s.contains("wrote ./out/clarityq-usage-"), "the path:\n{s}");
    let files: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let text = std::fs::read_to_string(&files[0]).unwrap();
    // The header first (a comment line above it was read as the header).
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("user_id,user_email,date,product_name,origin,prompt_count")
    );
    let rows: Vec<&str> = lines.collect();
    // Each row and the file's name say whose rows they are.
    let email = rows[0].split(',').nth(1).unwrap();
    assert!(s.contains(email), "the email on screen:\n{s}");
    assert!(rows.iter().all(|l| l.split(',').nth(1) == Some(email)));
    let name = files[0].file_name().unwrap().to_str().unwrap();
    assert!(
        name.starts_with(&format!("clarityq-usage-person-{email}-")),
        "{name}"
    );
    let sum: u64 = rows
        .iter()
        .map(|l| l.rsplit(',').next().unwrap().parse::<u64>().unwrap())
        .sum();
    assert_eq!(sum, prompts, "the file adds up to the person's prompts");
    pty.send(b"q");
    pty.send(b"q");
    assert_eq!(pty.wait_exit(WAIT), Some(0));
}

#[test]
fn a_range_asked_during_an_outage_is_fetched_when_the_server_is_back() {
    let demo = common::demo_now(35, 40, 120);
    let home = tempfile::tempdir().unwrap();
    let mut pty = spawn(home.path(), &demo, 120, 40);
    demo.server
        .set_fault(Some(Fault::status_json(503, "down for maintenance")));
    pty.send(b"5");
    let s = pty
        .wait_until(|s| s.contains("pending") && !s.contains("updating"), WAIT)
        .unwrap_or_else(|s| panic!("not kept:\n{s}"));
    assert!(
        s.contains("(30d)"),
        "the header still describes the data shown:\n{s}"
    );
    demo.server.set_fault(None);
    pty.send(b"r");
    let s = pty
        .wait_until(
            |s| s.contains("(last month)") && !s.contains("pending"),
            WAIT,
        )
        .unwrap_or_else(|s| panic!("not fetched again:\n{s}"));
    assert!(s.contains("Active users"), "{s}");
    pty.send(b"q");
    assert_eq!(pty.wait_exit(WAIT), Some(0));
}
