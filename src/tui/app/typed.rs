//! Keys while a field is typed into (the search or the range): text, Enter to apply,
//! Esc to restore what was there; the range typed is resolved as it is typed, for the
//! input line to show before Enter.

use crossterm::event::KeyEvent;

use super::search::{InputKind, Typed};
use super::{App, Effect};
use crate::dates::parse_range_text;

impl App {
    /// A key while typing in the search or the range field.
    pub(super) fn on_typed(&mut self, k: KeyEvent) -> Vec<Effect> {
        let typed = self.search.key(k, self.now);
        self.preview_range();
        match typed {
            Typed::Nothing => Vec::new(),
            Typed::Quit => self.quit_now(),
            Typed::Cancel { kind, before } => {
                if kind == InputKind::Search
                    && self.query.search.clone().unwrap_or_default() != before
                {
                    return self.set_filter(|q| q.search = (!before.is_empty()).then_some(before));
                }
                Vec::new()
            }
            Typed::Search(text) => {
                self.set_filter(|q| q.search = (!text.is_empty()).then_some(text))
            }
            Typed::Range(text) => match parse_range_text(&text, self.today) {
                Ok(t) => {
                    self.search.close();
                    self.span = super::filters::span_of(t.unit);
                    self.set_range(t.range)
                }
                Err(why) => {
                    self.search.refuse(why.to_string());
                    Vec::new()
                }
            },
        }
    }
    /// Resolves the range being typed, for the input line to show before Enter.
    pub(super) fn preview_range(&mut self) {
        let Some(input) = self.search.input().filter(|i| i.kind == InputKind::Range) else {
            return;
        };
        let preview = match parse_range_text(&input.text, self.today) {
            Ok(t) => format!(
                "= {} ({})",
                t.range,
                crate::numbers::count_of(t.range.len_days() as u64, "day", "days")
            ),
            Err(e) => e.to_string(),
        };
        self.search.set_preview(Some(preview));
    }
}
