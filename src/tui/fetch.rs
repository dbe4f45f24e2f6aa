//! Background fetches: one tokio task per request, tagged with the slot and generation it
//! serves, answering over the loop's channel. The loop aborts a superseded task (to save
//! bandwidth); the tag is what keeps a late answer off the screen (see `App::on_fetched`).
//! Answers are cached per `UsageQuery` in `App::cache`, so going back to a view is instant.
//!
//! Nothing here may panic into the UI: a task's panic becomes an error line.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use chrono::Utc;
use futures_util::FutureExt;
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::JoinHandle;

use super::Source;
use super::app::{Msg, Slot};
use crate::api::{ApiError, FetchEvent, UsageQuery};
use crate::model::Usage;

/// Starts fetching `query` for `slot`; the answer arrives as `Msg::Fetched`.
pub fn spawn(
    source: Source,
    slot: Slot,
    generation: u64,
    query: UsageQuery,
    tx: UnboundedSender<Msg>,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        let result = match source {
            Source::Api(client) => {
                let txr = tx.clone();
                let q = query.clone();
                let notify = move |ev: FetchEvent| {
                    let FetchEvent::Retrying {
                        attempt,
                        delay,
                        reason,
                    } = ev;
                    let _ = txr.send(Msg::Retrying {
                        slot,
                        generation,
                        attempt,
                        delay,
                        reason,
                    });
                };
                // A panic in a task must become an error line, not a dead dashboard.
                AssertUnwindSafe(async move { client.fetch_with(&q, &notify).await })
                    .catch_unwind()
                    .await
                    .unwrap_or_else(|_| Err(internal_error()))
                    .map(Arc::new)
            }
            Source::Fixed(u) => {
                let range = query.range;
                tokio::task::spawn_blocking(move || u.narrowed(range))
                    .await
                    .map_err(|_| internal_error())
                    .and_then(|r| r.map_err(ApiError::Malformed))
                    .map(Arc::new)
            }
        };
        let _ = tx.send(Msg::Fetched {
            slot,
            generation,
            query,
            result,
            wall: Utc::now(),
        });
    })
}

fn internal_error() -> ApiError {
    ApiError::Network {
        host: "this program".into(),
        what: "an internal error stopped the request (details in the log)".into(),
    }
}
