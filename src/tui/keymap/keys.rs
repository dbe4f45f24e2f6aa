//! One key as the config file writes it and the help shows it: `x`, `G` (shift-g), `Tab`,
//! `S-Tab`, `Enter`, `Esc`, `Space`, arrows, `PgUp`/`PgDn`, `Home`/`End`, `F1`..`F12`,
//! `C-x` (or `Ctrl-x`), `A-x` (or `Alt-x`). Names are matched without regard to case;
//! a single letter is case-sensitive, because its case is the shift key.

use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use thiserror::Error;

/// A key with its modifiers, normalised so that a key event and a written key compare
/// equal: shift is dropped where the character already says it (`G`, `?`, `S-Tab`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    code: KeyCode,
    mods: KeyModifiers,
}

/// Why a written key is not one.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[error("'{text}' is not a key ({why})")]
pub struct BadKey {
    pub text: String,
    pub why: &'static str,
}

const NAMED: &[(&str, KeyCode)] = &[
    ("Tab", KeyCode::Tab),
    ("BackTab", KeyCode::BackTab),
    ("Enter", KeyCode::Enter),
    ("Esc", KeyCode::Esc),
    ("Space", KeyCode::Char(' ')),
    ("Up", KeyCode::Up),
    ("Down", KeyCode::Down),
    ("Left", KeyCode::Left),
    ("Right", KeyCode::Right),
    ("PgUp", KeyCode::PageUp),
    ("PgDn", KeyCode::PageDown),
    ("Home", KeyCode::Home),
    ("End", KeyCode::End),
    ("Backspace", KeyCode::Backspace),
    ("Delete", KeyCode::Delete),
    ("Insert", KeyCode::Insert),
    // Other spellings, read but never written.
    ("PageUp", KeyCode::PageUp),
    ("PageDown", KeyCode::PageDown),
    ("Escape", KeyCode::Esc),
    ("Return", KeyCode::Enter),
    ("Del", KeyCode::Delete),
];

const MODIFIERS: &[(&str, KeyModifiers)] = &[
    ("C-", KeyModifiers::CONTROL),
    ("Ctrl-", KeyModifiers::CONTROL),
    ("A-", KeyModifiers::ALT),
    ("Alt-", KeyModifiers::ALT),
    ("M-", KeyModifiers::ALT),
    ("S-", KeyModifiers::SHIFT),
    ("Shift-", KeyModifiers::SHIFT),
];

impl Key {
    /// The key a terminal event stands for.
    pub fn of_event(k: &KeyEvent) -> Key {
        Key::new(k.code, k.modifiers)
    }

    fn new(code: KeyCode, mods: KeyModifiers) -> Key {
        let mut mods = mods & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        // Some terminals report shift with a capital or a symbol, some do not; the
        // character says it either way. Shift-Tab arrives as BackTab, with or without it.
        if matches!(code, KeyCode::Char(_) | KeyCode::BackTab) {
            mods.remove(KeyModifiers::SHIFT);
        }
        // Terminals send Ctrl with the lower-case letter.
        let code = match code {
            KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            c => c,
        };
        Key { code, mods }
    }

    /// Reads one key as the config file writes it.
    pub fn parse(text: &str) -> Result<Key, BadKey> {
        let bad = |why| BadKey {
            text: text.to_string(),
            why,
        };
        let mut rest = text;
        let mut mods = KeyModifiers::NONE;
        // A lone "-" or "C--" is the minus key, not a prefix.
        while rest.chars().count() > 1 {
            let Some((m, len)) = MODIFIERS.iter().find_map(|(p, m)| {
                let head = rest.get(..p.len())?;
                head.eq_ignore_ascii_case(p).then_some((*m, p.len()))
            }) else {
                break;
            };
            mods |= m;
            rest = &rest[len..];
        }
        let code = Key::code(rest).ok_or_else(|| {
            bad(if rest.is_empty() && !mods.is_empty() {
                "nothing after the modifier"
            } else {
                "a single character, or a name such as Tab, Enter, Esc, Space, Up, PgDn, F5"
            })
        })?;
        if mods.contains(KeyModifiers::SHIFT) {
            match code {
                KeyCode::Tab => return Ok(Key::new(KeyCode::BackTab, mods)),
                KeyCode::Char(_) => return Err(bad("write the capital letter for shift: G")),
                _ => {}
            }
        }
        Ok(Key::new(code, mods))
    }

