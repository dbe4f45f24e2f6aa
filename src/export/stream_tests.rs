//! The exports of a folded saved response ([`crate::model::Fold`]) are the exports of the
//! model built from the same rows, byte for byte, for every grouping that folds.

use proptest::prelude::*;
use uuid::Uuid;

use super::{Format, GroupBy, Options, write_with};
use crate::analytics::WeekStart;
use crate::dates::{DateRange, parse_date};
use crate::model::{Fold, Ingest, RangeSpec, Usage};

const GROUPS: [GroupBy; 7] = [
    GroupBy::User,
    GroupBy::Product,
    GroupBy::Day,
    GroupBy::Week,
    GroupBy::Month,
    GroupBy::Team,
    GroupBy::Domain,
];
const FORMATS: [Format; 4] = [Format::Csv, Format::Json, Format::Ndjson, Format::Table];

/// A body of rows `(product, renamed, person, day from 2025-12-20, count)`. Two people
/// share each email, so ties in the order are settled by who came first, in both.
fn body(rows: &[(u128, bool, u128, i64, u64)]) -> String {
    let base = parse_date("2025-12-20").unwrap();
    let rows: Vec<String> = rows
        .iter()
        .map(|&(p, renamed, u, day, n)| {
            format!(
                r#"{{"product_id":"{}","product_name":"{}{p}","user_id":"{}","user_email":"u{}@x.io","date":"{}","prompt_count":{n}}}"#,
                Uuid::from_u128(p),
                if renamed { "Q" } else { "P, \\\"p\\\"" },
                Uuid::from_u128(u),
                u / 2,
                base + chrono::Duration::days(day),
            )
        })
        .collect();
    format!("[{}]", rows.join(","))
}

/// The teams every render groups by: made once, since compiling their patterns costs far
/// more than a render (thousands of renders in the property test below).
fn teams() -> &'static crate::teams::Teams {
    static TEAMS: std::sync::LazyLock<crate::teams::Teams> = std::sync::LazyLock::new(|| {
        let table: toml::Table = "even = [\"u*[02468]@x.io\"]\nones = [\"u1*\"]\n"
            .parse()
            .unwrap();
        crate::teams::Teams::from_table(&table).unwrap()
    });
    &TEAMS
}

fn render(u: &Usage, group: GroupBy, format: Format, week_start: WeekStart) -> String {
    let opts = Options {
        week_start,
        teams: Some(teams()),
        ..Options::new(group, parse_date("2026-02-11").unwrap())
    };
    let mut out = Vec::new();
    write_with(u, &opts, format, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn spring() -> RangeSpec {
    let (from, to) = (parse_date("2026-01-01"), parse_date("2026-05-31"));
    RangeSpec::Fixed(DateRange::new(from.unwrap(), to.unwrap()).unwrap())
}

fn assert_same_exports(b: &str, week_start: WeekStart) {
    for spec in [RangeSpec::Infer, spring()] {
        let model = Ingest::read_from(spec, b.as_bytes()).unwrap();
        let folded = Fold::read_from(spec, b.as_bytes()).unwrap();
        assert_eq!(model.warnings(), folded.warnings());
        for group in GROUPS {
            for format in FORMATS {
                let (want, got) = (
                    render(&model, group, format, week_start),
                    render(&folded, group, format, week_start),
                );
                assert_eq!(want, got, "{spec:?} {group:?} {format:?}");
            }
        }
    }
}

#[test]
fn a_small_response_exports_the_same_and_says_something() {
    let b = body(&[
        (1, false, 7, 20, 3),
        (1, true, 7, 20, 9),
        (2, false, 8, 50, 0),
        (2, false, 9, 51, 4),
        (3, false, 9, 400, 4),
    ]);
    assert_same_exports(&b, WeekStart::Monday);
    let folded = Fold::read_from(spring(), b.as_bytes()).unwrap();
    let csv = render(&folded, GroupBy::User, Format::Csv, WeekStart::Monday);
    // Independently: person 9 (u4@) sent 4 on one day, 2026-02-09; person 7 (u3@) 3 on
    // 2026-01-09 (the repeat is not added); person 8 (u4@) nothing.
    let (p7, p8, p9) = (Uuid::from_u128(7), Uuid::from_u128(8), Uuid::from_u128(9));
    let want = format!(
        "user_id,user_email,prompt_count,active_days,first_date,last_date\n\
         {p9},u4@x.io,4,1,2026-02-09,2026-02-09\n\
         {p7},u3@x.io,3,1,2026-01-09,2026-01-09\n\
         {p8},u4@x.io,0,0,,\n"
    );
    assert_eq!(csv, want);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Any rows: repeats, renamed products, rows outside the range, many products, ties,
    /// any order; every folding grouping in every format, either week start.
    #[test]
    fn folded_exports_equal_the_models(
        rows in proptest::collection::vec(
            (0u128..20, proptest::bool::weighted(0.1), 0u128..40, -15i64..200, prop_oneof![Just(0u64), 0u64..5, 0u64..1000]),
            0..250,
        ),
        seed in any::<u64>(),
        sunday in any::<bool>(),
    ) {
        let mut rows = rows;
        fastrand::Rng::with_seed(seed).shuffle(&mut rows);
        let week_start = if sunday { WeekStart::Sunday } else { WeekStart::Monday };
        assert_same_exports(&body(&rows), week_start);
    }
}
