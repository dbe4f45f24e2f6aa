//! Moving within the screen: the focus between panes (those drawn at this size), the
//! table's selection (in a person's detail, between people with prompts), the chart's and
//! the calendar's cursors, and the detail's day rows.

use super::keymap::{Action, Mode};
use super::{App, Effect, Focus, SourceKind};
use crate::analytics::Span;
use crate::dates::DateRange;
use crate::tui::chart::Bucketing;

impl App {
    /// Left/right on the chart: the cursor starts on the last bar and stops at the ends.
    /// (With the calendar in the chart's place the arrows move its day cursor instead.)
    pub(super) fn move_chart_cursor(&mut self, right: bool) {
        let last = self.view.chart.bars.len().saturating_sub(1);
        let at = self.chart_cursor.unwrap_or(last).min(last);
        self.chart_cursor = Some(if right {
            (at + 1).min(last)
        } else {
            at.saturating_sub(1)
        });
    }

    /// g/G on the chart pane: the first or last bar, or the calendar's first or last day.
    pub(super) fn chart_cursor_to_end(&mut self, last: bool) {
        match &self.view.calendar {
            Some(cal) if self.calendar_shown() => {
                self.calendar_day = Some(if last { cal.shown.1 } else { cal.shown.0 });
            }
            _ => {
                let end = self.view.chart.bars.len().saturating_sub(1);
                self.chart_cursor = Some(if last { end } else { 0 });
            }
        }
    }

    /// Arrows on the calendar: left/right a week, up/down a day (its rows are weekdays),
    /// from the last day shown, kept on the grid.
    pub(super) fn move_calendar_day(&mut self, a: Action) {
        let Some(cal) = &self.view.calendar else {
            return;
        };
        let step = match a {
            Action::Left => -7,
            Action::Right => 7,
            Action::Up => -1,
            _ => 1,
        };
        let at = self.calendar_day.map_or(cal.shown.1, |d| cal.clamp(d));
        self.calendar_day = Some(cal.clamp(at + chrono::Duration::days(step)));
    }

    /// Tab/BackTab: the next pane that is drawn at this size (at 60x16 the products are
    /// not, and Tab stopped on them, with nothing lit and Enter opening a picker).
    pub(super) fn move_focus(&mut self, forward: bool) {
        let order = [Focus::Filters, Focus::Chart, Focus::Products, Focus::Users];
        let a = self.areas();
        let drawn = |f: Focus| {
            let r = match f {
                Focus::Filters => a.filters,
                Focus::Chart => a.chart,
                Focus::Products => a.products_area(self.view.origins.is_some()),
                Focus::Users => return true,
            };
            r.width > 0 && r.height > 0
        };
        let mut i = order.iter().position(|f| *f == self.focus).unwrap_or(0);
        loop {
            i = if forward { (i + 1) % 4 } else { (i + 3) % 4 };
            if drawn(order[i]) {
                break;
            }
        }
        self.focus = order[i];
    }

    pub(super) fn move_cursor(&mut self, a: Action) {
        let page = self.table_rows().max(1);
        match (self.mode, self.focus) {
            (Mode::Main, Focus::Filters) => {
                self.filter_row = super::table::moved(self.filter_row, a, self.filter_rows(), page)
            }
            // The chart has no rows to move through (left/right and Enter are its): moving
            // the table's selection, not drawn while it has the focus, left it unseen.
            (Mode::Main, Focus::Chart) => return,
            (Mode::Main, Focus::Products) => {
                let len = self.view.products.len();
                return self.picker.move_row(a, len, self.products_drawn());
            }
            // The person shown has left the view (a search in their detail): the next
            // one is the view's first, not the one after a selection they no longer hold.
            (Mode::Detail, _) if self.view.detail.is_none() && !self.view.order.is_empty() => {
                self.table.select(0)
            }
            (Mode::Detail, _) => self.next_with_prompts(a, page),
            _ => self.table.move_by(a, self.view.order.len(), page),
        }
        if self.mode == Mode::Detail {
            self.detail = self.selected_user();
            self.detail_scroll = 0;
        }
        self.refresh_visible();
    }

