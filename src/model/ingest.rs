//! Rows in, interned model out: `Ingest` takes body chunks (from HTTP or a file), frames and
//! decodes each row, and interns products and users so that a row costs 16 bytes.

use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use uuid::Uuid;

use super::decode::{DecodeError, Element, Framer, RowRef, decode_row};
use super::{Cell, Product, Usage, User};
use crate::dates::{DateRange, MAX_DAYS};

/// Which days a response is expected to cover.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RangeSpec {
    /// The requested range: rows outside it are dropped and counted.
    Fixed(DateRange),
    /// A saved response read with no range given: the range is the rows' own span.
    Infer,
}

/// The earliest day an inferred range may hold (day indexes are `u16` from here).
const INFER_BASE: (i32, u32, u32) = (2000, 1, 1);

/// Builds a [`Usage`] from rows, in any order, any number at a time.
#[derive(Debug)]
pub struct Builder {
    spec: RangeSpec,
    base: NaiveDate,
    span: usize,
    product_ix: FxHashMap<Uuid, u16>,
    user_ix: FxHashMap<Uuid, u32>,
    products: Vec<Product>,
    users: Vec<User>,
    cells: Vec<Cell>,
    out_of_range: u64,
}

impl Builder {
    pub fn new(spec: RangeSpec) -> Self {
        let (base, span) = match spec {
            RangeSpec::Fixed(r) => (r.start(), r.len_days()),
            RangeSpec::Infer => {
                let (y, m, d) = INFER_BASE;
                (
                    NaiveDate::from_ymd_opt(y, m, d).expect("valid base"),
                    usize::from(u16::MAX),
                )
            }
        };
        Self {
            spec,
            base,
            span,
            product_ix: FxHashMap::default(),
            user_ix: FxHashMap::default(),
            products: Vec::new(),
            users: Vec::new(),
            cells: Vec::new(),
            out_of_range: 0,
        }
    }

    /// Adds one row. A row dated outside the range is dropped and counted, never added.
    pub fn push(&mut self, r: &RowRef<'_>) -> Result<(), DecodeError> {
        let offset = (r.date - self.base).num_days();
        if offset < 0 || offset as usize >= self.span {
            self.out_of_range += 1;
            return Ok(());
        }
        let product = match self.product_ix.get(&r.product_id) {
            Some(&p) => p,
            None => {
                let p = u16::try_from(self.products.len())
                    .map_err(|_| DecodeError::TooManyProducts(usize::from(u16::MAX)))?;
                self.products.push(Product {
                    id: r.product_id,
                    name: r.product_name.to_string(),
                });
                self.product_ix.insert(r.product_id, p);
                p
            }
        };
        let user = match self.user_ix.get(&r.user_id) {
            Some(&u) => u,
            None => {
                let u = self.users.len() as u32;
                self.users.push(User {
                    id: r.user_id,
                    email: r.user_email.to_string(),
                });
                self.user_ix.insert(r.user_id, u);
                u
            }
        };
        self.cells.push(Cell {
            count: r.prompt_count,
            user,
            product,
            day: offset as u16,
        });
        Ok(())
    }

    /// Sorts, removes duplicates and computes the aggregates.
    pub fn finish(self) -> Result<Usage, DecodeError> {
        let Builder {
            spec,
            base,
            products,
            users,
            mut cells,
            out_of_range,
            ..
        } = self;
        let range = match spec {
            RangeSpec::Fixed(r) => r,
            RangeSpec::Infer => {
                let lo = cells.iter().map(|c| c.day).min().unwrap_or(0);
                let hi = cells.iter().map(|c| c.day).max().unwrap_or(0);
                let start = base + chrono::Duration::days(i64::from(lo));
                let end = base + chrono::Duration::days(i64::from(hi));
                for c in &mut cells {
                    c.day -= lo;
                }
                let days = i64::from(hi - lo) + 1;
                if days > MAX_DAYS {
                    return Err(DecodeError::SpanTooLong(MAX_DAYS));
                }
                DateRange::new(start, end).map_err(|_| DecodeError::SpanTooLong(MAX_DAYS))?
            }
        };
        Ok(Usage::from_parts(
            range,
            products,
            users,
            cells,
            out_of_range,
        ))
    }

    /// Takes in another builder over the same range: its products and users are mapped to
    /// this one's (a lookup per person, not per row) and its cells appended.
    pub fn absorb_builder(&mut self, other: Builder) -> Result<(), DecodeError> {
        debug_assert_eq!(self.base, other.base);
        let mut pmap = Vec::with_capacity(other.products.len());
        for p in other.products {
            let i = match self.product_ix.get(&p.id) {
                Some(&i) => i,
                None => {
                    let i = u16::try_from(self.products.len())
                        .map_err(|_| DecodeError::TooManyProducts(usize::from(u16::MAX)))?;
                    self.product_ix.insert(p.id, i);
                    self.products.push(p);
                    i
                }
            };
            pmap.push(i);
        }
        let mut umap = Vec::with_capacity(other.users.len());
        for u in other.users {
            let i = match self.user_ix.get(&u.id) {
                Some(&i) => i,
                None => {
                    let i = self.users.len() as u32;
                    self.user_ix.insert(u.id, i);
                    self.users.push(u);
                    i
                }
            };
            umap.push(i);
        }
        self.cells.extend(other.cells.into_iter().map(|c| Cell {
            user: umap[c.user as usize],
            product: pmap[usize::from(c.product)],
            ..c
        }));
        self.out_of_range += other.out_of_range;
        Ok(())
    }

