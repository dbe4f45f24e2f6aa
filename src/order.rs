//! The orders in which people, products and rows are listed: one rule for the dashboard,
//! the exports and the reports, so that "the top ten" means the same ten everywhere.
//! Every order ends in a unique key, so it is stable across runs and machines.

use std::cmp::Ordering;

/// Most prompts first; ties by email (byte order: what a script's `sort` does).
pub fn people(total_a: u64, email_a: &str, total_b: u64, email_b: &str) -> Ordering {
    total_b.cmp(&total_a).then_with(|| email_a.cmp(email_b))
}

/// The first eight bytes of an email as a number that orders as they do (zeros after a
/// shorter text): equal leads say nothing, different ones give [`people`]'s order.
pub fn email_lead(s: &str) -> u64 {
    let mut bytes = [0u8; 8];
    let n = s.len().min(8);
    bytes[..n].copy_from_slice(&s.as_bytes()[..n]);
    u64::from_be_bytes(bytes)
}

/// [`people`] for `(total, email_lead)` pairs, reading the emails only when the leads tie:
/// a sort of 166k people held their emails in as many allocations, and reading them was
/// most of its time.
pub fn people_led<'a>(
    a: (u64, u64),
    b: (u64, u64),
    emails: impl FnOnce() -> (&'a str, &'a str),
) -> Ordering {
    b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then_with(|| {
        let (ea, eb) = emails();
        ea.cmp(eb)
    })
}

/// [`people`] for `(total, email, id)`, full ties ended on the id: the exports' and the
/// report's order, the same whichever way the rows were read (a saved file folded per
/// period numbers people otherwise than read whole).
pub fn people_by_id<K: Ord>(a: (u64, &str, K), b: (u64, &str, K)) -> Ordering {
    people(a.0, a.1, b.0, b.1).then(a.2.cmp(&b.2))
}

/// [`products`] for `(total, name, id)`, full ties ended on the id (see [`people_by_id`]).
pub fn products_by_id<K: Ord>(a: (u64, &str, K), b: (u64, &str, K)) -> Ordering {
    products(a.0, a.1, b.0, b.1).then(a.2.cmp(&b.2))
}

/// Most prompts first; ties by name.
pub fn products(total_a: u64, name_a: &str, total_b: u64, name_b: &str) -> Ordering {
    total_b.cmp(&total_a).then_with(|| name_a.cmp(name_b))
}

/// Indexes sorted by `key` (descending when `desc`), ties by `email` ascending whatever
/// the direction, so reversing a column never reshuffles equal people; `email` gives
/// the email and the id, which ends ties as the exports' orders do ([`people_by_id`]).
pub fn by_key_then_email<'a, K: Ord, I: Ord>(
    order: &mut [u32],
    key: impl Fn(usize) -> K,
    email: impl Fn(usize) -> (&'a str, I),
    desc: bool,
) {
    order.sort_by_cached_key(|&i| (Keyed(key(i as usize), desc), email(i as usize)));
}

/// Each index's place in ascending (email, id) order, from `email` giving both: compared
/// as integers, they break ties exactly as [`by_key_then_email`] does, without a string
/// comparison per tie (166k people are mostly ties on days or status).
pub fn email_ranks<'a, I: Ord>(n: usize, email: impl Fn(usize) -> (&'a str, I)) -> Vec<u32> {
    let mut by_email: Vec<u32> = (0..n as u32).collect();
    by_email.sort_by(|&a, &b| email(a as usize).cmp(&email(b as usize)));
    let mut rank = vec![0u32; n];
    for (place, &i) in by_email.iter().enumerate() {
        rank[i as usize] = place as u32;
    }
    rank
}

/// The order of [`by_key_then_email`] for an `order` given ascending, with ties broken by
/// [`email_ranks`]: the ranks are unique, so an unstable sort gives the one answer.
pub fn by_key_then_rank<K: Ord>(
    order: &mut [u32],
    key: impl Fn(usize) -> K,
    rank: &[u32],
    desc: bool,
) {
    let mut keyed: Vec<(Keyed<K>, u32, u32)> = order
        .iter()
        .map(|&i| (Keyed(key(i as usize), desc), rank[i as usize], i))
        .collect();
    keyed.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    for (slot, (_, _, i)) in order.iter_mut().zip(keyed) {
        *slot = i;
    }
}

