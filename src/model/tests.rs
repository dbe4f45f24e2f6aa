use super::*;
use crate::dates::parse_date;

fn d(s: &str) -> NaiveDate {
    parse_date(s).unwrap()
}

fn row(p: u128, u: u128, date: &str, n: u64) -> String {
    format!(
        r#"{{"product_id":"{}","product_name":"P{p}","user_id":"{}","user_email":"u{u}@x.io","date":"{date}","prompt_count":{n}}}"#,
        Uuid::from_u128(p),
        Uuid::from_u128(u)
    )
}

fn ingest(range: DateRange, rows: &[String]) -> Usage {
    let body = format!("[{}]", rows.join(","));
    let mut i = Ingest::new(RangeSpec::Fixed(range));
    i.feed(body.as_bytes()).unwrap();
    i.finish().unwrap()
}

fn jan() -> DateRange {
    DateRange::new(d("2026-01-01"), d("2026-01-10")).unwrap()
}

#[test]
fn aggregates_agree() {
    let rows = vec![
        row(1, 10, "2026-01-01", 5),
        row(2, 10, "2026-01-01", 1),
        row(1, 11, "2026-01-03", 7),
        row(1, 10, "2026-01-10", 2),
        row(2, 12, "2026-01-05", 0),
    ];
    let u = ingest(jan(), &rows);
    assert_eq!(u.total(), 15);
    assert_eq!(u.user_totals().iter().sum::<u64>(), 15);
    assert_eq!(u.day_totals().iter().sum::<u64>(), 15);
    assert_eq!(u.day_totals().len(), 10);
    assert_eq!(u.day_totals()[0], 6);
    assert_eq!(u.day_users()[0], 1, "one user on two products counts once");
    let u10 = u.user_index(Uuid::from_u128(10)).unwrap();
    assert_eq!(u.user_active_days(u10), 2);
    assert_eq!(u.user_first_day(u10), Some(d("2026-01-01")));
    assert_eq!(u.user_last_day(u10), Some(d("2026-01-10")));
    assert_eq!(u.active_users(), 2, "a zero-count row is not activity");
    assert_eq!(u.product_users(0), 2);
    assert_eq!(u.user_daily(u10).iter().sum::<u64>(), 8);
    assert_eq!(u.user_daily_by_product(u10).len(), 2);
    assert_eq!(
        (0..u.products().len())
            .map(|p| u.product_daily(p).iter().sum::<u64>())
            .sum::<u64>(),
        15
    );
}

#[test]
fn order_does_not_matter() {
    let mut rows: Vec<String> = (0..60)
        .map(|i| {
            row(
                i % 3,
                i % 7,
                &format!("2026-01-{:02}", 1 + i % 10),
                i as u64,
            )
        })
        .collect();
    let a = ingest(jan(), &rows);
    rows.reverse();
    let b = ingest(jan(), &rows);
    assert_eq!(a.total(), b.total());
    assert_eq!(a.day_totals(), b.day_totals());
    let by_id = |u: &Usage| {
        let mut v: Vec<_> = (0..u.users().len())
            .map(|i| (u.users()[i].id, u.user_total(i), u.user_active_days(i)))
            .collect();
        v.sort();
        v
    };
    assert_eq!(by_id(&a), by_id(&b));
}

#[test]
fn out_of_range_and_duplicates_are_counted_not_added() {
    let rows = vec![
        row(1, 10, "2026-01-01", 5),
        row(1, 10, "2025-12-31", 100),
        row(1, 10, "2026-01-11", 100),
        row(1, 10, "2026-01-01", 9),
    ];
    let u = ingest(jan(), &rows);
    assert_eq!(u.total(), 5, "the first of a duplicate pair wins");
    assert_eq!(
        u.warnings(),
        Warnings {
            out_of_range: 2,
            before_range: 1,
            duplicates: 1,
            ..Warnings::default()
        }
    );
    assert_eq!(
        u.warnings().to_string(),
        "2 rows outside the range dropped, 1 duplicate row dropped"
    );
}

