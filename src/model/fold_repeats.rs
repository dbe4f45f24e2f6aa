//! Whether a row's (product, person, day) was seen before: the fold's test for a repeat.
//! Per product, a bitset over people x days (byte `u * bytes + bit / 8` of the frame) is
//! compact for a product most people use on many days (8 products x 166,666 people x 365
//! days: 61 MiB for 10M rows, 49 bits a row), but it grows with people x days whatever the
//! rows: a thousand products each used by a few people over ten years took gigabytes for
//! 5,000 rows. Past [`FREE`] bytes of bits in all, a product whose bits would cost more
//! than twice a set of its marks keeps the set instead, and goes back to bits once the set
//! costs more than they would; a frame that widens weighs them the same way. The marks
//! then cost about `FREE` and [`SET_MARK`] bytes a row at most, whatever the shape (the
//! fold's other tables grow with products x days, products x people and people x days).

use rustc_hash::FxHashSet;

use super::sums::{Frame, fit, reframe};

/// Bytes of bits held in all before a product's bits are weighed against a set: the
/// 10M-row benchmark's 61 MiB stay bits, as before. None in the unit tests, so that every
/// test of the fold against the held model goes through sets and back.
const FREE: usize = if cfg!(test) { 0 } else { 64 << 20 };

/// What a set costs a mark, about: a `u64`, a control byte and the room kept free.
const SET_MARK: usize = 16;

/// The marks of every product.
#[derive(Debug, Default)]
pub(in crate::model) struct Repeats {
    products: Vec<Marks>,
    /// Bytes of bits, all products together.
    bits: usize,
}

/// One product's marks.
#[derive(Debug, Default)]
struct Marks {
    kind: Kind,
    /// Marks made.
    marks: usize,
    /// The largest person index marked, plus one.
    people: usize,
}

#[derive(Debug)]
enum Kind {
    /// Per person, `bytes` bytes of the frame's days.
    Bits(Vec<u8>),
    /// (person << 16 | day), days as offsets from the spec's base (no frame to follow).
    Set(FxHashSet<u64>),
}

impl Default for Kind {
    fn default() -> Self {
        Kind::Bits(Vec::new())
    }
}

impl Marks {
    fn bits_len(&self) -> usize {
        match &self.kind {
            Kind::Bits(bits) => bits.len(),
            Kind::Set(_) => 0,
        }
    }
}

fn key(u: usize, day: u16) -> u64 {
    ((u as u64) << 16) | u64::from(day)
}

impl Repeats {
    /// Room for product `p`.
    pub(in crate::model) fn ensure(&mut self, p: usize) {
        if self.products.len() <= p {
            self.products.resize_with(p + 1, Marks::default);
        }
    }

    /// The byte of product `p`'s bits at `byte`, read ahead of its mark so that the
    /// misses of a batch overlap (0 for a set, or past the bits).
    pub(super) fn peek(&self, p: usize, byte: usize) -> u8 {
        match &self.products[p].kind {
            Kind::Bits(bits) => bits.get(byte).copied().unwrap_or(0),
            Kind::Set(_) => 0,
        }
    }

    /// Marks (product `p`, person `u`, `day`) in frame `f`: false when it was marked.
    pub(in crate::model) fn mark(&mut self, f: Frame, p: usize, u: usize, day: u16) -> bool {
        let m = &mut self.products[p];
        m.people = m.people.max(u + 1);
        if let Kind::Bits(bits) = &mut m.kind {
            let need = (u + 1) * f.bytes;
            if bits.len() < need {
                let sparse = need > 2 * SET_MARK * (m.marks + 1);
                let grow = need - bits.len();
                if self.bits + grow > FREE && sparse {
                    self.bits -= bits.len();
                    m.kind = Kind::Set(to_set(bits, f));
                } else {
                    // `fit` makes it `need` long: the bits held grow by that much.
                    fit(bits, need);
                    self.bits += grow;
                }
            }
        }
        let new = match &mut m.kind {
            Kind::Bits(bits) => {
                let (byte, mask) = f.at(u, usize::from(day));
                let new = bits[byte] & mask == 0;
                bits[byte] |= mask;
                new
            }
            Kind::Set(set) => set.insert(key(u, day)),
        };
        if new {
            m.marks += 1;
            if let Kind::Set(set) = &m.kind
                && SET_MARK * m.marks > m.people * f.bytes
            {
                let bits = to_bits(set, m.people, f);
                self.bits += bits.len();
                m.kind = Kind::Bits(bits);
            }
        }
        new
    }

