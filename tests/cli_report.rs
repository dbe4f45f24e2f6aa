//! `report` and `check` through the real binary against the demo contract server: every
//! figure of the JSON report equals the export's for the same filters, the HTML is one
//! well-formed, self-contained document, the Markdown lists the top people in the export's
//! order, `check` exits 6 and 0 on both sides of each threshold, and an unwritable `-o`
//! leaves nothing behind.

mod common;

use std::collections::HashMap;
use std::process::Output;

use serde_json::{Map, Value};

type Obj = Map<String, Value>;

struct Env {
    demo: common::Demo,
    home: tempfile::TempDir,
}

const FROM: &str = "2026-10-27";
const TO: &str = "2026-11-25";

fn start() -> Env {
    Env {
        demo: common::demo(5, 80, 200),
        home: tempfile::tempdir().unwrap(),
    }
}

impl Env {
    fn run(&self, args: &[&str]) -> Output {
        let s = &self.demo.server;
        common::binary(self.home.path(), s)
            .args(args)
            .env("CLARITYQ_PRODUCT_ID", s.product_id().to_string())
            .env("CLARITYQ_API_KEY", s.api_key())
            .output()
            .unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(&[args, &["--format", "json"]].concat())).unwrap()
    }

    fn export(&self, args: &[&str], from: &str, to: &str) -> Vec<Obj> {
        let a = [&["export"], args, &["--from", from, "--to", to]].concat();
        let v = self.json(&a);
        v.as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_object().unwrap().clone())
            .collect()
    }

    fn report(&self, from: &str, to: &str, extra: &[&str]) -> Value {
        self.json(&[&["report", "--from", from, "--to", to], extra].concat())
    }

    fn code(&self, args: &[&str]) -> (i32, String, String) {
        let out = self.run(args);
        (
            out.status.code().unwrap(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    }
}

fn n(v: &Value) -> u64 {
    assert!(v.is_u64(), "a count is an integer: {v}");
    v.as_u64().unwrap()
}

/// A person of the report against the export's record of the same email.
fn same_person(p: &Value, by_email: &HashMap<String, Obj>) {
    let e = &by_email[p["email"].as_str().unwrap()];
    assert_eq!(n(&p["prompts"]), n(&e["prompt_count"]), "{p}");
    assert_eq!(
        n(&p["previous_prompts"]),
        n(&e["previous_prompt_count"]),
        "{p}"
    );
    assert_eq!(p["change"].as_i64(), e["change"].as_i64(), "{p}");
    assert_eq!(p["status"], e["status"], "{p}");
    assert_eq!(p["id"], e["user_id"], "{p}");
}

#[test]
fn every_json_figure_is_the_exports() {
    let env = start();
    let r = env.report(FROM, TO, &[]);
    let users = env.export(&["--group-by", "user", "--compare"], FROM, TO);
    let by_email: HashMap<String, Obj> = users
        .iter()
        .map(|u| (u["user_email"].as_str().unwrap().to_string(), u.clone()))
        .collect();
    let k = &r["kpis"];
    let sum = |key: &str| users.iter().map(|u| n(&u[key])).sum::<u64>();
    let count = |key: &str| users.iter().filter(|u| n(&u[key]) > 0).count() as u64;
    assert_eq!(n(&k["prompts"]["value"]), sum("prompt_count"));
    assert_eq!(n(&k["prompts"]["previous"]), sum("previous_prompt_count"));
    assert_eq!(n(&k["active_users"]["value"]), count("prompt_count"));
    assert_eq!(
        n(&k["active_users"]["previous"]),
        count("previous_prompt_count")
    );
    let status = |s: &str| users.iter().filter(|u| u["status"] == s).count() as u64;
    assert_eq!(n(&k["new_users"]), status("new"));
    assert_eq!(n(&k["dormant_users"]), status("dormant"));
    assert_eq!(n(&r["new_people"]["count"]), status("new"));
    assert_eq!(n(&r["dormant_people"]["count"]), status("dormant"));
    let rate = sum("prompt_count") as f64 / count("prompt_count") as f64 / 30.0;
    let got = k["prompts_per_active_user_per_day"]["value"]
        .as_f64()
        .unwrap();
    assert!((got - rate).abs() < 1e-9, "{got} vs {rate}");
    // The top ten are the export's first ten, in its order.
    let top: Vec<&Value> = r["top_people"].as_array().unwrap().iter().collect();
    assert_eq!(top.len(), 10);
    for (p, e) in top.iter().zip(&users) {
        assert_eq!(p["email"], e["user_email"]);
    }
    for list in ["top_people", "movers_up", "movers_down"] {
        r[list]
            .as_array()
            .unwrap()
            .iter()
            .for_each(|p| same_person(p, &by_email));
    }
    for g in ["new_people", "dormant_people"] {
        r[g]["first"]
            .as_array()
            .unwrap()
            .iter()
            .for_each(|p| same_person(p, &by_email));
    }
    let products = env.export(&["--group-by", "product", "--compare"], FROM, TO);
    let rp = r["products"].as_array().unwrap();
    assert_eq!(rp.len(), products.len());
    for (p, e) in rp.iter().zip(&products) {
        assert_eq!(p["name"], e["product_name"]);
        assert_eq!(n(&p["prompts"]), n(&e["prompt_count"]));
        assert_eq!(n(&p["active_users"]), n(&e["active_users"]));
        assert_eq!(n(&p["previous_prompts"]), n(&e["previous_prompt_count"]));
        assert_eq!(p["change"].as_i64(), e["change"].as_i64());
    }
    let days = env.export(&["--group-by", "day"], FROM, TO);
    same_series(&r, &days, "day", "date");
    let mut totals = Vec::new();
    for (i, o) in ["APP", "SLACK", "API_KEY"].into_iter().enumerate() {
        let rows = env.export(&["--group-by", "day", "--origin", o], FROM, TO);
        let total: u64 = rows.iter().map(|d| n(&d["prompt_count"])).sum();
        assert_eq!(r["origins"][i]["origin"], o);
        assert_eq!(n(&r["origins"][i]["prompts"]), total, "{o}");
        totals.push(total as f64);
    }
    // Shares to one decimal, as the exports write percentages (64.32213154862437 was),
    // each within a tenth of its exact share and all adding up to 100.0 (not 100.1).
    let sum: f64 = totals.iter().sum();
    let mut tenths = 0.0;
    for (i, t) in totals.iter().enumerate() {
        let got = r["origins"][i]["share_pct"].as_f64().unwrap();
        assert_eq!((got * 10.0).round() / 10.0, got, "one decimal");
        assert!(
            (got - t * 100.0 / sum).abs() < 0.1,
            "{got} for {t} of {sum}"
        );
        tenths += (got * 10.0).round();
    }
    assert_eq!(tenths, 1000.0);
}

fn same_series(r: &Value, records: &[Obj], grain: &str, key: &str) {
    assert_eq!(r["series"]["grain"], grain);
    let points = r["series"]["points"].as_array().unwrap();
    assert_eq!(points.len(), records.len());
    for (p, e) in points.iter().zip(records) {
        assert_eq!(p[if key == "date" { "start" } else { "period" }], e[key]);
        assert_eq!(n(&p["prompts"]), n(&e["prompt_count"]));
        assert_eq!(n(&p["active_users"]), n(&e["active_users"]));
    }
}

#[test]
fn a_long_range_is_charted_by_the_exports_weeks() {
    let env = start();
    let r = env.report("2026-08-01", TO, &[]);
    let weeks = env.export(&["--group-by", "week"], "2026-08-01", TO);
    same_series(&r, &weeks, "week", "period");
    // One origin asked for: no share, and a note saying why.
    let one = env.report(FROM, TO, &["--origin", "SLACK"]);
    assert!(one["origins"].is_null());
    assert!(one["origins_note"].as_str().unwrap().contains("SLACK"));
}

/// Tags open and close in order (void and self-closed tags aside).
fn well_formed(html: &str) -> Result<(), String> {
    let mut stack: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        let j = rest[i..].find('>').ok_or("a tag never closed")? + i;
        let tag = &rest[i + 1..j];
        rest = &rest[j + 1..];
        if tag.starts_with('!') || tag.ends_with('/') {
            continue;
        }
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if ["meta", "br"].contains(&name.as_str()) {
            continue;
        }
        if tag.starts_with('/') {
            match stack.pop() {
                Some(open) if open == name => {}
                other => return Err(format!("</{name}> closes {other:?}")),
            }
        } else {
            stack.push(name);
        }
    }
    match stack.is_empty() {
        true => Ok(()),
        false => Err(format!("left open: {stack:?}")),
    }
}

