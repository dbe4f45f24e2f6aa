//! Reports of a range for people who never open a terminal: one [`Report`] computed from
//! the usage of the range and of its previous period, written as GitHub-flavoured
//! Markdown (`md`), one self-contained HTML file (`html`, charts drawn as inline SVG by
//! `svg`) or JSON (the model itself, its fields documented in the README).

mod html;
mod md;
mod model;
mod series;
mod svg;
#[cfg(test)]
mod tests;

use std::path::Path;

pub use model::{
    Context, Count, DAILY_MAX_DAYS, Group, Kpi, Kpis, LIST_LEN, OriginShare, PersonLine, Point,
    ProductLine, Report, Series, Span,
};

use crate::numbers::{pct, signed_thousands, thousands};

/// The form a report is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Md,
    Html,
    Json,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Html => "html",
            Format::Json => "json",
        }
    }

    /// The format a file name asks for: `.md`/`.markdown`, `.html`/`.htm`, `.json`.
    pub fn from_extension(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "md" | "markdown" => Format::Md,
            "html" | "htm" => Format::Html,
            "json" => Format::Json,
            _ => return None,
        })
    }
}

/// Why a report of a saved response has no origin share: the same words from `report`
/// and the dashboard's `E` (which said the origins "did not add up").
pub const SAVED_NO_ORIGINS: &str =
    "Origin share not shown: a saved response does not say which origin each prompt came from.";

/// Why a report of one origin has no origin share: the same words from `report` and the
/// dashboard's `E` (which said to see `report`, where the share was left out as well).
pub fn one_origin_note(o: crate::api::Origin) -> String {
    format!(
        "Origin share not shown: the report is of one origin ({}).",
        o.as_str()
    )
}

/// The whole report as text in `format`.
pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Md => md::render(report),
        Format::Html => html::render(report),
        Format::Json => {
            // Names and emails may carry C1 controls or bidi marks: escaped, so that a
            // JSON report `cat` to a terminal cannot steer it (as the exports' JSON).
            let mut s = crate::sanitize::json_pretty(report);
            s.push('\n');
            s
        }
    }
}

/// The lists of people, in the report's order: title, people, and whether it is the
/// dormant list (which shows the last active day). Every format writes these.
pub fn people_sections(r: &Report) -> [(String, &[PersonLine], bool); 5] {
    // A list longer than it shows says so: "New people: 16" over ten names read as all.
    let count = |n: usize, shown: usize, by: &str| match shown < n {
        true => format!(
            "{} (the first {shown}, by {by})",
            crate::numbers::thousands(n as u64)
        ),
        false => crate::numbers::thousands(n as u64),
    };
    [
        (
            match r.top_people.len() {
                0 => "Top people".into(),
                1 => "Top person".into(),
                n => format!("Top {n} people"),
            },
            &r.top_people,
            false,
        ),
        ("Movers up".into(), &r.movers_up, false),
        ("Movers down".into(), &r.movers_down, false),
        (
            format!(
                "New people: {}",
                count(r.new_people.count, r.new_people.first.len(), "prompts")
            ),
            &r.new_people.first,
            false,
        ),
        (
            format!(
                "Dormant people: {}",
                count(
                    r.dormant_people.count,
                    r.dormant_people.first.len(),
                    "prompts before"
                )
            ),
            &r.dormant_people.first,
            true,
        ),
    ]
}

/// `s` safe as HTML text or an attribute value (control characters become spaces).
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if crate::sanitize::is_unsafe(c) => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// An origin's share, `12.5%`, or a dash when no origin has a prompt.
fn share(o: &OriginShare) -> String {
    match o.share_pct {
        Some(p) => format!("{}%", crate::numbers::pct_plain(p)),
        None => "—".into(),
    }
}

/// A rate's change, `+0.12 (+5.0%)`: the difference of the two figures as shown (6.28
/// against 5.41 read "+0.88", the change of the unrounded rates); the JSON keeps those.
fn rate_change(k: &Kpi) -> String {
    let Some(change) = k.change else {
        return crate::numbers::NO_RATE.into();
    };
    let shown = |r: f64| crate::numbers::half_away(r, 2);
    let change = match (k.value, k.previous) {
        (Some(now), Some(before)) => shown(now) - shown(before),
        _ => change,
    };
    let abs = crate::numbers::grouped(change, 2, true);
    match k.change_pct {
        Some(p) => format!("{abs} ({})", pct(p)),
        None => abs,
    }
}

fn rate_of(r: Option<f64>) -> String {
    r.map_or(crate::numbers::NO_RATE.into(), |r| {
        crate::numbers::grouped(r, 2, false)
    })
}

/// A product's name as a table shows it: one the rows left empty (or blank) is named by
/// the start of its id, as a row with no label could not be told from another.
pub(crate) fn product_name(p: &ProductLine) -> String {
    match p.name.trim().is_empty() {
        true => format!("(no name) {}", p.id.get(..8).unwrap_or(&p.id)),
        false => p.name.clone(),
    }
}

