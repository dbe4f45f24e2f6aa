//! `update` driven key by key on the demo organization, with fetches answered by hand, so
//! each test can say exactly which request a key causes and what the screen state becomes.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::keymap::Mode;
use super::*;
use crate::api::{Origin, UsageQuery};
use crate::dates::{DateRange, Preset};
use crate::demo::{Org, OrgSpec, RowFilter};
use crate::model::{Ingest, RangeSpec, Usage};

/// The demo's last 30 days, as the dashboard opens on them.
pub fn last_30_days() -> UsageQuery {
    UsageQuery::new(crate::dates::DateRange::last_days(today(), 30))
}

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

pub fn wall() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-25T12:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

/// What the demo organization answers for `q`. Remembered per thread: an organization is
/// made from its spec alone and never changed, and the key tests answer the same few
/// queries hundreds of times. Each answer is a new `Arc`, as from the server: the tests
/// that count the answers still alive must not see the memo's.
pub fn answer_for(org: &Org, q: &UsageQuery) -> Arc<Usage> {
    type Answers = std::collections::HashMap<(String, UsageQuery), Usage>;
    thread_local!(static ANSWERS: std::cell::RefCell<Answers> = Default::default());
    let k = (format!("{:?}", org.spec), q.clone());
    if let Some(u) = ANSWERS.with(|a| a.borrow().get(&k).cloned()) {
        return Arc::new(u);
    }
    let u = answer_uncached(org, q);
    ANSWERS.with(|a| a.borrow_mut().insert(k, u.clone()));
    Arc::new(u)
}

fn answer_uncached(org: &Org, q: &UsageQuery) -> Usage {
    let rows = org.rows(&RowFilter {
        start: q.range.start(),
        end: q.range.end(),
        product_ids: &q.product_ids,
        search: q.search.as_deref(),
        origin: q.origin,
    });
    let body = serde_json::to_vec(&rows).unwrap();
    let mut i = Ingest::new(RangeSpec::Fixed(q.range));
    i.feed(&body).unwrap();
    i.finish().unwrap()
}

pub fn org() -> Org {
    Org::new(OrgSpec {
        seed: 42,
        users: 60,
        days: 400,
        today: today(),
    })
}

/// An app at `size` with its first fetches answered.
pub fn loaded(size: (u16, u16)) -> (App, Org) {
    let org = org();
    let q = UsageQuery::new(Preset::Last30.range(today()).unwrap());
    let mut app = App::new(
        q,
        today(),
        "demo organization".into(),
        SourceKind::Api,
        vec!["clarityq-usage".into(), "--demo".into()],
        wall(),
    );
    app.update(Msg::Resize(size.0, size.1));
    let fx = app.start();
    answer(&mut app, &org, fx);
    (app, org)
}

/// Answers every fetch among `fx` as the server would.
pub fn answer(app: &mut App, org: &Org, fx: Vec<Effect>) {
    answer_as(app, org, fx, |_, _, u| u);
}

/// Answers every fetch among `fx` with what `change` makes of the server's answer, given
/// its slot and query (an answer the server would not give).
pub fn answer_as(
    app: &mut App,
    org: &Org,
    fx: Vec<Effect>,
    change: impl Fn(Slot, &UsageQuery, Arc<Usage>) -> Arc<Usage>,
) {
    for e in fx {
        if let Effect::Fetch {
            slot,
            generation,
            query,
            ..
        } = e
        {
            let result = Ok(change(slot, &query, answer_for(org, &query)));
            app.update(Msg::Fetched {
                slot,
                generation,
                query,
                result,
                wall: wall(),
            });
        }
    }
}

pub fn key(app: &mut App, code: KeyCode) -> Vec<Effect> {
    app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

pub fn ch(app: &mut App, c: char) -> Vec<Effect> {
    let m = if c.is_ascii_uppercase() {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    };
    app.update(Msg::Key(KeyEvent::new(KeyCode::Char(c), m)))
}

pub fn ctrl(app: &mut App, c: char) -> Vec<Effect> {
    app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::CONTROL,
    )))
}

/// In an open text field: clears it, types `text` and presses Enter.
pub fn type_in(app: &mut App, text: &str) -> Vec<Effect> {
    ctrl(app, 'u');
    for c in text.chars() {
        ch(app, c);
    }
    key(app, KeyCode::Enter)
}

