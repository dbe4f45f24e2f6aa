//! Background fetches: one tokio task per request, tagged with the slot and generation it
//! serves, answering over the loop's channel. The loop aborts a superseded task (to save
//! bandwidth); the tag is what keeps a late answer off the screen (see `App::on_fetched`).
//! Answers are kept per `UsageQuery` in the app's `ViewCache`, so going back to a view is
//! instant.
//!
//! The view's own fetch goes first (`MainFirst`): the previous period's and the origins'
//! fetches of the same request wait for its data, or for `HEAD_START`, so that a view
//! reopened from the disk cache is not decoded at a fifth of the machine.
//!
//! Nothing here may panic into the UI: a task's panic becomes an error line.

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use chrono::{NaiveDate, Utc};
use futures_util::FutureExt;
use tokio::sync::mpsc::UnboundedSender;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::Source;
use super::app::{Effect, Msg, Slot};
use super::columns::Column;
use crate::analytics::WeekStart;
use crate::api::{ApiError, FetchEvent, UsageQuery};
use crate::dates::DateRange;
use crate::model::Usage;
use crate::teams::Teams;
use crate::windows::{ChunkOptions, fetch_chunked};

/// The longest the other fetches of a request wait for the view's own data: over a
/// network a cold view takes seconds, and the previous period must not wait for all of it.
const HEAD_START: std::time::Duration = std::time::Duration::from_millis(400);

/// Which request's view has its data (its part on disk, or its answer), for the other
/// fetches of that request to start after it. One per fetch runner; clones share it.
#[derive(Clone, Debug)]
pub struct MainFirst {
    /// The latest generation whose view's data is in.
    shown: Arc<watch::Sender<u64>>,
    /// The generation of the last view fetch started.
    main: Option<u64>,
}

impl Default for MainFirst {
    fn default() -> Self {
        Self {
            shown: Arc::new(watch::Sender::new(0)),
            main: None,
        }
    }
}

impl MainFirst {
    /// What a fetch for `slot` of request `generation` waits for before it starts: nothing
    /// for the view itself, or for a request whose view is not being fetched.
    fn wait(&mut self, slot: Slot, generation: u64) -> Option<watch::Receiver<u64>> {
        if slot == Slot::Main {
            self.main = Some(generation);
            return None;
        }
        (self.main == Some(generation)).then(|| self.shown.subscribe())
    }

    fn open(shown: &watch::Sender<u64>, generation: u64) {
        shown.send_if_modified(|g| {
            let later = generation > *g;
            *g = (*g).max(generation);
            later
        });
    }
}

/// Waits until the view of `generation` has its data, at most `HEAD_START`.
async fn after_the_view(wait: Option<watch::Receiver<u64>>, generation: u64) {
    if let Some(mut rx) = wait {
        let _ = tokio::time::timeout(HEAD_START, rx.wait_for(|g| *g >= generation)).await;
    }
}

/// The fetch tasks in flight, one a slot, and the gate that starts a request's other
/// fetches after its view's: the dashboard's loop and the bench own one each, so that
/// starting a slot's fetch aborts the one it supersedes in one place.
#[derive(Debug, Default)]
pub struct Fetches {
    tasks: HashMap<Slot, JoinHandle<()>>,
    gate: MainFirst,
    /// The chart's week start (fixed for the run), for the weekly counts made here.
    week_start: WeekStart,
    /// The config's teams, for a first order by the Team column made here.
    teams: Arc<Teams>,
}

impl Fetches {
    pub fn new(week_start: WeekStart) -> Fetches {
        Fetches {
            week_start,
            ..Fetches::default()
        }
    }

    /// The config's teams (the dashboard's own, so that an order made here is kept).
    pub fn with_teams(self, teams: Arc<Teams>) -> Fetches {
        Fetches { teams, ..self }
    }

    /// Runs an effect that is background work (a fetch, its abort, a prepare job), as the
    /// dashboard's runner and the bench both do; any other is given back to the caller.
    pub fn run(
        &mut self,
        effect: Effect,
        (source, today): (&Source, NaiveDate),
        tx: &UnboundedSender<Msg>,
    ) -> Option<Effect> {
        match effect {
            Effect::Fetch {
                slot,
                generation,
                query,
                bypass_cache,
                sort,
            } => self.start(
                source,
                (slot, generation),
                (query, bypass_cache, sort),
                today,
                tx,
            ),
            Effect::Abort(slot) => self.abort(slot),
            Effect::Prepare(job) => drop(prepare_off_thread(job, tx)),
            Effect::Narrow(job) => {
                let tx = tx.clone();
                // Not aborted when superseded: a narrowing is short, and its outcome for a
                // team no longer asked for is dropped by `update`.
                drop(tokio::task::spawn_blocking(move || {
                    let _ = tx.send(Msg::Narrowed(Box::new(job.run_caught())));
                }));
            }
            other => return Some(other),
        }
        None
    }

    /// Starts the fetch of `query` for `slot` of request `generation`, aborting the
    /// slot's fetch before it (see [`spawn`]).
    pub fn start(
        &mut self,
        source: &Source,
        (slot, generation): (Slot, u64),
        (query, bypass_cache, sort): (UsageQuery, bool, (Column, bool)),
        today: NaiveDate,
        tx: &UnboundedSender<Msg>,
    ) {
        self.abort(slot);
        let at = (slot, generation);
        let task = spawn(
            source.clone(),
            at,
            query,
            bypass_cache,
            (today, self.week_start, sort, self.teams.clone()),
            tx.clone(),
            &mut self.gate,
        );
        self.tasks.insert(slot, task);
    }

    pub fn abort(&mut self, slot: Slot) {
        if let Some(old) = self.tasks.remove(&slot) {
            old.abort();
        }
    }

