//! `config init | path | show | check`: create, locate, show or test the config.

use crate::cli::{ConfigCommand, GlobalArgs};
use crate::paths::process_env;

use super::{AppError, load_settings};

/// Runs one `config` subcommand. `path` and `init` work without a valid config file, so
/// they do not load the settings.
pub async fn run(g: &GlobalArgs, command: &ConfigCommand) -> Result<(), AppError> {
    let file = crate::paths::config_file(g.config.clone(), &process_env).0;
    match command {
        ConfigCommand::Path => {
            println!(
                "{}",
                file.map(|p| p.display().to_string())
                    .unwrap_or_else(|| "(no config folder)".into())
            );
        }
        ConfigCommand::Init => {
            let p =
                file.ok_or_else(|| AppError::Usage("no config folder: pass --config FILE".into()))?;
            crate::config::init(&p)?;
            println!(
                "wrote {} (mode 0600): edit it, then run `clarityq-usage config show`",
                p.display()
            );
        }
        ConfigCommand::Show => {
            let settings = load_settings(g)?;
            let theme = super::dashboard::theme_spec(&settings)?;
            print!("{}{}", settings.show(), theme.show());
        }
        ConfigCommand::Check => super::config_check::run(g).await?,
    }
    Ok(())
}
