//! The people of the dashboard's `e` as CSV: the columns of `export --group-by user` (with
//! the change columns when the view compares), in the screen's order, and a `team` column
//! last when the config has `[teams]`. The team names arrive with the rows, assigned by
//! the one team rule of `crate::teams`, so this module writes and never decides.

use std::io::{self, Write};

use super::records;
use super::{CHANGE_COLUMNS, Field, GroupBy, csv_field};
use crate::analytics::PersonChange;
use crate::model::Usage;

/// The users at `order` (indexes into `usage.users()`), in that order, as CSV with the
/// columns of `--group-by user`, and `team` when `teams` (one name per entry of `order`)
/// is given: the dashboard's `e` writes the people in the order of its screen.
pub fn write_users_csv(
    usage: &Usage,
    order: &[usize],
    teams: Option<&[String]>,
    out: &mut dyn Write,
) -> io::Result<()> {
    header(GroupBy::User.headers().to_vec(), teams.is_some(), out)?;
    for (k, &i) in order.iter().enumerate() {
        let team = teams.and_then(|t| t.get(k));
        let figures = records::UserFigures::of(usage, i);
        records::user_record(usage, &figures, &mut |rec| line(rec, team, out))?;
    }
    out.flush()
}

/// The people of a comparison in the given order as CSV, with the change columns, and
/// `team` when `teams` (one name per person) is given: the dashboard's `e`, which writes
/// exactly the rows on screen (dormant people included).
pub fn write_people_csv(
    usage: &Usage,
    prev: &Usage,
    people: &[PersonChange],
    teams: Option<&[String]>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut h = GroupBy::User.headers().to_vec();
    h.extend(CHANGE_COLUMNS);
    h.push("status");
    header(h, teams.is_some(), out)?;
    for (k, p) in people.iter().enumerate() {
        let team = teams.and_then(|t| t.get(k));
        records::person_record(usage, prev, p, &mut |rec| line(rec, team, out))?;
    }
    out.flush()
}

/// The header, with `team` last when there are teams: without `[teams]` the file is the
/// one written before teams existed.
fn header(mut h: Vec<&str>, teams: bool, out: &mut dyn Write) -> io::Result<()> {
    if teams {
        h.push("team");
    }
    super::csv::header_line(&h, out)
}

fn line(rec: &[Field<'_>], team: Option<&String>, out: &mut dyn Write) -> io::Result<()> {
    let mut cells: Vec<String> = rec.iter().map(|f| csv_field(&f.plain())).collect();
    cells.extend(team.map(|t| csv_field(t)));
    writeln!(out, "{}", cells.join(","))
}
