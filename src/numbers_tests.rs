//! The number formats' tests: each against the text a person reads.

use super::*;

#[test]
fn sizes_read_as_a_file_manager_says_them() {
    assert_eq!(super::file_size(2_138_327_176), "2.1 GB");
    assert_eq!(super::file_size(212_824_585), "213 MB");
    assert_eq!(super::file_size(12_000), "12 kB");
    assert_eq!(super::file_size(0), "0 B");
}

#[test]
fn axis_numbers_are_short() {
    let c = super::compact;
    assert_eq!(
        [
            c(0),
            c(9_500),
            c(10_000),
            c(250_000),
            c(1_500_000),
            c(20_000_000)
        ],
        ["0", "9,500", "10k", "250k", "1.5M", "20M"]
    );
}

#[test]
fn a_share_too_small_for_a_tenth_is_not_nothing() {
    assert_eq!(super::share_pct(0.0006), "<0.1%");
    assert_eq!(super::share_pct(0.0), "0.0%");
    assert_eq!(super::share_pct(0.05), "0.1%");
    assert_eq!(super::share_pct(37.96), "38.0%");
}

#[test]
fn shares_add_up_to_a_hundred() {
    let tenths = |p: &[u64]| -> Vec<u64> {
        super::shares(p)
            .iter()
            .map(|s| (s.unwrap() * 10.0).round() as u64)
            .collect()
    };
    // One by one: 33.4 + 33.4 + 33.3 = 100.1.
    assert_eq!(tenths(&[3335, 3335, 3330]), [334, 333, 333]);
    assert_eq!(tenths(&[1, 1, 1]), [334, 333, 333]);
    assert_eq!(tenths(&[1, 0, 3]), [250, 0, 750]);
    assert_eq!(super::shares(&[0, 0]), [None, None]);
    for parts in [
        &[7u64, 13, 80, 1][..],
        &[u64::MAX, u64::MAX, 1],
        &[999, 1, 1, 1, 1, 1, 1],
    ] {
        assert_eq!(tenths(parts).iter().sum::<u64>(), 1000, "{parts:?}");
        // Each is within a tenth of its exact share.
        let sum: f64 = parts.iter().map(|&n| n as f64).sum();
        for (&n, t) in parts.iter().zip(tenths(parts)) {
            assert!(
                (n as f64 * 1000.0 / sum - t as f64).abs() < 1.0,
                "{parts:?}"
            );
        }
    }
}

#[test]
fn a_half_tenth_rounds_away_from_zero() {
    assert_eq!(pct(6.25), "+6.3%");
    assert_eq!(pct(-6.25), "-6.3%");
    assert_eq!(pct(6.24), "+6.2%");
    assert_eq!(
        (pct(-0.04), pct(0.0), pct(0.04)),
        ("0.0%".into(), "0.0%".into(), "0.0%".into())
    );
    assert_eq!(pct_plain(100.0 / 16.0), "6.3");
    assert_eq!(pct_rounded(12.311161630976827), 12.3);
    // Grouped as the tables' figures are.
    assert_eq!(pct(3498.44), "+3,498.4%");
    assert_eq!(pct(-1234.56), "-1,234.6%");
    assert_eq!(pct(999.96), "+1,000.0%");
}

#[test]
fn grouped_figures() {
    // Halves away from zero, as percentages are (147.25 read 147.2).
    assert_eq!(grouped(147.25, 1, false), "147.3");
    assert_eq!(grouped(-0.125, 2, true), "-0.13");
    assert_eq!(grouped(1234.567, 2, false), "1,234.57");
    assert_eq!(grouped(4.1, 2, false), "4.10");
    assert_eq!(grouped(1234567.0, 1, false), "1,234,567.0");
    assert_eq!(grouped(1234.5, 2, true), "+1,234.50");
    assert_eq!(grouped(-1234.5, 2, true), "-1,234.50");
    assert_eq!(grouped(0.0, 2, true), "0.00");
    assert_eq!(
        (grouped(-0.001, 2, true), grouped(0.004, 2, true)),
        ("0.00".into(), "0.00".into())
    );
    assert_eq!(grouped(0.005, 2, true), "+0.01");
    assert_eq!(grouped(999.999, 2, false), "1,000.00");
    assert_eq!(grouped(f64::NAN, 2, false), "NaN");
}

