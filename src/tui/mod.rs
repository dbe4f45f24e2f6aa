//! The dashboard: one `tokio::select!` loop over terminal events, a UI tick, the refresh
//! interval, fetch results and signals. Input becomes messages for `App::update` (pure);
//! the effects it returns (fetch, abort, export, copy, suspend) are run here. Fetches run
//! in their own tasks, tagged with a generation; a superseded one is aborted, and a late
//! answer is never shown for a newer filter.

pub mod app;
pub mod fetch;
pub mod keymap;
pub mod terminal;
pub mod ui;
pub mod view;

#[cfg(test)]
mod soak;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{NaiveDate, Utc};
use crossterm::event::{Event, EventStream};
use futures_util::StreamExt;
use ratatui::layout::Rect;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};
use tokio::task::JoinHandle;

use crate::api::UsageQuery;
use crate::model::Usage;
use app::{App, Effect, Msg, Slot, SourceKind};

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
}

/// How often the UI clock ticks (spinner, debounce).
const TICK: Duration = Duration::from_millis(100);

/// Runs the dashboard until the user quits or a signal ends it. The caller has checked that
/// stdin and stdout are a terminal. Errors are one line each. The terminal is given back
/// before this returns, whatever the outcome; the process's status is the caller's to set.
pub async fn run(launch: Launch) -> Result<Exit, String> {
    let kind = match launch.source {
        Source::Api { .. } => SourceKind::Api,
        Source::Fixed(_) => SourceKind::Fixed,
    };
    let mut app = App::new(
        launch.query.clone(),
        launch.today,
        launch.org_label.clone(),
        kind,
        launch.command_base.clone(),
        Utc::now(),
    );
    app.color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    #[cfg(feature = "test-hooks")]
    {
        app.test_panic = std::env::var("CLARITYQ_TEST_PANIC").ok();
    }
    let mut term = terminal::init().map_err(|e| format!("cannot take over the terminal: {e}"))?;
    let outcome = event_loop(&mut term, &mut app, &launch).await;
    terminal::restore();
    outcome
}

/// How the dashboard ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// The user quit.
    Quit,
    /// A signal (its number) ended it: SIGTERM or SIGHUP.
    Signal(i32),
}

async fn event_loop(
    term: &mut terminal::Term,
    app: &mut App,
    launch: &Launch,
) -> Result<Exit, String> {
    let io = |e: std::io::Error| format!("terminal error: {e}");
    let size = term.size().map_err(io)?;
    app.update(Msg::Resize(size.width, size.height));
    let (tx, mut rx) = unbounded_channel::<Msg>();
    let mut tasks: HashMap<Slot, JoinHandle<()>> = HashMap::new();
    let mut events = EventStream::new();
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let period = launch.refresh.unwrap_or(Duration::from_secs(86_400 * 365));
    let mut refresh = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
    refresh.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut sigterm = signal(SignalKind::terminate()).map_err(io)?;
    let mut sighup = signal(SignalKind::hangup()).map_err(io)?;
    let start = app.start();
    let mut runner = Runner {
        source: &launch.source,
        export_dir: &launch.export_dir,
        tx: tx.clone(),
        tasks: &mut tasks,
    };
    runner.run_all(start, app);
    let mut dirty = true;
    let mut ticks: u64 = 0;
    let result = loop {
        if dirty {
            term.draw(|f| f.render_widget(&*app, f.area()))
                .map_err(io)?;
            dirty = false;
        }
        let msg = tokio::select! {
            ev = events.next() => match ev {
                Some(Ok(Event::Key(k))) => Msg::Key(k),
                Some(Ok(Event::Mouse(m))) => Msg::Mouse(m),
                Some(Ok(Event::Resize(w, h))) => {
                    // Resets the diff buffer: the next frame is drawn whole.
                    term.resize(Rect::new(0, 0, w, h)).map_err(io)?;
                    Msg::Resize(w, h)
                }
                Some(Ok(_)) => continue,
                Some(Err(e)) => break Err(format!("cannot read the terminal: {e}")),
                None => break Ok(Exit::Quit),
            },
            _ = tick.tick() => {
                ticks += 1;
                Msg::Tick { now: Instant::now(), wall: Utc::now() }
            }
            _ = refresh.tick(), if launch.refresh.is_some() => Msg::AutoRefresh,
            Some(m) = rx.recv() => m,
            _ = sigterm.recv() => break Ok(Exit::Signal(15)),
            _ = sighup.recv() => break Ok(Exit::Signal(1)),
        };
        // The clock alone redraws only for the spinner, or once a second for "ago".
        let tick_only = matches!(msg, Msg::Tick { .. });
        let effects = app.update(msg);
        dirty |= !tick_only || app.is_loading() || ticks.is_multiple_of(10) || !effects.is_empty();
        let mut runner = Runner {
            source: &launch.source,
            export_dir: &launch.export_dir,
            tx: tx.clone(),
            tasks: &mut tasks,
        };
        for e in effects {
            match e {
                Effect::Suspend => {
                    drop(events);
                    terminal::suspend(term).map_err(io)?;
                    events = EventStream::new();
                    dirty = true;
                }
                other => runner.run(other, app),
            }
        }
        if app.quit {
            break Ok(Exit::Quit);
        }
    };
    for (_, t) in tasks {
        t.abort();
    }
    result
}

