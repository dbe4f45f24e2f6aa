//! The dashboard's state and its one writer, `update`: messages in (keys, mouse, ticks,
//! fetch results), effects out (fetch, abort, export, copy). `update` does no I/O and reads
//! no clock: time arrives in `Msg::Tick`. The loop in `mod.rs` runs the effects.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, Utc};
use crossterm::event::{KeyEvent, MouseEvent};
use uuid::Uuid;

mod actions;
pub mod cache;
mod command;
mod data;
mod input;
mod mouse;
#[cfg(test)]
pub(crate) mod tests;
#[cfg(test)]
mod tests_flow;
#[cfg(test)]
mod tests_keys;

pub use super::columns::Column;
pub use cache::{Cached, ViewCache};
pub use command::shell_quote;
pub use input::parse_range_input;

use super::export::ExportJob;
use super::keymap::{self, Action, Mode};
use super::layout::Screen;
use super::view::View;
use crate::api::{ApiError, Origin, UsageQuery};
use crate::dates::Preset;
use crate::model::Usage;

/// How long typing in search waits before fetching.
pub const DEBOUNCE: Duration = Duration::from_millis(300);

/// Which background fetch a result belongs to; a new fetch in a slot aborts the old one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Slot {
    /// The current view.
    Main,
    /// The previous period, for the KPI change.
    Previous,
    /// One origin of the current view, for the user detail.
    Origin(Origin),
}

/// Messages into `update`.
#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// The UI clock: drives the spinner, the debounce and "fetched ... ago".
    Tick {
        now: Instant,
        wall: DateTime<Utc>,
    },
    /// A fetch finished. `generation` says which request it answers.
    Fetched {
        slot: Slot,
        generation: u64,
        query: UsageQuery,
        result: Result<Arc<Usage>, ApiError>,
        wall: DateTime<Utc>,
    },
    /// The windows of a long view already on disk, to show while the rest is asked.
    Partial {
        slot: Slot,
        generation: u64,
        query: UsageQuery,
        usage: Arc<Usage>,
    },
    /// A chunked fetch has `done` of `total` windows.
    Progress {
        slot: Slot,
        generation: u64,
        done: usize,
        total: usize,
    },
    /// A fetch is waiting to retry.
    Retrying {
        slot: Slot,
        generation: u64,
        attempt: u32,
        delay: Duration,
        reason: String,
    },
    /// The auto-refresh interval elapsed.
    AutoRefresh,
    /// The loop finished an effect and has something to say (export path, copy).
    Toast(String),
    /// The loop could not run an effect.
    Failed(String),
}

/// What the loop must do for `update`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Fetch `query`; `bypass_cache` skips the disk cache (`R`).
    Fetch {
        slot: Slot,
        generation: u64,
        query: UsageQuery,
        bypass_cache: bool,
    },
    Abort(Slot),
    /// Write the people of the view on screen, in its order, as CSV.
    Export(ExportJob),
    /// Put this text on the clipboard (OSC 52).
    Copy(String),
    Suspend,
    Quit,
}

/// A text field being typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Input {
    pub kind: InputKind,
    pub text: String,
    /// Why the last Enter was refused (a bad date, a reversed range).
    pub error: Option<String>,
    /// What the filter was before, restored by Esc.
    pub before: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    Search,
    Range,
}

/// Which pane has the keyboard in the main mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    Filters,
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
}

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

/// How long a note (an export path, a copied command) stays on the status line.
pub const TOAST: Duration = Duration::from_secs(6);

/// Whether the data can be fetched again with other filters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceKind {
    Api,
    /// A saved response: only the date range can change (the file is narrowed).
    Fixed,
}

