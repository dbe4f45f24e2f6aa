//! The mouse: a click selects and focuses, the wheel scrolls. Hits are read against the
//! areas `update` keeps for the current size.

use super::layout::Rect;
use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};

use super::keymap::{Action, Mode};
use super::{App, Column, Effect, Focus};
use crate::tui::columns::{self, USERS};

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
            MouseEventKind::ScrollDown => self.act(Action::Down),
            MouseEventKind::ScrollUp => self.act(Action::Up),
            MouseEventKind::Down(MouseButton::Left) => {
                if inside(areas.users) && self.mode == Mode::Main {
                    self.focus = Focus::Users;
                    // Row 0 is the header: a click there sorts by that column.
                    let row = (m.row - areas.users.y) as usize;
                    if row == 0 {
                        let x = m.column - areas.users.x;
                        return match header_column(areas.users.width, x, self.screen.teams) {
                            Some(c) => self.act(Action::SortBy(c)),
                            None => Vec::new(),
                        };
                    }
                    let at = self.table.offset() + row;
                    if row >= 1 && at - 1 < self.view.order.len() {
                        self.table.select(at - 1);
                        self.refresh_visible();
                    }
                } else if inside(areas.filters) {
                    self.focus = Focus::Filters;
                    let row = (m.row.saturating_sub(areas.filters.y + 1)) as usize;
                    self.filter_row = row.min(self.filter_rows() - 1);
                } else if inside(areas.products) {
                    self.focus = Focus::Products;
                }
                Vec::new()
            }
            _ => Vec::new(),
        }
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
