//! The report as one self-contained HTML file: inline CSS, charts as inline SVG, no
//! script, no web font, no external URL. Light and dark by `prefers-color-scheme`, black
//! on white when printed; numbers right-aligned with thousands separators; every table
//! header has a scope. Every string from the server is escaped here.

use std::fmt::Write;

use super::{PersonLine, Report, change, esc, filters_line, kpi_rows, share, svg};
use crate::numbers::thousands;

const STYLE: &str = include_str!("report.css");

pub fn render(r: &Report) -> String {
    let mut s = String::with_capacity(32 * 1024);
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"color-scheme\" content=\"light dark\">\n<title>{t}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<main>\n<h1>{t}</h1>\n",
        t = esc(&r.title)
    );
    head(&mut s, r);
    series(&mut s, r);
    origins(&mut s, r);
    products(&mut s, r);
    for (title, list, dormant) in super::people_sections(r) {
        people(&mut s, &title, list, dormant);
    }
    s.push_str("</main>\n</body>\n</html>\n");
    s
}

/// The chart of prompts and active users, or the words that there are none.
fn series(s: &mut String, r: &Report) {
    let title = esc(&super::series_title(r));
    if let Some(none) = super::no_prompts(r) {
        let _ = writeln!(
            s,
            "<section><h2>{title}</h2>\n<p class=\"note\">{none}</p></section>"
        );
        return;
    }
    let chart = svg::series(&r.series.points, r.series.grain);
    // Faded bars are explained only when a bar is faded.
    let partial = match r.series.points.iter().any(|p| p.partial) {
        true => format!(" · faded bars, dashed line: partial {}s", r.series.grain),
        false => String::new(),
    };
    let _ = writeln!(
        s,
        "<section><h2>{title}</h2>\n<figure>{chart}<figcaption><span class=\"key bar\"></span> prompts (left scale) · <span class=\"key line\"></span> active users (right scale){partial}</figcaption></figure></section>"
    );
}

fn head(s: &mut String, r: &Report) {
    let masked = if r.masked { " · emails masked" } else { "" };
    let _ = writeln!(
        s,
        "<p class=\"meta\">{}<br>{}<br>Generated {}{masked}</p>",
        super::range_line(r),
        esc(&filters_line(r)),
        esc(&super::generated_line(r))
    );
    for w in &r.warnings {
        let _ = writeln!(s, "<p class=\"warning\">⚠ {}</p>", esc(w));
    }
    s.push_str("<section><h2>Key figures</h2>\n<table>\n<thead><tr><th scope=\"col\">Figure</th><th scope=\"col\" class=\"num\">Now</th><th scope=\"col\" class=\"num\">Previous</th><th scope=\"col\" class=\"num\">Change</th></tr></thead>\n<tbody>\n");
    for [a, b, c, d] in kpi_rows(r) {
        let _ = writeln!(
            s,
            "<tr><th scope=\"row\">{a}</th><td class=\"num\">{b}</td><td class=\"num\">{c}</td><td class=\"num {}\">{}</td></tr>",
            trend(&d),
            esc(&d)
        );
    }
    s.push_str("</tbody>\n</table></section>\n");
}

/// The class that colours a change: `up`, `down` or none.
fn trend(change: &str) -> &'static str {
    match change.as_bytes().first() {
        Some(b'+') => "up",
        Some(b'-') => "down",
        _ => "",
    }
}

fn origins(s: &mut String, r: &Report) {
    s.push_str("<section><h2>Origin share</h2>\n");
    match &r.origins {
        Some(o) => {
            // No prompt in any origin: no bar to draw (it was a blank band).
            if o.iter().any(|x| x.prompts > 0) {
                s.push_str(&svg::shares(o));
            }
            s.push_str("\n<table>\n<thead><tr><th scope=\"col\">Origin</th><th scope=\"col\" class=\"num\">Prompts</th><th scope=\"col\" class=\"num\">Share</th></tr></thead>\n<tbody>\n");
            for (i, x) in o.iter().enumerate() {
                let _ = writeln!(
                    s,
                    "<tr><th scope=\"row\"><span class=\"key o{i}\"></span> {}</th><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                    x.origin,
                    thousands(x.prompts),
                    share(x)
                );
            }
            s.push_str("</tbody>\n</table>");
        }
        None => {
            let note = r.origins_note.as_deref().unwrap_or("Not available.");
            let _ = write!(s, "<p class=\"note\">{}</p>", esc(note));
        }
    }
    s.push_str("</section>\n");
}

fn products(s: &mut String, r: &Report) {
    if r.products.is_empty() {
        s.push_str("<section><h2>Products</h2>\n<p class=\"note\">None.</p></section>\n");
        return;
    }
    s.push_str("<section><h2>Products</h2>\n<table>\n<thead><tr><th scope=\"col\">Product</th><th scope=\"col\" class=\"num\">Prompts</th><th scope=\"col\" class=\"num\">Active users</th><th scope=\"col\" class=\"num\">Previous</th><th scope=\"col\" class=\"num\">Change</th></tr></thead>\n<tbody>\n");
    for p in &r.products {
        let c = change(p.change, p.change_pct);
        let _ = writeln!(
            s,
            "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num {}\">{}</td></tr>",
            esc(&super::product_name(p)),
            thousands(p.prompts),
            thousands(u64::from(p.active_users)),
            thousands(p.previous_prompts),
            trend(&c),
            esc(&c)
        );
    }
    s.push_str("</tbody>\n</table></section>\n");
}

fn people(s: &mut String, title: &str, list: &[PersonLine], dormant: bool) {
    let _ = writeln!(s, "<section><h2>{}</h2>", esc(title));
    if list.is_empty() {
        s.push_str("<p class=\"note\">None.</p></section>\n");
        return;
    }
    let last = PersonLine::last_heading(dormant);
    let _ = write!(
        s,
        "<table>\n<thead><tr><th scope=\"col\" class=\"num\">#</th><th scope=\"col\">Person</th><th scope=\"col\" class=\"num\">Prompts</th><th scope=\"col\" class=\"num\">Previous</th><th scope=\"col\" class=\"num\">Change</th><th scope=\"col\">{last}</th></tr></thead>\n<tbody>\n"
    );
    for (i, p) in list.iter().enumerate() {
        let tail = p.last_column(dormant);
        let c = change(p.change, p.change_pct);
        let _ = writeln!(
            s,
            "<tr><td class=\"num\">{}</td><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num {}\">{}</td><td>{tail}</td></tr>",
            i + 1,
            esc(&p.email),
            thousands(p.prompts),
            thousands(p.previous_prompts),
            trend(&c),
            esc(&c)
        );
    }
    s.push_str("</tbody>\n</table></section>\n");
}
