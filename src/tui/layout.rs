//! Where each pane goes at a terminal size: pure arithmetic on `Rect`s, no drawing. `update`
//! computes it on `Msg::Resize` and keeps it in the state (page size, mouse hits, widths of
//! the series it derives); the widgets draw into the same areas.

use super::keymap::Mode;
pub use ratatui::layout::Rect;
use ratatui::layout::{Constraint, Layout};

/// The narrowest the products may be with the Origins block beside them: a 22-cell name,
/// a few cells of sparkline and 17 of figures.
const MIN_PRODUCTS_BESIDE: u16 = 44;

/// The smallest usable terminal.
pub const MIN_W: u16 = 60;
pub const MIN_H: u16 = 16;
/// Under the minimum: the screen says how large it must be instead of drawing anything.
pub fn too_small(size: (u16, u16)) -> bool {
    size.0 < MIN_W || size.1 < MIN_H
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
    /// In the all-origins view: the products on the left of their row, the origins right.
    pub products_beside: Rect,
    pub origins: Rect,
    /// With `[teams]`: the per-team block, right of the products (`teams`), or between
    /// them and the origins (`teams_beside`); zero-width when the row is too narrow.
    pub teams: Rect,
    pub teams_beside: Rect,
    pub users: Rect,
    pub status: Rect,
    pub footer: Rect,
}

/// The most rows a status message takes: at 60 columns the longest errors (a refused
/// certificate, with what to check) read whole in three.
pub const STATUS_ROWS: u16 = 3;

/// The rows a pane keeps when a long status message takes rows from it: a table's header
/// and one person, or two of a person's days.
const KEEP_ABOVE_STATUS: u16 = 2;

impl Areas {
    /// Whether the Origins block (the all-origins view's) is drawn, with Products beside it.
    pub fn origins_beside(&self, origins: bool) -> bool {
        origins && self.origins.width > 0
    }
    /// Where Products is drawn: beside the Origins block or across the row.
    pub fn products_area(&self, origins: bool) -> Rect {
        match self.origins_beside(origins) {
            true => self.products_beside,
            false => self.products,
        }
    }

    /// The status line `rows` high, its new rows taken from the panes that end on it, as
    /// many as they can give while keeping [`KEEP_ABOVE_STATUS`].
    fn grow_status(&mut self, rows: u16) {
        let status = self.status;
        if status.height == 0 {
            return;
        }
        let mut above: Vec<&mut Rect> = [
            &mut self.filters,
            &mut self.kpis,
            &mut self.chart,
            &mut self.products,
            &mut self.products_beside,
            &mut self.origins,
            &mut self.teams,
            &mut self.teams_beside,
            &mut self.users,
        ]
        .into_iter()
        .filter(|r| r.height > 0 && r.y + r.height == status.y)
        .collect();
        let room = above
            .iter()
            .map(|r| r.height.saturating_sub(KEEP_ABOVE_STATUS))
            .min();
        let more = rows.saturating_sub(status.height).min(room.unwrap_or(0));
        for r in &mut above {
            r.height -= more;
        }
        self.status.y -= more;
        self.status.height += more;
    }
}

/// The layouts of one terminal size: the main screen's (also under the picker and the
/// help) and the user detail's, each with the chart or with the calendar in its place.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Screen {
    pub size: (u16, u16),
    /// `[teams]` is configured: the users table has a team column, the products' row a
    /// per-team block.
    pub teams: bool,
    pub main: Areas,
    pub detail: Areas,
    pub main_calendar: Areas,
    pub detail_calendar: Areas,
    /// The rows the status message asked for (`with_status`); 1 for a line or none.
    pub status_rows: u16,
}

impl Screen {
    pub fn new(size: (u16, u16)) -> Screen {
        Screen {
            size,
            teams: false,
            main: layout(size, Mode::Main),
            detail: layout(size, Mode::Detail),
            main_calendar: layout_with(size, Mode::Main, true),
            detail_calendar: layout_with(size, Mode::Detail, true),
            status_rows: 1,
        }
    }

    /// With a status message of `rows` lines (at most [`STATUS_ROWS`]): the status line
    /// grows upwards into the pane above it (the people, the person's days, the filters'
    /// column), which keeps [`KEEP_ABOVE_STATUS`] rows; the footer stays where it is.
    pub fn with_status(mut self, rows: u16) -> Screen {
        self.status_rows = rows;
        for a in [
            &mut self.main,
            &mut self.detail,
            &mut self.main_calendar,
            &mut self.detail_calendar,
        ] {
            a.grow_status(rows.min(STATUS_ROWS));
        }
        self
    }

