//! The column tables: every column of the users table (its name, header, widths, which
//! drops first when narrow, alignment, sort key and cell), and the name / sparkline /
//! figures lines of the products and the user detail. The view sizes its series from
//! these widths and the widgets draw at them: no width is written anywhere else.
//!
//! A new users column is one line in [`USERS`] (and a `Column` variant), plus its value
//! in [`UserLine`], filled in `View::fill_visible`.

use chrono::{Datelike, NaiveDate};

use super::text::{clean, mask_email, thousands};
use crate::model::Usage;

/// The users table's columns, as the sort names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Column {
    Email,
    Total,
    Share,
    ActiveDays,
    LastActive,
    Daily,
}

impl Column {
    /// The sortable columns, in the order `s` steps through them.
    pub fn sortable() -> impl Iterator<Item = Column> {
        USERS.iter().filter(|c| c.sort.is_some()).map(|c| c.column)
    }

    pub fn spec(self) -> &'static UserColumn {
        USERS
            .iter()
            .find(|c| c.column == self)
            .expect("every column is in the table")
    }

    /// The column a click on this one's header sorts by: Share is Total's order.
    pub fn sorts_by(self) -> Option<Column> {
        match self {
            Column::Share => Some(Column::Total),
            c => c.spec().sort.is_some().then_some(c),
        }
    }

    /// The column's name in a file's `#` line.
    pub fn name(self) -> &'static str {
        self.spec().name
    }
}

/// One visible row of the users table: the values its columns show.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UserLine {
    pub email: String,
    pub total: u64,
    pub share: f64,
    pub active_days: u32,
    pub last: Option<NaiveDate>,
    pub spark: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// How a column takes room in a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Width {
    /// Blank cells before the column.
    pub gap: u16,
    pub min: u16,
    /// `None`: the column takes whatever the others leave.
    pub max: Option<u16>,
    /// 0: always shown; otherwise the highest number is the first to go when the line is
    /// too narrow for every kept column at its preferred width.
    pub drop: u8,
}

const fn fixed(gap: u16, w: u16) -> Width {
    Width {
        gap,
        min: w,
        max: Some(w),
        drop: 0,
    }
}

/// How a column sorts person `i`: by text (A to Z first) or by a number (a count, a
/// change, a day), each with its own key type so the common case compares plain integers.
#[derive(Clone, Copy)]
pub enum Sort {
    Text(fn(&Usage, usize) -> String),
    Num(fn(&Usage, usize) -> i64),
}

/// A column of the users table.
pub struct UserColumn {
    pub column: Column,
    pub name: &'static str,
    /// `{n}` stands for the number of people.
    pub header: &'static str,
    pub width: Width,
    pub align: Align,
    /// Drawn as bars (the sparkline) rather than text.
    pub bars: bool,
    /// The key of person `i`; `None` for a column that does not sort.
    pub sort: Option<Sort>,
    /// The direction `s` starts in: most first, except text (A to Z).
    pub desc_first: bool,
    /// The key that sorts by it (Shift and a letter of the header, underlined there).
    pub key: Option<char>,
    /// The cell of a row (`mask`: emails masked for screenshots).
    pub cell: fn(&UserLine, bool) -> String,
}

#[rustfmt::skip]
pub const USERS: &[UserColumn] = &[
    UserColumn { column: Column::Email, name: "email", header: "Users ({n})", width: Width { gap: 0, min: 8, max: Some(44), drop: 0 }, align: Align::Left, bars: false, sort: Some(Sort::Text(|u, i| u.users()[i].email.to_lowercase())), desc_first: false, key: Some('U'), cell: |l, mask| if mask { mask_email(&l.email) } else { clean(&l.email) } },
    UserColumn { column: Column::Total, name: "total", header: "Total", width: fixed(1, 10), align: Align::Right, bars: false, sort: Some(Sort::Num(|u, i| u.user_total(i) as i64)), desc_first: true, key: Some('T'), cell: |l, _| thousands(l.total) },
    UserColumn { column: Column::Share, name: "share", header: "Share", width: fixed(0, 7), align: Align::Right, bars: false, sort: None, desc_first: true, key: None, cell: |l, _| format!("{:.1}%", l.share) },
    UserColumn { column: Column::ActiveDays, name: "active days", header: "Days", width: fixed(0, 5), align: Align::Right, bars: false, sort: Some(Sort::Num(|u, i| i64::from(u.user_active_days(i)))), desc_first: true, key: Some('D'), cell: |l, _| l.active_days.to_string() },
    UserColumn { column: Column::LastActive, name: "last active", header: "Last", width: fixed(0, 11), align: Align::Right, bars: false, sort: Some(Sort::Num(|u, i| u.user_last_day(i).map_or(0, |d| i64::from(d.num_days_from_ce())))), desc_first: true, key: Some('L'), cell: |l, _| l.last.map_or("—".into(), |d| d.to_string()) },
    UserColumn { column: Column::Daily, name: "daily", header: "Daily", width: Width { gap: 1, min: 11, max: None, drop: 1 }, align: Align::Left, bars: true, sort: None, desc_first: false, key: None, cell: |l, _| l.spark.clone() },
];

/// Where a kept column goes: its offset in the line and its width.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Placed {
    pub x: u16,
    pub width: u16,
}