/// The main view's fetch among `fx`, with its generation (to answer it late or twice).
pub fn main_fetch_owned(fx: Vec<Effect>) -> (u64, UsageQuery) {
    fx.into_iter()
        .find_map(|e| match e {
            Effect::Fetch {
                slot: Slot::Main,
                generation,
                query,
                ..
            } => Some((generation, query)),
            _ => None,
        })
        .expect("a fetch of the main view")
}

/// Answers the main view's fetch among `fx` with `err`, as the fetch task would.
pub fn fail_main(app: &mut App, fx: Vec<Effect>, err: crate::api::ApiError) -> Vec<Effect> {
    let (generation, query) = main_fetch_owned(fx);
    let wall = app.wall();
    app.update(Msg::Fetched {
        slot: Slot::Main,
        generation,
        query,
        result: Err(err),
        wall,
    })
}

pub fn main_fetch(fx: &[Effect]) -> Option<&UsageQuery> {
    fx.iter().find_map(|e| match e {
        Effect::Fetch {
            slot: Slot::Main,
            query,
            ..
        } => Some(query),
        _ => None,
    })
}

#[test]
fn start_fetches_the_view_and_the_previous_period() {
    let (app, _) = loaded((120, 40));
    assert!(app.usage().is_some());
    assert!(!app.is_loading());
    assert!(app.previous().is_some());
    assert!(app.view.kpis.change.is_some());
    assert!(app.view.kpis.total > 0);
    assert_eq!(app.picker.known().len(), 5);
}

#[test]
fn o_and_shift_o_cycle_the_origin_and_fetch() {
    let (mut app, org) = loaded((120, 40));
    // The Origins block fetched every origin with the view: o shows APP from memory.
    let fx = ch(&mut app, 'o');
    assert!(main_fetch(&fx).is_none(), "{fx:?}");
    assert_eq!(app.shown.as_ref().unwrap().origin, Some(Origin::App));
    // Another range on APP: its other origins are not in memory.
    let fx = ch(&mut app, '3');
    answer(&mut app, &org, fx);
    let g = app.fetch.generation();
    let fx = ch(&mut app, 'o');
    assert_eq!(main_fetch(&fx).unwrap().origin, Some(Origin::Slack));
    assert!(app.fetch.generation() > g);
    assert!(
        app.is_loading(),
        "the last data stays while the new view loads"
    );
    assert!(app.usage().is_some());
    answer(&mut app, &org, fx);
    assert_eq!(app.shown.as_ref().unwrap().origin, Some(Origin::Slack));
    let fx = ch(&mut app, 'O');
    assert_eq!(app.query.origin, Some(Origin::App));
    assert!(
        main_fetch(&fx).is_none(),
        "APP was fetched before: shown from the cache"
    );
    assert!(!app.is_loading());
}

#[test]
fn number_keys_pick_presets() {
    let (mut app, _) = loaded((120, 40));
    for (k, p) in ['1', '2', '3', '4', '5', '6'].iter().zip(Preset::ALL) {
        let fx = ch(&mut app, *k);
        assert_eq!(app.query.range, p.range(today()).unwrap());
        assert_eq!(app.preset, p);
        if *k != '2' {
            assert!(main_fetch(&fx).is_some(), "{k}");
        }
    }
}

#[test]
fn brackets_page_by_period() {
    let (mut app, _) = loaded((120, 40));
    let r = app.query.range;
    let fx = ch(&mut app, '[');
    assert_eq!(app.query.range, r.shifted(-1));
    assert!(
        main_fetch(&fx).is_none(),
        "the previous period was fetched for the KPIs: shown at once"
    );
    assert_eq!(app.shown.as_ref().unwrap().range, r.shifted(-1));
    assert_eq!(app.preset, Preset::Custom);
    let fx = ch(&mut app, '[');
    assert_eq!(main_fetch(&fx).unwrap().range, r.shifted(-2));
    ch(&mut app, ']');
    ch(&mut app, ']');
    assert_eq!(app.query.range, r);
    let fx = ch(&mut app, ']');
    assert!(fx.is_empty(), "no period in the future");
    assert!(app.status.as_ref().unwrap().text.contains("future"));
}

