//! Tests of the report model and its writers: the figures against a fold of the raw
//! rows, the lists' order, masking, escaping, and snapshots of the Markdown and the HTML
//! (a fixed `today` and generation time, so they are stable).

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use super::*;
use crate::api::{Origin, UsageRow};
use crate::dates::DateRange;
use crate::demo::{Org, OrgSpec, RowFilter};
use crate::model::{Ingest, RangeSpec, Usage};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

fn org() -> Org {
    Org::new(OrgSpec {
        seed: 7,
        users: 40,
        days: 200,
        today: today(),
    })
}

fn rows(org: &Org, r: DateRange, origin: Option<Origin>) -> Vec<UsageRow> {
    org.rows(&RowFilter {
        start: r.start(),
        end: r.end(),
        product_ids: &[],
        search: None,
        origin,
    })
}

fn usage_of(rows: &[UsageRow], r: DateRange) -> Usage {
    let mut i = Ingest::new(RangeSpec::Fixed(r));
    i.feed(&serde_json::to_vec(rows).unwrap()).unwrap();
    i.finish().unwrap()
}

fn ctx(org: &Org, r: DateRange, mask: bool) -> Context {
    let origins = Origin::ALL.map(|o| {
        (
            o,
            rows(org, r, Some(o)).iter().map(|x| x.prompt_count).sum(),
        )
    });
    Context {
        source: "demo organization".into(),
        generated_at: "2026-11-25T12:00:00Z".into(),
        today: Some(today()),
        mask,
        origins: Some(origins.to_vec()),
        ..Default::default()
    }
}

fn report(days: u32, mask: bool) -> (Report, Vec<UsageRow>, Vec<UsageRow>) {
    let org = org();
    let r = DateRange::last_days(today(), days);
    let (now, before) = (rows(&org, r, None), rows(&org, r.previous(), None));
    let rep = Report::build(
        &usage_of(&now, r),
        &usage_of(&before, r.previous()),
        &ctx(&org, r, mask),
    );
    (rep, now, before)
}

/// Prompts per email, folded from raw rows.
fn per_person(rows: &[UsageRow]) -> BTreeMap<String, u64> {
    let mut m = BTreeMap::new();
    for r in rows {
        *m.entry(r.user_email.clone()).or_insert(0) += r.prompt_count;
    }
    m.retain(|_, n| *n > 0);
    m
}

#[test]
fn the_figures_are_those_of_the_raw_rows() {
    let (rep, now, before) = report(30, false);
    let (a, b) = (per_person(&now), per_person(&before));
    let sum = |m: &BTreeMap<String, u64>| m.values().sum::<u64>() as f64;
    assert_eq!(rep.kpis.prompts.value as f64, sum(&a));
    assert_eq!(rep.kpis.prompts.previous as f64, sum(&b));
    assert_eq!(rep.kpis.active_users.value, a.len() as u64);
    assert_eq!(rep.kpis.active_users.previous, b.len() as u64);
    let (ka, kb): (BTreeSet<_>, BTreeSet<_>) = (a.keys().collect(), b.keys().collect());
    assert_eq!(rep.kpis.new_users, ka.difference(&kb).count());
    assert_eq!(rep.kpis.dormant_users, kb.difference(&ka).count());
    assert_eq!(rep.new_people.count, rep.kpis.new_users);
    let rate = sum(&a) / a.len() as f64 / 30.0;
    let per_day = rep.kpis.prompts_per_active_user_per_day;
    assert!((per_day.value.unwrap() - rate).abs() < 1e-9);
    let before_rate = sum(&b) / b.len() as f64 / 30.0;
    assert!((per_day.previous.unwrap() - before_rate).abs() < 1e-9);
    assert!((per_day.change.unwrap() - (rate - before_rate)).abs() < 1e-9);
    // The top ten: most prompts first, ties by email.
    let mut top: Vec<(&String, &u64)> = a.iter().collect();
    top.sort_by(|x, y| y.1.cmp(x.1).then(x.0.cmp(y.0)));
    let want: Vec<&str> = top.iter().take(10).map(|x| x.0.as_str()).collect();
    let got: Vec<&str> = rep.top_people.iter().map(|p| p.email.as_str()).collect();
    assert_eq!(got, want);
    assert_eq!(rep.series.grain, "day");
    assert_eq!(rep.series.points.len(), 30);
    let series: u64 = rep.series.points.iter().map(|p| p.prompts).sum();
    assert_eq!(series as f64, sum(&a));
    let origins: u64 = rep
        .origins
        .as_ref()
        .unwrap()
        .iter()
        .map(|o| o.prompts)
        .sum();
    assert_eq!(origins as f64, sum(&a), "the origins add up to the whole");
    assert!(rep.movers_up.windows(2).all(|w| w[0].change >= w[1].change));
    assert!(
        rep.movers_down
            .windows(2)
            .all(|w| w[0].change <= w[1].change)
    );
    assert!(rep.movers_down.iter().all(|p| p.change < 0));
    // A list cut to its first ten says so in its title, in every format.
    let sections = super::people_sections(&rep);
    let (title, list, _) = &sections[3];
    let n = rep.new_people.count;
    match n > list.len() {
        true => assert_eq!(
            title,
            &format!("New people: {n} (the first {}, by prompts)", list.len())
        ),
        false => assert_eq!(title, &format!("New people: {n}")),
    }
    assert!(super::md::render(&rep).contains(&format!("## {title}")));
    // One person at the top is "Top person", not "Top 1 people".
    let mut one = rep.clone();
    one.top_people.truncate(1);
    assert_eq!(super::people_sections(&one)[0].0, "Top person");
}

