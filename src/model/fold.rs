//! Rows in, the per-group exports' aggregates out, in memory that grows with people,
//! products and days, never with rows: the `--group-by user|product|day|week|month`
//! exports of a saved response need no row once it is counted.
//!
//! The result is a [`Usage`] that holds every aggregate of the model built from the same
//! rows (tested equal) and, instead of its rows, each person's active days as a bitset
//! ([`DayBits`]). The same rules as [`super::Builder`]: rows outside the range are dropped
//! and counted, the first row of a (product, person, day) wins and later ones are counted
//! as duplicates, the first name of a product is kept. `Rows` checks them as for `Ingest`.
//!
//! What it costs: one bit per (product, person, day) seen, to know a duplicate (8 products x
//! 166,666 people x 365 days is 58 MiB), or a set of them for a product used by few of
//! the people on few days, where the bits would grow with products x people x days
//! whatever the rows ([`repeats`]); the active days, one bit per (person, day), are the
//! union of those marks once every row is in (rows of no prompts are marked apart, so
//! that they are not in it), made as the marks are let go; a counter per (product, day), and per product a count of its people (each counted once
//! through the same marks). A saved response read without a range learns its days as
//! they come: the bitsets cover whole 8-day bytes from the earliest day seen and grow (a
//! copy) when a row falls outside them.
//!
//! `read_from` runs on two threads: this one decodes, checks and interns products, the
//! other ([`sums`]) interns people and adds, fed batches in the body's order, so the first
//! row still wins and people are numbered as they first come.

use std::sync::mpsc::{Receiver, SyncSender};

use chrono::Datelike;
use rustc_hash::FxHashMap;
use uuid::Uuid;

use super::builder::{check_width, days_of, inferred_range};
use super::decode::{DecodeError, RowRef};
use super::ingest::{ReadError, Rows, pump};
use super::{Product, RangeSpec, Usage, Warnings};
use crate::dates::MAX_DAYS;

#[path = "folded.rs"]
mod folded;
#[path = "fold_hot.rs"]
mod hot;
#[path = "fold_members.rs"]
mod members;
#[path = "fold_merge.rs"]
mod merge;
#[path = "fold_par.rs"]
mod par;
#[path = "fold_people.rs"]
mod people;
#[path = "fold_renumber.rs"]
mod renumber;
#[path = "fold_repeats.rs"]
mod repeats;
#[path = "fold_shards.rs"]
mod shards;
#[path = "fold_sums.rs"]
mod sums;
pub use folded::DayBits;
pub use members::Keep;
pub use par::FoldSplit;
pub(super) use repeats::Repeats;
pub(super) use sums::Frame;
use sums::{Batch, Sums};

/// Folds checked rows into per-group accumulators.
#[derive(Debug)]
pub struct Fold {
    spec: RangeSpec,
    base: chrono::NaiveDate,
    /// `base` as a day number, made once: it was made again for every row.
    base_day: i32,
    span: usize,
    /// The earliest and latest day of a row in the range.
    lo: u16,
    hi: u16,
    /// The rows span more than [`MAX_DAYS`]: the result is an error, only counted on for a
    /// row error that would come first.
    too_long: bool,
    /// More (product, day) pairs than a model tallies (`builder::MAX_PRODUCT_DAYS`): an
    /// error as `too_long` is, and no more rows are added.
    too_wide: bool,
    /// The products there were when `too_wide` was last judged.
    judged: usize,
    product_ix: FxHashMap<Uuid, u16>,
    products: Vec<Product>,
    warnings: Warnings,
    /// Rows interned and checked, waiting to be added (see [`Fold::flush`]): one batch
    /// per thread adding rows, each for its own share of the people ([`shard`]).
    pending: Vec<Batch>,
    sums: Sums,
    /// Where full batches go when the sums run on a thread of their own.
    sink: Option<Sink>,
    /// The part of the body this fold reads (0 unless parts are read in parallel), the
    /// rows pushed so far, and per adding thread the products already announced to it
    /// ([`Batch`]).
    chunk: u32,
    rows: u32,
    announced: Vec<usize>,
    /// The row each product was first seen at.
    product_first: Vec<u32>,
}

/// The ways to the threads adding the rows (one per share of the people), and back the
/// batches they are done with.
#[derive(Debug)]
struct Sink {
    to: Vec<SyncSender<Batch>>,
    back: Receiver<Batch>,
}

