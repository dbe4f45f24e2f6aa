//! The rows a held model reads: its own, or a view of another model's. A saved file seen
//! through a range, and a team's part of an answer, are views of the same rows, shared
//! and not copied: each range the dashboard showed of a 10M-row file was a copy of up to
//! 120 MB and a sort, each team's part a copy of its people's rows, and a year, its
//! previous period and a few views kept in memory took it past 450 MB.

use std::sync::Arc;

use super::Cell;

/// Cells sorted by (user, product, day) and unique, so each person's are one run, seen
/// through a window of their days, for some of their people and products.
#[derive(Clone)]
pub(super) struct Held {
    /// The cells, their days in the numbering of the model that read them.
    cells: Arc<Vec<Cell>>,
    /// Person `u`'s cells are `cells[starts[u]..starts[u + 1]]`.
    starts: Arc<Vec<u32>>,
    /// This model's person `u` is the cells' `people[u]`; all of them, in order, if none.
    people: Option<Arc<Vec<u32>>>,
    /// The cells' product `p` is this model's `products[p]`, in the same order (and
    /// `u16::MAX` for a product it leaves out); the same, if none.
    products: Option<Arc<Vec<u16>>>,
    /// The days seen, in the cells' numbering (`lo..hi`), and what a day seen adds to
    /// become a day of this model. A model's own cells are seen whole (`hi` unbounded).
    lo: i32,
    hi: i32,
    shift: i32,
}

impl Held {
    /// Cells of `users` people, sorted by (user, product, day) and unique.
    pub(super) fn own(cells: Vec<Cell>, users: usize) -> Held {
        let mut starts = Vec::with_capacity(users + 1);
        let mut i = 0;
        for u in 0..users {
            starts.push(i as u32);
            while i < cells.len() && cells[i].user as usize == u {
                i += 1;
            }
        }
        starts.push(i as u32);
        debug_assert_eq!(i, cells.len(), "every cell's person is one of the people");
        Held {
            cells: Arc::new(cells),
            starts: Arc::new(starts),
            people: None,
            products: None,
            lo: 0,
            hi: i32::MAX,
            shift: 0,
        }
    }

    /// The same people seen over `len` days from this model's day `from` (which may be
    /// before its first day or past its last): those days become `0..len`.
    pub(super) fn window(&self, from: i64, len: usize) -> Held {
        let from = from.clamp(i64::from(i32::MIN / 2), i64::from(i32::MAX / 2)) as i32;
        // This model's day `from` is the cells' day `from - shift`.
        let lo = from - self.shift;
        let hi = lo.saturating_add(len.min(i32::MAX as usize / 2) as i32);
        Held {
            lo: lo.max(self.lo),
            hi: hi.min(self.hi),
            shift: self.shift - from,
            ..self.clone()
        }
    }

    /// The same days for this model's people `people` (in that order, which keeps the
    /// cells sorted when it is increasing).
    pub(super) fn some(&self, people: &[u32]) -> Held {
        let source = |u: u32| self.people.as_ref().map_or(u, |p| p[u as usize]);
        Held {
            people: Some(Arc::new(people.iter().map(|&u| source(u)).collect())),
            ..self.clone()
        }
    }

    /// The same cells with this model's product `p` renumbered `products[p]` (in the
    /// same order, `u16::MAX` for one no cell seen names). Whose cells they are does not
    /// change: a model renumbers its own view.
    pub(super) fn renumbered(&self, products: &[u16]) -> Held {
        let seen_as = |p: u16| {
            let q = self.products.as_ref().map_or(p, |m| m[usize::from(p)]);
            (q != u16::MAX).then(|| products[usize::from(q)])
        };
        let all = self.products.as_ref().map_or(products.len(), |m| m.len());
        let map = (0..all).map(|p| seen_as(p as u16).unwrap_or(u16::MAX));
        Held {
            products: Some(Arc::new(map.collect())),
            ..self.clone()
        }
    }

    /// Whether the cells are another model's (they cost this one nothing): a window
    /// bounds the days, a view of some people names them; a model's own cells are seen
    /// whole, for all of its people.
    pub(super) fn is_shared(&self) -> bool {
        self.people.is_some() || self.hi != i32::MAX
    }

    /// How many cells a pass over all of them reads, the ones not seen included.
    pub(super) fn read(&self) -> usize {
        self.cells.len()
    }

    /// The bytes of cells and runs held, whoever else holds them too.
    pub(super) fn bytes(&self) -> usize {
        std::mem::size_of_val(&self.cells[..]) + std::mem::size_of_val(&self.starts[..])
    }

    /// `c` as this model's person `user` sees it, if its day is in the window.
    fn seen(&self, c: &Cell, user: u32) -> Option<Cell> {
        let d = i32::from(c.day);
        let product = match &self.products {
            Some(m) => m[usize::from(c.product)],
            None => c.product,
        };
        (self.lo <= d && d < self.hi).then_some(Cell {
            day: (d + self.shift) as u16,
            user,
            product,
            count: c.count,
        })
    }

    /// How many people this model has.
    fn len(&self) -> usize {
        self.people
            .as_ref()
            .map_or(self.starts.len() - 1, |p| p.len())
    }

