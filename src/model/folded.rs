//! The end of a fold: its accumulators turned into a [`Usage`] over the range, with each
//! person's active days ([`DayBits`]) in place of rows.

use super::super::{Product, User};
use super::{Fold, Usage};
use crate::dates::DateRange;

/// Each person's active days: the fold's own rows of 8-day bytes, kept as they are (a
/// copy spread into 64-day words doubled the peak: 1.1 GB for a million people over ten
/// years, one row each). Person `u`'s bytes are `width` from `u * width` (the people
/// after the last active one have none), the range's day `i` at bit `at + i`.
#[derive(Clone, Debug)]
pub struct DayBits {
    bytes: Vec<u8>,
    width: usize,
    at: usize,
    /// The rows the fold kept (in the range, repeats left out), whoever's: with `--team`,
    /// the others' too.
    rows: u64,
    /// The range's day of the earliest row read (a row of no prompts too), whoever's.
    first: Option<u16>,
    /// And of the latest: where the file ends, whoever's rows are kept.
    last: Option<u16>,
    /// With `--team`, the people and the products the fold left out (see
    /// `fold_members.rs`): their names, for two foldings of one file to be compared.
    left_out: (Vec<User>, Vec<Product>),
}

/// Equal when they hold the same days: two folds of one file may frame them apart.
impl PartialEq for DayBits {
    fn eq(&self, other: &Self) -> bool {
        let days = |d: &DayBits| {
            let mut all = Vec::new();
            d.for_each(&mut |u, day| all.push((u, day)));
            all
        };
        (self.rows, self.first, self.last, &self.left_out)
            == (other.rows, other.first, other.last, &other.left_out)
            && days(self) == days(other)
    }
}

impl Eq for DayBits {}

impl DayBits {
    pub(in crate::model) fn rows(&self) -> u64 {
        self.rows
    }
    pub(in crate::model) fn first(&self) -> Option<u16> {
        self.first
    }
    pub(in crate::model) fn last(&self) -> Option<u16> {
        self.last
    }
    pub(in crate::model) fn left_out(&self) -> (&[User], &[Product]) {
        (&self.left_out.0, &self.left_out.1)
    }
    /// Calls `f` with each (person, day) set, person by person, days in order.
    pub(in crate::model) fn for_each(&self, f: &mut dyn FnMut(u32, u16)) {
        for (u, row) in self.bytes.chunks(self.width.max(1)).enumerate() {
            for_each_bit8(row, |b| f(u as u32, (b - self.at) as u16));
        }
    }
}

/// Calls `f` with the index of each bit set in `bytes`, in order.
fn for_each_bit8(bytes: &[u8], mut f: impl FnMut(usize)) {
    for (i, &byte) in bytes.iter().enumerate() {
        let mut x = byte;
        while x != 0 {
            f(i * 8 + x.trailing_zeros() as usize);
            x &= x - 1;
        }
    }
}

/// People's rows of 8-day bytes (`bytes` each, the range's first day at bit `at`) counted
/// into their active days (`counts`); gives how many were active on each of the range's
/// `days`. `people` at a time on a thread each (see [`share_size`]).
fn spread(
    rows: &[u8],
    (bytes, at, days): (usize, usize, usize),
    counts: &mut [u32],
    people: usize,
) -> Vec<u32> {
    if counts.is_empty() {
        return vec![0; days];
    }
    let people = people.clamp(1, counts.len());
    let pieces = rows.chunks(bytes * people).zip(counts.chunks_mut(people));
    let shares = crate::parallel::run_each(pieces, |(rows, counts)| {
        spread_share(rows, (bytes, at, days), counts)
    });
    let mut day_users = vec![0; days];
    for share in shares {
        for (all, n) in day_users.iter_mut().zip(share) {
            *all += n;
        }
    }
    day_users
}

/// People spread on a thread: a share per processor (one bit at a time, 166k people's
/// year took 22 ms on one core at the end of a parallel fold), not fewer than 16k.
fn share_size(people: usize) -> usize {
    people.div_ceil(crate::parallel::cores()).max(1 << 14)
}

