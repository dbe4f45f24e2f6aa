//! The dashboard's state and its one writer, `update`: messages in (keys, mouse, ticks,
//! fetch results), effects out (fetch, abort, export, copy). `update` does no I/O and reads
//! no clock: time arrives in `Msg::Tick`. The loop in `mod.rs` runs the effects.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use uuid::Uuid;

use super::keymap::{self, Action, Mode};
use super::view::View;
use crate::api::{ApiError, Origin, UsageQuery};
use crate::dates::{DateRange, Preset, parse_date};
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
                    // The last good data stays on screen.
                    self.note(e.to_string(), true);
                } else if current && matches!(slot, Slot::Origin(_)) && self.mode == Mode::Detail {
                    self.note(format!("by origin: {e}"), true);
                }
            }
        }
        Vec::new()
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

    /// Runs one action (also used by tests and the mouse).
    pub fn act(&mut self, a: Action) -> Vec<Effect> {
        if self.mode == Mode::Help && !matches!(a, Action::Quit | Action::Suspend) {
            self.mode = if self.detail.is_some() {
                Mode::Detail
            } else {
                Mode::Main
            };
            return Vec::new();
        }
        if self.mode == Mode::Picker {
            return self.picker_action(a);
        }
        match a {
            Action::Quit => {
                self.quit = true;
                vec![Effect::Quit]
            }
            Action::Suspend => vec![Effect::Suspend],
            Action::Help => {
                self.mode = Mode::Help;
                Vec::new()
            }
            Action::Refresh => self.request(true),
            Action::OriginNext | Action::OriginPrev => {
                let o = Origin::cycle(self.query.origin, a == Action::OriginNext);
                self.set_filter(|q| q.origin = o)
            }
            Action::Preset(i) => {
                let p = Preset::ALL[usize::from(i).min(5)];
                let r = p.range(self.today).expect("presets have ranges");
                self.set_range(r)
            }
            Action::PeriodPrev => self.set_range(self.query.range.shifted(-1)),
            Action::PeriodNext => {
                let next = self.query.range.shifted(1);
                if next.start() > self.today {
                    self.note("the next period is in the future", false);
                    return Vec::new();
                }
                self.set_range(next)
            }
            Action::CustomRange => {
                let before = format!("{} {}", self.query.range.start(), self.query.range.end());
                self.input = Some(Input {
                    kind: InputKind::Range,
                    text: before.clone(),
                    before,
                    error: None,
                });
                Vec::new()
            }
            Action::Search => {
                if self.source == SourceKind::Fixed {
                    self.note(
                        "a saved response cannot be searched again: use --search when fetching",
                        true,
                    );
                    return Vec::new();
                }
                let before = self.query.search.clone().unwrap_or_default();
                self.input = Some(Input {
                    kind: InputKind::Search,
                    text: before.clone(),
                    before,
                    error: None,
                });
                Vec::new()
            }
            Action::Products => {
                if self.products_known.is_empty() {
                    self.note("no products known yet", false);
                    return Vec::new();
                }
                self.picker = self.query.product_ids.clone();
                self.picker_cursor = 0;
                self.mode = Mode::Picker;
                Vec::new()
            }
            Action::FocusNext | Action::FocusPrev => {
                let order = [Focus::Filters, Focus::Products, Focus::Users];
                let i = order.iter().position(|f| *f == self.focus).unwrap_or(0);
                self.focus = order[if a == Action::FocusNext {
                    (i + 1) % 3
                } else {
                    (i + 2) % 3
                }];
                Vec::new()
            }
            Action::Down
            | Action::Up
            | Action::PageDown
            | Action::PageUp
            | Action::Top
            | Action::Bottom => {
                self.move_cursor(a);
                Vec::new()
            }
            Action::Left | Action::Right => self.change_focused_filter(a == Action::Right),
            Action::SortNext => {
                let i = Column::ALL
                    .iter()
                    .position(|c| *c == self.sort.0)
                    .unwrap_or(0);
                let col = Column::ALL[(i + 1) % Column::ALL.len()];
                // Text sorts A to Z first; numbers and dates most first. A new order starts
                // at its top.
                self.sort = (col, col != Column::Email);
                self.selected = 0;
                self.rebuild_with(None);
                Vec::new()
            }
            Action::SortReverse => {
                self.sort.1 = !self.sort.1;
                self.selected = 0;
                self.rebuild_with(None);
                Vec::new()
            }
            Action::Open => match self.focus {
                Focus::Filters => self.change_focused_filter(true),
                Focus::Products => self.act(Action::Products),
                Focus::Users => {
                    let Some(id) = self.selected_user() else {
                        return Vec::new();
                    };
                    self.detail = Some(id);
                    self.mode = Mode::Detail;
                    self.rebuild_view();
                    self.origin_fetches(false)
                }
            },
            Action::Back => {
                self.detail = None;
                self.mode = Mode::Main;
                self.rebuild_view();
                Vec::new()
            }
            Action::Export => match &self.shown {
                Some(q) => vec![Effect::Export { query: q.clone() }],
                None => {
                    self.note("nothing to export yet", false);
                    Vec::new()
                }
            },
            Action::CopyCommand => {
                let cmd = self.export_command();
                self.note(format!("copied: {cmd}"), false);
                vec![Effect::Copy(cmd)]
            }
            Action::Mask => {
                self.mask = !self.mask;
                self.refresh_visible();
                Vec::new()
            }
            Action::Toggle | Action::All => Vec::new(),
        }
    }

    fn move_cursor(&mut self, a: Action) {
        let page = self.table_rows().max(1);
        let (pos, len) = match (self.mode, self.focus) {
            (Mode::Main, Focus::Filters) => (&mut self.filter_row, 4),
            _ => (&mut self.selected, self.view.order.len()),
        };
        if len == 0 {
            return;
        }
        *pos = match a {
            Action::Down => (*pos + 1).min(len - 1),
            Action::Up => pos.saturating_sub(1),
            Action::PageDown => (*pos + page).min(len - 1),
            Action::PageUp => pos.saturating_sub(page),
            Action::Top => 0,
            Action::Bottom => len - 1,
            _ => *pos,
        };
        if self.mode == Mode::Detail {
            self.detail = self.selected_user();
        }
        self.refresh_visible();
    }

    /// h/l or Enter on the filter pane: range presets, origin, products, search.
    fn change_focused_filter(&mut self, forward: bool) -> Vec<Effect> {
        if self.focus != Focus::Filters {
            return Vec::new();
        }
        match self.filter_row {
            0 => {
                let i = Preset::ALL.iter().position(|p| *p == self.preset);
                let n = Preset::ALL.len();
                let next = match (i, forward) {
                    (Some(i), true) => (i + 1) % n,
                    (Some(i), false) => (i + n - 1) % n,
                    (None, _) => 1,
                };
                self.act(Action::Preset(next as u8))
            }
            1 => self.act(if forward {
                Action::OriginNext
            } else {
                Action::OriginPrev
            }),
            2 => self.act(Action::Products),
            _ => self.act(Action::Search),
        }
    }

    fn set_range(&mut self, r: DateRange) -> Vec<Effect> {
        self.preset = Preset::detect(r, self.today);
        self.set_filter(|q| q.range = r)
    }

    /// Changes the filters and fetches (or shows from the cache) the new view. Changing
    /// anything cancels the fetch in flight.
    fn set_filter(&mut self, f: impl FnOnce(&mut UsageQuery)) -> Vec<Effect> {
        let mut q = self.query.clone();
        f(&mut q);
        if q == self.query {
            return Vec::new();
        }
        if self.source == SourceKind::Fixed
            && (q.origin != self.query.origin
                || q.search != self.query.search
                || q.product_ids != self.query.product_ids)
        {
            self.note(
                "a saved response is already filtered: only the dates can change",
                true,
            );
            return Vec::new();
        }
        self.query = q;
        self.preset = Preset::detect(self.query.range, self.today);
        self.request(false)
    }

    fn apply_search(&mut self) -> Vec<Effect> {
        let text = self
            .input
            .as_ref()
            .map(|i| i.text.trim().to_string())
            .unwrap_or_default();
        self.set_filter(|q| q.search = (!text.is_empty()).then_some(text))
    }

    fn on_input_key(&mut self, k: KeyEvent) -> Vec<Effect> {
        let Some(input) = self.input.as_mut() else {
            return Vec::new();
        };
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        match k.code {
            KeyCode::Char('c') if ctrl => {
                self.quit = true;
                return vec![Effect::Quit];
            }
            KeyCode::Char('u') if ctrl => input.text.clear(),
            KeyCode::Char(c) if !ctrl => {
                input.text.push(c);
                input.error = None;
            }
            KeyCode::Backspace => {
                input.text.pop();
            }
            KeyCode::Esc => {
                let input = self.input.take().expect("some");
                self.search_deadline = None;
                if input.kind == InputKind::Search
                    && self.query.search.clone().unwrap_or_default() != input.before
                {
                    let before = input.before;
                    return self.set_filter(|q| q.search = (!before.is_empty()).then_some(before));
                }
                return Vec::new();
            }
            KeyCode::Enter => {
                let input = self.input.clone().expect("some");
                self.search_deadline = None;
                let fx = match input.kind {
                    InputKind::Search => self.apply_search(),
                    InputKind::Range => match parse_range_input(&input.text) {
                        Ok(r) => {
                            self.input = None;
                            return self.set_range(r);
                        }
                        Err(e) => {
                            if let Some(i) = self.input.as_mut() {
                                i.error = Some(e);
                            }
                            return Vec::new();
                        }
                    },
                };
                self.input = None;
                return fx;
            }
            _ => return Vec::new(),
        }
        if self
            .input
            .as_ref()
            .is_some_and(|i| i.kind == InputKind::Search)
        {
            // Debounced: fetch once typing pauses.
            self.search_deadline = Some(self.now.unwrap_or_else(Instant::now) + DEBOUNCE);
        }
        Vec::new()
    }

    fn picker_action(&mut self, a: Action) -> Vec<Effect> {
        let n = self.products_known.len();
        match a {
            Action::Down => self.picker_cursor = (self.picker_cursor + 1).min(n.saturating_sub(1)),
            Action::Up => self.picker_cursor = self.picker_cursor.saturating_sub(1),
            Action::Top => self.picker_cursor = 0,
            Action::Bottom => self.picker_cursor = n.saturating_sub(1),
            Action::Toggle => {
                if let Some((id, _)) = self.products_known.get(self.picker_cursor) {
                    // An empty selection means every product; toggling from it selects
                    // all but this one.
                    if self.picker.is_empty() {
                        self.picker = self.products_known.iter().map(|(i, _)| *i).collect();
                    }
                    match self.picker.iter().position(|p| p == id) {
                        Some(i) => {
                            self.picker.remove(i);
                        }
                        None => self.picker.push(*id),
                    }
                    if self.picker.len() == n {
                        self.picker.clear();
                    }
                }
            }
            Action::All => {
                self.picker.clear();
            }
            Action::Open => {
                self.mode = Mode::Main;
                let mut chosen = self.picker.clone();
                chosen.sort();
                return self.set_filter(|q| q.product_ids = chosen);
            }
            Action::Back => self.mode = Mode::Main,
            Action::Quit => {
                self.quit = true;
                return vec![Effect::Quit];
            }
            Action::Suspend => return vec![Effect::Suspend],
            Action::Help => self.mode = Mode::Help,
            _ => {}
        }
        Vec::new()
    }

    fn on_mouse(&mut self, m: MouseEvent) -> Vec<Effect> {
        let areas = super::ui::layout(self.size, self.mode);
        let inside = |r: ratatui::layout::Rect| {
            m.column >= r.x && m.column < r.x + r.width && m.row >= r.y && m.row < r.y + r.height
        };
        match m.kind {
            MouseEventKind::ScrollDown => self.act(Action::Down),
            MouseEventKind::ScrollUp => self.act(Action::Up),
            MouseEventKind::Down(MouseButton::Left) => {
                if inside(areas.users) && self.mode == Mode::Main {
                    self.focus = Focus::Users;
                    // Row 0 is the header.
                    let row = (m.row - areas.users.y) as usize;
                    if row >= 1 && self.offset + row - 1 < self.view.order.len() {
                        self.selected = self.offset + row - 1;
                        self.refresh_visible();
                    }
                } else if inside(areas.filters) {
                    self.focus = Focus::Filters;
                    let row = (m.row.saturating_sub(areas.filters.y + 1)) as usize;
                    self.filter_row = row.min(3);
                } else if inside(areas.products) {
                    self.focus = Focus::Products;
                }
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// The `export` command line that reproduces this view (never the key).
    pub fn export_command(&self) -> String {
        let q = &self.query;
        let mut args: Vec<String> = self.command_base.clone();
        args.extend(["export".into(), "--group-by".into(), "user".into()]);
        args.extend([
            "--from".into(),
            q.range.start().to_string(),
            "--to".into(),
            q.range.end().to_string(),
        ]);
        if let Some(o) = q.origin {
            args.extend(["--origin".into(), o.as_str().into()]);
        }
        for p in &q.product_ids {
            args.extend(["--product".into(), p.to_string()]);
        }
        if let Some(s) = &q.search {
            args.extend(["--search".into(), s.clone()]);
        }
        args.iter()
            .map(|a| shell_quote(a))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Quotes an argument for a POSIX shell when it needs it.
pub fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@+,".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// Parses the custom-range field: two dates, `FROM TO` (or `FROM..TO`).
pub fn parse_range_input(s: &str) -> Result<DateRange, String> {
    let parts: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .flat_map(|p| p.split(".."))
        .filter(|p| !p.is_empty())
        .collect();
    let [a, b] = parts.as_slice() else {
        return Err("type two dates: YYYY-MM-DD YYYY-MM-DD".into());
    };
    let (a, b) = (
        parse_date(a).map_err(|e| e.to_string())?,
        parse_date(b).map_err(|e| e.to_string())?,
    );
    DateRange::new(a, b).map_err(|e| e.to_string())
}
