//! Opening the data source: the API (with the disk cache of settled windows), the demo
//! organization (a contract server started for this run), or a saved response (`--input`).

use crate::model::Keep;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDate;
use uuid::Uuid;

use crate::api::{ApiKey, Client, ClientOptions, KeySource};
use crate::cache::WindowCache;
use crate::cli::GlobalArgs;
use crate::config::Settings;
use crate::demo::{DemoOptions, DemoServer, OrgSpec};
use crate::model::{Ingest, RangeSpec, ReadError, Usage};
use crate::source::{FileStamp, Source};

use super::AppError;

/// An opened source and what goes with it for this run.
pub struct Opened {
    pub source: Source,
    /// What the dashboard's header calls it: host and product, the demo, or the file.
    pub label: String,
    /// The demo organization's server, running as long as this value lives.
    _demo: Option<DemoServer>,
}

/// How a command reads its saved file, when it has one.
pub enum Saved {
    /// Held whole, as the dashboard needs it (and any reading that needs the rows).
    Held,
    /// Folded as it is read, for the command's one range (`export` without `--compare`);
    /// with a `Keep`, only the rows of the people it keeps are added (`--team`).
    Folded(PathBuf, Option<Keep>),
    /// Read again for each period asked of it, folded as it is read (`Source::Saved`;
    /// `load::saved_periods` says when), with a `Keep` as for `Folded`.
    Periods(PathBuf, Option<Keep>),
}

/// [`open`], with a saved file read as `how` says; `spec` is the range it is read with.
pub async fn open_as(
    g: &GlobalArgs,
    settings: &Settings,
    today: NaiveDate,
    (spec, how): (RangeSpec, Saved),
) -> Result<Opened, AppError> {
    let source = match how {
        Saved::Held => return open(g, settings, today, spec).await,
        Saved::Folded(path, keep) => {
            Source::Fixed(Arc::new(super::load::read_folded(&path, spec, keep).await?))
        }
        Saved::Periods(path, keep) => {
            let stamp =
                FileStamp::of(&path).map_err(|e| AppError::Input(ReadError::of_path(&path, &e)))?;
            Source::Saved(path, stamp, keep)
        }
    };
    Ok(Opened {
        source,
        label: saved_label(g.input.as_deref().unwrap_or(Path::new("-"))),
        _demo: None,
    })
}

/// The file's name only: a report is passed on, and its title gave away the folders of
/// whoever made it (`/home/alice/...`).
fn saved_label(path: &Path) -> String {
    match (path.as_os_str() == "-", path.file_name()) {
        // A report's title read "saved response (-)".
        (true, _) => "saved response (standard input)".into(),
        (false, Some(name)) => format!("saved response ({})", Path::new(name).display()),
        (false, None) => format!("saved response ({})", path.display()),
    }
}

/// Opens the API, the demo organization or the saved response. `spec` is the range a saved
/// response is read with.
pub async fn open(
    g: &GlobalArgs,
    settings: &Settings,
    today: NaiveDate,
    spec: RangeSpec,
) -> Result<Opened, AppError> {
    if let Some(path) = &g.input {
        return Ok(Opened {
            source: Source::Fixed(Arc::new(read_saved(path, spec).await?)),
            label: saved_label(path),
            _demo: None,
        });
    }
    let opts = ClientOptions {
        total_timeout: Duration::from_secs(settings.timeout_secs.value.max(1)),
        max_body_bytes: settings.max_body_bytes()?,
        ..Default::default()
    };
    if g.demo {
        return open_demo(today, opts).await;
    }
    needs(g, settings)?;
    let product = settings.product_uuid()?;
    let (key, source) = settings.resolve_key().await?;
    let client = Client::new(&settings.base_url.value, product, key, source, opts)?;
    let label = (settings.org_name())
        .unwrap_or_else(|| format!("{} · product {}", client.host(), short_id(product)));
    let cache = if g.no_cache {
        None
    } else {
        WindowCache::open_default()
    };
    Ok(Opened {
        source: Source::Api { client, cache },
        label,
        _demo: None,
    })
}

/// Checks that what the API needs is set (the demo and a saved response need nothing), so
/// a command can say so before anything else, such as the dashboard's terminal check.
pub fn needs(g: &GlobalArgs, settings: &Settings) -> Result<(), AppError> {
    if g.demo || g.input.is_some() {
        return Ok(());
    }
    Ok(settings.require_api()?)
}

/// Starts the demo organization on a free loopback port and a client for it.
async fn open_demo(today: NaiveDate, opts: ClientOptions) -> Result<Opened, AppError> {
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
    Ok(Opened {
        source: Source::Api {
            client,
            cache: None,
        },
        label: "demo organization".into(),
        _demo: Some(server),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_file_is_named_without_its_folders() {
        let label = |p: &str| saved_label(Path::new(p));
        assert_eq!(
            label("/home/alice/usage/nov.json"),
            "saved response (nov.json)"
        );
        assert_eq!(label("nov.json"), "saved response (nov.json)");
        assert_eq!(label("-"), "saved response (standard input)");
        assert_eq!(label(".."), "saved response (..)");
    }
}
