//! Writing to stdout and stderr without panicking. `println!` panics when its pipe is
//! gone: `check ... | grep -q breached` turned a cron check's verdict into exit 101. A
//! reader that closes stdout early made its choice, so that is no failure; any other
//! write error is one line. Lines on stderr are best effort: nowhere is left to say that
//! stderr failed.

use std::io::{IsTerminal, Write};

use super::AppError;

/// Stdout as the commands write to it: neutralised on a terminal (names and emails come
/// from the server), raw to a pipe or file.
pub fn stdout() -> Box<dyn Write> {
    let stdout = std::io::stdout();
    match stdout.is_terminal() {
        true => Box::new(crate::sanitize::TerminalWriter::new(stdout.lock())),
        false => Box::new(stdout.lock()),
    }
}

/// Writes `text` to [`stdout`].
pub fn print(text: &str) -> Result<(), AppError> {
    let mut w = stdout();
    outcome(
        w.write_all(text.as_bytes()).and_then(|()| w.flush()),
        "to stdout",
    )
}

/// What a write's result means to the user: a closed pipe is the reader's choice.
pub fn outcome(written: std::io::Result<()>, what: &str) -> Result<(), AppError> {
    match written {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        // Stdout on a full disk: the user sent it there, and can send it elsewhere.
        Err(e) if full(&e) => Err(AppError::Failed(format!(
            "writing {what} failed: {e}; free some space where the output goes, or write it elsewhere with -o"
        ))),
        Err(e) => Err(AppError::Failed(format!("writing {what} failed: {e}"))),
        Ok(()) => Ok(()),
    }
}

/// Why `-o PATH` cannot be written, and what to do: exit 2, as for any path given.
pub fn cannot_write(path: &std::path::Path, e: &std::io::Error) -> AppError {
    AppError::Usage(format!(
        "cannot write {}: {e}; choose a writable path",
        path.display()
    ))
}

/// Checks `-o PATH` before anything is read or fetched: a path that cannot be written
/// was found only after the whole fetch, minutes on a long range.
pub fn check_output(path: Option<&std::path::Path>) -> Result<(), AppError> {
    match path {
        Some(p) => crate::private_file::Output::check(p)
            .map(|_| ())
            .map_err(|e| cannot_write(p, &e)),
        None => Ok(()),
    }
}

/// How writing to `-o PATH` ended: a full disk or quota (`/dev/full`) is the path's
/// fault, exit 2 with what to do, as a path that cannot be opened is; anything else is
/// [`outcome`]'s.
pub fn outcome_to(
    written: std::io::Result<()>,
    what: &str,
    path: &std::path::Path,
) -> Result<(), AppError> {
    match written {
        Err(e) if full(&e) => Err(AppError::Usage(format!(
            "writing {what} to {} failed: {e}; free some space or choose another path",
            path.display()
        ))),
        other => outcome(other, what),
    }
}

/// A full disk or quota, which the user can make room on.
fn full(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::{QuotaExceeded, StorageFull};
    matches!(e.kind(), StorageFull | QuotaExceeded)
}

/// One line on stderr, prefixed with the program's name.
pub fn say(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "clarityq-usage: {line}");
}

/// One line on stderr as it is (the demo server's request log).
pub fn log(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closed_pipe_is_no_failure_and_a_full_disk_is_one_line() {
        let pipe = std::io::Error::from(std::io::ErrorKind::BrokenPipe);
        assert!(outcome(Err(pipe), "stdout").is_ok());
        let full = std::io::Error::from(std::io::ErrorKind::StorageFull);
        let e = outcome(Err(full), "the export").unwrap_err();
        assert!(
            e.to_string().starts_with("writing the export failed: "),
            "{e}"
        );
        assert!(e.to_string().contains("free some space"), "{e}");
        assert!(!e.to_string().contains('\n'));
    }
}
