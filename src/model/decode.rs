//! Streaming decode of the response body: a JSON array of flat row objects, arriving in
//! chunks of any size.
//!
//! A small framer finds where each array element starts and ends (tracking strings and
//! nesting, so extra fields of any shape are fine). Each complete element is handed to
//! serde_json as one slice, so strings without escapes are borrowed, never copied. Only an
//! element split across two chunks is copied, once. The body is never held whole.

use std::borrow::Cow;
use std::fmt;

use chrono::NaiveDate;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use thiserror::Error;
use uuid::Uuid;

use crate::dates::parse_ymd;
// The row type belongs to the fast decoder, which both decoders produce.
pub use super::fast::RowRef;

/// A row element larger than this is refused: real rows are a few hundred bytes.
pub const MAX_ROW_BYTES: usize = 1 << 20;

/// What is wrong with a response body. Rows are numbered from 1.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum DecodeError {
    #[error("the body is empty (expected a JSON array)")]
    Empty,
    #[error("the body is not a JSON array: it starts with {0}")]
    NotArray(String),
    #[error("row {row}: {msg}")]
    Row { row: u64, msg: String },
    #[error("the body ended in the middle of row {row} (truncated)")]
    Truncated { row: u64 },
    #[error("the body ended before the array was closed, after {rows} rows (truncated)")]
    Unclosed { rows: u64 },
    #[error("unexpected data after the end of the array")]
    Trailing,
    #[error("row {row}: prompt_count {count} is above the sanity bound of {max} a day")]
    CountTooLarge { row: u64, count: u64, max: u64 },
    #[error(
        "a row is dated {date}, before 2000-01-01, the earliest a saved response can hold without a range: give --from and --to"
    )]
    BeforeInferBase { date: NaiveDate },
    #[error("the response holds more than {max} rows")]
    TooManyRows { max: u64 },
    #[error("row {row} is larger than 1 MiB")]
    RowTooLarge { row: u64 },
    #[error("more than {0} products in one response")]
    TooManyProducts(usize),
    #[error("the rows' dates span more than {0} days")]
    SpanTooLong(i64),
}

/// One element of the array: already decoded by the fast path, or its bytes.
pub enum Element<'a> {
    Decoded(RowRef<'a>),
    Bytes(&'a [u8]),
}

/// Receives each complete element of the array, with its row number (from 1).
pub type RowSink<'a> = dyn FnMut(Element<'_>, u64) -> Result<(), DecodeError> + 'a;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Start,
    FirstValue,
    NextValue,
    InValue,
    AfterValue,
    Done,
}

/// Splits a streamed JSON array into its elements.
#[derive(Debug)]
pub struct Framer {
    state: State,
    depth: u32,
    in_str: bool,
    esc: bool,
    pending: Vec<u8>,
    rows: u64,
}

impl Default for Framer {
    fn default() -> Self {
        Self {
            state: State::Start,
            depth: 0,
            in_str: false,
            esc: false,
            pending: Vec::new(),
            rows: 0,
        }
    }
}

