//! Parsing the command line with the checks clap cannot make: a date flag whose value was
//! forgotten, and two sources of rows at once. Their errors are clap's, under the usage
//! line of the subcommand named, as clap's own are.

use clap::Parser;

use super::Cli;

impl Cli {
    /// Parses the process's arguments, or exits with clap's message.
    pub fn parse_checked() -> Self {
        Self::try_parse_checked_from(std::env::args_os()).unwrap_or_else(|e| e.exit())
    }

    /// As [`Parser::try_parse_from`], but a date flag followed by another flag is named as
    /// missing its value: clap takes the next flag as the value (a date may begin with
    /// `-`, as `-7d`), then stops at the stray date after it (`--from --to 2026-11-01`
    /// said "unexpected argument '2026-11-01'"), before [`super::not_a_flag`] could say so.
    pub fn try_parse_checked_from<I, T>(args: I) -> Result<Self, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        let args: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).collect();
        let cli = match Self::try_parse_from(&args) {
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
            Err(e) => return Err(with_usage(e, &args)),
        };
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
        Ok(cli)
    }
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

/// Clap's error `e` with the usage line of the subcommand `args` name when it has none:
/// clap gives one for an unknown flag but not for a flag's missing or invalid value
/// (`export --format`), where it helps as much.
fn with_usage(mut e: clap::Error, args: &[std::ffi::OsString]) -> clap::Error {
    use clap::error::{ContextKind, ContextValue};
    // Help and version are printed on stdout, and are not errors.
    if e.use_stderr() && e.get(ContextKind::Usage).is_none() {
        let usage = in_command_named(args, |cmd| cmd.render_usage());
        e.insert(ContextKind::Usage, ContextValue::StyledStr(usage));
    }
    e
}

/// `f` of the subcommand `args` name (`config show`: the innermost), or of the program
/// when they name none.
fn in_command_named<T>(args: &[std::ffi::OsString], f: impl FnOnce(&mut clap::Command) -> T) -> T {
    use clap::CommandFactory;
    let mut cmd = Cli::command();
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

/// Whether `flag` (as typed, without `=value`) takes the next word as its value: a flag
/// of the program (global ones), of `cmd` or of one of its subcommands.
fn takes_value(root: &clap::Command, cmd: &clap::Command, flag: &str) -> bool {
    let mut all = (root.get_arguments())
        .chain(cmd.get_arguments())
        .chain(cmd.get_subcommands().flat_map(|c| c.get_arguments()));
    all.any(|a| {
        let named = match flag.strip_prefix("--") {
            Some(long) => a.get_long() == Some(long),
            None => flag.len() == 2 && a.get_short() == flag.chars().nth(1),
        };
        named && a.get_action().takes_values()
    })
}
