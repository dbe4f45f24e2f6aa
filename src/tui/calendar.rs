//! The calendar heatmap as the view derives it: weeks as columns (Monday to Sunday, or
//! Sunday to Saturday with `week_start = "sunday"`, as the chart's week bars), weekdays as
//! rows, each day a shade. Shade 0 is a day of the range with no prompts; the
//! four others split the range's non-zero days at their quartiles, so a few heavy days do
//! not wash the rest into one shade. Days outside the range (before its start, after its
//! end or today) are `Missing`, drawn blank, so "nothing asked" never reads as "nothing
//! used". Pure: the widget only places what this computes.

use chrono::{Datelike, Duration, NaiveDate};

use crate::analytics::WeekStart;
use crate::dates::DateRange;
use crate::model::Usage;

/// Shorter ranges get no calendar (a handful of columns says less than the chart).
pub const MIN_DAYS: usize = 56;
/// The weekday labels' column (`Mon `) and one week's column (a shade and a gap).
pub const LABEL_W: u16 = 4;
pub const WEEK_W: u16 = 2;
/// The rows below the title: month labels, seven weekdays, the legend.
pub const ROWS: u16 = 9;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// One day of the grid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Day {
    /// Outside the range: blank.
    Missing,
    /// In the range: 0 for no prompts, 1..=4 the shade.
    Level(u8),
}

/// The grid at one width.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Calendar {
    /// The first day of the first week shown (a Monday, or a Sunday).
    pub first_day: NaiveDate,
    /// The weekday the weeks start on: the first row.
    pub week_start: WeekStart,
    /// The weeks shown, oldest first, each from `week_start` on.
    pub weeks: Vec<[Day; 7]>,
    /// The weeks the range touches (more than `weeks` when they do not all fit).
    pub total_weeks: usize,
    /// Month names over the week column holding the month's 1st (and over the first
    /// column when it leaves room), left to right, never overlapping.
    pub months: Vec<(usize, &'static str)>,
    /// The prompts each shade 1..=4 stands for, lowest and highest; `None` for a shade no
    /// day has (all four `None` when the range has no prompts).
    pub limits: [Option<(u64, u64)>; 4],
    /// The first and last day on the grid that are in the range, and each day's prompts
    /// from the range's start: what the day cursor reads.
    pub shown: (NaiveDate, NaiveDate),
    counts: (NaiveDate, Vec<u64>),
}

impl Calendar {
    /// The organization's calendar of the answer on screen.
    pub fn of_org(u: &Usage, today: NaiveDate, (width, ws): (u16, WeekStart)) -> Option<Calendar> {
        Calendar::build(u.day_totals(), u.range(), today, (width, ws))
    }

    /// The grid of `days` (one count per day of `range`) in `width` columns, weeks from
    /// `ws`: the latest weeks that fit. `None` under `MIN_DAYS` days or when the range
    /// starts after today.
    pub fn build(
        days: &[u64],
        range: DateRange,
        today: NaiveDate,
        (width, ws): (u16, WeekStart),
    ) -> Option<Calendar> {
        let last = range.end().min(today);
        if range.len_days() < MIN_DAYS || last < range.start() {
            return None;
        }
        let start_week = week_of(range.start(), ws);
        let total_weeks = ((week_of(last, ws) - start_week).num_days() / 7 + 1) as usize;
        let room = width.saturating_sub(LABEL_W);
        let shown = total_weeks.min(usize::from(room / WEEK_W));
        let first_week = start_week + Duration::weeks((total_weeks - shown) as i64);
        let hi = upper_limits(days);
        let weeks = (0..shown)
            .map(|w| {
                std::array::from_fn(|d| {
                    let date = first_week + Duration::days((w * 7 + d) as i64);
                    if date < range.start() || date > last {
                        return Day::Missing;
                    }
                    let i = (date - range.start()).num_days() as usize;
                    Day::Level(level(days.get(i).copied().unwrap_or(0), hi.as_ref()))
                })
            })
            .collect();
        // With no week in the width (a terminal under the minimum), first_week is past
        // `last`: the days shown are then the last one alone, never a reversed pair.
        let first_shown = first_week.max(range.start()).min(last);
        Some(Calendar {
            first_day: first_week,
            week_start: ws,
            months: months(first_week, (first_shown, last), shown, room),
            weeks,
            total_weeks,
            limits: limits(days, hi),
            shown: (first_shown, last),
            counts: (range.start(), days.to_vec()),
        })
    }

    /// The shade of `date`, if it is on the grid.
    pub fn day(&self, date: NaiveDate) -> Option<Day> {
        let off = (date - self.first_day).num_days();
        let (w, d) = (usize::try_from(off.div_euclid(7)).ok()?, off.rem_euclid(7));
        self.weeks.get(w).map(|week| week[d as usize])
    }

