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
    let r = DateRange::new(parse_date(start).unwrap(), parse_date(end).unwrap()).unwrap();
    let mut i = Ingest::new(RangeSpec::Fixed(r));
    i.feed(body.as_bytes()).unwrap();
    i.finish().unwrap()
}
