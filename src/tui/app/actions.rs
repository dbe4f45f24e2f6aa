//! What each key does: keys become actions through the keymap (or text, while typing:
//! `typed.rs`), and each action changes the mode, the focus, the selection or the
//! filters (see `filters.rs`), or asks the loop for an effect.

use crossterm::event::{KeyEvent, KeyEventKind};

use super::keymap::{self, Action, Mode};
use super::people::Lens;
use super::picker::Picked;
use super::{App, Column, Effect, Focus};

/// What the product picker says when Enter would leave no product.
const NONE_TICKED: &str = "no product ticked: tick one with Space, or all with a";

impl App {
    pub(super) fn on_key(&mut self, k: KeyEvent) -> Vec<Effect> {
        if k.kind == KeyEventKind::Release {
            return Vec::new();
        }
        // Nothing is drawn but how large the terminal must be, which offers quitting:
        // keys typed blind changed the range, masked emails and wrote files unseen, and
        // `q` in the picker only closed it.
        if self.too_small() {
            return match self.keymap.lookup(Mode::Main, &k) {
                Some(Action::Quit) => self.quit_now(),
                Some(Action::Suspend) => vec![Effect::Suspend],
                _ => Vec::new(),
            };
        }
        if self.search.is_typing() {
            return self.on_typed(k);
        }
        match self.keymap.lookup(self.mode, &k) {
            Some(a) => {
                // A hint answered the key before (where it works): this key's result
                // replaces it, so it cannot be read as about what this key did.
                if self.status.as_ref().is_some_and(|s| s.hint) {
                    self.status = None;
                }
                self.act(a)
            }
            // Any key closes the help.
            None if self.mode == Mode::Help => self.act(Action::Back),
            // With no teams, going back would not help `t`: say why here as there.
            None if self.mode == Mode::Detail
                && !self.teams.configured()
                && self.keymap.lookup(Mode::Main, &k) == Some(Action::Team) =>
            {
                self.cycle_team(true)
            }
            None => match self.keymap.elsewhere(self.mode, &k) {
                // A key of the main screen pressed in a detail says where it works.
                Some((help, Mode::Main)) if self.mode == Mode::Detail => {
                    let back = self.keymap.key_name(self.mode, Action::Back);
                    self.hint(format!("{help}: on the main screen ({back} goes back)"))
                }
                _ => Vec::new(),
            },
        }
    }

    /// Runs one action (also used by tests and the mouse).
    pub fn act(&mut self, a: Action) -> Vec<Effect> {
        if self.mode == Mode::Help && !matches!(a, Action::Quit | Action::Suspend) {
            self.in_help(a);
            return Vec::new();
        }
        if self.mode == Mode::Picker {
            return self.on_picker(a);
        }
        match a {
            Action::Quit => self.quit_now(),
            Action::Suspend => vec![Effect::Suspend],
            Action::Help => self.enter_mode(Mode::Help),
            Action::FocusNext | Action::FocusPrev => {
                self.move_focus(a == Action::FocusNext);
                Vec::new()
            }
            // In a person's detail j/k move to the next person; a page, g and G scroll
            // their days (G went to the list's last person, leaving the one being read).
            Action::PageDown | Action::PageUp | Action::Top | Action::Bottom
                if self.mode == Mode::Detail =>
            {
                self.scroll_detail(a);
                Vec::new()
            }
            // g/G on the chart pane: its first or last bar, or the calendar's day.
            Action::Top | Action::Bottom if self.focus == Focus::Chart => {
                self.chart_cursor_to_end(a == Action::Bottom);
                Vec::new()
            }
            // On the chart pane: left/right its bar cursor; on the calendar, all four.
            Action::Left | Action::Right | Action::Up | Action::Down
                if self.focus == Focus::Chart
                    && (self.calendar_shown() || matches!(a, Action::Left | Action::Right)) =>
            {
                match self.calendar_shown() {
                    true => self.move_calendar_day(a),
                    false => self.move_chart_cursor(a == Action::Right),
                }
                Vec::new()
            }
            Action::Down
            | Action::Up
            | Action::PageDown
            | Action::PageUp
            | Action::Top
            | Action::Bottom => {
                self.move_cursor(a);
                Vec::new()
            }
            Action::SortNext | Action::SortReverse | Action::SortBy(_) => {
                self.sort(a);
                Vec::new()
            }
            Action::Open => self.open(),
            Action::Team => self.cycle_team(true),
            Action::Lens | Action::Bucket => {
                self.change_lens_or_bars(a);
                Vec::new()
            }
            Action::Calendar => self.toggle_calendar(),
            Action::Back => self.back_to_main(),
            Action::Export | Action::Report | Action::CopyCommand | Action::Mask => {
                self.hand_out(a)
            }
            Action::Toggle | Action::All => Vec::new(),
            _ => self.act_on_filters(a),
        }
    }

