//! Every key of the keymap through `update`, with no clock: each binding, in each mode it
//! is bound in, changes the state or asks the loop for the effect it stands for; and a
//! remapped key does what its action does, through the app's own keymap.

use crossterm::event::KeyCode;

use super::keymap::{Action, Keymap, Mode};
use super::tests::{answer, ch, detail_email, key, loaded, main_fetch, screen_rows};
use super::*;

/// An app in `mode` where every key has something to do: a custom range (so each preset
/// is a change), a person below the top, a product unticked in the picker.
fn prepared(mode: Mode, action: Action) -> App {
    let (mut app, org) = loaded((120, 40));
    let fx = ch(&mut app, '[');
    answer(&mut app, &org, fx);
    for _ in 0..5 {
        ch(&mut app, 'j');
    }
    if matches!(action, Action::Left | Action::Right) {
        key(&mut app, KeyCode::Tab);
        assert_eq!(app.focus, Focus::Filters);
    }
    // A search applied, for Esc to clear.
    if action == Action::ClearSearch {
        ch(&mut app, '/');
        let fx = super::tests::type_in(&mut app, "a");
        answer(&mut app, &org, fx);
        assert!(app.query().search.is_some());
    }
    match mode {
        Mode::Main => {}
        Mode::Detail => {
            let fx = key(&mut app, KeyCode::Enter);
            answer(&mut app, &org, fx);
            // A page up or a `g` needs a page down first (the day table starts at its top).
            if matches!(action, Action::PageUp | Action::Top) {
                key(&mut app, KeyCode::PageDown);
            }
        }
        Mode::Picker => {
            ch(&mut app, 'p');
            ch(&mut app, ' ');
            ch(&mut app, 'j');
            ch(&mut app, 'j');
        }
        Mode::Help => {
            ch(&mut app, '?');
        }
    }
    assert_eq!(app.mode, mode);
    app
}

/// The effects an action must ask for, when it asks for any.
fn effect_ok(action: Action, fx: &[Effect]) -> bool {
    let fetch = |bypass: bool| {
        fx.iter().any(|e| {
            matches!(e, Effect::Fetch { slot: Slot::Main, bypass_cache, .. } if *bypass_cache == bypass)
        })
    };
    match action {
        Action::Quit => fx == [Effect::Quit],
        Action::Suspend => fx == [Effect::Suspend],
        Action::Export => matches!(fx, [Effect::Export(_)]),
        Action::CopyCommand => matches!(fx, [Effect::Copy(_)]),
        Action::Refresh => fetch(false),
        Action::ClearSearch => fetch(false) || fx.contains(&Effect::Abort(Slot::Main)),
        Action::RefreshAll => fetch(true),
        // A new view: fetched, or shown from memory (and the fetch in flight stopped).
        Action::OriginNext | Action::OriginPrev | Action::Preset(_) | Action::PeriodPrev => {
            fx.iter().any(|e| {
                matches!(
                    e,
                    Effect::Fetch {
                        slot: Slot::Main,
                        ..
                    } | Effect::Abort(Slot::Main)
                )
            })
        }
        _ => true,
    }
}

#[test]
fn every_key_in_every_mode_does_something_without_a_clock() {
    let mut cases = 0;
    let keymap = Keymap::defaults();
    for (action, modes, keys) in keymap.bindings() {
        for &mode in modes {
            for key in keys {
                let mut app = prepared(mode, action);
                assert!(app.now.is_none(), "no tick: update has no time");
                let before = format!("{app:?}");
                let fx = app.update(Msg::Key(key.event()));
                let what = format!("{key} ({action:?}) in {mode:?}");
                assert!(
                    !fx.is_empty() || format!("{app:?}") != before,
                    "{what} changed nothing"
                );
                // In the help any key closes it, whatever it is bound to (but quitting).
                if mode != Mode::Help || matches!(action, Action::Quit | Action::Suspend) {
                    assert!(effect_ok(action, &fx), "{what}: {fx:?}");
                }
                cases += 1;
            }
        }
    }
    assert!(cases > 100, "{cases}");
}

