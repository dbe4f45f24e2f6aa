//! `export`: fetch the filtered usage once (and, with `--compare`, its previous period with
//! the same filters) and write it as CSV, JSON, NDJSON or a table, to stdout or to
//! `-o FILE` (created 0600).

use std::borrow::Cow;
use std::io::Write;

use crate::api::{ChunkOptions, UsageQuery, fetch_chunked_counted};
use crate::cli::{ExportArgs, FilterArgs, GlobalArgs};
use crate::dates::{DateRange, today_utc};
use crate::export::{self, Format};
use crate::model::{RangeSpec, ReadError, Usage};
use crate::source::Source;

use super::AppError;
use super::open;
use super::progress::Progress;

/// Runs `export`.
pub async fn run(g: &GlobalArgs, f: &FilterArgs, args: &ExportArgs) -> Result<(), AppError> {
    // Flags are checked before anything is loaded or fetched.
    let plan = export::Plan::new(
        args.group_by.into(),
        args.compare,
        args.status.as_deref(),
        args.week_start.as_deref(),
    )
    .map_err(AppError::Usage)?;
    let settings = super::load_settings(g)?;
    let today = today_utc();
    let (spec, query) = super::filters::resolve(f, &settings, today, g.input.is_some())?;
    let read = read_spec(spec, &plan, g.input.is_some())?;
    let opened = open::open(g, &settings, today, read).await?;
    let progress = Progress::new(g.quiet);
    let on_event = |e| progress.on_event(e);
    let query = super::products::by_name(f, &opened.source, query, &on_event).await?;
    let fetched = async {
        let usage = fetch(&opened.source, spec, &query, &progress).await?;
        let previous = match plan.compare {
            true => Some(previous(&opened.source, &usage, &query, &progress).await?),
            false => None,
        };
        Ok::<_, AppError>((usage, previous))
    }
    .await;
    // The progress line goes before anything else is written to the terminal.
    progress.finish();
    let (usage, previous) = fetched?;
    if !usage.warnings().is_empty() {
        eprintln!("clarityq-usage: warning: {}", usage.warnings());
    }
    // A saved response's warnings are the whole file's, said once already.
    if let Some(prev) = previous.as_deref()
        && matches!(opened.source, Source::Api { .. })
        && !prev.warnings().is_empty()
    {
        eprintln!(
            "clarityq-usage: warning: previous period: {}",
            prev.warnings()
        );
    }
    let opts = plan.options(today, previous.as_deref());
    write(&usage, &opts, args.format.into(), args)
}

/// The range a saved response is read with: with --compare, the previous period too.
fn read_spec(spec: RangeSpec, plan: &export::Plan, saved: bool) -> Result<RangeSpec, AppError> {
    match spec {
        RangeSpec::Fixed(r) if plan.compare => DateRange::new(r.previous().start(), r.end())
            .map(RangeSpec::Fixed)
            .map_err(|e| AppError::Usage(format!("--compare: {e}"))),
        RangeSpec::Infer if plan.compare && saved => Err(AppError::Usage(
            "--compare on a saved response needs its range (--from/--to or --last), to find the previous period in the file".into(),
        )),
        other => Ok(other),
    }
}

/// The previous period of `usage`'s range, with the same filters, from the same source.
async fn previous<'a>(
    source: &'a Source,
    usage: &Usage,
    q: &UsageQuery,
    progress: &Progress,
) -> Result<Cow<'a, Usage>, AppError> {
    let r = usage.range().previous();
    fetch(source, RangeSpec::Fixed(r), &q.with_range(r), progress).await
}

/// The rows the query asks for.
/// A saved response is lent as it is when no narrowing is asked for (no copy).
async fn fetch<'a>(
    source: &'a Source,
    spec: RangeSpec,
    q: &UsageQuery,
    progress: &Progress,
) -> Result<Cow<'a, Usage>, AppError> {
    match source {
        Source::Fixed(u) => match spec {
            // A saved response read over both periods of --compare, seen through one of
            // them: the rows of the other are not dropped rows, so the warnings stay the
            // file's own.
            RangeSpec::Fixed(r) if r != u.range() => {
                Ok(Cow::Owned(u.narrowed(r).map_err(ReadError::Decode)?))
            }
            _ => Ok(Cow::Borrowed(&**u)),
        },
        Source::Api { client, cache } => {
            let opts = ChunkOptions::new(today_utc());
            progress.expect_windows(q.range.windows(opts.window_days).len());
            let (on_event, on_rows) = (|e| progress.on_event(e), |n| progress.on_rows(n));
            let u = fetch_chunked_counted(client, q, &opts, cache.as_ref(), &on_event, &on_rows);
            Ok(Cow::Owned(u.await?))
        }
    }
}

/// Writes the export to `-o FILE` or stdout.
fn write(
    usage: &Usage,
    opts: &export::Options<'_>,
    format: Format,
    args: &ExportArgs,
) -> Result<(), AppError> {
    let written = match &args.output {
        Some(path) => {
            // As curl's -o: a regular file is replaced whole (never half-written), a device
            // or a FIFO is written in place, and nothing is unlinked that we did not create.
            let mut out = crate::private_file::Output::open(path)
                .map_err(|e| AppError::Usage(format!("cannot write {}: {e}", path.display())))?;
            let mut w = std::io::BufWriter::new(out.writer());
            let written = export::write_with(usage, opts, format, &mut w).and_then(|()| w.flush());
            drop(w);
            written.and_then(|()| out.finish())
        }
        None => {
            use std::io::IsTerminal;
            let stdout = std::io::stdout();
            // On a terminal no text from the server may reach it raw, whatever the format;
            // a pipe gets the data as it came.
            let sink: Box<dyn std::io::Write> = if stdout.is_terminal() {
                Box::new(crate::sanitize::TerminalWriter::new(stdout.lock()))
            } else {
                Box::new(stdout.lock())
            };
            let mut w = std::io::BufWriter::with_capacity(1 << 16, sink);
            export::write_with(usage, opts, format, &mut w).and_then(|()| w.flush())
        }
    };
    match written {
        // `export | head` closing the pipe early is the reader's choice, not a failure.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(AppError::Failed(format!("writing the export failed: {e}"))),
        Ok(()) => Ok(()),
    }
}