#[test]
fn d_takes_a_typed_range_and_refuses_bad_ones() {
    let (mut app, _) = loaded((120, 40));
    ch(&mut app, 'd');
    assert!(app.search.input().is_some());
    assert!(type_in(&mut app, "2026-11-05 2026-11-01").is_empty());
    assert!(
        app.search
            .input()
            .as_ref()
            .unwrap()
            .error
            .as_ref()
            .unwrap()
            .contains("reversed")
    );
    type_in(&mut app, "2026-11-01 2026-13-07");
    assert!(
        app.search
            .input()
            .as_ref()
            .unwrap()
            .error
            .as_ref()
            .unwrap()
            .contains("not a date")
    );
    let fx = type_in(&mut app, "2026-11-01 2026-11-07");
    assert!(app.search.input().is_none());
    let want = DateRange::new(
        NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
        NaiveDate::from_ymd_opt(2026, 11, 7).unwrap(),
    )
    .unwrap();
    assert_eq!(main_fetch(&fx).unwrap().range, want);
}

#[test]
fn slash_search_is_debounced_and_esc_restores() {
    let (mut app, _) = loaded((120, 40));
    let t0 = super::testing::t0();
    app.update(Msg::Tick {
        now: t0,
        wall: wall(),
    });
    ch(&mut app, '/');
    for c in "ada".chars() {
        assert!(ch(&mut app, c).is_empty(), "no request per keystroke");
    }
    assert!(
        app.update(Msg::Tick {
            now: t0 + Duration::from_millis(100),
            wall: wall()
        })
        .is_empty()
    );
    let fx = app.update(Msg::Tick {
        now: t0 + Duration::from_millis(400),
        wall: wall(),
    });
    assert_eq!(main_fetch(&fx).unwrap().search.as_deref(), Some("ada"));
    // j and k are text while typing.
    ch(&mut app, 'j');
    assert_eq!(app.search.input().unwrap().text, "adaj");
    let fx = key(&mut app, KeyCode::Esc);
    assert!(app.search.input().is_none());
    assert_eq!(
        app.query.search, None,
        "Esc restores the search before typing"
    );
    assert!(main_fetch(&fx).is_none(), "the unfiltered view is cached");
}

#[test]
fn unticking_the_last_product_leaves_none_and_enter_asks_for_one() {
    let (mut app, _) = loaded((120, 40));
    ch(&mut app, 'p');
    ch(&mut app, ' ');
    let n = app.picker.chosen().len();
    for _ in 0..n {
        ch(&mut app, 'j');
        ch(&mut app, ' ');
    }
    assert!(app.picker.chosen().is_empty());
    assert!(!app.picker.is_all(), "nothing ticked is not all ticked");
    let first = app.picker.known()[0].0;
    assert!(!app.picker.is_on(&first));
    let fx = key(&mut app, KeyCode::Enter);
    assert_eq!(app.mode, Mode::Picker, "the picker stays open");
    assert!(main_fetch(&fx).is_none(), "no fetch for an empty choice");
    let status = app.status().expect("a line says why");
    assert!(status.error && status.text.contains("no product ticked"));
    // A key that does something in the picker leaves the complaint there; closing the
    // picker takes it away (it stayed on the main screen until the next answer).
    ch(&mut app, 'j');
    assert!(
        app.status()
            .is_some_and(|s| s.text.contains("no product ticked"))
    );
    // Ticking one makes it untrue: it goes.
    ch(&mut app, ' ');
    assert!(app.status().is_none(), "{:?}", app.status());
    ch(&mut app, ' ');
    key(&mut app, KeyCode::Enter);
    assert!(
        app.status()
            .is_some_and(|s| s.text.contains("no product ticked"))
    );
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.mode, Mode::Main);
    assert!(app.status().is_none(), "{:?}", app.status());
}

