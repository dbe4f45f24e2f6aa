//! Exports of a usage model: one record per row, user, product or day, written as CSV,
//! JSON, NDJSON or an aligned text table. The `export` command and the dashboard's `e` key
//! both come here, so a file from either has the same columns.

use std::io::{self, Write};

use chrono::NaiveDate;
use unicode_width::UnicodeWidthStr;
use uuid::Uuid;

use crate::model::Usage;
use crate::numbers::thousands;
use crate::order;

/// What one record stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum GroupBy {
    /// The API's rows: one per product, user and day.
    Row,
    #[default]
    User,
    Product,
    Day,
}

impl GroupBy {
    pub fn parse(s: &str) -> Option<GroupBy> {
        Some(match s {
            "row" => GroupBy::Row,
            "user" => GroupBy::User,
            "product" => GroupBy::Product,
            "day" => GroupBy::Day,
            _ => return None,
        })
    }
    pub fn as_str(self) -> &'static str {
        match self {
            GroupBy::Row => "row",
            GroupBy::User => "user",
            GroupBy::Product => "product",
            GroupBy::Day => "day",
        }
    }
    /// The column names, in order.
    pub fn headers(self) -> &'static [&'static str] {
        match self {
            GroupBy::Row => &[
                "product_id",
                "product_name",
                "user_id",
                "user_email",
                "date",
                "prompt_count",
            ],
            GroupBy::User => &[
                "user_id",
                "user_email",
                "prompt_count",
                "active_days",
                "first_date",
                "last_date",
            ],
            GroupBy::Product => &["product_id", "product_name", "prompt_count", "active_users"],
            GroupBy::Day => &["date", "prompt_count", "active_users"],
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Csv,
    Json,
    Ndjson,
    Table,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        Some(match s {
            "csv" => Format::Csv,
            "json" => Format::Json,
            "ndjson" => Format::Ndjson,
            "table" => Format::Table,
            _ => return None,
        })
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Ndjson => "ndjson",
            Format::Table => "table",
        }
    }
}

/// One value of a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field<'a> {
    Text(&'a str),
    Id(Uuid),
    Int(u64),
    Date(NaiveDate),
    Empty,
}

impl Field<'_> {
    fn plain(&self) -> String {
        match self {
            Field::Text(s) => (*s).to_string(),
            Field::Id(u) => u.to_string(),
            Field::Int(n) => n.to_string(),
            Field::Date(d) => d.to_string(),
            Field::Empty => String::new(),
        }
    }
    fn json(&self) -> serde_json::Value {
        match self {
            Field::Text(s) => serde_json::Value::from(*s),
            Field::Id(u) => serde_json::Value::from(u.to_string()),
            Field::Int(n) => serde_json::Value::from(*n),
            Field::Date(d) => serde_json::Value::from(d.to_string()),
            Field::Empty => serde_json::Value::Null,
        }
    }
}

