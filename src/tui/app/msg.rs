//! What goes into `update` (keys, mouse, the clock, fetch results) and what comes out
//! (the effects the loop runs).

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use crossterm::event::{KeyEvent, MouseEvent};

use super::Column;
use super::export::{ExportJob, ReportJob};
use crate::api::{ApiError, Origin, UsageQuery};
use crate::model::Usage;
use crate::tui::narrow::{NarrowJob, Narrowed};
use crate::tui::prepare::{Job, Prepared};

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
    /// The table's people and orders for a pair of answers, made off the UI thread (by
    /// the view's fetch task, or for an `Effect::Prepare`): adopted only while those
    /// answers are the ones on screen or on their way for `generation`.
    Prepared {
        generation: u64,
        prepared: Arc<Prepared>,
    },
    /// A team's part of a large answer, made off the UI thread for an `Effect::Narrow`:
    /// adopted only while that answer and team are the ones asked for.
    Narrowed(Box<Narrowed>),
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
    /// Fetch `query`; `bypass_cache` skips the disk cache (`R`). `sort` is the table's:
    /// the view's fetch task orders a large answer's people by it (see `tui::prepare`).
    Fetch {
        slot: Slot,
        generation: u64,
        query: UsageQuery,
        bypass_cache: bool,
        sort: (Column, bool),
    },
    /// Derive the table's people and order for a pair of answers on a blocking thread;
    /// the outcome comes back as `Msg::Prepared`.
    Prepare(Job),
    /// Narrow a large answer to a team on a blocking thread; the outcome comes back as
    /// `Msg::Narrowed`.
    Narrow(NarrowJob),
    Abort(Slot),
    /// Write the people of the view on screen, in its order, as CSV.
    Export(ExportJob),
    /// Write the view's report as HTML.
    Report(ReportJob),
    /// Put this text on the clipboard (OSC 52).
    Copy(String),
    Suspend,
    Quit,
}

impl From<(u64, Arc<Prepared>)> for Msg {
    /// A job's outcome ([`Job::run`]) as the message that brings it back.
    fn from((generation, prepared): (u64, Arc<Prepared>)) -> Msg {
        Msg::Prepared {
            generation,
            prepared,
        }
    }
}
