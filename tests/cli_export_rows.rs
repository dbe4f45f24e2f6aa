//! `export --input FILE --group-by row` writes the rows as the file is read a second time,
//! in the file's order: the same rows as the in-memory export (the API's, or stdin's),
//! the first of a repeated row kept and warned about, and a bad file refused before
//! anything is written.

mod common;

use std::path::Path;
use std::process::{Command, Output};

struct Env {
    demo: common::Demo,
    home: tempfile::TempDir,
}

const RANGE: [&str; 4] = ["--from", "2026-09-01", "--to", "2026-11-25"];

impl Env {
    fn start() -> Env {
        Env {
            demo: common::demo(5, 60, 150),
            home: tempfile::tempdir().unwrap(),
        }
    }

    fn command(&self, args: &[&str]) -> Command {
        let server = &self.demo.server;
        let mut c = common::binary(self.home.path(), server);
        c.args(args)
            .env("CLARITYQ_PRODUCT_ID", server.product_id().to_string())
            .env("CLARITYQ_API_KEY", server.api_key());
        c
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    /// The export of `path` read from stdin: the rows held in memory and sorted.
    fn held_via_stdin(&self, path: &Path, args: &[&str]) -> Output {
        let mut c = self.command(&[&["export", "--input", "-"][..], args].concat());
        c.stdin(std::fs::File::open(path).unwrap())
            .output()
            .unwrap()
    }

    fn saved(&self, name: &str, body: &[u8]) -> std::path::PathBuf {
        let path = self.home.path().join(name);
        std::fs::write(&path, body).unwrap();
        path
    }
}

fn ok(out: &Output) -> String {
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// The records of an export, sorted: a header and lines, or a JSON array's objects.
fn sorted(text: &str, format: &str) -> Vec<String> {
    let mut v: Vec<String> = match format {
        "json" => {
            let all: Vec<serde_json::Value> = serde_json::from_str(text).unwrap();
            all.iter().map(|v| v.to_string()).collect()
        }
        _ => text.lines().map(str::to_string).collect(),
    };
    v.sort();
    v
}

#[test]
fn the_demo_rows_streamed_are_the_rows_held_in_another_order() {
    let env = Env::start();
    let saved = ok(&env.run(&[&["export", "--format", "json"][..], &RANGE[..]].concat()));
    // Reversed, so that the file's order is not the sorted one.
    let mut rows: Vec<serde_json::Value> = serde_json::from_str(&saved).unwrap();
    rows.reverse();
    let path = env.saved("saved.json", &serde_json::to_vec(&rows).unwrap());
    let input = ["--input", path.to_str().unwrap()];
    for format in ["csv", "json", "ndjson", "table"] {
        let args = ["--group-by", "row", "--format", format];
        let direct = ok(&env.run(&[&["export"][..], &args[..], &RANGE[..]].concat()));
        let streamed = ok(&env.run(&[&["export"][..], &args[..], &input[..]].concat()));
        let held = ok(&env.held_via_stdin(&path, &args));
        assert!(sorted(&direct, format).len() > 100, "{format}: rows");
        assert_eq!(
            sorted(&direct, format),
            sorted(&streamed, format),
            "{format}"
        );
        assert_eq!(held, direct, "{format}: stdin keeps the sorted order");
    }
    // With --team the rows are held and sorted, as they were.
    let cfg = common::private_config(env.home.path(), "cfg", "[teams]\neveryone = [\"*\"]\n");
    let team = [
        "--config",
        cfg.to_str().unwrap(),
        "export",
        "--group-by",
        "row",
    ];
    let team = [&team[..], &input[..], &["--team", "everyone"][..]].concat();
    let direct = ok(&env.run(&[&["export", "--group-by", "row"][..], &RANGE[..]].concat()));
    assert_eq!(ok(&env.run(&team)), direct, "--team keeps the sorted order");
    // The file's order, not the sorted one.
    let csv = ok(&env.run(&[&["export", "--group-by", "row"][..], &input[..]].concat()));
    let (first, last) = (&rows[0], &rows[rows.len() - 1]);
    let line =
        |r: &serde_json::Value| format!("{},{}", r["date"].as_str().unwrap(), r["prompt_count"]);
    let user = |r: &serde_json::Value| r["user_id"].as_str().unwrap().to_string();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(
        lines[1].contains(&user(first)) && lines[1].ends_with(&line(first)),
        "{}",
        lines[1]
    );
    let end = lines[lines.len() - 1];
    assert!(
        end.contains(&user(last)) && end.ends_with(&line(last)),
        "{end}"
    );
}

/// A crafted file: a byte order mark, names that need escapes (and a formula-like email),
/// a repeated (product, person, day) whose later count must not win.
fn crafted() -> String {
    let row = |p: u8, name: &str, u: u8, email: &str, date: &str, n: u64| {
        format!(
            r#"{{"product_id":"00000000-0000-0000-0000-0000000000{p:02}","product_name":{},"user_id":"00000000-0000-0000-0000-0000000001{u:02}","user_email":{},"date":"{date}","prompt_count":{n}}}"#,
            serde_json::to_string(name).unwrap(),
            serde_json::to_string(email).unwrap(),
        )
    };
    let rows = [
        row(1, "Q \"one\", two", 1, "=cmd|x@x.io", "2026-03-02", 7),
        row(2, "数据\tdata", 2, "b\\c@x.io", "2026-03-01", 3),
        row(1, "Q \"one\", two", 1, "=cmd|x@x.io", "2026-03-02", 424242),
        row(1, "Q \"one\", two", 2, "b\\c@x.io", "2026-03-03", 0),
    ];
    format!("\u{feff}[{}]", rows.join(",\n"))
}

#[test]
fn a_repeated_row_is_warned_about_and_the_first_wins() {
    let env = Env::start();
    let path = env.saved("crafted.json", crafted().as_bytes());
    for format in ["csv", "json", "ndjson", "table"] {
        let args = ["--group-by", "row", "--format", format];
        let input = ["export", "--input", path.to_str().unwrap()];
        let out = env.run(&[&input[..], &args[..]].concat());
        let (streamed, err) = (ok(&out), String::from_utf8_lossy(&out.stderr));
        assert!(err.contains("1 duplicate row dropped"), "{err}");
        assert!(
            !streamed.contains("424242") && streamed.contains('7'),
            "{streamed}"
        );
        let held = ok(&env.held_via_stdin(&path, &args));
        assert_eq!(sorted(&streamed, format), sorted(&held, format), "{format}");
    }
    let csv = ok(&env.run(&[
        "export",
        "--group-by",
        "row",
        "--input",
        path.to_str().unwrap(),
    ]));
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 4, "{csv}");
    // In the file's order, quoted and with the formula neutralised.
    assert!(lines[1].ends_with(",2026-03-02,7"), "{csv}");
    assert!(lines[1].contains(r#""Q ""one"", two""#), "{csv}");
    assert!(lines[1].contains(",'=cmd|x@x.io,"), "{csv}");
    assert!(lines[2].contains("2026-03-01"), "{csv}");
}

#[test]
fn a_bad_row_late_in_the_file_writes_nothing() {
    let env = Env::start();
    let good = crafted();
    let body = format!(
        "{},{{\"product_id\":\"nope\"}}]",
        good.trim_end_matches(']')
    );
    let path = env.saved("bad.json", body.as_bytes());
    let out_file = env.home.path().join("out.csv");
    for to_file in [false, true] {
        let mut args = vec![
            "export",
            "--group-by",
            "row",
            "--input",
            path.to_str().unwrap(),
        ];
        if to_file {
            args.extend(["-o", out_file.to_str().unwrap()]);
        }
        let out = env.run(&args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(5), "{err}");
        assert!(err.contains("row 5"), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(out.stdout.is_empty(), "nothing on stdout");
        assert!(!out_file.exists(), "no output file");
    }
}

/// A file that is an export, not a saved response (by user, as NDJSON, as CSV), says
/// which export is one; a broken saved response does not (its fix is elsewhere).
#[test]
fn an_export_given_as_a_saved_response_says_which_export_to_save() {
    let env = Env::start();
    let hint = "a saved response is what `export --group-by row --format json` writes";
    for (name, args) in [
        (
            "users.json",
            &["--group-by", "user", "--format", "json"][..],
        ),
        (
            "rows.ndjson",
            &["--group-by", "row", "--format", "ndjson"][..],
        ),
        ("rows.csv", &["--group-by", "row", "--format", "csv"][..]),
    ] {
        let path = env.home.path().join(name);
        let p = path.to_str().unwrap();
        let save = env.run(&[&["export", "-o", p][..], args, &RANGE[..]].concat());
        assert!(
            save.status.success(),
            "{}",
            String::from_utf8_lossy(&save.stderr)
        );
        let out = env.run(&["export", "--input", p, "--group-by", "day"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(5), "{name}: {err}");
        assert!(
            err.contains(hint) && err.lines().count() == 1,
            "{name}: {err}"
        );
    }
    let cut = env.saved("cut.json", &crafted().as_bytes()[..200]);
    let out = env.run(&["export", "--input", cut.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("truncated") && !err.contains(hint), "{err}");
}
