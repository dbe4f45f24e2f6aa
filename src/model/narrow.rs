//! A model over another range: a saved response narrowed to a window, with its rows
//! shared, or windows merged into one longer view.

use super::{Builder, DecodeError, RangeSpec, Usage, Warnings, builder};
use crate::dates::DateRange;

impl Usage {
    /// The same data over `range` (a saved response seen through another window). Rows
    /// outside the window are left out on purpose, so they are not counted as dropped: the
    /// warnings stay those of the whole response. With days in common, the rows are this
    /// model's, shared ([`Usage::shares_rows`]).
    pub fn narrowed(&self, range: DateRange) -> Result<Usage, DecodeError> {
        let own = self.range();
        let inside = (range.end().min(own.end()) - range.start().max(own.start())).num_days() + 1;
        let warnings = Warnings {
            days_outside: range.len_days() as u64 - inside.max(0) as u64,
            ..self.warnings
        };
        if inside <= 0 || self.is_folded() {
            // No day in common: no rows and no people, as the server would answer.
            let mut u = Usage::merge(range, std::slice::from_ref(self))?;
            u.warnings = warnings;
            return Ok(u);
        }
        builder::check_width(self.products.len(), range.len_days())?;
        let from = (range.start() - own.start()).num_days();
        let held = self.held.window(from, range.len_days());
        let who = (self.products.clone(), self.users.clone());
        Ok(Usage::with_held(range, who, held, warnings))
    }

    /// Combines models of adjacent or overlapping windows into one over `range`.
    pub fn merge(range: DateRange, parts: &[Usage]) -> Result<Usage, DecodeError> {
        Self::merge_refs(range, &parts.iter().collect::<Vec<_>>())
    }

    /// As [`Usage::merge`], from borrowed parts.
    pub fn merge_refs(range: DateRange, parts: &[&Usage]) -> Result<Usage, DecodeError> {
        let mut b = Builder::new(RangeSpec::Fixed(range));
        for p in parts {
            b.absorb(p)?;
        }
        let dups: u64 = parts.iter().map(|p| p.warnings.duplicates).sum();
        let others: u64 = parts.iter().map(|p| p.warnings.other_products).sum();
        let mut u = b.finish()?;
        u.warnings.duplicates += dups;
        u.warnings.other_products += others;
        Ok(u)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::dates::parse_date;
    use crate::model::Ingest;

    fn range(a: &str, b: &str) -> DateRange {
        DateRange::new(parse_date(a).unwrap(), parse_date(b).unwrap()).unwrap()
    }

    /// The narrowing as it was made before rows were shared: a copy through the builder.
    fn copied(u: &Usage, r: DateRange) -> Usage {
        let mut m = Usage::merge(r, std::slice::from_ref(u)).unwrap();
        m.warnings = u.narrowed(r).unwrap().warnings;
        m
    }

    #[test]
    fn a_shared_window_is_the_copy_and_the_raw_rows_of_its_days() {
        let mut rng = fastrand::Rng::with_seed(7);
        let rows: Vec<(u128, u128, chrono::NaiveDate, u64)> = (0..600)
            .map(|_| {
                let day =
                    parse_date("2026-01-01").unwrap() + chrono::Duration::days(rng.i64(0..90));
                (rng.u128(1..4), rng.u128(1..50), day, rng.u64(0..9))
            })
            .collect();
        let text: Vec<String> = rows
            .iter()
            .map(|(p, u, d, n)| {
                format!(
                    r#"{{"product_id":"{}","product_name":"P{p}","user_id":"{}","user_email":"u{u}@x.io","date":"{d}","prompt_count":{n}}}"#,
                    uuid::Uuid::from_u128(*p),
                    uuid::Uuid::from_u128(*u)
                )
            })
            .collect();
        let file = Ingest::read_from(
            crate::model::RangeSpec::Infer,
            format!("[{}]", text.join(",")).as_bytes(),
        )
        .unwrap();
        // Independently: the first row of each (product, user, day) wins.
        let mut first = HashMap::new();
        for (p, u, d, n) in &rows {
            first.entry((p, u, d)).or_insert(*n);
        }
        let ranges = [
            range("2026-01-10", "2026-02-09"),
            range("2025-12-20", "2026-01-05"),
            range("2026-03-20", "2026-04-30"),
            range("2025-12-01", "2026-06-30"),
            range("2026-01-01", "2026-01-01"),
        ];
        for r in ranges {
            let n = file.narrowed(r).unwrap();
            assert!(n.shares_rows());
            assert_eq!(n, copied(&file, r), "{r:?}");
            let want: u64 = (first.iter())
                .filter(|((_, _, d), _)| r.start() <= **d && **d <= r.end())
                .map(|(_, n)| n)
                .sum();
            assert_eq!(n.total(), want, "{r:?}");
            let by_day: u64 = n.cells().map(|c| u64::from(c.count)).sum();
            assert_eq!(by_day, want);
            // A window of a window sees no day its source did not.
            for r2 in ranges {
                assert_eq!(n.narrowed(r2).unwrap(), copied(&n, r2), "{r:?} then {r2:?}");
            }
            // Some of the people, before and after the window: their rows of its days.
            let odd = |e: &str| e.trim_end_matches("@x.io").ends_with(['1', '3', '5', '7']);
            let keep = |u: &Usage| u.users().iter().map(|x| odd(&x.email)).collect::<Vec<_>>();
            let after = n.only_people(&keep(&n));
            let before = file.only_people(&keep(&file)).narrowed(r).unwrap();
            for m in [after, before] {
                assert!(m.shares_rows());
                let mut got = HashMap::new();
                for (p, u, d, n) in m.rows() {
                    *got.entry((p.name.clone(), u.email.clone(), d)).or_insert(0) += n;
                }
                let want: HashMap<_, _> = (first.iter())
                    .filter(|((_, u, d), _)| {
                        r.start() <= **d && **d <= r.end() && odd(&format!("u{u}@x.io"))
                    })
                    .map(|((p, u, d), n)| ((format!("P{p}"), format!("u{u}@x.io"), **d), *n))
                    .collect();
                assert_eq!(got, want, "{r:?}");
                let sum = |v: &[u64]| v.iter().sum::<u64>();
                assert_eq!(sum(m.day_totals()), sum(m.user_totals()));
                assert_eq!(m.total(), want.values().sum::<u64>());
                let at = |x: &super::super::Product| file.products().iter().position(|p| p == x);
                let order: Vec<_> = m.products().iter().map(at).collect();
                assert!(
                    order.is_sorted(),
                    "products keep the file's order: {order:?}"
                );
            }
        }
    }
}