    pub(super) fn back_to_main(&mut self) -> Vec<Effect> {
        // A hint about the detail (where a key works) was about it; other notes stay.
        if self.status.as_ref().is_some_and(|s| s.hint) {
            self.status = None;
        }
        self.detail = None;
        self.mode = Mode::Main;
        self.rebuild_view();
        Vec::new()
    }

    fn enter_mode(&mut self, mode: Mode) -> Vec<Effect> {
        self.mode = mode;
        Vec::new()
    }

    /// `s`, `S` or a column's own key.
    fn sort(&mut self, a: Action) {
        match a {
            Action::SortNext => self.table.sort_next(self.teams.configured()),
            Action::SortBy(c) => self.table.sort_by(c),
            _ => self.table.sort_reverse(),
        }
        self.rebuild_with(None);
    }

    /// A key in the help: `?` turns to its second page (what the numbers mean, from its
    /// top); a moving key scrolls a page too long for the terminal; any other key closes it.
    fn in_help(&mut self, a: Action) {
        if a == Action::Help && !self.glossary {
            self.glossary = true;
            self.help_scroll = 0;
            return;
        }
        if self.scroll_help(a) {
            return;
        }
        self.glossary = false;
        self.help_scroll = 0;
        // Back to the picker it was opened from, its ticks as they were (they were lost).
        self.mode = match self.picker.is_open() {
            true => Mode::Picker,
            false => self.base_mode(),
        };
    }

    /// The pane whose keys the footer shows first.
    pub fn pane(&self) -> keymap::Pane {
        match (self.mode, self.focus) {
            (Mode::Main, Focus::Filters) => keymap::Pane::Filters,
            (Mode::Main, Focus::Chart) if self.calendar_shown() => keymap::Pane::Calendar,
            (Mode::Main, Focus::Chart) => keymap::Pane::Chart,
            (Mode::Main, Focus::Products) => keymap::Pane::Products,
            (Mode::Main, Focus::Users) => keymap::Pane::Users,
            _ => keymap::Pane::None,
        }
    }

    /// `v` (the next lens) or `b` (the next bar length).
    fn change_lens_or_bars(&mut self, a: Action) {
        if a == Action::Lens {
            self.next_lens();
        } else {
            self.bucketing = self.bucketing.next();
            self.chart_cursor = None;
            self.rebuild_view();
        }
    }

    /// `c`: the calendar in the chart's place, or back; under 8 weeks, why not. The range
    /// asked for decides (one still loading shows its calendar when it arrives).
    fn toggle_calendar(&mut self) -> Vec<Effect> {
        let days = self.query.range.len_days();
        if days < crate::tui::calendar::MIN_DAYS {
            // A hint: the next key that acts replaces it (it stayed on screen under the
            // calendar that `3` then `c` showed).
            let k = |a| self.keymap.key_name(Mode::Main, a);
            let (q, y, d) = (
                k(Action::Preset(2)),
                k(Action::Preset(5)),
                k(Action::CustomRange),
            );
            // On from a longer range, `c` here turns it off: it could not be turned off on
            // a short range, and the next long range showed it again.
            let off = std::mem::take(&mut self.calendar);
            let what = if off { "Calendar off: it" } else { "Calendar:" };
            return self.hint(format!(
                "{what} needs 8+ weeks, this range is {days} days ({q}: 90d, {y}: YTD, {d}: any)"
            ));
        }
        // Where it does not fit, `c` says so and changes nothing: on but not drawn, it
        // was turned off by a `c` that seemed to do nothing.
        if !self.calendar_fits() {
            return self
                .hint("Calendar: needs a taller terminal, to leave rows for the table".into());
        }
        self.calendar = !self.calendar;
        self.rebuild_view();
        Vec::new()
    }

