//! The two KPI lines over the chart: the view's figures, then the change against the
//! previous period with the busiest day and prompts per active user per day. Each line
//! fits its width whole (`chips::fit`): labels shorten first, then the least telling
//! figures leave; nothing is cut mid-word.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::chips::{self, Chip, short_day, short_range};
use super::text::thousands;
use super::theme::Theme;
use crate::numbers::pct_short;
use crate::tui::app::App;
use crate::tui::keymap::Mode;
use crate::tui::view::Kpis;

pub fn render(app: &App, t: &Theme, area: Rect, buf: &mut Buffer) {
    if app.base_mode() == Mode::Detail {
        return; // the detail has its own headline
    }
    let Some(_) = app.usage() else {
        let msg = if app.is_loading() {
            "loading…"
        } else {
            "no data yet"
        };
        Line::styled(msg, t.label()).render(area, buf);
        return;
    };
    // The figures on screen are the ones before the change until the team's are made.
    if let Some(note) = app.narrowing_note() {
        Line::styled(format!("{note}…"), t.label()).render(area, buf);
        return;
    }
    let k = &app.view().kpis;
    chips::fit(figures(k, t), area.width).render(Rect { height: 1, ..area }, buf);
    let second = Rect {
        y: area.y + 1,
        height: 1,
        ..area
    };
    chips::fit(against(k, app.today(), t), area.width).render(second, buf);
}

/// A label and its figure.
fn pair(t: &Theme, label: &str, value: String) -> Vec<Span<'static>> {
    vec![
        Span::styled(label.to_string(), t.label()),
        Span::styled(value, t.value()),
    ]
}

/// The first line: prompts and active users always; then new and dormant people, average
/// daily users and DAU/MAU, which leave in the reverse order when narrow; a warning last,
/// in words when there is room and in figures when there is not.
fn figures(k: &Kpis, t: &Theme) -> Vec<Chip> {
    // New and dormant against a period the saved file does not hold would be everyone
    // and no one: not known, so not counted.
    let known = |v: Option<usize>| match (k.previous_outside, v) {
        (true, _) => "—".to_string(),
        (false, v) => v.map_or("…".to_string(), |n| thousands(n as u64)),
    };
    let active = thousands(k.active_users as u64);
    let mut line = vec![
        Chip::new(0, pair(t, "Prompts ", thousands(k.total))),
        Chip::new(0, pair(t, "  Active users ", active.clone()))
            .or_short(9, pair(t, "  Active ", active)),
        Chip::new(3, pair(t, "  New ", known(k.new))),
        Chip::new(3, pair(t, "  Dormant ", known(k.dormant))),
        Chip::new(
            4,
            pair(
                t,
                "  Avg DAU ",
                crate::numbers::grouped(k.average_daily_users, 1, false),
            ),
        ),
    ];
    if let Some(s) = k.stickiness {
        line.push(Chip::new(
            5,
            pair(t, "  DAU/MAU ", format!("{:.0}%", s * 100.0)),
        ));
    }
    if !k.warnings.is_empty() {
        // The sentence gives way to its terse form before any figure leaves; the terse
        // form stays longest of all but the prompts and the people.
        let w = Span::styled(format!("   ⚠ {}", k.warnings), t.error());
        let terse = Span::styled(format!("  ⚠ {}", k.warnings.terse()), t.error());
        line.push(Chip::new(1, vec![w]).or_short(6, vec![terse]));
    }
    line
}

