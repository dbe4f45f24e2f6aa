//! The people of the answers on screen, kept out of the frame that shows them when they
//! are many: adopted from `Msg::Prepared` (made in the view's fetch task, or by an
//! `Effect::Prepare` job) instead of derived in `update` (see `tui::prepare`).
//!
//! A large answer comes with its own people and first order. When its previous period is
//! in, the comparison is asked of a job, and until it is back the table shows this
//! period's people uncompared, as it did before the previous period arrived. A
//! derivation is adopted only for the very answers it was made from (by identity), so a
//! late one never puts another view's people on screen.

use std::sync::{Arc, Weak};

use chrono::NaiveDate;

use super::{App, Effect};
use crate::model::Usage;
use crate::tui::prepare::{Job, OFF_THREAD_PEOPLE, Prepared, heavy};

/// The derivations on their way and the one waiting for its answer.
#[derive(Debug)]
pub struct Preparing {
    /// Made off the UI thread for answers not on screen yet: the view's answer comes
    /// right after its people.
    kept: Option<Arc<Prepared>>,
    /// The answers a job was last asked for, so that a rebuild does not ask again. Weak:
    /// identity only, without keeping an answer dropped from memory alive.
    asked: Option<(Weak<Usage>, Option<Weak<Usage>>, NaiveDate)>,
    /// Jobs asked during this `update`, handed to the loop as its effects.
    jobs: Vec<Effect>,
    /// From how many people the work leaves `update` (lower in tests).
    limit: usize,
}

impl Default for Preparing {
    fn default() -> Self {
        Preparing {
            kept: None,
            asked: None,
            jobs: Vec::new(),
            limit: OFF_THREAD_PEOPLE,
        }
    }
}

impl Preparing {
    /// The jobs asked since the last call.
    pub(super) fn take_jobs(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.jobs)
    }

    /// The kept derivation, if it was made from these answers.
    fn take_for(
        &mut self,
        now: Option<&Arc<Usage>>,
        before: Option<&Arc<Usage>>,
        today: NaiveDate,
    ) -> Option<Arc<Prepared>> {
        self.kept.take_if(|p| p.is_for(now, before, today))
    }

    fn ask(&mut self, job: Job) {
        let weak = |u: &Arc<Usage>| Arc::downgrade(u);
        let asked = (weak(&job.now), job.before.as_ref().map(weak), job.today);
        let same = self.asked.as_ref().is_some_and(|(n, b, d)| {
            let before = match (b, &asked.1) {
                (Some(x), Some(y)) => x.ptr_eq(y),
                (x, y) => x.is_none() && y.is_none(),
            };
            n.ptr_eq(&asked.0) && before && *d == asked.2
        });
        if !same {
            self.asked = Some(asked);
            self.jobs.push(Effect::Prepare(job));
        }
    }
}

impl App {
    /// Brings the people (and the kept orders) to the answers `now` and `before`: from a
    /// derivation made off the UI thread when there is one, else here when they are few.
    /// Many people with nothing prepared: this period's alone (prepared with the answer)
    /// while a job compares them; with not even those (a team's part of the answer, one
    /// shown again from memory), derived here as before.
    pub(super) fn derive(&mut self, now: Option<&Arc<Usage>>, before: Option<&Arc<Usage>>) {
        let today = self.today;
        if self.derived.is_for(now, before, today) {
            return;
        }
        if let Some(p) = self.preparing.take_for(now, before, today) {
            return self.adopt(p);
        }
        let Some(u) = now.filter(|u| heavy(u, before.map(|b| &**b), self.preparing.limit)) else {
            return self.derived.update(now, before, today);
        };
        if !self.derived.is_for(now, self.derived.before(), today) {
            match self.preparing.take_for(now, None, today) {
                Some(p) => self.adopt(p),
                None => return self.derived.update(now, before, today),
            }
        }
        if self.derived.is_for(now, before, today) {
            return;
        }
        let job = Job {
            generation: self.fetch.generation(),
            base: self.derived.clone(),
            now: u.clone(),
            before: before.cloned(),
            today,
            sort: self.table.sort(),
            teams: self.teams.shared(),
        };
        self.preparing.ask(job);
    }

    fn adopt(&mut self, p: Arc<Prepared>) {
        let p = Arc::unwrap_or_clone(p);
        self.derived = p.derived;
        self.orders = p.orders.for_teams(&self.teams.shared());
    }

    /// A derivation made off the UI thread: for the answers on screen, shown now; for the
    /// view's answer on its way (its generation is the current one), kept for it; else
    /// stale, dropped.
    pub(super) fn on_prepared(&mut self, generation: u64, p: Arc<Prepared>) -> Vec<Effect> {
        // Keyed by its answer and teams: right for that answer whenever it is shown, and
        // known before `pair` would match the team filter's people here.
        let current = generation == self.fetch.generation();
        let on_screen = |w: &crate::tui::prepare::TeamWork| {
            let answers = [self.usage(), self.previous()];
            answers
                .into_iter()
                .flatten()
                .any(|u| w.of.as_ptr() == Arc::as_ptr(u))
        };
        // Only for the answers on their way or on screen: a late one must not push out
        // the sums of the answer shown.
        if let Some(w) = p.team.as_ref().filter(|w| current || on_screen(w)) {
            self.teams.know(w);
        }
        // The answers on screen are still being narrowed to the team shown: kept for them.
        if !self.narrowing_ready() {
            if current {
                self.preparing.kept = Some(p);
            }
            return Vec::new();
        }
        let (now, before) = self.pair();
        if p.is_for(now.as_ref(), before.as_ref(), self.today) {
            self.preparing.kept = Some(p);
            self.rebuild_view();
        } else if current {
            self.preparing.kept = Some(p);
        }
        Vec::new()
    }

    /// The answers the table derives its people from: the view on screen and its
    /// previous period, narrowed to the team shown. A previous period wholly outside the
    /// saved file read is none: compared with it, everyone read as new.
    pub(super) fn pair(&mut self) -> (Option<Arc<Usage>>, Option<Arc<Usage>>) {
        let whole = self.usage().cloned();
        let prev = (self.previous().cloned()).filter(|p| !p.wholly_outside_file());
        let prev = self.teams.narrow(prev.as_ref());
        (self.teams.narrow(whole.as_ref()), prev)
    }

    /// Tests: from how many people the work leaves `update`.
    #[cfg(test)]
    pub(super) fn prepare_from(&mut self, people: usize) {
        self.preparing.limit = people;
    }
}
