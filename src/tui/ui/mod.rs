//! The screen. `impl Widget for &App` lays out and formats state; it does no I/O, parses
//! nothing and aggregates nothing (the view is derived in `update`).
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

mod charts;
mod detail;
mod filters;
mod footer;
mod header;
mod overlay;
pub mod text;
pub mod theme;
mod users;

#[cfg(test)]
mod snapshots;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::app::App;
use super::keymap::Mode;
use theme::Theme;

/// The smallest usable terminal.
pub const MIN_W: u16 = 60;
pub const MIN_H: u16 = 16;
/// The users table's email and sparkline widths at a table width: the email gets up to 44
/// cells, the sparkline the rest (none below 90 columns).
pub fn user_columns(width: u16) -> (usize, usize) {
    let w = width as usize;
    // total 10, share 7, days 5, last 11, and a space before the email and the sparkline.
    let fixed = 10 + 7 + 5 + 11 + 1;
    if w < 90 {
        return (w.saturating_sub(fixed).max(8), 0);
    }
    let email = (w - fixed - 1).min(44);
    (email, w - fixed - 1 - email)
}
/// From this width on, filters get their own pane.
const WIDE: u16 = 110;

/// Where each pane goes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Areas {
    pub header: Rect,
    pub filters: Rect,
    pub filters_strip: bool,
    pub kpis: Rect,
    pub chart: Rect,
    pub products: Rect,
    pub users: Rect,
    pub status: Rect,
    pub footer: Rect,
}

/// The layout at `size` in `mode`; `update` uses it too (page size, mouse).
pub fn layout(size: (u16, u16), mode: Mode) -> Areas {
    let area = Rect::new(0, 0, size.0, size.1);
    if size.0 < MIN_W || size.1 < MIN_H {
        return Areas::default();
    }
    let [header, mid, status, footer] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let wide = size.0 >= WIDE;
    let (filters, body) = if wide {
        let [f, _, b] = Layout::horizontal([
            Constraint::Length(26),
            Constraint::Length(1),
            Constraint::Fill(1),
        ])
        .areas(mid);
        (f, b)
    } else {
        let [f, b] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(mid);
        (f, b)
    };
    let tall = size.1 >= 30;
    let (kpis, chart, products, users) = if mode == Mode::Detail {
        let [k, c, p] = Layout::vertical([
            Constraint::Length(2),
            Constraint::Length(if tall { 9 } else { 5 }),
            Constraint::Fill(1),
        ])
        .areas(body);
        (k, c, p, Rect::default())
    } else {
        let [k, c, p, u] = Layout::vertical([
            Constraint::Length(2),
            Constraint::Length(if tall { 7 } else { 4 }),
            Constraint::Length(if tall { 7 } else { 4 }),
            Constraint::Fill(1),
        ])
        .areas(body);
        (k, c, p, u)
    };
    // The chart's first row is its title; the bars are below it.
    let chart_bars = Rect {
        y: chart.y + 1,
        height: chart.height.saturating_sub(1),
        ..chart
    };
    Areas {
        header,
        filters,
        filters_strip: !wide,
        kpis,
        chart: chart_bars,
        products,
        users,
        status,
        footer,
    }
}

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = Theme { color: self.color };
        if area.width < MIN_W || area.height < MIN_H {
            let msg = format!(
                "The terminal is too small ({}x{}): clarityq-usage needs at least {MIN_W}x{MIN_H}. Enlarge it, or press q to quit.",
                area.width, area.height
            );
            Paragraph::new(Line::styled(msg, theme.error()))
                .wrap(Wrap { trim: true })
                .render(area, buf);
            return;
        }
        #[cfg(feature = "test-hooks")]
        if self.test_panic.as_deref() == Some("draw") && self.usage().is_some() {
            panic!("test hook: a panic in the draw path");
        }
        let a = layout((area.width, area.height), self.mode);
        header::render(self, &theme, a.header, buf);
        filters::render(self, &theme, &a, buf);
        charts::render_kpis(self, &theme, a.kpis, buf);
        if self.mode == Mode::Detail {
            detail::render(self, &theme, &a, buf);
        } else {
            charts::render_chart(self, &theme, a.chart, buf);
            charts::render_products(self, &theme, a.products, buf);
            users::render(self, &theme, a.users, buf);
        }
        footer::render(self, &theme, a.status, a.footer, buf);
        match self.mode {
            Mode::Picker => overlay::picker(self, &theme, area, buf),
            Mode::Help => overlay::help(&theme, area, buf),
            _ => {}
        }
    }
}
