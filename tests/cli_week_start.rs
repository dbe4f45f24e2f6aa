//! `week_start` in the config file through the real binary against the demo contract
//! server: with `week_start = "sunday"` and no flag, `export --group-by week` writes what
//! `--week-start sunday` writes, the flag still wins over the file, the report's weekly
//! series runs Sunday to Saturday, and a bad value stops every command (exit 3, one line).

mod common;

use std::path::Path;
use std::process::Output;

use chrono::{Datelike, NaiveDate, Weekday};
use serde_json::Value;

const FROM: &str = "2026-08-06";
const TO: &str = "2026-11-20";

struct Env {
    demo: common::Demo,
    home: tempfile::TempDir,
}

impl Env {
    fn run(&self, config: Option<&Path>, args: &[&str]) -> Output {
        let s = &self.demo.server;
        let mut c = common::binary(self.home.path(), s);
        if let Some(p) = config {
            c.arg("--config").arg(p);
        }
        c.args(args)
            .env("CLARITYQ_PRODUCT_ID", s.product_id().to_string())
            .env("CLARITYQ_API_KEY", s.api_key())
            .output()
            .unwrap()
    }

    fn ok(&self, config: Option<&Path>, args: &[&str]) -> String {
        let a = [args, &["--from", FROM, "--to", TO]].concat();
        let out = self.run(config, &a);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{a:?}: {err}");
        String::from_utf8(out.stdout).unwrap()
    }
}

fn start() -> Env {
    Env {
        demo: common::demo(7, 200, 150),
        home: tempfile::tempdir().unwrap(),
    }
}

fn day(v: &Value) -> NaiveDate {
    v.as_str().unwrap().parse().unwrap()
}

#[test]
fn the_setting_is_the_flags_default_and_the_flag_wins() {
    let env = start();
    let sunday = common::private_config(env.home.path(), "sun", "week_start = \"sunday\"\n");
    let week = ["export", "--group-by", "week", "--format", "csv"];
    let by_setting = env.ok(Some(&sunday), &week);
    let by_flag = env.ok(None, &[&week[..], &["--week-start", "sunday"]].concat());
    let iso = env.ok(None, &week);
    assert_eq!(by_setting, by_flag);
    assert_ne!(by_setting, iso, "Sunday weeks differ from ISO weeks");
    // The second line's start_date (the first whole week) is a Sunday.
    let second = by_setting.lines().nth(2).unwrap();
    let start: NaiveDate = second.split(',').nth(1).unwrap().parse().unwrap();
    assert_eq!(start.weekday(), Weekday::Sun, "{second}");
    let flag_over_file = env.ok(
        Some(&sunday),
        &[&week[..], &["--week-start", "monday"]].concat(),
    );
    assert_eq!(flag_over_file, iso);
}

#[test]
fn the_reports_weekly_series_starts_on_sunday() {
    let env = start();
    let sunday = common::private_config(env.home.path(), "sun", "week_start = \"sunday\"\n");
    let r: Value =
        serde_json::from_str(&env.ok(Some(&sunday), &["report", "--format", "json"])).unwrap();
    let series = &r["series"];
    assert_eq!(series["grain"], "week");
    let points = series["points"].as_array().unwrap();
    assert_eq!(day(&points[0]["start"]), day(&Value::from(FROM)));
    assert!(points.len() > 10);
    for p in &points[1..] {
        assert_eq!(day(&p["start"]).weekday(), Weekday::Sun, "{p}");
    }
    // The same points as the export's Sunday weeks.
    let weeks: Value = serde_json::from_str(&env.ok(
        Some(&sunday),
        &["export", "--group-by", "week", "--format", "json"],
    ))
    .unwrap();
    let weeks = weeks.as_array().unwrap();
    assert_eq!(weeks.len(), points.len());
    for (w, p) in weeks.iter().zip(points) {
        assert_eq!(w["start_date"], p["start"]);
        assert_eq!(w["prompt_count"], p["prompts"]);
        assert_eq!(w["active_users"], p["active_users"]);
    }
}

#[test]
fn a_bad_value_stops_every_command_with_one_line() {
    let env = start();
    let bad = common::private_config(env.home.path(), "bad", "week_start = \"friday\"\n");
    for args in [&["export"][..], &["report"], &["config", "show"]] {
        let out = env.run(Some(&bad), args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains("week_start 'friday'"), "{err}");
        assert!(out.stdout.is_empty());
    }
}
