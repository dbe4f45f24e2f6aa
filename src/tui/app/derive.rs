//! The view derived from the data on screen, the sort and the layout: rebuilt when any of
//! them changes, its visible rows refilled on a scroll (O(visible), not O(people)).

use std::sync::Arc;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::App;
use super::view::View;
use crate::api::{Origin, UsageQuery};
use crate::dates::DateRange;
use crate::model::Usage;
use crate::tui::calendar::Calendar;
use crate::tui::chart::Chart;
use crate::tui::layout::{STATUS_ROWS, Screen};

impl App {
    /// The data on screen, if any.
    pub fn usage(&self) -> Option<&Arc<Usage>> {
        if let Some(p) = &self.partial
            && self.shown.as_ref() == Some(&self.query)
        {
            return Some(&p.usage);
        }
        self.shown
            .as_ref()
            .and_then(|q| self.cache.get(q))
            .map(|c| &c.usage)
    }

    /// Whether the view on screen is only the part of it already on disk.
    pub fn is_partial(&self) -> bool {
        self.partial.is_some() && self.shown.as_ref() == Some(&self.query)
    }

    /// When the data on screen was fetched.
    pub fn fetched_at(&self) -> Option<DateTime<Utc>> {
        self.shown
            .as_ref()
            .and_then(|q| self.cache.get(q))
            .map(|c| c.fetched_at)
    }

    /// The previous period's data of the view on screen, when fetched. None while the view
    /// asked for is still loading: its previous period may come in first, and it was
    /// compared with the view still shown (4 products against 5, "+28.3%", for seconds).
    pub fn previous(&self) -> Option<&Arc<Usage>> {
        if self.shown.as_ref() != Some(&self.query) {
            return None;
        }
        self.cache
            .get(&self.query.with_range(self.previous_range()))
            .map(|c| &c.usage)
    }

    /// Filters kept while the server was down, fetched on the next refresh.
    pub fn pending(&self) -> Option<&UsageQuery> {
        self.pending.as_ref()
    }

    /// The full-pane message when there is no data and why.
    pub fn blocker(&self) -> Option<&str> {
        self.blocker.as_deref()
    }

    /// The help is on its glossary page.
    pub fn glossary(&self) -> bool {
        self.glossary
    }

    /// Whether the range ends today, a UTC day not over yet: its figures are "so far".
    pub fn today_partial(&self) -> bool {
        self.query.range.end() == self.today
    }

    /// The period the change is computed against: the same span of the previous unit for
    /// a calendar range, the same number of days just before for any other.
    pub fn previous_range(&self) -> DateRange {
        crate::analytics::previous_period(self.query.range, self.span)
    }

    /// One origin's data of the current view, when fetched.
    pub fn origin_usage(&self, o: Origin) -> Option<&Arc<Usage>> {
        self.cache
            .get(&self.query.with_origin(Some(o)))
            .map(|c| &c.usage)
    }

    /// The selected user's id.
    pub fn selected_user(&self) -> Option<Uuid> {
        self.person_id(*self.view.order.get(self.table.selected())?)
    }

    /// The id of row `r` of the view's people.
    fn person_id(&self, r: u32) -> Option<Uuid> {
        let u = self.derived.now()?;
        let row = self.view.people.rows.get(r as usize)?;
        match (row.current, row.previous) {
            (Some(i), _) => u.users().get(i as usize).map(|x| x.id),
            (None, Some(i)) => self.derived.before()?.users().get(i as usize).map(|x| x.id),
            (None, None) => None,
        }
    }

    /// The row of the view's people holding person `id`.
    fn row_of(&self, id: Uuid) -> Option<u32> {
        let rows = &self.view.people.rows;
        let now = self.derived.now().and_then(|u| u.user_index(id));
        let before = self.derived.before().and_then(|u| u.user_index(id));
        rows.iter()
            .position(|row| match now {
                Some(i) => row.current == Some(i as u32),
                None => before.is_some() && row.previous == before.map(|b| b as u32),
            })
            .map(|r| r as u32)
    }

    /// Whether the selected person is in this period's answer (dormant people are not).
    pub fn selected_is_current(&self) -> bool {
        self.view
            .order
            .get(self.table.selected())
            .and_then(|&r| self.view.people.rows.get(r as usize))
            .is_some_and(|row| row.current.is_some())
    }

    /// How many user rows the table shows at the current size.
    pub fn table_rows(&self) -> usize {
        self.screen.table_rows(self.mode, self.calendar_shown())
    }

    /// Puts `q`'s data (in memory, or the part on disk) on screen.
    pub(super) fn show(&mut self, q: UsageQuery) {
        // The person selected now, read through the view of the data shown now.
        let keep = self.selected_user();
        let changed = self.shown.as_ref() != Some(&q);
        let before = self.usage().map(|u| u.warnings()).unwrap_or_default();
        self.cache.touch(&q);
        self.shown = Some(q);
        if changed {
            self.table.reset();
        }
        self.rebuild_with(keep);
        // The note of the data shown before is not true of this data: "60 days of the
        // range not in the file" stayed after a step back to days the file holds.
        let now = self.usage().map(|u| u.warnings()).unwrap_or_default();
        let stale = format!("warning: {before}");
        if now != before && self.status.as_ref().is_some_and(|s| s.text == stale) {
            self.status = None;
        }
    }

    /// Recomputes everything derived from the data, the sort and the size.
    pub fn rebuild_view(&mut self) {
        let keep = self.selected_user();
        self.rebuild_with(keep);
    }

