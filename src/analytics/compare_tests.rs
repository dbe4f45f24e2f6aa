//! The comparison of two periods' people when they are listed in the same order (models
//! cut from one saved file) and in another: the same rows either way, checked by id.

use super::*;

#[test]
fn people_in_the_same_order_or_another_are_matched_by_id() {
    let mut rng = fastrand::Rng::with_seed(31);
    let rows: Vec<(u128, u128, String, u64)> = (0..300)
        .map(|_| {
            let day = format!("2026-10-{:02}", rng.u8(1..=20));
            (1, rng.u128(1..60), day, rng.u64(0..3))
        })
        .collect();
    let whole = crate::analytics::testing::usage_owned("2026-10-01", "2026-10-20", rows);
    let d = |s: &str| crate::dates::parse_date(s).unwrap();
    let cut = |a, b| {
        whole
            .narrowed(crate::dates::DateRange::new(d(a), d(b)).unwrap())
            .unwrap()
    };
    let (before, now) = (
        cut("2026-10-01", "2026-10-10"),
        cut("2026-10-11", "2026-10-20"),
    );
    // Cut from one model: the same people in the same order.
    assert_eq!(before.users(), now.users());
    // The previous period read on its own: its people in another order.
    let mut shuffled: Vec<(u128, u128, String, u64)> = before
        .rows()
        .map(|(p, u, day, n)| (p.id.as_u128(), u.id.as_u128(), day.to_string(), n))
        .collect();
    rng.shuffle(&mut shuffled);
    let apart = crate::analytics::testing::usage_owned("2026-10-01", "2026-10-10", shuffled);
    assert_ne!(apart.users(), before.users(), "another order");
    for prev in [&before, &apart] {
        let got = people(&now, prev);
        // Independently, by id: each row's previous index names the same person, with
        // that person's previous total; the dormant are exactly those missing now.
        for r in &got {
            let id = match (r.current, r.previous) {
                (Some(c), Some(p)) => {
                    let id = now.users()[c as usize].id;
                    assert_eq!(prev.users()[p as usize].id, id);
                    id
                }
                (Some(c), None) => now.users()[c as usize].id,
                (None, Some(p)) => prev.users()[p as usize].id,
                (None, None) => unreachable!(),
            };
            let total = |u: &Usage| u.user_index(id).map_or(0, |i| u.user_total(i));
            assert_eq!(
                (r.change.now, r.change.previous),
                (total(&now), total(prev))
            );
        }
        let dormant = |u: &Usage| {
            (0..u.users().len())
                .filter(|&i| u.user_total(i) > 0 && total_now(&now, u.users()[i].id) == 0)
                .count()
        };
        let got_dormant = got.iter().filter(|r| r.status == Status::Dormant).count();
        assert_eq!(got_dormant, dormant(prev));
    }
    assert_eq!(people(&now, &before).len(), people(&now, &apart).len());
}

fn total_now(now: &Usage, id: uuid::Uuid) -> u64 {
    now.user_index(id).map_or(0, |i| now.user_total(i))
}
