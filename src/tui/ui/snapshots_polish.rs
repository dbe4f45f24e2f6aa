//! Snapshots of what a narrow or short terminal keeps: the year-to-date KPI lines whole at
//! 80 columns, the people table's rows at the 60x16 minimum, the header's title, and a
//! person's chart by weeks; the figures on them are checked against the demo's raw rows.

use std::collections::HashSet;

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::dates::Preset;
use crate::numbers::thousands;
use crate::tui::app::App;
use crate::tui::app::tests::{answer, ch, key, loaded, org, today};

/// The screen as text, and its rows (shared with `snapshots_status.rs`).
pub(super) fn screen(app: &App) -> (String, Vec<String>) {
    let (w, h) = app.size();
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| f.render_widget(app, f.area())).unwrap();
    let buf = t.backend().buffer();
    let rows = (0..h)
        .map(|y| (0..w).map(|x| buf[(x, y)].symbol().to_string()).collect())
        .collect();
    (format!("{}", t.backend()), rows)
}

/// The prompts and distinct people of the demo's raw rows in `p`'s range.
fn raw_totals(p: Preset) -> (u64, usize) {
    let r = p.range(today()).unwrap();
    let rows = org().rows(&crate::demo::RowFilter {
        start: r.start(),
        end: r.end(),
        product_ids: &[],
        search: None,
        origin: None,
    });
    let people: HashSet<_> = rows
        .iter()
        .filter(|r| r.prompt_count > 0)
        .map(|r| r.user_id)
        .collect();
    (rows.iter().map(|r| r.prompt_count).sum(), people.len())
}

/// A line of chips ends on a figure, never inside a label or a number.
fn ends_whole(line: &str) -> bool {
    let last = line.trim_end().chars().last().unwrap_or(' ');
    last.is_ascii_digit() || last == '%' || last == ')'
}

#[test]
fn year_to_date_kpis_fit_whole() {
    let (prompts, people) = raw_totals(Preset::YearToDate);
    for size in [(80, 24), (200, 60)] {
        let (mut app, org) = loaded(size);
        let fx = ch(&mut app, '6');
        answer(&mut app, &org, fx);
        let (s, rows) = screen(&app);
        let k = app.screen().main.kpis;
        let line = |y: u16| -> String { rows[y as usize].chars().skip(k.x.into()).collect() };
        let (first, second) = (&line(k.y), &line(k.y + 1));
        assert!(
            first.starts_with(&format!("Prompts {}  Active", thousands(prompts))),
            "{first}"
        );
        assert!(first.contains(&format!(" {people}  New ")), "{first}");
        // Shorter labels make room: DAU/MAU stays at 80 columns.
        assert!(first.contains("DAU/MAU"), "{first}");
        assert!(ends_whole(first) && ends_whole(second), "{first}\n{second}");
        assert!(second.contains("Busiest"), "{second}");
        insta::assert_snapshot!(format!("kpis_ytd_{}x{}", size.0, size.1), s);
    }
}

/// At the 60x16 minimum the people table shows people, in order, with their totals.
#[test]
fn the_minimum_size_shows_people() {
    let (app, _) = loaded((60, 16));
    let (s, rows) = screen(&app);
    let r = Preset::Last30.range(today()).unwrap();
    let mut totals = std::collections::HashMap::new();
    for row in org().rows(&crate::demo::RowFilter {
        start: r.start(),
        end: r.end(),
        product_ids: &[],
        search: None,
        origin: None,
    }) {
        *totals.entry(row.user_id).or_insert(0u64) += row.prompt_count;
    }
    let mut top: Vec<u64> = totals.into_values().collect();
    top.sort_unstable_by(|a, b| b.cmp(a));
    let users = app.screen().main.users;
    assert_eq!(app.table_rows(), 4);
    for (i, total) in top.iter().take(4).enumerate() {
        let line = &rows[(users.y + 1) as usize + i];
        assert!(line.contains(&format!(" {} ", thousands(*total))), "{line}");
    }
    insta::assert_snapshot!("people_60x16", s);
}

