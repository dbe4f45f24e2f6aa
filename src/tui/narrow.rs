//! A team's part of a large answer, made off the UI thread.
//!
//! The team filter narrows the answers on screen to the team's people on the client. At
//! 10M rows that is a recount of the team's runs of cells (shared, not copied): 30-40 ms,
//! more on a busy machine, too much for the frame after a key. So when the answer is
//! large, `update` asks for it as an effect (`Effect::Narrow`), keeps the view on screen
//! meanwhile (the filter pane already names the new team, the header says it is
//! loading), and adopts the outcome (`Msg::Narrowed`) only for the answer and team still
//! asked for. Small answers are narrowed in `update`: there it costs less than the trip.

use std::sync::{Arc, Weak};

use crate::analytics::teams::assigned;
use crate::model::Usage;
use crate::teams::{TeamId, Teams};

/// From how many rows an answer is narrowed off the UI thread: a million cells narrow in
/// about 4 ms.
pub const OFF_THREAD_ROWS: usize = 1_000_000;

/// Narrow `source` to `team` (of `teams`) on a blocking thread.
#[derive(Clone, Debug)]
pub struct NarrowJob {
    pub source: Arc<Usage>,
    pub team: TeamId,
    pub teams: Arc<Teams>,
    /// Each person's team when matched already; else the job matches them.
    pub assigned: Option<Arc<Vec<TeamId>>>,
}

impl PartialEq for NarrowJob {
    fn eq(&self, o: &NarrowJob) -> bool {
        Arc::ptr_eq(&self.source, &o.source)
            && self.team == o.team
            && Arc::ptr_eq(&self.teams, &o.teams)
    }
}

impl Eq for NarrowJob {}

/// A job's outcome: `usage` is `source` narrowed to `team` (none when the job failed);
/// `assigned` each of the source's people's team, as matched for it.
#[derive(Debug)]
pub struct Narrowed {
    pub source: Weak<Usage>,
    pub team: TeamId,
    pub teams: Arc<Teams>,
    pub assigned: Arc<Vec<TeamId>>,
    pub usage: Option<Arc<Usage>>,
}

impl NarrowJob {
    /// [`NarrowJob::run`], with a panic turned into an outcome without a narrowing (which
    /// `update` then makes itself): a failed job must not leave the view waiting.
    pub fn run_caught(self) -> Narrowed {
        let (source, team, teams) = (Arc::downgrade(&self.source), self.team, self.teams.clone());
        let run = std::panic::AssertUnwindSafe(|| self.run());
        std::panic::catch_unwind(run).unwrap_or_else(|_| Narrowed {
            source,
            team,
            teams,
            assigned: Arc::default(),
            usage: None,
        })
    }

    pub fn run(self) -> Narrowed {
        let assigned = self
            .assigned
            .unwrap_or_else(|| Arc::new(assigned(&self.source, &self.teams)));
        let usage = team_part(&self.source, &assigned, self.team);
        Narrowed {
            source: Arc::downgrade(&self.source),
            team: self.team,
            teams: self.teams,
            usage: Some(Arc::new(usage)),
            assigned,
        }
    }
}

/// `u` narrowed to the people of `team`, given each person's team (`assigned`): made here
/// or in `update`, the same way.
pub fn team_part(u: &Usage, assigned: &[TeamId], team: TeamId) -> Usage {
    let keep: Vec<bool> = assigned.iter().map(|&t| t == team).collect();
    u.only_people(&keep)
}

/// Whether narrowing `u` is worth a trip off the UI thread: by the rows a pass over it
/// reads, which for a saved file's range are the file's (a week of a 10M-row year holds
/// 190k rows but reads its people's whole runs).
pub fn heavy(u: &Usage, limit: usize) -> bool {
    u.rows_read() >= limit
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A week of a long saved file holds few rows but reads its people's whole runs:
    /// narrowing it is weighed by those.
    #[test]
    fn a_window_is_weighed_by_the_rows_it_reads() {
        let rows: Vec<(u128, u128, String, u64)> = (1..=28)
            .map(|d| (1, 1 + d as u128 % 3, format!("2026-10-{d:02}"), 1))
            .collect();
        let file = crate::analytics::testing::usage_owned("2026-10-01", "2026-10-31", rows);
        let r = crate::dates::DateRange::new(
            crate::dates::parse_date("2026-10-25").unwrap(),
            crate::dates::parse_date("2026-10-31").unwrap(),
        );
        let week = file.narrowed(r.unwrap()).unwrap();
        assert_eq!((week.row_count(), week.rows_read()), (4, 28));
        assert!(heavy(&week, 10) && !heavy(&week, 29));
    }
}
