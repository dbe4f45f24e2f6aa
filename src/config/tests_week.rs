//! `week_start` as the settings carry it: default monday, set by the file or a profile,
//! shown with its provenance, and a bad value refused at load in one line.

use super::*;

fn load(text: &str, profile: Option<&str>) -> Result<Settings, ConfigError> {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("config.toml");
    crate::private_file::write_new(&p, text.as_bytes()).unwrap();
    let ov = Overrides {
        config: Some(p),
        profile: profile.map(str::to_string),
        ..Default::default()
    };
    Settings::load(&ov, &|_| None)
}

#[test]
fn defaults_to_monday_from_the_built_in_defaults() {
    let s = load("", None).unwrap();
    assert_eq!(s.week_start().unwrap(), WeekStart::Monday);
    assert_eq!(s.week_start.from, Provenance::Default);
    let shown = s.show();
    let line = shown.lines().find(|l| l.starts_with("week_start")).unwrap();
    assert!(
        line.contains("monday") && line.contains("from built-in default"),
        "{line}"
    );
}

#[test]
fn the_file_and_a_profile_set_it_and_show_says_where() {
    let s = load("week_start = \"Sunday\"\n", None).unwrap();
    assert_eq!(s.week_start().unwrap(), WeekStart::Sunday);
    assert!(matches!(
        s.week_start.from,
        Provenance::File { profile: None, .. }
    ));
    let text = "week_start = \"sunday\"\n[profiles.eu]\nweek_start = \"monday\"\n";
    let s = load(text, Some("eu")).unwrap();
    assert_eq!(s.week_start().unwrap(), WeekStart::Monday);
    let shown = s.show();
    let line = shown.lines().find(|l| l.starts_with("week_start")).unwrap();
    assert!(line.contains("monday") && line.contains("eu"), "{line}");
}

#[test]
fn a_bad_value_fails_the_load_in_one_line_with_exit_3() {
    let e = load("week_start = \"friday\"\n", None).unwrap_err();
    let msg = e.to_string();
    assert!(msg.contains("week_start 'friday'"), "{msg}");
    assert!(msg.contains("monday") && msg.contains("sunday"), "{msg}");
    assert!(!msg.contains('\n'), "{msg}");
    assert!(matches!(e, ConfigError::Invalid(_)));
}
