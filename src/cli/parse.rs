//! Parsing the command line with the checks clap cannot make: a date flag whose value was
//! forgotten, and two sources of rows at once. Their errors are clap's, made in the
//! subcommand named; every mistake is then said in one line ([`error_line`]).

use super::Cli;

impl Cli {
    /// Parses the process's arguments. A mistake is one line, ending in where to read
    /// more: clap's own is a paragraph, a usage line and a hint (see [`error_line`]).
    pub fn parse_checked() -> Result<Self, String> {
        let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
        Self::try_parse_checked_from(&args).map_err(|e| {
            if !e.use_stderr() {
                // `--help` and `--version`: printed whole on stdout, and not an error; a
                // full disk is one (clap's own exit said 0), a closed pipe the reader's.
                let shown = e
                    .print()
                    .and_then(|()| std::io::Write::flush(&mut std::io::stdout()));
                match shown {
                    Err(w) if w.kind() != std::io::ErrorKind::BrokenPipe => {
                        eprintln!("clarityq-usage: writing the help failed: {w}");
                        std::process::exit(1)
                    }
                    _ => std::process::exit(0),
                }
            }
            error_line::<Cli>(&e, &args)
        })
    }

    /// As [`clap::Parser::try_parse_from`], but a date flag followed by another flag is named as
    /// missing its value: clap takes the next flag as the value (a date may begin with
    /// `-`, as `-7d`), then stops at the stray date after it (`--from --to 2026-11-01`
    /// said "unexpected argument '2026-11-01'"), before [`super::not_a_flag`] could say so.
    pub fn try_parse_checked_from<I, T>(args: I) -> Result<Self, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        let args: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).collect();
        let cli = match super::shown::parse(&args) {
            Ok(cli) => cli,
            // Only the stray date is misread: other errors are clap's own, and right.
            // At the top level the stray date is taken for a subcommand's name.
            Err(e)
                if matches!(
                    e.kind(),
                    clap::error::ErrorKind::UnknownArgument
                        | clap::error::ErrorKind::InvalidSubcommand
                ) =>
            {
                return Err(forgotten_date(&args).unwrap_or(e));
            }
            Err(e) => return Err(e),
        };
        if let Some(msg) = on_both_sides(&<Cli as clap::CommandFactory>::command(), &args) {
            return Err(usage_error(
                &args,
                clap::error::ErrorKind::ArgumentConflict,
                msg,
            ));
        }
        // Two sources at once: the file won without a word (clap does not check a
        // conflict between global flags given on either side of the subcommand).
        if cli.global.demo && cli.global.input.is_some() {
            let msg = "--demo and --input are two sources of rows: give one";
            return Err(usage_error(
                &args,
                clap::error::ErrorKind::ArgumentConflict,
                msg,
            ));
        }
        match unused(&cli) {
            Some(msg) => Err(usage_error(
                &args,
                clap::error::ErrorKind::ArgumentConflict,
                msg,
            )),
            None => Ok(cli),
        }
    }
}

