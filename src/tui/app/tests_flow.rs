//! `update` over fetch results: late answers, errors, retries, progress, the mouse, a
//! saved response. Helpers are in `tests`.

use std::time::Duration;

use crossterm::event::{KeyCode, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

use super::tests::{answer, ch, key, loaded, main_fetch, type_in, wall};
use super::*;
use crate::api::Origin;

#[test]
fn a_late_answer_is_never_shown_for_a_newer_filter() {
    let (mut app, org) = loaded((120, 40));
    let first = ch(&mut app, 'o'); // APP
    let second = ch(&mut app, 'o'); // SLACK
    answer(&mut app, &org, second);
    assert_eq!(app.shown.as_ref().unwrap().origin, Some(Origin::Slack));
    answer(&mut app, &org, first); // APP arrives late
    assert_eq!(
        app.shown.as_ref().unwrap().origin,
        Some(Origin::Slack),
        "still SLACK on screen"
    );
    assert!(
        app.cache.keys().any(|q| q.origin == Some(Origin::App)),
        "kept for going back"
    );
}

#[test]
fn an_error_keeps_the_last_good_data() {
    let (mut app, _) = loaded((120, 40));
    let total = app.view.kpis.total;
    let fx = ch(&mut app, 'r');
    let err = crate::api::ApiError::Server {
        status: 502,
        detail: None,
        attempts: 4,
    };
    crate::tui::app::tests::fail_main(&mut app, fx, err);
    assert!(!app.is_loading());
    assert_eq!(app.view.kpis.total, total);
    let s = app.status.as_ref().unwrap();
    assert!(s.error && s.text.contains("502"));
}

#[test]
fn retries_show_in_the_status() {
    let (mut app, _) = loaded((120, 40));
    let fx = ch(&mut app, 'r');
    let Some(Effect::Fetch { generation, .. }) = fx.first() else {
        panic!()
    };
    app.update(Msg::Retrying {
        slot: Slot::Main,
        generation: *generation,
        attempt: 1,
        delay: Duration::from_secs(2),
        reason: "rate limited (429)".into(),
    });
    assert!(app.fetch.retry_note().unwrap().contains("429"));
}

#[test]
fn mouse_click_selects_and_wheel_scrolls() {
    let (mut app, _) = loaded((120, 40));
    let users = app.screen.areas(app.mode).users;
    let click = MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: users.x + 2,
        row: users.y + 4,
        modifiers: KeyModifiers::NONE,
    };
    app.update(Msg::Mouse(click));
    assert_eq!(app.table.selected(), 3);
    assert_eq!(app.focus, Focus::Users);
    let wheel = MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: users.x + 2,
        row: users.y + 4,
        modifiers: KeyModifiers::NONE,
    };
    app.update(Msg::Mouse(wheel));
    assert_eq!(app.table.selected(), 4);
}

fn at(kind: MouseEventKind, (column, row): (u16, u16)) -> Msg {
    let modifiers = KeyModifiers::NONE;
    Msg::Mouse(MouseEvent {
        kind,
        column,
        row,
        modifiers,
    })
}

/// The wheel moves what is under the pointer, and a click picks what it is on: the
/// chart's bar, a filter of the strip, a preset; in a detail the wheel scrolls the days.
#[test]
fn the_mouse_acts_on_what_is_under_it() {
    let click = MouseEventKind::Down(MouseButton::Left);
    let (mut app, _) = loaded((120, 40));
    let a = *app.areas();
    // The wheel over the chart leaves the table where it was.
    app.update(at(
        MouseEventKind::ScrollDown,
        (a.chart.x + 3, a.chart.y + 1),
    ));
    assert_eq!(app.table.selected(), 0);
    // A click on a bar: the chart's focus and that bar under its cursor.
    let bar = app.view.chart.bars[5].clone();
    app.update(at(click, (a.chart.x + bar.x, a.chart.y + 1)));
    assert_eq!((app.focus, app.chart_cursor()), (Focus::Chart, Some(5)));
    // A preset under the filters: the 90 days (the third).
    let presets = a.filters.y + 1 + app.filter_rows() as u16 + 2;
    app.update(at(click, (a.filters.x + 3, presets + 2)));
    assert_eq!(app.preset(), crate::dates::Preset::ALL[2]);
    // The strip at 80 columns: a click on the origin's value picks the origin row.
    let (mut narrow, _) = loaded((80, 24));
    let s = narrow.areas().filters;
    assert!(narrow.areas().filters_strip);
    let x = "Range: 30d   Origin: A".len() as u16;
    narrow.update(at(click, (s.x + x, s.y)));
    assert_eq!((narrow.focus, narrow.filter_row()), (Focus::Filters, 1));
    // In a person's detail the wheel scrolls their days, not to the next person.
    let (mut app, org) = loaded((120, 40));
    let fx = key(&mut app, KeyCode::Enter);
    answer(&mut app, &org, fx);
    let who = app.detail;
    app.update(at(MouseEventKind::ScrollDown, (5, 30)));
    assert_eq!((app.detail, app.detail_scroll()), (who, 3));
    app.update(at(MouseEventKind::ScrollUp, (5, 30)));
    assert_eq!(app.detail_scroll(), 0);
}

