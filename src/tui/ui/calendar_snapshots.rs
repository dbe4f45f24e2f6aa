//! The calendar on whole screens: the organization's over a year at 80x24 (the latest
//! weeks that fit) and 200x60, and a person's in the detail, on the demo organization
//! with its busiest person and product renamed to CJK and emoji, so that the snapshots
//! and the cell-by-cell check show the grid does not move for wide characters around it.

use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use uuid::Uuid;

use crate::api::UsageQuery;
use crate::dates::DateRange;
use crate::demo::{Org, RowFilter};
use crate::model::{Ingest, RangeSpec, Usage};
use crate::tui::app::tests::{org, today, wall};
use crate::tui::app::{App, Effect, Msg, SourceKind};
use crate::tui::calendar::{Calendar, Day, LABEL_W, WEEK_W};
use crate::tui::layout::Rect;

const WIDE_EMAIL: &str = "山田太郎😀@acme.example.com";
const WIDE_PRODUCT: &str = "製品アシスト✨";

/// The demo organization with its busiest person and product given wide names.
struct Wide {
    org: Org,
    user: Uuid,
    product: Uuid,
}

impl Wide {
    fn new(range: DateRange) -> Wide {
        let org = org();
        let rows = org.rows(&filter(&UsageQuery::new(range)));
        let top = |key: &dyn Fn(&crate::api::UsageRow) -> Uuid| {
            let mut sums = std::collections::HashMap::<Uuid, u64>::new();
            for r in &rows {
                *sums.entry(key(r)).or_default() += r.prompt_count;
            }
            sums.into_iter().max_by_key(|(id, n)| (*n, *id)).unwrap().0
        };
        let (user, product) = (top(&|r| r.user_id), top(&|r| r.product_id));
        Wide { org, user, product }
    }

    fn answer_for(&self, q: &UsageQuery) -> Arc<Usage> {
        let mut rows = self.org.rows(&filter(q));
        for r in &mut rows {
            if r.user_id == self.user {
                r.user_email = WIDE_EMAIL.into();
            }
            if r.product_id == self.product {
                r.product_name = WIDE_PRODUCT.into();
            }
        }
        let mut i = Ingest::new(RangeSpec::Fixed(q.range));
        i.feed(&serde_json::to_vec(&rows).unwrap()).unwrap();
        Arc::new(i.finish().unwrap())
    }

    fn answer(&self, app: &mut App, fx: Vec<Effect>) {
        for e in fx {
            if let Effect::Fetch {
                slot,
                generation,
                query,
                ..
            } = e
            {
                let result = Ok(self.answer_for(&query));
                let msg = Msg::Fetched {
                    slot,
                    generation,
                    query,
                    result,
                    wall: wall(),
                };
                let more = app.update(msg);
                self.answer(app, more);
            }
        }
    }

    fn press(&self, app: &mut App, code: KeyCode) {
        let fx = app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
        self.answer(app, fx);
    }
}

fn filter(q: &UsageQuery) -> RowFilter<'_> {
    RowFilter {
        start: q.range.start(),
        end: q.range.end(),
        product_ids: &q.product_ids,
        search: q.search.as_deref(),
        origin: q.origin,
    }
}

/// A year of the wide organization at `size`, the calendar on.
fn year(size: (u16, u16)) -> (App, Wide) {
    let range = DateRange::last_days(today(), 365);
    let wide = Wide::new(range);
    let mut app = App::new(
        UsageQuery::new(range),
        today(),
        "demo organization".into(),
        SourceKind::Api,
        vec!["clarityq-usage".into(), "--demo".into()],
        wall(),
    );
    app.update(Msg::Resize(size.0, size.1));
    let fx = app.start();
    wide.answer(&mut app, fx);
    wide.press(&mut app, KeyCode::Char('c'));
    assert!(app.calendar_shown());
    (app, wide)
}

/// The buffer, and the screen as text (wide characters in one cell each, as seen).
fn draw(app: &App) -> (Buffer, String) {
    let mut t = Terminal::new(TestBackend::new(app.size().0, app.size().1)).unwrap();
    t.draw(|f| f.render_widget(app, f.area())).unwrap();
    (t.backend().buffer().clone(), format!("{}", t.backend()))
}

