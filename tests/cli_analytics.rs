//! Weekly and monthly exports and the comparison with the previous period, checked against
//! the demo server's raw rows: every answer here is folded again from `export --group-by
//! row` by the simple code below, never taken from the library under test.

mod common;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::process::Output;

use chrono::{Datelike, Duration, NaiveDate};
use clarityq_usage::demo::DemoServer;

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

/// One raw row: user, email, product, product name, day, count.
#[derive(Clone, Debug)]
struct Row {
    user: String,
    email: String,
    product: String,
    day: NaiveDate,
    count: u64,
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

impl Env {
    fn server(&self) -> &DemoServer {
        &self.demo.server
    }

    fn run(&self, args: &[&str]) -> Output {
        common::binary(self.home.path(), self.server())
            .args(args)
            .env(
                "CLARITYQ_PRODUCT_ID",
                self.server().product_id().to_string(),
            )
            .env("CLARITYQ_API_KEY", self.server().api_key())
            .output()
            .unwrap()
    }

    /// [`Env::run`] with `input` on its stdin.
    fn run_with_stdin(&self, args: &[&str], input: &[u8]) -> Output {
        use std::io::Write;
        let mut child = common::binary(self.home.path(), self.server())
            .args(args)
            .env(
                "CLARITYQ_PRODUCT_ID",
                self.server().product_id().to_string(),
            )
            .env("CLARITYQ_API_KEY", self.server().api_key())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // A command that does not read stdin may close it early.
        let _ = child.stdin.take().unwrap().write_all(input);
        child.wait_with_output().unwrap()
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

    /// The records of a JSON export, as objects.
    fn json(&self, args: &[&str]) -> Vec<serde_json::Map<String, serde_json::Value>> {
        let text = self.ok(&[args, &["--format", "json"]].concat());
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_object().unwrap().clone())
            .collect()
    }

    /// The raw rows of `from..=to` (and `extra` filters).
    fn rows(&self, from: &str, to: &str, extra: &[&str]) -> Vec<Row> {
        let base = ["export", "--group-by", "row", "--from", from, "--to", to];
        self.json(&[&base[..], extra].concat())
            .into_iter()
            .map(|r| Row {
                user: r["user_id"].as_str().unwrap().into(),
                email: r["user_email"].as_str().unwrap().into(),
                product: r["product_id"].as_str().unwrap().into(),
                day: d(r["date"].as_str().unwrap()),
                count: r["prompt_count"].as_u64().unwrap(),
            })
            .collect()
    }
}

fn s<'a>(r: &'a serde_json::Map<String, serde_json::Value>, k: &str) -> &'a str {
    r[k].as_str().unwrap_or_else(|| panic!("{k} in {r:?}"))
}
fn n(r: &serde_json::Map<String, serde_json::Value>, k: &str) -> u64 {
    r[k].as_u64().unwrap_or_else(|| panic!("{k} in {r:?}"))
}

/// A bucket folded from rows: its first and last day (clipped), prompts, distinct people,
/// and whether it is partial.
type Folded = (NaiveDate, NaiveDate, u64, usize, bool);

/// Folds `rows` over `from..=to` into buckets, where `unit(day)` is the whole bucket's
/// (first, last) day and `label` its name.
fn fold(
    rows: &[Row],
    from: NaiveDate,
    to: NaiveDate,
    unit: impl Fn(NaiveDate) -> (NaiveDate, NaiveDate),
    label: impl Fn(NaiveDate) -> String,
) -> BTreeMap<String, Folded> {
    let today = clarityq_usage::dates::today_utc();
    let mut out = BTreeMap::new();
    let mut day = from;
    while day <= to {
        let (us, ue) = unit(day);
        let (s, e) = (us.max(from), ue.min(to));
        let people: HashSet<&str> = rows
            .iter()
            .filter(|r| r.day >= s && r.day <= e && r.count > 0)
            .map(|r| r.user.as_str())
            .collect();
        let prompts: u64 = rows
            .iter()
            .filter(|r| r.day >= s && r.day <= e)
            .map(|r| r.count)
            .sum();
        let partial = us < from || ue > to || (s <= today && today <= e);
        out.insert(label(us), (s, e, prompts, people.len(), partial));
        day = ue + Duration::days(1);
    }
    out
}

