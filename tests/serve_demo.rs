//! `serve-demo` as the README shows it: its first lines are shell `export`s; with them in
//! the environment, `export` talks to it; SIGTERM stops it cleanly.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[test]
fn serve_demo_prints_eval_lines_and_serves_them() {
    let home = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_clarityq-usage");
    let mut server = Command::new(bin)
        .args([
            "serve-demo",
            "--addr",
            "127.0.0.1:0",
            "--users",
            "50",
            "--days",
            "90",
        ])
        .env("XDG_STATE_HOME", home.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(server.stdout.take().unwrap()).lines();
    let mut vars = Vec::new();
    for _ in 0..3 {
        let line = lines.next().unwrap().unwrap();
        let (k, v) = line
            .strip_prefix("export ")
            .unwrap()
            .split_once('=')
            .unwrap();
        vars.push((k.to_string(), v.to_string()));
    }
    let names: Vec<&str> = vars.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        names,
        [
            "CLARITYQ_BASE_URL",
            "CLARITYQ_PRODUCT_ID",
            "CLARITYQ_API_KEY"
        ]
    );
    let out = Command::new(bin)
        .args([
            "export",
            "--group-by",
            "product",
            "--format",
            "table",
            "--last",
            "30d",
        ])
        .envs(vars.iter().cloned())
        .env("XDG_CONFIG_HOME", home.path())
        .env("XDG_STATE_HOME", home.path())
        .output()
        .unwrap();
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(table.contains("数据洞察 Insights"), "{table}");
    assert_eq!(
        table.lines().count(),
        6,
        "a header and five products: {table}"
    );
    let pid = server.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let status = server.wait().unwrap();
    assert!(
        status.success(),
        "SIGTERM stops the server cleanly: {status:?}"
    );
}

#[test]
fn serve_demo_refuses_non_loopback() {
    let out = serve_demo(&["--addr", "0.0.0.0:0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("loopback only"));
}

#[test]
fn too_many_users_is_a_usage_error_naming_the_maximum() {
    // Too many, none (it served one person as if asked), no days, days before the
    // calendar's start (it panicked) or past the longest range.
    let cases = [
        ("4000000000", "730"),
        ("0", "730"),
        ("400", "0"),
        ("400", "100000000"),
        ("400", "3661"),
    ];
    for (users, days) in cases {
        let out = serve_demo(&["--addr", "127.0.0.1:0", "--users", users, "--days", days]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.contains("1 to 1,000,000 users and 1 to 3,660 days"),
            "{err}"
        );
        assert!(!err.contains("backtrace") && out.stdout.is_empty(), "{err}");
    }
}

#[test]
fn a_busy_port_is_one_line_that_says_what_to_do() {
    let held = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = held.local_addr().unwrap().to_string();
    let out = serve_demo(&["--addr", &addr]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(&addr) && err.contains("--addr"), "{err}");
    assert!(
        out.stdout.is_empty(),
        "no eval lines for a server that is not there"
    );
}

/// `serve-demo ARGS` run to its end (a refusal), no input.
fn serve_demo(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_clarityq-usage"))
        .arg("serve-demo")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}
