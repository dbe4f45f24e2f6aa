//! A model's people in ascending email order, computed once per model and kept with it.
//! The dashboard's table breaks every tie by email; sorting 166k emails took a third of
//! the frame that shows a 10M-row answer. The fetch task that delivers a model computes
//! it there, off the UI thread, so `update` finds it ready.

use std::sync::{Arc, OnceLock};

/// The memo: empty until first asked. It is derived from the model, so two models are
/// equal whether or not either has computed it.
#[derive(Clone, Debug, Default)]
pub(super) struct EmailOrder(OnceLock<Arc<[u32]>>);

impl PartialEq for EmailOrder {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for EmailOrder {}

impl super::Usage {
    /// User indexes by ascending email, equal emails by id (the order of
    /// `crate::order::email_ranks`, and the exports' tie rule). Computed on the first
    /// call, then kept.
    pub fn users_by_email(&self) -> &[u32] {
        self.email_order.0.get_or_init(|| {
            let users = self.users();
            let mut by: Vec<u32> = (0..users.len() as u32).collect();
            let key = |i: u32| (users[i as usize].email.as_str(), users[i as usize].id);
            by.sort_unstable_by(|&a, &b| key(a).cmp(&key(b)));
            by.into()
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::order::email_ranks;

    #[test]
    fn the_order_of_the_email_ranks() {
        let mut rng = fastrand::Rng::with_seed(11);
        for _ in 0..50 {
            let rows: Vec<(u128, u128, String, u64)> = (0..rng.usize(0..60))
                .map(|_| (1, rng.u128(1..40), "2026-10-02".to_string(), 1))
                .collect();
            let u = crate::analytics::testing::usage_owned("2026-10-01", "2026-10-05", rows);
            let users = u.users();
            let rank = email_ranks(users.len(), |i| (users[i].email.as_str(), users[i].id));
            let by = u.users_by_email();
            assert_eq!(by.len(), users.len());
            for (place, &i) in by.iter().enumerate() {
                assert_eq!(rank[i as usize], place as u32);
            }
            // Kept: a second call is the same slice.
            assert!(std::ptr::eq(by, u.users_by_email()));
        }
    }
}
