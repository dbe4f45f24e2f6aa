//! UTC calendar days and ranges: parsing `--from/--to/--last`, the dashboard's presets, and
//! paging a range by its own length. Every day here is a UTC calendar day, as in the API.

use chrono::{Datelike, Duration, NaiveDate, Utc};
use thiserror::Error;

/// An inclusive range of UTC calendar days, `start <= end` by construction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DateRange {
    start: NaiveDate,
    end: NaiveDate,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum DateError {
    #[error("'{0}' is not a date: use YYYY-MM-DD")]
    BadDate(String),
    #[error("the range is reversed: {start} is after {end}")]
    Reversed { start: NaiveDate, end: NaiveDate },
    #[error("'{0}' is not a period: use a number and d, w, m or y (7d, 12w, 3m, 1y)")]
    BadPeriod(String),
    #[error("'{0}' holds no day: a period is at least 1d")]
    EmptyPeriod(String),
    #[error("the range is too long: {0} days (at most {max})", max = MAX_DAYS)]
    TooLong(i64),
    #[error(
        "'{0}' is not a range: use FROM..TO (or FROM TO), -7d, 2026-W48, 2026-Q4, 2026-11 or yesterday"
    )]
    BadRange(String),
    #[error("{0} is in the future (days are UTC)")]
    Future(NaiveDate),
    #[error("{year} has no ISO week {week}: its weeks are 1 to {last}")]
    NoSuchWeek { year: i32, week: u32, last: u32 },
}

/// The longest range accepted: ten years is more than the API will hold, and it keeps day
/// indexes within `u16`.
pub const MAX_DAYS: i64 = 3660;

/// Today as a UTC calendar day (the API's days are UTC, so "today" must be too).
pub fn today_utc() -> NaiveDate {
    Utc::now().date_naive()
}

/// Parses `YYYY-MM-DD` strictly (no time, no other separators).
pub fn parse_date(s: &str) -> Result<NaiveDate, DateError> {
    let t = s.trim();
    parse_ymd(t.as_bytes()).ok_or_else(|| DateError::BadDate(t.to_string()))
}

/// Fast strict `YYYY-MM-DD` parse on bytes, used for every row of a response.
pub fn parse_ymd(b: &[u8]) -> Option<NaiveDate> {
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: &[u8]| -> Option<u32> {
        r.iter().try_fold(0u32, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    let y = num(&b[0..4])?;
    let m = num(&b[5..7])?;
    let d = num(&b[8..10])?;
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
}

impl DateRange {
    pub fn new(start: NaiveDate, end: NaiveDate) -> Result<Self, DateError> {
        if start > end {
            return Err(DateError::Reversed { start, end });
        }
        let days = (end - start).num_days() + 1;
        if days > MAX_DAYS {
            return Err(DateError::TooLong(days));
        }
        Ok(Self { start, end })
    }

    /// The `days` days ending on `end` (inclusive).
    pub fn last_days(end: NaiveDate, days: u32) -> Self {
        let days = i64::from(days.clamp(1, MAX_DAYS as u32));
        Self {
            start: end - Duration::days(days - 1),
            end,
        }
    }

    pub fn start(&self) -> NaiveDate {
        self.start
    }
    pub fn end(&self) -> NaiveDate {
        self.end
    }
    /// Number of days in the range (at least 1).
    pub fn len_days(&self) -> usize {
        ((self.end - self.start).num_days() + 1) as usize
    }
    /// Index of `day` in the range, or None when outside.
    pub fn index_of(&self, day: NaiveDate) -> Option<usize> {
        (day >= self.start && day <= self.end).then(|| (day - self.start).num_days() as usize)
    }
    /// The day at `index` (which must be below `len_days`).
    pub fn day(&self, index: usize) -> NaiveDate {
        self.start + Duration::days(index as i64)
    }
    /// The range of the same length just before (`-1`) or after (`+1`) this one.
    pub fn shifted(&self, periods: i64) -> Self {
        let len = self.len_days() as i64;
        let d = Duration::days(len * periods);
        Self {
            start: self.start + d,
            end: self.end + d,
        }
    }
    /// The previous period of the same length, for "change against the previous period".
    pub fn previous(&self) -> Self {
        self.shifted(-1)
    }
    /// Splits the range into consecutive windows of at most `days` days.
    pub fn windows(&self, days: usize) -> Vec<DateRange> {
        let days = days.max(1) as i64;
        let mut out = Vec::new();
        let mut s = self.start;
        while s <= self.end {
            let e = (s + Duration::days(days - 1)).min(self.end);
            out.push(DateRange { start: s, end: e });
            s = e + Duration::days(1);
        }
        out
    }
}

impl std::fmt::Display for DateRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} .. {}", self.start, self.end)
    }
}

/// ` (31 days)` after a period compared with a range of `range_days` when its own `days`
/// differ, else nothing: totals are compared, and a 30-day month against a 31-day one
/// reads as a drop of a day's prompts. The reports and the KPI strip say it alike.
pub fn other_length(days: usize, range_days: usize) -> String {
    match days == range_days {
        true => String::new(),
        false => format!(
            " ({})",
            crate::numbers::count_of(days as u64, "day", "days")
        ),
    }
}

/// Parses a period such as `7d`, `12w`, `3m`, `1y` into a number of days ending today.
pub fn parse_period_days(s: &str) -> Result<u32, DateError> {
    let t = s.trim().to_ascii_lowercase();
    let bad = || DateError::BadPeriod(s.trim().to_string());
    let (num, unit) = t.split_at(t.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?);
    let per: u64 = match unit {
        "d" => 1,
        "w" => 7,
        "m" => 30,
        "y" => 365,
        _ => return Err(bad()),
    };
    // Digits past u64 are a period far too long, not one that is not a period.
    let n: u64 = num.parse().unwrap_or(u64::MAX);
    let days = n.saturating_mul(per);
    if days == 0 {
        return Err(DateError::EmptyPeriod(s.trim().to_string()));
    }
    if days > MAX_DAYS as u64 {
        return Err(DateError::TooLong(i64::try_from(days).unwrap_or(i64::MAX)));
    }
    Ok(days as u32)
}

