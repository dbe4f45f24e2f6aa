//! The per-user table: only the visible rows are built (the view holds them), so a
//! 100,000-person organization draws as fast as a small one.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::text::{clean, fit, mask_email, right, thousands};
use super::theme::Theme;
use crate::tui::app::{App, Column, Focus};
use crate::tui::layout::user_columns;

pub fn render(app: &App, t: &Theme, area: Rect, buf: &mut Buffer) {
    if area.height == 0 || app.usage().is_none() {
        return;
    }
    let (email_w, spark_w) = user_columns(area.width);
    let with_spark = spark_w > 0;
    let n = app.view.order.len();
    let arrow = |c: Column| {
        if app.sort.0 == c {
            if app.sort.1 { "↓" } else { "↑" }
        } else {
            ""
        }
    };
    let mut head = format!(
        "{}{}{}{}{}",
        fit(
            &format!("Users ({}) {}", thousands(n as u64), arrow(Column::Email)),
            email_w + 1
        ),
        right(&format!("{}Total", arrow(Column::Total)), 10),
        right(&format!("{}Share", arrow(Column::Share)), 7),
        right(&format!("{}Days", arrow(Column::ActiveDays)), 5),
        right(&format!("{}Last", arrow(Column::LastActive)), 11),
    );
    if with_spark {
        head.push(' ');
        head.push_str(&fit("Daily", spark_w));
    }
    let head_style = if app.focus == Focus::Users {
        t.title()
    } else {
        t.label()
    };
    Line::styled(head, head_style).render(Rect { height: 1, ..area }, buf);
    if n == 0 {
        let msg = if app.usage().is_some() {
            "no prompts in this view"
        } else {
            ""
        };
        Line::styled(msg, t.label()).render(
            Rect {
                y: area.y + 1,
                height: 1,
                ..area
            },
            buf,
        );
        return;
    }
    for (i, u) in app.view.visible.iter().enumerate() {
        let y = area.y + 1 + i as u16;
        if y >= area.y + area.height {
            break;
        }
        let email = if app.mask {
            mask_email(&u.email)
        } else {
            clean(&u.email)
        };
        let last = u.last.map_or("—".to_string(), |d| d.to_string());
        let text = format!(
            "{} {}{}{}{}",
            fit(&email, email_w),
            right(&thousands(u.total), 10),
            right(&format!("{:.1}%", u.share), 7),
            right(&u.active_days.to_string(), 5),
            right(&last, 11),
        );
        let selected = app.offset + i == app.selected;
        let style = if selected && app.focus == Focus::Users {
            t.selected()
        } else {
            ratatui::style::Style::new()
        };
        let mut spans = vec![Span::styled(text, style)];
        if with_spark {
            spans.push(Span::raw(" "));
            spans.push(Span::styled(u.spark.clone(), t.bars()));
        }
        Line::from(spans).render(
            Rect {
                y,
                height: 1,
                ..area
            },
            buf,
        );
    }
}
