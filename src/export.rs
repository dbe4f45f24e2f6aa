//! Exports of a usage model: one record per row, user, product, day, week or month,
//! written as CSV, JSON, NDJSON or an aligned text table. The `export` command and the
//! dashboard's `e` key both come here, so a file from either has the same columns. With
//! the previous period, users and products get the change columns of
//! [`crate::analytics::compare`]; weeks and months are [`crate::analytics::buckets`].

mod csv;
mod json;
mod people_csv;
mod plan;
mod records;
mod replayed;

use std::io::{self, Write};

use chrono::NaiveDate;
use unicode_width::UnicodeWidthStr;
use uuid::Uuid;

pub(crate) use csv::csv_field;
pub use people_csv::{write_people_csv, write_users_csv};
#[cfg(test)]
use plan::check_compare;
pub use plan::{Plan, StatusFilter};
use records::Sink;
pub use records::{for_each_record, users_by_total};
pub use replayed::write_rows_replayed;

use crate::analytics::WeekStart;
use crate::model::Usage;
use crate::numbers::{pct, pct_plain, signed_thousands, thousands};
use crate::teams::Teams;

/// What one record stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum GroupBy {
    /// The API's rows: one per product, user and day.
    Row,
    #[default]
    User,
    Product,
    Day,
    Week,
    Month,
    /// One record per team of the config's `[teams]` (and the people in no team).
    Team,
    /// One record per email domain.
    Domain,
}

/// The columns the change against the previous period adds to users and products.
pub const CHANGE_COLUMNS: [&str; 3] = ["previous_prompt_count", "change", "change_pct"];

impl GroupBy {
    pub fn parse(s: &str) -> Option<GroupBy> {
        Some(match s {
            "row" => GroupBy::Row,
            "user" => GroupBy::User,
            "product" => GroupBy::Product,
            "day" => GroupBy::Day,
            "week" => GroupBy::Week,
            "month" => GroupBy::Month,
            "team" => GroupBy::Team,
            "domain" => GroupBy::Domain,
            _ => return None,
        })
    }
    pub fn as_str(self) -> &'static str {
        match self {
            GroupBy::Row => "row",
            GroupBy::User => "user",
            GroupBy::Product => "product",
            GroupBy::Day => "day",
            GroupBy::Week => "week",
            GroupBy::Month => "month",
            GroupBy::Team => "team",
            GroupBy::Domain => "domain",
        }
    }
    /// The column names, in order, without the change columns.
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
            GroupBy::Team => &["team", "prompt_count", "active_users"],
            GroupBy::Domain => &["domain", "prompt_count", "active_users"],
            GroupBy::Week | GroupBy::Month => &[
                "period",
                "start_date",
                "end_date",
                "prompt_count",
                "active_users",
                "partial",
            ],
        }
    }
    /// Whether the grouping can carry the change against the previous period.
    pub fn compares(self) -> bool {
        matches!(self, GroupBy::User | GroupBy::Product)
    }
}

/// An export: the grouping and what it needs beside the model.
#[derive(Clone, Copy, Debug)]
pub struct Options<'a> {
    pub group: GroupBy,
    /// Today (UTC): a week or month holding it is marked partial.
    pub today: NaiveDate,
    pub week_start: WeekStart,
    /// The previous period: users and products get the change columns.
    pub previous: Option<&'a Usage>,
    /// Only the people with this status (users compared with `previous` only).
    pub status: Option<StatusFilter>,
    /// The teams of `--group-by team` (none configured: everyone in no team).
    pub teams: Option<&'a Teams>,
    /// `--team`: the team rows to write, per `Teams::row_names` (all when `None`).
    pub team_keep: Option<&'a [bool]>,
    /// The data's range is no range at all (a saved file with no rows, read without
    /// `--from/--to`): days, weeks and months have no rows to write, not a made-up day.
    pub no_span: bool,
}

impl<'a> Options<'a> {
    pub fn new(group: GroupBy, today: NaiveDate) -> Self {
        Options {
            group,
            today,
            week_start: WeekStart::Monday,
            previous: None,
            status: None,
            teams: None,
            team_keep: None,
            no_span: false,
        }
    }

    /// The column names, in order.
    pub fn headers(&self) -> Vec<&'static str> {
        let mut h = self.group.headers().to_vec();
        if self.previous.is_some() && self.group.compares() {
            h.extend(CHANGE_COLUMNS);
            if self.group == GroupBy::User {
                h.push("status");
            }
        }
        h
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
    /// The format a file's extension names, if any (`report` reads its own the same way).
    pub fn from_extension(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "csv" => Format::Csv,
            "json" => Format::Json,
            "ndjson" | "jsonl" => Format::Ndjson,
            "txt" => Format::Table,
            _ => return None,
        })
    }
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
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Field<'a> {
    Text(&'a str),
    Id(Uuid),
    Int(u64),
    /// A change, `-12` (`+12` and `-12` in a table).
    Signed(i128),
    /// A percentage with one decimal, `12.5` (`+12.5%` in a table).
    Pct(f64),
    Bool(bool),
    Date(NaiveDate),
    Empty,
}

