//! The report's series: prompts and active users by day (ranges up to
//! [`DAILY_MAX_DAYS`]) or by week, zero-filled, as `export --group-by day` or `week`.

use chrono::NaiveDate;

use crate::analytics::{Grain, WeekStart, buckets};
use crate::model::Usage;
use serde::Serialize;

/// Ranges up to this many days are charted day by day; longer ones week by week.
pub const DAILY_MAX_DAYS: usize = 60;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Series {
    /// `day` (ranges up to 60 days) or `week` (ISO weeks, or Sunday to Saturday with
    /// `week_start`, clipped to the range).
    pub grain: &'static str,
    /// `monday` or `sunday` for weeks (`2026-W47` alone reads as Monday to Sunday).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub week_start: Option<&'static str>,
    pub points: Vec<Point>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Point {
    pub period: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub prompts: u64,
    pub active_users: u32,
    pub partial: bool,
}

pub(super) fn series(u: &Usage, today: NaiveDate, week_start: WeekStart) -> Series {
    let (grain, name) = match u.range().len_days() <= DAILY_MAX_DAYS {
        true => (Grain::Day, "day"),
        false => (Grain::Week(week_start), "week"),
    };
    let points = buckets(u, grain, today)
        .into_iter()
        .map(|b| Point {
            period: b.period,
            start: b.start,
            end: b.end,
            prompts: b.prompt_count,
            active_users: b.active_users,
            partial: b.partial,
        })
        .collect();
    Series {
        grain: name,
        week_start: (name == "week").then_some(week_start.as_str()),
        points,
    }
}
