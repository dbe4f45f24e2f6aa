//! The fold's accumulators, apart from the interning of ids so that they can run on a
//! thread of their own: rows arrive checked, in batches, in the order of the body, and
//! their people are interned here (looking them up is much of the cost: see `add_batch`).

use uuid::Uuid;

use super::super::decode::RowRef;
use super::hot::Hot;
use super::members::Members;
use super::people::People;
use super::repeats::Repeats;

/// The days the per-day arrays hold: `bytes` 8-day bytes from day `8 * anchor` (days are
/// offsets from the spec's base). Bytes, not 64-day words: a year that starts mid-word
/// would take seven words of bits a person and product where 46 bytes do, and the
/// repeat bits are most of a fold's memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(in crate::model) struct Frame {
    pub(in crate::model) anchor: usize,
    pub(in crate::model) bytes: usize,
}

impl Frame {
    /// Where person `u`'s `day` (an offset from the spec's base) is in bits of this
    /// frame, a row of `bytes` bytes a person: its byte, and the bit in it.
    pub(in crate::model) fn at(self, u: usize, day: usize) -> (usize, u8) {
        let bit = day - self.anchor * 8;
        (u * self.bytes + bit / 8, 1 << (bit % 8))
    }
}

/// A row checked and waiting in a batch; `day` is an offset from the spec's base, the
/// person's email is `email` in the batch's `emails`, `row` its place in its part of the
/// body (see [`Batch::chunk`]).
#[derive(Clone, Copy, Debug)]
pub(super) struct Pending {
    count: u64,
    user_id: Uuid,
    email: (u32, u32),
    row: u32,
    product: u16,
    day: u16,
}

/// Rows waiting, with their emails in one string (a person is interned where the rows
/// are added, so the email of a new one must come along).
#[derive(Debug, Default)]
pub(super) struct Batch {
    pub(super) rows: Vec<Pending>,
    emails: String,
    /// Which part of the body the rows come from, when parts are decoded in parallel: a
    /// row of an earlier part comes first whatever the order the batches arrive in.
    pub(super) chunk: u32,
    /// Products first seen in this part since its last batch, with the row each was
    /// first seen at, in the order of their indices in the part.
    pub(super) products: Vec<(super::super::Product, u32)>,
}

impl Batch {
    pub(super) fn push(&mut self, r: &RowRef<'_>, product: u16, day: u16, row: u32) {
        let at = self.emails.len() as u32;
        self.emails.push_str(&r.user_email);
        self.rows.push(Pending {
            count: r.prompt_count,
            user_id: r.user_id,
            email: (at, r.user_email.len() as u32),
            row,
            product,
            day,
        });
    }

    pub(super) fn clear(&mut self) {
        self.rows.clear();
        self.emails.clear();
        self.products.clear();
    }

    /// Turns the part's product indices into the whole body's.
    pub(super) fn map_products(&mut self, to: &[u16]) {
        for r in &mut self.rows {
            r.product = to[usize::from(r.product)];
        }
    }
}

/// Where a row is in the whole body: by part, then by row within it.
pub(super) fn place(chunk: u32, row: u32) -> u64 {
    (u64::from(chunk) << 32) | u64::from(row)
}

/// The frame of [`Sums::users_seen`]: one byte, eight people.
const EIGHT: Frame = Frame {
    anchor: 0,
    bytes: 1,
};

/// Rows whose words are read together before they are added.
const TOUCH: usize = 256;

/// Per-group accumulators over the frame's days.
#[derive(Debug)]
pub(super) struct Sums {
    /// The people while rows are added, and their figures ([`Hot`]); spilled into
    /// `users`, `origin`, `user_totals`, `first` and `last` once all are in ([`Sums::settle`]).
    hot: Hot,
    pub(super) users: People,
    /// Where each person was first seen ([`place`]): the order people are numbered in,
    /// and the row whose email is kept, when parts of the body arrive out of order.
    pub(super) origin: Vec<u64>,
    /// None until the first row (a saved response's days are not known yet).
    pub(super) frame: Option<Frame>,
    /// Per product, the (person, day) of each row with prompts: the test for a repeat
    /// ([`Repeats`]), and once every row is in, the people's active days
    /// ([`Sums::settle`]).
    pub(super) seen: Repeats,
    /// Per product, the (person, day) of each row of no prompts: a repeat all the same,
    /// kept apart so that `seen` alone holds the days with prompts.
    zeros: Repeats,
    /// One bitset per person of the days with prompts, made from `seen` once every row
    /// is in: set row by row beside it, it took a cache miss a row and 7 MiB at 10M rows.
    pub(super) active: Vec<u8>,
    /// Per product: the people with prompts to it, counted at the first of their rows
    /// with prompts ([`Sums::users_seen`]). A person's rows all go to one adding thread,
    /// so the parallel fold's counts add up.
    pub(super) product_users: Vec<u32>,
    /// Per product, the people counted in `product_users`: a bit each, or a set as for
    /// the repeats (a bit per person and product grew with products x people
    /// whatever the rows: 4.6 GiB for an 88 MB file of 65,000 products).
    users_seen: Repeats,
    /// Per product: prompts per day of the frame.
    pub(super) product_day: Vec<Vec<u64>>,
    pub(super) user_totals: Vec<u64>,
    /// Each person's first and last day with prompts (`u16::MAX` and 0 when none).
    pub(super) first: Vec<u16>,
    pub(super) last: Vec<u16>,
    pub(super) duplicates: u64,
    /// Rows added, repeats left out: what a second reading of the file must keep (with
    /// `--team`, everyone's: the file's rows in the range, as a comparison's warnings
    /// count them).
    pub(super) kept: u64,
    /// With `--team`, the people whose rows are added ([`Members`]); `None` adds everyone.
    pub(super) members: Option<Members>,
}

