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
//! 166,666 people x 365 days is 58 MiB), one bit per (person, day) for the active days, and
//! a counter per (product, day). A saved response read without a range learns its days as
//! they come: the bitsets cover whole 64-day words from the earliest day seen and grow (a
//! copy) when a row falls outside them.

use rustc_hash::FxHashMap;
use uuid::Uuid;

use super::builder::{days_of, inferred_range};
use super::decode::{DecodeError, RowRef};
use super::ingest::{ReadError, Rows, input_len, pump};
use super::{Product, RangeSpec, Usage, User, Warnings};
use crate::dates::MAX_DAYS;

#[path = "folded.rs"]
mod folded;
pub use folded::DayBits;

/// The days the per-day arrays hold: `words` 64-day words from day `64 * anchor` (days are
/// offsets from the spec's base).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Frame {
    anchor: usize,
    words: usize,
}

/// Folds checked rows into per-group accumulators.
#[derive(Debug)]
pub struct Fold {
    spec: RangeSpec,
    base: chrono::NaiveDate,
    span: usize,
    /// None until the first row in the range (a saved response's days are not known yet).
    frame: Option<Frame>,
    /// The earliest and latest day of a row in the range.
    lo: u16,
    hi: u16,
    /// The rows span more than [`MAX_DAYS`]: the result is an error, only counted on for a
    /// row error that would come first.
    too_long: bool,
    product_ix: FxHashMap<Uuid, u16>,
    user_ix: FxHashMap<Uuid, u32>,
    products: Vec<Product>,
    users: Vec<User>,
    /// Per product: one bitset per person of the days a row was seen (duplicates).
    seen: Vec<Vec<u64>>,
    /// One bitset per person of the days with prompts.
    active: Vec<u64>,
    /// Per product: one bit per person with prompts to it.
    product_users: Vec<Vec<u64>>,
    /// Per product: prompts per day of the frame.
    product_day: Vec<Vec<u64>>,
    user_totals: Vec<u64>,
    /// Each person's first and last day with prompts (`u16::MAX` and 0 when none).
    first: Vec<u16>,
    last: Vec<u16>,
    warnings: Warnings,
    /// Rows interned and checked, waiting to be added (see [`Fold::flush`]).
    pending: Vec<Pending>,
}

/// A row interned and waiting in the batch; `day` is an offset from the spec's base.
#[derive(Clone, Copy, Debug)]
struct Pending {
    count: u64,
    user: u32,
    product: u16,
    day: u16,
}

/// Rows added at a time.
const BATCH: usize = 256;

impl Fold {
    pub fn new(spec: RangeSpec) -> Self {
        let (base, span) = days_of(spec);
        let frame = match spec {
            RangeSpec::Fixed(_) => Some(Frame {
                anchor: 0,
                words: span.div_ceil(64),
            }),
            RangeSpec::Infer => None,
        };
        Fold {
            spec,
            base,
            span,
            frame,
            lo: u16::MAX,
            hi: 0,
            too_long: false,
            product_ix: FxHashMap::default(),
            user_ix: FxHashMap::default(),
            products: Vec::new(),
            users: Vec::new(),
            seen: Vec::new(),
            active: Vec::new(),
            product_users: Vec::new(),
            product_day: Vec::new(),
            user_totals: Vec::new(),
            first: Vec::new(),
            last: Vec::new(),
            warnings: Warnings::default(),
            pending: Vec::with_capacity(BATCH),
        }
    }

    /// Adds one row, as [`super::Builder::push`] would.
    pub fn push(&mut self, r: &RowRef<'_>) -> Result<(), DecodeError> {
        let offset = (r.date - self.base).num_days();
        if offset < 0 && self.spec == RangeSpec::Infer {
            return Err(DecodeError::BeforeInferBase { date: r.date });
        }
        if offset < 0 || offset as usize >= self.span {
            self.warnings.out_of_range += 1;
            return Ok(());
        }
        let p = usize::from(self.product(r)?);
        let u = self.user(r) as usize;
        let day = offset as u16;
        (self.lo, self.hi) = (self.lo.min(day), self.hi.max(day));
        self.too_long |= i64::from(self.hi - self.lo) + 1 > MAX_DAYS;
        if self.too_long {
            return Ok(());
        }
        self.cover(usize::from(day));
        self.pending.push(Pending {
            count: r.prompt_count,
            user: u as u32,
            product: p as u16,
            day,
        });
        if self.pending.len() == BATCH {
            self.flush();
        }
        Ok(())
    }

    /// Adds the rows waiting, in their order. Their words are read first, all at once:
    /// the bitsets are far larger than the caches, and one row at a time the processor
    /// waits for each miss in turn, where a batch of independent reads overlaps them.
    fn flush(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        if let Some(f) = self.frame {
            let mut touched = 0u64;
            for r in &pending {
                let (u, bit) = (r.user as usize, usize::from(r.day) - f.anchor * 64);
                let word = u * f.words + bit / 64;
                let seen = &self.seen[usize::from(r.product)];
                touched ^= seen.get(word).copied().unwrap_or(0);
                touched ^= self.active.get(word).copied().unwrap_or(0);
                touched ^= self.user_totals[u] ^ u64::from(self.first[u] ^ self.last[u]);
            }
            std::hint::black_box(touched);
            for r in &pending {
                self.add(f, r);
            }
        }
        self.pending = pending;
        self.pending.clear();
    }

