//! The people of the table: everyone with a prompt in this period or the previous one,
//! matched by `analytics::Comparison`, so that dormant people (0 now) are rows too; and
//! the lens that shows some of them. Built once per pair of answers (see `Derived`), never
//! in draw.

use std::sync::Arc;

use chrono::NaiveDate;

use crate::analytics::{Activity, Bucket, Change, Comparison, Grain, PersonChange, Status};
use crate::model::{Usage, User};

/// Which people the table shows (`v` cycles).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lens {
    #[default]
    All,
    New,
    Dormant,
    /// Prompts up on the previous period (new people too), biggest rise first.
    MoversUp,
    /// Prompts down on the previous period (dormant people too), biggest fall first.
    MoversDown,
}

impl Lens {
    pub const ALL: [Lens; 5] = [
        Lens::All,
        Lens::New,
        Lens::Dormant,
        Lens::MoversUp,
        Lens::MoversDown,
    ];

    pub fn next(self) -> Lens {
        let i = Lens::ALL.iter().position(|l| *l == self).unwrap_or(0);
        Lens::ALL[(i + 1) % Lens::ALL.len()]
    }

    /// The table header's word for the people shown.
    pub fn label(self) -> &'static str {
        match self {
            Lens::All => "Users",
            Lens::New => "New",
            Lens::Dormant => "Dormant",
            Lens::MoversUp => "Movers up",
            Lens::MoversDown => "Movers down",
        }
    }

    /// Whether the lens keeps `p` (every lens but `All` needs the previous period).
    pub fn keeps(self, p: &PersonChange) -> bool {
        match self {
            Lens::All => true,
            Lens::New => p.status == Status::New,
            Lens::Dormant => p.status == Status::Dormant,
            Lens::MoversUp => p.change.delta() > 0,
            Lens::MoversDown => p.change.delta() < 0,
        }
    }
}

/// Every person of the table, with their change when the previous period is known.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct People {
    /// This period's people first (in the model's order), then the dormant ones.
    pub rows: Vec<PersonChange>,
    /// Whether the previous period was there: without it every change is unknown.
    pub compared: bool,
}

impl People {
    /// The people of `now`, against `before` when it has been fetched.
    pub fn of(now: &Usage, before: Option<&Usage>) -> People {
        match before {
            Some(b) => People {
                rows: Comparison::new(now, b).people,
                compared: true,
            },
            None => People {
                rows: (0..now.users().len())
                    .filter(|&i| now.user_total(i) > 0)
                    .map(|i| PersonChange {
                        current: Some(i as u32),
                        previous: None,
                        change: Change {
                            now: now.user_total(i),
                            previous: 0,
                        },
                        status: Status::New,
                        last_active: now.user_last_day(i),
                    })
                    .collect(),
                compared: false,
            },
        }
    }

    /// How many people `lens` holds (None for a change lens before the previous period).
    pub fn count(&self, lens: Lens) -> Option<usize> {
        if lens != Lens::All && !self.compared {
            return None;
        }
        Some(self.rows.iter().filter(|p| lens.keeps(p)).count())
    }
}

/// One row of the table, as the column table reads it.
#[derive(Clone, Copy)]
pub struct Person<'a> {
    pub now: &'a Usage,
    pub before: Option<&'a Usage>,
    pub row: &'a PersonChange,
    pub compared: bool,
}

impl<'a> Person<'a> {
    pub fn user(&self) -> &'a User {
        match (self.row.current, self.row.previous, self.before) {
            (Some(i), _, _) => &self.now.users()[i as usize],
            (None, Some(i), Some(b)) => &b.users()[i as usize],
            // A row with no current index comes only from a comparison with `before`.
            _ => unreachable!("a person from neither period"),
        }
    }
    pub fn total(&self) -> u64 {
        self.row.change.now
    }
    pub fn active_days(&self) -> u32 {
        self.row
            .current
            .map_or(0, |i| self.now.user_active_days(i as usize))
    }
    /// The last day with a prompt: now, or for dormant people in the previous period.
    pub fn last(&self) -> Option<NaiveDate> {
        self.row.last_active
    }
    /// The previous period's count (None before it is fetched).
    pub fn previous(&self) -> Option<u64> {
        self.compared.then_some(self.row.change.previous)
    }
    pub fn delta(&self) -> Option<i128> {
        self.compared.then(|| self.row.change.delta())
    }
    pub fn pct(&self) -> Option<f64> {
        self.row.change.pct().filter(|_| self.compared)
    }
    /// Where the change % sorts a person, in tenths of a percent: a rise from nothing
    /// (a new person, whose cell reads "—") above every rise, not below every fall.
    pub fn pct_rank(&self) -> i64 {
        let c = self.row.change;
        match self.pct() {
            Some(v) => (v * 10.0).round() as i64,
            None if self.compared && c.previous == 0 && c.now > 0 => i64::MAX,
            None => i64::MIN,
        }
    }
    pub fn status(&self) -> Option<Status> {
        self.compared.then_some(self.row.status)
    }
}

/// What the view derives from the answers on screen, once per pair of answers (and per
/// grain for the buckets): a redraw, a scroll or a re-sort does none of this work again.
#[derive(Clone, Debug, Default)]
pub struct Derived {
    now: Option<Arc<Usage>>,
    before: Option<Arc<Usage>>,
    today: Option<NaiveDate>,
    pub people: Arc<People>,
    pub activity: Activity,
    buckets: Vec<(Grain, Arc<Vec<Bucket>>)>,
}

