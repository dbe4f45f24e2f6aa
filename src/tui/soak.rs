//! Soak: hundreds of rapid filter changes against the contract server with random faults
//! (500s, malformed bodies, slow answers), through the real fetch tasks. Bounded in time.
//! Checked throughout: a result for an older filter is never put on screen; at the end no
//! task is left running and memory did not grow.

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tokio::sync::mpsc::unbounded_channel;

use super::Source;
use super::app::{App, Effect, Msg, Slot, SourceKind};
use crate::api::{ApiKey, Client, ClientOptions, KeySource, RetryPolicy, UsageQuery};
use crate::dates::Preset;
use crate::demo::{DemoOptions, DemoServer, Fault, OrgSpec};

fn rss_kib() -> u64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rapid_changes_with_faults_never_show_stale_data_nor_leak() {
    let today = crate::dates::today_utc();
    let server = DemoServer::start(DemoOptions {
        org: OrgSpec {
            seed: 77,
            users: 40,
            days: 200,
            today,
        },
        addr: None,
    })
    .await
    .unwrap();
    let opts = ClientOptions {
        read_timeout: Duration::from_secs(2),
        total_timeout: Duration::from_secs(3),
        retry: RetryPolicy {
            base_delay: Duration::from_millis(5),
            max_delay: Duration::from_millis(20),
            ..RetryPolicy::default()
        },
        ..ClientOptions::default()
    };
    let client = Client::new(
        &server.base_url(),
        server.product_id(),
        ApiKey::new(server.api_key()).unwrap(),
        KeySource::Demo,
        opts,
    )
    .unwrap();
    let source = Source::Api {
        client,
        cache: None,
    };
    let q = UsageQuery::new(Preset::Last30.range(today).unwrap());
    let mut app = App::new(
        q,
        today,
        "soak".into(),
        SourceKind::Api,
        vec![],
        chrono::Utc::now(),
    );
    app.update(Msg::Resize(120, 40));
    let (tx, mut rx) = unbounded_channel::<Msg>();
    let mut tasks = super::fetch::Fetches::default();
    let mut spawned = 0usize;
    let dir = std::env::temp_dir();
    // The loop's own effect runner, so the soak exercises the real spawn and abort.
    let mut run = |fx: Vec<Effect>, tasks: &mut super::fetch::Fetches| {
        spawned += fx
            .iter()
            .filter(|e| matches!(e, Effect::Fetch { .. }))
            .count();
        let mut runner = super::effects::Runner {
            source: &source,
            export_dir: &dir,
            today,
            tx: tx.clone(),
            fetches: tasks,
        };
        runner.run_all(fx);
    };
    // Every message through update, checking that whatever is newly shown is the view
    // asked for now.
    fn deliver(app: &mut App, m: Msg, stale_drops: &mut usize) -> Vec<Effect> {
        let before = app.shown().cloned();
        let is_main = matches!(
            &m,
            Msg::Fetched {
                slot: Slot::Main,
                ..
            }
        );
        let fx = app.update(m);
        if app.shown() != before.as_ref() {
            assert_eq!(
                app.shown(),
                Some(app.query()),
                "a result for another filter was put on screen"
            );
        } else if is_main {
            *stale_drops += 1;
        }
        fx
    }
    let fx = app.start();
    run(fx, &mut tasks);
    let mut rng = fastrand::Rng::with_seed(2026);
    let keys = ['o', 'O', '1', '2', '3', '[', ']', 'r', 'j', 's'];
    let started = Instant::now();
    let mut stale = 0usize;
    let mut rss_mid = 0;
    for i in 0..400 {
        server.set_fault(match rng.u8(0..12) {
            0 => Some(Fault::status_json(500, "boom")),
            1 => Some(Fault::malformed()),
            2 => Some(Fault::Delay(Duration::from_millis(40))),
            3 => Some(Fault::html(502)),
            _ => None,
        });
        let k = keys[rng.usize(0..keys.len())];
        let fx = app.update(Msg::Key(KeyEvent::new(
            KeyCode::Char(k),
            KeyModifiers::NONE,
        )));
        run(fx, &mut tasks);
        while let Ok(m) = rx.try_recv() {
            let fx = deliver(&mut app, m, &mut stale);
            run(fx, &mut tasks);
        }
        if rng.u8(0..4) == 0 {
            tokio::time::sleep(Duration::from_millis(rng.u64(0..8))).await;
        }
        if i == 200 {
            rss_mid = rss_kib();
        }
        assert!(
            tasks.len() <= 5,
            "one task per slot at most: {}",
            tasks.len()
        );
    }
    // Settle: no faults, answer everything still coming, within a bound.
    server.set_fault(None);
    let deadline = Instant::now() + Duration::from_secs(20);
    while !tasks.all_finished() || !rx.is_empty() {
        assert!(Instant::now() < deadline, "tasks did not finish");
        if let Ok(Some(m)) = tokio::time::timeout(Duration::from_millis(50), rx.recv()).await {
            let fx = deliver(&mut app, m, &mut stale);
            run(fx, &mut tasks);
        }
    }
    // The view on screen is the one asked for (or its error is); nothing runs any more.
    assert!(app.shown() == Some(app.query()) || app.status().is_some_and(|s| s.error));
    assert!(tasks.all_finished());
    assert!(spawned >= 100, "hundreds of fetches: {spawned}");
    assert!(
        stale > 0,
        "some late answers were dropped (the check above ran)"
    );
    let grown = rss_kib().saturating_sub(rss_mid);
    assert!(
        grown < 64 * 1024,
        "memory grew by {grown} KiB in the second half"
    );
    assert!(started.elapsed() < Duration::from_secs(60));
}
