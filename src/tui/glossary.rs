//! What the numbers mean: the second page of `?` (press `?` again). The words are the
//! ones the screen uses; each says how the number is counted.

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
        "new, dormant",
        "New: prompts now, none in the previous period; dormant: the reverse. The Users table lists the dormant too, after the active.",
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
        "The range's day with the most prompts, and how many.",
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
        "share",
        "A person's or product's part of the view's prompts; it sorts like Total.",
    ),
    (
        "origin",
        "Where the prompts came from: APP, SLACK or API_KEY.",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_glossary_explains_what_the_screen_names() {
        let terms: Vec<&str> = GLOSSARY.iter().map(|(t, _)| *t).collect();
        for t in [
            "active user",
            "new, dormant",
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
