//! A hostile disk at the log's path: a FIFO there hung every command (the log was opened
//! for writing, which waits for a reader), a link there had each run append to wherever
//! it pointed, and a log left readable by others stayed so.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Runs `--demo export` with its files under `home` and trace logging; its exit code, or
/// `None` when it was still running after 20 s (then killed).
fn run(home: &Path) -> Option<i32> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_clarityq-usage"))
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .envs(common::home_env(home))
        .env("CLARITYQ_LOG", "trace")
        .args(["--demo", "export", "--group-by", "product"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(20) {
        if let Some(status) = child.try_wait().unwrap() {
            return status.code();
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    None
}

#[test]
fn a_fifo_a_link_or_an_open_log_at_the_log_path() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("state/clarityq-usage");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).unwrap();
    let log = dir.join("clarityq-usage.log");

    // A FIFO: the run ends (without a log) instead of waiting for a reader.
    let made = Command::new("mkfifo").arg(&log).status().unwrap();
    assert!(made.success());
    assert_eq!(
        run(home.path()),
        Some(0),
        "a FIFO at the log's path hung the run"
    );
    std::fs::remove_file(&log).unwrap();

    // A link: what it points at is not written.
    let victim = home.path().join("victim.txt");
    std::fs::write(&victim, "mine\n").unwrap();
    std::os::unix::fs::symlink(&victim, &log).unwrap();
    assert_eq!(run(home.path()), Some(0));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "mine\n");
    std::fs::remove_file(&log).unwrap();

    // The user's own log, left readable by others: written, and made 0600.
    std::fs::write(&log, "").unwrap();
    std::fs::set_permissions(&log, std::fs::Permissions::from_mode(0o644)).unwrap();
    assert_eq!(run(home.path()), Some(0));
    assert!(
        std::fs::metadata(&log).unwrap().len() > 0,
        "trace logging wrote"
    );
    let mode = std::fs::metadata(&log).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}
