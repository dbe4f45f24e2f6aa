//! Number formatting: the one place that decides how a count or a change is written, so
//! the screen, the exports and the reports agree to the character.

/// `1234567` as `1,234,567`.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `n` and a noun, singular for one: `1 day`, `7 days`, `1,234 people` (give both forms).
pub fn count_of(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

/// A signed count, `+1,234` or `-56` (`0` has no sign).
pub fn signed_thousands(n: i128) -> String {
    let sign = match n.signum() {
        1 => "+",
        -1 => "-",
        _ => "",
    };
    format!(
        "{sign}{}",
        thousands(n.unsigned_abs().min(u64::MAX as u128) as u64)
    )
}

/// A figure with `places` decimals (halves away from zero, [`half_away`]) and its whole
/// part grouped, `1,234.56`; `signed` puts `+` before a positive one. A rate of a busy API
/// key runs into thousands, too.
pub fn grouped(v: f64, places: usize, signed: bool) -> String {
    let v = half_away(v, places);
    let s = match signed {
        true => format!("{v:+.places$}"),
        false => format!("{v:.places$}"),
    };
    let (sign, rest) = s.split_at(s.find(|c: char| c.is_ascii_digit()).unwrap_or(0));
    // A change that rounds to nothing has no sign, either way ([`pct`]).
    let sign = match rest.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
        true => sign,
        false => "",
    };
    let (whole, frac) = rest.split_at(rest.find('.').unwrap_or(rest.len()));
    match whole.parse::<u64>() {
        Ok(n) => format!("{sign}{}{frac}", thousands(n)),
        Err(_) => s,
    }
}

/// A rate of a period with no active user (per user, per day): in reports and on screen.
pub const NO_RATE: &str = "n/a";

/// A signed percentage with one decimal, `+12.3%`, its whole part grouped as every other
/// figure is (`+3,498.4%`, in reports and check lines); one that
/// rounds to nothing has no sign, as a change of 0 prompts has none
/// ([`signed_thousands`]): `0 (+0.0%)` read as a rise.
pub fn pct(v: f64) -> String {
    format!("{}%", grouped(v, 1, true))
}

/// `v` to one decimal ([`half_away`]); a fall too small to show is no fall: `-0.0` read
/// as a drop.
fn one_decimal(v: f64) -> f64 {
    // Adding a positive zero turns -0.0 into 0.0 and leaves every other value alone.
    half_away(v, 1) + 0.0
}

/// `v` to `places` decimals, halves away from zero as a spreadsheet's ROUND and DuckDB's
/// round do (formatting rounds an exact half to even: 1 in 16 read +6.2% where a
/// spreadsheet says 6.3%, and an average of 147.25 people a day read 147.2).
pub fn half_away(v: f64, places: usize) -> f64 {
    // Through the shortest decimal that is `v` first, so that a value printed 6.25 is
    // the half it reads as, not the binary number just under it.
    let shown: f64 = format!("{v}").parse().unwrap_or(v);
    let scale = 10f64.powi(places as i32);
    rounded((shown * scale).round() / scale, places)
}

/// [`pct`] in at most seven characters, for a table cell that must keep its gap: from
/// 1,000% on without the decimal and with a separator (`+1,900%`), then in thousands
/// (`+19k%`) and millions (`+12M%`). `+1899.6%` ran into the column before it.
pub fn pct_short(v: f64) -> String {
    let sign = if v >= 0.0 { "+" } else { "-" };
    match v.abs() {
        a if a.is_nan() => "—".into(),
        a if a < 999.95 => pct(v),
        a if a < 9_999.5 => format!("{sign}{}%", thousands(a.round() as u64)),
        a if a < 999_500.0 => format!("{sign}{}k%", (a / 1e3).round()),
        a if a < 999_500_000.0 => format!("{sign}{}M%", (a / 1e6).round()),
        _ => format!("{sign}>1G%"),
    }
}

/// A percentage as a plain number with one decimal, `12.3` or `-5.0`, for files that
/// scripts read (the same rounding as [`pct`]).
pub fn pct_plain(v: f64) -> String {
    format!("{:.1}", one_decimal(v))
}

/// A share of a whole on screen, `12.3%`: one too small for a tenth but not nothing
/// reads `<0.1%` (everyone of a 166,666-person organization read 0.0%).
pub fn share_pct(v: f64) -> String {
    match v > 0.0 && one_decimal(v) == 0.0 {
        true => "<0.1%".into(),
        false => format!("{}%", pct_plain(v)),
    }
}

