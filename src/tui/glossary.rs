//! What the numbers mean: the second page of `?` (press `?` again). The words are the
//! ones the screen uses; each says how the number is counted. Its lines are wrapped here,
//! not by the widget, so that `update` knows how far the page may scroll on a short
//! terminal (it scrolls as the keys page does, by the same keys and code).

use super::help::Shape;
use super::text::wrap;

/// The pop-up's width, border included, when the terminal is wider.
pub const WIDTH: u16 = 76;

/// (term, meaning), in the order a reader meets them on the screen.
pub const GLOSSARY: &[(&str, &str)] = &[
    (
        "UTC days",
        "Every day is a calendar day in UTC, as the API counts them; a range's dates are both included.",
    ),
    (
        "today so far",
        "Today (UTC) is not over: a range that ends today counts it partly. Set end_yesterday = true to end default ranges on the last whole day.",
    ),
    (
        "prompts",
        "Prompts sent in the range, with the view's filters applied.",
    ),
    (
        "active user",
        "A person with a prompt in the range (for a day: on that day).",
    ),
    (
        "new, dormant, retained",
        "New: prompts now, none in the previous period; dormant: the reverse; retained: prompts in both (the Status column). The Users table lists the dormant too, after the active.",
    ),
    (
        "Avg DAU",
        "The people active each day, averaged over the range's days.",
    ),
    (
        "DAU/MAU",
        "Avg DAU of the last 30 days over the people active in them (from 28 days).",
    ),
    (
        "busiest",
        "The range's day with the most prompts, and how many (the earliest of a tie).",
    ),
    (
        "per active user/day",
        "Prompts divided by active users, divided by the days in the range.",
    ),
    (
        "change, vs",
        "Prompts against the previous period, whose dates the header shows after 'vs': the same number of days just before, or for a calendar range (week, month, quarter, year to date) the same span one unit back.",
    ),
    (
        "Prev, Δ, Δ%",
        "A person's prompts in the previous period, the change since (now less then), and that change in percent of then: — when then was 0.",
    ),
    (
        "movers",
        "The lenses (v) of the people whose prompts rose (Movers up) or fell (Movers down) against the previous period, the biggest change first; the new are among those up, the dormant among those down.",
    ),
    (
        "partial",
        "A bar, bucket or day that holds only part of its days: cut by the range, or today, not over (drawn dim or dotted). A view marked partial in the header is still loading its newest days.",
    ),
    (
        "share",
        "A person's or product's part of the view's prompts; it sorts like Total.",
    ),
    (
        "origin",
        "Where the prompts came from: APP, SLACK or API_KEY.",
    ),
];

/// One line of the page as drawn: an entry's first line begins with its term.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The term leading this line (`""` on the lines that go on with a meaning).
    pub term: &'static str,
    /// What follows the term and its `": "` (the whole line when there is no term).
    pub text: String,
}

/// The glossary wrapped to `width` cells, word by word, each entry on lines of its own.
pub fn rows(width: usize) -> Vec<Row> {
    let mut out = Vec::new();
    for (term, meaning) in GLOSSARY {
        let lead = format!("{term}: ");
        for (i, line) in wrap(&format!("{lead}{meaning}"), width)
            .into_iter()
            .enumerate()
        {
            out.push(match line.strip_prefix(&lead) {
                Some(rest) if i == 0 => Row {
                    term,
                    text: rest.to_string(),
                },
                _ => Row {
                    term: "",
                    text: line,
                },
            });
        }
    }
    out
}

/// The cells inside the pop-up's border at terminal `size`.
pub fn inner(size: (u16, u16)) -> (u16, u16) {
    let (w, h) = size;
    (w.min(WIDTH).saturating_sub(2), h.saturating_sub(2))
}

/// The page's shape at terminal `size`, as `help::shape` gives the keys page's: every
/// line when they fit, else a window over them with the scroll line under it.
pub fn shape(size: (u16, u16)) -> Shape {
    page(size).0
}

/// [`shape`] with the rows it was worked out from (the pop-up draws them: wrapped once a
/// frame, not twice).
pub fn page(size: (u16, u16)) -> (Shape, Vec<Row>) {
    let (w, h) = inner(size);
    let all = rows(usize::from(w));
    let n = all.len() as u16;
    let rows = if n <= h { n } else { h.saturating_sub(1) };
    let shape = Shape {
        cols: 1,
        rows,
        defs: 0,
        scroll_max: n.saturating_sub(rows),
    };
    (shape, all)
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn at_60x16_the_page_scrolls_and_every_term_is_on_a_line() {
        let s = shape((60, 16));
        let all = rows(58);
        assert_eq!(
            s.rows, 13,
            "14 rows inside, the last one says how to scroll"
        );
        assert_eq!(usize::from(s.rows + s.scroll_max), all.len());
        let lead = |r: &Row| {
            if r.term.is_empty() {
                0
            } else {
                r.term.len() + 2
            }
        };
        assert!(all.iter().all(|r| lead(r) + r.text.width() <= 58));
        let terms: Vec<&str> = all
            .iter()
            .map(|r| r.term)
            .filter(|t| !t.is_empty())
            .collect();
        let every: Vec<&str> = GLOSSARY.iter().map(|(t, _)| *t).collect();
        assert_eq!(terms, every);
        // Tall enough for all of it: nothing to scroll (80x24 scrolls a few lines).
        assert_eq!(shape((120, 40)).scroll_max, 0);
        assert!(shape((80, 24)).scroll_max > 0);
        assert_eq!(shape((200, 60)).rows as usize, rows(74).len());
    }

    #[test]
    fn wrapping_breaks_between_words_and_keeps_them_all() {
        let text = "per active user/day: Prompts divided by active users";
        let lines = wrap(text, 20);
        assert!(lines.iter().all(|l| l.width() <= 20), "{lines:?}");
        assert_eq!(lines.join(" "), text);
        assert_eq!(wrap("abcdefgh", 3), ["abc", "def", "gh"]);
    }

    #[test]
    fn the_glossary_explains_what_the_screen_names() {
        let terms: Vec<&str> = GLOSSARY.iter().map(|(t, _)| *t).collect();
        for t in [
            "active user",
            "new, dormant, retained",
            "Prev, Δ, Δ%",
            "movers",
            "partial",
            "Avg DAU",
            "DAU/MAU",
            "busiest",
            "per active user/day",
            "change, vs",
            "share",
            "today so far",
            "UTC days",
        ] {
            assert!(terms.contains(&t), "{t}");
        }
        assert!(
            GLOSSARY
                .iter()
                .all(|(_, m)| m.ends_with('.') && !m.contains('\n'))
        );
    }
}
