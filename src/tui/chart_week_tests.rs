//! The chart's week bars with `week_start = "sunday"`: every bar is a Sunday-to-Saturday
//! week (the first clipped to the range), and its prompts and distinct active people are
//! computed again here from the demo organization's raw rows.

use std::collections::{BTreeMap, HashSet};

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use super::*;
use crate::api::UsageQuery;
use crate::dates::DateRange;
use crate::demo::RowFilter;
use crate::tui::app::tests::{answer_for, org, today};

/// Prompts and distinct emails per Sunday-started week, from the raw rows of `range`.
fn by_sunday_weeks(range: DateRange) -> BTreeMap<NaiveDate, (u64, usize)> {
    let rows = org().rows(&RowFilter {
        start: range.start(),
        end: range.end(),
        product_ids: &[],
        search: None,
        origin: None,
    });
    let mut weeks: BTreeMap<NaiveDate, (u64, HashSet<String>)> = BTreeMap::new();
    for r in rows {
        let sunday = r.date - Duration::days(i64::from(r.date.weekday().num_days_from_sunday()));
        let w = weeks.entry(sunday.max(range.start())).or_default();
        w.0 += r.prompt_count;
        w.1.insert(r.user_email);
    }
    weeks
        .into_iter()
        .map(|(k, (n, people))| (k, (n, people.len())))
        .collect()
}

#[test]
fn sunday_weeks_start_on_sunday_and_match_the_raw_rows() {
    let range = DateRange::last_days(today(), 90);
    let u = answer_for(&org(), &UsageQuery::new(range));
    let mut d = Derived::default();
    d.update(Some(&u), None, today());
    let c = Chart::build(&mut d, (Bucketing::Week, WeekStart::Sunday), 120);
    assert_eq!(
        (c.shown, c.week_start),
        (Bucketing::Week, WeekStart::Sunday)
    );
    assert_eq!(c.bars[0].start, range.start(), "the first week is clipped");
    assert_ne!(
        range.start().weekday(),
        Weekday::Sun,
        "so that clipping shows"
    );
    for b in &c.bars[1..] {
        assert_eq!(b.start.weekday(), Weekday::Sun, "{b:?}");
    }
    for b in &c.bars[..c.bars.len() - 1] {
        assert!(b.end.weekday() == Weekday::Sat, "{b:?}");
    }
    let expected = by_sunday_weeks(range);
    let got: BTreeMap<NaiveDate, (u64, usize)> = c
        .bars
        .iter()
        .filter(|b| b.prompts > 0)
        .map(|b| (b.start, (b.prompts, b.active_users as usize)))
        .collect();
    assert_eq!(got, expected);
    // Monday weeks of the same rows differ: the setting is what moved the bars.
    let monday = Chart::build(&mut d, (Bucketing::Week, WeekStart::Monday), 120);
    assert_eq!(monday.bars[1].start.weekday(), Weekday::Mon);
    assert_eq!(c.shown.noun(c.week_start), "Sun-Sat week");
}

#[test]
fn the_apps_setting_reaches_the_b_bars_and_the_report() {
    let (app, _) = crate::tui::app::tests::loaded((120, 40));
    let mut app = app.with_week_start(WeekStart::Sunday);
    crate::tui::app::tests::ch(&mut app, 'b');
    let c = &app.view().chart;
    assert_eq!(
        (c.shown, c.week_start),
        (Bucketing::Week, WeekStart::Sunday)
    );
    assert!(
        c.bars[1..]
            .iter()
            .all(|b| b.start.weekday() == Weekday::Sun)
    );
    assert_eq!(app.report_job().unwrap().week_start, WeekStart::Sunday);
}
