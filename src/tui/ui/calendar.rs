//! The calendar heatmap (`c`), in the chart's place or the detail's: weekday labels, one
//! column per week (from the weekday `week_start` says, as the chart's week bars), month
//! names above, the legend with each shade's limits below.
//! Every cell goes to a fixed column of the buffer, so wide characters drawn elsewhere
//! (a name, a product) cannot shift it; the grid itself is `tui::calendar`'s.

use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::text::thousands;
use super::theme::Theme;
use crate::tui::calendar::{Calendar, Day, LABEL_W, WEEK_W};

/// Each shade's glyph: readable with no colour at all.
const GLYPHS: [&str; 5] = ["·", "░", "▒", "▓", "█"];
/// Every other weekday's label, for weeks from Monday and from Sunday.
const FROM_MONDAY: [&str; 7] = ["Mon", "", "Wed", "", "Fri", "", "Sun"];
const FROM_SUNDAY: [&str; 7] = ["Sun", "", "Tue", "", "Thu", "", "Sat"];

/// `cal` under `title` (drawn on the row above `area`), clipped to `area`, with the day
/// `cursor` in the selected style; the title in reverse video while the pane has focus,
/// as the chart's is.
pub fn render(
    t: &Theme,
    (cal, cursor, focused): (&Calendar, Option<NaiveDate>, bool),
    title: &str,
    area: Rect,
    buf: &mut Buffer,
) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let legends = legends(t, cal);
    let legend_row = area.height > LEGEND_ROW;
    let title = (title, focused);
    let head = head(t, cal, title, (!legend_row).then_some(&legends), area.width);
    let y = area.y.saturating_sub(1);
    head.render(
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
            let x = left + crate::tui::calendar::label_x(*w, right - left);
            if x < right {
                buf.set_stringn(x, r.y, name, usize::from(right - x), t.label());
            }
        }
    }
    let weekdays = match cal.week_start {
        crate::analytics::WeekStart::Monday => &FROM_MONDAY,
        crate::analytics::WeekStart::Sunday => &FROM_SUNDAY,
    };
    for (d, label) in weekdays.iter().enumerate() {
        let Some(r) = row(1 + d as u16) else { break };
        buf.set_stringn(
            r.x,
            r.y,
            label,
            usize::from(LABEL_W.min(area.width)),
            t.label(),
        );
        weekday_row(t, (cal, cursor), d, (left, right, r.y), buf);
    }
    if let Some(r) = row(LEGEND_ROW) {
        fitted(&legends, r.width).render(r, buf);
    }
}

/// Weekday `d`'s shades, one a week from column `left` (up to `right`) on row `y`; the
/// day under the cursor selected.
fn weekday_row(
    t: &Theme,
    (cal, cursor): (&Calendar, Option<NaiveDate>),
    d: usize,
    (left, right, y): (u16, u16, u16),
    buf: &mut Buffer,
) {
    for (w, week) in cal.weeks.iter().enumerate() {
        let x = left + w as u16 * WEEK_W;
        if let (Day::Level(l), true) = (week[d], x < right) {
            let date = cal.first_day + chrono::Duration::days((w * 7 + d) as i64);
            let style = match cursor == Some(date) {
                true => t.selected(),
                false => t.heat(l),
            };
            buf[(x, y)]
                .set_symbol(GLYPHS[usize::from(l)])
                .set_style(style);
        }
    }
}

/// The title, with the day under the cursor and its prompts when there is one.
pub fn title(base: &str, day: Option<(NaiveDate, u64)>) -> String {
    match day {
        Some((d, n)) => format!("{base} · {} {d}: {}", d.format("%a"), thousands(n)),
        None => base.to_string(),
    }
}

/// The row under the grid (month names, then seven weekdays) that holds the legend.
const LEGEND_ROW: u16 = 8;

