//! The real binary against the contract server, as a user runs it: `export` for each
//! grouping with the server's variables in the environment, totals that agree, origins that
//! add up, and each bad input ending with one line on stderr and its exit code.

mod common;

use std::process::Output;

use clarityq_usage::demo::{DemoServer, Fault};

struct Env {
    demo: common::Demo,
    home: tempfile::TempDir,
}

fn start() -> Env {
    Env {
        demo: common::demo(3, 80, 200),
        home: tempfile::tempdir().unwrap(),
    }
}

impl Env {
    fn server(&self) -> &DemoServer {
        &self.demo.server
    }

    fn run(&self, args: &[&str], extra_env: &[(&str, &str)]) -> Output {
        let mut c = common::binary(self.home.path(), self.server());
        c.args(args)
            .env(
                "CLARITYQ_PRODUCT_ID",
                self.server().product_id().to_string(),
            )
            .env("CLARITYQ_API_KEY", self.server().api_key());
        for (k, v) in extra_env {
            c.env(k, v);
        }
        c.output().unwrap()
    }

    fn csv_sum(&self, args: &[&str], col: &str) -> u64 {
        let out = self.run(args, &[]);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).unwrap();
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        let i = header.iter().position(|h| *h == col).unwrap();
        // Emails and names in these columns have no commas; the count column is numeric.
        lines
            .map(|l| {
                l.rsplit(',')
                    .nth(header.len() - 1 - i)
                    .unwrap()
                    .parse::<u64>()
                    .unwrap()
            })
            .sum()
    }
}

const RANGE: [&str; 4] = ["--from", "2026-09-01", "--to", "2026-11-25"];

#[test]
fn groupings_agree_and_origins_add_up() {
    let env = start();
    fn with(g: &str) -> Vec<&str> {
        [&["export", "--group-by", g][..], &RANGE[..]].concat()
    }
    let rows = env.csv_sum(&with("row"), "prompt_count");
    assert!(rows > 1000, "{rows}");
    assert_eq!(env.csv_sum(&with("user"), "prompt_count"), rows);
    assert_eq!(env.csv_sum(&with("product"), "prompt_count"), rows);
    assert_eq!(env.csv_sum(&with("day"), "prompt_count"), rows);
    let per_origin: u64 = ["APP", "SLACK", "API_KEY"]
        .iter()
        .map(|o| {
            env.csv_sum(
                &[&with("day")[..], &["--origin", o][..]].concat(),
                "prompt_count",
            )
        })
        .sum();
    assert_eq!(per_origin, rows);
    let reqs = env.server().requests();
    assert!(reqs.iter().any(|r| r.param("origin") == ["SLACK"]));
    assert!(reqs.iter().all(|r| {
        r.user_agent
            .as_deref()
            .is_some_and(|u| u.starts_with("clarityq-usage/"))
    }));
}

#[test]
fn formats_parse() {
    let env = start();
    let out = env.run(
        &[
            &["export", "--group-by", "user", "--format", "json"][..],
            &RANGE[..],
        ]
        .concat(),
        &[],
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v.as_array().unwrap().len() > 10);
    let out = env.run(
        &[&["export", "--format", "ndjson"][..], &RANGE[..]].concat(),
        &[],
    );
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        serde_json::from_str::<serde_json::Value>(line).unwrap();
    }
    let file = env.home.path().join("out.csv");
    let out = env.run(
        &[
            &["export", "--group-by", "day", "-o", file.to_str().unwrap()][..],
            &RANGE[..],
        ]
        .concat(),
        &[],
    );
    assert!(out.status.success());
    assert_eq!(
        std::fs::read_to_string(&file).unwrap().lines().count(),
        86 + 1,
        "zero-filled days plus the header"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
}

/// Runs a failing command and checks: exit code, exactly one line on stderr, no panic, no key.
fn fails(env: &Env, args: &[&str], extra: &[(&str, &str)], code: i32, needle: &str) {
    let out = env.run(args, extra);
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(code), "{args:?}: {err}");
    assert_eq!(
        err.lines().filter(|l| !l.contains("retrying in")).count(),
        1,
        "{args:?}: {err}"
    );
    assert!(err.contains(needle), "{args:?}: {err}");
    assert!(
        !err.contains("panicked") && !err.contains(env.server().api_key()),
        "{err}"
    );
    assert!(out.stdout.is_empty(), "nothing on stdout when failing");
}

