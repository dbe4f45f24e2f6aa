//! The dashboard's state and its one writer, `update`: messages in (keys, mouse, ticks,
//! fetch results), effects out (fetch, abort, export, copy). `update` does no I/O and reads
//! no clock: time arrives in `Msg::Tick`. The loop in `mod.rs` runs the effects.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, Utc};
use crossterm::event::{KeyEvent, MouseEvent};
use uuid::Uuid;

use super::keymap::Mode;
use super::view::View;
use crate::api::{ApiError, Origin, UsageQuery};
use crate::dates::Preset;
use crate::model::Usage;

mod actions;
mod input;

pub use input::{parse_range_input, shell_quote};

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
    Fetch {
        slot: Slot,
        generation: u64,
        query: UsageQuery,
    },
    Abort(Slot),
    /// Write the users of `query`'s data as CSV.
    Export {
        query: UsageQuery,
    },
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

/// Table columns, in sort-key order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    Email,
    Total,
    Share,
    ActiveDays,
    LastActive,
}

impl Column {
    pub const ALL: [Column; 5] = [
        Column::Email,
        Column::Total,
        Column::Share,
        Column::ActiveDays,
        Column::LastActive,
    ];
}

/// A line for the status bar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

/// A result kept for going back to a view instantly.
#[derive(Clone, Debug)]
pub struct Cached {
    pub usage: Arc<Usage>,
    pub fetched_at: DateTime<Utc>,
}

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
    pub view: View,
    pub cache: HashMap<UsageQuery, Cached>,
    pub generation: u64,
    pub loading: Option<Instant>,
    pub retry_note: Option<String>,
    pub status: Option<Status>,
    pub mode: Mode,
    pub focus: Focus,
    pub filter_row: usize,
    pub sort: (Column, bool),
    pub selected: usize,
    pub offset: usize,
    pub input: Option<Input>,
    pub search_deadline: Option<Instant>,
    pub picker: Vec<Uuid>,
    pub picker_cursor: usize,
    pub detail: Option<Uuid>,
    pub mask: bool,
    pub now: Option<Instant>,
    pub wall: DateTime<Utc>,
    pub spinner: usize,
    pub size: (u16, u16),
    /// Colours on (off under `NO_COLOR`).
    pub color: bool,
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
            view: View::default(),
            cache: HashMap::new(),
            generation: 0,
            loading: None,
            retry_note: None,
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
            color: true,
            quit: false,
        }
    }

    /// The first fetches, at start-up.
    pub fn start(&mut self) -> Vec<Effect> {
        self.request(false)
    }

    /// The data on screen, if any.
    pub fn usage(&self) -> Option<&Arc<Usage>> {
        self.shown
            .as_ref()
            .and_then(|q| self.cache.get(q))
            .map(|c| &c.usage)
    }

    /// When the data on screen was fetched.
    pub fn fetched_at(&self) -> Option<DateTime<Utc>> {
        self.shown
            .as_ref()
            .and_then(|q| self.cache.get(q))
            .map(|c| c.fetched_at)
    }

    /// The previous period's data, when fetched.
    pub fn previous(&self) -> Option<&Arc<Usage>> {
        self.cache
            .get(&self.query.with_range(self.query.range.previous()))
            .map(|c| &c.usage)
    }

    /// One origin's data of the current view, when fetched.
    pub fn origin_usage(&self, o: Origin) -> Option<&Arc<Usage>> {
        self.cache
            .get(&self.query.with_origin(Some(o)))
            .map(|c| &c.usage)
    }

    pub fn is_loading(&self) -> bool {
        self.loading.is_some()
    }

    /// The selected user's id.
    pub fn selected_user(&self) -> Option<Uuid> {
        let u = self.usage()?;
        let i = *self.view.order.get(self.selected)?;
        u.users().get(i as usize).map(|x| x.id)
    }

    /// Fetches (or shows from the cache) the current query. `force` skips the cache.
    fn request(&mut self, force: bool) -> Vec<Effect> {
        self.generation += 1;
        self.retry_note = None;
        let mut fx = Vec::new();
        if !force && let Some(_hit) = self.cache.get(&self.query) {
            self.loading = None;
            self.show(self.query.clone());
            fx.push(Effect::Abort(Slot::Main));
        } else {
            self.loading = Some(self.now.unwrap_or_else(Instant::now));
            fx.push(Effect::Fetch {
                slot: Slot::Main,
                generation: self.generation,
                query: self.query.clone(),
            });
        }
        let prev = self.query.with_range(self.query.range.previous());
        if force || !self.cache.contains_key(&prev) {
            fx.push(Effect::Fetch {
                slot: Slot::Previous,
                generation: self.generation,
                query: prev,
            });
        }
        if self.mode == Mode::Detail {
            fx.extend(self.origin_fetches(force));
        }
        fx
    }

    fn origin_fetches(&self, force: bool) -> Vec<Effect> {
        if self.source == SourceKind::Fixed {
            return Vec::new();
        }
        Origin::ALL
            .into_iter()
            .map(|o| self.query.with_origin(Some(o)))
            .filter(|q| force || !self.cache.contains_key(q))
            .map(|q| Effect::Fetch {
                slot: Slot::Origin(q.origin.expect("set")),
                generation: self.generation,
                query: q,
            })
            .collect()
    }

    /// Puts `q`'s cached data on screen.
    fn show(&mut self, q: UsageQuery) {
        // The person selected now, read through the view of the data shown now.
        let keep = self.selected_user();
        let changed = self.shown.as_ref() != Some(&q);
        self.shown = Some(q);
        if changed {
            self.selected = 0;
            self.offset = 0;
        }
        self.rebuild_with(keep);
    }

    /// Recomputes everything derived from the data, the sort and the size.
    pub fn rebuild_view(&mut self) {
        let keep = self.selected_user();
        self.rebuild_with(keep);
    }

    /// Rebuilds the view, keeping `keep` selected if it is still there.
    fn rebuild_with(&mut self, selected_id: Option<Uuid>) {
        let prev = self.previous().cloned();
        let usage = self.usage().cloned();
        self.view = View::build(usage.as_deref(), prev.as_deref(), self.sort, self.size);
        // Keep the same person selected across a re-sort or a refresh.
        if let (Some(id), Some(u)) = (selected_id, usage.as_deref())
            && let Some(ui) = u.user_index(id)
            && let Some(pos) = self.view.order.iter().position(|&i| i as usize == ui)
        {
            self.selected = pos;
        }
        self.clamp_selection();
        self.refresh_visible();
    }

    /// Recomputes the visible rows' sparklines (only those: O(visible), not O(users)).
    pub fn refresh_visible(&mut self) {
        let rows = self.table_rows();
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if rows > 0 && self.selected >= self.offset + rows {
            self.offset = self.selected + 1 - rows;
        }
        let usage = self.usage().cloned();
        let detail = self
            .detail
            .and_then(|id| usage.as_deref().and_then(|u| u.user_index(id)));
        let origins = Origin::ALL.map(|o| self.origin_usage(o).cloned());
        let [a, b, c] = &origins;
        self.view.fill_visible(
            usage.as_deref(),
            self.offset,
            rows,
            self.size,
            detail,
            [a.as_deref(), b.as_deref(), c.as_deref()],
        );
    }

    /// How many user rows the table shows at the current size.
    pub fn table_rows(&self) -> usize {
        super::ui::layout(self.size, self.mode)
            .users
            .height
            .saturating_sub(1) as usize
    }

    fn clamp_selection(&mut self) {
        let n = self.view.order.len();
        if n == 0 {
            self.selected = 0;
            self.offset = 0;
        } else if self.selected >= n {
            self.selected = n - 1;
        }
    }

    fn note(&mut self, text: impl Into<String>, error: bool) {
        self.status = Some(Status {
            text: text.into(),
            error,
        });
    }

    /// The one writer of the state.
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Key(k) => self.on_key(k),
            Msg::Mouse(m) => self.on_mouse(m),
            Msg::Resize(w, h) => {
                self.size = (w, h);
                self.rebuild_view();
                Vec::new()
            }
            Msg::Tick { now, wall } => {
                self.now = Some(now);
                self.wall = wall;
                self.spinner = self.spinner.wrapping_add(1);
                match self.search_deadline {
                    Some(d) if now >= d => {
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

    fn on_fetched(
        &mut self,
        slot: Slot,
        generation: u64,
        query: UsageQuery,
        result: Result<Arc<Usage>, ApiError>,
        wall: DateTime<Utc>,
    ) -> Vec<Effect> {
        let current = generation == self.generation;
        match result {
            Ok(usage) => {
                for p in usage.products() {
                    if !self.products_known.iter().any(|(id, _)| *id == p.id) {
                        self.products_known.push((p.id, p.name.clone()));
                    }
                }
                self.products_known.sort_by(|a, b| a.1.cmp(&b.1));
                // A late answer is still right for its own query: keep it for going back,
                // but never show it in place of the current one.
                self.cache.insert(
                    query.clone(),
                    Cached {
                        usage,
                        fetched_at: wall,
                    },
                );
                if slot == Slot::Main && current && query == self.query {
                    self.loading = None;
                    self.retry_note = None;
                    if self.status.as_ref().is_some_and(|s| s.error) {
                        self.status = None;
                    }
                    let w = self.usage().map(|u| u.warnings()).unwrap_or_default();
                    self.show(query);
                    let w2 = self.usage().map(|u| u.warnings()).unwrap_or_default();
                    if !w2.is_empty() && w2 != w {
                        self.note(format!("warning: {w2}"), true);
                    }
                } else if current {
                    self.rebuild_view();
                }
            }
            Err(e) => {
                if current && slot == Slot::Main {
                    self.loading = None;
                    self.retry_note = None;
                    // The last good data stays on screen, and the filters go back to the
                    // ones it answers, so the header never describes data that is not there.
                    // The failed filter is one key away.
                    self.note(e.to_string(), true);
                    if let Some(shown) = self.shown.clone()
                        && shown != self.query
                    {
                        self.query = shown;
                        self.preset = Preset::detect(self.query.range, self.today);
                        // Answers still on their way for the failed filters are now stale.
                        self.generation += 1;
                        self.rebuild_view();
                        return vec![Effect::Abort(Slot::Previous)];
                    }
                } else if current && matches!(slot, Slot::Origin(_)) && self.mode == Mode::Detail {
                    self.note(format!("by origin: {e}"), true);
                }
            }
        }
        Vec::new()
    }
}
