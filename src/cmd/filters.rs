//! The filter flags (`--from/--to/--last`, `--origin`, `--product`, `--search`) and the
//! config's defaults, turned into the range to read and the query to ask. Shared by the
//! dashboard and `export`, so both read the same days for the same flags.

use chrono::{Datelike, NaiveDate};
use uuid::Uuid;

use crate::analytics::{Span, step_period};
use crate::api::{UsageQuery, parse_origin_filter};
use crate::cli::FilterArgs;
use crate::config::Settings;
use crate::dates::{DateError, DateRange, parse_date, parse_period_days, parse_range_text};
use crate::model::RangeSpec;
use crate::sanitize::one_line;

use super::AppError;

fn usage(e: impl ToString) -> AppError {
    AppError::Usage(e.to_string())
}

/// What the filters asked for that nothing came back for, one warning line each: the
/// products asked for by id ([`super::products::unseen`]) and a `--search` that no one's rows matched, in
/// the range nor in the period compared with (`seen`). A typo in a cron `check`'s search
/// held every week as "drop 0.0%", and an export of it was a header alone, without a word.
pub fn unmatched(q: &UsageQuery, seen: &[&crate::model::Usage]) -> Vec<String> {
    let search = q
        .search
        .as_deref()
        .filter(|_| seen.iter().all(|u| u.users().is_empty()));
    let search = search.map(|s| {
        format!(
            "warning: no one matches --search '{}' in {} (it matches a part of an email or a full name)",
            one_line(s),
            q.range
        )
    });
    let products = seen.first().and_then(|u| super::products::unseen(q, u));
    products.into_iter().chain(search).collect()
}

/// Turns the filter flags (and the config's defaults) into a query. `saved` is true when
/// rows come from a saved response (`--input`), which is already filtered.
pub fn resolve(
    f: &FilterArgs,
    settings: &Settings,
    today: NaiveDate,
    saved: bool,
) -> Result<(RangeSpec, UsageQuery), AppError> {
    let default_days = settings.default_range_days()?;
    // Today is a partial day: `end_yesterday` ends the default range (and --last) before it.
    let end = settings.default_end(today);
    let days = Days { today, end, saved };
    // `range` refuses a range that starts in the future and ends one that goes past today.
    let spec = match range(f, days, default_days)? {
        Some(r) => RangeSpec::Fixed(r),
        // A saved response with no range asked for: its own span.
        None if saved => RangeSpec::Infer,
        None => RangeSpec::Fixed(DateRange::last_days(end, default_days)),
    };
    let mut q = UsageQuery::new(match spec {
        RangeSpec::Fixed(r) => r,
        RangeSpec::Infer => DateRange::last_days(today, default_days),
    });
    // An empty value is a script's unset variable, not a choice: taken as "all" or
    // "everyone", `--search "$EMAIL"` exported the whole organization.
    if f.origin.as_deref().is_some_and(|o| o.trim().is_empty()) {
        return Err(usage("--origin needs a value: all, APP, SLACK or API_KEY"));
    }
    if f.search.as_deref().is_some_and(|s| s.trim().is_empty()) {
        return Err(usage(
            "--search needs text to look for; leave it out for everyone",
        ));
    }
    q.origin = match &f.origin {
        Some(o) => parse_origin_filter(o).map_err(usage)?,
        None if saved => None,
        None => settings.default_origin()?,
    };
    // Ids here; names are looked up once the source is open (`products::by_name`).
    q.product_ids = f
        .products
        .iter()
        .filter_map(|p| Uuid::parse_str(p.trim()).ok())
        .collect();
    if f.products.iter().any(|p| p.trim().is_empty()) {
        return Err(usage("--product needs a product id or name"));
    }
    q.search = f.search.clone().filter(|s| !s.trim().is_empty());
    if saved && (q.origin.is_some() || !f.products.is_empty() || q.search.is_some()) {
        return Err(usage(
            "--origin, --product and --search filter on the server; a saved response (--input) is already filtered: fetch with them instead",
        ));
    }
    Ok((spec, q))
}

