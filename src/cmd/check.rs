//! `check`: thresholds on the range's figures, for cron and monitoring. One line per
//! threshold (holds or breached, the figure and the limit); exit 6 when any is breached.
//! Thresholds come from the flags, else from the config file's `[check]` table. That
//! table is read here from the same file (`crate::paths::config_file`) rather than by the
//! config loader, whose settings are all per-profile strings; the loader only knows to
//! leave it alone.

use crate::cli::{CheckArgs, CheckFormatArg, FilterArgs, GlobalArgs};
use crate::numbers::{decimals_of, thousands, to_decimals};
use crate::report::Report;

use super::AppError;
use super::report::{Extras, build};

/// The limits; a threshold not given is not checked.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Thresholds {
    pub min_prompts: Option<u64>,
    pub min_active_users: Option<u64>,
    pub max_drop_pct: Option<f64>,
    pub max_dormant: Option<u64>,
}

impl Thresholds {
    /// Each flag given wins over the file's value.
    fn or(self, file: Thresholds) -> Thresholds {
        Thresholds {
            min_prompts: self.min_prompts.or(file.min_prompts),
            min_active_users: self.min_active_users.or(file.min_active_users),
            max_drop_pct: self.max_drop_pct.or(file.max_drop_pct),
            max_dormant: self.max_dormant.or(file.max_dormant),
        }
    }

    fn is_empty(&self) -> bool {
        *self == Thresholds::default()
    }

    /// Whether the threshold named `check` (`min_prompts`...) is set here.
    fn has(&self, check: &str) -> bool {
        match check {
            "min_prompts" => self.min_prompts.is_some(),
            "min_active_users" => self.min_active_users.is_some(),
            "max_drop_pct" => self.max_drop_pct.is_some(),
            _ => self.max_dormant.is_some(),
        }
    }
}

/// One threshold against its figure.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// `min_prompts`, `min_active_users`, `max_drop_pct` or `max_dormant`.
    pub check: &'static str,
    pub figure: f64,
    pub limit: f64,
    pub holds: bool,
    /// For the drop: the prompts now and in the previous period, which the line gives
    /// beside the percentage (a rise read "drop 0.0%", and a breach gave no counts).
    /// The change is the report's (`Count::change_pct`), not computed again.
    pub prompts: Option<(u64, u64, Option<f64>)>,
}

/// The figure and the limit as the text line shows them: a percentage to the decimals
/// that tell them apart and write the limit whole (a script comparing them agrees with
/// `holds`), a count whole.
impl serde::Serialize for Outcome {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let d = self.decimals();
        let shown = |v: f64| crate::numbers::to_decimals_json(v, d);
        let mut o = s.serialize_struct("Outcome", 6)?;
        o.serialize_field("check", self.check)?;
        o.serialize_field("figure", &shown(self.figure))?;
        o.serialize_field("limit", &shown(self.limit))?;
        o.serialize_field("holds", &self.holds)?;
        if let Some((now, before, _)) = self.prompts {
            o.serialize_field("prompts", &now)?;
            o.serialize_field("previous_prompts", &before)?;
        }
        o.end()
    }
}

impl Outcome {
    /// The decimals both are shown to: enough to tell them apart, and to write the limit
    /// as it was set (8.35 read "at most 8.3%", a threshold nobody set).
    fn decimals(&self) -> Option<usize> {
        crate::numbers::decimals_apart(self.figure, self.limit)
            .map(|d| d.max(crate::numbers::decimals_of(self.limit)))
    }

    /// The outcome as a line, ending in where the threshold was set: its flag, or the
    /// config's `[check]` table (`from_config`), so a cron mail points at what to change.
    fn line(&self, from_config: bool) -> String {
        let (what, bound, pct) = match self.check {
            "min_prompts" => ("prompts", "at least", false),
            "min_active_users" => ("active users", "at least", false),
            "max_drop_pct" => ("drop in prompts", "at most", true),
            _ => ("dormant people", "at most", false),
        };
        let d = self.decimals();
        let num = |v: f64| match pct {
            true => format!("{}%", crate::numbers::to_decimals(v, d)),
            false => thousands(v.max(0.0) as u64),
        };
        let state = if self.holds { "holds" } else { "breached" };
        let basis = match self.prompts {
            // The drop is the figure itself, to its decimals; a rise is said apart.
            Some((now, before, change)) if before > 0 => {
                let rise = change.filter(|c| *c > 0.0);
                let rise = rise.map(|c| format!(", a rise of {}", crate::numbers::pct(c)));
                let (now, before) = (thousands(now), thousands(before));
                format!(" ({now} against {before}{})", rise.unwrap_or_default())
            }
            Some((now, ..)) => format!(" ({} against none before)", thousands(now)),
            None => String::new(),
        };
        format!(
            "{state:<8}  {what}: {}{basis}, {bound} {} ({})",
            num(self.figure),
            num(self.limit),
            self.set_by(from_config)
        )
    }

