//! The header: what is shown (organization, range, origin, products, search) and how fresh
//! it is (fetched at, spinner while updating).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::text::{clean, thousands};
use super::theme::Theme;
use crate::tui::app::App;
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
    title.render(area, buf);
    freshness(app, t).render(Rect { height: 1, ..area }, buf);
    chips(app, t).render(
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

/// The filters of the view: range, origin, products, search.
fn chips(app: &App, t: &Theme) -> Line<'static> {
    let q = app.query();
    let products = if q.product_ids.is_empty() {
        format!("all {}", app.picker().known().len())
    } else {
        format!("{} of {}", q.product_ids.len(), app.picker().known().len())
    };
    Line::from(vec![
        Span::styled(
            format!("{} .. {} UTC", q.range.start(), q.range.end()),
            t.value(),
        ),
        Span::styled(
            match app.preset() {
                crate::dates::Preset::Custom => format!(" ({} days)", q.range.len_days()),
                p => format!(" ({})", p.label()),
            },
            t.label(),
        ),
        Span::styled("  origin ", t.label()),
        Span::styled(q.origin.map_or("All", |o| o.as_str()), t.value()),
        Span::styled("  products ", t.label()),
        Span::styled(products, t.value()),
        Span::styled("  search ", t.label()),
        Span::styled(
            q.search
                .as_deref()
                .map_or("—".to_string(), |s| format!("\"{}\"", clean(s))),
            t.value(),
        ),
    ])
}

fn ago_text(secs: i64) -> String {
    match secs {
        0..=59 => format!("{secs}s ago"),
        60..=3599 => format!("{}m ago", secs / 60),
        _ => format!("{}h ago", secs / 3600),
    }
}
