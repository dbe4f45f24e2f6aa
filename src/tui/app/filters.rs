//! The filters: range (presets, periods, typed), origin, products and search. Changing
//! one fetches the new view (or shows it from memory) and cancels the fetch in flight. A
//! saved response is already filtered: only its dates change, and the footer and the `?`
//! help offer only what can (`offers`).

use super::keymap::{Action, Mode};
use super::search::InputKind;
use super::{App, Effect, Focus, SourceKind};
use crate::analytics::{Span, step_period};
use crate::api::{Origin, UsageQuery};
use crate::dates::{self, DateRange, Preset, Unit};

/// What a saved response says to a filter the server would have applied.
const SAVED_IS_FILTERED: &str = "a saved response is already filtered: only the dates can change";

/// What `/` says over a saved response: no field opened, so that letters typed next are
/// not taken for a search while they run as keys.
const NO_SEARCH: &str =
    "no search field: a saved response is already filtered (fetch with --search)";

/// What `t` says without `[teams]`.
pub(super) const NO_TEAMS: &str = "no teams: add a [teams] table to the config";

impl App {
    /// The filters, named, with their values as the filter pane shows them: four, and the
    /// team with `[teams]` (a click on the one-line strip is found among them).
    pub fn filter_cells(&self) -> Vec<(&'static str, String)> {
        let q = self.query();
        let products = self.products_label(q, "all");
        let mut rows = vec![
            (
                "Range",
                match self.empty_file() {
                    true => "none".to_string(),
                    // A whole month, quarter, year or week by its name (`[` from a quarter).
                    false => crate::dates::range_name(self.preset(), q.range)
                        .unwrap_or_else(|| "custom".to_string()),
                },
            ),
            (
                "Origin",
                q.origin.map_or("All".into(), |o| o.as_str().to_string()),
            ),
            ("Products", products),
            (
                "Search",
                (q.search.as_deref()).map_or("—".into(), |s| {
                    crate::tui::text::search_shown(s, self.mask())
                }),
            ),
        ];
        if self.teams().configured() {
            rows.push((
                "Team",
                crate::tui::text::clean(&self.teams().filter_label()),
            ));
        }
        rows
    }