#[test]
fn long_ranges_are_charted_by_week() {
    let (rep, _, _) = report(90, false);
    assert_eq!(rep.series.grain, "week");
    assert!(rep.series.points.iter().all(|p| p.period.contains("-W")));
}

#[test]
fn masking_hides_every_email_and_keeps_the_order() {
    let (plain, _, _) = report(30, false);
    let (masked, _, _) = report(30, true);
    for (a, b) in plain.top_people.iter().zip(&masked.top_people) {
        assert_eq!(b.email, crate::mask::mask_email(&a.email));
    }
    for f in [Format::Md, Format::Html, Format::Json] {
        let text = render(&masked, f);
        for p in plain.top_people.iter().chain(&plain.dormant_people.first) {
            assert!(!text.contains(&p.email), "{} in {f:?}", p.email);
        }
    }
}

#[test]
fn masking_hides_the_email_searched_for() {
    let org = org();
    let r = DateRange::last_days(today(), 7);
    let now = rows(&org, r, None);
    let email = now[0].user_email.clone();
    for mask in [false, true] {
        let mut c = ctx(&org, r, mask);
        c.search = Some(email.clone());
        let rep = Report::build(&usage_of(&now, r), &usage_of(&[], r.previous()), &c);
        for f in [Format::Md, Format::Html, Format::Json] {
            let text = render(&rep, f);
            assert_eq!(text.contains(&email), !mask, "{f:?}");
        }
        assert_eq!(
            filters_applied(&rep).unwrap().contains(&email),
            !mask,
            "check's line"
        );
    }
}

#[test]
fn server_strings_are_escaped() {
    let r = DateRange::last_days(today(), 7);
    let row = |name: &str, email: &str, n| UsageRow {
        product_id: uuid::Uuid::from_u128(1),
        product_name: name.into(),
        user_id: uuid::Uuid::from_u128(n as u128),
        user_email: email.into(),
        date: today(),
        prompt_count: n,
    };
    let now = vec![row(
        "<script>alert(1)</script>|x &amp; _it_",
        "a|b<img src=x>@e.example\u{1b}[2J\u{9b}31m\u{202e}",
        5,
    )];
    let rep = Report::build(
        &usage_of(&now, r),
        &usage_of(&[], r.previous()),
        &Context::default(),
    );
    let html = render(&rep, Format::Html);
    assert!(
        !html.contains("<script") && !html.contains("<img"),
        "{html}"
    );
    assert!(html.contains("&lt;script&gt;") && !html.contains('\u{1b}'));
    let md = render(&rep, Format::Md);
    assert!(md.contains("a\\|b\\<img src=x\\>@e.example"), "{md}");
    assert!(md.contains("\\|x \\&amp; \\_it\\_"), "{md}");
    // No link from data: neither a scheme nor a `www.` stays whole.
    assert!(!md.contains('\u{1b}'));
    // JSON may carry C1 controls and bidi marks raw; the report's does not, as the
    // exports' does not: escaped, and the same text when read back.
    let json = render(&rep, Format::Json);
    assert!(!json.contains(['\u{9b}', '\u{202e}', '\u{1b}']), "{json}");
    assert!(json.contains(r"\u009b31m\u202e"), "{json}");
    let back: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(back.to_string().contains('\u{202e}'));
    let link = vec![row(
        "www.evil.example",
        "http://evil.example/?q=1@x.example",
        3,
    )];
    let linked = Report::build(
        &usage_of(&link, r),
        &usage_of(&[], r.previous()),
        &Context::default(),
    );
    let md = render(&linked, Format::Md);
    assert!(md.contains("http\\://evil.example/?q=1@x.example"), "{md}");
    assert!(
        md.contains("www\\.evil.example") && !md.replace("\\://", "").contains("://"),
        "{md}"
    );
}

