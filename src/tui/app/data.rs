//! Data on screen: fetching or showing from the cache, results arriving (current, late
//! or failed), and the view derived from them.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{App, Cached, Effect, Slot, SourceKind, When};
use crate::api::{ApiError, Origin, UsageQuery};
use crate::dates::Preset;
use crate::model::Usage;
use crate::tui::keymap::Mode;
use crate::tui::view::View;

impl App {
    /// The data on screen, if any.
    pub fn usage(&self) -> Option<&Arc<Usage>> {
        if let Some((u, _)) = &self.partial
            && self.shown.as_ref() == Some(&self.query)
        {
            return Some(u);
        }
        self.shown
            .as_ref()
            .and_then(|q| self.cache.get(q))
            .map(|c| &c.usage)
    }

    /// When the data on screen was fetched.
    pub fn fetched_at(&self) -> Option<DateTime<Utc>> {
        self.shown
            .as_ref()
            .and_then(|q| self.cache.get(q))
            .map(|c| c.fetched_at)
    }

    /// The previous period's data, when fetched.
    pub fn previous(&self) -> Option<&Arc<Usage>> {
        self.cache
            .get(&self.query.with_range(self.query.range.previous()))
            .map(|c| &c.usage)
    }

    /// One origin's data of the current view, when fetched.
    pub fn origin_usage(&self, o: Origin) -> Option<&Arc<Usage>> {
        self.cache
            .get(&self.query.with_origin(Some(o)))
            .map(|c| &c.usage)
    }

    /// The selected user's id.
    pub fn selected_user(&self) -> Option<Uuid> {
        let u = self.usage()?;
        let i = *self.view.order.get(self.selected)?;
        u.users().get(i as usize).map(|x| x.id)
    }

    /// The views the screen uses now, which the memory must keep: the one shown, the one
    /// asked for, its previous period and its origins.
    fn in_use(&self) -> Vec<UsageQuery> {
        let mut v: Vec<UsageQuery> = self.shown.iter().cloned().collect();
        v.push(self.query.clone());
        v.push(self.query.with_range(self.query.range.previous()));
        v.extend(Origin::ALL.map(|o| self.query.with_origin(Some(o))));
        v
    }

    /// Fetches (or shows from the cache) the current query. `force` skips the cache.
    pub(super) fn request(&mut self, force: bool) -> Vec<Effect> {
        self.generation += 1;
        self.retry_note = None;
        self.progress = None;
        // A part of the view asked before is not this view: back to the last whole one.
        if let Some((_, before)) = self.partial.take() {
            self.shown = before;
        }
        let bypass_cache = std::mem::take(&mut self.bypass_disk);
        let mut fx = Vec::new();
        if !force && let Some(_hit) = self.cache.get(&self.query) {
            self.loading = None;
            self.show(self.query.clone());
            fx.push(Effect::Abort(Slot::Main));
        } else {
            self.loading = Some(When::after(self.now, Duration::ZERO));
            fx.push(Effect::Fetch {
                slot: Slot::Main,
                generation: self.generation,
                query: self.query.clone(),
                bypass_cache,
            });
        }
        let prev = self.query.with_range(self.query.range.previous());
        if force || !self.cache.contains_key(&prev) {
            fx.push(Effect::Fetch {
                slot: Slot::Previous,
                generation: self.generation,
                query: prev,
                bypass_cache,
            });
        }
        if self.mode == Mode::Detail {
            fx.extend(self.origin_fetches(force).into_iter().map(|e| match e {
                Effect::Fetch {
                    slot,
                    generation,
                    query,
                    ..
                } => Effect::Fetch {
                    slot,
                    generation,
                    query,
                    bypass_cache,
                },
                other => other,
            }));
        }
        fx
    }

    pub(super) fn origin_fetches(&self, force: bool) -> Vec<Effect> {
        if self.source == SourceKind::Fixed {
            return Vec::new();
        }
        Origin::ALL
            .into_iter()
            .map(|o| self.query.with_origin(Some(o)))
            .filter(|q| force || !self.cache.contains_key(q))
            .map(|q| Effect::Fetch {
                slot: Slot::Origin(q.origin.expect("set")),
                generation: self.generation,
                query: q,
                bypass_cache: false,
            })
            .collect()
    }

    /// Puts `q`'s cached data on screen.
    pub(super) fn show(&mut self, q: UsageQuery) {
        // The person selected now, read through the view of the data shown now.
        let keep = self.selected_user();
        let changed = self.shown.as_ref() != Some(&q);
        self.cache.touch(&q);
        self.shown = Some(q);
        if changed {
            self.selected = 0;
            self.offset = 0;
        }
        self.rebuild_with(keep);
    }