/// The title row: the title, how many weeks are shown when not all, and, when there is
/// no legend row (the 60x16 minimum), the longest legend that fits after them; the weeks
/// note goes before the legend's five shades do.
fn head(
    t: &Theme,
    cal: &Calendar,
    (title, focused): (&str, bool),
    legends: Option<&[Line<'static>; 3]>,
    width: u16,
) -> Line<'static> {
    let title = Span::styled(title.to_string(), t.pane_title(focused));
    let note = cal.clipped().then(|| {
        Span::styled(
            format!("  last {} of {} weeks", cal.weeks.len(), cal.total_weeks),
            t.label(),
        )
    });
    let mut spans: Vec<Span<'static>> = vec![title.clone()];
    spans.extend(note.clone());
    let Some(legends) = legends else {
        return Line::from(spans);
    };
    let width = usize::from(width);
    let gap = || Span::raw("  ");
    for keep_note in [true, false] {
        let mut base = vec![title.clone()];
        if keep_note {
            base.extend(note.clone());
        }
        let used = Line::from(base.clone()).width() + 2;
        if let Some(l) = legends.iter().find(|l| used + l.width() <= width) {
            base.push(gap());
            base.extend(l.spans.iter().cloned());
            return Line::from(base);
        }
    }
    let mut base = vec![title, gap()];
    base.extend(legends[2].spans.iter().cloned());
    Line::from(base)
}

/// The first legend that fits `width`; the shortest (clipped) when none does.
fn fitted(legends: &[Line<'static>; 3], width: u16) -> Line<'static> {
    legends
        .iter()
        .find(|l| l.width() <= usize::from(width))
        .unwrap_or(&legends[2])
        .clone()
}

/// The legend, longest first: each shade with its limits and what a blank cell means;
/// the same without the blank; the five shades between the lowest and the highest count
/// (`0 ·░▒▓█ 310`), which always fits the narrowest calendar.
fn legends(t: &Theme, cal: &Calendar) -> [Line<'static>; 3] {
    let full = legend(t, cal);
    let mut shorter = full.clone();
    shorter.spans.pop();
    let top = cal.limits.iter().rev().find_map(|l| l.map(|(_, hi)| hi));
    let mut compact = vec![Span::styled("0 ", t.label())];
    for (k, g) in GLYPHS.iter().enumerate() {
        compact.push(Span::styled(*g, t.heat(k as u8)));
    }
    compact.push(Span::styled(
        match top {
            Some(hi) => format!(" {}", thousands(hi)),
            None => " (no prompts)".into(),
        },
        t.label(),
    ));
    [full, shorter, Line::from(compact)]
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::DateRange;

    fn text(l: &Line<'_>) -> String {
        l.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn weekday_labels_follow_the_week_start() {
        use crate::analytics::WeekStart;
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let range = DateRange::last_days(today, 84);
        for (ws, first, third) in [
            (WeekStart::Monday, "Mon", "Wed"),
            (WeekStart::Sunday, "Sun", "Tue"),
        ] {
            let cal = Calendar::build(&[1; 84], range, today, (80, ws)).unwrap();
            let area = Rect::new(0, 1, 80, 11);
            let mut buf = Buffer::empty(Rect::new(0, 0, 80, 12));
            render(&Theme::default(), (&cal, None, false), "t", area, &mut buf);
            let cell = |y: u16| {
                (0..3)
                    .map(|x| buf[(x, y)].symbol().to_string())
                    .collect::<String>()
            };
            // Row 0 of the area is the months; the weekdays follow.
            assert_eq!(
                (cell(2).as_str(), cell(4).as_str()),
                (first, third),
                "{ws:?}"
            );
        }
    }

    #[test]
    fn the_legend_drops_the_blank_first_then_the_limits_never_a_shade() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let days: Vec<u64> = (0..84).map(|i| (i * 37 % 1500) as u64).collect();
        let cal = Calendar::build(
            &days,
            DateRange::last_days(today, 84),
            today,
            (200, Default::default()),
        )
        .unwrap();
        let t = Theme::default();
        let l = legends(&t, &cal);
        let full = text(&l[0]);
        assert!(full.ends_with("  blank: not in range"), "{full}");
        assert_eq!(text(&l[1]), full.trim_end_matches("  blank: not in range"));
        let top = thousands(cal.limits[3].unwrap().1);
        assert_eq!(text(&l[2]), format!("0 ·░▒▓█ {top}"));
        let w = |i: usize| l[i].width() as u16;
        assert_eq!(text(&fitted(&l, w(0))), full);
        assert_eq!(text(&fitted(&l, w(0) - 1)), text(&l[1]));
        assert_eq!(text(&fitted(&l, w(1) - 1)), text(&l[2]));
        assert_eq!(text(&fitted(&l, 3)), text(&l[2]), "clipped, not dropped");
    }
}
