//! The usage model: rows interned into products, users and 12-byte cells, with every
//! aggregate the views need computed once, when the model is built.
//!
//! Cells are sorted by (user, product, day) and unique, so one user's cells are one slice:
//! per-user series are cut from it on demand, for the rows on screen only, instead of
//! holding a users x days matrix.

mod binary;
mod builder;
mod cells;
mod day_groups;
mod decode;
mod email_order;
mod fast;
mod fold;
mod framer;
mod held;
mod ingest;
mod narrow;
mod replay;
mod series;
mod subset;
mod warnings;

pub use binary::checksum;
pub use builder::{Builder, RangeSpec};
pub use decode::{DecodeError, MAX_ROW_BYTES, RowRef, decode_row};
pub use fold::{DayBits, Fold, FoldSplit, Keep};
pub use framer::{Element, Framer};
pub use ingest::{Ingest, MAX_PROMPT_COUNT, MAX_ROWS, ReadError, check_count, input_len};
pub use replay::{RowSink, replay_rows};
pub use warnings::Warnings;

use std::sync::Arc;

use chrono::NaiveDate;
use uuid::Uuid;

use crate::dates::DateRange;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Product {
    pub id: Uuid,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub id: Uuid,
    pub email: String,
}

/// One (product, user, day) count. `day` indexes the model's range. The count is a `u32`
/// (a row's is at most [`MAX_PROMPT_COUNT`], under 2^27): 12 bytes a cell, not 16, is
/// 40 MB less for the 10M cells of a large organization's year. Sums are `u64`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cell {
    pub count: u32,
    pub user: u32,
    pub product: u16,
    pub day: u16,
}

impl Cell {
    fn key(&self) -> u64 {
        (u64::from(self.user) << 32) | (u64::from(self.product) << 16) | u64::from(self.day)
    }
}

/// Prompt usage over one range, with its aggregates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Usage {
    range: DateRange,
    products: Vec<Product>,
    /// Shared with the models narrowed from this one (166k people are 12 MB).
    users: Arc<Vec<User>>,
    /// The rows, or a view of another model's: a window of its days
    /// ([`Usage::narrowed`]), some of its people ([`Usage::only_people`]), or both.
    held: held::Held,
    /// How many of them are seen.
    rows: usize,
    warnings: Warnings,
    total: u64,
    user_totals: Vec<u64>,
    user_active_days: Vec<u32>,
    user_first: Vec<Option<u16>>,
    user_last: Vec<Option<u16>>,
    product_totals: Vec<u64>,
    product_users: Vec<u32>,
    day_totals: Vec<u64>,
    day_users: Vec<u32>,
    product_day: Vec<u64>,
    /// A model folded from a stream ([`Fold`]) keeps no rows: it holds none and each
    /// person's active days are here instead.
    folded: Option<DayBits>,
    /// The people in email order, once asked ([`Usage::users_by_email`]).
    email_order: email_order::EmailOrder,
    /// Distinct people per group of days, once asked ([`Usage::distinct_users_by_group`]).
    group_counts: day_groups::GroupCounts,
}

impl Usage {
    /// A model with no rows.
    pub fn empty(range: DateRange) -> Self {
        Self::from_parts(range, Vec::new(), Vec::new(), Vec::new(), 0)
    }

    fn from_parts(
        range: DateRange,
        products: Vec<Product>,
        users: Vec<User>,
        mut cells: Vec<Cell>,
        out_of_range: u64,
    ) -> Self {
        // Sorting by (user, product, day) with the arrival order kept among equals makes
        // "the first row wins" deterministic whatever the chunking.
        let duplicates = cells::sort_dedup(&mut cells, users.len());
        let warnings = Warnings {
            out_of_range,
            duplicates,
            ..Warnings::default()
        };
        Self::from_sorted(range, (products, users), cells, warnings)
    }

    /// A model of cells already sorted by (user, product, day) and without duplicates.
    fn from_sorted(
        range: DateRange,
        (products, mut users): (Vec<Product>, Vec<User>),
        cells: Vec<Cell>,
        warnings: Warnings,
    ) -> Self {
        // Interning grows the people by doubling: at 166k, 4 MB of room never used.
        users.shrink_to_fit();
        let nu = users.len();
        Self::with_held(
            range,
            (products, Arc::new(users)),
            held::Held::own(cells, nu),
            warnings,
        )
    }

