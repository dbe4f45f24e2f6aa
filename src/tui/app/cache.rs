//! The answers kept in memory for going back to a view instantly, bounded: least
//! recently used first out once the estimated bytes pass a budget. The views the screen
//! is using (shown, its previous period, its origins) are never the ones dropped.

use std::collections::HashMap;
use std::mem::size_of;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::api::UsageQuery;
use crate::model::{Product, Usage, User};

/// What the memory holds at most by default.
pub const BUDGET: usize = 64 << 20;

/// What it holds at most of a saved file's ranges. Each is the file's rows seen through
/// the range, made again in a fifth of a second at 10M rows (a server's answer takes
/// seconds): at 166k people a range's own figures are 3.5 MB, and 64 MiB of them kept the
/// dashboard over 256 MiB after ten range keys. This keeps four of them there, and
/// hundreds for a thousand people.
pub const FILE_BUDGET: usize = 16 << 20;

/// A result kept for going back to a view instantly.
#[derive(Clone, Debug)]
pub struct Cached {
    pub usage: Arc<Usage>,
    pub fetched_at: DateTime<Utc>,
}

#[derive(Debug)]
struct Entry {
    cached: Cached,
    bytes: usize,
    /// When it was last put in or on screen, by the cache's own counter.
    used: u64,
}

/// Answers by query, bounded by an estimate of their size.
#[derive(Debug)]
pub struct ViewCache {
    entries: HashMap<UsageQuery, Entry>,
    bytes: usize,
    budget: usize,
    clock: u64,
    /// Whether every answer's rows and people are a saved file's, held by the source for
    /// as long as the dashboard runs: they cost an answer nothing (the file's own range
    /// counted at 140 MB, past the budget, and pushed every other view out).
    of_file: bool,
}

impl Default for ViewCache {
    fn default() -> Self {
        ViewCache::with_budget(BUDGET)
    }
}

impl ViewCache {
    /// The budget for answers from `source`.
    pub fn for_source(source: super::SourceKind) -> Self {
        match source {
            super::SourceKind::Fixed => ViewCache {
                of_file: true,
                ..ViewCache::with_budget(FILE_BUDGET)
            },
            super::SourceKind::Api => ViewCache::default(),
        }
    }

    pub fn with_budget(budget: usize) -> Self {
        ViewCache {
            entries: HashMap::new(),
            bytes: 0,
            budget,
            clock: 0,
            of_file: false,
        }
    }

    pub fn get(&self, q: &UsageQuery) -> Option<&Cached> {
        self.entries.get(q).map(|e| &e.cached)
    }

    pub fn contains_key(&self, q: &UsageQuery) -> bool {
        self.entries.contains_key(q)
    }

    pub fn keys(&self) -> impl Iterator<Item = &UsageQuery> {
        self.entries.keys()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The estimated bytes held.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// Marks `q` as just used (put on screen).
    pub fn touch(&mut self, q: &UsageQuery) {
        self.clock += 1;
        if let Some(e) = self.entries.get_mut(q) {
            e.used = self.clock;
        }
    }

    /// Keeps `cached` for `q`, then drops the least recently used answers until the
    /// estimate is within the budget, never `q` itself nor any of `keep` (in use on screen).
    pub fn insert(&mut self, q: UsageQuery, cached: Cached, keep: &[&UsageQuery]) {
        self.clock += 1;
        let bytes = estimate(&cached.usage, self.of_file);
        let entry = Entry {
            cached,
            bytes,
            used: self.clock,
        };
        if let Some(old) = self.entries.insert(q.clone(), entry) {
            self.bytes -= old.bytes;
        }
        self.bytes += bytes;
        while self.bytes > self.budget {
            let victim = self
                .entries
                .iter()
                .filter(|(k, _)| **k != q && !keep.contains(k))
                .min_by_key(|(_, e)| e.used)
                .map(|(k, _)| k.clone());
            let Some(k) = victim else { break };
            if let Some(e) = self.entries.remove(&k) {
                self.bytes -= e.bytes;
            }
        }
    }
}

impl std::ops::Index<&UsageQuery> for ViewCache {
    type Output = Cached;
    fn index(&self, q: &UsageQuery) -> &Cached {
        self.get(q).expect("a cached view")
    }
}

/// Roughly the heap a model holds: its cells, people, products and per-day series. The
/// rows and people of a saved file's answers (`of_file`) are the file's, and cost them
/// nothing more.
pub fn estimate(u: &Usage, of_file: bool) -> usize {
    let users: usize = match of_file {
        true => 0,
        false => (u.users().iter())
            .map(|x| size_of::<User>() + x.email.len())
            .sum::<usize>(),
    };
    let products: usize = u
        .products()
        .iter()
        .map(|p| size_of::<Product>() + p.name.len())
        .sum();
    let days = u.range().len_days();
    // Per person: total, active days, first and last day, and their place in the email
    // order once the table sorts by it (where their rows start is with the rows).
    let per_user = 8 + 4 + 2 * size_of::<Option<u16>>() + 4;
    size_of::<Usage>()
        + if of_file { 0 } else { u.rows_bytes() }
        + users
        + u.users().len() * per_user
        + products
        + u.products().len() * 12
        + days * (8 + 4 + 8 * u.products().len())
}

#[cfg(test)]
mod tests {
    use super::super::tests::{answer_for, org, today, wall};
    use super::*;
    use crate::dates::DateRange;

