//! The model's builder: rows in any order, interned so that a row costs 12 bytes, with
//! duplicates compacted when a response repeats itself. `Ingest` feeds it.

use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use uuid::Uuid;

use super::decode::{DecodeError, RowRef};
use super::{Cell, Product, Usage, User};
use crate::dates::{DateRange, MAX_DAYS};

/// Which days a response is expected to cover.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RangeSpec {
    /// The requested range: rows outside it are dropped and counted.
    Fixed(DateRange),
    /// A saved response read with no range given: the range is the rows' own span.
    Infer,
}

/// The earliest day an inferred range may hold (day indexes are `u16` from here, so the
/// last is 2179-06-05: `DecodeError::OutsideInferDays` names both).
const INFER_BASE: (i32, u32, u32) = (2000, 1, 1);

/// The first day a spec's rows may hold and how many days from it: row days are offsets
/// from that base, and rows at or past `span` are out of the range.
pub(super) fn days_of(spec: RangeSpec) -> (NaiveDate, usize) {
    match spec {
        RangeSpec::Fixed(r) => (r.start(), r.len_days()),
        RangeSpec::Infer => {
            let (y, m, d) = INFER_BASE;
            (
                NaiveDate::from_ymd_opt(y, m, d).expect("valid base"),
                usize::from(u16::MAX),
            )
        }
    }
}

/// The range of a saved response read with no range given: from its first row's day
/// (`lo`, an offset from `base`) to its last's, at most [`MAX_DAYS`] long.
pub(super) fn inferred_range(base: NaiveDate, lo: u16, hi: u16) -> Result<DateRange, DecodeError> {
    let start = base + chrono::Duration::days(i64::from(lo));
    let end = base + chrono::Duration::days(i64::from(hi));
    if i64::from(hi - lo) + 1 > MAX_DAYS {
        return Err(DecodeError::SpanTooLong(MAX_DAYS));
    }
    DateRange::new(start, end).map_err(|_| DecodeError::SpanTooLong(MAX_DAYS))
}

/// The most (product, day) pairs a model tallies: its prompts per product and day are a
/// table of that many counters (64 MiB), in every reading. A response of 65,535 products
/// over ten years would need 1.9 GB for that table alone.
pub const MAX_PRODUCT_DAYS: usize = 1 << 23;

/// [`MAX_PRODUCT_DAYS`] as the error of `products` over `days`, when past it.
pub(super) fn check_width(products: usize, days: usize) -> Result<(), DecodeError> {
    match products.saturating_mul(days) > MAX_PRODUCT_DAYS {
        true => Err(DecodeError::TooWide {
            products,
            days,
            max: MAX_PRODUCT_DAYS,
        }),
        false => Ok(()),
    }
}

/// Builds a [`Usage`] from rows, in any order, any number at a time.
#[derive(Debug)]
pub struct Builder {
    spec: RangeSpec,
    base: NaiveDate,
    span: usize,
    product_ix: FxHashMap<Uuid, u16>,
    user_ix: FxHashMap<Uuid, u32>,
    products: Vec<Product>,
    users: Vec<User>,
    cells: Vec<Cell>,
    out_of_range: u64,
    /// Of those, the rows dated before the range.
    before_range: u64,
    /// Duplicates already removed by [`Builder::maybe_compact`].
    duplicates: u64,
    /// Rows that named a known product differently.
    renamed_products: u64,
    /// The cell count at which to look again whether duplicates must be compacted.
    compact_check_at: usize,
}

/// How many rows arrive between two looks at whether the cells hold duplicates.
const COMPACT_EVERY: usize = 1 << 20;

impl Builder {
    pub fn new(spec: RangeSpec) -> Self {
        let (base, span) = days_of(spec);
        Self {
            spec,
            base,
            span,
            product_ix: FxHashMap::default(),
            user_ix: FxHashMap::default(),
            products: Vec::new(),
            users: Vec::new(),
            cells: Vec::new(),
            out_of_range: 0,
            before_range: 0,
            duplicates: 0,
            renamed_products: 0,
            compact_check_at: COMPACT_EVERY,
        }
    }

