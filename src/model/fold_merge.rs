//! An adding thread of the parallel fold (`fold_par.rs`): its share of the people's rows
//! from every part, each part's products numbered as the thread first meets them.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use rustc_hash::FxHashMap;
use uuid::Uuid;

use super::super::{Product, RangeSpec};
use super::Fold;
use super::members::{Keep, Members};
use super::sums::{Batch, Sums, place};

/// An adding thread's loop: its share of every part's rows, until the parts are done;
/// `abandon` is raised on a conflict, so that the parts stop for the one pass.
pub(super) fn add_all(
    mut merge: Merge,
    batches: mpsc::Receiver<Batch>,
    backs: &[mpsc::Sender<Batch>],
    abandon: &AtomicBool,
) -> Merge {
    for batch in batches {
        let chunk = batch.chunk as usize;
        let batch = merge.add(batch);
        if merge.conflict {
            abandon.store(true, Ordering::Relaxed);
        }
        // A part that is done reading no longer takes batches back.
        let _ = backs[chunk].send(batch);
    }
    // The people by index, on this thread: settled one share after another at the join,
    // they were a serial step at the end.
    merge.sums.settle();
    merge
}

/// The adding thread's state: one set of sums, and the products of every part.
pub(super) struct Merge {
    pub(super) sums: Sums,
    ix: FxHashMap<Uuid, u16>,
    pub(super) products: Vec<Product>,
    /// Where each product was first seen ([`place`]).
    pub(super) first: Vec<u64>,
    /// Per part: its product indices to the merged ones.
    maps: Vec<Vec<u16>>,
    /// A repeated row or a product named two ways: the file is read again in one pass.
    pub(super) conflict: bool,
}

impl Merge {
    /// With `keep`, only the rows of the people it keeps are added ([`Members`]).
    pub(super) fn new(spec: RangeSpec, parts: usize, keep: Option<Keep>) -> Self {
        // Framed as one pass's sums are: over the range's days when it is given.
        let mut sums = Fold::new(spec).sums;
        sums.members = keep.map(Members::new);
        Merge {
            sums,
            ix: FxHashMap::default(),
            products: Vec::new(),
            first: Vec::new(),
            maps: vec![Vec::new(); parts],
            conflict: false,
        }
    }

    /// Adds a part's batch; gives it back for reuse.
    fn add(&mut self, mut batch: Batch) -> Batch {
        if self.conflict {
            return batch;
        }
        let chunk = batch.chunk;
        for (p, row) in std::mem::take(&mut batch.products) {
            let at = place(chunk, row);
            let g = match self.ix.get(&p.id) {
                Some(&g) => {
                    let i = usize::from(g);
                    self.conflict |= self.products[i].name != p.name;
                    self.first[i] = self.first[i].min(at);
                    g
                }
                None => {
                    let Ok(g) = u16::try_from(self.products.len()) else {
                        self.conflict = true;
                        return batch;
                    };
                    self.ix.insert(p.id, g);
                    self.products.push(p);
                    self.first.push(at);
                    g
                }
            };
            self.maps[chunk as usize].push(g);
        }
        batch.map_products(&self.maps[chunk as usize]);
        self.sums.add_batch(&batch);
        self.conflict |= self.sums.duplicates > 0;
        self.conflict |= self.sums.members.as_ref().is_some_and(|m| m.conflict);
        batch
    }
}
