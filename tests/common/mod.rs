//! Shared set-up of the tests that run the real binary: a contract server on its own
//! runtime, and a command with a private home, XDG folders and the server's variables.

#![allow(dead_code)] // each test file uses its own part of this

pub mod pty;

use std::path::Path;
use std::process::Command;

use chrono::NaiveDate;
use clarityq_usage::demo::{DemoOptions, DemoServer, OrgSpec};

/// The fixed "today" of the tests.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

/// A contract server; the runtime must outlive it.
pub struct Demo {
    pub server: DemoServer,
    pub rt: tokio::runtime::Runtime,
}

pub fn demo(seed: u64, users: usize, days: u32) -> Demo {
    demo_on(seed, users, days, today())
}

/// A contract server whose organization ends on the real UTC today, for tests of the
/// dashboard (which reads the clock).
pub fn demo_now(seed: u64, users: usize, days: u32) -> Demo {
    demo_on(seed, users, days, clarityq_usage::dates::today_utc())
}

fn demo_on(seed: u64, users: usize, days: u32, today: NaiveDate) -> Demo {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let org = OrgSpec {
        seed,
        users,
        days,
        today,
    };
    let server = rt
        .block_on(DemoServer::start(DemoOptions { org, addr: None }))
        .unwrap();
    Demo { server, rt }
}

/// A private config file `home/name/config.toml` holding `text` (0600 in a 0700 folder,
/// as the loader asks).
pub fn private_config(home: &Path, name: &str, text: &str) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let dir = home.join(name);
    std::fs::create_dir(&dir).unwrap();
    let path = dir.join("config.toml");
    std::fs::write(&path, text).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    path
}

/// The binary with a clean environment: `home` for HOME and the XDG folders, PATH kept,
/// and the server's base URL (the product and key are the caller's choice).
pub fn binary(home: &Path, server: &DemoServer) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_clarityq-usage"));
    c.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("CLARITYQ_BASE_URL", server.base_url());
    c
}

/// A private home and its XDG folders, as the binary's whole environment of files.
pub fn home_env(home: &Path) -> Vec<(String, String)> {
    let p = |s: &str| home.join(s).display().to_string();
    vec![
        ("HOME".into(), home.display().to_string()),
        ("XDG_CONFIG_HOME".into(), p("config")),
        ("XDG_STATE_HOME".into(), p("state")),
        ("XDG_CACHE_HOME".into(), p("cache")),
    ]
}

/// The environment of the binary in a pty: a private home and XDG folders, the server's
/// variables, and `extra` (e.g. `NO_COLOR`).
pub fn pty_env(home: &Path, server: &DemoServer, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut env = home_env(home);
    env.extend([
        ("CLARITYQ_BASE_URL".into(), server.base_url()),
        (
            "CLARITYQ_PRODUCT_ID".into(),
            server.product_id().to_string(),
        ),
        ("CLARITYQ_API_KEY".into(), server.api_key().to_string()),
    ]);
    env.extend(
        extra
            .iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string())),
    );
    env
}
