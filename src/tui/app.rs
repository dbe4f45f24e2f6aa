//! The dashboard's state and its one writer, `update`: messages in (keys, mouse, ticks,
//! fetch results), effects out (fetch, abort, export, copy). `update` does no I/O and reads
//! no clock: time arrives in `Msg::Tick` (a moment asked for before the first tick is
//! stamped by it). The loop in `mod.rs` runs the effects.
//!
//! The state is split by rule: `Fetch` (generations, loading, retries, progress),
//! `ViewCache` (answers in memory, bounded), `Table` (sort, selection, scroll), `Picker`,
//! `Search` (typing, debounce); each applies its own part of a message. `App` holds them
//! with the filters and the mode, and derives the `View` the widgets draw.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

mod actions;
pub mod cache;
mod command;
mod cursor;
mod data;
mod derive;
pub mod empty;
pub mod fetch;
mod filters;
mod help;
mod mouse;
mod msg;
pub mod picker;
mod prepared;
mod read;
pub mod search;
pub mod table;
mod teams;
#[cfg(test)]
pub(crate) mod tests;
#[cfg(test)]
mod tests_flow;
#[cfg(test)]
mod tests_hour;
#[cfg(test)]
mod tests_keys;
#[cfg(test)]
mod tests_narrow;
#[cfg(test)]
mod tests_prepared;
#[cfg(test)]
mod tests_team_sort;
#[cfg(test)]
mod tests_teams;
mod typed;

pub use super::columns::Column;
pub use cache::{Cached, ViewCache};
pub use command::shell_quote;
pub use msg::{Effect, Msg, Slot};
pub use search::{Input, InputKind};
#[cfg(test)]
pub use teams::block_lines;
pub use teams::{TeamLine, TeamsState};

// The modules the parts of the state use, named once here for them (`super::keymap`).
use super::chart::Bucketing;
use super::keymap::Mode;
use super::layout::Screen;
use super::people::{Derived, Lens};
#[cfg(test)]
use super::testing;
use super::view::View;
use super::{export, keymap, layout, people, view};
use crate::analytics::Span;
use crate::api::UsageQuery;
use crate::dates::Preset;
use crate::model::Usage;
use fetch::Fetch;
use picker::Picker;
use search::Search;
use table::Table;

/// How long typing in search waits before fetching.
pub const DEBOUNCE: Duration = Duration::from_millis(300);

/// How long a note (an export path, a copied command) stays on the status line.
pub const TOAST: Duration = Duration::from_secs(6);

/// A moment by the UI clock. Before the first tick `update` knows no time, and it never
/// reads a clock: a moment asked for then is stamped by the first tick.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    FirstTick,
    At(Instant),
}

impl When {
    /// `after` from `now` (the UI clock's last tick), or from the first tick.
    pub fn after(now: Option<Instant>, after: Duration) -> When {
        now.map_or(When::FirstTick, |n| When::At(n + after))
    }
}

/// Which pane has the keyboard in the main mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    Filters,
    Chart,
    Products,
    Users,
}

/// A line for the status bar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub error: bool,
    /// When a note was shown (from the UI clock): notes fade after `TOAST`; errors stay
    /// until the next good answer or another message.
    pub since: Option<Instant>,
    /// A hint about the view on screen (where a key works), gone when the view is left.
    pub hint: bool,
}

/// Whether the data can be fetched again with other filters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceKind {
    Api,
    /// A saved response: only the date range can change (the file is narrowed).
    Fixed,
}

/// Part of the current view (its windows on disk) shown while the rest is fetched; never
/// cached. With it, the view shown before, to go back to if the fetch fails.
#[derive(Debug)]
struct Partial {
    usage: Arc<Usage>,
    before: Option<UsageQuery>,
}

