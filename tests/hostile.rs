//! A hostile server: names that hold escape sequences (a screen clear, a colour, an OSC 52
//! clipboard write, a one-byte C1 CSI, a bidi override). Printed to a terminal, none of
//! them may reach it raw, in any format; written to a file or a pipe, the data stays as it
//! came (quoted or escaped per format).

mod common;

use std::time::Duration;

use clarityq_usage::demo::{DemoServer, Fault};
use common::pty::Pty;
use uuid::Uuid;

const OSC52: &str = "\u{1b}]52;c;cm0gLXJmIH4=\u{7}";
const CLEAR: &str = "\u{1b}[2J";
const C1_CSI: &str = "\u{9b}31m";

fn hostile_body(s: &DemoServer) -> String {
    let today = common::today();
    let row = |user: u128, email: &str, product: &str, n: u32| {
        serde_json::json!({
            "product_id": s.product_id(), "product_name": product,
            "user_id": Uuid::from_u128(user), "user_email": email,
            "date": today.to_string(), "prompt_count": n,
        })
    };
    serde_json::Value::Array(vec![
        row(
            1,
            &format!("evil{OSC52}@x.io"),
            &format!("Prod{CLEAR}uct"),
            5,
        ),
        row(
            2,
            &format!("c1{C1_CSI}@x.io"),
            &format!("Prod{CLEAR}uct"),
            3,
        ),
        row(3, "bidi\u{202e}moc.x@x.io", "Prod", 2),
    ])
    .to_string()
}

/// Whether bytes hold anything from the data that could steer a terminal.
fn steers(raw: &[u8]) -> Option<&'static str> {
    let text = String::from_utf8_lossy(raw);
    if text.contains("\u{1b}]52") {
        return Some("OSC 52");
    }
    if text.contains(CLEAR) {
        return Some("ESC[2J");
    }
    if text.contains('\u{9b}') {
        return Some("C1 CSI");
    }
    if text.contains('\u{202e}') {
        return Some("bidi override");
    }
    if raw.contains(&0x1b) {
        return Some("ESC");
    }
    None
}

#[test]
fn export_to_a_terminal_carries_no_escape_from_the_data() {
    let demo = common::demo(71, 10, 30);
    let s = &demo.server;
    s.set_fault(Some(Fault::Body(hostile_body(s))));
    let home = tempfile::tempdir().unwrap();
    let env = common::pty_env(home.path(), s, &[]);
    let today = common::today().to_string();
    for format in ["csv", "json", "ndjson", "table"] {
        for group in ["row", "user", "product"] {
            // --quiet: the progress line on stderr is drawn with escapes of our own; what
            // is checked here is that none comes from the data.
            let args = [
                "export",
                "--quiet",
                "--from",
                &today,
                "--to",
                &today,
                "--format",
                format,
                "--group-by",
                group,
            ];
            let mut p = Pty::spawn(&args, &env, home.path(), 200, 50);
            let code = p.wait_exit(Duration::from_secs(20));
            let raw = p.raw();
            assert_eq!(
                code,
                Some(0),
                "{format}/{group}: {}",
                String::from_utf8_lossy(&raw)
            );
            assert!(
                ["x.io", "Prod"]
                    .iter()
                    .any(|w| String::from_utf8_lossy(&raw).contains(w)),
                "{format}/{group}: the rows are there"
            );
            if let Some(what) = steers(&raw) {
                panic!("{format}/{group}: {what} reached the terminal");
            }
        }
    }
}

/// `export` over a pipe (not a terminal) with `args`; its stdout.
fn export_piped(demo: &common::Demo, home: &std::path::Path, args: &[&str]) -> String {
    let s = &demo.server;
    let out = common::binary(home, s)
        .env("CLARITYQ_PRODUCT_ID", s.product_id().to_string())
        .env("CLARITYQ_API_KEY", s.api_key())
        .arg("export")
        .args(args)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn files_and_pipes_keep_the_data_as_it_came() {
    let demo = common::demo(72, 10, 30);
    let s = &demo.server;
    s.set_fault(Some(Fault::Body(hostile_body(s))));
    let home = tempfile::tempdir().unwrap();
    let today = common::today().to_string();
    let range = ["--from", &today, "--to", &today];
    let csv = export_piped(
        &demo,
        home.path(),
        &[&range[..], &["--format", "csv"]].concat(),
    );
    assert!(csv.contains(OSC52), "a pipe gets the email as it came");
    // JSON escapes C1 and bidi characters even in a file: `cat` of it is safe.
    let json = export_piped(
        &demo,
        home.path(),
        &[&range[..], &["--format", "json"]].concat(),
    );
    assert!(
        !json.contains('\u{9b}') && !json.contains('\u{202e}'),
        "{json}"
    );
    assert!(
        json.contains("\\u009b") && json.contains("\\u202e"),
        "{json}"
    );
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let emails: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["user_email"].as_str().unwrap())
        .collect();
    assert!(
        emails.contains(&format!("c1{C1_CSI}@x.io").as_str()),
        "data kept"
    );
}

#[test]
fn the_dashboard_draws_hostile_names_as_text() {
    let demo = common::demo_now(73, 10, 30);
    let s = &demo.server;
    let today = clarityq_usage::dates::today_utc();
    let body = hostile_body(s).replace(&common::today().to_string(), &today.to_string());
    s.set_fault(Some(Fault::Body(body)));
    let home = tempfile::tempdir().unwrap();
    let env = common::pty_env(home.path(), s, &[]);
    let mut p = Pty::spawn(&["--last", "7d"], &env, home.path(), 160, 48);
    p.wait_for("x.io", Duration::from_secs(20))
        .expect("the people are drawn");
    p.send(b"q");
    assert!(p.wait_exit(Duration::from_secs(10)).is_some());
    let raw = String::from_utf8_lossy(&p.raw()).into_owned();
    assert!(
        !raw.contains("\u{1b}]52;c;cm0g"),
        "no clipboard write from the data"
    );
    assert!(!raw.contains('\u{9b}'), "no C1 CSI");
    assert!(!raw.contains('\u{202e}'), "no bidi override");
}