/// Each part's share of their sum in percent, to one decimal, the shares adding up to
/// exactly 100.0 (the largest remainders take the tenths left over): rounded one by one,
/// three origins of a third each read 33.3% thrice, and 33.35/33.35/33.3 read 100.1% in
/// all. `None` for each when the sum is zero.
pub fn shares(parts: &[u64]) -> Vec<Option<f64>> {
    let sum: u128 = parts.iter().map(|&n| u128::from(n)).sum();
    if sum == 0 {
        return vec![None; parts.len()];
    }
    let exact = |n: u64| u128::from(n) * 1000;
    let mut tenths: Vec<u128> = parts.iter().map(|&n| exact(n) / sum).collect();
    let left = 1000 - tenths.iter().sum::<u128>();
    // Largest remainder first; among equal ones, the first part.
    let mut by_rest: Vec<usize> = (0..parts.len()).collect();
    by_rest.sort_by_key(|&i| std::cmp::Reverse(exact(parts[i]) % sum));
    for &i in by_rest.iter().take(left as usize) {
        tenths[i] += 1;
    }
    tenths.iter().map(|&t| Some(t as f64 / 10.0)).collect()
}

/// A percentage as a number with the one decimal [`pct_plain`] writes: the JSON of the
/// exports and of the report carry the figure the CSV and the tables show.
pub fn pct_rounded(v: f64) -> f64 {
    one_decimal(v)
}

/// [`pct_rounded`] for serde: a change in percent in a report's JSON (it said
/// 12.311161630976827 where `export` says 12.3).
pub fn pct_opt_json<S: serde::Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    serde::Serialize::serialize(&v.map(pct_rounded), s)
}

/// [`pct_rounded`] for serde: a share in percent.
pub fn pct_json<S: serde::Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(pct_rounded(*v))
}

/// The decimals that tell `a` from `b` when both are shown: a drop of 10.066% against a
/// limit of 10.06% read "10.1%, at most 10.1%, breached". One when they are equal; `None`
/// when ten do not part them (they are then shown whole). Rounding keeps order, so the
/// figures shown never contradict the verdict.
pub fn decimals_apart(a: f64, b: f64) -> Option<usize> {
    if a == b {
        return Some(1);
    }
    (1..=MAX_DECIMALS).find(|&d| format!("{a:.d$}") != format!("{b:.d$}"))
}

/// The decimals that write `v` as it was given (`8.35`: 2), from one up to ten.
pub fn decimals_of(v: f64) -> usize {
    (1..=MAX_DECIMALS)
        .find(|&d| rounded(v, d) == v)
        .unwrap_or(MAX_DECIMALS)
}

/// The most decimals a limit and its figure are shown to: a limit set as 0.0000001 read
/// "at most 0.000000%" with six, and 49.9999999 against 50 showed the figure as "50%".
const MAX_DECIMALS: usize = 10;

/// `v` to `d` decimals ([`decimals_apart`]), or whole when `None`.
pub fn to_decimals(v: f64, d: Option<usize>) -> String {
    match d {
        Some(d) => format!("{v:.d$}"),
        None => format!("{v}"),
    }
}

/// `v` as [`to_decimals`] writes it, as a JSON number: a whole one as an integer (the
/// JSON said `63353.0` for 63,353 prompts) while it fits one exactly.
pub fn to_decimals_json(v: f64, d: Option<usize>) -> serde_json::Value {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        return serde_json::json!(v as i64);
    }
    serde_json::json!(d.map_or(v, |d| rounded(v, d)))
}

/// `v` rounded to `d` decimals, as a number (`10.066`, not `10.06600000001`).
pub fn rounded(v: f64, d: usize) -> f64 {
    format!("{v:.d$}").parse().unwrap_or(v)
}

/// A number for a chart's axis, in a few characters: `9,500`, `250k`, `1.5M`, `20M`
/// (a 10M-row year's "20,000,000" ran off the report's chart).
pub fn compact(n: u64) -> String {
    let short = |v: f64, unit: &str| match v < 10.0 && v.fract() >= 0.05 {
        true => format!("{v:.1}{unit}"),
        false => format!("{v:.0}{unit}"),
    };
    match n {
        n if n >= 1_000_000 => short(n as f64 / 1e6, "M"),
        n if n >= 10_000 => short(n as f64 / 1e3, "k"),
        n => thousands(n),
    }
}

/// `2.1 GB`, `380 MB`, `12 kB`, `0 B`: a file's size as people read it (powers of ten, as a
/// file manager shows it).
pub fn file_size(bytes: u64) -> String {
    let (v, unit) = match bytes {
        b if b >= 1_000_000_000 => (b as f64 / 1e9, "GB"),
        b if b >= 1_000_000 => (b as f64 / 1e6, "MB"),
        b if b >= 1_000 => (b as f64 / 1e3, "kB"),
        b => return format!("{b} B"),
    };
    match v < 10.0 {
        true => format!("{v:.1} {unit}"),
        false => format!("{v:.0} {unit}"),
    }
}

#[cfg(test)]
#[path = "numbers_tests.rs"]
mod tests;
