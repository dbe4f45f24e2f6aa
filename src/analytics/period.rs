//! The previous period of a range, and the first day of the week.
//!
//! A rolling or typed range (`--last 30d`, `--from/--to`, the 7/30/90-day presets) is
//! compared with the range of the same length just before it. A calendar range (this
//! week, this or last month, this quarter, year to date) is compared with the same span of
//! the previous unit: each end moves back one unit (7 days, 1 month, 3 months, 1 year), a
//! day of month that does not exist there is clipped to the month's last day (Mar 31 ->
//! Feb 28 or 29), and an end on the last day of its month stays on the last day of the
//! month it lands in (last month = September -> August 1-31, not August 1-30).

use chrono::{Datelike, Duration, Months, NaiveDate, Weekday};

use crate::dates::{DateRange, Preset, Unit};

/// The first day of a week bucket.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum WeekStart {
    /// ISO weeks.
    #[default]
    Monday,
    Sunday,
}

impl WeekStart {
    /// `monday` or `sunday` (any case); the error is the one line to show.
    pub fn parse(s: &str) -> Result<WeekStart, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "monday" | "mon" => Ok(WeekStart::Monday),
            "sunday" | "sun" => Ok(WeekStart::Sunday),
            _ => Err(format!(
                "--week-start '{}' is not a day: use monday or sunday",
                crate::sanitize::one_line(s.trim())
            )),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            WeekStart::Monday => "monday",
            WeekStart::Sunday => "sunday",
        }
    }

    fn weekday(self) -> Weekday {
        match self {
            WeekStart::Monday => Weekday::Mon,
            WeekStart::Sunday => Weekday::Sun,
        }
    }

    /// The first day of the week holding `day`.
    pub fn week_of(self, day: NaiveDate) -> NaiveDate {
        day - Duration::days(i64::from(day.weekday().days_since(self.weekday())))
    }
}

/// What a range is, for finding its previous period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Span {
    /// Any run of days: the previous period is the same number of days just before.
    Rolling,
    Week,
    Month,
    Quarter,
    Year,
}

impl Span {
    /// The span a typed range pages and compares by: its calendar unit, or rolling days.
    pub fn of_unit(unit: Unit) -> Span {
        match unit {
            Unit::Days => Span::Rolling,
            Unit::Week => Span::Week,
            Unit::Month => Span::Month,
            Unit::Quarter => Span::Quarter,
            Unit::Year => Span::Year,
        }
    }

    /// The span of a dashboard preset. Custom ranges are rolling.
    pub fn of_preset(p: Preset) -> Span {
        match p {
            Preset::Last7 | Preset::Last30 | Preset::Last90 | Preset::Custom => Span::Rolling,
            Preset::ThisMonth | Preset::LastMonth => Span::Month,
            Preset::ThisWeek | Preset::LastWeek => Span::Week,
            Preset::ThisQuarter | Preset::LastQuarter => Span::Quarter,
            Preset::YearToDate => Span::Year,
        }
    }
}

/// The period `range` is compared with (see the module doc).
pub fn previous_period(range: DateRange, span: Span) -> DateRange {
    step_period(range, span, -1)
}

/// `range` moved by `by` of its units (-1: the previous period, 1: the next), by the
/// same rules as [`previous_period`]: what `[` and `]` do on a calendar preset.
pub fn step_period(range: DateRange, span: Span, by: i32) -> DateRange {
    let months = match span {
        Span::Rolling => return range.shifted(i64::from(by)),
        Span::Week => {
            let d = Duration::days(7 * i64::from(by));
            return ordered(range.start() + d, range.end() + d);
        }
        Span::Month => by,
        Span::Quarter => 3 * by,
        Span::Year => 12 * by,
    };
    ordered(
        months_moved(range.start(), months),
        months_moved_end(range.end(), months),
    )
}

/// `day` moved by `months`, the day of month clipped to the target month's length.
fn months_moved(day: NaiveDate, months: i32) -> NaiveDate {
    let m = Months::new(months.unsigned_abs());
    // chrono clips to the month's last day; only dates beyond year 262143 fail.
    let moved = if months < 0 {
        day.checked_sub_months(m)
    } else {
        day.checked_add_months(m)
    };
    moved.unwrap_or(day)
}

/// As [`months_moved`], but the last day of a month goes to the last day of the target.
fn months_moved_end(day: NaiveDate, months: i32) -> NaiveDate {
    let moved = months_moved(day, months);
    if is_month_end(day) {
        month_end(moved)
    } else {
        moved
    }
}

fn is_month_end(day: NaiveDate) -> bool {
    day.succ_opt().is_none_or(|n| n.month() != day.month())
}

/// The last day of the month holding `day`.
pub fn month_end(day: NaiveDate) -> NaiveDate {
    let first = day.with_day(1).unwrap_or(day);
    first
        .checked_add_months(Months::new(1))
        .and_then(|n| n.pred_opt())
        .unwrap_or(day)
}

