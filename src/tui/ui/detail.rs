//! The user detail (Enter): the person's daily bars, then one line per product and one per
//! origin (the origins arrive from their own requests).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::charts::spark_row;
use super::chips::{Chip, fit as fit_chips};
use super::text::{clean, fit, mask_email, right, thousands};
use super::theme::Theme;
use crate::tui::app::{App, SourceKind};
use crate::tui::columns::{DETAIL_LINE, Placed};
use crate::tui::keymap::{Action, Mode};
use crate::tui::layout::Areas;
use crate::tui::view::{DetailView, SeriesLine};

pub fn render(app: &App, t: &Theme, a: &Areas, buf: &mut Buffer) {
    let Some(d) = &app.view().detail else {
        Line::styled(
            "this person has no prompts in this view (Esc goes back)",
            t.label(),
        )
        .render(a.kpis, buf);
        return;
    };
    headline(app, t, d, a.kpis, buf);
    match &d.calendar {
        Some(cal) if app.calendar_shown() => {
            super::calendar::render(t, (cal, None, false), super::PER_DAY, a.chart, buf)
        }
        // Bars, axis and title as the organization's chart has them.
        _ => super::charts::draw(&d.chart, (None, false), t, a.chart, buf),
    }
    lines(app, t, d, a.products, buf);
}

/// Who, how many prompts, on how many days, from when to when.
fn headline(app: &App, t: &Theme, d: &DetailView, area: Rect, buf: &mut Buffer) {
    let email = if app.mask() {
        mask_email(&d.email)
    } else {
        clean(&d.email)
    };
    // Parts leave whole on a narrow screen, the least needed first: cut at the width,
    // "active days" lost its figure and the hint its words ("j/k: nex").
    let pair = |label: &str, value: String| {
        vec![
            Span::styled(label.to_string(), t.label()),
            Span::styled(value, t.value()),
        ]
    };
    let head = vec![
        Chip::new(0, vec![Span::styled(email, t.title())]),
        Chip::new(1, pair("   prompts ", thousands(d.total))),
        Chip::new(2, pair("   active days ", d.active_days.to_string())),
    ];
    fit_chips(head, area.width).render(row(area, area.y), buf);
    let label = |s: String| vec![Span::styled(s, t.label())];
    let mut span = vec![];
    if let (Some(f), Some(l)) = (d.first, d.last) {
        span.push(Chip::new(1, label(format!("first {f}, last {l}   "))));
    }
    span.push(Chip::new(0, label("(Esc goes back".into())));
    span.push(Chip::new(2, label("; j/k: next person".into())));
    span.push(Chip::new(0, label(")".into())));
    fit_chips(span, area.width).render(row(area, area.y + 1), buf);
}

/// What the last row says when the origins and the days have no room under the products.
const TALLER_SHOWS_ORIGINS: &str = "… by origin and day by day (a taller terminal shows them)";

/// One line per product, then one per origin (or why there are none).
fn lines(app: &App, t: &Theme, d: &DetailView, area: Rect, buf: &mut Buffer) {
    let mut y = area.y;
    let bottom = area.y + area.height;
    Line::styled("By product", t.title()).render(row(area, y), buf);
    y += 1;
    let products: Vec<(&str, Option<&SeriesLine>)> = d
        .by_product
        .iter()
        .map(|p| (p.name.as_str(), Some(p)))
        .collect();
    // The pane's last row is kept for what may not fit below them.
    let above_last = Rect {
        height: area.height.saturating_sub(1),
        ..area
    };
    put_all((t, app.today_partial()), above_last, buf, &products, &mut y);
    let gap = DetailView::gap(area.height);
    // No room for the heading and a line under it: the row left says what is below (a
    // heading alone, or nothing, said nothing of what was left out).
    if y + gap + 1 >= bottom {
        if y < bottom {
            let more = fit(TALLER_SHOWS_ORIGINS, area.width as usize);
            Line::styled(more, t.label()).render(row(area, y), buf);
        }
        return;
    }
    y += gap;
    if y < bottom {
        Line::styled("By origin", t.title()).render(row(area, y), buf);
        y += 1;
    }
    if app.source() == SourceKind::Fixed {
        if y < bottom {
            Line::styled("(a saved response has no per-origin split)", t.label())
                .render(row(area, y), buf);
        }
        y += 1;
    } else {
        let origins: Vec<(&str, Option<&SeriesLine>)> = d
            .by_origin
            .iter()
            .map(|(o, l)| (o.as_str(), l.as_ref()))
            .collect();
        put_all((t, app.today_partial()), area, buf, &origins, &mut y);
    }
    let fits = d.day_rows_fit(area.height, app.source() == SourceKind::Fixed);
    // The user's keys for the page's two ways.
    let key = |a| app.keymap().key_name(Mode::Detail, a);
    let keys = [key(Action::PageDown), key(Action::PageUp)];
    day_by_day(t, d, (app.detail_scroll(), fits, &keys), area, y + gap, buf);
}

