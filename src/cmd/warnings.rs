//! The warnings of what a command read, said once on stderr and given back for a report:
//! a saved file's rows outside the range, its quiet edges, a previous period it starts
//! after, and the answers' own warnings.

use chrono::NaiveDate;

use crate::dates::DateRange;
use crate::model::{Usage, Warnings};
use crate::source::Source;

/// Says the warnings of a range and of its previous period, once the progress line is
/// gone. A saved response's warnings are the whole file's: said once, not twice.
/// `narrowed`: the rows are part of the organization's (some people, products or teams),
/// whose quiet days say nothing of the file's: where the file's rows start and end is
/// said instead ([`beyond`]; else [`quiet_edges`]). A saved file's rows
/// outside the range are a note, which `quiet` silences: a file often holds more days than
/// asked of it, where the API answering outside the range asked is a fault. The warnings
/// said are given back: a report carries them (one read by a manager said nothing of a
/// comparison with days the file lacks).
pub fn warn(
    source: &Source,
    usage: &Usage,
    previous: Option<&Usage>,
    narrowed: bool,
    quiet: bool,
) -> Vec<String> {
    let mut said = Vec::new();
    let mut say = |line: String| {
        super::console::say(&format!("warning: {line}"));
        said.push(line);
    };
    let edges = match (source, narrowed) {
        (Source::Api { .. }, _) => None,
        (_, false) => quiet_edges(usage),
        // Some people's quiet days say nothing of the file; where its rows end does.
        (Source::Fixed(whole), true) => beyond(whole, usage.range()),
        (Source::Saved(..), true) => beyond(usage, usage.range()),
    };
    if let Some(line) = edges {
        say(line);
    }
    let mut file = match (source, previous) {
        (Source::Saved(..), Some(prev)) => read_together(usage, prev),
        _ => usage.warnings(),
    };
    if let (Source::Fixed(whole), Some(prev)) = (source, previous) {
        file.out_of_range += between(whole, prev.range(), usage.range());
    }
    let outside = match source {
        Source::Api { .. } => 0,
        Source::Fixed(_) | Source::Saved(..) => std::mem::take(&mut file.out_of_range),
    };
    if outside > 0 && !quiet {
        let note = Warnings {
            out_of_range: outside,
            ..Warnings::default()
        };
        super::console::say(&format!("note: {note}"));
    }
    if !file.is_empty() {
        say(file.to_string());
    }
    if let Some(prev) = previous
        && matches!(source, Source::Api { .. })
        && !prev.warnings().is_empty()
    {
        say(format!("previous period: {}", prev.warnings()));
    }
    // The rows of the file as read: held whole, or the two periods folded.
    let read: &[&Usage] = match (source, previous) {
        (Source::Fixed(whole), _) => &[&**whole],
        (Source::Saved(..), Some(prev)) => &[usage, prev],
        _ => &[],
    };
    if let Some(prev) = previous
        && let Some(line) = uncovered(read, prev.range())
    {
        say(line);
    }
    said
}

/// The warnings of a saved file read over both periods at once, from its two foldings:
/// the rows outside the range were the previous period's rows (all in its range, kept or
/// repeated) and those outside both; repeats fall in one period each. Product names are
/// the same in both (else the periods are read held: `load::needs_held`).
fn read_together(usage: &Usage, prev: &Usage) -> Warnings {
    let (now, before) = (usage.warnings(), prev.warnings());
    let prev_rows = prev.folded_rows().unwrap_or(0) + before.duplicates;
    Warnings {
        out_of_range: now.out_of_range.saturating_sub(prev_rows),
        duplicates: now.duplicates + before.duplicates,
        renamed_products: now.renamed_products + before.renamed_products,
        ..Warnings::default()
    }
}

