//! `report` fetches each origin beside the whole (for its origin share), as the dashboard
//! does: when the origins do not add up to the whole (a server that counts across all
//! origins even when one is asked for: the demo's `IgnoreOrigin` fault), it says so in
//! one warning line on stderr, and the report shows a note in place of the shares, as the
//! dashboard hides its origins block. The whole is computed here again from the raw rows
//! of `export --group-by row`.

mod common;

use std::process::Output;

use clarityq_usage::demo::Fault;
use serde_json::Value;

const FROM: &str = "2026-10-27";
const TO: &str = "2026-11-25";

fn run(demo: &common::Demo, home: &std::path::Path, args: &[&str]) -> Output {
    let s = &demo.server;
    common::binary(home, s)
        .args(args)
        .args(["--from", FROM, "--to", TO, "--format", "json", "--no-cache"])
        .env("CLARITYQ_PRODUCT_ID", s.product_id().to_string())
        .env("CLARITYQ_API_KEY", s.api_key())
        .output()
        .unwrap()
}

/// `1234567` as `1,234,567`, written here again.
fn commas(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The range's prompts, summed from the raw rows.
fn raw_total(demo: &common::Demo, home: &std::path::Path) -> u64 {
    let out = run(demo, home, &["export", "--group-by", "row"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert!(!rows.is_empty());
    rows.iter()
        .map(|r| r["prompt_count"].as_u64().unwrap())
        .sum()
}

/// The report's origins' prompts (stdout must be the JSON report alone).
fn origin_prompts(out: &Output) -> Vec<u64> {
    let r: Value = serde_json::from_slice(&out.stdout).expect("stdout is the report alone");
    let o = r["origins"].as_array().expect("an origin share");
    o.iter().map(|x| x["prompts"].as_u64().unwrap()).collect()
}

#[test]
fn a_report_warns_once_when_the_origins_do_not_add_up() {
    let demo = common::demo(5, 80, 200);
    let home = tempfile::tempdir().unwrap();
    let total = raw_total(&demo, home.path());
    // An honest server: the origins add up, and nothing is said.
    let out = run(&demo, home.path(), &["report"]);
    assert!(out.status.success());
    assert_eq!(origin_prompts(&out).iter().sum::<u64>(), total);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(!err.contains("origin"), "{err}");
    // A server that answers every origin with the whole: three times the total.
    demo.server.set_fault(Some(Fault::IgnoreOrigin));
    let out = run(&demo, home.path(), &["report"]);
    assert!(out.status.success());
    // Each origin answered with the whole: no share is shown, a note says why.
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(r["origins"].is_null(), "{}", r["origins"]);
    let note = r["origins_note"].as_str().unwrap();
    assert!(note.starts_with("Origin share not shown: "), "{note}");
    assert!(
        note.contains(&format!("sum to {} prompts", commas(3 * total))),
        "{note}"
    );
    let err = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = err.lines().filter(|l| l.contains("origin")).collect();
    assert_eq!(lines.len(), 1, "{err}");
    let want = format!("sum to {} prompts", commas(3 * total));
    assert!(lines[0].starts_with("clarityq-usage: warning: "), "{err}");
    assert!(lines[0].contains(&want), "{want} in {err}");
    assert!(
        lines[0].contains(&format!("total is {}", commas(total))),
        "{err}"
    );
    // One origin asked for: nothing is combined, so nothing to warn about.
    let out = run(&demo, home.path(), &["report", "--origin", "SLACK"]);
    assert!(out.status.success());
    assert!(!String::from_utf8(out.stderr).unwrap().contains("warning"));
}
