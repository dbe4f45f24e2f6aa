//! The picker's figures against the demo organization's raw rows, summed here without the
//! model: what the picker shows beside a product is what the server sent for it.

use std::collections::HashMap;

use crossterm::event::KeyCode;
use uuid::Uuid;

use crate::demo::{Org, RowFilter};
use crate::tui::app::App;
use crate::tui::app::tests::{answer, ch, key, loaded, screen_rows, type_in};

/// Each product's prompts in the raw rows of the view asked for, products unfiltered.
fn raw_sums(app: &App, org: &Org) -> HashMap<Uuid, u64> {
    let q = app.query();
    let rows = org.rows(&RowFilter {
        start: q.range.start(),
        end: q.range.end(),
        product_ids: &[],
        search: q.search.as_deref(),
        origin: q.origin,
    });
    let mut sums = HashMap::new();
    for r in rows {
        *sums.entry(r.product_id).or_insert(0) += r.prompt_count;
    }
    sums
}

/// The picker's figure of each known product.
fn shown(app: &App) -> Vec<(Uuid, Option<u64>)> {
    let figures = &app.view().product_prompts;
    let known = app.picker().known();
    known.iter().map(|(id, _)| (*id, figures.get(id))).collect()
}

#[test]
fn each_product_shows_its_prompts_in_the_range_and_origin() {
    let (mut app, org) = loaded((80, 24));
    let fx = ch(&mut app, 'o');
    answer(&mut app, &org, fx);
    assert!(app.query().origin.is_some(), "an origin filter");
    let sums = raw_sums(&app, &org);
    let figures = shown(&app);
    assert_eq!(figures.len(), 5);
    for (id, figure) in &figures {
        assert_eq!(*figure, Some(sums.get(id).copied().unwrap_or(0)), "{id}");
    }
    assert!(figures.iter().any(|(_, f)| f.is_some_and(|n| n > 0)));
    // The picker opens on the same figures; draw reads them, it sums nothing.
    ch(&mut app, 'p');
    assert_eq!(shown(&app), figures);
}

#[test]
fn a_product_the_answer_lacks_had_none_unless_the_filter_left_it_out() {
    let (mut app, org) = loaded((80, 24));
    // One person's prompts: some products have no row, and read 0.
    ch(&mut app, '/');
    let fx = type_in(&mut app, "frances.allen30");
    answer(&mut app, &org, fx);
    let sums = raw_sums(&app, &org);
    assert!(sums.len() < 5, "a product with no row: {sums:?}");
    for (id, figure) in shown(&app) {
        assert_eq!(figure, Some(sums.get(&id).copied().unwrap_or(0)));
    }
    // All products but the first: the first's figure is not in the answer, so unknown.
    ch(&mut app, 'p');
    ch(&mut app, ' ');
    let fx = key(&mut app, KeyCode::Enter);
    answer(&mut app, &org, fx);
    let first = app.picker().known()[0].0;
    for (id, figure) in shown(&app) {
        match id == first {
            true => assert_eq!(figure, None),
            false => assert_eq!(figure, Some(sums.get(&id).copied().unwrap_or(0))),
        }
    }
}

/// Twenty products more than the five a 60x16 screen has room for: the window follows
/// the cursor down to the last product and back up, the product under the cursor is
/// always drawn, and the bottom line says where the cursor is.
#[test]
fn more_products_than_rows_scroll_with_the_cursor() {
    let (mut app, _org) = loaded((60, 16));
    let extra: Vec<crate::model::Product> = (0..20)
        .map(|i| crate::model::Product {
            id: Uuid::from_u128(1000 + i),
            name: format!("Tool {i:02}"),
        })
        .collect();
    app.picker.learn(&extra);
    ch(&mut app, 'p');
    let n = app.picker().known().len();
    let rows = app.picker().rows(16);
    assert_eq!((n, rows), (25, 14));
    // The demo's wide names are drawn a cell apart: only the others are looked for.
    let visible = |app: &App| {
        let screen = screen_rows(app).join("\n");
        let name = &app.picker().known()[app.picker().cursor()].1;
        let at = format!(" {}/{n} ", app.picker().cursor() + 1);
        (!name.is_ascii() || screen.contains(&format!("[x] {name}"))) && screen.contains(&at)
    };
    for _ in 0..n + 3 {
        assert!(visible(&app), "cursor {}", app.picker().cursor());
        key(&mut app, KeyCode::Down);
    }
    assert_eq!(app.picker().cursor(), n - 1);
    assert_eq!(app.picker().top(rows), n - rows);
    for _ in 0..rows {
        key(&mut app, KeyCode::Up);
        assert!(visible(&app), "cursor {}", app.picker().cursor());
    }
    // The window moved only once the cursor passed its first row.
    assert_eq!(app.picker().cursor(), n - 1 - rows);
    assert_eq!(app.picker().top(rows), n - 1 - rows);
    // A screen that fits them all shows them all, with no position line.
    app.update(crate::tui::app::Msg::Resize(80, 40));
    assert_eq!((app.picker().rows(40), app.picker().top(25)), (25, 0));
    assert!(!screen_rows(&app).join("\n").contains(&format!("/{n} ")));
}

/// `a` ticks every product, and again none, so that one of five is `a`, Space, Enter
/// (it took four Spaces); Enter with none ticked still asks for one.
#[test]
fn a_ticks_all_then_none() {
    let (mut app, org) = loaded((80, 24));
    ch(&mut app, 'p');
    assert!(app.picker().is_all());
    ch(&mut app, 'a');
    assert!(!app.picker().is_all() && app.picker().chosen().is_empty());
    assert!(
        key(&mut app, KeyCode::Enter).is_empty(),
        "none ticked: nothing applied"
    );
    ch(&mut app, ' ');
    let one = app.picker().chosen().to_vec();
    assert_eq!(one.len(), 1);
    let fx = key(&mut app, KeyCode::Enter);
    assert_eq!(
        crate::tui::app::tests::main_fetch(&fx).unwrap().product_ids,
        one
    );
    answer(&mut app, &org, fx);
    ch(&mut app, 'p');
    ch(&mut app, 'a');
    assert!(app.picker().is_all(), "from some ticked, all again");
}

/// The help opened from the picker closes back to it, its ticks as they were: Esc from
/// the help left the picker, and `p` again showed every product ticked.
#[test]
fn the_help_from_the_picker_goes_back_to_it_with_its_ticks() {
    use crate::tui::keymap::Mode;
    let (mut app, _) = loaded((120, 40));
    ch(&mut app, 'p');
    ch(&mut app, ' ');
    let ticked = app.picker().chosen().to_vec();
    assert!(!app.picker().is_all() && !ticked.is_empty());
    ch(&mut app, '?');
    assert_eq!(app.mode(), Mode::Help);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), Mode::Picker);
    assert_eq!(app.picker().chosen(), ticked);
    // Closed, the picker is left for good: the help then goes back to the main screen.
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), Mode::Main);
    ch(&mut app, '?');
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), Mode::Main);
}