/// [`spread`] for one share of the people, on one thread.
fn spread_share(
    rows: &[u8],
    (bytes, at, days): (usize, usize, usize),
    counts: &mut [u32],
) -> Vec<u32> {
    let mut day_users = vec![0; days];
    for (person, row) in rows.chunks(bytes).enumerate() {
        for_each_bit8(row, |b| {
            day_users[b - at] += 1;
            counts[person] += 1;
        });
    }
    day_users
}

impl Fold {
    /// The model over `range`, whose first day is day `start` of the frame's days.
    pub(super) fn assemble(mut self, range: DateRange, start: usize) -> Usage {
        let mut sums = std::mem::replace(&mut self.sums, super::Sums::new(None));
        let (days, np, nu) = (range.len_days(), self.products.len(), sums.users.len());
        // The largest part, no longer needed: gone before the result is allocated.
        sums.seen = Default::default();
        // Every person and product interned had a row added, unless the span was too long.
        sums.product_day.resize_with(np, Vec::new);
        sums.product_users.resize(np, 0);
        sums.user_totals.resize(nu, 0);
        sums.first.resize(nu, u16::MAX);
        sums.last.resize(nu, 0);
        let mut u = Usage::empty(range);
        let members = sums.members.take();
        let mut active = DayBits {
            bytes: Vec::new(),
            width: 0,
            at: 0,
            rows: sums.kept,
            // `lo` is an offset from the spec's base, as `start` is.
            first: (self.lo <= self.hi).then(|| self.lo - start as u16),
            last: (self.lo <= self.hi).then(|| self.hi - start as u16),
            left_out: (Vec::new(), Vec::new()),
        };
        u.user_active_days = vec![0; nu];
        u.day_users = vec![0; days];
        if let Some(f) = sums.frame {
            // Day `i` of the range is bit `at + i` of the frame.
            let at = start - f.anchor * 8;
            u.product_day = range_days(&sums.product_day, at, days);
            let (counts, share) = (&mut u.user_active_days, share_size(nu));
            let geometry = (f.bytes, at, days);
            u.day_users = spread(&sums.active, geometry, counts, share);
            (active.bytes, active.width, active.at) =
                (std::mem::take(&mut sums.active), f.bytes, at);
        } else {
            u.product_day = vec![0; np * days];
        }
        totals(&mut u, np, days);
        u.product_users = std::mem::take(&mut sums.product_users);
        let day = |d: u16, none: u16| (d != none).then(|| d - start as u16);
        u.user_first = sums.first.iter().map(|&d| day(d, u16::MAX)).collect();
        u.user_last = (0..nu)
            .map(|i| u.user_first[i].and_then(|_| day(sums.last[i], u16::MAX)))
            .collect();
        u.user_totals = sums.user_totals;
        u.held = super::super::held::Held::own(Vec::new(), nu);
        u.products = self.products;
        u.users = std::sync::Arc::new(std::mem::take(&mut sums.users).into_users());
        u.warnings = self.warnings;
        u.warnings.duplicates = sums.duplicates;
        if let Some(m) = members {
            keep_only(&mut u, &mut active, &m.is, &m.used);
        }
        u.folded = Some(active);
        u
    }
}

