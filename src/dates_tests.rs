//! Tests of `dates`.
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
    // Nothing at all is said so ('0d' is a period's shape), and digits past any count
    // are a period too long, not one that is not a period.
    assert_eq!(
        parse_period_days("0d").unwrap_err().to_string(),
        "'0d' holds no day: a period is at least 1d"
    );
    assert!(matches!(
        parse_period_days("99999999999999999999999d"),
        Err(DateError::TooLong(_))
    ));
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

fn typed(s: &str) -> Result<(String, String, Unit), String> {
    parse_range_text(s, d("2026-11-25"))
        .map(|t| {
            (
                t.range.start().to_string(),
                t.range.end().to_string(),
                t.unit,
            )
        })
        .map_err(|e| e.to_string())
}

/// A period typed wrong is named as typed: `-0d` was said as `'0d'`.
#[test]
fn a_bad_period_is_named_as_typed() {
    let e = typed("-0d").unwrap_err();
    assert!(e.starts_with("'-0d' holds no day"), "{e}");
}

fn ok(a: &str, b: &str, u: Unit) -> Result<(String, String, Unit), String> {
    Ok((a.to_string(), b.to_string(), u))
}

#[test]
fn the_range_field_takes_dates_periods_and_units() {
    // 2026-11-25 is a Wednesday.
    assert_eq!(
        typed("2026-11-01 2026-11-10"),
        ok("2026-11-01", "2026-11-10", Unit::Days)
    );
    assert_eq!(
        typed("2026-11-01..2026-11-10"),
        ok("2026-11-01", "2026-11-10", Unit::Days)
    );
    assert_eq!(typed(" -7d "), ok("2026-11-19", "2026-11-25", Unit::Days));
    assert_eq!(typed("2w"), ok("2026-11-12", "2026-11-25", Unit::Days));
    assert_eq!(
        typed("yesterday"),
        ok("2026-11-24", "2026-11-24", Unit::Days)
    );
    assert_eq!(typed("Today"), ok("2026-11-25", "2026-11-25", Unit::Days));
    assert_eq!(
        typed("2026-11-03"),
        ok("2026-11-03", "2026-11-03", Unit::Days)
    );
    assert_eq!(
        typed("2026-W47"),
        ok("2026-11-16", "2026-11-22", Unit::Week)
    );
    // The week, quarter, month and year not over yet end today.
    assert_eq!(
        typed("2026-w48"),
        ok("2026-11-23", "2026-11-25", Unit::Week)
    );
    assert_eq!(
        typed("2026-Q4"),
        ok("2026-10-01", "2026-11-25", Unit::Quarter)
    );
    assert_eq!(
        typed("2026-Q3"),
        ok("2026-07-01", "2026-09-30", Unit::Quarter)
    );
    assert_eq!(
        typed("2026-02"),
        ok("2026-02-01", "2026-02-28", Unit::Month)
    );
    assert_eq!(typed("2025"), ok("2025-01-01", "2025-12-31", Unit::Year));
    // ISO week 1 of 2026 begins in 2025.
    assert_eq!(
        typed("2026-W01"),
        ok("2025-12-29", "2026-01-04", Unit::Week)
    );
}

#[test]
fn each_side_of_from_to_takes_what_the_flags_take() {
    // FROM's first day to TO's last, as --from and --to read them (today 2026-11-25).
    assert_eq!(
        typed("2024-W01 2024-W02"),
        ok("2024-01-01", "2024-01-14", Unit::Days)
    );
    assert_eq!(
        typed("-7d yesterday"),
        ok("2026-11-19", "2026-11-24", Unit::Days)
    );
    assert_eq!(
        typed("2026-Q3..2026-11"),
        ok("2026-07-01", "2026-11-25", Unit::Days)
    );
    assert_eq!(
        typed("2026-10-05 2026-W47"),
        ok("2026-10-05", "2026-11-22", Unit::Days)
    );
    // A side that is none of them is named as typed.
    assert_eq!(
        typed("2026-W01 Soon").unwrap_err(),
        "'Soon' is not a date: use YYYY-MM-DD"
    );
}