    /// The day drawn at (`x`, `y`) of the calendar's area, as the widget lays it out (the
    /// weekday labels, then a week every [`WEEK_W`] cells; month names on row 0, then a
    /// row a weekday), if a day of the range is there: what a click picks.
    pub fn at(&self, x: u16, y: u16) -> Option<NaiveDate> {
        let w = usize::from(x.checked_sub(LABEL_W)? / WEEK_W);
        let d = usize::from(y.checked_sub(1)?);
        let week = self.weeks.get(w)?;
        match week.get(d)? {
            Day::Level(_) => Some(self.first_day + chrono::Duration::days((w * 7 + d) as i64)),
            Day::Missing => None,
        }
    }

    /// `date` moved into the days shown (the cursor stays on the grid when it shrinks).
    pub fn clamp(&self, date: NaiveDate) -> NaiveDate {
        date.clamp(self.shown.0, self.shown.1)
    }

    /// The prompts of a day shown.
    pub fn count(&self, date: NaiveDate) -> Option<u64> {
        if date < self.shown.0 || date > self.shown.1 {
            return None;
        }
        let i = usize::try_from((date - self.counts.0).num_days()).ok()?;
        self.counts.1.get(i).copied()
    }

    /// Whether only the latest weeks fit.
    pub fn clipped(&self) -> bool {
        self.weeks.len() < self.total_weeks
    }
}

/// The first day of `d`'s week.
fn week_of(d: NaiveDate, ws: WeekStart) -> NaiveDate {
    let back = match ws {
        WeekStart::Monday => d.weekday().num_days_from_monday(),
        WeekStart::Sunday => d.weekday().num_days_from_sunday(),
    };
    d - Duration::days(i64::from(back))
}

/// The highest count of each shade: the quartiles of the non-zero days (nearest rank).
fn upper_limits(days: &[u64]) -> Option<[u64; 4]> {
    let mut nz: Vec<u64> = days.iter().copied().filter(|&v| v > 0).collect();
    if nz.is_empty() {
        return None;
    }
    nz.sort_unstable();
    let n = nz.len();
    Some(std::array::from_fn(|k| nz[((k + 1) * n).div_ceil(4) - 1]))
}

fn level(v: u64, hi: Option<&[u64; 4]>) -> u8 {
    match hi {
        Some(hi) if v > 0 => 1 + hi.iter().position(|&h| v <= h).unwrap_or(3) as u8,
        _ => 0,
    }
}

/// Each shade's lowest and highest count; a shade squeezed out by repeated values is None.
fn limits(days: &[u64], hi: Option<[u64; 4]>) -> [Option<(u64, u64)>; 4] {
    let Some(hi) = hi else {
        return [None; 4];
    };
    let min = days.iter().copied().filter(|&v| v > 0).min().unwrap_or(1);
    std::array::from_fn(|k| {
        let lo = if k == 0 { min } else { hi[k - 1] + 1 };
        (lo <= hi[k]).then_some((lo, hi[k]))
    })
}

/// Where the name over week `w` starts, in cells from the grid's left edge: over its
/// week, or moved left to end at the grid's edge when the week is one of the last (the
/// current month's name would not fit over the last column: it needs three cells).
pub fn label_x(w: usize, room: u16) -> u16 {
    (w as u16 * WEEK_W).min(room.saturating_sub(3))
}

/// Month names over their weeks: where a week holds the 1st (a day on the grid: not a
/// month the range has not reached), and over the first column (its first day's month)
/// when the next name leaves it room. A name is 3 cells and needs a gap: two columns.
fn months(
    first_week: NaiveDate,
    (first_day, last): (NaiveDate, NaiveDate),
    weeks: usize,
    room: u16,
) -> Vec<(usize, &'static str)> {
    let name = |d: NaiveDate| MONTHS[d.month0() as usize];
    let mut out: Vec<(usize, &'static str)> = (0..weeks)
        .filter_map(|w| {
            let m = first_week + Duration::weeks(w as i64);
            (0..7)
                .map(|d| m + Duration::days(d))
                .find(|d| d.day() == 1 && (first_day..=last).contains(d))
                .map(|d| (w, name(d)))
        })
        .collect();
    if weeks > 0 && out.first().is_none_or(|(w, _)| *w >= 2) {
        out.insert(0, (0, name(first_day)));
    }
    let mut kept: Vec<(usize, &'static str)> = Vec::with_capacity(out.len());
    for (w, name) in out {
        let x = label_x(w, room);
        let clear = kept
            .last()
            .is_none_or(|&(p, _)| x >= label_x(p, room) + 2 * WEEK_W);
        if room >= 3 && clear {
            kept.push((w, name));
        }
    }
    kept
}

#[cfg(test)]
#[path = "calendar_tests.rs"]
mod tests;