/// The second line: the change against the previous period (with its dates) always, then
/// the previous total, the busiest day and prompts per active user per day, most telling
/// first; the dates lose the current year before anything leaves.
fn against(k: &Kpis, today: chrono::NaiveDate, t: &Theme) -> Vec<Chip> {
    let change = match (k.change, k.previous_total) {
        // As the table's change column writes it: `+3,140%` beside its `+4,681%`.
        (Some(c), Some(_)) => Span::styled(pct_short(c), if c >= 0.0 { t.good() } else { t.bad() }),
        (None, Some(_)) if k.previous_outside => Span::styled("not in the file", t.label()),
        (None, Some(_)) => Span::styled("no prompts before", t.label()),
        _ => Span::styled("…", t.label()),
    };
    let vs = |range: String| {
        vec![
            Span::styled(format!("vs {range} "), t.label()),
            change.clone(),
        ]
    };
    // Totals are compared: a period of another length than the range says its days.
    let days = |r: crate::dates::DateRange| crate::dates::other_length(r.len_days(), k.range_days);
    let mut line = vec![match k.previous_range {
        Some(r) => Chip::new(0, vs(format!("{}..{}{}", r.start(), r.end(), days(r))))
            .or_short(8, vs(format!("{}{}", short_range(r, today), days(r)))),
        None => Chip::new(0, vs("previous period".into())),
    }];
    if let (Some(_), Some(p)) = (k.change, k.previous_total) {
        let was = Span::styled(format!(" (was {})", thousands(p)), t.label());
        line.push(Chip::new(2, vec![was]));
    }
    if k.previous_missing > 0 {
        let n = thousands(k.previous_missing);
        let long = format!("  ⚠ {n} of its days not in the file");
        let short = format!("  ⚠ {n} days missing");
        line.push(
            Chip::new(1, vec![Span::styled(long, t.error())])
                .or_short(5, vec![Span::styled(short, t.error())]),
        );
    }
    line.push(match k.busiest {
        Some((d, n)) => {
            let day = |d: String| pair(t, "  Busiest ", format!("{d} ({})", thousands(n)));
            Chip::new(3, day(d.to_string())).or_short(7, day(short_day(d, today)))
        }
        None => Chip::new(3, pair(t, "  Busiest ", "—".into())),
    });
    let per = (k.per_user_day).map_or(crate::numbers::NO_RATE.into(), |v| {
        crate::numbers::grouped(v, 1, false)
    });
    line.push(Chip::new(4, pair(t, "  Per user/day ", per)));
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Warnings;

    fn text(k: &Kpis, width: u16) -> String {
        let line = chips::fit(figures(k, &Theme::default()), width);
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    /// A saved file that does not hold every day of the range: at 80 columns the warning
    /// said in full pushed out Dormant, Avg DAU and DAU/MAU; in figures it costs one.
    #[test]
    fn a_warning_gives_way_to_its_terse_form_before_the_figures_leave() {
        let w = Warnings {
            days_outside: 12,
            ..Warnings::default()
        };
        let k = Kpis {
            total: 62_940,
            active_users: 325,
            new: Some(16),
            dormant: Some(9),
            average_daily_users: 149.8,
            stickiness: Some(0.46),
            warnings: w,
            ..Kpis::default()
        };
        let wide = text(&k, 200);
        assert!(wide.ends_with("⚠ 12 days of the range not in the file (shown as none)"));
        assert!(wide.contains("DAU/MAU 46%"), "{wide}");
        let narrow = text(&k, 80);
        assert!(narrow.chars().count() <= 80, "{narrow}");
        for kept in ["New 16", "Dormant 9", "Avg DAU 149.8", "⚠ 12 days missing"] {
            assert!(narrow.contains(kept), "{kept}: {narrow}");
        }
        // Narrower still, the figures leave and the warning stays.
        let tight = text(&k, 46);
        assert!(tight.contains("⚠ 12 days missing"), "{tight}");
    }

    /// A previous period of another length says its days, as the reports do: November
    /// against a 31-day October read +8.6% with nothing to say it was 31 days.
    #[test]
    fn a_previous_period_of_another_length_says_its_days() {
        let date = |m, d| chrono::NaiveDate::from_ymd_opt(2026, m, d).unwrap();
        let text = |k: &Kpis| {
            let line = chips::fit(against(k, date(12, 3), &Theme::default()), 200);
            line.spans
                .iter()
                .map(|s| s.content.as_ref())
                .collect::<String>()
        };
        let mut k = Kpis {
            range_days: 30,
            previous_range: crate::dates::DateRange::new(date(10, 1), date(10, 31)).ok(),
            previous_total: Some(56_212),
            change: Some(8.6),
            ..Kpis::default()
        };
        assert!(
            text(&k).starts_with("vs 2026-10-01..2026-10-31 (31 days) +8.6%"),
            "{}",
            text(&k)
        );
        k.range_days = 31;
        assert!(
            text(&k).starts_with("vs 2026-10-01..2026-10-31 +8.6%"),
            "{}",
            text(&k)
        );
    }

    #[test]
    fn several_warnings_in_few_words() {
        let w = Warnings {
            duplicates: 1,
            days_outside: 3,
            ..Warnings::default()
        };
        assert_eq!(w.terse(), "1 repeated, 3 days missing");
    }
}