    /// Adds one row: counted as a duplicate when its (product, person, day) was seen.
    fn add(&mut self, f: Frame, r: &Pending) {
        let (p, u, day) = (usize::from(r.product), r.user as usize, r.day);
        let bit = usize::from(day) - f.anchor * 64;
        let (word, mask) = (u * f.words + bit / 64, 1u64 << (bit % 64));
        let seen = &mut self.seen[p];
        fit(seen, (u + 1) * f.words);
        if seen[word] & mask != 0 {
            self.warnings.duplicates += 1;
            return;
        }
        seen[word] |= mask;
        self.product_day[p][bit] += r.count;
        self.user_totals[u] += r.count;
        if r.count > 0 {
            fit(&mut self.active, (u + 1) * f.words);
            self.active[word] |= mask;
            fit(&mut self.product_users[p], u / 64 + 1);
            self.product_users[p][u / 64] |= 1 << (u % 64);
            self.first[u] = self.first[u].min(day);
            self.last[u] = self.last[u].max(day);
        }
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
        self.product_ix.insert(r.product_id, p);
        let days = self.frame.map_or(0, |f| f.words * 64);
        self.seen.push(Vec::new());
        self.product_users.push(Vec::new());
        self.product_day.push(vec![0; days]);
        Ok(p)
    }

    /// The person's index, interned on first sight.
    fn user(&mut self, r: &RowRef<'_>) -> u32 {
        if let Some(&u) = self.user_ix.get(&r.user_id) {
            return u;
        }
        let u = self.users.len() as u32;
        self.users.push(User {
            id: r.user_id,
            email: r.user_email.to_string(),
        });
        self.user_ix.insert(r.user_id, u);
        self.user_totals.push(0);
        self.first.push(u16::MAX);
        self.last.push(0);
        u
    }

    /// The frame, grown to hold `day` (only a saved response read without a range grows).
    fn cover(&mut self, day: usize) -> Frame {
        let w = day / 64;
        let old = match self.frame {
            Some(f) if f.anchor <= w && w < f.anchor + f.words => return f,
            Some(f) => f,
            None => Frame {
                anchor: w,
                words: 0,
            },
        };
        let anchor = match old.words {
            0 => w,
            _ => old.anchor.min(w),
        };
        let new = Frame {
            anchor,
            words: (old.anchor + old.words).max(w + 1) - anchor,
        };
        let shift = old.anchor - new.anchor;
        for bits in self
            .seen
            .iter_mut()
            .chain(std::iter::once(&mut self.active))
        {
            *bits = reframe(bits, old.words, new.words, shift);
        }
        for days in &mut self.product_day {
            *days = match old.words {
                0 => vec![0; new.words * 64],
                _ => reframe(days, old.words * 64, new.words * 64, shift * 64),
            };
        }
        self.frame = Some(new);
        new
    }

    /// The model of the rows folded, with their aggregates and no rows.
    pub fn finish(mut self) -> Result<Usage, DecodeError> {
        self.flush();
        if self.too_long {
            return Err(DecodeError::SpanTooLong(MAX_DAYS));
        }
        let (range, start) = match self.spec {
            RangeSpec::Fixed(r) => (r, 0),
            RangeSpec::Infer if self.lo > self.hi => (inferred_range(self.base, 0, 0)?, 0),
            RangeSpec::Infer => (inferred_range(self.base, self.lo, self.hi)?, self.lo),
        };
        Ok(self.assemble(range, usize::from(start)))
    }

    /// Reads a whole saved response (a file or stdin) on this thread.
    pub fn read_from(spec: RangeSpec, r: impl std::io::Read) -> Result<Usage, ReadError> {
        let (mut rows, mut fold) = (Rows::default(), Fold::new(spec));
        pump(r, &mut |chunk| rows.feed(chunk, &mut |row| fold.push(row)))?;
        rows.framer.finish().map_err(ReadError::Decode)?;
        fold.finish().map_err(ReadError::Decode)
    }

    /// Reads a saved response file.
    pub fn read_file(spec: RangeSpec, path: &std::path::Path) -> Result<Usage, ReadError> {
        input_len(path)?;
        let file = std::fs::File::open(path)
            .map_err(|e| ReadError::Io(format!("{}: {e}", path.display())))?;
        Self::read_from(spec, file)
    }
}

/// Grows `v` to `len` zeros at the end, by a quarter at least: a doubling would leave up to
/// half the largest bitsets unused.
fn fit(v: &mut Vec<u64>, len: usize) {
    if v.len() < len {
        if v.capacity() < len {
            v.reserve_exact((len - v.len()).max(v.capacity() / 4));
        }
        v.resize(len, 0);
    }
}

/// Rows of `old` each `from` long, copied into rows `to` long at `shift` (a person's
/// words of day bits, or a product's counters per day).
fn reframe(old: &[u64], from: usize, to: usize, shift: usize) -> Vec<u64> {
    if from == 0 {
        return Vec::new();
    }
    let rows = old.len() / from;
    let mut new = vec![0; rows * to];
    for (r, row) in old.chunks(from).enumerate() {
        new[r * to + shift..r * to + shift + from].copy_from_slice(row);
    }
    new
}

#[cfg(test)]
#[path = "fold_tests.rs"]
mod tests;
