//! How `Settings::load` builds the effective settings, one seam per function: read the
//! file, stack the layers (defaults < file < profile), pick each value from the topmost
//! layer that sets it with its provenance, put the environment and flags on top, find
//! where the key comes from, and check the values that can be checked without the network.

use std::path::Path;

use crate::api::{ApiKey, KeySource};

use super::file::{self, DEFAULTS_TOML, FileConfig, Layer, parse};
use super::{ConfigError, KeySpec, Overrides, Provenance, Settings, Sourced};

/// The layers, lowest first, each with where it came from.
type Layers = Vec<(Layer, Provenance)>;

impl Settings {
    /// Loads the settings. `env` reads an environment variable (injected for tests).
    pub fn load(
        ov: &Overrides,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Settings, ConfigError> {
        let env = |k: &str| env(k).filter(|v| !v.trim().is_empty());
        let (config_path, explicit) = crate::paths::config_file(ov.config.clone(), &env);
        let (file, mut warnings) = read_file(config_path.as_deref(), explicit)?;
        let profile = ov.profile.clone().or_else(|| env("CLARITYQ_PROFILE"));
        let path = config_path.clone().unwrap_or_default();
        let layers = stack(file.as_ref(), &path, profile.as_deref())?;
        if let Some(cfg) = &file {
            warnings.extend(cfg.warnings.iter().cloned());
        }
        let on_top = |s, var, flag: &Option<String>, name| over(s, env(var), var, flag, name);
        let own_keys = (file.as_ref()).and_then(|f| f.profile_keys.get(profile.as_deref()?));
        let sections = file
            .as_ref()
            .map(|f| super::profile_keys::sections(&f.sections, own_keys))
            .unwrap_or_default();
        let profile_keys = own_keys.map_or_else(Vec::new, |t| t.keys().cloned().collect());
        let s = Settings {
            config_found: file.is_some(),
            config_path,
            profile,
            base_url: on_top(
                pick(&layers, |l| l.base_url.clone()),
                "CLARITYQ_BASE_URL",
                &ov.base_url,
                "--base-url",
            )
            .expect("the defaults set base_url"),
            product_id: on_top(
                pick(&layers, |l| l.product_id.clone()),
                "CLARITYQ_PRODUCT_ID",
                &ov.product_id,
                "--product-id",
            ),
            key: key_spec(&layers, env("CLARITYQ_API_KEY")),
            range: pick(&layers, |l| l.range.clone()).expect("default range"),
            origin: pick(&layers, |l| l.origin.clone()).expect("default origin"),
            refresh_secs: pick(&layers, |l| l.refresh_secs).expect("default refresh"),
            timeout_secs: pick(&layers, |l| l.timeout_secs).expect("default timeout"),
            max_response_mb: pick(&layers, |l| l.max_response_mb).expect("default bound"),
            end_yesterday: pick(&layers, |l| l.end_yesterday).expect("default end_yesterday"),
            export_dir: pick(&layers, |l| l.export_dir.clone())
                .filter(|d| !d.value.trim().is_empty()),
            org_name: pick(&layers, |l| l.org_name.clone()),
            theme: pick(&layers, |l| l.theme.clone()).expect("default theme"),
            week_start: pick(&layers, |l| l.week_start.clone()).expect("default week_start"),
            sections,
            profile_keys,
            warnings,
        };
        s.validate()?;
        Ok(s)
    }

    /// The checks that need no network: a bad default range or origin fails at load, not
    /// at first use.
    fn validate(&self) -> Result<(), ConfigError> {
        self.default_range_days()?;
        self.default_origin()?;
        self.max_body_bytes()?;
        self.check_timings()?;
        self.week_start()?;
        self.teams()?;
        Ok(())
    }
}

/// The config file and its reader's warnings; none when there is no file. A file asked
/// for by name (`--config`, `$CLARITYQ_CONFIG`) must exist.
fn read_file(
    path: Option<&Path>,
    explicit: bool,
) -> Result<(Option<FileConfig>, Vec<String>), ConfigError> {
    let Some(p) = path else {
        return Ok((None, Vec::new()));
    };
    match file::read(p)? {
        Some((cfg, w)) => Ok((Some(cfg), w)),
        None if explicit => Err(ConfigError::Missing(format!(
            "config file {} not found (run `clarityq-usage config init`)",
            p.display()
        ))),
        None => Ok((None, Vec::new())),
    }
}

/// Defaults, then the file's top level, then the chosen profile. A profile asked for must
/// exist; the error lists the ones there are.
fn stack(
    file: Option<&FileConfig>,
    path: &Path,
    profile: Option<&str>,
) -> Result<Layers, ConfigError> {
    let defaults = parse(DEFAULTS_TOML, Path::new("defaults.toml"))?.top;
    let mut layers: Layers = vec![(defaults, Provenance::Default)];
    let from_file = |profile: Option<&str>| Provenance::File {
        path: path.to_path_buf(),
        profile: profile.map(str::to_string),
    };
    let Some(cfg) = file else {
        return match profile {
            Some(name) => Err(ConfigError::Missing(format!(
                "profile '{name}' asked for, but there is no config file ({})",
                path.display()
            ))),
            None => Ok(layers),
        };
    };
    layers.push((cfg.top.clone(), from_file(None)));
    if let Some(name) = profile {
        let Some(p) = cfg.profiles.get(name) else {
            let known: Vec<&str> = cfg.profiles.keys().map(String::as_str).collect();
            return Err(ConfigError::Missing(format!(
                "profile '{name}' is not in {} (profiles there: {})",
                path.display(),
                if known.is_empty() {
                    "none".to_string()
                } else {
                    known.join(", ")
                }
            )));
        };
        layers.push((p.clone(), from_file(Some(name))));
    }
    Ok(layers)
}

/// The value from the topmost layer that sets it, with that layer's provenance.
fn pick<T>(
    layers: &[(Layer, Provenance)],
    get: impl Fn(&Layer) -> Option<T>,
) -> Option<Sourced<T>> {
    layers.iter().rev().find_map(|(l, from)| {
        get(l).map(|value| Sourced {
            value,
            from: from.clone(),
        })
    })
}

/// The environment over the layers, and the flag over both.
fn over(
    layered: Option<Sourced<String>>,
    env_value: Option<String>,
    var: &'static str,
    flag: &Option<String>,
    flag_name: &'static str,
) -> Option<Sourced<String>> {
    let from_env = env_value.map(|value| Sourced {
        value,
        from: Provenance::Env(var),
    });
    let from_flag = flag.clone().map(|value| Sourced {
        value,
        from: Provenance::Flag(flag_name),
    });
    from_flag.or(from_env).or(layered)
}

/// Where the key comes from: `$CLARITYQ_API_KEY`, else the topmost file layer with
/// `api_key` or `api_key_command`. A key and a key command in the same layer: the literal
/// key wins. The command is not run here, only when the key is needed.
fn key_spec(layers: &[(Layer, Provenance)], env_key: Option<String>) -> Option<KeySpec> {
    if let Some(k) = env_key.and_then(ApiKey::new) {
        return Some(KeySpec::Literal(k, KeySource::Env("CLARITYQ_API_KEY")));
    }
    layers.iter().rev().find_map(|(l, from)| {
        let Provenance::File { path, profile } = from else {
            return None;
        };
        let (path, profile) = (path.clone(), profile.clone());
        if let Some(k) = l.api_key.clone().and_then(ApiKey::new) {
            return Some(KeySpec::Literal(k, KeySource::ConfigFile { path, profile }));
        }
        l.api_key_command
            .clone()
            .filter(|c| !c.trim().is_empty())
            .map(|command| KeySpec::Command {
                command,
                source: KeySource::Command { path, profile },
            })
    })
}