#[test]
fn p_picks_products() {
    let (mut app, _) = loaded((120, 40));
    ch(&mut app, 'p');
    assert_eq!(app.mode, Mode::Picker);
    ch(&mut app, ' ');
    assert_eq!(app.picker.chosen().len(), 4, "all but the first");
    ch(&mut app, 'j');
    ch(&mut app, ' ');
    assert_eq!(app.picker.chosen().len(), 3);
    ch(&mut app, 'a');
    assert!(app.picker.chosen().is_empty(), "a: all products again");
    assert!(app.picker.is_all());
    ch(&mut app, ' ');
    let fx = key(&mut app, KeyCode::Enter);
    assert_eq!(app.mode, Mode::Main);
    assert_eq!(main_fetch(&fx).unwrap().product_ids.len(), 4);
}

#[test]
fn tab_moves_focus_both_ways() {
    let (mut app, _) = loaded((120, 40));
    assert_eq!(app.focus, Focus::Users);
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.focus, Focus::Filters);
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.focus, Focus::Chart);
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.focus, Focus::Products);
    // The products have no cursor: j leaves the table's selection, unseen here, alone.
    ch(&mut app, 'j');
    assert_eq!(app.table.selected(), 0);
    for _ in 0..2 {
        app.update(Msg::Key(KeyEvent::new(
            KeyCode::BackTab,
            KeyModifiers::SHIFT,
        )));
    }
    assert_eq!(app.focus, Focus::Filters);
    // On the filter pane, l changes the focused filter (here the range preset).
    let fx = ch(&mut app, 'l');
    assert_eq!(app.preset, Preset::Last90);
    assert!(main_fetch(&fx).is_some());
}

#[test]
fn movement_keys() {
    let (mut app, _) = loaded((120, 40));
    let n = app.view.order.len();
    assert!(n > 20);
    ch(&mut app, 'j');
    key(&mut app, KeyCode::Down);
    assert_eq!(app.table.selected(), 2);
    ch(&mut app, 'k');
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::Up);
    assert_eq!(app.table.selected(), 0, "clamped at the top");
    key(&mut app, KeyCode::PageDown);
    assert_eq!(app.table.selected(), app.table_rows());
    key(&mut app, KeyCode::PageUp);
    assert_eq!(app.table.selected(), 0);
    ch(&mut app, 'G');
    assert_eq!(app.table.selected(), n - 1);
    assert!(app.table.offset() > 0, "the window follows the selection");
    assert_eq!(
        app.view.visible.len(),
        app.table_rows().min(n - app.table.offset())
    );
    ch(&mut app, 'g');
    assert_eq!((app.table.selected(), app.table.offset()), (0, 0));
}

#[test]
fn s_and_shift_s_sort() {
    let (mut app, _) = loaded((120, 40));
    let totals = |a: &App| a.view.visible.iter().map(|u| u.total).collect::<Vec<_>>();
    let t = totals(&app);
    assert!(t.windows(2).all(|w| w[0] >= w[1]), "by total, most first");
    ch(&mut app, 'S');
    let t = totals(&app);
    assert!(t.windows(2).all(|w| w[0] <= w[1]), "reversed");
    ch(&mut app, 's');
    // Share is the order of Total: `s` skips it.
    assert_eq!(app.table.sort().0, Column::ActiveDays);
    // Last, prev, change, change %, status, then back to the email.
    for _ in 0..6 {
        ch(&mut app, 's');
    }
    assert_eq!(app.table.sort(), (Column::Email, false));
    let e: Vec<String> = app
        .view
        .visible
        .iter()
        .map(|u| u.email.to_lowercase())
        .collect();
    assert!(e.windows(2).all(|w| w[0] <= w[1]), "A to Z");
}