/// Calls `f` with each record of `usage` grouped by `group`, in a stable order: rows by
/// date, product and email; users and products by prompts (most first), then name; days
/// by date (every day of the range, zero-filled).
pub fn for_each_record(
    usage: &Usage,
    group: GroupBy,
    f: &mut dyn FnMut(&[Field<'_>]) -> io::Result<()>,
) -> io::Result<()> {
    match group {
        GroupBy::Row => {
            let mut rows: Vec<_> = usage.rows().collect();
            rows.sort_by(|a, b| (a.2, &a.0.name, &a.1.email).cmp(&(b.2, &b.0.name, &b.1.email)));
            for (p, u, date, n) in rows {
                f(&[
                    Field::Id(p.id),
                    Field::Text(&p.name),
                    Field::Id(u.id),
                    Field::Text(&u.email),
                    Field::Date(date),
                    Field::Int(n),
                ])?;
            }
        }
        GroupBy::User => {
            for i in users_by_total(usage) {
                user_record(usage, i, f)?;
            }
        }
        GroupBy::Product => {
            let mut order: Vec<usize> = (0..usage.products().len()).collect();
            order.sort_by(|&a, &b| {
                let name = |p: usize| usage.products()[p].name.as_str();
                order::products(
                    usage.product_total(a),
                    name(a),
                    usage.product_total(b),
                    name(b),
                )
            });
            for p in order {
                let prod = &usage.products()[p];
                f(&[
                    Field::Id(prod.id),
                    Field::Text(&prod.name),
                    Field::Int(usage.product_total(p)),
                    Field::Int(u64::from(usage.product_users(p))),
                ])?;
            }
        }
        GroupBy::Day => {
            for (i, (&n, &users)) in usage.day_totals().iter().zip(usage.day_users()).enumerate() {
                f(&[
                    Field::Date(usage.range().day(i)),
                    Field::Int(n),
                    Field::Int(u64::from(users)),
                ])?;
            }
        }
    }
    Ok(())
}

/// The `--group-by user` record of user `i`.
fn user_record(
    usage: &Usage,
    i: usize,
    f: &mut dyn FnMut(&[Field<'_>]) -> io::Result<()>,
) -> io::Result<()> {
    let u = &usage.users()[i];
    let day = |d: Option<NaiveDate>| d.map_or(Field::Empty, Field::Date);
    f(&[
        Field::Id(u.id),
        Field::Text(&u.email),
        Field::Int(usage.user_total(i)),
        Field::Int(u64::from(usage.user_active_days(i))),
        day(usage.user_first_day(i)),
        day(usage.user_last_day(i)),
    ])
}

/// The users at `order` (indexes into `usage.users()`), in that order, as CSV with the
/// columns of `--group-by user`: the dashboard's `e` writes the people in the order of
/// its screen, not by total.
pub fn write_users_csv(usage: &Usage, order: &[usize], out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{}", GroupBy::User.headers().join(","))?;
    for &i in order {
        user_record(usage, i, &mut |rec| {
            let line: Vec<String> = rec.iter().map(|f| csv_field(&f.plain())).collect();
            writeln!(out, "{}", line.join(","))
        })?;
    }
    out.flush()
}

/// User indexes by total prompts, most first, then by email.
pub fn users_by_total(usage: &Usage) -> Vec<usize> {
    let mut order: Vec<usize> = (0..usage.users().len()).collect();
    order.sort_by(|&a, &b| {
        let email = |u: usize| usage.users()[u].email.as_str();
        order::people(usage.user_total(a), email(a), usage.user_total(b), email(b))
    });
    order
}

/// Writes `usage` grouped by `group` in `format`.
pub fn write(usage: &Usage, group: GroupBy, format: Format, out: &mut dyn Write) -> io::Result<()> {
    let headers = group.headers();
    match format {
        Format::Csv => {
            writeln!(out, "{}", headers.join(","))?;
            for_each_record(usage, group, &mut |rec| {
                let line: Vec<String> = rec.iter().map(|f| csv_field(&f.plain())).collect();
                writeln!(out, "{}", line.join(","))
            })?;
        }
        Format::Json | Format::Ndjson => {
            let ndjson = format == Format::Ndjson;
            let mut first = true;
            if !ndjson {
                write!(out, "[")?;
            }
            for_each_record(usage, group, &mut |rec| {
                let obj: serde_json::Map<String, serde_json::Value> = headers
                    .iter()
                    .zip(rec)
                    .map(|(h, f)| ((*h).to_string(), f.json()))
                    .collect();
                let sep = if ndjson || first { "" } else { "," };
                first = false;
                let json = serde_json::Value::Object(obj).to_string();
                write!(out, "{sep}{}", crate::sanitize::escape_json(&json))?;
                if ndjson { writeln!(out) } else { Ok(()) }
            })?;
            if !ndjson {
                writeln!(out, "]")?;
            }
        }
        Format::Table => {
            let mut widths: Vec<usize> = headers.iter().map(|h| h.len()).collect();
            for_each_record(usage, group, &mut |rec| {
                for (w, f) in widths.iter_mut().zip(rec) {
                    *w = (*w).max(table_cell(f).width());
                }
                Ok(())
            })?;
            let line = |cells: Vec<(String, bool)>| -> String {
                let parts: Vec<String> = cells
                    .into_iter()
                    .zip(&widths)
                    .map(|((s, right), w)| {
                        let pad = " ".repeat(w.saturating_sub(s.width()));
                        if right {
                            format!("{pad}{s}")
                        } else {
                            format!("{s}{pad}")
                        }
                    })
                    .collect();
                parts.join("  ").trim_end().to_string()
            };
            writeln!(
                out,
                "{}",
                line(headers.iter().map(|h| ((*h).to_string(), false)).collect())
            )?;
            for_each_record(usage, group, &mut |rec| {
                writeln!(
                    out,
                    "{}",
                    line(
                        rec.iter()
                            .map(|f| (table_cell(f), matches!(f, Field::Int(_))))
                            .collect()
                    )
                )
            })?;
        }
    }
    out.flush()
}

fn table_cell(f: &Field<'_>) -> String {
    match f {
        Field::Int(n) => thousands(*n),
        // Control characters in a name must not move the cursor of whoever reads the table.
        Field::Text(s) => crate::sanitize::for_terminal(s),
        other => other.plain(),
    }
}

/// RFC 4180 quoting, and a leading quote mark for values a spreadsheet would run as a
/// formula (an email such as `=cmd|...` is somebody's attack, not their address).
fn csv_field(s: &str) -> String {
    // Spreadsheets skip leading blanks before deciding a cell is a formula.
    let lead = s.trim_start_matches([' ', '\t', '\r', '\n']);
    let s = if lead.starts_with(['=', '+', '-', '@']) && s.trim().parse::<f64>().is_err() {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::{DateRange, parse_date};
    use crate::model::{Ingest, RangeSpec};

    fn sample() -> Usage {
        let row = |p: u128, pn: &str, u: u128, e: &str, d: &str, n: u64| {
            format!(
                r#"{{"product_id":"{}","product_name":"{pn}","user_id":"{}","user_email":"{e}","date":"{d}","prompt_count":{n}}}"#,
                Uuid::from_u128(p),
                Uuid::from_u128(u)
            )
        };
        let body = format!(
            "[{},{},{}]",
            row(1, "数据 Insights", 10, "a@x.io", "2026-01-01", 1200),
            row(2, "Sales, \\\"Pro\\\"", 11, "b@x.io", "2026-01-02", 3),
            row(1, "数据 Insights", 11, "b@x.io", "2026-01-02", 4)
        );
        let r = DateRange::new(
            parse_date("2026-01-01").unwrap(),
            parse_date("2026-01-03").unwrap(),
        )
        .unwrap();
        let mut i = Ingest::new(RangeSpec::Fixed(r));
        i.feed(body.as_bytes()).unwrap();
        i.finish().unwrap()
    }

    fn render(g: GroupBy, f: Format) -> String {
        let mut out = Vec::new();
        write(&sample(), g, f, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn csv_by_day_is_zero_filled() {
        assert_eq!(
            render(GroupBy::Day, Format::Csv),
            "date,prompt_count,active_users\n2026-01-01,1200,1\n2026-01-02,7,1\n2026-01-03,0,0\n"
        );
    }

    #[test]
    fn csv_quotes_and_orders() {
        let s = render(GroupBy::Product, Format::Csv);
        assert!(s.contains(",\"Sales, \"\"Pro\"\"\",3,1\n"), "{s}");
        let u = render(GroupBy::User, Format::Csv);
        let lines: Vec<&str> = u.lines().collect();
        assert!(
            lines[1].contains("a@x.io,1200,1,2026-01-01,2026-01-01"),
            "{u}"
        );
    }

    #[test]
    fn json_and_ndjson_are_typed() {
        let j: serde_json::Value =
            serde_json::from_str(&render(GroupBy::User, Format::Json)).unwrap();
        assert_eq!(j[0]["prompt_count"], 1200);
        let nd = render(GroupBy::Row, Format::Ndjson);
        assert_eq!(nd.lines().count(), 3);
        for l in nd.lines() {
            serde_json::from_str::<serde_json::Value>(l).unwrap();
        }
    }

    #[test]
    fn table_aligns_wide_characters() {
        let t = render(GroupBy::Product, Format::Table);
        let widths: Vec<usize> = t
            .lines()
            .map(|l| l.find("prompt").map_or(0, |_| 0) + l.width())
            .collect();
        assert!(t.contains("1,204"), "{t}");
        assert_eq!(widths[1], widths[2], "{t}");
    }

    #[test]
    fn formula_injection_is_defused() {
        assert_eq!(csv_field("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
        assert_eq!(csv_field("-12"), "-12");
        // Leading blanks do not hide a formula from a spreadsheet, nor from us.
        assert_eq!(csv_field(" =1+1"), "' =1+1");
        assert_eq!(csv_field("\t@SUM(A1)"), "'\t@SUM(A1)");
        assert_eq!(csv_field(" -3 "), " -3 ");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(thousands(12), "12");
    }
}
