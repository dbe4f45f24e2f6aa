//! A range cut into days, weeks or calendar months, with the prompts and the active users
//! of each.
//!
//! The buckets cover the range exactly: the first and last are clipped to it. A bucket
//! is `partial` when it was clipped (the range holds only part of its week or month) or
//! when it holds `today` (the day is not over), so that a short bucket is never read as a
//! drop. Active users of a bucket are the distinct people with at least one prompt in it,
//! counted from the cells, never a sum of daily counts.

use chrono::{Datelike, Duration, NaiveDate};

use super::period::{WeekStart, month_end};
use crate::dates::DateRange;
use crate::model::Usage;

/// How long a bucket is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Grain {
    Day,
    Week(WeekStart),
    Month,
}

impl Grain {
    /// The whole bucket holding `day`: its first and last day.
    pub fn unit_of(self, day: NaiveDate) -> (NaiveDate, NaiveDate) {
        match self {
            Grain::Day => (day, day),
            Grain::Week(ws) => {
                let s = ws.week_of(day);
                (s, s + Duration::days(6))
            }
            Grain::Month => (day.with_day(1).unwrap_or(day), month_end(day)),
        }
    }

    /// The label of the bucket starting (unclipped) on `unit_start`: `2026-11-25`,
    /// `2026-W48`, `2026-11`. A Sunday-start week is labelled with the ISO week of its
    /// Monday, the week that holds six of its seven days.
    pub fn label(self, unit_start: NaiveDate) -> String {
        match self {
            Grain::Day => unit_start.to_string(),
            Grain::Week(ws) => {
                let monday = match ws {
                    WeekStart::Monday => unit_start,
                    WeekStart::Sunday => unit_start + Duration::days(1),
                };
                let w = monday.iso_week();
                format!("{}-W{:02}", w.year(), w.week())
            }
            Grain::Month => format!("{}-{:02}", unit_start.year(), unit_start.month()),
        }
    }
}

/// One bucket of a range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bucket {
    /// `2026-W48`, `2026-11` or the day (see [`Grain::label`]).
    pub period: String,
    /// First day in the range (clipped).
    pub start: NaiveDate,
    /// Last day in the range (clipped).
    pub end: NaiveDate,
    pub prompt_count: u64,
    /// Distinct people with at least one prompt in the bucket.
    pub active_users: u32,
    /// Clipped by the range, or holding today.
    pub partial: bool,
}

/// The buckets of `usage`'s range, every one present (zero-filled), in date order.
pub fn buckets(usage: &Usage, grain: Grain, today: NaiveDate) -> Vec<Bucket> {
    let (mut out, of_day) = cut(usage.range(), grain, usage.day_totals(), today);
    if grain == Grain::Day && !usage.is_folded() {
        // A day's distinct people are in the model already: no pass over every cell (at
        // 10M rows that pass was most of the time to show the dashboard's answer).
        for (b, n) in out.iter_mut().zip(usage.day_users()) {
            b.active_users = *n;
        }
    } else {
        count_active(usage, &of_day, &mut out);
    }
    out
}

/// The buckets of one person's prompts a day over `range` (`daily`, a count a day): their
/// active users are 1 where the person sent a prompt, else 0.
pub fn series_buckets(
    range: DateRange,
    daily: &[u64],
    grain: Grain,
    today: NaiveDate,
) -> Vec<Bucket> {
    let (mut out, _) = cut(range, grain, daily, today);
    for b in &mut out {
        b.active_users = u32::from(b.prompt_count > 0);
    }
    out
}

/// `range` cut into buckets of `grain` with the prompts of `daily` (a count per day of the
/// range) summed in each, and the bucket of each day.
fn cut(range: DateRange, grain: Grain, daily: &[u64], today: NaiveDate) -> (Vec<Bucket>, Vec<u32>) {
    let days = range.len_days();
    let mut out: Vec<Bucket> = Vec::new();
    let mut of_day: Vec<u32> = Vec::with_capacity(days);
    for i in 0..days {
        let day = range.day(i);
        let (us, ue) = grain.unit_of(day);
        if out.last().is_none_or(|b| b.end < us) {
            out.push(Bucket {
                period: grain.label(us),
                start: day,
                end: ue.min(range.end()),
                prompt_count: 0,
                active_users: 0,
                partial: us < range.start() || ue > range.end(),
            });
        }
        of_day.push(out.len() as u32 - 1);
    }
    for (d, n) in daily.iter().enumerate().take(days) {
        out[of_day[d] as usize].prompt_count += n;
    }
    for b in &mut out {
        b.partial |= b.start <= today && today <= b.end;
    }
    (out, of_day)
}

