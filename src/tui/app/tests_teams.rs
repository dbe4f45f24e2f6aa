//! The dashboard's teams, driven through `update` on the demo organization: the team
//! filter narrows every figure on the client (no fetch), the per-team block's figures and
//! the team column, each against a fold of the demo's raw rows with this file's own
//! matcher (a prefix and a substring, no glob code).

use std::collections::{BTreeMap, HashSet};

use crossterm::event::KeyCode;

use super::tests::{ch, key, loaded, main_fetch, today};
use super::*;
use crate::demo::{Org, RowFilter};
use crate::teams::Teams;

const TEAMS: &str = r#"
first = ["a*", "b*"]
second = ["*.T*"]
third = ["M*@ACME.EXAMPLE"]
"#;
pub(super) const NAMES: [&str; 4] = ["first", "second", "third", "(no team)"];

/// This file's own rule for the teams above (demo emails are `first.last{n}@acme.example`).
pub(super) fn team_of(email: &str) -> &'static str {
    let e = email.to_lowercase();
    if e.starts_with('a') || e.starts_with('b') {
        "first"
    } else if e.contains(".t") {
        "second"
    } else if e.starts_with('m') && e.ends_with("@acme.example") {
        "third"
    } else {
        "(no team)"
    }
}

pub(super) fn teams() -> Teams {
    Teams::from_table(&TEAMS.parse().unwrap()).unwrap()
}

/// (prompts, distinct active people, prompts per day) of each team over `r`, from rows.
fn fold(org: &Org, r: crate::dates::DateRange) -> BTreeMap<&'static str, (u64, usize, Vec<u64>)> {
    let mut out: BTreeMap<&str, (u64, HashSet<String>, Vec<u64>)> = BTreeMap::new();
    for name in NAMES {
        out.insert(name, (0, HashSet::new(), vec![0; r.len_days()]));
    }
    for row in org.rows(&RowFilter {
        start: r.start(),
        end: r.end(),
        product_ids: &[],
        search: None,
        origin: None,
    }) {
        let t = out.get_mut(team_of(&row.user_email)).unwrap();
        t.0 += row.prompt_count;
        if row.prompt_count > 0 {
            t.1.insert(row.user_email.clone());
        }
        t.2[(row.date - r.start()).num_days() as usize] += row.prompt_count;
    }
    out.into_iter()
        .map(|(k, (p, people, d))| (k, (p, people.len(), d)))
        .collect()
}

pub(super) fn with_teams(size: (u16, u16)) -> (App, Org) {
    let (mut app, org) = loaded(size);
    app.set_teams(teams(), None);
    (app, org)
}

#[test]
fn the_team_filter_narrows_every_figure_on_the_client() {
    let (mut app, org) = with_teams((200, 60));
    let whole = app.view().kpis.total;
    let want = fold(&org, app.query().range);
    assert!(
        want.values().all(|t| t.1 > 0),
        "every team has people: {want:?}"
    );
    for name in NAMES {
        let fx = ch(&mut app, 't');
        assert!(
            main_fetch(&fx).is_none(),
            "{name}: no fetch, the client narrows"
        );
        assert_eq!(app.teams().filter_label(), name);
        let (prompts, active, _) = &want[name];
        let k = &app.view().kpis;
        assert_eq!((k.total, k.active_users), (*prompts, *active), "{name}");
        let products: u64 = app.view().products.iter().map(|p| p.total).sum();
        assert_eq!(products, *prompts, "{name}: the products are the team's");
        assert!(!app.view().visible.is_empty());
        for line in &app.view().visible {
            assert_eq!(line.team, name, "{}", line.email);
            assert_eq!(team_of(&line.email), name);
        }
    }
    ch(&mut app, 't');
    assert_eq!(app.teams().filter(), None, "t comes back to everyone");
    assert_eq!(app.view().kpis.total, whole);
    // h on the filter pane's team row goes the other way: to the people in no team.
    while app.focus() != Focus::Filters {
        key(&mut app, KeyCode::Tab);
    }
    for _ in 0..4 {
        key(&mut app, KeyCode::Char('j'));
    }
    assert_eq!(app.filter_row(), 4, "the team row is the fifth");
    key(&mut app, KeyCode::Char('h'));
    assert_eq!(app.teams().filter_label(), "(no team)");
}

