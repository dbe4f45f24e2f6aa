//! Typing: the search field (debounced: one request once typing pauses) and the custom
//! date range. Keys here are text; the dashboard hears only what the typing comes to.

use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{DEBOUNCE, When};

/// A text field being typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Input {
    pub kind: InputKind,
    pub text: String,
    /// Why the last Enter was refused (a bad date, a reversed range).
    pub error: Option<String>,
    /// What the filter was before, restored by Esc.
    pub before: String,
    /// What the range typed so far resolves to (or why it does not), kept live.
    pub preview: Option<String>,
    /// The field opens on the current range or search as if selected: the first letter
    /// typed replaces it (typing `-7d` must not give `2026-11-30-7d`), as a browser's
    /// address bar does; a key that moves keeps it, to edit. Both fields alike (the search
    /// appended to the last one, where the range replaced its text).
    pub fresh: bool,
    /// Where typing goes: a byte offset into `text`, on a character's boundary. Left and
    /// right moved nothing: a typo mid-range meant deleting back to it.
    pub cursor: usize,
}

impl Input {
    /// The text before the cursor and after it.
    pub fn halves(&self) -> (&str, &str) {
        self.text.split_at(self.cursor.min(self.text.len()))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    Search,
    Range,
}

#[derive(Debug, Default)]
pub struct Search {
    input: Option<Input>,
    /// When typing in search has paused long enough to fetch.
    deadline: Option<When>,
}

/// What a key typed comes to.
#[derive(Debug, PartialEq, Eq)]
pub enum Typed {
    /// Nothing for the dashboard (a letter, or a key with no meaning here).
    Nothing,
    Quit,
    /// Esc: the field is closed; the search goes back to `before`.
    Cancel {
        kind: InputKind,
        before: String,
    },
    /// Enter on the search: search for this (trimmed) text. The field is closed.
    Search(String),
    /// Enter on the range: this text, for the dashboard to resolve (the field stays open
    /// if it is refused).
    Range(String),
}

impl Search {
    pub fn input(&self) -> Option<&Input> {
        self.input.as_ref()
    }

    pub fn deadline(&self) -> Option<When> {
        self.deadline
    }

    pub fn is_typing(&self) -> bool {
        self.input.is_some()
    }

    /// Opens the field on `before`.
    pub fn start(&mut self, kind: InputKind, before: String) {
        self.input = Some(Input {
            kind,
            text: before.clone(),
            cursor: before.len(),
            before,
            error: None,
            preview: None,
            fresh: true,
        });
    }

    /// Closes the field (the range was taken).
    pub fn close(&mut self) {
        self.input = None;
        self.deadline = None;
    }

    /// Sets what the range typed so far resolves to.
    pub fn set_preview(&mut self, preview: Option<String>) {
        if let Some(i) = self.input.as_mut() {
            i.preview = preview;
        }
    }

    /// Says why the dates were refused, on the field.
    pub fn refuse(&mut self, why: String) {
        if let Some(i) = self.input.as_mut() {
            i.error = Some(why);
        }
    }

    /// The text the search has come to, trimmed.
    pub fn text(&self) -> String {
        self.input
            .as_ref()
            .map(|i| i.text.trim().to_string())
            .unwrap_or_default()
    }

    /// The clock: the search text once typing has paused for `DEBOUNCE`.
    pub fn on_tick(&mut self, now: Instant) -> Option<String> {
        match self.deadline {
            Some(When::FirstTick) => {
                self.deadline = Some(When::At(now + DEBOUNCE));
                None
            }
            Some(When::At(d)) if now >= d => {
                self.deadline = None;
                Some(self.text())
            }
            _ => None,
        }
    }