/// The warning an `--against` of another length than the range deserves: allowed (a week
/// against the month before is a fair question), but its changes are of totals, and a
/// 7-day range against a 31-day month read as a 75% drop. Said by the caller.
pub fn unequal_against(
    f: &FilterArgs,
    spec: RangeSpec,
    previous: Option<DateRange>,
) -> Option<String> {
    let (Some(s), RangeSpec::Fixed(range), Some(r)) = (&f.against, spec, previous) else {
        return None;
    };
    (r.len_days() != range.len_days()).then(|| {
        format!(
            "warning: --against {} holds {}, the range {}: the changes compare totals of periods of unequal length",
            one_line(s),
            crate::numbers::count_of(r.len_days() as u64, "day", "days"),
            range.len_days()
        )
    })
}

/// The previous period `--against` asks for, checked against the range it is for (before
/// anything is fetched); without it, the unit before a calendar range ([`calendar`]), or
/// `None` for the default (as many days just before the range).
pub fn against(
    f: &FilterArgs,
    spec: RangeSpec,
    today: NaiveDate,
) -> Result<Option<DateRange>, AppError> {
    let Some(s) = &f.against else {
        return Ok(match spec {
            RangeSpec::Fixed(range) => {
                calendar(f, range, today).map(|(span, n)| step_period(range, span, -n))
            }
            RangeSpec::Infer => None,
        });
    };
    let RangeSpec::Fixed(range) = spec else {
        return Err(usage(
            "--against needs the range it is compared with (--from/--to or --last)",
        ));
    };
    let r = match parse_range_text(s, today) {
        Ok(t) => t.range,
        // As the range's own flags say it.
        Err(DateError::Future(start)) => {
            return Err(future(
                today,
                format!("--against {} (from {start})", one_line(s)),
            ));
        }
        Err(e) => return Err(usage(e)),
    };
    if r.end() >= range.start() {
        // Named as typed: the period read from it may be clipped to today.
        return Err(usage(format!(
            "--against {} must end before the range begins ({})",
            one_line(s),
            range.start()
        )));
    }
    Ok(Some(r))
}

/// The calendar unit `range` is, and how many of them, when `--from` names one
/// (`2026-11`, a week, quarter or year) and the range stays within it (`--to` the same
/// unit, or a day in it, or today when the unit is not over) or runs to a later one of
/// the same kind that `--to` names: compared as the dashboard compares its calendar
/// ranges, with the same span of the units before (November against October, not
/// against the 30 days before it, which left October's first day out; Q1 and Q2 against
/// last year's Q3 and Q4).
/// Whether the range the flags give compares with as many days just before it, not the
/// unit before (`--last 3d`, or dates that are no whole week, month...): the dashboard
/// took three days that were this month so far for "this month", against November's.
pub fn rolling(f: &FilterArgs, range: DateRange, today: NaiveDate) -> bool {
    let given = f.last.is_some() || f.from.is_some() || f.to.is_some();
    given && calendar(f, range, today).is_none()
}

fn calendar(f: &FilterArgs, range: DateRange, today: NaiveDate) -> Option<(Span, i32)> {
    let from = f.from.as_deref().filter(|_| f.last.is_none())?;
    let unit = parse_range_text(from, today).ok()?;
    let span = match Span::of_unit(unit.unit) {
        Span::Rolling => return None,
        span => span,
    };
    let to =
        f.to.as_deref()
            .and_then(|t| parse_range_text(t, today).ok());
    let last = match to {
        _ if unit.range.start() != range.start() => return None,
        _ if range.end() <= unit.range.end() => unit.range.start(),
        Some(to) if to.unit == unit.unit && range.end() <= to.range.end() => to.range.start(),
        _ => return None,
    };
    let (a, b) = (unit.range.start(), last);
    let months = (b.year() - a.year()) * 12 + b.month() as i32 - a.month() as i32;
    let before = match span {
        Span::Week => ((b - a).num_days() / 7) as i32,
        Span::Month => months,
        Span::Quarter => months / 3,
        _ => b.year() - a.year(),
    };
    Some((span, before + 1))
}

/// Today (UTC), where a range with no end of its own ends (today, or yesterday with
/// `end_yesterday`), and whether the rows are a saved response's (which may hold any days).
#[derive(Clone, Copy)]
struct Days {
    today: NaiveDate,
    end: NaiveDate,
    saved: bool,
}

