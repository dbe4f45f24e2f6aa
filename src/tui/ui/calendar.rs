//! The calendar heatmap (`c`), in the chart's place or the detail's: weekday labels, one
//! column per ISO week (Monday rows, whatever `week_start` says: the heatmap is a fixed
//! grid), month names above, the legend with each shade's limits below.
//! Every cell goes to a fixed column of the buffer, so wide characters drawn elsewhere
//! (a name, a product) cannot shift it; the grid itself is `tui::calendar`'s.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::text::thousands;
use super::theme::Theme;
use crate::tui::calendar::{Calendar, Day, LABEL_W, WEEK_W};

/// Each shade's glyph: readable with no colour at all.
const GLYPHS: [&str; 5] = ["·", "░", "▒", "▓", "█"];
const WEEKDAYS: [&str; 7] = ["Mon", "", "Wed", "", "Fri", "", "Sun"];

/// `cal` under `title` (drawn on the row above `area`), clipped to `area`.
pub fn render(t: &Theme, cal: &Calendar, title: &str, area: Rect, buf: &mut Buffer) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let mut head = vec![Span::styled(title.to_string(), t.title())];
    if cal.clipped() {
        head.push(Span::styled(
            format!("  last {} of {} weeks", cal.weeks.len(), cal.total_weeks),
            t.label(),
        ));
    }
    let y = area.y.saturating_sub(1);
    Line::from(head).render(
        Rect {
            y,
            height: 1,
            ..area
        },
        buf,
    );
    let row = |i: u16| {
        (i < area.height).then(|| Rect {
            y: area.y + i,
            height: 1,
            ..area
        })
    };
    let left = area.x + LABEL_W;
    let right = area.x + area.width;
    if let Some(r) = row(0) {
        for (w, name) in &cal.months {
            let x = left + *w as u16 * WEEK_W;
            if x < right {
                buf.set_stringn(x, r.y, name, usize::from(right - x), t.label());
            }
        }
    }
    for (d, label) in WEEKDAYS.iter().enumerate() {
        let Some(r) = row(1 + d as u16) else { break };
        buf.set_stringn(
            r.x,
            r.y,
            label,
            usize::from(LABEL_W.min(area.width)),
            t.label(),
        );
        for (w, week) in cal.weeks.iter().enumerate() {
            let x = left + w as u16 * WEEK_W;
            if let (Day::Level(l), true) = (week[d], x < right) {
                buf[(x, r.y)]
                    .set_symbol(GLYPHS[usize::from(l)])
                    .set_style(t.heat(l));
            }
        }
    }
    if let Some(r) = row(8) {
        legend(t, cal).render(r, buf);
    }
}

/// `· 0  ░ 1-12  ▒ 13-40  ▓ 41-97  █ 98-310  blank: not in range`
fn legend(t: &Theme, cal: &Calendar) -> Line<'static> {
    let mut spans = vec![
        Span::styled(GLYPHS[0], t.heat(0)),
        Span::styled(" 0", t.label()),
    ];
    for (k, lim) in cal.limits.iter().enumerate() {
        let Some((lo, hi)) = lim else { continue };
        let shade = k as u8 + 1;
        let text = match lo == hi {
            true => thousands(*lo),
            false => format!("{}-{}", thousands(*lo), thousands(*hi)),
        };
        spans.push(Span::styled(
            format!("  {}", GLYPHS[usize::from(shade)]),
            t.heat(shade),
        ));
        spans.push(Span::styled(format!(" {text}"), t.label()));
    }
    if cal.limits.iter().all(Option::is_none) {
        spans.push(Span::styled("  (no prompts in this range)", t.label()));
    }
    spans.push(Span::styled("  blank: not in range", t.label()));
    Line::from(spans)
}