/// The person's rows, newest first, as many as the pane holds below the lines.
/// `fits` rows at most, from `scroll` ([`DetailView::day_rows_fit`], as PgDn pages them).
fn day_by_day(
    t: &Theme,
    d: &DetailView,
    (scroll, fits, keys): (usize, usize, &[String; 2]),
    area: Rect,
    mut y: u16,
    buf: &mut Buffer,
) {
    let bottom = area.y + area.height;
    if y + 1 == bottom && !d.rows.is_empty() {
        let more = fit(
            "… day by day (a taller terminal shows it)",
            area.width as usize,
        );
        Line::styled(more, t.label()).render(row(area, y), buf);
    }
    if y + 1 >= bottom {
        return;
    }
    let product_w = (area.width as usize)
        .saturating_sub(10 + 2 + 2 + 8 + 2 + 10)
        .clamp(8, 30);
    let line = |date: &str, product: &str, origin: &str, count: &str| {
        format!(
            "{date:<10}  {}  {:<8}  {}",
            fit(product, product_w),
            origin,
            right(count, 10)
        )
    };
    let head = line("Day", "Product", "Origin", "Prompts");
    let from = scroll.min(d.rows.len().saturating_sub(1));
    // Where the page is, when not all of the rows fit, and the key to the rest: down
    // until the last rows show, then up (it said PgDn on the last page too).
    let end = (from + fits).min(d.rows.len());
    let head = match d.rows.len() > fits {
        true => {
            let next = if end < d.rows.len() {
                &keys[0]
            } else {
                &keys[1]
            };
            // Whole or not at all: cut, it read "1-5/63 PgD".
            let with_key = format!("{head}  {}-{end}/{} {next}", from + 1, d.rows.len());
            let without = format!("{head}  {}-{end}/{}", from + 1, d.rows.len());
            [with_key, without]
                .into_iter()
                .find(|h| h.chars().count() <= area.width as usize)
                .unwrap_or(head)
        }
        false => head,
    };
    Line::styled(head, t.title()).render(row(area, y), buf);
    y += 1;
    for r in d.rows.iter().skip(from) {
        if y >= bottom {
            return;
        }
        let origin = r.origin.map_or("—", |o| o.as_str());
        let text = line(
            &r.date.to_string(),
            &clean(&r.product),
            origin,
            &thousands(r.count),
        );
        Line::raw(text).render(row(area, y), buf);
        y += 1;
    }
}

/// Row `y` of `area`.
fn row(area: Rect, y: u16) -> Rect {
    Rect {
        y,
        height: 1,
        ..area
    }
}

/// Lines `items` from row `*y`, as many as fit; when some do not, the last row says how
/// many more (at 60x16 the origins showed APP alone: 4,027 of 6,143, with no sign).
fn put_all(
    (t, partial): (&Theme, bool),
    area: Rect,
    buf: &mut Buffer,
    items: &[(&str, Option<&SeriesLine>)],
    y: &mut u16,
) {
    let room = usize::from((area.y + area.height).saturating_sub(*y));
    let shown = match items.len() > room {
        true => room.saturating_sub(1),
        false => items.len(),
    };
    for (name, line) in &items[..shown] {
        put((t, partial), area, buf, *line, name, y);
    }
    if shown < items.len() && room > 0 {
        let more = format!(
            "… {} more (a taller terminal shows them)",
            items.len() - shown
        );
        Line::styled(fit(&more, area.width as usize), t.label()).render(row(area, *y), buf);
        *y += 1;
    }
}

/// One line: name, sparkline, total; `None` while its request runs.
fn put(
    (t, partial): (&Theme, bool),
    area: Rect,
    buf: &mut Buffer,
    line: Option<&SeriesLine>,
    name: &str,
    y: &mut u16,
) {
    if *y >= area.y + area.height {
        return;
    }
    let [name_at, spark_at, total_at] = DETAIL_LINE.place(area.width);
    let cell = |p: Placed| p.at(area, *y);
    Line::raw(fit(&clean(name), name_at.width as usize)).render(cell(name_at), buf);
    match line {
        Some(l) => {
            spark_row(&l.series, cell(spark_at), (t.bars(), partial), buf);
            Line::styled(
                right(&thousands(l.total), total_at.width as usize),
                t.value(),
            )
            .render(cell(total_at), buf);
        }
        None => Line::styled("loading…", t.label()).render(
            Rect {
                width: total_at.width,
                ..cell(spark_at)
            },
            buf,
        ),
    }
    *y += 1;
}
