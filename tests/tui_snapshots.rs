//! Snapshots of the dashboard's screens, drawn on ratatui's `TestBackend` from the demo
//! organization with a fixed "today" and a fixed clock, so every run draws the same cells.
//! The app is driven only through `update`, as the event loop drives it; fetches are
//! answered here from the demo organization's rows instead of over HTTP.

mod tui_support;

use clarityq_usage::api::ApiError;
use crossterm::event::KeyCode;
use insta::assert_snapshot;
use tui_support::{Harness, SIZES};

/// Draws the harness at `w`x`h` and returns the screen as text (one line per row).
fn screen(h: &mut Harness, w: u16, ht: u16) -> String {
    h.resize(w, ht);
    h.render(w, ht)
}

#[test]
fn main_screen() {
    for (w, ht) in SIZES {
        let mut h = Harness::loaded();
        let s = screen(&mut h, w, ht);
        // The figures are the model's, with separators.
        assert!(
            s.contains(&h.total_text()),
            "total missing at {w}x{ht}:\n{s}"
        );
        assert!(s.contains("2026-10-27 .. 2026-11-25 UTC"), "{s}");
        assert_snapshot!(format!("main_{w}x{ht}"), s);
    }
}

#[test]
fn user_detail() {
    for (w, ht) in SIZES {
        let mut h = Harness::loaded();
        h.resize(w, ht);
        h.key(KeyCode::Char('j'));
        h.key(KeyCode::Enter);
        let s = h.render(w, ht);
        let email = h.selected_email();
        assert!(s.contains(&email[..20.min(email.len())]), "{s}");
        assert!(s.contains("APP"), "the split by origin is drawn:\n{s}");
        assert_snapshot!(format!("detail_{w}x{ht}"), s);
    }
}

#[test]
fn help_overlay() {
    for (w, ht) in SIZES {
        let mut h = Harness::loaded();
        h.resize(w, ht);
        h.key(KeyCode::Char('?'));
        let s = h.render(w, ht);
        assert!(s.contains("origin"), "{s}");
        assert_snapshot!(format!("help_{w}x{ht}"), s);
    }
}

#[test]
fn error_keeps_the_last_good_data() {
    for (w, ht) in SIZES {
        let mut h = Harness::loaded();
        h.resize(w, ht);
        let total = h.total_text();
        h.key_then_fail(
            KeyCode::Char('o'),
            ApiError::Forbidden {
                detail: Some("prompt-usage tracking is not enabled for this organization".into()),
            },
        );
        let s = h.render(w, ht);
        assert!(s.contains("access denied (403)"), "{s}");
        assert!(s.contains(&total), "the last good total stays:\n{s}");
        // The header describes the data on screen, not the filter that failed.
        assert!(s.contains("origin All"), "{s}");
        assert_eq!(h.app.query.origin, None);
        assert_snapshot!(format!("error_{w}x{ht}"), s);
    }
}

#[test]
fn too_small() {
    let mut h = Harness::loaded();
    let s = screen(&mut h, 50, 12);
    assert!(s.contains("too small"), "{s}");
    assert!(
        s.contains("60x16"),
        "it says how large the terminal must be:\n{s}"
    );
    assert_snapshot!("too_small_50x12", s);
}

#[test]
fn wide_characters_keep_columns_aligned() {
    let mut h = Harness::loaded();
    let s = screen(&mut h, 160, 48);
    // Every product line ends its total in the same column, CJK and emoji names included.
    let ends: Vec<usize> = s
        .lines()
        .filter(|l| l.contains("Insights") || l.contains("Studio") || l.contains("Support Desk"))
        .filter(|l| l.trim_end().ends_with('%'))
        .map(|l| unicode_width::UnicodeWidthStr::width(l.trim_end()))
        .collect();
    assert!(ends.len() >= 3, "{s}");
    assert!(ends.windows(2).all(|p| p[0] == p[1]), "{ends:?}\n{s}");
}
