//! Unit tests of the export formats and groupings.

use super::*;
use crate::analytics::Status;
use crate::dates::{DateRange, parse_date};
use crate::model::{Ingest, RangeSpec};

fn sample() -> Usage {
    model(
        "2026-01-01",
        "2026-01-03",
        &[
            (1, "数据 Insights", 10, "a@x.io", "2026-01-01", 1200),
            (2, "Sales, \\\"Pro\\\"", 11, "b@x.io", "2026-01-02", 3),
            (1, "数据 Insights", 11, "b@x.io", "2026-01-02", 4),
        ],
    )
}

/// The three days before `sample`: a@ retained (1000 -> 1200), b@ new, c@ dormant, and
/// a product used only then.
fn previous() -> Usage {
    model(
        "2025-12-29",
        "2025-12-31",
        &[
            (1, "数据 Insights", 10, "a@x.io", "2025-12-30", 1000),
            (3, "Gone", 12, "c@x.io", "2025-12-30", 7),
            (3, "Gone", 12, "c@x.io", "2025-12-31", 1),
        ],
    )
}

type Row<'a> = (u128, &'a str, u128, &'a str, &'a str, u64);

fn model(from: &str, to: &str, rows: &[Row<'_>]) -> Usage {
    let row = |(p, pn, u, e, d, n): &Row<'_>| {
        format!(
            r#"{{"product_id":"{}","product_name":"{pn}","user_id":"{}","user_email":"{e}","date":"{d}","prompt_count":{n}}}"#,
            Uuid::from_u128(*p),
            Uuid::from_u128(*u)
        )
    };
    let body = format!("[{}]", rows.iter().map(row).collect::<Vec<_>>().join(","));
    let r = DateRange::new(parse_date(from).unwrap(), parse_date(to).unwrap()).unwrap();
    let mut i = Ingest::new(RangeSpec::Fixed(r));
    i.feed(body.as_bytes()).unwrap();
    i.finish().unwrap()
}

