//! The mouse: a click selects and focuses what is under it, the wheel scrolls what is
//! under it. Hits are read against the areas `update` keeps for the current size.

use super::layout::Rect;
use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use unicode_width::UnicodeWidthStr;

use super::keymap::{Action, Mode};
use super::{App, Column, Effect, Focus};
use crate::dates::Preset;
use crate::tui::columns::{self, USERS};

/// Rows the wheel moves a person's day table by, a notch at a time.
const WHEEL_ROWS: usize = 3;

impl App {
    pub(super) fn on_mouse(&mut self, m: MouseEvent) -> Vec<Effect> {
        if self.too_small() {
            return Vec::new();
        }
        let areas = *self.areas();
        let inside = |r: Rect| {
            m.column >= r.x && m.column < r.x + r.width && m.row >= r.y && m.row < r.y + r.height
        };
        match m.kind {
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
                let down = m.kind == MouseEventKind::ScrollDown;
                match self.mode {
                    // The person's days scroll: the wheel went to the next person.
                    Mode::Detail => self.wheel_detail(down),
                    // The table scrolls under the pointer only: over the chart or the
                    // products it moved a table the pointer was not on.
                    Mode::Main if inside(areas.users) => {
                        self.focus = Focus::Users;
                        return self.act(if down { Action::Down } else { Action::Up });
                    }
                    Mode::Main => {}
                    _ => return self.act(if down { Action::Down } else { Action::Up }),
                }
                Vec::new()
            }
            MouseEventKind::Down(MouseButton::Left) if self.mode == Mode::Main => {
                if inside(areas.users) {
                    return self.click_users(m, areas.users);
                } else if inside(areas.filters) {
                    return self.click_filters(m, areas.filters, areas.filters_strip);
                } else if inside(areas.chart) {
                    self.click_chart(m.column - areas.chart.x, m.row - areas.chart.y);
                } else if inside(areas.products_area(self.view.origins.is_some())) {
                    self.focus = Focus::Products;
                    let area = areas.products_area(self.view.origins.is_some());
                    let row = usize::from(m.row - area.y);
                    if (1..=self.products_drawn()).contains(&row) {
                        self.picker.set_row(self.products_top() + row - 1);
                    }
                }
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// A click on the table: its header sorts by that column, a row selects that person.
    fn click_users(&mut self, m: MouseEvent, users: Rect) -> Vec<Effect> {
        self.focus = Focus::Users;
        // Row 0 is the header: a click there sorts by that column.
        let row = (m.row - users.y) as usize;
        if row == 0 {
            let x = m.column - users.x;
            return match header_column(users.width, x, self.screen.teams) {
                Some(c) => self.act(Action::SortBy(c)),
                None => Vec::new(),
            };
        }
        let at = self.table.offset() + row;
        if at - 1 < self.view.order.len() {
            self.table.select(at - 1);
            self.refresh_visible();
        }
        Vec::new()
    }

    /// A click on the filters: the filter under it (on the one-line strip, the one whose
    /// label or value is there: every click chose the range), or a preset below them.
    fn click_filters(&mut self, m: MouseEvent, area: Rect, strip: bool) -> Vec<Effect> {
        self.focus = Focus::Filters;
        let cells = self.filter_cells();
        if strip {
            let x = usize::from(m.column - area.x);
            let gap = App::strip_gap(&cells, area.width);
            let mut end = 0;
            for (i, (k, v)) in cells.iter().enumerate() {
                end += k.width() + 2 + v.width() + gap;
                if x < end {
                    self.filter_row = i;
                    break;
                }
            }
            return Vec::new();
        }
        // Inside the border: the filters, a blank line and "Presets", then one a row.
        let row = usize::from(m.row.saturating_sub(area.y + 1));
        let preset = row.checked_sub(cells.len() + 2);
        match preset {
            None => self.filter_row = row.min(cells.len() - 1),
            Some(p) if p < Preset::ALL.len() => return self.act(Action::Preset(p as u8)),
            Some(p) if p == Preset::ALL.len() => return self.act(Action::CustomRange),
            Some(_) => {}
        }
        Vec::new()
    }

    /// A click on the chart focuses it and puts its cursor on the bar there (the nearest
    /// one left of a gap), or on the calendar's day there (its title says the day's
    /// prompts, and Enter shows it, as with the arrows).
    fn click_chart(&mut self, x: u16, y: u16) {
        self.focus = Focus::Chart;
        if self.calendar_shown() {
            let day = self.view.calendar.as_ref().and_then(|c| c.at(x, y));
            if day.is_some() {
                self.calendar_day = day;
            }
            return;
        }
        let bars = &self.view.chart.bars;
        if let Some(i) = bars.iter().rposition(|b| b.x <= x) {
            self.chart_cursor = Some(i);
        }
    }

    /// The wheel on a person's detail: their days, a few rows a notch.
    fn wheel_detail(&mut self, down: bool) {
        let rows = self.view.detail.as_ref().map_or(0, |d| d.rows.len());
        let last_page = rows.saturating_sub(self.detail_page());
        self.detail_scroll = match down {
            true => (self.detail_scroll + WHEEL_ROWS).min(last_page.max(self.detail_scroll)),
            false => self.detail_scroll.saturating_sub(WHEEL_ROWS),
        };
    }
}

/// The column whose header is at `x` in a table `width` wide, as it sorts.
fn header_column(width: u16, x: u16, teams: bool) -> Option<Column> {
    USERS
        .iter()
        .zip(columns::users_for(width, teams))
        .find(|(_, p)| p.is_some_and(|p| x >= p.x && x < p.x + p.width))
        .and_then(|(c, _)| c.column.sorts_by())
}

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

    use super::super::tests::{answer, ch, key, loaded};
    use super::super::{Focus, Msg};

    /// A click on a calendar cell puts the day cursor there: the widget then draws that
    /// very cell selected, its title gives that day, and Enter shows it (the cells did
    /// nothing; only the arrows moved the cursor).
    #[test]
    fn a_click_on_a_calendar_cell_picks_that_day() {
        let (mut app, org) = loaded((80, 24));
        let fx = ch(&mut app, '3');
        answer(&mut app, &org, fx);
        ch(&mut app, 'c');
        assert!(app.calendar_shown());
        let area = app.areas().chart;
        let drawn = super::super::tests::screen;
        // A cell the widget drew a shade in, some weeks back and mid-week.
        let (x, y) = (area.x + 4 + 2 * 3, area.y + 3);
        let before = drawn(&app);
        assert!("·░▒▓█".contains(before[(x, y)].symbol()), "a day's cell");
        app.update(Msg::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: x,
            row: y,
            modifiers: KeyModifiers::NONE,
        }));
        assert_eq!(app.focus, Focus::Chart);
        let (day, cell) = app.calendar_day().expect("a day under the cursor");
        let after = drawn(&app);
        // The selected style is reverse video in every theme.
        let reversed = |b: &ratatui::buffer::Buffer| {
            b[(x, y)]
                .modifier
                .contains(ratatui::style::Modifier::REVERSED)
        };
        assert!(
            !reversed(&before) && reversed(&after),
            "the clicked cell selected"
        );
        let title: String = (0..80).map(|c| after[(c, area.y - 1)].symbol()).collect();
        assert!(title.contains(&day.to_string()), "{title}");
        let fx = key(&mut app, KeyCode::Enter);
        assert_eq!((app.query.range.start(), app.query.range.end()), (day, day));
        answer(&mut app, &org, fx);
        assert_eq!(app.view.kpis.total, cell);
    }
}
