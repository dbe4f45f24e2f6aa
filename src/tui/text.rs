//! Text that fits: truncation and padding by display width (CJK and emoji take two cells),
//! masked emails, and number formats.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

pub use crate::numbers::{pct, thousands};

/// `s` cut to at most `width` cells (with `…` when cut) and padded to exactly `width`.
pub fn fit(s: &str, width: usize) -> String {
    let mut out = String::new();
    let mut w = 0;
    if s.width() <= width {
        out.push_str(s);
        w = s.width();
    } else if width > 0 {
        for c in s.chars() {
            let cw = c.width().unwrap_or(0);
            if w + cw > width - 1 {
                break;
            }
            out.push(c);
            w += cw;
        }
        out.push('…');
        w += 1;
    }
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(w)));
    out
}

/// `s` right-aligned in `width` cells (numbers are never cut).
pub fn right(s: &str, width: usize) -> String {
    format!("{}{s}", " ".repeat(width.saturating_sub(s.width())))
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
    fn masks() {
        assert_eq!(right("12", 4), "  12");
        assert_eq!(pct(-3.04), "-3.0%");
    }
}
