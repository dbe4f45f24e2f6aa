//! Settings, layered: built-in defaults (`assets/defaults.toml`) < config file (and its
//! profile) < environment (`CLARITYQ_*`) < flags. Each setting remembers where it came
//! from, so `config show` and error messages can say which one to fix.

mod file;
pub mod key_command;
mod load;
mod profile_keys;

pub use file::{DEFAULTS_TOML, FileConfig, Layer, TEMPLATE_TOML, default_path, init, parse};

use std::path::PathBuf;
use std::time::Duration;

use thiserror::Error;
use uuid::Uuid;

use crate::analytics::WeekStart;
use crate::api::{ApiKey, KeySource, Origin, one_line, parse_origin_filter};
use crate::dates::parse_period_days;

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum ConfigError {
    #[error("{}:{line}:{col}: {msg}", path.display())]
    Parse {
        path: PathBuf,
        line: usize,
        col: usize,
        msg: String,
    },
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    Unsafe(String),
    #[error("{0}")]
    Missing(String),
    #[error("{0}")]
    KeyCommand(String),
}

/// Where a setting's value came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Provenance {
    Default,
    File {
        path: PathBuf,
        profile: Option<String>,
    },
    Env(&'static str),
    Flag(&'static str),
}

impl std::fmt::Display for Provenance {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Provenance::Default => f.write_str("built-in default"),
            Provenance::File {
                path,
                profile: None,
            } => write!(f, "{}", path.display()),
            Provenance::File {
                path,
                profile: Some(p),
            } => write!(f, "{} [profiles.{p}]", path.display()),
            Provenance::Env(v) => write!(f, "${v}"),
            Provenance::Flag(n) => write!(f, "{n}"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sourced<T> {
    pub value: T,
    pub from: Provenance,
}

/// What the command line says about where settings come from.
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    pub config: Option<PathBuf>,
    pub profile: Option<String>,
    pub base_url: Option<String>,
    pub product_id: Option<String>,
}

/// How the key will be obtained (a command runs only when the key is needed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeySpec {
    Literal(ApiKey, KeySource),
    Command { command: String, source: KeySource },
}

/// The effective settings.
#[derive(Clone, Debug)]
pub struct Settings {
    pub config_path: Option<PathBuf>,
    pub config_found: bool,
    pub profile: Option<String>,
    pub base_url: Sourced<String>,
    pub product_id: Option<Sourced<String>>,
    pub key: Option<KeySpec>,
    pub range: Sourced<String>,
    pub origin: Sourced<String>,
    pub refresh_secs: Sourced<u64>,
    pub timeout_secs: Sourced<u64>,
    pub max_response_mb: Sourced<u64>,
    pub end_yesterday: Sourced<bool>,
    /// Where `e` writes; `None`: the current folder.
    pub export_dir: Option<Sourced<String>>,
    /// The organization's name in the dashboard's header and the reports' titles;
    /// `None`: the API's host and the product's id.
    pub org_name: Option<Sourced<String>>,
    /// `auto`, `dark`, `light` or `mono` (checked by the theme's module).
    pub theme: Sourced<String>,
    /// `monday` or `sunday`: the first day of week buckets (see [`Settings::week_start`]).
    pub week_start: Sourced<String>,
    /// The file's `[teams]`, `[keys]` and `[colors]` tables, as written.
    pub sections: std::collections::BTreeMap<String, toml::Table>,
    /// The actions the profile's own `[keys]` remaps (where `config show` says they are).
    pub profile_keys: Vec<String>,
    pub warnings: Vec<String>,
}

impl Settings {
    /// The organization's name as set, on one line and at most 60 characters (it heads
    /// the screen and the reports); `None` when not set or blank.
    pub fn org_name(&self) -> Option<String> {
        let n = crate::sanitize::one_line(self.org_name.as_ref()?.value.trim());
        (!n.is_empty()).then(|| crate::width::cut(&n, 60).into_owned())
    }

    /// The default range length, in days.
    pub fn default_range_days(&self) -> Result<u32, ConfigError> {
        parse_period_days(&self.range.value)
            .map_err(|e| ConfigError::Invalid(format!("range ({}): {e}", self.range.from)))
    }

    /// The `[teams]` of the file, checked and compiled (none configured: empty). Checked
    /// at load too, so a bad table stops every command at its start.
    pub fn teams(&self) -> Result<crate::teams::Teams, ConfigError> {
        let Some(table) = self.sections.get("teams") else {
            return Ok(crate::teams::Teams::default());
        };
        crate::teams::Teams::from_table(table).map_err(|e| match &self.config_path {
            Some(p) => ConfigError::Invalid(format!("{}: {e}", p.display())),
            None => ConfigError::Invalid(e),
        })
    }

    /// The first day of week buckets, from `week_start`; checked at load, so a bad value
    /// stops every command at its start.
    pub fn week_start(&self) -> Result<WeekStart, ConfigError> {
        WeekStart::parse(&self.week_start.value).map_err(|_| {
            ConfigError::Invalid(format!(
                "week_start '{}' ({}) is not a day: use \"monday\" or \"sunday\"",
                one_line(self.week_start.value.trim()),
                self.week_start.from
            ))
        })
    }

    /// The default origin filter.
    pub fn default_origin(&self) -> Result<Option<Origin>, ConfigError> {
        parse_origin_filter(&self.origin.value)
            .map_err(|e| ConfigError::Invalid(format!("origin ({}): {e}", self.origin.from)))
    }

    /// The bound on one decompressed response, in bytes (`max_response_mb`, at least 1).
    pub fn max_body_bytes(&self) -> Result<u64, ConfigError> {
        match self.max_response_mb.value {
            0 => Err(ConfigError::Invalid(format!(
                "max_response_mb ({}) is 0: give at least 1 (MiB)",
                self.max_response_mb.from
            ))),
            mb => Ok(mb.saturating_mul(1 << 20)),
        }
    }

    /// The last day of a default range: yesterday with `end_yesterday`, else today.
    pub fn default_end(&self, today: chrono::NaiveDate) -> chrono::NaiveDate {
        if self.end_yesterday.value {
            today.pred_opt().unwrap_or(today)
        } else {
            today
        }
    }

    pub fn refresh(&self) -> Option<Duration> {
        (self.refresh_secs.value > 0).then(|| Duration::from_secs(self.refresh_secs.value.max(10)))
    }

    /// The timings a user may set too low to work: said at load, not changed silently
    /// (a timeout of 0 ran as 1 s, a refresh of 5 s as 10).
    fn check_timings(&self) -> Result<(), ConfigError> {
        let (t, r) = (&self.timeout_secs, &self.refresh_secs);
        if t.value == 0 {
            let msg = format!("timeout_secs ({}) is 0: give at least 1 (seconds)", t.from);
            return Err(ConfigError::Invalid(msg));
        }
        if (1..10).contains(&r.value) {
            let msg = format!(
                "refresh_secs ({}) is {}: give 0 (no refresh) or at least 10 (seconds)",
                r.from, r.value
            );
            return Err(ConfigError::Invalid(msg));
        }
        Ok(())
    }

    /// Every setting the API needs that is not set, named in one line with where to set
    /// it, so a first run learns all of them at once rather than one per attempt.
    pub fn require_api(&self) -> Result<(), ConfigError> {
        let mut missing = Vec::new();
        if self.key.is_none() {
            missing.push(
                "no API key (CLARITYQ_API_KEY, or api_key / api_key_command in the config file)",
            );
        }
        if self.product_id.is_none() {
            missing.push("no product id (CLARITYQ_PRODUCT_ID, --product-id, or product_id in the config file)");
        }
        if missing.is_empty() {
            return Ok(());
        }
        Err(ConfigError::Missing(format!(
            "not set up: {}; try the demo with `clarityq-usage --demo`, or write a config with `clarityq-usage config init`",
            missing.join(" and ")
        )))
    }

    /// The product id, required to talk to the API.
    pub fn product_uuid(&self) -> Result<Uuid, ConfigError> {
        let hint = "set CLARITYQ_PRODUCT_ID, --product-id, or product_id in the config file (see `clarityq-usage config init`)";
        let p = self
            .product_id
            .as_ref()
            .ok_or_else(|| ConfigError::Missing(format!("no product id: {hint}")))?;
        Uuid::parse_str(p.value.trim()).map_err(|_| {
            ConfigError::Invalid(format!(
                "product_id '{}' ({}) is not a UUID",
                one_line(&p.value),
                p.from
            ))
        })
    }

    /// The key, running `api_key_command` (bounded to 10 s) if that is where it comes from.
    pub async fn resolve_key(&self) -> Result<(ApiKey, KeySource), ConfigError> {
        match &self.key {
            None => Err(ConfigError::Missing(
                "no API key: set CLARITYQ_API_KEY, or api_key / api_key_command in the config file (see `clarityq-usage config init`)".into(),
            )),
            Some(KeySpec::Literal(k, s)) => Ok((k.clone(), s.clone())),
            Some(KeySpec::Command { command, source }) => {
                let key = key_command::run(command, source, key_command::TIMEOUT).await?;
                Ok((key, source.clone()))
            }
        }
    }

    /// `config show`: every setting, its value and where it came from. The key is never
    /// shown, only whether it is set and from where.
    pub fn show(&self) -> String {
        let file = match (&self.config_path, self.config_found) {
            (Some(p), true) => format!("{}", p.display()),
            (Some(p), false) => format!("{} (not present: built-in defaults apply)", p.display()),
            (None, _) => "(no config folder)".into(),
        };
        let mut out = format!("{:<15} {file}\n", "config file");
        out += &format!(
            "{:<15} {}\n",
            "profile",
            self.profile.as_deref().unwrap_or("(none)")
        );
        out += &line("base_url", &self.base_url.value, &self.base_url.from);
        match &self.product_id {
            Some(p) => out += &line("product_id", &p.value, &p.from),
            None => out += &format!("{:<15} (not set)\n", "product_id"),
        }
        out += &self.show_key();
        out += &self.show_values();
        out += &self.show_teams();
        out
    }

    /// Where the key comes from; never the key.
    fn show_key(&self) -> String {
        match &self.key {
            Some(KeySpec::Literal(_, s)) => {
                format!("{:<15} {:<40} from {s}\n", "api_key", "<set, hidden>")
            }
            Some(KeySpec::Command { source, .. }) => format!(
                "{:<15} {:<40} from {source}\n",
                "api_key", "<from a command, hidden>"
            ),
            None => format!("{:<15} (not set)\n", "api_key"),
        }
    }

    /// The plain settings, each with its provenance.
    fn show_values(&self) -> String {
        let num = |name: &str, v: &Sourced<u64>| line(name, &v.value.to_string(), &v.from);
        let mut out = line("range", &self.range.value, &self.range.from);
        out += &line("origin", &self.origin.value, &self.origin.from);
        out += &num("refresh_secs", &self.refresh_secs);
        out += &num("timeout_secs", &self.timeout_secs);
        out += &num("max_response_mb", &self.max_response_mb);
        out += &line(
            "end_yesterday",
            &self.end_yesterday.value.to_string(),
            &self.end_yesterday.from,
        );
        out += &line("week_start", &self.week_start.value, &self.week_start.from);
        match &self.export_dir {
            Some(d) => out += &line("export_dir", &d.value, &d.from),
            None => out += &format!("{:<15} (the current folder)\n", "export_dir"),
        }
        match &self.org_name {
            Some(n) => out += &line("org_name", &crate::sanitize::one_line(&n.value), &n.from),
            None => out += &format!("{:<15} (the API's host and the product)\n", "org_name"),
        }
        out
    }

    /// The teams in effect, in the order they are tried, with their patterns (their
    /// counts alone did not show a pattern that another team's already takes).
    fn show_teams(&self) -> String {
        let Ok(teams) = self.teams() else {
            return format!("{:<15} (invalid: see `config check`)\n", "teams");
        };
        if teams.is_empty() {
            return format!("{:<15} (none: add a [teams] table)\n", "teams");
        }
        let mut out = format!(
            "{:<15} {} (first match wins, in this order)\n",
            "teams",
            teams.len()
        );
        for (name, patterns) in teams.names().iter().zip(teams.patterns()) {
            let quoted: Vec<String> = patterns
                .iter()
                .map(|p| format!("\"{}\"", crate::sanitize::one_line(p)))
                .collect();
            out += &format!("  {name:<13} {}\n", quoted.join(", "));
        }
        out
    }
}

/// One line of `config show`: name, value, provenance.
fn line(name: &str, v: &str, from: &Provenance) -> String {
    format!("{name:<15} {v:<40} from {from}\n")
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_teams;
#[cfg(test)]
mod tests_week;
