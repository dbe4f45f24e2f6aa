//! The screen. `impl Widget for &App` formats the state into the areas `update` computed
//! (`tui::layout`) at the widths of the column table (`tui::columns`); it does no I/O,
//! parses nothing and aggregates nothing (the view is derived in `update`).
//!
//! ```text
//! ┌ header: organization, fetched at, spinner ───────────────────────────────┐
//! │ range · origin · products · search                                       │
//! ├ filters ┬ KPIs ───────────────────────────────────────────────────────────┤
//! │ range   │ daily chart (zero-filled)                                      │
//! │ origin  │ products: name, sparkline, total                               │
//! │ products│ users: email, total, share, active days, last day, sparkline   │
//! │ search  │   (Enter: the user's detail replaces the right side)           │
//! ├─────────┴───────────────────────────────────────────────────────────────┤
//! │ status line (errors, toasts, input)                                      │
//! │ footer: the keys that work here                                          │
//! └──────────────────────────────────────────────────────────────────────────┘
//! ```
//! Below 110 columns the filter pane becomes a one-line strip under the header.

mod calendar;
mod charts;
mod chips;
mod detail;
mod filters;
mod footer;
mod header;
mod kpis;
mod overlay;
mod products;
mod teams;
pub mod theme;
mod users;

#[cfg(test)]
mod calendar_snapshots;
#[cfg(test)]
mod header_tests;
#[cfg(test)]
mod snapshots;
#[cfg(test)]
mod snapshots_polish;
#[cfg(test)]
mod snapshots_status;
#[cfg(test)]
mod snapshots_teams;
#[cfg(test)]
mod themes_tests;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::app::App;
// Text fitting is shared with the column table; the widgets reach it as `super::text`.
use super::keymap::{Action, Mode};
use super::layout::{MIN_H, MIN_W, layout_with, too_small};
use super::text;
use theme::Theme;

/// The calendar's title, the organization's and a person's.
const PER_DAY: &str = "Prompts per day (UTC)";

/// The screen drawn in a theme: what the dashboard's loop renders.
pub struct Themed<'a>(pub &'a App, pub &'a Theme);

impl Widget for Themed<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        self.0.draw(self.1, area, buf);
    }
}

impl Widget for &App {
    /// The screen in the default (dark) theme, for tests and the benchmark.
    fn render(self, area: Rect, buf: &mut Buffer) {
        self.draw(&Theme::default(), area, buf);
    }
}

impl App {
    fn draw(&self, theme: &Theme, area: Rect, buf: &mut Buffer) {
        let theme = *theme;
        if too_small((area.width, area.height)) {
            return self.draw_too_small(&theme, area, buf);
        }
        #[cfg(feature = "test-hooks")]
        if self.test_panic.as_deref() == Some("draw") && self.usage().is_some() {
            panic!("test hook: a panic in the draw path");
        }
        // The areas `update` computed for this size; a frame of another size (never in the
        // loop, which resizes first) gets its own.
        let a = if self.screen().size == (area.width, area.height) {
            *self.areas()
        } else {
            layout_with(
                (area.width, area.height),
                self.base_mode(),
                self.calendar_shown(),
            )
        };
        header::render(self, &theme, a.header, buf);
        filters::render(self, &theme, &a, buf);
        // A file with no rows has no figures: zeros over a placeholder day would look like
        // a quiet range.
        let pane = Rect {
            y: a.kpis.y,
            height: a.status.y.saturating_sub(a.kpis.y),
            ..area
        };
        if self.empty_file() {
            overlay::blocker(&theme, crate::tui::app::empty::WHY, pane, buf);
        } else {
            self.draw_body(&theme, &a, buf);
        }
        footer::render(self, &theme, a.status, a.footer, buf);
        if let (Some(why), None) = (self.blocker(), self.usage()) {
            overlay::blocker(&theme, why, pane, buf);
        }
        match self.mode() {
            Mode::Picker => overlay::picker(self, &theme, area, buf),
            Mode::Help if self.glossary() => {
                overlay::glossary(self.keymap(), &theme, area, buf, self.help_scroll())
            }
            Mode::Help => {
                let lines = crate::tui::help::lines(self.keymap(), |a| self.offers(a));
                overlay::help(
                    self.keymap(),
                    &theme,
                    area,
                    buf,
                    (&lines, self.help_scroll()),
                )
            }
            _ => {}
        }
    }

    /// Instead of the screen on a terminal under the minimum: how large it must be.
    fn draw_too_small(&self, theme: &Theme, area: Rect, buf: &mut Buffer) {
        let q = self.keymap().key_name(Mode::Main, Action::Quit);
        let msg = format!(
            "The terminal is too small ({}x{}): clarityq-usage needs at least {MIN_W}x{MIN_H}. Enlarge it, or press {q} to quit.",
            area.width, area.height
        );
        Paragraph::new(Line::styled(msg, theme.error()))
            .wrap(Wrap { trim: true })
            .render(area, buf);
    }

    /// The KPIs, and the chart, products, origins, teams and people (or a person's detail).
    fn draw_body(&self, theme: &Theme, a: &super::layout::Areas, buf: &mut Buffer) {
        let theme = *theme;
        kpis::render(self, &theme, a.kpis, buf);
        if self.base_mode() == Mode::Detail {
            detail::render(self, &theme, a, buf);
        } else {
            match &self.view().calendar {
                Some(cal) if self.calendar_shown() => {
                    let day = self.calendar_day();
                    let title = calendar::title(PER_DAY, day);
                    let focused = self.focus() == crate::tui::app::Focus::Chart;
                    let cursor = (cal, day.map(|d| d.0), focused);
                    calendar::render(&theme, cursor, &title, a.chart, buf)
                }
                _ => charts::render_chart(self, &theme, a.chart, buf),
            }
            if a.origins_beside(self.view().origins.is_some()) {
                products::render_products(self, &theme, a.products_beside, buf);
                teams::render(self, &theme, a.teams_beside, buf);
                charts::render_origins(self, &theme, a.origins, buf);
            } else {
                products::render_products(self, &theme, a.products, buf);
                teams::render(self, &theme, a.teams, buf);
            }
            users::render(self, &theme, a.users, buf);
        }
    }
}
