//! Keys are data: one table maps keys to actions per mode, and the same table writes the
//! footer's hints and the `?` help. Vim keys and arrows both work.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::columns::Column;

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
    /// Sort by this column (its underlined letter); again: the other direction.
    SortBy(Column),
    Open,
    Back,
    Export,
    /// The view's report (HTML), as `clarityq-usage report` writes it.
    Report,
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
    /// The calendar heatmap in the chart's place, or back.
    Calendar,
    /// The next team of the config's `[teams]` (the team filter).
    Team,
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
    b!("7-0", [(KeyCode::Char('7'), N)], Action::Preset(6), VIEWS, "this/last week, quarter", ""),
    b!("", [(KeyCode::Char('8'), N)], Action::Preset(7), VIEWS, "", ""),
    b!("", [(KeyCode::Char('9'), N)], Action::Preset(8), VIEWS, "", ""),
    b!("", [(KeyCode::Char('0'), N)], Action::Preset(9), VIEWS, "", ""),
    b!("[ ]", [(KeyCode::Char('['), N)], Action::PeriodPrev, VIEWS, "previous / next period", "period"),
    b!("", [(KeyCode::Char(']'), N)], Action::PeriodNext, VIEWS, "", ""),
    b!("d", [(KeyCode::Char('d'), N)], Action::CustomRange, VIEWS, "range: dates, -7d, 2026-Q4", ""),
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
    b!("s/S", [(KeyCode::Char('s'), N)], Action::SortNext, MAIN, "sort by next column / flip", ""),
    b!("", [(KeyCode::Char('S'), S), (KeyCode::Char('S'), N)], Action::SortReverse, MAIN, "", ""),
    b!("U T D L", [(KeyCode::Char('U'), S), (KeyCode::Char('U'), N)], Action::SortBy(Column::Email), MAIN, "sort by underlined column", ""),
    b!("", [(KeyCode::Char('T'), S), (KeyCode::Char('T'), N)], Action::SortBy(Column::Total), MAIN, "", ""),
    b!("", [(KeyCode::Char('D'), S), (KeyCode::Char('D'), N)], Action::SortBy(Column::ActiveDays), MAIN, "", ""),
    b!("", [(KeyCode::Char('L'), S), (KeyCode::Char('L'), N)], Action::SortBy(Column::LastActive), MAIN, "", ""),
    b!("Enter", [(KeyCode::Enter, N)], Action::Open, MAIN, "user detail", ""),
    b!("v", [(KeyCode::Char('v'), N)], Action::Lens, MAIN, "lens: new dormant movers", "lens"),
    b!("b", [(KeyCode::Char('b'), N)], Action::Bucket, MAIN, "chart by day / week / month", "bars"),
    b!("c", [(KeyCode::Char('c'), N)], Action::Calendar, VIEWS, "calendar / chart (8+ weeks)", ""),
    b!("t", [(KeyCode::Char('t'), N)], Action::Team, MAIN, "next team ([teams] config)", ""),
    b!("Space", [(KeyCode::Char(' '), N)], Action::Toggle, &[Mode::Picker], "picker: toggle a product", "toggle"),
    b!("a", [(KeyCode::Char('a'), N)], Action::All, &[Mode::Picker], "picker: all products", "all"),
    b!("Enter", [(KeyCode::Enter, N)], Action::Open, &[Mode::Picker], "picker: apply", "apply"),
    b!("e", [(KeyCode::Char('e'), N)], Action::Export, VIEWS, "export the view to CSV", "export"),
    b!("E", [(KeyCode::Char('E'), S), (KeyCode::Char('E'), N)], Action::Report, MAIN, "report of the view (HTML)", ""),
    b!("y", [(KeyCode::Char('y'), N)], Action::CopyCommand, VIEWS, "copy as `export` command", ""),
    b!("m", [(KeyCode::Char('m'), N)], Action::Mask, VIEWS, "mask emails (screenshots)", ""),
    b!("r", [(KeyCode::Char('r'), N), (KeyCode::F(5), N)], Action::Refresh, VIEWS, "refresh", "refresh"),
    b!("R", [(KeyCode::Char('R'), S), (KeyCode::Char('R'), N)], Action::RefreshAll, VIEWS, "refresh past the disk cache", ""),
    b!("?", [(KeyCode::Char('?'), N), (KeyCode::Char('?'), S)], Action::Help, ALL, "help, then the glossary", "help"),
    b!("Esc", [(KeyCode::Esc, N)], Action::Back, &[Mode::Detail, Mode::Picker, Mode::Help], "back", "back"),
    b!("q", [(KeyCode::Char('q'), N)], Action::Quit, MAIN, "quit (Ctrl-C too)", "quit"),
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

