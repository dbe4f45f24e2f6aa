//! The header: what is shown (organization, range, origin, products, search) and how fresh
//! it is (fetched at, spinner while updating).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::chips::{self, Chip, short_range};
use super::text::{clean, search_shown, thousands};
use super::theme::Theme;
use crate::api::UsageQuery;
use crate::dates::Preset;
use crate::tui::app::App;
use crate::tui::keymap::{Action, Mode};
use crate::tui::origins::OriginCheck;
use unicode_width::UnicodeWidthStr;

const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

pub fn render(app: &App, t: &Theme, area: Rect, buf: &mut Buffer) {
    let (title, fresh) = top_line(app, t, area.width);
    // Clipped short of the freshness whatever is left too wide (a warning that cannot
    // shorten more), so the two never run together.
    let room = area.width.saturating_sub(fresh.width() as u16 + 1);
    let left = Rect {
        width: room,
        height: 1,
        ..area
    };
    title.render(left, buf);
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

/// The title on the left and the freshness on the right, with a space at least between:
/// on a narrow terminal the program's name goes first, then the warning and the clock
/// time take their short forms, and only then is the organization's name cut (with `…`).
fn top_line(app: &App, t: &Theme, width: u16) -> (Line<'static>, Line<'static>) {
    let mut title = vec![Chip::new(
        3,
        vec![
            Span::styled("ClarityQ usage", t.title()),
            Span::styled(" · ", t.label()),
        ],
    )];
    let org = clean(app.org_label());
    title.push(Chip::new(0, vec![Span::raw(org.clone())]));
    // Data quality: the origins' answers do not add up to the whole.
    if let Some(OriginCheck::Mismatch { sum, total }) = app.view().origins.as_ref().map(|o| o.check)
    {
        let long = format!(
            "  ⚠ origins sum {} ≠ total {}",
            thousands(sum),
            thousands(total)
        );
        title.push(
            Chip::new(0, vec![Span::styled(long, t.error())])
                .or_short(2, vec![Span::styled("  ⚠ origins ≠ total", t.error())]),
        );
    }
    let (long, short) = (freshness(app, t, false), freshness(app, t, true));
    let fresh = match long.width() + 1 + org.width() <= usize::from(width) {
        true => long,
        false => short,
    };
    let room = usize::from(width).saturating_sub(fresh.width() + 1);
    let mut line = chips::fit(title, room as u16);
    // What is left too wide is the organization's name, given room as the rest allows.
    if line.width() > room {
        let rest = line.width() - org.width();
        let name = crate::width::cut(&org, room.saturating_sub(rest)).into_owned();
        for s in &mut line.spans {
            if s.content == org {
                s.content = name.clone().into();
            }
        }
    }
    (line, fresh)
}

/// Right of the title: when the data was fetched, and the spinner while it updates.
/// `short`: how long ago only, for a narrow terminal.
fn freshness(app: &App, t: &Theme, short: bool) -> Line<'static> {
    let mut right = Vec::new();
    if let Some(at) = app.fetched_at() {
        let ago = ago_text((app.wall() - at).num_seconds().max(0));
        // A saved file is read, not fetched.
        let verb = match app.source() {
            crate::tui::app::SourceKind::Fixed => "read",
            _ => "fetched",
        };
        let said = match short {
            true => format!("{verb} {ago}"),
            false => format!("{verb} {} UTC ({ago})", at.format("%H:%M:%S")),
        };
        right.push(Span::styled(said, t.label()));
    }
    if app.is_loading() {
        let spin = SPINNER[app.spinner() % SPINNER.len()];
        let what = match app.fetch().progress() {
            Some((done, total)) if total > 1 => format!(" {spin} fetching {done}/{total}"),
            _ => format!(" {spin} updating"),
        };
        right.push(Span::styled(what, t.accent()));
    } else if let Some(note) = app.narrowing_note() {
        let spin = SPINNER[app.spinner() % SPINNER.len()];
        right.push(Span::styled(format!(" {spin} {note}"), t.accent()));
    }
    Line::from(right).right_aligned()
}

