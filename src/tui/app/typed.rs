//! Keys while a field is typed into (the search or the range): text, Enter to apply,
//! Esc to restore what was there; the range typed is resolved as it is typed, for the
//! input line to show before Enter.

use crossterm::event::KeyEvent;

use super::search::{InputKind, Typed};
use super::{App, Effect};
use crate::dates::parse_range_text;

impl App {
    /// A key while typing in the search or the range field.
    pub(super) fn on_typed(&mut self, k: KeyEvent) -> Vec<Effect> {
        let typed = self.search.key(k, self.now);
        self.preview_range();
        match typed {
            Typed::Nothing => Vec::new(),
            Typed::Quit => self.quit_now(),
            Typed::Cancel { kind, before } => {
                if kind == InputKind::Search
                    && self.query.search.clone().unwrap_or_default() != before
                {
                    return self.set_filter(|q| q.search = (!before.is_empty()).then_some(before));
                }
                Vec::new()
            }
            Typed::Search(text) => {
                self.set_filter(|q| q.search = (!text.is_empty()).then_some(text))
            }
            Typed::Range(text) => match parse_range_text(&text, self.today) {
                Ok(t) => {
                    self.search.close();
                    self.span = crate::analytics::Span::of_unit(t.unit);
                    self.set_range(t.range)
                }
                Err(why) => {
                    self.search.refuse(why.to_string());
                    Vec::new()
                }
            },
        }
    }
    /// Resolves the range being typed, for the input line to show before Enter.
    pub(super) fn preview_range(&mut self) {
        let Some(input) = self.search.input().filter(|i| i.kind == InputKind::Range) else {
            return;
        };
        let preview = match parse_range_text(&input.text, self.today) {
            Ok(t) => format!(
                "= {} ({})",
                t.range,
                crate::numbers::count_of(t.range.len_days() as u64, "day", "days")
            ),
            Err(e) => short_why(&e),
        };
        self.search.set_preview(Some(preview));
    }
}

/// Why the text typed is not a range yet, in few cells: it follows the prompt and the
/// text on one line, where the whole error was cut at 80 columns ("... -7d, 20"); Enter
/// says it whole on the line below, which also lists the forms.
fn short_why(e: &crate::dates::DateError) -> String {
    use crate::dates::DateError;
    match e {
        // A date's whole shape that names no day (2026-02-30) will not become one by
        // typing on: said as it is, as the command line says it.
        DateError::BadDate(w) if w.len() == 10 && w.as_bytes()[4] == b'-' => {
            format!("(no such day: {w})")
        }
        DateError::BadDate(w) if w.len() > 10 => "(a date is YYYY-MM-DD)".into(),
        DateError::BadPeriod(w) if w.ends_with(|c: char| c.is_ascii_alphabetic()) => {
            format!("(not a period: {w})")
        }
        DateError::EmptyPeriod(w) => format!("({w} holds no day)"),
        DateError::BadDate(_) | DateError::BadRange(_) | DateError::BadPeriod(_) => {
            "(not a range yet)".into()
        }
        DateError::Reversed { start, end } => format!("(reversed: {start} after {end})"),
        DateError::Future(day) => format!("({day} is after today)"),
        DateError::TooLong(days) => format!("(too long: {days} days)"),
        DateError::NoSuchWeek { year, week, .. } => format!("({year} has no week {week})"),
    }
}

#[cfg(test)]
mod tests {
    use super::short_why;
    use crate::dates::parse_range_text;

    fn why(text: &str) -> String {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        short_why(&parse_range_text(text, today).expect_err(text))
    }

    /// Text that will not become a range by typing on says why; text on its way to one
    /// says it is not one yet.
    #[test]
    fn a_finished_wrong_date_is_named_and_a_partial_one_is_not_yet() {
        assert_eq!(why("2026-02-30"), "(no such day: 2026-02-30)");
        assert_eq!(why("2026-11-01..2026-13-01"), "(no such day: 2026-13-01)");
        assert_eq!(why("2026-11-01 2026-11-011"), "(a date is YYYY-MM-DD)");
        assert_eq!(why("2026-0"), "(not a range yet)");
        assert_eq!(why("2026-11-01..2026-12-0"), "(not a range yet)");
        assert_eq!(why("-7"), "(not a range yet)");
        assert_eq!(why("-0d"), "(-0d holds no day)");
    }
}