    /// Whether (product `p`, person `u`, `day`) was marked, without marking it.
    pub(in crate::model) fn has(&self, f: Frame, p: usize, u: usize, day: u16) -> bool {
        let Some(m) = self.products.get(p).filter(|m| m.marks > 0) else {
            return false;
        };
        match &m.kind {
            Kind::Bits(bits) => {
                let (byte, mask) = f.at(u, usize::from(day));
                bits.get(byte).is_some_and(|b| b & mask != 0)
            }
            Kind::Set(set) => set.contains(&key(u, day)),
        }
    }

    /// Per person (`people` rows of frame `f`), the days any product marked. The marks
    /// are let go a product at a time into the largest product's bits, so that the union
    /// never sits beside all of them.
    pub(in crate::model) fn into_union(self, f: Frame, people: usize) -> Vec<u8> {
        let mut products = self.products;
        let mut out = Vec::new();
        if let Some(m) = products.iter_mut().max_by_key(|m| m.bits_len())
            && let Kind::Bits(bits) = &mut m.kind
        {
            out = std::mem::take(bits);
        }
        let len = people * f.bytes;
        out.reserve_exact(len.saturating_sub(out.len()));
        out.resize(len, 0);
        for m in products {
            match m.kind {
                Kind::Bits(bits) => out.iter_mut().zip(&bits).for_each(|(o, b)| *o |= b),
                Kind::Set(set) => {
                    for k in set {
                        let (u, day) = ((k >> 16) as usize, (k & 0xffff) as usize);
                        let (byte, mask) = f.at(u, day);
                        out[byte] |= mask;
                    }
                }
            }
        }
        out
    }

    /// The bits moved from frame `old` to the larger `new` (a saved response read
    /// without a range meets a day outside its frame). Every person's row of bits
    /// widens, so the products weighed as a growth weighs them: past [`FREE`], a sparse
    /// product's marks become a set, read in the old frame.
    pub(super) fn reframe(&mut self, old: Frame, new: Frame) {
        let (from, to, shift) = (old.bytes, new.bytes, old.anchor - new.anchor);
        let wider = |len: usize| len / from.max(1) * to;
        let mut total: usize = self.products.iter().map(|m| m.bits_len()).map(wider).sum();
        self.bits = 0;
        for m in &mut self.products {
            if let Kind::Bits(bits) = &mut m.kind {
                let len = wider(bits.len());
                if total > FREE && len > 2 * SET_MARK * (m.marks + 1) {
                    total -= len;
                    m.kind = Kind::Set(to_set(bits, old));
                } else {
                    *bits = reframe(bits, from, to, shift);
                    self.bits += bits.len();
                }
            }
        }
    }

    /// Bytes held, about (bits, and sets at [`SET_MARK`] a mark).
    #[cfg(test)]
    fn bytes(&self) -> usize {
        let set = |m: &Marks| match &m.kind {
            Kind::Set(s) => s.len() * SET_MARK,
            Kind::Bits(_) => 0,
        };
        self.bits + self.products.iter().map(set).sum::<usize>()
    }
}

/// The marks of `bits` (people's rows of `f.bytes` bytes) as a set.
fn to_set(bits: &[u8], f: Frame) -> FxHashSet<u64> {
    let mut set = FxHashSet::default();
    for (u, row) in bits.chunks(f.bytes.max(1)).enumerate() {
        for (i, &byte) in row.iter().enumerate() {
            let mut x = byte;
            while x != 0 {
                let bit = i * 8 + x.trailing_zeros() as usize;
                set.insert(key(u, (f.anchor * 8 + bit) as u16));
                x &= x - 1;
            }
        }
    }
    set
}

