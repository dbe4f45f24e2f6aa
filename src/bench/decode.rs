//! `clarityq-bench decode FILE`: the rows of a saved response framed and decoded on one
//! thread from memory, nothing added: the decoder's own speed, apart from reading the
//! file and from the sums, so that a change to it can be judged on a busy machine (the
//! best of several rounds is taken; the whole export is timed against other tools).

use std::path::Path;
use std::time::Instant;

use crate::model::{Element, Framer, decode_row};

/// Decodes `path`'s rows `repeats` times; the line to print, or what went wrong.
pub fn decode(path: &Path, repeats: usize) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let (mut best, mut rows, mut general) = (f64::MAX, 0u64, 0u64);
    for _ in 0..repeats.max(1) {
        let started = Instant::now();
        (rows, general) = (0, 0);
        let mut framer = Framer::default();
        let mut mix = 0u64;
        // Chunks of the size the export reads, so rows split across two are copied as there.
        for chunk in bytes.chunks(256 << 10) {
            let fed = framer.feed(chunk, &mut |element, row| {
                let r = match element {
                    Element::Decoded(r) => r,
                    Element::Bytes(b) => {
                        general += 1;
                        decode_row(b, row)?
                    }
                };
                rows += 1;
                mix ^= r.prompt_count ^ r.user_id.as_u64_pair().0 ^ r.user_email.len() as u64;
                Ok(())
            });
            fed.map_err(|e| e.to_string())?;
        }
        std::hint::black_box(mix);
        best = best.min(started.elapsed().as_secs_f64());
    }
    Ok(format!(
        "decode: {rows} rows ({general} by the general decoder), {:.0} MB in {:.3} s = {:.0} MB/s, {:.1} ns a row (best of {repeats})",
        bytes.len() as f64 / 1e6,
        best,
        bytes.len() as f64 / 1e6 / best,
        best * 1e9 / rows.max(1) as f64,
    ))
}
