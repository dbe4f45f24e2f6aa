//! What each key does: one action at a time, changing the filters (and so the view to
//! fetch or show), the focus, the selection or the mode.

use super::{App, Column, Effect, Focus, Input, InputKind, SourceKind};
use crate::api::{Origin, UsageQuery};
use crate::dates::{DateRange, Preset};
use crate::tui::keymap::{Action, Mode};

impl App {
    /// Runs one action (also used by tests and the mouse).
    pub fn act(&mut self, a: Action) -> Vec<Effect> {
        if self.mode == Mode::Help && !matches!(a, Action::Quit | Action::Suspend) {
            self.mode = if self.detail.is_some() {
                Mode::Detail
            } else {
                Mode::Main
            };
            return Vec::new();
        }
        if self.mode == Mode::Picker {
            return self.picker_action(a);
        }
        match a {
            Action::Quit => {
                self.quit = true;
                vec![Effect::Quit]
            }
            Action::Suspend => vec![Effect::Suspend],
            Action::Help => {
                self.mode = Mode::Help;
                Vec::new()
            }
            Action::Refresh => self.request(true),
            Action::RefreshAll => {
                self.bypass_disk = true;
                self.request(true)
            }
            Action::OriginNext | Action::OriginPrev => {
                let o = Origin::cycle(self.query.origin, a == Action::OriginNext);
                self.set_filter(|q| q.origin = o)
            }
            Action::Preset(i) => {
                let p = Preset::ALL[usize::from(i).min(5)];
                let r = p.range(self.today).expect("presets have ranges");
                self.set_range(r)
            }
            Action::PeriodPrev => self.set_range(self.query.range.shifted(-1)),
            Action::PeriodNext => {
                let next = self.query.range.shifted(1);
                if next.start() > self.today {
                    self.note("the next period is in the future", false);
                    return Vec::new();
                }
                self.set_range(next)
            }
            Action::CustomRange => {
                let before = format!("{} {}", self.query.range.start(), self.query.range.end());
                self.input = Some(Input {
                    kind: InputKind::Range,
                    text: before.clone(),
                    before,
                    error: None,
                });
                Vec::new()
            }
            Action::Search => {
                if self.source == SourceKind::Fixed {
                    self.note(
                        "a saved response cannot be searched again: use --search when fetching",
                        true,
                    );
                    return Vec::new();
                }
                let before = self.query.search.clone().unwrap_or_default();
                self.input = Some(Input {
                    kind: InputKind::Search,
                    text: before.clone(),
                    before,
                    error: None,
                });
                Vec::new()
            }
            Action::Products => {
                if self.products_known.is_empty() {
                    self.note("no products known yet", false);
                    return Vec::new();
                }
                self.picker = self.query.product_ids.clone();
                self.picker_cursor = 0;
                self.mode = Mode::Picker;
                Vec::new()
            }
            Action::FocusNext | Action::FocusPrev => {
                let order = [Focus::Filters, Focus::Products, Focus::Users];
                let i = order.iter().position(|f| *f == self.focus).unwrap_or(0);
                self.focus = order[if a == Action::FocusNext {
                    (i + 1) % 3
                } else {
                    (i + 2) % 3
                }];
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
            Action::Left | Action::Right => self.change_focused_filter(a == Action::Right),
            Action::SortNext => {
                let cols: Vec<Column> = Column::sortable().collect();
                let i = cols.iter().position(|c| *c == self.sort.0).unwrap_or(0);
                let col = cols[(i + 1) % cols.len()];
                // Text sorts A to Z first; numbers and dates most first. A new order starts
                // at its top.
                self.sort = (col, col.spec().desc_first);
                self.selected = 0;
                self.rebuild_with(None);
                Vec::new()
            }
            Action::SortReverse => {
                self.sort.1 = !self.sort.1;
                self.selected = 0;
                self.rebuild_with(None);
                Vec::new()
            }
            Action::Open => match self.focus {
                Focus::Filters => self.change_focused_filter(true),
                Focus::Products => self.act(Action::Products),
                Focus::Users => {
                    let Some(id) = self.selected_user() else {
                        return Vec::new();
                    };
                    self.detail = Some(id);
                    self.mode = Mode::Detail;
                    self.rebuild_view();
                    self.origin_fetches(false)
                }
            },
            Action::Back => {
                self.detail = None;
                self.mode = Mode::Main;
                self.rebuild_view();
                Vec::new()
            }
            Action::Export => match self.export_job() {
                Ok(job) => vec![Effect::Export(job)],
                Err(why) => {
                    self.note(why, false);
                    Vec::new()
                }
            },
            Action::CopyCommand => {
                let cmd = self.export_command();
                self.note(format!("copied: {cmd}"), false);
                vec![Effect::Copy(cmd)]
            }
            Action::Mask => {
                self.mask = !self.mask;
                self.refresh_visible();
                Vec::new()
            }
            Action::Toggle | Action::All => Vec::new(),
        }
    }

    pub(super) fn move_cursor(&mut self, a: Action) {
        let page = self.table_rows().max(1);
        let (pos, len) = match (self.mode, self.focus) {
            (Mode::Main, Focus::Filters) => (&mut self.filter_row, 4),
            _ => (&mut self.selected, self.view.order.len()),
        };
        if len == 0 {
            return;
        }
        *pos = match a {
            Action::Down => (*pos + 1).min(len - 1),
            Action::Up => pos.saturating_sub(1),
            Action::PageDown => (*pos + page).min(len - 1),
            Action::PageUp => pos.saturating_sub(page),
            Action::Top => 0,
            Action::Bottom => len - 1,
            _ => *pos,
        };
        if self.mode == Mode::Detail {
            self.detail = self.selected_user();
        }
        self.refresh_visible();
    }

    /// h/l or Enter on the filter pane: range presets, origin, products, search.
    pub(super) fn change_focused_filter(&mut self, forward: bool) -> Vec<Effect> {
        if self.focus != Focus::Filters {
            return Vec::new();
        }
        match self.filter_row {
            0 => {
                let i = Preset::ALL.iter().position(|p| *p == self.preset);
                let n = Preset::ALL.len();
                let next = match (i, forward) {
                    (Some(i), true) => (i + 1) % n,
                    (Some(i), false) => (i + n - 1) % n,
                    (None, _) => 1,
                };
                self.act(Action::Preset(next as u8))
            }
            1 => self.act(if forward {
                Action::OriginNext
            } else {
                Action::OriginPrev
            }),
            2 => self.act(Action::Products),
            _ => self.act(Action::Search),
        }
    }

    pub(super) fn set_range(&mut self, r: DateRange) -> Vec<Effect> {
        self.preset = Preset::detect(r, self.today);
        self.set_filter(|q| q.range = r)
    }

    /// Changes the filters and fetches (or shows from the cache) the new view. Changing
    /// anything cancels the fetch in flight.
    pub(super) fn set_filter(&mut self, f: impl FnOnce(&mut UsageQuery)) -> Vec<Effect> {
        let mut q = self.query.clone();
        f(&mut q);
        if q == self.query {
            return Vec::new();
        }
        if self.source == SourceKind::Fixed
            && (q.origin != self.query.origin
                || q.search != self.query.search
                || q.product_ids != self.query.product_ids)
        {
            self.note(
                "a saved response is already filtered: only the dates can change",
                true,
            );
            return Vec::new();
        }
        self.query = q;
        self.preset = Preset::detect(self.query.range, self.today);
        self.request(false)
    }
}
