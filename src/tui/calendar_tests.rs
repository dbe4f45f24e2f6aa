//! The grid against independent computations: placement from chrono's ISO weeks, counts
//! summed from the raw rows, shade limits by counting rather than indexing.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, Weekday};

use super::*;
use crate::api::UsageQuery;
use crate::tui::app::tests::{answer_for, org, today};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The column of each ISO week the range touches, in order: (ISO year, week) -> column.
fn iso_columns(range: DateRange, last: NaiveDate) -> Vec<(i32, u32)> {
    let mut cols: Vec<(i32, u32)> = Vec::new();
    for d in range.start().iter_days().take_while(|d| *d <= last) {
        let w = (d.iso_week().year(), d.iso_week().week());
        if cols.last() != Some(&w) {
            cols.push(w);
        }
    }
    cols
}

/// The highest count of shade k: the least non-zero count with at least ceil((k+1)n/4)
/// non-zero days at or under it.
fn quartile_by_counting(values: &[u64], k: usize) -> u64 {
    let nz: Vec<u64> = values.iter().copied().filter(|&v| v > 0).collect();
    let need = ((k + 1) * nz.len()).div_ceil(4);
    *nz.iter()
        .filter(|&&x| nz.iter().filter(|&&y| y <= x).count() >= need)
        .min()
        .unwrap()
}

#[test]
fn a_range_from_mid_week_across_a_year_is_placed_by_iso_week_and_weekday() {
    // Wednesday 2025-11-12 .. Tuesday 2026-02-10: 91 days, 14 ISO weeks (W46 .. W07).
    let range = DateRange::new(date(2025, 11, 12), date(2026, 2, 10)).unwrap();
    assert_eq!(range.start().weekday(), Weekday::Wed);
    let days: Vec<u64> = (0..range.len_days() as u64).map(|i| (i * 7) % 23).collect();
    let c = Calendar::build(&days, range, today(), (200, WeekStart::Monday)).unwrap();
    let cols = iso_columns(range, range.end());
    assert_eq!((c.weeks.len(), c.total_weeks), (cols.len(), cols.len()));
    assert_eq!(cols.len(), 14);
    for (i, d) in range.start().iter_days().take(range.len_days()).enumerate() {
        let col = cols
            .iter()
            .position(|w| *w == (d.iso_week().year(), d.iso_week().week()))
            .unwrap();
        let row = d.weekday().number_from_monday() as usize - 1;
        let cell = c.weeks[col][row];
        assert_eq!(c.day(d), Some(cell));
        // Zero days are shade 0, not missing.
        match days[i] {
            0 => assert_eq!(cell, Day::Level(0), "{d}"),
            v => {
                let Day::Level(l) = cell else {
                    panic!("{d} missing")
                };
                let (lo, hi) = c.limits[usize::from(l) - 1].unwrap();
                assert!((lo..=hi).contains(&v), "{d}: {v} in {lo}-{hi}");
            }
        }
    }
    // 2026-01-01 is a Thursday of ISO 2026-W01: row 3 of its column.
    let jan1 = cols.iter().position(|w| *w == (2026, 1)).unwrap();
    assert_eq!(c.day(date(2026, 1, 1)), Some(c.weeks[jan1][3]));
    // Monday and Tuesday before the start, and Wednesday..Sunday after the end: missing.
    assert_eq!(c.weeks[0][..2], [Day::Missing; 2]);
    assert_eq!(c.weeks[13][2..], [Day::Missing; 5]);
    assert_eq!(c.first_day, date(2025, 11, 10));
    // Where a click finds a day: the column of its ISO week, the row of its weekday
    // under the month names; the labels, the month row and the days outside the range
    // hold none.
    let at = |d: NaiveDate| {
        let col = cols
            .iter()
            .position(|w| *w == (d.iso_week().year(), d.iso_week().week()));
        let x = LABEL_W + WEEK_W * col.unwrap() as u16;
        (x, d.weekday().number_from_monday() as u16)
    };
    for d in [range.start(), date(2026, 1, 1), range.end()] {
        let (x, y) = at(d);
        assert_eq!((c.at(x, y), c.at(x + 1, y)), (Some(d), Some(d)), "{d}");
    }
    let (x, y) = at(date(2026, 1, 1));
    assert_eq!((c.at(0, y), c.at(x, 0), c.at(x, 8)), (None, None, None));
    assert_eq!(c.at(LABEL_W, 1), None, "a Monday before the range");
    // Month names above the week of the 1st: Dec over W49, Jan over W01, Feb over W05.
    let at = |w: (i32, u32)| cols.iter().position(|c| *c == w).unwrap();
    assert_eq!(
        c.months,
        vec![
            (0, "Nov"),
            (at((2025, 49)), "Dec"),
            (at((2026, 1)), "Jan"),
            (at((2026, 5)), "Feb")
        ]
    );
}