fn render(g: GroupBy, f: Format) -> String {
    let mut out = Vec::new();
    write(&sample(), g, f, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn csv_by_day_is_zero_filled() {
    assert_eq!(
        render(GroupBy::Day, Format::Csv),
        "date,prompt_count,active_users\n2026-01-01,1200,1\n2026-01-02,7,1\n2026-01-03,0,0\n"
    );
}

#[test]
fn csv_quotes_and_orders() {
    let s = render(GroupBy::Product, Format::Csv);
    assert!(s.contains(",\"Sales, \"\"Pro\"\"\",3,1\n"), "{s}");
    let u = render(GroupBy::User, Format::Csv);
    let lines: Vec<&str> = u.lines().collect();
    assert!(
        lines[1].contains("a@x.io,1200,1,2026-01-01,2026-01-01"),
        "{u}"
    );
}

#[test]
fn json_and_ndjson_are_typed() {
    let j: serde_json::Value = serde_json::from_str(&render(GroupBy::User, Format::Json)).unwrap();
    assert_eq!(j[0]["prompt_count"], 1200);
    let nd = render(GroupBy::Row, Format::Ndjson);
    assert_eq!(nd.lines().count(), 3);
    for l in nd.lines() {
        serde_json::from_str::<serde_json::Value>(l).unwrap();
    }
}

/// JSON keys come in the columns' order, as CSV's header has them: a row export then
/// has the API's field order (which `--input` reads by its fastest path).
#[test]
fn json_keys_follow_the_columns() {
    for g in [
        GroupBy::Row,
        GroupBy::User,
        GroupBy::Product,
        GroupBy::Day,
        GroupBy::Week,
    ] {
        let csv = render(g, Format::Csv);
        let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
        for f in [Format::Json, Format::Ndjson] {
            let text = render(g, f);
            let first = &text[..text.find('}').unwrap()];
            let at: Vec<usize> = (header.iter())
                .map(|h| first.find(&format!("\"{h}\":")).expect(h))
                .collect();
            assert!(at.windows(2).all(|w| w[0] < w[1]), "{g:?} {f:?}: {first}");
        }
    }
    assert!(render(GroupBy::Row, Format::Ndjson).starts_with(r#"{"product_id":"#));
}

#[test]
fn table_aligns_wide_characters() {
    let t = render(GroupBy::Product, Format::Table);
    let widths: Vec<usize> = t
        .lines()
        .map(|l| l.find("prompt").map_or(0, |_| 0) + l.width())
        .collect();
    assert!(t.contains("1,204"), "{t}");
    assert_eq!(widths[1], widths[2], "{t}");
}

#[test]
fn a_long_name_is_cut_in_a_table_not_in_data() {
    let long = format!("{}@x.example", "n".repeat(500));
    let cell = table_cell(&Field::Text(&long));
    assert!(cell.ends_with('…') && cell.width() == TABLE_TEXT, "{cell}");
    assert_eq!(table_cell(&Field::Text("a@x.example")), "a@x.example");
    assert_eq!(csv_field(&long), long, "a CSV cell is data: whole");
}

#[test]
fn formula_injection_is_defused() {
    assert_eq!(csv_field("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
    assert_eq!(csv_field("-12"), "-12");
    // Leading blanks do not hide a formula from a spreadsheet, nor from us.
    assert_eq!(csv_field(" =1+1"), "' =1+1");
    assert_eq!(csv_field("\t@SUM(A1)"), "'\t@SUM(A1)");
    // Marks that show nothing do not hide a formula.
    for lead in ['\u{a0}', '\u{3000}', '\u{200b}', '\u{feff}', '\u{202e}'] {
        let text = format!("{lead}=1+1@x.example");
        assert_eq!(csv_field(&text), format!("'{text}"), "{lead:?}");
    }
    assert_eq!(csv_field("\u{a0}-3"), "\u{a0}-3", "a number stays one");
    assert_eq!(csv_field(" -3 "), " -3 ");
    assert_eq!(thousands(1234567), "1,234,567");
    assert_eq!(thousands(12), "12");
}

fn render_with(usage: &Usage, opts: &Options<'_>, f: Format) -> String {
    let mut out = Vec::new();
    write_with(usage, opts, f, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn users_compared_list_dormant_people_with_their_last_day() {
    let (cur, prev) = (sample(), previous());
    let mut o = Options::new(GroupBy::User, parse_date("2026-01-03").unwrap());
    o.previous = Some(&prev);
    let csv = render_with(&cur, &o, Format::Csv);
    let a = Uuid::from_u128(10);
    let b = Uuid::from_u128(11);
    let c = Uuid::from_u128(12);
    assert_eq!(
        csv,
        format!(
            "user_id,user_email,prompt_count,active_days,first_date,last_date,previous_prompt_count,change,change_pct,status\n\
             {a},a@x.io,1200,1,2026-01-01,2026-01-01,1000,200,20.0,retained\n\
             {b},b@x.io,7,1,2026-01-02,2026-01-02,0,7,,new\n\
             {c},c@x.io,0,0,,2025-12-31,8,-8,-100.0,dormant\n"
        )
    );
    o.status = Some(plan::StatusFilter::Is(Status::Dormant));
    let only: Vec<serde_json::Value> =
        serde_json::from_str(&render_with(&cur, &o, Format::Json)).unwrap();
    assert_eq!(only.len(), 1);
    assert_eq!(only[0]["user_email"], "c@x.io");
    assert_eq!(only[0]["change"], -8);
    assert_eq!(only[0]["change_pct"], -100.0);
    o.status = Some(plan::StatusFilter::Is(Status::New));
    let new: Vec<serde_json::Value> =
        serde_json::from_str(&render_with(&cur, &o, Format::Json)).unwrap();
    assert_eq!(new[0]["change_pct"], serde_json::Value::Null);
    let t = render_with(&cur, &Options { status: None, ..o }, Format::Table);
    assert!(
        t.contains("+200") && t.contains("+20.0%") && t.contains("-100.0%"),
        "{t}"
    );
}

#[test]
fn products_compared_keep_products_used_only_before() {
    let (cur, prev) = (sample(), previous());
    let mut o = Options::new(GroupBy::Product, parse_date("2026-01-03").unwrap());
    o.previous = Some(&prev);
    let csv = render_with(&cur, &o, Format::Csv);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "product_id,product_name,prompt_count,active_users,previous_prompt_count,change,change_pct"
    );
    assert!(lines[1].ends_with(",1204,2,1000,204,20.4"), "{csv}");
    assert!(lines[2].ends_with(",3,1,0,3,"), "{csv}");
    assert!(lines[3].ends_with(",Gone,0,0,8,-8,-100.0"), "{csv}");
}

#[test]
fn weeks_and_months_are_zero_filled_and_marked() {
    let u = model(
        "2025-12-29",
        "2026-01-13",
        &[
            (1, "P", 10, "a@x.io", "2025-12-30", 2),
            (1, "P", 10, "a@x.io", "2026-01-02", 3),
            (1, "P", 11, "b@x.io", "2026-01-02", 1),
        ],
    );
    let o = Options::new(GroupBy::Week, parse_date("2026-01-13").unwrap());
    assert_eq!(
        render_with(&u, &o, Format::Csv),
        "period,start_date,end_date,prompt_count,active_users,partial\n\
         2026-W01,2025-12-29,2026-01-04,6,2,false\n\
         2026-W02,2026-01-05,2026-01-11,0,0,false\n\
         2026-W03,2026-01-12,2026-01-13,0,0,true\n"
    );
    let o = Options::new(GroupBy::Month, parse_date("2026-02-01").unwrap());
    assert_eq!(
        render_with(&u, &o, Format::Csv),
        "period,start_date,end_date,prompt_count,active_users,partial\n\
         2025-12,2025-12-29,2025-12-31,2,1,true\n\
         2026-01,2026-01-01,2026-01-13,4,2,true\n"
    );
    let j: serde_json::Value = serde_json::from_str(&render_with(&u, &o, Format::Json)).unwrap();
    assert_eq!(j[0]["partial"], true);
}

#[test]
fn plans_check_their_flags() {
    let p = Plan::new(GroupBy::Week, false, None, Some("Sunday")).unwrap();
    assert_eq!(p.week_start, WeekStart::Sunday);
    assert_eq!(
        Plan::new(GroupBy::Week, false, None, Some("nonsense")).unwrap_err(),
        "--week-start 'nonsense' is not a day: use monday or sunday"
    );
    let e = Plan::new(GroupBy::Day, false, None, Some("sunday")).unwrap_err();
    assert!(
        e.starts_with("--week-start sets where --group-by week's"),
        "{e}"
    );
    let prev = previous();
    let p = Plan::new(GroupBy::User, true, Some("new"), None).unwrap();
    let o = p.options(parse_date("2026-01-03").unwrap(), Some(&prev));
    assert_eq!(
        (o.status, o.previous.is_some()),
        (Some(plan::StatusFilter::Is(Status::New)), true)
    );
    let plain = Plan::new(GroupBy::User, false, None, None).unwrap();
    assert!(plain.options(o.today, Some(&prev)).previous.is_none());
}

#[test]
fn compare_and_status_are_checked() {
    assert_eq!(
        check_compare(GroupBy::User, false, Some("new")).unwrap_err(),
        "--status needs the previous period to compare with: add --compare"
    );
    assert_eq!(
        check_compare(GroupBy::User, true, Some("dormant")),
        Ok(Some(plan::StatusFilter::Is(Status::Dormant)))
    );
    assert_eq!(
        check_compare(GroupBy::User, true, Some(" UP ")),
        Ok(Some(plan::StatusFilter::Up))
    );
    assert!(
        check_compare(GroupBy::User, true, Some("gone"))
            .unwrap_err()
            .contains("new, dormant, retained, up or down")
    );
    assert!(
        check_compare(GroupBy::Week, true, None)
            .unwrap_err()
            .contains("not week")
    );
    assert!(check_compare(GroupBy::Product, true, Some("new")).is_err());
    assert_eq!(check_compare(GroupBy::Product, true, None), Ok(None));
}