impl Sums {
    pub(super) fn new(frame: Option<Frame>) -> Self {
        Sums {
            hot: Hot::default(),
            users: People::default(),
            origin: Vec::new(),
            frame,
            seen: Repeats::default(),
            zeros: Repeats::default(),
            active: Vec::new(),
            product_users: Vec::new(),
            users_seen: Repeats::default(),
            product_day: Vec::new(),
            user_totals: Vec::new(),
            first: Vec::new(),
            last: Vec::new(),
            duplicates: 0,
            kept: 0,
            members: None,
        }
    }

    /// Adds rows in their order. Their people are looked up and their words read first,
    /// a few hundred at once: the index and the bitsets are far larger than the caches,
    /// and one row at a time the processor waits for each miss in turn, where a batch of
    /// independent reads overlaps them.
    pub(super) fn add_batch(&mut self, batch: &Batch) {
        let mut found = [Err(0); TOUCH];
        for part in batch.rows.chunks(TOUCH) {
            // Room for everyone in the part first: the free slots found stay free.
            self.hot.reserve(part.len());
            for (s, r) in found.iter_mut().zip(part) {
                *s = self.hot.look(r.user_id);
            }
            // In order, so that people are numbered as they first come.
            for (s, r) in found.iter_mut().zip(part) {
                *s = Ok(match *s {
                    Ok(at) => self.earlier(at, r, batch),
                    Err(_) => self.user(r, batch),
                });
                self.make_room(r);
            }
            let f = self.frame.expect("a frame once a row is in");
            let mut touched = 0u64;
            for (s, r) in found.iter().zip(part) {
                let u = s.unwrap_or_default();
                let (byte, _) = f.at(u, usize::from(r.day));
                touched ^= u64::from(self.seen.peek(usize::from(r.product), byte));
            }
            std::hint::black_box(touched);
            for (s, r) in found.iter().zip(part) {
                self.add(f, r, s.unwrap_or_default());
            }
        }
    }

    /// The person's index, interned on first sight (they may have come earlier in the
    /// part than this row, after they were looked for).
    fn user(&mut self, r: &Pending, batch: &Batch) -> usize {
        match self.hot.look(r.user_id) {
            Ok(at) => self.earlier(at, r, batch),
            Err(at) => {
                let origin = place(batch.chunk, r.row);
                if let Some(m) = &mut self.members {
                    m.meet(email(r, batch));
                }
                self.hot.insert(at, r.user_id, email(r, batch), origin)
            }
        }
    }

    /// A known person's row from earlier in the body than the one they were first seen
    /// at (a part decoded in parallel that arrived late): its email is the one kept.
    fn earlier(&mut self, u: usize, r: &Pending, batch: &Batch) -> usize {
        let at = place(batch.chunk, r.row);
        let person = self.hot.get_mut(u);
        if at < person.origin {
            person.origin = at;
            if self.hot.emails.get(u) != email(r, batch) {
                self.hot.emails.set(u, email(r, batch));
                // Who is kept was decided at the first row seen, not the body's first.
                if let Some(m) = &mut self.members {
                    m.earlier_email(u, email(r, batch));
                }
            }
        }
        u
    }