#[test]
fn inferred_range_is_the_rows_span() {
    let body = format!(
        "[{},{}]",
        row(1, 1, "2026-03-05", 1),
        row(1, 2, "2026-03-01", 2)
    );
    let u = Ingest::read_from(RangeSpec::Infer, body.as_bytes()).unwrap();
    assert_eq!(
        u.range(),
        DateRange::new(d("2026-03-01"), d("2026-03-05")).unwrap()
    );
    assert_eq!(u.day_totals(), &[2, 0, 0, 0, 1]);
}

#[test]
fn merge_of_windows_equals_whole() {
    let rows: Vec<String> = (0..200)
        .map(|i| {
            row(
                i % 4,
                i % 13,
                &format!("2026-01-{:02}", 1 + i % 10),
                i as u64,
            )
        })
        .collect();
    let whole = ingest(jan(), &rows);
    let parts: Vec<Usage> = jan()
        .windows(3)
        .into_iter()
        .map(|w| {
            let sub: Vec<String> = rows
                .iter()
                .filter(|r| {
                    let date = &r[r.find("date").unwrap() + 7..][..10];
                    w.index_of(d(date)).is_some()
                })
                .cloned()
                .collect();
            ingest(w, &sub)
        })
        .collect();
    let merged = Usage::merge(jan(), &parts).unwrap();
    assert_eq!(merged.total(), whole.total());
    assert_eq!(merged.day_totals(), whole.day_totals());
    assert_eq!(merged.day_users(), whole.day_users());
    assert_eq!(merged.row_count(), whole.row_count());
}

