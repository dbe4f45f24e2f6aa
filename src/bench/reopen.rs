//! `clarityq-bench reopen`: a 365-day view opened again with its months on disk. The
//! contract server (the demo organization) runs in this process; a first, cold opening
//! fills a fresh window cache; then each repeat starts the dashboard's state anew and
//! times from `App::new` to the first frame with data.

use std::time::{Duration, Instant};

use chrono::{Duration as Days, NaiveDate};

use super::driver::Driver;
use super::{median_max, runtime};
use crate::api::{ApiKey, Client, ClientOptions, KeySource, UsageQuery};
use crate::cache::WindowCache;
use crate::dates::DateRange;
use crate::demo::{DemoOptions, DemoServer, OrgSpec};
use crate::source::Source;
use crate::tui::app::{App, SourceKind};

const LIMIT: Duration = Duration::from_secs(300);

/// Runs the bench with an organization of `users` people, `repeats` reopenings of each
/// view; the line to print, or what went wrong.
pub fn reopen(users: usize, repeats: usize) -> Result<String, String> {
    let rt = runtime()?;
    rt.block_on(async {
        let today = crate::dates::today_utc();
        let org = OrgSpec {
            seed: 42,
            users,
            days: 730,
            today,
        };
        let server = DemoServer::start(DemoOptions { org, addr: None })
            .await
            .map_err(|e| format!("cannot start the contract server: {e}"))?;
        // A cache of its own, so that the first opening is cold; removed at the end.
        let dir =
            std::env::temp_dir().join(format!("clarityq-bench-reopen-{}", std::process::id()));
        let cache = WindowCache::at(&dir).map_err(|e| format!("no cache folder: {e}"))?;
        let client = Client::new(
            &server.base_url(),
            server.product_id(),
            ApiKey::new(server.api_key()).ok_or("the demo key is refused")?,
            KeySource::Demo,
            ClientOptions::default(),
        )
        .map_err(|e| e.to_string())?;
        let source = Source::Api {
            client,
            cache: Some(cache),
        };
        // Ending today: eleven months from disk, the current one from the server.
        // Ending three days ago: every month settled, all from disk.
        let views = [
            ("ending today", today),
            ("all on disk", today - Days::days(3)),
        ]
        .map(|(name, end)| (name, DateRange::last_days(end, 365)));
        // Cold openings first, which fill the cache; then the warm ones, timed.
        let mut cold = Vec::new();
        for (_, range) in views {
            cold.push(open_once(&source, range, today, true).await);
        }
        let mut parts = Vec::new();
        for ((name, range), (cold, rows)) in views.into_iter().zip(cold) {
            let mut first = Vec::new();
            for _ in 0..repeats.max(1) {
                first.push(open_once(&source, range, today, false).await.0);
            }
            parts.push(format!(
                "{name} ({rows} rows): first frame with data {} (cold, all loaded: {:.0} ms)",
                median_max(&mut first),
                cold.as_secs_f64() * 1000.0
            ));
        }
        let _ = std::fs::remove_dir_all(&dir);
        Ok(format!(
            "reopen: {users} people, 365 days; {}",
            parts.join("; ")
        ))
    })
}

/// Starts the dashboard's state on `range`. With `to_the_end`, waits until every fetch
/// is over (the time to that, and the rows shown); otherwise the time to the first frame
/// with data.
async fn open_once(
    source: &Source,
    range: DateRange,
    today: NaiveDate,
    to_the_end: bool,
) -> (Duration, usize) {
    let t = Instant::now();
    let app = App::new(
        UsageQuery::new(range),
        today,
        "bench".into(),
        SourceKind::Api,
        vec![],
        chrono::Utc::now(),
    );
    let mut d = Driver::new(app, source.clone(), today);
    let fx = d.app.start();
    d.run(fx);
    d.until(LIMIT, |a| a.usage().is_some()).await;
    let first = t.elapsed();
    if !to_the_end {
        return (first, 0);
    }
    while (d.app.is_loading() || !d.idle()) && t.elapsed() < LIMIT {
        d.step().await;
    }
    let rows = d.app.usage().map_or(0, |u| u.row_count());
    (t.elapsed(), rows)
}