/// Every month name and every shade sits in the cell the grid gives it.
fn assert_aligned(cal: &Calendar, at: Rect, buf: &Buffer) {
    let left = at.x + LABEL_W;
    for (w, name) in &cal.months {
        let x = left + crate::tui::calendar::label_x(*w, at.width - LABEL_W);
        let got: String = (x..x + 3).map(|x| buf[(x, at.y)].symbol()).collect();
        assert_eq!(&got, name, "month at column {w}");
    }
    for (w, week) in cal.weeks.iter().enumerate() {
        for (d, day) in week.iter().enumerate() {
            let cell = buf[(left + w as u16 * WEEK_W, at.y + 1 + d as u16)].symbol();
            let want = match day {
                Day::Missing => " ",
                Day::Level(l) => ["·", "░", "▒", "▓", "█"][usize::from(*l)],
            };
            assert_eq!(cell, want, "week {w} day {d}");
        }
    }
}

#[test]
fn org_calendar_over_a_year() {
    for size in [(80, 24), (200, 60)] {
        let (app, _) = year(size);
        let (buf, s) = draw(&app);
        assert!(s.contains("山田太郎"), "the wide name is on screen:\n{s}");
        let cal = app.view().calendar.as_ref().unwrap();
        assert_aligned(cal, app.areas().chart, &buf);
        assert_eq!(cal.total_weeks, 53);
        // 80 columns hold 38 weeks after the labels; 200 (less the filter pane) all 53.
        match size.0 {
            80 => assert!(s.contains("last 38 of 53 weeks"), "{s}"),
            _ => assert!(!cal.clipped()),
        }
        insta::assert_snapshot!(format!("calendar_org_{}x{}", size.0, size.1), s);
    }
}

#[test]
fn person_calendar_in_the_detail() {
    for size in [(80, 24), (200, 60)] {
        let (mut app, wide) = year(size);
        wide.press(&mut app, KeyCode::Enter);
        let (buf, s) = draw(&app);
        assert!(s.contains("山田太郎") && s.contains("製品"), "{s}");
        let d = app.view().detail.as_ref().unwrap();
        let cal = d.calendar.as_ref().unwrap();
        assert_aligned(cal, app.areas().chart, &buf);
        // The person's products, most prompts first, as the organization's are.
        let totals: Vec<u64> = d.by_product.iter().map(|l| l.total).collect();
        assert!(
            totals.len() > 1 && totals.is_sorted_by(|a, b| a >= b),
            "{totals:?}"
        );
        insta::assert_snapshot!(format!("calendar_person_{}x{}", size.0, size.1), s);
        // `c` again: the person's bars.
        wide.press(&mut app, KeyCode::Char('c'));
        assert!(!app.calendar_shown() && !draw(&app).1.contains("blank: not in range"));
    }
}

#[test]
fn short_ranges_say_why_and_small_terminals_do_not_panic() {
    let (mut app, wide) = year((80, 24));
    for key in [None, Some(KeyCode::Enter)] {
        if let Some(k) = key {
            wide.press(&mut app, k);
        }
        for w in (1..=200).step_by(9) {
            for h in (1..=60).step_by(7) {
                app.update(Msg::Resize(w, h));
                draw(&app);
            }
        }
        assert!(app.calendar_shown());
    }
    wide.press(&mut app, KeyCode::Esc);
    app.update(Msg::Resize(80, 24));
    // 30 days: the calendar gives way to the chart, and `c` says why.
    wide.press(&mut app, KeyCode::Char('2'));
    assert!(app.view().calendar.is_none() && !app.calendar_shown());
    // The calendar was on: `c` here turns it off, so the next long range has the chart.
    wide.press(&mut app, KeyCode::Char('c'));
    let s = draw(&app).1;
    assert!(
        s.contains("Calendar off: it needs 8+ weeks, this range is 30 days"),
        "{s}"
    );
    assert!(s.contains("Prompts per day"), "the chart is back: {s}");
    wide.press(&mut app, KeyCode::Char('3'));
    assert!(!app.calendar_shown(), "off stays off on 90 days");
    // Off, `c` on a short range says why it does nothing.
    wide.press(&mut app, KeyCode::Char('2'));
    wide.press(&mut app, KeyCode::Char('c'));
    let s = draw(&app).1;
    assert!(s.contains("Calendar: needs 8+ weeks"), "{s}");
    wide.press(&mut app, KeyCode::Char('3'));
    assert!(!app.calendar_shown(), "a refused `c` changes nothing");
}

/// The title row and the row under the grid: where the legend may be.
fn legend_rows(s: &str, at: Rect) -> String {
    let lines: Vec<&str> = s.lines().collect();
    let row = |y: u16| lines.get(usize::from(y)).copied().unwrap_or("").to_string();
    row(at.y - 1) + &row(at.y + 8)
}

