//! What a new administrator trips over in the first hour, through `update` with no clock:
//! periods that page by their unit, the typed range, Esc, direct sort keys, header clicks.

use crossterm::event::{KeyCode, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

use super::keymap::Mode;
use super::tests::{answer, ch, key, loaded, main_fetch};
use super::*;
use crate::dates::{DateRange, parse_date};

fn r(a: &str, b: &str) -> DateRange {
    DateRange::new(parse_date(a).unwrap(), parse_date(b).unwrap()).unwrap()
}

fn previous_fetch(fx: &[Effect]) -> Option<DateRange> {
    fx.iter().find_map(|e| match e {
        Effect::Fetch {
            slot: Slot::Previous,
            query,
            ..
        } => Some(query.range),
        _ => None,
    })
}

#[test]
fn brackets_on_this_month_step_whole_months() {
    let (mut app, org) = loaded((120, 40));
    let fx = ch(&mut app, '4');
    assert_eq!(app.query.range, r("2026-11-01", "2026-11-25"));
    // Compared with the same days of last month, and the header says which.
    assert_eq!(previous_fetch(&fx), Some(r("2026-10-01", "2026-10-25")));
    assert_eq!(app.previous_range(), r("2026-10-01", "2026-10-25"));
    answer(&mut app, &org, fx);
    let fx = ch(&mut app, '[');
    assert_eq!(
        main_fetch(&fx).unwrap().range,
        r("2026-10-01", "2026-10-31")
    );
    assert_eq!(previous_fetch(&fx), Some(r("2026-09-01", "2026-09-30")));
    ch(&mut app, '[');
    assert_eq!(app.query.range, r("2026-09-01", "2026-09-30"));
    ch(&mut app, ']');
    ch(&mut app, ']');
    assert_eq!(app.query.range, r("2026-11-01", "2026-11-25"));
    assert_eq!(app.preset, Preset::ThisMonth);
    assert!(ch(&mut app, ']').is_empty());
    assert!(app.status.as_ref().unwrap().text.contains("future"));
}

#[test]
fn year_to_date_steps_to_the_same_days_of_last_year() {
    let (mut app, _) = loaded((120, 40));
    ch(&mut app, '6');
    assert_eq!(app.previous_range(), r("2025-01-01", "2025-11-25"));
    ch(&mut app, '[');
    assert_eq!(app.query.range, r("2025-01-01", "2025-11-25"));
    ch(&mut app, ']');
    assert_eq!(app.preset, Preset::YearToDate);
}

#[test]
fn weeks_and_quarters_are_presets_that_step_by_their_unit() {
    let (mut app, _) = loaded((120, 40));
    ch(&mut app, '7');
    assert_eq!(
        (app.preset, app.query.range),
        (Preset::ThisWeek, r("2026-11-23", "2026-11-25"))
    );
    ch(&mut app, '[');
    assert_eq!(
        (app.preset, app.query.range),
        (Preset::LastWeek, r("2026-11-16", "2026-11-22"))
    );
    ch(&mut app, '9');
    assert_eq!(app.previous_range(), r("2026-07-01", "2026-08-25"));
    ch(&mut app, '[');
    assert_eq!(
        (app.preset, app.query.range),
        (Preset::LastQuarter, r("2026-07-01", "2026-09-30"))
    );
    ch(&mut app, '[');
    assert_eq!(app.query.range, r("2026-04-01", "2026-06-30"));
    ch(&mut app, '0');
    ch(&mut app, '8');
    assert_eq!(app.query.range, r("2026-11-16", "2026-11-22"));
    // A rolling range still pages by its own length.
    ch(&mut app, '2');
    ch(&mut app, '[');
    assert_eq!(app.query.range, r("2026-09-27", "2026-10-26"));
}

#[test]
fn the_typed_range_shows_what_it_resolves_to_and_pages_by_its_unit() {
    let (mut app, _) = loaded((120, 40));
    ch(&mut app, 'd');
    assert_eq!(
        app.input().unwrap().preview.as_deref(),
        Some("= 2026-10-27 .. 2026-11-25 (30 days)")
    );
    key(&mut app, KeyCode::Char('u'));
    app.update(Msg::Key(crossterm::event::KeyEvent::new(
        KeyCode::Char('u'),
        KeyModifiers::CONTROL,
    )));
    for c in "2026-q3".chars() {
        ch(&mut app, c);
    }
    assert_eq!(
        app.input().unwrap().preview.as_deref(),
        Some("= 2026-07-01 .. 2026-09-30 (92 days)")
    );
    assert_eq!(
        app.query.range,
        r("2026-10-27", "2026-11-25"),
        "not applied yet"
    );
    let fx = key(&mut app, KeyCode::Enter);
    assert_eq!(
        main_fetch(&fx).unwrap().range,
        r("2026-07-01", "2026-09-30")
    );
    assert!(app.input().is_none());
    ch(&mut app, '[');
    assert_eq!(app.query.range, r("2026-04-01", "2026-06-30"));
    ch(&mut app, 'd');
    key(&mut app, KeyCode::Backspace);
    // Short beside the text (the whole error was cut at 80 columns), whole on Enter.
    let p = app.input().unwrap().preview.clone().unwrap();
    assert_eq!(p, "(not a range yet)");
    key(&mut app, KeyCode::Enter);
    let e = app.input().unwrap().error.clone();
    assert!(
        e.is_some_and(|e| e.contains("is not a range")),
        "refused, the field stays"
    );
    app.update(Msg::Key(crossterm::event::KeyEvent::new(
        KeyCode::Char('u'),
        KeyModifiers::CONTROL,
    )));
    for c in "2026-11-20..2026-11-10".chars() {
        ch(&mut app, c);
    }
    let p = app.input().unwrap().preview.clone().unwrap();
    assert_eq!(p, "(reversed: 2026-11-20 after 2026-11-10)");
}

#[test]
fn esc_on_the_main_screen_never_quits() {
    let (mut app, _) = loaded((120, 40));
    assert!(key(&mut app, KeyCode::Esc).is_empty());
    assert!(!app.quit);
    assert_eq!(app.mode, Mode::Main);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.mode, Mode::Main, "Esc still means back");
    assert!(!app.quit);
}

