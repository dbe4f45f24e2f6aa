//! The filter flags (`--from/--to/--last`, `--origin`, `--product`, `--search`) and the
//! config's defaults, turned into the range to read and the query to ask. Shared by the
//! dashboard and `export`, so both read the same days for the same flags.

use chrono::NaiveDate;
use uuid::Uuid;

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

/// The previous period `--against` asks for, checked against the range it is for (before
/// anything is fetched); `None` for the default (as many days just before the range).
pub fn against(
    f: &FilterArgs,
    spec: RangeSpec,
    today: NaiveDate,
) -> Result<Option<DateRange>, AppError> {
    let Some(s) = &f.against else {
        return Ok(None);
    };
    let RangeSpec::Fixed(range) = spec else {
        return Err(usage(
            "--against needs the range it is compared with (--from/--to or --last)",
        ));
    };
    let r = parse_range_text(s, today).map_err(usage)?.range;
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
    /// with no end does, as `--to 2026-Q4` does. A saved response's days are kept.
    fn cut(self, to: NaiveDate) -> NaiveDate {
        if to > self.today && !self.saved {
            self.end
        } else {
            to
        }
    }

    /// A range wholly in the future has no data yet: zero-filled rows (or a breached
    /// check) would say something false. The dashboard's `d` refuses it the same way.
    fn future(self, what: impl std::fmt::Display) -> AppError {
        usage(format!(
            "{what} is in the future (today is {}, UTC): nothing has been counted yet",
            self.today
        ))
    }
}