    /// Once every row is in: the people by index, as the end of the fold reads them.
    /// The repeat bits become the active days (they are most of the memory, and go as
    /// they are read).
    pub(super) fn settle(&mut self) {
        if self.hot.len() == 0 {
            return;
        }
        self.zeros = Repeats::default();
        self.users_seen = Repeats::default();
        let seen = std::mem::take(&mut self.seen);
        if let Some(f) = self.frame {
            self.active = seen.into_union(f, self.hot.len());
            // A person left out by `--team` has rows marked, none added.
            if let Some(m) = &self.members {
                for (u, _) in m.is.iter().enumerate().filter(|(_, kept)| !**kept) {
                    self.active[u * f.bytes..(u + 1) * f.bytes].fill(0);
                }
            }
        }
        let people = self.hot.spill();
        self.origin = people.origin;
        self.user_totals = people.totals;
        self.first = people.first;
        self.last = people.last;
        self.users = People::from_parts(people.ids, people.emails);
    }

    /// Grows the frame to the row's day and the per-product arrays to its product.
    fn make_room(&mut self, r: &Pending) {
        self.cover(usize::from(r.day));
        let p = usize::from(r.product);
        if self.product_users.len() <= p {
            self.seen.ensure(p);
            self.zeros.ensure(p);
            self.product_users.resize(p + 1, 0);
            self.users_seen.ensure(p);
            // A product's days are made at its first row here: the parallel fold numbers
            // every product a part met, rows added or not.
            self.product_day.resize_with(p + 1, Vec::new);
        }
    }

    /// Adds one row of person `u`: counted as a duplicate when its (product, person, day)
    /// was seen.
    fn add(&mut self, f: Frame, r: &Pending, u: usize) {
        let (p, day) = (usize::from(r.product), r.day);
        let new = if r.count > 0 {
            !self.zeros.has(f, p, u, day) && self.seen.mark(f, p, u, day)
        } else {
            !self.seen.has(f, p, u, day) && self.zeros.mark(f, p, u, day)
        };
        if !new {
            self.duplicates += 1;
            return;
        }
        self.kept += 1;
        if let Some(m) = &mut self.members
            && !m.adds(u, p)
        {
            return;
        }
        let days = &mut self.product_day[p];
        if days.is_empty() {
            *days = vec![0; f.bytes * 8];
        }
        days[usize::from(day) - f.anchor * 8] += r.count;
        let person = self.hot.get_mut(u);
        person.total += r.count;
        if r.count > 0 {
            (person.first, person.last) = (person.first.min(day), person.last.max(day));
            // Eight people a byte: person `u` as day `u % 8` of row `u / 8`, a bit each.
            if self.users_seen.mark(EIGHT, p, u / 8, (u % 8) as u16) {
                self.product_users[p] += 1;
            }
        }
    }

    /// The frame, grown to hold `day` (only a saved response read without a range grows).
    fn cover(&mut self, day: usize) -> Frame {
        let w = day / 8;
        let old = match self.frame {
            Some(f) if f.anchor <= w && w < f.anchor + f.bytes => return f,
            Some(f) => f,
            None => Frame {
                anchor: w,
                bytes: 0,
            },
        };
        let anchor = match old.bytes {
            0 => w,
            _ => old.anchor.min(w),
        };
        let new = Frame {
            anchor,
            bytes: (old.anchor + old.bytes).max(w + 1) - anchor,
        };
        let shift = old.anchor - new.anchor;
        self.seen.reframe(old, new);
        self.zeros.reframe(old, new);
        for days in &mut self.product_day {
            // Made at the product's first row, in the frame of that day.
            if !days.is_empty() {
                *days = reframe(days, old.bytes * 8, new.bytes * 8, shift * 8);
            }
        }
        self.frame = Some(new);
        new
    }
}

/// The row's email, from its batch.
fn email<'a>(r: &Pending, batch: &'a Batch) -> &'a str {
    let (at, len) = (r.email.0 as usize, r.email.1 as usize);
    &batch.emails[at..at + len]
}

/// Grows `v` to `len` zeros at the end, by a quarter at least: a doubling would leave up to
/// half the largest bitsets unused.
pub(super) fn fit<T: Copy + Default>(v: &mut Vec<T>, len: usize) {
    if v.len() < len {
        if v.capacity() < len {
            v.reserve_exact((len - v.len()).max(v.capacity() / 4));
        }
        v.resize(len, T::default());
    }
}

/// Rows of `old` each `from` long, copied into rows `to` long at `shift` (a person's
/// bytes of day bits, or a product's counters per day).
pub(super) fn reframe<T: Copy + Default>(
    old: &[T],
    from: usize,
    to: usize,
    shift: usize,
) -> Vec<T> {
    if from == 0 {
        return Vec::new();
    }
    let rows = old.len() / from;
    let mut new = vec![T::default(); rows * to];
    for (r, row) in old.chunks(from).enumerate() {
        new[r * to + shift..r * to + shift + from].copy_from_slice(row);
    }
    new
}
