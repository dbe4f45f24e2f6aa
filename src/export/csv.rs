//! One rule for a CSV cell: formula guard and quoting, for every export that writes CSV;
//! and a record's line made in one buffer, its ids, dates and counts written without the
//! formatting machinery (a 10M-row export spent a fifth of its time formatting).

use std::io::{self, Write};

use chrono::Datelike;

use super::Field;

/// The header line of every CSV export: our own column names, plain words that need no
/// quoting.
pub(super) fn header_line(names: &[&str], out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{}", names.join(","))
}

/// Appends `rec` as one CSV line to `line`; `cell` is scratch for the fields that go
/// through [`Field`]'s text.
pub(super) fn record_line(rec: &[Field<'_>], line: &mut Vec<u8>, cell: &mut String) {
    for (i, f) in rec.iter().enumerate() {
        if i > 0 {
            line.push(b',');
        }
        match f {
            // None of these can be a formula or need quotes (tested against the rule).
            Field::Id(u) => line.extend_from_slice(
                u.hyphenated()
                    .encode_lower(&mut uuid::Uuid::encode_buffer())
                    .as_bytes(),
            ),
            Field::Int(n) => line.extend_from_slice(itoa::Buffer::new().format(*n).as_bytes()),
            Field::Date(d) if (0..=9999).contains(&d.year()) => {
                let mut digits = itoa::Buffer::new();
                let year = digits.format(d.year());
                line.extend(std::iter::repeat_n(b'0', 4 - year.len()));
                line.extend_from_slice(year.as_bytes());
                for part in [d.month(), d.day()] {
                    line.extend_from_slice(&[
                        b'-',
                        b'0' + (part / 10) as u8,
                        b'0' + (part % 10) as u8,
                    ]);
                }
            }
            // Writing to a `Vec` cannot fail.
            Field::Text(s) => drop(write_csv_field(s, line)),
            other => {
                cell.clear();
                other.plain_into(cell);
                drop(write_csv_field(cell, line));
            }
        }
    }
    line.push(b'\n');
}

/// Lines each block of `items` holds: a few hundred KiB of text per thread in flight.
const BLOCK: usize = 4096;

/// Writes `line`'s text of every item of `items`, in order, the lines made on every
/// processor a block each at a time: at 10M rows the per-user export spent 80 ms making
/// its 166,666 lines on one core while the other waited (reading each person's id and
/// email misses the cache: they are in the order of the sort, not of memory).
pub(super) fn write_lines<T: Sync>(
    items: &[T],
    line: &(dyn Fn(&T, &mut Vec<u8>, &mut String) + Sync),
    out: &mut dyn Write,
) -> io::Result<()> {
    let threads = crate::parallel::cores();
    let mut bufs: Vec<Vec<u8>> = vec![Vec::new(); threads];
    let make = |(block, buf): (&[T], &mut Vec<u8>)| {
        let mut cell = String::new();
        buf.clear();
        for item in block {
            line(item, buf, &mut cell);
        }
    };
    for round in items.chunks(BLOCK * threads) {
        let blocks = crate::parallel::run_each(round.chunks(BLOCK).zip(&mut bufs), make).len();
        for buf in &bufs[..blocks] {
            out.write_all(buf)?;
        }
    }
    Ok(())
}

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
    // Spreadsheets skip leading blanks before deciding a cell is a formula, and a mark
    // that shows nothing (a no-break space, a zero-width space, a BOM, a bidi override)
    // hides a `=` from a reader as well.
    // A printable ASCII first byte is neither: the common case, decided without decoding
    // a character (every field of every line comes here).
    let lead = match s.as_bytes().first() {
        Some(b) if b.is_ascii_graphic() => s,
        _ => s.trim_start_matches(|c: char| c.is_whitespace() || crate::sanitize::is_unsafe(c)),
    };
    let guard = lead.starts_with(['=', '+', '-', '@']) && s.trim().parse::<f64>().is_err();
    // By byte: these are ASCII, and a search by `char` decoded every character.
    let quote = s.bytes().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'));
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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    /// The line as every field's text through the cell rule, as it was written before.
    fn by_text(rec: &[Field<'_>]) -> Vec<u8> {
        let mut out = Vec::new();
        for (i, f) in rec.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            let mut cell = String::new();
            f.plain_into(&mut cell);
            write_csv_field(&cell, &mut out).unwrap();
        }
        out.push(b'\n');
        out
    }

    #[test]
    fn lines_made_in_parallel_come_in_order() {
        for n in [0, 1, BLOCK - 1, BLOCK, BLOCK + 1, 5 * BLOCK + 7] {
            let items: Vec<usize> = (0..n).collect();
            let mut out = Vec::new();
            let line = |i: &usize, buf: &mut Vec<u8>, _: &mut String| {
                buf.extend_from_slice(format!("{i}\n").as_bytes())
            };
            write_lines(&items, &line, &mut out).unwrap();
            let want: String = items.iter().map(|i| format!("{i}\n")).collect();
            assert_eq!(String::from_utf8(out).unwrap(), want, "{n} lines");
        }
    }

    #[test]
    fn a_line_is_each_fields_text_through_the_cell_rule() {
        let mut rng = fastrand::Rng::with_seed(11);
        let texts = [
            "plain",
            "=cmd|' /C calc'!A0",
            "a,b",
            "say \"hi\"",
            " -1",
            "-1",
            "数据 ✨",
            "",
        ];
        let (mut line, mut cell) = (Vec::new(), String::new());
        for _ in 0..2000 {
            let date = NaiveDate::from_num_days_from_ce_opt(rng.i32(-1000..4_000_000)).unwrap();
            let rec = [
                Field::Id(uuid::Uuid::from_u128(rng.u128(..))),
                Field::Text(texts[rng.usize(..texts.len())]),
                Field::Date(date),
                Field::Int(match rng.u8(..3) {
                    0 => 0,
                    1 => u64::MAX,
                    _ => rng.u64(..),
                }),
                Field::Signed(rng.i128(-1000..1000)),
                Field::Pct(rng.f64() * 200.0 - 100.0),
                Field::Empty,
            ];
            line.clear();
            record_line(&rec, &mut line, &mut cell);
            assert_eq!(
                String::from_utf8_lossy(&line),
                String::from_utf8_lossy(&by_text(&rec))
            );
        }
    }
}
