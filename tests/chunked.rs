//! A long range fetched in windows (four at a time) gives the same model as one request,
//! and settled windows come from the disk cache the second time.

mod common;

use clarityq_usage::api::{
    ApiKey, Client, ClientOptions, FetchEvent, KeySource, Origin, UsageQuery,
};
use clarityq_usage::cache::WindowCache;
use clarityq_usage::dates::DateRange;
use clarityq_usage::model::Usage;
use clarityq_usage::windows::{ChunkOptions, fetch_chunked};

fn client(server: &clarityq_usage::demo::DemoServer) -> Client {
    let key = ApiKey::new(server.api_key()).unwrap();
    Client::new(
        &server.base_url(),
        server.product_id(),
        key,
        KeySource::Demo,
        ClientOptions::default(),
    )
    .unwrap()
}

/// Everything a view shows, keyed by ids (indexes may differ between models).
type Summary = (u64, Vec<u64>, Vec<u32>, Vec<(uuid::Uuid, u64, u32)>, usize);

fn summary(u: &Usage) -> Summary {
    let mut users: Vec<_> = (0..u.users().len())
        .map(|i| (u.users()[i].id, u.user_total(i), u.user_active_days(i)))
        .collect();
    users.sort();
    (
        u.total(),
        u.day_totals().to_vec(),
        u.day_users().to_vec(),
        users,
        u.row_count(),
    )
}

#[test]
fn chunked_equals_unchunked_and_the_cache_spares_requests() {
    let demo = common::demo(21, 70, 400);
    let server = &demo.server;
    let c = client(server);
    let range = DateRange::last_days(common::today(), 365);
    let mut q = UsageQuery::new(range);
    q.origin = Some(Origin::Slack);
    let dir = tempfile::tempdir().unwrap();
    let cache = WindowCache::at(dir.path()).unwrap();
    let progress = std::sync::Mutex::new(Vec::new());
    let partial = std::sync::Mutex::new(None);
    let notify = |e: FetchEvent| match e {
        FetchEvent::Progress { done, total } => progress.lock().unwrap().push((done, total)),
        FetchEvent::Partial(u) => *partial.lock().unwrap() = Some(u),
        FetchEvent::Retrying { .. } => {}
    };
    demo.rt.block_on(async {
        let whole = c.fetch(&q).await.unwrap();
        server.clear_requests();
        let opts = ChunkOptions::new(common::today());
        let chunked = fetch_chunked(&c, &q, &opts, Some(&cache), &notify)
            .await
            .unwrap();
        assert_eq!(summary(&chunked), summary(&whole));
        let windows = range.windows(31).len();
        assert_eq!(server.requests().len(), windows, "one request per window");
        assert_eq!(progress.lock().unwrap().last(), Some(&(windows, windows)));
        // Again: the settled windows come from disk; only the last (recent) one is asked.
        server.clear_requests();
        let again = fetch_chunked(&c, &q, &opts, Some(&cache), &notify)
            .await
            .unwrap();
        assert_eq!(summary(&again), summary(&whole));
        let asked: Vec<_> = server
            .requests()
            .iter()
            .map(|r| r.param("start_date")[0].to_string())
            .collect();
        assert_eq!(
            asked,
            vec![range.windows(31).last().unwrap().start().to_string()]
        );
        // The windows on disk were offered first: everything but the recent window.
        let part = partial.lock().unwrap().take().expect("a partial view");
        let recent = c
            .fetch(&q.with_range(*range.windows(31).last().unwrap()))
            .await
            .unwrap();
        assert_eq!(part.total() + recent.total(), whole.total());
        assert_eq!(part.range(), range);
        // A corrupt file is dropped and fetched again.
        let first = q.with_range(range.windows(31)[0]);
        std::fs::write(cache.path(c.endpoint().as_ref(), &first), "[{\"oops").unwrap();
        server.clear_requests();
        let healed = fetch_chunked(&c, &q, &opts, Some(&cache), &notify)
            .await
            .unwrap();
        assert_eq!(summary(&healed), summary(&whole));
        assert_eq!(
            server.requests().len(),
            2,
            "the corrupt window and the recent one"
        );
        // No key in any cache file.
        for f in std::fs::read_dir(dir.path()).unwrap() {
            let bytes = std::fs::read(f.unwrap().path()).unwrap();
            let key = server.api_key().as_bytes();
            assert!(!bytes.windows(key.len()).any(|w| w == key));
        }
    });
}
