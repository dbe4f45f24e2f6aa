//! `max_response_mb` bounds what one response may hold: the real binary against a body
//! with no end stops with exit 5 and one line naming the limit, and its memory stays small
//! (peak resident size measured from outside).

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use clarityq_usage::demo::Fault;

/// Peak resident size in KiB of `cmd`, with its exit code and stderr: `/usr/bin/time` when
/// the machine has it, else the kernel's high-water mark read while it runs.
fn peak_kib(mut cmd: Command, dir: &Path) -> (u64, Option<i32>, String) {
    let time = Path::new("/usr/bin/time");
    if time.exists() {
        let report = dir.join("time.out");
        let mut t = Command::new(time);
        t.arg("-f").arg("%M").arg("-o").arg(&report);
        t.arg(cmd.get_program()).args(cmd.get_args());
        t.env_clear()
            .envs(cmd.get_envs().filter_map(|(k, v)| v.map(|v| (k, v))));
        let out = t.stdin(Stdio::null()).output().unwrap();
        let kib = std::fs::read_to_string(&report).unwrap();
        let kib = kib.lines().last().unwrap().trim().parse().unwrap();
        return (
            kib,
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into(),
        );
    }
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let status = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    let started = Instant::now();
    let code = loop {
        if let Ok(s) = std::fs::read_to_string(&status)
            && let Some(l) = s.lines().find(|l| l.starts_with("VmHWM:"))
        {
            let kib: u64 = l.split_whitespace().nth(1).unwrap().parse().unwrap();
            peak = peak.max(kib);
        }
        if let Some(st) = child.try_wait().unwrap() {
            break st.code();
        }
        assert!(started.elapsed() < Duration::from_secs(60), "still running");
        std::thread::sleep(Duration::from_millis(10));
    };
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    (peak, code, err)
}

#[test]
fn an_endless_body_stops_at_max_response_mb_in_small_memory() {
    bounded(Fault::Endless);
}

#[test]
fn a_gzip_bomb_stops_at_max_response_mb_of_inflated_bytes() {
    bounded(Fault::GzipBomb("gzip"));
}

/// Inflated by the client itself (the HTTP stack takes only `gzip` as spelt), bounded
/// the same way.
#[test]
fn a_gzip_bomb_labelled_x_gzip_in_capitals_stops_there_too() {
    bounded(Fault::GzipBomb("X-GZIP"));
}

/// The binary against a body past `max_response_mb = 8`: exit 5, one line naming the
/// bound, small peak memory.
fn bounded(fault: Fault) {
    let demo = common::demo(61, 30, 60);
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config.toml");
    std::fs::write(&config, "max_response_mb = 8\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    demo.server.set_fault(Some(fault));
    let mut cmd = common::binary(home.path(), &demo.server);
    cmd.args(["export", "--last", "7d", "--no-cache", "--config"])
        .arg(&config)
        .env("CLARITYQ_PRODUCT_ID", demo.server.product_id().to_string())
        .env("CLARITYQ_API_KEY", demo.server.api_key());
    let started = Instant::now();
    let (kib, code, err) = peak_kib(cmd, home.path());
    assert_eq!(code, Some(5), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("larger than 8 MiB") && err.contains("max_response_mb"),
        "{err}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
    eprintln!("peak resident size: {kib} KiB");
    assert!(kib > 1000, "a real measurement: {kib} KiB");
    assert!(kib < 200 * 1024, "peak {kib} KiB");
}