    /// Removes duplicate cells (the first of each kept) when there must be some: more
    /// cells than twice the distinct (person, product, day) triples the range can hold.
    /// A response of repeated rows (a gzip bomb) thus stays as small as its distinct rows;
    /// an honest response never pays for the sort here.
    fn maybe_compact(&mut self) {
        self.compact_check_at = self.cells.len() + COMPACT_EVERY;
        let distinct_max = (self.users.len() as u64)
            .saturating_mul(self.products.len() as u64)
            .saturating_mul(self.span as u64);
        if (self.cells.len() as u64) < distinct_max.saturating_mul(2) {
            return;
        }
        let before = self.cells.len();
        // Stable: among equal keys the first to arrive stays first, as in `finish`.
        self.cells.sort_by_key(Cell::key);
        self.cells.dedup_by_key(|c| c.key());
        self.duplicates += (before - self.cells.len()) as u64;
        self.compact_check_at = self.cells.len() + COMPACT_EVERY;
    }

    /// Adds one row. A row dated outside the range is dropped and counted, never added.
    pub fn push(&mut self, r: &RowRef<'_>) -> Result<(), DecodeError> {
        let offset = (r.date - self.base).num_days();
        let outside = offset < 0 || offset as usize >= self.span;
        if outside && self.spec == RangeSpec::Infer {
            // Dropping it would make the export silently empty (or short): say why.
            return Err(DecodeError::OutsideInferDays { date: r.date });
        }
        if outside {
            self.out_of_range += 1;
            self.before_range += u64::from(offset < 0);
            return Ok(());
        }
        let product = match self.product_ix.get(&r.product_id) {
            Some(&p) => {
                if self.products[usize::from(p)].name != r.product_name {
                    self.renamed_products += 1;
                }
                p
            }
            None => {
                let p = u16::try_from(self.products.len())
                    .map_err(|_| DecodeError::TooManyProducts(usize::from(u16::MAX)))?;
                self.products.push(Product {
                    id: r.product_id,
                    name: r.product_name.to_string(),
                });
                self.product_ix.insert(r.product_id, p);
                p
            }
        };
        let user = match self.user_ix.get(&r.user_id) {
            Some(&u) => u,
            None => {
                let u = self.users.len() as u32;
                self.users.push(User {
                    id: r.user_id,
                    email: r.user_email.to_string(),
                });
                self.user_ix.insert(r.user_id, u);
                u
            }
        };
        // Ingest holds counts to `MAX_PROMPT_COUNT`, which a cell's `u32` holds; a count
        // beyond it from elsewhere is refused the same way, with its row.
        let count = u32::try_from(r.prompt_count).map_err(|_| DecodeError::CountTooLarge {
            row: self.cells.len() as u64 + self.duplicates + self.out_of_range + 1,
            count: r.prompt_count,
            max: super::MAX_PROMPT_COUNT,
        })?;
        self.cells.push(Cell {
            count,
            user,
            product,
            day: offset as u16,
        });
        if self.cells.len() >= self.compact_check_at {
            self.maybe_compact();
        }
        Ok(())
    }

    /// Sorts, removes duplicates and computes the aggregates.
    pub fn finish(self) -> Result<Usage, DecodeError> {
        let Builder {
            spec,
            base,
            products,
            users,
            mut cells,
            out_of_range,
            before_range,
            duplicates,
            renamed_products,
            ..
        } = self;
        let range = match spec {
            RangeSpec::Fixed(r) => r,
            RangeSpec::Infer => {
                let lo = cells.iter().map(|c| c.day).min().unwrap_or(0);
                let hi = cells.iter().map(|c| c.day).max().unwrap_or(0);
                for c in &mut cells {
                    c.day -= lo;
                }
                inferred_range(base, lo, hi)?
            }
        };
        check_width(products.len(), range.len_days())?;
        let mut u = Usage::from_parts(range, products, users, cells, out_of_range);
        u.warnings.duplicates += duplicates;
        u.warnings.renamed_products = renamed_products;
        u.warnings.before_range = before_range;
        Ok(u)
    }

    /// Takes in another builder over the same range: its products and users are mapped to
    /// this one's (a lookup per person, not per row) and its cells appended.
    /// Whether `other` (a later part of the body) first named a product otherwise than
    /// this one did: its second names were counted against its own first name, and only
    /// a reading in one pass counts them against the body's.
    pub fn first_names_differ(&self, other: &Builder) -> bool {
        let named = |p: &Product| {
            self.product_ix
                .get(&p.id)
                .map(|&i| &self.products[usize::from(i)].name)
        };
        other
            .products
            .iter()
            .any(|p| named(p).is_some_and(|n| *n != p.name))
    }