/// Runs effects: spawns and aborts fetch tasks, writes exports, copies text.
struct Runner<'a> {
    source: &'a Source,
    export_dir: &'a Path,
    tx: UnboundedSender<Msg>,
    tasks: &'a mut HashMap<Slot, JoinHandle<()>>,
}

impl Runner<'_> {
    fn run_all(&mut self, effects: Vec<Effect>, app: &App) {
        for e in effects {
            self.run(e, app);
        }
    }

    fn run(&mut self, effect: Effect, app: &App) {
        match effect {
            Effect::Fetch {
                slot,
                generation,
                query,
                bypass_cache,
            } => {
                if let Some(old) = self.tasks.remove(&slot) {
                    old.abort();
                }
                let handle = fetch::spawn(
                    self.source.clone(),
                    slot,
                    generation,
                    query,
                    bypass_cache,
                    app.today,
                    self.tx.clone(),
                );
                self.tasks.insert(slot, handle);
            }
            Effect::Abort(slot) => {
                if let Some(old) = self.tasks.remove(&slot) {
                    old.abort();
                }
            }
            Effect::Export { query } => {
                let Some(usage) = app.cache.get(&query).map(|c| c.usage.clone()) else {
                    return;
                };
                let dir = self.export_dir.to_path_buf();
                let tx = self.tx.clone();
                tokio::task::spawn_blocking(move || {
                    let _ = tx.send(match export_users(&usage, &query, &dir) {
                        Ok(path) => Msg::Toast(format!(
                            "exported {} users to {}",
                            usage.users().len(),
                            path.display()
                        )),
                        Err(e) => Msg::Failed(format!("export failed: {e}")),
                    });
                });
            }
            Effect::Copy(text) => {
                if let Err(e) = terminal::copy_osc52(&text) {
                    let _ = self.tx.send(Msg::Failed(format!("copy failed: {e}")));
                }
            }
            Effect::Suspend | Effect::Quit => {}
        }
    }
}

/// Writes the users of the view as CSV, mode 0600, named after the view.
fn export_users(usage: &Usage, q: &UsageQuery, dir: &Path) -> std::io::Result<PathBuf> {
    let name = format!(
        "clarityq-usage-users-{}-{}{}-{}.csv",
        q.range.start(),
        q.range.end(),
        q.origin
            .map(|o| format!("-{}", o.as_str().to_lowercase()))
            .unwrap_or_default(),
        Utc::now().format("%H%M%S")
    );
    let path = dir.join(name);
    let file = crate::private_file::create_new(&path)?;
    crate::export::write(
        usage,
        crate::export::GroupBy::User,
        crate::export::Format::Csv,
        &mut std::io::BufWriter::new(file),
    )?;
    Ok(path)
}
