//! The report's charts as inline SVG, drawn here: no script, no font, no link. Colours
//! are CSS classes (`bar`, `line`, `o0`..), so the page's light, dark and print styles
//! apply to them. Each chart carries a `<title>` and an `aria-label` saying in words
//! what it shows.

use std::fmt::Write;

use super::{OriginShare, Point, esc};
use crate::numbers::{count_of, thousands};

const W: f64 = 720.0;
const H: f64 = 240.0;
/// The largest size the axis labels are drawn at, in the chart's units (`report.css`:
/// 14 on a phone, 11 elsewhere).
const AXIS_MAX_FONT: f64 = 14.0;
/// Room for the axis labels: left, right, top, bottom.
const PAD: (f64, f64, f64, f64) = (56.0, 48.0, 12.0, 28.0);

/// Prompts as bars and active users as a line (its own scale, on the right), one bucket
/// each; partial buckets are faded.
pub fn series(points: &[Point], grain: &str) -> String {
    let n = points.len().max(1) as f64;
    // The scales' tops: two round steps over the most, so each grid line's label is its
    // height (labels of the most and its half, rounded, put "1" on the line of 0.5).
    let max_p = scale_top(points.iter().map(|p| p.prompts).max().unwrap_or(0)) as f64;
    let max_u = scale_top(
        points
            .iter()
            .map(|p| u64::from(p.active_users))
            .max()
            .unwrap_or(0),
    ) as f64;
    let (x0, y0, pw, ph) = PLOT;
    let step = pw / n;
    let label = alt_text(points, grain);
    let mut s = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"{l}\"><title>{l}</title>",
        l = esc(&label)
    );
    grid(&mut s, max_p, max_u);
    // Each bucket's active users, where the line passes: drawn whole or as a partial's
    // segment from the same places.
    let dots: Vec<(f64, f64)> = (points.iter().enumerate())
        .map(|(i, p)| {
            let uy = y0 - ph * f64::from(p.active_users) / max_u;
            (x0 + step * (i as f64 + 0.5), uy)
        })
        .collect();
    let mut line = String::new();
    for (i, p) in points.iter().enumerate() {
        let h = ph * p.prompts as f64 / max_p;
        let x = x0 + step * i as f64;
        let class = if p.partial { "bar partial" } else { "bar" };
        let _ = write!(
            s,
            "<rect class=\"{class}\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{h:.1}\"><title>{}: {}, {}</title></rect>",
            x + step * 0.1,
            y0 - h,
            (step * 0.8).max(0.5),
            esc(&named(p)),
            count_of(p.prompts, "prompt", "prompts"),
            count_of(u64::from(p.active_users), "active user", "active users"),
        );
        let (ux, uy) = dots[i];
        if !p.partial {
            let _ = write!(line, "{ux:.1},{uy:.1} ");
        }
        // A line of one point draws nothing: a dot for it (a one-day report).
        if points.len() == 1 {
            let _ = write!(
                s,
                "<circle class=\"dot\" cx=\"{ux:.1}\" cy=\"{uy:.1}\" r=\"4\"/>"
            );
        }
    }
    let _ = write!(
        s,
        "<polyline class=\"line\" points=\"{}\"/>",
        line.trim_end()
    );
    partial_segments(&mut s, points, &dots);
    ends(&mut s, points);
    s.push_str("</svg>");
    s
}

/// The active users of a partial bucket (cut by the range, or holding today, which are
/// at the ends) joined to their neighbour by a faded, dashed segment, as its bar is
/// faded: drawn whole, a two-day week's line plunged from 3,300 to 1,100 as a drop.
fn partial_segments(s: &mut String, points: &[Point], dots: &[(f64, f64)]) {
    for (i, p) in points.iter().enumerate().filter(|(_, p)| p.partial) {
        let near = match i {
            0 => 1,
            i => i - 1,
        };
        if near >= points.len() {
            continue;
        }
        let ((ax, ay), (bx, by)) = (dots[near], dots[i]);
        let _ = write!(
            s,
            "<polyline class=\"line partial\" points=\"{ax:.1},{ay:.1} {bx:.1},{by:.1}\"><title>{}: partial</title></polyline>",
            esc(&p.period)
        );
    }
}

/// The plot's left, bottom, width and height.
const PLOT: (f64, f64, f64, f64) = (PAD.0, H - PAD.3, W - PAD.0 - PAD.1, H - PAD.2 - PAD.3);

/// The top of a scale that shows `most`: twice a step of 1, 2 or 5 times a power of ten.
fn scale_top(most: u64) -> u64 {
    let half = most.div_ceil(2).max(1);
    let mut power = 1u64;
    loop {
        for m in [1, 2, 5] {
            let step = power.saturating_mul(m);
            if step >= half {
                return step.saturating_mul(2);
            }
        }
        power = power.saturating_mul(10);
    }
}

