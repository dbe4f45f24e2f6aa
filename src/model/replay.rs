//! A saved response's rows read a second time, in the file's order, once [`super::Fold`]
//! has read it whole: the `--group-by row` export of a large file writes each row as it is
//! read instead of holding all of them.
//!
//! The first reading checks the file (every error, naming its row, comes from there, before
//! anything is written) and interns its people and products; this one only places each row
//! in that model. The same rules as the model's: rows outside the range are left out (the
//! first reading counted them), the first row of a (product, person, day) wins (marked as
//! the fold marks them, `fold_repeats.rs`, only when the first reading met repeats: those
//! marks were most of this reading's cache misses), and a product's name and a
//! person's email are the ones the model kept. A file changed between the two readings is
//! an error: a person or product the model does not hold, or, at the end, other rows or
//! prompts than the first reading kept.

use std::io::{self, Read};
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use rustc_hash::FxHashMap;
use uuid::Uuid;

use super::fold::{Frame, Repeats};

use super::ingest::Rows;
use super::{Product, Usage, User};

/// Where a row goes, as `(product, person, date, prompts)`.
pub type RowSink<'s> = &'s mut dyn FnMut(&Product, &User, NaiveDate, u64) -> io::Result<()>;

/// Reads the saved response at `path` again, handing each row `usage` (folded from the
/// same file) keeps to `f`, in the file's order. An error of `f` stops the reading.
pub fn replay_rows(usage: &Usage, path: &Path, f: RowSink<'_>) -> io::Result<()> {
    let mut kept = Kept::new(usage);
    let mut out = Written::default();
    let mut rows = Rows::default();
    let mut file = std::fs::File::open(path).map_err(|e| changed(path, &e.to_string()))?;
    let mut buf = vec![0u8; 1 << 20];
    let mut batch: Vec<Row> = Vec::with_capacity(BATCH);
    loop {
        let n = match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let fed = rows.feed(&buf[..n], &mut |r| {
            // After a failed write the rest of the chunk is framed, not written.
            if out.failed.is_none() {
                batch.push(Row {
                    product: r.product_id,
                    user: r.user_id,
                    date: r.date,
                    count: r.prompt_count,
                });
                if batch.len() == BATCH {
                    kept.write(&mut batch, f, &mut out, path);
                }
            }
            Ok(())
        });
        fed.map_err(|e| changed(path, &e.to_string()))?;
        if let Some(e) = out.failed.take() {
            return Err(e);
        }
    }
    rows.framer
        .finish()
        .map_err(|e| changed(path, &e.to_string()))?;
    kept.write(&mut batch, f, &mut out, path);
    if let Some(e) = out.failed.take() {
        return Err(e);
    }
    let want = (usage.folded_rows(), usage.total());
    if want.0.is_some_and(|n| n != out.rows) || out.prompts != want.1 {
        let what = format!(
            "{} rows and {} prompts, where the first reading kept {} and {}",
            out.rows,
            out.prompts,
            want.0.unwrap_or_default(),
            want.1
        );
        return Err(changed(path, &what));
    }
    Ok(())
}

/// Rows placed a batch at a time: their people are looked up together first, so that the
/// misses of the lookups overlap (one at a time, each waited for the last row's writing;
/// it was a quarter of this reading).
const BATCH: usize = 256;

/// A row as this reading needs it: the names and emails are the model's.
struct Row {
    product: Uuid,
    user: Uuid,
    date: NaiveDate,
    count: u64,
}

/// What has been written, and the first failure to write.
#[derive(Default)]
struct Written {
    rows: u64,
    prompts: u64,
    failed: Option<io::Error>,
}

fn changed(path: &Path, what: &str) -> io::Error {
    io::Error::other(format!(
        "{} changed while it was read ({what}): export it again",
        path.display()
    ))
}

/// Where a row falls in the model.
enum Place<'u> {
    /// Outside the range.
    Out,
    /// A later row of a (product, person, day) already written.
    Again,
    Kept(&'u Product, &'u User, NaiveDate),
    /// A product or person the model does not hold.
    Unknown,
}

/// The model's people and products by id, and the (product, person, day) written so far.
struct Kept<'u> {
    usage: &'u Usage,
    products: FxHashMap<Uuid, usize>,
    people: FxHashMap<Uuid, usize>,
    days: usize,
    /// The (product, person, day) already written, as the fold marks them (bits, or a
    /// set for a sparse product); `None` when the first reading met no repeats (then
    /// there are none to leave out).
    seen: Option<Repeats>,
}

impl<'u> Kept<'u> {
    fn new(usage: &'u Usage) -> Self {
        let products = usage.products().iter().enumerate();
        let people = usage.users().iter().enumerate();
        Kept {
            usage,
            products: products.map(|(i, p)| (p.id, i)).collect(),
            people: people.map(|(i, u)| (u.id, i)).collect(),
            days: usage.range().len_days(),
            seen: (usage.warnings().duplicates > 0).then(Repeats::default),
        }
    }

    /// Places and writes the rows of `batch` in order (the batch is left empty).
    fn write(&mut self, batch: &mut Vec<Row>, f: RowSink<'_>, out: &mut Written, path: &Path) {
        let found: Vec<Option<usize>> = batch
            .iter()
            .map(|r| self.people.get(&r.user).copied())
            .collect();
        for (r, person) in batch.drain(..).zip(found) {
            if out.failed.is_some() {
                continue;
            }
            out.failed = match self.place(&r, person) {
                Place::Out | Place::Again => None,
                Place::Kept(p, u, d) => {
                    out.rows += 1;
                    out.prompts += r.count;
                    f(p, u, d, r.count).err()
                }
                Place::Unknown => Some(changed(path, "a row the first reading did not see")),
            };
        }
    }

    /// Where row `r` goes; `person` is its person's index, if the model holds them.
    fn place(&mut self, r: &Row, person: Option<usize>) -> Place<'u> {
        // Day numbers subtracted, as the fold does (chrono's difference is slower).
        let start = self.usage.range().start().num_days_from_ce();
        let offset = i64::from(r.date.num_days_from_ce() - start);
        if offset < 0 || offset as usize >= self.days {
            return Place::Out;
        }
        let (Some(&p), Some(u)) = (self.products.get(&r.product), person) else {
            return Place::Unknown;
        };
        if let Some(seen) = &mut self.seen {
            // The range's days as one frame from its first; a range is at most
            // `MAX_DAYS` long, so a day fits the fold's `u16`.
            let frame = Frame {
                anchor: 0,
                bytes: self.days.div_ceil(8),
            };
            seen.ensure(p);
            if !seen.mark(frame, p, u, offset as u16) {
                return Place::Again;
            }
        }
        let usage = self.usage;
        Place::Kept(&usage.products()[p], &usage.users()[u], r.date)
    }
}

#[cfg(test)]
#[path = "replay_tests.rs"]
mod tests;
