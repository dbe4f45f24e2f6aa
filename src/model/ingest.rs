//! Rows in, interned model out: `Ingest` takes body chunks (from HTTP or a file), frames and
//! decodes each row, and interns products and users so that a row costs 16 bytes.

use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use uuid::Uuid;

use super::decode::{DecodeError, Framer, RowRef, decode_row};
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

    /// Merges another builder's rows into this one (re-interning its ids).
    pub fn absorb(&mut self, other: &Usage) -> Result<(), DecodeError> {
        for (p, u, date, count) in other.rows() {
            let row = RowRef {
                product_id: p.id,
                product_name: p.name.as_str().into(),
                user_id: u.id,
                user_email: u.email.as_str().into(),
                date,
                prompt_count: count,
            };
            self.push(&row)?;
        }
        self.out_of_range += other.warnings().out_of_range;
        Ok(())
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
        self.framer.feed(chunk, &mut |bytes, row| {
            builder.push(&decode_row(bytes, row)?)
        })
    }

    /// Ends the body and builds the model.
    pub fn finish(self) -> Result<Usage, DecodeError> {
        self.framer.finish()?;
        self.builder.finish()
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