/// Three grid lines with both scales: prompts on the left, active users on the right.
fn grid(s: &mut String, max_p: f64, max_u: f64) {
    let (x0, y0, pw, ph) = PLOT;
    for f in [0.0, 0.5, 1.0] {
        let y = y0 - ph * f;
        let _ = write!(
            s,
            "<line class=\"grid\" x1=\"{x0}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\"/><text class=\"axis\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text><text class=\"axis users\" x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            x0 + pw,
            x0 - 6.0,
            y + 4.0,
            crate::numbers::compact((max_p * f).round() as u64),
            x0 + pw + 6.0,
            y + 4.0,
            crate::numbers::compact((max_u * f).round() as u64),
        );
    }
}

/// Labels under the plot: the first and last bucket's at the ends, and up to five more
/// between them at even steps (two alone left a year of weeks unreadable on paper, where
/// the tooltips do not show).
fn ends(s: &mut String, points: &[Point]) {
    let (x0, _, pw, _) = PLOT;
    let n = points.len();
    if n == 0 {
        return;
    }
    let stride = n.div_ceil(7).max(1);
    let step = pw / n as f64;
    let mut at: Vec<usize> = (0..n).step_by(stride).collect();
    // The last bucket's label at the right end, in place of one too near it.
    if at.last().is_some_and(|&i| i != 0 && n - 1 - i < stride) {
        at.pop();
    }
    if at.last() != Some(&(n - 1)) {
        at.push(n - 1);
    }
    let place = |i: usize| match i {
        // One bucket: its label under its bar.
        0 if n == 1 => (x0 + pw / 2.0, "middle"),
        0 => (x0, "start"),
        i if i == n - 1 => (x0 + pw, "end"),
        i => (x0 + step * (i as f64 + 0.5), "middle"),
    };
    // Where each label's text runs, at the phone's size (the larger): the first date,
    // drawn from the left edge, ran into the second's on a phone ("2026-11-02026-11-09").
    let extent = |i: usize| {
        let (x, anchor) = place(i);
        let w = points[i].period.chars().count() as f64 * 0.6 * AXIS_MAX_FONT;
        match anchor {
            "start" => (x, x + w),
            "end" => (x - w, x),
            _ => (x - w / 2.0, x + w / 2.0),
        }
    };
    let mut kept: Vec<usize> = Vec::with_capacity(at.len());
    for i in at {
        if i == n - 1 {
            // The last is always named: those it would run into give way.
            while kept.len() > 1
                && kept
                    .last()
                    .is_some_and(|&k| extent(k).1 + 6.0 > extent(i).0)
            {
                kept.pop();
            }
        } else if kept
            .last()
            .is_some_and(|&k| extent(k).1 + 6.0 > extent(i).0)
        {
            continue;
        }
        kept.push(i);
    }
    for i in kept {
        let (x, anchor) = place(i);
        let _ = write!(
            s,
            "<text class=\"axis\" x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{}</text>",
            H - 8.0,
            esc(&points[i].period)
        );
    }
}

/// A bucket as its tooltip names it: a week or month with its days (`2026-W47`, the
/// label alone, says neither which days nor that the range cut it), a day alone.
fn named(p: &Point) -> String {
    let cut = if p.partial { ", partial" } else { "" };
    match p.start == p.end {
        true => format!("{}{cut}", p.period),
        false => format!("{} ({} to {}{cut})", p.period, p.start, p.end),
    }
}

/// The chart in words, for a screen reader and as the chart's tooltip.
fn alt_text(points: &[Point], grain: &str) -> String {
    let total: u64 = points.iter().map(|p| p.prompts).sum();
    match points.iter().max_by_key(|p| p.prompts) {
        Some(peak) => format!(
            "Prompts by {grain} (bars, left scale) and active users (line, right scale), {} to {}: {} in all, the most ({}) {} {}",
            points[0].period,
            points[points.len() - 1].period,
            count_of(total, "prompt", "prompts"),
            thousands(peak.prompts),
            if grain == "day" { "on" } else { "in" },
            peak.period
        ),
        None => format!("Prompts by {grain}: no data"),
    }
}