#[test]
fn bad_inputs_end_with_one_line_and_their_code() {
    let env = start();
    fails(
        &env,
        &["export"],
        &[("CLARITYQ_API_KEY", "wrong")],
        3,
        "$CLARITYQ_API_KEY",
    );
    fails(
        &env,
        &["export", "--from", "2026-03-02", "--to", "2026-03-01"],
        &[],
        2,
        "reversed",
    );
    fails(
        &env,
        &["export", "--product", "nope"],
        &[],
        2,
        "no product of that name",
    );
    fails(
        &env,
        &["export"],
        &[("CLARITYQ_PRODUCT_ID", "nope")],
        3,
        "not a UUID",
    );
    fails(
        &env,
        &["export", "--origin", "EMAIL"],
        &[],
        2,
        "APP, SLACK or API_KEY",
    );
    fails(
        &env,
        &["export"],
        &[("CLARITYQ_BASE_URL", "http://example.com")],
        3,
        "plain http",
    );
    env.server().push_fault(Fault::tracking_disabled());
    fails(&env, &["export"], &[], 3, "not enabled");
    env.server().set_fault(Some(Fault::html(502)));
    fails(&env, &["export"], &[], 4, "502");
    env.server().set_fault(Some(Fault::malformed()));
    fails(&env, &["export"], &[], 5, "malformed response");
    env.server().set_fault(None);
    let html = env.run(&["export"], &[]);
    assert!(
        html.status.success(),
        "the server recovered, and so does the client"
    );
}

#[test]
fn saved_response_round_trip() {
    let env = start();
    let saved = env.run(
        &[&["export", "--format", "json"][..], &RANGE[..]].concat(),
        &[],
    );
    let path = env.home.path().join("saved.json");
    std::fs::write(&path, &saved.stdout).unwrap();
    let direct = env.csv_sum(
        &[&["export", "--group-by", "user"][..], &RANGE[..]].concat(),
        "prompt_count",
    );
    let from_file = env.csv_sum(
        &[
            "export",
            "--group-by",
            "user",
            "--input",
            path.to_str().unwrap(),
        ],
        "prompt_count",
    );
    assert_eq!(direct, from_file);
    fails(
        &env,
        &[
            "export",
            "--input",
            path.to_str().unwrap(),
            "--origin",
            "APP",
        ],
        &[],
        2,
        "saved response",
    );
}

#[test]
fn no_terminal_points_to_export() {
    let env = start();
    fails(&env, &["--demo"], &[], 1, "use `clarityq-usage export`");
}

