use ratatui::style::{Color, Modifier};

use super::*;
use crate::config::{Overrides, Settings};

fn settings(toml: &str) -> Settings {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, toml).unwrap();
    let ov = Overrides {
        config: Some(path),
        ..Overrides::default()
    };
    Settings::load(&ov, &|_| None).unwrap()
}

fn spec(toml: &str) -> Result<ThemeSpec, String> {
    ThemeSpec::from_settings(&settings(toml), false).map_err(|e| e.to_string())
}

#[test]
fn the_default_is_auto_and_dark_without_an_answer() {
    let s = spec("").unwrap();
    assert_eq!(s.choice, Choice::Auto);
    assert!(s.needs_background());
    assert_eq!(s.resolve(None).preset(), Preset::Dark);
    assert_eq!(s.resolve(Some(Preset::Light)).preset(), Preset::Light);
}

#[test]
fn a_fixed_theme_ignores_the_background() {
    let s = spec("theme = \"light\"").unwrap();
    assert!(!s.needs_background());
    assert_eq!(s.resolve(Some(Preset::Dark)).preset(), Preset::Light);
}

#[test]
fn no_color_is_mono_whatever_the_file_says() {
    let s =
        ThemeSpec::from_settings(&settings("theme = \"light\"\n[colors]\nbad = 1"), true).unwrap();
    assert!(!s.needs_background());
    let t = s.resolve(Some(Preset::Light));
    assert_eq!(t.preset(), Preset::Mono);
    assert_eq!(t.bad().fg, None);
    assert!(s.show().contains("NO_COLOR"), "{}", s.show());
}

#[test]
fn a_bad_theme_is_one_line_naming_it() {
    let e = spec("theme = \"solarized\"").unwrap_err();
    assert!(
        e.contains("'solarized'") && e.contains("auto, dark, light or mono"),
        "{e}"
    );
    assert!(!e.contains('\n'), "{e}");
}

#[test]
fn colours_override_their_roles() {
    let s = spec(
        "theme = \"dark\"\n[colors]\naccent = \"LightBlue\"\nbars = \"#FF8000\"\ngood = 34\nbad = \"196\"\nselected = \"blue\"\n",
    )
    .unwrap();
    let t = s.resolve(None);
    assert_eq!(t.accent().fg, Some(Color::LightBlue));
    assert_eq!(t.bars().fg, Some(Color::Rgb(0xff, 0x80, 0)));
    assert_eq!(t.good().fg, Some(Color::Indexed(34)));
    assert_eq!(t.bad().fg, Some(Color::Indexed(196)));
    assert_eq!(t.selected().bg, Some(Color::Blue));
    assert!(t.selected().add_modifier.contains(Modifier::BOLD));
    // Untouched roles keep the preset's style.
    assert_eq!(t.title(), Theme::new(Preset::Dark).title());
    let shown = s.show();
    for line in [
        "colors.accent   lightblue",
        "colors.bars     #ff8000",
        "colors.good     34",
    ] {
        assert!(shown.contains(line), "{shown}");
    }
}

#[test]
fn an_unknown_role_or_colour_is_one_line_naming_it() {
    let e = spec("[colors]\nmuted = \"red\"").unwrap_err();
    assert!(
        e.contains("'muted' is not a role") && e.contains("label"),
        "{e}"
    );
    for bad in [
        "\"purple\"",
        "256",
        "-1",
        "\"#12345\"",
        "\"#gggggg\"",
        "true",
    ] {
        let e = spec(&format!("[colors]\naccent = {bad}")).unwrap_err();
        assert!(
            e.contains("accent") && e.contains("is not a colour") && !e.contains('\n'),
            "{bad}: {e}"
        );
    }
}

#[test]
fn every_named_colour_parses() {
    for (name, color) in NAMES {
        assert_eq!(parse_color(&toml::Value::from(name)), Some(color));
        assert_eq!(color_name(color), name);
    }
    assert_eq!(
        parse_color(&toml::Value::from("light_red")),
        Some(Color::LightRed)
    );
    assert_eq!(parse_color(&toml::Value::from(0)), Some(Color::Indexed(0)));
}

/// The template's commented example, uncommented, is a valid theme.
#[test]
fn the_template_example_is_valid() {
    let text: String = crate::config::TEMPLATE_TOML
        .lines()
        .map(|l| {
            let bare = l.strip_prefix("# ").unwrap_or(l);
            let example = bare.starts_with("theme =")
                || bare == "[colors]"
                || ["accent =", "bars =", "selected ="]
                    .iter()
                    .any(|k| bare.starts_with(k));
            if example { bare } else { "" }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let s = spec(&text).unwrap();
    assert_eq!(s.choice, Choice::Auto);
    assert_eq!(s.colors.len(), 3, "{text}");
}
