//! `--team` in a fold: the rows of the people kept are added, the others' only checked for
//! repeats (a repeat is counted whoever made it, as the held reading counts them). Who is
//! kept is decided at the first row seen of a person, whose email is theirs when the rows
//! come in order (the first row's email wins). The parts of a parallel fold come out of
//! order: a person met again at an earlier place with an email of the other side is a
//! conflict, and the file is read in one pass. What comes out is the model of the held
//! reading narrowed to those people: the others and the products only they used are left
//! out at the end (`folded.rs`).

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
    /// A person was found kept or not from a row that was not their first.
    pub(super) conflict: bool,
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
            conflict: false,
        }
    }

    /// None yet, keeping as `self` keeps (the join of the parallel fold's shares).
    pub(super) fn joined(&self) -> Self {
        Members::new(self.keep.clone())
    }

    /// Person `u` was seen at an earlier place than their first row so far, with
    /// `email`: a conflict when that email is on the other side.
    pub(super) fn earlier_email(&mut self, u: usize, email: &str) {
        self.conflict |= (self.keep)(email) != self.is[u];
    }

    /// A share's people after those in `self`, and its products' marks (its product `p`
    /// is `map[p]` here).
    pub(super) fn append(&mut self, share: &Members, map: &[usize]) {
        self.is.extend_from_slice(&share.is);
        for (p, _) in share.used.iter().enumerate().filter(|(_, u)| **u) {
            if self.used.len() <= map[p] {
                self.used.resize(map[p] + 1, false);
            }
            self.used[map[p]] = true;
        }
        self.first = self.first.min(share.first);
        self.conflict |= share.conflict;
    }

    /// People and products renumbered: the new `i` is the old `people[i]` (`products[i]`).
    pub(super) fn reorder(&mut self, people: &[usize], products: &[usize]) {
        self.is = people.iter().map(|&u| self.is[u]).collect();
        let used = |p: usize| self.used.get(p).copied().unwrap_or(false);
        self.used = products.iter().map(|&p| used(p)).collect();
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
