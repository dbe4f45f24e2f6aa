//! The table's people and first order for a pair of answers, made off the UI thread.
//!
//! With 166k people, building the table's people (now against the previous period) and
//! its first sort takes about 20 ms: too much for the frame that shows the answer on a
//! busy machine. So that work is done where the answer is made (the view's fetch task,
//! for its people alone) or on a blocking thread (`Effect::Prepare`, for the comparison
//! once the previous period is in), by the very steps `update` would take, and comes
//! back as `Msg::Prepared`; `update` only adopts it, and only for the answers it was
//! made from. Small answers are still derived in `update`: there it costs less than the
//! round trip, and the screen never shows an intermediate state.

use std::sync::{Arc, Weak};

use chrono::NaiveDate;

use super::columns::Column;
use super::orders::Orders;
use super::people::{Derived, Lens};
use crate::analytics::teams::{TeamSums, team_sums};
use crate::model::Usage;
use crate::teams::{TeamId, Teams};

/// From how many people (now and before together) the derivation leaves `update`: at
/// 20k a comparison and a sort take a few milliseconds on a busy core.
pub const OFF_THREAD_PEOPLE: usize = 20_000;

/// Whether deriving the pair is worth a trip off the UI thread (see `OFF_THREAD_PEOPLE`).
pub fn heavy(now: &Usage, before: Option<&Usage>, limit: usize) -> bool {
    now.users().len() + before.map_or(0, |b| b.users().len()) >= limit
}

/// What `update` derives for a pair of answers: the people, activity and buckets, and
/// the kept orders with the table's sort among them.
#[derive(Clone, Debug)]
pub struct Prepared {
    pub derived: Derived,
    pub orders: Orders,
    /// With `[teams]`: the view's answer's (made with its own people), or its previous
    /// period's (made with the comparison, without the block's sums).
    pub team: Option<TeamWork>,
}

/// The teams' share of a large answer, made off the UI thread with its people: each
/// person's team (one pattern match per email: 166k at 10M rows) and the team block's
/// sums (a pass over every row), which the frame showing the answer would otherwise make.
#[derive(Clone, Debug)]
pub struct TeamWork {
    /// The answer it was made for (identity only) and with which teams.
    pub of: Weak<Usage>,
    pub teams: Arc<Teams>,
    pub assigned: Arc<Vec<TeamId>>,
    /// The block's sums: for the view's answer only (the block shows no previous period).
    pub sums: Option<Arc<TeamSums>>,
}

impl TeamWork {
    /// The work for `u`, with the block's sums or not; none without teams.
    pub fn make(u: &Arc<Usage>, teams: &Arc<Teams>, sums: bool) -> Option<TeamWork> {
        if teams.is_empty() {
            return None;
        }
        let assigned = crate::analytics::teams::assigned(u, teams);
        let sums = sums.then(|| Arc::new(team_sums(u, teams, &assigned)));
        Some(TeamWork {
            of: Arc::downgrade(u),
            teams: teams.clone(),
            assigned: Arc::new(assigned),
            sums,
        })
    }
}

impl Prepared {
    /// The steps `App::rebuild_with` takes for the pair: `base` (what is derived already,
    /// kept where the answer now is unchanged) brought up to it, then the order of `sort`
    /// (with the config's `teams`, for the Team column).
    pub fn build(
        mut base: Derived,
        (now, before): (&Arc<Usage>, Option<&Arc<Usage>>),
        today: NaiveDate,
        (sort, teams): ((Column, bool), &Arc<Teams>),
    ) -> Prepared {
        base.update(Some(now), before, today);
        let mut orders = Orders::with_teams(teams.clone());
        let pair = (&**now, before.map(|b| &**b));
        orders.order(pair, &base.people, sort, Lens::All);
        Prepared {
            derived: base,
            orders,
            team: None,
        }
    }

    /// Whether this was made from exactly these answers, on `today`.
    pub fn is_for(
        &self,
        now: Option<&Arc<Usage>>,
        before: Option<&Arc<Usage>>,
        today: NaiveDate,
    ) -> bool {
        self.derived.is_for(now, before, today)
    }
}

/// A derivation for the loop to run on a blocking thread; its outcome comes back as
/// `Msg::Prepared`. Two jobs are equal when made for the same answers and sort.
#[derive(Clone, Debug)]
pub struct Job {
    pub generation: u64,
    pub base: Derived,
    pub now: Arc<Usage>,
    pub before: Option<Arc<Usage>>,
    pub today: NaiveDate,
    pub sort: (Column, bool),
    /// The config's teams, for the Team column's order.
    pub teams: Arc<Teams>,
}