/// The whole dashboard state.
#[derive(Debug)]
pub struct App {
    today: NaiveDate,
    org_label: String,
    source: SourceKind,
    /// The saved response has no rows at all: no range to show or change (`empty.rs`).
    empty_file: bool,
    command_base: Vec<String>,
    /// The filters asked for.
    query: UsageQuery,
    preset: Preset,
    /// The unit the range pages by with `[` `]`, and its comparison's span.
    span: Span,
    /// The query whose data is on screen (the last good one while another loads).
    shown: Option<UsageQuery>,
    /// Filters asked for while the server could not answer: asked again on the next
    /// refresh (or `r`), shown in the header meanwhile.
    pending: Option<UsageQuery>,
    /// Why there is nothing to show at all (the first fetch failed), and what to do.
    blocker: Option<String>,
    partial: Option<Partial>,
    cache: ViewCache,
    fetch: Fetch,
    view: View,
    /// The comparison, activity and buckets of the answers on screen, derived once each.
    derived: Derived,
    /// The table's orders of the people on screen, per sort, computed once each.
    orders: super::orders::Orders,
    /// Derivations made off the UI thread for large answers, and the jobs asked.
    preparing: prepared::Preparing,
    lens: Lens,
    bucketing: Bucketing,
    /// The first day of the chart's and the report's weeks (the config's `week_start`).
    week_start: crate::analytics::WeekStart,
    /// The calendar asked for in the chart's place (`c`; shown for 8 weeks or more).
    calendar: bool,
    /// The chart's bar under the day cursor (left/right while the chart has focus).
    chart_cursor: Option<usize>,
    /// The calendar's day under the cursor (arrows while the chart pane has focus).
    calendar_day: Option<chrono::NaiveDate>,
    /// The first row of the person's day-by-day table shown (PgDn/PgUp in the detail).
    detail_scroll: usize,
    table: Table,
    picker: Picker,
    search: Search,
    status: Option<Status>,
    mode: Mode,
    /// The help shows its glossary page.
    glossary: bool,
    /// Lines the `?` help is scrolled down, when it is one column that scrolls.
    help_scroll: u16,
    focus: Focus,
    filter_row: usize,
    /// The person whose detail is open.
    detail: Option<Uuid>,
    mask: bool,
    now: Option<Instant>,
    wall: DateTime<Utc>,
    spinner: usize,
    /// Where each pane goes at the terminal's size, computed on `Msg::Resize`.
    screen: Screen,
    quit: bool,
    /// The config's teams, the team filter and the per-team block.
    teams: TeamsState,
    /// The keys in use (the defaults with the config's `[keys]` over them).
    keymap: keymap::Keymap,
    /// Test builds only: where to panic on purpose (`draw` or `fetch`), from
    /// `CLARITYQ_TEST_PANIC`, to prove the terminal is given back.
    #[cfg(feature = "test-hooks")]
    pub test_panic: Option<String>,
}

impl App {
    pub fn new(
        query: UsageQuery,
        today: NaiveDate,
        org_label: String,
        source: SourceKind,
        command_base: Vec<String>,
        wall: DateTime<Utc>,
    ) -> Self {
        let preset = Preset::detect(query.range, today);
        App {
            today,
            org_label,
            source,
            empty_file: false,
            command_base,
            query,
            preset,
            span: Span::of_preset(preset),
            shown: None,
            pending: None,
            blocker: None,
            partial: None,
            cache: ViewCache::for_source(source),
            fetch: Fetch::default(),
            view: View::default(),
            derived: Derived::default(),
            orders: Default::default(),
            preparing: Default::default(),
            lens: Lens::All,
            bucketing: Bucketing::Day,
            week_start: Default::default(),
            calendar: false,
            chart_cursor: None,
            calendar_day: None,
            detail_scroll: 0,
            table: Table::default(),
            picker: Picker::default(),
            search: Search::default(),
            status: None,
            mode: Mode::Main,
            glossary: false,
            help_scroll: 0,
            focus: Focus::Users,
            filter_row: 0,
            detail: None,
            mask: false,
            now: None,
            wall,
            spinner: 0,
            screen: Screen::new((80, 24)),
            quit: false,
            teams: TeamsState::default(),
            keymap: keymap::Keymap::defaults(),
            #[cfg(feature = "test-hooks")]
            test_panic: None,
        }
    }

