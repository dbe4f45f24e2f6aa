//! The config file: where it is, reading it safely (permissions checked before a byte is
//! trusted), parsing with line and column in errors, unknown keys as warnings, and
//! `config init`'s private template.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::ConfigError;

/// The settings a file (or a profile in it, or the built-in defaults) may hold.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct Layer {
    pub base_url: Option<String>,
    pub product_id: Option<String>,
    pub api_key: Option<String>,
    pub api_key_command: Option<String>,
    pub range: Option<String>,
    pub origin: Option<String>,
    pub refresh_secs: Option<u64>,
    pub timeout_secs: Option<u64>,
    pub max_response_mb: Option<u64>,
    pub end_yesterday: Option<bool>,
    pub export_dir: Option<String>,
    pub org_name: Option<String>,
    pub theme: Option<String>,
    pub week_start: Option<String>,
}

const KEYS: [&str; 14] = [
    "base_url",
    "product_id",
    "api_key",
    "api_key_command",
    "range",
    "origin",
    "refresh_secs",
    "timeout_secs",
    "max_response_mb",
    "end_yesterday",
    "export_dir",
    "org_name",
    "theme",
    "week_start",
];

/// The tables a file may hold beside the settings and `[profiles]`, each read by the
/// module whose rule it is (teams, key map, colours); `[check]` is read by `check`.
pub const SECTIONS: [&str; 3] = ["teams", "keys", "colors"];

/// A parsed config file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FileConfig {
    pub top: Layer,
    pub profiles: BTreeMap<String, Layer>,
    /// `[teams]`, `[keys]`, `[colors]` as written, for their own modules to check.
    pub sections: BTreeMap<String, toml::Table>,
    /// Each profile's own `[keys]` (see `profile_keys`).
    pub profile_keys: BTreeMap<String, toml::Table>,
    pub warnings: Vec<String>,
}

/// The built-in defaults, from `assets/defaults.toml`.
pub const DEFAULTS_TOML: &str = include_str!("../../assets/defaults.toml");
/// The commented template `config init` writes.
pub const TEMPLATE_TOML: &str = include_str!("../../assets/config.template.toml");

/// The default config file: `$XDG_CONFIG_HOME/clarityq-usage/config.toml` (or the
/// platform's equivalent).
pub fn default_path() -> Option<PathBuf> {
    crate::paths::default_config_file(&crate::paths::process_env)
}

/// Parses TOML text. `origin` names the file in messages.
pub fn parse(text: &str, origin: &Path) -> Result<FileConfig, ConfigError> {
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        let (line, col) = e.span().map_or((0, 0), |s| line_col(text, s.start));
        ConfigError::Parse {
            path: origin.to_path_buf(),
            line,
            col,
            msg: named_duplicate(text, &e),
        }
    })?;
    let mut out = FileConfig::default();
    for (k, v) in &table {
        if k == "profiles" {
            let Some(profiles) = v.as_table() else {
                return Err(ConfigError::Invalid(format!(
                    "{}: [profiles] must be a table of tables",
                    origin.display()
                )));
            };
            for (name, p) in profiles {
                let Some(pt) = p.as_table() else {
                    return Err(ConfigError::Invalid(format!(
                        "{}: [profiles.{name}] must be a table",
                        origin.display()
                    )));
                };
                let (pt, keys) = super::profile_keys::split(pt.clone(), origin, name)?;
                out.profile_keys.extend(keys.map(|k| (name.clone(), k)));
                out.warnings
                    .extend(unknown_keys(&pt, origin, &format!("profiles.{name}.")));
                out.profiles.insert(
                    name.clone(),
                    layer(pt, origin, &format!("profiles.{name}."))?,
                );
            }
        } else if k == "check" {
            // The thresholds of `check`, read by that command (cmd/check.rs).
        } else if SECTIONS.contains(&k.as_str()) {
            let Some(t) = v.as_table() else {
                return Err(ConfigError::Invalid(format!(
                    "{}: [{k}] must be a table",
                    origin.display()
                )));
            };
            out.sections.insert(k.clone(), t.clone());
        } else if !KEYS.contains(&k.as_str()) {
            out.warnings.push(unknown(origin, "", k));
        }
    }
    let mut top = table;
    top.remove("profiles");
    for k in SECTIONS {
        top.remove(k);
    }
    out.top = layer(top, origin, "")?;
    Ok(out)
}

/// The parser's message, naming the key when it is a duplicate (a team, a key map entry),
/// which the parser's own message does not.
fn named_duplicate(text: &str, e: &toml::de::Error) -> String {
    let msg = e.message().trim();
    match e.span().and_then(|s| text.get(s)) {
        Some(key) if msg == "duplicate key" => {
            format!("duplicate key `{}`", crate::sanitize::one_line(key.trim()))
        }
        _ => msg.to_string(),
    }
}

fn unknown_keys(t: &toml::Table, origin: &Path, prefix: &str) -> Vec<String> {
    t.keys()
        .filter(|k| !KEYS.contains(&k.as_str()))
        .map(|k| unknown(origin, prefix, k))
        .collect()
}

/// The warning of a setting not known, its name as one clean line: a quoted key can hold
/// any character, and an escape sequence in it reached the terminal raw.
fn unknown(origin: &Path, prefix: &str, k: &str) -> String {
    let name = crate::sanitize::one_line(&format!("{prefix}{k}"));
    format!("{}: unknown setting '{name}' ignored", origin.display())
}

