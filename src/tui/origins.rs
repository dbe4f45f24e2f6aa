//! The Origins block of the all-origins view: APP, SLACK and API_KEY with their count,
//! share and sparkline, from one request per origin. The shares are only shown when the
//! origins add up to the whole: a server that counts "across all origins" even when an
//! origin is asked for would otherwise show three shares of 100%.

use super::series::{SeriesLine, fit_series};
use crate::api::Origin;
use crate::model::Usage;

/// The rule is shared with `report`, which warns on the same mismatch.
pub use crate::analytics::origins::OriginCheck;

/// The Origins block of the all-origins view.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Origins {
    /// One line per origin; `None` while its request runs.
    pub lines: Vec<(Origin, Option<SeriesLine>)>,
    /// Each origin's share, adding up to 100.0; none until every origin has answered.
    pub shares: Vec<Option<f64>>,
    pub check: OriginCheck,
}

impl Origins {
    /// The origins of `all` from each origin's answer, sparklines `spark_w` cells wide.
    pub fn of(all: &Usage, origins: [Option<&Usage>; 3], spark_w: usize) -> Origins {
        let lines: Vec<(Origin, Option<SeriesLine>)> = Origin::ALL
            .iter()
            .zip(origins)
            .map(|(o, u)| {
                let line = u.map(|u| SeriesLine {
                    name: o.as_str().into(),
                    total: u.total(),
                    series: fit_series(u.day_totals(), spark_w),
                });
                (*o, line)
            })
            .collect();
        let totals: Vec<Option<u64>> = lines
            .iter()
            .map(|(_, l)| l.as_ref().map(|l| l.total))
            .collect();
        let shares = match totals.iter().copied().collect::<Option<Vec<u64>>>() {
            Some(all) => crate::numbers::shares(&all),
            None => vec![None; totals.len()],
        };
        Origins {
            check: OriginCheck::of(all.total(), &totals),
            lines,
            shares,
        }
    }
}