#[test]
fn enter_opens_the_detail_and_fetches_each_origin() {
    let (mut app, org) = loaded((120, 40));
    let who = app.selected_user().unwrap();
    let fx = key(&mut app, KeyCode::Enter);
    assert_eq!(app.mode, Mode::Detail);
    let origins: Vec<_> = fx
        .iter()
        .filter_map(|e| {
            if let Effect::Fetch {
                slot: Slot::Origin(o),
                ..
            } = e
            {
                Some(*o)
            } else {
                None
            }
        })
        .collect();
    assert!(
        origins.is_empty(),
        "the Origins block fetched each origin with the view: {origins:?}"
    );
    answer(&mut app, &org, fx);
    let d = app.view.detail.as_ref().unwrap();
    assert_eq!(app.detail, Some(who));
    let by_origin: u64 = d
        .by_origin
        .iter()
        .map(|(_, l)| l.as_ref().unwrap().total)
        .sum();
    assert_eq!(
        by_origin, d.total,
        "the origins add up to the person's total"
    );
    let by_product: u64 = d.by_product.iter().map(|l| l.total).sum();
    assert_eq!(by_product, d.total);
    // Under an origin filter, that origin's line only, which is the person's total
    // (the three lines summed to the whole organization's view's, not this one's).
    let fx = ch(&mut app, 'o');
    answer(&mut app, &org, fx);
    let d = app.view.detail.as_ref().unwrap();
    let only: Vec<_> = d.by_origin.iter().map(|(o, _)| *o).collect();
    assert_eq!(only, vec![app.query().origin.unwrap()]);
    let line = d.by_origin[0].1.as_ref().unwrap();
    assert_eq!(line.total, d.total);
    let fx = ch(&mut app, 'O');
    answer(&mut app, &org, fx);
    ch(&mut app, 'j');
    assert_ne!(app.detail, Some(who), "j moves to the next person");
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.mode, Mode::Main);
    assert!(app.view.detail.is_none());
}

#[test]
fn e_exports_and_y_copies_a_command_without_the_key() {
    let (mut app, org) = loaded((120, 40));
    let fx = ch(&mut app, 'o');
    answer(&mut app, &org, fx);
    ch(&mut app, 's'); // by active days: the file follows the screen's order
    let fx = ch(&mut app, 'e');
    let [Effect::Export(job)] = fx.as_slice() else {
        panic!("{fx:?}")
    };
    let current: Vec<u32> = app
        .view
        .order
        .iter()
        .filter_map(|&r| app.view.people.rows[r as usize].current)
        .collect();
    assert_eq!(
        job.order, current,
        "this period's people, in the screen's order"
    );
    assert_eq!(job.name, "2026-10-27-2026-11-25-app");
    let fx = ch(&mut app, 'y');
    let Some(Effect::Copy(cmd)) = fx.first() else {
        panic!("{fx:?}")
    };
    assert_eq!(
        cmd,
        "clarityq-usage --demo export --group-by user --from 2026-10-27 --to 2026-11-25 --origin APP --compare"
    );
    app.query.search = Some("o'neil & co".into());
    assert!(
        app.export_command()
            .ends_with("--search 'o'\\''neil & co' --compare")
    );
    // In a person's detail: their rows, by their email (it copied the whole table's).
    app.query.search = None;
    key(&mut app, KeyCode::Enter);
    let email = detail_email(&app);
    let cmd = app.export_command();
    assert!(
        cmd.contains("export --group-by row --from 2026-10-27"),
        "{cmd}"
    );
    assert!(
        cmd.ends_with(&format!("--origin APP --search {email}")),
        "{cmd}"
    );
    // With emails masked, the note masks the person's (the clipboard holds it whole).
    ch(&mut app, 'm');
    let fx = ch(&mut app, 'y');
    assert!(matches!(fx.first(), Some(Effect::Copy(c)) if c.contains(&email)));
    let note = &app.status().expect("a note").text;
    assert!(
        note.starts_with("copied: the command for ") && !note.contains(&email),
        "{note}"
    );
    // A saved file has no command for one person: e writes their rows.
    app.source = SourceKind::Fixed;
    let fx = ch(&mut app, 'y');
    assert!(fx.is_empty(), "{fx:?}");
    assert!(
        app.status()
            .expect("why")
            .text
            .contains("e writes their rows")
    );
}

/// The screen drawn at the app's size, cells with their styles.
pub fn screen(app: &App) -> ratatui::buffer::Buffer {
    let (w, h) = app.size();
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
    t.draw(|f| f.render_widget(app, f.area())).unwrap();
    t.backend().buffer().clone()
}

/// The screen drawn at the app's size, a string a row.
pub fn screen_rows(app: &App) -> Vec<String> {
    let (w, h) = app.size();
    let buf = screen(app);
    (0..h)
        .map(|y| (0..w).map(|x| buf[(x, y)].symbol()).collect())
        .collect()
}

/// The email of the person whose detail is open.
pub fn detail_email(app: &App) -> String {
    let detail = app.view().detail.as_ref().expect("the detail");
    detail.email.clone()
}

