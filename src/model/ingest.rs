//! Rows in, interned model out: `Ingest` takes body chunks (from HTTP or a file), frames and
//! decodes each row, checks it against the bounds below and hands it to the [`Builder`].

use super::builder::Builder;
use super::decode::{DecodeError, decode_row};
use super::framer::{Element, Framer};
use super::{RangeSpec, Usage};

/// The most prompts one person may send to one product on one day before a row is taken
/// for a malformed response: a thousand a second for a whole day is far beyond any person,
/// and with it no sum of a response's rows can overflow a `u64` (rows x bound < 2^64 for
/// any response under [`MAX_ROWS`] rows).
pub const MAX_PROMPT_COUNT: u64 = 86_400_000;

/// The most rows one response (or saved file) may hold; beyond it the response is refused
/// as too large rather than grown into memory. A 100,000-person organization's year is
/// about 10 million rows.
pub const MAX_ROWS: u64 = 100_000_000;

/// A count above [`MAX_PROMPT_COUNT`] is a malformed response, named by its row.
pub fn check_count(count: u64, row: u64) -> Result<(), DecodeError> {
    if count > MAX_PROMPT_COUNT {
        return Err(DecodeError::CountTooLarge {
            row,
            count,
            max: MAX_PROMPT_COUNT,
        });
    }
    Ok(())
}

/// The checked rows of a streamed body: frames and decodes each row, skips a leading byte
/// order mark, and holds every row to [`MAX_ROWS`] and [`check_count`]. `Ingest` (rows into
/// a model) and `Fold` (rows into the exports' aggregates) both read through it, so both
/// accept and refuse the same bodies with the same errors.
#[derive(Debug, Default)]
pub(super) struct Rows {
    pub(super) framer: Framer,
    /// Whether the body has started (a UTF-8 byte order mark is skipped there only).
    started: bool,
    /// The body's first bytes while they may still be a byte order mark split across
    /// chunks (a read of a byte or two).
    head: Vec<u8>,
}

/// A UTF-8 byte order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

impl Rows {
    /// Feeds the next chunk of the body, handing each checked row to `push`.
    pub(super) fn feed<F>(&mut self, chunk: &[u8], push: &mut F) -> Result<(), DecodeError>
    where
        F: FnMut(&super::RowRef<'_>) -> Result<(), DecodeError>,
    {
        // Files saved by some editors and tools start with a byte order mark; it is not data.
        let chunk = match self.started {
            true => chunk,
            false => {
                let take = (BOM.len() - self.head.len()).min(chunk.len());
                self.head.extend_from_slice(&chunk[..take]);
                if self.head.len() < BOM.len() && BOM.starts_with(&self.head) {
                    return Ok(());
                }
                self.started = true;
                let mut head = std::mem::take(&mut self.head);
                if head != BOM {
                    // Framed with the rest of the chunk, once: a body refused at its start
                    // is described from more than its first three bytes.
                    head.extend_from_slice(&chunk[take..]);
                    return self.frame(&head, push);
                }
                &chunk[take..]
            }
        };
        self.frame(chunk, push)
    }

    /// Frames the chunk's rows, decodes and checks each, and hands it to `push`.
    fn frame<F>(&mut self, chunk: &[u8], push: &mut F) -> Result<(), DecodeError>
    where
        F: FnMut(&super::RowRef<'_>) -> Result<(), DecodeError>,
    {
        self.framer.feed(chunk, &mut |element, row| {
            let r = match element {
                Element::Decoded(r) => r,
                Element::Bytes(bytes) => decode_row(bytes, row)?,
            };
            if row > MAX_ROWS {
                return Err(DecodeError::TooManyRows { max: MAX_ROWS });
            }
            check_count(r.prompt_count, row)?;
            push(&r)
        })
    }
}

/// Reads `r` to its end in 1 MiB chunks, handing each to `feed`.
pub(super) fn pump(
    mut r: impl std::io::Read,
    feed: &mut dyn FnMut(&[u8]) -> Result<(), DecodeError>,
) -> Result<(), ReadError> {
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = match r.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(ReadError::Io(e.to_string())),
        };
        feed(&buf[..n]).map_err(ReadError::Decode)?;
    }
}

