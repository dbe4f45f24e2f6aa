//! The header: what is shown (organization, range, origin, products, search) and how fresh
//! it is (fetched at, spinner while updating).

use chrono::Datelike;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::text::{clean, thousands};
use super::theme::Theme;
use crate::tui::app::App;
use crate::tui::keymap::{Action, Mode};
use crate::tui::origins::OriginCheck;

const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

pub fn render(app: &App, t: &Theme, area: Rect, buf: &mut Buffer) {
    let mut title = Line::from(vec![
        Span::styled("ClarityQ usage", t.title()),
        Span::styled(" · ", t.label()),
        Span::raw(clean(app.org_label())),
    ]);
    // Data quality: the origins' answers do not add up to the whole.
    if let Some(OriginCheck::Mismatch { sum, total }) = app.view().origins.as_ref().map(|o| o.check)
    {
        title.push_span(Span::styled(
            format!(
                "  ⚠ origins sum {} ≠ total {}",
                thousands(sum),
                thousands(total)
            ),
            t.error(),
        ));
    }
    // The title gives way to the freshness on the right, with a space between, so the
    // two never run together on a narrow terminal.
    let fresh = freshness(app, t);
    let room = area.width.saturating_sub(fresh.width() as u16 + 1);
    title.render(
        Rect {
            width: room,
            height: 1,
            ..area
        },
        buf,
    );
    fresh.render(Rect { height: 1, ..area }, buf);
    chips(app, t, area.width).render(
        Rect {
            y: area.y + 1,
            height: 1,
            ..area
        },
        buf,
    );
}

/// Right of the title: when the data was fetched, and the spinner while it updates.
fn freshness(app: &App, t: &Theme) -> Line<'static> {
    let mut right = Vec::new();
    if let Some(at) = app.fetched_at() {
        let ago = (app.wall() - at).num_seconds().max(0);
        right.push(Span::styled(
            format!("fetched {} UTC ({})", at.format("%H:%M:%S"), ago_text(ago)),
            t.label(),
        ));
    }
    if app.is_loading() {
        let spin = SPINNER[app.spinner() % SPINNER.len()];
        let what = match app.fetch().progress() {
            Some((done, total)) if total > 1 => format!(" {spin} fetching {done}/{total}"),
            _ => format!(" {spin} updating"),
        };
        right.push(Span::styled(what, t.accent()));
    }
    Line::from(right).right_aligned()
}

/// The filters of the view: range, whether today is in it so far, the period the change
/// is against, a filter still pending, origin, products, search. What does not fit the
/// width goes, least needed first (products and search are on the filter pane too).
fn chips(app: &App, t: &Theme, width: u16) -> Line<'static> {
    let q = app.query();
    let products = if q.product_ids.is_empty() {
        format!("all {}", app.picker().known().len())
    } else {
        format!("{} of {}", q.product_ids.len(), app.picker().known().len())
    };
    let preset = match app.preset() {
        crate::dates::Preset::Custom => format!(
            " ({})",
            crate::numbers::count_of(q.range.len_days() as u64, "day", "days")
        ),
        p => format!(" ({})", p.label()),
    };
    let search = q
        .search
        .as_deref()
        .map_or("—".to_string(), |s| format!("\"{}\"", clean(s)));
    let pair = |label: &str, value: String| {
        vec![
            Span::styled(label.to_string(), t.label()),
            Span::styled(value, t.value()),
        ]
    };
    // (how much it is needed: 0 always shown, higher goes first; its spans)
    let mut chips: Vec<(u8, Vec<Span<'static>>)> = vec![(
        0,
        vec![
            Span::styled(
                format!("{} .. {} UTC", q.range.start(), q.range.end()),
                t.value(),
            ),
            Span::styled(preset, t.label()),
        ],
    )];
    if let Some(p) = app.pending() {
        let r = app.keymap().key_name(Mode::Main, Action::Refresh);
        let what = format!("  pending {} .. {} ({r})", p.range.start(), p.range.end());
        chips.push((1, vec![Span::styled(what, t.error())]));
    }
    if app.today_partial() {
        chips.push((3, vec![Span::styled(" · today so far", t.accent())]));
    }
    chips.push((
        4,
        pair("  vs ", short_range(app.previous_range(), app.today())),
    ));
    chips.push((
        2,
        pair("  origin ", q.origin.map_or("All", |o| o.as_str()).into()),
    ));
    chips.push((5, pair("  products ", products)));
    chips.push((6, pair("  search ", search)));
    fit_chips(chips, width)
}

/// The chips that fit `width`: the least needed (highest number) leave first; those
/// numbered 0 always stay.
fn fit_chips(mut chips: Vec<(u8, Vec<Span<'static>>)>, width: u16) -> Line<'static> {
    let cells =
        |c: &[(u8, Vec<Span>)]| -> usize { c.iter().flat_map(|(_, s)| s).map(Span::width).sum() };
    while cells(&chips) > usize::from(width) {
        let Some(i) = (0..chips.len())
            .filter(|&i| chips[i].0 > 0)
            .max_by_key(|&i| chips[i].0)
        else {
            break;
        };
        chips.remove(i);
    }
    Line::from(chips.into_iter().flat_map(|(_, s)| s).collect::<Vec<_>>())
}

/// A range in few cells: the years left out when both ends are in the current year.
fn short_range(r: crate::dates::DateRange, today: chrono::NaiveDate) -> String {
    if r.start().year() == today.year() && r.end().year() == today.year() {
        format!("{}..{}", r.start().format("%m-%d"), r.end().format("%m-%d"))
    } else if r.start().year() == r.end().year() {
        format!("{}..{}", r.start(), r.end().format("%m-%d"))
    } else {
        format!("{}..{}", r.start(), r.end())
    }
}

fn ago_text(secs: i64) -> String {
    match secs {
        0..=59 => format!("{secs}s ago"),
        60..=3599 => format!("{}m ago", secs / 60),
        _ => format!("{}h ago", secs / 3600),
    }
}