#[test]
fn a_remapped_key_goes_through_the_apps_keymap() {
    let table: toml::Table = toml::from_str("quit = \"x\"\nexport = \"F2\"").unwrap();
    let keymap = Keymap::from_config(Some(&table)).unwrap();
    let (app, _) = loaded((120, 40));
    let mut app = app.with_keymap(keymap);
    assert!(ch(&mut app, 'q').is_empty(), "q no longer quits");
    assert!(matches!(
        key(&mut app, KeyCode::F(2))[..],
        [Effect::Export(_)]
    ));
    assert!(ch(&mut app, 'e').is_empty(), "e no longer exports");
    assert_eq!(ch(&mut app, 'x'), vec![Effect::Quit]);
}

#[test]
fn typing_needs_no_clock_until_the_first_tick() {
    let (mut app, _) = loaded((120, 40));
    ch(&mut app, '/');
    for c in "ada".chars() {
        assert!(ch(&mut app, c).is_empty());
    }
    assert_eq!(app.search.deadline(), Some(When::FirstTick));
    let t0 = super::testing::t0();
    // The first tick starts the pause; the search goes once it has lasted.
    assert!(
        app.update(Msg::Tick {
            now: t0,
            wall: app.wall
        })
        .is_empty()
    );
    let fx = app.update(Msg::Tick {
        now: t0 + DEBOUNCE,
        wall: app.wall,
    });
    assert_eq!(
        super::tests::main_fetch(&fx).unwrap().search.as_deref(),
        Some("ada")
    );
}

#[test]
fn c_toggles_the_calendar_from_8_weeks_and_says_why_below() {
    let (mut app, org) = loaded((80, 24));
    ch(&mut app, 'c');
    assert!(!app.calendar_shown());
    let why = status_text(&app);
    assert!(
        why.contains("needs 8+ weeks, this range is 30 days"),
        "{why}"
    );
    let fx = ch(&mut app, '3');
    answer(&mut app, &org, fx);
    // The range that answers it leaves no word saying 30 days are too few.
    assert!(app.status.is_none(), "{:?}", app.status);
    let rows = app.table_rows();
    ch(&mut app, 'c');
    assert!(app.calendar_shown());
    // The calendar's ten rows come out of the table (the products give theirs first).
    assert_eq!(
        app.table_rows(),
        app.screen.main_calendar.users.height as usize - 1
    );
    assert!(app.table_rows() < rows);
    ch(&mut app, 'c');
    assert!(!app.calendar_shown());
    assert_eq!(app.table_rows(), rows);
}

/// On the calendar the cursor starts on the last day shown (nothing was lit before the
/// first arrow), and Enter makes the range that day, whose prompts are its cell.
#[test]
fn enter_on_a_calendar_day_shows_that_day() {
    let (mut app, org) = loaded((80, 24));
    let fx = ch(&mut app, '3');
    answer(&mut app, &org, fx);
    ch(&mut app, 'c');
    while app.focus != Focus::Chart {
        key(&mut app, KeyCode::Tab);
    }
    assert_eq!(app.pane(), crate::tui::keymap::Pane::Calendar);
    let shown = app.view.calendar.as_ref().expect("the calendar").shown;
    assert_eq!(app.calendar_day().map(|d| d.0), Some(shown.1));
    ch(&mut app, 'h');
    ch(&mut app, 'k');
    let (day, cell) = app.calendar_day().expect("a day under the cursor");
    let fx = key(&mut app, KeyCode::Enter);
    assert_eq!((app.query.range.start(), app.query.range.end()), (day, day));
    answer(&mut app, &org, fx);
    assert_eq!(
        app.view.kpis.total, cell,
        "the day's prompts, as its cell said"
    );
    assert_eq!(app.pane(), crate::tui::keymap::Pane::Chart);
}