#[test]
fn m_masks_emails() {
    let (mut app, org) = loaded((120, 40));
    assert!(!app.mask);
    ch(&mut app, 'm');
    assert!(app.mask);
    ch(&mut app, 'm');
    assert!(!app.mask);
    // A note that names a person in clear is masked on screen once `m` is pressed.
    let fx = key(&mut app, KeyCode::Enter);
    answer(&mut app, &org, fx);
    let email = detail_email(&app);
    ch(&mut app, 'y');
    let shown = |app: &App| app.status_message().map(|(t, _)| t.into_owned());
    assert!(shown(&app).is_some_and(|t| t.contains(&email)));
    ch(&mut app, 'm');
    let note = shown(&app).expect("still the note");
    assert!(
        note.starts_with("copied: ") && !note.contains(&email),
        "{note}"
    );
    assert!(note.contains(&crate::mask::mask_email(&email)), "{note}");
    // The search field opens on the search applied: masked too, as typed words are not.
    key(&mut app, KeyCode::Esc);
    ch(&mut app, '/');
    type_in(&mut app, &email);
    key(&mut app, KeyCode::Enter);
    ch(&mut app, '/');
    let rows = screen_rows(&app).join("\n");
    assert!(!rows.contains(&email), "{rows}");
    assert!(rows.contains(&crate::mask::mask_email(&email)), "{rows}");
    let (mut fresh, _) = loaded((120, 40));
    ch(&mut fresh, 'm');
    ch(&mut fresh, '/');
    for c in "olu.h".chars() {
        ch(&mut fresh, c);
    }
    let rows = screen_rows(&fresh).join("\n");
    assert!(
        rows.contains("Search email or name (Enter, Esc): olu.h"),
        "{rows}"
    );
}

#[test]
fn shift_r_refreshes_past_the_disk_cache() {
    let (mut app, _) = loaded((120, 40));
    let fx = ch(&mut app, 'R');
    assert!(fx.iter().any(|e| matches!(
        e,
        Effect::Fetch {
            slot: Slot::Main,
            bypass_cache: true,
            ..
        }
    )));
    let fx = ch(&mut app, 'r');
    assert!(
        fx.iter().all(|e| !matches!(
            e,
            Effect::Fetch {
                bypass_cache: true,
                ..
            }
        )),
        "only once"
    );
}

#[test]
fn chunk_progress_shows_for_the_current_view() {
    let (mut app, _) = loaded((120, 40));
    let fx = ch(&mut app, 'r');
    let Some(Effect::Fetch { generation, .. }) = fx.first() else {
        panic!()
    };
    app.update(Msg::Progress {
        slot: Slot::Main,
        generation: *generation,
        done: 3,
        total: 12,
    });
    assert_eq!(app.fetch.progress(), Some((3, 12)));
    app.update(Msg::Progress {
        slot: Slot::Main,
        generation: generation - 1,
        done: 9,
        total: 12,
    });
    assert_eq!(
        app.fetch.progress(),
        Some((3, 12)),
        "an old fetch's progress is ignored"
    );
}

#[test]
fn r_refreshes_even_when_cached() {
    let (mut app, _) = loaded((120, 40));
    let fx = ch(&mut app, 'r');
    assert!(main_fetch(&fx).is_some());
    assert!(fx.iter().any(|e| matches!(
        e,
        Effect::Fetch {
            slot: Slot::Previous,
            ..
        }
    )));
}

#[test]
fn help_opens_and_any_key_closes() {
    let (mut app, _) = loaded((120, 40));
    ch(&mut app, '?');
    assert_eq!(app.mode, Mode::Help);
    assert!(ch(&mut app, 'x').is_empty());
    assert_eq!(app.mode, Mode::Main);
}

#[test]
fn quit_keys_and_suspend() {
    for k in [
        KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE),
        KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL),
    ] {
        let (mut app, _) = loaded((120, 40));
        assert_eq!(app.update(Msg::Key(k)), vec![Effect::Quit]);
        assert!(app.quit);
    }
    let (mut app, _) = loaded((120, 40));
    assert_eq!(ctrl(&mut app, 'z'), vec![Effect::Suspend]);
    assert!(!app.quit);
}
