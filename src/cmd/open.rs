//! Opening the data source: the API (with the disk cache of settled windows), the demo
//! organization (a contract server started for this run), or a saved response (`--input`).

use std::path::Path;
use std::time::Duration;

use chrono::NaiveDate;
use uuid::Uuid;

use crate::api::{ApiKey, Client, ClientOptions, KeySource};
use crate::cache::WindowCache;
use crate::cli::GlobalArgs;
use crate::config::Settings;
use crate::demo::{DemoOptions, DemoServer, OrgSpec};
use crate::model::{Ingest, RangeSpec, Usage};

use super::AppError;

/// Where rows come from.
pub enum Source {
    /// The API or the demo organization (the server lives as long as this value).
    Api {
        client: Client,
        label: String,
        demo: Option<DemoServer>,
        /// The disk cache of settled windows (none for the demo, or with --no-cache).
        cache: Option<WindowCache>,
    },
    /// A saved response.
    Saved(Usage),
}

/// Opens the API, the demo organization or the saved response. `spec` is the range a saved
/// response is read with.
pub async fn open(
    g: &GlobalArgs,
    settings: &Settings,
    today: NaiveDate,
    spec: RangeSpec,
) -> Result<Source, AppError> {
    if let Some(path) = &g.input {
        return Ok(Source::Saved(read_saved(path, spec).await?));
    }
    let opts = ClientOptions {
        total_timeout: Duration::from_secs(settings.timeout_secs.value.max(1)),
        ..Default::default()
    };
    if g.demo {
        return open_demo(today, opts).await;
    }
    let product = settings.product_uuid()?;
    let (key, source) = settings.resolve_key()?;
    let client = Client::new(&settings.base_url.value, product, key, source, opts)?;
    let label = format!("{} · product {}", client.host(), short_id(product));
    let cache = if g.no_cache {
        None
    } else {
        WindowCache::open_default()
    };
    Ok(Source::Api {
        client,
        label,
        demo: None,
        cache,
    })
}

/// Starts the demo organization on a free loopback port and a client for it.
async fn open_demo(today: NaiveDate, opts: ClientOptions) -> Result<Source, AppError> {
    let server = DemoServer::start(DemoOptions {
        org: OrgSpec {
            today,
            ..OrgSpec::default()
        },
        addr: None,
    })
    .await
    .map_err(|e| AppError::Failed(format!("cannot start the demo organization: {e}")))?;
    let key = ApiKey::new(server.api_key()).expect("demo key");
    let client = Client::new(
        &server.base_url(),
        server.product_id(),
        key,
        KeySource::Demo,
        opts,
    )?;
    // The demo organization is made afresh each run: nothing to keep on disk.
    Ok(Source::Api {
        client,
        label: "demo organization".into(),
        demo: Some(server),
        cache: None,
    })
}

fn short_id(u: Uuid) -> String {
    u.to_string()[..8].to_string()
}

/// Reads a saved response (`-` for stdin) on a blocking thread.
async fn read_saved(path: &Path, spec: RangeSpec) -> Result<Usage, AppError> {
    let path = path.to_path_buf();
    tokio::task::spawn_blocking(move || {
        if path.as_os_str() == "-" {
            Ingest::read_from(spec, std::io::stdin().lock())
        } else {
            Ingest::read_file(spec, &path)
        }
    })
    .await
    .map_err(|e| AppError::Failed(format!("reading the input failed: {e}")))?
    .map_err(AppError::Input)
}