#[test]
fn a_columns_key_sorts_by_it_and_again_flips() {
    let (mut app, _) = loaded((120, 40));
    ch(&mut app, 'D');
    assert_eq!(app.table.sort(), (Column::ActiveDays, true));
    let days: Vec<u32> = app.view.visible.iter().map(|u| u.active_days).collect();
    assert!(days.windows(2).all(|w| w[0] >= w[1]), "{days:?}");
    ch(&mut app, 'D');
    assert_eq!(app.table.sort(), (Column::ActiveDays, false));
    ch(&mut app, 'U');
    assert_eq!(app.table.sort(), (Column::Email, false));
    ch(&mut app, 'L');
    assert_eq!(app.table.sort(), (Column::LastActive, true));
    ch(&mut app, 'T');
    assert_eq!(app.table.sort(), (Column::Total, true));
}

#[test]
fn a_click_on_a_header_sorts_by_its_column() {
    // Wide enough for every column (Share drops first on narrower screens).
    let (mut app, _) = loaded((200, 40));
    let users = app.screen.areas(Mode::Main).users;
    let placed = crate::tui::columns::users(users.width);
    let click = |app: &mut App, col: usize| {
        let p = placed[col].unwrap();
        app.update(Msg::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: users.x + p.x + p.width - 1,
            row: users.y,
            modifiers: KeyModifiers::NONE,
        }))
    };
    click(&mut app, 3);
    assert_eq!(app.table.sort(), (Column::ActiveDays, true));
    click(&mut app, 0);
    assert_eq!(app.table.sort(), (Column::Email, false));
    // Share is the order of Total: a click on it sorts by Total.
    click(&mut app, 2);
    assert_eq!(app.table.sort(), (Column::Total, true));
}

