//! The end of a fold whose rows were added on several threads, each for its own share of
//! the people: their sums joined into one, people one after the other, products matched
//! by id, days over the union of their frames. Numbering people and products in the
//! file's order is left to [`super::renumber`], which works from where each was first seen.

use rustc_hash::FxHashMap;

use super::super::Product;
use super::members::Members;
use super::sums::{Frame, Sums, reframe};

/// One adding thread's products (each first seen at `first`) and sums.
pub(super) type Share = (Vec<Product>, Vec<u64>, Sums);

/// The shares as one; `None` when they disagree on a product's name (the one pass, which
/// reads the file in order, then counts the second name).
pub(super) fn join(shares: Vec<Share>) -> Option<Share> {
    let mut shares = shares;
    for (_, _, sums) in &mut shares {
        // People by index, and the largest part (the repeat bits) gone before the copies
        // below.
        sums.settle();
    }
    if shares.len() == 1 {
        return shares.pop();
    }
    let (products, first, maps) = products(&shares)?;
    let frame = union(shares.iter().filter_map(|(_, _, s)| s.frame));
    let mut out = Sums::new(frame);
    out.members = shares[0].2.members.as_ref().map(Members::joined);
    out.product_day = vec![vec![0; frame.map_or(0, |f| f.bytes * 8)]; products.len()];
    out.product_users = vec![0; products.len()];
    // Sized once: grown by doubling, the arrays would take up to twice their room.
    let nu: usize = shares.iter().map(|(_, _, s)| s.users.len()).sum();
    out.active.reserve_exact(nu * frame.map_or(0, |f| f.bytes));
    for v in [&mut out.origin, &mut out.user_totals] {
        v.reserve_exact(nu);
    }
    out.first.reserve_exact(nu);
    out.last.reserve_exact(nu);
    // Each share is gone once it is in: at most one share's people are held twice.
    for ((_, _, sums), map) in shares.into_iter().zip(&maps) {
        append(&mut out, &sums, map);
    }
    Some((products, first, out))
}

/// The joined products, the earliest place each was seen, and per share its indices to
/// the joined ones.
type Joined = (Vec<Product>, Vec<u64>, Vec<Vec<usize>>);

/// Every share's products, matched by id.
fn products(shares: &[Share]) -> Option<Joined> {
    let mut ix = FxHashMap::default();
    let (mut products, mut first) = (Vec::<Product>::new(), Vec::new());
    let mut maps = Vec::with_capacity(shares.len());
    for (ps, firsts, _) in shares {
        let mut map = Vec::with_capacity(ps.len());
        for (p, &at) in ps.iter().zip(firsts) {
            let g = *ix.entry(p.id).or_insert_with(|| {
                products.push(p.clone());
                first.push(at);
                products.len() - 1
            });
            if products[g].name != p.name {
                return None;
            }
            first[g] = first[g].min(at);
            map.push(g);
        }
        maps.push(map);
    }
    Some((products, first, maps))
}

/// The smallest frame holding all of `frames`.
fn union(frames: impl Iterator<Item = Frame>) -> Option<Frame> {
    frames
        .map(|f| (f.anchor, f.anchor + f.bytes))
        .reduce(|(a, b), (c, d)| (a.min(c), b.max(d)))
        .map(|(anchor, end)| Frame {
            anchor,
            bytes: end - anchor,
        })
}

/// Adds a share's people after those already in `out`, and its prompts per product and
/// day to `out`'s (its product `p` is `out`'s `map[p]`).
fn append(out: &mut Sums, sums: &Sums, map: &[usize]) {
    let nu = sums.users.len();
    for u in 0..nu {
        out.users.push(sums.users.id(u), sums.users.email(u));
    }
    out.origin.extend_from_slice(&sums.origin);
    out.user_totals
        .extend((0..nu).map(|u| sums.user_totals.get(u).copied().unwrap_or(0)));
    out.first
        .extend((0..nu).map(|u| sums.first.get(u).copied().unwrap_or(u16::MAX)));
    out.last
        .extend((0..nu).map(|u| sums.last.get(u).copied().unwrap_or(0)));
    out.duplicates += sums.duplicates;
    out.kept += sums.kept;
    if let (Some(all), Some(share)) = (&mut out.members, &sums.members) {
        all.append(share, map);
    }
    let (Some(to), Some(from)) = (out.frame, sums.frame) else {
        return;
    };
    let shift = from.anchor - to.anchor;
    let end = out.active.len() + nu * to.bytes;
    if from == to {
        // The same frame: its rows as they are, no copy of the share aside.
        out.active.extend_from_slice(&sums.active);
    } else {
        out.active
            .extend_from_slice(&reframe(&sums.active, from.bytes, to.bytes, shift));
    }
    out.active.resize(end, 0);
    for (p, &g) in map.iter().enumerate() {
        if let Some(days) = sums.product_day.get(p) {
            let days = reframe(days, from.bytes * 8, to.bytes * 8, shift * 8);
            for (sum, d) in out.product_day[g].iter_mut().zip(days) {
                *sum += d;
            }
        }
        // Each person is in one share: the shares' counts add up.
        out.product_users[g] += sums.product_users.get(p).copied().unwrap_or(0);
    }
}