    /// The spaces between the filters on the one-line strip `width` wide: three, or two
    /// when three leave the last value out (at 60 columns, `Team:` lost its value).
    pub fn strip_gap(cells: &[(&'static str, String)], width: u16) -> usize {
        use unicode_width::UnicodeWidthStr;
        let used: usize = cells.iter().map(|(k, v)| k.width() + 2 + v.width()).sum();
        match used + 3 * cells.len().saturating_sub(1) <= usize::from(width) {
            true => 3,
            false => 2,
        }
    }

    /// Why the screen refuses `a`, and whether the note is a warning; `None` when it does
    /// not. A saved response cannot change its origin, search or products (the server
    /// applied them); a file with no rows has no dates; `t` needs `[teams]`. One rule for
    /// the key and for what the footer and the `?` help offer ([`App::offers`]).
    pub(super) fn refusal(&self, a: Action) -> Option<(&'static str, bool)> {
        let saved = self.source == SourceKind::Fixed;
        match a {
            Action::Search if saved => Some((NO_SEARCH, true)),
            // The picker's own keys too: `?` listed them where no picker opens.
            Action::OriginNext
            | Action::OriginPrev
            | Action::Products
            | Action::Toggle
            | Action::All
                if saved =>
            {
                Some((SAVED_IS_FILTERED, true))
            }
            Action::Team if !self.teams.configured() => Some((NO_TEAMS, false)),
            _ if self.empty_file && super::empty::changes_dates(a) => {
                Some((super::empty::NO_DATES, true))
            }
            _ => None,
        }
    }

    /// Says why a key was refused, until the next key that acts: a warning that stayed
    /// through Tab, Esc and into a person's detail read as about them.
    fn refused(&mut self, why: &str, warn: bool) -> Vec<Effect> {
        self.hint(why.into());
        // In a warning's colour when it is one; gone at the next key all the same.
        if let Some(s) = self.status.as_mut() {
            s.error = warn;
        }
        Vec::new()
    }

    /// Whether the screen offers `a`: the footer and the `?` help leave out what would
    /// only be refused (pressed anyway, it says why: [`App::refusal`]).
    pub fn offers(&self, a: Action) -> bool {
        // With no data on screen there is no one to open or sort (the footer offered
        // "Enter detail  s/S sort" under a 403's box).
        let needs_rows = matches!(
            a,
            Action::Open | Action::SortNext | Action::SortReverse | Action::SortBy(_)
        );
        self.refusal(a).is_none() && !(needs_rows && self.usage().is_none())
    }

    /// Enter on the Products pane: only the product on its row, or every product again
    /// when it is already the only one (Enter opened the picker, as `p` does).
    pub(super) fn only_product(&mut self) -> Vec<Effect> {
        if let Some((why, warn)) = self.refusal(Action::Products) {
            return self.refused(why, warn);
        }
        let row = self.picker.row(self.view.products.len());
        let Some(&id) = self.view.product_ids.get(row) else {
            return Vec::new();
        };
        let ids = match self.query.product_ids == [id] {
            true => Vec::new(),
            false => vec![id],
        };
        self.set_filter(|q| q.product_ids = ids)
    }

    /// The actions that change what is asked for.
    pub(super) fn act_on_filters(&mut self, a: Action) -> Vec<Effect> {
        // Refused before anything opens: ticking products only to be refused at Enter
        // wasted the user's time.
        if let Some((why, warn)) = self.refusal(a) {
            return self.refused(why, warn);
        }
        match a {
            Action::Refresh => self.request(true),
            Action::RefreshAll => {
                self.fetch.bypass_disk_once();
                self.request(true)
            }
            Action::OriginNext | Action::OriginPrev => {
                let o = Origin::cycle(self.query.origin, a == Action::OriginNext);
                self.set_filter(|q| q.origin = o)
            }
            Action::Preset(i) => {
                let p = Preset::ALL[usize::from(i).min(Preset::ALL.len() - 1)];
                let r = p.range(self.today).expect("presets have ranges");
                let span_before = std::mem::replace(&mut self.span, Span::of_preset(p));
                let mut fx = self.set_range(r);
                // Two presets can be the same days (30d and this month on the 30th): the
                // days stay, the period they are compared with changes.
                self.preset = p;
                if fx.is_empty() && span_before != self.span {
                    fx = self.request(false);
                }
                fx
            }
            Action::PeriodPrev | Action::PeriodNext => {
                let by = if a == Action::PeriodNext { 1 } else { -1 };
                match paged(self.query.range, self.span, by, self.today) {
                    Some(r) => {
                        // A note of the last step ("in the future") no longer holds.
                        if self.status.as_ref().is_some_and(|s| !s.error) {
                            self.status = None;
                        }
                        self.set_range(r)
                    }
                    None => self.note("the next period is in the future", false),
                }
            }
            Action::CustomRange => {
                let before = format!("{} {}", self.query.range.start(), self.query.range.end());
                self.search.start(InputKind::Range, before);
                self.preview_range();
                Vec::new()
            }
            // With none applied, Esc stays the silent key it was.
            Action::ClearSearch if self.query.search.is_none() => Vec::new(),
            Action::ClearSearch => self.set_filter(|q| q.search = None),
            Action::Search => {
                // A search finds people: from a person's detail it goes back to the table
                // it narrows (it narrowed the view under the person, who then had none).
                if self.mode == Mode::Detail {
                    self.back_to_main();
                }
                let before = self.query.search.clone().unwrap_or_default();
                self.search.start(InputKind::Search, before);
                Vec::new()
            }
            Action::Products => {
                if self.picker.known().is_empty() {
                    return self.note("no products known yet", false);
                }
                self.picker.open(&self.query.product_ids);
                self.mode = Mode::Picker;
                Vec::new()
            }
            Action::Left | Action::Right => self.change_focused_filter(a == Action::Right),
            _ => Vec::new(),
        }
    }

    /// h/l or Enter on the filter pane: range presets, origin, products, search.
    pub(super) fn change_focused_filter(&mut self, forward: bool) -> Vec<Effect> {
        if self.focus != Focus::Filters {
            return Vec::new();
        }
        match self.filter_row {
            0 => {
                let i = Preset::ALL.iter().position(|p| *p == self.preset);
                let n = Preset::ALL.len();
                let next = match (i, forward) {
                    (Some(i), true) => (i + 1) % n,
                    (Some(i), false) => (i + n - 1) % n,
                    (None, _) => 1,
                };
                self.act(Action::Preset(next as u8))
            }
            1 => self.act(if forward {
                Action::OriginNext
            } else {
                Action::OriginPrev
            }),
            2 => self.act(Action::Products),
            4 => self.cycle_team(forward),
            _ => self.act(Action::Search),
        }
    }

    /// With `rolling`, the first range compares with as many days before it, as the CLI
    /// compares the same flags, whatever preset its days happen to be.
    pub fn with_rolling(mut self, rolling: bool) -> Self {
        if rolling {
            self.span = Span::Rolling;
            self.preset = self.preset_of(self.query.range);
        }
        self
    }

    pub(super) fn set_range(&mut self, r: DateRange) -> Vec<Effect> {
        self.preset = self.preset_of(r);
        self.set_filter(|q| q.range = r)
    }

    /// The preset `r` is, the one that pages by the current unit first (on the 30th, the
    /// last 30 days are also this month); a custom range when none has both its days and
    /// its unit: three days typed that happen to be this week were labelled "this week"
    /// but compared as three days.
    fn preset_of(&self, r: DateRange) -> Preset {
        Preset::ALL
            .into_iter()
            .find(|p| p.range(self.today) == Some(r) && Span::of_preset(*p) == self.span)
            .unwrap_or(Preset::Custom)
    }

    /// Changes the filters and fetches (or shows from memory) the new view. Changing
    /// anything cancels the fetch in flight.
    pub(super) fn set_filter(&mut self, f: impl FnOnce(&mut UsageQuery)) -> Vec<Effect> {
        let mut q = self.query.clone();
        f(&mut q);
        if q == self.query {
            return Vec::new();
        }
        if self.source == SourceKind::Fixed
            && (q.origin != self.query.origin
                || q.search != self.query.search
                || q.product_ids != self.query.product_ids)
        {
            return self.note(SAVED_IS_FILTERED, true);
        }
        self.query = q;
        // A new choice replaces one the server could not answer, and what was said of
        // the view left ("the next period is in the future" stayed over the 7 days).
        self.pending = None;
        self.status = None;
        self.preset = self.preset_of(self.query.range);
        self.request(false)
    }
}

/// `range` paged by `by` of its span, ending no later than `today`; `None` when that
/// period has not begun. A week, month or quarter so far pages as the whole unit (`[` on
/// this month is all of last month); year to date pages to the same days of another year.
pub(super) fn paged(
    range: DateRange,
    span: Span,
    by: i32,
    today: chrono::NaiveDate,
) -> Option<DateRange> {
    let unit = match span {
        Span::Week => Some(Unit::Week),
        Span::Month => Some(Unit::Month),
        Span::Quarter => Some(Unit::Quarter),
        Span::Rolling | Span::Year => None,
    };
    let base = match unit.map(|u| dates::whole(u, range.start())) {
        Some(w) if w.start() == range.start() && range.end() <= w.end() => w,
        _ => range,
    };
    let r = step_period(base, span, by);
    if r.start() > today {
        return None;
    }
    // A run of days keeps its length: cut at today, 56 days became 10, and the next step
    // back went by 10. It lands on the days that end today instead.
    if span == Span::Rolling && r.end() > today {
        let back = chrono::Duration::days(range.len_days() as i64 - 1);
        return DateRange::new(today - back, today).ok();
    }
    DateRange::new(r.start(), r.end().min(today)).ok()
}

#[cfg(test)]
mod tests {
    use crate::tui::app::tests::{ch, key, loaded};
    use crate::tui::app::{App, SourceKind};
    use crate::tui::help;
    use crate::tui::keymap::Mode;

    fn footer_words(app: &App) -> Vec<&'static str> {
        let offers = |a| app.offers(a);
        let f = app.keymap().footer(app.mode(), app.pane(), 400, offers);
        f.into_iter().map(|(_, w)| w).collect()
    }

    fn help_names(app: &App) -> Vec<&'static str> {
        let lines = help::lines(app.keymap(), |a| app.offers(a));
        lines.into_iter().map(|l| l.name).collect()
    }

