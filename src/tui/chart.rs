//! The organization's chart as the view derives it: whole buckets (days, ISO weeks or
//! months, from `analytics::buckets`), each placed on whole columns across the full width,
//! with a date axis. Bars are never sums of an odd number of days: when a range has more
//! days than columns it is drawn by weeks (and by months past that), so the weekend dip
//! cannot alias into a zig-zag. Partial buckets (clipped, or holding today) are marked
//! so that a short bucket is not read as a drop.

use chrono::NaiveDate;

use std::sync::Arc;

use super::people::Derived;
use crate::analytics::{Bucket, Grain, WeekStart, series_buckets};
use crate::dates::DateRange;

/// How long a bar is, as asked with `b` (the chart may show a longer one).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Bucketing {
    #[default]
    Day,
    Week,
    Month,
}

impl Bucketing {
    pub fn next(self) -> Bucketing {
        match self {
            Bucketing::Day => Bucketing::Week,
            Bucketing::Week => Bucketing::Month,
            Bucketing::Month => Bucketing::Day,
        }
    }

    /// The buckets' grain; weeks start on the config's `week_start`.
    pub fn grain(self, week_start: WeekStart) -> Grain {
        match self {
            Bucketing::Day => Grain::Day,
            Bucketing::Week => Grain::Week(week_start),
            Bucketing::Month => Grain::Month,
        }
    }

    pub fn noun(self, week_start: WeekStart) -> &'static str {
        match (self, week_start) {
            (Bucketing::Day, _) => "day",
            (Bucketing::Week, WeekStart::Monday) => "ISO week",
            (Bucketing::Week, WeekStart::Sunday) => "Sun-Sat week",
            (Bucketing::Month, _) => "month",
        }
    }

    /// The axis label of a bucket starting on `start`.
    fn label(self, start: NaiveDate) -> String {
        match self {
            Bucketing::Day | Bucketing::Week => start.format("%m-%d").to_string(),
            Bucketing::Month => start.format("%Y-%m").to_string(),
        }
    }
}

/// One bar: where it is drawn and what it stands for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bar {
    pub x: u16,
    pub width: u16,
    /// `2026-W48`, `2026-11` or the day.
    pub period: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub prompts: u64,
    pub active_users: u32,
    pub partial: bool,
}

/// The chart at one width.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Chart {
    pub asked: Bucketing,
    pub shown: Bucketing,
    /// The first day of the week bars (the config's `week_start`).
    pub week_start: WeekStart,
    pub bars: Vec<Bar>,
    pub peak: u64,
    /// The date axis, one label under the first bar it fits under.
    pub axis: String,
    pub any_partial: bool,
    /// How many buckets the range holds: more than `bars` when the oldest months do not
    /// fit (the title says so, as the calendar's does; they left without a word).
    pub total: usize,
}

impl Chart {
    /// The chart of the answer on screen at `width` columns, by `asked` or the first
    /// longer bucket whose bars all fit; weeks start on `week_start`.
    pub fn build(derived: &mut Derived, asked: (Bucketing, WeekStart), width: u16) -> Chart {
        Chart::of(|g| derived.buckets(g), asked, width)
    }

    /// A person's chart, as the organization's is drawn: their prompts a day over `range`.
    pub fn of_days(
        range: DateRange,
        daily: &[u64],
        today: NaiveDate,
        asked: (Bucketing, WeekStart),
        width: u16,
    ) -> Chart {
        let cut = |g| Arc::new(series_buckets(range, daily, g, today));
        Chart::of(cut, asked, width)
    }

