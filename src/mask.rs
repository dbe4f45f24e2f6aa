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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_first_letter_and_the_domain() {
        assert_eq!(mask_email("ada@x.io"), "a***@x.io");
        assert_eq!(mask_email("nope"), "***");
        assert_eq!(mask_email("@x.io"), "****@x.io");
        assert_eq!(mask_email("a@b@c.io"), "a***@c.io");
        assert_eq!(crate::teams::domain("a@b@c.io"), "c.io");
    }
}