/// The days a model of rows from day `lo` to `hi` holds: the range's, or the rows' own
/// (none before a row).
fn held_days(spec: RangeSpec, lo: u16, hi: u16) -> usize {
    match spec {
        RangeSpec::Fixed(r) => r.len_days(),
        RangeSpec::Infer if lo > hi => 0,
        RangeSpec::Infer => usize::from(hi - lo) + 1,
    }
}

/// The thread that adds a person's rows, of `n`: always the same one for a person, so
/// that each thread's sums are whole for its people and a repeated row is seen there.
fn shard(id: Uuid, n: usize) -> usize {
    let (hi, lo) = id.as_u64_pair();
    let x = (hi ^ lo).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32;
    (x % n as u64) as usize
}

/// Rows sent or added at a time: 2048 keeps the adders as busy as 4096 did, and with an
/// adding thread per part the batches in flight are 2 MiB of the 10M-row fold's peak.
const BATCH: usize = 2048;

impl Fold {
    pub fn new(spec: RangeSpec) -> Self {
        let (base, span) = days_of(spec);
        let frame = match spec {
            RangeSpec::Fixed(_) => Some(Frame {
                anchor: 0,
                bytes: span.div_ceil(8),
            }),
            RangeSpec::Infer => None,
        };
        Fold {
            spec,
            base,
            base_day: base.num_days_from_ce(),
            span,
            lo: u16::MAX,
            hi: 0,
            too_long: false,
            too_wide: false,
            judged: 0,
            product_ix: FxHashMap::default(),
            products: Vec::new(),
            warnings: Warnings::default(),
            pending: vec![Batch::default()],
            sums: Sums::new(frame),
            sink: None,
            chunk: 0,
            rows: 0,
            announced: vec![0],
            product_first: Vec::new(),
        }
    }

    /// Adds one row, as [`super::Builder::push`] would.
    pub fn push(&mut self, r: &RowRef<'_>) -> Result<(), DecodeError> {
        self.rows = self.rows.wrapping_add(1);
        // Day numbers subtracted: chrono's date difference works through 400-year
        // cycles and was a fortieth of the fold's time.
        let offset = i64::from(r.date.num_days_from_ce() - self.base_day);
        let outside = offset < 0 || offset as usize >= self.span;
        if outside && self.spec == RangeSpec::Infer {
            return Err(DecodeError::OutsideInferDays { date: r.date });
        }
        if outside {
            self.warnings.out_of_range += 1;
            self.warnings.before_range += u64::from(offset < 0);
            return Ok(());
        }
        let p = usize::from(self.product(r)?);
        let day = offset as u16;
        let (lo, hi) = (self.lo.min(day), self.hi.max(day));
        // The limits change only with the days or the products: judged again then, not
        // for every row.
        if (lo, hi) != (self.lo, self.hi) || self.products.len() != self.judged {
            (self.lo, self.hi, self.judged) = (lo, hi, self.products.len());
            self.too_long |= i64::from(self.hi - self.lo) + 1 > MAX_DAYS;
            self.too_wide |= check_width(self.products.len(), self.days()).is_err();
        }
        if self.too_long || self.too_wide {
            return Ok(());
        }
        let s = match self.pending.len() {
            1 => 0,
            n => shard(r.user_id, n),
        };
        self.pending[s].push(r, p as u16, day, self.rows);
        if self.pending[s].rows.len() == BATCH {
            self.flush_one(s);
        }
        Ok(())
    }

    /// Sends rows to `n` adding threads, each for its share of the people.
    fn share(&mut self, sink: Sink) {
        let n = sink.to.len();
        self.pending.resize_with(n, Batch::default);
        self.announced.resize(n, 0);
        self.sink = Some(sink);
    }

    /// Hands the rows waiting to the sums, and every product met to every adding thread
    /// (each needs them all to number them as the others do).
    fn flush(&mut self) {
        for s in 0..self.pending.len() {
            self.flush_one(s);
        }
    }

