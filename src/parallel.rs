//! How work is shared over the processors: one rule for how many there are, and one way
//! to run the pieces of a job on threads of their own. The fold, its end and the CSV
//! writer each split work this way; they differ in what a piece is, not in how it runs.

/// The processors this process may use: 1 when the system does not say.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Runs `job` on each piece, the first on this thread (which would only wait otherwise)
/// and each other on a scoped thread of its own; the results in the pieces' order. A
/// job's panic goes on in this thread, as if the pieces had run here.
pub fn run_each<P: Send, R: Send>(
    pieces: impl IntoIterator<Item = P>,
    job: impl Fn(P) -> R + Sync,
) -> Vec<R> {
    let mut pieces = pieces.into_iter();
    let Some(first) = pieces.next() else {
        return Vec::new();
    };
    let job = &job;
    std::thread::scope(|s| {
        let others: Vec<_> = pieces.map(|p| s.spawn(move || job(p))).collect();
        let mut done = vec![job(first)];
        done.extend(
            (others.into_iter()).map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))),
        );
        done
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_the_pieces_order_whatever_ends_first() {
        let pieces = vec![30u64, 0, 20, 5];
        let got = run_each(pieces, |ms| {
            std::thread::sleep(std::time::Duration::from_millis(ms));
            ms * 2
        });
        assert_eq!(got, vec![60, 0, 40, 10]);
        assert!(run_each(Vec::<u8>::new(), |x| x).is_empty());
    }

    #[test]
    fn pieces_may_borrow_what_they_write_into() {
        let mut bufs = vec![Vec::new(); 3];
        let lens = run_each(bufs.iter_mut().enumerate(), |(i, b)| {
            b.extend(std::iter::repeat_n(i as u8, i + 1));
            b.len()
        });
        assert_eq!(lens, vec![1, 2, 3]);
        assert_eq!(bufs[2], vec![2, 2, 2]);
    }

    #[test]
    #[should_panic(expected = "piece 2")]
    fn a_panic_in_another_thread_goes_on_here() {
        run_each(0..3, |i| assert!(i != 2, "piece {i}"));
    }

    #[test]
    fn there_is_at_least_one_core() {
        assert!(cores() >= 1);
    }
}