    fn view(days_back: i64) -> (UsageQuery, Cached) {
        let end = today() - chrono::Duration::days(days_back * 30);
        let q = UsageQuery::new(DateRange::last_days(end, 30));
        let usage = answer_for(&org(), &q);
        (
            q,
            Cached {
                usage,
                fetched_at: wall(),
            },
        )
    }

    #[test]
    fn the_budget_holds_and_the_most_recent_survive() {
        let (q0, c0) = view(0);
        let one = estimate(&c0.usage, false);
        assert!(one > 10_000, "a month of 60 people is not nothing: {one}");
        // Room for about three months.
        let mut cache = ViewCache::with_budget(one * 3 + one / 2);
        cache.insert(q0.clone(), c0, &[]);
        let mut qs = vec![q0];
        for back in 1..8 {
            let (q, c) = view(back);
            cache.insert(q.clone(), c, &[]);
            qs.push(q);
            assert!(
                cache.bytes() <= one * 3 + one / 2 + one / 4,
                "{}",
                cache.bytes()
            );
            assert!(cache.contains_key(qs.last().unwrap()), "the newest stays");
        }
        assert!(cache.len() >= 2 && cache.len() <= 4, "{}", cache.len());
        let total: usize = cache.keys().map(|q| estimate(&cache[q].usage, false)).sum();
        assert_eq!(total, cache.bytes(), "the count follows what is held");
        assert!(!cache.contains_key(&qs[0]), "the oldest went first");
        // Using an old view makes it recent: the next one in pushes out another.
        let survivor = qs[qs.len() - cache.len()].clone();
        cache.touch(&survivor);
        let (q, c) = view(9);
        cache.insert(q, c, &[]);
        assert!(cache.contains_key(&survivor), "recently used stays");
    }

    #[test]
    fn a_saved_files_answers_cost_their_own_figures_not_the_files_rows() {
        let (q, c) = view(0);
        let year = answer_for(&org(), &q.with_range(DateRange::last_days(today(), 365)));
        let month = year.narrowed(q.range).unwrap();
        let (whole, part) = (estimate(&year, false), estimate(&month, true));
        assert!(part * 4 < whole, "{part} of {whole}");
        // The same month read on its own holds its rows and people.
        assert!(estimate(&c.usage, false) > part * 2);
        // The file's own range in a file's cache no longer pushes the others out.
        let mut cache = ViewCache::for_source(super::super::SourceKind::Fixed);
        let file_q = q.with_range(year.range());
        let at = |usage: &Arc<Usage>| Cached {
            usage: usage.clone(),
            fetched_at: wall(),
        };
        cache.insert(q.clone(), at(&Arc::new(month)), &[]);
        cache.insert(file_q.clone(), at(&year), &[]);
        assert!(cache.contains_key(&q) && cache.contains_key(&file_q));
        assert!(cache.bytes() < estimate(&year, false));
    }

    #[test]
    fn the_views_in_use_are_never_dropped() {
        let (q0, c0) = view(0);
        let mut cache = ViewCache::with_budget(1);
        cache.insert(q0.clone(), c0, &[]);
        let (q1, c1) = view(1);
        cache.insert(q1.clone(), c1, &[&q0]);
        assert!(cache.contains_key(&q0) && cache.contains_key(&q1));
        let (q2, c2) = view(2);
        cache.insert(q2.clone(), c2, &[]);
        assert_eq!(cache.keys().collect::<Vec<_>>(), vec![&q2]);
    }
}
