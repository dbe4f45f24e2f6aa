//! Snapshots of whole screens on a `TestBackend`: the main screen, the user detail, the
//! help, an error state and a too-small terminal, at 80x24 and 160x48, on the demo
//! organization with a fixed "today" and clock. The `.snap` files are committed; CI only
//! compares.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::tui::app::tests::{answer, ch, loaded, type_in};
use crate::tui::app::{App, Effect, Msg, Slot};

fn screen(app: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(app.size().0, app.size().1)).unwrap();
    t.draw(|f| f.render_widget(app, f.area())).unwrap();
    format!("{}", t.backend())
}

fn press(app: &mut App, code: KeyCode) -> Vec<Effect> {
    app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

const SIZES: [(u16, u16); 3] = [(80, 24), (160, 48), (200, 60)];

#[test]
fn main_screen() {
    for size in SIZES {
        let (app, _) = loaded(size);
        insta::assert_snapshot!(format!("main_{}x{}", size.0, size.1), screen(&app));
    }
}

#[test]
fn user_detail() {
    for size in SIZES {
        let (mut app, org) = loaded(size);
        press(&mut app, KeyCode::Down);
        let fx = press(&mut app, KeyCode::Enter);
        answer(&mut app, &org, fx);
        insta::assert_snapshot!(format!("detail_{}x{}", size.0, size.1), screen(&app));
    }
}

#[test]
fn help_overlay() {
    for size in SIZES {
        let (mut app, _) = loaded(size);
        press(&mut app, KeyCode::Char('?'));
        insta::assert_snapshot!(format!("help_{}x{}", size.0, size.1), screen(&app));
    }
}

#[test]
fn error_keeps_the_data() {
    for size in SIZES {
        let (mut app, _) = loaded(size);
        let fx = press(&mut app, KeyCode::Char('3'));
        let err = crate::api::ApiError::Forbidden {
            detail: Some("Prompt usage tracking is not enabled for this organization".into()),
        };
        crate::tui::app::tests::fail_main(&mut app, fx, err);
        let s = screen(&app);
        assert!(s.contains("access denied (403)"), "{s}");
        // The header describes the data kept on screen, not the filter that failed.
        assert!(s.contains("(30d)"), "{s}");
        assert_eq!(app.query().range.len_days(), 30);
        insta::assert_snapshot!(format!("error_{}x{}", size.0, size.1), s);
    }
}

/// `p`: each product with its prompts in the view on screen, right-aligned; with a
/// product filter, a dash for the one left out of the answer, and the line saying why.
#[test]
fn picker_with_figures() {
    let (mut app, org) = loaded((80, 24));
    press(&mut app, KeyCode::Char('p'));
    let s = screen(&app);
    assert!(
        s.contains("2,507"),
        "Sales Assistant's, as in Products:\n{s}"
    );
    insta::assert_snapshot!("picker_80x24", s);
    press(&mut app, KeyCode::Char(' '));
    let fx = press(&mut app, KeyCode::Enter);
    answer(&mut app, &org, fx);
    press(&mut app, KeyCode::Char('p'));
    let s = screen(&app);
    assert!(s.contains("outside the product filter"), "{s}");
    insta::assert_snapshot!("picker_filtered_80x24", s);
}

/// `v` twice: the dormant people, 0 now, with their previous count and last day.
#[test]
fn lens_on_dormant() {
    for size in [(80, 24), (200, 60)] {
        let (mut app, org) = loaded(size);
        let fx = press(&mut app, KeyCode::Char('1'));
        answer(&mut app, &org, fx);
        press(&mut app, KeyCode::Char('v'));
        press(&mut app, KeyCode::Char('v'));
        let s = screen(&app);
        let n = app.view().order.len();
        assert!(n > 0 && s.contains(&format!("Dormant ({n})")), "{s}");
        insta::assert_snapshot!(format!("lens_dormant_{}x{}", size.0, size.1), s);
    }
}

/// `b`: the chart by ISO weeks, the clipped first week and the current one hatched.
#[test]
fn weekly_chart() {
    for size in [(80, 24), (200, 60)] {
        let (mut app, _) = loaded(size);
        press(&mut app, KeyCode::Char('b'));
        let s = screen(&app);
        assert!(
            s.contains("Prompts per ISO week") && s.contains("⣀▒ partial"),
            "{s}"
        );
        insta::assert_snapshot!(format!("chart_weeks_{}x{}", size.0, size.1), s);
    }
}

#[test]
fn too_small() {
    let (mut app, _) = loaded((80, 24));
    app.update(Msg::Resize(40, 12));
    let s = screen(&app);
    assert!(s.contains("at least 60x16"), "{s}");
    insta::assert_snapshot!("too_small_40x12", s);
}

/// Every size from 1x1 to 200x60 draws without a panic, in every mode.
#[test]
fn any_size_draws() {
    let (mut app, org) = loaded((80, 24));
    for mode_key in [None, Some(KeyCode::Enter), Some(KeyCode::Char('?'))] {
        if let Some(k) = mode_key {
            let fx = press(&mut app, k);
            answer(&mut app, &org, fx);
        }
        for w in (1..=200).step_by(7) {
            for h in (1..=60).step_by(5) {
                app.update(Msg::Resize(w, h));
                screen(&app);
            }
        }
        press(&mut app, KeyCode::Esc);
    }
}

/// Wide characters never shift the columns: in the products list the `%` of every row
/// sits in the same cell, CJK and emoji names included.
#[test]
fn wide_names_keep_alignment() {
    let (app, _) = loaded((160, 48));
    // The products' own column of shares, left of the Origins block.
    let right_edge = {
        let p = app.screen().main.products_beside;
        p.x + p.width
    };
    let mut t = Terminal::new(TestBackend::new(160, 48)).unwrap();
    t.draw(|f| f.render_widget(&app, f.area())).unwrap();
    let buf = t.backend().buffer();
    let mut percent_cols = Vec::new();
    for y in 0..48 {
        let row: String = (0..160).map(|x| buf[(x, y)].symbol().to_string()).collect();
        if ["Insights", "Studio", "Desk", "Sales", "Analytics"]
            .iter()
            .any(|n| row.contains(n))
            && row.contains('%')
        {
            let x = (0..right_edge)
                .rev()
                .find(|&x| buf[(x, y)].symbol() == "%")
                .unwrap();
            percent_cols.push(x);
        }
    }
    assert_eq!(percent_cols.len(), 5, "five products listed");
    assert!(
        percent_cols.windows(2).all(|w| w[0] == w[1]),
        "{percent_cols:?}"
    );
}

#[test]
fn a_refused_range_is_explained_in_full_on_a_narrow_terminal() {
    let (mut app, _) = loaded((80, 24));
    ch(&mut app, 'd');
    type_in(&mut app, "2026-13-01 2026-11-01");
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| f.render_widget(&app, f.area())).unwrap();
    let buf = t.backend().buffer();
    let last: String = (0..80).map(|x| buf[(x, 23)].symbol().to_string()).collect();
    assert_eq!(
        last.trim_end(),
        "'2026-13-01' is not a date: use YYYY-MM-DD"
    );
}

