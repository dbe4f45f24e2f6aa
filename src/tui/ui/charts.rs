//! The organization's daily chart, the sparklines the blocks beside it draw, and the
//! Origins block.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::chips::{self, Chip};
use super::text::{right, thousands};
use super::theme::Theme;
use crate::tui::app::{App, Focus};
use crate::tui::chart::{Bar, Chart};
use crate::tui::columns::{ORIGIN_LINE, Placed};
use crate::tui::origins::OriginCheck;
use crate::tui::series::spark_text;

pub fn render_chart(app: &App, t: &Theme, bars: Rect, buf: &mut Buffer) {
    if app.usage().is_none() {
        return;
    }
    let c = &app.view().chart;
    let cursor = app
        .chart_cursor()
        .map(|i| i.min(c.bars.len().saturating_sub(1)));
    draw(c, (cursor, app.focus() == Focus::Chart), t, bars, buf);
}

/// Chart `c` in `bars`, its title on the row above and its date axis on the last row;
/// the bar under `cursor` stands out and its figures take the title.
pub(super) fn draw(
    c: &Chart,
    (cursor, focused): (Option<usize>, bool),
    t: &Theme,
    bars: Rect,
    buf: &mut Buffer,
) {
    let title = Rect {
        y: bars.y.saturating_sub(1),
        height: 1,
        ..bars
    };
    let head = (cursor.and_then(|i| c.bar(i)), focused);
    chart_title(c, head, t, title.width).render(title, buf);
    // The last row is the date axis when there is room for bars above it.
    let rows = if bars.height >= 2 {
        bars.height - 1
    } else {
        bars.height
    };
    if rows < bars.height {
        Line::styled(c.axis.clone(), t.label()).render(
            Rect {
                y: bars.y + rows,
                height: 1,
                ..bars
            },
            buf,
        );
    }
    for (i, b) in c.bars.iter().enumerate() {
        let style = match (cursor == Some(i), b.partial) {
            (true, _) => t.selected(),
            (false, true) => t.partial(),
            (false, false) => t.bars(),
        };
        column(b, rows, c.peak, bars, style, buf);
    }
}

/// A one-row sparkline where a day with any prompt shows (the widget's rounding left a
/// small day blank, as if nobody had sent anything), as the people table's column does.
/// `partial`: the last day is today, not over: its cell is dim, as the chart hatches its
/// bar (a low last cell read as a drop in every product's line).
pub(super) fn spark_row(
    series: &[u64],
    area: Rect,
    (style, partial): (Style, bool),
    buf: &mut Buffer,
) {
    let text = spark_text(series, usize::from(area.width));
    let cut = match partial {
        true => text.char_indices().last().map_or(text.len(), |(i, _)| i),
        false => text.len(),
    };
    let dim = style.add_modifier(ratatui::style::Modifier::DIM);
    let spans = vec![
        Span::styled(&text[..cut], style),
        Span::styled(&text[cut..], dim),
    ];
    Line::from(spans).render(area, buf);
}

/// One bar, bottom up in eighths of a cell. A partial bucket is stippled, so it reads as
/// "not over" even without colour: hatched (`▒`) in its whole cells, and dotted in its top
/// part of a cell, in quarters (`⣀⣤⣶⣿`). Hatched whole cells made a week of 314 prompts as
/// tall as half the peak's; a solid eighth left a bar under one cell, today's in the
/// morning, looking like a whole day's drop.
fn column(b: &Bar, rows: u16, peak: u64, area: Rect, style: Style, buf: &mut Buffer) {
    const EIGHTHS: [&str; 9] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];
    // Braille's four rows of dots, from the bottom: an eighth rounds up to a quarter, so
    // any prompt still shows.
    const DOTS: [&str; 9] = [" ", "⣀", "⣀", "⣤", "⣤", "⣶", "⣶", "⣿", "▒"];
    let full = u64::from(rows) * 8;
    let mut h = if peak == 0 || b.prompts == 0 {
        0
    } else {
        (b.prompts * full).div_ceil(peak).max(1)
    };
    for r in 0..rows {
        let y = area.y + rows - 1 - r;
        let cell = h.min(8) as usize;
        h = h.saturating_sub(8);
        let sym = match (b.partial, cell) {
            (_, 0) => continue,
            (true, _) => DOTS[cell],
            (false, _) => EIGHTHS[cell],
        };
        for x in b.x..b.x + b.width {
            if x < area.width {
                buf[(area.x + x, y)].set_symbol(sym).set_style(style);
            }
        }
    }
}

