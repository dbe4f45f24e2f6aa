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
#[derive(Clone)]
pub struct Keep(Arc<dyn Fn(&str) -> bool + Send + Sync>);

impl Keep {
    pub fn new(keeps: impl Fn(&str) -> bool + Send + Sync + 'static) -> Self {
        Keep(Arc::new(keeps))
    }

    fn keeps(&self, email: &str) -> bool {
        (self.0)(email)
    }
}

impl std::fmt::Debug for Keep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keep(..)")
    }
}

pub(super) struct Members {
    keep: Keep,
    /// Per person, by index: kept or not.
    pub(super) is: Vec<bool>,
    /// Per product, by index: a row of a kept person named it (a row of no prompts too).
    pub(super) used: Vec<bool>,
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
        self.conflict |= self.keep.keeps(email) != self.is[u];
    }

    /// A share's people after those in `self`, and its products' marks (its product `p`
    /// is `map[p]` here).
    pub(super) fn append(&mut self, share: &Members, map: &[usize]) {
        self.is.extend_from_slice(&share.is);
        for (p, _) in share.used.iter().enumerate().filter(|(_, u)| **u) {
            self.mark_used(map[p]);
        }
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
        let kept = self.keep.keeps(email);
        self.is.push(kept);
    }

    /// Whether the row of person `u` for product `p` (not a repeat) is added; a kept one
    /// marks its product.
    pub(super) fn adds(&mut self, u: usize, p: usize) -> bool {
        if !self.is[u] {
            return false;
        }
        self.mark_used(p);
        true
    }

    /// Product `p` named by a kept person's row.
    fn mark_used(&mut self, p: usize) {
        if self.used.len() <= p {
            self.used.resize(p + 1, false);
        }
        self.used[p] = true;
    }
}