    /// j/k, g/G in a person's detail: the next person the move reaches who has prompts in
    /// this period, looking on the way it went. Dormant people have nothing to detail (the
    /// screen said only "this person has no prompts", without saying who); with no one
    /// further, the selection stays.
    fn next_with_prompts(&mut self, a: Action, page: usize) {
        let (before, len) = (self.table.selected(), self.view.order.len());
        self.table.move_by(a, len, page);
        let back = matches!(a, Action::Up | Action::PageUp | Action::Bottom);
        while !self.selected_is_current() {
            let at = self.table.selected();
            let next = match back {
                true => at.checked_sub(1),
                false => (at + 1 < len).then_some(at + 1),
            };
            match next {
                Some(n) => self.table.select(n),
                None => {
                    self.table.select(before);
                    break;
                }
            }
        }
    }

    /// PgDn/PgUp in the detail: the day-by-day table by a page, within its rows.
    pub(super) fn scroll_detail(&mut self, a: Action) {
        let Some(d) = &self.view.detail else {
            return;
        };
        let rows = d.rows.len();
        let page = self.detail_page();
        self.detail_scroll = match a {
            // Down to the last page whole, where `G` goes: it went on to the last row
            // alone, under an empty table.
            Action::PageDown => (self.detail_scroll + page).min(rows.saturating_sub(page)),
            Action::PageUp => self.detail_scroll.saturating_sub(page),
            // The last page whole: the person's oldest days, as `G` ends a list.
            Action::Bottom => rows.saturating_sub(page),
            _ => 0,
        };
    }

    /// The day rows a page of the detail holds: what the pane shows, no more (half the
    /// terminal skipped rows on a short one, where the person's lines leave a few rows
    /// for the days).
    pub(super) fn detail_page(&self) -> usize {
        let fixed = self.source() == SourceKind::Fixed;
        let fits =
            |d: &crate::tui::view::DetailView| d.day_rows_fit(self.areas().products.height, fixed);
        self.view.detail.as_ref().map_or(1, fits).max(1)
    }

    /// Enter on the calendar: the range becomes the day under the cursor (who sent
    /// prompts that day), and `[ ]` step a day; with no cursor yet, how to get one (it
    /// did nothing, and said nothing).
    pub(super) fn zoom_to_day(&mut self) -> Vec<Effect> {
        let Some((day, _)) = self.calendar_day() else {
            let keys = [Action::Left, Action::Down, Action::Up, Action::Right]
                .map(|a| self.keymap.key_name(Mode::Main, a));
            return self.hint(format!("{} pick a day; Enter shows it", keys.join("/")));
        };
        let Ok(range) = DateRange::new(day, day) else {
            return Vec::new();
        };
        self.span = Span::Rolling;
        self.calendar_day = None;
        self.set_range(range)
    }

    /// Enter on the chart: the range becomes the bar under the cursor, seen by days (a
    /// week or a month of a long range), and `[ ]` then step by that bar's unit; with no
    /// cursor yet, how to get one (Enter there did nothing, and said nothing).
    pub(super) fn zoom_to_bar(&mut self) -> Vec<Effect> {
        let bar = self
            .chart_cursor()
            .and_then(|i| self.view.chart.bar(i))
            .cloned();
        let Some(b) = bar else {
            let (l, r) = (
                self.keymap.key_name(Mode::Main, Action::Left),
                self.keymap.key_name(Mode::Main, Action::Right),
            );
            return self.hint(format!("{l}/{r} pick a bar; Enter shows its days"));
        };
        let Ok(range) = DateRange::new(b.start, b.end) else {
            return Vec::new();
        };
        self.span = match self.view.chart.shown {
            Bucketing::Day => Span::Rolling,
            Bucketing::Week => Span::Week,
            Bucketing::Month => Span::Month,
        };
        self.bucketing = Bucketing::Day;
        self.chart_cursor = None;
        self.set_range(range)
    }
}
