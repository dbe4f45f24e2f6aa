//! The dashboard: one `tokio::select!` loop over terminal events, a UI tick, the refresh
//! interval, fetch results and signals. Input becomes messages for `App::update` (pure:
//! no I/O, no clock); the effects it returns (fetch, abort, export, copy, suspend) are
//! run by `effects::Runner`, which answers with messages and never writes into `App`.
//! Fetches run in their own tasks, tagged with a generation; a superseded one is aborted,
//! and a late answer is never shown for a newer filter.
//!
//! One way: `layout` (areas at a size) and `columns` (widths, sorts, cells) are data;
//! `app` keeps the state and derives the `view` from the model; `ui` draws the state into
//! the areas, reading nothing else. `app` and `view` never import `ui`.

pub mod app;
mod background;
pub mod calendar;
pub mod chart;
pub mod columns;
mod effects;
pub mod export;
pub mod fetch;
pub mod glossary;
pub mod help;
pub mod keymap;
pub mod layout;
pub mod narrow;
pub mod orders;
pub mod origins;
pub mod people;
pub mod person;
pub mod prepare;
pub mod series;
pub mod terminal;
pub mod text;
pub mod ui;
pub mod view;
pub mod waiting;

#[cfg(test)]
mod soak;
#[cfg(test)]
pub(crate) mod testing;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, Utc};
use crossterm::event::{Event, EventStream};
use futures_util::StreamExt;
use ratatui::layout::Rect;
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};
use tokio::time::{Interval, MissedTickBehavior};

use crate::api::UsageQuery;
use app::{App, Effect, Msg, SourceKind};
use effects::Runner;
use ui::Themed;
use ui::theme::{Preset, Theme, ThemeSpec};

pub use crate::source::Source;

/// Everything the dashboard needs to start.
#[derive(Clone, Debug)]
pub struct Launch {
    pub source: Source,
    /// The first view's filters.
    pub query: UsageQuery,
    /// "Today" in UTC: fixed in tests and snapshots.
    pub today: NaiveDate,
    /// Auto-refresh interval; `None` for never.
    pub refresh: Option<Duration>,
    /// What the header calls the organization (host and product, or "demo").
    pub org_label: String,
    /// Where `e` writes its CSV files.
    pub export_dir: PathBuf,
    /// The command line that reproduces the current source, for `y` (never the key).
    pub command_base: Vec<String>,
    /// The keys: the defaults with the config's `[keys]` over them, checked at start.
    pub keymap: keymap::Keymap,
    /// The theme asked for; `auto` is resolved at start, before the first frame.
    pub theme: ThemeSpec,
    /// The config's `[teams]`, and the team shown first (`--team NAME`).
    pub teams: crate::teams::Teams,
    pub team: Option<crate::teams::TeamId>,
    /// The first day of the chart's week bars and the report's weeks (`week_start`).
    pub week_start: crate::analytics::WeekStart,
    /// A saved response with no rows, read without `--from/--to`: it has no range to show.
    pub empty_file: bool,
    /// The flags' range compares with as many days before it (`--last 3d`), whatever
    /// preset its days happen to be (`cmd::filters::rolling`).
    pub rolling: bool,
}

/// How often the UI clock ticks (spinner, debounce).
const TICK: Duration = Duration::from_millis(100);

/// Runs the dashboard until the user quits or a signal ends it. The caller has checked that
/// stdin and stdout are a terminal. Errors are one line each. The terminal is given back
/// before this returns, whatever the outcome; the process's status is the caller's to set.
pub async fn run(launch: Launch) -> Result<Exit, String> {
    let kind = match launch.source {
        Source::Api { .. } => SourceKind::Api,
        // A saved file is read held for the dashboard (`cmd::dashboard`).
        Source::Fixed(_) | Source::Saved(..) => SourceKind::Fixed,
    };
    let mut app = App::new(
        launch.query.clone(),
        launch.today,
        launch.org_label.clone(),
        kind,
        launch.command_base.clone(),
        Utc::now(),
    )
    .with_keymap(launch.keymap.clone())
    .with_week_start(launch.week_start)
    .with_empty_file(launch.empty_file)
    .with_rolling(launch.rolling)
    .with_refresh(launch.refresh);
    app.set_teams(launch.teams.clone(), launch.team);
    #[cfg(feature = "test-hooks")]
    {
        app.test_panic = std::env::var("CLARITYQ_TEST_PANIC").ok();
    }
    let theme = resolve_theme(&launch.theme).await;
    let mut term = terminal::init().map_err(|e| format!("cannot take over the terminal: {e}"))?;
    let outcome = event_loop(&mut term, &mut app, &theme, &launch).await;
    terminal::restore();
    outcome
}

/// The theme to draw in. For `auto`, the terminal is asked for its background before it is
/// taken over (raw mode, alternate screen), on a blocking thread, within its timeout.
async fn resolve_theme(spec: &ThemeSpec) -> Theme {
    let background = if spec.needs_background() {
        tokio::task::spawn_blocking(|| background::ask(background::TIMEOUT))
            .await
            .ok()
            .flatten()
    } else {
        None
    };
    let theme = spec.resolve(background);
    // Mono writes no colour code at all: not even the "default colour" resets (39, 49)
    // the backend ends each frame with, which some terminals and recorders count as colour.
    crossterm::style::force_color_output(theme.preset() != Preset::Mono);
    theme
}