    /// Aborts every fetch (the dashboard is closing).
    pub fn abort_all(&mut self) {
        for (_, t) in self.tasks.drain() {
            t.abort();
        }
    }

    /// How many fetches are kept (finished or not): one a slot at most.
    pub fn len(&self) -> usize {
        self.tasks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tasks.is_empty()
    }

    /// Whether every fetch started has ended.
    pub fn all_finished(&self) -> bool {
        self.tasks.values().all(JoinHandle::is_finished)
    }
}

/// Starts fetching `query` for `slot` of request `generation`; the answer arrives as
/// `Msg::Fetched`. Long ranges go in windows (progress arrives as `Msg::Progress`);
/// settled windows come from the disk cache unless `bypass_cache`.
fn spawn(
    source: Source,
    (slot, generation): (Slot, u64),
    query: UsageQuery,
    bypass_cache: bool,
    // Today, the chart's week start, the table's sort and the teams, for `prepare`.
    at: (NaiveDate, WeekStart, (Column, bool), Arc<Teams>),
    tx: UnboundedSender<Msg>,
    gate: &mut MainFirst,
) -> JoinHandle<()> {
    let wait = gate.wait(slot, generation);
    let shown = gate.shown.clone();
    tokio::spawn(async move {
        after_the_view(wait, generation).await;
        let result = match source {
            Source::Api { client, cache } => {
                let notify = notifier(tx.clone(), slot, generation, query.clone());
                let opened = shown.clone();
                let notify = move |ev: FetchEvent| {
                    if slot == Slot::Main && matches!(ev, FetchEvent::Partial(_)) {
                        MainFirst::open(&opened, generation);
                    }
                    notify(ev);
                };
                let cache = if bypass_cache { None } else { cache };
                let opts = ChunkOptions::new(at.0);
                let q = query.clone();
                // A panic in a task must become an error line, not a dead dashboard.
                AssertUnwindSafe(async move {
                    #[cfg(feature = "test-hooks")]
                    if std::env::var("CLARITYQ_TEST_PANIC").as_deref() == Ok("fetch")
                        && slot == Slot::Main
                    {
                        panic!("test hook: a panic in a fetch task");
                    }
                    fetch_chunked(&client, &q, &opts, cache.as_ref(), &notify).await
                })
                .catch_unwind()
                .await
                .unwrap_or_else(|_| Err(internal_error()))
                .map(Arc::new)
            }
            Source::Fixed(u) => narrowed(u, query.range).await,
            Source::Saved(..) => Err(internal_error()), // the dashboard's file is held
        };
        if let Ok(u) = &result {
            prepare(u.clone(), (slot, generation), at, &tx).await;
        }
        let _ = tx.send(Msg::Fetched {
            slot,
            generation,
            query,
            result,
            wall: Utc::now(),
        });
        if slot == Slot::Main {
            MainFirst::open(&shown, generation);
        }
    })
}

/// The work done for an answer before it is sent (see `tui::prepare`). The people of a
/// large view are made on a blocking thread (tens of milliseconds at 10M rows, which the
/// runtime's workers must not wait for) and go first, on the answer's channel, so that
/// `update` has them when the answer comes; a panic there only leaves the work to
/// `update`.
async fn prepare(
    u: Arc<Usage>,
    (slot, generation): (Slot, u64),
    (today, week_start, sort, teams): (NaiveDate, WeekStart, (Column, bool), Arc<Teams>),
    tx: &UnboundedSender<Msg>,
) {
    super::prepare::answer(&u, today, week_start);
    if !super::prepare::makes_people(&u, slot == Slot::Main) {
        return;
    }
    let made =
        tokio::task::spawn_blocking(move || super::prepare::for_view(&u, today, (sort, &teams)));
    if let Ok(prepared) = made.await {
        let _ = tx.send(Msg::Prepared {
            generation,
            prepared,
        });
    }
}

/// Runs an `Effect::Prepare` job on a blocking thread (the runtime's workers keep
/// fetching); what it made comes back as `Msg::Prepared`.
pub fn prepare_off_thread(job: super::prepare::Job, tx: &UnboundedSender<Msg>) -> JoinHandle<()> {
    let tx = tx.clone();
    tokio::task::spawn_blocking(move || {
        let _ = tx.send(job.run().into());
    })
}

/// The fetch's news (retries, windows in, the part on disk) as messages for its slot.
fn notifier(
    tx: UnboundedSender<Msg>,
    slot: Slot,
    generation: u64,
    query: UsageQuery,
) -> impl Fn(FetchEvent) {
    move |ev: FetchEvent| {
        let _ = tx.send(match ev {
            FetchEvent::Retrying {
                attempt,
                delay,
                reason,
            } => Msg::Retrying {
                slot,
                generation,
                attempt,
                delay,
                reason,
            },
            FetchEvent::Progress { done, total } => Msg::Progress {
                slot,
                generation,
                done,
                total,
            },
            FetchEvent::Partial(usage) => Msg::Partial {
                slot,
                generation,
                query: query.clone(),
                usage,
            },
        });
    }
}

/// A saved response cut to `range`, off the runtime's threads. Its own range is the same
/// answer: shared, not copied (at 10M rows a copy is 160 MB more and a second sort).
async fn narrowed(u: Arc<Usage>, range: DateRange) -> Result<Arc<Usage>, ApiError> {
    if u.range() == range {
        return Ok(u);
    }
    tokio::task::spawn_blocking(move || u.narrowed(range))
        .await
        .map_err(|_| internal_error())
        .and_then(|r| r.map_err(ApiError::Malformed))
        .map(Arc::new)
}

fn internal_error() -> ApiError {
    ApiError::Internal
}

#[cfg(test)]
#[path = "fetch_tests.rs"]
mod tests;
