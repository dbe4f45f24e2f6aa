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
