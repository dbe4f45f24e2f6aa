//! What the command line asks of an export (`--group-by`, `--compare`, `--status`,
//! `--week-start`), checked as a whole before anything is fetched.

use chrono::NaiveDate;

use super::{GroupBy, Options};
use crate::analytics::{PersonChange, Status, WeekStart};
use crate::model::Usage;

/// `--status`: the people of one status, or those whose prompts rose or fell (the
/// dashboard's movers lenses, whose `y` command had no way to say them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusFilter {
    Is(Status),
    Up,
    Down,
}

impl StatusFilter {
    /// What `--status` takes, for the shells' completion.
    pub fn names() -> Vec<&'static str> {
        let statuses = Status::ALL.map(Status::as_str);
        statuses.into_iter().chain(["up", "down"]).collect()
    }

    pub fn parse(s: &str) -> Result<StatusFilter, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "up" => Ok(StatusFilter::Up),
            "down" => Ok(StatusFilter::Down),
            _ => Status::parse(s).map(StatusFilter::Is).map_err(|_| {
                format!(
                    "--status '{}' is not a status: use new, dormant, retained, up or down",
                    crate::sanitize::one_line(s.trim())
                )
            }),
        }
    }

    /// Whether the filter keeps `p`.
    pub fn keeps(self, p: &PersonChange) -> bool {
        match self {
            StatusFilter::Is(s) => p.status == s,
            StatusFilter::Up => p.change.delta() > 0,
            StatusFilter::Down => p.change.delta() < 0,
        }
    }
}

/// What the command line asks of an export, checked before anything is fetched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Plan {
    pub group: GroupBy,
    /// Fetch the previous period too and add the change columns.
    pub compare: bool,
    pub status: Option<StatusFilter>,
    pub week_start: WeekStart,
}

impl Plan {
    /// From `--group-by`, `--compare`, `--status` and `--week-start`; the error is the one
    /// line to show (a usage error).
    pub fn new(
        group: GroupBy,
        compare: bool,
        status: Option<&str>,
        week_start: Option<&str>,
    ) -> Result<Plan, String> {
        let week_start = week_start.map(WeekStart::parse).transpose()?;
        // As --status without --compare: a flag that changes nothing was passed over in
        // silence, and `--group-by day --week-start sunday` looked as if it had been read.
        if week_start.is_some() && group != GroupBy::Week {
            return Err(format!(
                "--week-start sets where --group-by week's weeks begin, not {}'s: group by week, or drop it",
                group.as_str()
            ));
        }
        let status = check_compare(group, compare, status)?;
        Ok(Plan {
            group,
            compare,
            status,
            week_start: week_start.unwrap_or_default(),
        })
    }

    /// The export's options, once the data (and the previous period's) is at hand.
    pub fn options<'a>(&self, today: NaiveDate, previous: Option<&'a Usage>) -> Options<'a> {
        Options {
            group: self.group,
            today,
            week_start: self.week_start,
            previous: previous.filter(|_| self.compare),
            status: self.status,
            teams: None,
            team_keep: None,
            no_span: false,
        }
    }
}

/// Checks `--compare` and `--status` against the grouping.
pub(super) fn check_compare(
    group: GroupBy,
    compare: bool,
    status: Option<&str>,
) -> Result<Option<StatusFilter>, String> {
    let status = status.map(StatusFilter::parse).transpose()?;
    if status.is_some() && !compare {
        return Err("--status needs the previous period to compare with: add --compare".into());
    }
    if compare && !group.compares() {
        return Err(format!(
            "--compare adds change columns to --group-by user or product, not {}",
            group.as_str()
        ));
    }
    if status.is_some() && group != GroupBy::User {
        return Err("--status filters people: use it with --group-by user".into());
    }
    Ok(status)
}