    /// Hands the rows waiting for adding thread `s` to it (to the sums here when there is
    /// no thread), with the products it has not been told of.
    fn flush_one(&mut self, s: usize) {
        let pending = &mut self.pending[s];
        pending.chunk = self.chunk;
        let firsts = self.product_first.iter().skip(self.announced[s]);
        for (p, &row) in self.products.iter().skip(self.announced[s]).zip(firsts) {
            pending.products.push((p.clone(), row));
        }
        self.announced[s] = self.products.len();
        match &self.sink {
            Some(sink) => {
                // A batch an adding thread is done with, or a new one.
                let mut next = sink.back.try_recv().unwrap_or_default();
                next.clear();
                let full = std::mem::replace(pending, next);
                // A thread that is gone has failed, and its join says so.
                let _ = sink.to[s].send(full);
            }
            None => {
                self.sums.add_batch(pending);
                pending.clear();
            }
        }
    }

    /// The days the model of the rows so far would hold ([`held_days`]).
    fn days(&self) -> usize {
        held_days(self.spec, self.lo, self.hi)
    }

    /// The product's index, interned on first sight (a second name is counted).
    fn product(&mut self, r: &RowRef<'_>) -> Result<u16, DecodeError> {
        if let Some(&p) = self.product_ix.get(&r.product_id) {
            if self.products[usize::from(p)].name != r.product_name {
                self.warnings.renamed_products += 1;
            }
            return Ok(p);
        }
        let p = u16::try_from(self.products.len())
            .map_err(|_| DecodeError::TooManyProducts(usize::from(u16::MAX)))?;
        self.products.push(Product {
            id: r.product_id,
            name: r.product_name.to_string(),
        });
        self.product_first.push(self.rows);
        self.product_ix.insert(r.product_id, p);
        Ok(p)
    }

    /// The model of the rows folded, with their aggregates and no rows.
    pub fn finish(mut self) -> Result<Usage, DecodeError> {
        self.flush();
        self.sums.settle();
        if self.too_long {
            return Err(DecodeError::SpanTooLong(MAX_DAYS));
        }
        check_width(self.products.len(), self.days())?;
        let (range, start) = match self.spec {
            RangeSpec::Fixed(r) => (r, 0),
            RangeSpec::Infer if self.lo > self.hi => (inferred_range(self.base, 0, 0)?, 0),
            RangeSpec::Infer => (inferred_range(self.base, self.lo, self.hi)?, self.lo),
        };
        Ok(self.assemble(range, usize::from(start)))
    }

    /// Reads a whole saved response (a file or stdin): this thread decodes and interns,
    /// a second one adds, each about half the work.
    pub fn read_from(spec: RangeSpec, r: impl std::io::Read) -> Result<Usage, ReadError> {
        Self::read_with(Fold::new(spec), r)
    }

    /// [`Fold::read_from`] for the people `keep` keeps (`--team`): the model the held
    /// reading gives once narrowed to them (tested), in the fold's memory.
    pub fn read_keeping(
        spec: RangeSpec,
        r: impl std::io::Read,
        keep: Keep,
    ) -> Result<Usage, ReadError> {
        let mut fold = Fold::new(spec);
        fold.sums.members = Some(members::Members::new(keep));
        Self::read_with(fold, r)
    }

    fn read_with(mut fold: Fold, r: impl std::io::Read) -> Result<Usage, ReadError> {
        let mut rows = Rows::default();
        let mut sums = std::mem::replace(&mut fold.sums, Sums::new(None));
        let (to, batches) = std::sync::mpsc::sync_channel::<Batch>(4);
        let (back_to, back) = std::sync::mpsc::channel();
        let (read, added) = std::thread::scope(|s| {
            let adder = s.spawn(move || {
                for batch in batches {
                    sums.add_batch(&batch);
                    // Reading may be over; then the batch is not needed back.
                    let _ = back_to.send(batch);
                }
                sums
            });
            fold.share(Sink { to: vec![to], back });
            let read = pump(r, &mut |chunk| rows.feed(chunk, &mut |row| fold.push(row)))
                .and_then(|()| rows.framer.finish().map_err(ReadError::Decode));
            fold.flush();
            // Closing the way ends the adding thread's loop.
            fold.sink = None;
            (read, adder.join())
        });
        read?;
        fold.sums = added.map_err(|_| ReadError::Io("a folding thread failed".into()))?;
        fold.finish().map_err(ReadError::Decode)
    }
}

#[cfg(test)]
#[path = "fold_tests.rs"]
mod tests;