#[test]
fn the_team_block_equals_the_raw_rows_whatever_the_filter() {
    let (mut app, org) = with_teams((200, 60));
    ch(&mut app, 't');
    let want = fold(&org, app.query().range);
    let block = app.teams().block().expect("a block with [teams]");
    let names: Vec<&str> = block.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, NAMES, "file order, no team last");
    for l in block {
        let (prompts, active, daily) = &want[l.name.as_str()];
        assert_eq!(
            (l.prompts, l.users as usize),
            (*prompts, *active),
            "{}",
            l.name
        );
        // Each column sums whole days, so the sparkline holds every prompt once.
        assert!(l.series.len() < daily.len());
        assert_eq!(l.series.iter().sum::<u64>(), *prompts, "{}", l.name);
    }
    // The same figures from the library's own block function, on the raw answer.
    let u = super::tests::answer_for(&org, app.query());
    let t = teams();
    let assigned = t.assign_all(u.users().iter().map(|p| p.email.as_str()));
    let again = block_lines(&u, (&t, &assigned), block[0].series.len());
    assert_eq!(again, block);
}

#[test]
fn without_teams_there_is_no_column_row_block_or_filter() {
    let (mut app, _) = loaded((200, 60));
    assert!(!app.teams().configured());
    assert!(app.teams().block().is_none());
    assert_eq!(app.filter_rows(), 4);
    let before = app.view().kpis.total;
    ch(&mut app, 't');
    assert_eq!(app.teams().filter(), None);
    assert_eq!(app.view().kpis.total, before);
    assert!(app.view().visible.iter().all(|l| l.team.is_empty()));
    let team_col = super::super::columns::USERS
        .iter()
        .position(|c| c.column == Column::Team)
        .unwrap();
    assert!(super::super::columns::users_for(200, false)[team_col].is_none());
    assert!(super::super::columns::users_for(200, true)[team_col].is_some());
    assert!(
        super::super::columns::users_for(100, true)[team_col].is_none(),
        "the team column is the first to go"
    );
}

#[test]
fn a_first_team_from_the_command_line_is_shown_at_once() {
    let (mut app, org) = loaded((120, 40));
    app.set_teams(teams(), Some(2));
    assert_eq!(app.teams().filter_label(), "third");
    let want = fold(&org, app.query().range);
    assert_eq!(app.view().kpis.total, want["third"].0);
    assert_eq!(app.query().range.end(), today());
}

#[test]
fn y_e_and_capital_e_hand_out_the_team_shown() {
    let (mut app, org) = with_teams((200, 60));
    ch(&mut app, 't');
    ch(&mut app, 't');
    assert_eq!(app.teams().filter_label(), "second");
    let want = fold(&org, app.query().range);
    assert!(app.export_command().contains("--team second"));
    let job = app.export_job().unwrap();
    assert!(!job.order.is_empty());
    for &i in &job.order {
        assert_eq!(team_of(&job.usage.users()[i as usize].email), "second");
    }
    let report = app.report_job().unwrap();
    assert_eq!(report.current.total(), want["second"].0);
    assert_eq!(report.teams, ["second"]);
    // Both files name the team: the whole organization's were named the same.
    assert!(report.name.ends_with("-second"), "{}", report.name);
    assert_eq!(job.name, report.name);
    assert!(
        report
            .previous
            .users()
            .iter()
            .all(|u| team_of(&u.email) == "second")
    );
}

