//! A period against its previous period, per person and per product: counts now and
//! before, the change, and each person's status (`new`, `dormant`, `retained`).
//!
//! People are matched by user id through one hash map of the previous period, so an
//! organization of 166,000 people costs two passes, never a search per person.

use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use uuid::Uuid;

use crate::model::{Product, Usage, User};

/// Where a person stands between the previous period and this one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    /// No prompt before, some now.
    New,
    /// Some prompts before, none now.
    Dormant,
    /// Prompts in both periods.
    Retained,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::New, Status::Dormant, Status::Retained];

    /// `new`, `dormant` or `retained` (any case); the error is the one line to show.
    pub fn parse(s: &str) -> Result<Status, String> {
        Status::ALL
            .into_iter()
            .find(|st| st.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                format!(
                    "--status '{}' is not a status: use new, dormant or retained",
                    crate::sanitize::one_line(s.trim())
                )
            })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Dormant => "dormant",
            Status::Retained => "retained",
        }
    }

    fn of(now: u64, previous: u64) -> Option<Status> {
        match (now > 0, previous > 0) {
            (true, true) => Some(Status::Retained),
            (true, false) => Some(Status::New),
            (false, true) => Some(Status::Dormant),
            (false, false) => None,
        }
    }
}

/// A count now and in the previous period.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Change {
    pub now: u64,
    pub previous: u64,
}

impl Change {
    /// `now - previous`, signed.
    pub fn delta(self) -> i128 {
        i128::from(self.now) - i128::from(self.previous)
    }

    /// The change in percent of the previous count; None when that count is 0 (a rise
    /// from nothing has no percentage).
    pub fn pct(self) -> Option<f64> {
        (self.previous > 0).then(|| self.delta() as f64 * 100.0 / self.previous as f64)
    }
}

/// One person with a prompt in either period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PersonChange {
    /// Index among the current period's users, when listed there.
    pub current: Option<u32>,
    /// Index among the previous period's users, when listed there.
    pub previous: Option<u32>,
    pub change: Change,
    pub status: Status,
    /// The last day with a prompt: in this period, or for dormant people in the previous.
    pub last_active: Option<NaiveDate>,
}

impl PersonChange {
    /// The person's id and email (from this period, else the previous one).
    pub fn user<'a>(&self, current: &'a Usage, previous: &'a Usage) -> &'a User {
        match (self.current, self.previous) {
            (Some(i), _) => &current.users()[i as usize],
            (None, Some(i)) => &previous.users()[i as usize],
            // Built only from a person listed in one period or the other.
            (None, None) => unreachable!("a person from neither period"),
        }
    }
}

/// One product listed in either period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProductChange {
    pub current: Option<u16>,
    pub previous: Option<u16>,
    pub change: Change,
}

impl ProductChange {
    pub fn product<'a>(&self, current: &'a Usage, previous: &'a Usage) -> &'a Product {
        match (self.current, self.previous) {
            (Some(i), _) => &current.products()[usize::from(i)],
            (None, Some(i)) => &previous.products()[usize::from(i)],
            (None, None) => unreachable!("a product from neither period"),
        }
    }
}

/// How many people hold each status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StatusCounts {
    pub new: usize,
    pub dormant: usize,
    pub retained: usize,
}

/// A period against its previous period.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Comparison {
    /// People of this period first (in its user order), then the dormant ones.
    pub people: Vec<PersonChange>,
    /// Products of this period first, then those seen only before.
    pub products: Vec<ProductChange>,
}

impl Comparison {
    pub fn new(current: &Usage, previous: &Usage) -> Comparison {
        Comparison {
            people: people(current, previous),
            products: products(current, previous),
        }
    }

    pub fn counts(&self) -> StatusCounts {
        let mut c = StatusCounts::default();
        for p in &self.people {
            match p.status {
                Status::New => c.new += 1,
                Status::Dormant => c.dormant += 1,
                Status::Retained => c.retained += 1,
            }
        }
        c
    }
}

fn index_by_id<T>(items: &[T], id: impl Fn(&T) -> Uuid) -> FxHashMap<Uuid, u32> {
    let mut m = FxHashMap::with_capacity_and_hasher(items.len(), Default::default());
    for (i, it) in items.iter().enumerate() {
        m.insert(id(it), i as u32);
    }
    m
}

fn people(current: &Usage, previous: &Usage) -> Vec<PersonChange> {
    // Models cut from one saved file list their people in the same order: a person is
    // looked for at their own index first, and the index by id (166k entries for a saved
    // year, most of the comparison's time) is built only when someone is elsewhere.
    let mut before = None;
    let mut matched = vec![false; previous.users().len()];
    let mut out = Vec::with_capacity(current.users().len());
    for (i, u) in current.users().iter().enumerate() {
        let p = match previous.users().get(i) {
            Some(same) if same.id == u.id => Some(i as u32),
            _ => before
                .get_or_insert_with(|| index_by_id(previous.users(), |u| u.id))
                .get(&u.id)
                .copied(),
        };
        if let Some(p) = p {
            matched[p as usize] = true;
        }
        let change = Change {
            now: current.user_total(i),
            previous: p.map_or(0, |p| previous.user_total(p as usize)),
        };
        let Some(status) = Status::of(change.now, change.previous) else {
            continue;
        };
        let last_active = match status {
            Status::Dormant => p.and_then(|p| previous.user_last_day(p as usize)),
            _ => current.user_last_day(i),
        };
        out.push(PersonChange {
            current: Some(i as u32),
            previous: p,
            change,
            status,
            last_active,
        });
    }
    for (p, seen) in matched.iter().enumerate() {
        let before = previous.user_total(p);
        if *seen || before == 0 {
            continue;
        }
        out.push(PersonChange {
            current: None,
            previous: Some(p as u32),
            change: Change {
                now: 0,
                previous: before,
            },
            status: Status::Dormant,
            last_active: previous.user_last_day(p),
        });
    }
    out
}