fn ordered(start: NaiveDate, end: NaiveDate) -> DateRange {
    // Both ends move by the same unit, so the order holds; `min` keeps it total anyway.
    DateRange::new(start.min(end), end).unwrap_or_else(|_| DateRange::last_days(end, 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::parse_date;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }
    fn r(a: &str, b: &str) -> DateRange {
        DateRange::new(d(a), d(b)).unwrap()
    }
    fn prev(a: &str, b: &str, span: Span) -> (String, String) {
        let p = previous_period(r(a, b), span);
        (p.start().to_string(), p.end().to_string())
    }
    fn pair(a: &str, b: &str) -> (String, String) {
        (a.to_string(), b.to_string())
    }

    #[test]
    fn rolling_is_the_same_length_just_before() {
        assert_eq!(
            prev("2026-11-01", "2026-11-30", Span::Rolling),
            pair("2026-10-02", "2026-10-31")
        );
        assert_eq!(
            prev("2026-03-01", "2026-03-01", Span::Rolling),
            pair("2026-02-28", "2026-02-28")
        );
    }

    #[test]
    fn months_step_by_month_and_clip() {
        // This month so far against the same days of last month.
        assert_eq!(
            prev("2026-11-01", "2026-11-25", Span::Month),
            pair("2026-10-01", "2026-10-25")
        );
        // Mar 31 has no Feb 31: the end clips to the month's last day, leap or not.
        assert_eq!(
            prev("2026-03-01", "2026-03-31", Span::Month),
            pair("2026-02-01", "2026-02-28")
        );
        assert_eq!(
            prev("2028-03-01", "2028-03-31", Span::Month),
            pair("2028-02-01", "2028-02-29")
        );
        assert_eq!(
            prev("2026-03-01", "2026-03-30", Span::Month),
            pair("2026-02-01", "2026-02-28")
        );
        // A whole month against the whole month before, however long.
        assert_eq!(
            prev("2026-09-01", "2026-09-30", Span::Month),
            pair("2026-08-01", "2026-08-31")
        );
        assert_eq!(
            prev("2026-01-01", "2026-01-31", Span::Month),
            pair("2025-12-01", "2025-12-31")
        );
    }

    #[test]
    fn year_to_date_against_the_same_days_of_last_year() {
        assert_eq!(
            prev("2026-01-01", "2026-11-25", Span::Year),
            pair("2025-01-01", "2025-11-25")
        );
        // Feb 29 is the last day of its month: the previous year ends on Feb 28.
        assert_eq!(
            prev("2028-01-01", "2028-02-29", Span::Year),
            pair("2027-01-01", "2027-02-28")
        );
        // And Feb 28 of a common year that follows a leap year goes to Feb 29.
        assert_eq!(
            prev("2029-01-01", "2029-02-28", Span::Year),
            pair("2028-01-01", "2028-02-29")
        );
        assert_eq!(
            prev("2028-01-01", "2028-02-28", Span::Year),
            pair("2027-01-01", "2027-02-28")
        );
    }

    #[test]
    fn quarters_and_weeks() {
        assert_eq!(
            prev("2026-10-01", "2026-11-25", Span::Quarter),
            pair("2026-07-01", "2026-08-25")
        );
        assert_eq!(
            prev("2026-01-01", "2026-03-31", Span::Quarter),
            pair("2025-10-01", "2025-12-31")
        );
        assert_eq!(
            prev("2026-11-23", "2026-11-25", Span::Week),
            pair("2026-11-16", "2026-11-18")
        );
    }

    #[test]
    fn stepping_forward_undoes_stepping_back() {
        let r = r("2026-02-01", "2026-02-28");
        let back = previous_period(r, Span::Month);
        assert_eq!(
            back,
            DateRange::new(d("2026-01-01"), d("2026-01-31")).unwrap()
        );
        assert_eq!(step_period(back, Span::Month, 1), r);
        let ytd = step_period(
            DateRange::new(d("2027-01-01"), d("2027-02-28")).unwrap(),
            Span::Year,
            1,
        );
        assert_eq!(
            ytd,
            DateRange::new(d("2028-01-01"), d("2028-02-29")).unwrap()
        );
        let q = step_period(r, Span::Quarter, 2);
        assert_eq!(q, DateRange::new(d("2026-08-01"), d("2026-08-31")).unwrap());
        let w = step_period(r, Span::Week, 1);
        assert_eq!(w.start(), d("2026-02-08"));
    }

    #[test]
    fn presets_map_to_spans() {
        let today = d("2026-03-31");
        let this = Preset::ThisMonth.range(today).unwrap();
        let p = previous_period(this, Span::of_preset(Preset::ThisMonth));
        assert_eq!((p.start(), p.end()), (d("2026-02-01"), d("2026-02-28")));
        let last = Preset::Last30.range(today).unwrap();
        assert_eq!(
            previous_period(last, Span::of_preset(Preset::Last30)),
            last.previous()
        );
    }

    #[test]
    fn weeks_start_where_asked() {
        // 2026-11-25 is a Wednesday.
        assert_eq!(WeekStart::Monday.week_of(d("2026-11-25")), d("2026-11-23"));
        assert_eq!(WeekStart::Sunday.week_of(d("2026-11-25")), d("2026-11-22"));
        assert_eq!(WeekStart::Sunday.week_of(d("2026-11-22")), d("2026-11-22"));
        assert_eq!(WeekStart::Monday.week_of(d("2026-11-22")), d("2026-11-16"));
        assert_eq!(WeekStart::parse(" Sunday"), Ok(WeekStart::Sunday));
        assert_eq!(
            WeekStart::parse("nonsense").unwrap_err(),
            "--week-start 'nonsense' is not a day: use monday or sunday"
        );
        assert_eq!(month_end(d("2028-02-10")), d("2028-02-29"));
        assert_eq!(month_end(d("2026-12-31")), d("2026-12-31"));
    }
}
