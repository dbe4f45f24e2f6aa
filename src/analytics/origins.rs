//! Whether the per-origin answers add up to the all-origins one. The API's field
//! description says `prompt_count` counts prompts "across all origins", which a server
//! could apply even when `origin` is asked for: then each origin's answer is the whole,
//! and per-origin shares are silently wrong. The dashboard marks it in its header and
//! hides the shares; `report`, which fetches the same three answers, warns on stderr.

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

    /// The one-line warning for stderr when the origins do not add up (`None` else).
    pub fn warning(self) -> Option<String> {
        let OriginCheck::Mismatch { sum, total } = self else {
            return None;
        };
        Some(format!(
            "the origins' answers sum to {} prompts but the all-origins total is {}: the server may count across all origins even when one is asked for, so the origin shares are not to be trusted",
            crate::numbers::thousands(sum),
            crate::numbers::thousands(total)
        ))
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
        let bad = OriginCheck::of(10, &[Some(10), Some(10), Some(10)]);
        assert_eq!(bad, OriginCheck::Mismatch { sum: 30, total: 10 });
        let line = bad.warning().unwrap();
        assert!(
            line.contains("sum to 30") && line.contains("total is 10"),
            "{line}"
        );
        assert_eq!(OriginCheck::AddsUp.warning(), None);
    }
}
