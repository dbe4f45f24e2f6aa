//! Long ranges in windows: the range is split into windows of a month, fetched at most
//! four at a time and merged into one model. Windows that are settled (more than two days
//! old) come from the disk cache when it has them, and go into it when fetched.

use chrono::NaiveDate;
use futures_util::{StreamExt, TryStreamExt};

use super::{ApiError, Client, FetchEvent, UsageQuery};
use crate::cache::WindowCache;
use crate::model::Usage;

/// How a fetch is split.
#[derive(Clone, Debug)]
pub struct ChunkOptions {
    /// Days per window.
    pub window_days: usize,
    /// Windows in flight at once.
    pub concurrency: usize,
    /// "Today" (UTC), which decides which windows are settled enough to cache.
    pub today: NaiveDate,
}

impl ChunkOptions {
    pub fn new(today: NaiveDate) -> Self {
        Self {
            window_days: 31,
            concurrency: 4,
            today,
        }
    }
}

/// Fetches `q` window by window (with the cache, if given) and merges the windows.
pub async fn fetch_chunked(
    client: &Client,
    q: &UsageQuery,
    opts: &ChunkOptions,
    cache: Option<&WindowCache>,
    on_event: &(dyn Fn(FetchEvent) + Send + Sync),
) -> Result<Usage, ApiError> {
    let windows = q.range.windows(opts.window_days);
    let total = windows.len();
    if total == 1 && cache.is_none() {
        return client.fetch_with(q, on_event).await;
    }
    let scope = client.endpoint().to_string();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let parts: Vec<Usage> = futures_util::stream::iter(windows)
        .map(|w| {
            let wq = q.with_range(w);
            let scope = &scope;
            let done = &done;
            async move {
                let cacheable = cache.filter(|_| WindowCache::cacheable(w, opts.today));
                let cached = match cacheable {
                    // Reading a file is blocking work: off the async workers.
                    Some(c) => {
                        let (c, s, q2) = (c.clone(), scope.clone(), wq.clone());
                        tokio::task::spawn_blocking(move || c.load(&s, &q2))
                            .await
                            .ok()
                            .flatten()
                    }
                    None => None,
                };
                let usage = match cached {
                    Some(u) => u,
                    None => {
                        let u = client.fetch_with(&wq, on_event).await?;
                        if let Some(c) = cacheable
                            && let Err(e) = c.store(scope, &wq, &u)
                        {
                            tracing::warn!("cannot write the cache: {e}");
                        }
                        u
                    }
                };
                let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                on_event(FetchEvent::Progress { done: n, total });
                Ok::<Usage, ApiError>(usage)
            }
        })
        .buffered(opts.concurrency.max(1))
        .try_collect()
        .await?;
    Usage::merge(q.range, &parts).map_err(ApiError::Malformed)
}
