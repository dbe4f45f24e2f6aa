//! Pop-ups over the dashboard: the `?` help (from the keymap) and the product picker.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

use super::text::{clean, fit};
use super::theme::Theme;
use crate::tui::app::App;
use crate::tui::keymap;

fn popup(area: Rect, w: u16, h: u16) -> Rect {
    area.centered(
        Constraint::Length(w.min(area.width)),
        Constraint::Length(h.min(area.height)),
    )
}

/// The help's second page: what the numbers mean, wrapped to the pop-up.
pub fn glossary(t: &Theme, area: Rect, buf: &mut Buffer) {
    let r = popup(area, 76, area.height);
    Clear.render(r, buf);
    let block = Block::bordered()
        .title(" What the numbers mean (any key closes) ")
        .border_style(t.border(true));
    let mut lines = Vec::new();
    for (term, meaning) in crate::tui::glossary::GLOSSARY {
        lines.push(Line::from(vec![
            Span::styled(format!("{term}: "), t.key()),
            Span::raw(*meaning),
        ]));
    }
    Paragraph::new(lines)
        .wrap(ratatui::widgets::Wrap { trim: true })
        .block(block)
        .render(r, buf);
}

/// With no data at all: what went wrong and what to do, over the whole pane.
pub fn blocker(t: &Theme, text: &str, area: Rect, buf: &mut Buffer) {
    let r = popup(area, 76, 12);
    Clear.render(r, buf);
    let block = Block::bordered().title(" No data ").border_style(t.error());
    let lines: Vec<Line> = text
        .split('\n')
        .map(|l| Line::styled(clean(l), if l.is_empty() { t.label() } else { t.value() }))
        .collect();
    Paragraph::new(lines)
        .wrap(ratatui::widgets::Wrap { trim: true })
        .block(block)
        .render(r, buf);
}

pub fn help(t: &Theme, area: Rect, buf: &mut Buffer) {
    let keys = keymap::help();
    // One column when it fits, two when the terminal is short.
    let rows_one = keys.len() as u16 + 1;
    let cols = if rows_one + 2 <= area.height { 1 } else { 2 };
    let per_col = (keys.len() as u16).div_ceil(cols) + 1;
    let r = popup(area, if cols == 1 { 76 } else { area.width }, per_col + 2);
    Clear.render(r, buf);
    let block = Block::bordered()
        .title(" Keys (? what the numbers mean, any other key closes) ")
        .border_style(t.border(true));
    let inner = block.inner(r);
    block.render(r, buf);
    let col_w = inner.width / cols;
    for (c, chunk) in keys.chunks((per_col - 1) as usize).enumerate() {
        let x = inner.x + col_w * c as u16;
        let lines: Vec<Line> = chunk
            .iter()
            .map(|(k, h)| {
                let help = fit(h, col_w.saturating_sub(12) as usize);
                Line::from(vec![
                    Span::styled(format!("{k:>9}  "), t.key()),
                    Span::raw(help),
                ])
            })
            .collect();
        Paragraph::new(lines).render(
            Rect {
                x,
                width: col_w,
                ..inner
            },
            buf,
        );
    }
    let mouse = Rect {
        y: inner.y + inner.height.saturating_sub(1),
        height: 1,
        ..inner
    };
    Line::styled(
        "   mouse: click selects and focuses, the wheel scrolls",
        t.label(),
    )
    .render(mouse, buf);
}

pub fn picker(app: &App, t: &Theme, area: Rect, buf: &mut Buffer) {
    let r = popup(area, 52, app.picker().known().len() as u16 + 2);
    Clear.render(r, buf);
    let block = Block::bordered()
        .title(" Products (Space toggles, a: all, Enter applies) ")
        .border_style(t.border(true));
    let inner = block.inner(r);
    block.render(r, buf);
    let lines: Vec<Line> = app
        .picker()
        .known()
        .iter()
        .enumerate()
        .map(|(i, (id, name))| {
            let on = app.picker().is_on(id);
            let text = format!(
                "[{}] {}",
                if on { "x" } else { " " },
                fit(&clean(name), inner.width.saturating_sub(4) as usize)
            );
            let style = if i == app.picker().cursor() {
                t.selected()
            } else {
                ratatui::style::Style::new()
            };
            Line::styled(text, style)
        })
        .collect();
    Paragraph::new(lines).render(inner, buf);
}
