//! The team filter on large answers: narrowed off the UI thread, the view on screen kept
//! until the narrowing is back, then the very figures `update` makes itself; a narrowing
//! for a team no longer shown is dropped, and one team's copies are made at a time.

use super::tests::ch;
use super::tests_prepared::same_view;
use super::tests_teams::{NAMES, with_teams};
use super::*;
use crate::tui::narrow::NarrowJob;

fn jobs(fx: Vec<Effect>) -> Vec<NarrowJob> {
    fx.into_iter()
        .filter_map(|e| match e {
            Effect::Narrow(j) => Some(j),
            _ => None,
        })
        .collect()
}

/// The jobs' outcomes into `update`; the narrowings asked meanwhile.
fn deliver(app: &mut App, done: Vec<NarrowJob>) -> Vec<NarrowJob> {
    let mut asked = Vec::new();
    for j in done {
        asked.extend(jobs(app.update(Msg::Narrowed(Box::new(j.run())))));
    }
    asked
}

#[test]
fn a_large_answer_is_narrowed_off_the_ui_thread_and_shown_when_back() {
    let (mut here, _) = with_teams((200, 60));
    let (mut off, _) = with_teams((200, 60));
    off.narrow_from(0);
    for name in NAMES {
        ch(&mut here, 't');
        let shown = off.view().kpis.clone();
        let asked = jobs(ch(&mut off, 't'));
        assert!(!asked.is_empty(), "{name}: asked of the loop");
        assert_eq!(off.teams().filter_label(), name);
        assert!(off.narrowing(), "{name}: the header says so");
        assert_eq!(
            off.view().kpis,
            shown,
            "{name}: the view on screen stays meanwhile"
        );
        // Keys meanwhile neither narrow here nor ask again.
        assert!(jobs(ch(&mut off, 's')).is_empty());
        ch(&mut here, 's');
        assert!(deliver(&mut off, asked).is_empty(), "{name}: asked once");
        assert!(!off.narrowing());
        same_view(&here, &off, name);
        assert_ne!(off.view().kpis, shown, "{name}: the team's figures");
    }
    ch(&mut here, 't');
    assert!(
        jobs(ch(&mut off, 't')).is_empty(),
        "everyone: nothing to narrow"
    );
    same_view(&here, &off, "everyone again");
}

#[test]
fn a_narrowing_for_a_team_left_is_dropped_and_the_next_asked_after_it() {
    let (mut here, _) = with_teams((200, 60));
    let (mut off, _) = with_teams((200, 60));
    off.narrow_from(0);
    let first = jobs(ch(&mut off, 't'));
    assert!(!first.is_empty());
    // One team's copies at a time: the second team waits for the first's to be back.
    assert!(jobs(ch(&mut off, 't')).is_empty());
    let shown = off.view().kpis.clone();
    let second = deliver(&mut off, first);
    assert_eq!(
        off.view().kpis,
        shown,
        "the first team's figures are not shown"
    );
    assert!(
        !second.is_empty(),
        "the second team asked once the first is back"
    );
    assert!(second.iter().all(|j| j.team == 1));
    assert!(off.narrowing(), "still narrowing, to the second team");
    assert!(deliver(&mut off, second).is_empty());
    assert!(!off.narrowing());
    ch(&mut here, 't');
    ch(&mut here, 't');
    assert_eq!(off.teams().filter_label(), NAMES[1]);
    same_view(&here, &off, "the second team");
}
