use super::*;
use crate::dates::{DateRange, parse_date};
use crate::model::Ingest;
use proptest::prelude::*;

fn row(p: u128, name: &str, u: u128, date: &str, n: u64) -> String {
    format!(
        r#"{{"product_id":"{}","product_name":"{name}","user_id":"{}","user_email":"u{u}@x.io","date":"{date}","prompt_count":{n}}}"#,
        Uuid::from_u128(p),
        Uuid::from_u128(u)
    )
}

/// A body of rows `(product, renamed, person, day from 2025-12-20, count)`.
pub(crate) fn body(rows: &[(u128, bool, u128, i64, u64)]) -> String {
    let base = parse_date("2025-12-20").unwrap();
    let rows: Vec<String> = rows
        .iter()
        .map(|&(p, renamed, u, day, n)| {
            let name = if renamed {
                format!("Q{p}")
            } else {
                format!("P{p}")
            };
            let date = base + chrono::Duration::days(day);
            row(p, &name, u, &date.to_string(), n)
        })
        .collect();
    format!("[{}]", rows.join(",\n"))
}

/// Every aggregate the two models hold, compared one by one.
fn assert_same(model: &Usage, folded: &Usage) {
    assert_eq!(model.range(), folded.range());
    assert_eq!(model.products(), folded.products());
    assert_eq!(model.users(), folded.users());
    assert_eq!(model.warnings(), folded.warnings());
    assert_eq!(model.total(), folded.total());
    assert_eq!(model.user_totals(), folded.user_totals());
    assert_eq!(model.day_totals(), folded.day_totals());
    assert_eq!(model.day_users(), folded.day_users());
    for i in 0..model.users().len() {
        assert_eq!(model.user_active_days(i), folded.user_active_days(i));
        assert_eq!(model.user_first_day(i), folded.user_first_day(i));
        assert_eq!(model.user_last_day(i), folded.user_last_day(i));
    }
    for p in 0..model.products().len() {
        assert_eq!(model.product_total(p), folded.product_total(p));
        assert_eq!(model.product_users(p), folded.product_users(p));
        assert_eq!(model.product_daily(p), folded.product_daily(p));
    }
    let active = |u: &Usage| {
        let mut v = Vec::new();
        u.for_each_active_day(&mut |p, d| v.push((p, d)));
        v
    };
    // The model gives a person's days product by product (repeats across products); the
    // fold each day once, in order. Both go person by person.
    let mut days = active(model);
    days.sort_unstable();
    days.dedup();
    assert_eq!(days, active(folded));
    assert!(folded.is_folded() && folded.cells().next().is_none());
}

fn spring() -> RangeSpec {
    RangeSpec::Fixed(
        DateRange::new(
            parse_date("2026-01-01").unwrap(),
            parse_date("2026-05-31").unwrap(),
        )
        .unwrap(),
    )
}

#[test]
fn duplicates_the_first_wins_and_every_repeat_is_counted() {
    let b = body(&[
        (1, false, 7, 20, 0),
        (1, true, 7, 20, 9), // a repeat: not added, and the second name is counted
        (1, false, 7, 21, 4),
        (2, false, 8, 20, 5),
        (2, false, 8, 20, 5),
        (2, false, 8, 400, 5), // past the range
    ]);
    let model = Ingest::read_from(spring(), b.as_bytes()).unwrap();
    let folded = Fold::read_from(spring(), b.as_bytes()).unwrap();
    assert_same(&model, &folded);
    assert_eq!(folded.total(), 9);
    assert_eq!(folded.user_active_days(0), 1);
    let w = folded.warnings();
    assert_eq!(
        (w.duplicates, w.out_of_range, w.renamed_products),
        (2, 1, 1)
    );
}