impl Framer {
    /// Feeds one chunk; `on_row(bytes, row_number)` is called for each complete element.
    pub fn feed(&mut self, chunk: &[u8], on_row: &mut RowSink<'_>) -> Result<(), DecodeError> {
        let mut i = 0;
        while i < chunk.len() {
            if self.state == State::InValue {
                match self.scan(&chunk[i..]) {
                    Some(rel) => {
                        let end = i + rel + 1;
                        let row = self.rows + 1;
                        if self.pending.is_empty() {
                            on_row(Element::Bytes(&chunk[i..end]), row)?;
                        } else {
                            self.pending.extend_from_slice(&chunk[i..end]);
                            let buf = std::mem::take(&mut self.pending);
                            let r = on_row(Element::Bytes(&buf), row);
                            self.pending = buf;
                            self.pending.clear();
                            r?;
                        }
                        self.rows = row;
                        self.state = State::AfterValue;
                        i = end;
                    }
                    None => {
                        self.pending.extend_from_slice(&chunk[i..]);
                        if self.pending.len() > MAX_ROW_BYTES {
                            return Err(DecodeError::RowTooLarge { row: self.rows + 1 });
                        }
                        return Ok(());
                    }
                }
                continue;
            }
            let b = chunk[i];
            if b.is_ascii_whitespace() {
                i += 1;
                continue;
            }
            let row = self.rows + 1;
            self.state = match (self.state, b) {
                (State::Start, b'[') => State::FirstValue,
                (State::Start, _) => {
                    return Err(DecodeError::NotArray(describe_start(&chunk[i..])));
                }
                (State::FirstValue, b']') | (State::AfterValue, b']') => State::Done,
                (State::FirstValue | State::NextValue, b'{') => {
                    // The common row, whole in this chunk: decoded where it lies.
                    if let Some((r, used)) = super::fast::decode_fast_prefix(&chunk[i..]) {
                        on_row(Element::Decoded(r), row)?;
                        self.rows = row;
                        self.state = State::AfterValue;
                        i += used;
                        continue;
                    }
                    self.depth = 0;
                    self.in_str = false;
                    self.esc = false;
                    State::InValue // the scan consumes the '{'
                }
                (State::FirstValue | State::NextValue, _) => {
                    return Err(DecodeError::Row {
                        row,
                        msg: "not a JSON object".into(),
                    });
                }
                (State::AfterValue, b',') => State::NextValue,
                (State::AfterValue, _) => {
                    return Err(DecodeError::Row {
                        row: self.rows,
                        msg: "expected ',' or ']' after the row".into(),
                    });
                }
                (State::Done, _) => return Err(DecodeError::Trailing),
                (State::InValue, _) => unreachable!("handled above"),
            };
            if self.state != State::InValue {
                i += 1;
            }
        }
        Ok(())
    }

    /// True right after a complete row (the next byte may be `,` or `]`): where a body
    /// can be cut in two and the halves decoded apart.
    pub fn at_row_end(&self) -> bool {
        self.state == State::AfterValue
    }

    /// Rows framed so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Ends the body: the array must have been closed.
    pub fn finish(&self) -> Result<u64, DecodeError> {
        match self.state {
            State::Done => Ok(self.rows),
            State::Start => Err(DecodeError::Empty),
            State::InValue => Err(DecodeError::Truncated { row: self.rows + 1 }),
            _ => Err(DecodeError::Unclosed { rows: self.rows }),
        }
    }

    /// Scans an element; returns the index of its closing byte, if within `buf`.
    fn scan(&mut self, buf: &[u8]) -> Option<usize> {
        let mut i = 0;
        while i < buf.len() {
            if self.in_str {
                if self.esc {
                    self.esc = false;
                    i += 1;
                    continue;
                }
                // Jump to the next quote or backslash: most of a row is string bytes.
                match memchr::memchr2(b'"', b'\\', &buf[i..]) {
                    Some(off) => {
                        i += off;
                        if buf[i] == b'\\' {
                            self.esc = true;
                        } else {
                            self.in_str = false;
                        }
                        i += 1;
                    }
                    None => return None,
                }
                continue;
            }
            match buf[i] {
                b'"' => self.in_str = true,
                b'{' | b'[' => self.depth += 1,
                b'}' | b']' => {
                    self.depth = self.depth.saturating_sub(1);
                    if self.depth == 0 {
                        return Some(i);
                    }
                }
                _ => {}
            }
            i += 1;
        }
        None
    }
}

fn describe_start(b: &[u8]) -> String {
    match b.first() {
        Some(b'<') => "'<' (HTML, perhaps from a proxy)".into(),
        Some(b'{') => "'{' (an object, not a list of rows)".into(),
        Some(c) if c.is_ascii_graphic() => format!("'{}'", *c as char),
        _ => "a byte that is not JSON".into(),
    }
}

/// Decodes one element into a row. Errors name the field.
pub fn decode_row(bytes: &[u8], row: u64) -> Result<RowRef<'_>, DecodeError> {
    if let Some(r) = super::fast::decode_fast(bytes) {
        return Ok(r);
    }
    decode_row_serde(bytes, row)
}

