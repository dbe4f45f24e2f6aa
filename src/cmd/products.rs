//! `--product` takes a product's id or its name. The API filters by id only, and the names
//! are known only from the rows (as the dashboard learns them), so a name costs one fetch
//! of the asked range without the product, origin and search filters (a product is named
//! whoever used it, and through whichever channel); the ids it resolves to then go into
//! the query. A product no one used in the range (the day a `check` of it matters most) is
//! looked for in the [`AROUND`] days on either side. One place for the rule, used by
//! `export` and the dashboard alike.

use chrono::{Days, NaiveDate};
use uuid::Uuid;

use crate::api::{FetchEvent, UsageQuery};
use crate::cli::FilterArgs;
use crate::dates::DateRange;
use crate::dates::today_utc;
use crate::model::Product;
use crate::sanitize::one_line;
use crate::source::Source;
use crate::windows::{ChunkOptions, fetch_chunked};

use super::AppError;

/// The `--product` values that are not product ids: names to look up.
pub fn names(f: &FilterArgs) -> Vec<&str> {
    f.products
        .iter()
        .map(|p| p.trim())
        .filter(|p| Uuid::parse_str(p).is_err())
        .collect()
}

/// The query with every `--product NAME` replaced by the id of the one product of that name
/// (exact, case-insensitive) seen in the asked range, and those products (a report names
/// them, whoever's rows it keeps). Ids pass through untouched; with no names nothing is
/// fetched.
pub async fn by_name(
    f: &FilterArgs,
    source: &Source,
    mut q: UsageQuery,
    on_event: &(dyn Fn(FetchEvent) + Send + Sync),
) -> Result<(UsageQuery, Vec<Product>), AppError> {
    let names = names(f);
    if names.is_empty() {
        return Ok((q, Vec::new()));
    }
    let Source::Api { client, cache } = source else {
        // `filters::resolve` refuses --product with a saved response before this.
        return Ok((q, Vec::new()));
    };
    let today = today_utc();
    let mut probe = UsageQuery::new(q.range);
    let opts = ChunkOptions::new(today);
    let seen = fetch_chunked(client, &probe, &opts, cache.as_ref(), on_event).await?;
    let mut known = seen.products().to_vec();
    let mut looked = q.range;
    if let Some(wider) = around(q.range, today).filter(|_| names.iter().any(|n| !has(n, &known))) {
        probe.range = wider;
        let more = fetch_chunked(client, &probe, &opts, cache.as_ref(), on_event).await?;
        for p in more.products() {
            if !known.iter().any(|k| k.id == p.id) {
                known.push(p.clone());
            }
        }
        looked = wider;
    }
    for name in names {
        let id = match_name(name, &known).map_err(|why| {
            AppError::Usage(format!("--product '{}' in {looked}: {why}", one_line(name)))
        })?;
        if !q.product_ids.contains(&id) {
            q.product_ids.push(id);
        }
    }
    let named = known.into_iter().filter(|p| q.product_ids.contains(&p.id));
    let named = named.collect();
    Ok((q, named))
}

/// Days on either side of the range in which a name not used in it is looked for.
const AROUND: u64 = 90;

/// The range with [`AROUND`] days before it and up to as many after it (not past
/// `today`); `None` when the dates run out.
fn around(range: DateRange, today: NaiveDate) -> Option<DateRange> {
    let start = range.start().checked_sub_days(Days::new(AROUND))?;
    let end = range.end().checked_add_days(Days::new(AROUND))?.min(today);
    DateRange::new(start, end.max(range.end())).ok()
}

/// Whether a product of `known` is named `name`.
fn has(name: &str, known: &[Product]) -> bool {
    let named = is_named(name);
    known.iter().any(|p| named(&p))
}

/// Whether a product is named `name`: exactly, ignoring case and the spaces around.
fn is_named(name: &str) -> impl Fn(&&Product) -> bool {
    let wanted = name.trim().to_lowercase();
    move |p| p.name.trim().to_lowercase() == wanted
}

/// The products asked for by id that no row came back for, in one warning line: the
/// API answers an id it does not know with no rows, as it does a product unused then, and
/// an export of nothing with no word looked like a quiet day.
pub fn unseen(q: &UsageQuery, usage: &crate::model::Usage) -> Option<String> {
    let seen = usage.products();
    let missing: Vec<String> = (q.product_ids.iter())
        .filter(|id| !seen.iter().any(|p| p.id == **id))
        .map(Uuid::to_string)
        .collect();
    (!missing.is_empty()).then(|| {
        format!(
            "warning: no rows for --product {} in {} (not a product of this organization, or not used then with these filters)",
            missing.join(", "),
            q.range
        )
    })
}

/// The id of the one product named `name` (exact, ignoring case), or why there is none, with
/// the candidates in one line.
pub fn match_name(name: &str, known: &[Product]) -> Result<Uuid, String> {
    let hits: Vec<&Product> = known.iter().filter(is_named(name)).collect();
    match hits.as_slice() {
        [one] => Ok(one.id),
        [] => {
            let mut all: Vec<String> = known.iter().map(|p| one_line(&p.name)).collect();
            all.sort();
            Err(if all.is_empty() {
                "no product has usage then: give the product's id".to_string()
            } else {
                format!(
                    "no product of that name (products: {}); give the id of one not used then",
                    all.join(", ")
                )
            })
        }
        many => {
            let each: Vec<String> = many
                .iter()
                .map(|p| format!("{} = {}", one_line(&p.name), p.id))
                .collect();
            Err(format!(
                "{} products have that name ({}): pass the id instead",
                many.len(),
                each.join(", ")
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(n: u128, name: &str) -> Product {
        Product {
            id: Uuid::from_u128(n),
            name: name.into(),
        }
    }

    #[test]
    fn a_name_matches_exactly_ignoring_case() {
        let known = [
            p(1, "Analytics Copilot"),
            p(2, "数据洞察 Insights"),
            p(3, "Marketing Studio ✨"),
        ];
        assert_eq!(match_name("analytics COPILOT", &known), Ok(known[0].id));
        assert_eq!(match_name("数据洞察 insights", &known), Ok(known[1].id));
        assert_eq!(match_name(" Marketing Studio ✨ ", &known), Ok(known[2].id));
        // Exact, not a prefix or a part.
        let e = match_name("Analytics", &known).unwrap_err();
        assert!(e.starts_with("no product of that name"), "{e}");
        assert!(
            e.contains("Analytics Copilot, Marketing Studio ✨, 数据洞察 Insights"),
            "{e}"
        );
    }

    #[test]
    fn two_products_of_one_name_are_an_error_listing_both() {
        let known = [p(1, "Support"), p(2, "support"), p(3, "Other")];
        let e = match_name("SUPPORT", &known).unwrap_err();
        assert!(e.starts_with("2 products have that name"), "{e}");
        assert!(e.contains(&Uuid::from_u128(1).to_string()), "{e}");
        assert!(e.contains(&Uuid::from_u128(2).to_string()), "{e}");
        assert!(!e.contains("Other"), "{e}");
        assert_eq!(e.lines().count(), 1);
    }

    #[test]
    fn ids_are_not_names() {
        let f = FilterArgs {
            products: vec![
                Uuid::from_u128(7).to_string(),
                "Support Desk".into(),
                " ✨ ".into(),
            ],
            ..Default::default()
        };
        assert_eq!(names(&f), vec!["Support Desk", "✨"]);
    }
}