#[test]
fn the_screen_names_the_users_keys() {
    let render = |app: &App| {
        let backend = ratatui::backend::TestBackend::new(120, 40);
        let mut t = ratatui::Terminal::new(backend).unwrap();
        t.draw(|f| f.render_widget(app, f.area())).unwrap();
        format!("{}", t.backend())
    };
    let table: toml::Table =
        toml::from_str("products = \"P\"\ntoggle = \"t\"\nquit = \"x\"").unwrap();
    let (app, _) = loaded((120, 40));
    let mut app = app.with_keymap(Keymap::from_config(Some(&table)).unwrap());
    let main = render(&app);
    assert!(
        main.contains("x quit") && main.contains("P products"),
        "{main}"
    );
    assert!(!main.contains("q quit"), "{main}");
    ch(&mut app, 'P');
    assert_eq!(app.mode, Mode::Picker);
    let picker = render(&app);
    assert!(
        picker.contains("Products (t toggles, a: all, Enter applies)"),
        "{picker}"
    );
}

/// A main-screen key pressed in a person's detail says where it works, and does nothing
/// else (`b` was silent; now `b` works there too, and `v` is such a key); a key bound nowhere stays silent.
#[test]
fn a_main_screen_key_in_the_detail_says_where_it_works() {
    let mut app = prepared(Mode::Detail, Action::Lens);
    let (lens, query) = (app.view.lens, app.query().clone());
    assert!(ch(&mut app, 'v').is_empty());
    let said = app.status().map(|s| s.text.clone()).unwrap_or_default();
    assert_eq!(
        said,
        "lens: new dormant movers: on the main screen (Esc goes back)"
    );
    assert_eq!((app.mode, app.view.lens), (Mode::Detail, lens));
    assert_eq!(app.query(), &query);
    // The next key that acts replaces it: `m` masks, and the hint about `v` goes.
    ch(&mut app, 'm');
    assert!(app.mask() && app.status().is_none(), "{:?}", app.status());
    ch(&mut app, 'm');
    ch(&mut app, 'v');
    // Going back, the note goes too: it was about the detail.
    key(&mut app, KeyCode::Esc);
    assert_eq!((app.mode, app.status().is_none()), (Mode::Main, true));
    // Another note (what `y` copied) is not about the view: it stays.
    key(&mut app, KeyCode::Enter);
    ch(&mut app, 'y');
    key(&mut app, KeyCode::Esc);
    let said = app.status().map(|s| s.text.clone()).unwrap_or_default();
    assert!(said.starts_with("copied"), "{said}");
    // `t` with no teams says there are none, as the main screen does.
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.mode, Mode::Detail);
    ch(&mut app, 't');
    let said = app.status().map(|s| s.text.clone()).unwrap_or_default();
    assert!(said.starts_with("no teams"), "{said}");
    assert_eq!(app.mode, Mode::Detail);
    let mut quiet = prepared(Mode::Detail, Action::Lens);
    ch(&mut quiet, 'Z');
    assert!(quiet.status().is_none());
}

/// In a person's detail, `G`, `g`, `j` and `k` pass over dormant people, who have nothing
/// to detail (the screen said "this person has no prompts" without saying who).
#[test]
fn the_detail_moves_between_people_with_prompts_only() {
    let (mut app, org) = loaded((120, 40));
    // Sorted by last active day, the dormant people (none this period) come last.
    ch(&mut app, 'L');
    let fx = key(&mut app, KeyCode::Enter);
    answer(&mut app, &org, fx);
    assert_eq!(app.mode, Mode::Detail);
    let current: Vec<usize> = (0..app.view.order.len())
        .filter(|&i| {
            let r = app.view.order[i] as usize;
            app.view.people.rows[r].current.is_some()
        })
        .collect();
    assert!(
        current.len() < app.view.order.len(),
        "the demo has dormant people"
    );
    // Down past everyone, then up past everyone: only people with prompts are opened,
    // and past the last one with prompts there is no one further (the selection stays).
    for (k, want) in [('j', *current.last().unwrap()), ('k', current[0])] {
        for _ in 0..app.view.order.len() {
            ch(&mut app, k);
            let r = app.view.order[app.table.selected()] as usize;
            assert!(
                app.view.people.rows[r].current.is_some(),
                "{k}: someone with prompts"
            );
            assert!(app.view.detail.is_some(), "{k}: a person with prompts");
        }
        assert_eq!(app.table.selected(), want, "{k}");
    }
}