/// The rows of a saved file read whole that fall between the previous period and the
/// range (an `--against` that leaves a gap): in neither period, so dropped, as the rows
/// outside the file's reading are, and said with them.
fn between(whole: &Usage, previous: DateRange, range: DateRange) -> u64 {
    let (Some(from), Some(to)) = (previous.end().succ_opt(), range.start().pred_opt()) else {
        return 0;
    };
    if from > to {
        return 0;
    }
    let day = |d: chrono::NaiveDate| (d - whole.range().start()).num_days();
    let gap = day(from)..=day(to);
    let cells = whole.cells().filter(|c| gap.contains(&i64::from(c.day)));
    cells.count() as u64
}

/// A saved response read for a range: the range's days at either end with no prompts,
/// said in one line. The rows outside the range are dropped and counted, but days the
/// file never reached read as quiet days without a word. Only for the whole
/// organization (`narrowed` false): one person or team is often quiet for days.
fn quiet_edges(usage: &Usage) -> Option<String> {
    let (t, r) = (usage.day_totals(), usage.range());
    // None in the whole range (a range wholly outside the file): the figures are all
    // zeros, and `check` holds on them; the note of the rows outside alone was too quiet
    // for that (and `-q` silenced it).
    let Some(first) = t.iter().position(|&n| n > 0) else {
        // An empty file read without a range has a range of its own making to name.
        if usage.users().is_empty() && usage.warnings().out_of_range == 0 {
            return Some("the file holds no rows: every figure is zero".into());
        }
        return Some(format!(
            "the file has no prompts from {} to {}, the whole range: if it does not reach those days, they count as none (give a range the file covers)",
            r.start(),
            r.end()
        ));
    };
    let after = t.len() - 1 - t.iter().rposition(|&n| n > 0).unwrap_or(first);
    let before = (first > 2).then(|| (r.start(), r.day(first - 1)));
    let past = (after > 2).then(|| (r.day(t.len() - after), r.end()));
    no_days("prompts", [before, past])
}

/// "the file has no {what} from A to B nor from C to D: ...", for the gaps given.
fn no_days(what: &str, gaps: [Option<(NaiveDate, NaiveDate)>; 2]) -> Option<String> {
    let gaps: Vec<String> = gaps
        .iter()
        .flatten()
        .map(|(a, b)| format!("{a} to {b}"))
        .collect();
    (!gaps.is_empty()).then(|| {
        format!(
            "the file has no {what} from {}: if it does not reach those days, they count as none (give a range the file covers)",
            gaps.join(" nor from ")
        )
    })
}

/// A narrowed reading of a saved file (a team, a search): the range's days before the
/// file's first row or after its last, whoever's (a team's check compared eight days past
/// the file's end as a drop, with nothing said). `read` holds every row's days: the whole
/// file held, or a folding, which reads every row whatever it keeps.
fn beyond(read: &Usage, range: DateRange) -> Option<String> {
    // Rows dropped on either side of the model's range put the file past that side.
    let w = read.warnings();
    let last = match w.out_of_range > w.before_range {
        true => read.range().end().succ_opt()?,
        false => read.last_row_day()?,
    };
    let first = read.rows_start()?;
    let before = match (first - range.start()).num_days() > 2 {
        true => Some((range.start(), first.pred_opt()?)),
        false => None,
    };
    let past = match (range.end() - last).num_days() > 2 {
        true => Some((last.succ_opt()?, range.end())),
        false => None,
    };
    no_days("rows", [before, past])
}

/// A saved file's first row, read as `models`, and how many of `previous`'s days come
/// before it (all of them: the file holds none of the period; the report says so).
pub fn before_file(models: &[&Usage], previous: DateRange) -> Option<(NaiveDate, i64)> {
    // Rows dropped before a model's range put the file's start before it.
    let first = models.iter().filter_map(|m| m.rows_start()).min()?;
    let missing = (first - previous.start()).num_days();
    Some((first, missing.min(previous.len_days() as i64)))
}

/// When a saved response starts well after the previous period's first day: its
/// comparison would count the days before as zeros without a word.
fn uncovered(models: &[&Usage], previous: DateRange) -> Option<String> {
    let start = previous.start();
    let (first, missing) = before_file(models, previous)?;
    (missing > 2).then(|| {
        format!(
            "the file's rows start on {first}, after the previous period's first day ({start}): the comparison may miss {missing} days"
        )
    })
}
