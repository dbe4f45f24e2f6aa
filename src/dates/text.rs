//! The range as typed: the dashboard's range field and the date flags' words (`2026-11`,
//! `2026-W48`, `2026-Q4`, `-7d`, `yesterday`, `FROM..TO`), read into days.

use chrono::{Datelike, NaiveDate};

use super::{
    DateError, DateRange, TypedRange, Unit, parse_date, parse_period_days, parse_ymd, whole,
};

/// Parses the dashboard's range field: `FROM TO` (or `FROM..TO`), one date, `today`,
/// `yesterday`, a period back from today (`-7d`, `7d`, `3m`), an ISO week (`2026-W48`), a
/// quarter (`2026-Q4`), a month (`2026-11`) or a year (`2026`). In `FROM TO` each side is
/// any of these, as `--from` and `--to` take them: FROM's first day to TO's last. A unit
/// that has not ended ends today; one that has not begun is refused.
pub fn parse_range_text(s: &str, today: NaiveDate) -> Result<TypedRange, DateError> {
    // `2026-09-01..` read as that one day, without a word: an open side is refused.
    let t = s.trim().trim_matches(',').trim();
    if t.starts_with("..") || t.ends_with("..") {
        return Err(DateError::BadRange(s.trim().into()));
    }
    let parts: Vec<&str> = (s.trim())
        .split(|c: char| c.is_whitespace() || c == ',')
        .flat_map(|p| p.split(".."))
        .filter(|p| !p.is_empty())
        .collect();
    let typed = match parts.as_slice() {
        [a, b] => TypedRange {
            range: DateRange::new(side(a, today)?.start, side(b, today)?.end)?,
            unit: Unit::Days,
        },
        [one] => one_word(&one.to_ascii_lowercase(), today)
            .ok_or_else(|| DateError::BadRange(s.trim().into()))??,
        _ => return Err(DateError::BadRange(s.trim().into())),
    };
    let r = typed.range;
    if r.start > today {
        return Err(DateError::Future(r.start));
    }
    Ok(TypedRange {
        range: DateRange::new(r.start, r.end.min(today))?,
        ..typed
    })
}

/// One side of `FROM TO`: a date or a word (its days); the error names the side as typed.
fn side(w: &str, today: NaiveDate) -> Result<DateRange, DateError> {
    if let Ok(d) = parse_date(w) {
        return Ok(DateRange { start: d, end: d });
    }
    match one_word(&w.to_ascii_lowercase(), today) {
        Some(typed) => Ok(typed?.range),
        None => Err(DateError::BadDate(w.into())),
    }
}

/// One word of the range field; `None` when it is none of the forms.
fn one_word(w: &str, today: NaiveDate) -> Option<Result<TypedRange, DateError>> {
    let days = |range| {
        Some(Ok(TypedRange {
            range,
            unit: Unit::Days,
        }))
    };
    match w {
        "today" => return days(whole(Unit::Days, today)),
        "yesterday" => return days(whole(Unit::Days, today.pred_opt()?)),
        _ => {}
    }
    if let Some(d) = parse_ymd(w.as_bytes()) {
        return days(whole(Unit::Days, d));
    }
    // A date's shape with no such day (2026-13-01, 2026-02-30): what the command line
    // says of it, not "not a range".
    if let [_, _, _, _, b'-', _, _, b'-', _, _] = w.as_bytes() {
        return Some(Err(DateError::BadDate(w.into())));
    }
    let back = w.strip_prefix('-').unwrap_or(w);
    if back.ends_with(['d', 'w', 'm', 'y']) && back.starts_with(|c: char| c.is_ascii_digit()) {
        // An error names what was typed (`-0d`, not `0d`).
        let named = |e: DateError| match e {
            DateError::BadPeriod(_) => DateError::BadPeriod(w.to_string()),
            DateError::EmptyPeriod(_) => DateError::EmptyPeriod(w.to_string()),
            e => e,
        };
        return Some(
            parse_period_days(back)
                .map(|n| TypedRange {
                    range: DateRange::last_days(today, n),
                    unit: Unit::Days,
                })
                .map_err(named),
        );
    }
    let (year, rest) = w.split_at_checked(4)?;
    let year: i32 = year
        .parse()
        .ok()
        .filter(|_| year.bytes().all(|b| b.is_ascii_digit()))?;
    let num = |s: &str| s.parse::<u32>().ok().filter(|_| s.len() <= 2);
    let (unit, day) = if rest.is_empty() {
        (Unit::Year, NaiveDate::from_ymd_opt(year, 1, 1)?)
    } else if let Some(wk) = rest.strip_prefix("-w") {
        let week = num(wk)?;
        let Some(day) = NaiveDate::from_isoywd_opt(year, week, chrono::Weekday::Mon) else {
            // Dec 28 is always in the year's last ISO week.
            let last = NaiveDate::from_ymd_opt(year, 12, 28)?.iso_week().week();
            return Some(Err(DateError::NoSuchWeek { year, week, last }));
        };
        (Unit::Week, day)
    } else if let Some(q) = rest.strip_prefix("-q") {
        let q = num(q).filter(|q| (1..=4).contains(q))?;
        (Unit::Quarter, NaiveDate::from_ymd_opt(year, q * 3 - 2, 1)?)
    } else {
        let m = num(rest.strip_prefix('-')?).filter(|_| rest.len() == 3)?;
        (Unit::Month, NaiveDate::from_ymd_opt(year, m, 1)?)
    };
    Some(Ok(TypedRange {
        range: whole(unit, day),
        unit,
    }))
}