#[test]
fn two_halves_decode_as_one_pass() {
    // With a decoy "},{" inside strings just after the middle in one variant.
    let mut rows: Vec<String> = (0..6_000)
        .map(|i| {
            row(
                i % 5,
                i % 3001,
                &format!("2026-01-{:02}", 1 + i % 10),
                i as u64 % 97,
            )
        })
        .collect();
    for decoy in [false, true] {
        if decoy {
            // In every row, so the guess at the middle lands in a string.
            for r in &mut rows {
                *r = r.replace("\"P", "\"x\\\"},{\\\"P");
            }
        }
        let body = format!("[{}]", rows.join(",\n"));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.json");
        std::fs::write(&path, &body).unwrap();
        let one = Ingest::read_from(RangeSpec::Infer, body.as_bytes()).unwrap();
        let two = Ingest::read_file_split_above(RangeSpec::Infer, &path, 0).unwrap();
        assert_eq!(one.total(), two.total());
        assert_eq!(one.day_totals(), two.day_totals());
        assert_eq!(one.row_count(), two.row_count());
        let mut a: Vec<_> = (0..one.users().len())
            .map(|i| (one.users()[i].id, one.user_total(i)))
            .collect();
        let mut b: Vec<_> = (0..two.users().len())
            .map(|i| (two.users()[i].id, two.user_total(i)))
            .collect();
        a.sort();
        b.sort();
        assert_eq!(a, b);
    }
    // A product named one way by the first row and another by all the others: every
    // later row is a second name, whichever half it is in.
    let renamed: Vec<String> = (0..6_000)
        .map(|i| {
            row(1, i, "2026-01-02", 1)
                .replace("\"P1\"", if i == 0 { "\"First\"" } else { "\"Second\"" })
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("renamed.json");
    std::fs::write(&path, format!("[{}]", renamed.join(",\n"))).unwrap();
    let two = Ingest::read_file_split_above(RangeSpec::Infer, &path, 0).unwrap();
    assert_eq!(two.warnings().renamed_products, 5_999);
    assert_eq!(two.products()[0].name, "First");
    // An error in the second half keeps its true row number.
    let mut bad: Vec<String> = (0..6_000).map(|i| row(1, i, "2026-01-02", 1)).collect();
    bad[5_000] = bad[5_000].replace("\"prompt_count\":1", "\"prompt_count\":-1");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.json");
    std::fs::write(&path, format!("[{}]", bad.join(",\n"))).unwrap();
    let e = Ingest::read_file_split_above(RangeSpec::Infer, &path, 0)
        .unwrap_err()
        .to_string();
    assert!(e.contains("row 5001"), "{e}");
}

#[test]
fn narrowing_keeps_the_responses_own_warnings() {
    let d = |s: &str| crate::dates::parse_date(s).unwrap();
    let body = br#"[
      {"product_id":"00000000-0000-0000-0000-000000000001","product_name":"P","user_id":"00000000-0000-0000-0000-000000000002","user_email":"a@x","date":"2026-01-01","prompt_count":3},
      {"product_id":"00000000-0000-0000-0000-000000000001","product_name":"P","user_id":"00000000-0000-0000-0000-000000000002","user_email":"a@x","date":"2026-01-05","prompt_count":4}
    ]"#;
    let u = Ingest::read_from(RangeSpec::Infer, &body[..]).unwrap();
    assert_eq!(u.total(), 7);
    let n = u
        .narrowed(DateRange::new(d("2026-01-04"), d("2026-01-10")).unwrap())
        .unwrap();
    assert_eq!(n.total(), 4);
    // No row is said dropped; the five days past the file's last are said not in it.
    let w = n.warnings();
    assert_eq!((w.out_of_range, w.duplicates, w.days_outside), (0, 0, 5));
    assert_eq!(
        w.to_string(),
        "5 days of the range not in the file (shown as none)"
    );
    let inside = u.narrowed(DateRange::new(d("2026-01-02"), d("2026-01-05")).unwrap());
    assert!(inside.unwrap().warnings().is_empty());
    let before = u.narrowed(DateRange::new(d("2025-12-01"), d("2025-12-31")).unwrap());
    assert_eq!(before.unwrap().warnings().days_outside, 31);
}

#[test]
fn a_range_with_no_day_in_common_counts_every_cell_out_of_range() {
    let rows: Vec<String> = (1..=9)
        .map(|i| row(i % 2, i, &format!("2026-01-0{i}"), i as u64))
        .collect();
    let u = ingest(jan(), &rows);
    for (from, to) in [("2025-12-01", "2025-12-31"), ("2026-01-11", "2026-02-01")] {
        let r = DateRange::new(d(from), d(to)).unwrap();
        let m = Usage::merge(r, std::slice::from_ref(&u)).unwrap();
        assert_eq!(m.total(), 0);
        assert!(m.cells().next().is_none());
        // The products are still interned, as for a range in common; nobody is, as the
        // server would list nobody for this range.
        assert!(m.users().is_empty());
        assert_eq!(m.products(), u.products());
        assert_eq!(m.warnings().out_of_range, 9, "{from}..{to}");
    }
    // A range sharing one day keeps that day's cells.
    let r = DateRange::new(d("2025-12-01"), d("2026-01-01")).unwrap();
    let m = Usage::merge(r, std::slice::from_ref(&u)).unwrap();
    assert_eq!((m.total(), m.warnings().out_of_range), (1, 8));
}

mod props {
    use super::*;
    use proptest::prelude::*;

    fn feed_in_chunks(body: &[u8], cuts: &[usize]) -> Result<Usage, DecodeError> {
        let mut i = Ingest::new(RangeSpec::Fixed(jan()));
        let mut at = 0;
        for c in cuts {
            let end = (at + c).min(body.len());
            i.feed(&body[at..end])?;
            at = end;
        }
        i.feed(&body[at..])?;
        i.finish()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

        /// Any bytes at all: an error or a model, never a panic.
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600), cuts in proptest::collection::vec(1usize..64, 0..8)) {
            let _ = feed_in_chunks(&bytes, &cuts);
            let mut framed = br#"[{"product_id":"#.to_vec();
            framed.extend_from_slice(&bytes);
            let _ = feed_in_chunks(&framed, &cuts);
        }

        /// Any set of rows, in any order, cut into any chunks: the same totals.
        #[test]
        fn any_order_any_chunking_same_totals(
            spec in proptest::collection::vec((0u128..4, 0u128..9, 1u32..=10, 0u64..1000), 1..60),
            seed in any::<u64>(),
            cuts in proptest::collection::vec(1usize..200, 0..12),
        ) {
            // One row per (product, user, day), as the API sends them (with repeats, the
            // first one wins, so order would matter by design: see the duplicates test).
            let unique: std::collections::BTreeMap<(u128, u128, u32), u64> = spec.iter().map(|(p, u, d, n)| ((*p, *u, *d), *n)).collect();
            let rows: Vec<String> = unique.iter().map(|((p, u, d), n)| row(*p, *u, &format!("2026-01-{d:02}"), *n)).collect();
            let straight = ingest(jan(), &rows);
            let mut shuffled = rows.clone();
            fastrand::Rng::with_seed(seed).shuffle(&mut shuffled);
            let body = format!("[{}]", shuffled.join(",\n "));
            let chunked = feed_in_chunks(body.as_bytes(), &cuts).unwrap();
            prop_assert_eq!(straight.total(), chunked.total());
            prop_assert_eq!(straight.day_totals(), chunked.day_totals());
            prop_assert_eq!(straight.day_users(), chunked.day_users());
            prop_assert_eq!(straight.row_count(), chunked.row_count());
            let by_id = |u: &Usage| {
                let mut v: Vec<_> = (0..u.users().len()).map(|i| (u.users()[i].id, u.user_total(i), u.user_active_days(i))).collect();
                v.sort();
                v
            };
            prop_assert_eq!(by_id(&straight), by_id(&chunked));
        }
    }
}

