//! The end of a parallel fold: people and products numbered in the order they first
//! appear in the file, as one pass numbers them, whatever order the parts were added in.

use super::super::Product;
use super::sums::Sums;

/// The products (first seen at `first`) and the sums' people, renumbered by place.
pub(super) fn in_file_order(
    products: Vec<Product>,
    first: &[u64],
    mut sums: Sums,
) -> (Vec<Product>, Sums) {
    // The largest part, no longer needed: gone before the copies below.
    sums.seen = Default::default();
    let np = products.len();
    sums.product_day.resize_with(np, Vec::new);
    sums.product_users.resize(np, 0);
    let mut order: Vec<usize> = (0..np).collect();
    order.sort_by_key(|&p| first[p]);
    let mut products: Vec<Option<Product>> = products.into_iter().map(Some).collect();
    let products = order
        .iter()
        .map(|&p| products[p].take().unwrap_or_else(|| unreachable!()))
        .collect();
    sums.product_day = pick(&mut sums.product_day, &order);
    let product_users = pick(&mut sums.product_users, &order);
    let people_order = people(&mut sums, product_users);
    if let Some(m) = &mut sums.members {
        m.reorder(&people_order, &order);
    }
    (products, sums)
}

/// `v`'s items in `order`, moved out.
fn pick<T: Default>(v: &mut [T], order: &[usize]) -> Vec<T> {
    order.iter().map(|&i| std::mem::take(&mut v[i])).collect()
}

/// Renumbers the people by where each was first seen: the new order of the old indices.
fn people(sums: &mut Sums, product_users: Vec<u32>) -> Vec<usize> {
    let nu = sums.users.len();
    let mut order: Vec<usize> = (0..nu).collect();
    order.sort_by_key(|&u| sums.origin[u]);
    if order.iter().enumerate().all(|(i, &u)| i == u) {
        sums.product_users = product_users;
        return order;
    }
    sums.users.reorder(&order);
    sums.origin = order.iter().map(|&u| sums.origin[u]).collect();
    sums.user_totals = order
        .iter()
        .map(|&u| sums.user_totals.get(u).copied().unwrap_or(0))
        .collect();
    sums.first = order
        .iter()
        .map(|&u| sums.first.get(u).copied().unwrap_or(u16::MAX))
        .collect();
    sums.last = order
        .iter()
        .map(|&u| sums.last.get(u).copied().unwrap_or(0))
        .collect();
    if let Some(f) = sums.frame {
        sums.active.resize(nu * f.bytes, 0);
        permute_rows(&mut sums.active, f.bytes, &order);
    }
    // Counts of people, whoever they are: they do not follow the renumbering.
    sums.product_users = product_users;
    order
}

/// Moves row `order[i]` of `rows` (`width` bytes each) to row `i`, in place: a copy of
/// the active days, the largest table of a sparse file, doubled the fold's peak (a
/// million people over ten years). One cycle of the permutation at a time, one row aside.
fn permute_rows(rows: &mut [u8], width: usize, order: &[usize]) {
    let mut done = vec![false; order.len()];
    let mut aside = vec![0u8; width];
    let row = |i: usize| i * width..(i + 1) * width;
    for start in 0..order.len() {
        if done[start] || order[start] == start {
            continue;
        }
        aside.copy_from_slice(&rows[row(start)]);
        let mut at = start;
        loop {
            done[at] = true;
            let from = order[at];
            if from == start {
                rows[row(at)].copy_from_slice(&aside);
                break;
            }
            rows.copy_within(row(from), at * width);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn rows_are_permuted_in_place_as_by_a_copy() {
        let mut rng = fastrand::Rng::with_seed(3);
        for (n, width) in [(0, 3), (1, 2), (2, 1), (50, 3), (257, 5)] {
            let rows: Vec<u8> = (0..n * width).map(|_| rng.u8(..)).collect();
            let mut order: Vec<usize> = (0..n).collect();
            rng.shuffle(&mut order);
            let copied: Vec<u8> = (order.iter())
                .flat_map(|&i| rows[i * width..(i + 1) * width].iter().copied())
                .collect();
            let mut moved = rows.clone();
            super::permute_rows(&mut moved, width, &order);
            assert_eq!(moved, copied, "{n} rows of {width}");
        }
    }
}
