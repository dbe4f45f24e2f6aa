//! The orders in which people, products and rows are listed: one rule for the dashboard,
//! the exports and the reports, so that "the top ten" means the same ten everywhere.
//! Every order ends in a unique key, so it is stable across runs and machines.

use std::cmp::Ordering;

/// Most prompts first; ties by email (byte order: what a script's `sort` does).
pub fn people(total_a: u64, email_a: &str, total_b: u64, email_b: &str) -> Ordering {
    total_b.cmp(&total_a).then_with(|| email_a.cmp(email_b))
}

/// Most prompts first; ties by name.
pub fn products(total_a: u64, name_a: &str, total_b: u64, name_b: &str) -> Ordering {
    total_b.cmp(&total_a).then_with(|| name_a.cmp(name_b))
}

/// Indexes sorted by `key` (descending when `desc`), ties by `email` ascending whatever
/// the direction, so reversing a column never reshuffles equal people.
pub fn by_key_then_email<'a, K: Ord>(
    order: &mut [u32],
    key: impl Fn(usize) -> K,
    email: impl Fn(usize) -> &'a str,
    desc: bool,
) {
    order.sort_by_cached_key(|&i| (Keyed(key(i as usize), desc), email(i as usize)));
}

/// A key whose order flips when `.1` is set.
#[derive(PartialEq, Eq)]
struct Keyed<K>(K, bool);

impl<K: Ord> PartialOrd for Keyed<K> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<K: Ord> Ord for Keyed<K> {
    fn cmp(&self, other: &Self) -> Ordering {
        let o = self.0.cmp(&other.0);
        if self.1 { o.reverse() } else { o }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_first_then_name() {
        let mut v = vec![(3, "b"), (5, "z"), (3, "a")];
        v.sort_by(|a, b| people(a.0, a.1, b.0, b.1));
        assert_eq!(v, vec![(5, "z"), (3, "a"), (3, "b")]);
        v.sort_by(|a, b| products(a.0, a.1, b.0, b.1));
        assert_eq!(v, vec![(5, "z"), (3, "a"), (3, "b")]);
    }

    #[test]
    fn reversing_keeps_ties_by_email() {
        let totals = [3u64, 5, 3];
        let emails = ["b", "z", "a"];
        let mut o = vec![0u32, 1, 2];
        by_key_then_email(&mut o, |i| totals[i], |i| emails[i], true);
        assert_eq!(o, vec![1, 2, 0]);
        by_key_then_email(&mut o, |i| totals[i], |i| emails[i], false);
        assert_eq!(o, vec![2, 0, 1]);
    }
}
