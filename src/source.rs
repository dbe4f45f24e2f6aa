//! Where the rows come from, opened once by the command (`cmd::open`) and read by the
//! export and the dashboard alike. Cloning is cheap (a client handle, an `Arc`), so each
//! fetch task can own one.

use std::path::PathBuf;
use std::sync::Arc;

use crate::api::Client;
use crate::cache::WindowCache;
use crate::model::Usage;

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
    Saved(PathBuf),
}
