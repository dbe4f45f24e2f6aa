//! `config check`: one small request (yesterday, UTC) with the effective settings, and what
//! it shows: the address, where the key came from (never the key), the product, and how
//! many products and people the organization shows for that day; or the one error line
//! with its exit code. A first run learns whether the setup works before opening anything.

use chrono::Duration;

use crate::api::{Client, UsageQuery};
use crate::cli::GlobalArgs;
use crate::config::Settings;
use crate::dates::{DateRange, today_utc};
use crate::model::{RangeSpec, Usage};
use crate::numbers::thousands;
use crate::source::Source;

use super::{AppError, load_settings, open};

/// Runs `config check`: the report on stdout, a failure as the usual one line on stderr.
pub async fn run(g: &GlobalArgs) -> Result<(), AppError> {
    if g.input.is_some() {
        return Err(AppError::Usage(
            "config check asks the API; --input reads a saved response instead: drop it".into(),
        ));
    }
    let settings = load_settings(g)?;
    // The dashboard's settings are checked too, though no request needs them.
    super::dashboard::theme_spec(&settings)?;
    super::dashboard::keymap(&settings)?;
    super::check::file_thresholds(g)?;
    let today = today_utc();
    let day = DateRange::last_days(today - Duration::days(1), 1);
    let opened = open::open(g, &settings, today, RangeSpec::Fixed(day)).await?;
    let Source::Api { client, .. } = &opened.source else {
        return Err(AppError::Usage(
            "config check asks the API, and this source is a saved response".into(),
        ));
    };
    let line = |(name, value): (&str, String)| format!("{name:<9} {value}\n");
    let setup: String = setup_lines(g, &settings, client)
        .into_iter()
        .map(line)
        .collect();
    super::console::print(&setup)?;
    match client.fetch(&UsageQuery::new(day)).await {
        Ok(usage) => {
            let seen: String = seen_lines(&usage, client, day)
                .into_iter()
                .map(line)
                .collect();
            super::console::print(&format!("{seen}{:<9} the key and the product work\n", "ok"))
        }
        Err(e) => {
            super::console::print(&format!(
                "{:<9} failed with exit {} (why: below)\n",
                "result",
                e.exit_code()
            ))?;
            Err(e.into())
        }
    }
}

/// Where the requests go and with what: address, key and product, each with its source.
fn setup_lines(g: &GlobalArgs, s: &Settings, client: &Client) -> Vec<(&'static str, String)> {
    let origin = client.endpoint().origin().ascii_serialization();
    let (address_from, product_from) = if g.demo {
        (
            "the demo organization".to_string(),
            "the demo organization".to_string(),
        )
    } else {
        let product_from = s.product_id.as_ref().map(|p| p.from.to_string());
        (
            format!("from {}", s.base_url.from),
            format!("from {}", product_from.unwrap_or_default()),
        )
    };
    let address = format!("{origin} ({address_from})");
    let product = format!("{} ({product_from})", client.product_id());
    vec![
        ("address", address),
        (
            "key",
            format!("set, from {} (never shown)", client.key_source()),
        ),
        ("product", product),
    ]
}

/// What the answer shows for the day asked.
fn seen_lines(usage: &Usage, client: &Client, day: DateRange) -> Vec<(&'static str, String)> {
    let products = usage.products();
    let named = products
        .iter()
        .find(|p| p.id == client.product_id())
        .map(|p| crate::sanitize::one_line(&p.name));
    let mut lines = vec![(
        "sees",
        format!(
            "{}: {} products, {} people with prompts, {} prompts",
            day.start(),
            thousands(products.len() as u64),
            thousands(usage.active_users() as u64),
            thousands(usage.total())
        ),
    )];
    if let Some(name) = named {
        lines.push(("named", format!("the product is \"{name}\"")));
    }
    lines
}
