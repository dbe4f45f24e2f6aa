//! Framing the response body: a small state machine finds where each element of the JSON
//! array starts and ends, in chunks of any size (tracking strings and nesting, so extra
//! fields of any shape are fine). Only an element split across two chunks is copied, once;
//! the body is never held whole.

use super::decode::{DecodeError, MAX_ROW_BYTES, RowRef};
use super::fast::{Dates, Names, decode_fast_prefix};

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
    /// The dates and product names the fast path has read.
    dates: Dates,
    names: Names,
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
            dates: Dates::default(),
            names: Names::default(),
        }
    }
}

impl Framer {
    /// Feeds one chunk; `on_row(bytes, row_number)` is called for each complete element.
    ///
    /// Longer than the house's 60 lines on purpose: it is the one loop every byte of every
    /// response goes through, a state machine whose states share the cursor and the
    /// carry-over buffer; split into functions it measured slower (the fast path fused
    /// with the framer is what makes ingest run near memory speed).
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
                    if let Some((r, used)) =
                        decode_fast_prefix(&chunk[i..], &mut self.dates, &mut self.names)
                    {
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
        // Objects a line (`export --format ndjson` writes them): the rows, not the array.
        Some(b'{') if ndjson(b) => {
            "'{', one object a line (NDJSON, as `export --format ndjson` writes)".into()
        }
        Some(b'{') => "'{' (an object, not a list of rows)".into(),
        // A saved response kept compressed (`curl` without `--compressed`, `.json.gz`).
        Some(0x1f) if b.get(1) == Some(&0x8b) => {
            "gzip's magic bytes (decompress it first: gunzip)".into()
        }
        Some(c) if c.is_ascii_graphic() => format!("'{}'", *c as char),
        _ => "a byte that is not JSON".into(),
    }
}

/// Whether `b` (the start of a body) holds an object, a line break, then another object.
fn ndjson(b: &[u8]) -> bool {
    let Some(nl) = memchr::memchr(b'\n', b) else {
        return false;
    };
    let line = b[..nl].trim_ascii_end();
    line.ends_with(b"}") && b[nl + 1..].trim_ascii_start().starts_with(b"{")
}
