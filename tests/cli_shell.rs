//! What ships beside the binary, made from the one command-line definition: the completion
//! scripts, the manual page, and `--help` with its examples and a pointer to the
//! dashboard's keys.

use std::process::Output;

fn run(args: &[&str]) -> Output {
    let home = tempfile::tempdir().unwrap();
    std::process::Command::new(env!("CARGO_BIN_EXE_clarityq-usage"))
        .args(args)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .output()
        .unwrap()
}

#[test]
fn completions_for_each_shell_name_the_subcommands() {
    for shell in ["bash", "zsh", "fish"] {
        let out = run(&["completions", shell]);
        assert!(out.status.success(), "{shell}");
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(script.len() > 500, "{shell}: {script}");
        for sub in ["export", "serve-demo", "config", "completions"] {
            assert!(script.contains(sub), "{shell} names {sub}");
        }
        // fish spells long options `-l product`.
        assert!(script.contains("product"), "{shell}");
        assert!(out.stderr.is_empty());
    }
    let out = run(&["completions", "tcsh"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unknown shell is a usage error"
    );
}

#[test]
fn the_man_page_is_roff_with_the_commands() {
    let out = run(&["man"]);
    assert!(out.status.success());
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.contains(".TH clarityq-usage"), "{page}");
    for needle in ["export", "serve\\-demo", "\\-\\-product", "Exit codes"] {
        assert!(page.contains(needle), "{needle} in the page");
    }
    // The examples and exit codes as laid out, not filled into one paragraph.
    let extra = page.split(".SH EXTRA\n").nth(1).expect("the EXTRA section");
    assert!(extra.starts_with(".nf\nExamples:"), "{extra}");
    let extra = extra.split("\n.SH ").next().unwrap();
    assert!(
        extra.ends_with(".fi") && extra.contains("\n  6  check"),
        "{extra}"
    );
    // The commands a script runs list every exit code, not 6 alone.
    for cmd in ["export", "report", "check"] {
        let help = String::from_utf8(run(&[cmd, "--help"]).stdout).unwrap();
        assert!(
            help.contains("Exit codes:") && help.contains("  4  API"),
            "{cmd}: {help}"
        );
    }
}

#[test]
fn help_has_examples_and_points_to_the_dashboard_keys() {
    for flag in ["--help", "-h"] {
        let out = run(&[flag]);
        assert!(out.status.success());
        let help = String::from_utf8(out.stdout).unwrap();
        assert!(help.contains("Examples:"), "{help}");
        assert!(help.contains("clarityq-usage --demo"), "{help}");
        assert!(help.contains("press ? for its keys"), "{help}");
        assert!(help.contains("Exit codes:"), "{help}");
    }
}

