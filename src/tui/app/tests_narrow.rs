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

/// The answers of `fx`'s fetches (from the demo organization) into `update`, and the
/// narrowings asked on the way.
fn fetch_all(app: &mut App, org: &crate::demo::Org, fx: Vec<Effect>) -> Vec<NarrowJob> {
    let mut asked = Vec::new();
    for e in fx {
        match e {
            Effect::Fetch {
                slot,
                generation,
                query,
                ..
            } => {
                let result = Ok(super::tests::answer_for(org, &query));
                let wall = super::tests::wall();
                let msg = Msg::Fetched {
                    slot,
                    generation,
                    query,
                    result,
                    wall,
                };
                asked.extend(jobs(app.update(msg)));
            }
            Effect::Narrow(j) => asked.push(j),
            _ => {}
        }
    }
    asked
}

/// Every narrowing asked, and those asked on the way, delivered.
fn settle(app: &mut App, mut asked: Vec<NarrowJob>) {
    while !asked.is_empty() {
        asked = deliver(app, asked);
    }
}

#[test]
fn a_new_range_while_narrowing_keeps_the_person_refuses_exports_and_hides_old_figures() {
    use crossterm::event::KeyCode;
    let mut kept = Vec::new();
    for limit in [usize::MAX, 0] {
        let (mut app, org) = with_teams((200, 60));
        app.narrow_from(limit);
        let fx = ch(&mut app, 't');
        let asked = fetch_all(&mut app, &org, fx);
        settle(&mut app, asked);
        for _ in 0..3 {
            super::tests::key(&mut app, KeyCode::Down);
        }
        let who = app.selected_user();
        let fx = super::tests::key(&mut app, KeyCode::Enter);
        let asked = fetch_all(&mut app, &org, fx);
        settle(&mut app, asked);
        let fx = ch(&mut app, '3');
        let asked = fetch_all(&mut app, &org, fx);
        if limit == 0 {
            assert!(app.narrowing());
            let refused = app.export_job().err().unwrap_or_default();
            assert!(refused.contains("still being narrowed"), "{refused}");
            assert!(app.report_job().is_err());
        }
        settle(&mut app, asked);
        assert!(app.export_job().is_ok());
        assert_eq!(app.detail, who, "the detail's person");
        kept.push((who, app.selected_user()));
    }
    assert_eq!(kept[0].1, kept[0].0, "in update: the person stays selected");
    assert_eq!(kept[1], kept[0], "off the UI thread: the same");
}

#[test]
fn a_team_at_launch_says_narrowing_not_zeros() {
    use ratatui::{Terminal, backend::TestBackend};
    let org = super::tests::org();
    let q = super::tests::last_30_days();
    let mut app = super::tests_prepared::app(&q, SourceKind::Api);
    app.set_teams(super::tests_teams::teams(), Some(0));
    app.narrow_from(0);
    let fx = app.start();
    let asked = fetch_all(&mut app, &org, fx);
    assert!(app.narrowing());
    let mut t = Terminal::new(TestBackend::new(160, 50)).unwrap();
    t.draw(|f| f.render_widget(&app, f.area())).unwrap();
    let screen = format!("{}", t.backend());
    assert!(screen.contains("narrowing to first…"), "{screen}");
    assert!(!screen.contains("Prompts 0"), "{screen}");
    settle(&mut app, asked);
    assert!(app.view().kpis.total > 0);
}

#[test]
fn a_failed_narrowing_is_made_in_update_not_waited_for() {
    let (mut here, _) = with_teams((200, 60));
    let (mut off, _) = with_teams((200, 60));
    off.narrow_from(0);
    ch(&mut here, 't');
    let asked = jobs(ch(&mut off, 't'));
    for mut j in asked {
        // Teams for another answer: the narrowing panics on the blocking thread.
        j.assigned = Some(std::sync::Arc::new(Vec::new()));
        let n = j.run_caught();
        assert!(n.usage.is_none());
        assert!(jobs(off.update(Msg::Narrowed(Box::new(n)))).is_empty());
    }
    assert!(!off.narrowing(), "not stuck waiting");
    same_view(&here, &off, "narrowed in update");
}

#[test]
fn narrowings_do_not_keep_old_answers_alive() {
    use crate::api::Origin;
    let (mut off, org) = with_teams((200, 60));
    off.narrow_from(0);
    let asked = jobs(ch(&mut off, 't'));
    settle(&mut off, asked);
    let mut olds = vec![off.usage().cloned(), off.previous().cloned()];
    olds.extend(Origin::ALL.map(|o| off.origin_usage(o).cloned()));
    let olds: Vec<_> = olds
        .into_iter()
        .flatten()
        .map(|u| std::sync::Arc::downgrade(&u))
        .collect();
    assert_eq!(olds.len(), 5);
    let fx = ch(&mut off, 'r');
    let asked = fetch_all(&mut off, &org, fx);
    settle(&mut off, asked);
    let alive = olds.iter().filter(|w| w.strong_count() > 0).count();
    // The view's cache may keep answers; the narrowings alone must not.
    off.cache = ViewCache::default();
    let pinned = olds.iter().filter(|w| w.strong_count() > 0).count();
    assert_eq!(pinned, 0, "{alive} alive before the cache was cleared");
}