#[test]
fn the_demo_orgs_grid_matches_its_raw_rows() {
    let org = org();
    let q = UsageQuery::new(DateRange::last_days(today(), 365));
    let u = answer_for(&org, &q);
    let mut per_day: BTreeMap<NaiveDate, u64> = BTreeMap::new();
    for (_, _, d, n) in u.rows() {
        *per_day.entry(d).or_default() += n;
    }
    let values: Vec<u64> = q
        .range
        .start()
        .iter_days()
        .take(q.range.len_days())
        .map(|d| per_day.get(&d).copied().unwrap_or(0))
        .collect();
    let c = Calendar::of_org(&u, today(), (200, WeekStart::Monday)).unwrap();
    for k in 0..4 {
        assert_eq!(
            c.limits[k].unwrap().1,
            quartile_by_counting(&values, k),
            "{k}"
        );
    }
    assert_eq!(
        c.limits[0].unwrap().0,
        *values.iter().filter(|&&v| v > 0).min().unwrap()
    );
    let cols = iso_columns(q.range, today());
    assert_eq!(c.total_weeks, cols.len());
    for (d, v) in q.range.start().iter_days().zip(&values) {
        let col = cols
            .iter()
            .position(|w| *w == (d.iso_week().year(), d.iso_week().week()))
            .unwrap();
        let cell = c.weeks[col][d.weekday().num_days_from_monday() as usize];
        let want = match *v {
            0 => 0,
            v => {
                1 + (0..4)
                    .find(|&k| v <= quartile_by_counting(&values, k))
                    .unwrap() as u8
            }
        };
        assert_eq!(cell, Day::Level(want), "{d}: {v}");
    }
    // Today is the range's last day: the rest of its week is missing.
    let after: Vec<Day> = today()
        .iter_days()
        .skip(1)
        .take(6)
        .map(|d| c.day(d).unwrap_or(Day::Missing))
        .collect();
    assert!(after.iter().all(|d| *d == Day::Missing));
}

#[test]
fn narrow_widths_keep_the_latest_weeks_and_short_ranges_get_none() {
    let u = answer_for(&org(), &UsageQuery::new(DateRange::last_days(today(), 365)));
    let wide = Calendar::of_org(&u, today(), (200, WeekStart::Monday)).unwrap();
    assert!(!wide.clipped());
    let narrow = Calendar::of_org(&u, today(), (44, WeekStart::Monday)).unwrap();
    assert_eq!(narrow.weeks.len(), 20);
    assert!(narrow.clipped());
    assert_eq!(narrow.weeks[..], wide.weeks[wide.weeks.len() - 20..]);
    assert_eq!(
        narrow.limits, wide.limits,
        "the shades are the whole range's"
    );
    // Every month name fits the grid, two columns apart.
    for pair in narrow.months.windows(2) {
        assert!(pair[1].0 >= pair[0].0 + 2, "{pair:?}");
    }
    assert!(narrow.months.iter().all(|(w, _)| label_x(*w, 40) + 3 <= 40));
    assert_eq!(
        Calendar::of_org(&u, today(), (0, WeekStart::Monday))
            .unwrap()
            .weeks
            .len(),
        0
    );
    let short = answer_for(&org(), &UsageQuery::new(DateRange::last_days(today(), 55)));
    assert!(Calendar::of_org(&short, today(), (200, WeekStart::Monday)).is_none());
    let eight = answer_for(&org(), &UsageQuery::new(DateRange::last_days(today(), 56)));
    assert!(Calendar::of_org(&eight, today(), (200, WeekStart::Monday)).is_some());
}

#[test]
fn repeated_counts_squeeze_shades_and_no_prompts_have_none() {
    let range = DateRange::last_days(today(), 60);
    let mut days = vec![0u64; 60];
    days[10] = 5;
    days[11] = 5;
    days[12] = 5;
    days[13] = 9;
    let c = Calendar::build(&days, range, today(), (200, WeekStart::Monday)).unwrap();
    assert_eq!(c.limits, [Some((5, 5)), None, None, Some((6, 9))]);
    assert_eq!(c.day(range.day(12)), Some(Day::Level(1)));
    assert_eq!(c.day(range.day(13)), Some(Day::Level(4)));
    let none = Calendar::build(&[0; 60], range, today(), (200, WeekStart::Monday)).unwrap();
    assert_eq!(none.limits, [None; 4]);
    assert!(none.weeks.iter().flatten().all(|d| *d != Day::Level(1)));
}

#[test]
fn the_last_months_name_moves_left_to_fit_an_80_column_grid() {
    // Year to date on Thursday 2026-12-03 at 80 columns: the last column is the week of
    // Monday November 30th, which holds December 1st; "Dec" needs three cells where the
    // column leaves two, so it ends at the grid's edge, clear of "Nov".
    let today = date(2026, 12, 3);
    let range = DateRange::new(date(2026, 1, 1), today).unwrap();
    let n = range.len_days();
    let c = Calendar::build(&vec![1; n], range, today, (80, WeekStart::Monday)).unwrap();
    let last = c.weeks.len() - 1;
    assert_eq!(c.months.last(), Some(&(last, "Dec")), "{:?}", c.months);
    let room = 80 - LABEL_W;
    assert_eq!(label_x(last, room), room - 3);
    let nov = c.months[c.months.len() - 2];
    assert_eq!(nov.1, "Nov");
    assert!(label_x(nov.0, room) + 4 <= room - 3);
    // With one more week of room the name sits over its own week again.
    assert_eq!(
        label_x(last, (last as u16 + 2) * WEEK_W),
        last as u16 * WEEK_W
    );
}

