//! Tests of the framer and the serde row decoder.
use super::*;
use crate::model::{Element, Framer};

const ROW: &str = r#"{"product_id":"3c90c3cc-0d44-4b50-8888-8dd25736052a","product_name":"Ana\"lytics","user_id":"3c90c3cc-0d44-4b50-8888-8dd25736052b","user_email":"a@x.io","date":"2026-01-02","prompt_count":12,"extra":{"nested":[1,{"x":"}"}]}}"#;

fn row_json(r: &RowRef<'_>, _n: u64) -> Vec<u8> {
    serde_json::json!({"product_id": r.product_id, "product_name": r.product_name, "user_id": r.user_id,
        "user_email": r.user_email, "date": r.date.to_string(), "prompt_count": r.prompt_count}).to_string().into_bytes()
}

fn frame_all(body: &[u8], chunk: usize) -> Result<Vec<Vec<u8>>, DecodeError> {
    let mut f = Framer::default();
    let mut out = Vec::new();
    for c in body.chunks(chunk.max(1)) {
        f.feed(c, &mut |e, n| {
            out.push(match e {
                Element::Bytes(b) => b.to_vec(),
                // The fast path's rows, as the serde path would have seen them.
                Element::Decoded(r) => row_json(&r, n),
            });
            Ok(())
        })?;
    }
    f.finish()?;
    Ok(out)
}

#[test]
fn frames_rows_across_any_chunking() {
    let body = format!(" [ {ROW} ,\n{ROW}]\n");
    for chunk in [1, 2, 7, 64, 10_000] {
        let rows = frame_all(body.as_bytes(), chunk).unwrap();
        assert_eq!(rows.len(), 2, "chunk {chunk}");
        let r = decode_row(&rows[1], 2).unwrap();
        assert_eq!(r.product_name, "Ana\"lytics");
        assert_eq!(r.prompt_count, 12);
    }
    assert_eq!(frame_all(b"[]", 1).unwrap().len(), 0);
}

#[test]
fn names_what_is_wrong() {
    assert_eq!(frame_all(b"", 4).unwrap_err(), DecodeError::Empty);
    assert!(
        matches!(frame_all(b"<html>", 4).unwrap_err(), DecodeError::NotArray(s) if s.contains("HTML"))
    );
    let cut = &ROW.as_bytes()[..50];
    let body = [b"[", cut].concat();
    assert_eq!(
        frame_all(&body, 8).unwrap_err(),
        DecodeError::Truncated { row: 1 }
    );
    assert_eq!(
        frame_all(format!("[{ROW}").as_bytes(), 8).unwrap_err(),
        DecodeError::Unclosed { rows: 1 }
    );
    assert_eq!(
        frame_all(b"[1]", 8).unwrap_err().to_string(),
        "row 1: not a JSON object"
    );
    assert_eq!(frame_all(b"[] x", 8).unwrap_err(), DecodeError::Trailing);
}

#[test]
fn field_errors_name_row_and_field() {
    let bad = ROW.replace("12", "-3");
    assert!(
        decode_row(bad.as_bytes(), 4)
            .unwrap_err()
            .to_string()
            .starts_with("row 4: field `prompt_count`: -3 is not a count")
    );
    // Past u64, serde_json reads a float; the line names the number as written and the
    // bound, not "invalid type: floating point".
    let bad = ROW.replace("12", "99999999999999999999999");
    let e = decode_row(bad.as_bytes(), 2).unwrap_err().to_string();
    assert!(
        e == "row 2: field `prompt_count`: 1e23 is too large for a count (at most 18446744073709551615)",
        "{e}"
    );
    let bad = ROW.replace("12", "1.5");
    let e = decode_row(bad.as_bytes(), 1).unwrap_err().to_string();
    assert!(
        e.contains("field `prompt_count`: 1.5 is not a count"),
        "{e}"
    );
    // A whole number written as a fraction is no count either, and is said as written.
    let bad = ROW.replace("12", "2.0");
    let e = decode_row(bad.as_bytes(), 1).unwrap_err().to_string();
    assert!(e.contains("`prompt_count`: 2.0 is not a count"), "{e}");
    let bad = ROW.replace("2026-01-02", "2026-13-02");
    assert!(
        decode_row(bad.as_bytes(), 1)
            .unwrap_err()
            .to_string()
            .contains("field `date`")
    );
    let bad = ROW.replace("3c90c3cc-0d44-4b50-8888-8dd25736052b", "nope");
    assert!(
        decode_row(bad.as_bytes(), 1)
            .unwrap_err()
            .to_string()
            .contains("field `user_id`")
    );
    let bad = ROW.replace(r#""user_email":"a@x.io","#, "");
    assert_eq!(
        decode_row(bad.as_bytes(), 9).unwrap_err().to_string(),
        "row 9: missing field `user_email`"
    );
    // A field given twice is an error, whichever decoder reads the row.
    let twice = ROW.replace(
        r#""prompt_count":12"#,
        r#""prompt_count":12,"prompt_count":7"#,
    );
    assert_ne!(twice, ROW);
    assert_eq!(
        decode_row(twice.as_bytes(), 3).unwrap_err().to_string(),
        "row 3: field `prompt_count` given twice"
    );
    let twice = ROW.replace(r#""user_email":"a@x.io","#, r#""date":"2026-01-03","#);
    assert!(
        decode_row(twice.as_bytes(), 2)
            .unwrap_err()
            .to_string()
            .contains("field `date` given twice")
    );
}

#[test]
fn strings_borrow_when_unescaped() {
    let r = decode_row(ROW.as_bytes(), 1).unwrap();
    assert!(matches!(r.user_email, Cow::Borrowed(_)));
    assert!(matches!(r.product_name, Cow::Owned(_)));
}

#[test]
fn a_body_that_is_no_array_says_what_it_looks_like() {
    for (body, says) in [
        (&b"<html>"[..], "HTML"),
        (b"{\"rows\":[]}", "an object"),
        (b"\x1f\x8b\x08\x00", "gunzip"),
        (b"\x1f", "not JSON"),
    ] {
        let e = frame_all(body, 64).unwrap_err().to_string();
        assert!(e.contains(says), "{e}");
    }
}

/// Rows one object a line (what `export --format ndjson` writes) are named as such, from
/// a body read whole or fed from its first bytes on; a lone object is still an object.
#[test]
fn ndjson_is_named_not_taken_for_an_object() {
    let body = b"{\"a\":1}\n{\"a\":2}\n";
    let whole = crate::model::Ingest::new(crate::model::RangeSpec::Infer)
        .feed(body)
        .unwrap_err();
    assert!(
        matches!(&whole, DecodeError::NotArray(s) if s.contains("NDJSON")),
        "{whole}"
    );
    let lone = frame_all(b"{\"a\":1}", 64).unwrap_err();
    assert!(
        matches!(&lone, DecodeError::NotArray(s) if s.contains("an object")),
        "{lone}"
    );
}
