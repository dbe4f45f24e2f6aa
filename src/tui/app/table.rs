//! The users table's own state: its sort, the selected row and the first row shown. Its
//! rules: a new order starts at its top, the selection stays in the list, and the window
//! follows the selection.

use super::Column;
use super::keymap::Action;

#[derive(Debug)]
pub struct Table {
    sort: (Column, bool),
    selected: usize,
    offset: usize,
}

impl Default for Table {
    fn default() -> Self {
        Table {
            sort: (Column::Total, true),
            selected: 0,
            offset: 0,
        }
    }
}

impl Table {
    /// The sort column, and whether it is descending.
    pub fn sort(&self) -> (Column, bool) {
        self.sort
    }

    /// The selected row (a position in the view's order).
    pub fn selected(&self) -> usize {
        self.selected
    }

    /// The first row shown.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// `s`: the next sortable column on screen (`teams`: the team column is), in its
    /// first direction, from the top.
    pub fn sort_next(&mut self, teams: bool) {
        let cols: Vec<Column> = Column::sortable_for(teams).collect();
        let i = cols.iter().position(|c| *c == self.sort.0).unwrap_or(0);
        let col = cols[(i + 1) % cols.len()];
        // Text sorts A to Z first; numbers and dates most first.
        self.sort = (col, col.spec().desc_first);
        self.selected = 0;
    }

    /// A column's own key (or a click on its header): that column in its first direction,
    /// or the other direction when it is already the sort. From the top.
    pub fn sort_by(&mut self, col: Column) {
        self.sort = if self.sort.0 == col {
            (col, !self.sort.1)
        } else {
            (col, col.spec().desc_first)
        };
        self.selected = 0;
    }

    /// A given column and direction, from the top (the lenses).
    pub fn sort_exact(&mut self, col: Column, desc: bool) {
        self.sort = (col, desc);
        self.reset();
    }

    /// `S`: the other direction, from the top.
    pub fn sort_reverse(&mut self) {
        self.sort.1 = !self.sort.1;
        self.selected = 0;
    }

    /// Back to the top (another view).
    pub fn reset(&mut self) {
        self.selected = 0;
        self.offset = 0;
    }

    pub fn select(&mut self, row: usize) {
        self.selected = row;
    }

    /// Moves the selection in a list of `len` rows, `page` rows a page.
    pub fn move_by(&mut self, a: Action, len: usize, page: usize) {
        self.selected = moved(self.selected, a, len, page);
    }

    /// Keeps the selection within `len` rows.
    pub fn clamp(&mut self, len: usize) {
        if len == 0 {
            self.reset();
        } else if self.selected >= len {
            self.selected = len - 1;
        }
    }

    /// Scrolls so that the selection is among the `rows` shown.
    pub fn follow(&mut self, rows: usize) {
        self.offset = follow(self.offset, self.selected, rows);
    }
}

/// The first row shown, from `offset`, moved as little as puts `selected` among the
/// `rows` shown (the table's and the picker's window).
pub fn follow(offset: usize, selected: usize, rows: usize) -> usize {
    if selected < offset {
        selected
    } else if rows > 0 && selected >= offset + rows {
        selected + 1 - rows
    } else {
        offset
    }
}

/// `pos` moved by a movement action in a list of `len`, `page` a page.
pub fn moved(pos: usize, a: Action, len: usize, page: usize) -> usize {
    if len == 0 {
        return pos;
    }
    match a {
        Action::Down => (pos + 1).min(len - 1),
        Action::Up => pos.saturating_sub(1),
        Action::PageDown => (pos + page).min(len - 1),
        Action::PageUp => pos.saturating_sub(page),
        Action::Top => 0,
        Action::Bottom => len - 1,
        _ => pos,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_follows_the_selection() {
        let mut t = Table::default();
        t.move_by(Action::Bottom, 100, 10);
        t.follow(10);
        assert_eq!((t.selected(), t.offset()), (99, 90));
        t.move_by(Action::PageUp, 100, 10);
        t.follow(10);
        assert_eq!((t.selected(), t.offset()), (89, 89));
        t.clamp(50);
        assert_eq!(t.selected(), 49);
        t.sort_next(false);
        // Share is Total's order, so `s` goes from Total to Days.
        assert_eq!((t.sort(), t.selected()), ((Column::ActiveDays, true), 0));
        t.sort_reverse();
        assert_eq!(t.sort(), (Column::ActiveDays, false));
        t.sort_by(Column::Email);
        assert_eq!(t.sort(), (Column::Email, false));
        t.sort_by(Column::Email);
        assert_eq!(t.sort(), (Column::Email, true));
    }
}
