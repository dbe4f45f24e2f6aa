//! The command line (clap): the dashboard by default, `export`, `serve-demo`, `config`,
//! `completions` and `man`.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::export::{Format, GroupBy};

mod offered;
mod output;
mod parse;
mod reports;
mod shown;
use offered::{Offered, PAGES, origin_names};
pub use output::{format_for, output_file};
pub use parse::error_line;
pub use reports::{CheckArgs, CheckFormatArg, ReportArgs, ReportFormatArg};

/// Where settings come from, for the program's `--help`.
const ENVIRONMENT: &str = "\
Environment: CLARITYQ_API_KEY, CLARITYQ_BASE_URL, CLARITYQ_PRODUCT_ID, CLARITYQ_PROFILE,
CLARITYQ_CONFIG. Precedence: flags > environment > config file > built-in defaults.";

/// The exit codes, after the options of the program's and each scripted command's help
/// (`check --help` named 6 alone, and cron wrappers need the others).
pub const EXIT_CODES: &str = "\
Exit codes:
  0  ok
  1  the dashboard could not run (no terminal, a terminal error), or stdout could not be written
  2  bad usage or input (flags, dates, a rejected request, an unreadable --input)
  3  config or auth: no key, 401, 403, 404 or another 4xx, an unsafe config, http off loopback
  4  API or network error after retries (429, 5xx, timeouts, connection refused)
  5  malformed response (not JSON, truncated, a row missing a field)
  6  check: a threshold is breached";

/// Examples for `--help`, the commands a new administrator starts with.
pub const EXAMPLES: &str = "\
Examples:
  clarityq-usage --demo                  the dashboard on a built-in demo organization
  clarityq-usage config init             write a commented config, then edit it
  clarityq-usage config check            test the key and the product against the server
  clarityq-usage --last 7d               the dashboard over the last 7 days
  clarityq-usage export --last 3m --group-by user -o users.csv
  clarityq-usage export --product 'Support Desk' --origin SLACK --format table
  clarityq-usage completions bash > ~/.local/share/bash-completion/completions/clarityq-usage
  clarityq-usage man > ~/.local/share/man/man1/clarityq-usage.1

In the dashboard, press ? for its keys; q quits.";

/// What follows the options in `--help`: the examples, then the environment and exit codes.
fn after_help() -> String {
    format!("{EXAMPLES}\n\n{ENVIRONMENT}\n\n{EXIT_CODES}")
}

#[derive(Debug, Parser)]
#[command(
    name = "clarityq-usage",
    version,
    // Each subcommand's manual page carries the version too (it read `"export "`).
    propagate_version = true,
    about = "Prompt usage of a ClarityQ organization: who sends how many prompts, to which product, through which channel, on which day.",
    long_about = "Opens a live dashboard of the organization's prompt usage (or, with a subcommand, exports it, \
serves the demo organization, or manages the config). `--demo` runs everything against a built-in \
synthetic organization: no key or config needed.",
    after_help = after_help()
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(flatten)]
    pub filters: FilterArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args, Clone, Default)]
pub struct GlobalArgs {
    /// Use the built-in demo organization (no key or config needed).
    #[arg(long, global = true)]
    pub demo: bool,
    /// Config file (default: $XDG_CONFIG_HOME/clarityq-usage/config.toml).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Profile of the config file to use ([profiles.NAME]).
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,
    /// API address (https; plain http only for loopback).
    #[arg(long, global = true, value_name = "URL")]
    pub base_url: Option<String>,
    /// The product the API key belongs to.
    #[arg(long, global = true, value_name = "UUID")]
    pub product_id: Option<String>,
    /// Read a saved API response (a JSON array; - for stdin) instead of calling the API.
    #[arg(long, global = true, value_name = "FILE")]
    pub input: Option<PathBuf>,
    /// Neither read nor write the disk cache of past days.
    #[arg(long, global = true)]
    pub no_cache: bool,
    /// No progress line, retry notes or notes on stderr (a saved file's rows outside the
    /// range), nor check's summary of a breach (its lines and exit 6 say it); errors and
    /// warnings still show.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// The dashboard's colours, over the config's `theme` (NO_COLOR still means mono).
    #[arg(long, global = true, value_enum, value_name = "THEME")]
    pub theme: Option<ThemeArg>,
}

