//! The header while a new view loads: it names the range its numbers are for, and says
//! what is loading, from the key until the answer (a pure `update` sequence, no clock).

use crate::dates::Preset;
use crate::tui::app::App;
use crate::tui::app::tests::{answer, ch, loaded, today};

/// The screen's row `y` as text.
fn row(app: &App, y: u16) -> String {
    crate::tui::app::tests::screen_rows(app)[usize::from(y)].clone()
}

fn dates(p: Preset) -> String {
    let r = p.range(today()).unwrap();
    format!("{} .. {}", r.start(), r.end())
}

#[test]
fn a_new_range_loading_is_named_beside_the_range_of_the_numbers() {
    let (mut app, org) = loaded((80, 24));
    let (old, new) = (dates(Preset::Last30), dates(Preset::Last90));
    let kpis = row(&app, 3);
    let fx = ch(&mut app, '3');
    let chips = row(&app, 1);
    assert!(chips.starts_with(&format!("{old} UTC (30d)")), "{chips}");
    assert!(chips.contains(&format!("… loading {new}")), "{chips}");
    // The numbers are still the old range's, and the header says so.
    assert_eq!(row(&app, 3), kpis);
    answer(&mut app, &org, fx);
    let chips = row(&app, 1);
    assert!(chips.starts_with(&format!("{new} UTC (90d)")), "{chips}");
    assert!(!chips.contains("loading"), "{chips}");
    assert_ne!(row(&app, 3), kpis);
}

#[test]
fn the_previous_period_loading_is_named_too() {
    let (mut app, org) = loaded((80, 24));
    // The first step back is in memory already (the change is computed against it); the
    // second is not (its fetch, asked with the first, is left unanswered).
    ch(&mut app, '[');
    let shown = app.query().range;
    let fx = ch(&mut app, '[');
    let asked = app.query().range;
    assert!(asked.end() < shown.start());
    let chips = row(&app, 1);
    assert!(
        chips.starts_with(&format!("{} .. {} UTC", shown.start(), shown.end())),
        "{chips}"
    );
    assert!(
        chips.contains(&format!("… loading {} .. {}", asked.start(), asked.end())),
        "{chips}"
    );
    // The change's period is the asked range's: not named over the old numbers.
    assert!(!chips.contains(" vs "), "{chips}");
    answer(&mut app, &org, fx);
    let chips = row(&app, 1);
    assert!(
        chips.starts_with(&format!("{} .. {} UTC", asked.start(), asked.end())),
        "{chips}"
    );
    assert!(!chips.contains("loading"), "{chips}");
}

#[test]
fn at_the_minimum_width_the_loading_range_is_short_and_whole() {
    let (mut app, _) = loaded((60, 16));
    ch(&mut app, '3');
    let r = Preset::Last90.range(today()).unwrap();
    let short = format!("{}..{}", r.start().format("%m-%d"), r.end().format("%m-%d"));
    let chips = row(&app, 1);
    assert!(chips.contains(&format!("… loading {short}")), "{chips}");
    assert!(chips.starts_with(&dates(Preset::Last30)), "{chips}");
}

#[test]
fn a_search_loading_is_named() {
    let (mut app, org) = loaded((200, 60));
    ch(&mut app, '/');
    for c in "ada".chars() {
        ch(&mut app, c);
    }
    let fx = crate::tui::app::tests::key(&mut app, crossterm::event::KeyCode::Enter);
    let chips = row(&app, 1);
    assert!(chips.contains("… loading search \"ada\""), "{chips}");
    assert!(chips.contains("  search —"), "{chips}");
    answer(&mut app, &org, fx);
    let chips = row(&app, 1);
    assert!(chips.contains("  search \"ada\""), "{chips}");
    assert!(!chips.contains("loading"), "{chips}");
}

/// A search applied stays in the header at 60x16, where the filter strip is cut before
/// it: nothing on screen said the figures were one person's.
#[test]
fn a_search_applied_stays_in_a_narrow_header() {
    use crate::tui::app::tests::type_in;
    use crossterm::event::KeyCode;
    let (mut app, org) = loaded((60, 16));
    assert!(
        !row(&app, 1).contains("search"),
        "none to say: it goes first"
    );
    ch(&mut app, '/');
    type_in(&mut app, "olu");
    let fx = crate::tui::app::tests::key(&mut app, KeyCode::Enter);
    answer(&mut app, &org, fx);
    assert_eq!(app.query().search.as_deref(), Some("olu"));
    let header = row(&app, 1);
    assert!(header.contains("search \"olu\""), "{header}");
}