#[test]
fn a_saved_response_only_changes_dates() {
    let (mut app, _) = loaded((120, 40));
    app.source = SourceKind::Fixed;
    assert!(ch(&mut app, 'o').is_empty());
    assert!(app.status.as_ref().unwrap().error);
    assert!(ch(&mut app, '/').is_empty());
    let fx = ch(&mut app, '1');
    assert!(main_fetch(&fx).is_some());
    assert!(
        !fx.iter().any(|e| matches!(
            e,
            Effect::Fetch {
                slot: Slot::Origin(_),
                ..
            }
        )),
        "a saved response is not asked per origin"
    );
    app.rebuild_view();
    assert!(app.view.origins.is_none(), "so it has no Origins block");
}

#[test]
fn notes_fade_and_errors_stay() {
    let (mut app, _) = loaded((80, 24));
    let t0 = super::testing::t0();
    app.update(Msg::Tick {
        now: t0,
        wall: wall(),
    });
    ch(&mut app, ']');
    assert_eq!(
        app.status.as_ref().map(|s| s.text.as_str()),
        Some("the next period is in the future")
    );
    let tick = |app: &mut App, secs: u64| {
        app.update(Msg::Tick {
            now: t0 + Duration::from_secs(secs),
            wall: wall(),
        });
    };
    tick(&mut app, 2);
    assert!(app.status.is_some(), "still shown after 2 s");
    tick(&mut app, 7);
    assert!(app.status.is_none(), "gone after {TOAST:?}");
    app.update(Msg::Failed("export failed: disk full".into()));
    tick(&mut app, 60);
    assert!(app.status.as_ref().is_some_and(|s| s.error), "errors stay");
}

#[test]
fn a_step_back_takes_the_future_note_away_at_once() {
    let (mut app, _) = loaded((80, 24));
    ch(&mut app, ']');
    assert!(app.status.is_some());
    // The note is untrue once the range moved back: it goes now, not when it fades.
    ch(&mut app, '[');
    assert!(app.status.is_none(), "{:?}", app.status);
    // So is it once another range is picked: it stayed over the 7 days.
    ch(&mut app, ']');
    ch(&mut app, ']');
    assert!(app.status.is_some());
    ch(&mut app, '1');
    assert!(app.status.is_none(), "{:?}", app.status);
}

/// The windows of `q` on disk, as the fetch sends them first: its range less its newest
/// month.
fn part_of(org: &crate::demo::Org, q: &crate::api::UsageQuery) -> std::sync::Arc<Usage> {
    let end = q.range.end() - chrono::Duration::days(31);
    let days = q.range.len_days() as u32 - 31;
    super::tests::answer_for(
        org,
        &q.with_range(crate::dates::DateRange::last_days(end, days)),
    )
}

/// The header's two rows as drawn.
fn header(app: &App) -> String {
    super::tests::screen_rows(app)[..2].join("\n")
}

