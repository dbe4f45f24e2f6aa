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
    // Without --against, a range of calendar units is compared with the same span of
    // the units before; any other with as many days just before (`None`).
    let calendar = |from: &str, to: Option<&str>| {
        let f = flags(Some(from), to, None);
        let (spec, _) = resolve(&f, &defaults().1, today, false).unwrap();
        against(&f, spec, today)
            .unwrap()
            .map(|r| (r.start(), r.end()))
    };
    assert_eq!(
        calendar("2026-10", Some("2026-10")),
        Some((d("2026-09-01"), d("2026-09-30")))
    );
    assert_eq!(
        calendar("2026-11", None),
        Some((d("2026-10-01"), d("2026-10-31")))
    );
    assert_eq!(
        calendar("2026-Q3", Some("2026-Q3")),
        Some((d("2026-04-01"), d("2026-06-30")))
    );
    assert_eq!(
        calendar("2026-W47", Some("2026-W47")),
        Some((d("2026-11-09"), d("2026-11-15")))
    );
    assert_eq!(
        calendar("2026-10", Some("2026-10-15")),
        Some((d("2026-09-01"), d("2026-09-15")))
    );
    assert_eq!(
        calendar("2026-10", None),
        None,
        "October to today: more than a month"
    );
    // Whole units up to a later one of the kind: as many units before.
    assert_eq!(
        calendar("2026-09", Some("2026-10")),
        Some((d("2026-07-01"), d("2026-08-31")))
    );
    assert_eq!(
        calendar("2026-Q1", Some("2026-Q2")),
        Some((d("2025-07-01"), d("2025-12-31")))
    );
    assert_eq!(
        calendar("2026-W46", Some("2026-W47")),
        Some((d("2026-10-26"), d("2026-11-08")))
    );
    assert_eq!(
        calendar("2025", Some("2026")),
        Some((d("2023-01-01"), d("2024-11-30"))),
        "this year not over: the same days two years before"
    );
    assert_eq!(
        calendar("2026-09", Some("2026-10-15")),
        None,
        "a date typed"
    );
    assert_eq!(calendar("2026-09", Some("2026-Q4")), None, "another kind");
    assert_eq!(
        calendar("2026-10-01", Some("2026-10-31")),
        None,
        "dates typed"
    );
    // One of another length than the range is allowed, with a warning for the caller
    // to say (the resolver prints nothing).
    let week = RangeSpec::Fixed(DateRange::new(d("2026-11-24"), today).unwrap());
    let month = against(&with("2026-10"), week, today).unwrap();
    let w = unequal_against(&with("2026-10"), week, month).unwrap();
    assert!(w.contains("holds 31 days, the range 7"), "{w}");
    let same = against(&with("2026-11-17..2026-11-23"), week, today).unwrap();
    assert_eq!(
        unequal_against(&with("2026-11-17..2026-11-23"), week, same),
        None
    );
    // A period to come is said as the range's own flags say it.
    let e = against(&with("2027-01"), range, today)
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "--against 2027-01 (from 2027-01-01) is in the future (today is 2026-11-30, UTC): nothing has been counted yet"
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
    // whole previous period, made a false drop. As a unit that has not ended does; from
    // a saved file too (its report counted the days to come among its days).
    for (to, saved) in [
        ("2026-12-10", false),
        ("2026-Q4", false),
        ("2026-12-31", true),
    ] {
        let f = flags(Some("2026-11-20"), Some(to), None);
        let (spec, q) = resolve(&f, &s, today, saved).unwrap();
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
        // From today: today, not a reversed range nor "in the future"; the word as the
        // date (it was yesterday, the ranges' default end).
        (
            flags(Some("2026-03-31"), None, None),
            ("2026-03-31", "2026-03-31"),
        ),
        (
            flags(Some("today"), None, None),
            ("2026-03-31", "2026-03-31"),
        ),
        (
            flags(Some("Today"), None, None),
            ("2026-03-31", "2026-03-31"),
        ),
        (
            flags(Some("2026-03-20"), Some("today"), None),
            ("2026-03-20", "2026-03-31"),
        ),
        // Yesterday is the day before today, not before the ranges' end (it was Mar 29).
        (
            flags(Some("yesterday"), None, None),
            ("2026-03-30", "2026-03-30"),
        ),
        (
            flags(Some("2026-03-20"), Some("yesterday"), None),
            ("2026-03-20", "2026-03-30"),
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
    // A month that begins today, not "in the future (today is that day)": from it is
    // today, as from today is; to it ends yesterday, as a unit not over does. A month to
    // come is the future.
    let first = d("2026-04-01");
    for (f, (a, b)) in [
        (
            flags(Some("2026-04"), None, None),
            ("2026-04-01", "2026-04-01"),
        ),
        (
            flags(Some("2026-03-15"), Some("2026-04"), None),
            ("2026-03-15", "2026-03-31"),
        ),
        (
            flags(Some("2026-03-15"), Some("2026-Q2"), None),
            ("2026-03-15", "2026-03-31"),
        ),
    ] {
        let (spec, _) = resolve(&f, &s, first, false).unwrap();
        assert_eq!(days(spec), (d(a), d(b)), "{f:?}");
    }
    let e = resolve(&flags(Some("2026-05"), None, None), &s, first, false).unwrap_err();
    assert!(e.to_string().contains("in the future"), "{e}");
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
    let set = |edit: fn(&mut FilterArgs)| {
        let mut f = FilterArgs::default();
        edit(&mut f);
        f
    };
    let bad = [
        flags(Some("2026-03-02"), Some("2026-03-01"), None),
        flags(None, None, Some("7x")),
        flags(Some("2026-02-30"), None, None),
        // Two forms in one flag: the range field's `FROM TO`, not a day.
        flags(Some("2026-W01 2026-W02"), None, None),
        flags(None, Some("2026-01..2026-02"), None),
        set(|f| f.products = vec![" ".into()]),
        set(|f| f.origin = Some("EMAIL".into())),
        // An unset variable in a script: not "all", not "everyone".
        set(|f| f.origin = Some(" ".into())),
        set(|f| f.search = Some("".into())),
        set(|f| f.search = Some("  ".into())),
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
    // Blank search text is refused (a script's unset variable), not taken for none.
    let f = FilterArgs {
        search: Some("  ".into()),
        ..Default::default()
    };
    let e = resolve(&f, &s, today, true).unwrap_err().to_string();
    assert!(e.contains("--search needs text"), "{e}");
}

/// Which flags compare with as many days before (rolling), and which with the unit before.
#[test]
fn rolling_ranges_are_the_ones_no_unit_names() {
    let today = d("2026-12-03");
    let r = |a: &str, b: &str| DateRange::new(d(a), d(b)).unwrap();
    let rolling = |f: FilterArgs, range| super::rolling(&f, range, today);
    let month_so_far = r("2026-12-01", "2026-12-03");
    // Three days that are this month so far are still three days.
    assert!(rolling(flags(None, None, Some("3d")), month_so_far));
    let days = flags(Some("2026-11-04"), Some("2026-11-06"), None);
    assert!(rolling(days, r("2026-11-04", "2026-11-06")));
    // A month named is a month; no flags at all leave the dashboard its own presets.
    let month = flags(Some("2026-11"), Some("2026-11"), None);
    assert!(!rolling(month, r("2026-11-01", "2026-11-30")));
    assert!(!rolling(flags(Some("2026-12"), None, None), month_so_far));
    assert!(!rolling(flags(None, None, None), month_so_far));
}
