//! Masked emails, for screenshots and for reports sent beyond the people who may see
//! names: the dashboard's `m` and `report --mask` hide the same characters.

/// `ada.lovelace@acme.example` as `a***@acme.example`; text with no `@` is all hidden.
/// The domain follows the last `@`, as `teams::domain` reads it: `a@b@c` split at the
/// first showed `a***@b@c`, keeping a piece of the local part.
pub fn mask_email(e: &str) -> String {
    match e.rsplit_once('@') {
        Some((local, domain)) => format!("{}***@{domain}", local.chars().next().unwrap_or('*')),
        None => "***".into(),
    }
}

/// `text` with each word that holds an `@` masked as an email ([`mask_email`]), words
/// ending at spaces, slashes, quotes and brackets: a saved file's name, shown as a
/// report's source, can be the email of the person it was fetched for.
pub fn mask_words(text: &str) -> String {
    let sep = |c: char| c.is_whitespace() || matches!(c, '/' | '\\' | '(' | ')' | '"' | '\'');
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let (word, tail) = rest.split_at(rest.find(sep).unwrap_or(rest.len()));
        match word.contains('@') {
            true => out += &mask_email(word),
            false => out += word,
        }
        let cut = tail.chars().next().map_or(0, char::len_utf8);
        out += &tail[..cut];
        rest = &tail[cut..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_with_an_at_are_masked_and_the_rest_kept() {
        assert_eq!(
            mask_words("saved response (/tmp/ada.l@acme.example.json)"),
            "saved response (/tmp/a***@acme.example.json)"
        );
        assert_eq!(mask_words("demo organization"), "demo organization");
        assert_eq!(mask_words("a@b c@d"), "a***@b c***@d");
        assert_eq!(mask_words(""), "");
    }

    #[test]
    fn keeps_the_first_letter_and_the_domain() {
        assert_eq!(mask_email("ada@x.io"), "a***@x.io");
        assert_eq!(mask_email("nope"), "***");
        assert_eq!(mask_email("@x.io"), "****@x.io");
        assert_eq!(mask_email("a@b@c.io"), "a***@c.io");
        assert_eq!(crate::teams::domain("a@b@c.io"), "c.io");
    }
}