impl PartialEq for Job {
    fn eq(&self, o: &Job) -> bool {
        let before = match (&self.before, &o.before) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (a, b) => a.is_none() && b.is_none(),
        };
        (self.generation, self.today, self.sort) == (o.generation, o.today, o.sort)
            && Arc::ptr_eq(&self.now, &o.now)
            && Arc::ptr_eq(&self.teams, &o.teams)
            && before
    }
}

impl Eq for Job {}

impl Job {
    /// The job's generation and what it made (the loop sends them as `Msg::Prepared`;
    /// `tui::fetch::prepare_off_thread` runs it on a blocking thread).
    pub fn run(self) -> (u64, Arc<Prepared>) {
        let pair = (&self.now, self.before.as_ref());
        let sort = (self.sort, &self.teams);
        let mut prepared = Prepared::build(self.base, pair, self.today, sort);
        // The previous period's teams, for the team filter's narrowing of it.
        prepared.team = (self.before.as_ref()).and_then(|b| TeamWork::make(b, &self.teams, false));
        (self.generation, Arc::new(prepared))
    }
}

/// Work done in the fetch task, off the UI thread, and kept with an answer: the table's
/// email order, so that the frame showing it does not sort every person's email (166k
/// at 10M rows), and the chart's distinct people per week and month (a pass over every
/// cell, which a long range drawn by weeks or months would otherwise make in `update`).
pub(super) fn answer(u: &Usage, today: NaiveDate, week_start: crate::analytics::WeekStart) {
    u.users_by_email();
    for b in [
        super::chart::Bucketing::Week,
        super::chart::Bucketing::Month,
    ] {
        crate::analytics::buckets(u, b.grain(week_start), today);
    }
}

/// Whether the fetch task makes the people of answer `u` and their order ([`for_view`]):
/// for the view's own answer (`main`), when large. Before any previous period, which
/// `update` has compared off the UI thread too.
pub fn makes_people(u: &Usage, main: bool) -> bool {
    makes_people_from(
        u,
        main,
        (OFF_THREAD_PEOPLE, crate::tui::narrow::OFF_THREAD_ROWS),
    )
}

/// [`makes_people`] from `people` people or `rows` rows: many rows of few people still
/// make the teams' sums (a pass over every row) worth the trip, and `update` adopts what
/// was made whatever the number of people.
fn makes_people_from(u: &Usage, main: bool, (people, rows): (usize, usize)) -> bool {
    main && (heavy(u, None, people) || crate::tui::narrow::heavy(u, rows))
}

/// The people of the view's answer `u` alone and their order by `sort`: what `update`
/// derives for it before its previous period is in, and its teams' share (`teams`: the
/// config's).
pub fn for_view(
    u: &Arc<Usage>,
    today: NaiveDate,
    sort: ((Column, bool), &Arc<Teams>),
) -> Arc<Prepared> {
    let mut p = Prepared::build(Derived::default(), (u, None), today, sort);
    p.team = TeamWork::make(u, sort.1, true);
    Arc::new(p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::UsageQuery;
    use crate::tui::app::tests::{answer_for, org, today};
    use crate::tui::people::People;

    #[test]
    fn many_rows_of_few_people_are_made_off_the_ui_thread_too() {
        let q = UsageQuery::new(crate::dates::DateRange::last_days(today(), 30));
        let u = answer_for(&org(), &q);
        let (people, rows) = (u.users().len(), u.row_count());
        assert!(!makes_people_from(&u, true, (people + 1, rows + 1)));
        assert!(makes_people_from(&u, true, (people + 1, rows)), "by rows");
        assert!(makes_people_from(&u, true, (people, rows + 1)), "by people");
        assert!(
            !makes_people_from(&u, false, (0, 0)),
            "the view's answer only"
        );
    }

    #[test]
    fn a_job_answers_with_the_comparison_update_would_make() {
        let q = UsageQuery::new(crate::dates::DateRange::last_days(today(), 30));
        let prev = q.with_range(q.range.previous());
        let (now, before) = (answer_for(&org(), &q), answer_for(&org(), &prev));
        let mut base = Derived::default();
        base.update(Some(&now), None, today());
        let job = Job {
            generation: 3,
            base,
            now: now.clone(),
            before: Some(before.clone()),
            today: today(),
            sort: (Column::Total, true),
            teams: Arc::default(),
        };
        assert_eq!(job, job.clone(), "equal: the same answers and sort");
        let (generation, prepared) = job.run();
        assert_eq!(generation, 3);
        assert!(prepared.is_for(Some(&now), Some(&before), today()));
        assert!(!prepared.is_for(Some(&now), None, today()));
        assert_eq!(*prepared.derived.people, People::of(&now, Some(&before)));
        assert!(prepared.derived.people.compared);
    }
}
