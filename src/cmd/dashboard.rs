//! The dashboard (no subcommand): check the terminal, open the source, hand over to `tui`.

use std::io::IsTerminal;

use crate::cli::{FilterArgs, GlobalArgs};
use crate::config::{ConfigError, Settings};
use crate::dates::today_utc;
use crate::model::RangeSpec;
use crate::source::Source;
use crate::tui::keymap::Keymap;
use crate::tui::ui::theme::ThemeSpec;
use crate::tui::waiting::Waited;
use crate::tui::{Exit, Launch};

use super::AppError;
use super::open;

/// Runs the dashboard until the user quits or a signal ends it. The terminal is checked
/// here, once, before anything is opened.
pub async fn run(g: &GlobalArgs, f: &FilterArgs) -> Result<Exit, AppError> {
    let settings = super::load_settings(g)?;
    let theme = theme_spec(&settings)?;
    let keymap = keymap(&settings)?;
    let today = today_utc();
    let (spec, query) = super::filters::resolve(f, &settings, today, g.input.is_some())?;
    if f.against.is_some() {
        // The dashboard's previous period follows its range (keys and `d`), not a flag.
        return Err(AppError::Usage(
            "--against is for export --compare, report and check, not the dashboard".into(),
        ));
    }
    open::needs(g, &settings)?;
    let (teams, team) = first_team(f, &settings)?;
    // Keys come from stdin, or from the terminal itself while a saved response is piped
    // in (`... | clarityq-usage --input -`, as fzf and less read theirs).
    let piped = g.input.as_deref().is_some_and(|p| p.as_os_str() == "-");
    let keys = std::io::stdin().is_terminal() || (piped && crate::tui::waiting::has_tty());
    if !std::io::stdout().is_terminal() || !keys {
        return Err(AppError::Failed(
            "the dashboard needs a terminal (stdin and stdout are not one): use `clarityq-usage export` for scripts".into(),
        ));
    }
    // A saved file is read whole: the range picks the first view only, so the previous
    // period, `[` and `]` see the file's other days (read for the range alone, the days
    // before it were dropped and the comparison found none).
    let read = if g.input.is_some() {
        RangeSpec::Infer
    } else {
        spec
    };
    let opening = open::open(g, &settings, today, read);
    let opened = match g.input.as_deref() {
        // A saved file is read before the screen is taken: the wait says so, and stops.
        Some(path) => {
            let what = match piped {
                true => "reading standard input".to_string(),
                false => reading(path),
            };
            match crate::tui::waiting::wait(&what, opening).await {
                Waited::Done(opened) => opened?,
                Waited::Stopped => return Ok(Exit::Quit),
                Waited::Signal(n) => return Ok(Exit::Signal(n)),
            }
        }
        None => opening.await?,
    };
    let (query, _) = super::products::by_name(f, &opened.source, query, &|_| {}).await?;
    let (query, empty_file) = match (spec, &opened.source) {
        // A saved response read whole: the first view is its own span (none when it has
        // no rows: the model's range is then a placeholder day).
        (RangeSpec::Infer, Source::Fixed(u)) => (query.with_range(u.range()), u.row_count() == 0),
        _ => (query, false),
    };
    let rolling = super::filters::rolling(f, query.range, today);
    let launch = Launch {
        source: opened.source,
        query,
        today,
        refresh: if g.input.is_some() {
            None
        } else {
            settings.refresh()
        },
        org_label: opened.label,
        export_dir: export_dir(&settings),
        command_base: command_base(g),
        theme,
        teams,
        team,
        keymap,
        week_start: settings.week_start()?,
        empty_file,
        rolling,
    };
    // What is left of `opened` (with `--demo`, the server) lives until the dashboard ends.
    crate::tui::run(launch).await.map_err(AppError::Failed)
}

/// What the wait for a saved file says: its name, and its size when it has one (a FIFO
/// or a device has none).
fn reading(path: &std::path::Path) -> String {
    let name = path.file_name().unwrap_or(path.as_os_str());
    let name = crate::sanitize::one_line(&name.to_string_lossy());
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => format!("reading {name} ({})", crate::numbers::file_size(m.len())),
        _ => format!("reading {name}"),
    }
}

/// The theme asked for, checked before anything is opened. `NO_COLOR` (non-empty) is read
/// here, at the edge, and means mono.
pub(super) fn theme_spec(settings: &Settings) -> Result<ThemeSpec, AppError> {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    Ok(ThemeSpec::from_settings(settings, no_color)?)
}

/// The config's teams and the team the dashboard shows first: it filters one team at a
/// time (`t` cycles), so `--team` names one.
fn first_team(
    f: &crate::cli::FilterArgs,
    settings: &crate::config::Settings,
) -> Result<(crate::teams::Teams, Option<crate::teams::TeamId>), AppError> {
    let scope = super::teams::TeamScope::new(f, settings)?;
    if f.teams.len() > 1 {
        return Err(AppError::Usage(
            "the dashboard shows one team at a time: give one --team (t cycles the teams)".into(),
        ));
    }
    let team = scope.keep.and_then(|k| k.iter().position(|on| *on));
    Ok((scope.teams, team))
}

/// The keys from the config's `[keys]` over the defaults; a bad table is a config error
/// (exit 3), found before the terminal is taken over.
pub(crate) fn keymap(settings: &Settings) -> Result<Keymap, ConfigError> {
    Keymap::from_config(settings.sections.get("keys"))
        .map_err(|e| ConfigError::Invalid(e.to_string()))
}

/// Where `e` writes: `export_dir` from the settings, else the current folder; always a
/// full path, so that the status line can say exactly where the file went.
fn export_dir(settings: &Settings) -> std::path::PathBuf {
    let here = std::env::current_dir().unwrap_or_else(|_| ".".into());
    match &settings.export_dir {
        Some(d) => here.join(d.value.trim()),
        None => here,
    }
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