/// `--theme`: the config's `theme` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ThemeArg {
    /// The terminal's background decides (dark if it does not say).
    Auto,
    Dark,
    Light,
    /// No colour: bold and reverse video only.
    Mono,
}

#[derive(Debug, Args, Clone, Default)]
pub struct FilterArgs {
    /// First UTC day, YYYY-MM-DD, or the first day of 2026-11, 2026-W48, 2026-Q4,
    /// yesterday, -7d (default: the config's range, 30 days unless set, ending at --to,
    /// else today).
    // `-7d` is a value, not a flag.
    #[arg(
        long,
        global = true,
        value_name = "DATE",
        help_heading = "Filters",
        allow_hyphen_values = true,
        value_parser = not_a_flag
    )]
    pub from: Option<String>,
    /// Last UTC day, inclusive, YYYY-MM-DD, or the last day of 2026-11, 2026-W48,
    /// 2026-Q4, yesterday, -7d (which ends today) (default: today, UTC, or yesterday with
    /// end_yesterday; a later day is cut to that).
    #[arg(
        long,
        global = true,
        value_name = "DATE",
        help_heading = "Filters",
        allow_hyphen_values = true,
        value_parser = not_a_flag
    )]
    pub to: Option<String>,
    /// The last N days ending today (or on --to, when given): 7d, 30d, 12w (weeks of 7
    /// days), 3m (months of 30), 1y (365); for calendar months use --from 2026-09 or the
    /// month presets.
    #[arg(
        long,
        global = true,
        value_name = "PERIOD",
        help_heading = "Filters",
        conflicts_with = "from"
    )]
    pub last: Option<String>,
    /// The previous period to compare with (`export --compare`, `report`, `check`):
    /// FROM..TO, or one of 2026-10, 2026-W44, 2026-Q3 (default: as many days just before;
    /// for one month, week, quarter or year, as --from 2026-11 --to 2026-11, the one before).
    #[arg(
        long,
        global = true,
        value_name = "RANGE",
        help_heading = "Filters",
        allow_hyphen_values = true,
        value_parser = not_a_flag
    )]
    pub against: Option<String>,
    /// One origin only: APP, SLACK or API_KEY (default: all).
    #[arg(
        long,
        global = true,
        value_name = "ORIGIN",
        help_heading = "Filters",
        value_parser = Offered(origin_names),
        hide_possible_values = true
    )]
    pub origin: Option<String>,
    /// Only this product, by id or by name (exact, any case; repeatable).
    #[arg(
        long = "product",
        global = true,
        value_name = "ID|NAME",
        help_heading = "Filters"
    )]
    pub products: Vec<String>,
    /// Users whose email or full name contains this text.
    #[arg(long, global = true, value_name = "TEXT", help_heading = "Filters")]
    pub search: Option<String>,
    /// Only the people of this team of the config's [teams] (repeatable; "(no team)" for
    /// the people in none).
    #[arg(
        long = "team",
        global = true,
        value_name = "NAME",
        help_heading = "Filters"
    )]
    pub teams: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write usage as CSV, JSON, NDJSON or a table (to stdout or -o FILE).
    #[command(after_help = EXIT_CODES)]
    Export(ExportArgs),
    /// Write a report of the range (Markdown, HTML or JSON) to stdout or -o FILE.
    #[command(after_help = EXIT_CODES)]
    Report(ReportArgs),
    /// Check thresholds (cron, monitoring): exit 6 when one is breached.
    #[command(after_help = EXIT_CODES, after_long_help = reports::check_help())]
    Check(CheckArgs),
    /// Run the contract server with the demo organization in the foreground.
    ServeDemo(ServeDemoArgs),
    /// Create, locate, show or check the config.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Print a shell completion script to stdout (bash, zsh, fish, elvish, powershell).
    Completions(CompletionsArgs),
    /// Print the manual page (roff) to stdout; with a subcommand, that subcommand's page
    /// (the main page's SUBCOMMANDS section refers to them as clarityq-usage-NAME(1)).
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// The subcommand whose page to print (export, report, check, serve-demo, config...),
    /// and one of its own (`config init`).
    #[arg(value_parser = Offered(|| PAGES.to_vec()), hide_possible_values = true)]
    pub subcommand: Vec<String>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

