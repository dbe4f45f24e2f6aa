//! Teams and domains through the real binary against the demo contract server: every team
//! and domain figure, and every figure under `--team`, is computed again here from
//! `export --group-by row` with a matcher of this file's own (prefixes and a substring,
//! chosen so that it needs no glob code); bad `[teams]` tables stop every command with
//! exit 3 and one line naming the team.

mod common;

use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Output, Stdio};

use serde_json::{Map, Value};

type Obj = Map<String, Value>;

const FROM: &str = "2026-10-01";
const TO: &str = "2026-11-20";

/// Teams of the demo org (emails `first.last{n}@acme.example`): one pattern in upper case,
/// and `*.torvalds*` after `ada.*` so that Ada Torvalds is a pioneer (first match wins).
const TEAMS: &str = r#"[teams]
pioneers = ["ada.*", "alan.*", "GRACE.*@ACME.EXAMPLE"]
kernel = ["linus.*", "ken.*", "*.torvalds*"]
ops = ["m*"]
"#;

/// This file's own rule for the teams above.
fn team_of(email: &str) -> &'static str {
    let e = email.to_lowercase();
    if ["ada.", "alan.", "grace."].iter().any(|p| e.starts_with(p)) && e.ends_with("@acme.example")
        || ["ada.", "alan."].iter().any(|p| e.starts_with(p))
    {
        "pioneers"
    } else if e.starts_with("linus.") || e.starts_with("ken.") || e.contains(".torvalds") {
        "kernel"
    } else if e.starts_with('m') {
        "ops"
    } else {
        "(no team)"
    }
}

struct Env {
    demo: common::Demo,
    home: tempfile::TempDir,
    config: PathBuf,
}

fn start() -> Env {
    let home = tempfile::tempdir().unwrap();
    let config = common::private_config(home.path(), "cfg", TEAMS);
    Env {
        demo: common::demo(5, 400, 120),
        home,
        config,
    }
}

impl Env {
    fn run_with(&self, config: &std::path::Path, args: &[&str]) -> Output {
        let s = &self.demo.server;
        common::binary(self.home.path(), s)
            .arg("--config")
            .arg(config)
            .args(args)
            .env("CLARITYQ_PRODUCT_ID", s.product_id().to_string())
            .env("CLARITYQ_API_KEY", s.api_key())
            .output()
            .unwrap()
    }

    fn code(&self, args: &[&str]) -> (i32, String, String) {
        let out = self.run_with(&self.config, args);
        (
            out.status.code().unwrap(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    }

    fn ok(&self, args: &[&str]) -> String {
        let (code, out, err) = self.code(args);
        assert_eq!(code, 0, "{args:?}: {err}");
        out
    }

    fn json(&self, args: &[&str]) -> Vec<Obj> {
        let a = [args, &["--from", FROM, "--to", TO, "--format", "json"]].concat();
        let v: Value = serde_json::from_str(&self.ok(&a)).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_object().unwrap().clone())
            .collect()
    }

    /// The raw rows: (email, count).
    fn rows(&self) -> Vec<(String, u64)> {
        self.json(&["export", "--group-by", "row"])
            .iter()
            .map(|r| (s(r, "user_email").to_string(), n(r, "prompt_count")))
            .collect()
    }
}

fn s<'a>(r: &'a Obj, k: &str) -> &'a str {
    r[k].as_str().unwrap_or_else(|| panic!("{k} in {r:?}"))
}
fn n(r: &Obj, k: &str) -> u64 {
    r[k].as_u64().unwrap_or_else(|| panic!("{k} in {r:?}"))
}

/// Prompts and distinct active people per key of `group`, from raw rows.
fn fold(rows: &[(String, u64)], group: impl Fn(&str) -> String) -> BTreeMap<String, (u64, usize)> {
    let mut prompts: BTreeMap<String, u64> = BTreeMap::new();
    let mut people: BTreeMap<String, HashSet<&str>> = BTreeMap::new();
    for (email, count) in rows {
        let g = group(email);
        *prompts.entry(g.clone()).or_default() += count;
        let set = people.entry(g).or_default();
        if *count > 0 {
            set.insert(email);
        }
    }
    prompts
        .into_iter()
        .map(|(g, p)| {
            let active = people[&g].len();
            (g, (p, active))
        })
        .collect()
}

fn groups(records: &[Obj], key: &str) -> BTreeMap<String, (u64, usize)> {
    records
        .iter()
        .map(|r| {
            let active = n(r, "active_users") as usize;
            (s(r, key).to_string(), (n(r, "prompt_count"), active))
        })
        .collect()
}

