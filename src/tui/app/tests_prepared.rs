//! The people and orders made off the UI thread are the ones `update` builds itself: the
//! same flow of answers through two apps, one deriving everything in `update`, the other
//! adopting `Msg::Prepared` (made as the view's fetch task and the comparison job make
//! them), on the demo organization and on a generated organization past the real
//! threshold; and a derivation for answers no longer on screen is never adopted.

use std::sync::Arc;

use crossterm::event::KeyCode;

use super::tests::{answer_for, key, org, today, wall};
use super::*;
use crate::api::UsageQuery;
use crate::dates::{DateRange, Preset};
use crate::model::{Ingest, RangeSpec, Usage};
use crate::tui::prepare::{self, Job, OFF_THREAD_PEOPLE};

pub(super) fn app(q: &UsageQuery, source: SourceKind) -> App {
    let mut a = App::new(q.clone(), today(), "t".into(), source, vec![], wall());
    a.update(Msg::Resize(160, 50));
    a
}

/// The jobs among `fx`.
fn jobs(fx: Vec<Effect>) -> Vec<Job> {
    fx.into_iter()
        .filter_map(|e| match e {
            Effect::Prepare(j) => Some(j),
            _ => None,
        })
        .collect()
}

pub(super) type Answer<'a> = dyn Fn(&UsageQuery) -> Arc<Usage> + 'a;

/// The app's first fetches answered with `answer`, the view's answer preceded by its
/// people when `prepare` says so (as the fetch task sends them); every job run and its
/// outcome delivered. How many jobs ran.
/// `lifo`: the last effect first, so that the previous period comes before the view.
pub(super) fn flow(a: &mut App, answer: &Answer, (prepare, lifo): (bool, bool)) -> usize {
    let mut ran = 0;
    let mut fx: std::collections::VecDeque<Effect> = a.start().into();
    while let Some(e) = if lifo { fx.pop_back() } else { fx.pop_front() } {
        let more = match e {
            Effect::Fetch {
                slot,
                generation,
                query,
                sort,
                ..
            } => {
                let u = answer(&query);
                if prepare && slot == Slot::Main {
                    let teams = a.teams().shared();
                    let prepared = prepare::for_view(&u, today(), (sort, &teams));
                    a.update(Msg::Prepared {
                        generation,
                        prepared,
                    });
                }
                let (result, wall) = (Ok(u), wall());
                a.update(Msg::Fetched {
                    slot,
                    generation,
                    query,
                    result,
                    wall,
                })
            }
            Effect::Prepare(job) => {
                ran += 1;
                a.update(job.run().into())
            }
            _ => Vec::new(),
        };
        fx.extend(more);
    }
    ran
}

/// Everything the table shows and counts, equal in both apps.
pub(super) fn same_view(a: &App, b: &App, what: &str) {
    let (va, vb) = (a.view(), b.view());
    assert_eq!(*va.people, *vb.people, "{what}: people");
    assert_eq!(va.order, vb.order, "{what}: order");
    assert_eq!(va.kpis, vb.kpis, "{what}: headline figures");
    assert_eq!(va.visible, vb.visible, "{what}: visible rows");
    assert_eq!(a.derived.activity, b.derived.activity, "{what}: activity");
}

/// Two apps through the same answers, then the same sorts, lenses and range pages.
fn compare(q: &UsageQuery, source: SourceKind, answer: &Answer) {
    for lifo in [false, true] {
        let mut here = app(q, source);
        here.prepare_from(usize::MAX);
        let mut off = app(q, source);
        off.prepare_from(0);
        assert_eq!(flow(&mut here, answer, (false, lifo)), 0, "no job");
        assert!(
            flow(&mut off, answer, (true, lifo)) > 0,
            "the comparison is a job"
        );
        assert!(off.view().people.compared, "the job's people adopted");
        same_view(&here, &off, "shown");
        for (i, k) in "ssSvvSsv".chars().enumerate() {
            key(&mut here, KeyCode::Char(k));
            key(&mut off, KeyCode::Char(k));
            same_view(&here, &off, &format!("after key {i} ({k})"));
        }
    }
}

#[test]
fn prepared_people_and_orders_are_update_s_own_on_the_demo_data() {
    let org = org();
    for days in [7, 30, 90] {
        let q = UsageQuery::new(DateRange::last_days(today(), days));
        compare(&q, SourceKind::Api, &|q| answer_for(&org, q));
    }
}