    /// The areas drawn in `mode`, with the calendar in the chart's place or not.
    pub fn shown(&self, mode: Mode, calendar: bool) -> &Areas {
        match (mode == Mode::Detail, calendar) {
            (true, true) => &self.detail_calendar,
            (false, true) => &self.main_calendar,
            _ => self.areas(mode),
        }
    }

    /// With `teams`, the products' row makes room for the per-team block the way it does
    /// for the origins (a third of what the products had, when they keep enough room).
    pub fn with_teams(mut self, teams: bool) -> Screen {
        self.teams = teams;
        if teams {
            let m = &mut self.main;
            (m.products, m.teams) = teams_beside(m.products);
            (m.products_beside, m.teams_beside) = teams_beside(m.products_beside);
        }
        self
    }

    /// The areas drawn in `mode`.
    pub fn areas(&self, mode: Mode) -> &Areas {
        if mode == Mode::Detail {
            &self.detail
        } else {
            &self.main
        }
    }

    /// How many user rows the table shows.
    pub fn table_rows(&self, mode: Mode, calendar: bool) -> usize {
        self.shown(mode, calendar).users.height.saturating_sub(1) as usize
    }
}

/// The layout at `size` in `mode`, with the chart.
pub fn layout(size: (u16, u16), mode: Mode) -> Areas {
    layout_with(size, mode, false)
}

/// The layout at `size` in `mode`; with `calendar`, the chart's area is the calendar's
/// (its title, then `calendar::ROWS`), and on a short screen the products give it room.
pub fn layout_with(size: (u16, u16), mode: Mode, calendar: bool) -> Areas {
    let area = Rect::new(0, 0, size.0, size.1);
    if too_small(size) {
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
    let (kpis, chart, products, users) = body_areas(body, mode, size.1 >= 30, calendar);
    // The chart's first row is its title; the bars are below it.
    let chart_bars = Rect {
        y: chart.y + 1,
        height: chart.height.saturating_sub(1),
        ..chart
    };
    let (products_beside, origins) = beside(products);
    Areas {
        header,
        filters,
        filters_strip: !wide,
        kpis,
        chart: chart_bars,
        products,
        products_beside,
        origins,
        teams: Rect::default(),
        teams_beside: Rect::default(),
        users,
        status,
        footer,
    }
}

/// The products and the Origins block beside them. The origins take a third of the row
/// (at most 48 columns), after a one-column gap, when the products keep room for a name,
/// a sparkline and their figures; on a narrower row there is no Origins block (the
/// figures would run into it).
fn beside(products: Rect) -> (Rect, Rect) {
    let third = (products.width / 3).min(48);
    let origins_w = if products.width.saturating_sub(third + 1) >= MIN_PRODUCTS_BESIDE {
        third
    } else {
        0
    };
    let [products_beside, _, origins] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(origins_w),
    ])
    .areas(products);
    (products_beside, origins)
}

/// The narrowest the per-team block is drawn: its name and figures (34 cells, see
/// `columns::TEAM_LINE`) and a few of sparkline. Narrower, its figures ran over the
/// Origins block beside it; it is left out (the table's team column stays).
const MIN_TEAMS: u16 = 40;

/// [`beside`] for the per-team block, which is left out (zero-width) when narrower than
/// [`MIN_TEAMS`], the products keeping the row.
fn teams_beside(products: Rect) -> (Rect, Rect) {
    match beside(products) {
        (p, t) if t.width >= MIN_TEAMS => (p, t),
        (_, t) => (products, Rect { width: 0, ..t }),
    }
}

/// The calendar's rows with its title.
const CALENDAR: u16 = 1 + super::calendar::ROWS;

/// The fewest rows the people table is given on the main screen: its header and four
/// people. Below that the products' block gives its rows up (the picker, `p`, still lists
/// the products); the people are what the dashboard is opened for.
const MIN_TABLE: u16 = 5;