fn products(current: &Usage, previous: &Usage) -> Vec<ProductChange> {
    let before = index_by_id(previous.products(), |p| p.id);
    let mut matched = vec![false; previous.products().len()];
    let mut out = Vec::with_capacity(current.products().len());
    for (i, prod) in current.products().iter().enumerate() {
        let p = before.get(&prod.id).copied();
        if let Some(p) = p {
            matched[p as usize] = true;
        }
        out.push(ProductChange {
            current: Some(i as u16),
            previous: p.map(|p| p as u16),
            change: Change {
                now: current.product_total(i),
                previous: p.map_or(0, |p| previous.product_total(p as usize)),
            },
        });
    }
    for (p, seen) in matched.iter().enumerate() {
        if !*seen {
            out.push(ProductChange {
                current: None,
                previous: Some(p as u16),
                change: Change {
                    now: 0,
                    previous: previous.product_total(p),
                },
            });
        }
    }
    out
}

#[cfg(test)]
#[path = "compare_tests.rs"]
mod order_tests;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::testing::usage;

    #[test]
    fn statuses_changes_and_dormant_people() {
        // a: both periods; b: only before (dormant); c: only now (new); d: zero rows only.
        let prev = usage(
            "2026-01-01",
            "2026-01-10",
            &[
                (1, 1, "2026-01-02", 10),
                (1, 2, "2026-01-07", 4),
                (1, 4, "2026-01-03", 0),
            ],
        );
        let cur = usage(
            "2026-01-11",
            "2026-01-20",
            &[
                (1, 1, "2026-01-12", 15),
                (2, 3, "2026-01-15", 2),
                (1, 4, "2026-01-13", 0),
            ],
        );
        let c = Comparison::new(&cur, &prev);
        let find = |id: u128| {
            c.people
                .iter()
                .find(|p| p.user(&cur, &prev).id == Uuid::from_u128(id))
                .copied()
        };
        let a = find(1).unwrap();
        assert_eq!(
            (a.status, a.change.delta(), a.change.pct()),
            (Status::Retained, 5, Some(50.0))
        );
        let b = find(2).unwrap();
        assert_eq!(
            (b.status, b.change.now, b.change.previous),
            (Status::Dormant, 0, 4)
        );
        assert_eq!(b.last_active.unwrap().to_string(), "2026-01-07");
        assert_eq!(b.change.pct(), Some(-100.0));
        let n = find(3).unwrap();
        assert_eq!((n.status, n.change.pct()), (Status::New, None));
        assert!(find(4).is_none(), "no prompt in either period: not listed");
        assert_eq!(
            c.counts(),
            StatusCounts {
                new: 1,
                dormant: 1,
                retained: 1
            }
        );
        let p2 = c
            .products
            .iter()
            .find(|p| p.product(&cur, &prev).id == Uuid::from_u128(2))
            .unwrap();
        assert_eq!(
            p2.change,
            Change {
                now: 2,
                previous: 0
            }
        );
        let p1 = c
            .products
            .iter()
            .find(|p| p.current == Some(0) || p.previous == Some(0));
        assert!(p1.is_some());
        let total_prev: u64 = c.products.iter().map(|p| p.change.previous).sum();
        assert_eq!(total_prev, prev.total());
    }

    #[test]
    fn statuses_parse() {
        assert_eq!(Status::parse("Dormant"), Ok(Status::Dormant));
        assert_eq!(
            Status::parse("gone").unwrap_err(),
            "--status 'gone' is not a status: use new, dormant or retained"
        );
    }

    #[test]
    fn scales_linearly() {
        // 200,000 people, half of them in each period: a quadratic join would not finish.
        let n = 200_000u128;
        let rows = |lo: u128, hi: u128, day: &str| -> Vec<(u128, u128, String, u64)> {
            (lo..hi)
                .map(|u| (1, 1000 + u, day.to_string(), 1))
                .collect()
        };
        let prev = crate::analytics::testing::usage_owned(
            "2026-01-01",
            "2026-01-01",
            rows(0, n / 2 + 1000, "2026-01-01"),
        );
        let cur = crate::analytics::testing::usage_owned(
            "2026-01-02",
            "2026-01-02",
            rows(n / 2, n, "2026-01-02"),
        );
        let t = std::time::Instant::now();
        let c = Comparison::new(&cur, &prev);
        assert!(t.elapsed().as_secs() < 5, "{:?}", t.elapsed());
        assert_eq!(
            c.counts(),
            StatusCounts {
                new: (n / 2 - 1000) as usize,
                dormant: (n / 2) as usize,
                retained: 1000
            }
        );
    }
}
