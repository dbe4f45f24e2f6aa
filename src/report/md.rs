//! The report as GitHub-flavoured Markdown: tables with right-aligned numbers and Unicode
//! sparklines, so it pastes into an issue, a wiki page or a chat. Every server string is
//! one line with the characters Markdown would read as markup escaped.

use std::fmt::Write;

use super::{PersonLine, Report, change, filters_line, kpi_rows, share};
use crate::numbers::thousands;

/// The eight heights of a sparkline.
const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

pub fn render(r: &Report) -> String {
    let mut s = String::new();
    head(&mut s, r);
    series(&mut s, r);
    origins(&mut s, r);
    products(&mut s, r);
    for (title, list, dormant) in super::people_sections(r) {
        people(&mut s, &title, list, dormant);
    }
    s
}

/// A table cell: one line, with Markdown's markup characters escaped (`&` too: a name
/// `&amp;` would render as `&`). So are the `:` of a scheme and the `.` after `www`:
/// GitHub turns `http://...` and `www....` in text into links, and an email shaped
/// `http://evil.example/?q=1@x.example` became one to click.
pub(super) fn cell(s: &str) -> String {
    escaped(&crate::sanitize::one_line(s))
}

/// A note of the report's own as one line, escaped as a [`cell`] but whole: cut at a
/// name's 200 characters, the origins' note stopped mid-word.
fn note(s: &str) -> String {
    let line = crate::sanitize::for_terminal(s);
    escaped(&line.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn escaped(line: &str) -> String {
    let mut out = String::new();
    for (i, c) in line.char_indices() {
        let www = c == '.' && out.len() >= 3 && out[out.len() - 3..].eq_ignore_ascii_case("www");
        let scheme = c == ':' && line[i + 1..].starts_with("//");
        if www
            || scheme
            || matches!(
                c,
                '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '~' | '&'
            )
        {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Values scaled to the eight bar heights (all low when all are 0).
pub fn sparkline(values: &[u64]) -> String {
    let max = values.iter().copied().max().unwrap_or(0).max(1);
    values
        .iter()
        .map(|&v| match v {
            // None at all, not the lowest bar: 24 days a saved file never reached read
            // as quiet ones.
            0 => NONE,
            v => BARS[((v as u128 * 7 + max as u128 / 2) / max as u128) as usize],
        })
        .collect()
}

/// A period of none in a sparkline (a space would collapse in a rendered table).
const NONE: char = '·';

fn head(s: &mut String, r: &Report) {
    let _ = writeln!(s, "# {}\n", cell(&r.title));
    let _ = writeln!(s, "**Range:** {}  ", super::range_line(r));
    let _ = writeln!(s, "**Filters:** {}  ", cell(&filters_line(r)));
    let masked = if r.masked { " · emails masked" } else { "" };
    let _ = writeln!(s, "**Generated:** {}{masked}\n", super::generated_line(r));
    for w in &r.warnings {
        let _ = writeln!(s, "**Warning:** {}\n", cell(w));
    }
    let _ = writeln!(s, "## Key figures\n");
    let _ = writeln!(
        s,
        "| Figure | Now | Previous | Change |\n|---|---:|---:|---:|"
    );
    for [a, b, c, d] in kpi_rows(r) {
        let _ = writeln!(s, "| {a} | {b} | {c} | {d} |");
    }
    s.push('\n');
}

fn series(s: &mut String, r: &Report) {
    let p = &r.series.points;
    let prompts: Vec<u64> = p.iter().map(|x| x.prompts).collect();
    let users: Vec<u64> = p.iter().map(|x| u64::from(x.active_users)).collect();
    let _ = writeln!(s, "## {}\n", super::series_title(r));
    if let Some(none) = super::no_prompts(r) {
        let _ = writeln!(s, "{none}\n");
        return;
    }
    let (Some(first), Some(last)) = (p.first(), p.last()) else {
        return;
    };
    let peak = p.iter().max_by_key(|x| x.prompts).expect("not empty");
    let _ = writeln!(
        s,
        "| | {} to {} | Peak |\n|---|---|---:|",
        first.period, last.period
    );
    // A range with no prompts has no busiest period: a dash, not its first one's 0.
    let peak_text = match peak.prompts {
        0 => "—".to_string(),
        n => format!("{} ({})", thousands(n), peak.period),
    };
    let _ = writeln!(s, "| Prompts | {} | {peak_text} |", sparkline(&prompts));
    let busiest = p.iter().max_by_key(|x| x.active_users).expect("not empty");
    let peak_u = match busiest.active_users {
        0 => "—".to_string(),
        n => format!("{} ({})", thousands(u64::from(n)), busiest.period),
    };
    let _ = writeln!(s, "| Active users | {} | {peak_u} |\n", sparkline(&users));
    // The HTML fades partial buckets; text needs words for it.
    let partial: Vec<&str> = p
        .iter()
        .filter(|x| x.partial)
        .map(|x| x.period.as_str())
        .collect();
    // A day is only ever partial as today; a week or month may be cut by the range too.
    let why = match r.series.grain {
        "day" => "today, not over",
        _ => "the range or today covers only part of them",
    };
    if !partial.is_empty() {
        let grain = r.series.grain;
        let list = partial.join(", ");
        let _ = writeln!(s, "Partial {grain}s ({why}): {list}.\n");
    }
}

fn origins(s: &mut String, r: &Report) {
    let _ = writeln!(s, "## Origin share\n");
    match &r.origins {
        Some(o) => {
            let _ = writeln!(s, "| Origin | Prompts | Share |\n|---|---:|---:|");
            for x in o {
                let (n, p) = (thousands(x.prompts), share(x));
                let _ = writeln!(s, "| {} | {n} | {p} |", x.origin);
            }
            s.push('\n');
        }
        None => {
            let note = r.origins_note.as_deref().unwrap_or("not available");
            let _ = writeln!(s, "_{}_\n", self::note(note));
        }
    }
}

fn products(s: &mut String, r: &Report) {
    let _ = writeln!(s, "## Products\n");
    if r.products.is_empty() {
        let _ = writeln!(s, "_None._\n");
        return;
    }
    let _ = writeln!(
        s,
        "| Product | Prompts | Active users | Previous | Change |\n|---|---:|---:|---:|---:|"
    );
    for p in &r.products {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} |",
            cell(&super::product_name(p)),
            thousands(p.prompts),
            thousands(u64::from(p.active_users)),
            thousands(p.previous_prompts),
            change(p.change, p.change_pct)
        );
    }
    s.push('\n');
}

/// A list of people; the dormant list shows the last active day instead of a status.
fn people(s: &mut String, title: &str, list: &[PersonLine], dormant: bool) {
    let _ = writeln!(s, "## {title}\n");
    if list.is_empty() {
        let _ = writeln!(s, "_None._\n");
        return;
    }
    let last = PersonLine::last_heading(dormant);
    let _ = writeln!(
        s,
        "| # | Person | Prompts | Previous | Change | {last} |\n|---:|---|---:|---:|---:|---|"
    );
    for (i, p) in list.iter().enumerate() {
        let tail = p.last_column(dormant);
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {tail} |",
            i + 1,
            cell(&p.email),
            thousands(p.prompts),
            thousands(p.previous_prompts),
            change(p.change, p.change_pct)
        );
    }
    s.push('\n');
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_note_is_whole_and_escaped() {
        let long = format!(
            "{} so the origin shares are not to be trusted",
            "a_b ".repeat(60)
        );
        let md = super::note(&long);
        assert!(md.ends_with("not to be trusted"), "{md}");
        assert!(md.starts_with("a\\_b a\\_b"), "{md}");
        assert!(!super::cell(&long).ends_with("trusted"), "a cell is cut");
    }
}
