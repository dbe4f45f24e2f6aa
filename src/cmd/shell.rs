//! `completions SHELL` and `man`: the shell completion script and the manual page, both
//! made by clap from the one command-line definition, so they never drift from `--help`.

use std::io::Write;

use crate::cli::Cli;

use super::AppError;

/// Writes the completion script for `shell` to stdout.
pub fn completions(shell: clap_complete::Shell) -> Result<(), AppError> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::shown(), "clarityq-usage", &mut out);
    if shell == clap_complete::Shell::Bash {
        out = bash_states(&out);
    }
    to_stdout(&out)
}

/// The bash script with its states spelt one way. clap_complete's walk over the words
/// reaches `clarityq__usage__subcmd__export`, but it labels that state's branch
/// `clarityq__subcmd__usage__subcmd__export` (the hyphen of the program's name taken for
/// a subcommand's separator: clap-rs/clap#6421), so nothing after the subcommand's name
/// completed: not `export --gr`, not `config ch`.
fn bash_states(script: &[u8]) -> Vec<u8> {
    String::from_utf8_lossy(script)
        .replace("clarityq__subcmd__usage", "clarityq__usage")
        .into_bytes()
}

/// Writes the manual page (roff, section 1) to stdout: the program's, or a subcommand's
/// (`clarityq-usage-export(1)` and the like, which the main page names), or one of its own
/// (`man config init`, or `man config-init`: `clarityq-usage-config-init(1)`, which
/// `config`'s page names).
pub fn man(path: &[String]) -> Result<(), AppError> {
    let mut out = Vec::new();
    page(path)?
        .render(&mut out)
        .map_err(|e| AppError::Failed(format!("cannot make the manual page: {e}")))?;
    to_stdout(&preformatted_extra(&out))
}

/// The page with its EXTRA section (the examples and the exit codes, laid out in
/// columns) kept as written: roff fills text, and at 80 columns the exit codes ran
/// together ("2 bad usage or input ... an unread‐ able --input").
fn preformatted_extra(page: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(page);
    let Some(at) = text.find(".SH EXTRA\n").map(|i| i + ".SH EXTRA\n".len()) else {
        return page.to_vec();
    };
    let end = text[at..].find("\n.SH ").map_or(text.len(), |i| at + i + 1);
    format!(
        "{}.nf\n{}.fi\n{}",
        &text[..at],
        &text[at..end],
        &text[end..]
    )
    .into_bytes()
}

fn page(path: &[String]) -> Result<clap_mangen::Man, AppError> {
    let mut cli = Cli::shown();
    if path.is_empty() {
        return Ok(clap_mangen::Man::new(cli));
    }
    // Built so that the page's name and usage read `clarityq-usage export`, as the main
    // page's references do.
    cli.build();
    // A page's name as pages name it, `config-init`, is `config init`.
    let split: Vec<String>;
    let path = match path {
        [one] if cli.find_subcommand(one).is_none() && one.contains('-') => {
            split = one.split('-').map(str::to_string).collect();
            &split[..]
        }
        _ => path,
    };
    let mut at = &cli;
    for (i, name) in path.iter().enumerate() {
        at = match at.find_subcommand(name) {
            Some(sub) => sub,
            None => {
                let names: Vec<&str> = at.get_subcommands().map(|c| c.get_name()).collect();
                let asked = path[..=i].join(" ");
                return Err(AppError::Usage(match names.is_empty() {
                    true => format!("man {asked}: '{}' has no subcommands", path[..i].join(" ")),
                    false => format!(
                        "man {asked}: no such subcommand; pages: {}",
                        names.join(", ")
                    ),
                }));
            }
        };
    }
    let title = format!("clarityq-usage-{}", path.join("-"));
    // The program and its version, as the main page says them: clap names the leaf
    // ("init 0.1.0"), which is no program a reader has.
    let source = format!("clarityq-usage {}", env!("CARGO_PKG_VERSION"));
    Ok(clap_mangen::Man::new(at.clone())
        .title(title)
        .source(source))
}

fn to_stdout(bytes: &[u8]) -> Result<(), AppError> {
    let mut stdout = std::io::stdout().lock();
    // `man | head` closing the pipe early is the reader's choice.
    super::console::outcome(
        stdout.write_all(bytes).and_then(|()| stdout.flush()),
        "to stdout",
    )
}