/// The right side: KPIs, chart, products and users (the detail has no users table).
fn body_areas(body: Rect, mode: Mode, tall: bool, calendar: bool) -> (Rect, Rect, Rect, Rect) {
    let (detail_chart, chart, mut products) = match (calendar, tall) {
        (true, true) => (CALENDAR, CALENDAR, 7),
        (true, false) => (CALENDAR, CALENDAR, 0),
        (false, true) => (9, 7, 7),
        (false, false) => (5, 4, 4),
    };
    if body.height < 2 + chart + products + MIN_TABLE {
        products = 0;
    }
    if mode == Mode::Detail {
        let [k, c, p] = Layout::vertical([
            Constraint::Length(2),
            Constraint::Length(detail_chart),
            Constraint::Fill(1),
        ])
        .areas(body);
        (k, c, p, Rect::default())
    } else {
        let [k, c, p, u] = Layout::vertical([
            Constraint::Length(2),
            Constraint::Length(chart),
            Constraint::Length(products),
            Constraint::Fill(1),
        ])
        .areas(body);
        (k, c, p, u)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// At the 60x16 minimum the people table keeps its header and four people (with the
    /// chart); the products' block is what gives way, and only on a short screen.
    #[test]
    fn the_minimum_keeps_rows_for_the_people() {
        for h in MIN_H..=24 {
            let s = Screen::new((MIN_W, h));
            assert!(s.table_rows(Mode::Main, false) >= 4, "60x{h}");
            assert!(s.main.chart.height >= 2, "60x{h}: bars and an axis");
        }
        let s = Screen::new((MIN_W, MIN_H));
        assert_eq!(s.main.products.height, 0);
        assert_eq!(s.table_rows(Mode::Main, false), 4);
        assert!(Screen::new((MIN_W, 22)).main.products.height > 0);
    }

    #[test]
    fn panes_tile_the_screen() {
        let s = Screen::new((160, 48));
        let m = s.main;
        assert_eq!(m.header.y, 0);
        assert_eq!(m.footer.y, 47);
        assert_eq!(m.status.y, 46);
        assert!(!m.filters_strip);
        assert_eq!(m.users.y + m.users.height, m.status.y);
        assert_eq!(s.detail.users, Rect::default());
        assert_eq!(s.table_rows(Mode::Main, false), m.users.height as usize - 1);
        // The calendar takes its rows from the table, and on a short screen the products'.
        for (size, products) in [((80, 24), 0), ((200, 60), 7)] {
            let s = Screen::new(size);
            let c = s.main_calendar;
            assert_eq!((c.chart.height, c.products.height), (9, products));
            assert_eq!(c.chart.width, s.main.chart.width);
            assert_eq!(c.users.y + c.users.height, c.status.y);
            assert!(s.table_rows(Mode::Main, true) >= 5, "{size:?}");
            assert_eq!(s.detail_calendar.chart.height, 9);
        }
        assert!(Screen::new((80, 24)).main.filters_strip);
        assert!(Screen::new((80, 24)).main.products.height > 0);
        assert_eq!(Screen::new((40, 12)).main, Areas::default());
    }

    /// A long status message takes rows from the pane above it, never from the footer,
    /// and the pane keeps a header and a row; under the minimum size nothing moves.
    #[test]
    fn a_long_status_message_grows_upwards() {
        let plain = Screen::new((MIN_W, MIN_H));
        let s = Screen::new((MIN_W, MIN_H)).with_status(2);
        for (a, was) in [(s.main, plain.main), (s.detail, plain.detail)] {
            assert_eq!((a.status.y, a.status.height), (was.status.y - 1, 2));
            assert_eq!(a.footer, was.footer);
            assert_eq!(a.status.y + a.status.height, a.footer.y);
        }
        assert_eq!(s.main.users.height, plain.main.users.height - 1);
        assert_eq!(s.main.users.y + s.main.users.height, s.main.status.y);
        assert_eq!(s.table_rows(Mode::Main, false), 3);
        // Three rows at most, and the table keeps its header and a person.
        let s = Screen::new((MIN_W, MIN_H)).with_status(9);
        assert_eq!(s.main.status.height, STATUS_ROWS);
        assert!(s.table_rows(Mode::Main, false) >= 1);
        assert!(s.detail.products.height >= KEEP_ABOVE_STATUS);
        // The filters' column ends on the status line too, at 110 columns and more.
        let s = Screen::new((160, 48)).with_status(2);
        assert_eq!(s.main.filters.y + s.main.filters.height, s.main.status.y);
        assert_eq!(Screen::new((40, 12)).with_status(3).main, Areas::default());
    }

    /// The per-team block fits its figures or is left out: at 130 and 160 columns its
    /// figures ran over the Origins block.
    #[test]
    fn the_team_block_fits_or_is_left_out() {
        for w in (MIN_W..=260).step_by(2) {
            let s = Screen::new((w, 50)).with_teams(true);
            let m = s.main;
            for (t, next) in [(m.teams_beside, m.origins), (m.teams, Rect::default())] {
                if t.width == 0 {
                    continue;
                }
                assert!(t.width >= MIN_TEAMS, "{w}: {t:?}");
                let [_, _, figures] = crate::tui::columns::TEAM_LINE.place(t.width);
                assert!(figures.x + figures.width <= t.width, "{w}: {t:?}");
                if next.width > 0 {
                    assert!(t.x + t.width <= next.x, "{w}: {t:?} over {next:?}");
                }
            }
        }
    }
}