#[test]
fn a_first_view_shows_its_windows_on_disk_marked_partial() {
    let org = super::tests::org();
    let q = crate::api::UsageQuery::new(
        crate::dates::Preset::Last90
            .range(super::tests::today())
            .unwrap(),
    );
    let mut app = App::new(
        q,
        super::tests::today(),
        "demo organization".into(),
        SourceKind::Api,
        vec!["clarityq-usage".into()],
        wall(),
    );
    app.update(Msg::Resize(120, 40));
    let fx = app.start();
    let (generation, query) = super::tests::main_fetch_owned(fx.clone());
    let part = part_of(&org, &query);
    // A part for an older request is ignored.
    app.update(Msg::Partial {
        slot: Slot::Main,
        generation: generation - 1,
        query: query.clone(),
        usage: part.clone(),
    });
    assert!(app.partial.is_none() && app.shown.is_none());
    app.update(Msg::Partial {
        slot: Slot::Main,
        generation,
        query: query.clone(),
        usage: part.clone(),
    });
    assert_eq!(app.shown.as_ref(), Some(&query));
    assert!(app.is_loading() && app.is_partial());
    assert_eq!(app.view.kpis.total, part.total());
    assert!(!app.cache.contains_key(&query), "a part is not kept");
    let top = header(&app);
    assert!(top.contains("partial, the newest days loading"), "{top}");
    assert!(!top.contains("today so far"), "{top}");
    // The whole answer replaces the part, and the mark goes.
    answer(&mut app, &org, fx);
    assert!(app.partial.is_none());
    assert_eq!(app.view.kpis.total, app.cache[&query].usage.total());
    assert!(app.view.kpis.total > part.total());
    assert!(!header(&app).contains("partial"));
}

#[test]
fn a_whole_view_stays_while_the_next_comes_in_parts() {
    let (mut app, org) = loaded((120, 40));
    let before = app.shown.clone();
    let total = app.view.kpis.total;
    // Another range: the 30 days stay whole on screen until the 90 are all in.
    let fx = ch(&mut app, '3');
    let (generation, query) = super::tests::main_fetch_owned(fx.clone());
    let part = part_of(&org, &query);
    app.update(Msg::Partial {
        slot: Slot::Main,
        generation,
        query: query.clone(),
        usage: part.clone(),
    });
    assert_eq!((app.shown.clone(), app.view.kpis.total), (before, total));
    assert!(app.partial.is_none() && app.is_loading());
    answer(&mut app, &org, fx);
    assert_eq!(app.shown.as_ref(), Some(&query));
    assert_eq!(app.view.kpis.total, app.cache[&query].usage.total());
    // A refresh of the same view: the whole one stays too.
    let whole = app.view.kpis.total;
    let fx = ch(&mut app, 'r');
    let (generation, query) = super::tests::main_fetch_owned(fx.clone());
    app.update(Msg::Partial {
        slot: Slot::Main,
        generation,
        query,
        usage: part,
    });
    assert_eq!(app.view.kpis.total, whole);
    assert!(app.partial.is_none());
    // The failure of a part-loaded view keeps what was on screen.
    let err = crate::api::ApiError::Server {
        status: 503,
        detail: None,
        attempts: 4,
    };
    super::tests::fail_main(&mut app, fx, err);
    assert_eq!(app.view.kpis.total, whole);
}

#[test]
fn v_cycles_the_lens_and_dormant_people_show_zero_now() {
    use super::people::Lens;
    let (mut app, _) = loaded((120, 40));
    let all = app.view.order.len();
    assert_eq!(app.view.people.count(Lens::All), Some(all));
    ch(&mut app, 'v');
    assert_eq!(app.lens, Lens::New);
    ch(&mut app, 'v');
    assert_eq!(app.lens, Lens::Dormant);
    let dormant = app.view.people.count(Lens::Dormant).unwrap();
    assert!(dormant > 0, "the demo has leavers");
    assert_eq!(app.view.order.len(), dormant);
    for l in &app.view.visible {
        assert_eq!(l.total, 0);
        assert!(l.previous.unwrap() > 0 && l.last.is_some(), "{l:?}");
        assert_eq!(l.delta, Some(-(l.previous.unwrap() as i128)));
    }
    ch(&mut app, 'v');
    assert_eq!(
        app.table.sort(),
        (Column::Delta, true),
        "movers up: biggest rise first"
    );
    let d: Vec<i128> = app.view.visible.iter().map(|l| l.delta.unwrap()).collect();
    assert!(
        d.iter().all(|&x| x > 0) && d.windows(2).all(|w| w[0] >= w[1]),
        "{d:?}"
    );
    ch(&mut app, 'v');
    let d: Vec<i128> = app.view.visible.iter().map(|l| l.delta.unwrap()).collect();
    assert!(
        d.iter().all(|&x| x < 0) && d.windows(2).all(|w| w[0] <= w[1]),
        "{d:?}"
    );
    ch(&mut app, 'v');
    assert_eq!((app.lens, app.view.order.len()), (Lens::All, all));
}

