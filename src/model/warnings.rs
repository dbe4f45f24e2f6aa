//! Rows that were not added to the totals, and days a saved file does not hold: said once
//! beside the figures (a stderr line, the dashboard's KPI strip), never added in.

/// Rows that were not added to the totals, and why.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Warnings {
    /// Rows dated outside the requested range (dropped).
    pub out_of_range: u64,
    /// Further rows for a (product, user, day) already seen (the first is kept).
    pub duplicates: u64,
    /// Rows that give a known product id another name (the first name is kept).
    pub renamed_products: u64,
    /// Days of a saved response's range seen through a window that reaches past it: they
    /// read as days without prompts, which the file never said.
    pub days_outside: u64,
}

impl Warnings {
    pub fn is_empty(&self) -> bool {
        *self == Warnings::default()
    }
}

impl std::fmt::Display for Warnings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut parts = Vec::new();
        if self.out_of_range > 0 {
            let n = crate::numbers::count_of(self.out_of_range, "row", "rows");
            parts.push(format!("{n} outside the range dropped"));
        }
        if self.duplicates > 0 {
            let n = crate::numbers::count_of(self.duplicates, "duplicate row", "duplicate rows");
            parts.push(format!("{n} dropped"));
        }
        if self.renamed_products > 0 {
            let n = crate::numbers::count_of(self.renamed_products, "row", "rows");
            parts.push(format!("{n} gave a product a second name (the first kept)"));
        }
        if self.days_outside > 0 {
            let n = crate::numbers::count_of(self.days_outside, "day", "days");
            parts.push(format!("{n} of the range not in the file (shown as none)"));
        }
        f.write_str(&parts.join(", "))
    }
}
