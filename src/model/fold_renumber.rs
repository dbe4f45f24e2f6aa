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
        let mut active = vec![0u8; nu * f.bytes];
        for (new, &old) in order.iter().enumerate() {
            if let Some(row) = sums.active.get(old * f.bytes..(old + 1) * f.bytes) {
                active[new * f.bytes..(new + 1) * f.bytes].copy_from_slice(row);
            }
        }
        sums.active = active;
    }
    // Counts of people, whoever they are: they do not follow the renumbering.
    sums.product_users = product_users;
    order
}
