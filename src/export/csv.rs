//! One rule for a CSV cell: formula guard and quoting, for every export that writes CSV.

use std::io::{self, Write};

/// RFC 4180 quoting, and a leading quote mark for values a spreadsheet would run as a
/// formula (an email such as `=cmd|...` is somebody's attack, not their address).
pub(crate) fn csv_field(s: &str) -> String {
    let mut out = Vec::with_capacity(s.len() + 2);
    // Writing to a `Vec` cannot fail, and it holds `s`'s UTF-8 with ASCII added.
    let _ = write_csv_field(s, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes `s` as one CSV cell: a text a spreadsheet would run as a formula gets a `'`
/// before it, and a cell with a comma, quote or line break is quoted.
pub(crate) fn write_csv_field(s: &str, out: &mut dyn Write) -> io::Result<()> {
    // Spreadsheets skip leading blanks before deciding a cell is a formula.
    let lead = s.trim_start_matches([' ', '\t', '\r', '\n']);
    let guard = lead.starts_with(['=', '+', '-', '@']) && s.trim().parse::<f64>().is_err();
    let quote = s.contains([',', '"', '\n', '\r']);
    if quote {
        out.write_all(b"\"")?;
    }
    if guard {
        out.write_all(b"'")?;
    }
    match quote {
        true => out.write_all(s.replace('"', "\"\"").as_bytes())?,
        false => out.write_all(s.as_bytes())?,
    }
    if quote {
        out.write_all(b"\"")?;
    }
    Ok(())
}