/// The range the date flags ask for, if they ask for one.
fn range(f: &FilterArgs, days: Days, default_days: u32) -> Result<Option<DateRange>, AppError> {
    // A day, or any one form the dashboard's range field takes (`2026-11`, `2026-W48`,
    // `2026-Q4`, `yesterday`, `-7d`): --from takes its first day, --to its last.
    let day = |s: &String, first: bool| match parse_date(s) {
        Ok(d) => Ok(d),
        Err(e) => match parse_range_text(s, days.end) {
            Ok(t) if !s.contains("..") => Ok(if first {
                t.range.start()
            } else {
                t.range.end()
            }),
            // `2026-12` is a month, only one that has not begun.
            Err(DateError::Future(start)) => Err(days.future(format!("{s} (from {start})"))),
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
                return Err(days.future(start));
            }
            // `--from` today with `end_yesterday`: the day asked for, not a reversed range.
            let end = if to.is_none() { end.max(start) } else { end };
            Some(DateRange::new(start, end).map_err(usage)?)
        }
        (None, None) if to.is_some() => Some(DateRange::last_days(end, default_days)),
        (None, None) => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Overrides;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// The built-in defaults (30 days, all origins): no config file in an empty home.
    fn defaults() -> (tempfile::TempDir, Settings) {
        let home = tempfile::tempdir().unwrap();
        let xdg = home.path().to_str().unwrap().to_string();
        let env = move |k: &str| (k == "XDG_CONFIG_HOME").then(|| xdg.clone());
        let s = Settings::load(&Overrides::default(), &env).unwrap();
        (home, s)
    }

    fn flags(from: Option<&str>, to: Option<&str>, last: Option<&str>) -> FilterArgs {
        FilterArgs {
            from: from.map(Into::into),
            to: to.map(Into::into),
            last: last.map(Into::into),
            ..Default::default()
        }
    }

    fn days(spec: RangeSpec) -> (NaiveDate, NaiveDate) {
        let RangeSpec::Fixed(r) = spec else {
            panic!("a fixed range")
        };
        (r.start(), r.end())
    }

    #[test]
    fn date_flags_make_the_range() {
        let (_h, s) = defaults();
        let today = d("2026-03-31");
        let cases = [
            // Nothing: the default 30 days, today included (Mar 2 .. Mar 31 is 30 days).
            (flags(None, None, None), ("2026-03-02", "2026-03-31")),
            // --last 7d ending at --to: seven days, both ends included.
            (
                flags(None, Some("2026-03-10"), Some("7d")),
                ("2026-03-04", "2026-03-10"),
            ),
            (
                flags(Some("2026-03-15"), None, None),
                ("2026-03-15", "2026-03-31"),
            ),
            (
                flags(None, Some("2026-02-28"), None),
                ("2026-01-30", "2026-02-28"),
            ),
            // The range field's words: a month, an ISO week, a quarter, yesterday.
            (
                flags(Some("2026-01"), Some("2026-02"), None),
                ("2026-01-01", "2026-02-28"),
            ),
            (
                flags(Some("2026-W10"), Some("2026-W11"), None),
                ("2026-03-02", "2026-03-15"),
            ),
            (
                flags(Some("2025-Q4"), Some("yesterday"), None),
                ("2025-10-01", "2026-03-30"),
            ),
            (flags(Some("-7d"), None, None), ("2026-03-25", "2026-03-31")),
        ];
        for (f, (a, b)) in cases {
            let (spec, q) = resolve(&f, &s, today, false).unwrap();
            assert_eq!(days(spec), (d(a), d(b)), "{f:?}");
            assert_eq!((q.range.start(), q.range.end()), (d(a), d(b)));
            assert_eq!(q.origin, None, "the default origin is all");
        }
    }

    #[test]
    fn against_names_a_previous_period_that_ends_before_the_range() {
        let today = d("2026-11-30");
        let range = DateRange::new(d("2026-10-01"), today).unwrap();
        let with = |s: &str| FilterArgs {
            against: Some(s.into()),
            ..Default::default()
        };
        let range = RangeSpec::Fixed(range);
        assert_eq!(against(&FilterArgs::default(), range, today).unwrap(), None);
        assert!(against(&with("2026-09"), RangeSpec::Infer, today).is_err());
        for (s, (a, b)) in [
            ("2026-07-01..2026-08-31", ("2026-07-01", "2026-08-31")),
            ("2026-Q3", ("2026-07-01", "2026-09-30")),
            ("2026-09", ("2026-09-01", "2026-09-30")),
        ] {
            let r = against(&with(s), range, today).unwrap().unwrap();
            assert_eq!((r.start(), r.end()), (d(a), d(b)), "{s}");
        }
        for s in ["2026-09-15..2026-10-01", "2026-Q4", "soon"] {
            assert!(against(&with(s), range, today).is_err(), "{s}");
        }
        // Named as typed, not as clipped to today (it said "2026-11-20 .. 2026-11-30").
        let e = against(&with("2026-11-20..2026-12-30"), range, today).unwrap_err();
        let e = e.to_string();
        assert!(
            e.contains("--against 2026-11-20..2026-12-30 must end before"),
            "{e}"
        );
    }

    #[test]
    fn a_range_wholly_in_the_future_is_refused_unless_saved() {
        let (_h, s) = defaults();
        let today = d("2026-11-30");
        let f = flags(Some("2026-12-05"), Some("2026-12-10"), None);
        let e = resolve(&f, &s, today, false).unwrap_err().to_string();
        assert!(e.contains("is in the future"), "{e}");
        assert!(
            resolve(&f, &s, today, true).is_ok(),
            "a saved file may hold any days"
        );
        // Ending after today ends today: the days to come, read as zeros against a
        // whole previous period, made a false drop. As a unit that has not ended does.
        for to in ["2026-12-10", "2026-Q4"] {
            let f = flags(Some("2026-11-20"), Some(to), None);
            let (spec, q) = resolve(&f, &s, today, false).unwrap();
            assert_eq!(days(spec), (d("2026-11-20"), today), "{to}");
            assert_eq!(q.range.end(), today);
        }
        // A start to come says so, whichever way it is written.
        for (from, to) in [
            (Some("2027-01-01"), None),
            (Some("2026-11-01"), Some("2026-12")),
        ] {
            let e = resolve(&flags(from, to, None), &s, today, false).unwrap_err();
            let e = e.to_string();
            assert!(
                e.contains("in the future (today is 2026-11-30, UTC)"),
                "{e}"
            );
        }
    }

    #[test]
    fn end_yesterday_ends_default_ranges_before_the_partial_day() {
        let (_h, mut s) = defaults();
        s.end_yesterday.value = true;
        let today = d("2026-03-31");
        for (f, (a, b)) in [
            (flags(None, None, None), ("2026-03-01", "2026-03-30")),
            (flags(None, None, Some("7d")), ("2026-03-24", "2026-03-30")),
            // Dates asked for are kept as asked.
            (
                flags(Some("2026-03-15"), Some("2026-03-31"), None),
                ("2026-03-15", "2026-03-31"),
            ),
            // A day to come ends where a unit that has not ended does: yesterday here.
            (
                flags(Some("2026-03-15"), Some("2026-04-30"), None),
                ("2026-03-15", "2026-03-30"),
            ),
            (
                flags(Some("2026-03-15"), Some("2026-Q1"), None),
                ("2026-03-15", "2026-03-30"),
            ),
            // From today: today, not a reversed range nor "in the future".
            (
                flags(Some("2026-03-31"), None, None),
                ("2026-03-31", "2026-03-31"),
            ),
            // N days ending at the end once cut: the last 30 days, not 20.
            (
                flags(None, Some("2026-04-10"), Some("30d")),
                ("2026-03-01", "2026-03-30"),
            ),
        ] {
            let (spec, _) = resolve(&f, &s, today, false).unwrap();
            assert_eq!(days(spec), (d(a), d(b)), "{f:?}");
        }
        // Without end_yesterday, the same ends today.
        let (_h, s) = defaults();
        let f = flags(None, Some("2026-04-10"), Some("7d"));
        let (spec, _) = resolve(&f, &s, today, false).unwrap();
        assert_eq!(days(spec), (d("2026-03-25"), today));
    }

    #[test]
    fn bad_flags_are_usage_errors() {
        let (_h, s) = defaults();
        let today = d("2026-03-31");
        let bad = [
            flags(Some("2026-03-02"), Some("2026-03-01"), None),
            flags(None, None, Some("7x")),
            flags(Some("2026-02-30"), None, None),
            FilterArgs {
                products: vec![" ".into()],
                ..Default::default()
            },
            FilterArgs {
                origin: Some("EMAIL".into()),
                ..Default::default()
            },
        ];
        for f in bad {
            let e = resolve(&f, &s, today, false).unwrap_err();
            assert_eq!(e.exit_code(), 2, "{f:?}: {e}");
        }
    }

    #[test]
    fn a_saved_response_keeps_its_span_and_refuses_server_filters() {
        let (_h, s) = defaults();
        let today = d("2026-03-31");
        let (spec, _) = resolve(&flags(None, None, None), &s, today, true).unwrap();
        assert_eq!(spec, RangeSpec::Infer);
        let f = FilterArgs {
            search: Some("ann".into()),
            ..Default::default()
        };
        let e = resolve(&f, &s, today, true).unwrap_err().to_string();
        assert!(e.contains("already filtered"), "{e}");
        // Blank search text is no filter at all.
        let f = FilterArgs {
            search: Some("  ".into()),
            ..Default::default()
        };
        assert!(resolve(&f, &s, today, true).is_ok());
    }
}