fn exported(records: &[serde_json::Map<String, serde_json::Value>]) -> BTreeMap<String, Folded> {
    records
        .iter()
        .map(|r| {
            (
                s(r, "period").to_string(),
                (
                    d(s(r, "start_date")),
                    d(s(r, "end_date")),
                    n(r, "prompt_count"),
                    n(r, "active_users") as usize,
                    r["partial"].as_bool().unwrap(),
                ),
            )
        })
        .collect()
}

#[test]
fn weeks_and_months_match_the_rows() {
    let env = start();
    // Wednesday to Wednesday, across a month end: both ends are clipped weeks and months.
    let (from, to) = ("2026-08-19", "2026-11-25");
    let rows = env.rows(from, to, &[]);
    let range = ["--from", from, "--to", to];
    let iso = |monday: NaiveDate| {
        let w = monday.iso_week();
        format!("{}-W{:02}", w.year(), w.week())
    };
    let monday = |day: NaiveDate| {
        let s = day - Duration::days(i64::from(day.weekday().num_days_from_monday()));
        (s, s + Duration::days(6))
    };
    let sunday = |day: NaiveDate| {
        let s = day - Duration::days(i64::from(day.weekday().num_days_from_sunday()));
        (s, s + Duration::days(6))
    };
    let month = |day: NaiveDate| {
        let s = day.with_day(1).unwrap();
        let next = if s.month() == 12 {
            NaiveDate::from_ymd_opt(s.year() + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(s.year(), s.month() + 1, 1)
        };
        (s, next.unwrap() - Duration::days(1))
    };
    let (f, t) = (d(from), d(to));
    let weeks = fold(&rows, f, t, monday, iso);
    assert_eq!(
        exported(&env.json(&[&["export", "--group-by", "week"][..], &range].concat())),
        weeks
    );
    assert_eq!(weeks.len(), 15);
    let first = weeks.values().next().unwrap();
    assert!(first.4, "the first week is clipped");
    // Distinct people, not a sum of days: a week's active users are fewer than the sum.
    let days = env.json(&[&["export", "--group-by", "day"][..], &range].concat());
    let day_sum: u64 = days
        .iter()
        .filter(|r| d(s(r, "date")) >= d("2026-09-07") && d(s(r, "date")) <= d("2026-09-13"))
        .map(|r| n(r, "active_users"))
        .sum();
    assert!((weeks["2026-W37"].3 as u64) < day_sum, "{day_sum}");
    let sundays = fold(&rows, f, t, sunday, |s| iso(s + Duration::days(1)));
    assert_eq!(
        exported(
            &env.json(
                &[
                    &["export", "--group-by", "week", "--week-start", "sunday"][..],
                    &range
                ]
                .concat()
            )
        ),
        sundays
    );
    let months = fold(&rows, f, t, month, |s| {
        format!("{}-{:02}", s.year(), s.month())
    });
    assert_eq!(
        exported(&env.json(&[&["export", "--group-by", "month"][..], &range].concat())),
        months
    );
    assert_eq!(
        months.keys().collect::<Vec<_>>(),
        ["2026-08", "2026-09", "2026-10", "2026-11"]
    );
    let csv = env.ok(&[&["export", "--group-by", "month"][..], &range].concat());
    assert_eq!(
        csv.lines().next().unwrap(),
        "period,start_date,end_date,prompt_count,active_users,partial"
    );
    assert!(csv.lines().nth(2).unwrap().ends_with(",false"), "{csv}");
}

/// Per person: (email, now, before, last active day in either period).
struct Person {
    email: String,
    now: u64,
    before: u64,
    last_now: Option<NaiveDate>,
    last_before: Option<NaiveDate>,
}

fn people(rows: &[Row], split: NaiveDate) -> HashMap<String, Person> {
    let mut m: HashMap<String, Person> = HashMap::new();
    for r in rows {
        let p = m.entry(r.user.clone()).or_insert_with(|| Person {
            email: r.email.clone(),
            now: 0,
            before: 0,
            last_now: None,
            last_before: None,
        });
        let (count, last) = if r.day >= split {
            (&mut p.now, &mut p.last_now)
        } else {
            (&mut p.before, &mut p.last_before)
        };
        *count += r.count;
        if r.count > 0 {
            *last = (*last).max(Some(r.day));
        }
    }
    m.retain(|_, p| p.now + p.before > 0);
    m
}

fn status(p: &Person) -> &'static str {
    match (p.now > 0, p.before > 0) {
        (true, true) => "retained",
        (true, false) => "new",
        _ => "dormant",
    }
}

