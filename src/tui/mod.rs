//! The dashboard: a tokio event loop over the usage model. (Being built.)

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDate;

use crate::api::{Client, UsageQuery};
use crate::model::Usage;

/// Where the dashboard's data comes from.
#[derive(Clone, Debug)]
#[allow(clippy::large_enum_variant)] // one value per run
pub enum Source {
    /// The API (or the demo contract server), through the HTTP client.
    Api(Client),
    /// A saved response (`--input`): one fixed model; filters the API would apply are
    /// not available.
    Fixed(Arc<Usage>),
}

/// Everything the dashboard needs to start.
#[derive(Clone, Debug)]
pub struct Launch {
    pub source: Source,
    /// The first view's filters.
    pub query: UsageQuery,
    /// "Today" in UTC: fixed in tests and snapshots.
    pub today: NaiveDate,
    /// Auto-refresh interval; `None` for never.
    pub refresh: Option<Duration>,
    /// What the header calls the organization (host and product, or "demo").
    pub org_label: String,
    /// Where `e` writes its CSV files.
    pub export_dir: PathBuf,
    /// The command line that reproduces the current source, for `y` (never the key):
    /// e.g. `["clarityq-usage", "--demo"]` or `["clarityq-usage", "--profile", "acme"]`.
    pub command_base: Vec<String>,
}

/// Runs the dashboard until the user quits. Errors are one line each.
pub async fn run(_launch: Launch) -> Result<(), String> {
    Err("the dashboard is not built yet: use `clarityq-usage export`".into())
}
