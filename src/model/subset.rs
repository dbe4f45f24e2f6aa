//! A model narrowed to some of its people (`--team`): their rows only, with every
//! aggregate computed again, as if the server had been asked for them alone.

use super::{Cell, Usage, User};

impl Usage {
    /// The same range with only the people `keep` says yes to, and only the products they
    /// used. The warnings stay the whole answer's. A folded model keeps no rows to narrow:
    /// callers read such input in full instead (see `cmd::teams`).
    pub fn only_users(&self, keep: &dyn Fn(&User) -> bool) -> Usage {
        assert!(!self.is_folded(), "a folded model has no rows to narrow");
        let mut user_map = vec![u32::MAX; self.users.len()];
        let mut users = Vec::new();
        for (i, u) in self.users.iter().enumerate() {
            if keep(u) {
                user_map[i] = users.len() as u32;
                users.push(u.clone());
            }
        }
        let mut used = vec![false; self.products.len()];
        let kept = |c: &&Cell| user_map[c.user as usize] != u32::MAX;
        self.cells
            .iter()
            .filter(kept)
            .for_each(|c| used[usize::from(c.product)] = true);
        // Products keep their relative order, so the cells stay sorted by (user, product, day).
        let mut product_map = vec![u16::MAX; self.products.len()];
        let mut products = Vec::new();
        for (p, prod) in self.products.iter().enumerate() {
            if used[p] {
                product_map[p] = products.len() as u16;
                products.push(prod.clone());
            }
        }
        let cells = self
            .cells
            .iter()
            .filter(kept)
            .map(|c| Cell {
                user: user_map[c.user as usize],
                product: product_map[usize::from(c.product)],
                ..*c
            })
            .collect();
        let mut out = Usage::from_parts(self.range, products, users, cells, 0);
        out.warnings = self.warnings;
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::dates::{DateRange, parse_date};
    use crate::model::{Ingest, RangeSpec};

    #[test]
    fn narrowing_recomputes_every_aggregate_from_the_kept_rows() {
        let row = |p: u128, u: u128, d: &str, n: u64| {
            format!(
                r#"{{"product_id":"{}","product_name":"P{p}","user_id":"{}","user_email":"u{u}@x.io","date":"2026-01-0{d}","prompt_count":{n}}}"#,
                uuid::Uuid::from_u128(p),
                uuid::Uuid::from_u128(u)
            )
        };
        let rows = [
            row(1, 1, "1", 3),
            row(2, 1, "2", 4),
            row(1, 2, "1", 5),
            row(3, 3, "3", 7),
        ];
        let r = DateRange::new(
            parse_date("2026-01-01").unwrap(),
            parse_date("2026-01-03").unwrap(),
        )
        .unwrap();
        let body = format!("[{}]", rows.join(","));
        let all = Ingest::read_from(RangeSpec::Fixed(r), body.as_bytes()).unwrap();
        let some = all.only_users(&|u| u.email != "u3@x.io");
        let want = Ingest::read_from(
            RangeSpec::Fixed(r),
            format!("[{}]", rows[..3].join(",")).as_bytes(),
        )
        .unwrap();
        assert_eq!(some, want);
        assert_eq!(some.products().len(), 2);
        assert_eq!(some.day_users(), [2, 1, 0]);
    }
}
