//! Sanitising text that came from a server before it reaches a terminal: the one rule for
//! the screen, error messages and exports printed to a terminal. A name is data, never a
//! command to the terminal that shows it, nor a path (`for_file_name`).

/// Whether `c` could steer a terminal or make it show something other than the text: C0
/// and C1 controls (ESC, the one-byte CSI U+009B, BEL...), DEL, the bidirectional marks,
/// overrides and isolates, and the zero-width characters that terminals disagree on (one
/// shifted a table row by a cell).
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2069}'
                | '\u{FEFF}'
        )
}

/// Whether a JSON writer must escape `c` even though JSON allows it raw: C1 controls and
/// the characters above, so that a JSON file `cat` to a terminal cannot steer it.
pub fn json_must_escape(c: char) -> bool {
    is_unsafe(c) && !c.is_ascii()
}

/// Serialized JSON with every [`json_must_escape`] character written as `\uXXXX`. Safe
/// on serializer output: such characters can only occur inside strings there.
pub fn escape_json(json: &str) -> std::borrow::Cow<'_, str> {
    if !json.chars().any(json_must_escape) {
        return std::borrow::Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if json_must_escape(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// `v` as indented JSON, escaped as [`escape_json`] says: what `report` and `check` write.
pub fn json_pretty(v: &impl serde::Serialize) -> String {
    let json = serde_json::to_string_pretty(v).expect("plain data serializes");
    escape_json(&json).into_owned()
}

/// A writer for a terminal: whatever passes through it has every unsafe character but
/// newline and tab replaced by a space. `export` puts it in front of stdout when stdout is
/// a terminal, so no format can carry an escape sequence from the data to the screen;
/// files and pipes get the data as it came.
pub struct TerminalWriter<W: std::io::Write> {
    inner: W,
    /// The start of a UTF-8 sequence cut by the end of the last write.
    pending: Vec<u8>,
}

impl<W: std::io::Write> TerminalWriter<W> {
    pub fn new(inner: W) -> Self {
        Self {
            inner,
            pending: Vec::new(),
        }
    }
}

impl<W: std::io::Write> std::io::Write for TerminalWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        let (text, rest) = match std::str::from_utf8(&self.pending) {
            Ok(s) => (s.to_string(), Vec::new()),
            Err(e) if e.error_len().is_none() => {
                // A sequence cut at the end: keep its bytes for the next write.
                let (ok, cut) = self.pending.split_at(e.valid_up_to());
                (String::from_utf8_lossy(ok).into_owned(), cut.to_vec())
            }
            Err(_) => (
                String::from_utf8_lossy(&self.pending).into_owned(),
                Vec::new(),
            ),
        };
        self.pending = rest;
        let safe: String = text
            .chars()
            .map(|c| {
                if is_unsafe(c) && c != '\n' && c != '\t' {
                    ' '
                } else {
                    c
                }
            })
            .collect();
        self.inner.write_all(safe.as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.pending.is_empty() {
            let rest = String::from_utf8_lossy(&std::mem::take(&mut self.pending)).into_owned();
            self.inner.write_all(rest.as_bytes())?;
        }
        self.inner.flush()
    }
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

/// A server-supplied text as a piece of a file's name (a person's email in the name of
/// their rows' file): ASCII letters, digits and `. _ - @ +` are kept, each run of anything
/// else (a path separator, a control, a space, a letter outside ASCII) becomes one `_`,
/// and it is cut at `max` characters. The piece cannot name another folder or steer a
/// terminal that lists this one; it goes after a prefix, so a leading dot hides nothing.
pub fn for_file_name(s: &str, max: usize) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@' | '+') {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    // ASCII only: any cut is on a character.
    out.truncate(max);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_name_piece_keeps_an_email_and_nothing_that_moves_or_steers() {
        assert_eq!(
            for_file_name("ada.lovelace+x@acme.example", 64),
            "ada.lovelace+x@acme.example"
        );
        assert_eq!(for_file_name("../../etc/passwd", 64), ".._.._etc_passwd");
        assert_eq!(for_file_name("a\\b\x1b[2J\u{202E}c d", 64), "a_b_2J_c_d");
        assert_eq!(for_file_name("数据@x.io", 64), "_@x.io");
        assert_eq!(for_file_name(&"x".repeat(300), 64).len(), 64);
    }

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
    fn json_escapes_c1_and_bidi_but_keeps_text() {
        let v = serde_json::json!({"n": "a\u{9b}31m\u{202e}b 数据"}).to_string();
        let e = escape_json(&v);
        assert_eq!(e, r#"{"n":"a\u009b31m\u202eb 数据"}"#);
        let back: serde_json::Value = serde_json::from_str(&e).unwrap();
        assert_eq!(back["n"], "a\u{9b}31m\u{202e}b 数据");
    }

    #[test]
    fn terminal_writer_neutralises_across_cut_writes() {
        use std::io::Write;
        let mut w = TerminalWriter::new(Vec::new());
        let data = "a\x1b]52;c;cm0=\x07,数\u{9b}2J\n".as_bytes();
        for b in data.chunks(1) {
            w.write_all(b).unwrap();
        }
        w.flush().unwrap();
        let out = String::from_utf8(w.inner).unwrap();
        assert_eq!(out, "a ]52;c;cm0= ,数 2J\n");
        assert!(!out.contains('\x1b') && !out.contains('\u{9b}'));
    }

    #[test]
    fn one_line_collapses_and_cuts() {
        assert_eq!(one_line(" a\n\n b\tc "), "a b c");
        let long = "x".repeat(500);
        assert_eq!(one_line(&long).chars().count(), 200);
    }
}
