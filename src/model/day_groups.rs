//! Distinct people per group of days (a chart's weeks or months), counted once per model
//! and grouping and kept with the model. Counting them is a pass over every cell (10M
//! for a saved year of 166k people); the fetch task that delivers a model counts the
//! chart's groupings there, off the UI thread, so `update` finds them ready.

use std::sync::{Arc, Mutex, MutexGuard};

/// Groupings kept per model: a week start or two, and months.
const KEEP: usize = 4;

/// The kept counts, by grouping. Derived from the model, so two models are equal whether
/// or not either has counted anything.
#[derive(Debug, Default)]
pub(super) struct GroupCounts(Mutex<Vec<Kept>>);

/// A grouping (each day's group) and its counts.
type Kept = (Arc<[u32]>, Arc<[u32]>);

impl GroupCounts {
    fn kept(&self) -> MutexGuard<'_, Vec<Kept>> {
        // A panic elsewhere leaves whole entries or none: what is kept stays valid.
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Clone for GroupCounts {
    fn clone(&self) -> Self {
        GroupCounts(Mutex::new(self.kept().clone()))
    }
}

impl PartialEq for GroupCounts {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for GroupCounts {}

impl super::Usage {
    /// For each group, the people with a prompt on one of its days; `of_day[d]` is the
    /// group of the range's day `d`, below `groups`. Counted on the first call for a
    /// grouping, then kept.
    pub fn distinct_users_by_group(&self, of_day: &[u32], groups: usize) -> Arc<[u32]> {
        if let Some((_, n)) = self
            .group_counts
            .kept()
            .iter()
            .find(|(k, _)| **k == *of_day)
        {
            return n.clone();
        }
        let counts: Arc<[u32]> = self.count_by_group(of_day, groups).into();
        let mut kept = self.group_counts.kept();
        if kept.len() == KEEP {
            kept.remove(0);
        }
        kept.push((of_day.into(), counts.clone()));
        counts
    }

    /// Active days come person by person: the last person counted per group marks the
    /// distinct ones.
    fn count_by_group(&self, of_day: &[u32], groups: usize) -> Vec<u32> {
        let mut out = vec![0u32; groups];
        let mut seen = vec![u32::MAX; groups];
        let mut mark = |user: u32, day: u16| {
            let g = of_day[usize::from(day)] as usize;
            if seen[g] != user {
                seen[g] = user;
                out[g] += 1;
            }
        };
        match self.folded {
            Some(_) => self.for_each_active_day(&mut mark),
            // The cells straight, not through a callback per cell.
            None => {
                for c in self.cells().filter(|c| c.count > 0) {
                    mark(c.user, c.day);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::sync::Arc;

    #[test]
    fn the_distinct_people_of_the_cells_counted_once() {
        let mut rng = fastrand::Rng::with_seed(21);
        let rows: Vec<(u128, u128, String, u64)> = (0..400)
            .map(|_| {
                let day = format!("2026-10-{:02}", rng.u8(1..=31));
                (rng.u128(1..3), rng.u128(1..40), day, rng.u64(0..3))
            })
            .collect();
        let u = crate::analytics::testing::usage_owned("2026-10-01", "2026-10-31", rows);
        for width in [1usize, 3, 7, 31] {
            let of_day: Vec<u32> = (0..31).map(|d| (d / width) as u32).collect();
            let groups = 31usize.div_ceil(width);
            // Independently: the set of people per group, from the cells.
            let mut want = vec![HashSet::new(); groups];
            for c in u.cells().filter(|c| c.count > 0) {
                want[of_day[usize::from(c.day)] as usize].insert(c.user);
            }
            let want: Vec<u32> = want.iter().map(|s| s.len() as u32).collect();
            let got = u.distinct_users_by_group(&of_day, groups);
            assert_eq!(&*got, &want[..], "groups of {width} days");
            assert!(Arc::ptr_eq(
                &got,
                &u.distinct_users_by_group(&of_day, groups)
            ));
        }
        assert!(u.cells().any(|c| c.count == 0), "some zero cells too");
    }
}
