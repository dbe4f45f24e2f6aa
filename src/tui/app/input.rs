//! Typing: the search field (debounced) and the custom date range, and the product
//! picker's keys.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{App, DEBOUNCE, Effect, InputKind, When};
use crate::dates::{DateRange, parse_date};
use crate::tui::keymap::{Action, Mode};

impl App {
    pub(super) fn apply_search(&mut self) -> Vec<Effect> {
        let text = self
            .input
            .as_ref()
            .map(|i| i.text.trim().to_string())
            .unwrap_or_default();
        self.set_filter(|q| q.search = (!text.is_empty()).then_some(text))
    }

    pub(super) fn on_input_key(&mut self, k: KeyEvent) -> Vec<Effect> {
        let Some(input) = self.input.as_mut() else {
            return Vec::new();
        };
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        match k.code {
            KeyCode::Char('c') if ctrl => {
                self.quit = true;
                return vec![Effect::Quit];
            }
            KeyCode::Char('u') if ctrl => input.text.clear(),
            KeyCode::Char(c) if !ctrl => {
                input.text.push(c);
                input.error = None;
            }
            KeyCode::Backspace => {
                input.text.pop();
            }
            KeyCode::Esc => {
                let input = self.input.take().expect("some");
                self.search_deadline = None;
                if input.kind == InputKind::Search
                    && self.query.search.clone().unwrap_or_default() != input.before
                {
                    let before = input.before;
                    return self.set_filter(|q| q.search = (!before.is_empty()).then_some(before));
                }
                return Vec::new();
            }
            KeyCode::Enter => {
                let input = self.input.clone().expect("some");
                self.search_deadline = None;
                let fx = match input.kind {
                    InputKind::Search => self.apply_search(),
                    InputKind::Range => match parse_range_input(&input.text) {
                        Ok(r) => {
                            self.input = None;
                            return self.set_range(r);
                        }
                        Err(e) => {
                            if let Some(i) = self.input.as_mut() {
                                i.error = Some(e);
                            }
                            return Vec::new();
                        }
                    },
                };
                self.input = None;
                return fx;
            }
            _ => return Vec::new(),
        }
        if self
            .input
            .as_ref()
            .is_some_and(|i| i.kind == InputKind::Search)
        {
            // Debounced: fetch once typing pauses.
            self.search_deadline = Some(When::after(self.now, DEBOUNCE));
        }
        Vec::new()
    }

    pub(super) fn picker_action(&mut self, a: Action) -> Vec<Effect> {
        let n = self.products_known.len();
        match a {
            Action::Down => self.picker_cursor = (self.picker_cursor + 1).min(n.saturating_sub(1)),
            Action::Up => self.picker_cursor = self.picker_cursor.saturating_sub(1),
            // A page is what the pop-up shows: every product, or as many as the height holds.
            Action::PageDown | Action::PageUp => {
                let page = n.min(usize::from(self.size.1.saturating_sub(4))).max(1);
                self.picker_cursor = if a == Action::PageDown {
                    (self.picker_cursor + page).min(n.saturating_sub(1))
                } else {
                    self.picker_cursor.saturating_sub(page)
                };
            }
            Action::Top => self.picker_cursor = 0,
            Action::Bottom => self.picker_cursor = n.saturating_sub(1),
            Action::Toggle => {
                if let Some((id, _)) = self.products_known.get(self.picker_cursor) {
                    // An empty selection means every product; toggling from it selects
                    // all but this one.
                    if self.picker.is_empty() {
                        self.picker = self.products_known.iter().map(|(i, _)| *i).collect();
                    }
                    match self.picker.iter().position(|p| p == id) {
                        Some(i) => {
                            self.picker.remove(i);
                        }
                        None => self.picker.push(*id),
                    }
                    if self.picker.len() == n {
                        self.picker.clear();
                    }
                }
            }
            Action::All => {
                self.picker.clear();
            }
            Action::Open => {
                self.mode = Mode::Main;
                let mut chosen = self.picker.clone();
                chosen.sort();
                return self.set_filter(|q| q.product_ids = chosen);
            }
            Action::Back => self.mode = Mode::Main,
            Action::Quit => {
                self.quit = true;
                return vec![Effect::Quit];
            }
            Action::Suspend => return vec![Effect::Suspend],
            Action::Help => self.mode = Mode::Help,
            _ => {}
        }
        Vec::new()
    }
}

/// Parses the custom-range field: two dates, `FROM TO` (or `FROM..TO`).
pub fn parse_range_input(s: &str) -> Result<DateRange, String> {
    let parts: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .flat_map(|p| p.split(".."))
        .filter(|p| !p.is_empty())
        .collect();
    let [a, b] = parts.as_slice() else {
        return Err("type two dates: YYYY-MM-DD YYYY-MM-DD".into());
    };
    let (a, b) = (
        parse_date(a).map_err(|e| e.to_string())?,
        parse_date(b).map_err(|e| e.to_string())?,
    );
    DateRange::new(a, b).map_err(|e| e.to_string())
}
