//! The people of a fold while its rows are added: each person's id and the figures a row
//! changes (where they were first seen, their total, their first and last day) in one
//! 40-byte record, found through an index whose slots carry a tag of the id's hash. A
//! row then reads an index slot and one record, where the index, the ids and four arrays
//! by person took a cache miss each, and a slot of another person with a tag that is not
//! the row's one costs nothing more: the arrays are far larger than the caches, and the
//! misses were most of the adding. Once every row is in, the records are spilled into
//! the arrays by person that the end of the fold reads ([`Hot::spill`]).

use uuid::Uuid;

use super::people::Emails;

/// One person's figures.
#[derive(Clone, Copy, Debug)]
pub(super) struct Record {
    pub(super) id: Uuid,
    /// Where the person was first seen (see `sums::place`).
    pub(super) origin: u64,
    pub(super) total: u64,
    /// The first and last day with prompts (`u16::MAX` and 0 when none).
    pub(super) first: u16,
    pub(super) last: u16,
}

/// A free slot of the index.
const EMPTY: u32 = u32::MAX;

/// People being added, by index (the order they first came in), and found by id.
#[derive(Debug, Default)]
pub(super) struct Hot {
    records: Vec<Record>,
    /// Open addressing, linear probing: a person's index and the tag of their id's hash
    /// ([`entry`]) at the slot of that hash or after it, [`EMPTY`] where none; at most
    /// 7/8 full; a power of two long.
    index: Vec<u32>,
    pub(super) emails: Emails,
}

/// The people's figures by index, as the end of the fold reads them.
pub(super) struct Spilled {
    pub(super) ids: Vec<Uuid>,
    pub(super) emails: Emails,
    pub(super) origin: Vec<u64>,
    pub(super) totals: Vec<u64>,
    pub(super) first: Vec<u16>,
    pub(super) last: Vec<u16>,
}

impl Hot {
    pub(super) fn len(&self) -> usize {
        self.records.len()
    }

    /// Makes room for `more` people, so that the free slots found before they come stay
    /// free of anyone else.
    pub(super) fn reserve(&mut self, more: usize) {
        if (self.len() + more) * 8 <= self.index.len() * 7 {
            return;
        }
        let want = ((self.len() + more) * 8 / 7 + 1).next_power_of_two();
        self.index = vec![EMPTY; want.max(self.index.len() * 2).max(16)];
        for (u, r) in self.records.iter().enumerate() {
            let (h, mask) = (hash(r.id), self.index.len() - 1);
            let mut at = h & mask;
            while self.index[at] != EMPTY {
                at = (at + 1) & mask;
            }
            self.index[at] = entry(h, u, mask);
        }
    }

    /// The index of the person with `id`, or the free slot where they would go. Room
    /// must have been made ([`Hot::reserve`]).
    #[inline]
    pub(super) fn look(&self, id: Uuid) -> Result<usize, usize> {
        let (h, mask) = (hash(id), self.index.len() - 1);
        let tag = entry(h, 0, mask);
        let mut at = h & mask;
        loop {
            let e = self.index[at];
            if e == EMPTY {
                return Err(at);
            }
            // The person's index when the tag is the id's, else more than any index.
            let u = (e ^ tag) as usize;
            if u <= mask && self.records[u].id == id {
                return Ok(u);
            }
            at = (at + 1) & mask;
        }
    }

    /// Puts a new person in free slot `at` (from [`Hot::look`], with no one added since)
    /// and gives them the next index.
    pub(super) fn insert(&mut self, at: usize, id: Uuid, email: &str, origin: u64) -> usize {
        let u = self.len();
        self.index[at] = entry(hash(id), u, self.index.len() - 1);
        self.records.push(Record {
            id,
            origin,
            total: 0,
            first: u16::MAX,
            last: 0,
        });
        self.emails.push(email);
        u
    }

    pub(super) fn get_mut(&mut self, u: usize) -> &mut Record {
        &mut self.records[u]
    }

    /// The people by index; the table is left empty.
    pub(super) fn spill(&mut self) -> Spilled {
        self.index = Vec::new();
        let records = std::mem::take(&mut self.records);
        Spilled {
            ids: records.iter().map(|r| r.id).collect(),
            emails: std::mem::take(&mut self.emails),
            origin: records.iter().map(|r| r.origin).collect(),
            totals: records.iter().map(|r| r.total).collect(),
            first: records.iter().map(|r| r.first).collect(),
            last: records.iter().map(|r| r.last).collect(),
        }
    }
}

/// An index slot of an index `mask + 1` long: the person's index in the low bits that
/// a slot number takes, and above them a tag from the hash's top half (which the slot
/// number does not use), so that another person's slot is passed over without reading
/// their record. A person's index is under 7/8 of `mask`, so that no slot is [`EMPTY`].
fn entry(h: usize, u: usize, mask: usize) -> u32 {
    ((h >> 32) as u32 & !(mask as u32)) | u as u32
}

/// The slot an id starts looking at: ids are mostly random (v4), but not all; the
/// multiply mixes every bit into the top ones, which are taken.
fn hash(id: Uuid) -> usize {
    let (hi, lo) = id.as_u64_pair();
    let x = (hi ^ lo.rotate_left(29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (x >> 32) as usize ^ (x as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_is_forty_bytes() {
        assert_eq!(std::mem::size_of::<Record>(), 40);
    }

    #[test]
    fn finds_everyone_through_growth_and_collisions_and_spills_by_index() {
        let mut h = Hot::default();
        // Ids that differ in one half only, and sequential ones: many share low bits.
        let id = |i: u128| Uuid::from_u128(if i.is_multiple_of(2) { i << 64 } else { i });
        for i in 0..5000u128 {
            // Room made a few at a time, as the adding makes it.
            if i % 7 == 0 {
                h.reserve(7);
            }
            let at = h.look(id(i)).unwrap_err();
            assert_eq!(
                h.insert(at, id(i), &format!("u{i}"), 10 * i as u64),
                i as usize
            );
            h.get_mut(i as usize).total += i as u64;
        }
        for i in 0..5000u128 {
            let u = h.look(id(i)).unwrap();
            assert_eq!((u, h.records[u].origin), (i as usize, 10 * i as u64));
        }
        assert!(h.look(id(5000)).is_err());
        assert!(h.index.len() * 7 >= h.len() * 8);
        let s = h.spill();
        assert_eq!(h.len(), 0);
        for i in 0..5000 {
            assert_eq!(s.ids[i], id(i as u128));
            assert_eq!(s.emails.get(i), format!("u{i}"));
            assert_eq!((s.origin[i], s.totals[i]), (10 * i as u64, i as u64));
            assert_eq!((s.first[i], s.last[i]), (u16::MAX, 0));
        }
    }

    #[test]
    fn a_tag_alone_does_not_find_a_person() {
        let mut h = Hot::default();
        h.reserve(2);
        let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let at = h.look(b).unwrap_err();
        h.insert(at, b, "", 0);
        // Where `a` starts looking, `a`'s tag with `b`'s index: not `a`.
        let start = hash(a) & (h.index.len() - 1);
        h.index[start] = entry(hash(a), 0, h.index.len() - 1);
        assert!(h.look(a).is_err());
    }

    #[test]
    fn the_nil_id_is_a_person_like_any_other() {
        let mut h = Hot::default();
        h.reserve(1);
        let at = h.look(Uuid::nil()).unwrap_err();
        h.insert(at, Uuid::nil(), "", 0);
        assert_eq!(h.look(Uuid::nil()), Ok(0));
    }
}
