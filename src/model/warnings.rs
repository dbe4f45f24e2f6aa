//! Rows that were not added to the totals, and days a saved file does not hold: said once
//! beside the figures (a stderr line, the dashboard's KPI strip), never added in.

/// Rows that were not added to the totals, and why.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Warnings {
    /// Rows dated outside the requested range (dropped).
    pub out_of_range: u64,
    /// Of those, the rows dated before the range's first day: the file reaches further
    /// back than the range (not said apart: it tells a comparison where the file starts).
    pub before_range: u64,
    /// Further rows for a (product, user, day) already seen (the first is kept).
    pub duplicates: u64,
    /// Rows that give a known product id another name (the first name is kept).
    pub renamed_products: u64,
    /// Rows of products the request did not ask for (a server that ignored
    /// `product_ids`): dropped, or they were counted as the products asked for.
    pub other_products: u64,
    /// Days of a saved response's range seen through a window that reaches past it: they
    /// read as days without prompts, which the file never said.
    pub days_outside: u64,
}

impl Warnings {
    /// Nothing to say (`before_range` is only a part of `out_of_range`, said with it).
    pub fn is_empty(&self) -> bool {
        let said = Warnings {
            before_range: 0,
            ..*self
        };
        said == Warnings::default()
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
        if self.other_products > 0 {
            let n = crate::numbers::count_of(self.other_products, "row", "rows");
            parts.push(format!("{n} of products not asked for dropped"));
        }
        if self.days_outside > 0 {
            let n = crate::numbers::count_of(self.days_outside, "day", "days");
            parts.push(format!("{n} of the range not in the file (shown as none)"));
        }
        f.write_str(&parts.join(", "))
    }
}

impl Warnings {
    /// The same in few cells, for a line that has no room for the sentence (the KPI
    /// strip at 80 columns): each kind in two or three words, numbers first.
    pub fn terse(&self) -> String {
        let kinds = [
            (self.out_of_range, "outside range"),
            (self.duplicates, "repeated"),
            (self.renamed_products, "renamed"),
            (self.other_products, "not asked for"),
            (self.days_outside, "days missing"),
        ];
        (kinds.iter())
            .filter(|(n, _)| *n > 0)
            .map(|(n, what)| format!("{} {what}", crate::numbers::thousands(*n)))
            .collect::<Vec<_>>()
            .join(", ")
    }
}
