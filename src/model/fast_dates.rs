//! A decoder's memory of the dates it has read: a response holds a few hundred dates
//! over millions of rows, and reading one (its digits checked, then made a day by
//! chrono) was a twentieth of decoding a row. Each date is kept in a slot of its own,
//! picked by its month and day digits, so that a year's dates never push each other out
//! whatever order the rows come in.

use chrono::NaiveDate;

use crate::dates::parse_ymd;

/// A date's ten bytes, as two numbers to compare, and what `parse_ymd` made of them.
#[derive(Clone, Copy, Debug)]
struct Slot {
    head: u64,
    tail: u16,
    date: Option<NaiveDate>,
}

/// Month 12 and day 31 pick slot 12 * 40 + 31 = 511: every real date has a slot of its
/// own in 512.
const SLOTS: usize = 512;

/// An empty slot: ten zero bytes, which are not a date, as `parse_ymd` says.
const EMPTY: Slot = Slot {
    head: 0,
    tail: 0,
    date: None,
};

/// Dates read before, each with its day.
#[derive(Clone, Debug)]
pub struct Dates {
    slots: Vec<Slot>,
}

impl Default for Dates {
    fn default() -> Self {
        Dates {
            slots: vec![EMPTY; SLOTS],
        }
    }
}

impl Dates {
    /// What `parse_ymd` gives for `b`: from memory when these ten bytes were read before.
    #[inline]
    pub fn read(&mut self, b: &[u8; 10]) -> Option<NaiveDate> {
        let head = u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]);
        let tail = u16::from_le_bytes([b[8], b[9]]);
        // The digits' low bits (whatever the bytes are: the key is compared whole).
        let digit = |at: usize| usize::from(b[at] & 15);
        let month = (digit(5) & 1) * 10 + digit(6);
        let day = (digit(8) & 3) * 10 + digit(9);
        let slot = &mut self.slots[(month * 40 + day) % SLOTS];
        if slot.head == head && slot.tail == tail {
            return slot.date;
        }
        let date = parse_ymd(b);
        *slot = Slot { head, tail, date };
        date
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every day of several years, twice, in an order that mixes years: the day
    /// `parse_ymd` gives, from memory or not.
    #[test]
    fn every_date_reads_as_parse_ymd_reads_it() {
        let mut dates = Dates::default();
        let start = NaiveDate::from_ymd_opt(1999, 12, 25).unwrap();
        let days: Vec<NaiveDate> = (0..4 * 366).map(|i| start + chrono::Days::new(i)).collect();
        for round in 0..2 {
            // 7919 is prime to the number of days: every day, in a mixed order.
            for i in 0..days.len() {
                let d = days[(i * 7919 + round) % days.len()];
                let text: [u8; 10] = d
                    .format("%Y-%m-%d")
                    .to_string()
                    .into_bytes()
                    .try_into()
                    .unwrap();
                assert_eq!(dates.read(&text), Some(d));
                assert_eq!(dates.read(&text), parse_ymd(&text));
            }
        }
    }

    /// Dates that share all but one byte with one read before, and bytes that are not
    /// dates: never taken for the date in the slot.
    #[test]
    fn a_shared_prefix_or_a_slot_is_not_the_same_date() {
        let mut dates = Dates::default();
        for text in [
            *b"2026-01-02",
            *b"2027-01-02",
            *b"2026-01-12",
            *b"2026-11-02",
            *b"2026-01-0x",
            *b"2026-01-32",
            *b"2026-02-30",
            *b"2026/01/02",
            [0; 10],
            *b"2026-01-02",
            *b"1026-01-02",
        ] {
            assert_eq!(dates.read(&text), parse_ymd(&text), "{text:?}");
        }
    }
}