#[test]
fn team_and_domain_totals_equal_the_raw_rows() {
    let env = start();
    let rows = env.rows();
    let want = fold(&rows, |e| team_of(e).to_string());
    assert_eq!(want.len(), 4, "the fixture fills every team: {want:?}");
    let records = env.json(&["export", "--group-by", "team"]);
    let names: Vec<&str> = records.iter().map(|r| s(r, "team")).collect();
    assert_eq!(
        names,
        ["pioneers", "kernel", "ops", "(no team)"],
        "file order"
    );
    assert_eq!(groups(&records, "team"), want);
    let total: u64 = rows.iter().map(|r| r.1).sum();
    assert_eq!(want.values().map(|v| v.0).sum::<u64>(), total);

    let domains = env.json(&["export", "--group-by", "domain"]);
    let by_domain = fold(&rows, |e| e.rsplit('@').next().unwrap().to_lowercase());
    assert_eq!(groups(&domains, "domain"), by_domain);

    // CSV has the header of the grouping; every format has one record per team.
    let range = ["--from", FROM, "--to", TO];
    let csv = env.ok(&[&["export", "--group-by", "team"], &range[..]].concat());
    assert_eq!(csv.lines().next(), Some("team,prompt_count,active_users"));
    assert_eq!(csv.lines().count(), 5);
    let pioneers = &want["pioneers"];
    assert!(
        csv.contains(&format!("pioneers,{},{}", pioneers.0, pioneers.1)),
        "{csv}"
    );
    let nd = env.ok(&[
        &["export", "--group-by", "domain", "--format", "ndjson"],
        &range[..],
    ]
    .concat());
    assert_eq!(nd.lines().count(), by_domain.len());
    let table = env.ok(&[
        &["export", "--group-by", "team", "--format", "table"],
        &range[..],
    ]
    .concat());
    assert!(
        table.contains("(no team)") && table.contains("active_users"),
        "{table}"
    );
}

#[test]
fn a_saved_response_folds_to_the_same_teams() {
    let env = start();
    let saved = env.ok(&["export", "--format", "json", "--from", FROM, "--to", TO]);
    let path = env.home.path().join("saved.json");
    std::fs::write(&path, saved).unwrap();
    let file = path.to_str().unwrap();
    for args in [
        &["export", "--group-by", "team"][..],
        &["export", "--group-by", "domain"][..],
        &["export", "--group-by", "team", "--team", "ops"][..],
        &["export", "--group-by", "user", "--team", "kernel"][..],
        &["export", "--group-by", "domain", "--team", "kernel"][..],
        &[
            "export",
            "--group-by",
            "user",
            "--team",
            "ops",
            "--format",
            "json",
        ][..],
    ] {
        let range = ["--from", FROM, "--to", TO];
        let direct = env.ok(&[args, &range[..]].concat());
        let read = env.ok(&[args, &range[..], &["--input", file]].concat());
        assert_eq!(read, direct, "{args:?}");
    }
    // The saved file's per-person export under --team (folded, not narrowed row by row)
    // against the raw rows: the kept team's people and their prompts, nobody else.
    let want: BTreeMap<String, u64> = fold(&env.rows(), |e| e.to_string())
        .into_iter()
        .filter(|(e, v)| team_of(e) == "ops" && v.0 > 0)
        .map(|(e, (p, _))| (e, p))
        .collect();
    let args = [
        "export",
        "--group-by",
        "user",
        "--team",
        "ops",
        "--input",
        file,
    ];
    let got: BTreeMap<String, u64> = (env.json(&args).iter())
        .map(|r| (s(r, "user_email").to_string(), n(r, "prompt_count")))
        .collect();
    assert!(!want.is_empty());
    assert_eq!(got, want);
    // A range past the file's last day says so under --team, as it does without: a
    // team's check compared the days after the file's end as a drop, in silence.
    let late =
        chrono::NaiveDate::parse_from_str(TO, "%Y-%m-%d").unwrap() + chrono::Duration::days(9);
    let late = late.to_string();
    for team in [&["--team", "ops"][..], &[][..]] {
        let a = [
            &[
                "check",
                "--min-prompts",
                "1",
                "--from",
                FROM,
                "--to",
                &late,
                "--input",
                file,
            ][..],
            team,
        ]
        .concat();
        let (code, out, err) = env.code(&a);
        assert_eq!(code, 0, "{out}{err}");
        assert!(
            err.contains("the file has no ") && err.contains(&format!(" to {late}")),
            "{team:?}: {err}"
        );
    }
}

