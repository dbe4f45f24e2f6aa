//! Where the rows come from, opened once by the command (`cmd::open`) and read by the
//! export and the dashboard alike. Cloning is cheap (a client handle, an `Arc`), so each
//! fetch task can own one.

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
}