fn same(a: &Option<Arc<Usage>>, b: Option<&Arc<Usage>>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => Arc::ptr_eq(a, b),
        (None, None) => true,
        _ => false,
    }
}

impl Derived {
    /// Brings the derived figures up to the answers `now` and `before`; a no-op when they
    /// are the ones already derived.
    pub fn update(
        &mut self,
        now: Option<&Arc<Usage>>,
        before: Option<&Arc<Usage>>,
        today: NaiveDate,
    ) {
        if self.is_for(now, before, today) {
            return;
        }
        let now_changed = !same(&self.now, now) || self.today != Some(today);
        self.now = now.cloned();
        self.before = before.cloned();
        self.today = Some(today);
        self.people = Arc::new(match now {
            Some(u) => People::of(u, before.map(|b| &**b)),
            None => People::default(),
        });
        if now_changed {
            self.activity = now
                .map(|u| crate::analytics::activity(u))
                .unwrap_or_default();
            self.buckets.clear();
        }
    }

    /// Whether the figures are derived from exactly these answers, on `today`.
    pub fn is_for(
        &self,
        now: Option<&Arc<Usage>>,
        before: Option<&Arc<Usage>>,
        today: NaiveDate,
    ) -> bool {
        same(&self.now, now) && same(&self.before, before) && self.today == Some(today)
    }

    /// The answers the people were derived from: rows index into these, not into whatever
    /// the cache holds at a later moment.
    pub fn now(&self) -> Option<&Arc<Usage>> {
        self.now.as_ref()
    }
    pub fn before(&self) -> Option<&Arc<Usage>> {
        self.before.as_ref()
    }

    /// The buckets of the answer on screen at `grain` (computed once per grain).
    pub fn buckets(&mut self, grain: Grain) -> Arc<Vec<Bucket>> {
        if let Some((_, b)) = self.buckets.iter().find(|(g, _)| *g == grain) {
            return b.clone();
        }
        let b = match (&self.now, self.today) {
            (Some(u), Some(today)) => Arc::new(crate::analytics::buckets(u, grain, today)),
            _ => Arc::new(Vec::new()),
        };
        self.buckets.push((grain, b.clone()));
        b
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use uuid::Uuid;

    use super::*;
    use crate::api::UsageQuery;
    use crate::demo::RowFilter;
    use crate::tui::app::tests::{answer_for, org, today};

    /// Prompts per person over `q`'s range, straight from the demo's rows.
    fn fold(q: &UsageQuery) -> HashMap<Uuid, u64> {
        let mut m = HashMap::new();
        for r in org().rows(&RowFilter {
            start: q.range.start(),
            end: q.range.end(),
            product_ids: &[],
            search: None,
            origin: None,
        }) {
            *m.entry(r.user_id).or_default() += r.prompt_count;
        }
        m
    }

    #[test]
    fn lens_counts_match_a_fold_of_the_raw_rows() {
        for days in [7, 30, 90] {
            let q = UsageQuery::new(crate::dates::DateRange::last_days(today(), days));
            let prev = q.with_range(q.range.previous());
            let (now_u, before_u) = (answer_for(&org(), &q), answer_for(&org(), &prev));
            let people = People::of(&now_u, Some(&before_u));
            let (now, before) = (fold(&q), fold(&prev));
            let ids: std::collections::HashSet<&Uuid> = now.keys().chain(before.keys()).collect();
            let get = |m: &HashMap<Uuid, u64>, id: &Uuid| m.get(id).copied().unwrap_or(0);
            let count = |f: &dyn Fn(u64, u64) -> bool| {
                ids.iter()
                    .filter(|id| f(get(&now, id), get(&before, id)))
                    .count()
            };
            let want = [
                (Lens::All, count(&|n, b| n > 0 || b > 0)),
                (Lens::New, count(&|n, b| n > 0 && b == 0)),
                (Lens::Dormant, count(&|n, b| n == 0 && b > 0)),
                (Lens::MoversUp, count(&|n, b| n > b)),
                (Lens::MoversDown, count(&|n, b| n < b)),
            ];
            for (lens, n) in want {
                assert_eq!(people.count(lens), Some(n), "{lens:?} over {days} days");
            }
            assert!(
                want[2].1 > 0 || days == 7,
                "the demo has leavers over {days} days"
            );
            // Dormant people: 0 now, their previous count as the raw rows have it.
            for p in people.rows.iter().filter(|p| p.status == Status::Dormant) {
                let id = before_u.users()[p.previous.unwrap() as usize].id;
                assert_eq!((p.change.now, p.change.previous), (0, get(&before, &id)));
                assert!(p.last_active.is_some_and(|d| d < q.range.start()));
            }
        }
    }

    #[test]
    fn change_lenses_wait_for_the_previous_period() {
        let q = UsageQuery::new(crate::dates::DateRange::last_days(today(), 30));
        let people = People::of(&answer_for(&org(), &q), None);
        assert!(!people.compared);
        assert_eq!(people.count(Lens::Dormant), None);
        assert_eq!(people.count(Lens::All), Some(fold(&q).len()));
        let mut l = Lens::All;
        let cycle: Vec<Lens> = (0..5)
            .map(|_| {
                l = l.next();
                l
            })
            .collect();
        assert_eq!(cycle.last(), Some(&Lens::All), "v comes back to all people");
    }
}
