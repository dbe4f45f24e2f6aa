//! Pop-ups over the dashboard: the `?` help (from the keymap) and the product picker.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

use super::text::{clean, fit, right, thousands};
use super::theme::Theme;
use crate::tui::app::App;
use crate::tui::keymap::{Action, HelpLine, Keymap, Mode};
use crate::tui::{glossary, help};

fn popup(area: Rect, w: u16, h: u16) -> Rect {
    area.centered(
        Constraint::Length(w.min(area.width)),
        Constraint::Length(h.min(area.height)),
    )
}

/// Blanks `r` for a pop-up, and a wide character of the screen under it whose right half
/// falls on the pop-up's left border: the terminal drew it over the border (a product
/// named 数据洞察 beside the picker cut its left side away).
fn clear(r: Rect, buf: &mut Buffer) {
    use unicode_width::UnicodeWidthStr;
    Clear.render(r, buf);
    if r.x == 0 || r.x <= buf.area.x {
        return;
    }
    for y in r.top()..r.bottom() {
        let cell = &mut buf[(r.x - 1, y)];
        if cell.symbol().width() > 1 {
            cell.set_symbol(" ");
        }
    }
}

/// The help's second page: what the numbers mean, wrapped to the pop-up (`tui::glossary`
/// wraps it, so that `update` knows how far it scrolls), scrolled `scroll` lines down and
/// with the keys page's scroll line under it when it is too long for the terminal.
pub fn glossary(keymap: &Keymap, t: &Theme, area: Rect, buf: &mut Buffer, scroll: u16) {
    let (s, rows) = glossary::page((area.width, area.height));
    // As tall as its lines (and the scroll line when it scrolls): at 200x60 the box ran
    // the full height, 30 rows of it blank, over the header.
    let scroll_line = u16::from(s.scroll_max > 0);
    let r = popup(area, glossary::WIDTH, s.rows + scroll_line + 2);
    clear(r, buf);
    let closes = match s.scroll_max {
        0 => "any key closes",
        _ => "any other key closes",
    };
    let block = Block::bordered()
        .title(format!(" What the numbers mean ({closes}) "))
        .border_style(t.border(true));
    let inner = block.inner(r);
    block.render(r, buf);
    let first = usize::from(scroll.min(s.scroll_max));
    let lines: Vec<Line> = rows[first..]
        .iter()
        .take(usize::from(s.rows))
        .map(|row| match row.term {
            "" => Line::raw(row.text.clone()),
            term => Line::from(vec![
                Span::styled(format!("{term}: "), t.key()),
                Span::raw(row.text.clone()),
            ]),
        })
        .collect();
    Paragraph::new(lines).render(inner, buf);
    if s.scroll_max > 0 {
        let under = Rect {
            y: inner.y + inner.height.saturating_sub(1),
            height: 1,
            ..inner
        };
        let text = scrolled(keymap, first, s.rows, rows.len());
        Line::styled(text, t.label()).render(under, buf);
    }
}

/// With no data at all: what went wrong and what to do, over the whole pane.
pub fn blocker(t: &Theme, text: &str, area: Rect, buf: &mut Buffer) {
    let r = popup(area, 76, 12);
    clear(r, buf);
    let block = Block::bordered().title(" No data ").border_style(t.error());
    let lines: Vec<Line> = text
        .split('\n')
        .map(|l| Line::styled(clean(l), if l.is_empty() { t.label() } else { t.value() }))
        .collect();
    Paragraph::new(lines)
        .wrap(ratatui::widgets::Wrap { trim: true })
        .block(block)
        .render(r, buf);
}

/// What the lens, the change and the chart's bars mean, one line each, under the keys.
const DEFINITIONS: [&str; 5] = [
    // A calendar range's is the unit before (November against October, 31 days).
    "previous period (Δ, vs): as many days before, or a calendar range's unit before",
    "new: none before, some now · dormant: some before, none now · retained: both",
    "active users: distinct people with a prompt in the day, week or month",
    "DAU/MAU: average daily users / users of the last 30 days (28+ day ranges)",
    "⣀▒ partial: a bucket cut by the range or holding today; not a drop",
];
// The help's layout counts the definitions' rows (and the blank one above) without them.
const _: () = assert!(DEFINITIONS.len() as u16 + 1 == help::DEFINITION_ROWS);

/// How a column of the help is shared: the keys (right-aligned), the name, and what is
/// left for the description.
struct HelpWidths {
    col: usize,
    keys: usize,
    name: usize,
    text: usize,
}

impl HelpWidths {
    fn of(lines: &[HelpLine], col: usize) -> HelpWidths {
        let (keys, name) = help::widths(lines);
        HelpWidths {
            col,
            keys,
            name,
            // A cell before the keys: the longest ("PgDn C-d") touched the border.
            text: col.saturating_sub(keys + name + 5),
        }
    }

