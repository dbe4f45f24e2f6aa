//! The team filter's narrowings and the teams' work made off the UI thread.

use super::*;
use crate::model::{Ingest, RangeSpec};

fn answer(people: &[&str]) -> Arc<Usage> {
    let rows: Vec<String> = (0..people.len())
        .map(|u| format!(
            r#"{{"product_id":"{}","product_name":"P","user_id":"{}","user_email":"{}","date":"2026-01-01","prompt_count":2}}"#,
            uuid::Uuid::from_u128(1),
            uuid::Uuid::from_u128(u as u128 + 1),
            people[u]
        ))
        .collect();
    let body = format!("[{}]", rows.join(","));
    Arc::new(Ingest::read_from(RangeSpec::Infer, body.as_bytes()).unwrap())
}

fn two_teams() -> Teams {
    let table: toml::Table = toml::from_str("one = [\"*@one.io\"]\ntwo = [\"*@two.io\"]").unwrap();
    Teams::from_table(&table).unwrap()
}

#[test]
fn only_the_team_shown_keeps_its_narrowed_answers() {
    let u = answer(&["a@one.io", "b@two.io"]);
    let mut s = TeamsState::new(two_teams(), None);
    s.cycle(true);
    let one = s.narrow(Some(&u)).unwrap();
    assert_eq!(one.users()[0].email, "a@one.io");
    s.cycle(true);
    let two = s.narrow(Some(&u)).unwrap();
    let first = (two.users().len(), two.users()[0].email.as_str());
    assert_eq!(first, (1, "b@two.io"));
    assert_eq!(s.narrowed.len(), 1, "team one's narrowing is not kept");
    let again = s.narrow(Some(&u)).unwrap();
    assert!(Arc::ptr_eq(&again, &two), "kept for its team");
}

#[test]
fn teams_made_off_the_ui_thread_are_used_not_made_again() {
    let u = answer(&["a@one.io", "b@elsewhere.io"]);
    let mut s = TeamsState::new(two_teams(), None);
    let stranger = TeamWork::make(&u, &Arc::new(two_teams()), true).unwrap();
    s.know(&stranger);
    assert!(s.matched(&u).is_none(), "made for other teams: not taken");
    let w = TeamWork::make(&u, &s.shared(), true).unwrap();
    s.know(&w);
    assert!(Arc::ptr_eq(&s.matched(&u).unwrap(), &w.assigned));
    assert_eq!(*w.assigned, [0, 2], "one, then no team");
    s.update_block(Some(&u), 10);
    assert!(Arc::ptr_eq(&s.sums_of(&u), w.sums.as_ref().unwrap()));
    let want = block_lines(&u, (&two_teams(), &[0, 2]), 10);
    assert_eq!(s.block().unwrap(), want.as_slice());
    let prompts: Vec<u64> = want.iter().map(|l| l.prompts).collect();
    assert_eq!(prompts, [2, 0, 2]);
}