    /// Where the threshold was set: its flag, or the config's `[check]` table.
    fn set_by(&self, from_config: bool) -> String {
        match from_config {
            true => format!("{} in [check]", self.check),
            false => format!("--{}", self.check.replace('_', "-")),
        }
    }
}

/// The thresholds against the report's figures, in the flags' order. The drop is the
/// fall in prompts, in percent of the previous period (0 when they rose or there were
/// none before).
pub fn evaluate(r: &Report, t: &Thresholds) -> Vec<Outcome> {
    let k = &r.kpis;
    let drop = k.prompts.change_pct.map_or(0.0, |p| (-p).max(0.0));
    let mut out = Vec::new();
    let mut add = |check, figure: f64, limit: Option<f64>, min: bool| {
        let p = &k.prompts;
        let prompts = (check == "max_drop_pct").then_some((p.value, p.previous, p.change_pct));
        if let Some(limit) = limit {
            let holds = if min {
                figure >= limit
            } else {
                figure <= limit
            };
            out.push(Outcome {
                check,
                figure,
                limit,
                holds,
                prompts,
            });
        }
    };
    let f = |v: Option<u64>| v.map(|n| n as f64);
    add(
        "min_prompts",
        k.prompts.value as f64,
        f(t.min_prompts),
        true,
    );
    add(
        "min_active_users",
        k.active_users.value as f64,
        f(t.min_active_users),
        true,
    );
    add("max_drop_pct", drop, t.max_drop_pct, false);
    add(
        "max_dormant",
        k.dormant_users as f64,
        f(t.max_dormant),
        false,
    );
    out
}

/// Runs `check`.
pub async fn run(g: &GlobalArgs, f: &FilterArgs, args: &CheckArgs) -> Result<(), AppError> {
    let flags = Thresholds {
        min_prompts: args.min_prompts,
        min_active_users: args.min_active_users,
        max_drop_pct: args.max_drop_pct,
        max_dormant: args.max_dormant,
    };
    // Where a bad value came from decides the exit: a mistyped flag (2) or config (3).
    if flags.max_drop_pct.is_some_and(|p| !is_pct(p)) {
        return Err(AppError::Usage(format!("--max-drop-pct {NOT_PCT}")));
    }
    let t = flags.or(file_thresholds(g)?);
    if t.is_empty() {
        return Err(AppError::Usage(
            "no threshold to check: give --min-prompts, --min-active-users, --max-drop-pct or --max-dormant (or a [check] table in the config)".into(),
        ));
    }
    let report = build(g, f, false, Extras::None).await?;
    let outcomes = evaluate(&report, &t);
    match args.format {
        CheckFormatArg::Text => {
            // The range first: a line in a cron mail must say which days it judged.
            let mut text = format!("{}\n", range_line(&report));
            // A cron mail must say what was judged: the whole organization, or a part.
            if let Some(line) = crate::report::filters_applied(&report) {
                text += &format!("{:<8}  {line}\n", "filters");
            }
            for o in &outcomes {
                text += &format!("{}\n", o.line(!flags.has(o.check)));
            }
            super::console::print(&text)?;
        }
        CheckFormatArg::Json => {
            let doc = serde_json::json!({
                "ok": outcomes.iter().all(|o| o.holds),
                "range": report.range,
                "previous_range": report.previous_range,
                "filters": report.filters,
                // Where each was set, as the text's lines end: what a script should change.
                "checks": outcomes.iter().map(|o| {
                    let mut v = serde_json::to_value(o).unwrap_or_default();
                    v["set_by"] = o.set_by(!flags.has(o.check)).into();
                    v
                }).collect::<Vec<_>>(),
            });
            super::console::print(&(crate::sanitize::json_pretty(&doc) + "\n"))?;
        }
    }
    match outcomes.iter().filter(|o| !o.holds).count() {
        0 => Ok(()),
        n => Err(AppError::Breached(format!(
            "{n} of {} breached for {} to {}{}",
            crate::numbers::count_of(outcomes.len() as u64, "threshold", "thresholds"),
            report.range.start,
            report.range.end,
            // A cron mail of a team's check said nothing of the team.
            match report.filters.teams.as_slice() {
                [] => String::new(),
                [one] => format!(" (team {one})"),
                many => format!(" (teams {})", many.join(", ")),
            }
        ))),
    }
}

/// `range     2026-11-24 to 2026-11-30 (UTC, 7 days), against 2026-11-17 to 2026-11-23`:
/// the report's words for it.
fn range_line(r: &Report) -> String {
    format!("{:<8}  {}", "range", crate::report::range_line(r))
}

