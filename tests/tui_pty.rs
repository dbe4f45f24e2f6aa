//! The dashboard end to end: the real binary in a pseudo-terminal (120x40) against the
//! contract server, read back through a terminal emulator (vt100). Keys are pressed as a
//! person would (`o`, `]`, `/` and text, Enter, Esc, `q`); the test checks what the screen
//! says, which requests the server received, and that the terminal is given back.

mod common;

use std::collections::HashMap;
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use clarityq_usage::api::Origin;
use clarityq_usage::demo::{Org, RowFilter};
use clarityq_usage::export::thousands;
use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const ROWS: u16 = 40;
const COLS: u16 = 120;

/// Everything the program wrote, and the screen it makes.
struct Screen {
    parser: vt100::Parser,
    raw: Vec<u8>,
}

struct Pty {
    screen: Arc<Mutex<Screen>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Pty {
    fn text(&self) -> String {
        self.screen.lock().unwrap().parser.screen().contents()
    }

    /// Waits until the screen satisfies `ok`, or fails with the screen as it is.
    fn wait_for(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let s = self.text();
            if ok(&s) {
                return s;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; the screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    fn press(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }
}

/// Prompts per user email for a query, straight from the organization's rows.
fn totals(
    org: &Org,
    start: &str,
    end: &str,
    origin: Origin,
    search: Option<&str>,
) -> Vec<(String, u64)> {
    let d = |s: &str| clarityq_usage::dates::parse_date(s).unwrap();
    let rows = org.rows(&RowFilter {
        start: d(start),
        end: d(end),
        product_ids: &[],
        search,
        origin: Some(origin),
    });
    let mut by: HashMap<String, u64> = HashMap::new();
    for r in rows {
        *by.entry(r.user_email).or_default() += r.prompt_count;
    }
    let mut v: Vec<_> = by.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}

fn start(demo: &common::Demo, home: &std::path::Path, args: &[&str]) -> Pty {
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: ROWS,
            cols: COLS,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_clarityq-usage"));
    cmd.args(args);
    cmd.env_clear();
    cmd.cwd(home);
    let server = &demo.server;
    for (k, v) in [
        ("PATH", std::env::var("PATH").unwrap_or_default()),
        ("HOME", home.display().to_string()),
        ("TERM", "xterm-256color".into()),
        ("NO_COLOR", "1".into()),
        ("XDG_CONFIG_HOME", home.join("config").display().to_string()),
        ("XDG_CACHE_HOME", home.join("cache").display().to_string()),
        ("XDG_STATE_HOME", home.join("state").display().to_string()),
        ("CLARITYQ_BASE_URL", server.base_url()),
        ("CLARITYQ_PRODUCT_ID", server.product_id().to_string()),
        ("CLARITYQ_API_KEY", server.api_key().to_string()),
    ] {
        cmd.env(k, v);
    }
    let child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let screen = Arc::new(Mutex::new(Screen {
        parser: vt100::Parser::new(ROWS, COLS, 0),
        raw: Vec::new(),
    }));
    let mut reader = pair.master.try_clone_reader().unwrap();
    let sink = screen.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            let mut s = sink.lock().unwrap();
            s.parser.process(&buf[..n]);
            s.raw.extend_from_slice(&buf[..n]);
        }
    });
    let writer = pair.master.take_writer().unwrap();
    // The master must stay open while the child runs.
    std::mem::forget(pair.master);
    Pty {
        screen,
        writer,
        child,
    }
}

