//! Sanitising text that came from a server before it reaches a terminal: the one rule for
//! the screen, error messages and exports printed to a terminal. A name is data, never a
//! command to the terminal that shows it.

/// Whether `c` could steer a terminal or reorder what it shows: C0 and C1 controls (ESC,
/// the one-byte CSI U+009B, BEL...), DEL, and the bidirectional overrides and isolates that
/// make text read differently from what it holds.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// `s` with every unsafe character drawn as a space (so widths and columns stay put).
pub fn for_terminal(s: &str) -> String {
    s.chars()
        .map(|c| if is_unsafe(c) { ' ' } else { c })
        .collect()
}

/// Whether `s` holds nothing that [`for_terminal`] would change.
pub fn is_clean(s: &str) -> bool {
    !s.chars().any(is_unsafe)
}

/// A server-supplied text as one short line: unsafe characters and runs of white space
/// become one space, and it is cut at 200 characters, so a hostile or chatty server cannot
/// paint over the screen or flood an error line.
pub fn one_line(s: &str) -> String {
    let out = for_terminal(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if out.chars().count() > 200 {
        out.chars().take(199).collect::<String>() + "…"
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_c1_and_bidi_become_spaces() {
        assert_eq!(for_terminal("a\x1b[2Jb"), "a [2Jb");
        assert_eq!(for_terminal("x\u{9b}31m"), "x 31m");
        assert_eq!(
            for_terminal("\x1b]52;c;cm0gLXJmIH4=\x07"),
            " ]52;c;cm0gLXJmIH4= "
        );
        assert_eq!(for_terminal("ab\u{202E}cd"), "ab cd");
        assert_eq!(for_terminal("数据 😀"), "数据 😀");
        assert!(is_clean("ana@example.com"));
        assert!(!is_clean("ana\u{2066}"));
    }

    #[test]
    fn one_line_collapses_and_cuts() {
        assert_eq!(one_line(" a\n\n b\tc "), "a b c");
        let long = "x".repeat(500);
        assert_eq!(one_line(&long).chars().count(), 200);
    }
}