#[test]
fn every_person_has_the_status_and_change_of_the_rows() {
    let env = start();
    // 30 days ending on the demo's today, against the 30 days before.
    let (from, to) = ("2026-10-27", "2026-11-25");
    let rows = env.rows("2026-09-27", to, &[]);
    let want = people(&rows, d(from));
    let got = env.json(&[
        "export",
        "--group-by",
        "user",
        "--compare",
        "--from",
        from,
        "--to",
        to,
    ]);
    assert_eq!(
        got.len(),
        want.len(),
        "everyone active in either period, once"
    );
    let mut seen = HashMap::new();
    for r in &got {
        let p = &want[s(r, "user_id")];
        assert_eq!(s(r, "user_email"), p.email);
        assert_eq!(n(r, "prompt_count"), p.now);
        assert_eq!(n(r, "previous_prompt_count"), p.before);
        let change = p.now as i64 - p.before as i64;
        assert_eq!(r["change"].as_i64().unwrap(), change);
        if p.before == 0 {
            assert!(r["change_pct"].is_null());
        } else {
            let pct = change as f64 * 100.0 / p.before as f64;
            let want_pct: f64 = format!("{pct:.1}").parse().unwrap();
            assert_eq!(r["change_pct"].as_f64().unwrap(), want_pct);
        }
        assert_eq!(s(r, "status"), status(p));
        let last = if p.now > 0 { p.last_now } else { p.last_before };
        assert_eq!(s(r, "last_date"), last.unwrap().to_string());
        *seen.entry(status(p)).or_insert(0) += 1;
    }
    assert!(seen["new"] > 0 && seen["dormant"] > 0, "{seen:?}");
    // The order is the export's: most prompts first, then email.
    let order: Vec<(u64, &str)> = got
        .iter()
        .map(|r| (n(r, "prompt_count"), s(r, "user_email")))
        .collect();
    let mut sorted = order.clone();
    sorted.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    assert_eq!(order, sorted);
    // And the movers: rose (up) or fell (down) against the previous period.
    let kept = |p: &Person, st: &str| match st {
        "up" => p.now > p.before,
        "down" => p.now < p.before,
        st => status(p) == st,
    };
    for st in ["new", "dormant", "retained", "up", "down"] {
        let only = env.json(&[
            "export",
            "--group-by",
            "user",
            "--compare",
            "--status",
            st,
            "--from",
            from,
            "--to",
            to,
        ]);
        let emails: HashSet<&str> = only.iter().map(|r| s(r, "user_email")).collect();
        let expect: HashSet<&str> = want
            .values()
            .filter(|p| kept(p, st))
            .map(|p| p.email.as_str())
            .collect();
        assert!(!expect.is_empty(), "{st}");
        assert_eq!(emails, expect, "{st}");
    }
}

#[test]
fn products_compare_with_the_same_filters() {
    let env = start();
    let (from, to) = ("2026-11-01", "2026-11-25");
    let prev_from = "2026-10-07"; // 25 days before
    let rows = env.rows(prev_from, to, &["--origin", "SLACK"]);
    let mut want: HashMap<String, (u64, u64)> = HashMap::new();
    for r in &rows {
        let e = want.entry(r.product.clone()).or_default();
        if r.day >= d(from) {
            e.0 += r.count
        } else {
            e.1 += r.count
        }
    }
    let got = env.json(&[
        "export",
        "--group-by",
        "product",
        "--compare",
        "--origin",
        "SLACK",
        "--from",
        from,
        "--to",
        to,
    ]);
    assert_eq!(got.len(), want.len());
    for r in &got {
        let (now, before) = want[s(r, "product_id")];
        assert_eq!(
            (n(r, "prompt_count"), n(r, "previous_prompt_count")),
            (now, before)
        );
        assert_eq!(r["change"].as_i64().unwrap(), now as i64 - before as i64);
    }
    // The previous period (10-07 .. 10-31) was fetched, with the same origin.
    assert!(env.server().requests().iter().any(|q| {
        q.param("start_date") == [prev_from]
            && q.param("end_date") == ["2026-10-31"]
            && q.param("origin") == ["SLACK"]
    }));
}

