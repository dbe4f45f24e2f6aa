//! The flags of `report` and `check` (clap's side only; their meaning is in
//! `cmd::report` and `cmd::check`).

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::report::Format;

/// `report --format`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ReportFormatArg {
    Md,
    Html,
    Json,
}

impl From<ReportFormatArg> for Format {
    fn from(a: ReportFormatArg) -> Format {
        match a {
            ReportFormatArg::Md => Format::Md,
            ReportFormatArg::Html => Format::Html,
            ReportFormatArg::Json => Format::Json,
        }
    }
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Output format (default: from the -o file's extension, else md).
    #[arg(long, value_enum)]
    pub format: Option<ReportFormatArg>,
    /// Write to FILE (created 0600, whole or not at all) instead of stdout; `-` is stdout.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Mask emails (a***@example.com), as the dashboard's `m` does.
    #[arg(long)]
    pub mask: bool,
}

impl ReportArgs {
    /// `--format`, else the one `-o`'s extension names, else Markdown (as `export`'s).
    pub fn format(&self) -> Result<Format, String> {
        let (flag, named) = (self.format.map(Format::from), Format::from_extension);
        super::format_for(flag, &self.output, named, ".md, .html or .json")
    }
}

/// `check --format`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq, Default)]
pub enum CheckFormatArg {
    #[default]
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Breached when the range has fewer prompts than N.
    // `-1` is a value to refuse as not a count, not an unknown flag (for each count).
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = count)]
    pub min_prompts: Option<u64>,
    /// Breached when fewer than N people sent a prompt in the range.
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = count)]
    pub min_active_users: Option<u64>,
    /// Breached when prompts fell by more than P percent against the previous period
    /// (0 to 100).
    // `-5` is a value to refuse with a reason, not an unknown flag.
    #[arg(long, value_name = "P", allow_negative_numbers = true, value_parser = pct)]
    pub max_drop_pct: Option<f64>,
    /// Breached when more than N people went dormant (prompts before, none now).
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = count)]
    pub max_dormant: Option<u64>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: CheckFormatArg,
}

/// A threshold's count: clap's own words for `-1` were "invalid digit found in string";
/// a count past u64 is a whole number, and said to be too large, not to be none.
fn count(s: &str) -> Result<u64, String> {
    s.trim().parse().map_err(|e: std::num::ParseIntError| {
        match e.kind() {
            std::num::IntErrorKind::PosOverflow => "is too large for a count of prompts or people",
            _ => "must be a whole number, 0 or more",
        }
        .into()
    })
}

/// `check --help`'s and its manual page's end: where thresholds may also be set, what
/// the output looks like, and a cron line (they were in the README alone).
pub fn check_help() -> String {
    format!(
        "\
Thresholds in the config file (a flag wins over it; each line says where its limit was set):
  [check]
  min_prompts = 1000
  min_active_users = 20
  max_drop_pct = 30
  max_dormant = 10

Output: the range judged, the filters when any, then one line per threshold:
  range     2026-11-24 to 2026-11-30 (UTC, 7 days), against 2026-11-17 to 2026-11-23
  breached  active users: 304, at least 400 (--min-active-users)
  holds     drop in prompts: 4.2% (9,580 against 10,000), at most 30.0% (max_drop_pct in [check])
A breach also writes one line on stderr (-q leaves it out) and exits 6.

Example (cron, each Monday: last ISO week, a mail when a threshold is breached):
  W=$(date -u -d '7 days ago' +%G-W%V); clarityq-usage check --from $W --to $W \\
    --max-drop-pct 33 --min-active-users 20 > check.txt 2>&1 || mail -s usage admin < check.txt

{}",
        crate::cli::EXIT_CODES
    )
}

/// A drop's percentage: a number, as `--max-drop-pct 25` or `12.5`; its range (0 to 100)
/// is judged with the config's value. Clap said "invalid float literal" to `5%`.
fn pct(s: &str) -> Result<f64, String> {
    s.trim()
        .parse()
        .map_err(|_| "must be a number from 0 to 100, without %".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A count past u64 is said to be too large: it is a whole number, which the one
    /// message for every refusal told the user it was not.
    #[test]
    fn a_count_too_large_is_said_apart_from_one_that_is_not_a_count() {
        assert_eq!(count(" 20 "), Ok(20));
        assert!(
            count("99999999999999999999999")
                .unwrap_err()
                .contains("too large")
        );
        for bad in ["-1", "1.5", "x"] {
            assert_eq!(count(bad), Err("must be a whole number, 0 or more".into()));
        }
    }

    /// The help and the manual page say where else thresholds live and what the output
    /// is, as the README does, with the real line of a drop.
    #[test]
    fn checks_long_help_names_the_table_the_output_and_the_exits() {
        let h = check_help();
        assert!(h.contains("[check]\n  min_prompts = 1000"));
        assert!(
            h.contains("holds     drop in prompts: 4.2% (9,580 against 10,000), at most 30.0%")
        );
        assert!(h.ends_with(crate::cli::EXIT_CODES));
    }

    #[test]
    fn a_percentage_is_a_bare_number() {
        assert_eq!((pct("25"), pct(" 12.5 ")), (Ok(25.0), Ok(12.5)));
        for bad in ["5%", "x", ""] {
            assert_eq!(
                pct(bad),
                Err("must be a number from 0 to 100, without %".into())
            );
        }
    }

    #[test]
    fn a_count_below_zero_is_named_as_such() {
        assert_eq!(count(" 7"), Ok(7));
        for bad in ["-1", "1.5", "x", ""] {
            assert_eq!(
                count(bad),
                Err("must be a whole number, 0 or more".into()),
                "{bad}"
            );
        }
    }

    #[test]
    fn clap_names_are_the_report_names() {
        for a in ReportFormatArg::value_variants() {
            let name = a.to_possible_value().unwrap().get_name().to_string();
            assert_eq!(Format::from(*a).as_str(), name);
        }
    }
}
