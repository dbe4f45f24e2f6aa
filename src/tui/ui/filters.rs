//! The filter pane (a column at 110+ columns, a one-line strip below): date range preset,
//! origin, products and search, with the focused row marked.

use ratatui::buffer::Buffer;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use super::text::fit;
use super::theme::Theme;
use crate::dates::Preset;
use crate::tui::app::{App, Focus};
use crate::tui::keymap::{Action, Mode};
use crate::tui::layout::Areas;

pub fn render(app: &App, t: &Theme, a: &Areas, buf: &mut Buffer) {
    let rows = app.filter_cells();
    let focused = app.focus() == Focus::Filters;
    let style = |i: usize| {
        if focused && app.filter_row() == i {
            t.selected()
        } else {
            t.value()
        }
    };
    if a.filters_strip {
        let gap = " ".repeat(App::strip_gap(&rows, a.filters.width));
        let mut spans = Vec::new();
        for (i, (k, v)) in rows.iter().enumerate() {
            spans.push(Span::styled(format!("{k}: "), t.label()));
            spans.push(Span::styled(v.clone(), style(i)));
            spans.push(Span::raw(gap.clone()));
        }
        Line::from(spans).render(a.filters, buf);
        return;
    }
    let block = Block::bordered()
        .title(" Filters ")
        .border_style(t.border(focused));
    let inner = block.inner(a.filters);
    block.render(a.filters, buf);
    let w = inner.width as usize;
    let mut lines: Vec<Line> = rows
        .iter()
        .enumerate()
        .map(|(i, (k, v))| {
            Line::from(vec![
                Span::styled(format!("{k:<9}"), t.label()),
                Span::styled(fit(v, w.saturating_sub(9)), style(i)),
            ])
        })
        .collect();
    lines.extend(presets(app, t));
    Paragraph::new(lines).render(inner, buf);
}

/// The presets under the filters, the current one marked, and `d` for a typed range.
/// Each with the key the keymap gives it (a remapped preset showed its old key, which did
/// nothing), the keys' column as wide as the widest.
fn presets(app: &App, t: &Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::raw(""), Line::styled("Presets", t.label())];
    let key = |a| (app.keymap().key_text(Mode::Main, a)).unwrap_or_default();
    let mut rows: Vec<(String, bool, &str)> = (Preset::ALL.iter().enumerate())
        .map(|(i, p)| (key(Action::Preset(i as u8)), *p == app.preset(), p.label()))
        .collect();
    let custom = app.preset() == Preset::Custom;
    rows.push((key(Action::CustomRange), custom, "custom"));
    let w = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(1);
    for (k, on, label) in rows {
        let mark = if on { "●" } else { " " };
        let style = if on { t.accent() } else { t.label() };
        lines.push(Line::styled(format!(" {k:>w$} {mark} {label}"), style));
    }
    lines
}
