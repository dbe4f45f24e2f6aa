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
/// (`clarityq-usage-export(1)` and the like, which the main page names).
pub fn man(subcommand: Option<&str>) -> Result<(), AppError> {
    let mut out = Vec::new();
    page(subcommand)?
        .render(&mut out)
        .map_err(|e| AppError::Failed(format!("cannot make the manual page: {e}")))?;
    to_stdout(&out)
}

fn page(subcommand: Option<&str>) -> Result<clap_mangen::Man, AppError> {
    let mut cli = Cli::shown();
    let Some(name) = subcommand else {
        return Ok(clap_mangen::Man::new(cli));
    };
    // Built so that the page's name and usage read `clarityq-usage export`, as the main
    // page's references do.
    cli.build();
    let names: Vec<String> = cli
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    match cli.find_subcommand(name) {
        Some(sub) => {
            let title = format!("clarityq-usage-{}", sub.get_name());
            Ok(clap_mangen::Man::new(sub.clone()).title(title))
        }
        None => Err(AppError::Usage(format!(
            "man {name}: no such subcommand; pages: {}",
            names.join(", ")
        ))),
    }
}

fn to_stdout(bytes: &[u8]) -> Result<(), AppError> {
    let mut stdout = std::io::stdout().lock();
    // `man | head` closing the pipe early is the reader's choice.
    super::console::outcome(
        stdout.write_all(bytes).and_then(|()| stdout.flush()),
        "to stdout",
    )
}