/// Under `--team`, a saved file's exports by product, day, week and month add the team's
/// rows only as the file is folded (no row held): the same output as the server's
/// answer narrowed, from the file and from stdin; and the products' figures again from
/// the raw rows here.
#[test]
fn a_saved_response_under_a_team_folds_products_and_days() {
    let env = start();
    let saved = env.ok(&["export", "--format", "json", "--from", FROM, "--to", TO]);
    let path = env.home.path().join("saved.json");
    std::fs::write(&path, &saved).unwrap();
    let file = path.to_str().unwrap();
    let range = ["--from", FROM, "--to", TO];
    for group in ["product", "day", "week", "month"] {
        for format in ["csv", "json"] {
            let args = [
                "export",
                "--group-by",
                group,
                "--team",
                "ops",
                "--format",
                format,
            ];
            let direct = env.ok(&[&args[..], &range].concat());
            let read = env.ok(&[&args[..], &range, &["--input", file]].concat());
            assert_eq!(read, direct, "{args:?}");
            let mut piped = common::binary(env.home.path(), &env.demo.server);
            piped.arg("--config").arg(&env.config);
            piped.args([&args[..], &range, &["--input", "-"]].concat());
            piped.stdin(Stdio::piped()).stdout(Stdio::piped());
            let mut child = piped.spawn().unwrap();
            let mut pipe = child.stdin.take().unwrap();
            pipe.write_all(saved.as_bytes()).unwrap();
            drop(pipe);
            let out = child.wait_with_output().unwrap();
            assert_eq!(
                String::from_utf8_lossy(&out.stdout),
                direct,
                "stdin {args:?}"
            );
        }
    }
    // The raw rows, by product, for the team's people.
    let raw = env.json(&["export", "--group-by", "row"]);
    let rows: Vec<(String, u64)> = (raw.iter())
        .filter(|r| team_of(s(r, "user_email")) == "ops")
        .map(|r| {
            let key = format!("{}\n{}", s(r, "product_id"), s(r, "user_email"));
            (key, n(r, "prompt_count"))
        })
        .collect();
    let want = fold(&rows, |key| key.split('\n').next().unwrap().to_string());
    let args = [
        "export",
        "--group-by",
        "product",
        "--team",
        "ops",
        "--input",
        file,
    ];
    let got: BTreeMap<String, (u64, usize)> = (env.json(&args).iter())
        .map(|r| {
            let active = n(r, "active_users") as usize;
            (
                s(r, "product_id").to_string(),
                (n(r, "prompt_count"), active),
            )
        })
        .collect();
    assert!(want.values().any(|v| v.0 > 0), "{want:?}");
    assert_eq!(got, want);
}

