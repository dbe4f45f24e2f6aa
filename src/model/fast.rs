//! The fast path of row decoding: a flat object of the six known fields, in any order,
//! with no escapes in its ids and dates, only one-character escapes (`\"`, `\\`...) in its
//! names and no unknown fields. That is what the API sends, and this reads it in one pass
//! without serde. Anything else (`\u` escapes, extra fields, odd values) returns `None`, and the serde decoder, which names what is wrong, takes over.

use std::borrow::Cow;

use chrono::NaiveDate;
use uuid::Uuid;

use crate::dates::parse_ymd;

#[path = "fast_dates.rs"]
mod dates;
#[path = "fast_names.rs"]
mod names;
pub use dates::Dates;
pub use names::Names;

struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Cursor<'a> {
    fn ws(&mut self) {
        while self.i < self.b.len() && matches!(self.b[self.i], b' ' | b'\n' | b'\r' | b'\t') {
            self.i += 1;
        }
    }
    fn eat(&mut self, c: u8) -> Option<()> {
        self.ws();
        (self.b.get(self.i) == Some(&c)).then(|| self.i += 1)
    }
    /// A string without escapes, as raw bytes.
    fn string(&mut self) -> Option<&'a [u8]> {
        self.eat(b'"')?;
        let rest = &self.b[self.i..];
        let end = memchr::memchr2(b'"', b'\\', rest)?;
        if rest[end] != b'"' {
            return None;
        }
        self.i += end + 1;
        Some(&rest[..end])
    }
    /// A string whose only escapes are the one-character ones (`\"`, `\\`, `\/`, `\n`...):
    /// borrowed when it has none, unescaped into a copy when it has some. A `\u` escape
    /// is for the slow path.
    fn text(&mut self) -> Option<Cow<'a, str>> {
        self.eat(b'"')?;
        let rest = &self.b[self.i..];
        let end = string_stop(rest)?;
        match rest[end] {
            b'"' => {
                self.i += end + 1;
                return text(&rest[..end]);
            }
            // A raw control character is not JSON: serde says so, naming the row.
            b'\\' => {}
            _ => return None,
        }
        let mut out = rest[..end].to_vec();
        let mut i = end;
        loop {
            match rest.get(i)? {
                b'"' => break,
                b'\\' => {
                    out.push(match rest.get(i + 1)? {
                        c @ (b'"' | b'\\' | b'/') => *c,
                        b'n' => b'\n',
                        b't' => b'\t',
                        b'r' => b'\r',
                        b'b' => 0x08,
                        b'f' => 0x0c,
                        _ => return None,
                    });
                    i += 2;
                }
                c if *c < 0x20 => return None,
                _ => {
                    let run = string_stop(&rest[i..])?;
                    out.extend_from_slice(&rest[i..i + run]);
                    i += run;
                }
            }
        }
        self.i += i + 1;
        String::from_utf8(out).ok().map(Cow::Owned)
    }
    /// `want` exactly, here.
    fn lit(&mut self, want: &[u8]) -> Option<()> {
        let end = self.i + want.len();
        (self.b.get(self.i..end)? == want).then(|| self.i = end)
    }
    /// The next `n` bytes.
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let got = self.b.get(self.i..self.i + n)?;
        self.i += n;
        Some(got)
    }
    /// An id in its hyphenated form (the API's), without its quotes. Always inlined: an
    /// id returned through memory is written in two halves and read back whole, and that
    /// read waits for the writes (it measured a tenth of the row's time).
    #[inline(always)]
    fn uuid(&mut self) -> Option<Uuid> {
        hyphenated(self.take(36)?.try_into().ok()?)
    }
    fn number(&mut self) -> Option<u64> {
        self.ws();
        let start = self.i;
        let mut n: u64 = 0;
        // A leading zero before more digits (`007`) is not JSON either.
        if self.b.get(start) == Some(&b'0') && self.b.get(start + 1).is_some_and(u8::is_ascii_digit)
        {
            return None;
        }
        while let Some(&c) = self.b.get(self.i).filter(|c| c.is_ascii_digit()) {
            n = n.checked_mul(10)?.checked_add(u64::from(c - b'0'))?;
            self.i += 1;
        }
        // A sign, a fraction or an exponent is for the slow path to judge.
        let next = self.b.get(self.i).copied();
        (self.i > start && !matches!(next, Some(b'.' | b'e' | b'E' | b'-' | b'+'))).then_some(n)
    }
}