/// A saved response with no rows: no placeholder range, no zero figures, and why.
#[test]
fn an_empty_file_says_so() {
    for size in [(80, 24), (200, 60)] {
        let day = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
        let q = crate::api::UsageQuery::new(crate::dates::DateRange::new(day, day).unwrap());
        let mut app = App::new(
            q,
            today(),
            "saved response (empty.json)".into(),
            crate::tui::app::SourceKind::Fixed,
            vec![],
            crate::tui::app::tests::wall(),
        )
        .with_empty_file(true);
        app.update(crate::tui::app::Msg::Resize(size.0, size.1));
        let fx = app.start();
        answer(&mut app, &org(), fx);
        let (s, rows) = screen(&app);
        assert!(rows[1].starts_with("no rows in this file"), "{s}");
        assert!(s.contains("empty list"), "{s}");
        for made_up in ["2000", "1999", "Prompts 0", "Users (0)"] {
            assert!(!s.contains(made_up), "{made_up}: {s}");
        }
        insta::assert_snapshot!(format!("empty_file_{}x{}", size.0, size.1), s);
    }
}

/// At 60 columns a year's chart title drops its explanation whole rather than cut the peak.
#[test]
fn a_narrow_chart_title_keeps_its_peak_whole() {
    let (mut app, org) = loaded((60, 16));
    let fx = ch(&mut app, '6');
    answer(&mut app, &org, fx);
    let (_, rows) = screen(&app);
    let title = &rows[app.screen().main.chart.y as usize - 1];
    let peak = thousands(app.view().chart.peak);
    assert!(title.starts_with("Prompts per ISO week (UTC)"), "{title}");
    assert!(title.contains(&format!("  peak {peak} ")), "{title}");
    assert!(!title.contains("do not fit"), "{title}");
}

/// Sorted by a column the width leaves out, the first header names it: nothing else on
/// screen said what ordered the rows.
#[test]
fn a_sort_by_a_hidden_column_is_named_in_the_header() {
    use crate::tui::columns::Column;
    let (mut app, _) = loaded((80, 24));
    for _ in 0..12 {
        if app.table().sort().0 == Column::DeltaPct {
            break;
        }
        ch(&mut app, 's');
    }
    let (col, desc) = app.table().sort();
    assert_eq!(col, Column::DeltaPct);
    let (_, rows) = screen(&app);
    let head = rows
        .iter()
        .find(|r| r.starts_with("Users ("))
        .expect("the header");
    let arrow = if desc { "↓Δ%" } else { "↑Δ%" };
    assert!(head.contains(arrow), "{head}");
    // At 200 columns Δ% is drawn, with its own arrow, and the first header is plain.
    let (mut wide, _) = loaded((200, 60));
    while wide.table().sort().0 != Column::DeltaPct {
        ch(&mut wide, 's');
    }
    let (_, rows) = screen(&wide);
    let head = rows
        .iter()
        .find(|r| r.contains("Users ("))
        .expect("the header");
    assert_eq!(head.matches("Δ%").count(), 1, "{head}");
}

/// The header's first row gives way in steps, never cutting a word it could leave whole:
/// the program's name goes, then the clock time, and only then is the organization's
/// name cut, with `…`, before the freshness on the right.
#[test]
fn the_title_gives_way_before_the_name_is_cut() {
    let label = "analytics-platform-production (api.clarityq.example)";
    let top = |width: u16| {
        let (_, org) = loaded((width, 24));
        let q = crate::api::UsageQuery::new(Preset::Last30.range(today()).unwrap());
        let mut app = App::new(
            q,
            today(),
            label.into(),
            crate::tui::app::SourceKind::Api,
            vec!["clarityq-usage".into()],
            crate::tui::app::tests::wall(),
        );
        app.update(crate::tui::app::Msg::Resize(width, 24));
        let fx = app.start();
        answer(&mut app, &org, fx);
        screen(&app).1[0].clone()
    };
    let wide = top(120);
    assert!(
        wide.starts_with(&format!("ClarityQ usage · {label}")),
        "{wide}"
    );
    assert!(
        wide.trim_end().ends_with("fetched 12:00:00 UTC (0s ago)"),
        "{wide}"
    );
    let mid = top(84);
    assert!(mid.starts_with(&format!("{label} ")), "{mid}");
    assert!(mid.trim_end().ends_with("UTC (0s ago)"), "{mid}");
    let narrow = top(60);
    assert!(
        narrow.starts_with("analytics-platform-production (api.clar"),
        "{narrow}"
    );
    assert!(narrow.contains("… "), "{narrow}");
    assert!(narrow.trim_end().ends_with(" fetched 0s ago"), "{narrow}");
}

