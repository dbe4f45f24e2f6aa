//! A saved file's two periods folded apart, one pass each (`export --compare`, `report`,
//! `check` on `--input FILE`), against the held reading of the same bytes (`--input -`,
//! stdin, which cannot be read twice): the same output, the same warnings, the same exit,
//! on files built to disagree: rows outside both periods, repeats in each, a product
//! named two ways within a period and across the two, rows of no prompts, a file that
//! starts after the previous period does.

mod common;

use std::io::Write;
use std::process::{Output, Stdio};

/// One row: product, its name, user, day (October 2026), prompts.
type Row = (u128, &'static str, u128, &'static str, u64);

fn body(rows: &[Row]) -> String {
    let rows: Vec<String> = rows
        .iter()
        .map(|(p, name, u, day, n)| {
            format!(
                r#"{{"product_id":"{}","product_name":"{name}","user_id":"{}","user_email":"u{u}@acme.example","date":"{day}","prompt_count":{n}}}"#,
                uuid::Uuid::from_u128(*p),
                uuid::Uuid::from_u128(1000 + u)
            )
        })
        .collect();
    format!("[{}]", rows.join(",\n"))
}

/// Rows around the periods 2026-10-01..10 (previous) and 2026-10-11..20 (the range).
fn rows() -> Vec<Row> {
    let mut rows = vec![
        (1, "Alpha", 1, "2026-09-25", 4),
        (1, "Alpha", 1, "2026-10-01", 0),
        (1, "Alpha", 1, "2026-10-03", 5),
        (1, "Alpha", 1, "2026-10-03", 9),
        (2, "Beta", 2, "2026-10-04", 2),
        (2, "Beta", 3, "2026-10-09", 7),
        (1, "Alpha", 3, "2026-10-12", 1),
        (2, "Beta", 2, "2026-10-15", 6),
        (2, "Beta", 2, "2026-10-15", 6),
        (2, "Beta 2", 4, "2026-10-16", 3),
        (1, "Alpha", 4, "2026-10-20", 8),
        (1, "Alpha", 5, "2026-10-25", 2),
    ];
    for u in 6..30 {
        let day = ["2026-10-02", "2026-10-08", "2026-10-13", "2026-10-19"][(u % 4) as usize];
        rows.push((
            1 + u % 2,
            ["Alpha", "Beta"][(u % 2) as usize],
            u,
            day,
            u as u64,
        ));
    }
    rows
}

struct Env {
    demo: common::Demo,
    home: tempfile::TempDir,
}

impl Env {
    /// A demo server and a home whose config file holds `config`.
    fn with_config(config: &str) -> Env {
        let env = Env {
            demo: common::demo(3, 10, 30),
            home: tempfile::tempdir().unwrap(),
        };
        let dir = env.home.path().join("config");
        std::fs::create_dir_all(&dir).unwrap();
        common::private_config(&dir, "clarityq-usage", config);
        env
    }

    fn run(&self, args: &[&str], stdin: Option<&str>) -> Output {
        let mut c = common::binary(self.home.path(), &self.demo.server);
        c.args(args).stdin(Stdio::piped()).stdout(Stdio::piped());
        let mut child = c.stderr(Stdio::piped()).spawn().unwrap();
        let mut pipe = child.stdin.take().unwrap();
        pipe.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
        drop(pipe);
        child.wait_with_output().unwrap()
    }

    /// The lines the log has that say a period was folded.
    fn folded(&self) -> usize {
        let log = self
            .home
            .path()
            .join("state/clarityq-usage/clarityq-usage.log");
        let text = std::fs::read_to_string(log).unwrap_or_default();
        text.matches("folding a saved file for one period").count()
    }
}

/// Runs `cmd` on the file and on the same bytes from stdin: the same stdout (the file's
/// name aside), stderr and exit; and says how many periods the file's run folded.
fn same(env: &Env, text: &str, cmd: &[&str]) -> usize {
    let path = env.home.path().join("saved.json");
    std::fs::write(&path, text).unwrap();
    let file = path.to_str().unwrap();
    let range = ["--from", "2026-10-11", "--to", "2026-10-20"];
    let before = env.folded();
    let folded = env.run(&[cmd, &range, &["--input", file]].concat(), None);
    let folds = env.folded() - before;
    let held = env.run(&[cmd, &range, &["--input", "-"]].concat(), Some(text));
    assert_eq!(env.folded() - before, folds, "stdin is read held");
    let out = |o: &Output| {
        untimed(&String::from_utf8_lossy(&o.stdout).replace("saved.json", "standard input"))
    };
    assert_eq!(out(&folded), out(&held), "{cmd:?}");
    assert_eq!(
        String::from_utf8_lossy(&folded.stderr),
        String::from_utf8_lossy(&held.stderr),
        "{cmd:?}"
    );
    assert_eq!(folded.status.code(), held.status.code(), "{cmd:?}");
    folds
}