    /// Merges another builder's rows into this one (re-interning its ids).
    pub fn absorb(&mut self, other: &Usage) -> Result<(), DecodeError> {
        // Ids are mapped once per product and per person, then each cell is moved over
        // with array lookups: merging windows costs little next to decoding them.
        let pmap = other
            .products()
            .iter()
            .map(|p| self.intern_product(p.id, &p.name))
            .collect::<Result<Vec<u16>, DecodeError>>()?;
        let umap: Vec<u32> = other
            .users()
            .iter()
            .map(|u| self.intern_user(u.id, &u.email))
            .collect();
        let shift = (other.range().start() - self.base).num_days();
        for c in other.cells() {
            let day = shift + i64::from(c.day);
            if day < 0 || day as usize >= self.span {
                self.out_of_range += 1;
                continue;
            }
            self.cells.push(Cell {
                count: c.count,
                user: umap[c.user as usize],
                product: pmap[usize::from(c.product)],
                day: day as u16,
            });
        }
        self.out_of_range += other.warnings().out_of_range;
        Ok(())
    }

    fn intern_product(&mut self, id: Uuid, name: &str) -> Result<u16, DecodeError> {
        if let Some(&p) = self.product_ix.get(&id) {
            return Ok(p);
        }
        let p = u16::try_from(self.products.len())
            .map_err(|_| DecodeError::TooManyProducts(usize::from(u16::MAX)))?;
        self.products.push(Product {
            id,
            name: name.to_string(),
        });
        self.product_ix.insert(id, p);
        Ok(p)
    }

    fn intern_user(&mut self, id: Uuid, email: &str) -> u32 {
        if let Some(&u) = self.user_ix.get(&id) {
            return u;
        }
        let u = self.users.len() as u32;
        self.users.push(User {
            id,
            email: email.to_string(),
        });
        self.user_ix.insert(id, u);
        u
    }
}

/// Streams body chunks into a [`Builder`].
#[derive(Debug)]
pub struct Ingest {
    framer: Framer,
    builder: Builder,
}

impl Ingest {
    pub fn new(spec: RangeSpec) -> Self {
        Self {
            framer: Framer::default(),
            builder: Builder::new(spec),
        }
    }

    /// Feeds the next chunk of the body.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<(), DecodeError> {
        let builder = &mut self.builder;
        self.framer.feed(chunk, &mut |element, row| match element {
            Element::Decoded(r) => builder.push(&r),
            Element::Bytes(bytes) => builder.push(&decode_row(bytes, row)?),
        })
    }

    /// Ends the body and builds the model.
    pub fn finish(self) -> Result<Usage, DecodeError> {
        self.framer.finish()?;
        self.builder.finish()
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
        let io = |e: std::io::Error| ReadError::Io(format!("{}: {e}", path.display()));
        let len = std::fs::metadata(path).map_err(io)?.len();
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
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
        let open = || {
            std::fs::File::open(path).map_err(|e| ReadError::Io(format!("{}: {e}", path.display())))
        };
        let (first, second) = (open()?, open()?);
        let feed = |mut ingest: Ingest, mut r: Box<dyn Read + Send>| -> Result<Ingest, ReadError> {
            let mut buf = vec![0u8; 1 << 20];
            loop {
                let n = match r.read(&mut buf) {
                    Ok(0) => return Ok(ingest),
                    Ok(n) => n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(ReadError::Io(e.to_string())),
                };
                ingest.feed(&buf[..n]).map_err(ReadError::Decode)?;
            }
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
            Ok(a) if a.framer.at_row_end() => a,
            // The first half did not end where a row ends: decode in one pass instead, which
            // also reports any error at its true row number.
            _ => return Ok(None),
        };
        let b = match b {
            Ok(b) => b,
            Err(_) => return Ok(None),
        };
        let rows_before = a.framer.rows();
        b.framer
            .finish()
            .map_err(|e| ReadError::Decode(renumber(e, rows_before)))?;
        let mut builder = a.builder;
        builder
            .absorb_builder(b.builder)
            .map_err(ReadError::Decode)?;
        builder.finish().map(Some).map_err(ReadError::Decode)
    }

    /// Reads a whole saved response (a file or stdin) in bounded memory.
    pub fn read_from(spec: RangeSpec, mut r: impl std::io::Read) -> Result<Usage, ReadError> {
        let mut ingest = Ingest::new(spec);
        let mut buf = vec![0u8; 1 << 20];
        loop {
            let n = match r.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(ReadError::Io(e.to_string())),
            };
            ingest.feed(&buf[..n]).map_err(ReadError::Decode)?;
        }
        ingest.finish().map_err(ReadError::Decode)
    }
}

/// Reading a saved response failed.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum ReadError {
    #[error("cannot read the input: {0}")]
    Io(String),
    #[error("the input is not a valid response: {0}")]
    Decode(DecodeError),
}

/// Row numbers of the second half count on from the first half's.
fn renumber(e: DecodeError, before: u64) -> DecodeError {
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
        other => other,
    }
}

/// A likely boundary between two rows near the middle of the file: the comma of the
/// first `}` `,` `{` (white space allowed) after the middle. It is only a guess (those
/// bytes could sit inside a string); `read_halves` checks it.
fn split_point(path: &std::path::Path, len: u64) -> std::io::Result<Option<u64>> {
    use std::io::{Read, Seek, SeekFrom};
    let mut f = std::fs::File::open(path)?;
    let mid = len / 2;
    f.seek(SeekFrom::Start(mid))?;
    let mut buf = vec![0u8; 1 << 16];
    let n = f.read(&mut buf)?;
    let buf = &buf[..n];
    for i in memchr::memchr_iter(b',', buf) {
        let before = buf[..i].iter().rev().find(|b| !b.is_ascii_whitespace());
        let after = buf[i + 1..].iter().find(|b| !b.is_ascii_whitespace());
        if before == Some(&b'}') && after == Some(&b'{') {
            return Ok(Some(mid + i as u64));
        }
    }
    Ok(None)
}
