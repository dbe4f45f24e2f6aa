//! A profile's own `[keys]` (`[profiles.NAME.keys]`): read beside the profile's settings
//! and laid over the file's top-level `[keys]` one action at a time, so a profile can
//! move one key and keep the rest of the user's map. The merged table goes to the key
//! map's module like the top-level one, which checks it the same way (exit 3).

use std::collections::BTreeMap;
use std::path::Path;

use super::ConfigError;

/// A profile's table without its `keys` table, and that table (if any).
pub fn split(
    mut profile: toml::Table,
    origin: &Path,
    name: &str,
) -> Result<(toml::Table, Option<toml::Table>), ConfigError> {
    match profile.remove("keys") {
        None => Ok((profile, None)),
        Some(toml::Value::Table(keys)) => Ok((profile, Some(keys))),
        Some(_) => Err(ConfigError::Invalid(format!(
            "{}: [profiles.{name}.keys] must be a table, like quit = \"x\"",
            origin.display()
        ))),
    }
}

/// The file's tables (`sections`) in effect for a profile with its own `keys` table: its
/// entries replace the top-level entries of the same actions; the other tables stay.
pub fn sections(
    sections: &BTreeMap<String, toml::Table>,
    keys: Option<&toml::Table>,
) -> BTreeMap<String, toml::Table> {
    let mut out = sections.clone();
    let Some(keys) = keys else {
        return out;
    };
    let merged = out.entry("keys".to_string()).or_default();
    for (action, value) in keys {
        merged.insert(action.clone(), value.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::FileConfig;

    fn parse(text: &str, origin: &Path) -> Result<FileConfig, ConfigError> {
        crate::config::parse(text, origin)
    }

    /// The tables in effect for `profile`, as `Settings::load` takes them.
    fn effective(f: &FileConfig, profile: Option<&str>) -> BTreeMap<String, toml::Table> {
        sections(&f.sections, profile.and_then(|p| f.profile_keys.get(p)))
    }

    const FILE: &str = r#"
[keys]
quit = "x"
help = "F1"

[profiles.acme]
base_url = "https://acme.example"
[profiles.acme.keys]
quit = "Q"
calendar = ["C", "F5"]

[profiles.plain]
base_url = "https://plain.example"
"#;

    #[test]
    fn a_profile_s_keys_replace_those_actions_only() {
        let f = parse(FILE, Path::new("c.toml")).unwrap();
        assert!(
            f.warnings.is_empty(),
            "no unknown setting: {:?}",
            f.warnings
        );
        assert_eq!(
            f.profiles["acme"].base_url.as_deref(),
            Some("https://acme.example")
        );
        let keys = &effective(&f, Some("acme"))["keys"];
        let got: Vec<(&str, String)> = keys
            .iter()
            .map(|(k, v)| (k.as_str(), v.to_string()))
            .collect();
        assert_eq!(
            got,
            [
                ("quit", "\"Q\"".to_string()),
                ("help", "\"F1\"".to_string()),
                ("calendar", "[\"C\", \"F5\"]".to_string())
            ]
        );
        assert_eq!(effective(&f, Some("plain")), f.sections);
        assert_eq!(effective(&f, None), f.sections);
    }

    #[test]
    fn a_profile_s_keys_alone_make_the_table() {
        let f = parse("[profiles.p.keys]\nquit = \"x\"\n", Path::new("c.toml")).unwrap();
        assert!(!f.sections.contains_key("keys"));
        assert_eq!(effective(&f, Some("p"))["keys"]["quit"].as_str(), Some("x"));
    }

    #[test]
    fn keys_that_are_not_a_table_are_refused_naming_the_profile() {
        let e = parse("[profiles.p]\nkeys = \"x\"\n", Path::new("c.toml")).unwrap_err();
        assert!(e.to_string().contains("[profiles.p.keys]"), "{e}");
    }
}