#[test]
fn new_dormant_and_daily_users_kpis_match_the_raw_rows() {
    use std::collections::{HashMap, HashSet};
    let (app, org) = loaded((120, 40));
    let q = app.query().clone();
    let prev = app
        .view
        .kpis
        .previous_range
        .expect("the previous period is fetched");
    assert_eq!(prev, q.range.previous());
    let rows = |r: crate::dates::DateRange| {
        org.rows(&crate::demo::RowFilter {
            start: r.start(),
            end: r.end(),
            product_ids: &[],
            search: None,
            origin: None,
        })
    };
    let per_user = |r| {
        let mut m: HashMap<uuid::Uuid, u64> = HashMap::new();
        for x in rows(r) {
            *m.entry(x.user_id).or_default() += x.prompt_count;
        }
        m
    };
    let (now, before) = (per_user(q.range), per_user(prev));
    let active = |m: &HashMap<uuid::Uuid, u64>, id| m.get(id).is_some_and(|&n| n > 0);
    let new = now
        .keys()
        .filter(|id| active(&now, id) && !active(&before, id))
        .count();
    let dormant = before
        .keys()
        .filter(|id| active(&before, id) && !active(&now, id))
        .count();
    let k = &app.view.kpis;
    assert_eq!((k.new, k.dormant), (Some(new), Some(dormant)));
    let mut days: HashMap<chrono::NaiveDate, HashSet<uuid::Uuid>> = HashMap::new();
    for x in rows(q.range).into_iter().filter(|x| x.prompt_count > 0) {
        days.entry(x.date).or_default().insert(x.user_id);
    }
    let dau = days.values().map(|s| s.len()).sum::<usize>() as f64 / q.range.len_days() as f64;
    assert!(
        (k.average_daily_users - dau).abs() < 1e-9,
        "{} vs {dau}",
        k.average_daily_users
    );
    let last30: HashSet<_> = days.values().flatten().collect();
    let stick = dau / last30.len() as f64;
    assert!(
        (k.stickiness.unwrap() - stick).abs() < 1e-9,
        "30 days: the whole range"
    );
}

#[test]
fn b_buckets_the_chart_and_the_cursor_walks_its_bars() {
    use super::tests::key;
    use crate::tui::chart::Bucketing;
    use crossterm::event::KeyCode;
    let (mut app, _) = loaded((120, 40));
    assert_eq!(app.view.chart.shown, Bucketing::Day);
    assert_eq!(app.view.chart.bars.len(), 30);
    ch(&mut app, 'b');
    assert_eq!(app.view.chart.shown, Bucketing::Week);
    let weeks = app.view.chart.bars.clone();
    assert_eq!(
        weeks.iter().map(|b| b.prompts).sum::<u64>(),
        app.view.kpis.total
    );
    assert!(
        weeks[0].partial,
        "10-27 is a Tuesday: the first week is clipped"
    );
    assert!(weeks.last().unwrap().partial, "the last week holds today");
    assert!(!weeks[1].partial);
    // Tab twice: the chart has focus; left/right walk its bars, not the filters.
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.focus, Focus::Chart);
    assert_eq!(app.chart_cursor(), None);
    let before = app.query().clone();
    key(&mut app, KeyCode::Left);
    key(&mut app, KeyCode::Left);
    assert_eq!(app.chart_cursor(), Some(weeks.len() - 3));
    assert_eq!(app.query(), &before, "no filter changed");
    for _ in 0..10 {
        key(&mut app, KeyCode::Right);
    }
    assert_eq!(app.chart_cursor(), Some(weeks.len() - 1));
    ch(&mut app, 'b');
    ch(&mut app, 'b');
    assert_eq!(
        (app.view.chart.shown, app.chart_cursor()),
        (Bucketing::Day, None)
    );
}

