//! Where the program keeps its files, by the XDG base-directory rules: the config file,
//! the cache of settled windows and the log. One place, so that `config path`, the loader
//! and the tests agree. The environment is passed in, so the rules are testable.

use std::path::PathBuf;

const APP: &str = "clarityq-usage";

/// An environment lookup: `std::env::var` in the program, a table in tests. Empty values
/// count as unset.
pub type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The process environment, empty values as unset.
pub fn process_env(k: &str) -> Option<String> {
    std::env::var(k).ok().filter(|v| !v.trim().is_empty())
}

/// `$NAME` when it is an absolute path (the XDG spec says a relative one is ignored).
fn xdg(env: Env<'_>, name: &str) -> Option<PathBuf> {
    env(name).map(PathBuf::from).filter(|p| p.is_absolute())
}

fn project() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("ai", "ClarityQ", APP)
}

/// The default config file: `$XDG_CONFIG_HOME/clarityq-usage/config.toml`, or the
/// platform's equivalent.
pub fn default_config_file(env: Env<'_>) -> Option<PathBuf> {
    match xdg(env, "XDG_CONFIG_HOME") {
        Some(x) => Some(x.join(APP).join("config.toml")),
        None => project().map(|d| d.config_dir().join("config.toml")),
    }
}

/// The config file in use: `--config`, else `$CLARITYQ_CONFIG`, else the default, and
/// whether it was asked for by name (then a missing file is an error, not a default).
pub fn config_file(flag: Option<PathBuf>, env: Env<'_>) -> (Option<PathBuf>, bool) {
    let named = flag.or_else(|| env("CLARITYQ_CONFIG").map(PathBuf::from));
    let explicit = named.is_some();
    (named.or_else(|| default_config_file(env)), explicit)
}

/// The cache of settled windows: `$XDG_CACHE_HOME/clarityq-usage/windows`.
pub fn cache_dir(env: Env<'_>) -> Option<PathBuf> {
    let base = xdg(env, "XDG_CACHE_HOME").or_else(|| {
        project().map(|d| {
            d.cache_dir()
                .parent()
                .unwrap_or(d.cache_dir())
                .to_path_buf()
        })
    })?;
    Some(base.join(APP).join("windows"))
}

/// The log file: `$XDG_STATE_HOME/clarityq-usage/clarityq-usage.log`.
pub fn log_file(env: Env<'_>) -> Option<PathBuf> {
    let state = xdg(env, "XDG_STATE_HOME")
        .or_else(|| env("HOME").map(|h| PathBuf::from(h).join(".local").join("state")))?;
    Some(state.join(APP).join(format!("{APP}.log")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn xdg_homes_when_absolute() {
        let e = env_of(&[
            ("XDG_CONFIG_HOME", "/c"),
            ("XDG_CACHE_HOME", "/k"),
            ("XDG_STATE_HOME", "/s"),
        ]);
        assert_eq!(
            default_config_file(&e).unwrap(),
            PathBuf::from("/c/clarityq-usage/config.toml")
        );
        assert_eq!(
            cache_dir(&e).unwrap(),
            PathBuf::from("/k/clarityq-usage/windows")
        );
        assert_eq!(
            log_file(&e).unwrap(),
            PathBuf::from("/s/clarityq-usage/clarityq-usage.log")
        );
    }

    #[test]
    fn relative_xdg_is_ignored() {
        let e = env_of(&[("XDG_STATE_HOME", "rel"), ("HOME", "/h")]);
        assert_eq!(
            log_file(&e).unwrap(),
            PathBuf::from("/h/.local/state/clarityq-usage/clarityq-usage.log")
        );
        let c = default_config_file(&env_of(&[("XDG_CONFIG_HOME", "rel")]));
        assert!(c.is_none_or(|p| !p.starts_with("rel")));
    }

    #[test]
    fn named_config_wins_and_is_explicit() {
        let e = env_of(&[("CLARITYQ_CONFIG", "/e.toml"), ("XDG_CONFIG_HOME", "/c")]);
        assert_eq!(
            config_file(Some("/f.toml".into()), &e),
            (Some("/f.toml".into()), true)
        );
        assert_eq!(config_file(None, &e), (Some("/e.toml".into()), true));
        let e = env_of(&[("XDG_CONFIG_HOME", "/c")]);
        assert_eq!(
            config_file(None, &e),
            (Some("/c/clarityq-usage/config.toml".into()), false)
        );
    }
}
