//! The log file: `$XDG_STATE_HOME/clarityq-usage/clarityq-usage.log` (0600, folder 0700),
//! level from `CLARITYQ_LOG` (default `info`). Never the terminal: the dashboard owns it.
//! Nothing logged carries the key or a URL's query.

use std::path::PathBuf;
use std::sync::Mutex;

/// The log file's path.
pub fn log_path() -> Option<PathBuf> {
    crate::paths::log_file(&crate::paths::process_env)
}

/// Starts logging to the file; silently does nothing when it cannot (a log must never stop
/// the program).
pub fn init() -> Option<()> {
    let path = log_path()?;
    crate::private_file::create_dir(path.parent()?).ok()?;
    let file = crate::private_file::append(&path).ok()?;
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