/// The title: the bucket, the peak and the legend; under the cursor, that bar's figures.
fn chart_title(
    c: &Chart,
    (cursor, focused): (Option<&Bar>, bool),
    t: &Theme,
    width: u16,
) -> Line<'static> {
    // Under the cursor, the bar's own figures take the line (they must fit 80 columns).
    if let Some(b) = cursor {
        let days = if b.start == b.end {
            b.start.to_string()
        } else {
            format!(
                "{} {}..{}",
                b.period,
                b.start.format("%m-%d"),
                b.end.format("%m-%d")
            )
        };
        return Line::from(vec![
            Span::styled(format!("◀ {days} ▶ "), t.accent()),
            Span::styled(
                format!(
                    "{} prompts · {} active users{}",
                    thousands(b.prompts),
                    thousands(u64::from(b.active_users)),
                    if b.partial { " · partial" } else { "" }
                ),
                t.value(),
            ),
        ]);
    }
    // Each part whole or not at all: at 60 columns a cut "peak 1,5" reads as a figure.
    let mut parts = vec![Chip::new(
        0,
        vec![Span::styled(
            format!("Prompts per {} (UTC)", c.shown.noun(c.week_start)),
            t.pane_title(focused),
        )],
    )];
    if c.shown != c.asked {
        let why = format!(" ({}s do not fit the width)", c.asked.noun(c.week_start));
        parts.push(Chip::new(3, vec![Span::styled(why, t.label())]));
    }
    if c.bars.len() < c.total {
        let noun = c.shown.noun(c.week_start);
        let last = format!("  last {} of {} {noun}s", c.bars.len(), c.total);
        parts.push(Chip::new(1, vec![Span::styled(last, t.label())]));
    }
    let peak = format!("  peak {}", thousands(c.peak));
    parts.push(Chip::new(1, vec![Span::styled(peak, t.label())]));
    if c.any_partial {
        parts.push(Chip::new(2, vec![Span::styled("  ⣀▒ partial", t.label())]));
    }
    chips::fit(parts, width)
}

/// The Origins block: each origin's count, share and sparkline; no shares when the
/// origins do not add up to the whole (the header says so).
pub fn render_origins(app: &App, t: &Theme, area: Rect, buf: &mut Buffer) {
    let Some(o) = app.view().origins.as_ref() else {
        return;
    };
    if area.height == 0 || area.width == 0 {
        return;
    }
    let trusted = !matches!(o.check, OriginCheck::Mismatch { .. });
    let title = if trusted {
        "Origins"
    } else {
        "Origins ⚠ do not add up"
    };
    Line::styled(title, if trusted { t.title() } else { t.error() })
        .render(Rect { height: 1, ..area }, buf);
    let [name_at, spark_at, figures_at] = ORIGIN_LINE.place(area.width);
    let cell = |p: Placed, y: u16| p.at(area, y);
    for (i, (origin, line)) in o.lines.iter().enumerate() {
        let y = area.y + 1 + i as u16;
        if y >= area.y + area.height {
            break;
        }
        Line::raw(origin.as_str()).render(cell(name_at, y), buf);
        let Some(l) = line else {
            Line::styled(right("…", 17), t.label()).render(cell(figures_at, y), buf);
            continue;
        };
        spark_row(
            &l.series,
            cell(spark_at, y),
            (t.bars(), app.today_partial()),
            buf,
        );
        let share = match trusted {
            false => "    ? ".to_string(),
            true => share(o.shares.get(i).copied().flatten()),
        };
        let figures = format!("{} {share}", right(&thousands(l.total), 10));
        Line::styled(figures, t.value()).render(cell(figures_at, y), buf);
    }
}

