//! The KPIs line, the organization's daily chart and one sparkline per product.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Sparkline, Widget};

use super::text::{clean, fit, pct, right, thousands};
use super::theme::Theme;
use crate::tui::app::App;
use crate::tui::columns::{PRODUCT_LINE, Placed};

pub fn render_kpis(app: &App, t: &Theme, area: Rect, buf: &mut Buffer) {
    if app.mode() == crate::tui::keymap::Mode::Detail {
        return; // the detail has its own headline
    }
    let Some(_) = app.usage() else {
        let msg = if app.is_loading() {
            "loading…"
        } else {
            "no data yet"
        };
        Line::styled(msg, t.label()).render(area, buf);
        return;
    };
    let k = &app.view().kpis;
    let known = |v: Option<usize>| v.map_or("…".to_string(), |n| thousands(n as u64));
    let mut spans = vec![
        Span::styled("Prompts ", t.label()),
        Span::styled(thousands(k.total), t.value()),
        Span::styled("  Active ", t.label()),
        Span::styled(thousands(k.active_users as u64), t.value()),
        Span::styled("  New ", t.label()),
        Span::styled(known(k.new), t.value()),
        Span::styled("  Dormant ", t.label()),
        Span::styled(known(k.dormant), t.value()),
        Span::styled("  Avg DAU ", t.label()),
        Span::styled(format!("{:.1}", k.average_daily_users), t.value()),
    ];
    if let Some(s) = k.stickiness {
        spans.push(Span::styled("  DAU/MAU ", t.label()));
        spans.push(Span::styled(format!("{:.0}%", s * 100.0), t.value()));
    }
    let mut second = vec![Span::styled("vs ", t.label())];
    match k.previous_range {
        Some(r) => second.push(Span::styled(
            format!("{}..{} ", r.start(), r.end()),
            t.label(),
        )),
        None => second.push(Span::styled("previous period ", t.label())),
    }
    match (k.change, k.previous_total) {
        (Some(c), Some(p)) => {
            second.push(Span::styled(
                pct(c),
                if c >= 0.0 { t.good() } else { t.bad() },
            ));
            second.push(Span::styled(format!(" (was {})", thousands(p)), t.label()));
        }
        (None, Some(_)) => second.push(Span::styled("no prompts before", t.label())),
        _ => second.push(Span::styled("…", t.label())),
    }
    second.push(Span::styled("  Busiest ", t.label()));
    match k.busiest {
        Some((d, n)) => second.push(Span::styled(format!("{d} ({})", thousands(n)), t.value())),
        None => second.push(Span::styled("—", t.value())),
    }
    second.push(Span::styled("  Per user/day ", t.label()));
    second.push(Span::styled(format!("{:.1}", k.per_user_day), t.value()));
    if !k.warnings.is_empty() {
        spans.push(Span::styled(format!("   ⚠ {}", k.warnings), t.error()));
    }
    Line::from(spans).render(Rect { height: 1, ..area }, buf);
    Line::from(second).render(
        Rect {
            y: area.y + 1,
            height: 1,
            ..area
        },
        buf,
    );
}

pub fn render_chart(app: &App, t: &Theme, bars: Rect, buf: &mut Buffer) {
    if app.usage().is_none() {
        return;
    }
    let title = Rect {
        y: bars.y.saturating_sub(1),
        height: 1,
        ..bars
    };
    let v = &app.view();
    let max = v.chart.iter().copied().max().unwrap_or(0);
    let per = if v.days_per_bar > 1 {
        format!(", one bar = {} days", v.days_per_bar)
    } else {
        String::new()
    };
    Line::from(vec![
        Span::styled("Prompts per day (UTC)", t.title()),
        Span::styled(format!("  peak {}{per}", thousands(max)), t.label()),
    ])
    .render(title, buf);
    Sparkline::default()
        .data(v.chart.iter().copied())
        .style(t.bars())
        .render(bars, buf);
}

pub fn render_products(app: &App, t: &Theme, area: Rect, buf: &mut Buffer) {
    if area.height == 0 || app.usage().is_none() {
        return;
    }
    let total = app.view().kpis.total.max(1);
    Line::styled("Products", t.title()).render(Rect { height: 1, ..area }, buf);
    let [name_at, spark_at, figures_at] = PRODUCT_LINE.place(area.width);
    let cell = |p: Placed, y: u16| Rect {
        x: area.x + p.x,
        y,
        width: p.width,
        height: 1,
    };
    let shown = (area.height as usize).saturating_sub(1);
    let hidden = app.view().products.len().saturating_sub(shown);
    for (i, p) in app.view().products.iter().take(shown).enumerate() {
        let y = area.y + 1 + i as u16;
        if i + 1 == shown && hidden > 0 {
            let more = format!("… {} more (p)", hidden + 1);
            Line::raw(fit(&more, name_at.width as usize)).render(cell(name_at, y), buf);
            continue;
        }
        Line::raw(fit(&clean(&p.name), name_at.width as usize)).render(cell(name_at, y), buf);
        Sparkline::default()
            .data(p.series.iter().copied())
            .style(t.bars())
            .render(cell(spark_at, y), buf);
        let figures = format!(
            "{} {:>5.1}%",
            right(&thousands(p.total), 10),
            p.total as f64 * 100.0 / total as f64
        );
        Line::styled(figures, t.value()).render(cell(figures_at, y), buf);
    }
}
