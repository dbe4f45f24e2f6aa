//! `export`: fetch the filtered usage once (and, with `--compare`, its previous period with
//! the same filters) and write it as CSV, JSON, NDJSON or a table, to stdout or to
//! `-o FILE` (created 0600).

use std::io::Write;
use std::path::Path;

use chrono::NaiveDate;

use crate::cli::{ExportArgs, FilterArgs, GlobalArgs};
use crate::dates::today_utc;
use crate::export::{self, Format, GroupBy};
use crate::model::{RangeSpec, Usage};

use super::AppError;
use super::load::Reading;
use super::progress::Progress;
use super::{load, open};

/// Runs `export`.
pub async fn run(g: &GlobalArgs, f: &FilterArgs, args: &ExportArgs) -> Result<(), AppError> {
    // Flags are checked before anything is loaded or fetched.
    plan(f, args)?;
    args.format().map_err(AppError::Usage)?;
    super::console::check_output(crate::cli::output_file(&args.output))?;
    // Loaded once: its warnings are said once, even when the file is read twice.
    let settings = super::load_settings(g)?;
    // One day for both readings: a held one after midnight would resolve another range.
    let today = today_utc();
    load::folded_else_held(|how| run_as(g, f, args, (&settings, how, today))).await
}

/// [`run`], a saved file's two periods read as `how` says; `None` (nothing written) when
/// they must be read again held (`load::needs_held`).
async fn run_as(
    g: &GlobalArgs,
    f: &FilterArgs,
    args: &ExportArgs,
    (settings, how, today): (&crate::config::Settings, Reading, NaiveDate),
) -> Result<Option<()>, AppError> {
    let mut plan = plan(f, args)?;
    let format = args.format().map_err(AppError::Usage)?;
    // The flag, when given, wins over the config's `week_start`.
    if args.week_start.is_none() {
        plan.week_start = settings.week_start()?;
    }
    let (spec, query) = super::filters::resolve(f, settings, today, g.input.is_some())?;
    let scope = super::teams::TeamScope::new(f, settings)?;
    if plan.group == GroupBy::Team {
        scope.for_grouping(settings)?;
    }
    let against = super::filters::against(f, spec, today)?;
    if let Some(w) = super::filters::unequal_against(f, spec, against) {
        super::console::say(&w);
    }
    let read = load::read_spec(spec, plan.compare, against, g.input.is_some())?;
    // The rows of a saved file are written as it is read again, not held (see `load::rereadable`).
    let rows_again = plan.group == GroupBy::Row && !scope.narrows();
    let replay = (g.input.as_deref()).filter(|p| rows_again && load::rereadable(p));
    let how = saved_as(g, (&plan, &scope, how), (spec, against));
    let opened = open::open_as(g, settings, today, (read, how)).await?;
    let source = &opened.source;
    let progress = Progress::new(g.quiet, g.input.is_some());
    let on_event = |e| progress.on_event(e);
    let (query, _) = super::products::by_name(f, source, query, &on_event).await?;
    let fetched = async {
        let usage = scope.narrow(load::fetch(source, spec, &query, &progress).await?);
        let previous = match plan.compare {
            true => {
                let previous = load::previous(source, (&usage, against), &query, &progress);
                Some(scope.narrow(previous.await?))
            }
            false => None,
        };
        Ok::<_, AppError>((usage, previous))
    }
    .await;
    // The progress line goes before anything else is written to the terminal.
    progress.finish();
    let (usage, previous) = fetched?;
    if let Some(prev) = &previous
        && load::needs_held(source, &usage, prev)
    {
        return Ok(None);
    }
    let narrowed = query.narrows_people_or_products() || scope.narrows();
    let _ = super::warnings::warn(source, &usage, previous.as_deref(), narrowed, g.quiet);
    let seen: Vec<&crate::model::Usage> = std::iter::once(&*usage)
        .chain(previous.as_deref())
        .collect();
    for line in super::filters::unmatched(&query, &seen) {
        super::console::say(&line);
    }
    let opts = export::Options {
        teams: Some(&scope.teams),
        team_keep: scope.keep.as_deref(),
        no_span: spec == RangeSpec::Infer && usage.users().is_empty(),
        ..plan.options(today, previous.as_deref())
    };
    write(&usage, &opts, format, args, replay).map(Some)
}