    /// One action's line; under 12 cells a description says too little to be worth its
    /// room, and the name has the rest.
    fn line(&self, l: &HelpLine, t: &Theme) -> Line<'static> {
        let keys = right(fit(&l.keys, self.keys).trim_end(), self.keys);
        let mut spans = vec![Span::styled(format!(" {keys} "), t.key())];
        if self.text >= help::MIN_TEXT {
            let name = format!("{:<w$}  ", l.name, w = self.name);
            spans.push(Span::styled(name, t.accent()));
            spans.push(Span::raw(fit(l.text, self.text)));
        } else {
            let name = fit(l.name, self.col.saturating_sub(self.keys + 3));
            spans.push(Span::styled(name, t.accent()));
        }
        Line::from(spans)
    }
}

/// The cells of one column of the help at most, borders included.
const HELP_COLUMN: u16 = 84;

/// The `?` help: each action's keys (the user's), its name (what `[keys]` calls it) and
/// what it does, in columns when they fit with their descriptions, else in one column
/// scrolled `scroll` lines down (`tui::help` decides which). Only the actions the screen
/// offers are listed (`help::lines`).
pub fn help(
    keymap: &Keymap,
    t: &Theme,
    area: Rect,
    buf: &mut Buffer,
    (lines, scroll): (&[HelpLine], u16),
) {
    let s = help::shape(lines, (area.width, area.height));
    // A column is 84 cells at most: wider ones were blank on their right at 200 columns.
    let width = (HELP_COLUMN * s.cols).min(area.width);
    let r = popup(area, width, s.rows + 1 + s.defs + 2);
    clear(r, buf);
    // The longest title that fits whole (on a narrow box it was cut mid-word), with the
    // user's key for the glossary (it said `?` whatever `[keys]` said).
    let q = keymap.key_name(Mode::Help, Action::Help);
    let titles = [
        format!(" Keys (with [keys] names; {q} what the numbers mean, any other key closes) "),
        format!(" Keys ({q} what the numbers mean, any other key closes) "),
        format!(" Keys ({q} the numbers) "),
    ];
    let room = usize::from(r.width.saturating_sub(2));
    let fits = titles.into_iter().find(|s| s.chars().count() <= room);
    let title = fits.unwrap_or_else(|| " Keys ".to_string());
    let block = Block::bordered().title(title).border_style(t.border(true));
    let inner = block.inner(r);
    block.render(r, buf);
    let col_w = usize::from(inner.width / s.cols);
    let w = HelpWidths::of(lines, col_w);
    let first = usize::from(scroll.min(s.scroll_max));
    let shown = &lines[first..];
    for (c, chunk) in shown
        .chunks(usize::from(s.rows.max(1)))
        .take(usize::from(s.cols))
        .enumerate()
    {
        let x = inner.x + (col_w * c) as u16;
        let rows: Vec<Line> = chunk.iter().map(|l| w.line(l, t)).collect();
        Paragraph::new(rows).render(
            Rect {
                x,
                width: col_w as u16,
                ..inner
            },
            buf,
        );
    }
    let under = Rect {
        y: inner.y + inner.height.saturating_sub(1 + s.defs),
        height: 1,
        ..inner
    };
    if s.defs > 0 {
        definitions(t, inner, s.defs - 1, buf);
    }
    // The mouse's line, or beside the scroll's when it fits (at 80x24 the help scrolls,
    // and the mouse was said nowhere).
    let text = match s.scroll_max {
        0 => format!("   {MOUSE}"),
        _ => {
            let line = scrolled(keymap, first, s.rows, lines.len());
            let both = format!("{line}  ·  {MOUSE_SHORT}");
            match both.chars().count() <= usize::from(under.width) {
                true => both,
                false => line,
            }
        }
    };
    Line::styled(text, t.label()).render(under, buf);
}

/// What the mouse does, under the keys; shorter beside the scroll's line.
const MOUSE: &str = "mouse: click selects and focuses, the wheel scrolls";
const MOUSE_SHORT: &str = "mouse: click selects, wheel scrolls";

/// The line under a help that scrolls: which lines show, and the keys that scroll it.
fn scrolled(keymap: &Keymap, first: usize, rows: u16, n: usize) -> String {
    let k = |a| keymap.key_name(Mode::Help, a);
    let last = (first + usize::from(rows)).min(n);
    format!(
        "   {}-{last} of {n}  {}/{} {}/{} scroll",
        first + 1,
        k(Action::Down),
        k(Action::Up),
        k(Action::PageDown),
        k(Action::PageUp)
    )
}

