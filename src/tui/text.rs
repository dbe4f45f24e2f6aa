//! Text that fits: truncation and padding by display width (CJK and emoji take two cells),
//! masked emails, and number formats.

use unicode_width::UnicodeWidthStr;

pub use crate::numbers::{pct, thousands};

/// `s` cut to at most `width` cells (with `…` when cut) and padded to exactly `width`.
pub fn fit(s: &str, width: usize) -> String {
    let mut out = crate::width::cut(s, width).into_owned();
    let w = out.width();
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(w)));
    out
}

/// `s` right-aligned in `width` cells (numbers are never cut).
pub fn right(s: &str, width: usize) -> String {
    format!("{}{s}", " ".repeat(width.saturating_sub(s.width())))
}

/// `text` in lines of at most `width` cells, broken between words. A word wider than a
/// line (a file's path in a status message; the glossary's words never are) is cut after
/// its last `/`, `-`, `_` or `.` that fits, or else where the line ends: a name cut at
/// "….cs" and "v" read worse than one cut after a "-".
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let gap = usize::from(!line.is_empty());
        if !line.is_empty() && line.width() + gap + word.width() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        // Where the word starts on its line; cells counted as they are added, not the
        // line measured again at each one.
        let (mut start, mut used) = (line.len(), line.width());
        for c in word.chars() {
            let cell = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if used + cell > width {
                let after = line[start..]
                    .rfind(['/', '-', '_', '.'])
                    .map(|i| start + i + 1);
                let rest = match after {
                    Some(i) if i < line.len() => line.split_off(i),
                    _ => String::new(),
                };
                lines.push(std::mem::replace(&mut line, rest));
                (start, used) = (0, line.width());
            }
            line.push(c);
            used += cell;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// A status message in at most `rows` lines of `width` cells, broken between words, the
/// last ending in `…` when the message goes on: what the status line draws, and what
/// `update` counts to give a long message the rows it needs.
pub fn status_lines(text: &str, width: u16, rows: u16) -> Vec<String> {
    let width = usize::from(width);
    let mut lines = wrap(&clean(text), width);
    let rows = usize::from(rows.max(1));
    if lines.len() > rows {
        let rest = lines.split_off(rows - 1).join(" ");
        lines.push(crate::width::cut(&rest, width).into_owned());
    }
    lines
}

/// Masked emails: one rule for the dashboard and the reports.
pub use crate::mask::mask_email;

/// Control characters from the server never reach the terminal.
pub use crate::sanitize::for_terminal as clean;

/// The search as the screen shows it: under `m`, masked as an email is (a search is most
/// often part of one, and `report --mask` hides it the same way).
pub fn search_shown(search: &str, masked: bool) -> String {
    match masked {
        true => mask_email(search),
        false => clean(search),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_counts_cells() {
        assert_eq!(fit("数据洞察", 5).width(), 5);
        assert_eq!(fit("数据洞察", 5), "数据…");
        assert_eq!(fit("数据洞察", 6), "数据… ");
        assert_eq!(fit("abc", 5), "abc  ");
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("Studio ✨", 9).width(), 9);
        assert_eq!(fit("x", 0), "");
    }

    #[test]
    fn a_long_path_is_cut_after_a_separator() {
        let lines = wrap(
            "exported to ./clarityq-usage-person-4a1b-20261202-164702.csv: 63 rows",
            40,
        );
        assert_eq!(
            lines,
            [
                "exported to",
                "./clarityq-usage-person-4a1b-20261202-",
                "164702.csv: 63 rows"
            ]
        );
        // No separator: cut where the line ends.
        assert_eq!(wrap("abcdefgh", 3), ["abc", "def", "gh"]);
        assert!(lines.iter().all(|l| l.width() <= 40));
    }

    #[test]
    fn a_status_message_wraps_between_words_and_ends_in_an_ellipsis_when_cut() {
        let e = "network error talking to api.clarityq.example: connection refused";
        assert_eq!(
            status_lines(e, 40, 3),
            [
                "network error talking to",
                "api.clarityq.example: connection refused"
            ]
        );
        assert_eq!(
            status_lines(e, 40, 1),
            ["network error talking to api.clarityq.e…"]
        );
        assert_eq!(status_lines("saved", 40, 3), ["saved"]);
        assert_eq!(
            status_lines("a\x1b[31mb", 40, 1),
            ["a [31mb"],
            "no escape reaches it"
        );
    }

    #[test]
    fn masks() {
        assert_eq!(right("12", 4), "  12");
        assert_eq!(pct(-3.04), "-3.0%");
    }
}