/// The dashboard's date presets (keys `1`-`9`, `0`); `Custom` is any typed range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Preset {
    Last7,
    Last30,
    Last90,
    ThisMonth,
    LastMonth,
    YearToDate,
    /// The ISO week (Monday to Sunday) holding today, so far.
    ThisWeek,
    LastWeek,
    ThisQuarter,
    LastQuarter,
    Custom,
}

impl Preset {
    pub const ALL: [Preset; 10] = [
        Preset::Last7,
        Preset::Last30,
        Preset::Last90,
        Preset::ThisMonth,
        Preset::LastMonth,
        Preset::YearToDate,
        Preset::ThisWeek,
        Preset::LastWeek,
        Preset::ThisQuarter,
        Preset::LastQuarter,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Preset::Last7 => "7d",
            Preset::Last30 => "30d",
            Preset::Last90 => "90d",
            Preset::ThisMonth => "this month",
            Preset::LastMonth => "last month",
            Preset::YearToDate => "year to date",
            Preset::ThisWeek => "this week",
            Preset::LastWeek => "last week",
            Preset::ThisQuarter => "this quarter",
            Preset::LastQuarter => "last quarter",
            Preset::Custom => "custom",
        }
    }

    /// The range this preset means on `today` (UTC). `Custom` has none of its own.
    pub fn range(self, today: NaiveDate) -> Option<DateRange> {
        let first_of_month = today.with_day(1)?;
        Some(match self {
            Preset::Last7 => DateRange::last_days(today, 7),
            Preset::Last30 => DateRange::last_days(today, 30),
            Preset::Last90 => DateRange::last_days(today, 90),
            Preset::ThisMonth => DateRange {
                start: first_of_month,
                end: today,
            },
            Preset::LastMonth => {
                let end = first_of_month.pred_opt()?;
                DateRange {
                    start: end.with_day(1)?,
                    end,
                }
            }
            Preset::YearToDate => DateRange {
                start: today.with_ordinal(1)?,
                end: today,
            },
            Preset::ThisWeek => DateRange {
                start: week_start(today),
                end: today,
            },
            Preset::LastWeek => whole(Unit::Week, week_start(today) - Duration::days(7)),
            Preset::ThisQuarter => DateRange {
                start: quarter_start(today),
                end: today,
            },
            Preset::LastQuarter => whole(Unit::Quarter, quarter_start(today).pred_opt()?),
            Preset::Custom => return None,
        })
    }

    /// Which preset, if any, `range` is on `today`.
    pub fn detect(range: DateRange, today: NaiveDate) -> Preset {
        Preset::ALL
            .into_iter()
            .find(|p| p.range(today) == Some(range))
            .unwrap_or(Preset::Custom)
    }
}

/// A calendar unit, or plain days: what a typed range was, so that it pages by its unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    Days,
    Week,
    Month,
    Quarter,
    Year,
}

/// A range typed in the dashboard, as it resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TypedRange {
    pub range: DateRange,
    pub unit: Unit,
}

/// The Monday of the ISO week holding `day`.
pub fn week_start(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

/// The first day of the quarter holding `day`.
pub fn quarter_start(day: NaiveDate) -> NaiveDate {
    let m = (day.month0() / 3) * 3 + 1;
    NaiveDate::from_ymd_opt(day.year(), m, 1).unwrap_or(day)
}

/// The name of `range` when it is one whole calendar unit: `2026-11`, `2026-Q2`, `2026`,
/// `2026-W47` (what `[` and `]` step a calendar range to, which read "custom").
pub fn unit_name(range: DateRange) -> Option<String> {
    let s = range.start;
    let is = |u: Unit| whole(u, s) == range;
    if is(Unit::Year) {
        Some(s.year().to_string())
    } else if is(Unit::Quarter) {
        Some(format!("{}-Q{}", s.year(), s.month0() / 3 + 1))
    } else if is(Unit::Month) {
        Some(s.format("%Y-%m").to_string())
    } else if is(Unit::Week) {
        let w = s.iso_week();
        Some(format!("{}-W{:02}", w.year(), w.week()))
    } else {
        None
    }
}

/// What `range`, chosen as `preset`, is called on screen: the preset's label, or for a
/// custom range the calendar unit it is ([`unit_name`]), if it is one.
pub fn range_name(preset: Preset, range: DateRange) -> Option<String> {
    match preset {
        Preset::Custom => unit_name(range),
        p => Some(p.label().to_string()),
    }
}

/// The whole `unit` holding `day` (a week is Monday to Sunday; `Days` is the day itself).
pub fn whole(unit: Unit, day: NaiveDate) -> DateRange {
    let (start, months) = match unit {
        Unit::Days => {
            return DateRange {
                start: day,
                end: day,
            };
        }
        Unit::Week => {
            let start = week_start(day);
            let end = start + Duration::days(6);
            return DateRange { start, end };
        }
        Unit::Month => (day.with_day(1).unwrap_or(day), 1),
        Unit::Quarter => (quarter_start(day), 3),
        Unit::Year => (day.with_ordinal(1).unwrap_or(day), 12),
    };
    let end = start
        .checked_add_months(chrono::Months::new(months))
        .and_then(|d| d.pred_opt())
        .unwrap_or(day);
    DateRange { start, end }
}

mod text;
pub use text::parse_range_text;

#[cfg(test)]
#[path = "dates_tests.rs"]
mod tests;