    /// A key while typing; `now` is the UI clock's last tick (for the debounce).
    pub fn key(&mut self, k: KeyEvent, now: Option<Instant>) -> Typed {
        let Some(input) = self.input.as_mut() else {
            return Typed::Nothing;
        };
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        let fresh = std::mem::take(&mut input.fresh);
        let at = input.cursor.min(input.text.len());
        let before = input.text[..at]
            .chars()
            .next_back()
            .map_or(0, char::len_utf8);
        let after = input.text[at..].chars().next().map_or(0, char::len_utf8);
        match k.code {
            KeyCode::Char('c') if ctrl => return Typed::Quit,
            KeyCode::Char('u') if ctrl => input.text.clear(),
            // Moving keys keep the text (no longer selected) and edit within it; the
            // text is the same, so nothing is asked of the server.
            KeyCode::Left | KeyCode::Right | KeyCode::Home | KeyCode::End => {
                input.cursor = match k.code {
                    KeyCode::Left => at - before,
                    KeyCode::Right => at + after,
                    KeyCode::Home => 0,
                    _ => input.text.len(),
                };
                return Typed::Nothing;
            }
            KeyCode::Char('a' | 'e') if ctrl => {
                input.cursor = if k.code == KeyCode::Char('a') {
                    0
                } else {
                    input.text.len()
                };
                return Typed::Nothing;
            }
            KeyCode::Char(c) if !ctrl => {
                if fresh {
                    input.text.clear();
                }
                let at = at.min(input.text.len());
                input.text.insert(at, c);
                input.cursor = at + c.len_utf8();
                input.error = None;
            }
            KeyCode::Backspace if fresh => input.text.clear(),
            KeyCode::Backspace => {
                input.text.replace_range(at - before..at, "");
                input.cursor = at - before;
            }
            KeyCode::Delete => input.text.replace_range(at..at + after, ""),
            KeyCode::Esc => {
                let input = self.input.take().expect("typing");
                self.deadline = None;
                return Typed::Cancel {
                    kind: input.kind,
                    before: input.before,
                };
            }
            KeyCode::Enter => {
                self.deadline = None;
                return match input.kind {
                    InputKind::Search => {
                        let text = self.text();
                        self.input = None;
                        Typed::Search(text)
                    }
                    InputKind::Range => Typed::Range(input.text.clone()),
                };
            }
            _ => return Typed::Nothing,
        }
        input.cursor = input.cursor.min(input.text.len());
        if input.kind == InputKind::Search {
            // Debounced: fetch once typing pauses.
            self.deadline = Some(When::after(now, DEBOUNCE));
        }
        Typed::Nothing
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    /// Left and right move where typing goes (typing always appended: a typo mid-range
    /// meant deleting back to it); Home, End, Backspace and Delete work there too.
    #[test]
    fn the_cursor_moves_and_typing_goes_where_it_is() {
        let mut s = Search::default();
        s.start(InputKind::Range, "2026-11-04 2026-12-03".into());
        for _ in 0.."2026-12-03".len() {
            s.key(k(KeyCode::Left), None);
        }
        s.key(k(KeyCode::Backspace), None);
        s.key(k(KeyCode::Char('X')), None);
        assert_eq!(s.input().unwrap().text, "2026-11-04X2026-12-03");
        assert_eq!(s.input().unwrap().halves(), ("2026-11-04X", "2026-12-03"));
        s.key(k(KeyCode::Delete), None);
        assert_eq!(s.input().unwrap().text, "2026-11-04X026-12-03");
        s.key(k(KeyCode::Home), None);
        s.key(k(KeyCode::Char('<')), None);
        s.key(k(KeyCode::End), None);
        s.key(k(KeyCode::Char('>')), None);
        assert_eq!(s.input().unwrap().text, "<2026-11-04X026-12-03>");
        // Characters of more than one byte move whole.
        s.start(InputKind::Search, "zoë".into());
        s.key(k(KeyCode::Left), None);
        s.key(k(KeyCode::Left), None);
        s.key(k(KeyCode::Right), None);
        s.key(k(KeyCode::Backspace), None);
        assert_eq!(s.input().unwrap().halves(), ("z", "ë"));
        // The ends stay the ends.
        for _ in 0..5 {
            s.key(k(KeyCode::Right), None);
        }
        s.key(k(KeyCode::Char('!')), None);
        assert_eq!(s.input().unwrap().text, "zë!");
    }

    #[test]
    fn the_range_field_opens_selected_and_typing_replaces_it() {
        let mut s = Search::default();
        s.start(InputKind::Range, "2026-11-01 2026-11-30".into());
        for c in "-7d".chars() {
            s.key(k(KeyCode::Char(c)), None);
        }
        assert_eq!(s.input().unwrap().text, "-7d");
        // Enter keeps what was there; a first Backspace clears it all.
        s.start(InputKind::Range, "2026-11-01 2026-11-30".into());
        s.key(k(KeyCode::Backspace), None);
        assert_eq!(s.input().unwrap().text, "");
        // The search field alike: typing replaces the search; a key that moves keeps it.
        s.start(InputKind::Search, "ana".into());
        s.key(k(KeyCode::Char('s')), None);
        assert_eq!(s.input().unwrap().text, "s");
        s.start(InputKind::Search, "ana".into());
        s.key(k(KeyCode::End), None);
        s.key(k(KeyCode::Char('s')), None);
        assert_eq!(s.input().unwrap().text, "anas");
    }
}
