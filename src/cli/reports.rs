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

/// A threshold's count: clap's own words for `-1` were "invalid digit found in string".
fn count(s: &str) -> Result<u64, String> {
    s.trim()
        .parse()
        .map_err(|_| "must be a whole number, 0 or more".into())
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