    /// A model of `held`'s rows, with its aggregates.
    fn with_held(
        range: DateRange,
        who: (Vec<Product>, Arc<Vec<User>>),
        held: held::Held,
        warnings: Warnings,
    ) -> Self {
        Self::counted(range, who, held, warnings).0
    }

    /// [`Usage::with_held`], and which products a row names.
    fn counted(
        range: DateRange,
        (products, users): (Vec<Product>, Arc<Vec<User>>),
        held: held::Held,
        warnings: Warnings,
    ) -> (Self, Vec<bool>) {
        let days = range.len_days();
        let (nu, np) = (users.len(), products.len());
        let mut s = Self {
            range,
            products,
            users,
            held,
            rows: 0,
            warnings,
            total: 0,
            user_totals: vec![0; nu],
            user_active_days: vec![0; nu],
            user_first: vec![None; nu],
            user_last: vec![None; nu],
            product_totals: vec![0; np],
            product_users: vec![0; np],
            day_totals: vec![0; days],
            day_users: vec![0; days],
            product_day: vec![0; np * days],
            folded: None,
            email_order: Default::default(),
            group_counts: Default::default(),
        };
        let named = s.aggregate();
        (s, named)
    }

    /// The totals, distinct counts and first/last days, in one pass over the cells
    /// (sorted by user, so a person's cells are together); which products a row names.
    fn aggregate(&mut self) -> Vec<bool> {
        let (days, np, nu) = (self.range.len_days(), self.products.len(), self.users.len());
        let held = self.held.clone();
        let s = self;
        // Marks of the last user counted per day and per product, for distinct counts.
        let mut day_seen = vec![u32::MAX; days];
        let mut product_seen = vec![u32::MAX; np];
        let mut named = vec![false; np];
        for u in 0..nu {
            for c in held.of_user(u) {
                s.rows += 1;
                let (d, p) = (usize::from(c.day), usize::from(c.product));
                named[p] = true;
                s.total += u64::from(c.count);
                s.user_totals[u] += u64::from(c.count);
                s.product_totals[p] += u64::from(c.count);
                s.day_totals[d] += u64::from(c.count);
                s.product_day[p * days + d] += u64::from(c.count);
                if c.count > 0 {
                    if day_seen[d] != u as u32 {
                        day_seen[d] = u as u32;
                        s.day_users[d] += 1;
                        s.user_active_days[u] += 1;
                    }
                    if product_seen[p] != u as u32 {
                        product_seen[p] = u as u32;
                        s.product_users[p] += 1;
                    }
                    s.user_first[u] = Some(s.user_first[u].map_or(c.day, |f| f.min(c.day)));
                    s.user_last[u] = Some(s.user_last[u].map_or(c.day, |l| l.max(c.day)));
                }
            }
        }
        named
    }