#[test]
fn the_html_is_one_self_contained_document() {
    let env = start();
    let path = env.home.path().join("week.html");
    let p = path.to_str().unwrap();
    env.ok(&["report", "--from", FROM, "--to", TO, "-o", p]);
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(
        html.starts_with("<!DOCTYPE html>"),
        "the format came from the extension"
    );
    well_formed(&html).unwrap();
    assert!(html.contains("<svg") && html.contains("<title>"));
    assert!(html.contains("aria-label=") && html.contains("scope=\"col\""));
    assert!(html.contains("prefers-color-scheme: dark") && html.contains("@media print"));
    for bad in [
        "<script", "http://", "https://", "url(", "@import", "<img", "<link",
    ] {
        assert!(!html.to_lowercase().contains(bad), "{bad}");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    assert!(
        well_formed("<p><b></p></b>").is_err(),
        "the checker can fail"
    );
}

#[test]
fn the_markdown_lists_the_top_people_in_order() {
    let env = start();
    let md = env.ok(&["report", "--from", FROM, "--to", TO]);
    let users = env.export(&["--group-by", "user"], FROM, TO);
    let section = md.split("## Top 10 people").nth(1).unwrap();
    let section = section.split("## ").next().unwrap();
    let emails: Vec<&str> = section
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| #"))
        .map(|l| l.split(" | ").nth(1).unwrap())
        .collect();
    let want: Vec<&str> = users
        .iter()
        .take(10)
        .map(|u| u["user_email"].as_str().unwrap())
        .collect();
    assert_eq!(emails, want);
    assert!(
        md.contains("| Prompts |") && md.contains('█'),
        "a sparkline"
    );
    let masked = env.ok(&["report", "--from", FROM, "--to", TO, "--mask"]);
    assert!(want.iter().all(|e| !masked.contains(e)));
}

#[test]
fn an_unwritable_output_leaves_nothing_and_exits_2() {
    let env = start();
    let file = env.home.path().join("plain");
    std::fs::write(&file, "x").unwrap();
    for bad in [file.join("r.html"), env.home.path().join("missing/r.html")] {
        let (code, out, err) = env.code(&["report", "--last", "7d", "-o", bad.to_str().unwrap()]);
        assert_eq!(code, 2, "{err}");
        assert!(out.is_empty());
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains("cannot write"), "{err}");
        assert!(!bad.exists());
    }
    // Found before anything is fetched: a server that refuses is never asked (the path
    // was found only after the whole fetch, minutes on a long range).
    for (cmd, name) in [("report", "r.md"), ("export", "e.csv")] {
        let missing = env.home.path().join("missing").join(name);
        let args = [
            cmd,
            "--base-url",
            "http://127.0.0.1:9",
            "-o",
            missing.to_str().unwrap(),
        ];
        let (code, _, err) = env.code(&args);
        assert_eq!((code, err.lines().count()), (2, 1), "{cmd}: {err}");
        assert!(err.contains("cannot write"), "{cmd}: {err}");
    }
    // A device that opens and then fills is the path's fault too: exit 2, what to do.
    let (code, _, err) = env.code(&["report", "--last", "7d", "-o", "/dev/full"]);
    assert_eq!((code, err.lines().count()), (2, 1), "{err}");
    assert!(
        err.contains("writing the report to /dev/full failed") && err.contains("free some space"),
        "{err}"
    );
    let left: Vec<_> = std::fs::read_dir(env.home.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        left.iter().all(|n| !n.to_string_lossy().contains(".tmp")),
        "{left:?}"
    );
}

