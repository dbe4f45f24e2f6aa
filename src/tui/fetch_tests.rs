//! The fetch task: which fetch waits for the view, and what a saved range answers.

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

#[test]
fn only_the_rest_of_a_request_whose_view_is_fetched_waits() {
    let mut gate = MainFirst::default();
    assert!(
        gate.wait(Slot::Previous, 1).is_none(),
        "no view fetched: no wait"
    );
    assert!(gate.wait(Slot::Main, 2).is_none(), "the view never waits");
    assert!(gate.wait(Slot::Previous, 2).is_some());
    assert!(
        gate.wait(Slot::Origin(crate::api::Origin::Slack), 2)
            .is_some()
    );
    assert!(gate.wait(Slot::Previous, 3).is_none(), "another request's");
}

#[tokio::test]
async fn the_view_answers_before_the_rest_of_its_request() {
    let u = saved();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let mut gate = MainFirst::default();
    let q = UsageQuery::new(u.range());
    let day = u.range().start();
    // The view is asked first, as `request` does; the previous period right after.
    let prev = q.with_range(DateRange::new(day, day).unwrap());
    let main = spawn(
        Source::Fixed(u.clone()),
        (Slot::Main, 7),
        q,
        false,
        (
            day,
            WeekStart::Monday,
            (Column::Total, true),
            Arc::default(),
        ),
        tx.clone(),
        &mut gate,
    );
    let other = spawn(
        Source::Fixed(u),
        (Slot::Previous, 7),
        prev,
        false,
        (
            day,
            WeekStart::Monday,
            (Column::Total, true),
            Arc::default(),
        ),
        tx,
        &mut gate,
    );
    let (a, b) = (rx.recv().await.unwrap(), rx.recv().await.unwrap());
    let slot = |m: &Msg| match m {
        Msg::Fetched {
            slot,
            generation: 7,
            ..
        } => Some(*slot),
        _ => None,
    };
    assert_eq!(
        (slot(&a), slot(&b)),
        (Some(Slot::Main), Some(Slot::Previous))
    );
    let _ = (main.await, other.await);
    // Once the view's data is in, a late wait for that request ends at once.
    after_the_view(Some(gate.shown.subscribe()), 7).await;
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

#[tokio::test]
async fn a_prepare_job_run_off_thread_comes_back_as_its_message() {
    use crate::tui::people::Derived;
    use crate::tui::prepare::Job;
    let now = saved();
    let job = Job {
        generation: 7,
        base: Derived::default(),
        now: now.clone(),
        before: None,
        today: now.range().end(),
        sort: (Column::Total, true),
        teams: Arc::default(),
    };
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    prepare_off_thread(job, &tx).await.unwrap();
    let Some(Msg::Prepared {
        generation: 7,
        prepared,
    }) = rx.recv().await
    else {
        panic!("no prepared people for generation 7");
    };
    assert!(prepared.is_for(Some(&now), None, now.range().end()));
    assert_eq!(
        *prepared.derived.people,
        crate::tui::people::People::of(&now, None)
    );
}
