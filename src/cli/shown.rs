//! The command line as parsed and shown: clap's, with the program-wide flags a subcommand
//! refuses (see `parse::unused`) hidden from its help, its manual page and its completions,
//! so that `serve-demo --help` does not offer `--input` and `--team` only to refuse them.

use clap::CommandFactory;

use super::Cli;

/// The filters: flags about which rows to read.
const FILTERS: &[&str] = &[
    "from", "to", "last", "against", "origin", "products", "search", "teams",
];

/// Where the rows come from and how the dashboard looks: what the demo server, which
/// serves its own organization, refuses besides the filters.
const SOURCES: &[&str] = &[
    "demo",
    "config",
    "profile",
    "base_url",
    "product_id",
    "input",
    "no_cache",
    "theme",
];

/// What `config show`, `init` and `path` refuse besides: they read the config file and the
/// environment, not the demo nor a saved file (`config check --demo` checks the demo).
const DEMO_INPUT: &[&str] = &["demo", "input"];

/// The dashboard's look, which the commands that write data refuse.
const LOOK: &[&str] = &["theme"];

/// Each subcommand that reads no rows (a space before a subcommand of its own), and each
/// that writes data, with the program-wide flags it refuses.
pub(super) const REFUSED: &[(&str, &[&[&str]])] = &[
    ("export", &[LOOK]),
    ("report", &[LOOK]),
    ("check", &[LOOK]),
    ("serve-demo", &[FILTERS, SOURCES]),
    ("config", &[FILTERS]),
    ("config show", &[DEMO_INPUT]),
    ("config init", &[DEMO_INPUT]),
    ("config path", &[DEMO_INPUT]),
    ("completions", &[FILTERS]),
    ("man", &[FILTERS]),
];

impl Cli {
    /// The program's command with each subcommand's refused flags hidden (they are still
    /// parsed, so that using one is named as refused, not as unknown).
    pub fn shown() -> clap::Command {
        let mut cmd = Cli::command();
        for (name, lists) in REFUSED {
            for id in lists.iter().flat_map(|l| l.iter()) {
                // A hidden copy in the subcommand: clap copies a program-wide flag into
                // a subcommand (and on into its own, as `config check`) only where the
                // subcommand has none of that name. Changed after clap has built the
                // command, a flag is matched against the wrong names.
                let flag = cmd.get_arguments().find(|a| a.get_id() == *id).cloned();
                let flag = flag.unwrap_or_else(|| panic!("no flag {id}")).hide(true);
                cmd = match name.split_once(' ') {
                    Some((outer, inner)) => cmd.mut_subcommand(outer, |sub| {
                        sub.mut_subcommand(inner, |own| own.arg(flag))
                    }),
                    None => cmd.mut_subcommand(*name, |sub| sub.arg(flag)),
                };
            }
        }
        // The demo server has no progress line nor breach: its quiet is its request log.
        let quiet = cmd.get_arguments().find(|a| a.get_id() == "quiet").cloned();
        let quiet = quiet.expect("no flag quiet");
        let quiet = quiet.help("No line on stderr for each request served; errors still show");
        cmd.mut_subcommand("serve-demo", |sub| sub.arg(quiet))
    }
}

/// Parses `args` as [`Cli::shown`] describes them.
pub(super) fn parse(args: &[std::ffi::OsString]) -> Result<Cli, clap::Error> {
    let mut cmd = Cli::shown();
    let matches = cmd.try_get_matches_from_mut(args)?;
    <Cli as clap::FromArgMatches>::from_arg_matches(&matches).map_err(|e| e.format(&mut cmd))
}
