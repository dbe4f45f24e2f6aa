//! `--team` in a fold: the rows of the people kept are added, the others' only checked for
//! repeats (a repeat is counted whoever made it, as the held reading counts them). Who is
//! kept is decided at a person's first row, whose email is theirs (the first row's email
//! wins), so the rows must come in the body's order: the one-pass fold, not the parts.
//! What comes out is the model of the held reading narrowed to those people: the others
//! and the products only they used are left out at the end (`folded.rs`).

use std::sync::Arc;

/// Whether a person with this email is kept.
pub type Keep = Arc<dyn Fn(&str) -> bool + Send + Sync>;

pub(super) struct Members {
    keep: Keep,
    /// Per person, by index: kept or not.
    pub(super) is: Vec<bool>,
    /// Per product, by index: a row of a kept person named it (a row of no prompts too).
    pub(super) used: Vec<bool>,
    /// The earliest day of a kept person's row (an offset from the spec's base, as the
    /// rows' days are), `u16::MAX` before the first.
    pub(super) first: u16,
}

impl std::fmt::Debug for Members {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kept = self.is.iter().filter(|&&k| k).count();
        write!(f, "Members {{ kept: {kept} of {} }}", self.is.len())
    }
}

impl Members {
    pub(super) fn new(keep: Keep) -> Self {
        Members {
            keep,
            is: Vec::new(),
            used: Vec::new(),
            first: u16::MAX,
        }
    }

    /// A new person, the next index, first seen with `email`.
    pub(super) fn meet(&mut self, email: &str) {
        let kept = (self.keep)(email);
        self.is.push(kept);
    }

    /// Whether the row of person `u` for product `p` on `day` (not a repeat) is added;
    /// a kept one marks its product and day.
    pub(super) fn adds(&mut self, u: usize, p: usize, day: u16) -> bool {
        if !self.is[u] {
            return false;
        }
        if self.used.len() <= p {
            self.used.resize(p + 1, false);
        }
        self.used[p] = true;
        self.first = self.first.min(day);
        true
    }
}