#[test]
fn the_same_errors_at_the_same_rows() {
    let good = body(&[(1, false, 7, 20, 3), (1, false, 8, 21, 4)]);
    let bad = [
        good.replace(
            "\"prompt_count\":4",
            &format!("\"prompt_count\":{}", u64::MAX),
        ),
        good[..good.len() - 30].to_string(),
        good.replace("2026-01-09", "1999-01-09"),
        good.replace("2026-01-09", "2040-01-09"),
        "[]".to_string(),
        String::new(),
    ];
    for b in &bad {
        for spec in [RangeSpec::Infer, spring()] {
            let model = Ingest::read_from(spec, b.as_bytes()).map(|u| u.total());
            let folded = Fold::read_from(spec, b.as_bytes()).map(|u| u.total());
            assert_eq!(model, folded, "{b}");
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let e = Fold::read_file(RangeSpec::Infer, dir.path()).unwrap_err();
    assert!(e.to_string().contains("is a folder"), "{e}");
}

#[test]
fn a_saved_response_read_backwards_grows_its_days_down() {
    // The first row is the latest day: the days before it are learned as they come.
    let rows: Vec<_> = (0..300)
        .rev()
        .map(|d| (1, false, (d % 7) as u128, d, 1 + d as u64))
        .collect();
    let b = body(&rows);
    let model = Ingest::read_from(RangeSpec::Infer, b.as_bytes()).unwrap();
    let folded = Fold::read_from(RangeSpec::Infer, b.as_bytes()).unwrap();
    assert_same(&model, &folded);
    assert_eq!(folded.range().len_days(), 300);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// Any rows (repeats, renamed products, rows outside the range, many products, days
    /// spread over several words), in any order: the same aggregates as the model's.
    #[test]
    fn folded_aggregates_equal_the_models(
        rows in proptest::collection::vec(
            (0u128..12, proptest::bool::weighted(0.1), 0u128..40, -15i64..200, prop_oneof![Just(0u64), 0u64..1000]),
            0..300,
        ),
        seed in any::<u64>(),
    ) {
        let mut rows = rows;
        fastrand::Rng::with_seed(seed).shuffle(&mut rows);
        let b = body(&rows);
        for spec in [RangeSpec::Infer, spring()] {
            let model = Ingest::read_from(spec, b.as_bytes()).unwrap();
            let folded = Fold::read_from(spec, b.as_bytes()).unwrap();
            assert_same(&model, &folded);
        }
    }
}

#[test]
fn many_batches_on_the_adding_thread_the_same_as_the_model() {
    // Repeats fall in other batches than their first row (every 600 rows), and the days
    // of a saved response grow down and up as the batches go.
    let rows: Vec<_> = (0..20_000i64)
        .map(|i| {
            (
                (i % 3) as u128,
                i % 7 == 0,
                (i % 50) as u128,
                100 - (i % 120),
                (i % 11) as u64,
            )
        })
        .collect();
    let b = body(&rows);
    for spec in [RangeSpec::Infer, spring()] {
        let model = Ingest::read_from(spec, b.as_bytes()).unwrap();
        let folded = Fold::read_from(spec, b.as_bytes()).unwrap();
        assert_same(&model, &folded);
        assert!(
            folded.warnings().duplicates > 14_000,
            "{:?}",
            folded.warnings()
        );
    }
}

/// Rows `(product, renamed, person, day, count, other email)`: a person's rows may give
/// two emails (the first row's is theirs), and the team is read from the email.
fn team_body(rows: &[(u128, bool, u128, i64, u64, bool)]) -> String {
    let plain: Vec<_> = rows
        .iter()
        .map(|&(p, r, u, d, n, _)| (p, r, u, d, n))
        .collect();
    let mut lines: Vec<String> = body(&plain).lines().map(str::to_string).collect();
    for (line, &(.., u, _, _, other)) in lines.iter_mut().zip(rows) {
        if other {
            *line = line.replace(&format!("\"u{u}@x.io\""), &format!("\"u{u}@y.io\""));
        }
    }
    lines.join("\n")
}

/// The team of the tests: the even people of x.io (a person whose first row says y.io
/// is not in it, whatever their later rows say).
fn in_team(email: &str) -> bool {
    let (name, domain) = email.split_once('@').unwrap();
    domain == "x.io" && name[1..].parse::<u32>().unwrap() % 2 == 0
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// A fold that keeps a team is the held reading narrowed to the team: the same
    /// people, products (those the team used, named as first seen by anyone), figures,
    /// repeats counted over everyone and rows; the others are listed apart.
    #[test]
    fn a_team_folded_is_the_held_reading_narrowed(
        rows in proptest::collection::vec(
            (0u128..8, proptest::bool::weighted(0.1), 0u128..30, -15i64..120,
             prop_oneof![Just(0u64), 0u64..1000], proptest::bool::weighted(0.2)),
            0..300,
        ),
        seed in any::<u64>(),
    ) {
        let mut rows = rows;
        fastrand::Rng::with_seed(seed).shuffle(&mut rows);
        let b = team_body(&rows);
        for spec in [RangeSpec::Infer, spring()] {
            let held = Ingest::read_from(spec, b.as_bytes()).unwrap();
            let want = held.only_users(&|u| in_team(&u.email));
            let keep = Keep::new(in_team);
            let got = Fold::read_keeping(spec, b.as_bytes(), keep).unwrap();
            assert_same(&want, &got);
            // The file's rows and first row, whoever's: what a comparison's warnings and
            // its check of the days the file covers read.
            prop_assert_eq!(got.folded_rows(), Some(held.row_count() as u64));
            prop_assert_eq!(got.first_row_day(), held.first_row_day());
            // The others, by name, for two foldings to be compared.
            let out: Vec<_> = (held.users().iter()).filter(|u| !in_team(&u.email)).collect();
            prop_assert_eq!(got.left_out().0.iter().collect::<Vec<_>>(), out);
            let unused: Vec<_> = (held.products().iter())
                .filter(|p| !want.products().contains(p))
                .collect();
            prop_assert_eq!(got.left_out().1.iter().collect::<Vec<_>>(), unused);
        }
    }
}

/// More (product, day) pairs than a model tallies: the same one-line error from the held
/// reading, the one pass and the parts, after any row error; one product fewer is read.
#[test]
fn too_many_product_days_is_one_error_in_every_reading() {
    use crate::model::builder::MAX_PRODUCT_DAYS;
    let days = 3000i64;
    let products = (MAX_PRODUCT_DAYS / days as usize) as u128;
    let body_of = |n: u128| {
        let rows: Vec<_> = (0..n)
            .map(|p| (p, false, p % 7, (p as i64 * 13) % days, 1))
            .collect();
        let mut rows = rows;
        rows.push((0, false, 0, 0, 1));
        rows.push((0, false, 0, days - 1, 1));
        body(&rows)
    };
    let (fits, wide) = (body_of(products), body_of(products + 1));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wide.json");
    std::fs::write(&path, &wide).unwrap();
    let split = FoldSplit {
        parts: 3,
        block: 4096,
        min_len: 0,
    };
    let held = Ingest::read_from(RangeSpec::Infer, wide.as_bytes()).unwrap_err();
    let one = Fold::read_from(RangeSpec::Infer, wide.as_bytes()).unwrap_err();
    let parts = Fold::read_file_split(RangeSpec::Infer, &path, split).unwrap_err();
    assert!(held.to_string().contains("product-days"), "{held}");
    assert_eq!(held, one);
    assert_eq!(held, parts);
    assert!(Ingest::read_from(RangeSpec::Infer, fits.as_bytes()).is_ok());
    assert!(Fold::read_from(RangeSpec::Infer, fits.as_bytes()).is_ok());
    // A row error later in the file comes first, as in the held reading.
    let bad = wide.replacen("\"prompt_count\":1}]", "\"prompt_count\":-1}]", 1);
    let held = Ingest::read_from(RangeSpec::Infer, bad.as_bytes()).unwrap_err();
    assert!(held.to_string().contains("row"), "{held}");
    assert_eq!(
        Fold::read_from(RangeSpec::Infer, bad.as_bytes()).unwrap_err(),
        held
    );
}

#[test]
fn a_row_past_the_last_day_without_a_range_is_one_error_in_every_reading() {
    // Day indexes without a range are `u16` from 2000-01-01: a later row was dropped as
    // out of a range nobody gave, and the export came out short or empty.
    let rows_to = |last: &str| {
        let mut rows: Vec<_> = (0..30)
            .map(|u| row(1, "P", u, "2179-06-04", u as u64 + 1))
            .collect();
        rows.insert(20, row(2, "Q", 7, last, 100));
        format!("[{}]", rows.join(",\n"))
    };
    let dir = tempfile::tempdir().unwrap();
    let split = FoldSplit {
        parts: 3,
        block: 512,
        min_len: 0,
    };
    let read_all = |body: &str| {
        let path = dir.path().join("late.json");
        std::fs::write(&path, body).unwrap();
        [
            Ingest::read_from(RangeSpec::Infer, body.as_bytes()),
            Fold::read_from(RangeSpec::Infer, body.as_bytes()),
            Fold::read_file_split(RangeSpec::Infer, &path, split),
        ]
    };
    for got in read_all(&rows_to("2179-06-05")) {
        let u = got.unwrap();
        assert_eq!(u.total(), (1..=30).sum::<u64>() + 100);
        assert_eq!(u.range().end(), parse_date("2179-06-05").unwrap());
    }
    for got in read_all(&rows_to("2179-06-06")) {
        let e = got.unwrap_err().to_string();
        assert!(e.contains("2179-06-06") && e.contains("--from"), "{e}");
    }
}
