//! The `--group-by row` export of a large saved response, written as the file is read a
//! second time ([`crate::model::replay_rows`]) instead of from rows held in memory: the
//! rows come in the file's order, not sorted as [`super::for_each_record`] sorts them.

use std::io::{self, Write};
use std::path::Path;

use super::{Format, GroupBy, Sink, records::row_record, write_records};
use crate::model::{Usage, replay_rows};

/// Writes the rows of the saved response at `path`, which `usage` was folded from, in
/// `format`, through the same writers as every export. A table reads the file twice more
/// (its column widths first).
pub fn write_rows_replayed(
    usage: &Usage,
    path: &Path,
    format: Format,
    out: &mut dyn Write,
) -> io::Result<()> {
    let each = &mut |f: Sink<'_>| {
        replay_rows(usage, path, &mut |p, u, date, n| {
            row_record(p, u, date, n, f)
        })
    };
    write_records(GroupBy::Row.headers(), format, each, out)
}

#[cfg(test)]
#[path = "replayed_tests.rs"]
mod tests;
