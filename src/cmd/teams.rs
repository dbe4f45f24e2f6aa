//! `--team NAME` (repeatable): the config's teams and which of them to keep, applied to
//! every model a command reads, so an export, a report and a check of a team all count
//! that team's people only. Teams are a rule of the client (the server knows none), so
//! the narrowing happens here, after the rows arrive.

use std::borrow::Cow;

use crate::cli::FilterArgs;
use crate::config::Settings;
use crate::model::Usage;
use crate::teams::Teams;

use super::AppError;

/// The teams in effect and the `--team` selection.
#[derive(Clone, Debug, Default)]
pub struct TeamScope {
    pub teams: Teams,
    /// One flag per `Teams::row_names`; `None` without `--team`.
    pub keep: Option<Vec<bool>>,
}

impl TeamScope {
    /// From the settings' `[teams]` and the `--team` flags; an unknown team is a usage
    /// error that lists the known ones.
    pub fn new(f: &FilterArgs, settings: &Settings) -> Result<TeamScope, AppError> {
        let teams = settings.teams()?;
        let keep = match f.teams.is_empty() {
            true => None,
            false => Some(teams.select(&f.teams).map_err(AppError::Usage)?),
        };
        Ok(TeamScope { teams, keep })
    }

    /// `export --group-by team` needs teams: without `[teams]` every person is in one
    /// `(no team)` row, which answers nothing, so it is refused (exit 2) with where the
    /// config is and what to add. `--group-by domain` needs no config.
    pub fn for_grouping(&self, settings: &Settings) -> Result<(), AppError> {
        if !self.teams.is_empty() {
            return Ok(());
        }
        let file = match (&settings.config_path, settings.config_found) {
            (Some(p), true) => format!("to {}", p.display()),
            (Some(p), false) => format!(
                "to {} (not there yet: `config init` writes it)",
                p.display()
            ),
            (None, _) => "to a config file (`--config FILE`)".into(),
        };
        Err(AppError::Usage(format!(
            "--group-by team: no teams configured; add a [teams] table {file}, or use --group-by domain"
        )))
    }

    /// Whether `--team` narrows the people. A saved response is then held for a
    /// comparison's two periods and for its rows (a person's team is known from their
    /// first row over both periods, which a period's fold does not see), and folded
    /// otherwise (see [`TeamScope::narrow`]).
    pub fn narrows(&self) -> bool {
        self.keep.is_some()
    }

    /// `usage` with only the kept teams' people (as it is without `--team`). A folded
    /// model keeps no rows to narrow and is given back as it is: the per-person exports
    /// leave the other teams' people out as they write (`export::Options::team_keep`),
    /// the others' fold added the kept people's rows only ([`TeamScope::keep_fn`]).
    pub fn narrow<'a>(&self, usage: Cow<'a, Usage>) -> Cow<'a, Usage> {
        let Some(keep) = &self.keep else {
            return usage;
        };
        if usage.is_folded() {
            return usage;
        }
        Cow::Owned(usage.only_users(&|u| keep[self.teams.assign(&u.email)]))
    }

    /// Whether a person of this email is kept, for a fold to add only their rows; `None`
    /// without `--team`.
    pub fn keep_fn(&self) -> Option<crate::model::Keep> {
        let keep = self.keep.clone()?;
        let teams = self.teams.clone();
        Some(crate::model::Keep::new(move |email: &str| {
            keep[teams.assign(email)]
        }))
    }

    /// The kept team names, for a report's filters line.
    pub fn names(&self) -> Vec<String> {
        let Some(keep) = &self.keep else {
            return Vec::new();
        };
        self.teams
            .row_names()
            .zip(keep)
            .filter(|(_, k)| **k)
            .map(|(n, _)| n.to_string())
            .collect()
    }
}
