//! Snapshots of the main screen with `[teams]` configured and one team shown: the team
//! row in the filters, the team column (dropped first when narrow) and the per-team block
//! (beside the products when there is room).

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::tui::app::App;
use crate::tui::app::tests::{ch, loaded};

fn screen(app: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(app.size().0, app.size().1)).unwrap();
    t.draw(|f| f.render_widget(app, f.area())).unwrap();
    format!("{}", t.backend())
}

#[test]
fn main_screen_with_a_team_shown() {
    let table = "first = [\"a*\", \"b*\"]\nsecond = [\"*.t*\"]\n"
        .parse()
        .unwrap();
    for size in [(80, 24), (200, 60)] {
        let (mut app, _) = loaded(size);
        app.set_teams(crate::teams::Teams::from_table(&table).unwrap(), None);
        ch(&mut app, 't');
        let s = screen(&app);
        assert!(s.contains("first"), "{s}");
        insta::assert_snapshot!(format!("teams_first_{}x{}", size.0, size.1), s);
    }
}

/// More teams than the block has rows: the last line says how many are left out and the
/// key that steps through them, and the team shown stays in the block ("(no team)" was
/// left out without a word).
#[test]
fn a_block_too_short_for_its_teams_says_so() {
    let table: toml::Table = (0..8)
        .map(|i| format!("t{i} = [\"{}*\"]\n", (b'a' + i) as char))
        .collect::<String>()
        .parse()
        .unwrap();
    let (mut app, _) = loaded((200, 60));
    app.set_teams(crate::teams::Teams::from_table(&table).unwrap(), None);
    // The block's rows, read cell by cell from the column where its note begins.
    let block = |app: &App| -> Vec<String> {
        let (w, h) = app.size();
        let mut buf = ratatui::buffer::Buffer::empty(ratatui::layout::Rect::new(0, 0, w, h));
        ratatui::widgets::Widget::render(app, buf.area, &mut buf);
        let line = |y: u16, x: u16| -> String {
            (x..(x + 12).min(w)).map(|x| buf[(x, y)].symbol()).collect()
        };
        let find = |text: &str| {
            (0..h).find_map(|y| {
                (0..w)
                    .find(|&x| line(y, x).starts_with(text))
                    .map(|x| (x, y))
            })
        };
        let (x, at) = find("… ").expect("the note");
        let (_, head) = find("Teams").expect("the block");
        (head + 1..=at).map(|y| line(y, x)).collect()
    };
    let rows = block(&app);
    assert_eq!(rows.first().map(|r| r.trim()), Some("t0"), "{rows:?}");
    assert_eq!(
        rows.last().map(|r| r.trim()),
        Some("… 4 more (t)"),
        "{rows:?}"
    );
    // Stepped to "(no team)", the last of nine rows: it ends the block.
    for _ in 0..9 {
        ch(&mut app, 't');
    }
    let rows = block(&app);
    assert_eq!(rows[rows.len() - 2].trim(), "(no team)", "{rows:?}");
    insta::assert_snapshot!("teams_more_than_rows_200x60", screen(&app));
}

/// A hundred and twenty teams: the note of those left out is whole, key and all (cut to
/// the name's column it read "… 116 more …").
#[test]
fn the_note_of_many_teams_left_out_is_whole() {
    let table: toml::Table = (0..120)
        .map(|i| format!("t{i} = [\"x{i}@*\"]\n"))
        .collect::<String>()
        .parse()
        .unwrap();
    let (mut app, _) = loaded((200, 60));
    app.set_teams(crate::teams::Teams::from_table(&table).unwrap(), None);
    let s = screen(&app);
    assert!(s.contains("more (t)"), "{s}");
}

/// A team none of whose people has a row names no product: the Products block says so
/// (it was blank, where the whole organization lists its products).
#[test]
fn a_team_with_no_rows_says_its_products_block_is_empty() {
    let table = "nobody = [\"nobody-at-all@*\"]\n".parse().unwrap();
    let (mut app, _) = loaded((200, 60));
    app.set_teams(crate::teams::Teams::from_table(&table).unwrap(), None);
    assert!(!screen(&app).contains("none with rows in this view"));
    ch(&mut app, 't');
    assert!(app.view().products.is_empty());
    let s = screen(&app);
    assert!(
        s.contains("nobody") && s.contains("none with rows in this view"),
        "{s}"
    );
}
