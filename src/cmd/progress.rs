//! The progress line of a long fetch: windows fetched of all, rows, elapsed, redrawn in
//! place on stderr and cleared when done. Drawn only when stderr is a terminal and
//! `--quiet` is not given; a retry updates the line instead of adding one. Without the line
//! (a pipe, a log file) a retry is still worth one line, so a script's log says why the
//! export was slow; `--quiet` silences that too.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::api::FetchEvent;
use crate::numbers::thousands;
use crate::sanitize::one_line;

/// What is known of the fetch so far.
#[derive(Debug)]
struct State {
    /// "fetching" from the API, "reading" a saved file.
    verb: &'static str,
    done: usize,
    total: usize,
    rows: u64,
    retry: Option<String>,
}

/// The progress of one command's fetches.
pub struct Progress {
    bar: Option<ProgressBar>,
    quiet: bool,
    state: Mutex<State>,
}

impl Progress {
    /// The line on a terminal's stderr, unless `quiet`; `saved`: the rows come from a
    /// saved file, read, not fetched (the line said "fetching" over a local file).
    pub fn new(quiet: bool, saved: bool) -> Self {
        let drawn = !quiet && std::io::stderr().is_terminal();
        let verb = if saved { "reading" } else { "fetching" };
        Self::with_target(quiet, drawn.then(ProgressDrawTarget::stderr), verb)
    }

    /// As `new`, drawing to `target` (`None`: no line).
    fn with_target(quiet: bool, target: Option<ProgressDrawTarget>, verb: &'static str) -> Self {
        let bar = target.map(|t| {
            let bar = ProgressBar::with_draw_target(None, t);
            let style = ProgressStyle::with_template("{spinner} {msg} · {elapsed}")
                .expect("a valid template");
            bar.set_style(style);
            bar.set_message(verb);
            // The elapsed time moves even while a slow window keeps the counts still.
            bar.enable_steady_tick(Duration::from_millis(250));
            bar
        });
        Self {
            bar,
            quiet,
            state: Mutex::new(State {
                verb,
                done: 0,
                total: 0,
                rows: 0,
                retry: None,
            }),
        }
    }

    /// Takes a fetch's event: a window in, or a retry.
    pub fn on_event(&self, ev: FetchEvent) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        match ev {
            FetchEvent::Progress { done, total } => {
                (s.done, s.total) = (done, total);
                s.retry = None;
            }
            FetchEvent::Retrying {
                attempt,
                delay,
                reason,
            } => {
                let note = format!(
                    "attempt {attempt} failed ({}); retrying in {:.1} s",
                    one_line(&reason),
                    delay.as_secs_f64()
                );
                if self.bar.is_none() && !self.quiet {
                    super::console::say(&note);
                }
                s.retry = Some(note);
            }
            FetchEvent::Partial(_) => {}
        }
        self.redraw(&s);
    }

    /// Says how many windows the fetch has, before the first is in.
    pub fn expect_windows(&self, total: usize) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        s.total = total;
        self.redraw(&s);
    }

    /// Counts the rows of a window that came in.
    pub fn on_rows(&self, rows: usize) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        s.rows += rows as u64;
        self.redraw(&s);
    }

    fn redraw(&self, s: &State) {
        if let Some(bar) = &self.bar {
            bar.set_message(message(s));
        }
    }

    /// Clears the line (before the export is written, or an error is said).
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

/// The line's text, without the elapsed time (the bar adds it).
fn message(s: &State) -> String {
    let windows = if s.total > 0 {
        format!("{} {}/{} windows", s.verb, s.done, s.total)
    } else {
        s.verb.to_string()
    };
    let mut m = format!("{windows} · {} rows", thousands(s.rows));
    if let Some(r) = &s.retry {
        m += &format!(" · {r}");
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_counts_windows_and_rows_and_a_retry_replaces_nothing_but_itself() {
        let p = Progress::with_target(false, Some(ProgressDrawTarget::hidden()), "fetching");
        p.expect_windows(24);
        assert_eq!(
            message(&p.state.lock().unwrap()),
            "fetching 0/24 windows · 0 rows"
        );
        p.on_event(FetchEvent::Progress { done: 1, total: 24 });
        p.on_rows(1200);
        p.on_rows(34);
        let s = p.state.lock().unwrap();
        assert_eq!(message(&s), "fetching 1/24 windows · 1,234 rows");
        drop(s);
        p.on_event(FetchEvent::Retrying {
            attempt: 1,
            delay: Duration::from_millis(1500),
            reason: "server error 503\x1b[2J".into(),
        });
        let m = message(&p.state.lock().unwrap());
        assert!(
            m.ends_with("attempt 1 failed (server error 503 [2J); retrying in 1.5 s"),
            "{m}"
        );
        assert!(!m.contains('\x1b'));
        let saved = Progress::with_target(false, Some(ProgressDrawTarget::hidden()), "reading");
        assert_eq!(message(&saved.state.lock().unwrap()), "reading · 0 rows");
        // The next window in: the retry is over, its note goes.
        p.on_event(FetchEvent::Progress { done: 2, total: 24 });
        assert_eq!(
            message(&p.state.lock().unwrap()),
            "fetching 2/24 windows · 1,234 rows"
        );
    }
}