/// The `e` file's lines, header first, split at commas (the demo's emails and team names
/// hold none, so no quoting to undo).
pub(super) fn e_file(job: &crate::tui::export::ExportJob) -> Vec<Vec<String>> {
    let dir = tempfile::tempdir().unwrap();
    let path = crate::tui::export::write_view(job, dir.path(), chrono::Utc::now()).unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

#[test]
fn e_writes_each_persons_team_by_the_team_rule() {
    let (app, _) = with_teams((200, 60));
    let job = app.export_job().unwrap();
    assert!(
        job.compared.is_some(),
        "the view compares: change columns too"
    );
    let lines = e_file(&job);
    let (header, rows) = lines.split_first().unwrap();
    assert_eq!(header.last().map(String::as_str), Some("team"));
    assert_eq!(header[header.len() - 2], "status", "team comes last");
    let (email, team) = (1, header.len() - 1);
    assert_eq!(rows.len(), job.compared.as_ref().unwrap().1.len());
    let mut seen = HashSet::new();
    for r in rows {
        assert_eq!(r.len(), header.len(), "{r:?}");
        assert_eq!(r[team], team_of(&r[email]), "{}", r[email]);
        seen.insert(r[team].clone());
    }
    assert_eq!(seen.len(), NAMES.len(), "every team, and no team, appears");
    // Without a previous period the plain user columns get the same last column.
    let mut plain = job.clone();
    plain.compared = None;
    let names: Vec<&str> = plain
        .order
        .iter()
        .map(|&i| plain.usage.users()[i as usize].email.as_str())
        .collect();
    plain.teams = app.teams().names_of(names.iter().copied());
    let lines = e_file(&plain);
    assert_eq!(lines[0].last().map(String::as_str), Some("team"));
    assert_eq!(lines[0][..3], ["user_id", "user_email", "prompt_count"]);
    for r in &lines[1..] {
        assert_eq!(r.last().unwrap(), team_of(&r[email]));
    }
}

#[test]
fn without_teams_e_writes_no_team_column() {
    let (app, _) = loaded((200, 60));
    let job = app.export_job().unwrap();
    assert_eq!(job.teams, None);
    let lines = e_file(&job);
    assert!(!lines[0].iter().any(|h| h == "team"), "{:?}", lines[0]);
    assert_eq!(lines[0].last().map(String::as_str), Some("status"));
}

#[test]
fn a_large_answer_s_teams_made_off_the_ui_thread_are_update_s_own() {
    use super::tests_prepared::{app, flow, same_view};
    let org = super::tests::org();
    let q = super::tests::last_30_days();
    let answer = |q: &UsageQuery| super::tests::answer_for(&org, q);
    let mut here = app(&q, SourceKind::Api);
    let mut off = app(&q, SourceKind::Api);
    for (a, limit) in [(&mut here, usize::MAX), (&mut off, 0)] {
        a.set_teams(teams(), None);
        a.prepare_from(limit);
    }
    flow(&mut here, &answer, (false, false));
    flow(&mut off, &answer, (true, false));
    assert!(off.teams().block().is_some());
    assert_eq!(here.teams().block(), off.teams().block(), "the block");
    for name in NAMES.iter().chain(["all"].iter()) {
        ch(&mut here, 't');
        ch(&mut off, 't');
        assert_eq!(off.teams().filter_label(), *name);
        same_view(&here, &off, name);
    }
}

/// At the minimum width the filter strip keeps the team's value: with three spaces
/// between the filters it ended at "Team:".
#[test]
fn the_narrow_filter_strip_keeps_the_teams_value() {
    let (app, _) = with_teams((60, 16));
    let rows = super::tests::screen_rows(&app);
    let strip = rows
        .iter()
        .find(|r| r.starts_with("Range:"))
        .expect("the strip");
    let team = app.filter_cells().last().unwrap().1.clone();
    assert!(
        strip.trim_end().ends_with(&format!("Team: {team}")),
        "{strip:?}"
    );
}