// clap's names for `export::GroupBy` and `export::Format`: the derive lives here, so the
// export code does not depend on clap. Each maps to its real type by one `From`, and a test
// checks that clap's names are the export's own (`as_str`).

/// `--group-by`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum GroupByArg {
    Row,
    User,
    Product,
    Day,
    Week,
    Month,
    Team,
    Domain,
}

impl From<GroupByArg> for GroupBy {
    fn from(a: GroupByArg) -> GroupBy {
        match a {
            GroupByArg::Row => GroupBy::Row,
            GroupByArg::User => GroupBy::User,
            GroupByArg::Product => GroupBy::Product,
            GroupByArg::Day => GroupBy::Day,
            GroupByArg::Week => GroupBy::Week,
            GroupByArg::Month => GroupBy::Month,
            GroupByArg::Team => GroupBy::Team,
            GroupByArg::Domain => GroupBy::Domain,
        }
    }
}

/// `--format`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum FormatArg {
    Csv,
    Json,
    Ndjson,
    Table,
}

impl From<FormatArg> for Format {
    fn from(a: FormatArg) -> Format {
        match a {
            FormatArg::Csv => Format::Csv,
            FormatArg::Json => Format::Json,
            FormatArg::Ndjson => Format::Ndjson,
            FormatArg::Table => Format::Table,
        }
    }
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// One record per API row, user, product, day, week, month, team ([teams] in the
    /// config) or email domain.
    #[arg(long, value_enum, default_value = "row")]
    pub group_by: GroupByArg,
    /// Compare users or products with the previous period (change columns, status).
    #[arg(long)]
    pub compare: bool,
    /// Only people who are new, dormant or retained, or whose prompts rose (up) or fell
    /// (down) (needs --compare).
    #[arg(long, value_name = "STATUS", value_parser = Offered(crate::export::StatusFilter::names), hide_possible_values = true)]
    pub status: Option<String>,
    /// First day of a week for --group-by week: monday (ISO) or sunday; default: the
    /// config's week_start (monday).
    #[arg(long, value_name = "DAY", value_parser = Offered(|| vec!["monday", "sunday"]), hide_possible_values = true)]
    pub week_start: Option<String>,
    /// Output format (default: from the -o file's extension: .csv, .json, .ndjson or
    /// .jsonl, .txt for a table; else csv).
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Write to FILE (created 0600, whole or not at all) instead of stdout; `-` is stdout.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

impl ExportArgs {
    /// `--format`, else the one `-o`'s extension names, else CSV ([`format_for`]).
    pub fn format(&self) -> Result<Format, String> {
        let named = Format::from_extension;
        let flag = self.format.map(Format::from);
        format_for(
            flag,
            &self.output,
            named,
            ".csv, .json, .ndjson (or .jsonl) or .txt",
        )
    }
}

/// A value of `--from`, `--to` or `--against`, which may begin with `-` (`-7d`): one that
/// begins with `--` is the next flag, its own value forgotten (what parsing through
/// [`Cli::try_parse_checked_from`] also says, before a stray date can be blamed).
fn not_a_flag(s: &str) -> Result<String, String> {
    match s.starts_with("--") {
        true => Err(format!(
            "{s} is a flag, not a date: the value is missing before it"
        )),
        false => Ok(s.to_string()),
    }
}

#[derive(Debug, Args)]
pub struct ServeDemoArgs {
    /// Address to listen on (loopback).
    #[arg(long, default_value = "127.0.0.1:8787")]
    pub addr: SocketAddr,
    /// Seed of the synthetic organization.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Number of users (1 to 1,000,000).
    #[arg(long, default_value_t = 400)]
    pub users: usize,
    /// Days of history, ending today (1 to 3,660).
    #[arg(long, default_value_t = 730)]
    pub days: u32,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Write a commented config template (mode 0600); never overwrites.
    Init,
    /// Print the config file's path.
    Path,
    /// Print the effective settings and where each came from (the key hidden).
    Show,
    /// Ask the API for yesterday with these settings and say what it shows (or why not).
    Check,
}

#[cfg(test)]
#[path = "cli/tests.rs"]
mod tests;
