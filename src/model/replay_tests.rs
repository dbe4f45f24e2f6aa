use super::*;
use crate::dates::{DateRange, parse_date};
use crate::model::{Fold, FoldSplit, Ingest, RangeSpec};

/// A row; the product's name and the person's email carry escapes and change between
/// rows of the same id (the model keeps the first).
fn row(p: u128, name: &str, u: u128, email: &str, day: i64, n: u64) -> String {
    let date = parse_date("2026-01-01").unwrap() + chrono::Duration::days(day);
    format!(
        r#"{{"product_id":"{}","product_name":{},"user_id":"{}","user_email":{},"date":"{date}","prompt_count":{n}}}"#,
        Uuid::from_u128(p),
        serde_json::to_string(name).unwrap(),
        Uuid::from_u128(u),
        serde_json::to_string(email).unwrap(),
    )
}

fn file(rows: &[String]) -> tempfile::NamedTempFile {
    let body = format!("\u{feff}[\n{}\n]\n", rows.join(",\n  "));
    let mut f = tempfile::NamedTempFile::new().unwrap();
    std::io::Write::write_all(&mut f, body.as_bytes()).unwrap();
    f
}

type Out = (Uuid, String, Uuid, String, NaiveDate, u64);

fn replayed(usage: &Usage, path: &Path) -> io::Result<Vec<Out>> {
    let mut out = Vec::new();
    replay_rows(usage, path, &mut |p, u, d, n| {
        out.push((p.id, p.name.clone(), u.id, u.email.clone(), d, n));
        Ok(())
    })?;
    Ok(out)
}

fn held(usage: &Usage) -> Vec<Out> {
    let rows = usage.rows();
    let rows = rows.map(|(p, u, d, n)| (p.id, p.name.clone(), u.id, u.email.clone(), d, n));
    rows.collect()
}

fn rows() -> Vec<String> {
    vec![
        row(1, "Q \"one\"", 7, "a\\b@x.io", 3, 5),
        row(1, "renamed", 7, "other@x.io", 3, 99),
        row(2, "数据 ✨", 8, "c,d@x.io", -4, 2),
        row(2, "数据 ✨", 8, "=cmd@x.io", 4, 0),
        row(1, "Q", 8, "tab\there", 400, 6),
        row(2, "p2", 7, "a\\b@x.io", 3, 1),
    ]
}

#[test]
fn the_rows_again_are_the_models_rows_in_the_files_order_first_wins() {
    let f = file(&rows());
    let spring = DateRange::new(
        parse_date("2026-01-01").unwrap(),
        parse_date("2026-05-31").unwrap(),
    );
    for spec in [RangeSpec::Infer, RangeSpec::Fixed(spring.unwrap())] {
        let model = Ingest::read_file(spec, f.path()).unwrap();
        let folded = Fold::read_file(spec, f.path()).unwrap();
        assert_eq!(folded.folded_rows(), Some(model.row_count() as u64));
        let got = replayed(&folded, f.path()).unwrap();
        let mut sorted = got.clone();
        let (mut want, key) = (held(&model), |r: &Out| (r.0, r.2, r.4));
        sorted.sort_by_key(key);
        want.sort_by_key(key);
        assert_eq!(sorted, want, "{spec:?}");
        // The file's order; the repeat of (1, 7, day 3) is left out, its first count kept.
        assert_eq!(got[0].5, 5);
        assert_eq!(got[0].1, "Q \"one\"");
        assert!(got.iter().all(|r| r.5 != 99));
        let counts: Vec<u64> = got.iter().map(|r| r.5).collect();
        match spec {
            RangeSpec::Infer => assert_eq!(counts, [5, 2, 0, 6, 1]),
            RangeSpec::Fixed(_) => assert_eq!(counts, [5, 0, 1]),
        }
    }
}

/// Parts read in parallel (distinct rows), and the one pass their repeats fall back to.
#[test]
fn many_small_parts_read_the_same_rows() {
    let mut rows: Vec<String> = (0..3000)
        .map(|i| {
            row(
                i % 4,
                "P \"x\"",
                i % 97,
                "u\\@x.io",
                (i % 120) as i64,
                (i % 7) as u64,
            )
        })
        .collect();
    let split = FoldSplit {
        parts: 7,
        block: 64,
        min_len: 0,
    };
    for repeats in [false, true] {
        if repeats {
            rows.extend_from_within(100..200);
        }
        let f = file(&rows);
        let parts = Fold::read_parts(RangeSpec::Infer, f.path(), split).unwrap();
        assert_eq!(parts.is_some(), !repeats, "repeats are read in one pass");
        let folded = Fold::read_file_split(RangeSpec::Infer, f.path(), split).unwrap();
        assert_eq!(folded.warnings().duplicates, if repeats { 100 } else { 0 });
        let model = Ingest::read_file(RangeSpec::Infer, f.path()).unwrap();
        let mut got = replayed(&folded, f.path()).unwrap();
        assert_eq!(got.len(), 3000);
        let (mut want, key) = (held(&model), |r: &Out| (r.0, r.2, r.4));
        got.sort_by_key(key);
        want.sort_by_key(key);
        assert_eq!(got, want);
    }
}

#[test]
fn a_file_changed_between_the_readings_is_an_error_and_a_failed_write_stops() {
    let f = file(&rows());
    let folded = Fold::read_file(RangeSpec::Infer, f.path()).unwrap();
    let other = file(&[row(5, "new", 7, "a@x.io", 3, 1)]);
    let e = replayed(&folded, other.path()).unwrap_err();
    assert!(e.to_string().contains("changed while it was read"), "{e}");
    let truncated = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(truncated.path(), "[").unwrap();
    assert!(replayed(&folded, truncated.path()).is_err());
    let mut calls = 0;
    let e = replay_rows(&folded, f.path(), &mut |_, _, _, _| {
        calls += 1;
        Err(io::Error::new(io::ErrorKind::BrokenPipe, "closed"))
    });
    assert_eq!(e.unwrap_err().kind(), io::ErrorKind::BrokenPipe);
    assert_eq!(calls, 1);
}

#[test]
fn a_repeat_or_a_count_added_between_the_readings_is_an_error() {
    // No repeats at first: the second reading does not look for them, and must still
    // notice the file is not the one folded.
    let distinct: Vec<String> = (0..50)
        .map(|i| row(1, "P", i % 9, "u@x.io", i as i64, 3))
        .collect();
    let f = file(&distinct);
    let folded = Fold::read_file(RangeSpec::Infer, f.path()).unwrap();
    assert_eq!(folded.warnings().duplicates, 0);
    assert_eq!(replayed(&folded, f.path()).unwrap().len(), 50);
    let mut repeated = distinct.clone();
    repeated.push(distinct[7].clone());
    let e = replayed(&folded, file(&repeated).path()).unwrap_err();
    assert!(
        e.to_string()
            .contains("51 rows and 153 prompts, where the first reading kept 50 and 150"),
        "{e}"
    );
    let mut recounted = distinct.clone();
    recounted[7] = row(1, "P", 7, "u@x.io", 7, 4);
    let e = replayed(&folded, file(&recounted).path()).unwrap_err();
    assert!(e.to_string().contains("changed while it was read"), "{e}");
}