/// Tab goes round the panes drawn at this size only: at the 60x16 minimum the products
/// are not drawn, and Tab stopped on them with nothing lit.
#[test]
fn tab_passes_over_panes_not_drawn() {
    let (mut app, _) = loaded((60, 16));
    let products = app.areas().products_beside;
    assert_eq!(products.height.min(products.width), 0, "{products:?}");
    let mut seen = Vec::new();
    for _ in 0..8 {
        key(&mut app, KeyCode::Tab);
        seen.push(app.focus);
    }
    assert!(!seen.contains(&Focus::Products), "{seen:?}");
    assert!(
        seen.contains(&Focus::Users) && seen.contains(&Focus::Chart),
        "{seen:?}"
    );
    // Where they are drawn, they are in the round.
    let (mut app, _) = loaded((120, 40));
    let seen: Vec<Focus> = (0..4)
        .map(|_| {
            key(&mut app, KeyCode::Tab);
            app.focus
        })
        .collect();
    assert!(seen.contains(&Focus::Products), "{seen:?}");
}

/// Esc on the main screen clears the search applied, as k9s clears its filter; with none,
/// it does nothing, and it never quits.
#[test]
fn esc_clears_the_search_applied() {
    let (mut app, org) = loaded((120, 40));
    let everyone = app.view.order.len();
    ch(&mut app, '/');
    let fx = super::tests::type_in(&mut app, "ada");
    answer(&mut app, &org, fx);
    assert!(app.view.order.len() < everyone);
    let fx = key(&mut app, KeyCode::Esc);
    assert!(app.query().search.is_none());
    answer(&mut app, &org, fx);
    assert_eq!((app.view.order.len(), app.mode), (everyone, Mode::Main));
    assert!(key(&mut app, KeyCode::Esc).is_empty());
}

/// Enter on the chart shows the days of the bar under the cursor (a week of a year-to-date
/// range), and `[` then steps by that unit; with no cursor, it says how to get one.
#[test]
fn enter_on_a_bar_shows_its_days() {
    let (mut app, org) = loaded((120, 40));
    let fx = ch(&mut app, '6');
    answer(&mut app, &org, fx);
    while app.focus != Focus::Chart {
        key(&mut app, KeyCode::Tab);
    }
    assert!(key(&mut app, KeyCode::Enter).is_empty());
    let said = app.status().map(|s| s.text.clone()).unwrap_or_default();
    assert!(said.contains("pick a bar; Enter shows its days"), "{said}");
    assert_ne!(
        app.view.chart.shown,
        crate::tui::chart::Bucketing::Day,
        "a year to date"
    );
    key(&mut app, KeyCode::Left);
    let bar = app
        .view
        .chart
        .bar(app.chart_cursor().unwrap())
        .unwrap()
        .clone();
    let fx = key(&mut app, KeyCode::Enter);
    answer(&mut app, &org, fx);
    assert_eq!(
        (app.query().range.start(), app.query().range.end()),
        (bar.start, bar.end)
    );
    assert_eq!(
        app.view.kpis.total, bar.prompts,
        "the bar's prompts, now the range's"
    );
    assert_eq!(app.view.chart.shown, crate::tui::chart::Bucketing::Day);
    let days = app.query().range.len_days() as i64;
    let fx = ch(&mut app, '[');
    answer(&mut app, &org, fx);
    let before = app.query().range;
    assert_eq!(before.end(), bar.start - chrono::Duration::days(1));
    assert!(before.len_days() as i64 >= days);
}