    /// Rebuilds the view, keeping `keep` selected if it is still there.
    pub(super) fn rebuild_with(&mut self, selected_id: Option<Uuid>) {
        // A large answer's team is narrowed off the UI thread: until it is back, the view
        // on screen stays (its arrival rebuilds the view).
        let Some(selected_id) = self.hold_or_select(selected_id) else {
            return;
        };
        // The team filter narrows every answer to the team's people (cached per answer).
        let whole = self.usage().cloned();
        let (usage, prev) = self.pair();
        // The origins of the view on screen (not of one still loading), and none of a view
        // only partly loaded: its total is not the whole yet.
        let origins = Origin::ALL.map(|o| {
            let q = self.shown.as_ref()?.with_origin(Some(o));
            self.cache.get(&q).map(|c| c.usage.clone())
        });
        let origins = if self.is_partial() {
            [None, None, None]
        } else {
            origins.map(|o| self.teams.narrow(o.as_ref()))
        };
        let [a, b, c] = &origins;
        // A saved response has no per-origin answers to ask for: no block.
        let all_origins = self.source != super::SourceKind::Fixed
            && self.shown.as_ref().is_some_and(|q| q.origin.is_none());
        let teams_area = match all_origins && self.screen.main.origins.width > 0 {
            true => self.screen.main.teams_beside,
            false => self.screen.main.teams,
        };
        let spark_w = super::super::columns::TEAM_LINE.spark_width(teams_area.width);
        self.teams.update_block(whole.as_ref(), spark_w);
        self.derive(usage.as_ref(), prev.as_ref());
        self.know_teams();
        // A previous period wholly outside the saved file is left out of the comparison
        // (`pair`) but not of the KPIs, which say so: "not in the file", where a period on
        // its way reads "…". It holds no rows, so a team leaves it as it is.
        let outside = self.previous().filter(|p| p.wholly_outside_file()).cloned();
        let kpis_prev = prev.clone().or(outside);
        self.view = View::build(
            usage.as_deref(),
            kpis_prev.as_deref(),
            (&mut self.derived, &mut self.orders),
            (
                self.table.sort(),
                self.lens,
                (self.bucketing, self.week_start),
            ),
            &self.screen,
            all_origins.then_some([a.as_deref(), b.as_deref(), c.as_deref()]),
            self.shown.as_ref().map_or(&[], |q| &q.product_ids),
        );
        // The calendar's width is the chart's, with or without it on screen.
        let width = self.screen.main_calendar.chart.width;
        self.view.calendar = usage
            .as_deref()
            .and_then(|u| Calendar::of_org(u, self.today, (width, self.week_start)));
        // Keep the same person selected across a re-sort or a refresh.
        if let Some(id) = selected_id
            && let Some(r) = self.row_of(id)
            && let Some(pos) = self.view.order.iter().position(|&o| o == r)
        {
            self.table.select(pos);
        }
        self.table.clamp(self.view.order.len());
        self.refresh_visible();
    }

    /// Gives a status message too long for its line the rows it needs (up to
    /// `layout::STATUS_ROWS`), taken from the pane above, and gives them back when it goes:
    /// cut to one line at 60 columns, an error lost what to do about it. Called after
    /// every message, so the table's page and the mouse's rows follow.
    pub(super) fn fit_status(&mut self) {
        if self.status_rows(self.screen.size.0) == self.screen.status_rows {
            return;
        }
        self.relayout(self.screen.size);
        self.refresh_visible();
    }

    /// The rows the status message needs at `width` columns (1 for none).
    fn status_rows(&self, width: u16) -> u16 {
        self.status_message().map_or(1, |(text, _)| {
            let lines = crate::tui::text::status_lines(&text, width, STATUS_ROWS);
            (lines.len() as u16).max(1)
        })
    }

    /// The layouts of a terminal of `size`, with the teams' block when configured and the
    /// status message's rows: the one place a screen is made, so that a resize keeps them.
    pub(super) fn relayout(&mut self, size: (u16, u16)) {
        let rows = self.status_rows(size.0);
        self.screen = Screen::new(size)
            .with_teams(self.teams.configured())
            .with_status(rows);
    }

    /// Recomputes the visible rows' sparklines (only those: O(visible), not O(users)).
    pub fn refresh_visible(&mut self) {
        if !self.narrowing_known() {
            return;
        }
        let rows = self.table_rows();
        self.table.follow(rows);
        let usage = self.usage().cloned();
        let usage = self.teams.narrow(usage.as_ref());
        let detail = self
            .detail
            .and_then(|id| usage.as_deref().and_then(|u| u.user_index(id)));
        let origins = Origin::ALL.map(|o| {
            let u = self.origin_usage(o).cloned();
            self.teams.narrow(u.as_ref())
        });
        let [a, b, c] = &origins;
        let (now, prev) = (self.derived.now().cloned(), self.derived.before().cloned());
        self.view.fill_visible(
            usage.as_deref(),
            (now.as_deref(), prev.as_deref()),
            (self.table.offset(), rows),
            &self.screen,
            detail,
            (
                [a.as_deref(), b.as_deref(), c.as_deref()],
                self.query.origin,
            ),
        );
        let width = self.screen.detail_calendar.chart.width;
        if let (Some(d), Some(u), Some(i)) = (self.view.detail.as_mut(), usage.as_deref(), detail) {
            // The person's days, read once for the calendar and the chart.
            let daily = u.user_daily(i);
            let ws = self.week_start;
            d.calendar = Calendar::build(&daily, u.range(), self.today, (width, ws));
            let (asked, width) = (self.bucketing, self.screen.detail.chart.width);
            d.chart = Chart::of_days(u.range(), &daily, self.today, (asked, ws), width);
        }
        self.teams.label(&mut self.view.visible);
    }
}
