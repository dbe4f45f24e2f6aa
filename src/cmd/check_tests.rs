//! `check`'s thresholds against hand-made reports: the lines, the JSON and the table.

use super::*;

#[test]
fn the_table_is_read_and_flags_win() {
    let t =
        parse_table("range = \"7d\"\n[check]\nmin_prompts = 10\nmax_drop_pct = 25.5\n").unwrap();
    assert_eq!(t.min_prompts, Some(10));
    assert_eq!(t.max_drop_pct, Some(25.5));
    let flags = Thresholds {
        min_prompts: Some(3),
        ..Default::default()
    };
    assert_eq!(flags.or(t).min_prompts, Some(3));
    assert_eq!(flags.or(t).max_drop_pct, Some(25.5));
    assert!(parse_table("").unwrap().is_empty());
    assert_eq!(
        parse_table("[check]\nmax_drop_pct = 5\n")
            .unwrap()
            .max_drop_pct,
        Some(5.0)
    );
}

/// Each wrong value names its setting and what it takes, in the words of the flags.
#[test]
fn a_wrong_value_names_its_setting() {
    let err = |table: &str| parse_table(&format!("[check]\n{table}\n")).unwrap_err();
    for (table, want) in [
        (
            "max_dormant = -3",
            "max_dormant must be a whole number, 0 or more, not -3",
        ),
        (
            "max_dormant = \"x\"",
            "max_dormant must be a whole number, 0 or more, not \"x\"",
        ),
        (
            "min_prompts = 2.5",
            "min_prompts must be a whole number, 0 or more, not 2.5",
        ),
        (
            "min_active_users = true",
            "min_active_users must be a whole number",
        ),
        (
            "max_drop_pct = \"5%\"",
            "max_drop_pct must be a percentage from 0 to 100",
        ),
        (
            "min_prompt = 1",
            "unknown threshold 'min_prompt' (the thresholds are min_prompts,",
        ),
    ] {
        let e = err(table);
        assert!(e.starts_with(want), "{table}: {e}");
        assert!(
            !e.contains("u64") && !e.contains("invalid type"),
            "{table}: {e}"
        );
    }
    assert!(
        parse_table("check = 1\n")
            .unwrap_err()
            .starts_with("check must be a table")
    );
}

fn report(now: &[(u128, u64)], before: &[(u128, u64)]) -> Report {
    use crate::dates::DateRange;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let r = DateRange::last_days(today, 7);
    let usage = |rows: &[(u128, u64)], r: DateRange| {
        let rows: Vec<crate::api::UsageRow> = rows
            .iter()
            .map(|&(u, n)| crate::api::UsageRow {
                product_id: uuid::Uuid::from_u128(1),
                product_name: "P".into(),
                user_id: uuid::Uuid::from_u128(u),
                user_email: format!("u{u}@x.example"),
                date: r.end(),
                prompt_count: n,
            })
            .collect();
        let mut i = crate::model::Ingest::new(crate::model::RangeSpec::Fixed(r));
        i.feed(&serde_json::to_vec(&rows).unwrap()).unwrap();
        i.finish().unwrap()
    };
    let ctx = crate::report::Context::default();
    Report::build(&usage(now, r), &usage(before, r.previous()), &ctx)
}

