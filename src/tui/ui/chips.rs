//! Lines made of labelled parts ("chips") that must fit one row: the header's filters and
//! the KPI lines. A line is never cut mid-word: when it is too wide, parts take their short
//! form or leave whole, one step at a time, the least needed step first.

use chrono::Datelike;
use ratatui::text::{Line, Span};

/// One part of a line: how much it is needed (0 always stays, a higher number leaves
/// first), its spans, and a shorter form of the same spans, if it has one, with how much
/// the long form is needed (it gives way to the short one at that rank, before a part of
/// the same rank leaves).
pub struct Chip {
    pub need: u8,
    pub long: Vec<Span<'static>>,
    pub short: Option<(u8, Vec<Span<'static>>)>,
}

impl Chip {
    /// A part with one form only.
    pub fn new(need: u8, spans: Vec<Span<'static>>) -> Chip {
        Chip {
            need,
            long: spans,
            short: None,
        }
    }

    /// A part that has a shorter form for narrow terminals, taken at rank `need`.
    pub fn or_short(mut self, need: u8, short: Vec<Span<'static>>) -> Chip {
        self.short = Some((need, short));
        self
    }

    fn cells(&self) -> usize {
        self.long.iter().map(Span::width).sum()
    }
}

/// The parts that fit `width`, in their order. While the line is too wide, the least
/// needed step is taken: a long form gives way to its short one, or a part leaves (those
/// needed 0 stay, so the row may still cut those).
pub fn fit(mut chips: Vec<Chip>, width: u16) -> Line<'static> {
    let width = usize::from(width);
    let cells = |c: &[Chip]| c.iter().map(Chip::cells).sum::<usize>();
    while cells(&chips) > width {
        // (rank, shorten before leave at the same rank, position: the later first)
        let shorten = (0..chips.len())
            .filter_map(|i| chips[i].short.as_ref().map(|(n, _)| (*n, 1, i)))
            .max();
        let leave = (0..chips.len())
            .filter(|&i| chips[i].need > 0)
            .map(|i| (chips[i].need, 0, i))
            .max();
        match shorten.max(leave) {
            Some((_, 1, i)) => {
                let (_, short) = chips[i].short.take().expect("a short form");
                chips[i].long = short;
            }
            Some((_, _, i)) => {
                chips.remove(i);
            }
            None => break,
        }
    }
    Line::from(chips.into_iter().flat_map(|c| c.long).collect::<Vec<_>>())
}

/// A range in few cells: the years left out when both ends are in the current year.
pub fn short_range(r: crate::dates::DateRange, today: chrono::NaiveDate) -> String {
    if r.start().year() == today.year() && r.end().year() == today.year() {
        format!("{}..{}", r.start().format("%m-%d"), r.end().format("%m-%d"))
    } else if r.start().year() == r.end().year() {
        format!("{}..{}", r.start(), r.end().format("%m-%d"))
    } else {
        format!("{}..{}", r.start(), r.end())
    }
}

/// A day in few cells: the year left out when it is the current one.
pub fn short_day(d: chrono::NaiveDate, today: chrono::NaiveDate) -> String {
    if d.year() == today.year() {
        d.format("%m-%d").to_string()
    } else {
        d.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(l: &Line) -> String {
        l.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    fn chips() -> Vec<Chip> {
        vec![
            Chip::new(0, vec![Span::raw("Prompts 12,345")]),
            Chip::new(2, vec![Span::raw("  New 7")]),
            Chip::new(1, vec![Span::raw("  Active users 40")])
                .or_short(3, vec![Span::raw("  Active 40")]),
        ]
    }

    #[test]
    fn wide_enough_keeps_every_long_form() {
        assert_eq!(
            text(&fit(chips(), 80)),
            "Prompts 12,345  New 7  Active users 40"
        );
    }

    #[test]
    fn narrow_takes_the_short_form_ranked_before_dropping_anything() {
        // 38 cells long, 32 short.
        assert_eq!(text(&fit(chips(), 32)), "Prompts 12,345  New 7  Active 40");
    }

    #[test]
    fn a_short_form_ranked_low_comes_after_the_parts_ranked_higher_leave() {
        let mut c = chips();
        c[2].short.as_mut().unwrap().0 = 1;
        assert_eq!(text(&fit(c, 32)), "Prompts 12,345  Active users 40");
        let mut c = chips();
        c[2].short.as_mut().unwrap().0 = 1;
        assert_eq!(text(&fit(c, 26)), "Prompts 12,345  Active 40");
    }

    #[test]
    fn narrower_drops_the_least_needed_whole() {
        assert_eq!(text(&fit(chips(), 31)), "Prompts 12,345  Active 40");
        assert_eq!(text(&fit(chips(), 20)), "Prompts 12,345");
        // What must stay stays, even when it does not fit (the row cuts it then).
        assert_eq!(text(&fit(chips(), 5)), "Prompts 12,345");
    }
}
