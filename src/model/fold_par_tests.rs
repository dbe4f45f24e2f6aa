use super::*;
use crate::dates::{DateRange, parse_date};
use proptest::prelude::*;
use uuid::Uuid;

/// A row with names that need escapes (quotes, backslashes, a tab, CJK) and plain ones.
fn row(p: u128, u: u128, day: i64, n: u64) -> String {
    let names = [
        "Plain",
        "Q \"quoted\"",
        "数据 ✨",
        "back\\slash",
        "tab\there",
    ];
    let name = names[p as usize % names.len()];
    let email = match u % 3 {
        0 => format!("u{u}@x.io"),
        1 => format!("\"u{u}\"@x.io"),
        _ => format!("u{u}+é@x.io"),
    };
    let date = parse_date("2025-12-20").unwrap() + chrono::Duration::days(day);
    format!(
        r#"{{"product_id":"{}","product_name":{},"user_id":"{}","user_email":{},"date":"{date}","prompt_count":{n}}}"#,
        Uuid::from_u128(p),
        serde_json::to_string(name).unwrap(),
        Uuid::from_u128(1000 + u),
        serde_json::to_string(&email).unwrap(),
    )
}

/// A saved response of `rows`, with a byte order mark and uneven white space.
fn file(rows: &[String]) -> tempfile::NamedTempFile {
    let body = format!("\u{feff}[\n{}\n]\n", rows.join(",\n  "));
    let mut f = tempfile::NamedTempFile::new().unwrap();
    std::io::Write::write_all(&mut f, body.as_bytes()).unwrap();
    f
}

fn split(parts: usize, block: usize) -> FoldSplit {
    FoldSplit {
        parts,
        block,
        min_len: 0,
    }
}

fn spring() -> RangeSpec {
    let (from, to) = (parse_date("2026-01-01"), parse_date("2026-05-31"));
    RangeSpec::Fixed(DateRange::new(from.unwrap(), to.unwrap()).unwrap())
}

/// Distinct (product, person, day) rows, people coming back in later parts with the email
/// of their first row only there, days out of order and out of the spring range.
fn distinct_rows(n: i64) -> Vec<String> {
    (0..n)
        .map(|i| {
            row(
                (i % 5) as u128,
                (i % 37) as u128,
                (i * 7) % 170 - 10,
                (i % 13) as u64,
            )
        })
        .collect()
}

#[test]
fn many_parts_give_the_one_pass_result() {
    let f = file(&distinct_rows(170 * 5));
    for spec in [RangeSpec::Infer, spring()] {
        let one = Fold::read_from(spec, std::fs::File::open(f.path()).unwrap()).unwrap();
        // Blocks of a few bytes: rows split across reads in every part.
        for (parts, block) in [(2, 1 << 20), (7, 13), (16, 64), (40, 7)] {
            let many = Fold::read_parts(spec, f.path(), split(parts, block)).unwrap();
            let many = many.unwrap_or_else(|| panic!("{parts} parts fell back"));
            assert_eq!(one, many, "{parts} parts, {block}-byte reads");
        }
        assert!(one.total() > 0 && one.users().len() == 37);
    }
}

#[test]
fn a_person_seen_first_in_a_late_part_keeps_their_first_email() {
    // The same person with another email in the second half: the first half's is kept,
    // whatever order the parts are added in.
    let mut rows = distinct_rows(400);
    rows.push(row(1, 0, 100, 1).replace("u0@x.io", "other@x.io"));
    let f = file(&rows);
    let one = Fold::read_from(RangeSpec::Infer, std::fs::File::open(f.path()).unwrap()).unwrap();
    let many = Fold::read_parts(RangeSpec::Infer, f.path(), split(9, 50)).unwrap();
    assert_eq!(Some(&one), many.as_ref());
    assert_eq!(one.users()[0].email, "u0@x.io");
}

#[test]
fn repeats_renamed_products_and_cuts_inside_strings_read_in_one_pass() {
    let base = distinct_rows(300);
    let repeated = [base.clone(), base[..3].to_vec()].concat();
    let renamed = [
        base.clone(),
        vec![row(0, 1, 1, 1).replace("Plain", "Other")],
    ]
    .concat();
    let tricky = |i: usize| base[i].replace("Plain", "a},{b");
    let cut_inside: Vec<String> = (0..base.len()).map(tricky).collect();
    for rows in [&repeated, &renamed, &cut_inside] {
        let f = file(rows);
        for spec in [RangeSpec::Infer, spring()] {
            let one = Fold::read_from(spec, std::fs::File::open(f.path()).unwrap()).unwrap();
            let many = Fold::read_file_split(spec, f.path(), split(6, 31)).unwrap();
            assert_eq!(one, many);
        }
    }
    // The repeats and the second name are found and counted as in one pass.
    let f = file(&repeated);
    assert_eq!(
        Fold::read_parts(RangeSpec::Infer, f.path(), split(6, 31)).unwrap(),
        None
    );
    let w = Fold::read_file_split(RangeSpec::Infer, f.path(), split(6, 31))
        .unwrap()
        .warnings();
    assert_eq!(w.duplicates, 3);
}

