//! A saved response with no rows at all (`--input FILE` holding `[]`). It has no dates:
//! the range the model gives it is a placeholder, so the screen names none and says the
//! file is empty, and the keys that would change the dates say why they do nothing.

use super::App;
use super::keymap::Action;

/// What the screen says in place of a range.
pub const NO_ROWS: &str = "no rows in this file";

/// What a date key says on such a file ([`NO_ROWS`], and why nothing changes).
pub(super) const NO_DATES: &str = "no rows in this file: there are no dates to change";

/// What the screen says in place of the figures: what the file is, and what to do.
pub const WHY: &str = "No rows in this file: the saved response is an empty list, so it has no dates, prompts or people to show.\n\nOpen a file that holds rows, or run without --input to ask the server.";

impl App {
    /// The app for a saved response that holds no rows (`empty`), known when it is read.
    pub fn with_empty_file(mut self, empty: bool) -> Self {
        self.empty_file = empty;
        self
    }

    /// The saved response on screen holds no rows: there is no range to show.
    pub fn empty_file(&self) -> bool {
        self.empty_file
    }
}

/// Whether `a` changes the dates (what a file with no rows has none of).
pub(super) fn changes_dates(a: Action) -> bool {
    matches!(
        a,
        Action::Preset(_) | Action::PeriodPrev | Action::PeriodNext | Action::CustomRange
    )
}

#[cfg(test)]
mod tests {
    use crossterm::event::KeyCode;

    use super::*;
    use crate::api::UsageQuery;
    use crate::tui::app::SourceKind;
    use crate::tui::app::tests::{answer, ch, key, org, today, wall};

    fn empty_app() -> App {
        // What the model gives a file with no rows: one placeholder day.
        let day = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
        let q = UsageQuery::new(crate::dates::DateRange::new(day, day).unwrap());
        let mut app = App::new(
            q,
            today(),
            "saved".into(),
            SourceKind::Fixed,
            vec![],
            wall(),
        )
        .with_empty_file(true);
        app.update(super::super::Msg::Resize(80, 24));
        let fx = app.start();
        answer(&mut app, &org(), fx);
        app
    }

    #[test]
    fn date_keys_change_nothing_and_say_why() {
        let mut app = empty_app();
        let before = app.query().clone();
        for k in ['1', '3', '6', '[', ']', 'd'] {
            assert!(ch(&mut app, k).is_empty(), "{k}");
            assert_eq!(app.query(), &before, "{k}");
            assert!(
                app.status
                    .as_ref()
                    .is_some_and(|s| s.text.contains(NO_ROWS)),
                "{k}"
            );
        }
        // No range input was opened by `d`: Esc has nothing to close, the screen stays.
        key(&mut app, KeyCode::Esc);
        assert_eq!(app.query(), &before);
    }

    #[test]
    fn a_file_with_rows_is_not_empty() {
        let mut app = empty_app().with_empty_file(false);
        assert!(!ch(&mut app, '1').is_empty());
    }
}
