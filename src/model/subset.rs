//! A model narrowed to some of its people (`--team`): their rows only, with every
//! aggregate computed again, as if the server had been asked for them alone.

use std::sync::Arc;

use super::{Usage, User};

impl Usage {
    /// The same range with only the people `keep` says yes to, and only the products they
    /// used. The warnings stay the whole answer's. A folded model keeps no rows to narrow:
    /// callers read such input in full instead (see `cmd::teams`).
    pub fn only_users(&self, keep: &dyn Fn(&User) -> bool) -> Usage {
        let keep: Vec<bool> = self.users.iter().map(keep).collect();
        self.only_people(&keep)
    }

    /// [`Usage::only_users`] by person index: `keep[i]` says whether person `i` stays.
    /// The rows are this model's, shared; only the kept people's runs are read, once:
    /// narrowing a large answer to a small team costs the team's rows, not the answer's,
    /// and no copy of them.
    pub fn only_people(&self, keep: &[bool]) -> Usage {
        assert!(!self.is_folded(), "a folded model has no rows to narrow");
        // Teams matched for another answer would pick the wrong people.
        assert_eq!(keep.len(), self.users.len(), "one yes or no per person");
        let kept: Vec<u32> = (0..self.users.len() as u32)
            .filter(|&i| keep[i as usize])
            .collect();
        let users: Vec<User> = kept
            .iter()
            .map(|&i| self.users[i as usize].clone())
            .collect();
        // Counted with all the products, in one pass over the kept runs; then the
        // products none of their rows names are left out.
        let who = (self.products.clone(), Arc::new(users));
        let (mut u, named) = Usage::counted(self.range, who, self.held.some(&kept), self.warnings);
        u.keep_products(&named);
        u
    }

    /// Leaves out the products `keep` says no to, the others in their order (so the
    /// cells stay sorted by user, product and day).
    fn keep_products(&mut self, keep: &[bool]) {
        if keep.iter().all(|&k| k) {
            return;
        }
        let days = self.range.len_days();
        let mut map = vec![u16::MAX; keep.len()];
        let mut at = 0;
        for (p, _) in keep.iter().enumerate().filter(|(_, k)| **k) {
            map[p] = at;
            self.products.swap(usize::from(at), p);
            self.product_totals.swap(usize::from(at), p);
            self.product_users.swap(usize::from(at), p);
            let (to, from) = (usize::from(at) * days, p * days);
            self.product_day.copy_within(from..from + days, to);
            at += 1;
        }
        let n = usize::from(at);
        self.products.truncate(n);
        self.product_totals.truncate(n);
        self.product_users.truncate(n);
        self.product_day.truncate(n * days);
        self.held = self.held.renumbered(&map);
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
        // People kept around one left out: their runs seen, renumbered, products mapped.
        let gaps = all.only_people(&[true, false, true]);
        let want = Ingest::read_from(
            RangeSpec::Fixed(r),
            format!("[{},{},{}]", rows[0], rows[1], rows[3]).as_bytes(),
        )
        .unwrap();
        assert_eq!(gaps, want);
        assert_eq!(gaps.products().len(), 3);
        assert_eq!(gaps.user_total(1), 7);
    }
}
