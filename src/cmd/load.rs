//! Loading the usage of a range, and its previous period with the same filters, from an
//! opened source: shared by `export --compare`, `report` and `check`, so all three read
//! the same rows for the same flags.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use crate::api::UsageQuery;
use crate::dates::{DateRange, today_utc};
use crate::model::{Fold, Keep, RangeSpec, ReadError, Usage};
use crate::source::{FileStamp, Source};
use crate::windows::{ChunkOptions, fetch_chunked_counted};

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
                .map_err(|e| {
                    AppError::Usage(format!(
                        "the range with its previous period: {e}; ask for a shorter range or a nearer --against"
                    ))
                })
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

/// How a saved file's two periods are read when they can be folded apart: held after a
/// folded reading named a product or a person two ways ([`needs_held`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reading {
    Folded,
    Held,
}

/// Runs a command's reading folded, then, when that gives `None` ([`needs_held`]), held:
/// only the held reading keeps the file's first names over both periods. One rule for
/// `export` and `report` (and `check`, through it).
pub async fn folded_else_held<T, F>(read: impl Fn(Reading) -> F) -> Result<T, AppError>
where
    F: std::future::Future<Output = Result<Option<T>, AppError>>,
{
    match read(Reading::Folded).await? {
        Some(done) => Ok(done),
        None => read(Reading::Held)
            .await?
            .ok_or_else(|| AppError::Failed("the saved file could not be read held".into())),
    }
}

/// Whether the two periods from `source` must be read again held: a saved file folded
/// per period whose foldings name something two ways ([`names_agree`]).
pub fn needs_held(source: &Source, usage: &Usage, previous: &Usage) -> bool {
    matches!(source, Source::Saved(..)) && !names_agree(usage, previous)
}

/// The saved file whose two periods can be folded apart, one pass each, instead of held
/// whole (`Source::Saved`): a regular file (stdin cannot be read twice), and a previous
/// period that ends the day before the range starts, as the default one does, so that
/// the two readings together are the held one (its warnings included: see
/// `warnings::warn`).
/// With `--team`, each folding keeps the team's people as its own rows name them; the
/// held reading names them by their first row over both periods, which is the same
/// whenever the two foldings agree on everyone's email ([`needs_held`]).
pub fn saved_periods(
    input: Option<&Path>,
    how: Reading,
    (spec, against): (RangeSpec, Option<DateRange>),
) -> Option<PathBuf> {
    let (RangeSpec::Fixed(range), Reading::Folded) = (spec, how) else {
        return None;
    };
    let path = input?;
    let before = previous_range(range, against);
    let adjacent = before.end().succ_opt() == Some(range.start());
    (rereadable(path) && adjacent).then(|| path.to_path_buf())
}

/// Whether a saved response can be read more than once: a regular file can, stdin or a
/// pipe cannot (their rows are held, as from the API).
pub fn rereadable(input: &Path) -> bool {
    input.as_os_str() != "-" && std::fs::metadata(input).is_ok_and(|m| m.is_file())
}

/// Whether two foldings of one file name everything as the held reading would, which
/// keeps the first name or email in the file over both periods: one name per product id
/// and one email per person across them (those a team's folding left out too: their
/// email decided they are out), and no more products together than one model holds
/// (the held reading refuses the file then). Else the periods are read held.
fn names_agree(usage: &Usage, prev: &Usage) -> bool {
    let products: rustc_hash::FxHashMap<_, _> = named_products(prev).collect();
    let people: rustc_hash::FxHashMap<_, _> = named_people(prev).collect();
    let new_products = named_products(usage)
        .filter(|(id, _)| !products.contains_key(id))
        .count();
    named_products(usage).all(|(id, name)| products.get(&id).is_none_or(|n| *n == name))
        && named_people(usage).all(|(id, e)| people.get(&id).is_none_or(|p| *p == e))
        && products.len() + new_products <= usize::from(u16::MAX) + 1
}

/// A model's products by id and name, those a team's folding left out too.
fn named_products(u: &Usage) -> impl Iterator<Item = (uuid::Uuid, &str)> {
    let (_, out) = u.left_out();
    (u.products().iter().chain(out)).map(|p| (p.id, p.name.as_str()))
}

/// A model's people by id and email, those a team's folding left out too.
fn named_people(u: &Usage) -> impl Iterator<Item = (uuid::Uuid, &str)> {
    let (out, _) = u.left_out();
    (u.users().iter().chain(out)).map(|u| (u.id, u.email.as_str()))
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
        Source::Saved(path, stamp, keep) => {
            tracing::info!(path = %path.display(), "folding a saved file for one period");
            unchanged(path, stamp)?;
            let u = read_folded(path, spec, keep.clone()).await?;
            unchanged(path, stamp)?;
            Ok(Cow::Owned(u))
        }
        Source::Api { client, cache } => {
            let opts = ChunkOptions::new(today_utc());
            progress.expect_windows(q.range.windows(opts.window_days).len());
            let (on_event, on_rows) = (|e| progress.on_event(e), |n| progress.on_rows(n));
            let u = fetch_chunked_counted(client, q, &opts, cache.as_ref(), &on_event, &on_rows);
            Ok(Cow::Owned(u.await?))
        }
    }
}

/// The saved file is still the one opened (see [`FileStamp`]).
fn unchanged(path: &Path, stamp: &FileStamp) -> Result<(), AppError> {
    match FileStamp::of(path) {
        Ok(now) if now == *stamp => Ok(()),
        _ => Err(AppError::Input(ReadError::Io(format!(
            "{} changed while it was read (it is read once per period): run again once it is settled",
            path.display()
        )))),
    }
}

/// Folds a saved response (`-` for stdin) into its aggregates on a blocking thread; with
/// `keep`, the rows of the people it keeps only.
pub async fn read_folded(
    path: &Path,
    spec: RangeSpec,
    keep: Option<Keep>,
) -> Result<Usage, AppError> {
    let path = path.to_path_buf();
    tokio::task::spawn_blocking(move || {
        let stdin = path.as_os_str() == "-";
        match keep {
            None if stdin => Fold::read_from(spec, std::io::stdin().lock()),
            None => Fold::read_file(spec, &path),
            Some(keep) if stdin => Fold::read_keeping(spec, std::io::stdin().lock(), keep),
            Some(keep) => Fold::read_file_keeping(spec, &path, keep),
        }
    })
    .await
    .map_err(|e| AppError::Failed(format!("reading the input failed: {e}")))?
    .map_err(AppError::Input)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::parse_date;

    fn r(a: &str, b: &str) -> DateRange {
        DateRange::new(parse_date(a).unwrap(), parse_date(b).unwrap()).unwrap()
    }

    /// A file replaced between the passes (renamed over, same bytes) or grown is said,
    /// not read as one file.
    #[test]
    fn a_saved_file_that_changes_between_readings_is_said() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
        std::fs::write(&a, "[]").unwrap();
        let stamp = FileStamp::of(&a).unwrap();
        assert!(unchanged(&a, &stamp).is_ok());
        std::fs::write(&b, "[]").unwrap();
        std::fs::rename(&b, &a).unwrap();
        let e = unchanged(&a, &stamp).unwrap_err().to_string();
        assert!(e.contains("changed while it was read"), "{e}");
        let stamp = FileStamp::of(&a).unwrap();
        std::fs::write(&a, "[] ").unwrap();
        assert!(unchanged(&a, &stamp).is_err());
        std::fs::remove_file(&a).unwrap();
        assert!(unchanged(&a, &stamp).is_err());
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
