//! Series as the widgets draw them: a day series summed or repeated to a width, and a
//! text sparkline. Shared by the view, the Origins block and the detail.

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SeriesLine {
    pub name: String,
    pub total: u64,
    pub series: Vec<u64>,
}

/// Sums consecutive days so that `series` fits in `width` bars.
pub fn bucket(series: &[u64], width: usize) -> (Vec<u64>, usize) {
    if width == 0 || series.is_empty() {
        return (Vec::new(), 1);
    }
    let per = series.len().div_ceil(width).max(1);
    (series.chunks(per).map(|c| c.iter().sum()).collect(), per)
}

/// How many days the last of the bars summing `per` days of a `len`-day series holds:
/// fewer than `per` when `per` does not divide `len` (the chart's title says so, lest
/// the short bar read as a drop).
pub fn last_bucket_days(len: usize, per: usize) -> usize {
    match (len, per) {
        (0, _) | (_, 0) => 0,
        _ => len - (len - 1) / per * per,
    }
}

/// `series` drawn on `width` columns: days summed when there are more days than columns,
/// each day repeated on several columns when there are fewer (bars stay readable).
pub fn fit_series(series: &[u64], width: usize) -> Vec<u64> {
    if series.is_empty() || width == 0 {
        return Vec::new();
    }
    if series.len() >= width {
        return bucket(series, width).0;
    }
    let k = width / series.len();
    series
        .iter()
        .flat_map(|v| std::iter::repeat_n(*v, k))
        .collect()
}

/// A text sparkline of `width` cells (zero days are blank, any prompt shows). A short
/// last bucket stands as high as its days would make a whole one: a sparkline has no
/// title to say it holds fewer days, and summed it read as a drop.
pub fn spark_text(series: &[u64], width: usize) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let (mut b, per) = bucket(series, width);
    let last = last_bucket_days(series.len(), per);
    if let Some(v) = b.last_mut().filter(|_| last > 0 && last < per) {
        *v = (*v).saturating_mul(per as u64).div_ceil(last as u64);
    }
    let max = b.iter().copied().max().unwrap_or(0).max(1);
    b.iter()
        .map(|&v| {
            if v == 0 {
                ' '
            } else {
                // In u128: a scaled last bucket may stand near u64::MAX.
                BARS[((u128::from(v) * 7).div_ceil(u128::from(max)) as usize).min(7)]
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_sum_and_fit() {
        let s: Vec<u64> = (1..=10).collect();
        let (b, per) = bucket(&s, 4);
        assert_eq!(per, 3);
        assert_eq!(b, vec![6, 15, 24, 10]);
        assert_eq!(b.iter().sum::<u64>(), 55);
        assert_eq!(bucket(&s, 20).0, s);
    }

    #[test]
    fn the_last_bucket_holds_what_is_left() {
        for (len, per, last) in [
            (10, 3, 1),
            (9, 3, 3),
            (90, 2, 2),
            (365, 4, 1),
            (1, 1, 1),
            (0, 2, 0),
        ] {
            assert_eq!(last_bucket_days(len, per), last, "{len} days by {per}");
            let s = vec![1u64; len];
            let (b, _) = bucket(&s, len.div_ceil(per.max(1)));
            assert_eq!(b.last().copied().unwrap_or(0) as usize, last);
        }
    }

    #[test]
    fn a_short_last_bucket_is_not_a_drop() {
        // 10 days in 4 cells of 3 days: the last cell holds 1 day.
        let even = vec![5u64; 10];
        assert_eq!(spark_text(&even, 4), "████");
        // Summed, the one-day bucket stood at a third: "███▃".
        let mut rising = vec![1u64; 9];
        rising.push(9);
        assert_eq!(spark_text(&rising, 4).chars().last(), Some('█'));
    }

    #[test]
    fn spark_text_shows_any_activity() {
        let s = spark_text(&[0, 1, 0, 100], 4);
        assert_eq!(s.chars().count(), 4);
        assert_eq!(s.chars().next(), Some(' '));
        assert_ne!(s.chars().nth(1), Some(' '));
        assert_eq!(s.chars().nth(3), Some('█'));
    }
}
