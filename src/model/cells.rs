//! The order of a model's cells: by (user, product, day), arrival order kept among equals
//! ("the first row wins"). Cells read back from the cache are in order already; windows
//! merged into a long view are in order within each window, so a counting pass by person
//! and a short sort of each person's cells does what one sort of them all did, in a
//! fraction of its time. Past a few million cells (a saved file of 10M rows) the cells
//! are sorted in place instead, with no second array: at that size the stable sort's
//! scratch (80 MB for 10M cells) was most of the dashboard's peak memory over the model.

use super::Cell;

/// Above this many cells the counting pass's second array (16 bytes a cell) costs more
/// memory than it saves time; the sort in place is used there.
const COUNTING_MAX: usize = 1 << 22;

/// Counts stay below this (`MAX_PROMPT_COUNT` is 86.4M < 2^27), so the bits above it can
/// carry a cell's arrival index while it is sorted in place.
const COUNT_BITS: u32 = 27;
const _: () = assert!(super::MAX_PROMPT_COUNT < 1 << COUNT_BITS);

/// Sorts `cells` by [`Cell::key`], stable; `users` bounds the cells' user indexes.
pub(super) fn sort(cells: &mut Vec<Cell>, users: usize) {
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

/// A stable sort without scratch memory: the arrival index rides in the count's high
/// bits, so an unstable in-place sort by (key, arrival) keeps equal keys in arrival order.
fn in_place(cells: &mut [Cell]) {
    let fits = (cells.len() as u64) < (1 << (64 - COUNT_BITS))
        && cells.iter().all(|c| c.count < (1 << COUNT_BITS));
    if !fits {
        return cells.sort_by_key(Cell::key);
    }
    for (i, c) in cells.iter_mut().enumerate() {
        c.count |= (i as u64) << COUNT_BITS;
    }
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
                count: i as u64,
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

    #[test]
    fn in_place_is_the_stable_sort_too() {
        let mut rng = fastrand::Rng::with_seed(5);
        for _ in 0..100 {
            let n = rng.usize(0..300);
            // Few keys, so most are repeated; counts as big as a row may have.
            let mut cells: Vec<Cell> = random(&mut rng, n, 4);
            for c in &mut cells {
                c.count = rng.u64(0..=crate::model::MAX_PROMPT_COUNT);
            }
            let mut want = cells.clone();
            want.sort_by_key(Cell::key);
            in_place(&mut cells);
            assert_eq!(cells, want);
        }
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