/// Program-wide flags that the command given would take and drop without a word: filters
/// where no rows are read (`serve-demo --team x`, `config check --from ...`), and the API's
/// address where the demo answers (`--demo --base-url ...`).
fn unused(cli: &Cli) -> Option<String> {
    use super::Command;
    let f = &cli.filters;
    let filtered = [&f.from, &f.to, &f.last, &f.against, &f.origin, &f.search]
        .iter()
        .any(|v| v.is_some())
        || !f.products.is_empty()
        || !f.teams.is_empty();
    let sub = match &cli.command {
        Some(Command::ServeDemo(_)) => Some("serve-demo"),
        Some(Command::Config(_)) => Some("config"),
        Some(Command::Completions(_)) => Some("completions"),
        Some(Command::Man(_)) => Some("man"),
        _ => None,
    };
    if let Some(sub) = sub.filter(|_| filtered) {
        return Some(format!(
            "'{sub}' reads no rows: the filters (--from, --last, --product, --team...) do nothing there; leave them out"
        ));
    }
    let g = &cli.global;
    // The demo server reads no config and no file: it serves its own organization.
    let sourced = g.input.is_some() || g.config.is_some() || g.profile.is_some();
    let sourced = sourced || g.base_url.is_some() || g.product_id.is_some();
    let sourced = sourced || g.no_cache || g.theme.is_some() || g.demo;
    if matches!(cli.command, Some(Command::ServeDemo(_))) && sourced {
        return Some(
            "'serve-demo' serves the built-in demo organization only: --input, --config, --profile, --base-url, --product-id, --no-cache, --theme and --demo do nothing there; leave them out".into(),
        );
    }
    // `config show` showed the file's settings under --demo without a word; `config check`
    // checks the demo's (a key and product that work), but no saved file.
    let config = match &cli.command {
        Some(Command::Config(c)) => Some(c),
        _ => None,
    };
    let (demo, input) = (g.demo, g.input.is_some());
    match config {
        Some(super::ConfigCommand::Check) if input => {
            return Some(
                "'config check' asks the API: --input does nothing there; leave it out".into(),
            );
        }
        Some(c) if !matches!(c, super::ConfigCommand::Check) && (demo || input) => {
            let name = match c {
                super::ConfigCommand::Init => "init",
                super::ConfigCommand::Path => "path",
                _ => "show",
            };
            return Some(format!(
                "'config {name}' reads the config file and the environment: --demo and --input do nothing there; leave them out (config check --demo checks the demo)"
            ));
        }
        _ => {}
    }
    // The commands that write data draw no colours: `--theme` in their help only misled.
    let writes = match &cli.command {
        Some(Command::Export(_)) => Some("export"),
        Some(Command::Report(_)) => Some("report"),
        Some(Command::Check(_)) => Some("check"),
        _ => None,
    };
    if let Some(sub) = writes.filter(|_| g.theme.is_some()) {
        return Some(format!(
            "'{sub}' writes no colours: --theme sets the dashboard's, and does nothing there; leave it out"
        ));
    }
    let aimed = g.base_url.is_some() || g.product_id.is_some();
    if g.demo && aimed {
        return Some("--demo answers from the built-in organization: --base-url and --product-id do nothing with it; leave them out".into());
    }
    // A saved file is read as it is: the API's address and product were taken and
    // dropped, and a user who meant to ask the API got the file's rows without a word.
    (input && aimed).then(|| {
        "--input reads a saved file: --base-url and --product-id do nothing with it; leave them out (or leave out --input to ask the API)".to_string()
    })
}

/// Clap's error `e` for command line `args` of program `P` as one line: its message, its
/// tip (a similar flag or subcommand) when it has one, then the help of the subcommand
/// `args` name, which says more. Both binaries say their mistakes this way.
pub fn error_line<P: clap::CommandFactory>(e: &clap::Error, args: &[std::ffi::OsString]) -> String {
    named_in(P::command(), args, |cmd| line_in(e, cmd))
}

fn line_in(e: &clap::Error, cmd: &mut clap::Command) -> String {
    let name = cmd.get_bin_name().unwrap_or(cmd.get_name());
    let what = match e.kind() {
        // clap's "error" here is the whole help text.
        clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let subs: Vec<&str> = (cmd.get_subcommands())
                .map(clap::Command::get_name)
                .filter(|n| *n != "help")
                .collect();
            format!("a subcommand is needed: {}", subs.join(", "))
        }
        _ => {
            let text = e.render().to_string();
            // Paragraphs: the message, perhaps a tip, then the usage and the hint to try
            // `--help`, which `help` stands for.
            let kept = (text.split("\n\n"))
                .take_while(|p| !p.trim_start().starts_with("Usage:"))
                .filter(|p| !p.trim_start().starts_with("For more information"));
            let flat = kept.map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "));
            let flat: Vec<String> = flat.filter(|p| !p.is_empty()).collect();
            flat.join("; ").trim_start_matches("error: ").to_string()
        }
    };
    format!("{what}; see '{name} --help'")
}

/// A date flag followed by another flag (before any `--`), as clap's error.
fn forgotten_date(args: &[std::ffi::OsString]) -> Option<clap::Error> {
    let dates = ["--from", "--to", "--against"];
    let before_end = args.iter().take_while(|a| *a != "--").collect::<Vec<_>>();
    let pair = before_end
        .windows(2)
        .find(|p| dates.iter().any(|d| p[0] == d) && p[1].to_string_lossy().starts_with("--"))?;
    let (flag, next) = (pair[0].to_string_lossy(), pair[1].to_string_lossy());
    let msg = format!("{flag} needs a value before {next}: a date, as 2026-11-01");
    Some(usage_error(args, clap::error::ErrorKind::InvalidValue, msg))
}

/// Clap's error for `msg`, under the usage line of the subcommand `args` name (as clap's
/// own errors are), or of the program when they name none.
fn usage_error(
    args: &[std::ffi::OsString],
    kind: clap::error::ErrorKind,
    msg: impl std::fmt::Display,
) -> clap::Error {
    in_command_named(args, |cmd| cmd.error(kind, msg))
}

/// `f` of the subcommand `args` name (`config show`: the innermost), or of the program
/// when they name none.
fn in_command_named<T>(args: &[std::ffi::OsString], f: impl FnOnce(&mut clap::Command) -> T) -> T {
    named_in(Cli::shown(), args, f)
}

