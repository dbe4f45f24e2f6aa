//! The mouse: a click selects and focuses, the wheel scrolls. Hits are read against the
//! areas `update` keeps for the current size.

use super::layout::Rect;
use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};

use super::keymap::{Action, Mode};
use super::{App, Effect, Focus};

impl App {
    pub(super) fn on_mouse(&mut self, m: MouseEvent) -> Vec<Effect> {
        let areas = *self.screen.areas(self.mode);
        let inside = |r: Rect| {
            m.column >= r.x && m.column < r.x + r.width && m.row >= r.y && m.row < r.y + r.height
        };
        match m.kind {
            MouseEventKind::ScrollDown => self.act(Action::Down),
            MouseEventKind::ScrollUp => self.act(Action::Up),
            MouseEventKind::Down(MouseButton::Left) => {
                if inside(areas.users) && self.mode == Mode::Main {
                    self.focus = Focus::Users;
                    // Row 0 is the header.
                    let row = (m.row - areas.users.y) as usize;
                    let at = self.table.offset() + row;
                    if row >= 1 && at - 1 < self.view.order.len() {
                        self.table.select(at - 1);
                        self.refresh_visible();
                    }
                } else if inside(areas.filters) {
                    self.focus = Focus::Filters;
                    let row = (m.row.saturating_sub(areas.filters.y + 1)) as usize;
                    self.filter_row = row.min(3);
                } else if inside(areas.products) {
                    self.focus = Focus::Products;
                }
                Vec::new()
            }
            _ => Vec::new(),
        }
    }
}