#[test]
fn a_range_with_no_prompts_gives_no_origin_shares() {
    let (mut app, org) = loaded((200, 60));
    ch(&mut app, 'd');
    let fx = type_in(&mut app, "2020-01-01 2020-01-31");
    answer(&mut app, &org, fx);
    assert_eq!(app.view().kpis.total, 0, "before the demo's history");
    let text = screen(&app);
    let lines: Vec<&str> = text.lines().filter(|l| l.contains("API_KEY")).collect();
    assert!(!lines.is_empty(), "{text}");
    // A share of no prompts is no figure: it said 0.0% for each origin.
    assert!(
        lines.iter().all(|l| l.contains('—') && !l.contains('%')),
        "{lines:?}"
    );
}

#[test]
fn glossary_page() {
    for size in SIZES {
        let (mut app, _) = loaded(size);
        press(&mut app, KeyCode::Char('?'));
        press(&mut app, KeyCode::Char('?'));
        let s = screen(&app);
        assert!(s.contains("active user"), "{s}");
        insta::assert_snapshot!(format!("glossary_{}x{}", size.0, size.1), s);
    }
}

#[test]
fn glossary_scrolls_at_the_minimum_size() {
    let (mut app, _) = loaded((60, 16));
    press(&mut app, KeyCode::Char('?'));
    press(&mut app, KeyCode::Char('?'));
    let top = screen(&app);
    assert!(
        top.contains("1-13 of ") && top.contains("j/k PgDn/PgUp scroll"),
        "{top}"
    );
    insta::assert_snapshot!("glossary_60x16_top", top);
    press(&mut app, KeyCode::End);
    let end = screen(&app);
    // The last terms, out of reach before, and the glossary still open.
    assert!(end.contains("origin: Where the prompts came from"), "{end}");
    assert!(end.contains("What the numbers mean"), "{end}");
    insta::assert_snapshot!("glossary_60x16_end", end);
}

