//! Keys are data: one table maps keys to actions per mode, and the same table writes the
//! footer's hints and the `?` help. Vim keys and arrows both work.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a key asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    Quit,
    Refresh,
    /// Refresh without the disk cache.
    RefreshAll,
    OriginNext,
    OriginPrev,
    Preset(u8),
    PeriodPrev,
    PeriodNext,
    CustomRange,
    Search,
    Products,
    FocusNext,
    FocusPrev,
    Down,
    Up,
    Left,
    Right,
    PageDown,
    PageUp,
    Top,
    Bottom,
    SortNext,
    SortReverse,
    Open,
    Back,
    Export,
    CopyCommand,
    Mask,
    Help,
    Suspend,
    Toggle,
    All,
    /// Cycle the people shown: all, new, dormant, movers up, movers down.
    Lens,
    /// Chart bars by day, week or month.
    Bucket,
}

/// Where the keyboard is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Main,
    Detail,
    Picker,
    Help,
}

/// One binding: keys (as shown), the action, where it works, and its help text.
pub struct Binding {
    pub keys: &'static str,
    pub codes: &'static [(KeyCode, KeyModifiers)],
    pub action: Action,
    pub modes: &'static [Mode],
    pub help: &'static str,
    /// The footer's word for it; empty when the footer leaves it out (the help has all).
    pub footer: &'static str,
}

const N: KeyModifiers = KeyModifiers::NONE;
const S: KeyModifiers = KeyModifiers::SHIFT;
const C: KeyModifiers = KeyModifiers::CONTROL;
const MAIN: &[Mode] = &[Mode::Main];
const VIEWS: &[Mode] = &[Mode::Main, Mode::Detail];
const ALL: &[Mode] = &[Mode::Main, Mode::Detail, Mode::Picker, Mode::Help];
const LISTS: &[Mode] = &[Mode::Main, Mode::Detail, Mode::Picker];

macro_rules! b {
    ($keys:expr, [$($code:expr),*], $action:expr, $modes:expr, $help:expr, $footer:expr) => {
        Binding { keys: $keys, codes: &[$($code),*], action: $action, modes: $modes, help: $help, footer: $footer }
    };
}

/// The keymap. Order is the help's order.
#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    b!("o/O", [(KeyCode::Char('o'), N)], Action::OriginNext, VIEWS, "next / previous origin", "origin"),
    b!("", [(KeyCode::Char('O'), S), (KeyCode::Char('O'), N)], Action::OriginPrev, VIEWS, "", ""),
    b!("1-6", [(KeyCode::Char('1'), N)], Action::Preset(0), VIEWS, "7d 30d 90d month last-m YTD", "range"),
    b!("", [(KeyCode::Char('2'), N)], Action::Preset(1), VIEWS, "", ""),
    b!("", [(KeyCode::Char('3'), N)], Action::Preset(2), VIEWS, "", ""),
    b!("", [(KeyCode::Char('4'), N)], Action::Preset(3), VIEWS, "", ""),
    b!("", [(KeyCode::Char('5'), N)], Action::Preset(4), VIEWS, "", ""),
    b!("", [(KeyCode::Char('6'), N)], Action::Preset(5), VIEWS, "", ""),
    b!("[ ]", [(KeyCode::Char('['), N)], Action::PeriodPrev, VIEWS, "previous / next period", "period"),
    b!("", [(KeyCode::Char(']'), N)], Action::PeriodNext, VIEWS, "", ""),
    b!("d", [(KeyCode::Char('d'), N)], Action::CustomRange, VIEWS, "custom range: FROM TO", ""),
    b!("/", [(KeyCode::Char('/'), N)], Action::Search, VIEWS, "search email or full name", "search"),
    b!("p", [(KeyCode::Char('p'), N)], Action::Products, VIEWS, "pick products", "products"),
    b!("Tab", [(KeyCode::Tab, N)], Action::FocusNext, MAIN, "focus the next pane", ""),
    b!("S-Tab", [(KeyCode::BackTab, S), (KeyCode::BackTab, N)], Action::FocusPrev, MAIN, "move focus back", ""),
    b!("j/k", [(KeyCode::Char('j'), N), (KeyCode::Down, N)], Action::Down, LISTS, "move down / up (arrows too)", ""),
    b!("", [(KeyCode::Char('k'), N), (KeyCode::Up, N)], Action::Up, LISTS, "", ""),
    b!("h/l", [(KeyCode::Char('h'), N), (KeyCode::Left, N)], Action::Left, MAIN, "filter value; chart: cursor", ""),
    b!("", [(KeyCode::Char('l'), N), (KeyCode::Right, N)], Action::Right, MAIN, "", ""),
    b!("PgDn/PgUp", [(KeyCode::PageDown, N), (KeyCode::Char('d'), C)], Action::PageDown, LISTS, "page down / up", ""),
    b!("", [(KeyCode::PageUp, N), (KeyCode::Char('u'), C)], Action::PageUp, LISTS, "", ""),
    b!("g/G", [(KeyCode::Char('g'), N), (KeyCode::Home, N)], Action::Top, LISTS, "first / last", ""),
    b!("", [ (KeyCode::Char('G'), S), (KeyCode::Char('G'), N), (KeyCode::End, N) ], Action::Bottom, LISTS, "", ""),
    b!("s/S", [(KeyCode::Char('s'), N)], Action::SortNext, MAIN, "sort by next column / flip", "sort"),
    b!("", [(KeyCode::Char('S'), S), (KeyCode::Char('S'), N)], Action::SortReverse, MAIN, "", ""),
    b!("Enter", [(KeyCode::Enter, N)], Action::Open, MAIN, "user detail", "detail"),
    b!("v", [(KeyCode::Char('v'), N)], Action::Lens, MAIN, "lens: new dormant movers", "lens"),
    b!("b", [(KeyCode::Char('b'), N)], Action::Bucket, MAIN, "chart by day / week / month", "bars"),
    b!("Space", [(KeyCode::Char(' '), N)], Action::Toggle, &[Mode::Picker], "picker: toggle a product", "toggle"),
    b!("a", [(KeyCode::Char('a'), N)], Action::All, &[Mode::Picker], "picker: all products", "all"),
    b!("Enter", [(KeyCode::Enter, N)], Action::Open, &[Mode::Picker], "picker: apply", "apply"),
    b!("e", [(KeyCode::Char('e'), N)], Action::Export, VIEWS, "export the view to CSV", ""),
    b!("y", [(KeyCode::Char('y'), N)], Action::CopyCommand, VIEWS, "copy as `export` command", ""),
    b!("m", [(KeyCode::Char('m'), N)], Action::Mask, VIEWS, "mask emails (screenshots)", ""),
    b!("r", [(KeyCode::Char('r'), N), (KeyCode::F(5), N)], Action::Refresh, VIEWS, "refresh", "refresh"),
    b!("R", [(KeyCode::Char('R'), S), (KeyCode::Char('R'), N)], Action::RefreshAll, VIEWS, "refresh past the disk cache", ""),
    b!("?", [(KeyCode::Char('?'), N), (KeyCode::Char('?'), S)], Action::Help, ALL, "help", "help"),
    b!("Esc", [(KeyCode::Esc, N)], Action::Back, &[Mode::Detail, Mode::Picker, Mode::Help], "back", "back"),
    b!("q", [(KeyCode::Char('q'), N), (KeyCode::Esc, N)], Action::Quit, MAIN, "quit (Esc, Ctrl-C too)", "quit"),
    b!("", [(KeyCode::Char('q'), N)], Action::Back, &[Mode::Detail, Mode::Picker, Mode::Help], "", ""),
    b!("", [(KeyCode::Char('c'), C)], Action::Quit, ALL, "", ""),
    b!("C-z", [(KeyCode::Char('z'), C)], Action::Suspend, ALL, "suspend (fg resumes)", ""),
];

