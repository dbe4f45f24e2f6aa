//! Background fetches: one tokio task per request, tagged with the slot and generation it
//! serves, answering over the loop's channel. The loop aborts a superseded task (to save
//! bandwidth); the tag is what keeps a late answer off the screen (see `App::on_fetched`).
//! Answers are kept per `UsageQuery` in the app's `ViewCache`, so going back to a view is
//! instant.
//!
//! Nothing here may panic into the UI: a task's panic becomes an error line.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use chrono::{NaiveDate, Utc};
use futures_util::FutureExt;
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::JoinHandle;

use super::Source;
use super::app::{Msg, Slot};
use crate::api::{ApiError, ChunkOptions, FetchEvent, UsageQuery, fetch_chunked};
use crate::dates::DateRange;
use crate::model::Usage;

/// Starts fetching `query` for `slot`; the answer arrives as `Msg::Fetched`. Long ranges
/// go in windows (progress arrives as `Msg::Progress`); settled windows come from the disk
/// cache unless `bypass_cache`.
pub fn spawn(
    source: Source,
    slot: Slot,
    generation: u64,
    query: UsageQuery,
    bypass_cache: bool,
    today: NaiveDate,
    tx: UnboundedSender<Msg>,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        let result = match source {
            Source::Api { client, cache } => {
                let notify = notifier(tx.clone(), slot, generation, query.clone());
                let cache = if bypass_cache { None } else { cache };
                let opts = ChunkOptions::new(today);
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
    ApiError::Network {
        host: "this program".into(),
        what: "an internal error stopped the request (details in the log)".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Ingest, RangeSpec};

    fn saved() -> Arc<Usage> {
        let row = |u: u128, d: &str| {
            format!(
                r#"{{"product_id":"{}","product_name":"P","user_id":"{}","user_email":"u{u}@x.io","date":"{d}","prompt_count":{u}}}"#,
                uuid::Uuid::from_u128(1),
                uuid::Uuid::from_u128(u)
            )
        };
        let body = format!(
            "[{},{},{}]",
            row(2, "2026-01-01"),
            row(3, "2026-01-05"),
            row(4, "2026-01-09")
        );
        Arc::new(Ingest::read_from(RangeSpec::Infer, body.as_bytes()).unwrap())
    }

    #[tokio::test]
    async fn the_saved_range_is_shared_and_a_narrower_one_cut() {
        let u = saved();
        let same = narrowed(u.clone(), u.range()).await.unwrap();
        assert!(Arc::ptr_eq(&same, &u), "the whole file is not copied");
        assert_eq!(
            *same,
            u.narrowed(u.range()).unwrap(),
            "and is what a cut would give"
        );
        let start = u.range().start() + chrono::Duration::days(2);
        let r = DateRange::new(start, u.range().end()).unwrap();
        let cut = narrowed(u.clone(), r).await.unwrap();
        assert_eq!((cut.range(), cut.total()), (r, 7));
    }
}
