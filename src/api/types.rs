//! The request and row types of the prompt-usage endpoint, as the contract defines them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::dates::DateRange;

/// The channel a prompt was sent through. The API filters on one origin at a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Origin {
    App,
    Slack,
    ApiKey,
}

impl Origin {
    pub const ALL: [Origin; 3] = [Origin::App, Origin::Slack, Origin::ApiKey];

    /// The wire name (`APP`, `SLACK`, `API_KEY`).
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::App => "APP",
            Origin::Slack => "SLACK",
            Origin::ApiKey => "API_KEY",
        }
    }

    /// Parses the wire name, case-insensitively (`api-key` and `api_key` both work).
    pub fn parse(s: &str) -> Option<Origin> {
        match s.trim().to_ascii_uppercase().replace('-', "_").as_str() {
            "APP" => Some(Origin::App),
            "SLACK" => Some(Origin::Slack),
            "API_KEY" | "APIKEY" => Some(Origin::ApiKey),
            _ => None,
        }
    }

    /// The next origin filter in the cycle All -> APP -> SLACK -> API_KEY -> All.
    pub fn cycle(current: Option<Origin>, forward: bool) -> Option<Origin> {
        let order = [
            None,
            Some(Origin::App),
            Some(Origin::Slack),
            Some(Origin::ApiKey),
        ];
        let i = order.iter().position(|o| *o == current).unwrap_or(0);
        let n = order.len();
        order[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }]
    }
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Parses an origin filter as written on the command line or in config: `all` means none.
pub fn parse_origin_filter(s: &str) -> Result<Option<Origin>, String> {
    if s.trim().eq_ignore_ascii_case("all") || s.trim().is_empty() {
        return Ok(None);
    }
    Origin::parse(s)
        .map(Some)
        .ok_or_else(|| format!("'{s}' is not an origin: use all, APP, SLACK or API_KEY"))
}

/// One request's filters. Everything the server filters on is here, so a `UsageQuery` also
/// names a cached view.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UsageQuery {
    pub range: DateRange,
    pub product_ids: Vec<Uuid>,
    pub search: Option<String>,
    pub origin: Option<Origin>,
}

impl UsageQuery {
    pub fn new(range: DateRange) -> Self {
        Self {
            range,
            product_ids: Vec::new(),
            search: None,
            origin: None,
        }
    }

    /// The query-string pairs in the contract's form: `product_ids` repeated once per
    /// product, `search` and `origin` omitted when unset.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut p = vec![
            ("start_date", self.range.start().to_string()),
            ("end_date", self.range.end().to_string()),
        ];
        for id in &self.product_ids {
            p.push(("product_ids", id.to_string()));
        }
        if let Some(s) = self.search.as_deref().filter(|s| !s.is_empty()) {
            p.push(("search", s.to_string()));
        }
        if let Some(o) = self.origin {
            p.push(("origin", o.as_str().to_string()));
        }
        p
    }

    /// Whether the query asks for part of the organization (some products or people):
    /// its figures say nothing of the organization's quiet days.
    pub fn narrows_people_or_products(&self) -> bool {
        self.search.is_some() || !self.product_ids.is_empty()
    }

    /// The same filters over another range (chunked fetches, the previous period).
    pub fn with_range(&self, range: DateRange) -> Self {
        Self {
            range,
            ..self.clone()
        }
    }

    /// The same filters for another origin (per-origin splits).
    pub fn with_origin(&self, origin: Option<Origin>) -> Self {
        Self {
            origin,
            ..self.clone()
        }
    }
}

/// One row of the response, owned. The client's hot path decodes rows without building
/// this type (see `model::decode`); the contract server and the `row` export use it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsageRow {
    pub product_id: Uuid,
    pub product_name: String,
    pub user_id: Uuid,
    pub user_email: String,
    pub date: NaiveDate,
    pub prompt_count: u64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::parse_date;

    #[test]
    fn origin_cycle_visits_all_and_returns() {
        let mut o = None;
        let mut seen = vec![];
        for _ in 0..4 {
            o = Origin::cycle(o, true);
            seen.push(o);
        }
        assert_eq!(
            seen,
            vec![
                Some(Origin::App),
                Some(Origin::Slack),
                Some(Origin::ApiKey),
                None
            ]
        );
        assert_eq!(Origin::cycle(None, false), Some(Origin::ApiKey));
    }

    #[test]
    fn pairs_repeat_product_ids_and_omit_empty() {
        let r = DateRange::new(
            parse_date("2026-01-01").unwrap(),
            parse_date("2026-01-31").unwrap(),
        )
        .unwrap();
        let mut q = UsageQuery::new(r);
        q.product_ids = vec![Uuid::from_u128(1), Uuid::from_u128(2)];
        q.search = Some(String::new());
        let p = q.pairs();
        assert_eq!(p.iter().filter(|(k, _)| *k == "product_ids").count(), 2);
        assert!(!p.iter().any(|(k, _)| *k == "search" || *k == "origin"));
        q.origin = Some(Origin::ApiKey);
        assert!(q.pairs().contains(&("origin", "API_KEY".into())));
    }

    #[test]
    fn origin_filter_parsing() {
        assert_eq!(parse_origin_filter("all"), Ok(None));
        assert_eq!(parse_origin_filter("slack"), Ok(Some(Origin::Slack)));
        assert_eq!(parse_origin_filter("api-key"), Ok(Some(Origin::ApiKey)));
        assert!(parse_origin_filter("EMAIL").is_err());
    }
}
