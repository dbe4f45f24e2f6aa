//! The status line (errors, notes, the text being typed; a long message on the rows
//! `update` gave it) and the footer of keys for the current mode, written from the keymap.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::text::{clean, status_lines};
use super::theme::Theme;
use crate::tui::app::{App, InputKind};

pub fn render(app: &App, t: &Theme, status: Rect, footer: Rect, buf: &mut Buffer) {
    if let Some(input) = &app.input() {
        let prompt = match input.kind {
            InputKind::Search => "Search email or name (Enter, Esc): ",
            InputKind::Range => "Range (UTC): ",
        };
        // The range as it opens is selected, as in a browser's address bar: drawn so,
        // since the first letter typed replaces it (a key that moves keeps it to edit).
        // Under `m` an email in it is masked as everywhere else (it opens on the search
        // applied, which the filters line shows masked), the cursor then at its end (a
        // cursor inside an address would show the part before it); words without `@`
        // are as typed.
        let masked = app.mask() && input.text.contains('@');
        let (head, tail) = match (masked, input.fresh) {
            (true, _) => (crate::mask::mask_words(&clean(&input.text)), String::new()),
            (false, true) => (clean(&input.text), String::new()),
            (false, false) => {
                let (a, b) = input.halves();
                (clean(a), clean(b))
            }
        };
        let preview = input.preview.as_ref().map(|p| format!(" {}", clean(p)));
        let (head, tail, preview) = fit_input(prompt, (head, tail), preview, status.width);
        let head = match input.fresh {
            true => Span::styled(head, t.selected()),
            false => Span::raw(head),
        };
        let mut spans = vec![
            Span::styled(prompt, t.accent()),
            head,
            Span::styled("▏", t.accent()),
            Span::raw(tail),
        ];
        if let Some(p) = preview {
            spans.push(Span::styled(p, t.label()));
        }
        Line::from(spans).render(status, buf);
        // While typing, letters are text: the footer says how to finish, or why the last
        // Enter was refused, on a line of its own so a narrow terminal shows all of it.
        let hint = match &input.error {
            Some(e) => Line::styled(one_row(e, footer.width), t.error()),
            None => Line::from(vec![
                Span::styled("Enter", t.key()),
                Span::styled(" apply  ", t.label()),
                Span::styled("Esc", t.key()),
                Span::styled(" cancel  ", t.label()),
                Span::styled("C-u", t.key()),
                Span::styled(" clear", t.label()),
                Span::styled(
                    match input.kind {
                        InputKind::Range => "  -7d 2026-W48 2026-Q4 2026-11 yesterday",
                        InputKind::Search => "",
                    },
                    t.label(),
                ),
            ]),
        };
        hint.render(footer, buf);
        return;
    } else if let Some((text, error)) = app.status_message() {
        // As many rows as `update` gave it; the last ends in `…` if even they cut it (a
        // command cut at `--to 2026` read as whole).
        let style = if error { t.error() } else { t.accent() };
        let lines = status_lines(&text, status.width, status.height);
        for (row, line) in (status.rows()).zip(lines) {
            Line::styled(line, style).render(row, buf);
        }
    }
    let mut spans = Vec::new();
    let offered = |a| app.offers(a);
    for (k, h) in app
        .keymap()
        .footer(app.mode(), app.pane(), footer.width, offered)
    {
        spans.push(Span::styled(k, t.key()));
        spans.push(Span::styled(format!(" {h}  "), t.label()));
    }
    Line::from(spans).render(footer, buf);
}

/// The text being typed on the row beside its prompt, the cursor always in view: when it
/// is too long, the preview goes first, then the text before the cursor keeps its end
/// and the text after it its start (86 characters at 80 columns ran the cursor and the
/// "= resolves to" off the screen).
fn fit_input(
    prompt: &str,
    (head, tail): (String, String),
    preview: Option<String>,
    width: u16,
) -> (String, String, Option<String>) {
    use unicode_width::UnicodeWidthStr;
    let room = usize::from(width).saturating_sub(prompt.width() + 1);
    let text = head.width() + tail.width();
    let preview = preview.filter(|p| text + p.width() <= room);
    if text <= room {
        return (head, tail, preview);
    }
    let tail_w = tail.width().min(room / 3);
    let tail = crate::width::cut(&tail, tail_w).into_owned();
    let head = crate::width::cut_left(&head, room - tail.width()).into_owned();
    (head, tail, None)
}

/// A refusal on the one row the footer has: whole words, and `…` when the rest does not
/// fit (at 80 columns the range's forms were cut mid-word: "2026-Q4, 202").
fn one_row(text: &str, width: u16) -> String {
    let lines = super::text::wrap(&clean(text), usize::from(width).saturating_sub(2));
    match lines.as_slice() {
        [one] => one.clone(),
        [first, ..] => format!("{} …", first.trim_end_matches([',', ' '])),
        [] => String::new(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_long_refusal_ends_on_a_whole_word() {
        let e = "'garbage' is not a range: use FROM..TO (or FROM TO), -7d, 2026-W48, 2026-Q4, 2026-11 or yesterday";
        let row = super::one_row(e, 80);
        assert!(row.chars().count() <= 80, "{row}");
        assert!(row.starts_with("'garbage' is not a range: use FROM..TO"));
        assert!(row.ends_with("2026-Q4 …"), "{row}");
        assert_eq!(super::one_row("short", 80), "short");
    }

    #[test]
    fn a_long_text_keeps_the_cursor_and_its_end_in_view() {
        use unicode_width::UnicodeWidthStr;
        let typed = "2026-11-01 2026-11-05 ".to_string() + &"a".repeat(64) + "zz";
        let preview = Some(" (not a range yet)".to_string());
        let (head, tail, p) = super::fit_input(
            "Range (UTC): ",
            (typed.clone(), String::new()),
            preview.clone(),
            80,
        );
        assert_eq!(p, None, "the preview goes first");
        assert!(head.starts_with('…') && head.ends_with("azz"), "{head}");
        assert_eq!(
            "Range (UTC): ".width() + head.width() + 1 + tail.width(),
            80
        );
        // The cursor inside: both sides cut, the cursor still on the row.
        let (head, tail, _) =
            super::fit_input("Range (UTC): ", (typed.clone(), typed.clone()), None, 80);
        assert!(
            head.starts_with('…') && tail.ends_with('…'),
            "{head}|{tail}"
        );
        assert!("Range (UTC): ".width() + head.width() + 1 + tail.width() <= 80);
        // Short text: as it was, with its preview.
        let short = super::fit_input(
            "Range (UTC): ",
            ("7d".into(), String::new()),
            preview.clone(),
            80,
        );
        assert_eq!(short, ("7d".into(), String::new(), preview));
    }
}
