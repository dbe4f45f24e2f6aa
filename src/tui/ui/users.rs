//! The per-user table: only the visible rows are built (the view holds them), so a
//! 100,000-person organization draws as fast as a small one. Columns, widths and cells
//! come from the column table (`tui::columns`).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::text::{fit, right, search_shown, thousands};
use super::theme::Theme;
use crate::tui::app::{App, Focus};
use crate::tui::columns::{self, Align, Column, Placed, USERS, UserColumn};
use crate::tui::keymap::{Action, Mode};
use crate::tui::people::Lens;

pub fn render(app: &App, t: &Theme, area: Rect, buf: &mut Buffer) {
    if area.height == 0 || app.usage().is_none() {
        return;
    }
    let placed = columns::users_for(area.width, app.teams().configured());
    let head_style = if app.focus() == Focus::Users {
        t.title()
    } else {
        t.label()
    };
    let n = app.view().order.len();
    // A sort by a column the width left out is named in the first header, or nothing on
    // screen says what orders the rows.
    let (sorted, _) = app.table().sort();
    let hidden = USERS
        .iter()
        .zip(&placed)
        .find(|(c, p)| c.column == sorted && p.is_none())
        .map(|(c, _)| c.header);
    let head: Vec<Span> = USERS
        .iter()
        .zip(&placed)
        .filter_map(|(c, p)| {
            // The letter the user has for this column's sort, if it is in the header.
            let key = app.keymap().letter(Mode::Main, Action::SortBy(c.column));
            let p = (*p)?;
            let cell = header(app, c, p, (n, hidden));
            if c.column != Column::Email {
                // The sorted column's header in the accent, its arrow with it:
                // "Total↓Days" did not say whether Total or Days was sorted.
                let style = match c.column == sorted {
                    true => t.sorted(),
                    false => head_style,
                };
                return Some(underlined(cell, key, style));
            }
            // The first header is the pane's name: in reverse video with the focus, as
            // the other panes' names are (its text, not the column's padding).
            let text = cell.trim_end();
            let pad = cell[text.len()..].to_string();
            let mut spans = underlined(
                text.to_string(),
                key,
                t.pane_title(app.focus() == Focus::Users),
            );
            spans.push(Span::styled(pad, head_style));
            Some(spans)
        })
        .flatten()
        .collect();
    Line::from(head).render(Rect { height: 1, ..area }, buf);
    if n == 0 {
        let search = app
            .query()
            .search
            .as_deref()
            .filter(|_| app.shown() == Some(app.query()));
        let why = match (app.view().lens, app.view().people.compared) {
            // A search that matched nobody: named, with the way out.
            (Lens::All, _) if let Some(s) = search => &format!(
                "nobody matches \"{}\" ({} then C-u, Enter: clear the search)",
                search_shown(s, app.mask()),
                app.keymap().key_name(Mode::Main, Action::Search)
            ),
            (Lens::All, _) => "no prompts in this view",
            (_, false) if app.view().kpis.previous_outside => {
                "the previous period is not in the file: nothing to compare with"
            }
            (_, false) => "waiting for the previous period…",
            _ => &format!(
                "nobody in this lens ({}: next lens)",
                app.keymap().key_name(Mode::Main, Action::Lens)
            ),
        };
        Line::styled(why, t.label()).render(row(area, 1), buf);
        return;
    }
    for (i, u) in app.view().visible.iter().enumerate() {
        if i + 1 >= area.height as usize {
            break;
        }
        let selected =
            app.table().offset() + i == app.table().selected() && app.focus() == Focus::Users;
        let style = if selected { t.selected() } else { Style::new() };
        let spans = line(
            USERS.iter().zip(&placed),
            |c| (c.cell)(u, app.mask()),
            style,
            t,
        );
        Line::from(spans).render(row(area, i as u16 + 1), buf);
    }
}

fn row(area: Rect, i: u16) -> Rect {
    Rect {
        y: area.y + i,
        height: 1,
        ..area
    }
}

/// A header cell with its sort key's letter underlined (the first one in it).
fn underlined(cell: String, key: Option<char>, style: Style) -> Vec<Span<'static>> {
    // A header underlined whole (mono's sorted one) is underlined under its words, not
    // under the column's padding.
    if style.add_modifier.contains(Modifier::UNDERLINED) {
        let text = cell.trim();
        if !text.is_empty() && text.len() < cell.len() {
            let lead = cell.len() - cell.trim_start().len();
            let pad = style.remove_modifier(Modifier::UNDERLINED);
            let mut out = vec![Span::styled(cell[..lead].to_string(), pad)];
            out.extend(underlined(text.to_string(), key, style));
            out.push(Span::styled(cell[lead + text.len()..].to_string(), pad));
            return out;
        }
    }
    let Some(at) = key.and_then(|k| cell.find(k)) else {
        return vec![Span::styled(cell, style)];
    };
    let (a, rest) = cell.split_at(at);
    let (k, b) = rest.split_at(rest.chars().next().map_or(0, char::len_utf8));
    vec![
        Span::styled(a.to_string(), style),
        Span::styled(k.to_string(), style.add_modifier(Modifier::UNDERLINED)),
        Span::styled(b.to_string(), style),
    ]
}

