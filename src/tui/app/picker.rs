//! The product picker (`p`): the products seen in any answer, the ones ticked, the
//! cursor. "All" is its own state, not a list, so it never goes stale when a new product
//! appears; and unticking the last product leaves none ticked (Enter then asks for one)
//! rather than quietly meaning all of them again. More products than the screen's rows
//! scroll, the window following the cursor as the table's does.

use uuid::Uuid;

use super::keymap::Action;
use super::table::{follow, moved};
use crate::model::Product;

#[derive(Debug, Default)]
pub struct Picker {
    /// Products seen in any response, by name: the picker's list.
    known: Vec<(Uuid, String)>,
    /// Every product (the filter sends none); `chosen` is then empty.
    all: bool,
    chosen: Vec<Uuid>,
    cursor: usize,
    /// The first product shown.
    top: usize,
    /// The row of the main screen's Products pane (j/k there): a product of the view.
    row: usize,
    /// The first product the pane draws: more than fit scroll, following the row (a saved
    /// file's eighth product could not be seen at all, as its picker does not open).
    row_top: usize,
    /// Open (the help opened from it goes back to it, its ticks kept).
    open: bool,
}

/// What a key in the picker asks of the dashboard.
#[derive(Debug, PartialEq, Eq)]
pub enum Picked {
    Stay,
    /// Enter: filter by these products (sorted; empty for all).
    Apply(Vec<Uuid>),
    /// Enter with nothing ticked: the filter stays as it was.
    NoneTicked,
    Close,
    Help,
    Quit,
    Suspend,
}

impl Picker {
    pub fn known(&self) -> &[(Uuid, String)] {
        &self.known
    }

    /// The ticked products; empty for all (see [`Picker::is_all`]) or none.
    pub fn chosen(&self) -> &[Uuid] {
        &self.chosen
    }

    /// Whether every product is ticked.
    pub fn is_all(&self) -> bool {
        self.all
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// The Products pane's row among the view's `len` products.
    pub fn row(&self, len: usize) -> usize {
        self.row.min(len.saturating_sub(1))
    }

    /// j/k, g/G on the Products pane, over the view's `len` products of which it draws
    /// `drawn` (a page).
    pub fn move_row(&mut self, a: Action, len: usize, drawn: usize) {
        self.row = moved(self.row(len), a, len, drawn.max(1));
        self.row_top = self.row_top(len, drawn);
    }

    /// The first of the view's `len` products the pane draws, `drawn` of them: moved as
    /// little as keeps the row among them, and no empty rows below the last.
    pub fn row_top(&self, len: usize, drawn: usize) -> usize {
        let full = self.row_top.min(len.saturating_sub(drawn));
        follow(full, self.row(len), drawn)
    }

    /// A click on the Products pane: the product at `row`.
    pub fn set_row(&mut self, row: usize) {
        self.row = row;
    }

    /// The products shown on a screen `height` rows high: all of them, or as many as
    /// fit inside the pop-up's border.
    pub fn rows(&self, height: u16) -> usize {
        self.known.len().min(usize::from(height.saturating_sub(2)))
    }

    /// The first product shown in `rows` rows: the one the keys scrolled to, moved if
    /// another screen would hide the cursor or leave rows empty below the last product.
    pub fn top(&self, rows: usize) -> usize {
        let full = self.top.min(self.known.len().saturating_sub(rows));
        follow(full, self.cursor, rows)
    }

    /// Whether `id` shows ticked.
    pub fn is_on(&self, id: &Uuid) -> bool {
        self.all || self.chosen.contains(id)
    }

    /// Adds the products of an answer to the list.
    pub fn learn(&mut self, products: &[Product]) {
        for p in products {
            if !self.known.iter().any(|(id, _)| *id == p.id) {
                self.known.push((p.id, p.name.clone()));
            }
        }
        self.known.sort_by(|a, b| a.1.cmp(&b.1));
    }

    /// Opens on the products of the current filter.
    pub fn open(&mut self, current: &[Uuid]) {
        self.chosen = current.to_vec();
        self.all = current.is_empty();
        (self.cursor, self.top) = (0, 0);
        self.open = true;
    }

    /// Whether it is open: the help opened from it closes back to it.
    pub fn is_open(&self) -> bool {
        self.open
    }

    /// One key; `page` is how many rows the pop-up shows ([`Picker::rows`]).
    pub fn act(&mut self, a: Action, page: usize) -> Picked {
        let n = self.known.len();
        match a {
            Action::Down | Action::Up | Action::PageDown | Action::PageUp => {
                self.cursor = moved(self.cursor, a, n, page.min(n).max(1));
            }
            Action::Top | Action::Bottom => self.cursor = moved(self.cursor, a, n, 1),
            Action::Toggle => self.toggle(),
            // All, or none when all are ticked: picking one of five took four Spaces.
            Action::All => {
                self.chosen.clear();
                self.all = !self.all;
            }
            Action::Open if !self.all && self.chosen.is_empty() => return Picked::NoneTicked,
            Action::Open => {
                let mut chosen = self.chosen.clone();
                chosen.sort();
                self.open = false;
                return Picked::Apply(chosen);
            }
            Action::Back => {
                self.open = false;
                return Picked::Close;
            }
            Action::Quit => return Picked::Quit,
            Action::Suspend => return Picked::Suspend,
            Action::Help => return Picked::Help,
            _ => {}
        }
        // The window follows wherever the key left the cursor.
        self.top = follow(self.top, self.cursor, page);
        Picked::Stay
    }

    fn toggle(&mut self) {
        let Some((id, _)) = self.known.get(self.cursor) else {
            return;
        };
        // Toggling from "all" ticks all but this one.
        if self.all {
            self.chosen = self.known.iter().map(|(i, _)| *i).collect();
            self.all = false;
        }
        match self.chosen.iter().position(|p| p == id) {
            Some(i) => {
                self.chosen.remove(i);
            }
            None => self.chosen.push(*id),
        }
        if self.chosen.len() == self.known.len() {
            self.chosen.clear();
            self.all = true;
        }
    }
}

#[cfg(test)]
#[path = "picker_tests.rs"]
mod tests;