#[test]
fn errors_name_the_row_counted_from_the_files_start() {
    let rows = distinct_rows(300);
    let mut bad = rows.clone();
    bad[250] = bad[250].replace("\"prompt_count\":", "\"prompt_count\":-");
    let body = format!("[{}]", rows.join(","));
    let cases = [
        format!("[{}]", bad.join(",")),
        body[..body.len() - 40].to_string(),
        body[..body.len() - 1].to_string(),
        body.replace("2026-02-01", "1999-02-01"),
    ];
    for case in cases {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        std::io::Write::write_all(&mut f, case.as_bytes()).unwrap();
        let one = Fold::read_from(RangeSpec::Infer, case.as_bytes()).unwrap_err();
        let many = Fold::read_file_split(RangeSpec::Infer, f.path(), split(5, 17)).unwrap_err();
        assert_eq!(one, many);
        // Found by the parts themselves, not by a second reading.
        let parts = Fold::read_parts(RangeSpec::Infer, f.path(), split(5, 17));
        assert_eq!(parts, Err(one));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Any rows (repeats included), any number of parts and read size: the one pass's.
    #[test]
    fn any_cut_gives_the_one_pass_result(
        rows in proptest::collection::vec((0u128..6, 0u128..30, -15i64..200, 0u64..50), 0..200),
        parts in 2usize..12,
        block in 1usize..200,
    ) {
        let rows: Vec<String> = rows.iter().map(|&(p, u, d, n)| row(p, u, d, n)).collect();
        let f = file(&rows);
        for spec in [RangeSpec::Infer, spring()] {
            let one = Fold::read_from(spec, std::fs::File::open(f.path()).unwrap());
            let many = Fold::read_file_split(spec, f.path(), split(parts, block));
            prop_assert_eq!(one, many);
        }
    }
}

/// The team of the tests below: people at x.io (their first row's email decides).
fn at_x(email: &str) -> bool {
    email.ends_with("@x.io")
}

/// `row`, with the email moved to y.io (out of the team) when `other`.
fn team_row(p: u128, u: u128, day: i64, n: u64, other: bool) -> String {
    let r = row(p, u, day, n);
    if !other {
        return r;
    }
    r.replace("@x.io\"", "@y.io\"")
}

/// A person whose first row is out of the team and whose later rows, in a later part,
/// say they are in it: whichever part reaches the adding thread first, the result is
/// the one pass's (when the later part comes first, the earlier one's row is a conflict
/// and the file is read in one pass).
#[test]
fn a_person_whose_first_row_is_of_another_team_is_out_of_it() {
    let mut rows = vec![team_row(0, 3, 1, 5, true)];
    rows.extend((0..400u128).map(|i| team_row(i % 3, 100 + i, i as i64 % 90, 1, false)));
    rows.extend((0..50).map(|i| team_row(1, 3, i, 7, false)));
    let f = file(&rows);
    let keep = Keep::new(at_x);
    let spec = RangeSpec::Infer;
    let one = Fold::read_keeping(spec, std::fs::File::open(f.path()).unwrap(), keep.clone());
    let one = one.unwrap();
    assert!(
        !one.users().iter().any(|u| u.id == Uuid::from_u128(1003)),
        "out"
    );
    assert_eq!(one.users().len(), 400);
    for _ in 0..20 {
        let read = Fold::read_file_with(spec, f.path(), split(4, 64), Some(keep.clone()));
        assert_eq!(read.unwrap(), one);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// A team read in parts, with people who change email between rows: the one pass's
    /// result (itself the held reading narrowed: `fold_tests.rs`), by the parts when
    /// they can tell who is in the team, else by the one pass.
    #[test]
    fn a_team_in_parts_gives_the_one_pass_result(
        rows in proptest::collection::vec(
            (0u128..6, 0u128..30, -15i64..200, 0u64..50, proptest::bool::weighted(0.15)),
            0..200,
        ),
        parts in 2usize..12,
        block in 1usize..200,
    ) {
        let rows: Vec<String> = rows.iter().map(|&(p, u, d, n, o)| team_row(p, u, d, n, o)).collect();
        let f = file(&rows);
        let keep = Keep::new(at_x);
        for spec in [RangeSpec::Infer, spring()] {
            let one = Fold::read_keeping(spec, std::fs::File::open(f.path()).unwrap(), keep.clone());
            let many = Fold::read_file_with(spec, f.path(), split(parts, block), Some(keep.clone()));
            prop_assert_eq!(one, many);
        }
    }
}
