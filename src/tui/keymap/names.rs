//! Each action's name: what `[keys]` in the config calls it and what the `?` help shows
//! beside its keys. The names are part of the config file's format: never rename one.

use super::{Action, BINDINGS, Column};

/// The range presets' names, by preset index (keys 1 to 0).
const PRESETS: [&str; 10] = [
    "last_7d",
    "last_30d",
    "last_90d",
    "this_month",
    "last_month",
    "year_to_date",
    "this_week",
    "last_week",
    "this_quarter",
    "last_quarter",
];

impl Action {
    /// The action's name in snake_case.
    pub fn name(self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::Refresh => "refresh",
            Action::RefreshAll => "refresh_all",
            Action::OriginNext => "origin_next",
            Action::OriginPrev => "origin_prev",
            Action::Preset(i) => PRESETS.get(usize::from(i)).copied().unwrap_or("preset"),
            Action::PeriodPrev => "period_prev",
            Action::PeriodNext => "period_next",
            Action::CustomRange => "custom_range",
            Action::Search => "search",
            Action::Products => "products",
            Action::FocusNext => "focus_next",
            Action::FocusPrev => "focus_prev",
            Action::Down => "down",
            Action::Up => "up",
            Action::Left => "left",
            Action::Right => "right",
            Action::PageDown => "page_down",
            Action::PageUp => "page_up",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::SortNext => "sort_next",
            Action::SortReverse => "sort_reverse",
            Action::SortBy(c) => sort_name(c),
            Action::Open => "open",
            Action::Back => "back",
            Action::Export => "export",
            Action::Report => "report",
            Action::CopyCommand => "copy_command",
            Action::Mask => "mask",
            Action::Help => "help",
            Action::Suspend => "suspend",
            Action::Toggle => "toggle",
            Action::All => "all",
            Action::Lens => "lens",
            Action::Bucket => "bucket",
            Action::Calendar => "calendar",
            Action::Team => "team",
            Action::ClearSearch => "clear_search",
        }
    }

    /// The action a name stands for, among those with a key in the table.
    pub fn from_name(name: &str) -> Option<Action> {
        BINDINGS.iter().map(|b| b.action).find(|a| a.name() == name)
    }
}

/// The direct sort keys' names, after their column.
fn sort_name(c: Column) -> &'static str {
    match c {
        Column::Email => "sort_user",
        Column::Total => "sort_total",
        Column::ActiveDays => "sort_active_days",
        Column::LastActive => "sort_last_active",
        // Columns without a direct key have no action to name.
        _ => "sort_by",
    }
}