#[test]
fn every_page_the_man_page_names_can_be_made() {
    let main = String::from_utf8(run(&["man"]).stdout).unwrap();
    let named: Vec<String> = main
        .lines()
        .filter_map(|l| l.strip_prefix("clarityq\\-usage\\-"))
        .filter_map(|l| l.strip_suffix("(1)"))
        .map(|n| n.replace("\\-", "-"))
        .collect();
    assert!(named.contains(&"export".to_string()), "{named:?}");
    // And the pages those name in turn (`config` names `config-init`), but clap's own
    // `help`'s, which only repeat the others.
    let mut named = named;
    for name in named.clone().iter().filter(|n| *n != "help") {
        let page = String::from_utf8(run(&["man", name]).stdout).unwrap();
        let prefix = format!("clarityq\\-usage\\-{}\\-", name.replace('-', "\\-"));
        let more = page
            .lines()
            .filter_map(|l| l.strip_prefix(&prefix))
            .filter_map(|l| l.strip_suffix("(1)"))
            .map(|n| format!("{name}-{}", n.replace("\\-", "-")))
            .filter(|n| !n.ends_with("-help"));
        named.extend(more);
    }
    assert!(named.contains(&"config-init".to_string()), "{named:?}");
    for name in &named {
        let out = run(&["man", name]);
        assert!(out.status.success(), "man {name}");
        let page = String::from_utf8(out.stdout).unwrap();
        // The page names the program and its version, as the main page does (clap named
        // the leaf: "init 0.1.0"), clap's own `help` too.
        let title = format!(
            ".TH clarityq-usage-{name} 1  \"clarityq-usage {}\"",
            env!("CARGO_PKG_VERSION")
        );
        assert!(
            page.starts_with(".ie") && page.contains(&title),
            "{name}: {page}"
        );
    }
    // The README's install loop makes every one of them, so `man` finds what the page names.
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let loop_line = readme
        .lines()
        .find(|l| l.starts_with("for c in "))
        .expect("README has the man page loop");
    let listed: Vec<&str> = loop_line["for c in ".len()..]
        .split(';')
        .next()
        .unwrap()
        .split_whitespace()
        .collect();
    for name in &named {
        assert!(
            listed.contains(&name.as_str()),
            "README loop misses {name}: {loop_line}"
        );
    }
    let out = run(&["man", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no such subcommand") && err.contains("export"),
        "{err}"
    );
}

/// A mistaken command line is one line, naming the help of the subcommand it was for:
/// clap's own was a paragraph, a usage line and a hint, over five lines.
#[test]
fn a_mistaken_command_line_is_one_line_with_where_to_read_more() {
    let cases: [(&[&str], &[&str]); 5] = [
        (
            &["export", "--group-by", "nope"],
            &["'nope'", "week", "'clarityq-usage export --help'"],
        ),
        (
            &["exprt"],
            &["'exprt'", "tip:", "'export'", "'clarityq-usage --help'"],
        ),
        (
            &["config"],
            &[
                "subcommand is needed",
                "show",
                "'clarityq-usage config --help'",
            ],
        ),
        (
            &["config", "show", "--bogus"],
            &["'--bogus'", "'clarityq-usage config show --help'"],
        ),
        (
            &["report", "--from", "--to", "2026-01-01"],
            &["--from needs a value", "report --help"],
        ),
    ];
    for (args, want) in cases {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("clarityq-usage: "), "{err}");
        for w in want {
            assert!(err.contains(w), "{args:?}: {w} in {err}");
        }
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    // Help is not a mistake: whole, on stdout.
    let out = run(&["export", "--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Usage: clarityq-usage export"));
}

/// `--help` into a full disk is a failure said on stderr, not a silent success; into a pipe
/// that closes early it is the reader's choice.
#[test]
fn help_into_a_full_disk_fails_and_says_so() {
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full");
    let Ok(full) = full else { return };
    let home = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_clarityq-usage"))
        .arg("--help")
        .env("HOME", home.path())
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("writing the help failed"), "{err}");
}

/// The bash script completes past the subcommand's name, as a person types: an option of
/// `export`, a subcommand of `config`, an option of `config check` (a hyphen in the
/// program's name once left every branch after the first unreachable).
#[test]
fn bash_completes_past_the_subcommand() {
    let out = run(&["completions", "bash"]);
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("c.bash");
    std::fs::write(&script, &out.stdout).unwrap();
    // The function `complete -F` names for the program.
    let text = String::from_utf8(out.stdout).unwrap();
    let at = text.find("complete -F ").unwrap() + "complete -F ".len();
    let function = text[at..].split_whitespace().next().unwrap().to_string();
    let complete = |words: &[&str]| {
        let line = words.join(" ");
        let shell = format!(
            "source {}; COMP_WORDS=({line}); COMP_CWORD={}; \
             {function} clarityq-usage \"{}\" \"{}\"; echo \"${{COMPREPLY[*]}}\"",
            script.display(),
            words.len() - 1,
            words[words.len() - 1],
            words[words.len() - 2],
        );
        let out = std::process::Command::new("bash")
            .args(["--norc", "-c", &shell])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(
        complete(&["clarityq-usage", "export", "--gr"]).trim(),
        "--group-by"
    );
    assert_eq!(
        complete(&["clarityq-usage", "config", "ch"]).trim(),
        "check"
    );
    let formats = complete(&["clarityq-usage", "export", "--format", ""]);
    assert!(
        formats.contains("csv") && formats.contains("ndjson"),
        "{formats}"
    );
    // The origins, not the folder's files.
    let origins = complete(&["clarityq-usage", "export", "--origin", ""]);
    assert_eq!(origins.trim(), "APP SLACK API_KEY all");
    // The statuses, the week's first days and the pages, not files either.
    let statuses = complete(&["clarityq-usage", "export", "--status", ""]);
    assert_eq!(statuses.trim(), "new dormant retained up down");
    let days = complete(&["clarityq-usage", "export", "--week-start", ""]);
    assert_eq!(days.trim(), "monday sunday");
    let pages = complete(&["clarityq-usage", "man", "ex"]);
    assert_eq!(pages.trim(), "export");
}
