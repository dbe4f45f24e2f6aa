//! Text cut to a number of terminal cells, by display width (CJK and emoji take two): the
//! one rule for the dashboard's columns and the table export's cells.

use std::borrow::Cow;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// `s` in at most `width` cells: whole when it fits, else cut with `…` as its last cell.
pub fn cut(s: &str, width: usize) -> Cow<'_, str> {
    if s.width() <= width {
        return Cow::Borrowed(s);
    }
    let mut out = String::new();
    if width == 0 {
        return Cow::Owned(out);
    }
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw > width - 1 {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    Cow::Owned(out)
}

/// `s` in at most `width` cells, its end kept: whole when it fits, else `…` and the last
/// cells (the text being typed, whose cursor is at its end).
pub fn cut_left(s: &str, width: usize) -> Cow<'_, str> {
    if s.width() <= width {
        return Cow::Borrowed(s);
    }
    if width == 0 {
        return Cow::Owned(String::new());
    }
    let mut kept = Vec::new();
    let mut w = 0;
    for c in s.chars().rev() {
        let cw = c.width().unwrap_or(0);
        if w + cw > width - 1 {
            break;
        }
        kept.push(c);
        w += cw;
    }
    Cow::Owned(std::iter::once('…').chain(kept.into_iter().rev()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_cut_by_cells_with_an_ellipsis() {
        assert_eq!(cut("abc", 3), "abc");
        assert_eq!(cut("abcd", 3), "ab…");
        // A wide character that would straddle the last cell goes too.
        assert_eq!(cut("数据洞察", 5), "数据…");
        assert_eq!(cut("数据洞察", 4), "数…");
        assert_eq!(cut("abc", 0), "");
        assert!(cut(&"x".repeat(500), 60).width() <= 60);
    }
}