#[test]
fn a_month_the_range_has_not_reached_gets_no_name() {
    // Today is Monday 2026-11-30: its week holds December 1st, which is not on the grid.
    let today = date(2026, 11, 30);
    let range = DateRange::last_days(today, 90);
    let c = Calendar::build(&vec![1; 90], range, today, (200, WeekStart::Monday)).unwrap();
    // November 1st is a Sunday: the week of Monday October 26th, column 8.
    assert_eq!(c.months.last(), Some(&(8, "Nov")));
    assert!(c.months.iter().all(|(_, m)| *m != "Dec"));
    assert_eq!(c.months.first(), Some(&(0, "Sep")));
    assert_eq!(c.day(date(2026, 12, 1)), Some(Day::Missing));
}

#[test]
fn the_dashboards_calendar_follows_the_origin_filter() {
    use crate::tui::app::tests::{answer, ch, loaded};
    let (mut app, org) = loaded((120, 40));
    let fx = ch(&mut app, '3');
    answer(&mut app, &org, fx);
    let width = app.screen().main_calendar.chart.width;
    let all = app.view().calendar.clone().unwrap();
    let fx = ch(&mut app, 'o');
    answer(&mut app, &org, fx);
    assert!(app.query().origin.is_some());
    let q = app.query().clone();
    let want =
        Calendar::of_org(&answer_for(&org, &q), today(), (width, WeekStart::Monday)).unwrap();
    let got = app.view().calendar.clone().unwrap();
    assert_eq!(got, want);
    assert_ne!(
        got.limits, all.limits,
        "one origin's shades are not the org's"
    );
}

#[test]
fn weeks_from_sunday_put_each_day_in_its_sunday_week() {
    // Wednesday 2025-11-12 .. Tuesday 2026-02-10, weeks Sunday to Saturday.
    let range = DateRange::new(date(2025, 11, 12), date(2026, 2, 10)).unwrap();
    let days: Vec<u64> = (0..range.len_days() as u64).map(|i| 1 + i % 5).collect();
    let c = Calendar::build(&days, range, today(), (200, WeekStart::Sunday)).unwrap();
    assert_eq!(c.first_day, date(2025, 11, 9));
    assert_eq!(c.first_day.weekday(), Weekday::Sun);
    for d in range.start().iter_days().take(range.len_days()) {
        // Counted by hand: whole weeks since that first Sunday, days since the week's.
        let off = (d - date(2025, 11, 9)).num_days() as usize;
        let row = d.weekday().num_days_from_sunday() as usize;
        assert_eq!(off % 7, row, "{d}");
        assert_eq!(Some(c.weeks[off / 7][row]), c.day(d));
        assert_ne!(c.weeks[off / 7][row], Day::Missing, "{d}");
    }
    // Sunday to Tuesday before the start, and Wednesday to Saturday after the end.
    assert_eq!(c.weeks[0][..3], [Day::Missing; 3]);
    assert_eq!(c.weeks[c.weeks.len() - 1][3..], [Day::Missing; 4]);
    // 2026-02-08 is a Sunday: the last week starts there; 14 weeks, as from Monday.
    assert_eq!(c.total_weeks, 14);
    // February's name is over the week holding the 1st, a Sunday: a week of its own.
    let feb = ((date(2026, 2, 1) - c.first_day).num_days() / 7) as usize;
    assert!(c.months.contains(&(feb, "Feb")), "{:?}", c.months);
}

#[test]
fn the_dashboards_calendar_follows_week_start() {
    use crate::tui::app::tests::{answer, ch, loaded};
    let (app, org) = loaded((120, 40));
    let mut app = app.with_week_start(WeekStart::Sunday);
    let fx = ch(&mut app, '3');
    answer(&mut app, &org, fx);
    let width = app.screen().main_calendar.chart.width;
    let q = app.query().clone();
    let want = Calendar::of_org(&answer_for(&org, &q), today(), (width, WeekStart::Sunday));
    let got = app.view().calendar.clone().unwrap();
    assert_eq!(Some(got.clone()), want);
    assert_eq!(got.first_day.weekday(), Weekday::Sun);
}

#[test]
fn a_grid_with_no_week_in_its_width_still_keeps_its_cursor_in_order() {
    // Under the minimum size the grid is built 0 columns wide: no week, and a cursor
    // moved on it stays on the last day instead of clamping into a reversed range.
    let range = DateRange::last_days(today(), 90);
    let c = Calendar::build(&vec![1; 90], range, today(), (0, WeekStart::Monday)).unwrap();
    assert!(c.weeks.is_empty());
    assert!(c.shown.0 <= c.shown.1);
    assert_eq!(c.clamp(range.start()), today());
}
