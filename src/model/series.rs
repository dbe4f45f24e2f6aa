//! A person's prompts per day, cut from their cells on demand, for the rows on screen
//! only: no users x days matrix is held.

use super::Usage;

impl Usage {
    /// Prompts per day for user `u`, zero-filled.
    pub fn user_daily(&self, u: usize) -> Vec<u64> {
        let mut out = vec![0; self.range.len_days()];
        for c in self.user_cells(u) {
            out[usize::from(c.day)] += u64::from(c.count);
        }
        out
    }
    /// Prompts per day for user `u`, one zero-filled series per product used.
    pub fn user_daily_by_product(&self, u: usize) -> Vec<(usize, Vec<u64>)> {
        let mut out: Vec<(usize, Vec<u64>)> = Vec::new();
        for c in self.user_cells(u) {
            let p = usize::from(c.product);
            if out.last().is_none_or(|(q, _)| *q != p) {
                out.push((p, vec![0; self.range.len_days()]));
            }
            if let Some((_, series)) = out.last_mut() {
                series[usize::from(c.day)] += u64::from(c.count);
            }
        }
        out
    }
}
