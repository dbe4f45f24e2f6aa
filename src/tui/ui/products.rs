//! The Products block: one line per product of the view, its sparkline, total and share;
//! a line that says so when the view has none.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::charts::{share, spark_row};
use super::text::{clean, fit, right, thousands};
use super::theme::Theme;
use crate::tui::app::{App, Focus, SourceKind};
use crate::tui::columns::{PRODUCT_LINE, Placed};
use crate::tui::keymap::{Action, Mode};

pub fn render_products(app: &App, t: &Theme, area: Rect, buf: &mut Buffer) {
    if area.height == 0 || app.usage().is_none() {
        return;
    }
    let focused = app.focus() == Focus::Products;
    // The name alone in reverse video, not the row to the Origins block.
    let name = Span::styled("Products", t.pane_title(focused));
    Line::from(name).render(Rect { height: 1, ..area }, buf);
    // A team with no rows in the range (or an answer with none) names no product: said,
    // not a blank block. A saved file's range keeps all the file's products.
    if app.view().products.is_empty() && area.height > 1 {
        let none = fit("none with rows in this view", area.width as usize);
        let at = Rect {
            y: area.y + 1,
            height: 1,
            ..area
        };
        Line::styled(none, t.label()).render(at, buf);
    }
    let [name_at, spark_at, figures_at] = PRODUCT_LINE.place(area.width);
    let cell = |p: Placed, y: u16| p.at(area, y);
    let (len, drawn, top) = (
        app.view().products.len(),
        app.products_drawn(),
        app.products_top(),
    );
    let shares = &app.view().product_shares;
    let row = focused.then(|| app.picker().row(len));
    if drawn < len && area.height > 1 {
        // Those above and below the rows drawn, and the picker's key where it can open
        // (a saved file's products are fixed): j/k on the pane scroll through them.
        let (above, below) = (top, len - top - drawn);
        let mut more = match (above, below) {
            (0, b) => format!("… {b} more"),
            (a, 0) => format!("… {a} above"),
            (a, b) => format!("… {a} above, {b} below"),
        };
        if app.source() != SourceKind::Fixed {
            let p = app.keymap().key_name(Mode::Main, Action::Products);
            more = format!("{more} ({p})");
        }
        let y = area.y + 1 + drawn as u16;
        Line::raw(fit(&more, name_at.width as usize)).render(cell(name_at, y), buf);
    }
    for (i, p) in app.view().products.iter().enumerate().skip(top).take(drawn) {
        let y = area.y + 1 + (i - top) as u16;
        let name = fit(&clean(&p.name), name_at.width as usize);
        let name = match row == Some(i) {
            true => Line::styled(name, t.selected()),
            false => Line::raw(name),
        };
        name.render(cell(name_at, y), buf);
        spark_row(
            &p.series,
            cell(spark_at, y),
            (t.bars(), app.today_partial()),
            buf,
        );
        let figures = format!(
            "{} {}",
            right(&thousands(p.total), 10),
            share(shares.get(i).copied().flatten())
        );
        Line::styled(figures, t.value()).render(cell(figures_at, y), buf);
    }
}