    /// The chart of the buckets `buckets_of` gives for a grain.
    fn of(
        mut buckets_of: impl FnMut(Grain) -> Arc<Vec<Bucket>>,
        (asked, week_start): (Bucketing, WeekStart),
        width: u16,
    ) -> Chart {
        let w = usize::from(width);
        if w == 0 {
            return Chart::default();
        }
        let mut shown = asked;
        let mut buckets = buckets_of(shown.grain(week_start));
        while buckets.len() > w && shown != Bucketing::Month {
            shown = shown.next();
            buckets = buckets_of(shown.grain(week_start));
        }
        // Past a month a column: the latest months that fit.
        let skip = buckets.len().saturating_sub(w);
        let n = buckets.len() - skip;
        if n == 0 {
            return Chart::default();
        }
        // One width for every bar: from two columns a slot, a column narrower than the
        // narrowest slot (the slots alternate between two sizes, and a gap only in the
        // wider ones merged pairs of days into one wide bar); under two, one column each,
        // side by side from the left (the columns left over stay empty at the right).
        // Bars that filled slots of one and two columns drew some days twice as large as
        // others of the same count, and one-column bars spread over the width left gaps
        // that read as days without prompts.
        let min_slot = w / n;
        let bars: Vec<Bar> = buckets[skip..]
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let x0 = if min_slot >= 2 { i * w / n } else { i };
                let width = min_slot.saturating_sub(1).max(1);
                Bar {
                    x: x0 as u16,
                    width: width as u16,
                    period: b.period.clone(),
                    start: b.start,
                    end: b.end,
                    prompts: b.prompt_count,
                    active_users: b.active_users,
                    partial: b.partial,
                }
            })
            .collect();
        Chart {
            asked,
            shown,
            week_start,
            peak: bars.iter().map(|b| b.prompts).max().unwrap_or(0),
            axis: axis(&bars, shown, w),
            any_partial: bars.iter().any(|b| b.partial),
            total: buckets.len(),
            bars,
        }
    }

    /// Bar `i`, or the last one when `i` is past the end (a cursor kept across a resize).
    pub fn bar(&self, i: usize) -> Option<&Bar> {
        self.bars.get(i.min(self.bars.len().saturating_sub(1)))
    }
}