/// A bad flag: exit 2, one line on stderr that says what to do, nothing on stdout.
fn refused(env: &Env, args: &[&str], needle: &str) {
    let out = env.run(args);
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    assert!(err.contains(needle), "{args:?}: {err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn bad_flags_say_what_to_do() {
    let env = start();
    let before = env.server().requests().len();
    refused(
        &env,
        &["export", "--group-by", "user", "--status", "new"],
        "add --compare",
    );
    refused(
        &env,
        &["export", "--group-by", "week", "--week-start", "nonsense"],
        "use monday or sunday",
    );
    refused(
        &env,
        &[
            "export",
            "--group-by",
            "user",
            "--compare",
            "--status",
            "gone",
        ],
        "new, dormant, retained, up or down",
    );
    refused(
        &env,
        &["export", "--group-by", "day", "--compare"],
        "user or product",
    );
    assert_eq!(env.server().requests().len(), before, "nothing fetched");
}

#[test]
fn a_saved_response_compares_with_the_same_answers() {
    let env = start();
    let (from, to) = ("2026-10-27", "2026-11-25");
    // Exactly both periods: a warning would be rows of one period taken for rows dropped
    // from the other.
    let saved = env.ok(&[
        "export",
        "--format",
        "json",
        "--from",
        "2026-09-27",
        "--to",
        to,
    ]);
    let path = env.home.path().join("saved.json");
    std::fs::write(&path, saved).unwrap();
    let file = path.to_str().unwrap();
    let args = [
        "export",
        "--group-by",
        "user",
        "--compare",
        "--from",
        from,
        "--to",
        to,
    ];
    let direct = env.ok(&args);
    let out = env.run(&[&args[..], &["--input", file]].concat());
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), direct);
    assert!(
        out.stderr.is_empty(),
        "the other period's rows are not dropped rows: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    refused(
        &env,
        &["export", "--group-by", "user", "--compare", "--input", file],
        "needs its range",
    );
    // A file that is not there is said before the range it would need.
    let gone = env.home.path().join("gone.json");
    let gone = gone.to_str().unwrap();
    for cmd in [&["check", "--min-prompts", "1"][..], &["report"]] {
        refused(
            &env,
            &[cmd, &["--input", gone]].concat(),
            "cannot read the input",
        );
    }
    // A file that starts after the previous period does: the comparison says so.
    let late = env.ok(&[
        "export",
        "--format",
        "json",
        "--from",
        "2026-10-02",
        "--to",
        to,
    ]);
    let path = env.home.path().join("late.json");
    std::fs::write(&path, late).unwrap();
    let out = env.run(&[&args[..], &["--input", path.to_str().unwrap()]].concat());
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("the file's rows start on 2026-10-02, after the previous period's first day (2026-09-27): the comparison may miss 5 days"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    // A report of it says so in itself, for a reader who never sees stderr.
    let file = [
        "--input",
        path.to_str().unwrap(),
        "--from",
        from,
        "--to",
        to,
    ];
    let md = env.ok(&[&["report", "--format", "md"][..], &file[..]].concat());
    assert!(
        md.contains("**Warning:** the file's rows start on 2026-10-02, after the previous period's first day (2026-09-27): the comparison may miss 5 days"),
        "{md}"
    );
    let json = env.ok(&[&["report", "--format", "json"][..], &file[..]].concat());
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["warnings"].as_array().map(Vec::len), Some(1), "{json}");
    // The same late rows after a month the range leaves out: the file starts before the
    // previous period, whose quiet first days are the file's, not missing ones.
    let early = env.ok(&[
        "export",
        "--format",
        "json",
        "--from",
        "2026-09-01",
        "--to",
        "2026-09-20",
    ]);
    let rows = |s: &str| serde_json::from_str::<Vec<serde_json::Value>>(s).unwrap();
    let both = [
        rows(&early),
        rows(&String::from_utf8(std::fs::read(&path).unwrap()).unwrap()),
    ]
    .concat();
    let path = env.home.path().join("gap.json");
    std::fs::write(&path, serde_json::to_string(&both).unwrap()).unwrap();
    for input in [path.to_str().unwrap(), "-"] {
        let out = env.run_with_stdin(
            &[&args[..], &["--input", input]].concat(),
            &std::fs::read(&path).unwrap(),
        );
        assert!(out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("rows start on"), "{input}: {err}");
        assert!(
            err.contains("rows outside the range dropped"),
            "{input}: {err}"
        );
    }
}