/// The general decoder: any valid row, and a message naming the field when it is not.
pub fn decode_row_serde(bytes: &[u8], row: u64) -> Result<RowRef<'_>, DecodeError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let r = RowSeed
        .deserialize(&mut de)
        .and_then(|r| de.end().map(|()| r));
    r.map_err(|e| DecodeError::Row {
        row,
        msg: strip_position(&e.to_string()),
    })
}

fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(p) => msg[..p].to_string(),
        None => msg.to_string(),
    }
}

struct RowSeed;

#[derive(Clone, Copy)]
enum Field {
    ProductId,
    ProductName,
    UserId,
    UserEmail,
    Date,
    PromptCount,
    Other,
}

impl Field {
    fn name(self) -> &'static str {
        match self {
            Field::ProductId => "product_id",
            Field::ProductName => "product_name",
            Field::UserId => "user_id",
            Field::UserEmail => "user_email",
            Field::Date => "date",
            Field::PromptCount => "prompt_count",
            Field::Other => "?",
        }
    }
}

impl<'de> de::Deserialize<'de> for Field {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Field;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Field, E> {
                Ok(match v {
                    "product_id" => Field::ProductId,
                    "product_name" => Field::ProductName,
                    "user_id" => Field::UserId,
                    "user_email" => Field::UserEmail,
                    "date" => Field::Date,
                    "prompt_count" => Field::PromptCount,
                    _ => Field::Other,
                })
            }
        }
        d.deserialize_identifier(V)
    }
}

/// A string that borrows from the input when it has no escapes.
struct Str<'a>(Cow<'a, str>);

impl<'de> de::Deserialize<'de> for Str<'de> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Str<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Owned(v.to_string())))
            }
        }
        d.deserialize_str(V)
    }
}

/// A `YYYY-MM-DD` date, parsed without allocating.
struct Day(NaiveDate);

impl<'de> de::Deserialize<'de> for Day {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Day;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a YYYY-MM-DD date")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Day, E> {
                parse_ymd(v.as_bytes())
                    .map(Day)
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
            }
        }
        d.deserialize_str(V)
    }
}

impl<'de> DeserializeSeed<'de> for RowSeed {
    type Value = RowRef<'de>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(RowVisitor)
    }
}

struct RowVisitor;