/// `p` in a person's detail picks products over the person and goes back to them: it
/// dropped the detail and left the table blank behind it.
#[test]
fn p_in_a_detail_goes_back_to_the_person() {
    let (mut app, org) = loaded((120, 40));
    let fx = key(&mut app, KeyCode::Enter);
    answer(&mut app, &org, fx);
    let who = detail_email(&app);
    ch(&mut app, 'p');
    assert_eq!((app.mode, app.base_mode()), (Mode::Picker, Mode::Detail));
    assert!(
        screen_rows(&app).iter().any(|r| r.contains(&who)),
        "drawn over the person"
    );
    key(&mut app, KeyCode::Esc);
    assert_eq!((app.mode, detail_email(&app)), (Mode::Detail, who.clone()));
    // Applied: the person again, with the products picked.
    ch(&mut app, 'p');
    ch(&mut app, ' ');
    let fx = key(&mut app, KeyCode::Enter);
    assert_eq!(main_fetch(&fx).unwrap().product_ids.len(), 4);
    answer(&mut app, &org, fx);
    assert_eq!(app.mode, Mode::Detail);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.mode, Mode::Main);
    let rows = screen_rows(&app);
    assert!(
        rows.iter().filter(|r| r.contains("@acme")).count() > 5,
        "{rows:#?}"
    );
}

/// Under the minimum size only quitting works: keys typed blind changed the range,
/// masked emails and wrote files, and `q` in the picker only closed it.
#[test]
fn a_screen_too_small_takes_quit_alone() {
    let (mut app, _) = loaded((120, 40));
    ch(&mut app, 'p');
    app.update(Msg::Resize(40, 12));
    let before = (app.query().clone(), app.mask, app.picker.chosen().to_vec());
    for c in ['3', 'm', 'e', ' ', 'j'] {
        assert!(ch(&mut app, c).is_empty(), "{c}");
    }
    assert_eq!(
        (app.query().clone(), app.mask, app.picker.chosen().to_vec()),
        before
    );
    assert_eq!(ch(&mut app, 'q'), vec![Effect::Quit]);
    assert!(app.quit());
}

/// g and G on the chart pane go to its first and last bar, or day on the calendar: the
/// keys' help says top and bottom, and they did nothing there.
#[test]
fn g_and_shift_g_reach_the_ends_of_the_chart_and_the_calendar() {
    let (mut app, org) = loaded((120, 40));
    let fx = ch(&mut app, '3');
    answer(&mut app, &org, fx);
    while app.focus != Focus::Chart {
        key(&mut app, KeyCode::Tab);
    }
    ch(&mut app, 'g');
    assert_eq!(app.chart_cursor(), Some(0));
    ch(&mut app, 'G');
    assert_eq!(app.chart_cursor(), Some(app.view.chart.bars.len() - 1));
    ch(&mut app, 'c');
    let shown = app.view.calendar.as_ref().expect("the calendar").shown;
    ch(&mut app, 'g');
    assert_eq!(app.calendar_day().map(|d| d.0), Some(shown.0));
    ch(&mut app, 'G');
    assert_eq!(app.calendar_day().map(|d| d.0), Some(shown.1));
}

/// `/` in a person's detail searches the table: it narrowed the view under the person,
/// who then had "no prompts in this view" and no name on screen.
#[test]
fn slash_in_a_detail_searches_the_table() {
    let mut app = prepared(Mode::Detail, Action::Search);
    ch(&mut app, '/');
    assert_eq!(app.mode, Mode::Main);
    assert!(app.input().is_some(), "the search field is open");
    for c in "grace".chars() {
        ch(&mut app, c);
    }
    let rows = screen_rows(&app).join("\n");
    assert!(
        rows.contains("Search email or name (Enter, Esc): grace"),
        "{rows}"
    );
}

