//! The dashboard (no subcommand): check the terminal, open the source, hand over to `tui`.

use std::io::IsTerminal;
use std::sync::Arc;

use crate::cli::{FilterArgs, GlobalArgs};
use crate::dates::today_utc;
use crate::model::RangeSpec;
use crate::tui::Launch;

use super::AppError;
use super::open::{self, Source};

/// Runs the dashboard until the user quits.
pub async fn run(g: &GlobalArgs, f: &FilterArgs) -> Result<(), AppError> {
    let settings = super::load_settings(g)?;
    let today = today_utc();
    let (spec, query) = super::filters::resolve(f, &settings, today, g.input.is_some())?;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(AppError::Failed(
            "the dashboard needs a terminal (stdin and stdout are not one): use `clarityq-usage export` for scripts".into(),
        ));
    }
    let source = open::open(g, &settings, today, spec).await?;
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
                g.input
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
    let launch = Launch {
        source: tui_source,
        query,
        today,
        refresh: if g.input.is_some() {
            None
        } else {
            settings.refresh()
        },
        org_label,
        export_dir: std::env::current_dir().unwrap_or_else(|_| ".".into()),
        command_base: command_base(g),
    };
    crate::tui::run(launch).await.map_err(AppError::Failed)
}

/// The command line that reproduces the current source, for `y` (never the key).
fn command_base(g: &GlobalArgs) -> Vec<String> {
    let mut base = vec!["clarityq-usage".to_string()];
    if g.demo {
        base.push("--demo".into());
    }
    let path = |p: &Option<std::path::PathBuf>| p.as_ref().map(|p| p.display().to_string());
    for (flag, v) in [
        ("--config", path(&g.config)),
        ("--profile", g.profile.clone()),
        ("--base-url", g.base_url.clone()),
        ("--product-id", g.product_id.clone()),
        ("--input", path(&g.input)),
    ] {
        if let Some(v) = v {
            base.push(flag.into());
            base.push(v);
        }
    }
    base
}
