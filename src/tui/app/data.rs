//! Data on screen: asking for a view (or showing it from memory), and answers arriving:
//! current, late, partial or failed.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::keymap::Mode;
use super::{App, Cached, Effect, Partial, Slot, SourceKind};
use crate::api::{ApiError, Origin, UsageQuery};
use crate::dates::Preset;
use crate::model::Usage;

impl App {
    /// Fetches (or shows from memory) the current query, and what goes with it: the
    /// previous period, and the origins when the detail is open. `force` skips memory.
    pub(super) fn request(&mut self, force: bool) -> Vec<Effect> {
        // A refresh asks again for what the server could not answer before.
        if force && let Some(p) = self.pending.take() {
            self.query = p;
            self.preset = Preset::detect(self.query.range, self.today);
        }
        let bypass_cache = self.fetch.begin();
        // A part of the view asked before is not this view: back to the last whole one.
        if let Some(p) = self.partial.take() {
            self.shown = p.before;
        }
        let mut fx = Vec::new();
        // A view in memory older than the refresh interval is shown, and fetched again:
        // coming back to it showed numbers minutes old that the timer never refreshed.
        let stale = |app: &Self, q: &UsageQuery| {
            (app.cache.get(q)).is_some_and(|c| app.fetch.is_stale(c.fetched_at, app.wall))
        };
        let in_memory = !force && self.cache.contains_key(&self.query);
        if in_memory {
            self.fetch.done();
            self.show(self.query.clone());
        }
        if in_memory && !stale(self, &self.query) {
            fx.push(Effect::Abort(Slot::Main));
        } else {
            self.fetch.loading(self.now);
            fx.push(self.fetch_effect(Slot::Main, self.query.clone(), bypass_cache));
        }
        let prev = self.query.with_range(self.previous_range());
        if force || !self.cache.contains_key(&prev) || stale(self, &prev) {
            fx.push(self.fetch_effect(Slot::Previous, prev, bypass_cache));
        }
        // The detail splits a person by origin; the all-origins view has its Origins block.
        if self.base_mode() == Mode::Detail || self.query.origin.is_none() {
            fx.extend(self.origin_fetches(force, bypass_cache));
        }
        fx
    }

    /// Views in memory older than `every` (`refresh_secs`) are fetched again when shown.
    pub fn with_refresh(mut self, every: Option<std::time::Duration>) -> Self {
        self.fetch.refresh_every(every);
        self
    }

    fn fetch_effect(&self, slot: Slot, query: UsageQuery, bypass_cache: bool) -> Effect {
        Effect::Fetch {
            slot,
            generation: self.fetch.generation(),
            query,
            bypass_cache,
            sort: self.table.sort(),
        }
    }

    /// The detail's split by origin: one request per origin not in memory.
    pub(super) fn origin_fetches(&self, force: bool, bypass_cache: bool) -> Vec<Effect> {
        if self.source == SourceKind::Fixed {
            return Vec::new();
        }
        Origin::ALL
            .into_iter()
            .map(|o| self.query.with_origin(Some(o)))
            .filter(|q| force || !self.cache.contains_key(q))
            .map(|q| self.fetch_effect(Slot::Origin(q.origin.expect("set")), q, bypass_cache))
            .collect()
    }

    /// The views the screen uses now, which the memory must keep: the one shown, the one
    /// asked for, its previous period and its origins.
    fn in_use(&self) -> Vec<UsageQuery> {
        let mut v: Vec<UsageQuery> = self.shown.iter().cloned().collect();
        v.push(self.query.clone());
        v.push(self.query.with_range(self.previous_range()));
        v.extend(Origin::ALL.map(|o| self.query.with_origin(Some(o))));
        v
    }

    /// An answer. A late one is still right for its own query: kept for going back, but
    /// never shown in place of the current one.
    pub(super) fn on_answer(
        &mut self,
        slot: Slot,
        generation: u64,
        query: UsageQuery,
        usage: Arc<Usage>,
        wall: DateTime<Utc>,
    ) -> Vec<Effect> {
        self.picker.learn(usage.products());
        let in_use = self.in_use();
        let in_use: Vec<&UsageQuery> = in_use.iter().collect();
        let cached = Cached {
            usage,
            fetched_at: wall,
        };
        self.cache.insert(query.clone(), cached, &in_use);
        let current = generation == self.fetch.generation();
        if self.fetch.is_current_view(slot, generation) && query == self.query {
            self.partial = None;
            self.blocker = None;
            self.fetch.done();
            if self.status.as_ref().is_some_and(|s| s.error) {
                self.status = None;
            }
            let before = self.usage().map(|u| u.warnings()).unwrap_or_default();
            self.show(query);
            let now = self.usage().map(|u| u.warnings()).unwrap_or_default();
            // Said once, as a note that fades: the KPI line keeps it (it stayed on the
            // status line too, as long as the view, saying it twice).
            if !now.is_empty() && now != before {
                self.note(format!("warning: {now}"), false);
            }
        } else if current && self.shown.as_ref() == Some(&self.query) {
            // The previous period or an origin of the view on screen. One of a view still
            // loading changes nothing shown (the view on screen keeps its own comparison).
            self.rebuild_view();
        }
        Vec::new()
    }

