//! The per-team block (with `[teams]` in the config): each team's prompts and active
//! people over the range with a sparkline of its prompts per day, like the products; the
//! team the filter shows is marked. The figures come from the derive step.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;

use super::charts::spark_row;
use super::text::{clean, fit, right, thousands};
use super::theme::Theme;
use crate::tui::app::App;
use crate::tui::columns::{Placed, TEAM_FIGURES, TEAM_LINE};
use crate::tui::keymap::{Action, Mode};

pub fn render(app: &App, t: &Theme, area: Rect, buf: &mut Buffer) {
    let Some(lines) = app.teams().block() else {
        return;
    };
    if area.height == 0 || area.width == 0 {
        return;
    }
    let [name_at, spark_at, figures_at] = TEAM_LINE.place(area.width);
    let cell = |p: Placed, y: u16| p.at(area, y);
    let [pw, uw] = TEAM_FIGURES;
    let figures = |p: &str, u: &str| format!("{} {}", right(p, pw), right(u, uw));
    Line::styled("Teams", t.title()).render(cell(name_at, area.y), buf);
    Line::styled(figures("prompts", "users"), t.title()).render(cell(figures_at, area.y), buf);
    let shown = app.teams().filter();
    let rows = (area.height as usize).saturating_sub(1);
    let (first, room) = window(lines.len(), rows, shown);
    for (i, l) in lines.iter().enumerate().skip(first).take(room) {
        let y = area.y + 1 + (i - first) as u16;
        let style = if shown == Some(i) {
            t.accent()
        } else {
            t.value()
        };
        let name = fit(&clean(&l.name), name_at.width as usize);
        Line::styled(name, style).render(cell(name_at, y), buf);
        spark_row(
            &l.series,
            cell(spark_at, y),
            (t.bars(), app.today_partial()),
            buf,
        );
        let figures = figures(&thousands(l.prompts), &thousands(l.users));
        Line::styled(figures, t.value()).render(cell(figures_at, y), buf);
    }
    if room < lines.len() && rows > 0 {
        // The rows left out, and the key that steps the filter through every team (the
        // seventh team and "(no team)" were left out without a word).
        let key = app.keymap().key_name(Mode::Main, Action::Team);
        let more = format!("… {} more ({key})", lines.len() - room);
        // Across the name and the sparkline: the name's column alone cut "(t)" off.
        let y = area.y + 1 + room as u16;
        let wide = Rect {
            x: area.x,
            y,
            width: figures_at.x.saturating_sub(1).max(name_at.width),
            height: 1,
        };
        Line::styled(fit(&more, wide.width as usize), t.label()).render(wide, buf);
    }
}

/// The first row drawn and how many, for `n` rows in `rows` lines: all when they fit,
/// else a line fewer, for the note of those left out, from the top or so that the team
/// the filter shows ends the list.
fn window(n: usize, rows: usize, shown: Option<usize>) -> (usize, usize) {
    if n <= rows {
        return (0, n);
    }
    let room = rows.saturating_sub(1);
    let first = shown.map_or(0, |s| (s + 1).saturating_sub(room));
    (first.min(n - room), room)
}

#[cfg(test)]
mod tests {
    use super::window;

    #[test]
    fn rows_left_out_keep_the_shown_team_in_view() {
        assert_eq!(window(5, 6, None), (0, 5));
        assert_eq!(window(8, 6, None), (0, 5));
        assert_eq!(window(8, 6, Some(2)), (0, 5));
        // "(no team)", the last of eight, shown: the five that end the list.
        assert_eq!(window(8, 6, Some(7)), (3, 5));
        assert_eq!(window(8, 1, Some(7)), (8, 0));
        assert_eq!(window(8, 0, None), (0, 0));
    }
}
