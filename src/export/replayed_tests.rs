//! The rows written as a saved file is read again are the rows of the model built from it,
//! in every format, whatever the parts the file was first read in.

use uuid::Uuid;

use super::*;
use crate::dates::parse_date;
use crate::export::{Options, write_with};
use crate::model::{Fold, FoldSplit, Ingest, RangeSpec};

/// A saved response with a byte order mark, names and emails that need escapes in every
/// format, and, with `repeats`, later rows repeating earlier ones with other counts.
fn file(repeats: bool) -> tempfile::NamedTempFile {
    let names = ["Plain", "Q \"q\", r", "数据\t✨", "=SUM(A1)"];
    let mut rows: Vec<String> = (0..2000u64)
        .map(|i| {
            let date = parse_date("2026-01-01").unwrap() + chrono::Duration::days((i % 90) as i64);
            format!(
                r#"{{"product_id":"{}","product_name":{},"user_id":"{}","user_email":"u{}\\\"@x.io","date":"{date}","prompt_count":{}}}"#,
                Uuid::from_u128(u128::from(i % 4)),
                serde_json::to_string(names[(i % 4) as usize]).unwrap(),
                Uuid::from_u128(u128::from(100 + i % 61)),
                i % 61,
                i % 9,
            )
        })
        .collect();
    if repeats {
        let again: Vec<String> = rows[10..60]
            .iter()
            .map(|r| r.replace("\"prompt_count\":", "\"prompt_count\":7"))
            .collect();
        rows.extend(again);
    }
    let mut f = tempfile::NamedTempFile::new().unwrap();
    let body = format!("\u{feff}[{}]", rows.join(",\n"));
    std::io::Write::write_all(&mut f, body.as_bytes()).unwrap();
    f
}

fn records(text: &str, format: Format) -> Vec<String> {
    let mut v: Vec<String> = match format {
        Format::Json => serde_json::from_str::<Vec<serde_json::Value>>(text)
            .unwrap()
            .iter()
            .map(|v| v.to_string())
            .collect(),
        _ => text.lines().map(str::to_string).collect(),
    };
    v.sort();
    v
}

#[test]
fn streamed_rows_are_the_models_rows_in_every_format() {
    let split = FoldSplit {
        parts: 5,
        block: 128,
        min_len: 0,
    };
    for repeats in [false, true] {
        let f = file(repeats);
        let model = Ingest::read_file(RangeSpec::Infer, f.path()).unwrap();
        let folded = Fold::read_file_split(RangeSpec::Infer, f.path(), split).unwrap();
        assert_eq!(folded.warnings(), model.warnings());
        assert_eq!(model.warnings().duplicates, if repeats { 50 } else { 0 });
        for format in [Format::Csv, Format::Json, Format::Ndjson, Format::Table] {
            let (mut want, mut got) = (Vec::new(), Vec::new());
            let opts = Options::new(GroupBy::Row, parse_date("2026-06-01").unwrap());
            write_with(&model, &opts, format, &mut want).unwrap();
            write_rows_replayed(&folded, f.path(), format, &mut got).unwrap();
            let (want, got) = (
                String::from_utf8(want).unwrap(),
                String::from_utf8(got).unwrap(),
            );
            assert_eq!(
                records(&want, format).len(),
                2000 + usize::from(matches!(format, Format::Csv | Format::Table))
            );
            assert_eq!(records(&want, format), records(&got, format), "{format:?}");
        }
    }
}