#[test]
fn the_range_field_refuses_in_one_line() {
    for bad in [
        "", "2026-Q5", "2026-13", "2026-W54", "2026-1", "soon", "1 2 3", "20x6",
    ] {
        let e = typed(bad).unwrap_err();
        assert!(!e.contains('\n') && !e.is_empty(), "{bad}: {e}");
    }
    assert_eq!(
        typed("2026-12").unwrap_err(),
        "2026-12-01 is in the future (days are UTC)"
    );
    // A week the year does not have is named, with the year's last (2026 has 53).
    assert_eq!(
        typed("2025-W53").unwrap_err(),
        "2025 has no ISO week 53: its weeks are 1 to 52"
    );
    assert_eq!(
        typed("2026-W54").unwrap_err(),
        "2026 has no ISO week 54: its weeks are 1 to 53"
    );
    assert!(typed("2026-W00").unwrap_err().contains("no ISO week 0"));
    assert!(
        typed("2026-11-10 2026-11-01")
            .unwrap_err()
            .contains("reversed")
    );
    assert!(
        typed("soon")
            .unwrap_err()
            .starts_with("'soon' is not a range")
    );
    // An open side was read as the one day given.
    for open in [
        "2026-09-01..",
        "..2026-09-01",
        " 2026-09-01 .. ",
        "2026-11..",
    ] {
        let e = typed(open).unwrap_err();
        assert!(e.contains("is not a range: use FROM..TO"), "{open}: {e}");
    }
    assert_eq!(
        typed("2026-11-01 .. 2026-11-10"),
        ok("2026-11-01", "2026-11-10", Unit::Days)
    );
    // A date with no such day is named as the command line names it.
    for bad in ["2026-13-01", "2026-02-30"] {
        assert_eq!(
            typed(bad).unwrap_err(),
            format!("'{bad}' is not a date: use YYYY-MM-DD")
        );
    }
}

#[test]
fn new_presets_are_iso_weeks_and_quarters() {
    let today = d("2026-11-25");
    let r = |p: Preset| {
        let r = p.range(today).unwrap();
        (r.start().to_string(), r.end().to_string())
    };
    let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(r(Preset::ThisWeek), pair("2026-11-23", "2026-11-25"));
    assert_eq!(r(Preset::LastWeek), pair("2026-11-16", "2026-11-22"));
    assert_eq!(r(Preset::ThisQuarter), pair("2026-10-01", "2026-11-25"));
    assert_eq!(r(Preset::LastQuarter), pair("2026-07-01", "2026-09-30"));
    let jan = d("2026-01-02");
    let lq = Preset::LastQuarter.range(jan).unwrap();
    assert_eq!((lq.start(), lq.end()), (d("2025-10-01"), d("2025-12-31")));
    for p in Preset::ALL {
        assert_eq!(Preset::detect(p.range(today).unwrap(), today), p, "{p:?}");
    }
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

mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        #[test]
        fn parsing_never_panics(s in "\\PC{0,16}") {
            let _ = parse_date(&s);
            let _ = parse_period_days(&s);
            let _ = parse_range_text(&s, NaiveDate::from_ymd_opt(2026, 11, 25).unwrap());
        }

        #[test]
        fn the_range_field_never_panics_and_never_ends_after_today(
            s in "(-?[0-9]{1,4}[dwmy]|[0-9]{4}(-[wWqQ]?[0-9]{1,2})?|[0-9-]{4,10}( [0-9-]{4,10})?|\\PC{0,12})",
            back in 0i64..30_000,
        ) {
            let today = NaiveDate::from_ymd_opt(2030, 6, 15).unwrap() - Duration::days(back);
            if let Ok(t) = parse_range_text(&s, today) {
                prop_assert!(t.range.end() <= today);
                prop_assert!(t.range.start() <= t.range.end());
            }
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

#[test]
fn a_whole_unit_is_named() {
    let r = |a: &str, b: &str| DateRange::new(d(a), d(b)).unwrap();
    assert_eq!(
        unit_name(r("2026-10-01", "2026-10-31")).as_deref(),
        Some("2026-10")
    );
    assert_eq!(
        unit_name(r("2026-04-01", "2026-06-30")).as_deref(),
        Some("2026-Q2")
    );
    assert_eq!(
        unit_name(r("2025-01-01", "2025-12-31")).as_deref(),
        Some("2025")
    );
    assert_eq!(
        unit_name(r("2026-11-16", "2026-11-22")).as_deref(),
        Some("2026-W47")
    );
    // ISO week 1 of 2026 begins in 2025.
    assert_eq!(
        unit_name(r("2025-12-29", "2026-01-04")).as_deref(),
        Some("2026-W01")
    );
    for (a, b) in [("2026-10-01", "2026-10-30"), ("2026-11-17", "2026-11-23")] {
        assert_eq!(unit_name(r(a, b)), None, "{a}..{b}");
    }
}

#[test]
fn a_range_is_named_by_its_preset_or_its_calendar_unit() {
    let r = |a: &str, b: &str| DateRange::new(d(a), d(b)).unwrap();
    let q1 = r("2026-01-01", "2026-03-31");
    assert_eq!(range_name(Preset::Custom, q1).as_deref(), Some("2026-Q1"));
    assert_eq!(
        range_name(Preset::Custom, r("2026-01-01", "2026-03-30")),
        None
    );
    // A preset keeps its own name whatever its dates are.
    assert_eq!(
        range_name(Preset::Last30, q1).as_deref(),
        Some(Preset::Last30.label())
    );
}
