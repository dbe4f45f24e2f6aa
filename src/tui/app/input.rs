//! Typing and pointing: the search and custom-range fields, the product picker, the
//! mouse, and the `export` command line that `y` copies.

use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

use super::{App, DEBOUNCE, Effect, Focus, InputKind};
use crate::dates::{DateRange, parse_date};
use crate::tui::keymap::{Action, Mode};

impl App {
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
            self.search_deadline = Some(self.now.unwrap_or_else(Instant::now) + DEBOUNCE);
        }
        Vec::new()
    }

    pub(super) fn picker_action(&mut self, a: Action) -> Vec<Effect> {
        let n = self.products_known.len();
        match a {
            Action::Down => self.picker_cursor = (self.picker_cursor + 1).min(n.saturating_sub(1)),
            Action::Up => self.picker_cursor = self.picker_cursor.saturating_sub(1),
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

    pub(super) fn on_mouse(&mut self, m: MouseEvent) -> Vec<Effect> {
        let areas = crate::tui::ui::layout(self.size, self.mode);
        let inside = |r: ratatui::layout::Rect| {
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
                    if row >= 1 && self.offset + row - 1 < self.view.order.len() {
                        self.selected = self.offset + row - 1;
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

    /// The `export` command line that reproduces this view (never the key).
    pub fn export_command(&self) -> String {
        let q = &self.query;
        let mut args: Vec<String> = self.command_base.clone();
        args.extend(["export".into(), "--group-by".into(), "user".into()]);
        args.extend([
            "--from".into(),
            q.range.start().to_string(),
            "--to".into(),
            q.range.end().to_string(),
        ]);
        if let Some(o) = q.origin {
            args.extend(["--origin".into(), o.as_str().into()]);
        }
        for p in &q.product_ids {
            args.extend(["--product".into(), p.to_string()]);
        }
        if let Some(s) = &q.search {
            args.extend(["--search".into(), s.clone()]);
        }
        args.iter()
            .map(|a| shell_quote(a))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Quotes an argument for a POSIX shell when it needs it.
pub fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@+,".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
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