/// The whole dashboard state.
#[derive(Debug)]
pub struct App {
    pub today: NaiveDate,
    pub org_label: String,
    pub source: SourceKind,
    pub command_base: Vec<String>,
    pub query: UsageQuery,
    pub preset: Preset,
    /// Products seen in any response: the picker's list.
    pub products_known: Vec<(Uuid, String)>,
    /// The query whose data is on screen (the last good one while another loads).
    pub shown: Option<UsageQuery>,
    /// Part of the current view (its windows on disk) shown while the rest is fetched;
    /// never cached. With it, the view shown before, to go back to if the fetch fails.
    pub partial: Option<(Arc<Usage>, Option<UsageQuery>)>,
    pub view: View,
    /// Answers kept in memory, bounded.
    pub cache: ViewCache,
    pub generation: u64,
    /// A fetch of the view is running, since when (by the UI clock).
    pub loading: Option<When>,
    pub retry_note: Option<String>,
    /// Windows in of a chunked fetch of the view: "fetching 5/12".
    pub progress: Option<(usize, usize)>,
    /// The next request skips the disk cache (`R`).
    pub bypass_disk: bool,
    pub status: Option<Status>,
    pub mode: Mode,
    pub focus: Focus,
    pub filter_row: usize,
    pub sort: (Column, bool),
    pub selected: usize,
    pub offset: usize,
    pub input: Option<Input>,
    /// When typing in search pauses long enough to fetch.
    pub search_deadline: Option<When>,
    pub picker: Vec<Uuid>,
    pub picker_cursor: usize,
    pub detail: Option<Uuid>,
    pub mask: bool,
    pub now: Option<Instant>,
    pub wall: DateTime<Utc>,
    pub spinner: usize,
    pub size: (u16, u16),
    /// Where each pane goes at `size`, computed on `Msg::Resize`.
    pub screen: Screen,
    /// Colours on (off under `NO_COLOR`).
    pub color: bool,
    /// Test builds only: where to panic on purpose (`draw` or `fetch`), from
    /// `CLARITYQ_TEST_PANIC`, to prove the terminal is given back.
    #[cfg(feature = "test-hooks")]
    pub test_panic: Option<String>,
    pub quit: bool,
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
            command_base,
            query,
            preset,
            products_known: Vec::new(),
            shown: None,
            partial: None,
            view: View::default(),
            cache: ViewCache::default(),
            generation: 0,
            loading: None,
            retry_note: None,
            progress: None,
            bypass_disk: false,
            status: None,
            mode: Mode::Main,
            focus: Focus::Users,
            filter_row: 0,
            sort: (Column::Total, true),
            selected: 0,
            offset: 0,
            input: None,
            search_deadline: None,
            picker: Vec::new(),
            picker_cursor: 0,
            detail: None,
            mask: false,
            now: None,
            wall,
            spinner: 0,
            size: (80, 24),
            screen: Screen::new((80, 24)),
            color: true,
            #[cfg(feature = "test-hooks")]
            test_panic: None,
            quit: false,
        }
    }

    /// The first fetches, at start-up.
    pub fn start(&mut self) -> Vec<Effect> {
        self.request(false)
    }

    pub fn is_loading(&self) -> bool {
        self.loading.is_some()
    }

    fn note(&mut self, text: impl Into<String>, error: bool) {
        self.status = Some(Status {
            text: text.into(),
            error,
            since: self.now,
        });
    }

    /// The one writer of the state.
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Key(k) => self.on_key(k),
            Msg::Mouse(m) => self.on_mouse(m),
            Msg::Resize(w, h) => {
                self.size = (w, h);
                self.screen = Screen::new((w, h));
                self.rebuild_view();
                Vec::new()
            }
            Msg::Tick { now, wall } => {
                self.now = Some(now);
                self.wall = wall;
                self.spinner = self.spinner.wrapping_add(1);
                if let Some(st) = self.status.as_mut().filter(|s| !s.error) {
                    match st.since {
                        None => st.since = Some(now),
                        Some(at) if now.duration_since(at) >= TOAST => self.status = None,
                        Some(_) => {}
                    }
                }
                if let Some(When::FirstTick) = self.loading {
                    self.loading = Some(When::At(now));
                }
                match self.search_deadline {
                    Some(When::FirstTick) => {
                        self.search_deadline = Some(When::At(now + DEBOUNCE));
                        Vec::new()
                    }
                    Some(When::At(d)) if now >= d => {
                        self.search_deadline = None;
                        self.apply_search()
                    }
                    _ => Vec::new(),
                }
            }
            Msg::Fetched {
                slot,
                generation,
                query,
                result,
                wall,
            } => self.on_fetched(slot, generation, query, result, wall),
            Msg::Retrying {
                slot,
                generation,
                attempt,
                delay,
                reason,
            } => {
                if slot == Slot::Main && generation == self.generation {
                    self.retry_note = Some(format!(
                        "attempt {attempt} failed ({reason}); retrying in {:.0} s",
                        delay.as_secs_f64().ceil()
                    ));
                }
                Vec::new()
            }
            Msg::Progress {
                slot,
                generation,
                done,
                total,
            } => {
                if slot == Slot::Main && generation == self.generation {
                    self.progress = Some((done, total));
                }
                Vec::new()
            }
            Msg::Partial {
                slot,
                generation,
                query,
                usage,
            } => {
                if slot == Slot::Main
                    && generation == self.generation
                    && query == self.query
                    && self.is_loading()
                {
                    let before = self
                        .partial
                        .take()
                        .map_or_else(|| self.shown.clone(), |(_, b)| b);
                    self.partial = Some((usage, before));
                    self.show(query);
                }
                Vec::new()
            }
            Msg::AutoRefresh => {
                if self.is_loading() || self.source == SourceKind::Fixed {
                    Vec::new()
                } else {
                    self.request(true)
                }
            }
            Msg::Toast(t) => {
                self.note(t, false);
                Vec::new()
            }
            Msg::Failed(t) => {
                self.note(t, true);
                Vec::new()
            }
        }
    }

    fn on_key(&mut self, k: KeyEvent) -> Vec<Effect> {
        if k.kind == crossterm::event::KeyEventKind::Release {
            return Vec::new();
        }
        if self.input.is_some() {
            return self.on_input_key(k);
        }
        match keymap::lookup(self.mode, &k) {
            Some(a) => self.act(a),
            // Any key closes the help.
            None if self.mode == Mode::Help => self.act(Action::Back),
            None => Vec::new(),
        }
    }
}