/// The main screen's panes, as the footer knows them (the app maps its focus onto these).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pane {
    Filters,
    Products,
    Users,
    /// No pane of its own (the detail, the picker, the help).
    None,
}

/// The keys of the focused pane, first in the footer.
#[rustfmt::skip]
const PANE_HINTS: &[(Pane, &str, &str)] = &[
    (Pane::Filters, "h/l", "change"),
    (Pane::Filters, "j/k", "filter"),
    (Pane::Products, "Enter", "pick"),
    (Pane::Users, "Enter", "detail"),
    (Pane::Users, "s/S", "sort"),
    (Pane::Users, "UTDL", "sort by"),
];

/// `(keys, word)` pairs for the footer of `mode` with `pane` focused, as many as fit in
/// `width` cells: the pane's keys, then the mode's, and always help and quit (or back),
/// which are the last to go.
pub fn footer(mode: Mode, pane: Pane, width: u16) -> Vec<(&'static str, &'static str)> {
    let cells = |(k, h): &(&str, &str)| k.chars().count() + h.chars().count() + 3;
    let kept = |a: Action| matches!(a, Action::Help | Action::Quit | Action::Back);
    let of_mode = || {
        BINDINGS
            .iter()
            .filter(move |b| !b.footer.is_empty() && b.modes.contains(&mode))
    };
    let last: Vec<_> = of_mode()
        .filter(|b| kept(b.action))
        .map(|b| (b.keys, b.footer))
        .collect();
    let mut room = usize::from(width).saturating_sub(last.iter().map(cells).sum());
    let mut out = Vec::new();
    let pane_hints = PANE_HINTS.iter().filter(|(p, ..)| *p == pane);
    let others = of_mode().filter(|b| !kept(b.action));
    for hint in pane_hints
        .map(|(_, k, h)| (*k, *h))
        .chain(others.map(|b| (b.keys, b.footer)))
    {
        if cells(&hint) > room {
            break;
        }
        room -= cells(&hint);
        out.push(hint);
    }
    out.extend(last);
    out
}

/// Every documented binding, for the help overlay.
pub fn help() -> Vec<(&'static str, &'static str)> {
    help_for(true)
}

/// The help's bindings; the team key only when `[teams]` is configured (`teams`).
pub fn help_for(teams: bool) -> Vec<(&'static str, &'static str)> {
    BINDINGS
        .iter()
        .filter(|b| !b.keys.is_empty() && (teams || b.action != Action::Team))
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
        // Esc is "back" everywhere; on the main screen it does nothing (q quits).
        assert_eq!(lookup(Mode::Main, &key(KeyCode::Esc, N)), None);
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
        assert!(
            footer(Mode::Main, Pane::Users, 200)
                .iter()
                .any(|(k, _)| *k == "q")
        );
        assert!(
            footer(Mode::Picker, Pane::None, 200)
                .iter()
                .any(|(k, _)| *k == "Space")
        );
    }

    #[test]
    fn the_footer_keeps_help_and_quit_and_leads_with_the_pane() {
        for w in [20u16, 40, 80, 120, 200] {
            let f = footer(Mode::Main, Pane::Users, w);
            assert_eq!(&f[f.len() - 2..], [("?", "help"), ("q", "quit")], "at {w}");
            let cells: usize = f.iter().map(|(k, h)| k.len() + h.len() + 3).sum();
            assert!(w < 20 || cells <= usize::from(w), "{cells} cells at {w}");
        }
        assert_eq!(footer(Mode::Main, Pane::Users, 80)[0], ("Enter", "detail"));
        assert_eq!(footer(Mode::Main, Pane::Filters, 80)[0], ("h/l", "change"));
        assert_eq!(footer(Mode::Main, Pane::Products, 80)[0], ("Enter", "pick"));
        let detail = footer(Mode::Detail, Pane::None, 80);
        assert!(detail.contains(&("Esc", "back")) && detail.contains(&("?", "help")));
    }

    #[test]
    fn each_direct_sort_key_is_its_columns_letter() {
        for c in crate::tui::columns::USERS {
            let Some(k) = c.key else { continue };
            assert_eq!(
                lookup(Mode::Main, &key(KeyCode::Char(k), S)),
                Some(Action::SortBy(c.column)),
                "{k}"
            );
            let head = c.header.replace("{n}", "").replace("{lens}", "Users");
            assert!(head.contains(k), "{k} is a letter of '{head}'");
        }
    }

    #[test]
    fn help_lines_fit_an_80_column_overlay() {
        // Two columns in 78 cells: 9 for the keys, 2 of gap, 27 for the text.
        for (k, h) in help() {
            assert!(h.chars().count() <= 27, "{k}: '{h}' is cut at 80 columns");
        }
    }
}