/// A generated organization of `people` over 60 days: some active in both halves, some
/// only in the first (dormant in the second), some only in the second (new), with
/// counts and emails in no order, so that sorts and ties are exercised.
fn generated(people: u32) -> Arc<Usage> {
    let end = today();
    let start = end - chrono::Duration::days(59);
    let product = uuid::Uuid::from_u128(7);
    let mut rows = Vec::new();
    for u in 0..people {
        let h = u.wrapping_mul(2_654_435_761);
        let days: &[u32] = match h % 4 {
            0 => &[3],
            1 => &[40],
            _ => &[h % 30, 30 + (h >> 8) % 30],
        };
        for &d in days {
            rows.push(format!(
                r#"{{"product_id":"{product}","product_name":"P","user_id":"{}","user_email":"p{}@x.io","date":"{}","prompt_count":{}}}"#,
                uuid::Uuid::from_u128(u128::from(u) + 1),
                h % 9973,
                start + chrono::Duration::days(i64::from(d)),
                1 + (h >> 4) % 50
            ));
        }
    }
    let body = format!("[{}]", rows.join(","));
    let range = DateRange::new(start, end).unwrap();
    Arc::new(Ingest::read_from(RangeSpec::Fixed(range), body.as_bytes()).unwrap())
}

#[test]
fn prepared_people_and_orders_are_update_s_own_on_a_generated_organization() {
    let all = generated(OFF_THREAD_PEOPLE as u32 + 500);
    let q = UsageQuery::new(DateRange::last_days(today(), 30));
    let cut = |q: &UsageQuery| Arc::new(all.narrowed(q.range).unwrap());
    compare(&q, SourceKind::Fixed, &cut);
    // Past the real threshold the view's answer comes with its people, and only with it.
    let now = cut(&q);
    assert!(
        now.users().len() + cut(&q.with_range(q.range.previous())).users().len()
            > OFF_THREAD_PEOPLE
    );
    assert!(prepare::makes_people(&now, true));
    assert!(
        !prepare::makes_people(&now, false),
        "not the previous period's"
    );
}

/// Answers every fetch among `fx` (and those their answers cause), the view's with its
/// people first; the jobs asked, held.
fn answer_holding_jobs(a: &mut App, answer: &Answer, fx: Vec<Effect>) -> Vec<Job> {
    let (mut fx, mut held) = (fx, Vec::new());
    while let Some(e) = fx.pop() {
        match e {
            Effect::Fetch {
                slot,
                generation,
                query,
                sort,
                ..
            } => {
                let u = answer(&query);
                if slot == Slot::Main {
                    let teams = a.teams().shared();
                    let prepared = prepare::for_view(&u, today(), (sort, &teams));
                    fx.extend(a.update(Msg::Prepared {
                        generation,
                        prepared,
                    }));
                }
                fx.extend(a.update(Msg::Fetched {
                    slot,
                    generation,
                    result: Ok(u),
                    query,
                    wall: wall(),
                }))
            }
            Effect::Prepare(j) => held.push(j),
            _ => {}
        }
    }
    held
}

#[test]
fn a_derivation_for_answers_no_longer_on_screen_is_dropped() {
    let org = org();
    let q = UsageQuery::new(Preset::Last30.range(today()).unwrap());
    let answer = |q: &UsageQuery| answer_for(&org, q);
    let mut a = app(&q, SourceKind::Api);
    a.prepare_from(0);
    let fx = a.start();
    let mut held = answer_holding_jobs(&mut a, &answer, fx);
    assert_eq!(held.len(), 1, "one comparison asked");
    assert!(!a.view().people.compared, "uncompared until it is back");
    assert!(a.view().kpis.new.is_none());
    assert!(
        a.view().kpis.previous_total.is_some(),
        "the totals compare at once"
    );
    assert!(
        jobs(a.update(Msg::Resize(160, 50))).is_empty(),
        "asked once"
    );
    // Another range is asked and answered: the held job's answers are off screen.
    let fx = key(&mut a, KeyCode::Char('['));
    let mut fresh = answer_holding_jobs(&mut a, &answer, fx);
    assert_eq!(fresh.len(), 1, "the new answers' comparison");
    let people = a.view().people.clone();
    a.update(held.pop().unwrap().run().into());
    assert!(
        Arc::ptr_eq(&a.view().people, &people),
        "the late people not adopted"
    );
    assert!(!a.view().people.compared);
    // The comparison of the answers on screen is adopted when it is back.
    a.update(fresh.pop().unwrap().run().into());
    assert!(a.view().people.compared);
    let mut here = app(a.query(), SourceKind::Api);
    here.prepare_from(usize::MAX);
    flow(&mut here, &answer, (false, false));
    same_view(&here, &a, "after the page");
}