/// A person's detail at the minimum size: the lines that do not fit are counted on the
/// last row (the origins showed APP alone, with no sign of the others), and the hint
/// leaves whole (it read "j/k: nex").
#[test]
fn a_detail_at_60x16_says_what_it_leaves_out() {
    let (mut app, org) = loaded((60, 16));
    let fx = key(&mut app, KeyCode::Enter);
    answer(&mut app, &org, fx);
    // Each of the first people, whatever their number of products: the origins whole,
    // or a row that says what a taller terminal shows; never a heading alone.
    for _ in 0..8 {
        let rows = screen_rows(&app);
        let text = rows.join("\n");
        let origins = ["APP", "SLACK", "API_KEY"];
        let shown = origins
            .iter()
            .filter(|o| rows.iter().any(|r| r.starts_with(*o)))
            .count();
        assert!(
            shown == 3 || text.contains("(a taller terminal shows"),
            "{text}"
        );
        assert!(!text.contains("nex\n") && !text.contains(": nex"), "{text}");
        let body: Vec<&String> = rows.iter().filter(|r| !r.trim().is_empty()).collect();
        assert!(!body[body.len() - 2].starts_with("By origin"), "{text}");
        let fx = ch(&mut app, 'j');
        answer(&mut app, &org, fx);
    }
}

/// On the Products pane j/k move a row and Enter keeps that product alone, then every
/// product again (the pane had no rows to move through; Enter opened the picker).
#[test]
fn the_products_pane_picks_one_product_and_all_again() {
    let (mut app, org) = loaded((120, 40));
    while app.focus != Focus::Products {
        key(&mut app, KeyCode::Tab);
    }
    assert!(app.products_drawn() >= 2);
    ch(&mut app, 'j');
    assert_eq!(app.picker().row(app.view.products.len()), 1);
    let second = app.view.product_ids[1];
    let name = app.view.products[1].name.clone();
    let fx = key(&mut app, KeyCode::Enter);
    assert_eq!(main_fetch(&fx).unwrap().product_ids, [second]);
    answer(&mut app, &org, fx);
    // The one product's prompts, as the pane had them, and its name alone in the pane.
    assert_eq!(app.view.products.len(), 1);
    assert_eq!(app.view.products[0].name, name);
    // The filter pane and the header name it, where they said "1 selected" and "1 of 5".
    let cells = app.filter_cells();
    assert_eq!(cells.iter().find(|c| c.0 == "Products").unwrap().1, name);
    let top = screen_rows(&app).join("\n");
    let header = top.lines().nth(1).unwrap();
    assert!(header.contains(&format!("products {name}")), "{top}");
    // Again: every product (from memory, as they were fetched before).
    key(&mut app, KeyCode::Enter);
    assert!(app.query().product_ids.is_empty(), "every product again");
    assert!(app.view.products.len() > 1);
    // A saved response is filtered already: said, not asked.
    app.source = SourceKind::Fixed;
    assert!(key(&mut app, KeyCode::Enter).is_empty());
    assert!(app.status().is_some_and(|s| s.error));
}

/// A range the flags gave as days (`--last 3d` on the 3rd) compares with as many days
/// before, as the CLI does, not with the same days of the month before.
#[test]
fn a_rolling_range_from_the_flags_compares_with_the_days_before() {
    use chrono::Datelike;
    let today = super::tests::today();
    let first = today.with_day(1).unwrap();
    let q = crate::api::UsageQuery::new(crate::dates::DateRange::new(first, today).unwrap());
    let app = |rolling| {
        let wall = super::tests::wall();
        App::new(q.clone(), today, "t".into(), SourceKind::Api, vec![], wall).with_rolling(rolling)
    };
    // Read as this month so far: the same days of the month before.
    let month = app(false).previous_range();
    assert_eq!(
        month.start(),
        (first - chrono::Duration::days(1)).with_day(1).unwrap()
    );
    // Given as days: as many days just before.
    let days = app(true).previous_range();
    assert_eq!(days.end(), first - chrono::Duration::days(1));
    assert_eq!(days.len_days(), q.range.len_days());
}

