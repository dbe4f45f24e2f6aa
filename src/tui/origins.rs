//! The Origins block of the all-origins view: APP, SLACK and API_KEY with their count,
//! share and sparkline, from one request per origin. The shares are only shown when the
//! origins add up to the whole: a server that counts "across all origins" even when an
//! origin is asked for would otherwise show three shares of 100%.

use super::view::{SeriesLine, fit_series};
use crate::api::Origin;
use crate::model::Usage;

/// Whether the per-origin answers agree with the all-origins one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OriginCheck {
    /// Some origin's answer is still on its way.
    #[default]
    Waiting,
    AddsUp,
    /// The origins' sum is not the all-origins total: the split cannot be trusted.
    Mismatch {
        sum: u64,
        total: u64,
    },
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Origins {
    /// One line per origin; `None` while its request runs.
    pub lines: Vec<(Origin, Option<SeriesLine>)>,
    pub check: OriginCheck,
}

impl Origins {
    /// The origins of `all` (the all-origins answer) from each origin's answer, with
    /// sparklines `spark_w` cells wide.
    pub fn of(all: &Usage, origins: [Option<&Usage>; 3], spark_w: usize) -> Origins {
        let lines: Vec<(Origin, Option<SeriesLine>)> = Origin::ALL
            .iter()
            .zip(origins)
            .map(|(o, u)| {
                let line = u.map(|u| SeriesLine {
                    name: o.as_str().into(),
                    total: u.total(),
                    series: fit_series(u.day_totals(), spark_w).0,
                });
                (*o, line)
            })
            .collect();
        let check = if lines.iter().all(|(_, l)| l.is_some()) {
            let sum: u64 = lines.iter().flat_map(|(_, l)| l).map(|l| l.total).sum();
            if sum == all.total() {
                OriginCheck::AddsUp
            } else {
                OriginCheck::Mismatch {
                    sum,
                    total: all.total(),
                }
            }
        } else {
            OriginCheck::Waiting
        };
        Origins { lines, check }
    }
}
