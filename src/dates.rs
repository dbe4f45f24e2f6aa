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
    #[error("the range is too long: {0} days (at most {max})", max = MAX_DAYS)]
    TooLong(i64),
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

/// Parses a period such as `7d`, `12w`, `3m`, `1y` into a number of days ending today.
pub fn parse_period_days(s: &str) -> Result<u32, DateError> {
    let t = s.trim().to_ascii_lowercase();
    let bad = || DateError::BadPeriod(s.trim().to_string());
    let (num, unit) = t.split_at(t.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?);
    let n: u32 = num.parse().map_err(|_| bad())?;
    let per = match unit {
        "d" => 1,
        "w" => 7,
        "m" => 30,
        "y" => 365,
        _ => return Err(bad()),
    };
    let days = n.checked_mul(per).filter(|d| *d >= 1).ok_or_else(bad)?;
    if i64::from(days) > MAX_DAYS {
        return Err(DateError::TooLong(i64::from(days)));
    }
    Ok(days)
}

/// The dashboard's date presets (keys `1`-`6`); `Custom` is any typed range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Preset {
    Last7,
    Last30,
    Last90,
    ThisMonth,
    LastMonth,
    YearToDate,
    Custom,
}

impl Preset {
    pub const ALL: [Preset; 6] = [
        Preset::Last7,
        Preset::Last30,
        Preset::Last90,
        Preset::ThisMonth,
        Preset::LastMonth,
        Preset::YearToDate,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Preset::Last7 => "7d",
            Preset::Last30 => "30d",
            Preset::Last90 => "90d",
            Preset::ThisMonth => "this month",
            Preset::LastMonth => "last month",
            Preset::YearToDate => "year to date",
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

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    #[test]
    fn parses_strict_dates() {
        assert_eq!(d("2026-02-28").day(), 28);
        assert!(parse_date("2026-02-30").is_err());
        assert!(parse_date("2026-2-3").is_err());
        assert!(parse_date("2026/02/03").is_err());
        assert!(parse_date("").is_err());
        assert_eq!(
            parse_date("x").unwrap_err().to_string(),
            "'x' is not a date: use YYYY-MM-DD"
        );
    }

    #[test]
    fn rejects_reversed_ranges() {
        let e = DateRange::new(d("2026-03-02"), d("2026-03-01")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the range is reversed: 2026-03-02 is after 2026-03-01"
        );
    }

    #[test]
    fn periods() {
        assert_eq!(parse_period_days("7d"), Ok(7));
        assert_eq!(parse_period_days("2w"), Ok(14));
        assert_eq!(parse_period_days("1y"), Ok(365));
        assert!(parse_period_days("0d").is_err());
        assert!(parse_period_days("d").is_err());
        assert!(parse_period_days("7").is_err());
        assert!(parse_period_days("99y").is_err());
    }

    #[test]
    fn presets_and_paging() {
        let today = d("2026-11-25");
        assert_eq!(Preset::Last7.range(today).unwrap().start(), d("2026-11-19"));
        let lm = Preset::LastMonth.range(today).unwrap();
        assert_eq!((lm.start(), lm.end()), (d("2026-10-01"), d("2026-10-31")));
        let ytd = Preset::YearToDate.range(today).unwrap();
        assert_eq!(ytd.start(), d("2026-01-01"));
        let r = Preset::Last30.range(today).unwrap();
        assert_eq!(Preset::detect(r, today), Preset::Last30);
        let prev = r.previous();
        assert_eq!(prev.end(), r.start() - Duration::days(1));
        assert_eq!(prev.len_days(), 30);
        assert_eq!(Preset::detect(prev, today), Preset::Custom);
        assert_eq!(r.shifted(-1).shifted(1), r);
    }

    #[test]
    fn windows_cover_the_range_once() {
        let r = DateRange::new(d("2026-01-01"), d("2026-12-31")).unwrap();
        let w = r.windows(31);
        assert_eq!(w.first().unwrap().start(), r.start());
        assert_eq!(w.last().unwrap().end(), r.end());
        assert_eq!(w.iter().map(DateRange::len_days).sum::<usize>(), 365);
        for pair in w.windows(2) {
            assert_eq!(pair[0].end() + Duration::days(1), pair[1].start());
        }
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        #[test]
        fn parsing_never_panics(s in "\\PC{0,16}") {
            let _ = parse_date(&s);
            let _ = parse_period_days(&s);
        }

        #[test]
        fn dates_round_trip(days in 0i64..100_000) {
            let d = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap() + Duration::days(days);
            prop_assert_eq!(parse_date(&d.to_string()), Ok(d));
        }

        #[test]
        fn ranges_page_and_split_consistently(start in 0i64..20_000, len in 1u32..400, w in 1usize..40) {
            let s = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + Duration::days(start);
            let r = DateRange::last_days(s, len);
            prop_assert_eq!(r.len_days(), len as usize);
            prop_assert_eq!(r.shifted(-1).shifted(1), r);
            prop_assert_eq!(r.previous().end() + Duration::days(1), r.start());
            let ws = r.windows(w);
            prop_assert_eq!(ws.iter().map(DateRange::len_days).sum::<usize>(), r.len_days());
            prop_assert!(ws.iter().all(|x| x.len_days() <= w));
        }
    }
}
