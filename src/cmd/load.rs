//! Loading the usage of a range, and its previous period with the same filters, from an
//! opened source: shared by `export --compare`, `report` and `check`, so all three read
//! the same rows for the same flags.

use std::borrow::Cow;

use crate::api::{ChunkOptions, UsageQuery, fetch_chunked_counted};
use crate::dates::{DateRange, today_utc};
use crate::model::{RangeSpec, ReadError, Usage};
use crate::source::Source;

use super::AppError;
use super::progress::Progress;

/// The range a saved response is read with: with the previous period (`compare`, see
/// [`previous_range`]), from its start (a previous period cut
/// from a narrower reading counted its days before that as zeros).
pub fn read_spec(
    spec: RangeSpec,
    compare: bool,
    against: Option<DateRange>,
    saved: bool,
) -> Result<RangeSpec, AppError> {
    match spec {
        RangeSpec::Fixed(r) if compare => {
            let from = previous_range(r, against).start();
            DateRange::new(from.min(r.start()), r.end())
                .map(RangeSpec::Fixed)
                .map_err(|e| AppError::Usage(format!("--compare: {e}")))
        }
        RangeSpec::Infer if compare && saved => Err(AppError::Usage(
            "--compare on a saved response needs its range (--from/--to or --last), to find the previous period in the file".into(),
        )),
        other => Ok(other),
    }
}

/// The period `range` is compared with: the one `--against` names, else the days just
/// before it, as long. One rule for reading a saved file and for fetching.
pub fn previous_range(range: DateRange, against: Option<DateRange>) -> DateRange {
    against.unwrap_or_else(|| range.previous())
}

/// The previous period of `usage`'s range, with the same filters, from the same source.
pub async fn previous<'a>(
    source: &'a Source,
    (usage, against): (&Usage, Option<DateRange>),
    q: &UsageQuery,
    progress: &Progress,
) -> Result<Cow<'a, Usage>, AppError> {
    let r = previous_range(usage.range(), against);
    fetch(source, RangeSpec::Fixed(r), &q.with_range(r), progress).await
}

/// Says the warnings of a range and of its previous period, once the progress line is
/// gone. A saved response's warnings are the whole file's: said once, not twice.
pub fn warn(source: &Source, usage: &Usage, previous: Option<&Usage>) {
    if !usage.warnings().is_empty() {
        eprintln!("clarityq-usage: warning: {}", usage.warnings());
    }
    if let Some(prev) = previous
        && matches!(source, Source::Api { .. })
        && !prev.warnings().is_empty()
    {
        eprintln!(
            "clarityq-usage: warning: previous period: {}",
            prev.warnings()
        );
    }
    if let (Source::Fixed(whole), Some(prev)) = (source, previous)
        && let Some(line) = uncovered(whole, prev.range())
    {
        eprintln!("clarityq-usage: warning: {line}");
    }
}

/// A saved response whose rows start days after the previous period does: the file may
/// have been asked for a shorter range, so the comparison may be missing days, silently.
/// Two days or fewer (a quiet weekend) are not worth the line.
fn uncovered(whole: &Usage, previous: DateRange) -> Option<String> {
    let start = previous.start();
    let first = whole.cells().iter().map(|c| c.day).min()?;
    let first = whole.range().day(usize::from(first));
    let missing = (first - start).num_days().min(previous.len_days() as i64);
    (missing > 2).then(|| {
        format!(
            "the file's rows start on {first}, after the previous period's first day ({start}): the comparison may miss {missing} days"
        )
    })
}

/// The rows the query asks for.
/// A saved response is lent as it is when no narrowing is asked for (no copy).
pub async fn fetch<'a>(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::parse_date;

    fn r(a: &str, b: &str) -> DateRange {
        DateRange::new(parse_date(a).unwrap(), parse_date(b).unwrap()).unwrap()
    }

    #[test]
    fn a_saved_file_is_read_from_the_previous_period_asked_for() {
        let nov = RangeSpec::Fixed(r("2026-11-01", "2026-11-24"));
        let read = |against| read_spec(nov, true, against, true).unwrap();
        // The days just before, by default.
        assert_eq!(read(None), RangeSpec::Fixed(r("2026-10-08", "2026-11-24")));
        // From --against's start: read from October 8, October 1-7 counted as zeros.
        let oct = r("2026-10-01", "2026-10-24");
        assert_eq!(
            read(Some(oct)),
            RangeSpec::Fixed(r("2026-10-01", "2026-11-24"))
        );
        // Without --compare, the range alone.
        assert_eq!(read_spec(nov, false, None, true).unwrap(), nov);
    }
}
