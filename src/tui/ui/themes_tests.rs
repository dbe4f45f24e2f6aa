//! The screen in each theme, with its styles: a snapshot lists, under each row of text,
//! the runs of cells that are not plain (`x+len` and the colour and emphasis), so that a
//! changed colour shows in the diff. Then the rules no snapshot can review at a glance:
//! mono sets no colour anywhere, and every colour on screen comes from a role.

use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier, Style};

use super::Themed;
use super::theme::{Preset, Role, Theme};
use crate::tui::app::tests::{answer, key, loaded};
use crate::tui::app::{App, Msg};

fn draw(app: &App, theme: &Theme) -> Buffer {
    let (w, h) = app.size();
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| f.render_widget(Themed(app, theme), f.area()))
        .unwrap();
    t.backend().buffer().clone()
}

/// How a snapshot writes a style: `fg on bg +modifiers`, only what is set.
fn describe(s: Style) -> String {
    let mut out = Vec::new();
    if let Some(fg) = s.fg.filter(|c| *c != Color::Reset) {
        out.push(format!("{fg:?}"));
    }
    if let Some(bg) = s.bg.filter(|c| *c != Color::Reset) {
        out.push(format!("on {bg:?}"));
    }
    for (m, name) in [
        (Modifier::BOLD, "+bold"),
        (Modifier::DIM, "+dim"),
        (Modifier::ITALIC, "+italic"),
        (Modifier::UNDERLINED, "+underline"),
        (Modifier::REVERSED, "+reverse"),
    ] {
        if s.add_modifier.contains(m) {
            out.push(name.into());
        }
    }
    out.join(" ")
}

/// Each row's text, then its styled runs (`x+len style`), plain cells left out.
fn styled(buf: &Buffer) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in 0..area.height {
        let text: String = (0..area.width).map(|x| buf[(x, y)].symbol()).collect();
        out += &format!("{y:>2} {}\n", text.trim_end());
        let mut runs: Vec<(u16, u16, String)> = Vec::new();
        for x in 0..area.width {
            let d = describe(buf[(x, y)].style());
            match runs.last_mut() {
                Some((start, len, s)) if *s == d && *start + *len == x => *len += 1,
                _ => runs.push((x, 1, d)),
            }
        }
        let runs: Vec<String> = runs
            .into_iter()
            .filter(|(_, _, s)| !s.is_empty())
            .map(|(x, n, s)| format!("{x}+{n} {s}"))
            .collect();
        if !runs.is_empty() {
            out += &format!("   | {}\n", runs.join("; "));
        }
    }
    out
}

#[test]
fn main_screen_in_each_theme() {
    for size in [(80, 24), (200, 60)] {
        let (app, _) = loaded(size);
        for preset in [Preset::Dark, Preset::Light, Preset::Mono] {
            let name = format!("main_{}_{}x{}", preset.name(), size.0, size.1);
            insta::assert_snapshot!(name, styled(&draw(&app, &Theme::new(preset))));
        }
    }
}

/// The person's detail and the help, in the light theme: the other panes' roles.
#[test]
fn detail_and_help_in_light() {
    let (mut app, org) = loaded((80, 24));
    key(&mut app, KeyCode::Down);
    let fx = key(&mut app, KeyCode::Enter);
    answer(&mut app, &org, fx);
    let light = Theme::new(Preset::Light);
    insta::assert_snapshot!("detail_light_80x24", styled(&draw(&app, &light)));
    key(&mut app, KeyCode::Char('?'));
    insta::assert_snapshot!("help_light_80x24", styled(&draw(&app, &light)));
}

/// Every screen the dashboard has, at one size.
fn every_screen(size: (u16, u16), theme: &Theme, check: &dyn Fn(&Buffer, &str)) {
    let (mut app, org) = loaded(size);
    check(&draw(&app, theme), "main");
    key(&mut app, KeyCode::Down);
    let fx = key(&mut app, KeyCode::Enter);
    answer(&mut app, &org, fx);
    check(&draw(&app, theme), "detail");
    key(&mut app, KeyCode::Char('?'));
    check(&draw(&app, theme), "help");
    key(&mut app, KeyCode::Char('?'));
    check(&draw(&app, theme), "glossary");
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Tab);
    check(&draw(&app, theme), "filters focused");
    key(&mut app, KeyCode::Char('p'));
    check(&draw(&app, theme), "picker");
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('/'));
    check(&draw(&app, theme), "search");
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('b'));
    check(&draw(&app, theme), "weekly chart");
    app.update(Msg::Resize(40, 12));
    check(&draw(&app, theme), "too small");
}

#[test]
fn mono_draws_no_colour() {
    for size in [(80, 24), (200, 60)] {
        every_screen(size, &Theme::new(Preset::Mono), &|buf, what| {
            for c in &buf.content {
                assert_eq!((c.fg, c.bg), (Color::Reset, Color::Reset), "{what}");
            }
            // The selection still shows, without colour.
            if what == "main" {
                assert!(
                    buf.content
                        .iter()
                        .any(|c| c.modifier.contains(Modifier::REVERSED))
                );
            }
        });
    }
}

/// With every role given a colour of its own, every colour on screen is one of them:
/// no pane chooses a colour of its own.
#[test]
fn every_colour_comes_from_a_role() {
    let colour = |r: Role| Color::Indexed(100 + r as u8);
    for preset in [Preset::Dark, Preset::Light] {
        let theme = Role::ALL
            .into_iter()
            .fold(Theme::new(preset), |t, r| t.with(r, colour(r)));
        let allowed: Vec<Color> = Role::ALL.map(colour).into();
        every_screen((200, 60), &theme, &|buf, what| {
            for c in &buf.content {
                for used in [c.fg, c.bg] {
                    assert!(
                        used == Color::Reset || allowed.contains(&used),
                        "{preset:?}, {what}: {used:?} at '{}'",
                        c.symbol()
                    );
                }
            }
        });
    }
}

/// The range field opens with the current range selected (the first letter typed
/// replaces it), and draws it so, in every theme; once a key moves, it is plain text.
#[test]
fn the_range_field_opens_selected() {
    let (mut app, _) = loaded((80, 24));
    key(&mut app, KeyCode::Char('d'));
    for preset in [Preset::Dark, Preset::Light, Preset::Mono] {
        let theme = Theme::new(preset);
        let buf = draw(&app, &theme);
        let y = app.areas().status.y;
        let x = "Range (UTC): ".len() as u16;
        let shown = describe(buf[(x, y)].style());
        assert_eq!(shown, describe(theme.selected()), "{preset:?}");
        assert!(!shown.is_empty(), "{preset:?}: the selection stands out");
    }
    key(&mut app, KeyCode::Left);
    let theme = Theme::new(Preset::Dark);
    let buf = draw(&app, &theme);
    let y = app.areas().status.y;
    let shown = describe(buf[("Range (UTC): ".len() as u16, y)].style());
    assert_ne!(shown, describe(theme.selected()));
}
