//! `config init | path | show | check`: create, locate, show or test the config.

use crate::cli::{ConfigCommand, GlobalArgs};
use crate::config::Settings;
use crate::paths::process_env;
use crate::tui::keymap::Keymap;

use super::{AppError, console, load_settings};

/// Runs one `config` subcommand. `path` and `init` work without a valid config file, so
/// they do not load the settings.
pub async fn run(g: &GlobalArgs, command: &ConfigCommand) -> Result<(), AppError> {
    let file = crate::paths::config_file(g.config.clone(), &process_env).0;
    match command {
        ConfigCommand::Path => {
            let path = file.map(|p| p.display().to_string());
            console::print(&(path.unwrap_or_else(|| "(no config folder)".into()) + "\n"))?;
        }
        ConfigCommand::Init => {
            let p =
                file.ok_or_else(|| AppError::Usage("no config folder: pass --config FILE".into()))?;
            crate::config::init(&p)?;
            // A file of its own is read only when named: the line to run names it.
            let named = match &g.config {
                Some(c) => format!(
                    " --config {}",
                    crate::tui::app::shell_quote(&c.display().to_string())
                ),
                None => String::new(),
            };
            console::print(&format!(
                "wrote {} (mode 0600): edit it, then run `clarityq-usage{named} config show`\n",
                p.display()
            ))?;
        }
        ConfigCommand::Show => {
            let settings = load_settings(g)?;
            let theme = super::dashboard::theme_spec(&settings)?;
            let keymap = super::dashboard::keymap(&settings)?;
            console::print(&format!(
                "{}{}{}{}",
                settings.show(),
                theme.show(),
                show_keys(&settings, &keymap),
                super::check::show(g)?
            ))?;
        }
        ConfigCommand::Check => super::config_check::run(g).await?,
    }
    Ok(())
}

/// `config show`'s lines for the keys: each remapped action with its keys, or that the
/// defaults apply (the dashboard's `?` lists them).
fn show_keys(settings: &Settings, keymap: &Keymap) -> String {
    if keymap.remapped().is_empty() {
        return format!(
            "{:<15} (the defaults: `?` in the dashboard lists them)\n",
            "keys"
        );
    }
    let from = |action: &str| {
        let table = match (
            &settings.profile,
            settings.profile_keys.iter().any(|a| a == action),
        ) {
            (Some(p), true) => format!("[profiles.{p}.keys]"),
            _ => "[keys]".to_string(),
        };
        (settings.config_path.as_ref())
            .map_or_else(String::new, |p| format!(" from {} {table}", p.display()))
    };
    let mut out = String::new();
    for (action, keys) in keymap.remapped() {
        let from = from(action.name());
        let keys: Vec<String> = keys.iter().map(ToString::to_string).collect();
        let keys = if keys.is_empty() {
            "(none)".to_string()
        } else {
            keys.join(" ")
        };
        let binding = format!("{}: {keys}", action.name());
        out += &format!("{:<15} {binding:<40}{from}\n", "keys");
    }
    out
}
