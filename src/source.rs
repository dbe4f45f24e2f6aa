//! Where the rows come from, opened once by the command (`cmd::open`) and read by the
//! export and the dashboard alike. Cloning is cheap (a client handle, an `Arc`), so each
//! fetch task can own one.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use crate::api::Client;
use crate::cache::WindowCache;
use crate::model::{Keep, Usage};

/// Where rows come from.
#[derive(Clone, Debug)]
#[allow(clippy::large_enum_variant)] // one value per run
pub enum Source {
    /// The API (or the demo contract server), through the HTTP client, with the disk cache
    /// of settled windows when there is one (none for the demo, or with `--no-cache`).
    Api {
        client: Client,
        cache: Option<WindowCache>,
    },
    /// A saved response (`--input`): one fixed model; only its date range can change.
    Fixed(Arc<Usage>),
    /// A saved response file read again for each range asked of it, and folded as it is
    /// read (no rows held: `cmd::load::fetch`): a report's, a check's or a comparing
    /// export's two periods, one pass each. Never the dashboard's, which needs the rows.
    /// With `--team`, each pass adds the rows of the people the `Keep` keeps.
    Saved(PathBuf, FileStamp, Option<Keep>),
}

/// What a saved file was when it was opened: each reading checks that it is still that
/// file, unchanged, before and after, so that two periods are never read from two files
/// (one replaced between the passes) without a word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileStamp {
    len: u64,
    modified: Option<SystemTime>,
    /// Device and inode (a file renamed over it has the same length and time), and the
    /// change time, which a rewrite in place moves even when the modification time is
    /// put back.
    #[cfg(unix)]
    node: (u64, u64, i64, i64),
}

impl FileStamp {
    pub fn of(path: &Path) -> std::io::Result<Self> {
        let m = std::fs::metadata(path)?;
        Ok(FileStamp {
            len: m.len(),
            modified: m.modified().ok(),
            #[cfg(unix)]
            node: {
                use std::os::unix::fs::MetadataExt;
                (m.dev(), m.ino(), m.ctime(), m.ctime_nsec())
            },
        })
    }
}
