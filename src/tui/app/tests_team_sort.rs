//! The Team column's sort, driven through `update` on the demo organization: `s` reaches
//! it only with `[teams]`, and the table's order (as `e` writes it) is the one this file
//! computes from the raw rows with its own team rule: teams in the config's file order,
//! `(no team)` last in both directions, ties by email.

use std::collections::BTreeSet;

use super::tests::{ch, loaded};
use super::tests_teams::{NAMES, e_file, team_of, with_teams};
use super::*;
use crate::demo::{Org, RowFilter};

/// Every person the compared table lists: anyone with a row now or in the previous period.
fn people_of(org: &Org, ranges: [crate::dates::DateRange; 2]) -> BTreeSet<String> {
    let rows = ranges.iter().flat_map(|r| {
        org.rows(&RowFilter {
            start: r.start(),
            end: r.end(),
            product_ids: &[],
            search: None,
            origin: None,
        })
    });
    rows.map(|row| row.user_email).collect()
}

/// The order this file expects: by team place (no team last either way), then email.
fn expected(people: &BTreeSet<String>, desc: bool) -> Vec<String> {
    let place = |e: &str| NAMES.iter().position(|n| *n == team_of(e)).unwrap();
    let mut v: Vec<&String> = people.iter().collect();
    v.sort_by(|a, b| {
        let (ta, tb) = (place(a), place(b));
        let none = |t: usize| t == NAMES.len() - 1;
        let by_team = match (none(ta), none(tb)) {
            (false, false) if desc => tb.cmp(&ta),
            (x, y) => (x, ta).cmp(&(y, tb)),
        };
        by_team.then_with(|| a.cmp(b))
    });
    v.into_iter().cloned().collect()
}

/// The emails of the table, in its order (the `e` file's email column).
fn table_emails(app: &App) -> Vec<String> {
    let lines = e_file(&app.export_job().unwrap());
    let email = lines[0].iter().position(|h| h == "user_email").unwrap();
    lines[1..].iter().map(|l| l[email].clone()).collect()
}

#[test]
fn the_team_sort_is_file_order_no_team_last_ties_by_email() {
    let (mut app, org) = with_teams((200, 60));
    let mut steps = 0;
    while app.table().sort().0 != Column::Team {
        ch(&mut app, 's');
        steps += 1;
        assert!(steps < 20, "s never reaches the team column");
    }
    assert_eq!(app.table().sort(), (Column::Team, false), "A to Z first");
    // The teams of this period are read from the block's matching, not matched again.
    assert_eq!(app.orders.known_answers(), 1);
    let people = people_of(&org, [app.query().range, app.previous_range()]);
    let got = table_emails(&app);
    assert_eq!(got, expected(&people, false));
    let teams: BTreeSet<&str> = got.iter().map(|e| team_of(e)).collect();
    assert_eq!(teams.len(), NAMES.len(), "every team and no team listed");
    ch(&mut app, 'S');
    assert_eq!(app.table().sort(), (Column::Team, true));
    let got = table_emails(&app);
    assert_eq!(got, expected(&people, true));
    assert_eq!(team_of(got.last().unwrap()), "(no team)", "still last");
    // The visible rows carry the team they were sorted by.
    for l in &app.view().visible {
        assert_eq!(l.team, team_of(&l.email), "{}", l.email);
    }
}

#[test]
fn without_teams_s_never_stops_at_the_team_column() {
    let (mut app, _) = loaded((200, 60));
    let n = Column::sortable_for(false).count();
    for _ in 0..2 * n {
        ch(&mut app, 's');
        assert_ne!(app.table().sort().0, Column::Team);
    }
}

#[test]
fn the_team_order_made_off_the_ui_thread_is_update_s_own() {
    use super::tests_prepared::{app, flow, same_view};
    use crate::api::UsageQuery;
    let org = super::tests::org();
    let q = super::tests::last_30_days();
    let (mut here, mut off) = (app(&q, SourceKind::Api), app(&q, SourceKind::Api));
    here.prepare_from(usize::MAX);
    off.prepare_from(0);
    for a in [&mut here, &mut off] {
        a.set_teams(super::tests_teams::teams(), None);
        while a.table().sort().0 != Column::Team {
            ch(a, 's');
        }
    }
    let answer = |q: &UsageQuery| super::tests::answer_for(&org, q);
    assert_eq!(flow(&mut here, &answer, (false, false)), 0, "no job");
    assert!(flow(&mut off, &answer, (true, false)) > 0, "a job compared");
    same_view(&here, &off, "sorted by team");
    // Without `[teams]`, nothing is matched for the Team sort.
    let (mut plain, _) = loaded((120, 40));
    plain.table.sort_exact(Column::Team, false);
    plain.rebuild_view();
    assert_eq!(plain.orders.known_answers(), 0);
    let people = people_of(&org, [q.range, off.previous_range()]);
    assert_eq!(table_emails(&off), expected(&people, false));
}

/// Δ% down puts a rise from nothing (a new person, "—") first, as the largest rise, and
/// up puts it last: it sorted as the smallest change, under every fall. Counted here from
/// the statuses and previous totals the table pairs, not from the sort's own key.
#[test]
fn a_new_person_is_the_largest_rise_in_percent() {
    let (mut app, _) = loaded((200, 60));
    let new_count = |app: &App| {
        let v = app.view();
        (v.order.iter())
            .filter(|&&i| v.people.rows[i as usize].change.previous == 0)
            .filter(|&&i| v.people.rows[i as usize].change.now > 0)
            .count()
    };
    let firsts = |app: &App, n: usize| {
        let v = app.view();
        let new = |i: u32| v.people.rows[i as usize].change.previous == 0;
        v.order.iter().take(n).all(|&i| new(i))
    };
    assert!(app.view().people.compared);
    let n = new_count(&app);
    assert!(n > 0, "the demo has new people");
    app.table.sort_exact(Column::DeltaPct, true);
    app.rebuild_view();
    assert!(firsts(&app, n), "down: the {n} new people first");
    app.table.sort_exact(Column::DeltaPct, false);
    app.rebuild_view();
    let v = app.view();
    let last: Vec<_> = v.order.iter().rev().take(n).collect();
    assert!(
        last.iter()
            .all(|&&i| v.people.rows[i as usize].change.previous == 0),
        "up: the new people last"
    );
}

/// Enter on a dormant person says what they did the period before, summed here from the
/// raw rows, and the key to that period (it said only "nothing to detail").
#[test]
fn enter_on_a_dormant_person_says_their_previous_prompts() {
    let (mut app, org) = loaded((120, 40));
    ch(&mut app, 'v');
    ch(&mut app, 'v');
    let who = app.selected_user().expect("the dormant lens lists someone");
    assert!(!app.selected_is_current());
    let prev = app.previous_range();
    let before: u64 = (org.rows(&RowFilter {
        start: prev.start(),
        end: prev.end(),
        product_ids: &[],
        search: None,
        origin: None,
    }))
    .iter()
    .filter(|r| r.user_id == who)
    .map(|r| r.prompt_count)
    .sum();
    assert!(before > 0);
    super::tests::key(&mut app, crossterm::event::KeyCode::Enter);
    assert_eq!(
        app.mode(),
        crate::tui::keymap::Mode::Main,
        "no detail opened"
    );
    let note = app.status().map(|s| s.text.clone()).unwrap_or_default();
    let want = crate::numbers::thousands(before);
    assert!(
        note.contains(&format!("; {want} the period before")),
        "{note}"
    );
    assert!(note.ends_with("([ shows it)"), "{note}");
}