#[test]
fn team_flags_keep_those_teams_people_in_export_report_and_check() {
    let env = start();
    let rows = env.rows();
    let kept = |e: &str| matches!(team_of(e), "kernel" | "(no team)");
    let want: BTreeMap<String, u64> = fold(&rows, |e| e.to_string())
        .into_iter()
        .filter(|(e, _)| kept(e))
        .map(|(e, (p, _))| (e, p))
        .collect();
    let team_args = ["--team", "KERNEL", "--team", "(no team)"];
    let users = env.json(&[&["export", "--group-by", "user"], &team_args[..]].concat());
    let got: BTreeMap<String, u64> = users
        .iter()
        .map(|r| (s(r, "user_email").to_string(), n(r, "prompt_count")))
        .collect();
    assert_eq!(got, want);
    let teams = env.json(&[&["export", "--group-by", "team"], &team_args[..]].concat());
    let names: Vec<&str> = teams.iter().map(|r| s(r, "team")).collect();
    assert_eq!(names, ["kernel", "(no team)"]);

    // The report counts the same people.
    let prompts: u64 = want.values().sum();
    let active = fold(&rows, |e| e.to_string())
        .iter()
        .filter(|(e, v)| kept(e) && v.1 > 0)
        .count() as u64;
    let a = [
        &["report", "--from", FROM, "--to", TO, "--format", "json"],
        &team_args[..],
    ]
    .concat();
    let r: Value = serde_json::from_str(&env.ok(&a)).unwrap();
    assert_eq!(r["kpis"]["prompts"]["value"].as_u64(), Some(prompts));
    assert_eq!(r["kpis"]["active_users"]["value"].as_u64(), Some(active));
    assert_eq!(
        r["filters"]["teams"],
        serde_json::json!(["kernel", "(no team)"])
    );
    // Its title names the teams: a team's report and the organization's were alike.
    let title = r["title"].as_str().unwrap_or_default();
    assert!(title.ends_with(" · teams kernel, (no team)"), "{title}");

    // check: the threshold at the team's figure holds, one above it is breached.
    for (limit, code_wanted) in [(prompts, 0), (prompts + 1, 6)] {
        let limit = limit.to_string();
        let a = [
            &["check", "--min-prompts", &limit, "--from", FROM, "--to", TO],
            &team_args[..],
        ]
        .concat();
        let (code, out, err) = env.code(&a);
        assert_eq!(code, code_wanted, "{out}{err}");
        if code == 6 {
            // A cron mail of a team's breach says which team.
            assert!(err.contains("(teams kernel, (no team))"), "{err}");
        }
    }

    let (code, _, err) = env.code(&["export", "--team", "sales", "--last", "7d"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("sales") && err.contains("pioneers, kernel, ops, (no team)"),
        "{err}"
    );
    // The dashboard checks its --team before it asks for a terminal, and shows one team.
    let (code, _, err) = env.code(&["--team", "sales"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("the teams are"), "{err}");
    let (code, _, err) = env.code(&["--team", "ops", "--team", "kernel"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("one team at a time"), "{err}");
}

#[test]
fn bad_team_tables_stop_every_command_with_one_line_naming_the_team() {
    let env = start();
    let cases = [
        (
            "glob",
            "[teams]\nok = [\"a*\"]\nbroken = [\"[ab\"]\n",
            "broken",
        ),
        ("empty", "[teams]\nok = [\"a*\"]\nhollow = []\n", "hollow"),
        ("dup", "[teams]\nEng = [\"a*\"]\neng = [\"b*\"]\n", "eng"),
        ("exact", "[teams]\neng = [\"a*\"]\neng = [\"b*\"]\n", "eng"),
    ];
    for (dir, text, team) in cases {
        let cfg = common::private_config(env.home.path(), dir, text);
        for args in [
            &["export", "--last", "7d"][..],
            &["check", "--min-prompts", "1", "--last", "7d"][..],
            &["config", "show"][..],
        ] {
            let out = env.run_with(&cfg, args);
            let err = String::from_utf8(out.stderr).unwrap();
            assert_eq!(out.status.code(), Some(3), "{dir} {args:?}: {err}");
            assert_eq!(err.lines().count(), 1, "{err}");
            assert!(err.contains(team), "{dir}: {err}");
            assert!(out.stdout.is_empty());
        }
    }
}

#[test]
fn config_show_lists_the_teams_in_effect() {
    let env = start();
    let out = env.ok(&["config", "show"]);
    let at = |s: &str| out.find(s).unwrap_or_else(|| panic!("{s} in {out}"));
    assert!(
        at("  pioneers      \"ada.*\", \"alan.*\", \"GRACE.*@ACME.EXAMPLE\"\n")
            < at("  kernel        \"linus.*\"")
    );
    assert!(at("  kernel ") < at("  ops           \"m*\"\n"));
}

#[test]
fn group_by_team_without_teams_says_where_to_add_them() {
    let env = start();
    let bare = common::private_config(env.home.path(), "bare", "week_start = \"monday\"\n");
    let args = ["export", "--group-by", "team", "--from", FROM, "--to", TO];
    // A config without [teams], and none at all (the default place, not there yet).
    let s = &env.demo.server;
    let none = common::binary(env.home.path(), s)
        .args(args)
        .env("CLARITYQ_PRODUCT_ID", s.product_id().to_string())
        .env("CLARITYQ_API_KEY", s.api_key())
        .output()
        .unwrap();
    for (out, file) in [
        (env.run_with(&bare, &args), bare.display().to_string()),
        (none, "config.toml".into()),
    ] {
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{file}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains("add a [teams] table to "), "{err}");
        assert!(err.contains(&file), "the file named: {err}");
        assert!(out.stdout.is_empty(), "no (no team) row");
    }
    // Domains need no config: the same bare file groups by domain.
    let out = env.run_with(
        &bare,
        &["export", "--group-by", "domain", "--from", FROM, "--to", TO],
    );
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("domain,prompt_count,active_users\n"),
        "{text}"
    );
    assert!(text.contains("acme.example,"), "{text}");
}