/// Distinct people per bucket: counted from the cells once per model and grouping, and
/// kept with the model (the fetch task counts the chart's weeks and months in advance).
fn count_active(usage: &Usage, of_day: &[u32], out: &mut [Bucket]) {
    let counts = usage.distinct_users_by_group(of_day, out.len());
    for (b, n) in out.iter_mut().zip(counts.iter()) {
        b.active_users = *n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::testing::usage;
    use crate::dates::parse_date;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    #[test]
    fn days_read_from_the_model_are_the_distinct_people_of_the_cells() {
        let mut rng = fastrand::Rng::with_seed(11);
        let rows: Vec<(u128, u128, String, u64)> = (0..400)
            .map(|_| {
                let day = d("2026-11-01") + Duration::days(rng.i64(0..20));
                (
                    rng.u128(1..4),
                    rng.u128(1..30),
                    day.to_string(),
                    rng.u64(0..3),
                )
            })
            .collect();
        let u = crate::analytics::testing::usage_owned("2026-11-01", "2026-11-20", rows);
        let got = buckets(&u, Grain::Day, d("2026-11-10"));
        let of_day: Vec<u32> = (0..got.len() as u32).collect();
        let mut want = got.clone();
        for b in &mut want {
            b.active_users = 0;
        }
        count_active(&u, &of_day, &mut want);
        assert_eq!(got, want);
        assert!(
            got.iter().any(|b| b.active_users > 1),
            "some days have several people"
        );
    }

    #[test]
    fn iso_weeks_clipped_and_distinct() {
        // 2026-11-25 is a Wednesday; the range runs Wed 11-18 .. Tue 12-01.
        let u = usage(
            "2026-11-18",
            "2026-12-01",
            &[
                (1, 1, "2026-11-18", 3),
                (1, 1, "2026-11-19", 2), // same person, same week: one active user
                (2, 1, "2026-11-19", 1),
                (1, 2, "2026-11-23", 5),
                (1, 1, "2026-11-29", 1),
                (1, 3, "2026-11-30", 0), // a zero row is not activity
            ],
        );
        let b = buckets(&u, Grain::Week(WeekStart::Monday), d("2026-12-10"));
        let got: Vec<_> = b
            .iter()
            .map(|b| {
                (
                    b.period.as_str(),
                    b.start.to_string(),
                    b.end.to_string(),
                    b.prompt_count,
                    b.active_users,
                    b.partial,
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "2026-W47",
                    "2026-11-18".into(),
                    "2026-11-22".into(),
                    6,
                    1,
                    true
                ),
                (
                    "2026-W48",
                    "2026-11-23".into(),
                    "2026-11-29".into(),
                    6,
                    2,
                    false
                ),
                (
                    "2026-W49",
                    "2026-11-30".into(),
                    "2026-12-01".into(),
                    0,
                    0,
                    true
                ),
            ]
        );
    }

    #[test]
    fn sunday_weeks_today_and_months() {
        let u = usage(
            "2026-11-22",
            "2026-12-05",
            &[(1, 1, "2026-11-22", 1), (1, 2, "2026-12-05", 1)],
        );
        let b = buckets(&u, Grain::Week(WeekStart::Sunday), d("2026-11-25"));
        assert_eq!(b.len(), 2);
        assert_eq!(
            (b[0].period.as_str(), b[0].start),
            ("2026-W48", d("2026-11-22"))
        );
        assert!(b[0].partial, "holds today");
        assert!(!b[1].partial, "a whole week in the past");
        assert_eq!(b[1].end, d("2026-12-05"));
        let m = buckets(&u, Grain::Month, d("2027-01-01"));
        assert_eq!(
            m.iter().map(|b| b.period.as_str()).collect::<Vec<_>>(),
            ["2026-11", "2026-12"]
        );
        assert!(m.iter().all(|b| b.partial), "both months clipped");
        assert_eq!(m.iter().map(|b| b.active_users).collect::<Vec<_>>(), [1, 1]);
        let days = buckets(&u, Grain::Day, d("2026-11-23"));
        assert_eq!(days.len(), 14);
        assert_eq!(days.iter().filter(|b| b.partial).count(), 1);
        assert!(days[1].partial);
    }

    #[test]
    fn iso_week_of_the_year_boundary() {
        // 2026-12-28 (Mon) .. 2027-01-03 is ISO week 2026-W53.
        assert_eq!(
            Grain::Week(WeekStart::Monday).label(d("2026-12-28")),
            "2026-W53"
        );
        assert_eq!(
            Grain::Week(WeekStart::Monday).label(d("2024-12-30")),
            "2025-W01"
        );
        assert_eq!(
            Grain::Week(WeekStart::Sunday).label(d("2024-12-29")),
            "2025-W01"
        );
        assert_eq!(Grain::Month.label(d("2026-02-01")), "2026-02");
        let whole = usage("2026-02-01", "2026-02-28", &[]);
        let b = buckets(&whole, Grain::Month, d("2026-11-30"));
        assert_eq!((b.len(), b[0].partial, b[0].prompt_count), (1, false, 0));
    }
}