impl Days {
    /// A last day asked for: after today, nothing has been counted yet (read as zeros the
    /// days to come made a false drop, and a breached check), so it ends where a range
    /// with no end does, as `--to 2026-Q4` does; from a saved file too (its report counted
    /// the days to come in its days, and its averages fell with them). Only a saved
    /// file's range wholly to come is kept as asked (see [`range`]).
    fn cut(self, to: NaiveDate) -> NaiveDate {
        if to > self.today { self.end } else { to }
    }
}

/// A range wholly in the future has no data yet: zero-filled rows (or a breached check)
/// would say something false. The dashboard's `d` refuses it the same way.
fn future(today: NaiveDate, what: impl std::fmt::Display) -> AppError {
    usage(format!(
        "{what} is in the future (today is {today}, UTC): nothing has been counted yet"
    ))
}

/// The day a word counts from: `yesterday` is the day before today whatever the
/// ranges' default end; the rest count back from that end.
fn words_from(s: &str, days: Days) -> NaiveDate {
    if s.trim().eq_ignore_ascii_case("yesterday") {
        days.today
    } else {
        days.end
    }
}

/// The range the date flags ask for, if they ask for one.
fn range(f: &FilterArgs, days: Days, default_days: u32) -> Result<Option<DateRange>, AppError> {
    // A day, or any one form the dashboard's range field takes (`2026-11`, `2026-W48`,
    // `2026-Q4`, `yesterday`, `-7d`): --from takes its first day, --to its last.
    let day = |s: &String, first: bool| match parse_date(s) {
        Ok(d) => Ok(d),
        // The words name a day, as its date typed does: the others count back from where
        // ranges end (`-7d`), and with `end_yesterday` that is not today (`--from today`
        // asked for yesterday, `yesterday` for the day before).
        Err(_) if s.trim().eq_ignore_ascii_case("today") => Ok(days.today),
        Err(e) => match parse_range_text(s, words_from(s, days)) {
            // One form, not two (`FROM TO` is the range field's, not a flag's).
            Ok(t)
                if !s
                    .trim()
                    .contains(|c: char| c.is_whitespace() || c == ',' || c == '.') =>
            {
                Ok(if first {
                    t.range.start()
                } else {
                    t.range.end()
                })
            }
            // `2026-12` is a month, only one that has not begun.
            Err(DateError::Future(start)) if start > days.today => {
                Err(future(days.today, format!("{s} (from {start})")))
            }
            // It begins today, after the day `end_yesterday` ends ranges on ("in the
            // future (today is ...)" contradicted itself): --from takes today, as
            // `--from today` does; --to ends where a unit not over ends, yesterday.
            Err(DateError::Future(start)) => Ok(if first { start } else { days.end }),
            // A week the year does not have: said as such, not "not a date".
            Err(w @ DateError::NoSuchWeek { .. }) => Err(usage(w.to_string())),
            _ => Err(usage(format!(
                "{e}, or 2026-11, 2026-W45, 2026-Q4, yesterday, -7d"
            ))),
        },
    };
    let to = f.to.as_ref().map(|s| day(s, false)).transpose()?;
    let end = to.map_or(days.end, |t| days.cut(t));
    Ok(match (&f.from, &f.last) {
        // N days ending at the end, once it is cut: `--last 30d --to` a day to come is
        // the last 30 days, not 20.
        (_, Some(p)) => Some(DateRange::last_days(
            end,
            parse_period_days(p).map_err(usage)?,
        )),
        (Some(a), None) => {
            let start = day(a, true)?;
            if start > days.today && !days.saved {
                return Err(future(days.today, start));
            }
            // `--from` today with `end_yesterday`: the day asked for, not a reversed range.
            let end = match to {
                // A saved file may hold any days: one wholly to come is read as asked.
                Some(to) if start > days.today => to,
                Some(_) => end,
                None => end.max(start),
            };
            Some(DateRange::new(start, end).map_err(usage)?)
        }
        (None, None) if to.is_some() => Some(DateRange::last_days(end, default_days)),
        (None, None) => None,
    })
}

#[cfg(test)]
#[path = "filters_tests.rs"]
mod tests;
