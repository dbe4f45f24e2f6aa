//! The first hour at the command line, against the contract server: `--product` by name,
//! a bare run with nothing configured, and `config check` with a good and a bad key.

mod common;

use std::process::Output;

use clarityq_usage::demo::DemoServer;

struct Env {
    demo: common::Demo,
    home: tempfile::TempDir,
}

fn start() -> Env {
    Env {
        demo: common::demo(5, 60, 120),
        home: tempfile::tempdir().unwrap(),
    }
}

impl Env {
    fn server(&self) -> &DemoServer {
        &self.demo.server
    }

    /// The binary with the server's address, product and key (each overridable).
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
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

const RANGE: [&str; 4] = ["--from", "2026-10-01", "--to", "2026-11-25"];

/// `export --group-by product` as (name, total) pairs.
fn per_product(env: &Env, extra: &[&str]) -> Vec<(String, u64)> {
    let args = [&["export", "--group-by", "product"][..], &RANGE[..], extra].concat();
    let out = env.run(&args, &[]);
    assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
    let csv = text(&out.stdout);
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let name = header.iter().position(|h| *h == "product_name").unwrap();
    let count = header.iter().position(|h| *h == "prompt_count").unwrap();
    lines
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[name].to_string(), f[count].parse().unwrap())
        })
        .collect()
}

#[test]
fn a_product_is_named_in_any_case_cjk_and_emoji_included() {
    let env = start();
    let all = per_product(&env, &[]);
    assert_eq!(all.len(), 5, "{all:?}");
    for (spelled, real) in [
        ("数据洞察 insights", "数据洞察 Insights"),
        ("MARKETING STUDIO ✨", "Marketing Studio ✨"),
        ("support desk", "Support Desk"),
    ] {
        let one = per_product(&env, &["--product", spelled]);
        let expected: Vec<(String, u64)> = all.iter().filter(|(n, _)| n == real).cloned().collect();
        assert_eq!(one, expected, "{spelled}");
        // The name asks the server for the same rows as the id does.
        let id = env
            .server()
            .org()
            .products
            .iter()
            .find(|p| p.name == real)
            .unwrap()
            .id
            .to_string();
        assert_eq!(per_product(&env, &["--product", &id]), expected);
    }
    // An id and a name together: both products.
    let id = env.server().org().products[0].id.to_string();
    let two = per_product(&env, &["--product", &id, "--product", "support desk"]);
    assert_eq!(two.len(), 2, "{two:?}");
}

#[test]
fn an_unknown_product_name_lists_the_candidates_on_one_line() {
    let env = start();
    let out = env.run(
        &[&["export", "--product", "Support"][..], &RANGE[..]].concat(),
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("--product 'Support'"), "{err}");
    for p in &env.server().org().products {
        assert!(err.contains(&p.name), "{} in {err}", p.name);
    }
    assert!(out.stdout.is_empty());
}

#[test]
fn an_unknown_product_id_is_said_not_passed_over() {
    let env = start();
    let unknown = "00000000-0000-0000-0000-0000000000ff";
    let known = env.server().org().products[0].id.to_string();
    let args = [&["export", "--product", unknown][..], &RANGE[..]].concat();
    let out = env.run(&args, &[]);
    // Nothing to write is not a failure, but it is said, once.
    assert_eq!(out.status.code(), Some(0));
    let err = text(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains(&format!("no rows for --product {unknown}")),
        "{err}"
    );
    // With a product that has rows beside it, only the unknown one is named.
    let args = [
        &["export", "--product", unknown, "--product", &known][..],
        &RANGE[..],
    ]
    .concat();
    let out = env.run(&args, &[]);
    let err = text(&out.stderr);
    assert!(err.contains(unknown) && !err.contains(&known), "{err}");
    assert!(out.stdout.len() > 100);
    // A known product alone: no warning.
    let args = [&["export", "--product", &known][..], &RANGE[..]].concat();
    assert!(env.run(&args, &[]).stderr.is_empty());
}

/// A search that matches no one, in the range or the period before, is said: a typo in a
/// cron `check` held every week ("drop 0.0%"), and an export was a header alone.
#[test]
fn a_search_that_matches_no_one_is_said_by_export_report_and_check() {
    let env = start();
    let typo = ["--search", "nobody-xyz"];
    for cmd in [
        &["export"][..],
        &["report", "--format", "json"][..],
        &["check", "--max-drop-pct", "10"][..],
    ] {
        let out = env.run(&[cmd, &typo[..], &RANGE[..]].concat(), &[]);
        assert_eq!(out.status.code(), Some(0), "{cmd:?}");
        let err = text(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{cmd:?}: {err}");
        assert!(
            err.contains("no one matches --search 'nobody-xyz' in 2026-10-01"),
            "{cmd:?}: {err}"
        );
    }
    // A search that matches someone is not warned about.
    let email = &env.server().org().users[0].email;
    let domain = &email[email.find('@').unwrap() + 1..];
    let args = [&["export", "--search", domain][..], &RANGE[..]].concat();
    let out = env.run(&args, &[]);
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).lines().count() > 2);
}

#[test]
fn a_bare_run_with_nothing_set_up_names_everything_missing_once() {
    let home = tempfile::tempdir().unwrap();
    for args in [&[][..], &["export"][..]] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_clarityq-usage"))
            .args(args)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", home.path())
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("XDG_CACHE_HOME", home.path().join("cache"))
            .env("XDG_STATE_HOME", home.path().join("state"))
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        let err = text(&out.stderr);
        // Setup comes before the terminal check: it is what the user must fix first.
        assert_eq!(out.status.code(), Some(3), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        for needle in [
            "no API key",
            "no product id",
            "clarityq-usage --demo",
            "clarityq-usage config init",
        ] {
            assert!(err.contains(needle), "{needle} in {err}");
        }
    }
}