/// A share (`numbers::shares`, so that they add up to 100.0) in six cells; none when
/// there are no prompts at all (it said 0.0% for each origin, and NaN% for each product
/// of a range the file misses).
pub(super) fn share(pct: Option<f64>) -> String {
    match pct {
        None => "     —".to_string(),
        Some(p) => right(&crate::numbers::share_pct(p), 6),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn a_share_of_no_prompts_is_a_dash_not_nan() {
        assert_eq!(share(None), "     —");
        assert_eq!(share(Some(25.0)), " 25.0%");
        assert_eq!(share(Some(100.0)), "100.0%");
    }

    /// The column drawn for a bar of `prompts` against `peak` on 4 rows, bottom up.
    fn drawn(prompts: u64, peak: u64, partial: bool) -> Vec<String> {
        let day = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let b = Bar {
            x: 0,
            width: 1,
            period: "2026-W48".into(),
            start: day,
            end: day,
            prompts,
            active_users: 1,
            partial,
        };
        let area = Rect::new(0, 0, 1, 4);
        let mut buf = Buffer::empty(area);
        column(&b, 4, peak, area, Style::default(), &mut buf);
        (0..4)
            .rev()
            .map(|y| buf[(0, y)].symbol().to_string())
            .collect()
    }

    #[test]
    fn a_partial_bar_is_as_tall_as_its_prompts_and_stippled() {
        // 314 of 16,190: an eighth of a cell, dotted, not a whole hatched one.
        assert_eq!(drawn(314, 16_190, true), ["⣀", " ", " ", " "]);
        assert_eq!(drawn(314, 16_190, false), ["▁", " ", " ", " "]);
        // Half the peak: two whole cells, hatched when partial.
        assert_eq!(drawn(50, 100, true), ["▒", "▒", " ", " "]);
        assert_eq!(drawn(50, 100, false), ["█", "█", " ", " "]);
        // Past whole cells, the top part is dotted too.
        assert_eq!(drawn(65, 100, true), ["▒", "▒", "⣶", " "]);
        assert_eq!(drawn(65, 100, false), ["█", "█", "▅", " "]);
        assert_eq!(drawn(0, 100, true), [" ", " ", " ", " "]);
    }

    /// Months that do not fit are said in the title, as the calendar says its weeks.
    #[test]
    fn a_chart_without_its_oldest_months_says_so() {
        use crate::analytics::WeekStart;
        use crate::tui::chart::Bucketing;
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        let range = crate::dates::DateRange::new(
            chrono::NaiveDate::from_ymd_opt(2017, 1, 1).unwrap(),
            today,
        )
        .unwrap();
        let daily = vec![1u64; range.len_days()];
        let asked = (Bucketing::Day, WeekStart::Monday);
        let title = |w: u16| {
            let c = Chart::of_days(range, &daily, today, asked, w);
            let line = chart_title(&c, (None, false), &Theme::default(), 120);
            line.spans
                .iter()
                .map(|s| s.content.to_string())
                .collect::<String>()
        };
        assert!(
            title(100).contains("last 100 of 120 months"),
            "{}",
            title(100)
        );
        assert!(!title(120).contains("last"), "{}", title(120));
    }

    /// Today's cell of a sparkline is dim, the others not; a range that ends before
    /// today has none dim.
    #[test]
    fn a_sparklines_day_not_over_is_dim() {
        use ratatui::style::Modifier;
        let area = Rect::new(0, 0, 5, 1);
        for partial in [true, false] {
            let mut buf = Buffer::empty(area);
            spark_row(
                &[1, 2, 3, 4, 1],
                area,
                (Style::default(), partial),
                &mut buf,
            );
            let dim: Vec<bool> = (0..5)
                .map(|x| buf[(x, 0)].modifier.contains(Modifier::DIM))
                .collect();
            assert_eq!(dim, [false, false, false, false, partial]);
            assert_eq!(buf[(4, 0)].symbol(), "▃", "still drawn");
        }
    }

    /// Without colour (`NO_COLOR`, the mono theme) the glyphs alone tell a partial bar:
    /// at every height, its top cell is not a whole bucket's.
    #[test]
    fn a_partial_bar_of_any_height_reads_as_partial_without_colour() {
        for prompts in 1..=32 {
            let (part, whole) = (drawn(prompts, 32, true), drawn(prompts, 32, false));
            let top = whole.iter().rposition(|s| s != " ").unwrap();
            assert_eq!(part.iter().rposition(|s| s != " "), Some(top), "{prompts}");
            assert_ne!(part[top], whole[top], "{prompts} of 32: {part:?}");
        }
    }
}
