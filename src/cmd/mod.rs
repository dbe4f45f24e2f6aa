//! The subcommands, one file each: `dashboard` (the default), `export`, `report`, `check`,
//! `serve_demo`, `config` (with `config check`, in `config_check`, which asks the API) and
//! `shell` (`completions`, `man`). What more than one of them needs lives beside them:
//! `filters` turns the filter flags into a query, `products` turns `--product NAME` into
//! ids, `open` opens the data source, `load` reads a range and its previous period from it,
//! `progress` draws a long fetch's progress line. `main` parses the command line and calls
//! the one that was asked for; every failure comes back as one `AppError` line with its
//! exit code, and `main` alone sets the process's status.
//!
//! A new subcommand: a variant of `cli::Command` with its args, a file here with its
//! `run`, and one arm in `main`'s `dispatch`.

pub mod check;
pub mod config;
pub mod config_check;
pub mod console;
pub mod dashboard;
pub mod export;
pub mod filters;
pub mod load;
pub mod open;
pub mod products;
pub mod progress;
pub mod report;
pub mod serve_demo;
pub mod shell;
pub mod teams;
pub mod warnings;

use thiserror::Error;

use crate::api::ApiError;
use crate::cli::GlobalArgs;
use crate::config::{ConfigError, Overrides, Provenance, Settings, Sourced};
use crate::model::ReadError;

/// Why a command failed; `Display` is the one line the user sees.
#[derive(Debug, Error)]
pub enum AppError {
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Config(#[from] ConfigError),
    #[error("{0}")]
    Api(#[from] ApiError),
    #[error("{0}")]
    Input(#[from] ReadError),
    #[error("{0}")]
    Failed(String),
    /// `check`: a threshold is breached (the lines are already on stdout).
    #[error("{0}")]
    Breached(String),
}

impl AppError {
    /// The process's exit status for this failure (see `cli::EXIT_CODES`).
    pub fn exit_code(&self) -> u8 {
        match self {
            AppError::Usage(_) => 2,
            AppError::Config(_) => 3,
            AppError::Api(e) => e.exit_code(),
            AppError::Input(ReadError::Io(_)) => 2,
            AppError::Input(ReadError::Decode(_)) => 5,
            AppError::Failed(_) => 1,
            AppError::Breached(_) => 6,
        }
    }
}

/// What the command line says about where settings come from.
fn overrides(g: &GlobalArgs) -> Overrides {
    Overrides {
        config: g.config.clone(),
        profile: g.profile.clone(),
        base_url: g.base_url.clone(),
        product_id: g.product_id.clone(),
    }
}

/// Loads the effective settings and prints their warnings (on stderr, before anything else).
pub(crate) fn load_settings(g: &GlobalArgs) -> Result<Settings, AppError> {
    let mut settings = Settings::load(&overrides(g), &crate::paths::process_env)?;
    if let Some(t) = g.theme {
        let value = clap::ValueEnum::to_possible_value(&t).expect("no skipped variant");
        settings.theme = Sourced {
            value: value.get_name().to_string(),
            from: Provenance::Flag("--theme"),
        };
    }
    for w in &settings.warnings {
        console::say(&format!("warning: {w}"));
    }
    Ok(settings)
}
