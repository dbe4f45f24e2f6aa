//! A saved response file folded on several threads: the file is cut into parts at row
//! boundaries, each part is framed, decoded and checked on a thread of its own (that is
//! most of the work, and it shares nothing), and as many more threads add the rows, each
//! for its own share of the people (every row of a person goes to the same one:
//! `fold_merge.rs`), so memory is that of one fold whatever the number of parts. The
//! shares are joined at the end (`fold_shards.rs`).
//!
//! The rows of the parts reach the adding threads interleaved. The sums do not care about
//! order; what does is kept by place (part, then row within it): people and products are
//! renumbered at the end in the order they first appear in the file, and a person's email
//! is the one of their first row. Two things would need the rows in order and are rare in
//! a real response: a row repeated for the same (product, person, day), and a product
//! whose parts start with different names. When either turns up, the parallel reading
//! stops and the file is read again in one pass, which keeps today's rules (the first row
//! wins, the repeats and the second names are counted). So does a part that does not end
//! on a row (the cut guessed inside a string) and any rule that spans parts (too many
//! rows, products or days). An error in a part whose earlier parts all ended on a row is
//! the file's first error: it is reported with its row counted from the file's start,
//! without a second reading (a truncated file costs one pass, not two).

use std::io::{Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

use super::super::builder::check_width;
use super::super::decode::DecodeError;
use super::super::ingest::{MAX_ROWS, ReadError, Rows, cut_near, input_len, renumber};
use super::super::{Product, RangeSpec, Usage};
use super::members::Keep;
use super::merge::{Merge, add_all};
use super::sums::Sums;
use super::{Fold, Sink};
use crate::dates::MAX_DAYS;

/// Parts (and adders) at most: each part holds a batch per adder, so batches in flight
/// grow with the square of the parts (64, about 8 MiB, here).
pub const MAX_PARTS: usize = 8;

/// How a file is cut and read (tests force many small parts and blocks).
#[derive(Clone, Copy, Debug)]
pub struct FoldSplit {
    /// Parts decoded at once; fewer than two reads the file in one pass.
    pub parts: usize,
    /// Bytes read at a time by each part.
    pub block: usize,
    /// Smaller files are read in one pass: threads are not worth starting for them.
    pub min_len: u64,
}

impl FoldSplit {
    /// A part per processor up to [`MAX_PARTS`], 256 KiB reads, files of 8 MiB and more.
    pub fn for_machine() -> Self {
        let cores = crate::parallel::cores();
        FoldSplit {
            parts: cores.min(MAX_PARTS),
            block: 256 << 10,
            min_len: 8 << 20,
        }
    }
}

impl Fold {
    /// Reads a saved response file: in parallel parts when it is large and the machine
    /// has more than one processor, else (or when the parts cannot be trusted, see the
    /// module's doc) in one pass. The same result either way (tested).
    pub fn read_file(spec: RangeSpec, path: &Path) -> Result<Usage, ReadError> {
        Self::read_file_with(spec, path, FoldSplit::for_machine(), None)
    }

    /// [`Fold::read_file`] for the people `keep` keeps (`--team`), as
    /// [`Fold::read_keeping`] reads them.
    pub fn read_file_keeping(spec: RangeSpec, path: &Path, keep: Keep) -> Result<Usage, ReadError> {
        Self::read_file_with(spec, path, FoldSplit::for_machine(), Some(keep))
    }

    /// As [`Fold::read_file`], cut as `split` says.
    pub fn read_file_split(
        spec: RangeSpec,
        path: &Path,
        split: FoldSplit,
    ) -> Result<Usage, ReadError> {
        Self::read_file_with(spec, path, split, None)
    }

    fn read_file_with(
        spec: RangeSpec,
        path: &Path,
        split: FoldSplit,
        keep: Option<Keep>,
    ) -> Result<Usage, ReadError> {
        let len = input_len(path)?;
        if split.parts >= 2
            && len >= split.min_len
            && let Some(u) = Self::read_parts_with(spec, path, split, keep.clone())?
        {
            return Ok(u);
        }
        let file = std::fs::File::open(path).map_err(|e| io(path, e))?;
        match keep {
            Some(keep) => Self::read_keeping(spec, file, keep),
            None => Self::read_from(spec, file),
        }
    }

    /// The parallel reading alone: `None` when the file must be read in one pass.
    pub fn read_parts(
        spec: RangeSpec,
        path: &Path,
        split: FoldSplit,
    ) -> Result<Option<Usage>, ReadError> {
        Self::read_parts_with(spec, path, split, None)
    }

    fn read_parts_with(
        spec: RangeSpec,
        path: &Path,
        split: FoldSplit,
        keep: Option<Keep>,
    ) -> Result<Option<Usage>, ReadError> {
        let len = input_len(path)?;
        let Some(parts) = parts(path, len, split.parts).map_err(|e| io(path, e))? else {
            return Ok(None);
        };
        let (outcomes, merges) = run((spec, keep), path, split.block, &parts);
        let merges = merges.map_err(|_| ReadError::Io("a folding thread failed".into()))?;
        let mut done = Vec::with_capacity(parts.len());
        let mut before = 0;
        for outcome in outcomes {
            match outcome {
                Outcome::Done(fold, rows) => {
                    before += rows;
                    done.push((*fold, rows));
                }
                Outcome::Failed(e) => return Err(ReadError::Decode(renumber(e, before))),
                Outcome::Unsure => return Ok(None),
            }
        }
        if merges.iter().any(|m| m.conflict) || too_wide(spec, &done, &merges) {
            return Ok(None);
        }
        let shares = merges.into_iter().map(|m| (m.products, m.first, m.sums));
        match super::shards::join(shares.collect()) {
            Some((products, first, sums)) => combine(spec, done, products, &first, sums),
            None => Ok(None),
        }
    }
}

/// Decodes the parts on a thread each, and adds their rows on as many more, each for its
/// share of the people (adding was one thread's work, and that thread set the pace once
/// decoding was fast): how each part ended, and each share's sums.
fn run(
    (spec, keep): (RangeSpec, Option<Keep>),
    path: &Path,
    block: usize,
    parts: &[(u64, u64)],
) -> (Vec<Outcome>, std::thread::Result<Vec<Merge>>) {
    let n = parts.len();
    let stop = Stop {
        abandon: AtomicBool::new(false),
        failed: AtomicUsize::new(usize::MAX),
    };
    // Two batches waiting keep an adder busy; more would only hold memory.
    let (tos, batches): (Vec<_>, Vec<_>) = (0..n).map(|_| mpsc::sync_channel(2)).unzip();
    let (backs, backs_rx): (Vec<_>, Vec<_>) = (0..n).map(|_| mpsc::channel()).unzip();
    std::thread::scope(|s| {
        let stop = &stop;
        let adders: Vec<_> = (batches.into_iter())
            .map(|batches| {
                let backs = backs.clone();
                let merge = Merge::new(spec, n, keep.clone());
                s.spawn(move || add_all(merge, batches, &backs, &stop.abandon))
            })
            .collect();
        drop(backs);
        let decoders: Vec<_> = (parts.iter().zip(backs_rx).enumerate())
            .map(|(k, (&range, back))| {
                let to = tos.clone();
                let part = Part {
                    k,
                    range,
                    last: k + 1 == n,
                };
                s.spawn(move || part.decode(spec, path, block, Sink { to, back }, stop))
            })
            .collect();
        // The parts hold the only other senders: the adders stop when they are done.
        drop(tos);
        let outcomes = (decoders.into_iter())
            .map(|d| d.join().unwrap_or(Outcome::Unsure))
            .collect();
        let merges = adders.into_iter().map(|a| a.join()).collect();
        (outcomes, merges)
    })
}

/// Whether the parts, or all of them together (their products counted once a share, an
/// upper bound), name more (product, day) pairs than a model tallies: the one pass then
/// refuses the file, after any row error, before the join makes a table that size.
fn too_wide(spec: RangeSpec, done: &[(Fold, u64)], merges: &[Merge]) -> bool {
    let (lo, hi) = (done.iter()).fold((u16::MAX, 0), |(lo, hi), (f, _)| {
        (lo.min(f.lo), hi.max(f.hi))
    });
    let products = merges.iter().map(|m| m.products.len()).sum();
    let days = super::held_days(spec, lo, hi);
    done.iter().any(|(f, _)| f.too_wide) || check_width(products, days).is_err()
}

fn io(path: &Path, e: std::io::Error) -> ReadError {
    ReadError::of_path(path, &e)
}

/// The byte ranges of the parts: cut at guessed row boundaries (the comma between two
/// rows, which belongs to neither part). `None` when no cut was found.
fn parts(path: &Path, len: u64, n: usize) -> std::io::Result<Option<Vec<(u64, u64)>>> {
    let mut ranges = Vec::with_capacity(n);
    let mut start = 0;
    for k in 1..n as u64 {
        let at = (len * k / n as u64).max(start);
        match cut_near(path, at)? {
            Some(cut) if cut > start => {
                ranges.push((start, cut));
                start = cut + 1;
            }
            _ => {}
        }
    }
    ranges.push((start, len));
    Ok((ranges.len() > 1).then_some(ranges))
}

/// When parts stop early: all of them (the file is read again in one pass), or those
/// after the first part that failed (its error comes first in the file).
struct Stop {
    abandon: AtomicBool,
    failed: AtomicUsize,
}

impl Stop {
    fn stops(&self, k: usize) -> bool {
        self.abandon.load(Ordering::Relaxed) || self.failed.load(Ordering::Relaxed) < k
    }
}

/// How a part ended.
enum Outcome {
    /// Read whole and ended on a row: its fold and its rows.
    Done(Box<Fold>, u64),
    /// Its first error, row numbers counted from the part's start.
    Failed(DecodeError),
    /// Stopped, cut inside a row, or a rule that only the whole file can judge.
    Unsure,
}

/// One part of the file and where it sits.
struct Part {
    k: usize,
    range: (u64, u64),
    last: bool,
}

impl Part {
    /// Frames, decodes and checks the part's rows, sending them to the adding thread.
    fn decode(
        self,
        spec: RangeSpec,
        path: &Path,
        block: usize,
        sink: Sink,
        stop: &Stop,
    ) -> Outcome {
        let mut fold = Fold::new(spec);
        fold.chunk = self.k as u32;
        fold.share(sink);
        let mut rows = Rows::default();
        let read = self.feed(&mut rows, &mut fold, path, block, stop);
        fold.flush();
        fold.sink = None;
        let ended = match (read, self.last) {
            (Err(e), _) => Err(e),
            (Ok(()), true) => rows.framer.finish().map(drop).map_err(Some),
            (Ok(()), false) => rows.framer.at_row_end().then_some(()).ok_or(None),
        };
        match ended {
            Ok(()) => Outcome::Done(Box::new(fold), rows.framer.rows()),
            Err(e) => {
                stop.failed.fetch_min(self.k, Ordering::Relaxed);
                match e {
                    Some(DecodeError::TooManyRows { .. }) | None => Outcome::Unsure,
                    Some(e) => Outcome::Failed(e),
                }
            }
        }
    }

    fn feed(
        &self,
        rows: &mut Rows,
        fold: &mut Fold,
        path: &Path,
        block: usize,
        stop: &Stop,
    ) -> Result<(), Option<DecodeError>> {
        if self.k > 0 {
            // A part after the first starts after a comma, inside the array.
            rows.feed(b"[", &mut |_| Ok(()))?;
        }
        // An error reading is for the one pass to report.
        let mut f = std::fs::File::open(path).map_err(|_| None)?;
        f.seek(SeekFrom::Start(self.range.0)).map_err(|_| None)?;
        let mut r = f.take(self.range.1 - self.range.0);
        let mut buf = vec![0u8; block];
        loop {
            if stop.stops(self.k) {
                return Err(None);
            }
            let n = match r.read(&mut buf) {
                Ok(0) => return Ok(()),
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(_) => return Err(None),
            };
            rows.feed(&buf[..n], &mut |row| fold.push(row))?;
        }
    }
}

/// The parts' folds and the joined sums (with their products, each first seen at
/// `first`) as one fold, finished; `None` when a rule that spans the parts is broken (the
/// one pass reports it in the file's order).
fn combine(
    spec: RangeSpec,
    parts: Vec<(Fold, u64)>,
    products: Vec<Product>,
    first: &[u64],
    sums: Sums,
) -> Result<Option<Usage>, ReadError> {
    let mut fold = Fold::new(spec);
    let mut rows = 0u64;
    for (p, framed) in &parts {
        fold.warnings.out_of_range += p.warnings.out_of_range;
        fold.warnings.before_range += p.warnings.before_range;
        fold.warnings.renamed_products += p.warnings.renamed_products;
        (fold.lo, fold.hi) = (fold.lo.min(p.lo), fold.hi.max(p.hi));
        fold.too_long |= p.too_long;
        rows += framed;
    }
    fold.too_long |= fold.lo <= fold.hi && i64::from(fold.hi - fold.lo) + 1 > MAX_DAYS;
    // Too wide was said before the join (`too_wide`).
    if fold.too_long || rows > MAX_ROWS {
        return Ok(None);
    }
    let (products, sums) = super::renumber::in_file_order(products, first, sums);
    fold.announced = vec![products.len()];
    fold.products = products;
    fold.sums = sums;
    fold.finish().map(Some).map_err(ReadError::Decode)
}

#[cfg(test)]
#[path = "fold_par_tests.rs"]
mod tests;
