//! Long ranges in windows, above both the API client and the disk cache, which it joins:
//! the range is split into windows of a month, fetched at most
//! four at a time and merged into one model. Windows that are settled (more than two days
//! old) come from the disk cache when it has them, and go into it when fetched; when some
//! windows are on disk and others must be asked, the ones on disk are offered at once
//! (`FetchEvent::Partial`) so a reopened long view shows without waiting.

use chrono::NaiveDate;
use futures_util::{StreamExt, TryStreamExt};

use crate::api::{ApiError, Client, FetchEvent, UsageQuery};
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
    fetch_chunked_counted(client, q, opts, cache, on_event, &|_| {}).await
}

/// As [`fetch_chunked`], telling `on_rows` how many rows each window brought (from the
/// disk or the server) as it comes in: a progress line counts them.
pub async fn fetch_chunked_counted(
    client: &Client,
    q: &UsageQuery,
    opts: &ChunkOptions,
    cache: Option<&WindowCache>,
    on_event: &(dyn Fn(FetchEvent) + Send + Sync),
    on_rows: &(dyn Fn(usize) + Send + Sync),
) -> Result<Usage, ApiError> {
    let windows = q.range.windows(opts.window_days);
    let total = windows.len();
    if total == 1 && cache.is_none() {
        let u = client.fetch_with(q, on_event).await?;
        on_rows(u.row_count());
        return Ok(u);
    }
    let scope = client.endpoint().to_string();
    // First what the disk has (settled windows), read off the async workers.
    let cached = load_cached(cache, &scope, q, &windows, opts.today).await;
    let have = cached.iter().filter(|c| c.is_some()).count();
    on_rows(cached.iter().flatten().map(Usage::row_count).sum());
    if have > 0 && have < total {
        // Shown at once while the rest is asked: a reopened long view does not wait for
        // the month that is still changing.
        let parts: Vec<&Usage> = cached.iter().flatten().collect();
        if let Ok(u) = Usage::merge_refs(q.range, &parts) {
            on_event(FetchEvent::Partial(std::sync::Arc::new(u)));
        }
    }
    let done = std::sync::atomic::AtomicUsize::new(have);
    if have > 0 {
        on_event(FetchEvent::Progress { done: have, total });
    }
    let parts: Vec<Usage> = futures_util::stream::iter(windows.into_iter().zip(cached))
        .map(|(w, cached)| {
            let wq = q.with_range(w);
            let scope = &scope;
            let done = &done;
            async move {
                if let Some(u) = cached {
                    return Ok::<Usage, ApiError>(u);
                }
                let u = client.fetch_with(&wq, on_event).await?;
                on_rows(u.row_count());
                if let Some(c) = cache.filter(|_| WindowCache::cacheable(w, opts.today))
                    && let Err(e) = c.store(scope, &wq, &u)
                {
                    tracing::warn!("cannot write the cache: {e}");
                }
                let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                on_event(FetchEvent::Progress { done: n, total });
                Ok(u)
            }
        })
        .buffered(opts.concurrency.max(1))
        .try_collect()
        .await?;
    Usage::merge(q.range, &parts).map_err(ApiError::Malformed)
}

/// The settled windows the disk cache has (`None` for the others), read on a blocking
/// thread, two at a time: decoding the files is the work, and there are two cores.
async fn load_cached(
    cache: Option<&WindowCache>,
    scope: &str,
    q: &UsageQuery,
    windows: &[crate::dates::DateRange],
    today: NaiveDate,
) -> Vec<Option<Usage>> {
    let total = windows.len();
    let Some(c) = cache else {
        return vec![None; total];
    };
    let (c, scope, q2, ws) = (c.clone(), scope.to_string(), q.clone(), windows.to_vec());
    tokio::task::spawn_blocking(move || {
        let load = |w: &crate::dates::DateRange| {
            WindowCache::cacheable(*w, today)
                .then(|| c.load(&scope, &q2.with_range(*w)))
                .flatten()
        };
        let (a, b) = ws.split_at(ws.len() / 2);
        std::thread::scope(|sc| {
            let second = sc.spawn(|| b.iter().map(load).collect::<Vec<_>>());
            let mut out: Vec<Option<Usage>> = a.iter().map(load).collect();
            out.extend(second.join().unwrap_or_else(|_| vec![None; b.len()]));
            out
        })
    })
    .await
    .unwrap_or_else(|_| vec![None; total])
}