/// A person's or product's change, `+12 (+5.0%)`, or `+12 (new)` from nothing.
fn change(delta: i128, change_pct: Option<f64>) -> String {
    match change_pct {
        Some(p) => format!("{} ({})", signed_thousands(delta), pct(p)),
        None if delta > 0 => format!("{} (new)", signed_thousands(delta)),
        None => signed_thousands(delta),
    }
}

/// The filters in words when any narrows the report (`check` says them only then), on
/// one line: product names come from the rows, and a newline in one forged a line of a
/// cron mail.
pub(crate) fn filters_applied(r: &Report) -> Option<String> {
    let f = &r.filters;
    let any = f.origin.is_some() || !f.products.is_empty() || f.search.is_some();
    (any || !f.teams.is_empty()).then(|| crate::sanitize::one_line(&filters_line(r)))
}

/// The filters in words: `origin all · products all · search none`, and the teams when
/// `--team` narrowed the people.
fn filters_line(r: &Report) -> String {
    let f = &r.filters;
    let mut line = format!(
        "origin {} · products {} · search {}",
        f.origin.unwrap_or("all"),
        match f.products.is_empty() {
            true => "all".to_string(),
            false => f.products.join(", "),
        },
        f.search.as_deref().unwrap_or("none")
    );
    if !f.teams.is_empty() {
        line += &format!(" · teams {}", f.teams.join(", "));
    }
    line
}

/// The previous figures of a period a saved file does not reach, as the dashboard says.
const NOT_IN_FILE: &str = "not in the file";

/// The KPI rows in order: label, figure now, figure before, change.
fn kpi_rows(r: &Report) -> Vec<[String; 4]> {
    let k = &r.kpis;
    // A previous period the saved file holds none of has no figures to compare with: its
    // zeros read as "+579,117 (new)" and every person new.
    let none = r.previous_range.outside_file;
    let count = |label: &str, c: &Count| {
        let (before, change) = match none {
            true => (NOT_IN_FILE.to_string(), "—".to_string()),
            false => (
                thousands(c.previous),
                change(i128::from(c.change), c.change_pct),
            ),
        };
        [label.to_string(), thousands(c.value), before, change]
    };
    let alone = |label: &str, n: usize| {
        let n = if none {
            "—".into()
        } else {
            thousands(n as u64)
        };
        [label.to_string(), n, String::new(), String::new()]
    };
    let rate = &k.prompts_per_active_user_per_day;
    vec![
        count("Prompts", &k.prompts),
        count("Active users", &k.active_users),
        alone("New people", k.new_users),
        alone("Dormant people", k.dormant_users),
        [
            "Prompts per active user per day".to_string(),
            rate_of(rate.value),
            rate_of(rate.previous),
            rate_change(rate),
        ],
    ]
}

/// The series' heading: `Prompts by day`, `Prompts by week (Sunday to Saturday)`: a
/// week's label (`2026-W47`) alone reads as an ISO week.
pub(crate) fn series_title(r: &Report) -> String {
    let days = match r.series.week_start {
        Some("sunday") => " (Sunday to Saturday)",
        Some(_) => " (Monday to Sunday)",
        None => "",
    };
    format!("Prompts by {}{days}", r.series.grain)
}

/// What a range with no prompt says where its chart and lists would be empty: a page of
/// zeros read as a broken report.
pub(crate) fn no_prompts(r: &Report) -> Option<&'static str> {
    let none = r.kpis.prompts.value == 0;
    none.then_some("No prompts in this range with these filters.")
}

/// The range and its previous period in words, as every format heads the report:
/// `2026-11-01 to 2026-11-30 (UTC, 30 days), against …` ("1 day" for one).
pub(crate) fn range_line(r: &Report) -> String {
    let (today, before) = range_notes(r);
    format!(
        "{} to {} (UTC, {}{today}), against {} to {}{before}",
        r.range.start,
        r.range.end,
        crate::numbers::count_of(r.range.days as u64, "day", "days"),
        r.previous_range.start,
        r.previous_range.end
    )
}

/// When the report was made, as a reader reads a time: `2026-12-03 09:19 UTC` (the
/// JSON keeps the model's RFC 3339).
pub(crate) fn generated_line(r: &Report) -> String {
    match chrono::DateTime::parse_from_rfc3339(&r.generated_at) {
        Ok(t) => t
            .with_timezone(&chrono::Utc)
            .format("%Y-%m-%d %H:%M UTC")
            .to_string(),
        Err(_) => r.generated_at.clone(),
    }
}

/// What the range's and the previous period's dates need beside them: that the range
/// ends on a day not over, and the previous period's length when it is not the range's
/// (a 30-day month against a 31-day one reads as a drop of a day's prompts).
fn range_notes(r: &Report) -> (&'static str, String) {
    let today = if r.range.today_so_far {
        ", today so far"
    } else {
        ""
    };
    let before = crate::dates::other_length(r.previous_range.days, r.range.days);
    (today, before)
}
