//! Small models for the unit tests of this module, built through the real ingest.

use uuid::Uuid;

use crate::dates::{DateRange, parse_date};
use crate::model::{Ingest, RangeSpec, Usage};

/// A model over `start..=end` from (product, user, date, count) rows; user `u` is
/// `u{u}@x.io`, product `p` is `P{p}`.
pub fn usage(start: &str, end: &str, rows: &[(u128, u128, &str, u64)]) -> Usage {
    usage_owned(
        start,
        end,
        rows.iter()
            .map(|(p, u, d, n)| (*p, *u, (*d).to_string(), *n))
            .collect(),
    )
}

pub fn usage_owned(start: &str, end: &str, rows: Vec<(u128, u128, String, u64)>) -> Usage {
    let mut i = Ingest::new(RangeSpec::Fixed(range(start, end)));
    i.feed(body(&rows).as_bytes()).unwrap();
    i.finish().unwrap()
}

/// The same rows folded, as a saved file's exports read them: aggregates, no rows.
pub fn folded_owned(start: &str, end: &str, rows: Vec<(u128, u128, String, u64)>) -> Usage {
    let spec = RangeSpec::Fixed(range(start, end));
    crate::model::Fold::read_from(spec, body(&rows).as_bytes()).unwrap()
}

fn range(start: &str, end: &str) -> DateRange {
    DateRange::new(parse_date(start).unwrap(), parse_date(end).unwrap()).unwrap()
}

/// The API's body of (product, user, day, count) rows.
fn body(rows: &[(u128, u128, String, u64)]) -> String {
    let mut body = String::from("[");
    for (i, (p, u, d, n)) in rows.iter().enumerate() {
        if i > 0 {
            body.push(',');
        }
        body.push_str(&format!(
            r#"{{"product_id":"{}","product_name":"P{p}","user_id":"{}","user_email":"u{u}@x.io","date":"{d}","prompt_count":{n}}}"#,
            Uuid::from_u128(*p),
            Uuid::from_u128(*u)
        ));
    }
    body.push(']');
    body
}