/// The export's flags, checked as a whole.
fn plan(f: &FilterArgs, args: &ExportArgs) -> Result<export::Plan, AppError> {
    let plan = export::Plan::new(
        args.group_by.into(),
        args.compare,
        args.status.as_deref(),
        args.week_start.as_deref(),
    )
    .map_err(AppError::Usage)?;
    if f.against.is_some() && !plan.compare {
        return Err(AppError::Usage(
            "--against names the previous period of --compare: add --compare".into(),
        ));
    }
    Ok(plan)
}

/// How the export reads its saved file: a comparison's periods folded apart when they can
/// be (`load::saved_periods`), else folded for its range when it can be ([`folds`]), else
/// held.
fn saved_as(
    g: &GlobalArgs,
    (plan, scope, how): (&export::Plan, &super::teams::TeamScope, Reading),
    (spec, against): (RangeSpec, Option<crate::dates::DateRange>),
) -> open::Saved {
    let input = g.input.as_deref();
    let periods = || load::saved_periods(input, how, (spec, against));
    let keep = || scope.keep_fn();
    match input {
        Some(_) if plan.compare => {
            periods().map_or(open::Saved::Held, |p| open::Saved::Periods(p, keep()))
        }
        Some(path) if folds(plan, scope, path) => {
            // The per-person groupings leave the other teams' people out as they write,
            // and keep the parallel reading; the others add the team's rows only.
            let keep = (!per_person(plan.group)).then(keep).flatten();
            open::Saved::Folded(path.to_path_buf(), keep)
        }
        _ => open::Saved::Held,
    }
}

/// Whether a saved response can be folded as it is read instead of held row by row: the
/// export needs aggregates only (every grouping but rows) or its rows can be read again
/// (`load::rereadable`), without the previous period (whose comparison needs both periods'
/// people). With `--team`, rows are held: the narrowed rows are not the file's to read
/// again.
fn folds(plan: &export::Plan, scope: &super::teams::TeamScope, input: &Path) -> bool {
    let rows_ok = !scope.narrows() && load::rereadable(input);
    (plan.group != GroupBy::Row || rows_ok) && !plan.compare
}

/// The groupings written person by person, which leave out the people `--team` does not
/// keep as they write.
fn per_person(group: GroupBy) -> bool {
    matches!(group, GroupBy::User | GroupBy::Team | GroupBy::Domain)
}

/// Writes the export to `-o FILE` or stdout: with `replay`, the rows of that saved file,
/// read again, in its order.
fn write(
    usage: &Usage,
    opts: &export::Options<'_>,
    format: Format,
    args: &ExportArgs,
    replay: Option<&Path>,
) -> Result<(), AppError> {
    let body = |w: &mut dyn Write| match replay {
        Some(path) => export::write_rows_replayed(usage, path, format, w),
        None => export::write_with(usage, opts, format, w),
    };
    let written = match crate::cli::output_file(&args.output) {
        Some(path) => {
            // As curl's -o: a regular file is replaced whole (never half-written), a device
            // or a FIFO is written in place, and nothing is unlinked that we did not create.
            let mut out = crate::private_file::Output::open(path)
                .map_err(|e| super::console::cannot_write(path, &e))?;
            let mut w = std::io::BufWriter::new(out.writer());
            let written = body(&mut w).and_then(|()| w.flush());
            drop(w);
            let written = written.and_then(|()| out.finish());
            return super::console::outcome_to(written, "the export", path);
        }
        None => {
            // On a terminal no text from the server may reach it raw, whatever the format;
            // a pipe gets the data as it came.
            let mut w = std::io::BufWriter::with_capacity(1 << 16, super::console::stdout());
            body(&mut w).and_then(|()| w.flush())
        }
    };
    // `export | head` closing the pipe early is the reader's choice, not a failure.
    super::console::outcome(written, "the export")
}
