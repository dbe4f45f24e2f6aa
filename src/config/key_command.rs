//! `api_key_command`: the key printed by a command (a password manager, a keyring), run
//! with `sh -c` only when the key is needed. It runs as a child process awaited by tokio,
//! never blocking a runtime worker, and is bounded in time: a command that waits for input
//! that will never come is killed, with every process it started (its process group),
//! and the user gets one line saying so. Its stdout (the
//! key) is never shown; of its stderr, only the first line, sanitised.

use std::process::Stdio;
use std::time::Duration;

use crate::api::{ApiKey, KeySource};
use crate::sanitize::one_line;

use super::ConfigError;

/// How long the command may take.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// Runs `command` with `sh -c`, killed after `bound`; its trimmed stdout is the key.
pub async fn run(
    command: &str,
    source: &KeySource,
    bound: Duration,
) -> Result<ApiKey, ConfigError> {
    let fail = |what: String| ConfigError::KeyCommand(format!("{source} {what}"));
    let mut child = tokio::process::Command::new("sh")
        .arg("-c")
        .arg(command)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // Its own process group, so that on timeout the shell and everything it started
        // go together (killing the shell alone leaves its children running).
        .process_group(0)
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| fail(format!("could not start: {e}")))?;
    let group = child.id();
    // Both pipes are read while the command runs, so a chatty one cannot fill a pipe and
    // stall until the bound; and no further than `MAX_OUTPUT`: `yes` took 838 MB in the
    // ten seconds before it was stopped, and a 10 MB "key" was sent as a header.
    let out = match tokio::time::timeout(bound, bounded_output(&mut child)).await {
        Ok(Ok(Some(out))) => out,
        Ok(Ok(None)) => {
            kill_group(group);
            let most = MAX_OUTPUT >> 10;
            return Err(fail(format!(
                "printed more than {most} KiB: it should print the key alone"
            )));
        }
        Ok(Err(e)) => return Err(fail(format!("failed: {e}"))),
        Err(_) => {
            kill_group(group);
            return Err(fail(format!("did not finish within {}", seconds(bound))));
        }
    };
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        let first = err.lines().next().map(one_line).unwrap_or_default();
        let first = without_tokens(&first);
        let detail = if first.is_empty() {
            String::new()
        } else {
            format!(": {first}")
        };
        return Err(fail(format!("failed ({}){detail}", out.status)));
    }
    ApiKey::new(String::from_utf8_lossy(&out.stdout).into_owned())
        .ok_or_else(|| fail("printed nothing".into()))
}

/// The most of a key command's output that is kept: a key is under a kilobyte. Past it on
/// stdout the command is stopped; of stderr (whose first line an error shows) the rest is
/// read and dropped, as a chatty agent's warnings may run long before the key comes.
const MAX_OUTPUT: u64 = 64 << 10;

/// The command's exit and both streams, read together; `None` when stdout is longer than
/// [`MAX_OUTPUT`] (said as soon as it is: the other stream is not waited for).
async fn bounded_output(
    child: &mut tokio::process::Child,
) -> std::io::Result<Option<std::process::Output>> {
    use std::io::ErrorKind::FileTooLarge;
    use tokio::io::AsyncReadExt;
    let (Some(mut so), Some(mut se)) = (child.stdout.take(), child.stderr.take()) else {
        return Err(std::io::Error::other("its output could not be read"));
    };
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    let out = async {
        let n = (&mut so)
            .take(MAX_OUTPUT + 1)
            .read_to_end(&mut stdout)
            .await?;
        match n as u64 > MAX_OUTPUT {
            true => Err(std::io::Error::from(FileTooLarge)),
            false => Ok(()),
        }
    };
    let err = async {
        (&mut se).take(MAX_OUTPUT).read_to_end(&mut stderr).await?;
        tokio::io::copy(&mut se, &mut tokio::io::sink()).await
    };
    match tokio::try_join!(out, err) {
        Err(e) if e.kind() == FileTooLarge => return Ok(None),
        Err(e) => return Err(e),
        Ok(_) => {}
    }
    let status = child.wait().await?;
    Ok(Some(std::process::Output {
        status,
        stdout,
        stderr,
    }))
}

/// `line` with every word that could be a key (12 characters or more of letters, digits
/// and `-_.+/=`, with a digit) shown as `<redacted>`: a command that failed after printing
/// its key on stderr put it in the error and the log. A password manager's message
/// ("gpg: decryption failed: No secret key") has no such word.
fn without_tokens(line: &str) -> String {
    let keyish = |w: &str| {
        w.len() >= 12
            && w.chars().any(|c| c.is_ascii_digit())
            && w.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.+/=".contains(c))
    };
    let words = line.split(' ').map(|w| match keyish(w) {
        true => "<redacted>",
        false => w,
    });
    words.collect::<Vec<_>>().join(" ")
}

/// Kills the process group led by `leader` (the shell: its id is the group's id).
fn kill_group(leader: Option<u32>) {
    let pid = leader
        .and_then(|id| i32::try_from(id).ok())
        .and_then(rustix::process::Pid::from_raw);
    if let Some(pid) = pid
        && let Err(e) = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL)
    {
        tracing::warn!("cannot end api_key_command's processes: {e}");
    }
}