impl<'de> Visitor<'de> for RowVisitor {
    type Value = RowRef<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a row object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Self::Value, A::Error> {
        let (mut pid, mut pname, mut uid, mut email, mut date, mut count) =
            (None, None, None, None, None, None);
        while let Some(k) = m.next_key::<Field>()? {
            let ctx = |e: A::Error| de::Error::custom(format_args!("field `{}`: {e}", k.name()));
            match k {
                Field::ProductId => pid = Some(m.next_value::<Uuid>().map_err(ctx)?),
                Field::ProductName => pname = Some(m.next_value::<Str>().map_err(ctx)?.0),
                Field::UserId => uid = Some(m.next_value::<Uuid>().map_err(ctx)?),
                Field::UserEmail => email = Some(m.next_value::<Str>().map_err(ctx)?.0),
                Field::Date => date = Some(m.next_value::<Day>().map_err(ctx)?.0),
                Field::PromptCount => count = Some(m.next_value::<u64>().map_err(ctx)?),
                Field::Other => {
                    m.next_value::<IgnoredAny>()?;
                }
            }
        }
        let missing = |f: Field| de::Error::custom(format_args!("missing field `{}`", f.name()));
        Ok(RowRef {
            product_id: pid.ok_or_else(|| missing(Field::ProductId))?,
            product_name: pname.ok_or_else(|| missing(Field::ProductName))?,
            user_id: uid.ok_or_else(|| missing(Field::UserId))?,
            user_email: email.ok_or_else(|| missing(Field::UserEmail))?,
            date: date.ok_or_else(|| missing(Field::Date))?,
            prompt_count: count.ok_or_else(|| missing(Field::PromptCount))?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROW: &str = r#"{"product_id":"3c90c3cc-0d44-4b50-8888-8dd25736052a","product_name":"Ana\"lytics","user_id":"3c90c3cc-0d44-4b50-8888-8dd25736052b","user_email":"a@x.io","date":"2026-01-02","prompt_count":12,"extra":{"nested":[1,{"x":"}"}]}}"#;

    fn row_json(r: &RowRef<'_>, _n: u64) -> Vec<u8> {
        serde_json::json!({"product_id": r.product_id, "product_name": r.product_name, "user_id": r.user_id,
            "user_email": r.user_email, "date": r.date.to_string(), "prompt_count": r.prompt_count}).to_string().into_bytes()
    }

    fn frame_all(body: &[u8], chunk: usize) -> Result<Vec<Vec<u8>>, DecodeError> {
        let mut f = Framer::default();
        let mut out = Vec::new();
        for c in body.chunks(chunk.max(1)) {
            f.feed(c, &mut |e, n| {
                out.push(match e {
                    Element::Bytes(b) => b.to_vec(),
                    // The fast path's rows, as the serde path would have seen them.
                    Element::Decoded(r) => row_json(&r, n),
                });
                Ok(())
            })?;
        }
        f.finish()?;
        Ok(out)
    }

    #[test]
    fn frames_rows_across_any_chunking() {
        let body = format!(" [ {ROW} ,\n{ROW}]\n");
        for chunk in [1, 2, 7, 64, 10_000] {
            let rows = frame_all(body.as_bytes(), chunk).unwrap();
            assert_eq!(rows.len(), 2, "chunk {chunk}");
            let r = decode_row(&rows[1], 2).unwrap();
            assert_eq!(r.product_name, "Ana\"lytics");
            assert_eq!(r.prompt_count, 12);
        }
        assert_eq!(frame_all(b"[]", 1).unwrap().len(), 0);
    }

    #[test]
    fn names_what_is_wrong() {
        assert_eq!(frame_all(b"", 4).unwrap_err(), DecodeError::Empty);
        assert!(
            matches!(frame_all(b"<html>", 4).unwrap_err(), DecodeError::NotArray(s) if s.contains("HTML"))
        );
        let cut = &ROW.as_bytes()[..50];
        let body = [b"[", cut].concat();
        assert_eq!(
            frame_all(&body, 8).unwrap_err(),
            DecodeError::Truncated { row: 1 }
        );
        assert_eq!(
            frame_all(format!("[{ROW}").as_bytes(), 8).unwrap_err(),
            DecodeError::Unclosed { rows: 1 }
        );
        assert_eq!(
            frame_all(b"[1]", 8).unwrap_err().to_string(),
            "row 1: not a JSON object"
        );
        assert_eq!(frame_all(b"[] x", 8).unwrap_err(), DecodeError::Trailing);
    }

    #[test]
    fn field_errors_name_row_and_field() {
        let bad = ROW.replace("12", "-3");
        assert!(
            decode_row(bad.as_bytes(), 4)
                .unwrap_err()
                .to_string()
                .starts_with("row 4: field `prompt_count`: invalid value")
        );
        let bad = ROW.replace("12", "1.5");
        assert!(
            decode_row(bad.as_bytes(), 1)
                .unwrap_err()
                .to_string()
                .contains("field `prompt_count`")
        );
        let bad = ROW.replace("2026-01-02", "2026-13-02");
        assert!(
            decode_row(bad.as_bytes(), 1)
                .unwrap_err()
                .to_string()
                .contains("field `date`")
        );
        let bad = ROW.replace("3c90c3cc-0d44-4b50-8888-8dd25736052b", "nope");
        assert!(
            decode_row(bad.as_bytes(), 1)
                .unwrap_err()
                .to_string()
                .contains("field `user_id`")
        );
        let bad = ROW.replace(r#""user_email":"a@x.io","#, "");
        assert_eq!(
            decode_row(bad.as_bytes(), 9).unwrap_err().to_string(),
            "row 9: missing field `user_email`"
        );
    }

    #[test]
    fn strings_borrow_when_unescaped() {
        let r = decode_row(ROW.as_bytes(), 1).unwrap();
        assert!(matches!(r.user_email, Cow::Borrowed(_)));
        assert!(matches!(r.product_name, Cow::Owned(_)));
    }
}
