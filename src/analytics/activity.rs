//! Daily activity over a range: average daily active users and DAU/MAU stickiness.
//!
//! Stickiness is DAU/MAU over the range's last 30 days: the mean of the daily active users
//! of those days divided by the distinct people active in them. It is the share of the
//! month's people who use the tool on an average day (1.0: everyone every day). It needs a
//! month of data, so it is given for ranges of 28 days or more only (a 28- or 29-day range
//! is its own window); a longer range is judged on its last 30 days, so that a year-long
//! view is not diluted by everyone who ever tried it once.

use crate::model::Usage;

/// The shortest range with a stickiness figure.
pub const STICKINESS_MIN_DAYS: usize = 28;
/// The window that stands for a month.
pub const MONTH_DAYS: usize = 30;

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Activity {
    /// Mean, over every day of the range, of the distinct people active that day.
    pub average_daily_users: f64,
    /// DAU/MAU of the range's last 30 days, in 0..=1 (None under 28 days or with nobody).
    pub stickiness: Option<f64>,
}

pub fn activity(usage: &Usage) -> Activity {
    let du = usage.day_users();
    let mean = |s: &[u32]| s.iter().map(|&n| f64::from(n)).sum::<f64>() / s.len().max(1) as f64;
    let stickiness = (du.len() >= STICKINESS_MIN_DAYS)
        .then(|| {
            let from = du.len().saturating_sub(MONTH_DAYS);
            let monthly = distinct_users_from(usage, from);
            (monthly > 0).then(|| mean(&du[from..]) / monthly as f64)
        })
        .flatten();
    Activity {
        average_daily_users: mean(du),
        stickiness,
    }
}

/// People with a prompt on day index `from` or later: those whose last active day is
/// that late (one look per person, not a pass over their cells).
/// A folded model has no cells, but the same last days.
fn distinct_users_from(usage: &Usage, from: usize) -> usize {
    let first = usage.range().day(from);
    (0..usage.users().len())
        .filter(|&u| usage.user_last_day(u).is_some_and(|d| d >= first))
        .count()
}

/// The same, from the cells: what the last days are tested against.
#[cfg(test)]
fn distinct_users_in_cells(usage: &Usage, from: usize) -> usize {
    (0..usage.users().len())
        .filter(|&u| {
            usage
                .user_cells(u)
                .any(|c| c.count > 0 && usize::from(c.day) >= from)
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::testing::usage;

    #[test]
    fn last_days_count_the_people_the_cells_do() {
        let mut rng = fastrand::Rng::with_seed(12);
        let start = crate::dates::parse_date("2026-10-01").unwrap();
        let rows: Vec<(u128, u128, String, u64)> = (0..300)
            .map(|_| {
                let day = start + chrono::Duration::days(rng.i64(0..40));
                (1, rng.u128(1..50), day.to_string(), rng.u64(0..2))
            })
            .collect();
        let u = crate::analytics::testing::usage_owned("2026-10-01", "2026-11-09", rows);
        for from in [0, 10, 25, 39] {
            assert_eq!(
                distinct_users_from(&u, from),
                distinct_users_in_cells(&u, from)
            );
        }
        assert!(distinct_users_from(&u, 39) > 0);
    }

    #[test]
    fn a_folded_model_has_the_activity_of_its_rows() {
        let mut rng = fastrand::Rng::with_seed(5);
        let start = crate::dates::parse_date("2026-10-01").unwrap();
        let rows: Vec<(u128, u128, String, u64)> = (0..400)
            .map(|_| {
                let day = start + chrono::Duration::days(rng.i64(0..40));
                (
                    rng.u128(1..3),
                    rng.u128(1..60),
                    day.to_string(),
                    rng.u64(0..3),
                )
            })
            .collect();
        let (a, b) = ("2026-10-01", "2026-11-09");
        let held = activity(&crate::analytics::testing::usage_owned(a, b, rows.clone()));
        let folded = activity(&crate::analytics::testing::folded_owned(a, b, rows));
        // It counted no one in the last 30 days: no DAU/MAU for a saved file's model.
        assert!(held.stickiness.is_some_and(|s| s > 0.0));
        assert_eq!(folded, held);
    }

    #[test]
    fn short_ranges_have_no_stickiness() {
        let u = usage("2026-11-01", "2026-11-27", &[(1, 1, "2026-11-02", 4)]);
        let a = activity(&u);
        assert_eq!(a.stickiness, None);
        assert!((a.average_daily_users - 1.0 / 27.0).abs() < 1e-12);
    }

    #[test]
    fn stickiness_on_the_last_thirty_days() {
        // 40 days; the window is 11-11 .. 12-10. Person 1 every day of it, person 2 once,
        // person 3 only before the window (not in the month's people).
        let mut rows: Vec<(u128, u128, String, u64)> = (0..30)
            .map(|i| {
                let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 11).unwrap()
                    + chrono::Duration::days(i);
                (1, 1, d.to_string(), 1)
            })
            .collect();
        rows.push((1, 2, "2026-11-20".into(), 3));
        rows.push((1, 3, "2026-11-01".into(), 3));
        let u = crate::analytics::testing::usage_owned("2026-11-01", "2026-12-10", rows);
        let a = activity(&u);
        let dau = 31.0 / 30.0;
        assert!((a.stickiness.unwrap() - dau / 2.0).abs() < 1e-12, "{a:?}");
        assert!((a.average_daily_users - 32.0 / 40.0).abs() < 1e-12, "{a:?}");
        let nobody = usage("2026-11-01", "2026-12-10", &[]);
        assert_eq!(activity(&nobody).stickiness, None);
    }
}
