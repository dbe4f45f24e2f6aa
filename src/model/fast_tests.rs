//! The fast decoder against serde and the uuid crate, byte by byte and by proptest.

use super::super::decode::{decode_row, decode_row_serde};
use super::*;
use proptest::prelude::*;

const ROW: &str = r#"{"product_id":"3c90c3cc-0d44-4b50-8888-8dd25736052a","product_name":"数据 ✨","user_id":"3c90c3cc-0d44-4b50-8888-8dd25736052b","user_email":"a@x.io","date":"2026-01-02","prompt_count":12}"#;

#[test]
fn reads_the_common_shape_and_declines_the_rest() {
    let fast = decode_fast(ROW.as_bytes()).unwrap();
    assert_eq!(Some(fast), decode_row(ROW.as_bytes(), 1).ok());
    let spaced = ROW.replace(',', " ,\n ").replace(':', " : ");
    assert_eq!(
        decode_fast(spaced.as_bytes()),
        decode_row(spaced.as_bytes(), 1).ok()
    );
    // One-character escapes are read here, and mean what serde says they mean.
    let escaped = ROW.replace("数据", "a\\\"b\\\\c\\/\\n\\t");
    let fast = decode_fast(escaped.as_bytes()).unwrap();
    assert_eq!(fast.product_name, "a\"b\\c/\n\t ✨");
    assert_eq!(Some(fast), decode_row_serde(escaped.as_bytes(), 1).ok());
    for declined in [
        ROW.replace("数据", "a\\u00e9b"),             // a \u escape
        ROW.replace("数据", "a\\qb"),                 // not an escape
        ROW.replace("12}", "12,\"x\":1}"),            // an unknown field
        ROW.replace("12", "-3"),                      // a sign
        ROW.replace("12", "1.5"),                     // a fraction
        ROW.replace("12", "1e3"),                     // an exponent
        ROW.replace("12", "99999999999999999999999"), // too big
        ROW.replace("2026-01-02", "2026-13-02"),      // a bad date
        ROW.replace(r#","user_email":"a@x.io""#, ""), // a missing field
        ROW.replace("12}", "12} x"),                  // trailing bytes
        ROW.replace("a@x.io", "a@x\t.io"),            // a raw tab in a string
        ROW.replace("数据", "a\\\"\u{1b}[31m"),       // a raw escape after an escape
        ROW.replace(":12}", ":012}"),                 // a leading zero
    ] {
        assert_eq!(decode_fast(declined.as_bytes()), None, "{declined}");
    }
}

#[test]
fn reordered_fields() {
    let r = r#"{"prompt_count":3,"date":"2026-01-02","user_email":"b@x.io","user_id":"3c90c3cc-0d44-4b50-8888-8dd25736052b","product_name":"P","product_id":"3c90c3cc-0d44-4b50-8888-8dd25736052a"}"#;
    assert_eq!(decode_fast(r.as_bytes()), decode_row(r.as_bytes(), 1).ok());
}

#[test]
fn finds_the_first_quote_backslash_or_control_at_any_place() {
    for len in 0..24 {
        for at in 0..=len {
            for c in [b'"', b'\\', b'\t', 0x1b, 0] {
                // Bytes one off a match, and bytes with the top bit, around it.
                let mut b: Vec<u8> = (0..len).map(|i| [b'#', b'[', 0xa2, 0xdc][i % 4]).collect();
                let want = (at < len).then(|| {
                    b[at] = c;
                    at
                });
                b.extend_from_slice(b"\"");
                assert_eq!(string_stop(&b[..len]), want, "{len} {at}");
                assert_eq!(string_stop(&b), Some(want.unwrap_or(len)));
            }
        }
    }
}

#[test]
fn hyphenated_ids_read_as_the_uuid_crate_reads_them() {
    let id = "3C90c3cc-0d44-4b50-8888-8dd25736052a";
    let want = Uuid::try_parse_ascii(id.as_bytes()).ok();
    assert_eq!(hyphenated(id.as_bytes().try_into().unwrap()), want);
    // Each byte's every value, at a digit and at a hyphen.
    for at in [0, 7, 8, 13, 35] {
        for c in 0..=255u8 {
            let mut b: [u8; 36] = id.as_bytes().try_into().unwrap();
            b[at] = c;
            assert_eq!(hyphenated(&b), Uuid::try_parse_ascii(&b).ok(), "{at} {c}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Ids of digits, letters of either case and any other byte: read as the crate
    /// reads them.
    #[test]
    fn hyphenated_agrees_with_the_uuid_crate(digits in proptest::collection::vec(
        prop_oneof![8 => proptest::sample::select(b"0123456789abcdefABCDEF".to_vec()), 1 => any::<u8>()], 32)
    ) {
        let mut b = digits;
        for at in [8, 13, 18, 23] {
            b.insert(at, b'-');
        }
        let b: [u8; 36] = b.try_into().unwrap();
        prop_assert_eq!(hyphenated(&b), Uuid::try_parse_ascii(&b).ok());
    }

    /// Whenever the fast path answers, it agrees with serde; it never panics.
    #[test]
    fn agrees_with_serde(name in "\\PC{0,12}", email in "[a-z@.\\\\\"]{0,12}", n in any::<u64>(), cut in 0usize..220) {
        let row = format!(
            r#"{{"product_id":"3c90c3cc-0d44-4b50-8888-8dd25736052a","product_name":{},"user_id":"3c90c3cc-0d44-4b50-8888-8dd25736052b","user_email":{},"date":"2026-01-02","prompt_count":{n}}}"#,
            serde_json::to_string(&name).unwrap(),
            serde_json::to_string(&email).unwrap()
        );
        if let Some(fast) = decode_fast(row.as_bytes()) {
            prop_assert_eq!(Some(fast), decode_row(row.as_bytes(), 1).ok());
        }
        let b = &row.as_bytes()[..cut.min(row.len())];
        if let Some(fast) = decode_fast(b) {
            prop_assert_eq!(Some(fast), decode_row(b, 1).ok());
        }
    }
}

#[test]
fn rows_read_with_remembered_dates_are_the_rows_read_alone() {
    let (mut dates, mut none) = (Dates::default(), Names::default());
    for i in 0..800 {
        let day =
            chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Days::new(i * 37 % 731);
        let row = ROW.replace("2026-01-02", &day.to_string());
        let (r, used) = decode_fast_prefix(row.as_bytes(), &mut dates, &mut none).unwrap();
        assert_eq!((Some(r), used), (decode_fast(row.as_bytes()), row.len()));
    }
}

/// Rows read in turn with remembered product names read as each row read alone does,
/// whatever the name's bytes after a remembered one: the same name, an escaped one, one
/// that only starts like it, one that a second string follows (`""x"` is not a name),
/// another product's, a space before it, a rename and back.
#[test]
fn rows_read_with_remembered_names_are_the_rows_read_alone() {
    let names = [
        r#""Alpha""#,
        r#""Alpha""#,
        r#""Alphabet""#,
        r#""Alpha""#,
        r#""Q \"x\"""#,
        r#""Q \"x\"""#,
        r#""""#,
        r#""x""#,
        r#"""x""#,
        r#""a\\""#,
        r#""a\\""#,
        r#""a\\"x""#,
        r#" "Alpha""#,
        r#""Alpha""#,
        r#" "x""#,
        r#"""x""#,
        r#""Alpha\u0041""#,
        r#""Alpha" "#,
        r#""数据 ✨""#,
        r#""数据 ✨""#,
    ];
    let (mut dates, mut memory) = (Dates::default(), Names::default());
    for (k, name) in names.iter().cycle().take(names.len() * 3).enumerate() {
        let id = [
            "3c90c3cc-0d44-4b50-8888-8dd25736052a",
            "3c90c3cc-0d44-4b50-8888-8dd25736052c",
        ][k / names.len() % 2];
        let row = ROW
            .replace(
                "\"product_name\":\"数据 ✨\"",
                &format!("\"product_name\":{name}"),
            )
            .replace("3c90c3cc-0d44-4b50-8888-8dd25736052a", id);
        let b = row.as_bytes();
        let mut fresh = Names::default();
        let alone = decode_fast_prefix(b, &mut Dates::default(), &mut fresh);
        let remembered = decode_fast_prefix(b, &mut dates, &mut memory);
        assert_eq!(remembered, alone, "{row}");
        if let Some((r, used)) = alone {
            assert_eq!((Some(r), used), (decode_fast(b), b.len()), "{row}");
        }
    }
}
