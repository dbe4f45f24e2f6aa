//! Taking the terminal and always giving it back: raw mode, the alternate screen, mouse
//! capture and a hidden cursor; all four undone on quit, on error, on a panic of the UI
//! thread, on SIGTERM, SIGHUP, SIGINT and SIGQUIT (see the loop), and around Ctrl-Z.
//!
//! A panic on another thread (a fetch task) must not tear the screen down under a running
//! dashboard: the hook restores only for the UI thread; other threads' panics go to the
//! log, and the task's failure reaches the screen as an error line.

use std::io::{self, Stdout, Write, stdout};
use std::sync::OnceLock;
use std::thread::ThreadId;

use crossterm::event::DisableMouseCapture;
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;

pub type Term = Terminal<CrosstermBackend<Stdout>>;

static UI_THREAD: OnceLock<ThreadId> = OnceLock::new();

fn enter() -> io::Result<()> {
    enable_raw_mode()?;
    execute!(stdout(), EnterAlternateScreen, ClicksAndWheel)
}

/// Mouse reports of presses, releases and the wheel only, in SGR form (`?1000`, `?1006`):
/// what a click and a scroll need. crossterm's `EnableMouseCapture` also asks for every
/// move (`?1003`), a report per cell crossed that wakes the loop for nothing, and a
/// flood over a slow link. `DisableMouseCapture` turns every mode off, these included.
struct ClicksAndWheel;

impl crossterm::Command for ClicksAndWheel {
    fn write_ansi(&self, f: &mut impl std::fmt::Write) -> std::fmt::Result {
        f.write_str("\x1b[?1000h\x1b[?1006h")
    }
}

/// Gives the terminal back. Safe to call more than once.
pub fn restore() {
    let _ = execute!(
        stdout(),
        DisableMouseCapture,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let _ = disable_raw_mode();
    let _ = stdout().flush();
}

/// Takes the terminal, with the panic hook in place first.
pub fn init() -> io::Result<Term> {
    let _ = UI_THREAD.set(std::thread::current().id());
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if UI_THREAD.get() == Some(&std::thread::current().id()) {
            restore();
            previous(info);
        } else {
            tracing::error!("a background task panicked: {info}");
        }
    }));
    if let Err(e) = enter() {
        restore();
        return Err(e);
    }
    Terminal::new(CrosstermBackend::new(stdout()))
}

/// Ctrl-Z: give the terminal back, stop, and take it again on `fg`. The caller recreates
/// its event stream afterwards.
pub fn suspend(term: &mut Term) -> io::Result<()> {
    restore();
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
    // Resumed (SIGCONT).
    enter()?;
    // A full redraw without `clear()`, which queries the cursor and races the event stream.
    let size = term.size()?;
    term.resize(Rect::new(0, 0, size.width, size.height))
}

/// Puts `text` on the clipboard through the terminal (OSC 52): works over ssh and in tmux
/// with `set-clipboard on`.
pub fn copy_osc52(text: &str) -> io::Result<()> {
    let mut out = stdout();
    write!(out, "\x1b]52;c;{}\x07", base64(text.as_bytes()))?;
    out.flush()
}

fn base64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_matches_rfc4648() {
        assert_eq!(super::base64(b""), "");
        assert_eq!(super::base64(b"f"), "Zg==");
        assert_eq!(super::base64(b"fo"), "Zm8=");
        assert_eq!(super::base64(b"foobar"), "Zm9vYmFy");
    }
}