/// On a machine with no CA certificates the client still starts, on the built-in roots.
#[test]
fn no_system_roots_falls_back_to_bundled() {
    let env = start();
    let out = env.run(
        &["export"],
        &[
            ("SSL_CERT_FILE", "/dev/null"),
            ("SSL_CERT_DIR", "/nonexistent"),
            ("CLARITYQ_BASE_URL", "https://127.0.0.1:9"),
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(4),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let log = std::fs::read_to_string(
        env.home
            .path()
            .join("state/clarityq-usage/clarityq-usage.log"),
    )
    .unwrap();
    assert!(log.contains("using the built-in Mozilla roots"), "{log}");
}

/// `--input -` reads the saved response from stdin.
#[test]
fn saved_response_from_stdin() {
    use std::io::Write;
    let env = start();
    let saved = env.run(
        &[&["export", "--format", "json"][..], &RANGE[..]].concat(),
        &[],
    );
    let direct = env.csv_sum(
        &[&["export", "--group-by", "day"][..], &RANGE[..]].concat(),
        "prompt_count",
    );
    let mut c = common::binary(env.home.path(), env.server());
    let mut child = c
        .args(["export", "--input", "-", "--group-by", "day"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&saved.stdout)
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let sum: u64 = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap().parse::<u64>().unwrap())
        .sum();
    assert_eq!(sum, direct);
}

/// A saved response is folded as it is read for the per-group exports: the same bytes as
/// the export of the same rows from the server, with a repeated row (a larger count, not
/// added) and a row past the range (dropped) only warned about.
#[test]
fn saved_response_folds_to_the_same_exports() {
    let env = start();
    let saved = env.run(
        &[&["export", "--format", "json"][..], &RANGE[..]].concat(),
        &[],
    );
    assert!(saved.status.success());
    let text = String::from_utf8(saved.stdout).unwrap();
    let first = &text[1..=text.find('}').unwrap()];
    let at = first.find("\"prompt_count\":").unwrap() + 15;
    let digits = first[at..].find(|c: char| !c.is_ascii_digit()).unwrap();
    let repeat = format!("{}999999{}", &first[..at], &first[at + digits..]);
    let date = &first[first.find("\"date\":\"").unwrap() + 8..][..10];
    let late = first.replace(date, "2026-11-26");
    let body = format!(
        "{},{repeat},{late}]\n",
        text.trim_end().trim_end_matches(']')
    );
    let path = env.home.path().join("saved.json");
    std::fs::write(&path, body).unwrap();
    for group in ["user", "product", "day", "week", "month"] {
        for format in ["csv", "json"] {
            let args = ["export", "--group-by", group, "--format", format];
            let direct = env.run(&[&args[..], &RANGE[..]].concat(), &[]);
            let input = ["--input", path.to_str().unwrap()];
            let folded = env.run(&[&args[..], &RANGE[..], &input[..]].concat(), &[]);
            let err = String::from_utf8_lossy(&folded.stderr);
            assert!(folded.status.success(), "{group} {format}: {err}");
            assert_eq!(
                String::from_utf8_lossy(&direct.stdout),
                String::from_utf8_lossy(&folded.stdout),
                "{group} {format}"
            );
            assert!(direct.stdout.len() > 40, "{group} {format}: no records");
            assert!(
                err.contains("note: 1 row outside the range dropped"),
                "{err}"
            );
            assert!(err.contains("warning: 1 duplicate row dropped"), "{err}");
        }
    }
    // A file holding more days than asked is usual: -q silences that note, not a warning.
    let args = [
        &["export", "-q"][..],
        &RANGE[..],
        &["--input", path.to_str().unwrap()],
    ];
    let quiet = env.run(&args.concat(), &[]);
    let err = String::from_utf8_lossy(&quiet.stderr);
    assert!(
        quiet.status.success() && !err.contains("outside the range"),
        "{err}"
    );
    assert!(err.contains("warning: 1 duplicate row dropped"), "{err}");
}

/// A saved response with no rows, read without a range, has no days: the day, week and
/// month exports are their header alone, not a made-up first day; given a range, its
/// days are there with their zeros.
#[test]
fn an_empty_saved_response_has_no_made_up_day() {
    let env = start();
    let file = env.home.path().join("empty.json");
    std::fs::write(&file, "[]").unwrap();
    let path = file.to_str().unwrap();
    for group in ["day", "week", "month"] {
        let out = env.run(&["export", "-q", "--input", path, "--group-by", group], &[]);
        assert!(out.status.success(), "{group}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert_eq!(text.lines().count(), 1, "{group}: {text}");
        assert!(!text.contains("2000-"), "{group}: {text}");
    }
    // Nor does its warning name a made-up day (it said "no prompts from 2000-01-01").
    let out = env.run(&["export", "--input", path, "--group-by", "day"], &[]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("the file holds no rows") && !err.contains("2000-"),
        "{err}"
    );
    let out = env.run(
        &[
            "export",
            "-q",
            "--input",
            path,
            "--group-by",
            "day",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-02",
        ],
        &[],
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text.lines().skip(1).collect::<Vec<_>>(),
        ["2026-11-01,0,0", "2026-11-02,0,0"],
        "{text}"
    );
}

/// A product given by name is found whoever used it, through whichever channel, and on
/// days no one used it: a check of a product gone quiet says 0 prompts and exit 6 (it
/// said "no product of that name", exit 2). The quiet day and the person who never used
/// the product come from the server's own rows.
#[test]
fn a_product_is_found_by_name_when_the_filters_leave_it_no_rows() {
    use std::collections::{HashMap, HashSet};
    let env = start();
    let org = env.server().org();
    let today = common::today();
    let start = today - chrono::Days::new(59);
    let rows = org.rows(&clarityq_usage::demo::RowFilter {
        start,
        end: today,
        product_ids: &[],
        search: None,
        origin: None,
    });
    let names: HashMap<_, _> = rows
        .iter()
        .map(|r| (r.product_id, r.product_name.clone()))
        .collect();
    let used: HashSet<_> = rows.iter().map(|r| (r.product_id, r.date)).collect();
    // `check --product NAME` over FROM..TO with a threshold of 1 prompt, and more flags.
    let check = |name: &str, (from, to): (&str, &str), more: &[&str]| {
        let mut args = vec!["check", "--product", name, "--from", from, "--to", to];
        args.extend_from_slice(&["--min-prompts", "1"]);
        args.extend_from_slice(more);
        let out = env.run(&args, &[]);
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        (
            out.status.code(),
            text,
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    // A person and a product they never used in those days.
    let mine = |email: &str| -> HashSet<_> {
        rows.iter()
            .filter(|r| r.user_email == email)
            .map(|r| r.product_id)
            .collect()
    };
    let (email, product) = (rows.iter())
        .find_map(|r| {
            let theirs = mine(&r.user_email);
            names
                .keys()
                .find(|p| !theirs.contains(*p))
                .map(|p| (r.user_email.clone(), *p))
        })
        .expect("someone who does not use every product");
    let name = &names[&product];
    let (from, to) = (start.to_string(), today.to_string());
    let (code, out, err) = check(name, (&from, &to), &["--search", &email]);
    assert_eq!(code, Some(6), "{err}");
    assert!(out.contains("prompts: 0, at least 1"), "{out}");
    // A day a used product had no rows at all.
    let quiet = (1..59)
        .map(|k| start + chrono::Days::new(k))
        .find_map(|day| {
            names
                .keys()
                .find(|p| !used.contains(&(**p, day)))
                .map(|p| (day, *p))
        });
    let (day, product) = quiet.expect("a day some product was not used");
    let day = day.to_string();
    let (code, out, err) = check(&names[&product], (&day, &day), &[]);
    assert_eq!(code, Some(6), "{err}");
    assert!(out.contains("prompts: 0, at least 1"), "{out}");
    // A name that no product has, near the range or not, still fails and says what to do.
    let (code, _, err) = check("nope", (&day, &day), &[]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("no product of that name") && err.contains("give the id"),
        "{err}"
    );
}