impl ReadError {
    /// `path` could not be opened or read: what happened and, when the error says which,
    /// what to do (a wrong path or a file of another user's).
    pub fn of_path(path: &std::path::Path, e: &std::io::Error) -> ReadError {
        let todo = match e.kind() {
            std::io::ErrorKind::NotFound => "; check the path",
            std::io::ErrorKind::PermissionDenied => "; check that you may read it",
            _ => "",
        };
        ReadError::Io(format!("{}: {e}{todo}", path.display()))
    }
}

/// The length of the saved response at `path`, or why it cannot be one.
pub fn input_len(path: &std::path::Path) -> Result<u64, ReadError> {
    let meta = std::fs::metadata(path).map_err(|e| ReadError::of_path(path, &e))?;
    if meta.is_dir() {
        return Err(ReadError::Io(format!(
            "{} is a folder: give the saved response's file",
            path.display()
        )));
    }
    Ok(meta.len())
}

/// Streams body chunks into a [`Builder`].
#[derive(Debug)]
pub struct Ingest {
    rows: Rows,
    builder: Builder,
    /// The products asked for (none: all), and the rows of others dropped.
    only: Vec<uuid::Uuid>,
    others: u64,
}

impl Ingest {
    pub fn new(spec: RangeSpec) -> Self {
        Self {
            rows: Rows::default(),
            builder: Builder::new(spec),
            only: Vec::new(),
            others: 0,
        }
    }

    /// Keeps the rows of `products` only (all when empty): the answer to a request that
    /// named them, from a server that may not have filtered on them.
    pub fn only_products(mut self, products: &[uuid::Uuid]) -> Self {
        self.only = products.to_vec();
        self
    }

    /// Feeds the next chunk of the body.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<(), DecodeError> {
        let (builder, only, others) = (&mut self.builder, &self.only, &mut self.others);
        self.rows.feed(chunk, &mut |r| {
            if !only.is_empty() && !only.contains(&r.product_id) {
                *others += 1;
                return Ok(());
            }
            builder.push(r)
        })
    }

    /// Ends the body and builds the model.
    pub fn finish(self) -> Result<Usage, DecodeError> {
        self.rows.framer.finish()?;
        let mut u = self.builder.finish()?;
        u.warnings.other_products += self.others;
        Ok(u)
    }

    /// Reads a saved response file, decoding its two halves on two threads when the file
    /// is large and its middle can be found safely; one pass otherwise. Same result either
    /// way (tested), half the time on two cores.
    pub fn read_file(spec: RangeSpec, path: &std::path::Path) -> Result<Usage, ReadError> {
        Self::read_file_split_above(spec, path, 8 << 20)
    }

    /// As [`Ingest::read_file`], splitting files of at least `min_len` bytes.
    pub fn read_file_split_above(
        spec: RangeSpec,
        path: &std::path::Path,
        min_len: u64,
    ) -> Result<Usage, ReadError> {
        let io = |e: std::io::Error| ReadError::of_path(path, &e);
        let len = input_len(path)?;
        let threads = crate::parallel::cores();
        if len < min_len || threads < 2 {
            return Self::read_from(spec, std::fs::File::open(path).map_err(io)?);
        }
        match split_point(path, len).map_err(io)? {
            Some(cut) => match Self::read_halves(spec, path, cut)? {
                Some(u) => Ok(u),
                None => Self::read_from(spec, std::fs::File::open(path).map_err(io)?),
            },
            None => Self::read_from(spec, std::fs::File::open(path).map_err(io)?),
        }
    }

    /// Decodes `[0, cut)` and `[cut + 1, end)` (the byte at `cut` is the comma between two
    /// rows) on two threads. `None` when the first half did not end on a row boundary:
    /// the guess at the middle fell inside a string, and one pass is needed.
    fn read_halves(
        spec: RangeSpec,
        path: &std::path::Path,
        cut: u64,
    ) -> Result<Option<Usage>, ReadError> {
        use std::io::{Read, Seek, SeekFrom};
        let open = || std::fs::File::open(path).map_err(|e| ReadError::of_path(path, &e));
        let (first, second) = (open()?, open()?);
        let feed = |mut ingest: Ingest, r: Box<dyn Read + Send>| -> Result<Ingest, ReadError> {
            pump(r, &mut |chunk| ingest.feed(chunk))?;
            Ok(ingest)
        };
        let (a, b) = std::thread::scope(|s| {
            let a = s.spawn(|| feed(Ingest::new(spec), Box::new(first.take(cut))));
            let b = s.spawn(move || {
                let mut second = second;
                second
                    .seek(SeekFrom::Start(cut + 1))
                    .map_err(|e| ReadError::Io(e.to_string()))?;
                let mut ingest = Ingest::new(spec);
                ingest.feed(b"[").map_err(ReadError::Decode)?;
                feed(ingest, Box::new(second))
            });
            (a.join(), b.join())
        });
        let a = a.map_err(|_| ReadError::Io("a decoding thread failed".into()))?;
        let b = b.map_err(|_| ReadError::Io("a decoding thread failed".into()))?;
        let a = match a {
            Ok(a) if a.rows.framer.at_row_end() => a,
            // The first half did not end where a row ends: decode in one pass instead, which
            // also reports any error at its true row number.
            _ => return Ok(None),
        };
        let b = match b {
            // A product the halves first name two ways: its second names are counted in
            // one pass.
            Ok(b) if a.builder.first_names_differ(&b.builder) => return Ok(None),
            Ok(b) => b,
            Err(_) => return Ok(None),
        };
        let rows_before = a.rows.framer.rows();
        b.rows
            .framer
            .finish()
            .map_err(|e| ReadError::Decode(renumber(e, rows_before)))?;
        let mut builder = a.builder;
        builder
            .absorb_builder(b.builder)
            .map_err(ReadError::Decode)?;
        builder.finish().map(Some).map_err(ReadError::Decode)
    }

    /// Reads a whole saved response (a file or stdin) in bounded memory.
    pub fn read_from(spec: RangeSpec, r: impl std::io::Read) -> Result<Usage, ReadError> {
        let mut ingest = Ingest::new(spec);
        pump(r, &mut |chunk| ingest.feed(chunk))?;
        ingest.finish().map_err(ReadError::Decode)
    }
}