/// The filters of the data on screen: range, whether today is in it so far, the period the
/// change is against, a filter still pending and, while a new view loads, what is loading;
/// then origin, team, products, search. Until its answer arrives the numbers below are the old
/// view's, so the header names that one. What does not fit the width goes, least needed
/// first (products and search are on the filter pane too).
fn chips(app: &App, t: &Theme, width: u16) -> Line<'static> {
    // An empty file's range is a placeholder, not dates of its own.
    if app.empty_file() {
        return Line::styled(crate::tui::app::empty::NO_ROWS, t.accent());
    }
    let asked = app.query();
    let q = app.shown().unwrap_or(asked);
    let loading = (q != asked).then(|| loading_chip(app, q, asked, t));
    let pair = |label: &str, value: String| {
        vec![
            Span::styled(label.to_string(), t.label()),
            Span::styled(value, t.value()),
        ]
    };
    let mut chips = vec![Chip::new(
        0,
        vec![
            Span::styled(
                format!("{} .. {} UTC", q.range.start(), q.range.end()),
                t.value(),
            ),
            Span::styled(preset_label(app, q), t.label()),
        ],
    )];
    // A first view from the windows on disk is part of its range until the rest is in:
    // said where the range is, before anything else is dropped for width.
    if app.is_partial() {
        let part = Span::styled(" · partial, the newest days loading", t.error());
        chips.push(Chip::new(1, vec![part]));
    } else if q.range.end() == app.today() {
        chips.push(Chip::new(
            3,
            vec![Span::styled(" · today so far", t.accent())],
        ));
    }
    // The period the change is against is the asked range's: not said while another loads.
    if q == asked {
        let vs = short_range(app.previous_range(), app.today());
        chips.push(Chip::new(4, pair("  vs ", vs)));
    }
    // After what describes the range on screen, so that "today so far" is not read as
    // the loading range's.
    if let Some(p) = app.pending() {
        let r = app.keymap().key_name(Mode::Main, Action::Refresh);
        let what = format!("  pending {} .. {} ({r})", p.range.start(), p.range.end());
        chips.push(Chip::new(1, vec![Span::styled(what, t.error())]));
    }
    chips.extend(loading);
    // Products picked, a search applied and an origin change every figure: kept with the
    // team (at 60x16 a search was on neither the header nor the cut filter strip); "All",
    // "all" and "—" go first (at 80 columns "origin All" outlived "today so far").
    let narrows = |yes: bool, idle: u8| if yes { 2 } else { idle };
    let origin = q.origin.map_or("All", |o| o.as_str()).to_string();
    chips.push(Chip::new(
        narrows(q.origin.is_some(), 5),
        pair("  origin ", origin),
    ));
    // A team changes every figure, as the origin does: said beside it (the filter pane,
    // cut at a narrow width, could leave the team's name out).
    if let Some(team) = app.team_shown() {
        chips.push(Chip::new(2, pair("  team ", clean(&team))));
    }
    let products = narrows(!q.product_ids.is_empty(), 5);
    chips.push(Chip::new(
        products,
        pair("  products ", products_of(app, q)),
    ));
    let search = narrows(q.search.is_some(), 6);
    chips.push(Chip::new(search, pair("  search ", search_of(app, q))));
    chips::fit(chips, width)
}

/// The preset's name of the range on screen: the one chosen when it is the asked range,
/// else the one its dates are.
fn preset_label(app: &App, q: &UsageQuery) -> String {
    let preset = match q.range == app.query().range {
        true => app.preset(),
        false => Preset::detect(q.range, app.today()),
    };
    let name = crate::dates::range_name(preset, q.range);
    let days = || crate::numbers::count_of(q.range.len_days() as u64, "day", "days");
    format!(" ({})", name.unwrap_or_else(days))
}

fn products_of(app: &App, q: &UsageQuery) -> String {
    app.products_label(q, &format!("all ({})", app.picker().known().len()))
}

fn search_of(app: &App, q: &UsageQuery) -> String {
    q.search.as_deref().map_or("—".to_string(), |s| {
        format!("\"{}\"", search_shown(s, app.mask()))
    })
}

/// What is loading, when the view asked for is not the one on screen: the filters that
/// differ, the range in full dates (month and day only when narrow).
fn loading_chip(app: &App, shown: &UsageQuery, asked: &UsageQuery, t: &Theme) -> Chip {
    let mut long = Vec::new();
    let mut short = Vec::new();
    if shown.range != asked.range {
        let r = asked.range;
        long.push(format!("{} .. {}", r.start(), r.end()));
        short.push(short_range(r, app.today()));
    }
    let mut rest = Vec::new();
    if shown.origin != asked.origin {
        rest.push(format!(
            "origin {}",
            asked.origin.map_or("All", |o| o.as_str())
        ));
    }
    if shown.product_ids != asked.product_ids {
        rest.push(format!("products {}", products_of(app, asked)));
    }
    if shown.search != asked.search {
        rest.push(format!("search {}", search_of(app, asked)));
    }
    long.extend(rest.iter().cloned());
    short.extend(rest);
    let say = |parts: Vec<String>| {
        vec![Span::styled(
            format!("  … loading {}", parts.join(", ")),
            t.accent(),
        )]
    };
    // Below the origin chip's rank: the filter strip also names the origin.
    Chip::new(1, say(long)).or_short(1, say(short))
}

fn ago_text(secs: i64) -> String {
    match secs {
        0..=59 => format!("{secs}s ago"),
        60..=3599 => format!("{}m ago", secs / 60),
        _ => format!("{}h ago", secs / 3600),
    }
}
