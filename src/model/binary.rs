//! The model's own compact file form, for the disk cache: interned products and users,
//! then 16 bytes a cell, then an FNV-1a checksum of all of it. Reading it back skips
//! JSON entirely. Anything that does not check out (size, magic, checksum, an index out
//! of bounds) reads as `None`: the caller fetches the window again.

use chrono::{Datelike, NaiveDate};
use uuid::Uuid;

use super::{Cell, Product, Usage, User};
use crate::dates::DateRange;

// 2: the checksum goes a word at a time (files of version 1 read as `None`, fetched again).
// 3: the rows dated before the range are kept apart from the others outside it.
const MAGIC: &[u8; 4] = b"CQW3";

/// The checksum of the cache's files: FNV-1a taken over 8-byte words (then the last
/// bytes one by one), with the length folded in. A byte-at-a-time FNV cost more than
/// decoding the window; word by word it is about eight times cheaper. Each step is a
/// bijection of the state, so any one changed word changes the sum.
pub fn checksum(bytes: &[u8]) -> u64 {
    const PRIME: u64 = 0x0100_0000_01b3;
    let mut words = bytes.chunks_exact(8);
    let mut h = 0xcbf2_9ce4_8422_2325 ^ bytes.len() as u64;
    for w in &mut words {
        let w = u64::from_le_bytes(w.try_into().expect("chunks of 8"));
        h = (h ^ w).wrapping_mul(PRIME);
    }
    for b in words.remainder() {
        h = (h ^ u64::from(*b)).wrapping_mul(PRIME);
    }
    h
}

impl Usage {
    /// The model as bytes (see the module's comment).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(64 + self.row_count() * 16 + self.users.len() * 48);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.range.start().num_days_from_ce().to_le_bytes());
        out.extend_from_slice(&(self.range.len_days() as u32).to_le_bytes());
        let text = |out: &mut Vec<u8>, id: Uuid, s: &str| {
            out.extend_from_slice(id.as_bytes());
            out.extend_from_slice(&(s.len() as u32).to_le_bytes());
            out.extend_from_slice(s.as_bytes());
        };
        out.extend_from_slice(&(self.products.len() as u32).to_le_bytes());
        for p in &self.products {
            text(&mut out, p.id, &p.name);
        }
        out.extend_from_slice(&(self.users.len() as u32).to_le_bytes());
        for u in self.users.iter() {
            text(&mut out, u.id, &u.email);
        }
        out.extend_from_slice(&(self.row_count() as u32).to_le_bytes());
        for c in self.cells() {
            out.extend_from_slice(&u64::from(c.count).to_le_bytes());
            out.extend_from_slice(&c.user.to_le_bytes());
            out.extend_from_slice(&c.product.to_le_bytes());
            out.extend_from_slice(&c.day.to_le_bytes());
        }
        out.extend_from_slice(&self.warnings.out_of_range.to_le_bytes());
        out.extend_from_slice(&self.warnings.duplicates.to_le_bytes());
        out.extend_from_slice(&self.warnings.before_range.to_le_bytes());
        let sum = checksum(&out);
        out.extend_from_slice(&sum.to_le_bytes());
        out
    }

    /// A model read back from [`Usage::to_bytes`], or `None` if the bytes are not one.
    pub fn from_bytes(bytes: &[u8]) -> Option<Usage> {
        let (body, sum) = bytes.split_at_checked(bytes.len().checked_sub(8)?)?;
        if checksum(body) != u64::from_le_bytes(sum.try_into().ok()?) {
            return None;
        }
        let mut r = Reader { b: body, i: 0 };
        if r.take(4)? != MAGIC {
            return None;
        }
        let start =
            NaiveDate::from_num_days_from_ce_opt(i32::from_le_bytes(r.take(4)?.try_into().ok()?))?;
        let days = r.u32()? as usize;
        let range = DateRange::new(
            start,
            start + chrono::Duration::days(days.checked_sub(1)? as i64),
        )
        .ok()?;
        let np = r.u32()? as usize;
        let mut products = Vec::with_capacity(np.min(1 << 16));
        for _ in 0..np {
            let (id, name) = r.text()?;
            products.push(Product { id, name });
        }
        let nu = r.u32()? as usize;
        let mut users = Vec::with_capacity(nu.min(1 << 24));
        for _ in 0..nu {
            let (id, email) = r.text()?;
            users.push(User { id, email });
        }
        let nc = r.u32()? as usize;
        let mut cells = Vec::with_capacity(nc.min(body.len() / 16));
        for _ in 0..nc {
            // A count over the bound (or a `u32`) is a damaged file, as below.
            let c = Cell {
                count: u32::try_from(r.u64()?).ok()?,
                user: r.u32()?,
                product: u16::from_le_bytes(r.take(2)?.try_into().ok()?),
                day: u16::from_le_bytes(r.take(2)?.try_into().ok()?),
            };
            if c.user as usize >= users.len()
                || u64::from(c.count) > super::MAX_PROMPT_COUNT
                || usize::from(c.product) >= products.len()
                || usize::from(c.day) >= days
            {
                return None;
            }
            cells.push(c);
        }
        let (out_of_range, duplicates, before_range) = (r.u64()?, r.u64()?, r.u64()?);
        if r.i != body.len() || before_range > out_of_range {
            return None;
        }
        let mut u = Usage::from_parts(range, products, users, cells, out_of_range);
        u.warnings.duplicates += duplicates;
        u.warnings.before_range = before_range;
        Some(u)
    }
}