/// How the dashboard ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// The user quit.
    Quit,
    /// A signal (its number) ended it: SIGTERM, SIGHUP, SIGINT or SIGQUIT.
    Signal(i32),
}

async fn event_loop(
    term: &mut terminal::Term,
    app: &mut App,
    theme: &Theme,
    launch: &Launch,
) -> Result<Exit, String> {
    let size = term.size().map_err(io_error)?;
    app.update(Msg::Resize(size.width, size.height));
    let (tx, mut rx) = unbounded_channel::<Msg>();
    let mut fetches = fetch::Fetches::new(launch.week_start).with_teams(app.teams().shared());
    let mut inputs = Inputs::new(launch.refresh)?;
    let mut runner = Runner {
        source: &launch.source,
        export_dir: &launch.export_dir,
        today: launch.today,
        tx,
        fetches: &mut fetches,
    };
    runner.run_all(app.start());
    let mut dirty = true;
    let result = loop {
        if dirty {
            term.draw(|f| f.render_widget(Themed(app, theme), f.area()))
                .map_err(io_error)?;
            dirty = false;
        }
        let msg = match inputs.next(term, &mut rx).await {
            Next::Msg(m) => m,
            Next::Skip => continue,
            Next::Exit(r) => break r,
        };
        // The clock alone redraws only for the spinner, or once a second for "ago".
        let tick_only = matches!(msg, Msg::Tick { .. });
        let effects = app.update(msg);
        dirty |= !tick_only || app.is_loading() || inputs.second() || !effects.is_empty();
        for e in effects {
            if e == Effect::Suspend {
                inputs.suspend(term)?;
                dirty = true;
            } else {
                runner.run(e);
            }
        }
        if app.quit() {
            break Ok(Exit::Quit);
        }
    };
    fetches.abort_all();
    result
}

fn io_error(e: std::io::Error) -> String {
    format!("terminal error: {e}")
}

/// What the loop waits on: the terminal, the UI clock, the refresh interval, signals.
struct Inputs {
    events: EventStream,
    tick: Interval,
    ticks: u64,
    /// `None` when auto-refresh is off.
    refresh: Option<Interval>,
    signals: crate::signals::Signals,
}

/// The next thing the loop does.
enum Next {
    Msg(Msg),
    /// An event `update` has no use for.
    Skip,
    Exit(Result<Exit, String>),
}

impl Inputs {
    fn new(refresh: Option<Duration>) -> Result<Inputs, String> {
        let mut tick = tokio::time::interval(TICK);
        tick.set_missed_tick_behavior(MissedTickBehavior::Skip);
        let refresh = refresh.map(|period| {
            let mut r = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
            r.set_missed_tick_behavior(MissedTickBehavior::Skip);
            r
        });
        Ok(Inputs {
            events: EventStream::new(),
            tick,
            ticks: 0,
            refresh,
            signals: crate::signals::Signals::new().map_err(io_error)?,
        })
    }

    /// Waits for the next message (fetch answers come over `rx`). The clock is read here,
    /// and only here: `update` gets it in `Msg::Tick`.
    async fn next(&mut self, term: &mut terminal::Term, rx: &mut UnboundedReceiver<Msg>) -> Next {
        let refresh = async {
            match self.refresh.as_mut() {
                Some(r) => r.tick().await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            ev = self.events.next() => on_event(term, ev),
            _ = self.tick.tick() => {
                self.ticks += 1;
                Next::Msg(Msg::Tick { now: Instant::now(), wall: Utc::now() })
            }
            _ = refresh => Next::Msg(Msg::AutoRefresh),
            Some(m) = rx.recv() => Next::Msg(m),
            n = self.signals.next() => Next::Exit(Ok(Exit::Signal(n))),
        }
    }

    /// Whether the last tick completed a second (for "fetched ... ago").
    fn second(&self) -> bool {
        self.ticks.is_multiple_of(10)
    }

    /// Gives the terminal back until `fg`; the event stream is opened afresh after.
    fn suspend(&mut self, term: &mut terminal::Term) -> Result<(), String> {
        self.events = EventStream::new();
        terminal::suspend(term).map_err(io_error)
    }
}

fn on_event(term: &mut terminal::Term, ev: Option<std::io::Result<Event>>) -> Next {
    match ev {
        Some(Ok(Event::Key(k))) => Next::Msg(Msg::Key(k)),
        Some(Ok(Event::Mouse(m))) => Next::Msg(Msg::Mouse(m)),
        Some(Ok(Event::Resize(w, h))) => {
            // Resets the diff buffer: the next frame is drawn whole.
            match term.resize(Rect::new(0, 0, w, h)) {
                Ok(()) => Next::Msg(Msg::Resize(w, h)),
                Err(e) => Next::Exit(Err(io_error(e))),
            }
        }
        Some(Ok(_)) => Next::Skip,
        Some(Err(e)) => Next::Exit(Err(format!("cannot read the terminal: {e}"))),
        None => Next::Exit(Ok(Exit::Quit)),
    }
}
