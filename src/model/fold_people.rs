//! The people a fold has met, in less memory than a `Vec<User>`: their emails share one
//! string, where a `String` each costs its header and an allocation. While rows are
//! added, people are found by id in the table of [`super::hot`]; these are the people
//! by index it leaves once all are in.

use uuid::Uuid;

use super::super::User;

/// People by index: id and email.
#[derive(Debug, Default)]
pub(super) struct People {
    ids: Vec<Uuid>,
    emails: Emails,
}

/// Emails by person index, in one string.
#[derive(Debug, Default)]
pub(super) struct Emails {
    text: String,
    /// Each person's email: `text[at..at + len]`.
    at: Vec<u64>,
    len: Vec<u32>,
}

impl Emails {
    pub(super) fn push(&mut self, email: &str) {
        self.at.push(self.text.len() as u64);
        self.len.push(email.len() as u32);
        self.text.push_str(email);
    }

    pub(super) fn get(&self, u: usize) -> &str {
        let at = self.at[u] as usize;
        &self.text[at..at + self.len[u] as usize]
    }

    /// Gives person `u` another email (the old one's bytes stay unused: this is rare).
    pub(super) fn set(&mut self, u: usize, email: &str) {
        self.at[u] = self.text.len() as u64;
        self.len[u] = email.len() as u32;
        self.text.push_str(email);
    }

    /// The emails in `order` (old indices, by new index).
    fn reorder(&mut self, order: &[usize]) {
        self.at = order.iter().map(|&u| self.at[u]).collect();
        self.len = order.iter().map(|&u| self.len[u]).collect();
    }
}

impl People {
    pub(super) fn len(&self) -> usize {
        self.ids.len()
    }

    /// Adds a person; their index is the number of people before.
    pub(super) fn push(&mut self, id: Uuid, email: &str) {
        self.ids.push(id);
        self.emails.push(email);
    }

    /// People with `ids` and `emails` by index (as many of each).
    pub(super) fn from_parts(ids: Vec<Uuid>, emails: Emails) -> Self {
        People { ids, emails }
    }

    pub(super) fn id(&self, u: usize) -> Uuid {
        self.ids[u]
    }

    pub(super) fn email(&self, u: usize) -> &str {
        self.emails.get(u)
    }

    /// The people in `order` (old indices, by new index).
    pub(super) fn reorder(&mut self, order: &[usize]) {
        self.ids = order.iter().map(|&u| self.ids[u]).collect();
        self.emails.reorder(order);
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
        p.emails.set(0, "é@x.io");
        p.reorder(&[2, 0, 1]);
        assert_eq!(p.id(1), Uuid::from_u128(1));
        let users = p.into_users();
        let got: Vec<_> = users
            .iter()
            .map(|u| (u.id.as_u128(), u.email.as_str()))
            .collect();
        assert_eq!(got, [(3, ""), (1, "é@x.io"), (2, "bb@x.io")]);
    }
}