/// The action of `key` in `mode`, if any.
pub fn lookup(mode: Mode, key: &KeyEvent) -> Option<Action> {
    // Shift is implied by upper-case letters; some terminals report it, some do not.
    let mods = key.modifiers & (KeyModifiers::CONTROL | KeyModifiers::SHIFT | KeyModifiers::ALT);
    BINDINGS
        .iter()
        .filter(|b| b.modes.contains(&mode))
        .find(|b| b.codes.iter().any(|(c, m)| *c == key.code && *m == mods))
        .map(|b| b.action)
}

/// `(keys, help)` pairs for the footer of `mode`.
pub fn footer(mode: Mode) -> Vec<(&'static str, &'static str)> {
    BINDINGS
        .iter()
        .filter(|b| !b.footer.is_empty() && b.modes.contains(&mode))
        .map(|b| (b.keys, b.footer))
        .collect()
}

/// Every documented binding, for the help overlay.
pub fn help() -> Vec<(&'static str, &'static str)> {
    BINDINGS
        .iter()
        .filter(|b| !b.keys.is_empty())
        .map(|b| (b.keys, b.help))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(c: KeyCode, m: KeyModifiers) -> KeyEvent {
        KeyEvent::new(c, m)
    }

    #[test]
    fn vim_and_arrows_agree() {
        assert_eq!(
            lookup(Mode::Main, &key(KeyCode::Char('j'), N)),
            Some(Action::Down)
        );
        assert_eq!(
            lookup(Mode::Main, &key(KeyCode::Down, N)),
            Some(Action::Down)
        );
        assert_eq!(
            lookup(Mode::Main, &key(KeyCode::Char('G'), S)),
            Some(Action::Bottom)
        );
        assert_eq!(
            lookup(Mode::Main, &key(KeyCode::Char('c'), C)),
            Some(Action::Quit)
        );
        assert_eq!(
            lookup(Mode::Detail, &key(KeyCode::Esc, N)),
            Some(Action::Back)
        );
        assert_eq!(
            lookup(Mode::Main, &key(KeyCode::Esc, N)),
            Some(Action::Quit)
        );
        assert_eq!(
            lookup(Mode::Picker, &key(KeyCode::Char(' '), N)),
            Some(Action::Toggle)
        );
        assert_eq!(lookup(Mode::Main, &key(KeyCode::Char(' '), N)), None);
    }

    #[test]
    fn no_key_is_bound_twice_in_a_mode() {
        for mode in [Mode::Main, Mode::Detail, Mode::Picker, Mode::Help] {
            let mut seen = Vec::new();
            for b in BINDINGS.iter().filter(|b| b.modes.contains(&mode)) {
                for c in b.codes {
                    assert!(!seen.contains(c), "{c:?} bound twice in {mode:?}");
                    seen.push(*c);
                }
            }
        }
    }

    #[test]
    fn help_and_footer_come_from_the_table() {
        assert!(help().iter().any(|(k, _)| *k == "o/O"));
        assert!(footer(Mode::Main).iter().any(|(k, _)| *k == "q"));
        assert!(footer(Mode::Picker).iter().any(|(k, _)| *k == "Space"));
    }

    #[test]
    fn help_lines_fit_an_80_column_overlay() {
        // Two columns in 78 cells: 9 for the keys, 2 of gap, 27 for the text.
        for (k, h) in help() {
            assert!(h.chars().count() <= 27, "{k}: '{h}' is cut at 80 columns");
        }
    }
}