#[test]
fn e_in_a_persons_detail_exports_that_persons_rows() {
    let (mut app, org) = loaded((120, 40));
    ch(&mut app, 'j');
    let fx = key(&mut app, KeyCode::Enter);
    let who = app.detail.unwrap();
    answer(&mut app, &org, fx);
    let d = app.view.detail.clone().unwrap();
    assert!(!d.rows.is_empty(), "the detail has its day-by-day table");
    assert!(d.rows.iter().all(|r| r.origin.is_some()), "origins are in");
    let fx = ch(&mut app, 'e');
    let [Effect::Export(job)] = fx.as_slice() else {
        panic!("{fx:?}")
    };
    let person = job
        .person
        .as_ref()
        .expect("the person's rows, not the list");
    assert_eq!((person.id, &person.email), (who, &d.email));
    let rows = &person.rows;
    assert_eq!(rows, &d.rows);
    // Independently from the raw rows: the person's total.
    let u = app.usage().unwrap();
    let raw: u64 = u.rows().filter(|(_, p, ..)| p.id == who).map(|r| r.3).sum();
    assert_eq!(rows.iter().map(|r| r.count).sum::<u64>(), raw);
    // Back on the list, `e` writes the people again.
    key(&mut app, KeyCode::Esc);
    let fx = ch(&mut app, 'e');
    let [Effect::Export(job)] = fx.as_slice() else {
        panic!("{fx:?}")
    };
    assert!(job.person.is_none());
}

#[test]
fn a_range_that_ends_today_is_marked_partial() {
    let (mut app, _) = loaded((120, 40));
    assert!(app.today_partial(), "30 days up to today");
    ch(&mut app, '[');
    assert!(!app.today_partial());
    ch(&mut app, '5');
    assert!(!app.today_partial(), "last month is whole");
}

fn fail(app: &mut App, fx: &[Effect], e: crate::api::ApiError) {
    for f in fx {
        if let Effect::Fetch {
            slot: Slot::Main,
            generation,
            query,
            ..
        } = f
        {
            app.update(Msg::Fetched {
                slot: Slot::Main,
                generation: *generation,
                query: query.clone(),
                result: Err(e.clone()),
                wall: app.wall,
            });
        }
    }
}

fn down() -> crate::api::ApiError {
    crate::api::ApiError::Connect {
        host: "127.0.0.1".into(),
        attempts: 4,
    }
}

#[test]
fn a_range_asked_while_the_server_is_down_is_kept_and_asked_again() {
    let (mut app, org) = loaded((120, 40));
    let before = app.query.range;
    let fx = ch(&mut app, '5');
    let asked = main_fetch(&fx).unwrap().range;
    fail(&mut app, &fx, down());
    assert_eq!(
        app.query.range, before,
        "the header describes the data on screen"
    );
    assert_eq!(app.pending().map(|q| q.range), Some(asked));
    // The next refresh asks for the pending range, and its answer is shown.
    let fx = ch(&mut app, 'r');
    assert_eq!(main_fetch(&fx).unwrap().range, asked);
    fail(&mut app, &fx, down());
    assert_eq!(
        app.pending().map(|q| q.range),
        Some(asked),
        "still down: still kept"
    );
    let fx = app.update(Msg::AutoRefresh);
    assert_eq!(main_fetch(&fx).unwrap().range, asked);
    answer(&mut app, &org, fx);
    assert_eq!(
        (app.query.range, app.shown.as_ref().unwrap().range),
        (asked, asked)
    );
    assert!(app.pending().is_none());
}

#[test]
fn a_wrong_filter_is_not_kept_and_a_new_choice_replaces_a_pending_one() {
    let (mut app, _) = loaded((120, 40));
    let fx = ch(&mut app, 'o');
    fail(
        &mut app,
        &fx,
        crate::api::ApiError::Forbidden { detail: None },
    );
    assert!(
        app.pending().is_none(),
        "403 is about the filter, not the network"
    );
    let fx = ch(&mut app, '5');
    fail(&mut app, &fx, down());
    assert!(app.pending().is_some());
    ch(&mut app, '1');
    assert!(app.pending().is_none(), "the latest choice wins");
}