/// Labels under every `k`-th bar from the first, `k` the fewest bars that always leave a
/// label and two spaces: a label wherever one fit made steps of 2 and 3 days side by side
/// ("11-10    11-13  11-15"), as the slots are of two widths.
fn axis(bars: &[Bar], shown: Bucketing, width: usize) -> String {
    let mut line = vec![' '; width];
    let len = bars
        .iter()
        .map(|b| shown.label(b.start).len())
        .max()
        .unwrap_or(0);
    let apart = |k: usize| {
        (0..bars.len().saturating_sub(k)).all(|i| bars[i + k].x - bars[i].x >= (len + 2) as u16)
    };
    let k = (1..bars.len().max(1))
        .find(|&k| apart(k))
        .unwrap_or(bars.len().max(1));
    for b in bars.iter().step_by(k) {
        let label = shown.label(b.start);
        let x = usize::from(b.x);
        if x + label.len() > width {
            continue;
        }
        for (j, c) in label.chars().enumerate() {
            line[x + j] = c;
        }
    }
    line.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::UsageQuery;
    use crate::dates::DateRange;
    use crate::tui::app::tests::{answer_for, org, today};

    fn derived(days: u32) -> (Derived, Arc<crate::model::Usage>) {
        let q = UsageQuery::new(DateRange::last_days(today(), days));
        let u = answer_for(&org(), &q);
        let mut d = Derived::default();
        d.update(Some(&u), None, today());
        (d, u)
    }

    #[test]
    fn bars_are_whole_days_or_weeks_across_the_full_width() {
        let (mut d, u) = derived(90);
        let c = Chart::build(&mut d, (Bucketing::Day, WeekStart::Monday), 200);
        assert_eq!((c.shown, c.bars.len()), (Bucketing::Day, 90));
        let last = c.bars.last().unwrap();
        assert!(
            last.x + last.width >= 198,
            "the full width is used from two columns a day: {last:?}"
        );
        let sum: u64 = c.bars.iter().map(|b| b.prompts).sum();
        assert_eq!(sum, u.total());
        // 90 days on 53 columns: weeks, never 2-day bars.
        let c = Chart::build(&mut d, (Bucketing::Day, WeekStart::Monday), 53);
        assert_eq!(c.shown, Bucketing::Week);
        assert!(c.bars.iter().all(|b| b.period.contains("-W")));
        assert_eq!(c.bars.iter().map(|b| b.prompts).sum::<u64>(), u.total());
        // The first week is clipped and the last holds today: both partial.
        assert!(c.bars[0].partial && c.bars.last().unwrap().partial && c.any_partial);
        assert!(
            c.axis
                .starts_with(&c.bars[0].start.format("%m-%d").to_string())
        );
    }

    #[test]
    fn every_bar_has_one_width_and_a_gap_from_two_columns_a_slot() {
        let (mut d, _) = derived(30);
        // 30 days on 78 columns: slots of 2 and 3; a gap only in the 3s merged pairs.
        for width in [78, 60, 100, 173] {
            let c = Chart::build(&mut d, (Bucketing::Day, WeekStart::Monday), width);
            assert_eq!(c.bars.len(), 30);
            assert!(c.bars.iter().all(|b| b.width == c.bars[0].width), "{width}");
            for w in c.bars.windows(2) {
                assert!(w[0].x + w[0].width < w[1].x, "touching at {width}: {w:?}");
            }
        }
        // Under two columns a slot: one column each, side by side (bars of one and two
        // columns drew some days twice as large as others of the same count).
        let c = Chart::build(&mut d, (Bucketing::Day, WeekStart::Monday), 45);
        assert!(c.bars.iter().all(|b| b.width == 1));
        for w in c.bars.windows(2) {
            assert_eq!(w[0].x + 1, w[1].x);
        }
    }

    /// The axis labels every k-th bar, whatever the slots' widths: steps of 2 and 3 days
    /// side by side read as a gap in the data.
    #[test]
    fn the_axis_steps_by_a_fixed_number_of_bars() {
        let (mut d, _) = derived(30);
        for width in [80, 97, 120, 143, 200] {
            let c = Chart::build(&mut d, (Bucketing::Day, WeekStart::Monday), width);
            let at: Vec<usize> = (c.bars.iter().enumerate())
                .filter(|(_, b)| {
                    c.axis[usize::from(b.x)..].starts_with(&b.start.format("%m-%d").to_string())
                })
                .map(|(i, _)| i)
                .collect();
            assert!(at.len() >= 3, "{width}: {}", c.axis);
            assert_eq!(at[0], 0);
            let step = at[1] - at[0];
            assert!(
                at.windows(2).all(|w| w[1] - w[0] == step),
                "{width}: {at:?} {}",
                c.axis
            );
        }
    }

    #[test]
    fn b_cycles_and_months_fit_long_ranges() {
        assert_eq!(Bucketing::Day.next().next().next(), Bucketing::Day);
        let (mut d, _) = derived(400);
        let c = Chart::build(&mut d, (Bucketing::Day, WeekStart::Monday), 50);
        assert_eq!(
            c.shown,
            Bucketing::Month,
            "400 days or 58 weeks do not fit 50 columns"
        );
        let c = Chart::build(&mut d, (Bucketing::Month, WeekStart::Monday), 200);
        assert_eq!(c.shown, Bucketing::Month);
        assert!(c.axis.contains("2026-11"));
        assert_eq!((c.bars.len(), c.total), (14, 14));
        // Past a month a column the latest months are kept, and the chart knows how many
        // it holds in all (its title says "last 10 of 14 months").
        let c = Chart::build(&mut d, (Bucketing::Month, WeekStart::Monday), 10);
        assert_eq!((c.bars.len(), c.total), (10, 14));
        assert_eq!(c.bars.last().unwrap().period, "2026-11");
    }
}

#[cfg(test)]
#[path = "chart_week_tests.rs"]
mod week_tests;
