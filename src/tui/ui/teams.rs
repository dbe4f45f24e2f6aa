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
    for (i, l) in lines.iter().take(rows).enumerate() {
        let y = area.y + 1 + i as u16;
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
}