/// An id in the hyphenated form, as `Uuid::try_parse_ascii` reads that form (tested):
/// eight digits at a time in a word, where the general parser, which first works out
/// which of four forms it has and then looks each digit up, was a fifth of the fold's time.
#[inline(always)]
fn hyphenated(b: &[u8; 36]) -> Option<Uuid> {
    if b[8] != b'-' || b[13] != b'-' || b[18] != b'-' || b[23] != b'-' {
        return None;
    }
    // Words read straight from the input and kept in registers: built in a byte array
    // and read back, they stalled on the store (a fifth of the row's time).
    let word = |at: usize| u64::from_le_bytes(b[at..at + 8].try_into().unwrap_or_default());
    let half = |at: usize| {
        u64::from(u32::from_le_bytes(
            b[at..at + 4].try_into().unwrap_or_default(),
        ))
    };
    let words = [
        word(0),
        half(9) | half(14) << 32,
        half(19) | half(24) << 32,
        word(28),
    ];
    let mut v = 0u128;
    for w in words {
        // `hex8`'s first byte is its low one: swapped, the first digit is the highest.
        v = (v << 32) | u128::from(hex8(w)?.swap_bytes());
    }
    Some(Uuid::from_u128(v))
}

/// Eight hex digits (first digit in the low byte) as four bytes (first byte low).
#[inline]
fn hex8(x: u64) -> Option<u32> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    if x & HIGH != 0 {
        return None;
    }
    // Lower case: letters become a-f (and digits stay, but so would 0x10-0x19 become
    // digits: those are judged on `x`).
    let y = x | (0x20 * ONES);
    // A byte's top bit after adding (0x80 - lo) says it is at least lo; no byte carries
    // into the next, as every byte is under 0x80.
    let at_least = |lo: u64| y + (0x80 - lo) * ONES;
    let digit = (x + (0x80 - 0x30) * ONES) & !(x + (0x80 - 0x3a) * ONES);
    let letter = at_least(0x61) & !at_least(0x67);
    if (digit | letter) & HIGH != HIGH {
        return None;
    }
    // A digit's value is its low four bits; a letter's is those plus 9 (bit 6 marks it).
    let v = (y & (0x0f * ONES)) + 9 * ((y >> 6) & ONES);
    // Each even byte takes its digit as the high half and the next one's as the low.
    let t = ((v << 4) | (v >> 8)) & 0x00ff_00ff_00ff_00ff;
    let t = (t | (t >> 8)) & 0x0000_ffff_0000_ffff;
    Some((t | (t >> 16)) as u32)
}

/// Where a string's text stops: the first `"`, `\\` or raw control character (which JSON
/// does not allow in a string). A word at a time, inline, as names and emails are short
/// (a call to a vector search cost more than the search).
#[inline(always)]
fn string_stop(b: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut at = 0;
    while let Some(w) = b.get(at..at + 8) {
        let x = u64::from_le_bytes(w.try_into().unwrap_or_default());
        let (q, s) = (x ^ (b'"' as u64 * ONES), x ^ (b'\\' as u64 * ONES));
        // A zero byte of `q` or `s` is a match, a byte under 0x20 of `x` too; a borrow
        // only flags bytes above a real match, so the lowest flagged byte is exact.
        let zero = |v: u64| v.wrapping_sub(ONES) & !v;
        let hit = (zero(q) | zero(s) | x.wrapping_sub(0x20 * ONES) & !x) & HIGH;
        if hit != 0 {
            return Some(at + hit.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    let tail = b[at..]
        .iter()
        .position(|&c| c == b'"' || c == b'\\' || c < 0x20);
    tail.map(|p| at + p)
}

fn text(b: &[u8]) -> Option<Cow<'_, str>> {
    std::str::from_utf8(b).ok().map(Cow::Borrowed)
}

/// One decoded row, with borrowed strings where the input allowed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowRef<'a> {
    pub product_id: Uuid,
    pub product_name: Cow<'a, str>,
    pub user_id: Uuid,
    pub user_email: Cow<'a, str>,
    pub date: NaiveDate,
    pub prompt_count: u64,
}

/// Decodes a common row; `None` sends it to the serde decoder.
pub fn decode_fast(bytes: &[u8]) -> Option<RowRef<'_>> {
    // One row: nothing to remember its date or its product's name for.
    let (row, used) = decode_with(bytes, &mut |b| parse_ymd(b), None)?;
    let mut c = Cursor { b: bytes, i: used };
    c.ws();
    (c.i == bytes.len()).then_some(row)
}