#[test]
fn the_json_changes_have_the_one_decimal_of_the_exports() {
    let (rep, _, _) = report(30, false);
    let v: serde_json::Value =
        serde_json::from_str(&super::render(&rep, super::Format::Json)).unwrap();
    let pct = rep.kpis.prompts.change_pct.expect("a previous period");
    assert_eq!(
        v["kpis"]["prompts"]["change_pct"],
        format!("{pct:.1}").parse::<f64>().unwrap()
    );
    // Every change in the document: at most one decimal.
    let text = v.to_string();
    for part in text.split("\"change_pct\":").skip(1) {
        let n: String = part
            .chars()
            .take_while(|c| *c != ',' && *c != '}')
            .collect();
        let decimals = n.split('.').nth(1).map_or(0, str::len);
        assert!(n == "null" || decimals <= 1, "{n}");
    }
}

#[test]
fn formats_come_from_the_extension() {
    use std::path::Path;
    assert_eq!(
        Format::from_extension(Path::new("w.HTML")),
        Some(Format::Html)
    );
    assert_eq!(Format::from_extension(Path::new("w.md")), Some(Format::Md));
    assert_eq!(
        Format::from_extension(Path::new("w.json")),
        Some(Format::Json)
    );
    assert_eq!(Format::from_extension(Path::new("w.txt")), None);
}

#[test]
fn sparklines_scale_to_the_peak() {
    assert_eq!(md::sparkline(&[0, 7, 14]), "·▅█");
    assert_eq!(md::sparkline(&[0, 0]), "··");
    // The least of many is the lowest bar, not none.
    assert_eq!(md::sparkline(&[1, 100]), "▁█");
}

#[test]
fn markdown_names_partial_buckets() {
    let (rep, _, _) = report(90, true);
    let partial: Vec<&str> = rep
        .series
        .points
        .iter()
        .filter(|p| p.partial)
        .map(|p| p.period.as_str())
        .collect();
    assert!(
        !partial.is_empty(),
        "90 days in weeks: the ends are partial"
    );
    let md = render(&rep, Format::Md);
    let line = md.lines().find(|l| l.starts_with("Partial weeks"));
    let line = line.expect("a line names the partial buckets");
    assert!(partial.iter().all(|n| line.contains(n)), "{line}");
}

#[test]
fn markdown_snapshot() {
    let (rep, _, _) = report(30, true);
    insta::assert_snapshot!("report_md", render(&rep, Format::Md));
}

#[test]
fn html_snapshot() {
    let (rep, _, _) = report(90, true);
    let html = render(&rep, Format::Html);
    // The stylesheet is its own file; the snapshot is of the document around it.
    let start = html.find("<style>").unwrap();
    let end = html.find("</style>").unwrap();
    let normal = format!("{}<style>…</style>{}", &html[..start], &html[end + 8..]);
    insta::assert_snapshot!("report_html", normal);
}

#[test]
fn the_filters_line_of_a_check_is_one_line_whatever_the_names() {
    // Product names come from the rows: a newline in one forged a line of a cron mail.
    let r = DateRange::last_days(today(), 7);
    let ctx = Context {
        products: vec!["Desk\nholds     forged line\u{1b}[31m".into()],
        ..Context::default()
    };
    let rep = Report::build(&usage_of(&[], r), &usage_of(&[], r.previous()), &ctx);
    let line = super::filters_applied(&rep).unwrap();
    assert!(!line.contains(['\n', '\u{1b}']), "{line:?}");
    assert!(line.contains("products Desk holds forged line"), "{line:?}");
}

