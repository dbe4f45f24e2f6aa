//! `completions SHELL` and `man`: the shell completion script and the manual page, both
//! made by clap from the one command-line definition, so they never drift from `--help`.

use std::io::Write;

use clap::CommandFactory;

use crate::cli::Cli;

use super::AppError;

/// Writes the completion script for `shell` to stdout.
pub fn completions(shell: clap_complete::Shell) -> Result<(), AppError> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "clarityq-usage", &mut out);
    to_stdout(&out)
}

/// Writes the manual page (roff, section 1) to stdout.
pub fn man() -> Result<(), AppError> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut out)
        .map_err(|e| AppError::Failed(format!("cannot make the manual page: {e}")))?;
    to_stdout(&out)
}

fn to_stdout(bytes: &[u8]) -> Result<(), AppError> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        // `man | head` closing the pipe early is the reader's choice.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(AppError::Failed(format!("writing to stdout failed: {e}"))),
        Ok(()) => Ok(()),
    }
}
