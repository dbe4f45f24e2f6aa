//! Snapshots of the status line at narrow widths: a message longer than its line takes
//! rows from the pane above (never the footer) and reads whole, or says it is cut.

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::snapshots_polish::screen;
use crate::tui::app::App;
use crate::tui::app::tests::{answer, ch, fail_main, key, loaded};

/// A note longer than the status line reads whole on the rows above it (`y`'s command cut
/// at `--to 2026` read as whole); one longer than those rows still ends in `…`.
#[test]
fn a_long_note_reads_whole_or_says_it_is_cut() {
    let (mut app, org) = loaded((80, 24));
    ch(&mut app, 'y');
    let command = app.export_command();
    assert!(command.len() + 8 > 80, "the command is longer than a line");
    let (s, rows) = screen(&app);
    let status = app.areas().status;
    assert!(status.height > 1, "{s}");
    let said: Vec<&str> = (status.rows())
        .map(|r| rows[r.y as usize].trim_end())
        .collect();
    assert_eq!(said.join(" "), format!("copied: {command}"), "{s}");
    // A search too long for three rows at 60 columns: the last one says it goes on.
    app.update(crate::tui::app::Msg::Resize(60, 16));
    ch(&mut app, '/');
    let fx = crate::tui::app::tests::type_in(&mut app, &"very long search ".repeat(12));
    answer(&mut app, &org, fx);
    ch(&mut app, 'y');
    let (s, rows) = screen(&app);
    let last = app.areas().status.y + 2;
    assert!(rows[last as usize].trim_end().ends_with('…'), "{s}");
    assert!(
        rows[15].starts_with("Enter detail"),
        "the footer stays:\n{s}"
    );
}

/// A long error at the 60x16 minimum reads whole on the rows above the footer, taken from
/// the people table, which keeps the selected person in sight; the rows come back when
/// the error goes. At 40x12 the screen only asks for a larger terminal.
#[test]
fn a_long_error_takes_the_rows_it_needs() {
    use crate::tui::app::Msg;
    let (mut app, org) = loaded((60, 16));
    for _ in 0..3 {
        key(&mut app, crossterm::event::KeyCode::Down);
    }
    let (_, before) = screen(&app);
    let fx = ch(&mut app, '3');
    let err = crate::api::ApiError::Certificate {
        host: "usage.clarityq.example".into(),
        why: "certificate expired".into(),
    };
    let text = err.to_string();
    fail_main(&mut app, fx, err);
    let (s, rows) = screen(&app);
    let status = app.areas().status;
    assert_eq!((status.y, status.height), (12, 3), "{s}");
    let said: Vec<&str> = rows[12..15].iter().map(|r| r.trim_end()).collect();
    assert_eq!(said.join(" "), text, "the whole message:\n{s}");
    assert_eq!(rows[15], before[15], "the footer stays:\n{s}");
    assert_eq!(app.table_rows(), 2);
    let (sel, off) = (app.table().selected(), app.table().offset());
    assert!(
        sel >= off && sel < off + 2,
        "the selected person is in sight:\n{s}"
    );
    insta::assert_snapshot!("long_error_60x16", s);
    app.update(Msg::Resize(40, 12));
    assert!(screen(&app).0.contains("at least 60x16"));
    app.update(Msg::Resize(60, 16));
    assert_eq!(app.areas().status.height, 3);
    // The next good answer takes the error away, and the table its rows back.
    let fx = ch(&mut app, '1');
    answer(&mut app, &org, fx);
    assert!(app.status().is_none(), "{:?}", app.status());
    assert_eq!((app.areas().status.height, app.table_rows()), (1, 4));
}

/// Tab shows which pane has the keys, without colour too: the chart's and the products'
/// names turn to reverse video when theirs, and back when Tab moves on.
#[test]
fn the_pane_with_the_keys_shows_it() {
    use crate::tui::app::Focus;
    use crossterm::event::KeyCode;
    use ratatui::style::Modifier;
    let (mut app, _) = loaded((120, 40));
    let reversed = |app: &App, name: &str| {
        let (w, h) = app.size();
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        t.draw(|f| f.render_widget(app, f.area())).unwrap();
        let buf = t.backend().buffer();
        let (x, y) = (0..h)
            .find_map(|y| {
                let row: String = (0..w).map(|x| buf[(x, y)].symbol().to_string()).collect();
                row.find(name).map(|i| (row[..i].chars().count() as u16, y))
            })
            .unwrap_or_else(|| panic!("no {name}"));
        buf[(x, y)].modifier.contains(Modifier::REVERSED)
    };
    let (chart, products) = ("Prompts per", "Products  ");
    assert!(!reversed(&app, chart) && !reversed(&app, products));
    for (pane, on, off) in [
        (Focus::Chart, chart, products),
        (Focus::Products, products, chart),
    ] {
        while app.focus() != pane {
            key(&mut app, KeyCode::Tab);
        }
        assert!(reversed(&app, on) && !reversed(&app, off), "{pane:?}");
    }
}
