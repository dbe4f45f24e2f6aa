//! The people a fold has met, in less memory than a `Vec<User>`: their emails share one
//! string, where a `String` each costs its header and an allocation (about 50 bytes a
//! person of 70, at 166,666 people).

use uuid::Uuid;

use super::super::User;

/// People by index: id and email.
#[derive(Debug, Default)]
pub(super) struct People {
    ids: Vec<Uuid>,
    emails: String,
    /// Each person's email: `emails[at..at + len]`.
    at: Vec<u64>,
    len: Vec<u32>,
}

impl People {
    pub(super) fn len(&self) -> usize {
        self.ids.len()
    }

    pub(super) fn push(&mut self, id: Uuid, email: &str) {
        self.ids.push(id);
        self.at.push(self.emails.len() as u64);
        self.len.push(email.len() as u32);
        self.emails.push_str(email);
    }

    pub(super) fn email(&self, u: usize) -> &str {
        let at = self.at[u] as usize;
        &self.emails[at..at + self.len[u] as usize]
    }

    /// Gives person `u` another email (the old one's bytes stay unused: this is rare).
    pub(super) fn set_email(&mut self, u: usize, email: &str) {
        self.at[u] = self.emails.len() as u64;
        self.len[u] = email.len() as u32;
        self.emails.push_str(email);
    }

    /// The people in `order` (old indices, by new index).
    pub(super) fn reorder(&mut self, order: &[usize]) {
        self.ids = order.iter().map(|&u| self.ids[u]).collect();
        self.at = order.iter().map(|&u| self.at[u]).collect();
        self.len = order.iter().map(|&u| self.len[u]).collect();
    }

    pub(super) fn into_users(self) -> Vec<User> {
        (0..self.len())
            .map(|u| User {
                id: self.ids[u],
                email: self.email(u).to_string(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_by_person_reordered_and_replaced() {
        let mut p = People::default();
        p.push(Uuid::from_u128(1), "a@x.io");
        p.push(Uuid::from_u128(2), "bb@x.io");
        p.push(Uuid::from_u128(3), "");
        p.set_email(0, "é@x.io");
        p.reorder(&[2, 0, 1]);
        let users = p.into_users();
        let got: Vec<_> = users
            .iter()
            .map(|u| (u.id.as_u128(), u.email.as_str()))
            .collect();
        assert_eq!(got, [(3, ""), (1, "é@x.io"), (2, "bb@x.io")]);
    }
}