#[test]
fn a_refused_key_at_start_fills_the_pane_with_what_to_do() {
    let org = super::tests::org();
    let q = crate::api::UsageQuery::new(Preset::Last30.range(super::tests::today()).unwrap());
    let mut app = App::new(
        q,
        super::tests::today(),
        "x".into(),
        SourceKind::Api,
        Vec::new(),
        super::tests::wall(),
    );
    let fx = app.start();
    let e = crate::api::ApiError::Unauthorized {
        detail: None,
        key_source: "$CLARITYQ_API_KEY".into(),
    };
    fail(&mut app, &fx, e);
    let why = app.blocker().unwrap();
    assert!(why.starts_with("the API key was refused (401)"), "{why}");
    assert!(why.contains("config show"), "{why}");
    let fx = ch(&mut app, 'r');
    answer(&mut app, &org, fx);
    assert!(app.blocker().is_none() && app.usage().is_some());
}

#[test]
fn retries_replace_one_line() {
    let (mut app, _) = loaded((120, 40));
    let fx = ch(&mut app, 'r');
    let Some(Effect::Fetch { generation, .. }) = fx.first() else {
        panic!("{fx:?}")
    };
    for attempt in 1..=3 {
        app.update(Msg::Retrying {
            slot: Slot::Main,
            generation: *generation,
            attempt,
            delay: std::time::Duration::from_secs(2),
            reason: "cannot connect".into(),
        });
    }
    let note = app.fetch.retry_note().unwrap();
    assert!(
        note.starts_with("attempt 3 failed") && !note.contains('\n'),
        "{note}"
    );
}

#[test]
fn question_mark_twice_shows_the_glossary() {
    let (mut app, _) = loaded((120, 40));
    ch(&mut app, '?');
    assert!(!app.glossary());
    ch(&mut app, '?');
    assert!(app.glossary() && app.mode == Mode::Help);
    ch(&mut app, 'x');
    assert_eq!((app.mode, app.glossary()), (Mode::Main, false));
}

#[test]
fn on_a_months_last_day_this_month_is_not_taken_for_30_days() {
    // 2026-11-30: the last 30 days are all of November.
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let q = crate::api::UsageQuery::new(Preset::Last30.range(today).unwrap());
    let mut app = App::new(
        q,
        today,
        "x".into(),
        SourceKind::Api,
        Vec::new(),
        super::tests::wall(),
    );
    assert_eq!(app.preset, Preset::Last30);
    let fx = ch(&mut app, '4');
    assert_eq!(app.preset, Preset::ThisMonth);
    // The same days, compared with all of October now rather than the 30 days before.
    assert_eq!(previous_fetch(&fx), Some(r("2026-10-01", "2026-10-31")));
    ch(&mut app, '[');
    assert_eq!(app.query.range, r("2026-10-01", "2026-10-31"));
    ch(&mut app, ']');
    assert_eq!(
        (app.preset, app.query.range),
        (Preset::ThisMonth, r("2026-11-01", "2026-11-30"))
    );
}