/// Reading a saved response failed.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum ReadError {
    #[error("cannot read the input: {0}")]
    Io(String),
    #[error("the input is not a valid response: {0}{hint}", hint = shape_hint(.0))]
    Decode(DecodeError),
}

/// What to do when a file is not a saved response at all (an export by user, a CSV, an
/// NDJSON file) rather than a broken one: say which file is.
fn shape_hint(e: &DecodeError) -> &'static str {
    let shape = match e {
        DecodeError::NotArray(_) => true,
        DecodeError::Row { row: 1, msg } => msg.starts_with("missing field"),
        _ => false,
    };
    match shape {
        true => "; a saved response is what `export --group-by row --format json` writes",
        false => "",
    }
}

/// Row numbers of a later part of the body count on from the `before` rows ahead of it.
pub(super) fn renumber(e: DecodeError, before: u64) -> DecodeError {
    match e {
        DecodeError::Row { row, msg } => DecodeError::Row {
            row: row + before,
            msg,
        },
        DecodeError::Truncated { row } => DecodeError::Truncated { row: row + before },
        DecodeError::Unclosed { rows } => DecodeError::Unclosed {
            rows: rows + before,
        },
        DecodeError::RowTooLarge { row } => DecodeError::RowTooLarge { row: row + before },
        DecodeError::CountTooLarge { row, count, max } => DecodeError::CountTooLarge {
            row: row + before,
            count,
            max,
        },
        other => other,
    }
}

/// A likely boundary between two rows near the middle of the file (see [`cut_near`]).
fn split_point(path: &std::path::Path, len: u64) -> std::io::Result<Option<u64>> {
    cut_near(path, len / 2)
}

/// A likely boundary between two rows at or after byte `at`: the comma of the first `}`
/// `,` `{` (white space allowed) within 64 KiB. It is only a guess (those bytes could sit
/// inside a string); whoever cuts there checks that the part before it ends on a row.
pub(super) fn cut_near(path: &std::path::Path, at: u64) -> std::io::Result<Option<u64>> {
    use std::io::{Read, Seek, SeekFrom};
    let mut f = std::fs::File::open(path)?;
    f.seek(SeekFrom::Start(at))?;
    let mut buf = vec![0u8; 1 << 16];
    let n = f.read(&mut buf)?;
    let buf = &buf[..n];
    for i in memchr::memchr_iter(b',', buf) {
        let before = buf[..i].iter().rev().find(|b| !b.is_ascii_whitespace());
        let after = buf[i + 1..].iter().find(|b| !b.is_ascii_whitespace());
        if before == Some(&b'}') && after == Some(&b'{') {
            return Ok(Some(at + i as u64));
        }
    }
    Ok(None)
}
