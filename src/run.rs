//! From a parsed command line to what happens: resolve settings and filters, open the data
//! source (API, demo organization or saved response), and run the dashboard, an export,
//! the demo server or a config command. Every failure is one `AppError` line with its
//! exit code.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDate;
use thiserror::Error;
use uuid::Uuid;

use crate::api::{
    ApiError, ApiKey, ChunkOptions, Client, ClientOptions, FetchEvent, KeySource, UsageQuery,
    fetch_chunked, parse_origin_filter,
};
use crate::cache::WindowCache;
use crate::cli::{
    Cli, Command, ConfigCommand, ExportArgs, FilterArgs, FormatArg, GroupByArg, ServeDemoArgs,
};
use crate::config::{ConfigError, Overrides, Settings};
use crate::dates::{DateRange, parse_date, parse_period_days, today_utc};
use crate::demo::{DemoOptions, DemoServer, OrgSpec};
use crate::export::{self, Format, GroupBy};
use crate::model::{Ingest, RangeSpec, ReadError, Usage};

#[derive(Debug, Error)]
pub enum AppError {
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Config(#[from] ConfigError),
    #[error("{0}")]
    Api(#[from] ApiError),
    #[error("{0}")]
    Input(#[from] ReadError),
    #[error("{0}")]
    Failed(String),
}

impl AppError {
    pub fn exit_code(&self) -> u8 {
        match self {
            AppError::Usage(_) => 2,
            AppError::Config(_) => 3,
            AppError::Api(e) => e.exit_code(),
            AppError::Input(ReadError::Io(_)) => 2,
            AppError::Input(ReadError::Decode(_)) => 5,
            AppError::Failed(_) => 1,
        }
    }
}

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

/// Runs the command line.
pub async fn run(cli: Cli) -> Result<(), AppError> {
    let overrides = Overrides {
        config: cli.global.config.clone(),
        profile: cli.global.profile.clone(),
        base_url: cli.global.base_url.clone(),
        product_id: cli.global.product_id.clone(),
    };
    let env = |k: &str| std::env::var(k).ok();
    match &cli.command {
        Some(Command::Config(ConfigCommand::Path)) => {
            let p = config_file(&cli, &env);
            println!(
                "{}",
                p.map(|p| p.display().to_string())
                    .unwrap_or_else(|| "(no config folder)".into())
            );
            return Ok(());
        }
        Some(Command::Config(ConfigCommand::Init)) => {
            let p = config_file(&cli, &env);
            let p =
                p.ok_or_else(|| AppError::Usage("no config folder: pass --config FILE".into()))?;
            crate::config::init(&p)?;
            println!(
                "wrote {} (mode 0600): edit it, then run `clarityq-usage config show`",
                p.display()
            );
            return Ok(());
        }
        Some(Command::ServeDemo(args)) => return serve_demo(args).await,
        _ => {}
    }
    let settings = Settings::load(&overrides, &env)?;
    for w in &settings.warnings {
        eprintln!("clarityq-usage: warning: {w}");
    }
    if let Some(Command::Config(ConfigCommand::Show)) = &cli.command {
        print!("{}", settings.show());
        return Ok(());
    }
    let today = today_utc();
    let (spec, query) =
        resolve_filters(&cli.filters, &settings, today, cli.global.input.is_some())?;
    match &cli.command {
        Some(Command::Export(args)) => {
            let source = open_source(&cli, &settings, today).await?;
            export_cmd(&source, spec, &query, args).await
        }
        _ => dashboard(&cli, &settings, today, spec, query).await,
    }
}

/// The config file in use: `--config`, else `$CLARITYQ_CONFIG`, else the XDG default.
fn config_file(cli: &Cli, env: &dyn Fn(&str) -> Option<String>) -> Option<std::path::PathBuf> {
    crate::paths::config_file(cli.global.config.clone(), env).0
}

/// Turns the filter flags (and the config's defaults) into a query.
pub fn resolve_filters(
    f: &FilterArgs,
    settings: &Settings,
    today: NaiveDate,
    saved: bool,
) -> Result<(RangeSpec, UsageQuery), AppError> {
    let usage = |e: String| AppError::Usage(e);
    let date = |s: &String| parse_date(s).map_err(|e| usage(e.to_string()));
    let default_days = settings.default_range_days()?;
    let range = match (&f.from, &f.to, &f.last) {
        (_, _, Some(p)) => {
            let end = f.to.as_ref().map(date).transpose()?.unwrap_or(today);
            Some(DateRange::last_days(
                end,
                parse_period_days(p).map_err(|e| usage(e.to_string()))?,
            ))
        }
        (Some(a), b, None) => {
            let end = b.as_ref().map(date).transpose()?.unwrap_or(today);
            Some(DateRange::new(date(a)?, end).map_err(|e| usage(e.to_string()))?)
        }
        (None, Some(b), None) => Some(DateRange::last_days(date(b)?, default_days)),
        (None, None, None) => None,
    };
    let spec = match range {
        Some(r) => RangeSpec::Fixed(r),
        // A saved response with no range asked for: its own span.
        None if saved => RangeSpec::Infer,
        None => RangeSpec::Fixed(DateRange::last_days(today, default_days)),
    };
    let mut q = UsageQuery::new(match spec {
        RangeSpec::Fixed(r) => r,
        RangeSpec::Infer => DateRange::last_days(today, default_days),
    });
    q.origin = match &f.origin {
        Some(o) => parse_origin_filter(o).map_err(usage)?,
        None if saved => None,
        None => settings.default_origin()?,
    };
    q.product_ids = f
        .products
        .iter()
        .map(|p| {
            Uuid::parse_str(p.trim()).map_err(|_| usage(format!("--product '{p}' is not a UUID")))
        })
        .collect::<Result<_, _>>()?;
    q.search = f.search.clone().filter(|s| !s.trim().is_empty());
    if saved && (q.origin.is_some() || !q.product_ids.is_empty() || q.search.is_some()) {
        return Err(usage(
            "--origin, --product and --search filter on the server; a saved response (--input) is already filtered: fetch with them instead".into(),
        ));
    }
    Ok((spec, q))
}

/// Opens the API, the demo organization or the saved response.
pub async fn open_source(
    cli: &Cli,
    settings: &Settings,
    today: NaiveDate,
) -> Result<Source, AppError> {
    if let Some(path) = &cli.global.input {
        let spec = resolve_filters(&cli.filters, settings, today, true)?.0;
        return Ok(Source::Saved(read_saved(path, spec).await?));
    }
    let opts = ClientOptions {
        total_timeout: Duration::from_secs(settings.timeout_secs.value.max(1)),
        ..Default::default()
    };
    if cli.global.demo {
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
        return Ok(Source::Api {
            client,
            label: "demo organization".into(),
            demo: Some(server),
            cache: None,
        });
    }
    let product = settings.product_uuid()?;
    let (key, source) = settings.resolve_key()?;
    let client = Client::new(&settings.base_url.value, product, key, source, opts)?;
    let label = format!("{} · product {}", client.host(), short_id(product));
    let cache = if cli.global.no_cache {
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

fn short_id(u: Uuid) -> String {
    u.to_string()[..8].to_string()
}

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

async fn fetch(source: &Source, spec: RangeSpec, q: &UsageQuery) -> Result<Usage, AppError> {
    match source {
        Source::Saved(u) => {
            // Narrow a saved response to the asked range, keeping the model's rules
            // (rows outside are dropped and counted).
            match spec {
                RangeSpec::Fixed(r) if r != u.range() => {
                    Ok(Usage::merge(r, std::slice::from_ref(u)).map_err(ReadError::Decode)?)
                }
                _ => Ok(u.clone()),
            }
        }
        Source::Api { client, cache, .. } => {
            let notify = |ev: FetchEvent| {
                if let FetchEvent::Retrying {
                    attempt,
                    delay,
                    reason,
                } = ev
                {
                    eprintln!(
                        "clarityq-usage: attempt {attempt} failed ({reason}); retrying in {:.1} s",
                        delay.as_secs_f64()
                    );
                }
            };
            let opts = ChunkOptions::new(today_utc());
            Ok(fetch_chunked(client, q, &opts, cache.as_ref(), &notify).await?)
        }
    }
}

async fn export_cmd(
    source: &Source,
    spec: RangeSpec,
    q: &UsageQuery,
    args: &ExportArgs,
) -> Result<(), AppError> {
    let usage = fetch(source, spec, q).await?;
    if !usage.warnings().is_empty() {
        eprintln!("clarityq-usage: warning: {}", usage.warnings());
    }
    let group = match args.group_by {
        GroupByArg::Row => GroupBy::Row,
        GroupByArg::User => GroupBy::User,
        GroupByArg::Product => GroupBy::Product,
        GroupByArg::Day => GroupBy::Day,
    };
    let format = match args.format {
        FormatArg::Csv => Format::Csv,
        FormatArg::Json => Format::Json,
        FormatArg::Ndjson => Format::Ndjson,
        FormatArg::Table => Format::Table,
    };
    let result = match &args.output {
        Some(path) => {
            // As curl's -o: a regular file is replaced whole (never half-written), a device
            // or a FIFO is written in place, and nothing is unlinked that we did not create.
            let mut out = crate::private_file::Output::open(path)
                .map_err(|e| AppError::Usage(format!("cannot write {}: {e}", path.display())))?;
            let written = export::write(
                &usage,
                group,
                format,
                &mut std::io::BufWriter::new(out.writer()),
            );
            written.and_then(|()| out.finish())
        }
        None => {
            use std::io::IsTerminal;
            let stdout = std::io::stdout();
            // On a terminal no text from the server may reach it raw, whatever the format;
            // a pipe gets the data as it came.
            let mut sink: Box<dyn std::io::Write> = if stdout.is_terminal() {
                Box::new(crate::sanitize::TerminalWriter::new(stdout.lock()))
            } else {
                Box::new(stdout.lock())
            };
            export::write(
                &usage,
                group,
                format,
                &mut std::io::BufWriter::with_capacity(1 << 16, &mut sink),
            )
        }
    };
    match result {
        // `export | head` closing the pipe early is the reader's choice, not a failure.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(AppError::Failed(format!("writing the export failed: {e}"))),
        Ok(()) => Ok(()),
    }
}

async fn dashboard(
    cli: &Cli,
    settings: &Settings,
    today: NaiveDate,
    spec: RangeSpec,
    query: UsageQuery,
) -> Result<(), AppError> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(AppError::Failed(
            "the dashboard needs a terminal (stdin and stdout are not one): use `clarityq-usage export` for scripts".into(),
        ));
    }
    let source = open_source(cli, settings, today).await?;
    let mut command_base = vec!["clarityq-usage".to_string()];
    if cli.global.demo {
        command_base.push("--demo".into());
    }
    for (flag, v) in [
        (
            "--config",
            cli.global.config.as_ref().map(|p| p.display().to_string()),
        ),
        ("--profile", cli.global.profile.clone()),
        ("--base-url", cli.global.base_url.clone()),
        ("--product-id", cli.global.product_id.clone()),
        (
            "--input",
            cli.global.input.as_ref().map(|p| p.display().to_string()),
        ),
    ] {
        if let Some(v) = v {
            command_base.push(flag.into());
            command_base.push(v);
        }
    }
    let (tui_source, org_label, _demo) = match source {
        Source::Api {
            client,
            label,
            demo,
            cache,
        } => (crate::tui::Source::Api { client, cache }, label, demo),
        Source::Saved(u) => {
            let label = format!(
                "saved response ({})",
                cli.global
                    .input
                    .as_ref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default()
            );
            (crate::tui::Source::Fixed(Arc::new(u)), label, None)
        }
    };
    let query = match (spec, &tui_source) {
        (RangeSpec::Infer, crate::tui::Source::Fixed(u)) => query.with_range(u.range()),
        _ => query,
    };
    let launch = crate::tui::Launch {
        source: tui_source,
        query,
        today,
        refresh: if cli.global.input.is_some() {
            None
        } else {
            settings.refresh()
        },
        org_label,
        export_dir: std::env::current_dir().unwrap_or_else(|_| ".".into()),
        command_base,
    };
    crate::tui::run(launch).await.map_err(AppError::Failed)
}

async fn serve_demo(args: &ServeDemoArgs) -> Result<(), AppError> {
    if !args.addr.ip().is_loopback() {
        return Err(AppError::Usage(format!(
            "--addr {}: the demo server listens on loopback only (127.0.0.1 or ::1)",
            args.addr
        )));
    }
    let org = OrgSpec {
        seed: args.seed,
        users: args.users.max(1),
        days: args.days.max(1),
        today: today_utc(),
    };
    let log: crate::demo::RequestLog = Box::new(|r, status| {
        let q: Vec<String> = r.query.iter().map(|(k, v)| format!("{k}={v}")).collect();
        eprintln!("{status} GET {} {}", r.path, q.join("&"));
    });
    let server = DemoServer::start_with_log(
        DemoOptions {
            org,
            addr: Some(args.addr),
        },
        Some(log),
    )
    .await
    .map_err(|e| AppError::Failed(format!("cannot listen on {}: {e}", args.addr)))?;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "export CLARITYQ_BASE_URL={}", server.base_url());
    let _ = writeln!(out, "export CLARITYQ_PRODUCT_ID={}", server.product_id());
    let _ = writeln!(out, "export CLARITYQ_API_KEY={}", server.api_key());
    let _ = out.flush();
    drop(out);
    eprintln!(
        "serving the demo organization ({} users, {} products, {} days) on {}; Ctrl-C stops it",
        server.org().users.len(),
        server.org().products.len(),
        server.org().spec.days,
        server.base_url()
    );
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .map_err(|e| AppError::Failed(format!("cannot watch signals: {e}")))?;
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {},
        _ = term.recv() => {},
    }
    eprintln!("stopped");
    Ok(())
}
