//! Keys are data: one table (`BINDINGS`) holds the default key of each action per mode,
//! with its help text and footer word. At start the defaults and the config's `[keys]`
//! become a `Keymap` (`map.rs`), which the app owns: input, the footer and the `?` help
//! all read it, so they show the user's keys. Key syntax is `keys.rs`, action names
//! (the config's and the help's) are `names.rs`. Vim keys and arrows both work.
//!
//! A new binding: one `b!` row in `BINDINGS` (its keys as a user would write them) and,
//! for a new action, its name in `names.rs`.

mod keys;
mod map;
mod names;
#[cfg(test)]
mod tests;

pub use keys::{BadKey, Key};
pub use map::{HelpLine, Keymap, KeysError};

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
    /// Esc on the main screen: the search applied goes (k9s clears its filter so).
    ClearSearch,
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

/// One default binding: its keys as the config file writes them (separated by spaces),
/// the action, where it works, its help text and the footer's word for it (empty: only
/// in the help; rows next to each other with one word share one hint, `o/O origin`).
/// An action's keys are one row per place it works, with help text (Ctrl-C's quit, which
/// no remapping takes, is the one row without): the help lists the rows, so a key kept
/// out of them would work unseen (`q` went back from a detail while the help said `Esc`
/// alone).
pub struct Binding {
    pub keys: &'static str,
    pub action: Action,
    pub modes: &'static [Mode],
    pub help: &'static str,
    pub footer: &'static str,
}

const MAIN: &[Mode] = &[Mode::Main];
const VIEWS: &[Mode] = &[Mode::Main, Mode::Detail];
const ALL: &[Mode] = &[Mode::Main, Mode::Detail, Mode::Picker, Mode::Help];
// The help scrolls with them when it is one column too long for the terminal.
const LISTS: &[Mode] = &[Mode::Main, Mode::Detail, Mode::Picker, Mode::Help];
const AWAY: &[Mode] = &[Mode::Detail, Mode::Picker, Mode::Help];
const PICKER: &[Mode] = &[Mode::Picker];

macro_rules! b {
    ($keys:expr, $action:expr, $modes:expr, $help:expr, $footer:expr) => {
        Binding {
            keys: $keys,
            action: $action,
            modes: $modes,
            help: $help,
            footer: $footer,
        }
    };
}

