//! The column tables: every column of the users table (its name, header, widths, which
//! drops first when narrow, alignment, sort key and cell), and the name / sparkline /
//! figures lines of the products and the user detail. The view sizes its series from
//! these widths and the widgets draw at them: no width is written anywhere else.
//!
//! A new users column is one line in [`USERS`] (and a `Column` variant), plus its value
//! in [`UserLine`], filled in `View::fill_visible`.

use chrono::{Datelike, NaiveDate};

use super::people::Person;
use super::text::{clean, mask_email, thousands};
use crate::analytics::Status;
use crate::numbers::{pct_short, signed_thousands};

/// The users table's columns, as the sort names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Column {
    Email,
    Total,
    Share,
    ActiveDays,
    LastActive,
    Previous,
    Delta,
    DeltaPct,
    Status,
    /// The person's team (with `[teams]` in the config only).
    Team,
    Daily,
}

impl Column {
    /// The sortable columns, in the order `s` steps through them.
    pub fn sortable() -> impl Iterator<Item = Column> {
        USERS.iter().filter(|c| c.sort.is_some()).map(|c| c.column)
    }

    /// The sortable columns on screen: the team column only with `teams` (`[teams]` in
    /// the config), as `s` must not step to a column that is not drawn.
    pub fn sortable_for(teams: bool) -> impl Iterator<Item = Column> {
        Column::sortable().filter(move |&c| teams || c != Column::Team)
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

    /// The column's name, in lower case.
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
    /// The previous period's count, its change and the status (None until it is fetched).
    pub previous: Option<u64>,
    /// The previous period lies outside the saved file read: the change is not known,
    /// and never will be (`—`, not the `…` of a period on its way).
    pub not_in_file: bool,
    pub delta: Option<i128>,
    pub pct: Option<f64>,
    pub status: Option<Status>,
    /// The person's team (empty without `[teams]`).
    pub team: String,
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

/// A series line's sparkline: one cell of gap, then whatever the other columns leave.
const SPARK_FILL: Width = Width {
    gap: 1,
    min: 0,
    max: None,
    drop: 0,
};

/// How a column sorts a person: by text (A to Z first) or by a number (a count, a
/// change, a day), each with its own key type so the common case compares plain integers.
#[derive(Clone, Copy)]
pub enum Sort {
    Text(fn(&Person) -> String),
    Num(fn(&Person) -> i64),
    /// By the person's team: the key needs the config's teams, which only the kept
    /// orders hold (`tui::orders`), so it is computed there (rule: `order::by_team_then_rank`).
    Team,
}

/// `…` until the previous period is there; `—` when it is not in the saved file.
fn known<T>(l: &UserLine, v: Option<T>, f: impl Fn(T) -> String) -> String {
    match l.not_in_file {
        true => "—".into(),
        false => v.map_or("…".into(), f),
    }
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
    UserColumn { column: Column::Email, name: "email", header: "{lens} ({n})", width: Width { gap: 0, min: 8, max: Some(44), drop: 0 }, align: Align::Left, bars: false, sort: Some(Sort::Text(|p| p.user().email.to_lowercase())), desc_first: false, key: Some('U'), cell: |l, mask| if mask { mask_email(&l.email) } else { clean(&l.email) } },
    UserColumn { column: Column::Total, name: "total", header: "Total", width: fixed(1, 10), align: Align::Right, bars: false, sort: Some(Sort::Num(|p| p.total() as i64)), desc_first: true, key: Some('T'), cell: |l, _| thousands(l.total) },
    UserColumn { column: Column::Share, name: "share", header: "Share", width: Width { gap: 0, min: 7, max: Some(7), drop: 2 }, align: Align::Right, bars: false, sort: None, desc_first: true, key: None, cell: |l, _| crate::numbers::share_pct(l.share) },
    UserColumn { column: Column::ActiveDays, name: "active days", header: "Days", width: fixed(0, 5), align: Align::Right, bars: false, sort: Some(Sort::Num(|p| i64::from(p.active_days()))), desc_first: true, key: Some('D'), cell: |l, _| l.active_days.to_string() },
    UserColumn { column: Column::LastActive, name: "last active", header: "Last", width: fixed(0, 11), align: Align::Right, bars: false, sort: Some(Sort::Num(|p| p.last().map_or(0, |d| i64::from(d.num_days_from_ce())))), desc_first: true, key: Some('L'), cell: |l, _| l.last.map_or("—".into(), |d| d.to_string()) },
    UserColumn { column: Column::Previous, name: "previous", header: "Prev", width: fixed(1, 9), align: Align::Right, bars: false, sort: Some(Sort::Num(|p| p.previous().map_or(-1, |v| v as i64))), desc_first: true, key: None, cell: |l, _| known(l, l.previous, thousands) },
    UserColumn { column: Column::Delta, name: "change", header: "Δ", width: fixed(1, 9), align: Align::Right, bars: false, sort: Some(Sort::Num(|p| p.delta().map_or(i64::MIN, |d| d as i64))), desc_first: true, key: None, cell: |l, _| known(l, l.delta, signed_thousands) },
    UserColumn { column: Column::DeltaPct, name: "change %", header: "Δ%", width: Width { gap: 0, min: 8, max: Some(8), drop: 3 }, align: Align::Right, bars: false, sort: Some(Sort::Num(|p| p.pct_rank())), desc_first: true, key: None, cell: |l, _| if l.previous == Some(0) { "—".into() } else { known(l, l.pct, pct_short) } },
    UserColumn { column: Column::Status, name: "status", header: "Status", width: fixed(1, 8), align: Align::Left, bars: false, sort: Some(Sort::Num(|p| p.status().map_or(-1, |s| s as i64))), desc_first: false, key: None, cell: |l, _| known(l, l.status, |s| s.as_str().to_string()) },
    UserColumn { column: Column::Team, name: "team", header: "Team", width: Width { gap: 1, min: 8, max: Some(12), drop: 5 }, align: Align::Left, bars: false, sort: Some(Sort::Team), desc_first: false, key: None, cell: |l, _| clean(&l.team) },
    UserColumn { column: Column::Daily, name: "daily", header: "Daily", width: Width { gap: 1, min: 11, max: None, drop: 4 }, align: Align::Left, bars: true, sort: None, desc_first: false, key: None, cell: |l, _| l.spark.clone() },
];

/// Where a kept column goes: its offset in the line and its width.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Placed {
    pub x: u16,
    pub width: u16,
}

impl Placed {
    /// The column's cell on row `y` of a line drawn in `area`.
    pub fn at(self, area: ratatui::layout::Rect, y: u16) -> ratatui::layout::Rect {
        ratatui::layout::Rect {
            x: area.x + self.x,
            y,
            width: self.width,
            height: 1,
        }
    }
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

/// The users table's columns placed in `width` cells (no team column).
pub fn users(width: u16) -> Vec<Option<Placed>> {
    users_for(width, false)
}

/// The users table's columns placed in `width` cells; the team column only with `teams`
/// (the config has `[teams]`), and then the first to go when narrow.
pub fn users_for(width: u16, teams: bool) -> Vec<Option<Placed>> {
    let mut shown: Vec<usize> = (0..USERS.len())
        .filter(|&i| teams || USERS[i].column != Column::Team)
        .collect();
    let mut narrow = NARROW_DROPS.iter();
    loop {
        let w: Vec<Width> = shown.iter().map(|&i| USERS[i].width).collect();
        let placed = place(&w, width);
        let email = shown
            .iter()
            .zip(&placed)
            .find(|(i, _)| USERS[**i].column == Column::Email);
        let cramped = email.is_some_and(|(_, p)| p.is_some_and(|p| p.width < EMAIL_FLOOR));
        // On a narrow terminal an email cut to a few letters names nobody: the change
        // columns go before it is squeezed under its floor.
        if let (true, Some(&gone)) = (cramped, narrow.next()) {
            shown.retain(|&i| USERS[i].column != gone);
            continue;
        }
        let mut out = vec![None; USERS.len()];
        for (i, p) in shown.into_iter().zip(placed) {
            out[i] = p;
        }
        return out;
    }
}

/// The email's width under which [`NARROW_DROPS`] go, in that order.
const EMAIL_FLOOR: u16 = 16;
const NARROW_DROPS: [Column; 3] = [Column::Previous, Column::Delta, Column::LastActive];

/// The width of the users table's sparkline at `width` (0 when it is dropped).
pub fn users_spark(width: u16) -> usize {
    users_spark_for(width, false)
}

/// As [`users_spark`], with the team column when `teams`.
pub fn users_spark_for(width: u16, teams: bool) -> usize {
    USERS
        .iter()
        .zip(users_for(width, teams))
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
    spark: SPARK_FILL,
    figures: fixed(1, 17),
    margin: 0,
};

/// The Origins block: name, sparkline, count and share.
pub const ORIGIN_LINE: SeriesLine = SeriesLine {
    name: fixed(0, 7),
    spark: SPARK_FILL,
    figures: fixed(1, 17),
    margin: 0,
};

/// The per-team block's figures: prompts, then active users, right-aligned, wide enough
/// for a large organization's years ("1,505,608,250", "166,666").
pub const TEAM_FIGURES: [usize; 2] = [13, 7];

/// The per-team block: name, sparkline of prompts, prompts and active users.
pub const TEAM_LINE: SeriesLine = SeriesLine {
    name: fixed(0, 12),
    spark: SPARK_FILL,
    figures: fixed(1, (TEAM_FIGURES[0] + 1 + TEAM_FIGURES[1]) as u16),
    margin: 0,
};

/// A line of the user detail (by product, by origin): name, sparkline, total.
pub const DETAIL_LINE: SeriesLine = SeriesLine {
    name: fixed(0, 22),
    spark: SPARK_FILL,
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
mod tests;