    /// The app with the user's keys (checked at start, from the config's `[keys]`).
    pub fn with_keymap(mut self, keymap: keymap::Keymap) -> Self {
        self.keymap = keymap;
        self
    }

    /// The app with the config's `week_start` for the chart's weeks and `E`'s report.
    pub fn with_week_start(mut self, week_start: crate::analytics::WeekStart) -> Self {
        self.week_start = week_start;
        self
    }

    /// The first fetches, at start-up.
    pub fn start(&mut self) -> Vec<Effect> {
        let mut fx = self.request(false);
        fx.append(&mut self.preparing.take_jobs());
        fx
    }

    /// The one writer of the state.
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        let mut fx = self.apply(msg);
        self.fit_status();
        // Derivations and narrowings asked while rebuilding the view, for the loop to run
        // off this thread.
        fx.append(&mut self.preparing.take_jobs());
        fx.extend(self.teams.take_jobs().into_iter().map(Effect::Narrow));
        fx
    }

    fn apply(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Key(k) => self.on_key(k),
            Msg::Mouse(m) => self.on_mouse(m),
            Msg::Resize(w, h) => {
                self.relayout((w, h));
                self.rebuild_view();
                Vec::new()
            }
            Msg::Tick { now, wall } => self.on_tick(now, wall),
            Msg::Fetched {
                slot,
                generation,
                query,
                result,
                wall,
            } => match result {
                Ok(usage) => self.on_answer(slot, generation, query, usage, wall),
                Err(e) => self.on_failure(slot, generation, e),
            },
            Msg::Retrying {
                slot,
                generation,
                attempt,
                delay,
                reason,
            } => {
                self.fetch
                    .on_retrying(slot, generation, attempt, delay, &reason);
                Vec::new()
            }
            Msg::Progress {
                slot,
                generation,
                done,
                total,
            } => {
                self.fetch.on_progress(slot, generation, done, total);
                Vec::new()
            }
            Msg::Prepared {
                generation,
                prepared,
            } => self.on_prepared(generation, prepared),
            Msg::Narrowed(n) => self.on_narrowed(*n),
            Msg::Partial {
                slot,
                generation,
                query,
                usage,
            } => self.on_partial(slot, generation, query, usage),
            Msg::AutoRefresh => {
                if self.fetch.is_loading() || self.source == SourceKind::Fixed {
                    Vec::new()
                } else {
                    self.request(true)
                }
            }
            Msg::Toast(t) => self.note(t, false),
            Msg::Failed(t) => self.note(t, true),
        }
    }

    fn on_tick(&mut self, now: Instant, wall: DateTime<Utc>) -> Vec<Effect> {
        self.now = Some(now);
        self.wall = wall;
        self.spinner = self.spinner.wrapping_add(1);
        self.fetch.on_tick(now);
        if let Some(st) = self.status.as_mut().filter(|s| !s.error) {
            match st.since {
                None => st.since = Some(now),
                Some(at) if now.duration_since(at) >= TOAST => self.status = None,
                Some(_) => {}
            }
        }
        match self.search.on_tick(now) {
            Some(text) => self.set_filter(|q| q.search = (!text.is_empty()).then_some(text)),
            None => Vec::new(),
        }
    }

    /// Puts a line on the status bar (an error stays until the next good answer).
    fn note(&mut self, text: impl Into<String>, error: bool) -> Vec<Effect> {
        self.status = Some(Status {
            text: text.into(),
            error,
            since: self.now,
            hint: false,
        });
        Vec::new()
    }

    /// A note about the view on screen, gone when it is left.
    fn hint(&mut self, text: String) -> Vec<Effect> {
        self.note(text, false);
        if let Some(s) = self.status.as_mut() {
            s.hint = true;
        }
        Vec::new()
    }
}