#[test]
fn each_threshold_against_its_figure() {
    // 60 prompts from 2 people, against 100 from 3: a 40% drop, one dormant.
    let r = report(&[(1, 50), (2, 10)], &[(1, 60), (2, 20), (3, 20)]);
    let t = Thresholds {
        min_prompts: Some(60),
        min_active_users: Some(3),
        max_drop_pct: Some(40.0),
        max_dormant: Some(0),
    };
    let got: Vec<(&str, f64, bool)> = evaluate(&r, &t)
        .iter()
        .map(|o| (o.check, o.figure, o.holds))
        .collect();
    assert_eq!(
        got,
        vec![
            ("min_prompts", 60.0, true),
            ("min_active_users", 2.0, false),
            ("max_drop_pct", 40.0, true),
            ("max_dormant", 1.0, false),
        ]
    );
    // A rise is no drop; a threshold not given is not checked.
    let up = report(&[(1, 90)], &[(1, 30)]);
    let only = Thresholds {
        max_drop_pct: Some(0.0),
        ..Default::default()
    };
    let o = evaluate(&up, &only);
    assert_eq!((o.len(), o[0].figure, o[0].holds), (1, 0.0, true));
    assert_eq!(
        o[0].line(false),
        "holds     drop in prompts: 0.0% (90 against 30, a rise of +200.0%), at most 0.0% (--max-drop-pct)"
    );
    let json = serde_json::to_value(&o[0]).unwrap();
    assert_eq!(
        (json["prompts"].as_u64(), json["previous_prompts"].as_u64()),
        (Some(90), Some(30))
    );
    // None before: no percentage to give.
    let first = evaluate(&report(&[(1, 5)], &[]), &only);
    assert!(
        first[0]
            .line(false)
            .contains("0.0% (5 against none before), at most")
    );
    // Set in the config, the line says so rather than name a flag not given.
    assert!(o[0].line(true).ends_with("(max_drop_pct in [check])"));
    // A drop of 10.066% against 10.06%: breached, and shown so, in text and JSON.
    let near = report(&[(1, 14_563)], &[(1, 16_193)]);
    let t = Thresholds {
        max_drop_pct: Some(10.06),
        ..Default::default()
    };
    let o = &evaluate(&near, &t)[0];
    assert!(!o.holds);
    assert!(
        o.line(false)
            .contains("10.07% (14,563 against 16,193), at most 10.06%")
    );
    let json = serde_json::to_value(o).unwrap();
    assert_eq!(
        (json["figure"].as_f64(), json["limit"].as_f64()),
        (Some(10.07), Some(10.06))
    );
    // The config template's example table, uncommented, is read as written.
    let template = crate::config::TEMPLATE_TOML;
    let table: String = template[template.find("# [check]").unwrap()..]
        .lines()
        .take_while(|l| l.starts_with("# "))
        .map(|l| l.trim_start_matches("# ").to_string() + "\n")
        .collect();
    let t = parse_table(&table).unwrap();
    assert!(t.min_prompts.is_some() && t.min_active_users.is_some());
    assert!(t.max_drop_pct.is_some() && t.max_dormant.is_some());
    // The limit is written as it was set, though one decimal tells the two apart.
    let half = report(&[(1, 50)], &[(1, 100)]);
    let t = Thresholds {
        max_drop_pct: Some(8.35),
        ..Default::default()
    };
    let o = &evaluate(&half, &t)[0];
    assert!(
        o.line(false)
            .contains("50.00% (50 against 100), at most 8.35%"),
        "{}",
        o.line(false)
    );
    let json = serde_json::to_value(o).unwrap();
    assert_eq!(json["limit"].as_f64(), Some(8.35));
}

/// A cron mail's first line says a day not over and a previous period of another length.
#[test]
fn the_range_line_says_today_and_an_unequal_previous_period() {
    let mut r = report(&[(1, 5)], &[(1, 5)]);
    assert_eq!(
        range_line(&r),
        "range     2026-11-19 to 2026-11-25 (UTC, 7 days), against 2026-11-12 to 2026-11-18"
    );
    r.range.today_so_far = true;
    r.previous_range.days = 8;
    assert_eq!(
        range_line(&r),
        "range     2026-11-19 to 2026-11-25 (UTC, 7 days, today so far), against 2026-11-12 to 2026-11-18 (8 days)"
    );
    // One day is a day (the report said "1 days").
    r.range.days = 1;
    assert!(
        range_line(&r).contains("(UTC, 1 day, today so far)"),
        "{}",
        range_line(&r)
    );
}