#[test]
fn origins_add_up_or_the_header_says_they_do_not() {
    use crate::tui::origins::OriginCheck;
    let (app, _) = loaded((120, 40));
    let o = app
        .view
        .origins
        .as_ref()
        .expect("the all-origins view has the block");
    assert_eq!(o.check, OriginCheck::AddsUp);
    let sum: u64 = o.lines.iter().map(|(_, l)| l.as_ref().unwrap().total).sum();
    assert_eq!(sum, app.view.kpis.total);
    // A server that ignores `origin`: every origin answers the whole.
    let org = super::tests::org();
    let q = UsageQuery::new(
        crate::dates::Preset::Last30
            .range(super::tests::today())
            .unwrap(),
    );
    let mut app = App::new(
        q,
        super::tests::today(),
        "demo".into(),
        SourceKind::Api,
        vec![],
        wall(),
    );
    app.update(Msg::Resize(120, 40));
    for e in app.start() {
        if let Effect::Fetch {
            slot,
            generation,
            query,
            ..
        } = e
        {
            let all = super::tests::answer_for(&org, &query.with_origin(None));
            app.update(Msg::Fetched {
                slot,
                generation,
                query,
                result: Ok(all),
                wall: wall(),
            });
        }
    }
    let total = app.view.kpis.total;
    let o = app.view.origins.as_ref().unwrap();
    assert_eq!(
        o.check,
        OriginCheck::Mismatch {
            sum: 3 * total,
            total
        }
    );
}

#[test]
fn typed_days_that_are_this_week_are_labelled_and_compared_as_days() {
    let (mut app, _) = loaded((120, 40));
    let today = app.today;
    let monday = crate::dates::week_start(today);
    // Days typed: a custom range, compared with as many days before.
    ch(&mut app, 'd');
    type_in(&mut app, &format!("{monday} {today}"));
    assert_eq!(app.query.range.start(), monday);
    assert_eq!(app.preset, crate::dates::Preset::Custom);
    // The week typed as a week: this week, compared with the same days of the last.
    ch(&mut app, 'd');
    type_in(&mut app, &today.format("%G-W%V").to_string());
    assert_eq!(app.query.range.start(), monday);
    assert_eq!(app.preset, crate::dates::Preset::ThisWeek);
}

/// An answer's warnings (here a repeated row) are said once on the status line, as a note
/// that fades, while the KPI line keeps them: they stayed on both as long as the view.
#[test]
fn an_answers_warning_is_a_note_that_fades() {
    let (mut app, _) = loaded((120, 40));
    let t0 = super::testing::t0();
    app.update(Msg::Tick {
        now: t0,
        wall: wall(),
    });
    let fx = ch(&mut app, '1');
    let Some(Effect::Fetch {
        slot,
        generation,
        query,
        ..
    }) = fx.into_iter().find(|e| {
        matches!(
            e,
            Effect::Fetch {
                slot: Slot::Main,
                ..
            }
        )
    })
    else {
        panic!("no fetch");
    };
    let row = format!(
        r#"{{"product_id":"{}","product_name":"P","user_id":"{}","user_email":"a@x.example","date":"{}","prompt_count":3}}"#,
        uuid::Uuid::from_u128(1),
        uuid::Uuid::from_u128(2),
        query.range.end()
    );
    let body = format!("[{row},{row}]");
    let spec = crate::model::RangeSpec::Fixed(query.range);
    let usage = Arc::new(crate::model::Ingest::read_from(spec, body.as_bytes()).unwrap());
    assert_eq!(usage.warnings().duplicates, 1);
    app.update(Msg::Fetched {
        slot,
        generation,
        query,
        result: Ok(usage),
        wall: wall(),
    });
    let s = app.status.clone().expect("the warning is said");
    assert!(s.text.starts_with("warning: ") && !s.error, "{s:?}");
    assert!(!app.view.kpis.warnings.is_empty(), "the KPI line keeps it");
    app.update(Msg::Tick {
        now: t0 + Duration::from_secs(9),
        wall: wall(),
    });
    assert!(app.status.is_none(), "faded");
}