const NOT_PCT: &str = "must be a percentage from 0 to 100 (a drop of all prompts is 100)";

fn is_pct(p: f64) -> bool {
    (0.0..=100.0).contains(&p)
}

/// The `[check]` table of the config file in use, its values checked: `check`, `config
/// show` and `config check` judge it alike.
pub fn file_thresholds(g: &GlobalArgs) -> Result<Thresholds, AppError> {
    let t = from_file(g)?;
    if t.max_drop_pct.is_some_and(|p| !is_pct(p)) {
        let msg = format!("{}max_drop_pct in [check] {NOT_PCT}", file_prefix(g));
        return Err(AppError::Config(crate::config::ConfigError::Invalid(msg)));
    }
    Ok(t)
}

/// `config show`'s lines for the thresholds `check` reads from the file.
pub fn show(g: &GlobalArgs) -> Result<String, AppError> {
    let t = file_thresholds(g)?;
    let whole = |v: Option<u64>| v.map(thousands);
    let pct = |p: f64| to_decimals(p, Some(decimals_of(p))) + "%";
    let lines: Vec<String> = [
        ("min_prompts", whole(t.min_prompts)),
        ("min_active_users", whole(t.min_active_users)),
        ("max_drop_pct", t.max_drop_pct.map(pct)),
        ("max_dormant", whole(t.max_dormant)),
    ]
    .into_iter()
    .filter_map(|(name, v)| Some(format!("  {name:<17} {}\n", v?)))
    .collect();
    if lines.is_empty() {
        return Ok(format!("{:<15} (none: add a [check] table)\n", "check"));
    }
    let n = crate::numbers::count_of(lines.len() as u64, "threshold", "thresholds");
    let file = config_path(g).map_or_else(String::new, |p| format!("{} ", p.display()));
    let head = format!("{:<15} {n} from {file}[check]\n", "check");
    Ok(head + &lines.concat())
}

/// `FILE: `, the config file in use, to begin a line about its `[check]` table.
fn file_prefix(g: &GlobalArgs) -> String {
    config_path(g).map_or_else(String::new, |p| format!("{}: ", p.display()))
}

fn config_path(g: &GlobalArgs) -> Option<std::path::PathBuf> {
    crate::paths::config_file(g.config.clone(), &crate::paths::process_env).0
}

/// The `[check]` table of the config file in use, if any.
fn from_file(g: &GlobalArgs) -> Result<Thresholds, AppError> {
    let Some(path) = config_path(g) else {
        return Ok(Thresholds::default());
    };
    // A missing or unreadable file was already judged by the settings' loader.
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok(Thresholds::default());
    };
    // A file that does not parse is said as the loader says it (line, column, the key),
    // not as a fault of [check].
    crate::config::parse(&text, &path)?;
    parse_table(&text).map_err(|e| {
        AppError::Config(crate::config::ConfigError::Invalid(format!(
            "{}: [check]: {e}; fix the table",
            path.display()
        )))
    })
}

/// The `[check]` table of a config file's text (the rest is the loader's business). Read
/// by hand: serde's words ("invalid value: integer `-3`, expected u64") named neither the
/// setting nor what it takes.
fn parse_table(text: &str) -> Result<Thresholds, String> {
    let table: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| e.message().to_string())?;
    let Some(check) = table.get("check") else {
        return Ok(Thresholds::default());
    };
    let toml::Value::Table(check) = check else {
        return Err("check must be a table ([check], then one threshold a line)".into());
    };
    let mut t = Thresholds::default();
    for (key, v) in check {
        match key.as_str() {
            "min_prompts" => t.min_prompts = Some(whole(key, v)?),
            "min_active_users" => t.min_active_users = Some(whole(key, v)?),
            "max_dormant" => t.max_dormant = Some(whole(key, v)?),
            "max_drop_pct" => {
                t.max_drop_pct = Some(match v {
                    toml::Value::Integer(n) => *n as f64,
                    toml::Value::Float(x) => *x,
                    _ => return Err(format!("max_drop_pct {NOT_PCT}, not {v}")),
                })
            }
            _ => {
                return Err(format!(
                    "unknown threshold '{}' (the thresholds are min_prompts, min_active_users, max_drop_pct and max_dormant)",
                    crate::sanitize::one_line(key)
                ));
            }
        }
    }
    Ok(t)
}

/// A count threshold's value: a whole number, 0 or more.
fn whole(key: &str, v: &toml::Value) -> Result<u64, String> {
    match v {
        toml::Value::Integer(n) if *n >= 0 => Ok(*n as u64),
        _ => Err(format!("{key} must be a whole number, 0 or more, not {v}")),
    }
}

#[cfg(test)]
#[path = "check_tests.rs"]
mod tests;
