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
        "Prompts sent in the range, with the origin and product filters applied.",
    ),
    (
        "active user",
        "A person with at least one prompt in the range (for a day: on that day).",
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
        "A person's (or product's) prompts as a part of all prompts in the view; it sorts like Total.",
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