/// A person's chart is the organization's kind: 90 days on 80 columns are drawn by ISO
/// weeks (they were bars of two days each, an odd split the organization's chart never
/// makes), with a date axis and the peak, and each bar holds the person's prompts of its
/// week in the demo's raw rows.
#[test]
fn a_detail_chart_is_drawn_by_whole_weeks_with_an_axis() {
    use chrono::Datelike;
    let (mut app, org) = loaded((80, 24));
    let fx = ch(&mut app, '3');
    answer(&mut app, &org, fx);
    let fx = key(&mut app, crossterm::event::KeyCode::Enter);
    answer(&mut app, &org, fx);
    let d = app.view().detail.as_ref().expect("the detail");
    let r = app.query().range;
    let raw = org.rows(&crate::demo::RowFilter {
        start: r.start(),
        end: r.end(),
        product_ids: &[],
        search: None,
        origin: None,
    });
    let mut weeks = std::collections::BTreeMap::new();
    for row in raw.iter().filter(|row| row.user_email == d.email) {
        let day = row.date;
        let monday = day - chrono::Duration::days(i64::from(day.weekday().num_days_from_monday()));
        *weeks.entry(monday).or_insert(0u64) += row.prompt_count;
    }
    let c = &d.chart;
    assert_eq!(c.shown, crate::tui::chart::Bucketing::Week);
    for b in &c.bars {
        let monday =
            b.start - chrono::Duration::days(i64::from(b.start.weekday().num_days_from_monday()));
        assert_eq!(b.prompts, weeks.get(&monday).copied().unwrap_or(0), "{b:?}");
    }
    assert_eq!(c.bars.iter().map(|b| b.prompts).sum::<u64>(), d.total);
    let (s, _) = screen(&app);
    let peak = weeks.values().max().copied().unwrap_or(0);
    let peak = format!("  peak {}  ", crate::numbers::thousands(peak));
    assert!(
        s.contains("Prompts per ISO week (UTC)") && s.contains(&peak),
        "{s}"
    );
    assert!(
        s.contains(&c.axis.trim_end().to_string()) && c.axis.contains('-'),
        "{s}"
    );
    // At 200 columns the 30 days fit: one day a bar, each the person's day in the rows.
    let (mut app, org) = loaded((200, 60));
    let fx = key(&mut app, crossterm::event::KeyCode::Enter);
    answer(&mut app, &org, fx);
    let d = app.view().detail.as_ref().unwrap();
    assert_eq!(d.chart.shown, crate::tui::chart::Bucketing::Day);
    assert_eq!(d.chart.bars.len(), 30);
    assert_eq!(d.chart.bars.iter().map(|b| b.prompts).sum::<u64>(), d.total);
    assert!(screen(&app).0.contains("Prompts per day (UTC)"));
    // `b` changes the person's bars as it does the organization's.
    ch(&mut app, 'b');
    let d = app.view().detail.as_ref().unwrap();
    assert_eq!(d.chart.shown, crate::tui::chart::Bucketing::Week);
    assert!(screen(&app).0.contains("Prompts per ISO week (UTC)"));
}

/// A search that matches nobody names itself and the way out, where the table said only
/// "no prompts in this view".
#[test]
fn a_search_that_matches_nobody_says_so() {
    let (mut app, org) = loaded((80, 24));
    ch(&mut app, '/');
    let fx = crate::tui::app::tests::type_in(&mut app, "xyzqq");
    answer(&mut app, &org, fx);
    let (s, _) = screen(&app);
    assert!(
        s.contains("nobody matches \"xyzqq\" (/ then C-u, Enter: clear the search)"),
        "{s}"
    );
}

/// A calendar range stepped with `[` is named as the unit it is, in the header and the
/// filter pane, where both read "custom" (91 days for a quarter).
#[test]
fn a_stepped_month_is_named_not_custom() {
    let (mut app, org) = loaded((120, 40));
    let fx = ch(&mut app, '5');
    answer(&mut app, &org, fx);
    let fx = ch(&mut app, '[');
    answer(&mut app, &org, fx);
    let r = app.query().range;
    let name = r.start().format("%Y-%m").to_string();
    assert_eq!(
        crate::dates::unit_name(r).as_deref(),
        Some(name.as_str()),
        "{r:?}"
    );
    let (s, _) = screen(&app);
    assert!(s.contains(&format!("UTC ({name})")), "{s}");
    assert!(s.contains(&format!("Range    {name}")), "{s}");
}