/// `u` with only the people `people` keeps and the products `products` keeps (those a
/// kept person's row named), in their order, as the held reading's narrowing leaves
/// them; the others go to `active`'s left out. They added nothing, so the totals by day
/// and in all stand.
fn keep_only(u: &mut Usage, active: &mut DayBits, people: &[bool], products: &[bool]) {
    fn kept(keep: &[bool], n: usize) -> Vec<usize> {
        (0..n).filter(|&i| keep.get(i) == Some(&true)).collect()
    }
    fn others<T: Clone>(v: &[T], keep: &[bool]) -> Vec<T> {
        let out = |i: &usize| keep.get(*i) != Some(&true);
        (0..v.len()).filter(out).map(|i| v[i].clone()).collect()
    }
    active.left_out = (others(&u.users, people), others(&u.products, products));
    fn pick<T: Clone>(v: &[T], rows: &[usize], width: usize) -> Vec<T> {
        let row = |&i: &usize| &v[i * width..(i + 1) * width];
        rows.iter().flat_map(row).cloned().collect()
    }
    let (who, what) = (
        kept(people, u.users.len()),
        kept(products, u.products.len()),
    );
    u.users = std::sync::Arc::new(pick(&u.users, &who, 1));
    u.user_totals = pick(&u.user_totals, &who, 1);
    u.user_active_days = pick(&u.user_active_days, &who, 1);
    u.user_first = pick(&u.user_first, &who, 1);
    u.user_last = pick(&u.user_last, &who, 1);
    u.held = super::super::held::Held::own(Vec::new(), who.len());
    // The people after the last active one have no bytes: none are picked for them.
    let have = active.bytes.len() / active.width.max(1);
    let with_bytes = who.partition_point(|&i| i < have);
    active.bytes = pick(&active.bytes, &who[..with_bytes], active.width);
    let days = u.range.len_days();
    u.products = pick(&u.products, &what, 1);
    u.product_totals = pick(&u.product_totals, &what, 1);
    u.product_users = pick(&u.product_users, &what, 1);
    u.product_day = pick(&u.product_day, &what, days);
}

/// Each product's prompts on the range's `days` days, from its frame's (day `i` of the
/// range at `at + i`), one product after another. A product with no row added has no
/// days (`Sums::add` makes them at its first row): zeros.
fn range_days(products: &[Vec<u64>], at: usize, days: usize) -> Vec<u64> {
    let mut out = vec![0; products.len() * days];
    let made = products.iter().enumerate().filter(|(_, c)| !c.is_empty());
    for (p, counts) in made {
        out[p * days..(p + 1) * days].copy_from_slice(&counts[at..at + days]);
    }
    out
}

/// The totals per product, per day and in all, from the prompts per product and day.
fn totals(u: &mut Usage, np: usize, days: usize) {
    u.product_totals = (0..np)
        .map(|p| u.product_day[p * days..(p + 1) * days].iter().sum())
        .collect();
    u.day_totals = (0..days)
        .map(|d| (0..np).map(|p| u.product_day[p * days + d]).sum())
        .collect();
    u.total = u.product_totals.iter().sum();
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Spread in shares of any size, the counts and people a day are those of one
    /// share; with a frame that starts 3 days before the range (bits under `at` are not
    /// in the rows: the fold keeps only the range's days).
    #[test]
    fn shares_of_people_spread_as_one() {
        let mut rng = fastrand::Rng::with_seed(5);
        let (bytes, at, days, nu): (usize, usize, usize, usize) = (47, 3, 365, 101);
        // The last people have no row: the fold grows the bytes only for active people.
        let rows: Vec<u8> = (0..(nu - 4) * bytes)
            .map(|i| match i % bytes {
                0 => rng.u8(..) & !0b111,
                b if b * 8 >= at + days => 0,
                _ => rng.u8(..),
            })
            .collect();
        let run = |share: usize| {
            let mut counts = vec![0u32; nu];
            let day_users = spread(&rows, (bytes, at, days), &mut counts, share);
            (counts, day_users)
        };
        let whole = run(usize::MAX);
        assert_eq!(whole.0.iter().map(|&n| u64::from(n)).sum::<u64>(), {
            rows.iter().map(|b| u64::from(b.count_ones())).sum::<u64>()
        });
        // Each person's days, read from the bytes kept, are those counted.
        let kept = DayBits {
            bytes: rows.clone(),
            width: bytes,
            at,
            rows: 0,
            first: None,
            last: None,
            left_out: (Vec::new(), Vec::new()),
        };
        let (mut counts, mut day_users) = (vec![0u32; nu], vec![0u32; days]);
        kept.for_each(&mut |u, d| {
            counts[u as usize] += 1;
            day_users[usize::from(d)] += 1;
        });
        assert_eq!((counts, day_users), whole);
        for share in [1, 2, 7, 50, 100, 101] {
            assert_eq!(run(share), whole, "shares of {share}");
        }
    }
}