/// The default keys, one row per action and place. Order is the help's order. `[keys]`
/// in the config replaces an action's keys in all of its rows.
#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    b!("o",        Action::OriginNext,  VIEWS, "next origin", "origin"),
    b!("O",        Action::OriginPrev,  VIEWS, "previous origin", "origin"),
    b!("1",        Action::Preset(0),   VIEWS, "range: last 7 days", "range"),
    b!("2",        Action::Preset(1),   VIEWS, "range: last 30 days", "range"),
    b!("3",        Action::Preset(2),   VIEWS, "range: last 90 days", "range"),
    b!("4",        Action::Preset(3),   VIEWS, "range: this month", "range"),
    b!("5",        Action::Preset(4),   VIEWS, "range: last month", "range"),
    b!("6",        Action::Preset(5),   VIEWS, "range: year to date", "range"),
    b!("7",        Action::Preset(6),   VIEWS, "range: this week", "range"),
    b!("8",        Action::Preset(7),   VIEWS, "range: last week", "range"),
    b!("9",        Action::Preset(8),   VIEWS, "range: this quarter", "range"),
    b!("0",        Action::Preset(9),   VIEWS, "range: last quarter", "range"),
    b!("[",        Action::PeriodPrev,  VIEWS, "previous period", "period"),
    b!("]",        Action::PeriodNext,  VIEWS, "next period", "period"),
    b!("d",        Action::CustomRange, VIEWS, "range: dates, -7d, 2026-Q4", ""),
    b!("/",        Action::Search,      VIEWS, "search email or full name", "search"),
    b!("p",        Action::Products,    VIEWS, "pick products", "products"),
    b!("Tab",      Action::FocusNext,   MAIN,  "focus the next pane", ""),
    b!("S-Tab",    Action::FocusPrev,   MAIN,  "move focus back", ""),
    b!("j Down",   Action::Down,        LISTS, "move down; calendar day", ""),
    b!("k Up",     Action::Up,          LISTS, "move up; calendar day", ""),
    b!("h Left",   Action::Left,        MAIN,  "value; chart/calendar cursor", ""),
    b!("l Right",  Action::Right,       MAIN,  "value; chart/calendar cursor", ""),
    b!("PgDn C-d", Action::PageDown,    LISTS, "page down", ""),
    b!("PgUp C-u", Action::PageUp,      LISTS, "page up", ""),
    b!("g Home",   Action::Top,         LISTS, "first", ""),
    b!("G End",    Action::Bottom,      LISTS, "last", ""),
    b!("s",        Action::SortNext,    MAIN,  "sort by the next column", ""),
    b!("S",        Action::SortReverse, MAIN,  "flip the sort", ""),
    b!("U",        Action::SortBy(Column::Email),      MAIN, "sort by user", ""),
    b!("T",        Action::SortBy(Column::Total),      MAIN, "sort by total", ""),
    b!("D",        Action::SortBy(Column::ActiveDays), MAIN, "sort by active days", ""),
    b!("L",        Action::SortBy(Column::LastActive), MAIN, "sort by last active", ""),
    b!("Enter",    Action::Open,        MAIN,  "detail, picker, next value", ""),
    b!("v",        Action::Lens,        MAIN,  "lens: new dormant movers", "lens"),
    b!("b",        Action::Bucket,      VIEWS, "chart by day / week / month", "bars"),
    b!("c",        Action::Calendar,    VIEWS, "calendar / chart (8+ weeks)", ""),
    b!("t",        Action::Team,        MAIN,  "next team ([teams] config)", ""),
    b!("Space",    Action::Toggle,      PICKER, "picker: toggle a product", "toggle"),
    b!("a",        Action::All,         PICKER, "picker: all / none", "all"),
    b!("Enter",    Action::Open,        PICKER, "picker: apply", "apply"),
    b!("e",        Action::Export,      VIEWS, "export the view to CSV", "export"),
    b!("E",        Action::Report,      MAIN,  "report of the view (HTML)", ""),
    b!("y",        Action::CopyCommand, VIEWS, "copy as `export` command", ""),
    b!("m",        Action::Mask,        VIEWS, "mask emails (screenshots)", ""),
    b!("r F5",     Action::Refresh,     VIEWS, "refresh", "refresh"),
    b!("R",        Action::RefreshAll,  VIEWS, "refresh past the disk cache", ""),
    b!("?",        Action::Help,        ALL,   "help, then the glossary", "help"),
    b!("Esc q",    Action::Back,        AWAY,  "back", "back"),
    b!("Esc",      Action::ClearSearch, MAIN,  "clear the search applied", ""),
    b!("q",        Action::Quit,        MAIN,  "quit (Ctrl-C too)", "quit"),
    b!("C-z",      Action::Suspend,     ALL,   "suspend (fg resumes)", ""),
];

/// Keys no remap moves: Ctrl-C is the terminal's interrupt and quits from anywhere, so a
/// config can never leave a user without a way out.
#[rustfmt::skip]
pub const FIXED: &[Binding] = &[
    b!("C-c",      Action::Quit,        ALL,   "", ""),
];

/// The main screen's panes, as the footer knows them (the app maps its focus onto these).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pane {
    Filters,
    Chart,
    /// The chart's pane with the calendar in the chart's place.
    Calendar,
    Products,
    Users,
    /// No pane of its own (the detail, the picker, the help).
    None,
}

/// The keys of the focused pane, first in the footer (shown with the user's keys).
#[rustfmt::skip]
pub const PANE_HINTS: &[(Pane, &[Action], &str)] = &[
    (Pane::Filters, &[Action::Left, Action::Right], "change"),
    (Pane::Filters, &[Action::Down, Action::Up], "filter"),
    (Pane::Chart, &[Action::Left, Action::Right], "bar"),
    (Pane::Chart, &[Action::Open], "its days"),
    (Pane::Chart, &[Action::Calendar], "calendar"),
    (Pane::Calendar, &[Action::Left, Action::Down, Action::Up, Action::Right], "day"),
    (Pane::Calendar, &[Action::Open], "that day"),
    (Pane::Calendar, &[Action::Calendar], "chart"),
    (Pane::Products, &[Action::Down, Action::Up], "product"),
    (Pane::Products, &[Action::Open], "only this / all"),
    (Pane::Products, &[Action::Products], "pick"),
    (Pane::Users, &[Action::Open], "detail"),
    (Pane::Users, &[Action::SortNext, Action::SortReverse], "sort"),
    (Pane::Users, &[
        Action::SortBy(Column::Email), Action::SortBy(Column::Total),
        Action::SortBy(Column::ActiveDays), Action::SortBy(Column::LastActive),
    ], "sort by"),
];
