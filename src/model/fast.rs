//! The fast path of row decoding: a flat object of the six known fields, in any order,
//! with no escapes in its ids and dates, only one-character escapes (`\"`, `\\`...) in its
//! names and no unknown fields. That is what the API sends, and this reads it in one pass
//! without serde. Anything else (`\u` escapes, extra fields, odd values) returns `None`, and the serde decoder, which names what is wrong, takes over.

use std::borrow::Cow;

use chrono::NaiveDate;
use uuid::Uuid;

use crate::dates::parse_ymd;

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
        let end = memchr::memchr2(b'"', b'\\', rest)?;
        if rest[end] == b'"' {
            self.i += end + 1;
            return text(&rest[..end]);
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
                _ => {
                    let run = memchr::memchr2(b'"', b'\\', &rest[i..])?;
                    out.extend_from_slice(&rest[i..i + run]);
                    i += run;
                }
            }
        }
        self.i += i + 1;
        String::from_utf8(out).ok().map(Cow::Owned)
    }
    fn number(&mut self) -> Option<u64> {
        self.ws();
        let start = self.i;
        let mut n: u64 = 0;
        while let Some(&c) = self.b.get(self.i).filter(|c| c.is_ascii_digit()) {
            n = n.checked_mul(10)?.checked_add(u64::from(c - b'0'))?;
            self.i += 1;
        }
        // A sign, a fraction or an exponent is for the slow path to judge.
        let next = self.b.get(self.i).copied();
        (self.i > start && !matches!(next, Some(b'.' | b'e' | b'E' | b'-' | b'+'))).then_some(n)
    }
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
    let (row, used) = decode_fast_prefix(bytes)?;
    let mut c = Cursor { b: bytes, i: used };
    c.ws();
    (c.i == bytes.len()).then_some(row)
}

/// Decodes a common row at the start of `bytes` (which may go on past it), and says how
/// many bytes it took: the framer skips its own scan of rows read this way.
pub fn decode_fast_prefix(bytes: &[u8]) -> Option<(RowRef<'_>, usize)> {
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
mod tests {
    use super::super::decode::{decode_row, decode_row_serde};
    use super::*;
    use proptest::prelude::*;

    const ROW: &str = r#"{"product_id":"3c90c3cc-0d44-4b50-8888-8dd25736052a","product_name":"数据 ✨","user_id":"3c90c3cc-0d44-4b50-8888-8dd25736052b","user_email":"a@x.io","date":"2026-01-02","prompt_count":12}"#;

    #[test]
    fn reads_the_common_shape_and_declines_the_rest() {
        let fast = decode_fast(ROW.as_bytes()).unwrap();
        assert_eq!(Some(fast), decode_row(ROW.as_bytes(), 1).ok());
        let spaced = ROW.replace(',', " ,\n ").replace(':', " : ");
        assert_eq!(
            decode_fast(spaced.as_bytes()),
            decode_row(spaced.as_bytes(), 1).ok()
        );
        // One-character escapes are read here, and mean what serde says they mean.
        let escaped = ROW.replace("数据", "a\\\"b\\\\c\\/\\n\\t");
        let fast = decode_fast(escaped.as_bytes()).unwrap();
        assert_eq!(fast.product_name, "a\"b\\c/\n\t ✨");
        assert_eq!(Some(fast), decode_row_serde(escaped.as_bytes(), 1).ok());
        for declined in [
            ROW.replace("数据", "a\\u00e9b"),             // a \u escape
            ROW.replace("数据", "a\\qb"),                 // not an escape
            ROW.replace("12}", "12,\"x\":1}"),            // an unknown field
            ROW.replace("12", "-3"),                      // a sign
            ROW.replace("12", "1.5"),                     // a fraction
            ROW.replace("12", "1e3"),                     // an exponent
            ROW.replace("12", "99999999999999999999999"), // too big
            ROW.replace("2026-01-02", "2026-13-02"),      // a bad date
            ROW.replace(r#","user_email":"a@x.io""#, ""), // a missing field
            ROW.replace("12}", "12} x"),                  // trailing bytes
        ] {
            assert_eq!(decode_fast(declined.as_bytes()), None, "{declined}");
        }
    }

    #[test]
    fn reordered_fields() {
        let r = r#"{"prompt_count":3,"date":"2026-01-02","user_email":"b@x.io","user_id":"3c90c3cc-0d44-4b50-8888-8dd25736052b","product_name":"P","product_id":"3c90c3cc-0d44-4b50-8888-8dd25736052a"}"#;
        assert_eq!(decode_fast(r.as_bytes()), decode_row(r.as_bytes(), 1).ok());
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]
        /// Whenever the fast path answers, it agrees with serde; it never panics.
        #[test]
        fn agrees_with_serde(name in "\\PC{0,12}", email in "[a-z@.\\\\\"]{0,12}", n in any::<u64>(), cut in 0usize..220) {
            let row = format!(
                r#"{{"product_id":"3c90c3cc-0d44-4b50-8888-8dd25736052a","product_name":{},"user_id":"3c90c3cc-0d44-4b50-8888-8dd25736052b","user_email":{},"date":"2026-01-02","prompt_count":{n}}}"#,
                serde_json::to_string(&name).unwrap(),
                serde_json::to_string(&email).unwrap()
            );
            if let Some(fast) = decode_fast(row.as_bytes()) {
                prop_assert_eq!(Some(fast), decode_row(row.as_bytes(), 1).ok());
            }
            let b = &row.as_bytes()[..cut.min(row.len())];
            if let Some(fast) = decode_fast(b) {
                prop_assert_eq!(Some(fast), decode_row(b, 1).ok());
            }
        }
    }
}