/// The people counted in the first header, with the selected row's place once it has left
/// the top: after a range change the selection follows its person, and "Users (166,666)"
/// did not say the table stood at row 40,123.
fn count(n: usize, selected: usize) -> String {
    match selected {
        0 => thousands(n as u64),
        s => format!("{} of {}", thousands(s as u64 + 1), thousands(n as u64)),
    }
}

/// A header cell: its gap, the sort arrow and the title, aligned like the column; the
/// first one also names the sort's column when that column is not drawn (`hidden`).
fn header(app: &App, c: &UserColumn, p: Placed, (n, hidden): (usize, Option<&str>)) -> String {
    let (col, desc) = app.table().sort();
    let down = if desc { "↓" } else { "↑" };
    let arrow = if col == c.column { down } else { "" };
    let mut title = c
        .header
        .replace("{lens}", app.view().lens.label())
        .replace("{n}", &count(n, app.table().selected()));
    if let Some(h) = hidden.filter(|_| c.column == Column::Email) {
        title += &format!(" {down}{h}");
    }
    let gap = " ".repeat(c.width.gap as usize);
    match (c.align, c.sort.is_some()) {
        (Align::Left, true) => format!(
            "{gap}{}",
            fit(&format!("{title} {arrow}"), p.width as usize)
        ),
        (Align::Left, false) => format!("{gap}{}", fit(&title, p.width as usize)),
        (Align::Right, _) => format!(
            "{gap}{}",
            right(&format!("{arrow}{title}"), p.width as usize)
        ),
    }
}

/// A row's spans: text columns in the row's style (their gaps too), bars in the bars'
/// colour after a plain gap.
fn line<'a>(
    cols: impl Iterator<Item = (&'a UserColumn, &'a Option<Placed>)>,
    cell: impl Fn(&UserColumn) -> String,
    style: Style,
    t: &Theme,
) -> Vec<Span<'static>> {
    let mut spans: Vec<Span> = Vec::new();
    let mut text = String::new();
    for (c, p) in cols {
        let Some(p) = p else { continue };
        let gap = " ".repeat(c.width.gap as usize);
        let w = p.width as usize;
        if c.bars {
            spans.push(Span::styled(std::mem::take(&mut text), style));
            spans.push(Span::raw(gap));
            spans.push(Span::styled(cell(c), t.bars()));
            continue;
        }
        text.push_str(&gap);
        match c.align {
            Align::Left => text.push_str(&fit(&cell(c), w)),
            Align::Right => text.push_str(&right(&cell(c), w)),
        }
    }
    if !text.is_empty() {
        spans.push(Span::styled(text, style));
    }
    spans
}

#[cfg(test)]
mod tests {
    use ratatui::style::Modifier;

    use crate::tui::app::tests::{ch, loaded};

    /// The sorted column's header, arrow and name, has a style of its own: "Total↓Days"
    /// did not say whether Total or Days was sorted.
    #[test]
    fn the_sorted_columns_header_stands_out() {
        let (mut app, _) = loaded((120, 40));
        ch(&mut app, 'D');
        let users = app.areas().users;
        let buf = crate::tui::app::tests::screen(&app);
        let row: Vec<_> = (users.x..users.x + users.width)
            .map(|x| &buf[(x, users.y)])
            .collect();
        let text: String = row.iter().map(|c| c.symbol()).collect();
        let at = text.chars().position(|c| c == '↓').expect("the arrow");
        // Its colour and weight (the key's letter is underlined besides).
        let look = |c: &ratatui::buffer::Cell| (c.fg, c.modifier - Modifier::UNDERLINED);
        let alike: String = (row.iter())
            .filter(|c| look(c) == look(row[at]))
            .map(|c| c.symbol())
            .collect();
        assert_eq!(alike, "↓Days", "{text}");
    }

    #[test]
    fn the_count_gives_the_selected_row_once_it_leaves_the_top() {
        assert_eq!(super::count(166_666, 0), "166,666");
        assert_eq!(super::count(166_666, 40_122), "40,123 of 166,666");
    }
}