/// The definitions on the last `rows` rows of `inner`.
fn definitions(t: &Theme, inner: Rect, rows: u16, buf: &mut Buffer) {
    let lines: Vec<Line> = DEFINITIONS
        .iter()
        .map(|d| Line::styled(fit(d, inner.width as usize), t.label()))
        .collect();
    Paragraph::new(lines).render(
        Rect {
            y: inner.y + inner.height.saturating_sub(rows),
            height: rows,
            ..inner
        },
        buf,
    );
}

/// Cells of a product's figure in the picker: ten, as in the Products block.
const PICKER_FIGURE: usize = 10;

/// The product picker: each product ticked or not, its prompts in the view on screen on
/// the right (the view's, read as they are), and a dash for one the product filter left
/// out of the answer, which the bottom line explains.
pub fn picker(app: &App, t: &Theme, area: Rect, buf: &mut Buffer) {
    let picker = app.picker();
    let rows = picker.rows(area.height);
    let top = picker.top(rows);
    let r = popup(area, 52, rows as u16 + 2);
    clear(r, buf);
    let figures = &app.view().product_prompts;
    let unknown = (app.picker().known().iter()).any(|(id, _)| figures.get(id).is_none());
    let mut block = Block::bordered()
        .title(picker_title(app.keymap()))
        .border_style(t.border(true));
    if unknown {
        block = block.title_bottom(Line::styled(" — outside the product filter ", t.label()));
    }
    // Where the cursor is, when some products are out of sight.
    if rows < picker.known().len() {
        let at = format!(" {}/{} ", picker.cursor() + 1, picker.known().len());
        block = block.title_bottom(Line::styled(at, t.label()).right_aligned());
    }
    let inner = block.inner(r);
    block.render(r, buf);
    let name_w = usize::from(inner.width).saturating_sub(4 + 1 + PICKER_FIGURE);
    let lines: Vec<Line> = (picker.known().iter().enumerate())
        .skip(top)
        .take(rows)
        .map(|(i, (id, name))| {
            let on = picker.is_on(id);
            let text = format!(
                "[{}] {} ",
                if on { "x" } else { " " },
                fit(&clean(name), name_w)
            );
            let (figure, style) = match figures.get(id) {
                Some(n) => (thousands(n), t.value()),
                None => ("—".to_string(), t.label()),
            };
            let figure = right(&figure, PICKER_FIGURE);
            match i == picker.cursor() {
                true => Line::styled(format!("{text}{figure}"), t.selected()),
                false => Line::from(vec![Span::raw(text), Span::styled(figure, style)]),
            }
        })
        .collect();
    Paragraph::new(lines).render(inner, buf);
}

/// The picker's title, with the user's keys for its three actions.
fn picker_title(keys: &Keymap) -> String {
    let k = |a| keys.key_name(Mode::Picker, a);
    format!(
        " Products ({} toggles, {}: all, {} applies) ",
        k(Action::Toggle),
        k(Action::All),
        k(Action::Open)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// At 80x24 the help scrolls: the mouse is said beside the scroll's line.
    #[test]
    fn a_help_that_scrolls_still_says_what_the_mouse_does() {
        let (mut app, _) = crate::tui::app::tests::loaded((80, 24));
        crate::tui::app::tests::ch(&mut app, '?');
        let rows = crate::tui::app::tests::screen_rows(&app);
        let line = rows
            .iter()
            .find(|l| l.contains(" scroll"))
            .expect("it scrolls");
        assert!(line.contains("of ") && line.contains(MOUSE_SHORT), "{line}");
    }

    /// A wide character whose right half is under the pop-up's left border is blanked;
    /// one wholly left of it, or a narrow one, is left alone.
    #[test]
    fn a_wide_character_under_the_left_border_gives_way() {
        let area = Rect::new(0, 0, 10, 2);
        let mut buf = Buffer::empty(area);
        buf.set_string(0, 0, "ab数据cd", ratatui::style::Style::new());
        buf.set_string(0, 1, "数abcdef", ratatui::style::Style::new());
        clear(Rect::new(3, 0, 4, 2), &mut buf);
        assert_eq!(buf[(2, 0)].symbol(), " ", "数 reached under the border");
        assert_eq!(buf[(0, 1)].symbol(), "数");
        assert_eq!(buf[(2, 1)].symbol(), "a");
        // With the app: the picker over the products at 120x35, its left border whole.
        let (mut app, _) = crate::tui::app::tests::loaded((120, 35));
        crate::tui::app::tests::ch(&mut app, 'p');
        // Drawn through a terminal's rules: a wide symbol covers the cell after it.
        let rows = crate::tui::app::tests::screen_rows(&app);
        let boxed: Vec<&String> = rows.iter().filter(|l| l.contains("[x] ")).collect();
        assert_eq!(boxed.len(), 5, "{rows:#?}");
        for l in &boxed {
            let at = l.find("[x] ").unwrap();
            assert!(l[..at].ends_with('│'), "{l}");
        }
    }
}