#[test]
fn check_holds_and_breaches_on_each_side_of_each_threshold() {
    let env = start();
    // A Saturday against the Friday before: a drop to test the drop against.
    let (day, range) = ("2026-11-21", ["--from", "2026-11-21", "--to", "2026-11-21"]);
    let r = env.report(day, day, &[]);
    let k = &r["kpis"];
    let prompts = n(&k["prompts"]["value"]);
    let users = n(&k["active_users"]["value"]);
    let dormant = n(&k["dormant_users"]);
    let drop = -k["prompts"]["change_pct"].as_f64().unwrap();
    assert!(
        drop > 1.0 && dormant > 0,
        "the fixture has a drop and dormant people"
    );
    let cases: [(&str, f64, f64); 4] = [
        ("--min-prompts", prompts as f64, (prompts + 1) as f64),
        ("--min-active-users", users as f64, (users + 1) as f64),
        ("--max-drop-pct", drop + 0.5, drop - 0.5),
        ("--max-dormant", dormant as f64, (dormant - 1) as f64),
    ];
    for (flag, holds, breached) in cases {
        for (limit, want) in [(holds, 0), (breached, 6)] {
            let limit = if flag == "--max-drop-pct" {
                format!("{limit:.2}")
            } else {
                format!("{limit}")
            };
            let (code, out, err) = env.code(&[&["check", flag, &limit], &range[..]].concat());
            assert_eq!(code, want, "{flag} {limit}: {out}{err}");
            let lines: Vec<&str> = out.lines().collect();
            assert_eq!(lines.len(), 2, "{out}");
            assert!(
                lines[0].starts_with("range ")
                    && lines[0]
                        .contains("2026-11-21 to 2026-11-21 (UTC, 1 day), against 2026-11-20"),
                "the range judged comes first: {out}"
            );
            let word = if want == 0 { "holds" } else { "breached" };
            assert!(lines[1].starts_with(word), "{out}");
            if flag == "--max-drop-pct" {
                // The drop gives both days' prompts: the organization's own counts.
                let org = env.demo.server.org();
                let total = |d: &str| {
                    let d = chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
                    let all = clarityq_usage::api::Origin::ALL.iter().flat_map(|&o| {
                        (0..org.products.len()).flat_map(move |p| {
                            (0..org.users.len()).map(move |u| org.count(o, p, u, d))
                        })
                    });
                    all.sum::<u64>()
                };
                let json = [&["check", "--format", "json", flag, &limit], &range[..]].concat();
                let (_, doc, _) = env.code(&json);
                let doc: serde_json::Value = serde_json::from_str(&doc).unwrap();
                let c = &doc["checks"][0];
                let got = (n(&c["prompts"]), n(&c["previous_prompts"]));
                assert_eq!(got, (total("2026-11-21"), total("2026-11-20")));
                let th = clarityq_usage::numbers::thousands;
                let said = format!("({} against {}", th(got.0), th(got.1));
                assert!(lines[1].contains(&said), "{out}");
            }
            if want == 6 {
                assert!(err.contains("for 2026-11-21 to 2026-11-21"), "{err}");
                // -q spares stderr the summary: stdout and the status say it.
                let quiet = [&["-q", "check", flag, &limit], &range[..]].concat();
                let (code, again, err) = env.code(&quiet);
                assert_eq!((code, again.as_str(), err.as_str()), (6, out.as_str(), ""));
            }
        }
    }
    let (code, out, _) = env.code(
        &[
            &[
                "check",
                "--min-prompts",
                "1",
                "--max-dormant",
                "0",
                "--format",
                "json",
            ],
            &range[..],
        ]
        .concat(),
    );
    assert_eq!(code, 6);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["ok"], false);
    assert_eq!(v["checks"][0]["holds"], true);
    assert_eq!(v["checks"][1]["holds"], false);
    assert_eq!(v["checks"][0]["set_by"], "--min-prompts");
    assert_eq!(v["checks"][1]["set_by"], "--max-dormant");
    // Counts are integers (they read 63353.0), as every export writes them.
    for c in v["checks"].as_array().unwrap() {
        assert!(c["figure"].is_u64() && c["limit"].is_u64(), "{c}");
    }
    // A part of the organization is named after the range, in text and in JSON.
    let slack = [
        &["check", "--min-prompts", "1", "--origin", "SLACK"],
        &range[..],
    ]
    .concat();
    let (_, out, _) = env.code(&slack);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[1].starts_with("filters   origin SLACK"), "{out}");
    let (_, out, _) = env.code(&[&slack[..], &["--format", "json"]].concat());
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["filters"]["origin"], "SLACK", "{out}");
    let (code, _, err) = env.code(&["check", "--last", "7d"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--min-prompts") && err.contains("--max-dormant"),
        "{err}"
    );
}