/// A warning note is about the data it came with: going back to a view without that
/// fault takes it away at once (it stayed ten seconds over data it was not true of).
#[test]
fn a_warning_note_goes_with_the_data_it_was_about() {
    let (mut app, org) = loaded((80, 24));
    let fx = ch(&mut app, '3');
    let (generation, query) = super::tests::main_fetch_owned(fx);
    // The 90 days' rows and one dated after them: an answer with a warning.
    let mut rows = org.rows(&crate::demo::RowFilter {
        start: query.range.start(),
        end: query.range.end(),
        product_ids: &[],
        search: None,
        origin: None,
    });
    let mut late = rows[0].clone();
    late.date = query.range.end() + chrono::Duration::days(1);
    rows.push(late);
    let mut i = crate::model::Ingest::new(crate::model::RangeSpec::Fixed(query.range));
    i.feed(&serde_json::to_vec(&rows).unwrap()).unwrap();
    let usage = i.finish().unwrap();
    assert!(!usage.warnings().is_empty());
    app.update(Msg::Fetched {
        slot: Slot::Main,
        generation,
        query,
        result: Ok(std::sync::Arc::new(usage)),
        wall: wall(),
    });
    let note = app
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    assert!(note.starts_with("warning: "), "{note}");
    // Back to the 30 days, shown from memory: no warning of theirs, and the note goes.
    ch(&mut app, '2');
    assert_eq!(app.shown.as_ref(), Some(app.query()), "from memory");
    assert!(app.status.is_none(), "{:?}", app.status);
}

/// A search that matches no one has no prompts per active user: "n/a", as the report
/// says, not 0.0 (a rate of people who are not there).
#[test]
fn a_search_with_no_one_has_no_rate_per_user() {
    let (mut app, org) = loaded((120, 40));
    assert!(app.view.kpis.per_user_day.is_some_and(|v| v > 0.0));
    ch(&mut app, '/');
    let fx = type_in(&mut app, "nobody-at-all");
    answer(&mut app, &org, fx);
    let fx = super::tests::key(&mut app, crossterm::event::KeyCode::Enter);
    answer(&mut app, &org, fx);
    assert_eq!(app.query().search.as_deref(), Some("nobody-at-all"));
    assert_eq!(
        (app.view.kpis.active_users, app.view.kpis.per_user_day),
        (0, None)
    );
    let screen = super::tests::screen_rows(&app).join("\n");
    assert!(screen.contains("Per user/day n/a"), "{screen}");
}

/// `E` on a saved file whose previous period it does not hold: the report, as the CLI
/// writes it; it said "the previous period is still loading" for ever.
#[test]
fn e_reports_a_view_whose_previous_period_is_not_in_the_file() {
    let (mut app, org) = loaded((120, 40));
    let fx = ch(&mut app, 'r');
    super::tests::answer_as(&mut app, &org, fx, |slot, query, usage| {
        if slot != Slot::Previous {
            return usage;
        }
        // A file that starts after the previous period: seen through it, nothing.
        let after = query.range.end() + chrono::Duration::days(1);
        let later = crate::dates::DateRange::new(after, after).unwrap();
        let file = super::tests::answer_for(&org, &query.with_range(later));
        let outside = Arc::new(file.narrowed(query.range).unwrap());
        assert!(outside.wholly_outside_file());
        outside
    });
    assert!(app.view.kpis.previous_outside);
    let job = app.report_job().expect("a report, not 'still loading'");
    assert_eq!(job.previous.total(), 0);
}

/// A saved file that holds only the end of the previous period: the KPI strip says how
/// many of its days are missing beside the change it computes from the rest (year to
/// date against a file of one year read "+3529.0%" with nothing said).
#[test]
fn a_previous_period_partly_outside_the_file_is_said_beside_the_change() {
    let (mut app, org) = loaded((160, 40));
    let fx = ch(&mut app, 'r');
    super::tests::answer_as(&mut app, &org, fx, |slot, query, usage| {
        if slot != Slot::Previous {
            return usage;
        }
        // The file starts 10 days before the previous period ends.
        let start = query.range.end() - chrono::Duration::days(9);
        let held = crate::dates::DateRange::new(start, query.range.end()).unwrap();
        let file = super::tests::answer_for(&org, &query.with_range(held));
        Arc::new(file.narrowed(query.range).unwrap())
    });
    let days = app.previous_range().len_days() as u64;
    assert_eq!(app.view.kpis.previous_missing, days - 10);
    assert!(!app.view.kpis.previous_outside);
    let screen = super::tests::screen_rows(&app).join("\n");
    let said = format!("⚠ {} of its days not in the file", days - 10);
    assert!(screen.contains(&said), "{screen}");
}