fn wait_exit(pty: &mut Pty) -> portable_pty::ExitStatus {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(st) = pty.child.try_wait().unwrap() {
            return st;
        }
        if Instant::now() > deadline {
            let _ = pty.child.kill();
            panic!("the dashboard did not exit; the screen:\n{}", pty.text());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn keys_drive_requests_and_the_terminal_is_given_back() {
    let demo = common::demo(42, 60, 120);
    let home = tempfile::tempdir().unwrap();
    let org = demo.server.org().clone();
    let mut pty = start(
        &demo,
        home.path(),
        &["--from", "2026-09-27", "--to", "2026-10-26"],
    );

    // First view: the range from the command line, all origins.
    pty.wait_for("the first view", |s| {
        s.contains("2026-09-27 .. 2026-10-26") && s.contains("Prompts ") && !s.contains("updating")
    });
    let first = demo.server.requests();
    assert!(
        first
            .iter()
            .any(|r| r.param("start_date") == ["2026-09-27"] && r.param("origin").is_empty()),
        "{first:?}"
    );

    // o: the next origin, APP, fetched with origin=APP.
    pty.press("o");
    pty.wait_for("origin APP", |s| {
        s.contains("origin APP") && !s.contains("updating")
    });
    assert!(
        demo.server
            .requests()
            .iter()
            .any(|r| r.param("origin") == ["APP"] && r.param("start_date") == ["2026-09-27"])
    );

    // ]: the next period of the same length, still APP; the total is the rows' sum.
    pty.press("]");
    let s = pty.wait_for("the next period", |s| {
        s.contains("2026-10-27 .. 2026-11-25") && !s.contains("updating")
    });
    assert!(demo.server.requests().iter().any(|r| {
        r.param("start_date") == ["2026-10-27"]
            && r.param("end_date") == ["2026-11-25"]
            && r.param("origin") == ["APP"]
    }));
    let all = totals(&org, "2026-10-27", "2026-11-25", Origin::App, None);
    let total: u64 = all.iter().map(|(_, n)| n).sum();
    assert!(
        s.contains(&format!("Prompts {}", thousands(total))),
        "expected {} prompts:\n{s}",
        thousands(total)
    );

    // /: search by a first name that the busiest user has; the server does the matching.
    let needle = all[0].0.split('.').next().unwrap().to_string();
    pty.press("/");
    pty.press(&needle);
    pty.press("\r");
    let s = pty.wait_for("the search", |s| {
        s.contains(&format!("search \"{needle}\"")) && !s.contains("updating")
    });
    assert!(
        demo.server
            .requests()
            .iter()
            .any(|r| r.param("search") == [needle.as_str()] && r.param("origin") == ["APP"]),
        "no request searched for {needle}"
    );
    let found = totals(&org, "2026-10-27", "2026-11-25", Origin::App, Some(&needle));
    let (top_email, top_total) = found[0].clone();
    assert!(s.contains(&top_email), "{top_email} not listed:\n{s}");
    // The search narrowed the table: someone listed before and not matching is gone.
    if let Some((other, _)) = all.iter().find(|(e, _)| !found.iter().any(|(f, _)| f == e)) {
        assert!(
            !s.contains(other.as_str()),
            "{other} should be filtered out:\n{s}"
        );
    }

    // Enter: the top user's detail, with one request per other origin.
    demo.server.clear_requests();
    pty.press("\r");
    let s = pty.wait_for("the detail", |s| {
        s.contains("By origin") && s.contains("API_KEY") && !s.contains("updating")
    });
    assert!(s.contains(&top_email), "{s}");
    assert!(
        s.contains(&format!("prompts {}", thousands(top_total))),
        "{s}"
    );
    let origins: Vec<String> = demo
        .server
        .requests()
        .iter()
        .flat_map(|r| {
            r.param("origin")
                .into_iter()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    for o in ["SLACK", "API_KEY"] {
        assert!(
            origins.iter().any(|x| x == o),
            "no {o} request: {origins:?}"
        );
    }

    // Esc goes back; q quits with status 0 and the terminal given back.
    pty.press("\x1b");
    pty.wait_for("the main screen", |s| {
        s.contains("Users (") && !s.contains("By origin")
    });
    pty.press("q");
    let status = wait_exit(&mut pty);
    assert!(status.success(), "exit status {status:?}");
    // Let the reader drain what was written before the exit.
    std::thread::sleep(Duration::from_millis(200));
    let scr = pty.screen.lock().unwrap();
    assert!(
        !scr.parser.screen().alternate_screen(),
        "still on the alternate screen"
    );
    let raw = String::from_utf8_lossy(&scr.raw);
    let entered = raw
        .rfind("\x1b[?1049h")
        .expect("entered the alternate screen");
    let left = raw.rfind("\x1b[?1049l").expect("left the alternate screen");
    assert!(left > entered);
    // Mouse reporting is switched off again.
    assert!(
        raw[entered..].contains("\x1b[?1000l"),
        "mouse capture left on"
    );
    // Nothing is drawn after leaving (at most the cursor is shown again).
    let tail = &raw[left + "\x1b[?1049l".len()..];
    assert!(
        tail.replace("\x1b[?25h", "").trim().is_empty(),
        "output after leaving: {tail:?}"
    );
    // The key never reaches the screen.
    assert!(!raw.contains(demo.server.api_key()));
}
