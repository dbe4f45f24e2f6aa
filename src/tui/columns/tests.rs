//! The column table's tests: placement, drop order, widths.

use super::*;

/// The widths worked out by hand: the columns always kept take 56 cells; the
/// sparkline (12) goes first, then `Δ%` (8), then `Share` (7); the email takes the
/// rest (44 at most while the sparkline is there to take the remainder). Under 16 cells
/// for the email, Prev (10), then Δ (10), then Last (11) go.
fn by_hand(w: u16) -> (usize, usize) {
    let w = w as usize;
    match w {
        127.. => (44, w - 116),
        115..=126 => (w - 71, 0),
        107..=114 => (w - 63, 0),
        72..=106 => (w - 56, 0),
        62..=71 => (w - 46, 0),
        52..=61 => (w - 36, 0),
        _ => (w.saturating_sub(25).max(8), 0),
    }
}

#[test]
fn users_table_widths_fill_the_line() {
    for w in 20..300u16 {
        let p = users(w);
        let email = p[0].unwrap().width as usize;
        assert_eq!((email, users_spark(w)), by_hand(w), "at {w}");
        let last = p.iter().flatten().last().unwrap();
        if w >= 33 {
            assert_eq!(last.x + last.width, w, "the line is filled at {w}");
        }
    }
    let at = |w: u16, c: Column| users(w)[USERS.iter().position(|u| u.column == c).unwrap()];
    // At the 60-column minimum: the status stays, the change columns make room.
    assert!(at(58, Column::Status).is_some() && at(58, Column::Previous).is_none());
    assert!(at(58, Column::Delta).is_none() && at(58, Column::LastActive).is_some());
    assert!(at(126, Column::Daily).is_none(), "the sparkline goes first");
    assert!(at(127, Column::Daily).is_some());
    assert!(at(114, Column::DeltaPct).is_none() && at(114, Column::Share).is_some());
    assert!(at(106, Column::Share).is_none());
    for c in [Column::Previous, Column::Delta, Column::Status] {
        assert!(at(80, c).is_some(), "{c:?} at 80 columns");
    }
}

#[test]
fn series_lines_leave_what_they_did() {
    for w in 0..200u16 {
        assert_eq!(PRODUCT_LINE.spark_width(w), w.saturating_sub(41) as usize);
        assert_eq!(DETAIL_LINE.spark_width(w), w.saturating_sub(36) as usize);
    }
    let [n, s, f] = PRODUCT_LINE.place(100);
    assert_eq!((n.x, s.x, f.x, f.width), (0, 23, 24 + 59, 17));
    let [_, s, f] = DETAIL_LINE.place(100);
    assert_eq!((s.x, f.x), (23, 23 + 64));
}

#[test]
fn every_sortable_column_has_a_name_and_a_key() {
    let names: Vec<&str> = Column::sortable().map(Column::name).collect();
    assert_eq!(
        names,
        [
            "email",
            "total",
            "active days",
            "last active",
            "previous",
            "change",
            "change %",
            "status",
            "team"
        ]
    );
    assert!(!Column::sortable_for(false).any(|c| c == Column::Team));
    assert_eq!(Column::sortable_for(true).count(), names.len());
}