/// `text` with the report's generation time blanked: the two runs may fall either side
/// of a second (this failed once when they did).
fn untimed(text: &str) -> String {
    let timed = |l: &str| {
        let l = l.trim_start();
        l.starts_with("\"generated_at\"") || l.starts_with("**Generated:**")
    };
    let lines = text
        .lines()
        .map(|l| if timed(l) { "(generated)" } else { l });
    lines.collect::<Vec<_>>().join("\n")
}

const COMMANDS: [&[&str]; 6] = [
    &["export", "--compare", "--group-by", "user"],
    &[
        "export",
        "--compare",
        "--group-by",
        "product",
        "--format",
        "json",
    ],
    &[
        "export",
        "--compare",
        "--group-by",
        "user",
        "--status",
        "dormant",
    ],
    &["report", "--format", "json"],
    &["report", "--format", "md"],
    &["check", "--min-prompts", "1000", "--max-dormant", "0"],
];

#[test]
fn folded_periods_say_what_the_held_reading_says() {
    // A setting the program does not know: its warning is said once, even when the
    // file is read again held.
    let env = Env::with_config("bogus_key = 1\n");
    let text = body(&rows());
    for cmd in COMMANDS {
        assert_eq!(same(&env, &text, cmd), 2, "{cmd:?}: one pass a period");
    }
    // The warnings are the held reading's, which `same` compared: here they are.
    let path = env.home.path().join("saved.json");
    std::fs::write(&path, &text).unwrap();
    let range = ["--from", "2026-10-11", "--to", "2026-10-20"];
    let out = env.run(
        &[COMMANDS[0], &range, &["--input", path.to_str().unwrap()]].concat(),
        None,
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("2 rows outside the range dropped"), "{err}");
    assert_eq!(err.matches("bogus_key").count(), 1, "{err}");
    assert!(err.contains("2 duplicate rows dropped"), "{err}");
    assert!(err.contains("1 row gave a product a second name"), "{err}");
    // A product named two ways across the periods: read again held, the same output.
    let mut renamed = rows();
    renamed.push((3, "Gamma", 7, "2026-10-05", 1));
    renamed.push((3, "Gamma v2", 7, "2026-10-14", 1));
    let text = body(&renamed);
    for cmd in COMMANDS {
        same(&env, &text, cmd);
    }
    // A previous period that leaves a gap is read held; the rows of the gap are in
    // neither period, and said with the rows outside (2 outside, 7 in the gap).
    let gap = [
        "--from",
        "2026-10-11",
        "--to",
        "2026-10-20",
        "--against",
        "2026-10-01..2026-10-05",
    ];
    let out = env.run(
        &[COMMANDS[0], &gap, &["--input", "-"]].concat(),
        Some(&text),
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("9 rows outside the range dropped"), "{err}");
    // A person whose email changed between the periods: the held reading keeps the
    // file's first one over both (the range's own reading took the new one).
    let mut moved = rows();
    moved.push((1, "Alpha", 40, "2026-10-05", 2));
    moved.push((1, "Alpha", 40, "2026-10-14", 3));
    let text = body(&moved).replace(
        r#""u40@acme.example","date":"2026-10-14""#,
        r#""new40@acme.example","date":"2026-10-14""#,
    );
    assert!(text.contains("new40@"));
    for cmd in COMMANDS {
        same(&env, &text, cmd);
    }
    // Ties that only the ids tell apart: two people of one email, both gone, one with a
    // row of no prompts in the range (read first there); two products of one name.
    let mut ties = rows();
    ties.extend([
        (5, "Same", 52, "2026-10-03", 4),
        (6, "Same", 53, "2026-10-04", 4),
        (1, "Alpha", 53, "2026-10-12", 0),
    ]);
    let text = body(&ties).replace("u53@acme", "u52@acme");
    for cmd in COMMANDS {
        same(&env, &text, cmd);
    }
    // A file that starts after the previous period's first day says so either way.
    let late: Vec<Row> = rows().into_iter().filter(|r| r.3 >= "2026-10-06").collect();
    let text = body(&late);
    assert_eq!(same(&env, &text, COMMANDS[0]), 2);
    let out = env.run(
        &[
            COMMANDS[0],
            &["--from", "2026-10-11", "--to", "2026-10-20", "--input", "-"],
        ]
        .concat(),
        Some(&text),
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("may miss"));
}