    #[test]
    fn a_saved_response_offers_only_what_it_can_change() {
        let (mut app, _) = loaded((120, 40));
        let filters = ["origin", "search", "products"];
        assert!(filters.iter().all(|w| footer_words(&app).contains(w)));
        app.source = SourceKind::Fixed;
        let words = footer_words(&app);
        assert!(!filters.iter().any(|w| words.contains(w)), "{words:?}");
        assert!(
            words.contains(&"range") && words.contains(&"period"),
            "{words:?}"
        );
        let names = help_names(&app);
        for gone in ["origin_next", "origin_prev", "search", "products"] {
            assert!(!names.contains(&gone), "{gone} in the help");
        }
        assert!(names.contains(&"last_7d") && names.contains(&"export"));
        // In a person's detail too.
        key(&mut app, crossterm::event::KeyCode::Enter);
        assert_eq!(app.mode(), Mode::Detail);
        let words = footer_words(&app);
        assert!(!filters.iter().any(|w| words.contains(w)), "{words:?}");
    }

    #[test]
    fn a_refused_search_opens_no_field_and_says_so() {
        let (mut app, _) = loaded((120, 40));
        app.source = SourceKind::Fixed;
        assert!(ch(&mut app, '/').is_empty());
        assert!(app.input().is_none(), "no field to type into");
        let note = app.status().expect("why").text.clone();
        assert!(note.starts_with("no search field"), "{note}");
        // `p` says why before the picker opens, not after products are ticked.
        assert!(ch(&mut app, 'p').is_empty());
        assert_eq!(app.mode(), Mode::Main);
        let note = &app.status().expect("why").text;
        assert!(note.contains("already filtered"), "{note}");
    }

    #[test]
    fn a_run_of_days_keeps_its_length_when_a_step_reaches_today() {
        use crate::analytics::Span;
        use crate::dates::{DateRange, parse_date};
        let d = |s: &str| parse_date(s).unwrap();
        let today = d("2026-12-02");
        // 56 days ending 2026-11-22: the next 56 would end in January.
        let r = DateRange::new(d("2026-09-28"), d("2026-11-22")).unwrap();
        let next = super::paged(r, Span::Rolling, 1, today).unwrap();
        assert_eq!((next.start(), next.end()), (d("2026-10-08"), today));
        let back = super::paged(next, Span::Rolling, -1, today).unwrap();
        assert_eq!(back.len_days(), 56);
        // A month so far is still the month's days so far.
        let m = DateRange::new(d("2026-11-01"), d("2026-11-30")).unwrap();
        let this = super::paged(m, Span::Month, 1, today).unwrap();
        assert_eq!((this.start(), this.end()), (d("2026-12-01"), today));
        assert_eq!(super::paged(next, Span::Rolling, 1, today), None);
    }
}