#[test]
fn shift_e_writes_the_views_report_with_its_figures() {
    let (mut app, org) = loaded((120, 40));
    let fx = ch(&mut app, 'E');
    let [Effect::Report(job)] = fx.as_slice() else {
        panic!("{fx:?}")
    };
    let u = app.usage().unwrap();
    assert!(Arc::ptr_eq(&job.current, u), "the view's own data");
    assert_eq!(job.previous.range(), app.previous_range());
    let dir = tempfile::tempdir().unwrap();
    let path = crate::tui::export::write_report(job, dir.path(), chrono::Utc::now()).unwrap();
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(
        html.contains("<svg") && !html.contains("<script"),
        "an HTML report"
    );
    // The total prompts, counted again from the raw rows, is in the page.
    let raw: u64 = u.rows().map(|r| r.3).sum();
    assert!(
        html.contains(&crate::numbers::thousands(raw)),
        "total {raw}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    // Each origin's share, as the Origins block on screen had it: its prompts counted
    // again from the raw rows of that origin (the page said to see `report`).
    assert!(job.origins.is_some(), "the Origins block's counts");
    for o in crate::api::Origin::ALL {
        let q = &app.query;
        let rows = org.rows(&crate::demo::RowFilter {
            start: q.range.start(),
            end: q.range.end(),
            product_ids: &q.product_ids,
            search: q.search.as_deref(),
            origin: Some(o),
        });
        let n: u64 = rows.iter().map(|r| r.prompt_count).sum();
        let row = format!(
            "{}</th><td class=\"num\">{}</td>",
            o.as_str(),
            crate::numbers::thousands(n)
        );
        assert!(html.contains(&row), "{row} in {html}");
    }
    assert!(!html.contains("asks for each origin") && !html.contains("not shown"));
    // Of one origin, the page says why there is no share, as `report` does; it sent the
    // reader to `report`, which leaves the share out as well.
    let fx = ch(&mut app, 'o');
    answer(&mut app, &org, fx);
    let fx = ch(&mut app, 'E');
    let [Effect::Report(job)] = fx.as_slice() else {
        panic!("{fx:?}")
    };
    let path = crate::tui::export::write_report(job, dir.path(), chrono::Utc::now()).unwrap();
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.contains("the report is of one origin (APP)"), "{html}");
}