    /// Every cell seen, sorted by (user, product, day).
    pub(super) fn all(&self) -> Seen<'_> {
        Seen {
            held: self,
            user: 0,
            run: [].iter(),
        }
    }

    /// Person `u`'s cells seen, sorted by (product, day).
    pub(super) fn of_user(&self, u: usize) -> impl Iterator<Item = Cell> + '_ {
        (self.run(u).iter()).filter_map(move |c| self.seen(c, u as u32))
    }

    /// Person `u`'s cells, all their days.
    fn run(&self, u: usize) -> &[Cell] {
        let from = self.people.as_ref().map_or(u, |p| p[u] as usize);
        &self.cells[self.starts[from] as usize..self.starts[from + 1] as usize]
    }
}

/// The cells a [`Held`] sees, person by person: one concrete iterator (not a chain of
/// adapters behind a box), as the day groups and team sums pass over all of them.
pub(super) struct Seen<'a> {
    held: &'a Held,
    /// The person whose run is `run`.
    user: usize,
    run: std::slice::Iter<'a, Cell>,
}

impl Iterator for Seen<'_> {
    type Item = Cell;

    fn next(&mut self) -> Option<Cell> {
        loop {
            for c in self.run.by_ref() {
                if let Some(seen) = self.held.seen(c, self.user as u32 - 1) {
                    return Some(seen);
                }
            }
            if self.user >= self.held.len() {
                return None;
            }
            self.run = self.held.run(self.user).iter();
            self.user += 1;
        }
    }
}

/// The view, not the cells: a week of a saved file would print the whole file's.
impl std::fmt::Debug for Held {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Held")
            .field("cells", &self.cells.len())
            .field("people", &self.len())
            .field("days", &(self.lo..self.hi))
            .field("shift", &self.shift)
            .field("shared", &self.is_shared())
            .finish()
    }
}

/// Two readings are the same when they show the same cells, whoever holds them.
impl PartialEq for Held {
    fn eq(&self, other: &Self) -> bool {
        self.all().eq(other.all())
    }
}

impl Eq for Held {}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(user: u32, product: u16, day: u16) -> Cell {
        Cell {
            count: u32::from(day) + 1,
            user,
            product,
            day,
        }
    }

    #[test]
    fn a_window_sees_its_days_renumbered_and_a_window_of_it_no_more_than_it() {
        let cells = vec![cell(0, 0, 0), cell(0, 0, 5), cell(0, 1, 9), cell(2, 0, 3)];
        let own = Held::own(cells.clone(), 3);
        assert_eq!(own.all().collect::<Vec<_>>(), cells);
        assert_eq!(own.of_user(1).count(), 0, "a person with no cells");
        assert!(!own.is_shared());
        // Days 3..=6 of the owner: 5 becomes 2, 3 becomes 0.
        let w = own.window(3, 4);
        let days = |h: &Held, u| h.of_user(u).map(|c| c.day).collect::<Vec<_>>();
        assert_eq!(days(&w, 0), [2]);
        assert_eq!(days(&w, 2), [0]);
        assert!(w.is_shared());
        // From before the window's first day: its own days only, however wide.
        let ww = w.window(-2, 100);
        assert_eq!(days(&ww, 0), [4], "day 9 of the owner stays out");
        assert_eq!(days(&ww, 2), [2]);
        assert_eq!(ww.all().map(|c| c.count).collect::<Vec<_>>(), [6, 4]);
        // Wholly before or after: nothing.
        assert_eq!(own.window(-10, 5).all().count(), 0);
        assert_eq!(own.window(10, 5).all().count(), 0);
        let same = |user, day, count| Cell {
            count,
            ..cell(user, 0, day)
        };
        let copy = Held::own(vec![same(0, 2, 6), same(2, 0, 4)], 3);
        assert_eq!(w, copy, "the same cells seen, one shared and one owned");
    }

    #[test]
    fn some_people_of_some_people_are_the_first_models_and_their_products_renumbered() {
        let cells = vec![
            cell(0, 0, 1),
            cell(1, 1, 2),
            cell(1, 2, 3),
            cell(2, 0, 4),
            cell(3, 2, 5),
        ];
        let own = Held::own(cells, 4);
        // People 1 and 3; products 1 and 2 become 0 and 1.
        let some = own.some(&[1, 3]).renumbered(&[u16::MAX, 0, 1]);
        let seen = |h: &Held| {
            h.all()
                .map(|c| (c.user, c.product, c.day))
                .collect::<Vec<_>>()
        };
        assert_eq!(seen(&some), [(0, 0, 2), (0, 1, 3), (1, 1, 5)]);
        // Of those, the second (the first model's 3), and its one product.
        let fewer = some.some(&[1]).renumbered(&[u16::MAX, 0]);
        assert_eq!(seen(&fewer), [(0, 0, 5)]);
        assert_eq!(fewer.len(), 1);
        // A window of them keeps to them.
        assert_eq!(seen(&some.window(3, 10)), [(0, 1, 0), (1, 1, 2)]);
    }
}