/// A config file holding `text` in a folder `name` of the test's home, both private (a
/// config others could write is refused).
fn private_config(env: &Env, name: &str, text: &str) -> std::path::PathBuf {
    let dir = env.home.path().join(name);
    std::fs::create_dir(&dir).unwrap();
    let path = dir.join("config.toml");
    std::fs::write(&path, text).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    path
}

/// `org_name` heads the report in place of the API's host and product id, which told a
/// manager nothing ("127.0.0.1:8787 · product 833d0290").
#[test]
fn the_config_names_the_organization_in_the_reports_title() {
    let env = start();
    let path = private_config(&env, "named", "org_name = \"Acme Analytics\"\n");
    let cfg = path.to_str().unwrap();
    let md = env.ok(&["--config", cfg, "report", "--from", FROM, "--to", TO]);
    assert_eq!(
        md.lines().next(),
        Some("# ClarityQ usage: Acme Analytics"),
        "{md}"
    );
    let plain = env.ok(&["report", "--from", FROM, "--to", TO]);
    assert!(
        plain.lines().next().unwrap().contains(" · product "),
        "{plain}"
    );
}

#[test]
fn check_reads_its_table_from_the_config_and_flags_win() {
    let env = start();
    let path = private_config(&env, "cfg", "[check]\nmin_prompts = 999999999\n");
    let cfg = path.to_str().unwrap();
    // A week the organization has (it ends on the tests' fixed today, not the clock's).
    let week = ["--from", "2026-11-19", "--to", "2026-11-25"];
    let args = [&["--config", cfg, "check"][..], &week[..]].concat();
    let (code, out, err) = env.code(&args);
    assert_eq!(code, 6, "{out}{err}");
    assert!(!err.contains("unknown setting"), "{err}");
    // The line names where the threshold was set: no flag was given.
    assert!(out.contains("(min_prompts in [check])"), "{out}");
    // And so does the JSON, for a script to say what to change.
    let (_, out, _) = env.code(&[&args[..], &["--format", "json"]].concat());
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["checks"][0]["set_by"], "min_prompts in [check]", "{out}");
    // A percentage out of bounds: a config fault from the file (3), a usage one as a flag (2).
    std::fs::write(&path, "[check]\nmax_drop_pct = -5\n").unwrap();
    let args = [&["--config", cfg, "check"][..], &week[..]].concat();
    let (code, _, err) = env.code(&args);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("max_drop_pct in [check] must be"), "{err}");
    // `config show` judges the table as `check` does.
    let (code, _, err) = env.code(&["--config", cfg, "config", "show"]);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("max_drop_pct in [check] must be"), "{err}");
    let args = [
        &["--config", cfg, "check", "--max-drop-pct", "-5"][..],
        &week[..],
    ]
    .concat();
    let (code, _, err) = env.code(&args);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--max-drop-pct must be a percentage"), "{err}");
    std::fs::write(&path, "[check]\nmin_prompts = 999999999\n").unwrap();
    let args = [
        &["--config", cfg, "check", "--min-prompts", "1"][..],
        &week[..],
    ]
    .concat();
    let (code, out, err) = env.code(&args);
    assert_eq!(code, 0, "{out}{err}");
    // And lists the thresholds the file sets.
    let (code, out, err) = env.code(&["--config", cfg, "config", "show"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(&format!("check           1 threshold from {cfg} [check]")),
        "{out}"
    );
    assert!(out.contains("  min_prompts       999,999,999\n"), "{out}");
}

/// An `--against` longer or shorter than the range is allowed, and said: its changes are of
/// totals (a week against a month read as a 75% drop without a word).
#[test]
fn an_against_of_another_length_is_said() {
    let env = start();
    let range = ["--from", "2026-11-21", "--to", "2026-11-27"];
    for (against, said) in [("2026-10", true), ("2026-11-14..2026-11-20", false)] {
        let args = [
            &["check", "--max-drop-pct", "99"],
            &range[..],
            &["--against", against],
        ];
        let (_, _, err) = env.code(&args.concat());
        let line =
            "warning: --against 2026-10 holds 31 days, the range 7: the changes compare totals";
        assert_eq!(err.contains(line), said, "{against}: {err}");
        assert_eq!(err.contains("unequal length"), said, "{against}: {err}");
    }
}