#[test]
fn e_in_the_dormant_lens_writes_the_dormant_people_on_screen() {
    let (mut app, _org) = loaded((120, 40));
    ch(&mut app, 'v');
    ch(&mut app, 'v');
    assert_eq!(app.lens(), crate::tui::people::Lens::Dormant);
    let fx = ch(&mut app, 'e');
    let [Effect::Export(job)] = fx.as_slice() else {
        panic!("{fx:?}")
    };
    let dir = tempfile::tempdir().unwrap();
    let path = crate::tui::export::write_view(job, dir.path(), chrono::Utc::now()).unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    // The header first: a comment line above it was read as the header.
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    assert!(
        header.ends_with("previous_prompt_count,change,change_pct,status"),
        "{header}"
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    // The screen's people, in its order.
    let (now, before) = (
        app.usage().unwrap().clone(),
        app.previous().unwrap().clone(),
    );
    let shown: Vec<String> = app
        .view
        .order
        .iter()
        .map(|&r| {
            app.view.people.rows[r as usize]
                .user(&now, &before)
                .email
                .clone()
        })
        .collect();
    let written: Vec<String> = rows.iter().map(|r| r[1].to_string()).collect();
    assert_eq!(written, shown);
    // Independently, from the raw rows: the people with prompts before and none now,
    // with their previous totals.
    let mut prev_total = std::collections::HashMap::<String, u64>::new();
    for (_, u, _, n) in before.rows() {
        *prev_total.entry(u.email.clone()).or_default() += n;
    }
    let active_now: std::collections::HashSet<String> = now
        .rows()
        .filter(|r| r.3 > 0)
        .map(|r| r.1.email.clone())
        .collect();
    let mut dormant: Vec<&String> = prev_total
        .iter()
        .filter(|(e, n)| **n > 0 && !active_now.contains(*e))
        .map(|(e, _)| e)
        .collect();
    dormant.sort();
    let mut got: Vec<&String> = written.iter().collect();
    got.sort();
    assert_eq!(got, dormant);
    assert!(!rows.is_empty(), "the demo has dormant people");
    for r in &rows {
        assert_eq!(r[2], "0", "none now");
        assert_eq!(r[6].parse::<u64>().unwrap(), prev_total[r[1]], "{}", r[1]);
        assert_eq!(r[9], "dormant");
    }
}

#[test]
fn the_lens_is_in_y_and_leaves_the_sort_as_it_found_it() {
    let (mut app, _org) = loaded((120, 40));
    let first = app.table.sort();
    ch(&mut app, 'v');
    ch(&mut app, 'v');
    assert!(app.export_command().ends_with("--compare --status dormant"));
    for _ in 0..3 {
        ch(&mut app, 'v');
    }
    assert_eq!(app.lens(), crate::tui::people::Lens::All);
    assert_eq!(app.table.sort(), first, "back to the table's own order");
    // The whole list shows the change columns too: they are in the command.
    assert!(
        app.export_command().ends_with("--compare"),
        "{}",
        app.export_command()
    );
    // This month is compared with the same days of last month, which the export would
    // not guess from the dates: `y` names it, and only when it differs.
    ch(&mut app, 'v');
    assert!(
        !app.export_command().contains("--against"),
        "30 days: the days before"
    );
    ch(&mut app, '4');
    assert_eq!(app.preset, crate::dates::Preset::ThisMonth);
    let before = app.previous_range();
    assert_ne!(before, app.query.range.previous());
    let against = format!("--against {}..{}", before.start(), before.end());
    assert!(
        app.export_command().ends_with(&against),
        "{}",
        app.export_command()
    );
}

#[test]
fn a_page_scrolls_the_persons_days_and_j_moves_to_the_next_person() {
    let (mut app, org) = loaded((80, 24));
    let fx = key(&mut app, KeyCode::Enter);
    answer(&mut app, &org, fx);
    let who = app.detail;
    let rows = app.view.detail.as_ref().unwrap().rows.len();
    assert!(rows > 12, "the top person has many days: {rows}");
    key(&mut app, KeyCode::PageDown);
    assert_eq!(app.detail, who, "the same person");
    // A page is the rows the pane shows (the screen test checks them drawn).
    let d = app.view.detail.as_ref().unwrap();
    let page = d.day_rows_fit(app.areas().products.height, false);
    assert!(page >= 1);
    assert_eq!(app.detail_scroll(), page, "a page of what is shown");
    for _ in 0..100 {
        key(&mut app, KeyCode::PageDown);
    }
    assert_eq!(
        app.detail_scroll(),
        rows - page,
        "stops at the last page, whole"
    );
    key(&mut app, KeyCode::PageUp);
    assert_eq!(app.detail_scroll(), rows - 2 * page);
    // g and G go to the first and the last page of the same person's days.
    ch(&mut app, 'g');
    assert_eq!((app.detail, app.detail_scroll()), (who, 0));
    ch(&mut app, 'G');
    assert_eq!((app.detail, app.detail_scroll()), (who, rows - page));
    // The day table's head says where the page is and which key leads to the rest.
    let drawn = |app: &App| super::tests::screen_rows(app).join("\n");
    let last = format!("{}-{rows}/{rows} PgUp", rows - page + 1);
    assert!(drawn(&app).contains(&last), "{last}");
    ch(&mut app, 'g');
    assert!(drawn(&app).contains(&format!("1-{page}/{rows} PgDn")));
    ch(&mut app, 'j');
    assert_ne!(app.detail, who, "j: the next person");
    assert_eq!(app.detail_scroll(), 0, "from their first day");
}

/// A search from a person's detail that leaves them out goes back to the table of its
/// matches, and Enter opens the first of them, not the row the person had held (it kept
/// the detail, of someone no longer in the view).
#[test]
fn a_search_from_a_detail_opens_its_first_match() {
    let (mut app, org) = loaded((120, 40));
    let fx = key(&mut app, KeyCode::Enter);
    answer(&mut app, &org, fx);
    let first = app.detail.unwrap();
    // A surname two people with prompts share, not the shown person's (`wilson`).
    let u = app.usage().unwrap().clone();
    let surname = |e: &str| {
        e.split(['.', '@'])
            .nth(1)
            .map(|s| s.trim_end_matches(char::is_numeric).to_string())
    };
    let mine = surname(&u.users()[u.user_index(first).unwrap()].email);
    let mut seen = std::collections::HashMap::new();
    for i in (0..u.users().len()).filter(|&i| u.user_total(i) > 0) {
        *seen.entry(surname(&u.users()[i].email)).or_insert(0) += 1;
    }
    let part = seen
        .into_iter()
        .filter(|(s, n)| *n >= 2 && s.is_some() && *s != mine)
        .filter_map(|(s, _)| s)
        .min()
        .expect("a shared surname");
    ch(&mut app, '/');
    let fx = super::tests::type_in(&mut app, &part);
    answer(&mut app, &org, fx);
    assert_eq!(app.mode, Mode::Main, "the table of the matches");
    let fx = key(&mut app, KeyCode::Enter);
    answer(&mut app, &org, fx);
    let top = app
        .view
        .order
        .first()
        .map(|&r| app.view.people.rows[r as usize]);
    let top = top
        .and_then(|p| p.current)
        .map(|i| app.usage().unwrap().users()[i as usize].id);
    assert_eq!(app.detail, top, "the view's first person");
    assert!(app.view.detail.is_some());
}

/// A filter whose previous period comes in before its own view: the view on screen keeps
/// its own comparison, and the new one is compared with its own previous period once in.
/// The new filter's previous period was compared with the old view ("+28.3%": 4 products
/// against all 5) for as long as the new view took.
#[test]
fn a_view_still_loading_lends_its_previous_period_to_none() {
    let (mut app, org) = loaded((120, 40));
    let before = (app.view.kpis.total, app.view.kpis.previous_total);
    assert!(before.1.is_some());
    ch(&mut app, '/');
    let fx = super::tests::type_in(&mut app, "ada");
    let (prev, main): (Vec<Effect>, Vec<Effect>) = fx.into_iter().partition(|e| {
        matches!(
            e,
            Effect::Fetch {
                slot: Slot::Previous,
                ..
            }
        )
    });
    assert_eq!((prev.len(), main_fetch(&main).is_some()), (1, true));
    answer(&mut app, &org, prev);
    assert_eq!((app.view.kpis.total, app.view.kpis.previous_total), before);
    // Anything that rebuilds the view meanwhile (a resize) compares it with nothing,
    // not with the new filter's previous period.
    app.update(Msg::Resize(130, 40));
    assert_eq!(app.view.kpis.total, before.0);
    assert_eq!(app.view.kpis.previous_total, None);
    answer(&mut app, &org, main);
    let q = app.query().clone();
    assert_eq!(q.search.as_deref(), Some("ada"));
    let want = super::tests::answer_for(&org, &q.with_range(app.previous_range()));
    assert_eq!(app.view.kpis.previous_total, Some(want.total()));
    assert_ne!(app.view.kpis.total, before.0);
}

/// The calendar on a terminal too short for it and the table both: the chart stays and
/// `c` says why (at 60x16 the table was left no row); taller, the calendar comes.
#[test]
fn a_calendar_that_would_leave_the_table_no_rows_is_not_drawn() {
    let (mut app, org) = loaded((60, 16));
    let fx = ch(&mut app, '3');
    answer(&mut app, &org, fx);
    ch(&mut app, 'c');
    assert!(!app.calendar_shown());
    assert!(app.table_rows() >= 3, "{}", app.table_rows());
    let screen = super::tests::screen_rows(&app).join("\n");
    assert!(screen.contains("needs a taller terminal"), "{screen}");
    app.update(Msg::Resize(120, 40));
    assert!(!app.calendar_shown(), "that c changed nothing");
    ch(&mut app, 'c');
    assert!(app.calendar_shown());
    // On, then too short: not drawn, and a `c` there says why and keeps it on.
    app.update(Msg::Resize(60, 16));
    assert!(!app.calendar_shown());
    ch(&mut app, 'c');
    app.update(Msg::Resize(120, 40));
    assert!(app.calendar_shown());
}
