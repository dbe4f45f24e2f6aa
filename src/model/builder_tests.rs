//! The builder: repeated rows compacted as they come, counts a cell cannot hold, blocks.

use super::*;
use std::borrow::Cow;

fn row(user: u128, day: u32, n: u64) -> RowRef<'static> {
    RowRef {
        product_id: Uuid::from_u128(1),
        product_name: Cow::Borrowed("P"),
        user_id: Uuid::from_u128(user),
        user_email: Cow::Owned(format!("u{user}@x.io")),
        date: NaiveDate::from_ymd_opt(2026, 1, day).unwrap(),
        prompt_count: n,
    }
}

/// A builder over January 2026.
fn january() -> Builder {
    let range = DateRange::new(
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        NaiveDate::from_ymd_opt(2026, 1, 31).unwrap(),
    );
    Builder::new(RangeSpec::Fixed(range.unwrap()))
}

#[test]
fn repeated_rows_are_compacted_as_they_arrive() {
    let mut b = january();
    b.push(&row(1, 2, 7)).unwrap();
    b.push(&row(2, 3, 5)).unwrap();
    for _ in 0..3_000_000 {
        b.push(&row(1, 2, 1000)).unwrap();
        assert!(
            b.cells.len() <= 2 * COMPACT_EVERY,
            "cells kept: {}",
            b.cells.len()
        );
    }
    let u = b.finish().unwrap();
    // The first row of each (person, product, day) wins; every repeat is counted.
    assert_eq!(u.total(), 12);
    assert_eq!(u.warnings().duplicates, 3_000_000);
}

#[test]
fn a_count_no_cell_can_hold_is_refused_with_its_row() {
    let mut b = january();
    b.push(&row(1, 2, 7)).unwrap();
    let big = u64::from(u32::MAX) + 1;
    match b.push(&row(2, 3, big)) {
        Err(DecodeError::CountTooLarge { row, count, .. }) => {
            assert_eq!((row, count), (2, big));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn blocks_keep_every_cell_in_order() {
    for (len, n) in [(0, 3), (1, 3), (3, 3), (7, 3), (9, 1), (5, 100)] {
        let cells: Vec<Cell> = (0..len)
            .map(|i| Cell {
                count: i as u32,
                user: 0,
                product: 0,
                day: 0,
            })
            .collect();
        let blocks = into_blocks(cells.clone(), n);
        assert!(blocks.iter().all(|b| !b.is_empty() && b.len() <= n));
        assert_eq!(blocks.concat(), cells, "{len} cells by {n}");
    }
}