/// Places `cols` in a line of `total` cells. Columns go (highest `drop` first) while the
/// kept ones do not fit at their preferred widths (`max`, or `min` for the one that takes
/// the rest). Bounded columns then get their `max`, the first unbounded one the rest; with
/// no unbounded column left, the last flexible bounded one takes the rest.
pub fn place(cols: &[Width], total: u16) -> Vec<Option<Placed>> {
    let mut kept = vec![true; cols.len()];
    let preferred = |kept: &[bool]| -> u32 {
        cols.iter()
            .zip(kept)
            .filter(|(_, k)| **k)
            .map(|(c, _)| u32::from(c.gap) + u32::from(c.max.unwrap_or(c.min)))
            .sum()
    };
    while preferred(&kept) > u32::from(total) {
        let victim = (0..cols.len())
            .filter(|&i| kept[i] && cols[i].drop > 0)
            .max_by_key(|&i| (cols[i].drop, i));
        match victim {
            Some(i) => kept[i] = false,
            None => break,
        }
    }
    let filler = (0..cols.len())
        .find(|&i| kept[i] && cols[i].max.is_none())
        .or_else(|| {
            (0..cols.len())
                .rev()
                .find(|&i| kept[i] && cols[i].max != Some(cols[i].min))
        });
    let others: u32 = (0..cols.len())
        .filter(|&i| kept[i] && Some(i) != filler)
        .map(|i| u32::from(cols[i].max.unwrap_or(cols[i].min)))
        .sum::<u32>()
        + (0..cols.len())
            .filter(|&i| kept[i])
            .map(|i| u32::from(cols[i].gap))
            .sum::<u32>();
    let mut x = 0u16;
    (0..cols.len())
        .map(|i| {
            if !kept[i] {
                return None;
            }
            let c = cols[i];
            let width = if Some(i) == filler {
                (u32::from(total).saturating_sub(others) as u16).max(c.min)
            } else {
                c.max.unwrap_or(c.min)
            };
            x = x.saturating_add(c.gap);
            let p = Placed { x, width };
            x = x.saturating_add(width);
            Some(p)
        })
        .collect()
}

/// The users table's columns placed in `width` cells.
pub fn users(width: u16) -> Vec<Option<Placed>> {
    let w: Vec<Width> = USERS.iter().map(|c| c.width).collect();
    place(&w, width)
}

/// The width of the users table's sparkline at `width` (0 when it is dropped).
pub fn users_spark(width: u16) -> usize {
    USERS
        .iter()
        .zip(users(width))
        .find(|(c, _)| c.bars)
        .and_then(|(_, p)| p)
        .map_or(0, |p| p.width as usize)
}

/// A line of name, sparkline and figures: the products list and the user detail.
pub struct SeriesLine {
    pub name: Width,
    pub spark: Width,
    pub figures: Width,
    /// Cells left blank at the right edge.
    pub margin: u16,
}

/// The products list: name, sparkline, total and share.
pub const PRODUCT_LINE: SeriesLine = SeriesLine {
    name: fixed(0, 22),
    spark: Width {
        gap: 1,
        min: 0,
        max: None,
        drop: 0,
    },
    figures: fixed(1, 17),
    margin: 0,
};

/// A line of the user detail (by product, by origin): name, sparkline, total.
pub const DETAIL_LINE: SeriesLine = SeriesLine {
    name: fixed(0, 22),
    spark: Width {
        gap: 1,
        min: 0,
        max: None,
        drop: 0,
    },
    figures: fixed(0, 12),
    margin: 1,
};

impl SeriesLine {
    /// Name, sparkline and figures placed in `width` cells.
    pub fn place(&self, width: u16) -> [Placed; 3] {
        let p = place(
            &[self.name, self.spark, self.figures],
            width.saturating_sub(self.margin),
        );
        let get = |i: usize| p[i].unwrap_or(Placed { x: 0, width: 0 });
        [get(0), get(1), get(2)]
    }

    /// The sparkline's width at `width`: what the view buckets a series to.
    pub fn spark_width(&self, width: u16) -> usize {
        self.place(width)[1].width as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The widths as they were written by hand before the table.
    fn by_hand(w: u16) -> (usize, usize) {
        let w = w as usize;
        let fixed = 10 + 7 + 5 + 11 + 1;
        if w < 90 {
            return (w.saturating_sub(fixed).max(8), 0);
        }
        let email = (w - fixed - 1).min(44);
        (email, w - fixed - 1 - email)
    }

    #[test]
    fn users_table_widths_fill_the_line() {
        for w in 20..300u16 {
            let p = users(w);
            let email = p[0].unwrap().width as usize;
            assert_eq!((email, users_spark(w)), by_hand(w), "at {w}");
            let last = p.iter().flatten().last().unwrap();
            if w >= 42 {
                assert_eq!(last.x + last.width, w, "the line is filled at {w}");
            }
        }
        assert!(users(89)[5].is_none(), "the sparkline goes first");
        assert!(users(90)[5].is_some());
    }

    #[test]
    fn series_lines_leave_what_they_did() {
        for w in 0..200u16 {
            assert_eq!(PRODUCT_LINE.spark_width(w), w.saturating_sub(41) as usize);
            assert_eq!(DETAIL_LINE.spark_width(w), w.saturating_sub(36) as usize);
        }
        let [n, s, f] = PRODUCT_LINE.place(100);
        assert_eq!((n.x, s.x, f.x, f.width), (0, 23, 24 + 59, 17));
        let [_, s, f] = DETAIL_LINE.place(100);
        assert_eq!((s.x, f.x), (23, 23 + 64));
    }

    #[test]
    fn every_sortable_column_has_a_name_and_a_key() {
        let names: Vec<&str> = Column::sortable().map(Column::name).collect();
        assert_eq!(names, ["email", "total", "active days", "last active"]);
    }
}