/// Remapped presets are named by their new keys where the screen lists them: the filter
/// pane kept `3 90d` and `d custom`, and `c`'s hint "(3: 90d ...)", keys that did nothing.
#[test]
fn the_filter_pane_and_the_calendar_hint_follow_a_remap() {
    let table: toml::Table =
        toml::from_str("last_90d = \"F6\"\ncustom_range = \"F3\"\nyear_to_date = []").unwrap();
    let (app, _) = loaded((200, 60));
    let mut app = app.with_keymap(Keymap::from_config(Some(&table)).unwrap());
    let screen = crate::tui::app::tests::screen_rows(&app);
    let pane: Vec<&String> = screen.iter().filter(|l| l.contains(" 90d ")).collect();
    assert!(pane.iter().any(|l| l.contains("│ F6   90d")), "{pane:?}");
    assert!(
        screen.iter().any(|l| l.contains("│ F3   custom")),
        "{screen:#?}"
    );
    assert!(
        screen.iter().any(|l| l.contains("│  1   7d")),
        "{screen:#?}"
    );
    assert!(
        !screen.iter().any(|l| l.contains("│ 3   90d")),
        "{screen:#?}"
    );
    ch(&mut app, 'c');
    let why = status_text(&app);
    assert!(
        why.contains("(F6: 90d, year_to_date: YTD, F3: any)"),
        "{why}"
    );
}

/// The status line's text, or nothing.
fn status_text(app: &App) -> String {
    app.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

/// A saved response's `?` help leaves out the picker's own keys, as it leaves out `p`:
/// no picker opens there (it listed "Space toggle" and "a all").
#[test]
fn a_saved_files_help_lists_no_picker_keys() {
    let (mut app, _) = loaded((120, 60));
    let names = |app: &App| -> Vec<&'static str> {
        crate::tui::help::lines(app.keymap(), |a| app.offers(a))
            .iter()
            .map(|l| l.name)
            .collect()
    };
    assert!(names(&app).contains(&"toggle") && names(&app).contains(&"all"));
    app.source = SourceKind::Fixed;
    let saved = names(&app);
    for gone in ["toggle", "all", "products", "search"] {
        assert!(!saved.contains(&gone), "{gone}: {saved:?}");
    }
}

/// A refused key's warning lasts until the next key that acts: "a saved response is
/// already filtered" stayed through Tab, Esc and into a person's detail.
#[test]
fn a_refusal_is_gone_at_the_next_key() {
    let (mut app, _) = loaded((120, 40));
    app.source = SourceKind::Fixed;
    ch(&mut app, 'o');
    assert!(app.status().is_some_and(|s| s.error), "{:?}", app.status());
    key(&mut app, KeyCode::Tab);
    assert!(app.status().is_none(), "{:?}", app.status());
}

/// More products than the pane's rows: j/k and G on the pane scroll to the last, and the
/// last line says how many are above and below (a saved file's picker does not open, so
/// its later products could not be seen at all).
#[test]
fn the_products_pane_scrolls_to_its_last_product() {
    let (mut app, _) = loaded((80, 24));
    while app.focus != Focus::Products {
        key(&mut app, KeyCode::Tab);
    }
    let (len, drawn) = (app.view.products.len(), app.products_drawn());
    assert!(len > drawn + 1, "{len} products, {drawn} drawn");
    let text = |app: &App| screen_rows(app).join("\n");
    // Its last word: a wide character is drawn as two cells.
    let name = &app.view.products[len - 1].name;
    let last = name.rsplit(' ').next().unwrap().to_string();
    assert!(!text(&app).contains(&last));
    assert!(text(&app).contains(&format!("… {} more", len - drawn)));
    key(&mut app, KeyCode::Char('G'));
    assert_eq!(app.products_top(), len - drawn);
    let s = text(&app);
    assert!(
        s.contains(&last) && s.contains(&format!("… {} above", len - drawn)),
        "{s}"
    );
    // One up keeps the window; past its top it follows, with some on either side.
    for _ in 0..drawn {
        ch(&mut app, 'k');
    }
    assert_eq!(app.products_top(), len - drawn - 1);
    assert!(text(&app).contains("above, 1 below"), "{}", text(&app));
    // Enter filters by the product on the row, as it is drawn.
    let id = app.view.product_ids[app.picker().row(len)];
    let fx = key(&mut app, KeyCode::Enter);
    assert_eq!(main_fetch(&fx).unwrap().product_ids, [id]);
}
