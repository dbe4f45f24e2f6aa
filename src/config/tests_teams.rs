//! `[teams]` as the settings carry it: checked at load, shown by `config show`, and the
//! template's example valid once uncommented.

use super::*;

fn load(text: &str) -> Result<Settings, ConfigError> {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("config.toml");
    crate::private_file::write_new(&p, text.as_bytes()).unwrap();
    let ov = Overrides {
        config: Some(p),
        ..Default::default()
    };
    Settings::load(&ov, &|_| None)
}

#[test]
fn teams_load_in_file_order_and_show_with_their_patterns() {
    let s = load("[teams]\nzeta = [\"z*\", \"y*\"]\nalpha = [\"a*\"]\n").unwrap();
    let t = s.teams().unwrap();
    assert_eq!(t.names(), ["zeta", "alpha"]);
    let shown = s.show();
    let z = shown
        .find("  zeta          \"z*\", \"y*\"\n")
        .expect(&shown);
    let a = shown.find("  alpha         \"a*\"\n").expect(&shown);
    assert!(z < a, "{shown}");
    assert!(load("").unwrap().show().contains("teams           (none"));
}

#[test]
fn a_bad_table_fails_the_load_with_the_file_and_the_team() {
    let e = load("[teams]\nops = [\"*@ops\"]\neng = []\n").unwrap_err();
    let line = e.to_string();
    assert!(line.contains("config.toml: [teams] eng:"), "{line}");
    assert!(!line.contains("ops"), "{line}");
}

#[test]
fn the_templates_example_is_valid_once_uncommented() {
    let text: String = TEMPLATE_TOML
        .lines()
        .skip_while(|l| *l != "# [teams]")
        .take_while(|l| l.starts_with("# "))
        .map(|l| format!("{}\n", &l[2..]))
        .collect();
    assert!(text.starts_with("[teams]\n"), "{text}");
    let s = load(&text).unwrap();
    assert_eq!(s.teams().unwrap().names(), ["smiths", "eng"]);
}