#[test]
fn saved_files_with_a_bom_a_folder_or_an_old_row() {
    // A byte order mark is skipped.
    let body = format!("\u{feff}[{}]", row(1, 10, "2026-01-02", 3));
    let u = Ingest::read_from(RangeSpec::Infer, body.as_bytes()).unwrap();
    assert_eq!(u.total(), 3);
    // Also when it arrives a byte at a time; bytes that only start like one are data.
    let mut ingest = Ingest::new(RangeSpec::Infer);
    for b in body.as_bytes() {
        ingest.feed(std::slice::from_ref(b)).unwrap();
    }
    assert_eq!(ingest.finish().unwrap().total(), 3);
    let mut ingest = Ingest::new(RangeSpec::Infer);
    assert!(ingest.feed(b"\xEF").is_ok());
    assert!(matches!(ingest.feed(b"[]"), Err(DecodeError::NotArray(_))));
    // A folder is named in the message.
    let dir = tempfile::tempdir().unwrap();
    let e = Ingest::read_file(RangeSpec::Infer, dir.path()).unwrap_err();
    assert!(
        e.to_string().contains(&dir.path().display().to_string()),
        "{e}"
    );
    assert!(e.to_string().contains("is a folder"), "{e}");
    // A row before the inferred range's base is an error that says what to do, not an
    // empty export.
    let body = format!(
        "[{},{}]",
        row(1, 10, "2026-01-02", 3),
        row(1, 11, "1999-12-31", 4)
    );
    let e = Ingest::read_from(RangeSpec::Infer, body.as_bytes()).unwrap_err();
    assert!(e.to_string().contains("1999-12-31"), "{e}");
    assert!(e.to_string().contains("--from"), "{e}");
}

#[test]
fn counts_above_the_bound_are_refused_at_their_row() {
    let body = format!(
        "[{},{}]",
        row(1, 10, "2026-01-02", 3),
        row(1, 11, "2026-01-02", u64::MAX)
    );
    let e = Ingest::read_from(RangeSpec::Fixed(jan()), body.as_bytes()).unwrap_err();
    assert!(e.to_string().contains("row 2: prompt_count"), "{e}");
    let ok = format!("[{}]", row(1, 10, "2026-01-02", MAX_PROMPT_COUNT));
    let u = Ingest::read_from(RangeSpec::Fixed(jan()), ok.as_bytes()).unwrap();
    assert_eq!(u.total(), MAX_PROMPT_COUNT);
}

#[test]
fn a_product_renamed_mid_response_keeps_its_first_name_and_warns() {
    let mut second = row(1, 11, "2026-01-02", 2);
    second = second.replace("\"P1\"", "\"Other name\"");
    let u = ingest(jan(), &[row(1, 10, "2026-01-01", 1), second]);
    assert_eq!(u.products().len(), 1);
    assert_eq!(u.products()[0].name, "P1");
    assert_eq!(u.total(), 3);
    assert_eq!(u.warnings().renamed_products, 1);
    assert!(u.warnings().to_string().contains("second name"));
}