    pub fn absorb_builder(&mut self, other: Builder) -> Result<(), DecodeError> {
        debug_assert_eq!(self.base, other.base);
        let mut pmap = Vec::with_capacity(other.products.len());
        for p in other.products {
            let i = match self.product_ix.get(&p.id) {
                Some(&i) => i,
                None => {
                    let i = u16::try_from(self.products.len())
                        .map_err(|_| DecodeError::TooManyProducts(usize::from(u16::MAX)))?;
                    self.product_ix.insert(p.id, i);
                    self.products.push(p);
                    i
                }
            };
            pmap.push(i);
        }
        let mut umap = Vec::with_capacity(other.users.len());
        for u in other.users {
            let i = match self.user_ix.get(&u.id) {
                Some(&i) => i,
                None => {
                    let i = self.users.len() as u32;
                    self.user_ix.insert(u.id, i);
                    self.users.push(u);
                    i
                }
            };
            umap.push(i);
        }
        // The other's cells come over a block at a time, each block's memory returned as
        // it goes: holding both halves and the whole at once set the dashboard's peak at
        // 10M rows (80 MB more than the model).
        self.cells.reserve_exact(other.cells.len());
        for block in into_blocks(other.cells, MOVE_BLOCK) {
            self.cells.extend(block.into_iter().map(|c| Cell {
                user: umap[c.user as usize],
                product: pmap[usize::from(c.product)],
                ..c
            }));
        }
        self.out_of_range += other.out_of_range;
        self.before_range += other.before_range;
        self.duplicates += other.duplicates;
        self.renamed_products += other.renamed_products;
        Ok(())
    }

    /// Merges another builder's rows into this one (re-interning its ids).
    pub fn absorb(&mut self, other: &Usage) -> Result<(), DecodeError> {
        // A folded model has no rows to merge: only its own exports may read it.
        debug_assert!(!other.is_folded(), "a folded model merged");
        // Ids are mapped once per product and per person, then each cell is moved over
        // with array lookups: merging windows costs little next to decoding them.
        let pmap = other
            .products()
            .iter()
            .map(|p| self.intern_product(p.id, &p.name))
            .collect::<Result<Vec<u16>, DecodeError>>()?;
        let shift = (other.range().start() - self.base).num_days();
        let last = shift + other.range().len_days() as i64 - 1;
        if last < 0 || shift >= self.span as i64 {
            // No day in common (a saved year's previous period): every cell is out of
            // range, counted without a pass over 10M of them; and none of the people, as
            // the server would list none for this range (at 166k people they were 16 MB
            // of the dashboard, each with no prompt).
            self.out_of_range += other.row_count() as u64 + other.warnings().out_of_range;
            return Ok(());
        }
        let umap: Vec<u32> = other
            .users()
            .iter()
            .map(|u| self.intern_user(u.id, &u.email))
            .collect();
        for c in other.cells() {
            let day = shift + i64::from(c.day);
            if day < 0 || day as usize >= self.span {
                self.out_of_range += 1;
                continue;
            }
            self.cells.push(Cell {
                count: c.count,
                user: umap[c.user as usize],
                product: pmap[usize::from(c.product)],
                day: day as u16,
            });
        }
        self.out_of_range += other.warnings().out_of_range;
        Ok(())
    }

    fn intern_product(&mut self, id: Uuid, name: &str) -> Result<u16, DecodeError> {
        if let Some(&p) = self.product_ix.get(&id) {
            return Ok(p);
        }
        let p = u16::try_from(self.products.len())
            .map_err(|_| DecodeError::TooManyProducts(usize::from(u16::MAX)))?;
        self.products.push(Product {
            id,
            name: name.to_string(),
        });
        self.product_ix.insert(id, p);
        Ok(p)
    }

    fn intern_user(&mut self, id: Uuid, email: &str) -> u32 {
        if let Some(&u) = self.user_ix.get(&id) {
            return u;
        }
        let u = self.users.len() as u32;
        self.users.push(User {
            id,
            email: email.to_string(),
        });
        self.user_ix.insert(id, u);
        u
    }
}

/// Cells moved at a time by [`Builder::absorb_builder`]: 16 MB.
const MOVE_BLOCK: usize = 1 << 20;

/// `cells` cut into blocks of at most `n`, in order; each block is split off the end and
/// the rest shrunk, so the blocks never take more memory than `cells` did plus one block.
fn into_blocks(mut cells: Vec<Cell>, n: usize) -> Vec<Vec<Cell>> {
    let mut blocks = Vec::with_capacity(cells.len().div_ceil(n.max(1)));
    while !cells.is_empty() {
        let at = cells.len().saturating_sub(n.max(1));
        blocks.push(cells.split_off(at));
        cells.shrink_to_fit();
    }
    blocks.reverse();
    blocks
}

#[cfg(test)]
#[path = "builder_tests.rs"]
mod tests;
