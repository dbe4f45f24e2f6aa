//! What the widgets read: the dashboard's state, read only.

use super::*;

/// The cells a product's name takes in the header and the filter pane at most.
const PRODUCT_CELLS: usize = 24;

/// What the widgets read.
impl App {
    /// The keys in use, for the footer and the help.
    pub fn keymap(&self) -> &keymap::Keymap {
        &self.keymap
    }
    pub fn today(&self) -> NaiveDate {
        self.today
    }
    pub fn org_label(&self) -> &str {
        &self.org_label
    }
    pub fn source(&self) -> SourceKind {
        self.source
    }
    pub fn query(&self) -> &UsageQuery {
        &self.query
    }
    pub fn preset(&self) -> Preset {
        self.preset
    }
    /// The query whose data is on screen.
    pub fn shown(&self) -> Option<&UsageQuery> {
        self.shown.as_ref()
    }
    pub fn cache(&self) -> &ViewCache {
        &self.cache
    }
    pub fn fetch(&self) -> &Fetch {
        &self.fetch
    }
    pub fn is_loading(&self) -> bool {
        self.fetch.is_loading()
    }
    pub fn view(&self) -> &View {
        &self.view
    }
    pub fn table(&self) -> &Table {
        &self.table
    }
    pub fn picker(&self) -> &Picker {
        &self.picker
    }
    pub fn input(&self) -> Option<&Input> {
        self.search.input()
    }
    pub fn status(&self) -> Option<&Status> {
        self.status.as_ref()
    }
    /// What the status line says, and whether it is an error: a retry under way, else
    /// the last note or error; nothing while typing, whose line is the input's.
    /// Under `m`, its emails masked as the table's are: "copied: ... --search EMAIL" kept
    /// the person's address in clear on a screen being shared.
    pub fn status_message(&self) -> Option<(std::borrow::Cow<'_, str>, bool)> {
        if self.search.input().is_some() {
            return None;
        }
        let (text, error) = match (self.fetch.retry_note(), &self.status) {
            (Some(r), _) => (r, false),
            (None, Some(s)) => (s.text.as_str(), s.error),
            (None, None) => return None,
        };
        Some(match self.mask {
            true => (crate::mask::mask_words(text).into(), error),
            false => (text.into(), error),
        })
    }
    pub fn mode(&self) -> Mode {
        self.mode
    }
    /// The first row of the detail's day-by-day table on screen.
    pub fn detail_scroll(&self) -> usize {
        self.detail_scroll
    }
    pub fn focus(&self) -> Focus {
        self.focus
    }
    pub fn filter_row(&self) -> usize {
        self.filter_row
    }
    pub fn mask(&self) -> bool {
        self.mask
    }
    pub fn lens(&self) -> people::Lens {
        self.lens
    }
    /// The chart's bar under the cursor, while the chart has focus.
    pub fn chart_cursor(&self) -> Option<usize> {
        self.chart_cursor.filter(|_| self.focus == Focus::Chart)
    }
    pub fn wall(&self) -> DateTime<Utc> {
        self.wall
    }
    pub fn spinner(&self) -> usize {
        self.spinner
    }
    pub fn screen(&self) -> &Screen {
        &self.screen
    }
    /// Whether the calendar is drawn in the chart's place (asked for, and the range on
    /// screen is long enough to have one).
    /// The calendar's day under the cursor and its prompts, while the chart pane (with
    /// the calendar in its place) has focus.
    pub fn calendar_day(&self) -> Option<(chrono::NaiveDate, u64)> {
        let cal = self.view.calendar.as_ref()?;
        // On the last day shown until an arrow moves it, as the arrows start from there.
        let day = cal.clamp(self.calendar_day.unwrap_or(cal.shown.1));
        let shown = self.focus == Focus::Chart && self.calendar_shown();
        shown.then(|| (day, cal.count(day).unwrap_or(0)))
    }

    pub fn calendar_shown(&self) -> bool {
        self.calendar && self.view.calendar.is_some() && self.calendar_fits()
    }
    /// The calendar in the chart's place leaves a few rows of the people's table: at 60x16
    /// it left none (the chart then stays, and `c` says why). A person's detail keeps it.
    pub fn calendar_fits(&self) -> bool {
        let mode = self.base_mode();
        mode != Mode::Main || self.screen.shown(mode, true).users.height > 3
    }
    /// The areas drawn now: the mode's, with the calendar or the chart.
    pub fn areas(&self) -> &super::layout::Areas {
        self.screen.shown(self.base_mode(), self.calendar_shown())
    }
    /// The screen under an overlay (the help, the picker): a person's detail when one is
    /// open, so that `p` there picks products over the person, and goes back to them.
    pub fn base_mode(&self) -> Mode {
        match (self.mode, self.detail.is_some()) {
            (Mode::Help | Mode::Picker, true) => Mode::Detail,
            (Mode::Help | Mode::Picker, false) => Mode::Main,
            (m, _) => m,
        }
    }
    pub fn size(&self) -> (u16, u16) {
        self.screen.size
    }
    /// The first product the Products pane draws (it scrolls with its row).
    pub fn products_top(&self) -> usize {
        (self.picker).row_top(self.view.products.len(), self.products_drawn())
    }
    /// The rows of the Products pane that show a product (a last row of "… N more" does
    /// not): j/k scroll through the products, Enter filters by the one on the row.
    pub fn products_drawn(&self) -> usize {
        let area = self.areas().products_area(self.view.origins.is_some());
        let shown = usize::from(area.height.saturating_sub(1));
        match self.view.products.len() > shown {
            true => shown.saturating_sub(1),
            false => self.view.products.len(),
        }
    }
    /// Under the minimum size: the screen says so instead of drawing anything.
    pub fn too_small(&self) -> bool {
        crate::tui::layout::too_small(self.screen.size)
    }
    /// The user asked to quit.
    pub fn quit(&self) -> bool {
        self.quit
    }

    /// The names of the products a query asks for (an id when the name is not known).
    pub(crate) fn product_names(&self, q: &UsageQuery) -> Vec<String> {
        let known = self.picker.known();
        let name = |id: &uuid::Uuid| match known.iter().find(|(p, _)| p == id) {
            Some((_, name)) => crate::sanitize::one_line(name),
            None => id.to_string(),
        };
        q.product_ids.iter().map(name).collect()
    }

    /// The products a query asks for, as the header and the filter pane say it: `all`
    /// when none is picked, the product's name (cut) when one is, else "N of M".
    pub fn products_label(&self, q: &UsageQuery, all: &str) -> String {
        match q.product_ids.len() {
            0 => all.to_string(),
            1 => crate::width::cut(&self.product_names(q)[0], PRODUCT_CELLS).into_owned(),
            n => format!("{n} of {}", self.picker.known().len()),
        }
    }
}