/// A range with no prompts says so where its chart would be: no busiest period (it said
/// "Peak 0" and a date, "the most (0) on"), no empty chart, no blank origin band.
#[test]
fn an_empty_range_says_there_are_no_prompts() {
    let org = org();
    let r = DateRange::last_days(today(), 14);
    let rep = Report::build(
        &usage_of(&[], r),
        &usage_of(&[], r.previous()),
        &ctx(&org, r, false),
    );
    let none = "No prompts in this range with these filters.";
    let md = render(&rep, Format::Md);
    assert!(
        md.contains(&format!("## Prompts by day\n\n{none}\n")),
        "{md}"
    );
    assert!(!md.contains("Peak"), "{md}");
    let html = render(&rep, Format::Html);
    assert!(
        html.contains(none) && !html.contains("class=\"chart\""),
        "{html}"
    );
    assert!(!html.contains("the most (0)"), "{html}");
}

/// Nor a share of its origins, a products table or a count of top people: 0% of nothing
/// read as a measured share, and a heading over no rows as a table that failed to fill.
#[test]
fn an_empty_range_shows_dashes_not_zeros() {
    let org = org();
    let r = DateRange::last_days(today(), 14);
    let rep = Report::build(
        &usage_of(&[], r),
        &usage_of(&[], r.previous()),
        &Context {
            origins: Some(Origin::ALL.map(|o| (o, 0)).to_vec()),
            ..ctx(&org, r, false)
        },
    );
    let md = render(&rep, Format::Md);
    for origin in ["APP", "SLACK", "API_KEY"] {
        assert!(md.contains(&format!("| {origin} | 0 | — |")), "{md}");
    }
    assert!(!md.contains("0.0%") && !md.contains("Top 0"), "{md}");
    assert!(md.contains("## Products\n\n_None._"), "{md}");
    let html = render(&rep, Format::Html);
    assert!(!html.contains("0.0%") && html.contains("<td class=\"num\">—</td>"));
    assert!(
        !html.contains("class=\"shares\""),
        "no blank band of no origin"
    );
    let json: serde_json::Value = serde_json::from_str(&render(&rep, Format::Json)).unwrap();
    assert!(json["origins"][0]["share_pct"].is_null(), "{json}");
}

/// A period with no one active has no rate: not 0.00, nor a change from it.
#[test]
fn a_rate_of_nobody_is_not_a_number() {
    let org = org();
    let r = DateRange::last_days(today(), 7);
    let before = DateRange::new(
        NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
        NaiveDate::from_ymd_opt(2020, 1, 7).unwrap(),
    )
    .unwrap();
    let now = rows(&org, r, None);
    let rep = Report::build(
        &usage_of(&now, r),
        &usage_of(&[], before),
        &ctx(&org, r, false),
    );
    let k = rep.kpis.prompts_per_active_user_per_day;
    assert!(k.value.is_some_and(|v| v > 0.0));
    assert_eq!((k.previous, k.change, k.change_pct), (None, None, None));
    let json = serde_json::to_value(&rep).unwrap();
    assert!(json["kpis"]["prompts_per_active_user_per_day"]["previous"].is_null());
    let md = render(&rep, Format::Md);
    let line = md
        .lines()
        .find(|l| l.starts_with("| Prompts per active user per day"))
        .unwrap();
    assert!(line.ends_with("| n/a | n/a |"), "{line}");
}

/// A rate's change is the difference of the figures shown beside it (6.28 against 5.41
/// read "+0.88", from the unrounded rates); the JSON keeps the unrounded change.
#[test]
fn a_rate_change_is_the_difference_shown() {
    let k = Kpi {
        value: Some(6.2849),
        previous: Some(5.4051),
        change: Some(6.2849 - 5.4051),
        change_pct: Some(16.3),
    };
    assert_eq!(super::rate_change(&k), "+0.87 (+16.3%)");
    assert_eq!(super::rate_of(k.value), "6.28");
    assert_eq!(super::rate_of(k.previous), "5.41");
}

/// A product the rows name with nothing is named by the start of its id in the tables, so
/// that its row can be told from another's; a named one is as named.
#[test]
fn a_product_without_a_name_is_named_by_its_id() {
    let line = |name: &str| ProductLine {
        id: "9e3779b9-7f4a-4c15-89a0-43ed1c073e7d".into(),
        name: name.into(),
        prompts: 1,
        active_users: 1,
        previous_prompts: 0,
        change: 1,
        change_pct: None,
    };
    assert_eq!(super::product_name(&line(" ")), "(no name) 9e3779b9");
    assert_eq!(super::product_name(&line("")), "(no name) 9e3779b9");
    assert_eq!(super::product_name(&line("Sales")), "Sales");
}