/// "10 s", or "0.2 s" for the short bounds of tests.
fn seconds(d: Duration) -> String {
    if d.subsec_millis() == 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::time::Instant;

    fn source() -> KeySource {
        KeySource::Command {
            path: PathBuf::from("/cfg/config.toml"),
            profile: None,
        }
    }

    #[tokio::test]
    async fn a_command_that_hangs_is_cut_at_the_bound_with_one_line() {
        let t = Instant::now();
        let e = run(
            "printf sk-HANG-CANARY; sleep 30",
            &source(),
            Duration::from_millis(300),
        )
        .await
        .unwrap_err()
        .to_string();
        assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
        assert!(e.contains("did not finish within 0.3 s"), "{e}");
        assert!(
            e.contains("api_key_command"),
            "names where it comes from: {e}"
        );
        assert_eq!(e.lines().count(), 1, "{e}");
        assert!(!e.contains("CANARY"), "the key is never shown: {e}");
    }

    /// `yes` as a key command: stopped at the bound of its output, at once, in one line
    /// (it took 838 MB in the ten seconds before its time was up), whatever its stderr.
    #[tokio::test]
    async fn a_command_that_prints_too_much_is_stopped_at_its_bound() {
        let t = Instant::now();
        for cmd in [
            "yes sk-FLOOD-CANARY",
            "yes sk-ERR-CANARY >&2 & yes sk-FLOOD-CANARY",
        ] {
            let e = run(cmd, &source(), Duration::from_secs(10))
                .await
                .unwrap_err()
                .to_string();
            assert!(e.contains("printed more than 64 KiB"), "{cmd}: {e}");
            assert!(!e.contains("CANARY") && e.lines().count() == 1, "{e}");
        }
        assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
        // A key with its line break, under the bound, is still the key.
        let key = run("printf 'sk-fine\\n'", &source(), Duration::from_secs(10)).await;
        assert!(key.is_ok());
    }

    #[tokio::test]
    async fn on_timeout_the_commands_children_end_too() {
        let dir = tempfile::tempdir().unwrap();
        let pidfile = dir.path().join("pid");
        // A background child that would outlive the shell, as a password manager's agent.
        let cmd = format!("sleep 30 & echo $! > '{}'; sleep 30", pidfile.display());
        let e = run(&cmd, &source(), Duration::from_millis(500))
            .await
            .unwrap_err()
            .to_string();
        assert!(e.contains("did not finish"), "{e}");
        let pid: u32 = std::fs::read_to_string(&pidfile)
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        let status = format!("/proc/{pid}/status");
        let gone = || {
            std::fs::read_to_string(&status)
                .map(|s| {
                    s.lines()
                        .any(|l| l.starts_with("State:") && l.contains('Z'))
                })
                .unwrap_or(true)
        };
        let t = Instant::now();
        while !gone() && t.elapsed() < Duration::from_secs(5) {
            std::thread::sleep(Duration::from_millis(20));
        }
        assert!(gone(), "the grandchild {pid} still runs");
    }

    #[test]
    fn the_bound_is_ten_seconds() {
        assert_eq!(TIMEOUT, Duration::from_secs(10));
        assert_eq!(seconds(TIMEOUT), "10 s");
    }

    #[tokio::test]
    async fn failures_show_one_sanitised_stderr_line_and_never_stdout() {
        let cmd = "printf sk-FAIL-CANARY; printf 'locked\\033[2J\\nsecond line\\n' >&2; exit 3";
        let e = run(cmd, &source(), TIMEOUT).await.unwrap_err().to_string();
        assert!(e.contains("failed (exit status: 3): locked"), "{e}");
        assert!(
            !e.contains('\x1b') && !e.contains("second") && !e.contains("CANARY"),
            "{e}"
        );
        let e = run("true", &source(), TIMEOUT)
            .await
            .unwrap_err()
            .to_string();
        assert!(e.ends_with("printed nothing"), "{e}");
        // A key printed on stderr before the failure is not repeated; the words are.
        let cmd = "echo 'token SECRETKEY123abc refused' >&2; exit 3";
        let e = run(cmd, &source(), TIMEOUT).await.unwrap_err().to_string();
        assert!(e.ends_with(": token <redacted> refused"), "{e}");
        let said = without_tokens("gpg: decryption failed: No secret key");
        assert_eq!(said, "gpg: decryption failed: No secret key");
    }

    #[tokio::test]
    async fn a_chatty_command_does_not_stall() {
        // More than a pipe holds on stderr before the key: read as it comes, not after.
        let cmd = "head -c 300000 /dev/zero >&2; printf 'sk-chatty\\n'";
        let t = Instant::now();
        let k = run(cmd, &source(), TIMEOUT).await.unwrap();
        assert_eq!(k.expose(), "sk-chatty");
        assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
    }

    #[tokio::test(flavor = "current_thread")]
    async fn the_runtime_keeps_running_while_the_command_does() {
        // On a single-threaded runtime, a command run in place would freeze this ticker.
        let ticks = Arc::new(AtomicU32::new(0));
        let t = ticks.clone();
        let ticker = tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_millis(10)).await;
                t.fetch_add(1, Ordering::Relaxed);
            }
        });
        let k = run("sleep 0.4; printf sk-slow", &source(), TIMEOUT)
            .await
            .unwrap();
        ticker.abort();
        assert_eq!(k.expose(), "sk-slow");
        assert!(ticks.load(Ordering::Relaxed) >= 10, "{ticks:?}");
    }
}