impl Field<'_> {
    fn is_number(&self) -> bool {
        matches!(self, Field::Int(_) | Field::Signed(_) | Field::Pct(_))
    }
    fn plain(&self) -> String {
        let mut s = String::new();
        self.plain_into(&mut s);
        s
    }
    /// The plain text appended to `buf`: a row export writes millions of cells, and a
    /// `String` each was most of its time.
    fn plain_into(&self, buf: &mut String) {
        use std::fmt::Write as _;
        // Writing to a `String` cannot fail.
        let _ = match self {
            Field::Text(s) => buf.write_str(s),
            Field::Id(u) => write!(buf, "{u}"),
            Field::Int(n) => write!(buf, "{n}"),
            Field::Signed(n) => write!(buf, "{n}"),
            Field::Pct(v) => buf.write_str(&pct_plain(*v)),
            Field::Bool(b) => write!(buf, "{b}"),
            Field::Date(d) => write!(buf, "{d}"),
            Field::Empty => Ok(()),
        };
    }
    fn json(&self) -> serde_json::Value {
        match self {
            Field::Text(s) => serde_json::Value::from(*s),
            Field::Id(u) => serde_json::Value::from(u.to_string()),
            Field::Int(n) => serde_json::Value::from(*n),
            Field::Signed(n) => serde_json::Value::from(i64::try_from(*n).unwrap_or(i64::MAX)),
            // The number as written in CSV, so the formats agree to the decimal.
            Field::Pct(v) => match v.is_finite() {
                true => serde_json::Value::from(crate::numbers::pct_rounded(*v)),
                false => serde_json::Value::Null,
            },
            Field::Bool(b) => serde_json::Value::from(*b),
            Field::Date(d) => serde_json::Value::from(d.to_string()),
            Field::Empty => serde_json::Value::Null,
        }
    }
}

/// Writes `usage` grouped by `group` in `format`, as of today (UTC).
pub fn write(usage: &Usage, group: GroupBy, format: Format, out: &mut dyn Write) -> io::Result<()> {
    write_with(
        usage,
        &Options::new(group, crate::dates::today_utc()),
        format,
        out,
    )
}

/// Writes `usage` as `opts` say, in `format`.
pub fn write_with(
    usage: &Usage,
    opts: &Options<'_>,
    format: Format,
    out: &mut dyn Write,
) -> io::Result<()> {
    if format == Format::Csv
        && let Some(people) = records::user_lines(usage, opts)
    {
        csv::header_line(&opts.headers(), out)?;
        let line = |u: &records::UserFigures, buf: &mut Vec<u8>, cell: &mut String| {
            // Making a line in memory cannot fail.
            let _ = records::user_record(usage, u, &mut |rec| {
                csv::record_line(rec, buf, cell);
                Ok(())
            });
        };
        return csv::write_lines(&people, &line, out);
    }
    let records = &mut |f: Sink<'_>| for_each_record(usage, opts, f);
    write_records(&opts.headers(), format, records, out)
}

/// Writes the records `each` hands over, under `headers`, in `format`; a table
/// asks for them twice (its column widths first).
fn write_records(
    headers: &[&str],
    format: Format,
    each: &mut dyn FnMut(Sink<'_>) -> io::Result<()>,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Csv => {
            csv::header_line(headers, out)?;
            let (mut line, mut cell) = (Vec::with_capacity(256), String::new());
            each(&mut |rec| {
                line.clear();
                csv::record_line(rec, &mut line, &mut cell);
                out.write_all(&line)
            })?;
        }
        Format::Json | Format::Ndjson => {
            let ndjson = format == Format::Ndjson;
            let mut first = true;
            if !ndjson {
                write!(out, "[")?;
            }
            let mut line = Vec::new();
            each(&mut |rec| {
                line.clear();
                json::json_object(headers, rec, &mut line)?;
                let sep = if ndjson || first { "" } else { "," };
                first = false;
                let json = std::str::from_utf8(&line).map_err(io::Error::other)?;
                write!(out, "{sep}{}", crate::sanitize::escape_json(json))?;
                if ndjson { writeln!(out) } else { Ok(()) }
            })?;
            if !ndjson {
                writeln!(out, "]")?;
            }
        }
        Format::Table => {
            let mut widths: Vec<usize> = headers.iter().map(|h| h.len()).collect();
            each(&mut |rec| {
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
            each(&mut |rec| {
                writeln!(
                    out,
                    "{}",
                    line(rec.iter().map(|f| (table_cell(f), f.is_number())).collect())
                )
            })?;
        }
    }
    out.flush()
}

/// The widest a name or email is in a table, in cells: a long one is cut with `…`.
const TABLE_TEXT: usize = 60;

fn table_cell(f: &Field<'_>) -> String {
    match f {
        Field::Int(n) => thousands(*n),
        Field::Signed(n) => signed_thousands(*n),
        Field::Pct(v) => pct(*v),
        // Control characters in a name must not move the cursor of whoever reads the table,
        // and a 500-character name must not wrap every row of it.
        Field::Text(s) => {
            crate::width::cut(&crate::sanitize::for_terminal(s), TABLE_TEXT).into_owned()
        }
        other => other.plain(),
    }
}

#[cfg(test)]
mod stream_tests;
#[cfg(test)]
mod tests;