#[test]
fn at_60_columns_the_legend_keeps_its_five_shades() {
    let (mut app, wide) = year((60, 24));
    for detail in [false, true] {
        if detail {
            // At the 60x16 minimum the organization's calendar would leave the table no
            // row: the chart stays there, and a person's detail has the calendar.
            app.update(Msg::Resize(60, 16));
            assert!(!app.calendar_shown());
            wide.press(&mut app, KeyCode::Enter);
            assert!(app.calendar_shown());
        }
        let (buf, s) = draw(&app);
        let at = app.areas().chart;
        let cal = match detail {
            false => app.view().calendar.clone().unwrap(),
            true => app
                .view()
                .detail
                .as_ref()
                .unwrap()
                .calendar
                .clone()
                .unwrap(),
        };
        assert_aligned(&cal, at, &buf);
        if !detail {
            // Room for the whole legend under the grid.
            assert!(s.contains("· 0  ░ 1-"), "{s}");
            insta::assert_snapshot!("calendar_org_60x24", s);
            continue;
        }
        let rows = legend_rows(&s, at);
        assert!(rows.contains("·░▒▓█"), "five shades:\n{s}");
        // The highest count of the compact legend is the top shade's upper limit.
        let top = cal.limits.iter().rev().find_map(|l| *l).unwrap().1;
        let top = crate::numbers::thousands(top);
        assert!(rows.contains(&format!("·░▒▓█ {top}")), "{top}:\n{s}");
        insta::assert_snapshot!("calendar_person_60x16", s);
    }
}

#[test]
fn arrows_move_a_day_cursor_on_the_calendar_and_read_its_prompts() {
    use crate::tui::app::Focus;
    let (mut app, wide) = year((80, 24));
    while app.focus() != Focus::Chart {
        wide.press(&mut app, KeyCode::Tab);
    }
    let query = app.query().clone();
    let last = today().min(query.range.end());
    // Left and right a week, up and down a day, from the last day shown.
    let keys = [KeyCode::Left, KeyCode::Left, KeyCode::Right, KeyCode::Up];
    for k in keys.into_iter().chain([KeyCode::Down, KeyCode::Down]) {
        wide.press(&mut app, k);
    }
    let want = last - chrono::Duration::days(6);
    let (day, prompts) = app.calendar_day().unwrap();
    assert_eq!(day, want);
    // The day's prompts, summed from the organization's raw rows.
    let rows = wide.org.rows(&filter(&query));
    let raw: u64 = rows
        .iter()
        .filter(|r| r.date == want)
        .map(|r| r.prompt_count)
        .sum();
    assert_eq!(prompts, raw);
    let (buf, text) = draw(&app);
    let shown = format!(
        "{} {want}: {}",
        want.format("%a"),
        crate::numbers::thousands(raw)
    );
    assert!(text.contains(&shown), "{shown}:\n{text}");
    // The cell under the cursor is drawn selected, where the grid places the day.
    let at = app.areas().chart;
    let cal = app.view().calendar.clone().unwrap();
    let off = (want - cal.first_day).num_days() as u16;
    let cell = &buf[(at.x + LABEL_W + off / 7 * WEEK_W, at.y + 1 + off % 7)];
    assert!(cell.modifier.contains(ratatui::style::Modifier::REVERSED));
    // The chart's bar cursor and the filters do not move; the grid's first day stops it.
    assert_eq!((app.chart_cursor(), app.query()), (None, &query));
    for _ in 0..60 {
        wide.press(&mut app, KeyCode::Left);
    }
    assert_eq!(app.calendar_day().unwrap().0, cal.shown.0);
    // Back on the chart, the keys move its cursor again, from the last bar.
    wide.press(&mut app, KeyCode::Char('c'));
    assert!(!app.calendar_shown() && app.calendar_day().is_none());
    wide.press(&mut app, KeyCode::Left);
    let last = app.view().chart.bars.len() - 1;
    assert_eq!(app.chart_cursor(), Some(last - 1));
}

#[test]
fn arrows_on_the_calendar_below_the_minimum_size_do_not_fail() {
    use crate::tui::app::Focus;
    let (mut app, wide) = year((80, 24));
    while app.focus() != Focus::Chart {
        wide.press(&mut app, KeyCode::Tab);
    }
    // Too small to draw: the grid has no week, and the keys still arrive.
    app.update(Msg::Resize(50, 12));
    for k in [KeyCode::Left, KeyCode::Up, KeyCode::Right, KeyCode::Down] {
        wide.press(&mut app, k);
    }
    app.update(Msg::Resize(80, 24));
    wide.press(&mut app, KeyCode::Left);
    assert!(app.calendar_day().is_some());
}