/// The settings of one table. The parser's message of a wrong type names the type, not
/// the setting ("invalid type: string \"5\", expected u64"): the setting is found by
/// reading each one alone, and named with `prefix` (`profiles.acme.`).
fn layer(v: toml::Table, origin: &Path, prefix: &str) -> Result<Layer, ConfigError> {
    let alone = |(k, x): &(&String, &toml::Value)| {
        let one = toml::Table::from_iter([((*k).clone(), (*x).clone())]);
        toml::Value::Table(one).try_into::<Layer>().is_err()
    };
    toml::Value::Table(v.clone())
        .try_into()
        .map_err(|e: toml::de::Error| {
            let key = v.iter().find(alone).map(|(k, _)| format!("{prefix}{k}: "));
            let msg = e.message().trim();
            let at = key.unwrap_or_default();
            ConfigError::Invalid(format!("{}: {at}{msg}", origin.display()))
        })
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// A config's size at most: settings, keys and teams take a few kilobytes.
const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// Reads a config file. A missing file is `Ok(None)`. A file (or its folder) that others
/// can write is refused: whoever can edit `base_url` can collect the key.
pub fn read(path: &Path) -> Result<Option<(FileConfig, Vec<String>)>, ConfigError> {
    use crate::small_file::{Links, Refused};
    let cannot =
        |why: String| ConfigError::Invalid(format!("cannot read {}: {why}", path.display()));
    let bytes = match crate::small_file::read(path, MAX_CONFIG_BYTES, Links::Follow) {
        Ok(b) => b,
        Err(Refused::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(Refused::Io(e)) => return Err(cannot(e.to_string())),
        // A FIFO blocked for ever, /dev/zero filled memory until the machine gave out.
        Err(Refused::NotRegular) => {
            return Err(cannot(
                "not a regular file: point --config at a TOML file".into(),
            ));
        }
        // Not asked of `read` (the owner is checked below, with what to do).
        Err(Refused::NotOurs) => {
            return Err(ConfigError::Unsafe(format!(
                "{} is not yours: refusing to use it",
                path.display()
            )));
        }
        Err(Refused::TooLarge) => {
            return Err(cannot(
                "over 1 MiB, too large for a config: is it the right file?".into(),
            ));
        }
    };
    let text = String::from_utf8(bytes)
        .map_err(|_| cannot("not UTF-8 text: a config is a TOML file".into()))?;
    let mut warnings = Vec::new();
    check_permissions(path, &mut warnings)?;
    let cfg = parse(&text, path)?;
    let holds_key = cfg.top.api_key.is_some() || cfg.profiles.values().any(|p| p.api_key.is_some());
    if holds_key && readable_by_others(path) {
        warnings.push(format!(
            "{} holds an API key and is readable by other users: run chmod 600 {}",
            path.display(),
            path.display()
        ));
    }
    Ok(Some((cfg, warnings)))
}

#[cfg(unix)]
fn readable_by_others(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o044 != 0)
}

#[cfg(not(unix))]
fn readable_by_others(_: &Path) -> bool {
    false
}

#[cfg(unix)]
fn check_permissions(path: &Path, _warnings: &mut [String]) -> Result<(), ConfigError> {
    use std::os::unix::fs::PermissionsExt;
    let writable = |p: &Path| {
        std::fs::metadata(p).is_ok_and(|m| m.permissions().mode() & 0o022 != 0 && !m.is_symlink())
    };
    if writable(path) {
        return Err(ConfigError::Unsafe(format!(
            "{} is writable by other users, who could point base_url at their own server and collect the key: run chmod 600 {}",
            path.display(),
            path.display()
        )));
    }
    // The folder of the path given, and of the file a link there points at: a link into
    // a folder others can write was followed without a word.
    let real = std::fs::canonicalize(path).ok();
    let dirs = [Some(path), real.as_deref()].into_iter().flatten();
    for dir in dirs
        .filter_map(Path::parent)
        .filter(|d| !d.as_os_str().is_empty())
    {
        if let Ok(m) = std::fs::metadata(dir)
            // A sticky world-writable folder (/tmp) protects its files from other users.
            && m.permissions().mode() & 0o022 != 0
            && m.permissions().mode() & 0o1000 == 0
        {
            return Err(ConfigError::Unsafe(format!(
                "{} is in a folder other users can write ({}): run chmod 700 {}",
                path.display(),
                dir.display(),
                dir.display()
            )));
        }
    }
    if let Ok(m) = std::fs::metadata(path)
        && !crate::small_file::mine(&m)
    {
        return Err(ConfigError::Unsafe(format!(
            "{} belongs to another user: refusing to use it",
            path.display()
        )));
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_permissions(_: &Path, _: &mut [String]) -> Result<(), ConfigError> {
    Ok(())
}

/// Writes the template to `path` with mode 0600 (its folder 0700), never overwriting.
pub fn init(path: &Path) -> Result<(), ConfigError> {
    if let Some(dir) = path.parent() {
        crate::private_file::create_dir(dir)
            .map_err(|e| ConfigError::Invalid(format!("cannot create {}: {e}", dir.display())))?;
    }
    crate::private_file::write_new(path, TEMPLATE_TOML.as_bytes()).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => ConfigError::Invalid(format!(
            "{} already exists: not overwritten (edit it, or remove it first)",
            path.display()
        )),
        _ => ConfigError::Invalid(format!("cannot write {}: {e}", path.display())),
    })
}

#[cfg(test)]
#[path = "file_tests.rs"]
mod tests;
