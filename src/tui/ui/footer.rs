//! The status line (errors, notes, the text being typed) and the footer of keys for the
//! current mode, written from the keymap.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::text::clean;
use super::theme::Theme;
use crate::tui::app::{App, InputKind};
use crate::tui::keymap;

pub fn render(app: &App, t: &Theme, status: Rect, footer: Rect, buf: &mut Buffer) {
    if let Some(input) = &app.input {
        let prompt = match input.kind {
            InputKind::Search => "Search email or name (Enter, Esc): ",
            InputKind::Range => "Range, UTC, FROM TO (Enter, Esc): ",
        };
        let mut spans = vec![
            Span::styled(prompt, t.accent()),
            Span::raw(clean(&input.text)),
            Span::styled("▏", t.accent()),
        ];
        if let Some(e) = &input.error {
            spans.push(Span::styled(format!("  {}", clean(e)), t.error()));
        }
        Line::from(spans).render(status, buf);
    } else if let Some(r) = &app.retry_note {
        Line::styled(clean(r), t.accent()).render(status, buf);
    } else if let Some(s) = &app.status {
        Line::styled(clean(&s.text), if s.error { t.error() } else { t.accent() })
            .render(status, buf);
    }
    let mut spans = Vec::new();
    for (k, h) in keymap::footer(app.mode) {
        spans.push(Span::styled(k, t.key()));
        spans.push(Span::styled(format!(" {h}  "), t.label()));
    }
    Line::from(spans).render(footer, buf);
}