    /// A failed request. The last good data stays on screen, and the filters go back to
    /// the ones it answers, so the header never describes data that is not there. The
    /// failed filter is one key away; when the server was only unreachable it is kept as
    /// pending and asked again on the next refresh. With no data at all, the whole pane
    /// says what went wrong and what to do.
    pub(super) fn on_failure(&mut self, slot: Slot, generation: u64, e: ApiError) -> Vec<Effect> {
        if self.fetch.is_current_view(slot, generation) {
            if let Some(p) = self.partial.take() {
                self.shown = p.before;
            }
            self.fetch.done();
            // With no data, the whole pane's box says it with what to do: the status line
            // saying it again read twice.
            if self.shown.is_none() {
                self.blocker = Some(what_to_do(&e, &self.keymap));
                self.status = None;
            } else {
                self.note(e.to_string(), true);
            }
            if let Some(shown) = self.shown.clone()
                && shown != self.query
            {
                // 4: the network or the server, not the filter; the filter is still wanted.
                self.pending = (e.exit_code() == 4).then(|| self.query.clone());
                self.query = shown;
                self.preset = Preset::detect(self.query.range, self.today);
                // Answers still on their way for the failed filters are now stale.
                self.fetch.invalidate();
                self.rebuild_view();
                return vec![Effect::Abort(Slot::Previous)];
            }
        } else if generation == self.fetch.generation()
            && matches!(slot, Slot::Origin(_))
            && self.base_mode() == Mode::Detail
        {
            self.note(format!("by origin: {e}"), true);
        }
        Vec::new()
    }

    /// The windows of the view already on disk: shown at once, still loading, when there
    /// is nothing whole on screen (the first view, as a cached year reopens). A whole view
    /// stays until the next is whole too: a part of a range read as all of it (a refresh's
    /// 90 days showed a month less and a 25% drop until the newest window came).
    pub(super) fn on_partial(
        &mut self,
        slot: Slot,
        generation: u64,
        query: UsageQuery,
        usage: Arc<Usage>,
    ) -> Vec<Effect> {
        let nothing_whole = self.shown.is_none() || self.partial.is_some();
        if self.fetch.is_current_view(slot, generation)
            && query == self.query
            && self.fetch.is_loading()
            && nothing_whole
        {
            let before = match self.partial.take() {
                Some(p) => p.before,
                None => self.shown.clone(),
            };
            self.partial = Some(Partial { usage, before });
            self.show(query);
        }
        Vec::new()
    }
}

/// The full-pane message for a first fetch that failed: what happened, what to do.
fn what_to_do(e: &ApiError, keys: &super::keymap::Keymap) -> String {
    let again = format!(
        "Press {} to try again",
        keys.key_name(Mode::Main, super::keymap::Action::Refresh)
    );
    let quit = keys.key_name(Mode::Main, super::keymap::Action::Quit);
    let todo = match e {
        ApiError::Unauthorized { .. } | ApiError::KeyNotSendable { .. } => {
            "Fix the API key where the line above says it comes from (`clarityq-usage config show` lists every setting and its source), then start again. `clarityq-usage --demo` shows the dashboard on built-in data."
        }
        ApiError::Forbidden { .. } => &format!(
            "The key was accepted but may not read prompt usage: ask an administrator of the organization to enable usage tracking, or use another key. {again}."
        ),
        ApiError::NotFound { .. } => {
            "Check product_id and base_url (`clarityq-usage config show` says where each comes from), then start again."
        }
        _ => &format!(
            "{again}, {quit} to quit. `clarityq-usage --demo` shows the dashboard on built-in data."
        ),
    };
    format!("{e}\n\n{todo}")
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use crate::tui::app::Msg;
    use crate::tui::app::tests::{answer, ch, loaded, main_fetch, wall};

    /// A view in memory fetched longer ago than `refresh_secs` is shown at once and
    /// fetched again; a fresh one only shown (coming back to a view showed numbers from
    /// minutes before that the timer, which refreshes the view on screen, never touched).
    #[test]
    fn a_view_in_memory_older_than_the_refresh_is_fetched_again() {
        let (app, org) = loaded((80, 24));
        let mut app = app.with_refresh(Some(Duration::from_secs(300)));
        let fx = ch(&mut app, '1');
        answer(&mut app, &org, fx);
        // Back to 30 days a minute later: from memory, no fetch.
        let tick = |app: &mut super::App, secs: i64| {
            app.update(Msg::Tick {
                now: crate::tui::app::testing::t0() + Duration::from_secs(secs as u64),
                wall: wall() + chrono::Duration::seconds(secs),
            })
        };
        tick(&mut app, 60);
        let fx = ch(&mut app, '2');
        assert!(main_fetch(&fx).is_none(), "{fx:?}");
        let shown = app.usage().cloned();
        // Back to 7 days ten minutes after its answer: shown at once, and fetched again.
        tick(&mut app, 600);
        let fx = ch(&mut app, '1');
        assert!(main_fetch(&fx).is_some(), "{fx:?}");
        assert!(
            app.usage().is_some() && app.usage().cloned() != shown,
            "shown at once"
        );
        answer(&mut app, &org, fx);
        assert!(!app.fetch.is_loading());
    }
}
