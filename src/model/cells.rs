//! The order of a model's cells: by (user, product, day), arrival order kept among equals
//! ("the first row wins"). Cells read back from the cache are in order already; windows
//! merged into a long view are in order within each window, so a counting pass by person
//! and a short sort of each person's cells does what one sort of them all did, in a
//! fraction of its time. Past a few million cells (a saved file of 10M rows) the cells
//! are sorted in place instead, with no second array: at that size the stable sort's
//! scratch (80 MB for 10M cells) was most of the dashboard's peak memory over the model.

use super::Cell;

/// Above this many cells the counting pass's second array (12 bytes a cell) costs more
/// memory than it saves time; the sort in place is used there.
const COUNTING_MAX: usize = 1 << 22;

/// Counts stay below this (`MAX_PROMPT_COUNT` is 86.4M < 2^27), so the five bits above it
/// can carry a cell's chunk of arrival while it is sorted in place.
const COUNT_BITS: u32 = 27;
const CHUNKS: usize = 1 << (32 - COUNT_BITS);
const _: () = assert!(super::MAX_PROMPT_COUNT < 1 << COUNT_BITS);

/// Sorts `cells` by [`Cell::key`] and keeps the first to arrive of each key; how many
/// were removed (a response's repeated rows: "the first row wins").
pub(super) fn sort_dedup(cells: &mut Vec<Cell>, users: usize) -> u64 {
    let before = cells.len();
    sort(cells, users);
    cells.dedup_by_key(|c| c.key());
    (before - cells.len()) as u64
}

/// Sorts `cells` by [`Cell::key`], the arrival order kept among equals (past
/// [`COUNTING_MAX`], only the first of equals is sure to be kept, and first).
fn sort(cells: &mut Vec<Cell>, users: usize) {
    if cells.is_sorted_by_key(Cell::key) {
        return;
    }
    if cells.len() > COUNTING_MAX {
        return in_place(cells);
    }
    if cells.iter().any(|c| c.user as usize >= users) {
        cells.sort_by_key(Cell::key);
        return;
    }
    // Where each person's cells start, then each cell to its person's next place: stable.
    let mut next = vec![0usize; users + 1];
    for c in cells.iter() {
        next[c.user as usize + 1] += 1;
    }
    for u in 0..users {
        next[u + 1] += next[u];
    }
    let starts = next.clone();
    let blank = Cell {
        count: 0,
        user: 0,
        product: 0,
        day: 0,
    };
    let mut out = vec![blank; cells.len()];
    for c in cells.iter() {
        let slot = &mut next[c.user as usize];
        out[*slot] = *c;
        *slot += 1;
    }
    for w in starts.windows(2) {
        out[w[0]..w[1]].sort_by_key(Cell::key);
    }
    *cells = out;
}

/// A sort without a second array: the cells are cut into [`CHUNKS`] runs in arrival
/// order; each run is sorted stably (its scratch is a run's, not the whole's) and keeps
/// the first of its equal keys; the run's number rides in the count's high bits, so one
/// unstable sort by (key, run) puts the first to arrive of each key first.
fn in_place(cells: &mut Vec<Cell>) {
    if cells.is_empty() {
        return; // and `step_by` below would be given 0
    }
    if cells.iter().any(|c| c.count >= 1 << COUNT_BITS) {
        return cells.sort_by_key(Cell::key);
    }
    let run = cells.len().div_ceil(CHUNKS);
    let mut kept = 0;
    for (k, start) in (0..cells.len()).step_by(run).enumerate() {
        let end = (start + run).min(cells.len());
        cells[start..end].sort_by_key(Cell::key);
        let mut last = None;
        for i in start..end {
            let c = cells[i];
            if last != Some(c.key()) {
                last = Some(c.key());
                cells[kept] = Cell {
                    count: c.count | (k as u32) << COUNT_BITS,
                    ..c
                };
                kept += 1;
            }
        }
    }
    cells.truncate(kept);
    cells.sort_unstable_by_key(|c| (c.key(), c.count >> COUNT_BITS));
    for c in cells.iter_mut() {
        c.count &= (1 << COUNT_BITS) - 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn random(rng: &mut fastrand::Rng, n: usize, users: u32) -> Vec<Cell> {
        (0..n)
            .map(|i| Cell {
                count: i as u32,
                user: rng.u32(0..users),
                product: rng.u16(0..3),
                day: rng.u16(0..5),
            })
            .collect()
    }

    #[test]
    fn the_same_order_as_one_stable_sort() {
        let mut rng = fastrand::Rng::with_seed(3);
        for _ in 0..300 {
            let users = rng.u32(1..20);
            let n = rng.usize(0..200);
            let mut cells = random(&mut rng, n, users);
            // Sometimes in order by person already, as merged windows are.
            if rng.bool() {
                cells.sort_by_key(|c| (c.product, c.day));
            }
            let mut want = cells.clone();
            want.sort_by_key(Cell::key);
            sort(&mut cells, users as usize);
            // `count` holds the arrival index: equal keys keep their arrival order.
            assert_eq!(cells, want);
        }
    }

    /// What `sort_dedup` must give: one stable sort, then the first of each key.
    fn stable_first(cells: &[Cell]) -> Vec<Cell> {
        let mut want = cells.to_vec();
        want.sort_by_key(Cell::key);
        want.dedup_by_key(|c| c.key());
        want
    }

    #[test]
    fn in_place_keeps_the_first_of_each_key_as_the_stable_sort_does() {
        let mut rng = fastrand::Rng::with_seed(5);
        for _ in 0..200 {
            // From fewer cells than runs to many a run; few keys, so most are repeated,
            // and counts as big as a row may have.
            // Empty one time in ten: a run of 0 cells would be a step of 0.
            let n = if rng.u8(..10) == 0 {
                0
            } else {
                rng.usize(0..600)
            };
            let mut cells: Vec<Cell> = random(&mut rng, n, 4);
            for c in &mut cells {
                c.count = rng.u32(0..=crate::model::MAX_PROMPT_COUNT as u32);
            }
            let want = stable_first(&cells);
            in_place(&mut cells);
            cells.dedup_by_key(|c| c.key());
            assert_eq!(cells, want);
        }
    }

    #[test]
    fn sort_dedup_says_how_many_it_removed() {
        let mut rng = fastrand::Rng::with_seed(6);
        for n in [0, 1, 50, 400] {
            let mut cells = random(&mut rng, n, 5);
            let want = stable_first(&cells);
            let removed = sort_dedup(&mut cells, 5);
            assert_eq!(cells, want);
            assert_eq!(removed, (n - want.len()) as u64);
        }
    }

    #[test]
    fn a_count_too_big_for_the_run_bits_is_sorted_stably_all_the_same() {
        let mut rng = fastrand::Rng::with_seed(7);
        let mut cells = random(&mut rng, 300, 3);
        cells[17].count = u32::MAX;
        let want = stable_first(&cells);
        in_place(&mut cells);
        cells.dedup_by_key(|c| c.key());
        assert_eq!(cells, want);
    }

    #[test]
    fn an_index_out_of_bounds_falls_back_to_the_sort() {
        let mut rng = fastrand::Rng::with_seed(4);
        let mut cells = random(&mut rng, 50, 9);
        let mut want = cells.clone();
        want.sort_by_key(Cell::key);
        sort(&mut cells, 3);
        assert_eq!(cells, want);
    }
}
