//! Tests of `org`.
use super::*;

fn org() -> Org {
    Org::new(OrgSpec {
        seed: 7,
        users: 120,
        days: 120,
        today: NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
    })
}

fn all(o: &Org, origin: Option<Origin>) -> Vec<UsageRow> {
    o.rows(&RowFilter {
        start: o.first_day,
        end: o.spec.today,
        product_ids: &[],
        search: None,
        origin,
    })
}

#[test]
fn deterministic_and_shaped() {
    let (a, b) = (org(), org());
    assert_eq!(all(&a, None), all(&b, None));
    assert!(a.products.iter().any(|p| !p.name.is_ascii()));
    let rows = all(&a, None);
    assert!(rows.len() > 1000, "{}", rows.len());
    let weekday: u64 = rows
        .iter()
        .filter(|r| r.date.weekday().number_from_monday() <= 5)
        .map(|r| r.prompt_count)
        .sum();
    let weekend: u64 = rows
        .iter()
        .filter(|r| r.date.weekday().number_from_monday() > 5)
        .map(|r| r.prompt_count)
        .sum();
    assert!(weekday > weekend * 5, "{weekday} vs {weekend}");
}

#[test]
fn origins_add_up() {
    let o = org();
    let sum = |rows: Vec<UsageRow>| rows.iter().map(|r| r.prompt_count).sum::<u64>();
    let total = sum(all(&o, None));
    let parts: u64 = Origin::ALL.iter().map(|x| sum(all(&o, Some(*x)))).sum();
    assert_eq!(total, parts);
    assert!(sum(all(&o, Some(Origin::ApiKey))) > 0);
}

#[test]
fn search_matches_email_or_name() {
    let o = org();
    let name = o.users[3].full_name.clone();
    let last = name.split(' ').nth(1).unwrap().to_lowercase();
    let rows = o.rows(&RowFilter {
        start: o.first_day,
        end: o.spec.today,
        product_ids: &[],
        search: Some(&last),
        origin: None,
    });
    assert!(rows.iter().all(|r| {
        let u = o.users.iter().find(|u| u.id == r.user_id).unwrap();
        u.email.to_lowercase().contains(&last) || u.full_name.to_lowercase().contains(&last)
    }));
}

/// People active in the 30 days ending `end` and in the 30 days before, from the rows.
fn who(o: &Org, end: NaiveDate) -> (usize, usize, usize) {
    use std::collections::HashSet;
    let active = |from: NaiveDate, to: NaiveDate| -> HashSet<Uuid> {
        o.rows(&RowFilter {
            start: from,
            end: to,
            product_ids: &[],
            search: None,
            origin: None,
        })
        .into_iter()
        .filter(|r| r.prompt_count > 0)
        .map(|r| r.user_id)
        .collect()
    };
    let now = active(end - Duration::days(29), end);
    let before = active(end - Duration::days(59), end - Duration::days(30));
    (
        now.difference(&before).count(),
        before.difference(&now).count(),
        now.intersection(&before).count(),
    )
}

#[test]
fn people_join_and_leave() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    for (seed, users, days) in [(42, 400, 730), (3, 80, 200), (7, 120, 120)] {
        let o = Org::new(OrgSpec {
            seed,
            users,
            days,
            today,
        });
        let (new, dormant, retained) = who(&o, today);
        assert!(
            new > 0 && dormant > 0,
            "{seed}: {new} new, {dormant} dormant"
        );
        assert!(retained > new + dormant, "{seed}: mostly the same people");
        let leavers = o.users.iter().filter(|u| u.left.is_some()).count();
        assert!(
            leavers * 10 > users && leavers * 3 < users,
            "{seed}: {leavers}"
        );
        for u in o.users.iter().filter(|u| u.left.is_some()) {
            let gone = u.left.unwrap();
            assert!(gone > u.joined && gone <= today);
            let idx = o.users.iter().position(|x| x.id == u.id).unwrap();
            assert!((0..5).all(|p| Origin::ALL.iter().all(|&or| o.count(or, p, idx, gone) == 0)));
        }
    }
}