/// The marks of `set` as bits for `people` people in frame `f`.
fn to_bits(set: &FxHashSet<u64>, people: usize, f: Frame) -> Vec<u8> {
    let mut bits = vec![0u8; people * f.bytes];
    for &k in set {
        let (u, day) = ((k >> 16) as usize, (k & 0xffff) as usize);
        let (byte, mask) = f.at(u, day);
        bits[byte] |= mask;
    }
    bits
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// Marks in any order, in a frame that grows down and up as a saved response's does:
    /// each answer is a set's, and so is the union of a person's days.
    #[test]
    fn marks_are_a_sets_whatever_the_form() {
        let mut rng = fastrand::Rng::with_seed(3);
        for round in 0..40 {
            let (products, people, days) = (rng.usize(1..30), rng.usize(1..400), rng.u16(1..900));
            let mut r = Repeats::default();
            let mut want = HashSet::new();
            let mut f = Frame {
                anchor: 40,
                bytes: 1,
            };
            for _ in 0..rng.usize(0..3000) {
                let (p, u, day) = (rng.usize(..products), rng.usize(..people), rng.u16(..days));
                // The frame grown to the day, as `Sums::cover` grows it.
                let w = usize::from(day) / 8;
                if w < f.anchor || w >= f.anchor + f.bytes {
                    let anchor = f.anchor.min(w);
                    let new = Frame {
                        anchor,
                        bytes: (f.anchor + f.bytes).max(w + 1) - anchor,
                    };
                    r.reframe(f, new);
                    f = new;
                }
                r.ensure(p);
                assert_eq!(r.has(f, p, u, day), want.contains(&(p, u, day)));
                assert_eq!(
                    r.mark(f, p, u, day),
                    want.insert((p, u, day)),
                    "round {round}"
                );
            }
            // The union: each person's days of any product, whatever each one's form.
            let mut union = vec![0u8; people * f.bytes];
            for &(_, u, day) in &want {
                let bit = usize::from(day) - f.anchor * 8;
                union[u * f.bytes + bit / 8] |= 1 << (bit % 8);
            }
            assert_eq!(r.into_union(f, people), union, "round {round}");
        }
    }

    /// Bits to a set when a person far off makes them sparse, and back to bits when the
    /// set outgrows them: every mark made before each change is still there after it.
    #[test]
    fn marks_survive_each_change_of_form() {
        let f = Frame {
            anchor: 2,
            bytes: 4,
        };
        let mut r = Repeats::default();
        r.ensure(0);
        let days = 16..48u16;
        for u in 0..10 {
            for day in days.clone() {
                assert!(r.mark(f, 0, u, day));
            }
        }
        assert!(matches!(r.products[0].kind, Kind::Bits(_)));
        assert!(r.mark(f, 0, 1_000_000, 20));
        assert!(matches!(r.products[0].kind, Kind::Set(_)));
        let again = |r: &mut Repeats, people: usize| {
            for u in 0..people {
                for day in days.clone() {
                    assert!(!r.mark(f, 0, u, day), "{u} {day}");
                }
            }
            assert!(!r.mark(f, 0, 1_000_000, 20));
        };
        again(&mut r, 10);
        for u in 10..8_000 {
            for day in days.clone() {
                r.mark(f, 0, u, day);
            }
        }
        assert!(matches!(r.products[0].kind, Kind::Bits(_)));
        again(&mut r, 8_000);
    }

    /// A thousand products used by one person each over ten years: bits would be a
    /// gigabyte; the marks stay a set's size past the free bytes.
    #[test]
    fn sparse_marks_cost_what_a_set_of_them_costs() {
        let f = Frame {
            anchor: 0,
            bytes: 3650usize.div_ceil(8),
        };
        let mut r = Repeats::default();
        let mut rng = fastrand::Rng::with_seed(9);
        for i in 0..20_000 {
            let p = i % 1000;
            r.ensure(p);
            r.mark(f, p, rng.usize(..200_000), rng.u16(..3650));
        }
        assert!(r.bytes() < FREE + 20_000 * SET_MARK * 2, "{}", r.bytes());
        // Dense marks stay bits: 8 products, everyone on most days.
        let mut d = Repeats::default();
        let g = Frame {
            anchor: 0,
            bytes: 46,
        };
        for u in 0..2_000 {
            for day in 0..300u16 {
                d.ensure(u % 8);
                d.mark(g, u % 8, u, day);
            }
        }
        assert!(d.products.iter().all(|m| matches!(m.kind, Kind::Bits(_))));
    }
}