struct Reader<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let s = self.b.get(self.i..self.i.checked_add(n)?)?;
        self.i += n;
        Some(s)
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn text(&mut self) -> Option<(Uuid, String)> {
        let id = Uuid::from_slice(self.take(16)?).ok()?;
        let n = self.u32()? as usize;
        let s = std::str::from_utf8(self.take(n)?).ok()?.to_string();
        Some((id, s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Ingest, RangeSpec};

    fn sample() -> Usage {
        let row = |u: u128, d: &str, n: u64| {
            format!(
                r#"{{"product_id":"{}","product_name":"数据 ✨","user_id":"{}","user_email":"u{u}@x.io","date":"{d}","prompt_count":{n}}}"#,
                Uuid::from_u128(1),
                Uuid::from_u128(u)
            )
        };
        let body = format!(
            "[{},{},{},{}]",
            row(2, "2026-01-01", 5),
            row(3, "2026-01-03", 7),
            row(2, "2026-01-03", 1),
            row(2, "2025-01-01", 9)
        );
        let r = DateRange::new(
            NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
        )
        .unwrap();
        Ingest::read_from(RangeSpec::Fixed(r), body.as_bytes()).unwrap()
    }

    #[test]
    fn round_trip() {
        let u = sample();
        assert_eq!(Usage::from_bytes(&u.to_bytes()), Some(u));
    }

    #[test]
    fn every_flipped_bit_changes_the_checksum() {
        let b = sample().to_bytes();
        let sum = checksum(&b);
        for i in 0..b.len() {
            for bit in 0..8 {
                let mut d = b.clone();
                d[i] ^= 1 << bit;
                assert_ne!(checksum(&d), sum, "byte {i} bit {bit}");
            }
        }
        assert_ne!(checksum(&b[..b.len() - 1]), sum);
        assert_ne!(checksum(&[0; 9]), checksum(&[0; 8]), "the length counts");
    }

    #[test]
    fn damage_reads_as_none() {
        let b = sample().to_bytes();
        for i in [0, 5, b.len() / 2, b.len() - 9, b.len() - 1] {
            let mut d = b.clone();
            d[i] ^= 0x40;
            assert_eq!(Usage::from_bytes(&d), None, "byte {i}");
        }
        assert_eq!(Usage::from_bytes(&b[..b.len() - 3]), None);
        assert_eq!(Usage::from_bytes(b""), None);
        assert_eq!(Usage::from_bytes(b"[{\"oops"), None);
    }
}
