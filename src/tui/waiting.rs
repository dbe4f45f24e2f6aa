//! The wait before the dashboard can open on a saved file, read whole first: one line
//! says what is read and for how long, and q, Esc or Ctrl-C stop it. A 2 GB file took
//! 4 s with the terminal untouched: a `q` pressed then was echoed, did nothing, and was
//! left on the shell's line after the dashboard closed.
//!
//! The terminal is in raw mode meanwhile (keys arrive unechoed, one at a time), and given
//! back on every way out, a signal's included.

use std::future::Future;
use std::io::{IsTerminal, Write, stderr};
use std::time::{Duration, Instant};

use crossterm::event::{Event, EventStream, KeyCode, KeyEventKind, KeyModifiers};
use futures_util::StreamExt;

/// How the wait ended.
pub enum Waited<T> {
    Done(T),
    /// q, Esc or Ctrl-C.
    Stopped,
    /// SIGTERM, SIGHUP, SIGINT or SIGQUIT (its number).
    Signal(i32),
}

/// Runs `work`, saying `what` ("reading 10m.json (2.1 GB)") on stderr until it is done.
/// Without a terminal on both sides it only waits.
pub async fn wait<T>(what: &str, work: impl Future<Output = T>) -> Waited<T> {
    let tty = (std::io::stdin().is_terminal() || has_tty()) && stderr().is_terminal();
    if !tty || crossterm::terminal::enable_raw_mode().is_err() {
        return Waited::Done(work.await);
    }
    let mut signals = crate::signals::Signals::new().ok();
    let mut keys = Some(EventStream::new());
    let mut tick = tokio::time::interval(Duration::from_millis(250));
    let start = Instant::now();
    tokio::pin!(work);
    let out = loop {
        tokio::select! {
            v = &mut work => break Waited::Done(v),
            _ = tick.tick() => say(what, start.elapsed()),
            ev = next_key(&mut keys) => match ev {
                Some(Ok(Event::Key(k))) if k.kind != KeyEventKind::Release && stops(k.code, k.modifiers) => {
                    break Waited::Stopped;
                }
                Some(Ok(_)) => {}
                // No more keys to read: the wait goes on without them.
                Some(Err(_)) | None => keys = None,
            },
            n = next_signal(&mut signals) => break Waited::Signal(n),
        }
    };
    let _ = crossterm::terminal::disable_raw_mode();
    // The line is wiped: the dashboard's screen, or the shell's, comes next.
    let _ = write!(stderr(), "\r\x1b[2K");
    let _ = stderr().flush();
    out
}

/// Whether this process has a terminal to read keys from when stdin is not one (a piped
/// saved response): crossterm then reads `/dev/tty`.
pub fn has_tty() -> bool {
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .is_ok()
}

fn say(what: &str, took: Duration) {
    let line = format!("\r\x1b[2K{what}… {:.0} s  (q stops)", took.as_secs_f64());
    let _ = stderr().write_all(line.as_bytes());
    let _ = stderr().flush();
}

fn stops(code: KeyCode, mods: KeyModifiers) -> bool {
    match code {
        KeyCode::Char('q') | KeyCode::Esc => true,
        KeyCode::Char('c') => mods.contains(KeyModifiers::CONTROL),
        _ => false,
    }
}

async fn next_key(keys: &mut Option<EventStream>) -> Option<std::io::Result<Event>> {
    match keys {
        Some(k) => k.next().await,
        None => std::future::pending().await,
    }
}

async fn next_signal(s: &mut Option<crate::signals::Signals>) -> i32 {
    match s {
        Some(s) => s.next().await,
        None => std::future::pending().await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn q_esc_and_ctrl_c_stop_and_nothing_else() {
        assert!(stops(KeyCode::Char('q'), KeyModifiers::NONE));
        assert!(stops(KeyCode::Esc, KeyModifiers::NONE));
        assert!(stops(KeyCode::Char('c'), KeyModifiers::CONTROL));
        assert!(!stops(KeyCode::Char('c'), KeyModifiers::NONE));
        assert!(!stops(KeyCode::Enter, KeyModifiers::NONE));
    }

    /// Off a terminal (the test runner's), the work is only awaited.
    #[tokio::test]
    async fn without_a_terminal_it_only_waits() {
        match wait("reading", async { 7 }).await {
            Waited::Done(v) => assert_eq!(v, 7),
            _ => panic!("stopped without a terminal"),
        }
    }
}