/// Decodes a common row at the start of `bytes` (which may go on past it), and says how
/// many bytes it took: the framer skips its own scan of rows read this way. `dates` and
/// `names` remember the dates and product names read before.
pub fn decode_fast_prefix<'a>(
    bytes: &'a [u8],
    dates: &mut Dates,
    names: &'a mut Names,
) -> Option<(RowRef<'a>, usize)> {
    decode_with(bytes, &mut |b| dates.read(b), Some(names))
}

/// A row in the API's shape or any other, its date in the API's shape read by `date`.
#[inline(always)]
fn decode_with<'a>(
    bytes: &'a [u8],
    date: &mut impl DateReader,
    names: Option<&'a mut Names>,
) -> Option<(RowRef<'a>, usize)> {
    decode_api_order(bytes, date, names).or_else(|| decode_any_order(bytes))
}

/// Reads a date's ten bytes as `parse_ymd` does.
trait DateReader: FnMut(&[u8; 10]) -> Option<NaiveDate> {}
impl<F: FnMut(&[u8; 10]) -> Option<NaiveDate>> DateReader for F {}

/// The row exactly as the API writes it: its six fields in the API's order, no spaces.
/// Each key is then a literal to compare, not a string to find and match, which is most
/// of what the general loop spends on a row.
fn decode_api_order<'a>(
    bytes: &'a [u8],
    date: &mut impl DateReader,
    names: Option<&'a mut Names>,
) -> Option<(RowRef<'a>, usize)> {
    let mut c = Cursor { b: bytes, i: 0 };
    c.lit(b"{\"product_id\":\"")?;
    let product_id = c.uuid()?;
    c.lit(b"\",\"product_name\":")?;
    let name = match names {
        Some(names) => match names.find(product_id, &bytes[c.i..]) {
            Some((at, used)) => {
                c.i += used;
                let names: &'a Names = names;
                Cow::Borrowed(names.name(at))
            }
            None => {
                let at = c.i;
                let name = c.text()?;
                // Only a string right after the colon (the API's shape) is remembered,
                // as `find` looks for it there.
                if bytes[at] == b'"' {
                    names.put(product_id, &bytes[at + 1..c.i - 1], &name);
                }
                name
            }
        },
        None => c.text()?,
    };
    c.lit(b",\"user_id\":\"")?;
    let user_id = c.uuid()?;
    c.lit(b"\",\"user_email\":")?;
    let email = c.text()?;
    c.lit(b",\"date\":\"")?;
    let date = date(c.take(10)?.try_into().ok()?)?;
    c.lit(b"\",\"prompt_count\":")?;
    let prompt_count = c.number()?;
    c.lit(b"}")?;
    let row = RowRef {
        product_id,
        product_name: name,
        user_id,
        user_email: email,
        date,
        prompt_count,
    };
    Some((row, c.i))
}

/// The six known fields in any order, with spaces anywhere JSON allows them.
fn decode_any_order(bytes: &[u8]) -> Option<(RowRef<'_>, usize)> {
    let mut c = Cursor { b: bytes, i: 0 };
    c.eat(b'{')?;
    let (mut pid, mut pname, mut uid, mut email, mut date, mut count) =
        (None, None, None, None, None, None);
    for n in 0..6 {
        if n > 0 {
            c.eat(b',')?;
        }
        let key = c.string()?;
        c.eat(b':')?;
        match key {
            b"product_id" => pid = Some(Uuid::try_parse_ascii(c.string()?).ok()?),
            b"product_name" => pname = Some(c.text()?),
            b"user_id" => uid = Some(Uuid::try_parse_ascii(c.string()?).ok()?),
            b"user_email" => email = Some(c.text()?),
            b"date" => date = Some(parse_ymd(c.string()?)?),
            b"prompt_count" => count = Some(c.number()?),
            _ => return None,
        }
    }
    c.eat(b'}')?;
    let row = RowRef {
        product_id: pid?,
        product_name: pname?,
        user_id: uid?,
        user_email: email?,
        date: date?,
        prompt_count: count?,
    };
    Some((row, c.i))
}

#[cfg(test)]
#[path = "fast_tests.rs"]
mod tests;