    /// Recomputes everything derived from the data, the sort and the size.
    pub fn rebuild_view(&mut self) {
        let keep = self.selected_user();
        self.rebuild_with(keep);
    }

    /// Rebuilds the view, keeping `keep` selected if it is still there.
    pub(super) fn rebuild_with(&mut self, selected_id: Option<Uuid>) {
        let prev = self.previous().cloned();
        let usage = self.usage().cloned();
        self.view = View::build(usage.as_deref(), prev.as_deref(), self.sort, &self.screen);
        // Keep the same person selected across a re-sort or a refresh.
        if let (Some(id), Some(u)) = (selected_id, usage.as_deref())
            && let Some(ui) = u.user_index(id)
            && let Some(pos) = self.view.order.iter().position(|&i| i as usize == ui)
        {
            self.selected = pos;
        }
        self.clamp_selection();
        self.refresh_visible();
    }

    /// Recomputes the visible rows' sparklines (only those: O(visible), not O(users)).
    pub fn refresh_visible(&mut self) {
        let rows = self.table_rows();
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if rows > 0 && self.selected >= self.offset + rows {
            self.offset = self.selected + 1 - rows;
        }
        let usage = self.usage().cloned();
        let detail = self
            .detail
            .and_then(|id| usage.as_deref().and_then(|u| u.user_index(id)));
        let origins = Origin::ALL.map(|o| self.origin_usage(o).cloned());
        let [a, b, c] = &origins;
        self.view.fill_visible(
            usage.as_deref(),
            self.offset,
            rows,
            &self.screen,
            detail,
            [a.as_deref(), b.as_deref(), c.as_deref()],
        );
    }

    /// How many user rows the table shows at the current size.
    pub fn table_rows(&self) -> usize {
        self.screen.table_rows(self.mode)
    }

    pub(super) fn clamp_selection(&mut self) {
        let n = self.view.order.len();
        if n == 0 {
            self.selected = 0;
            self.offset = 0;
        } else if self.selected >= n {
            self.selected = n - 1;
        }
    }

    pub(super) fn on_fetched(
        &mut self,
        slot: Slot,
        generation: u64,
        query: UsageQuery,
        result: Result<Arc<Usage>, ApiError>,
        wall: DateTime<Utc>,
    ) -> Vec<Effect> {
        let current = generation == self.generation;
        match result {
            Ok(usage) => {
                for p in usage.products() {
                    if !self.products_known.iter().any(|(id, _)| *id == p.id) {
                        self.products_known.push((p.id, p.name.clone()));
                    }
                }
                self.products_known.sort_by(|a, b| a.1.cmp(&b.1));
                // A late answer is still right for its own query: keep it for going back,
                // but never show it in place of the current one.
                let in_use = self.in_use();
                let in_use: Vec<&UsageQuery> = in_use.iter().collect();
                self.cache.insert(
                    query.clone(),
                    Cached {
                        usage,
                        fetched_at: wall,
                    },
                    &in_use,
                );
                if slot == Slot::Main && current && query == self.query {
                    self.partial = None;
                    self.loading = None;
                    self.retry_note = None;
                    if self.status.as_ref().is_some_and(|s| s.error) {
                        self.status = None;
                    }
                    let w = self.usage().map(|u| u.warnings()).unwrap_or_default();
                    self.show(query);
                    let w2 = self.usage().map(|u| u.warnings()).unwrap_or_default();
                    if !w2.is_empty() && w2 != w {
                        self.note(format!("warning: {w2}"), true);
                    }
                } else if current {
                    self.rebuild_view();
                }
            }
            Err(e) => {
                if current && slot == Slot::Main {
                    if let Some((_, before)) = self.partial.take() {
                        self.shown = before;
                    }
                    self.loading = None;
                    self.retry_note = None;
                    // The last good data stays on screen, and the filters go back to the
                    // ones it answers, so the header never describes data that is not there.
                    // The failed filter is one key away.
                    self.note(e.to_string(), true);
                    if let Some(shown) = self.shown.clone()
                        && shown != self.query
                    {
                        self.query = shown;
                        self.preset = Preset::detect(self.query.range, self.today);
                        // Answers still on their way for the failed filters are now stale.
                        self.generation += 1;
                        self.rebuild_view();
                        return vec![Effect::Abort(Slot::Previous)];
                    }
                } else if current && matches!(slot, Slot::Origin(_)) && self.mode == Mode::Detail {
                    self.note(format!("by origin: {e}"), true);
                }
            }
        }
        Vec::new()
    }
}