#[test]
fn refused_key_with_no_data() {
    for size in SIZES {
        let (app0, _) = loaded(size);
        let mut app = App::new(
            app0.query().clone(),
            app0.today(),
            "demo organization".into(),
            crate::tui::app::SourceKind::Api,
            Vec::new(),
            app0.wall(),
        );
        app.update(Msg::Resize(size.0, size.1));
        let fx = app.start();
        for e in fx {
            if let Effect::Fetch {
                slot: Slot::Main,
                generation,
                query,
                ..
            } = e
            {
                let err = crate::api::ApiError::Unauthorized {
                    detail: None,
                    key_source: "$CLARITYQ_API_KEY".into(),
                };
                let wall = app.wall();
                app.update(Msg::Fetched {
                    slot: Slot::Main,
                    generation,
                    query,
                    result: Err(err),
                    wall,
                });
            }
        }
        let s = screen(&app);
        assert!(s.contains("No data") && s.contains("config show"), "{s}");
        // Said once, in the box with what to do; no one to open or sort.
        assert_eq!(s.matches("the API key was refused").count(), 1, "{s}");
        assert!(
            !s.contains("Enter detail") && !s.contains("s/S sort"),
            "{s}"
        );
        insta::assert_snapshot!(format!("no_data_{}x{}", size.0, size.1), s);
    }
}

/// PgDn in a person's detail pages by the rows the pane shows: each page starts on the
/// row after the last one drawn, so no day is skipped, on a short terminal too; the last
/// page is a whole one (it went on to the last row alone).
#[test]
fn a_page_of_the_persons_days_is_the_rows_shown() {
    for size in [(80, 24), (120, 30), (200, 60)] {
        let (mut app, org) = loaded(size);
        let fx = press(&mut app, KeyCode::Enter);
        answer(&mut app, &org, fx);
        // "Day ... Prompts  a-b/N PgDn" (PgUp on the last page), as drawn.
        let shown = |app: &App| {
            let s = screen(app);
            let paged = |l: &&str| l.contains(" PgDn") || l.contains(" PgUp");
            let head = s.lines().find(paged).map(str::to_string);
            head.map(|h| {
                let words: Vec<&str> = h.split_whitespace().collect();
                let key = |w: &&str| *w == "PgDn" || *w == "PgUp";
                let at = words.iter().position(key).unwrap();
                let span = words[at - 1].to_string();
                let (ab, n) = span.split_once('/').unwrap();
                let (a, b) = ab.split_once('-').unwrap();
                let num = |x: &str| x.parse::<usize>().unwrap();
                (num(a), num(b), num(n))
            })
        };
        let Some((mut a, mut b, n)) = shown(&app) else {
            continue; // every day fits: nothing to page
        };
        assert_eq!(a, 1, "{size:?}");
        while b < n {
            press(&mut app, KeyCode::PageDown);
            let (a2, b2, _) = shown(&app).unwrap();
            // The last page is whole, as `G` shows it: it may start on rows seen.
            match b2 < n {
                true => assert_eq!(a2, b + 1, "{size:?}: rows {}..{} skipped", b + 1, a2),
                false => assert!(a2 <= b + 1 && b2 - a2 == b - a, "{size:?}: {a2}-{b2}"),
            }
            assert!(b2 > b, "{size:?}");
            (a, b) = (a2, b2);
        }
        assert!(a <= n);
    }
}

/// `m` hides the email searched for, in the header and the filter pane, as it hides the
/// table's: a screenshot with a search names no one.
#[test]
fn m_masks_the_search_too() {
    let (mut app, org) = loaded((200, 60));
    let who = org.users[0].email.clone();
    let local = who.split('@').next().unwrap().to_string();
    ch(&mut app, '/');
    let fx = type_in(&mut app, &who);
    answer(&mut app, &org, fx);
    assert!(screen(&app).contains(&local), "shown before m");
    ch(&mut app, 'm');
    let s = screen(&app);
    assert!(!s.contains(&local), "{s}");
    assert!(
        s.contains(&format!("\"{}\"", crate::mask::mask_email(&who))),
        "{s}"
    );
}
