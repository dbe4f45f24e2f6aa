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