    pub fn range(&self) -> DateRange {
        self.range
    }
    pub fn products(&self) -> &[Product] {
        &self.products
    }
    pub fn users(&self) -> &[User] {
        &self.users
    }
    pub fn warnings(&self) -> Warnings {
        self.warnings
    }
    /// A saved response seen through a window that lies wholly outside it ([`Usage::narrowed`]):
    /// its zeros say nothing of the people, so a comparison with it says nothing either.
    pub fn wholly_outside_file(&self) -> bool {
        self.warnings.days_outside >= self.range().len_days() as u64
    }
    /// Number of (product, user, day) rows kept.
    pub fn row_count(&self) -> usize {
        self.rows
    }
    /// Whether the rows are another model's, seen through this one's range or for some
    /// of its people ([`Usage::narrowed`], [`Usage::only_people`]): they cost this one
    /// nothing.
    pub fn shares_rows(&self) -> bool {
        self.held.is_shared()
    }
    /// The bytes of the rows held, whoever else holds them too.
    pub fn rows_bytes(&self) -> usize {
        self.held.bytes()
    }
    /// The rows a pass over this model's cells reads: its own, or all those of the model
    /// whose rows it sees ([`Usage::shares_rows`]), days outside its range included.
    pub fn rows_read(&self) -> usize {
        self.held.read()
    }
    /// All prompts in the model.
    pub fn total(&self) -> u64 {
        self.total
    }
    pub fn user_total(&self, u: usize) -> u64 {
        self.user_totals[u]
    }
    pub fn user_totals(&self) -> &[u64] {
        &self.user_totals
    }
    /// Days on which the user sent at least one prompt.
    pub fn user_active_days(&self, u: usize) -> u32 {
        self.user_active_days[u]
    }
    pub fn user_first_day(&self, u: usize) -> Option<NaiveDate> {
        self.user_first[u].map(|d| self.range.day(usize::from(d)))
    }
    pub fn user_last_day(&self, u: usize) -> Option<NaiveDate> {
        self.user_last[u].map(|d| self.range.day(usize::from(d)))
    }
    /// Users with at least one prompt.
    pub fn active_users(&self) -> usize {
        self.user_active_days.iter().filter(|d| **d > 0).count()
    }
    pub fn product_total(&self, p: usize) -> u64 {
        self.product_totals[p]
    }
    /// Users with at least one prompt to product `p`.
    pub fn product_users(&self, p: usize) -> u32 {
        self.product_users[p]
    }
    /// Prompts per day, zero-filled over the range.
    pub fn day_totals(&self) -> &[u64] {
        &self.day_totals
    }
    /// Active users per day, zero-filled over the range.
    pub fn day_users(&self) -> &[u32] {
        &self.day_users
    }
    /// Prompts per day to product `p`, zero-filled.
    pub fn product_daily(&self, p: usize) -> &[u64] {
        let days = self.range.len_days();
        &self.product_day[p * days..(p + 1) * days]
    }
    /// Calls `f` with each (user, day) on which the user sent prompts, user by user (in
    /// index order), from the rows or, for a folded model, from its active days.
    pub fn for_each_active_day(&self, f: &mut dyn FnMut(u32, u16)) {
        match &self.folded {
            Some(days) => days.for_each(f),
            None => self
                .cells()
                .filter(|c| c.count > 0)
                .for_each(|c| f(c.user, c.day)),
        }
    }
    /// Whether the model was folded from a stream and holds aggregates only: no rows, no
    /// per-user series.
    pub fn is_folded(&self) -> bool {
        self.folded.is_some()
    }
    /// The rows a folded model was made of (in the range, repeats left out); `None` for
    /// a model that holds its rows ([`Usage::row_count`]).
    pub fn folded_rows(&self) -> Option<u64> {
        self.folded.as_ref().map(DayBits::rows)
    }
    /// With `--team`, the people and products a fold left out (`Fold::read_keeping`);
    /// none for a held model, which is narrowed after it is read.
    pub fn left_out(&self) -> (&[User], &[Product]) {
        self.folded.as_ref().map_or((&[], &[]), DayBits::left_out)
    }
    /// Where the rows read start: the first row's day, or before the range when rows
    /// dated before it were dropped (a saved file that reaches further back).
    pub fn rows_start(&self) -> Option<NaiveDate> {
        match self.warnings.before_range {
            0 => self.first_row_day(),
            _ => self.range.start().pred_opt(),
        }
    }
    /// The day of the model's earliest row (a row of no prompts too), held or folded.
    pub fn first_row_day(&self) -> Option<NaiveDate> {
        let day = match &self.folded {
            Some(f) => f.first(),
            None => self.cells().map(|c| c.day).min(),
        };
        day.map(|d| self.range.day(usize::from(d)))
    }
    /// The day of the model's latest row (a row of no prompts too), held or folded: a
    /// folding under `--team` read every row, so this is where the file's rows end.
    pub fn last_row_day(&self) -> Option<NaiveDate> {
        let day = match &self.folded {
            Some(f) => f.last(),
            None => self.cells().map(|c| c.day).max(),
        };
        day.map(|d| self.range.day(usize::from(d)))
    }
    /// Every cell, sorted by (user, product, day). Empty for a folded model.
    pub fn cells(&self) -> impl Iterator<Item = Cell> + '_ {
        self.held.all()
    }
    /// The cells of user `u`, sorted by (product, day).
    pub fn user_cells(&self, u: usize) -> impl Iterator<Item = Cell> + '_ {
        self.held.of_user(u)
    }
    /// Index of the user with this id.
    pub fn user_index(&self, id: Uuid) -> Option<usize> {
        self.users.iter().position(|u| u.id == id)
    }
    /// Every kept row as (product, user, date, count), sorted by user, product, day.
    pub fn rows(&self) -> impl Iterator<Item = (&Product, &User, NaiveDate, u64)> + '_ {
        self.cells().map(|c| {
            (
                &self.products[usize::from(c.product)],
                &self.users[c.user as usize],
                self.range.day(usize::from(c.day)),
                u64::from(c.count),
            )
        })
    }
}

#[cfg(test)]
mod tests;