/// The origins' shares as one stacked bar.
pub fn shares(origins: &[OriginShare]) -> String {
    let words: Vec<String> = origins
        .iter()
        .map(|o| format!("{} {}", o.origin, super::share(o)))
        .collect();
    let label = format!("Share of prompts by origin: {}", words.join(", "));
    let mut s = format!(
        "<svg class=\"shares\" viewBox=\"0 0 {W} 36\" role=\"img\" aria-label=\"{l}\"><title>{l}</title>",
        l = esc(&label)
    );
    let mut x = 0.0;
    // The widths from the counts: the shares are rounded to read, not to draw.
    let sum: f64 = origins.iter().map(|o| o.prompts as f64).sum();
    for (i, o) in origins.iter().enumerate() {
        let w = match sum > 0.0 {
            true => W * o.prompts as f64 / sum,
            false => 0.0,
        };
        let _ = write!(
            s,
            "<rect class=\"o{i}\" x=\"{x:.1}\" y=\"0\" width=\"{w:.1}\" height=\"36\"><title>{}: {} prompts ({})</title></rect>",
            o.origin,
            thousands(o.prompts),
            super::share(o)
        );
        x += w;
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each grid line is labelled with its height: the scale's top is two round steps.
    #[test]
    fn the_scale_tops_are_two_round_steps() {
        let cases = [
            (0, 2),
            (1, 2),
            (2, 2),
            (3, 4),
            (5, 10),
            (9, 10),
            (11, 20),
            (3198, 4000),
        ];
        for (most, top) in cases {
            assert_eq!(scale_top(most), top, "{most}");
            assert!(top >= most && top % 2 == 0, "{most}");
        }
        assert!(scale_top(u64::MAX) >= u64::MAX / 2);
    }

    /// One day draws its users as a dot (a line of one point drew nothing) and its label
    /// under its bar; a week's tooltip gives its days, and says when it is cut.
    #[test]
    fn one_bucket_has_a_dot_and_a_week_its_days() {
        let d = |day: u32| chrono::NaiveDate::from_ymd_opt(2026, 11, day).unwrap();
        let day = Point {
            period: "2026-11-18".into(),
            start: d(18),
            end: d(18),
            prompts: 2807,
            active_users: 203,
            partial: false,
        };
        let s = series(std::slice::from_ref(&day), "day");
        assert!(s.contains("<circle class=\"dot\""), "{s}");
        assert!(s.contains("text-anchor=\"middle\">2026-11-18<"), "{s}");
        assert!(s.contains("<title>2026-11-18: 2,807 prompts"), "{s}");
        let week = Point {
            period: "2026-W47".into(),
            start: d(16),
            end: d(17),
            partial: true,
            ..day.clone()
        };
        let s = series(&[week.clone(), week], "week");
        assert!(
            s.contains("<title>2026-W47 (2026-11-16 to 2026-11-17, partial): "),
            "{s}"
        );
        assert!(!s.contains("<circle"), "{s}");
    }

    /// The first and last buckets are named, and a few between, never two side by side.
    #[test]
    fn the_axis_names_the_ends_and_a_few_between() {
        let point = |i: usize| Point {
            period: format!("p{i}"),
            start: chrono::NaiveDate::MIN,
            end: chrono::NaiveDate::MIN,
            prompts: 1,
            active_users: 1,
            partial: false,
        };
        for n in [1, 2, 5, 7, 13, 30, 53, 90] {
            let points: Vec<Point> = (0..n).map(point).collect();
            let mut s = String::new();
            ends(&mut s, &points);
            let named: Vec<usize> = (0..n).filter(|i| s.contains(&format!(">p{i}<"))).collect();
            assert_eq!(named.first(), Some(&0), "{n}");
            assert_eq!(named.last(), Some(&(n - 1)), "{n}");
            assert!(named.len() <= 8, "{n}: {named:?}");
            assert!(n < 7 || named.len() >= 4, "{n}: {named:?}");
            let gap = n.div_ceil(7);
            assert!(
                named.windows(2).all(|w| w[1] - w[0] >= gap),
                "{n}: {named:?}"
            );
        }
    }

    /// Dates as labels: the text of no two runs into the other at the phone's size, and
    /// the ends are still named.
    #[test]
    fn date_labels_never_run_into_each_other() {
        let day = |i: usize| chrono::NaiveDate::MIN + chrono::Days::new(738_000 + i as u64);
        for n in [2, 3, 7, 14, 30, 31, 60, 61, 90] {
            let points: Vec<Point> = (0..n)
                .map(|i| Point {
                    period: day(i).to_string(),
                    start: day(i),
                    end: day(i),
                    prompts: 1,
                    active_users: 1,
                    partial: false,
                })
                .collect();
            let mut s = String::new();
            ends(&mut s, &points);
            let xs: Vec<(f64, &str)> = s
                .split("<text class=\"axis\" x=\"")
                .skip(1)
                .map(|t| {
                    let x: f64 = t[..t.find('"').unwrap()].parse().unwrap();
                    let anchor = t.split("text-anchor=\"").nth(1).unwrap();
                    (x, &anchor[..anchor.find('"').unwrap()])
                })
                .collect();
            let w = 10.0 * 0.6 * AXIS_MAX_FONT;
            let spans: Vec<(f64, f64)> = (xs.iter())
                .map(|&(x, a)| match a {
                    "start" => (x, x + w),
                    "end" => (x - w, x),
                    _ => (x - w / 2.0, x + w / 2.0),
                })
                .collect();
            assert!(spans.windows(2).all(|p| p[0].1 < p[1].0), "{n}: {spans:?}");
            assert!(
                s.contains(&format!(">{}<", day(0))) && s.contains(&format!(">{}<", day(n - 1)))
            );
        }
    }
}