    /// `v`: the next lens; the dormant by what they did before, the movers by the change,
    /// biggest first.
    fn next_lens(&mut self) {
        self.lens = self.lens.next();
        match self.lens {
            Lens::Dormant => self.table.sort_exact(Column::Previous, true),
            Lens::MoversUp => self.table.sort_exact(Column::Delta, true),
            Lens::MoversDown => self.table.sort_exact(Column::Delta, false),
            // Back to the table's own order (the movers' sort is theirs only).
            Lens::All | Lens::New => self.table.sort_exact(Column::Total, true),
        }
        self.rebuild_with(None);
    }

    pub(super) fn quit_now(&mut self) -> Vec<Effect> {
        self.quit = true;
        vec![Effect::Quit]
    }

    /// Enter: the focused filter, the picker, or the selected person's detail.
    fn open(&mut self) -> Vec<Effect> {
        match self.focus {
            Focus::Filters => self.change_focused_filter(true),
            Focus::Products => self.only_product(),
            Focus::Chart if self.calendar_shown() => self.zoom_to_day(),
            Focus::Chart => self.zoom_to_bar(),
            Focus::Users => {
                let Some(id) = self.selected_user() else {
                    return Vec::new();
                };
                if !self.selected_is_current() {
                    let note = self.dormant_note();
                    return self.note(note, false);
                }
                self.detail = Some(id);
                self.detail_scroll = 0;
                self.mode = Mode::Detail;
                self.rebuild_view();
                self.origin_fetches(false, false)
            }
        }
    }

    /// Enter on a dormant person: what they did before and where to see it (it said only
    /// that there was nothing to detail, under a footer offering the detail).
    fn dormant_note(&self) -> String {
        let row = (self.view.order.get(self.table.selected()))
            .and_then(|&r| self.view.people.rows.get(r as usize));
        let back = self.keymap.key_name(Mode::Main, Action::PeriodPrev);
        let Some(row) = row else {
            return "dormant: no prompts in this period, nothing to detail".into();
        };
        let last = row
            .last_active
            .map(|d| format!(", last {d}"))
            .unwrap_or_default();
        let before = crate::numbers::thousands(row.change.previous);
        format!("dormant: no prompts now; {before} the period before{last} ({back} shows it)")
    }

    /// What leaves the screen: a file, a command line, or masked emails for a screenshot.
    fn hand_out(&mut self, a: Action) -> Vec<Effect> {
        match a {
            Action::Export => match self.export_job() {
                Ok(job) => vec![Effect::Export(job)],
                Err(why) => self.note(why, false),
            },
            Action::Report => match self.report_job() {
                Ok(job) => vec![Effect::Report(job)],
                Err(why) => self.note(why, false),
            },
            Action::CopyCommand => match self.copy_note() {
                Ok((cmd, note)) => {
                    self.note(note, false);
                    vec![Effect::Copy(cmd)]
                }
                Err(why) => self.note(why, false),
            },
            _ => {
                self.mask = !self.mask;
                self.refresh_visible();
                Vec::new()
            }
        }
    }

    /// A key in the product picker.
    fn on_picker(&mut self, a: Action) -> Vec<Effect> {
        // A page is what the pop-up shows: every product, or as many as the height holds.
        let page = self.picker.rows(self.screen.size.1);
        // The picker's own complaint goes with it: left as an error, it stayed on the
        // main screen until the next answer, about a pop-up no longer there.
        let picked = self.picker.act(a, page);
        // So does it once a product is ticked again: it is no longer true.
        let moot = !matches!(picked, Picked::Stay | Picked::NoneTicked)
            || !self.picker.chosen().is_empty();
        if moot && self.status.as_ref().is_some_and(|s| s.text == NONE_TICKED) {
            self.status = None;
        }
        match picked {
            Picked::Stay => Vec::new(),
            Picked::Apply(chosen) => {
                self.mode = self.base_mode();
                self.set_filter(|q| q.product_ids = chosen)
            }
            Picked::NoneTicked => self.note(NONE_TICKED, true),
            Picked::Close => {
                self.mode = self.base_mode();
                self.refresh_visible();
                Vec::new()
            }
            Picked::Help => {
                self.mode = Mode::Help;
                Vec::new()
            }
            Picked::Quit => self.quit_now(),
            Picked::Suspend => vec![Effect::Suspend],
        }
    }
}
