//! Masked emails, for screenshots and for reports sent beyond the people who may see
//! names: the dashboard's `m` and `report --mask` hide the same characters.

/// `ada.lovelace@acme.example` as `a***@acme.example`; text with no `@` is all hidden.
pub fn mask_email(e: &str) -> String {
    match e.split_once('@') {
        Some((local, domain)) => format!("{}***@{domain}", local.chars().next().unwrap_or('*')),
        None => "***".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_first_letter_and_the_domain() {
        assert_eq!(mask_email("ada@x.io"), "a***@x.io");
        assert_eq!(mask_email("nope"), "***");
        assert_eq!(mask_email("@x.io"), "****@x.io");
    }
}
