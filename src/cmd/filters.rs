//! The filter flags (`--from/--to/--last`, `--origin`, `--product`, `--search`) and the
//! config's defaults, turned into the range to read and the query to ask. Shared by the
//! dashboard and `export`, so both read the same days for the same flags.

use chrono::NaiveDate;
use uuid::Uuid;

use crate::api::{UsageQuery, parse_origin_filter};
use crate::cli::FilterArgs;
use crate::config::Settings;
use crate::dates::{DateRange, parse_date, parse_period_days};
use crate::model::RangeSpec;

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
    let spec = match range(f, today, default_days)? {
        Some(r) => RangeSpec::Fixed(r),
        // A saved response with no range asked for: its own span.
        None if saved => RangeSpec::Infer,
        None => RangeSpec::Fixed(DateRange::last_days(today, default_days)),
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
    q.product_ids = f
        .products
        .iter()
        .map(|p| {
            Uuid::parse_str(p.trim()).map_err(|_| usage(format!("--product '{p}' is not a UUID")))
        })
        .collect::<Result<_, _>>()?;
    q.search = f.search.clone().filter(|s| !s.trim().is_empty());
    if saved && (q.origin.is_some() || !q.product_ids.is_empty() || q.search.is_some()) {
        return Err(usage(
            "--origin, --product and --search filter on the server; a saved response (--input) is already filtered: fetch with them instead",
        ));
    }
    Ok((spec, q))
}

/// The range the date flags ask for, if they ask for one.
fn range(
    f: &FilterArgs,
    today: NaiveDate,
    default_days: u32,
) -> Result<Option<DateRange>, AppError> {
    let date = |s: &String| parse_date(s).map_err(usage);
    let end = || Ok::<_, AppError>(f.to.as_ref().map(date).transpose()?.unwrap_or(today));
    Ok(match (&f.from, &f.to, &f.last) {
        (_, _, Some(p)) => Some(DateRange::last_days(
            end()?,
            parse_period_days(p).map_err(usage)?,
        )),
        (Some(a), _, None) => {
            let end = end()?;
            Some(DateRange::new(date(a)?, end).map_err(usage)?)
        }
        (None, Some(b), None) => Some(DateRange::last_days(date(b)?, default_days)),
        (None, None, None) => None,
    })
}
