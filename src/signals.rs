//! The signals that end the program (SIGTERM, SIGHUP, SIGINT, SIGQUIT): one set, waited on
//! by the dashboard's loop (which gives the terminal back first) and by every other command
//! (which removes its unfinished files first, as the default action would not). A signal
//! the program was started ignoring (`nohup`, a shell's background job) stays ignored:
//! watching it would end an export its user had shielded.

use tokio::signal::unix::{Signal, SignalKind, signal};

/// The four signals, watched from [`Signals::new`] on; `None` for one that is ignored.
pub struct Signals {
    term: Option<Signal>,
    hup: Option<Signal>,
    /// In the dashboard, from outside only (`kill -INT`, `timeout -s INT`): in raw mode
    /// Ctrl-C is a key.
    int: Option<Signal>,
    quit: Option<Signal>,
}

impl Signals {
    /// Watches the four that are not ignored (inside a tokio runtime).
    pub fn new() -> std::io::Result<Self> {
        let ignored = ignored_at_start();
        let watch = |n: i32| match ignored & (1 << (n - 1)) {
            0 => signal(SignalKind::from_raw(n)).map(Some),
            _ => Ok(None),
        };
        Ok(Signals {
            term: watch(15)?,
            hup: watch(1)?,
            int: watch(2)?,
            quit: watch(3)?,
        })
    }

    /// The number of the next one to arrive.
    pub async fn next(&mut self) -> i32 {
        tokio::select! {
            _ = recv(&mut self.term) => 15,
            _ = recv(&mut self.hup) => 1,
            _ = recv(&mut self.int) => 2,
            _ = recv(&mut self.quit) => 3,
        }
    }
}

/// The next arrival of `s`, never when it is not watched.
async fn recv(s: &mut Option<Signal>) {
    match s {
        Some(s) => {
            s.recv().await;
        }
        None => std::future::pending().await,
    }
}

/// The signals this process ignores, a bit each (bit `n - 1` for signal `n`), as the
/// kernel lists them; none where it does not say (only Linux has `/proc`, and asking the
/// system directly takes code this crate does not allow). Read before any is watched:
/// watching one replaces its disposition.
fn ignored_at_start() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    ignored_in(&status)
}

fn ignored_in(status: &str) -> u64 {
    let line = status.lines().find_map(|l| l.strip_prefix("SigIgn:"));
    line.and_then(|m| u64::from_str_radix(m.trim(), 16).ok())
        .unwrap_or(0)
}

/// The process's status for signal `n`: by convention 128 + its number.
pub fn status(n: i32) -> u8 {
    u8::try_from(128 + n).unwrap_or(u8::MAX)
}

/// For a command without a loop of its own: at the first signal, removes the files it
/// was writing ([`crate::private_file::remove_unfinished`]) and ends the process with the
/// signal's status. The work may be on threads that no future can cancel, so the process
/// ends here rather than waiting for it.
pub fn end_cleanly_on_signal() -> std::io::Result<()> {
    let mut signals = Signals::new()?;
    tokio::spawn(async move {
        let n = signals.next().await;
        crate::private_file::remove_unfinished();
        std::process::exit(i32::from(status(n)));
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ignored_signals_are_read_from_the_kernels_list() {
        let status = "Name:\tx\nSigBlk:\t0000000000000000\nSigIgn:\t0000000000000003\n";
        let ignored = ignored_in(status);
        // SIGHUP (1) and SIGINT (2), as under `nohup` in a shell's background job.
        assert_eq!(ignored & 1, 1);
        assert_eq!(ignored & 2, 2);
        assert_eq!(ignored & (1 << 14), 0);
        assert_eq!(ignored_in("no such line"), 0);
        assert_eq!(ignored_in("SigIgn:\tzz"), 0);
    }

    #[test]
    fn a_signal_ends_with_its_conventional_status() {
        assert_eq!((status(2), status(15), status(1)), (130, 143, 129));
    }
}
