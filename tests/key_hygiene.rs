//! The key never leaves the request header: the real binary runs with a canary key through
//! successes and every kind of failure, with trace logging on, and the canary is searched
//! for in stdout, stderr, the log file, exports and `config show`.

mod common;

use std::path::Path;

use clarityq_usage::demo::Fault;

const CANARY: &str = "sk-test-CANARY-7f3a9c";

fn grep_tree(dir: &Path, needle: &str) -> Vec<String> {
    let mut hits = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let p = entry.path();
        if p.is_dir() {
            hits.extend(grep_tree(&p, needle));
        } else if std::fs::read(&p)
            .unwrap()
            .windows(needle.len())
            .any(|w| w == needle.as_bytes())
        {
            hits.push(p.display().to_string());
        }
    }
    hits
}

#[test]
fn canary_key_appears_nowhere() {
    let demo = common::demo(5, 30, 60);
    let server = &demo.server;
    let home = tempfile::tempdir().unwrap();
    let cfg_dir = home.path().join("config").join("clarityq-usage");
    std::fs::create_dir_all(&cfg_dir).unwrap();
    let cfg = cfg_dir.join("config.toml");
    // The canary sits in the file too, where `config show` and warnings could leak it.
    std::fs::write(
        &cfg,
        format!(
            "api_key = \"{CANARY}\"\nproduct_id = \"{}\"\n",
            server.product_id()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&cfg, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let run = |args: &[&str], key_env: bool| {
        let mut c = common::binary(home.path(), server);
        c.args(args).env("CLARITYQ_LOG", "trace");
        if key_env {
            c.env("CLARITYQ_API_KEY", CANARY);
        }
        c.current_dir(home.path()).output().unwrap()
    };
    let mut outputs = vec![
        run(&["config", "show"], false),
        run(&["config", "show"], true),
        run(&["export", "--search", "ada"], true), // 401: the canary is the wrong key
        run(&["export"], false),                   // 401 from the config file's key
    ];
    // A server that echoes the key back, whole or cut, in an error or in a row's value.
    let cut = &CANARY[..12];
    let echoes = [
        Fault::status_json(401, &format!("bad key {CANARY}")),
        Fault::status_json(500, &format!("no tenant for {cut}...")),
        Fault::status_json(403, &format!("key {CANARY} is disabled")),
        Fault::Body(format!("[{{\"product_id\": \"{CANARY}\"}}]")),
        Fault::Status {
            status: 200,
            body: "[]".into(),
            content_type: "text/x-sk-test-CANARY-7f3a9c",
            retry_after: None,
        },
        // Glued to other letters and cut, and in upper and lower case.
        Fault::status_json(404, &format!("no product for token_{cut}...")),
        Fault::Status {
            status: 200,
            body: "[]".into(),
            content_type: "Text/X-sk-test-CANARY-7f3a9c",
            retry_after: None,
        },
    ];
    for fault in [
        Fault::html(502),
        Fault::malformed(),
        Fault::tracking_disabled(),
        Fault::Truncated,
    ]
    .into_iter()
    .chain(echoes)
    {
        server.set_fault(Some(fault));
        outputs.push(run(&["export", "-o", "out.csv"], true));
    }
    server.set_fault(None);
    outputs.push(run(&["export"], true));
    outputs.push(run(&["--demo"], true)); // no terminal
    for o in &outputs {
        for stream in [&o.stdout, &o.stderr] {
            let text = String::from_utf8_lossy(stream);
            // No eight characters of it, in any case: a lowered cut of the key is a leak.
            let lower = text.to_lowercase();
            for piece in CANARY.to_lowercase().as_bytes().windows(8) {
                let piece = std::str::from_utf8(piece).unwrap();
                assert!(!lower.contains(piece), "leak of {piece}: {text}");
            }
        }
    }
    let show = String::from_utf8_lossy(&outputs[0].stdout).to_string();
    assert!(show.contains("<set, hidden>"), "{show}");
    let warn = String::from_utf8_lossy(&outputs[0].stderr).to_string();
    assert!(
        warn.contains("chmod 600"),
        "a readable config holding a key is flagged: {warn}"
    );
    let log = home
        .path()
        .join("state")
        .join("clarityq-usage")
        .join("clarityq-usage.log");
    assert!(
        std::fs::metadata(&log).unwrap().len() > 0,
        "trace logging wrote something"
    );
    let mut hits = grep_tree(&home.path().join("state"), CANARY);
    hits.retain(|h| !h.ends_with("config.toml"));
    assert!(hits.is_empty(), "canary found in {hits:?}");
    assert!(
        grep_tree(home.path(), CANARY)
            .iter()
            .all(|h| h.ends_with("config.toml"))
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&log), 0o600);
        assert_eq!(mode(log.parent().unwrap()), 0o700);
    }
    // The server saw the key in the header only, never in the query string.
    assert!(
        server
            .requests()
            .iter()
            .all(|r| r.query.iter().all(|(_, v)| !v.contains(CANARY)))
    );
}