/// `config check` against a server whose organization ends today (the check asks for
/// yesterday by the clock).
fn check(env: &Env, extra: &[(&str, &str)]) -> (Option<i32>, String, String) {
    let out = env.run(&["config", "check"], extra);
    (out.status.code(), text(&out.stdout), text(&out.stderr))
}

#[test]
fn config_check_says_what_a_good_key_sees() {
    let env = Env {
        demo: common::demo_now(9, 70, 30),
        home: tempfile::tempdir().unwrap(),
    };
    let (code, out, err) = check(&env, &[]);
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(err.is_empty(), "{err}");
    let server = env.server();
    assert!(out.contains(&server.base_url()), "{out}");
    assert!(out.contains("from $CLARITYQ_BASE_URL"), "{out}");
    assert!(out.contains("set, from $CLARITYQ_API_KEY"), "{out}");
    assert!(!out.contains(server.api_key()), "never the key: {out}");
    assert!(out.contains(&server.product_id().to_string()), "{out}");
    // The counts, from the organization's own rows for yesterday.
    let yesterday = clarityq_usage::dates::today_utc() - chrono::Duration::days(1);
    let rows = server.org().rows(&clarityq_usage::demo::RowFilter {
        start: yesterday,
        end: yesterday,
        product_ids: &[],
        search: None,
        origin: None,
    });
    let products: std::collections::HashSet<_> = rows.iter().map(|r| r.product_id).collect();
    let people: std::collections::HashSet<_> = rows.iter().map(|r| r.user_id).collect();
    let prompts: u64 = rows.iter().map(|r| r.prompt_count).sum();
    assert!(!people.is_empty() && prompts > 0);
    let sees = format!(
        "{yesterday}: {} products, {} people with prompts, {} prompts",
        products.len(),
        people.len(),
        clarityq_usage::numbers::thousands(prompts)
    );
    assert!(out.contains(&sees), "{sees} in {out}");
    assert!(out.lines().last().unwrap().starts_with("ok"), "{out}");
}

#[test]
fn config_check_with_a_bad_key_gives_the_error_and_its_code() {
    let env = Env {
        demo: common::demo_now(9, 20, 10),
        home: tempfile::tempdir().unwrap(),
    };
    let (code, out, err) = check(&env, &[("CLARITYQ_API_KEY", "sk-wrong-key")]);
    assert_eq!(code, Some(3), "{out}{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("$CLARITYQ_API_KEY"), "{err}");
    assert!(out.contains("failed with exit 3"), "{out}");
    assert!(!out.contains("sk-wrong-key") && !err.contains("sk-wrong-key"));
    // Nothing set up at all: the one setup line, before any request.
    let (code, _, err) = check(
        &env,
        &[("CLARITYQ_API_KEY", ""), ("CLARITYQ_PRODUCT_ID", "")],
    );
    assert_eq!(code, Some(3));
    assert!(
        err.contains("no API key") && err.contains("no product id"),
        "{err}"
    );
}

#[test]
fn the_dashboard_takes_a_product_name_too() {
    let demo = common::demo_now(5, 60, 60);
    let home = tempfile::tempdir().unwrap();
    let env = common::pty_env(home.path(), &demo.server, &[]);
    let args = ["--last", "30d", "--product", "support DESK"];
    let mut p = common::pty::Pty::spawn(&args, &env, home.path(), 160, 45);
    let screen = p
        .wait_for("Support Desk", std::time::Duration::from_secs(20))
        .unwrap();
    for other in ["Analytics Copilot", "Sales Assistant", "Marketing Studio"] {
        assert!(!screen.contains(other), "{other} in {screen}");
    }
    p.send(b"q");
    assert_eq!(p.wait_exit(std::time::Duration::from_secs(10)), Some(0));
}

#[test]
fn a_report_names_the_products_it_was_narrowed_to() {
    let env = start();
    let args = [
        &["report", "--format", "json", "--product", "support desk"][..],
        &RANGE[..],
    ]
    .concat();
    let out = env.run(&args, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        report["filters"]["products"],
        serde_json::json!(["Support Desk"])
    );
}

/// A team with no rows of the product asked for keeps none of its names: the report still
/// names it as `--product` found it.
#[test]
fn a_team_report_names_a_product_the_team_never_used() {
    let env = start();
    let rows = [
        &["export", "--group-by", "row", "--format", "json"][..],
        &RANGE[..],
    ]
    .concat();
    let out = env.run(&rows, &[]);
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let of = |r: &serde_json::Value, k: &str| r[k].as_str().unwrap().to_string();
    let users: std::collections::BTreeSet<String> =
        rows.iter().map(|r| of(r, "user_email")).collect();
    let desk: std::collections::BTreeSet<String> = (rows.iter())
        .filter(|r| of(r, "product_name") == "Support Desk")
        .map(|r| of(r, "user_email"))
        .collect();
    let loner = users
        .difference(&desk)
        .next()
        .expect("someone never used it");
    let config = common::private_config(
        env.home.path(),
        "cfg",
        &format!("[teams]\nsolo = [\"{loner}\"]\n"),
    );
    let args = [
        &[
            "--config",
            config.to_str().unwrap(),
            "report",
            "--format",
            "json",
        ][..],
        &["--product", "support desk", "--team", "solo"],
        &RANGE[..],
    ]
    .concat();
    let out = env.run(&args, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["kpis"]["prompts"]["value"].as_u64(), Some(0));
    assert_eq!(
        report["filters"]["products"],
        serde_json::json!(["Support Desk"])
    );
}