/// Under `--team`, each period's folding adds the team's rows only: the same output as
/// the held reading narrowed, and held again when the two foldings name someone or
/// something two ways, even when one of them left that one out.
#[test]
fn a_team_s_folded_periods_say_what_the_held_reading_says() {
    let env = Env::with_config("[teams]\nfew = [\"u1*@acme.example\", \"u2@*\", \"new*\"]\n");
    let team = |cmd: &[&'static str]| [cmd, &["--team", "few"]].concat();
    let text = body(&rows());
    for cmd in COMMANDS {
        assert_eq!(
            same(&env, &text, &team(cmd)),
            2,
            "{cmd:?}: one pass a period"
        );
    }
    // Someone out of the team by their first email, in it by the one of their rows in
    // the range; a product only the others named in the previous period, under a name
    // the range's rows change.
    let mut moved = rows();
    moved.push((1, "Alpha", 40, "2026-10-05", 2));
    moved.push((1, "Alpha", 40, "2026-10-14", 3));
    moved.push((3, "Gamma", 7, "2026-10-05", 1));
    moved.push((3, "Gamma v2", 12, "2026-10-14", 1));
    let text = body(&moved).replace(
        r#""u40@acme.example","date":"2026-10-14""#,
        r#""new40@acme.example","date":"2026-10-14""#,
    );
    for cmd in COMMANDS {
        same(&env, &text, &team(cmd));
    }
    let renamed_only = text.replace("new40@", "u40@");
    for cmd in COMMANDS {
        same(&env, &renamed_only, &team(cmd));
    }
}

/// A range reaching past a saved file's rows is said, once, from the file and from stdin
/// alike: the days it never held would read as quiet ones.
#[test]
fn a_range_past_the_file_is_said() {
    let env = Env::with_config("");
    let text = body(&rows());
    let path = env.home.path().join("saved.json");
    std::fs::write(&path, &text).unwrap();
    let file = path.to_str().unwrap();
    let wide = [
        "export",
        "--group-by",
        "month",
        "--from",
        "2026-09-01",
        "--to",
        "2026-10-31",
    ];
    for input in [file, "-"] {
        let out = env.run(&[&wide[..], &["--input", input]].concat(), Some(&text));
        assert_eq!(out.status.code(), Some(0));
        let err = String::from_utf8_lossy(&out.stderr);
        let said: Vec<&str> = err
            .lines()
            .filter(|l| l.contains("no prompts from"))
            .collect();
        assert_eq!(said.len(), 1, "{err}");
        assert!(
            said[0].contains("from 2026-09-01 to 2026-09-24 nor from 2026-10-26 to 2026-10-31"),
            "{err}"
        );
    }
    // Inside the file's days: nothing of the kind.
    let inside = [
        "export",
        "--group-by",
        "month",
        "--from",
        "2026-09-25",
        "--to",
        "2026-10-25",
    ];
    let out = env.run(&[&inside[..], &["--input", file]].concat(), None);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("no prompts from"));
    // Wholly outside: a warning, which `-q` keeps (`check` holds on the zeros).
    let outside = [
        "--from",
        "2026-06-01",
        "--to",
        "2026-06-30",
        "--input",
        file,
        "-q",
    ];
    for cmd in [&["export"][..], &["check", "--max-drop-pct", "10"][..]] {
        let out = env.run(&[cmd, &outside[..]].concat(), None);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(
                "warning: the file has no prompts from 2026-06-01 to 2026-06-30, the whole range"
            ),
            "{cmd:?}: {err}"
        );
    }
}

/// A previous period wholly before a saved file's first row: the report's key figures
/// say it is not in the file, from the file and from stdin alike, instead of everyone
/// "new" against its zeros; one the file reaches has its figures.
#[test]
fn a_previous_period_before_the_file_is_not_in_the_file() {
    let env = Env::with_config("");
    let text = body(&rows());
    let path = env.home.path().join("saved.json");
    std::fs::write(&path, &text).unwrap();
    let file = path.to_str().unwrap();
    let report = |range: [&str; 4], input: &str| {
        let args = [
            &["report", "--format", "md"][..],
            &range[..],
            &["--input", input],
        ]
        .concat();
        let out = env.run(&args, Some(&text));
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let before = ["--from", "2026-09-25", "--to", "2026-10-04"];
    // The range's prompts from the rows: the first of a repeated row counts.
    let mut seen = std::collections::HashSet::new();
    let now: u64 = (rows().into_iter())
        .filter(|r| ("2026-09-25"..="2026-10-04").contains(&r.3))
        .filter(|r| seen.insert((r.0, r.2, r.3)))
        .map(|r| r.4)
        .sum();
    for input in [file, "-"] {
        let md = report(before, input);
        let line = format!("| Prompts | {now} | not in the file | — |");
        assert!(md.contains(&line), "{line}\n{md}");
        assert!(md.contains("| New people | — |"), "{md}");
    }
    // The file's own previous period: 2026-10-01..10 against 10-11..20.
    let md = report(["--from", "2026-10-11", "--to", "2026-10-20"], file);
    assert!(!md.contains("not in the file"), "{md}");
}