/// [`in_command_named`] in the program whose command is `cmd`.
fn named_in<T>(
    mut cmd: clap::Command,
    args: &[std::ffi::OsString],
    f: impl FnOnce(&mut clap::Command) -> T,
) -> T {
    // Built, the subcommands carry their full names ("clarityq-usage export").
    cmd.build();
    let path = subcommands_named(&cmd, args);
    let mut at = &mut cmd;
    for name in &path {
        // Looked up first, then borrowed: the names come from this tree.
        if at.find_subcommand(name).is_none() {
            break;
        }
        at = at
            .find_subcommand_mut(name)
            .unwrap_or_else(|| unreachable!());
    }
    f(at)
}

/// The words of `args` that name a subcommand and then its subcommands, the values of
/// flags skipped (`--input export report` names `report`: `export` is a file).
fn subcommands_named(root: &clap::Command, args: &[std::ffi::OsString]) -> Vec<String> {
    let mut path = Vec::new();
    let mut cmd = root;
    let mut words = args.iter().skip(1).take_while(|a| *a != "--");
    while let Some(word) = words.next() {
        let Some(word) = word.to_str() else {
            continue;
        };
        if word.starts_with('-') {
            if !word.contains('=') && takes_value(root, cmd, word) {
                words.next();
            }
            continue;
        }
        if let Some(c) = cmd.get_subcommands().find(|c| c.get_name() == word) {
            path.push(c.get_name().to_string());
            cmd = c;
        }
    }
    path
}

/// A program-wide flag with a value given before the subcommand and again after it (or one
/// that may not stand beside it), as one line: clap keeps the one after without a word (`--from X export
/// --last 3d` ran the last 3 days; `--product A export --product B`, B alone), where the
/// same flag twice on one side is refused or added up.
fn on_both_sides(root: &clap::Command, args: &[std::ffi::OsString]) -> Option<String> {
    let mut before: Vec<&clap::Arg> = Vec::new();
    let mut sub: Option<&clap::Command> = None;
    let mut words = args.iter().skip(1).take_while(|a| *a != "--");
    while let Some(word) = words.next() {
        let Some(word) = word.to_str() else {
            continue;
        };
        if !word.starts_with('-') {
            sub = sub.or_else(|| root.get_subcommands().find(|c| c.get_name() == word));
            continue;
        }
        let flag = word.split('=').next().unwrap_or(word);
        if !word.contains('=') && takes_value(root, sub.unwrap_or(root), flag) {
            words.next();
        }
        let Some(arg) = (root.get_arguments())
            .find(|a| a.is_global_set() && a.get_action().takes_values() && names(a, flag))
        else {
            continue;
        };
        match sub {
            None => before.push(arg),
            Some(c) => {
                // The same flag, or one that may not stand beside it (`--last`, `--from`).
                if let Some(b) = before.iter().find(|b| clash(root, b, arg)) {
                    let (first, sub) = (
                        format!("--{}", b.get_long().unwrap_or_default()),
                        c.get_name(),
                    );
                    return Some(match first == flag {
                        true => format!(
                            "{flag} is given both before and after '{sub}', and one side would be dropped: give the filters after '{sub}' only"
                        ),
                        false => format!(
                            "{first} before '{sub}' and {flag} after it do not go together, and one would be dropped: give the filters after '{sub}' only"
                        ),
                    });
                }
            }
        }
    }
    None
}

/// Whether `a` and `b` cannot both count: the same flag, or two clap keeps apart.
fn clash(root: &clap::Command, a: &clap::Arg, b: &clap::Arg) -> bool {
    let apart = |x: &clap::Arg, y: &clap::Arg| {
        (root.get_arg_conflicts_with(x).iter()).any(|c| c.get_id() == y.get_id())
    };
    a.get_id() == b.get_id() || apart(a, b) || apart(b, a)
}

/// Whether `flag` (as typed: `--long` or `-s`) is `a`'s.
fn names(a: &clap::Arg, flag: &str) -> bool {
    match flag.strip_prefix("--") {
        Some(long) => a.get_long() == Some(long),
        None => flag.len() == 2 && a.get_short() == flag.chars().nth(1),
    }
}

/// Whether `flag` (as typed, without `=value`) takes the next word as its value: a flag
/// of the program (global ones), of `cmd` or of one of its subcommands.
fn takes_value(root: &clap::Command, cmd: &clap::Command, flag: &str) -> bool {
    let mut all = (root.get_arguments())
        .chain(cmd.get_arguments())
        .chain(cmd.get_subcommands().flat_map(|c| c.get_arguments()));
    all.any(|a| names(a, flag) && a.get_action().takes_values())
}