/// The order of the Team column: by team in the config's file order (the order of the
/// Teams block, the team filter and `export --group-by team`, so the column reads like
/// them), the people in no team (`no_team`, the id past the teams) last in either
/// direction, as they are a row apart and not a name; ties by [`email_ranks`].
pub fn by_team_then_rank(
    order: &mut [u32],
    team: impl Fn(usize) -> usize,
    no_team: usize,
    rank: &[u32],
    desc: bool,
) {
    // Descending flips the whole key, so the "no team" flag is flipped with it to stay last.
    by_key_then_rank(
        order,
        |i| {
            let t = team(i);
            ((t == no_team) != desc, t)
        },
        rank,
        desc,
    );
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
    fn the_led_order_is_the_people_order() {
        let mut rng = fastrand::Rng::with_seed(7);
        let texts: Vec<String> = (0..400)
            .map(|_| {
                let len = rng.usize(0..12);
                // Few letters, NULs and a multi-byte one: leads tie and prefixes abound.
                (0..len)
                    .map(|_| ['a', 'b', '\0', 'é'][rng.usize(..4)])
                    .collect()
            })
            .collect();
        for _ in 0..20_000 {
            let (a, b) = (&texts[rng.usize(..400)], &texts[rng.usize(..400)]);
            let (ta, tb) = (rng.u64(..3), rng.u64(..3));
            let led = people_led((ta, email_lead(a)), (tb, email_lead(b)), || (a, b));
            assert_eq!(led, people(ta, a, tb, b), "{a:?} {b:?}");
        }
    }

    #[test]
    fn most_first_then_name() {
        let mut v = vec![(3, "b"), (5, "z"), (3, "a")];
        v.sort_by(|a, b| people(a.0, a.1, b.0, b.1));
        assert_eq!(v, vec![(5, "z"), (3, "a"), (3, "b")]);
        v.sort_by(|a, b| products(a.0, a.1, b.0, b.1));
        assert_eq!(v, vec![(5, "z"), (3, "a"), (3, "b")]);
    }

    #[test]
    fn ranks_break_ties_as_the_emails_do() {
        let mut rng = fastrand::Rng::with_seed(7);
        for _ in 0..200 {
            let n = rng.usize(0..40);
            let emails: Vec<String> = (0..n).map(|_| format!("u{}@x", rng.u8(0..12))).collect();
            let keys: Vec<i64> = (0..n).map(|_| rng.i64(-3..3)).collect();
            let rank = email_ranks(n, |i| (emails[i].as_str(), i));
            for desc in [false, true] {
                let mut want: Vec<u32> = (0..n as u32).filter(|_| rng.bool()).collect();
                let mut got = want.clone();
                by_key_then_email(&mut want, |i| keys[i], |i| (emails[i].as_str(), i), desc);
                by_key_then_rank(&mut got, |i| keys[i], &rank, desc);
                assert_eq!(got, want, "{emails:?} {keys:?} desc {desc}");
            }
        }
    }

    #[test]
    fn teams_in_file_order_no_team_last_both_ways_ties_by_rank() {
        // Teams 0 and 1, and 2 for no team; ranks chosen against the index order.
        let team = [1usize, 2, 0, 1, 2, 0];
        let rank = [5u32, 4, 3, 2, 1, 0];
        let mut o: Vec<u32> = (0..6).collect();
        by_team_then_rank(&mut o, |i| team[i], 2, &rank, false);
        assert_eq!(o, vec![5, 2, 3, 0, 4, 1]);
        by_team_then_rank(&mut o, |i| team[i], 2, &rank, true);
        assert_eq!(o, vec![3, 0, 5, 2, 4, 1]);
    }

    #[test]
    fn reversing_keeps_ties_by_email() {
        let totals = [3u64, 5, 3];
        let emails = ["b", "z", "a"];
        let mut o = vec![0u32, 1, 2];
        by_key_then_email(&mut o, |i| totals[i], |i| (emails[i], i), true);
        assert_eq!(o, vec![1, 2, 0]);
        by_key_then_email(&mut o, |i| totals[i], |i| (emails[i], i), false);
        assert_eq!(o, vec![2, 0, 1]);
    }
}
