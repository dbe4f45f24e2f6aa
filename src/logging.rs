//! The log file: `$XDG_STATE_HOME/clarityq-usage/clarityq-usage.log` (0600, folder 0700),
//! level from `CLARITYQ_LOG` (default `info`). Never the terminal: the dashboard owns it.
//! Nothing logged carries the key or a URL's query.

use std::path::PathBuf;
use std::sync::Mutex;

/// The log file's path.
pub fn log_path() -> Option<PathBuf> {
    let state = std::env::var_os("XDG_STATE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| {
            std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local").join("state"))
        })?;
    Some(state.join("clarityq-usage").join("clarityq-usage.log"))
}

/// Starts logging to the file; silently does nothing when it cannot (a log must never stop
/// the program).
pub fn init() -> Option<()> {
    let path = log_path()?;
    crate::config::create_private_dir(path.parent()?).ok()?;
    let mut o = std::fs::OpenOptions::new();
    o.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    let file = o.open(&path).ok()?;
    let level = std::env::var("CLARITYQ_LOG").unwrap_or_else(|_| "info".into());
    let filter =
        tracing_subscriber::EnvFilter::try_new(format!("warn,clarityq_usage={level}")).ok()?;
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(Mutex::new(file))
        .try_init()
        .ok()
}