    fn code(name: &str) -> Option<KeyCode> {
        let mut chars = name.chars();
        if let (Some(c), None) = (chars.next(), chars.clone().next()) {
            return (!c.is_whitespace() && !c.is_control()).then_some(KeyCode::Char(c));
        }
        if let Some(n) = name
            .strip_prefix(['F', 'f'])
            .and_then(|n| n.parse::<u8>().ok())
        {
            return (1..=12).contains(&n).then_some(KeyCode::F(n));
        }
        NAMED
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, c)| *c)
    }

    /// The event a terminal sends for this key.
    pub fn event(&self) -> KeyEvent {
        KeyEvent::new(self.code, self.mods)
    }

    /// A printable character without modifiers: what a compact hint can run together.
    pub fn plain_char(&self) -> Option<char> {
        match self.code {
            KeyCode::Char(c) if self.mods.is_empty() && c != ' ' => Some(c),
            _ => None,
        }
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (m, p) in [
            (KeyModifiers::CONTROL, "C-"),
            (KeyModifiers::ALT, "A-"),
            (KeyModifiers::SHIFT, "S-"),
        ] {
            if self.mods.contains(m) {
                f.write_str(p)?;
            }
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::BackTab => f.write_str("S-Tab"),
            KeyCode::F(n) => write!(f, "F{n}"),
            code => {
                let name = NAMED.iter().find(|(_, c)| *c == code).map(|(n, _)| *n);
                f.write_str(name.unwrap_or("?"))
            }
        }
    }
}

/// Keys written in the default table: separated by spaces (`"j Down"`).
pub fn parse_list(text: &str) -> Result<Vec<Key>, BadKey> {
    text.split_whitespace().map(Key::parse).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const N: KeyModifiers = KeyModifiers::NONE;

    fn k(text: &str) -> Key {
        Key::parse(text).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn every_written_form_reads_as_the_event_a_terminal_sends() {
        let ev = |c, m| Key::of_event(&KeyEvent::new(c, m));
        let s = KeyModifiers::SHIFT;
        let c = KeyModifiers::CONTROL;
        assert_eq!(k("x"), ev(KeyCode::Char('x'), N));
        assert_eq!(k("G"), ev(KeyCode::Char('G'), s));
        assert_eq!(k("G"), ev(KeyCode::Char('G'), N));
        assert_ne!(k("G"), k("g"));
        assert_eq!(k("?"), ev(KeyCode::Char('?'), s));
        assert_eq!(k("Tab"), ev(KeyCode::Tab, N));
        for back in ["BackTab", "S-Tab", "Shift-Tab", "s-tab"] {
            assert_eq!(k(back), ev(KeyCode::BackTab, s), "{back}");
            assert_eq!(k(back), ev(KeyCode::BackTab, N), "{back}");
        }
        assert_eq!(k("Enter"), ev(KeyCode::Enter, N));
        assert_eq!(k("esc"), ev(KeyCode::Esc, N));
        assert_eq!(k("Space"), ev(KeyCode::Char(' '), N));
        assert_eq!(k("Up"), ev(KeyCode::Up, N));
        assert_eq!(k("PgDn"), ev(KeyCode::PageDown, N));
        assert_eq!(k("PageUp"), ev(KeyCode::PageUp, N));
        assert_eq!(k("Home"), ev(KeyCode::Home, N));
        assert_eq!(k("F1"), ev(KeyCode::F(1), N));
        assert_eq!(k("F12"), ev(KeyCode::F(12), N));
        for ctrl in ["C-x", "Ctrl-x", "ctrl-x", "C-X"] {
            assert_eq!(k(ctrl), ev(KeyCode::Char('x'), c), "{ctrl}");
        }
        assert_eq!(k("A-x"), ev(KeyCode::Char('x'), KeyModifiers::ALT));
        assert_ne!(k("A-x"), k("x"));
        assert_eq!(k("-"), ev(KeyCode::Char('-'), N));
        assert_eq!(k("C--"), ev(KeyCode::Char('-'), c));
        assert_eq!(k("S-Up"), ev(KeyCode::Up, s));
        assert_ne!(k("S-Up"), k("Up"));
    }

    #[test]
    fn what_is_not_a_key_is_refused_with_the_reason() {
        for (text, why) in [
            ("", "a single character"),
            ("xx", "a single character"),
            ("Ctrl-", "nothing after"),
            ("C-", "nothing after"),
            ("F13", "a single character"),
            ("F0", "a single character"),
            ("Tabb", "a single character"),
            ("S-g", "capital letter"),
            (" ", "a single character"),
            ("\t", "a single character"),
        ] {
            let e = Key::parse(text).expect_err(text);
            assert!(e.why.contains(why), "{text}: {e}");
            assert!(e.to_string().contains(&format!("'{text}'")), "{e}");
        }
    }

    #[test]
    fn a_key_is_written_back_as_it_is_read() {
        for text in [
            "x", "G", "?", "Tab", "S-Tab", "Enter", "Esc", "Space", "Up", "Down", "Left", "Right",
            "PgUp", "PgDn", "Home", "End", "F5", "C-d", "A-x", "S-Up", "-", "C--",
        ] {
            assert_eq!(k(text).to_string(), text);
            assert_eq!(k(&k(text).to_string()), k(text));
        }
        assert_eq!(k("Ctrl-X").to_string(), "C-x");
        assert_eq!(k("BackTab").to_string(), "S-Tab");
    }

    #[test]
    fn a_list_is_keys_between_spaces() {
        assert_eq!(
            parse_list("j Down").unwrap(),
            vec![k("j"), Key::new(KeyCode::Down, N)]
        );
        assert!(parse_list("j Dwn").is_err());
        assert!(parse_list("").unwrap().is_empty());
    }
}