#[test]
fn figures_close_to_their_limit_show_the_decimals_that_part_them() {
    assert_eq!(decimals_apart(10.066, 10.06), Some(2));
    assert_eq!(decimals_apart(10.0661, 10.066), Some(4));
    assert_eq!(decimals_apart(12.34, 40.0), Some(1));
    assert_eq!(decimals_apart(40.0, 40.0), Some(1));
    // A fall too small to show is no fall, in every form.
    assert_eq!(
        (pct(-0.04), pct_plain(-0.04)),
        ("0.0%".into(), "0.0".into())
    );
    assert!(pct_rounded(-0.04).is_sign_positive());
    assert_eq!(
        (pct(-0.05), pct_plain(-12.34)),
        ("-0.1%".into(), "-12.3".into())
    );
    assert_eq!(
        (decimals_of(8.35), decimals_of(0.05), decimals_of(20.0)),
        (2, 2, 1)
    );
    assert_eq!(decimals_of(1.0 / 3.0), 10);
    // A limit set with seven decimals is written with them, and a figure beside it too.
    assert_eq!(
        (decimals_of(0.000_000_1), decimals_of(49.999_999_9)),
        (7, 7)
    );
    assert_eq!(decimals_apart(50.0, 49.999_999_9), Some(7));
    assert_eq!(decimals_apart(8.085_026_804_637_826, 8.085_026_8), Some(9));
    // Too close for ten decimals: shown whole, still apart.
    let d = decimals_apart(10.000_000_000_01, 10.0);
    assert_eq!(d, None);
    assert_eq!(
        (to_decimals(10.000_000_000_01, d), to_decimals(10.0, d)),
        ("10.00000000001".into(), "10".into())
    );
    assert_eq!(rounded(10.0662, 3), 10.066);
    // A limit past an i64 stays a number, not i64::MAX.
    let big = 18_446_744_073_709_551_615.0;
    assert_eq!(to_decimals_json(big, Some(1)), serde_json::json!(big));
    assert_eq!(
        to_decimals_json(63_353.0, Some(1)),
        serde_json::json!(63_353)
    );
}

#[test]
fn short_percentages_fit_seven_characters() {
    for (v, want) in [
        (12.34, "+12.3%"),
        (-100.0, "-100.0%"),
        (999.9, "+999.9%"),
        (999.96, "+1,000%"),
        (1899.6, "+1,900%"),
        (-2257.1, "-2,257%"),
        (19_456.0, "+19k%"),
        (999_000.0, "+999k%"),
        (999_600.0, "+1M%"),
        (-12_345_678.0, "-12M%"),
        (f64::INFINITY, "+>1G%"),
        (f64::NAN, "—"),
    ] {
        assert_eq!(pct_short(v), want, "{v}");
        assert!(pct_short(v).chars().count() <= 7);
    }
}

#[test]
fn separators_every_three_digits() {
    assert_eq!(thousands(0), "0");
    assert_eq!(thousands(999), "999");
    assert_eq!(thousands(1000), "1,000");
    assert_eq!(thousands(1_234_567), "1,234,567");
    assert_eq!(thousands(u64::MAX), "18,446,744,073,709,551,615");
}

#[test]
fn one_is_singular() {
    assert_eq!(count_of(1, "day", "days"), "1 day");
    assert_eq!(count_of(1500, "day", "days"), "1,500 days");
}

#[test]
fn signs() {
    assert_eq!(signed_thousands(1234), "+1,234");
    assert_eq!(signed_thousands(-56), "-56");
    assert_eq!(signed_thousands(0), "0");
    assert_eq!(pct(12.34), "+12.3%");
    assert_eq!(pct(-5.0), "-5.0%");
    assert_eq!(pct_plain(12.34), "12.3");
    assert_eq!(pct_plain(-100.0), "-100.0");
}
