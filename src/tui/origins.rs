//! The Origins block of the all-origins view: APP, SLACK and API_KEY with their count,
//! share and sparkline, from one request per origin. The shares are only shown when the
//! origins add up to the whole: a server that counts "across all origins" even when an
//! origin is asked for would otherwise show three shares of 100%.

use super::series::{SeriesLine, fit_series};
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

impl OriginCheck {
    /// `all`: the all-origins total; `origins`: each origin's total, `None` while its
    /// request runs.
    pub fn of(all: u64, origins: &[Option<u64>]) -> OriginCheck {
        if origins.iter().any(Option::is_none) {
            return OriginCheck::Waiting;
        }
        let sum: u64 = origins.iter().flatten().sum();
        if sum == all {
            OriginCheck::AddsUp
        } else {
            OriginCheck::Mismatch { sum, total: all }
        }
    }
}

/// The Origins block of the all-origins view.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Origins {
    /// One line per origin; `None` while its request runs.
    pub lines: Vec<(Origin, Option<SeriesLine>)>,
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
                    series: fit_series(u.day_totals(), spark_w).0,
                });
                (*o, line)
            })
            .collect();
        let totals: Vec<Option<u64>> = lines
            .iter()
            .map(|(_, l)| l.as_ref().map(|l| l.total))
            .collect();
        Origins {
            check: OriginCheck::of(all.total(), &totals),
            lines,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_origins_add_up_or_not() {
        assert_eq!(
            OriginCheck::of(10, &[Some(5), None, Some(5)]),
            OriginCheck::Waiting
        );
        assert_eq!(
            OriginCheck::of(10, &[Some(5), Some(0), Some(5)]),
            OriginCheck::AddsUp
        );
        assert_eq!(
            OriginCheck::of(10, &[Some(10), Some(10), Some(10)]),
            OriginCheck::Mismatch { sum: 30, total: 10 }
        );
    }
}
