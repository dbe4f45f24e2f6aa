//! Streaming decode of the response body: a JSON array of flat row objects, arriving in
//! chunks of any size.
//!
//! The framer (`framer.rs`) finds where each array element starts and ends. Each complete
//! element is decoded here: by the fast path for the common row, else handed to serde_json
//! as one slice, so strings without escapes are borrowed, never copied.

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
        "a row is dated {date}, outside 2000-01-01 to 2179-06-05, the days a saved response can hold without a range: give --from and --to"
    )]
    OutsideInferDays { date: NaiveDate },
    #[error("the response holds more than {max} rows")]
    TooManyRows { max: u64 },
    #[error("row {row} is larger than 1 MiB")]
    RowTooLarge { row: u64 },
    #[error("more than {0} products in one response")]
    TooManyProducts(usize),
    #[error("the rows' dates span more than {0} days: give --from and --to within them")]
    SpanTooLong(i64),
    #[error(
        "the rows name {products} products over {days} days, more than the {max} product-days this client tallies: ask for fewer days (--from/--to) or, from the API, fewer products (--product)"
    )]
    TooWide {
        products: usize,
        days: usize,
        max: usize,
    },
}

impl DecodeError {
    /// The texts quoted from the body through `f` (the API client takes its key out).
    pub fn map_text(self, f: impl Fn(&str) -> String) -> Self {
        match self {
            DecodeError::NotArray(s) => DecodeError::NotArray(f(&s)),
            DecodeError::Row { row, msg } => DecodeError::Row { row, msg: f(&msg) },
            other => other,
        }
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

/// A count of prompts. A number past `u64` reaches serde as a float, and its own message
/// ("invalid type: floating point `1e+23`") named neither the fault nor the bound.
struct Count(u64);

impl<'de> de::Deserialize<'de> for Count {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        fn not_a_count<E: de::Error>(v: impl fmt::Display) -> E {
            E::custom(format_args!(
                "{v} is not a count: a whole number from 0, without fraction or exponent"
            ))
        }
        impl Visitor<'_> for V {
            type Value = Count;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a whole number of prompts")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Count, E> {
                Ok(Count(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Count, E> {
                u64::try_from(v).map(Count).map_err(|_| not_a_count(v))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Count, E> {
                // Rounded to a float, the number would be quoted wrongly: only its size is said.
                match v >= u64::MAX as f64 {
                    true => Err(E::custom(format_args!(
                        "{v:e} is too large for a count (at most {})",
                        u64::MAX
                    ))),
                    // `{:?}`: a whole 2.0 printed as "2", which read as a count.
                    false => Err(not_a_count(format_args!("{v:?}"))),
                }
            }
        }
        d.deserialize_u64(V)
    }
}

impl<'de> DeserializeSeed<'de> for RowSeed {
    type Value = RowRef<'de>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(RowVisitor)
    }
}

struct RowVisitor;

/// Sets a field read once: a second value for it (which one would count?) is an error,
/// as serde's derive makes it, not the last one silently.
fn once<T, E: de::Error>(slot: &mut Option<T>, v: T, k: Field) -> Result<(), E> {
    match slot.replace(v) {
        Some(_) => Err(E::custom(format_args!("field `{}` given twice", k.name()))),
        None => Ok(()),
    }
}

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
                Field::ProductId => once(&mut pid, m.next_value::<Uuid>().map_err(ctx)?, k)?,
                Field::ProductName => once(&mut pname, m.next_value::<Str>().map_err(ctx)?.0, k)?,
                Field::UserId => once(&mut uid, m.next_value::<Uuid>().map_err(ctx)?, k)?,
                Field::UserEmail => once(&mut email, m.next_value::<Str>().map_err(ctx)?.0, k)?,
                Field::Date => once(&mut date, m.next_value::<Day>().map_err(ctx)?.0, k)?,
                Field::PromptCount => once(&mut count, m.next_value::<Count>().map_err(ctx)?.0, k)?,
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
#[path = "decode_tests.rs"]
mod tests;
