//! The team filter's narrowing of large answers off the UI thread (see `tui::narrow`):
//! what has been asked and is not back, the jobs for the loop, and the outcomes taken.

use std::sync::{Arc, Weak};

use uuid::Uuid;

use super::super::{App, Effect};
use super::TeamsState;
use crate::api::Origin;
use crate::model::Usage;
use crate::teams::TeamId;
use crate::tui::narrow::{NarrowJob, Narrowed, OFF_THREAD_ROWS, heavy};

#[derive(Debug)]
pub(super) struct Narrowing {
    /// (answer, team) asked for and not back yet.
    asked: Vec<(Weak<Usage>, TeamId)>,
    /// Asked during this `update`, handed to the loop as its effects.
    jobs: Vec<NarrowJob>,
    /// From how many rows an answer is narrowed off the UI thread (lower in tests).
    limit: usize,
    /// The person selected when the view was first held for a narrowing: selected again
    /// when it is rebuilt (the table may have been reset meanwhile).
    held: Option<Uuid>,
}

impl Default for Narrowing {
    fn default() -> Self {
        Narrowing {
            asked: Vec::new(),
            jobs: Vec::new(),
            limit: OFF_THREAD_ROWS,
            held: None,
        }
    }
}

impl TeamsState {
    /// Remembers the person selected as the view is held (the first one held wins).
    pub fn hold(&mut self, selected: Option<Uuid>) {
        self.narrowing.held = self.narrowing.held.or(selected);
    }

    /// The person selected when the view was held, once.
    pub fn take_held(&mut self) -> Option<Uuid> {
        self.narrowing.held.take()
    }

    /// The narrowings asked since the last call.
    pub fn take_jobs(&mut self) -> Vec<NarrowJob> {
        std::mem::take(&mut self.narrowing.jobs)
    }

    /// Whether `u` can be narrowed to the team shown here and now: no team is shown,
    /// there is nothing to narrow, it is narrowed already, or it is small.
    pub fn is_ready(&self, u: Option<&Arc<Usage>>) -> bool {
        let (Some(u), Some(team)) = (u, self.filter) else {
            return true;
        };
        u.is_folded() || !heavy(u, self.narrowing.limit) || self.cached(u, team).is_some()
    }

    /// [`TeamsState::is_ready`]; when not, the narrowing is asked for (once).
    pub fn ready(&mut self, u: Option<&Arc<Usage>>) -> bool {
        if self.is_ready(u) {
            return true;
        }
        let (Some(u), Some(team)) = (u, self.filter) else {
            return true;
        };
        self.keep_team_only(team);
        let n = &mut self.narrowing;
        n.asked.retain(|(w, _)| w.strong_count() > 0);
        let here = n
            .asked
            .iter()
            .any(|(w, t)| w.as_ptr() == Arc::as_ptr(u) && *t == team);
        // One team's copies at a time: while another team's are being made (keys
        // pressed in a row), this one waits for them to be back (see `on_narrowed`).
        let other = n.asked.iter().any(|(_, t)| *t != team);
        if !here && !other {
            n.asked.push((Arc::downgrade(u), team));
            let assigned = self.matched(u);
            self.narrowing.jobs.push(NarrowJob {
                source: u.clone(),
                team,
                teams: self.teams.clone(),
                assigned,
            });
        }
        false
    }

    /// Takes a narrowing made off the UI thread, if it is for the team shown, with these
    /// teams, of an answer still in memory; whether it was taken.
    pub fn adopt(&mut self, n: Narrowed) -> bool {
        let same = |w: &Weak<Usage>, t: &TeamId| w.ptr_eq(&n.source) && *t == n.team;
        self.narrowing.asked.retain(|(w, t)| !same(w, t));
        let Some(source) = n.source.upgrade() else {
            return false;
        };
        if !Arc::ptr_eq(&n.teams, &self.teams) {
            return false;
        }
        // The teams matched for the answer serve the next team too.
        self.keep_assigned(&source, n.assigned);
        if self.filter != Some(n.team) {
            return false;
        }
        match n.usage {
            Some(usage) => self.keep_narrowed(source, n.team, usage),
            // The job failed (it panicked): narrowed here instead, once, not asked again.
            None => drop(self.narrow(Some(&source))),
        }
        true
    }
}

impl App {
    /// The answers the view narrows to the team shown: the view's, its previous
    /// period's and its origins'.
    fn to_narrow(&self) -> Vec<Option<Arc<Usage>>> {
        let mut all = vec![self.usage().cloned(), self.previous().cloned()];
        all.extend(Origin::ALL.map(|o| self.origin_usage(o).cloned()));
        // The origins of the view shown too, which the view narrows while another loads.
        if let Some(q) = &self.shown {
            let cached = |o| {
                self.cache
                    .get(&q.with_origin(Some(o)))
                    .map(|c| c.usage.clone())
            };
            all.extend(Origin::ALL.map(cached));
        }
        all
    }

    /// Whether every answer the view narrows can be narrowed now; the large ones are
    /// asked for off the UI thread (once), and the view on screen stays until they come.
    pub(in crate::tui::app) fn narrowing_ready(&mut self) -> bool {
        let mut all = true;
        for u in self.to_narrow() {
            all &= self.teams.ready(u.as_ref());
        }
        all
    }

    /// The person to keep selected when the view can be rebuilt now (the one selected
    /// when it was first held, if it was); `None` when the view is held for a narrowing.
    pub(in crate::tui::app) fn hold_or_select(
        &mut self,
        selected: Option<Uuid>,
    ) -> Option<Option<Uuid>> {
        if !self.narrowing_ready() {
            self.teams.hold(selected);
            return None;
        }
        Some(self.teams.take_held().or(selected))
    }

    /// [`App::narrowing_ready`] without asking.
    pub(in crate::tui::app) fn narrowing_known(&self) -> bool {
        // Every frame asks (the header and the KPI line): with no team shown there is
        // nothing to look up.
        if self.teams.filter.is_none() {
            return true;
        }
        self.to_narrow()
            .iter()
            .all(|u| self.teams.is_ready(u.as_ref()))
    }

    /// Whether the team shown is being narrowed off the UI thread (the view on screen is
    /// still the one before; the header says so).
    pub fn narrowing(&self) -> bool {
        !self.narrowing_known()
    }

    /// What the header and the KPI line say while [`App::narrowing`]: "narrowing to TEAM".
    pub fn narrowing_note(&self) -> Option<String> {
        let team = || crate::sanitize::for_terminal(&self.teams.filter_label());
        self.narrowing().then(|| format!("narrowing to {}", team()))
    }

    /// A narrowing made off the UI thread: shown if it is the one asked for; a late one
    /// for another team may leave room to ask for the team shown.
    pub(in crate::tui::app) fn on_narrowed(&mut self, n: Narrowed) -> Vec<Effect> {
        if self.teams.adopt(n) || !self.narrowing_known() {
            self.rebuild_view();
        }
        Vec::new()
    }

    /// Tests: from how many rows an answer is narrowed off the UI thread.
    #[cfg(test)]
    pub(in crate::tui::app) fn narrow_from(&mut self, rows: usize) {
        self.teams.narrowing.limit = rows;
    }
}
