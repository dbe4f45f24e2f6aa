use super::*;
use std::collections::HashMap;

fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let m: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
        .collect();
    move |k| m.get(k).cloned()
}

fn cfg_file(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("config.toml");
    crate::private_file::write_new(&p, text.as_bytes()).unwrap();
    (dir, p)
}

#[test]
fn precedence_flags_env_file_defaults() {
    let (_d, p) = cfg_file(
        "base_url = \"https://file.example\"\nproduct_id = \"file\"\norigin = \"SLACK\"\n",
    );
    let ov = Overrides {
        config: Some(p.clone()),
        ..Default::default()
    };
    let s = Settings::load(&ov, &env_of(&[])).unwrap();
    assert_eq!(s.base_url.value, "https://file.example");
    assert!(matches!(s.base_url.from, Provenance::File { .. }));
    assert_eq!(s.range.from, Provenance::Default);
    assert_eq!(s.default_origin().unwrap(), Some(Origin::Slack));
    let s = Settings::load(
        &ov,
        &env_of(&[("CLARITYQ_BASE_URL", "https://env.example")]),
    )
    .unwrap();
    assert_eq!(s.base_url.from, Provenance::Env("CLARITYQ_BASE_URL"));
    let ov2 = Overrides {
        base_url: Some("https://flag.example".into()),
        ..ov
    };
    let s = Settings::load(
        &ov2,
        &env_of(&[("CLARITYQ_BASE_URL", "https://env.example")]),
    )
    .unwrap();
    assert_eq!(s.base_url.value, "https://flag.example");
}

#[tokio::test]
async fn profiles_override_and_unknown_profile_is_named() {
    let (_d, p) = cfg_file(
        "product_id = \"top\"\n[profiles.acme]\nproduct_id = \"acme\"\napi_key = \"sk-acme\"\n",
    );
    let ov = Overrides {
        config: Some(p),
        profile: Some("acme".into()),
        ..Default::default()
    };
    let s = Settings::load(&ov, &env_of(&[])).unwrap();
    assert_eq!(s.product_id.unwrap().value, "acme");
    let (_, src) = Settings::load(&ov, &env_of(&[]))
        .unwrap()
        .resolve_key()
        .await
        .unwrap();
    assert!(src.to_string().contains("[profiles.acme]"));
    let ov = Overrides {
        profile: Some("nope".into()),
        ..ov
    };
    let e = Settings::load(&ov, &env_of(&[])).unwrap_err().to_string();
    assert!(e.contains("'nope'") && e.contains("acme"), "{e}");
}

#[tokio::test]
async fn env_key_beats_file_key_and_show_hides_it() {
    let (_d, p) = cfg_file("api_key = \"sk-FILE-CANARY\"\n");
    let ov = Overrides {
        config: Some(p),
        ..Default::default()
    };
    let s = Settings::load(&ov, &env_of(&[("CLARITYQ_API_KEY", "sk-ENV-CANARY")])).unwrap();
    let (k, src) = s.resolve_key().await.unwrap();
    assert_eq!(k.expose(), "sk-ENV-CANARY");
    assert_eq!(src, KeySource::Env("CLARITYQ_API_KEY"));
    let shown = format!("{} {:?}", s.show(), s);
    assert!(!shown.contains("CANARY"), "{shown}");
}

#[tokio::test]
async fn key_command() {
    let (_d, p) = cfg_file("api_key_command = \"printf 'sk-cmd\\\\n'\"\n");
    let ov = Overrides {
        config: Some(p),
        ..Default::default()
    };
    let (k, _) = Settings::load(&ov, &env_of(&[]))
        .unwrap()
        .resolve_key()
        .await
        .unwrap();
    assert_eq!(k.expose(), "sk-cmd");
    let (_d, p) = cfg_file("api_key_command = \"echo locked >&2; exit 3\"\n");
    let ov = Overrides {
        config: Some(p),
        ..Default::default()
    };
    let e = Settings::load(&ov, &env_of(&[]))
        .unwrap()
        .resolve_key()
        .await
        .unwrap_err()
        .to_string();
    assert!(e.contains("api_key_command") && e.contains("locked"), "{e}");
}

#[tokio::test]
async fn missing_things_say_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let ov = Overrides {
        config: Some(dir.path().join("absent.toml")),
        ..Default::default()
    };
    assert!(
        Settings::load(&ov, &env_of(&[]))
            .unwrap_err()
            .to_string()
            .contains("config init")
    );
    let xdg = dir.path().to_str().unwrap().to_string();
    let s = Settings::load(&Overrides::default(), &env_of(&[("XDG_CONFIG_HOME", &xdg)])).unwrap();
    assert!(
        s.resolve_key()
            .await
            .unwrap_err()
            .to_string()
            .contains("CLARITYQ_API_KEY")
    );
    assert!(
        s.product_uuid()
            .unwrap_err()
            .to_string()
            .contains("CLARITYQ_PRODUCT_ID")
    );
}

#[test]
fn bad_values_are_named() {
    let (_d, p) = cfg_file("range = \"fortnight\"\n");
    let e = Settings::load(
        &Overrides {
            config: Some(p),
            ..Default::default()
        },
        &env_of(&[]),
    )
    .unwrap_err();
    assert!(e.to_string().starts_with("range ("), "{e}");
    let (_d, p) = cfg_file("origin = \"EMAIL\"\n");
    let e = Settings::load(
        &Overrides {
            config: Some(p),
            ..Default::default()
        },
        &env_of(&[]),
    )
    .unwrap_err();
    assert!(e.to_string().contains("APP, SLACK or API_KEY"), "{e}");
}

#[test]
fn every_missing_setting_is_named_at_once() {
    let home = tempfile::tempdir().unwrap();
    let xdg = home.path().to_str().unwrap().to_string();
    let s = Settings::load(
        &Overrides::default(),
        &env_of(&[("XDG_CONFIG_HOME", xdg.as_str())]),
    )
    .unwrap();
    let e = s.require_api().unwrap_err().to_string();
    assert!(
        e.contains("no API key") && e.contains("no product id"),
        "{e}"
    );
    assert!(e.contains("--demo") && e.contains("config init"), "{e}");
    assert_eq!(e.lines().count(), 1);
    // One missing: only that one is named.
    let s = Settings::load(
        &Overrides::default(),
        &env_of(&[("XDG_CONFIG_HOME", xdg.as_str()), ("CLARITYQ_API_KEY", "k")]),
    )
    .unwrap();
    let e = s.require_api().unwrap_err().to_string();
    assert!(
        e.contains("no product id") && !e.contains("no API key"),
        "{e}"
    );
    let s = Settings::load(
        &Overrides {
            product_id: Some("p".into()),
            ..Default::default()
        },
        &env_of(&[("XDG_CONFIG_HOME", xdg.as_str()), ("CLARITYQ_API_KEY", "k")]),
    )
    .unwrap();
    assert!(s.require_api().is_ok());
}

#[test]
fn max_response_mb_bounds_one_response() {
    let s = Settings::load(&Overrides::default(), &env_of(&[])).unwrap();
    assert_eq!(s.max_response_mb.value, 4096, "the built-in default");
    assert_eq!(s.max_body_bytes().unwrap(), 4096 << 20);
    assert_eq!(
        s.max_body_bytes().unwrap(),
        crate::api::DEFAULT_MAX_BODY_BYTES
    );
    let (_d, p) = cfg_file("max_response_mb = 8\n");
    let ov = Overrides {
        config: Some(p.clone()),
        ..Default::default()
    };
    let s = Settings::load(&ov, &env_of(&[])).unwrap();
    assert_eq!(s.max_body_bytes().unwrap(), 8 * 1024 * 1024);
    assert!(s.show().contains("max_response_mb 8"), "{}", s.show());
    let (_d, p) = cfg_file("max_response_mb = 0\n");
    let ov = Overrides {
        config: Some(p),
        ..Default::default()
    };
    let e = Settings::load(&ov, &env_of(&[])).unwrap_err().to_string();
    assert!(
        e.contains("max_response_mb") && e.contains("at least 1"),
        "{e}"
    );
}

/// The organization's name from the file, cleaned to one line and shown by `config
/// show`; unset, no name (the host and product are the label).
#[test]
fn org_name_comes_from_the_file_on_one_clean_line() {
    let s = Settings::load(&Overrides::default(), &env_of(&[])).unwrap();
    assert_eq!(s.org_name(), None);
    assert!(
        s.show()
            .contains("org_name        (the API's host and the product)")
    );
    let (_d, p) = cfg_file("org_name = \"Acme\\u001b]52;c;x\\u0007\\n  Corp\"\n");
    let ov = Overrides {
        config: Some(p),
        ..Default::default()
    };
    let s = Settings::load(&ov, &env_of(&[])).unwrap();
    assert_eq!(s.org_name().as_deref(), Some("Acme ]52;c;x Corp"));
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    assert!(!s.show().contains('\u{1b}'));
}

#[test]
fn end_yesterday_and_export_dir_come_from_the_file() {
    let s = Settings::load(&Overrides::default(), &env_of(&[])).unwrap();
    assert!(!s.end_yesterday.value, "today so far, by default");
    assert_eq!(s.end_yesterday.from, Provenance::Default);
    assert_eq!(s.export_dir, None);
    assert!(s.show().contains("export_dir      (the current folder)"));
    let (_d, p) = cfg_file("end_yesterday = true\nexport_dir = \"/tmp/out\"\n");
    let ov = Overrides {
        config: Some(p),
        ..Default::default()
    };
    let s = Settings::load(&ov, &env_of(&[])).unwrap();
    assert!(s.end_yesterday.value);
    assert_eq!(s.export_dir.as_ref().unwrap().value, "/tmp/out");
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    assert_eq!(s.default_end(today).to_string(), "2026-02-28");
}

#[test]
fn timings_too_low_to_work_are_refused_not_changed() {
    let load = |text: &str| {
        let (_d, p) = cfg_file(text);
        let ov = Overrides {
            config: Some(p),
            ..Default::default()
        };
        Settings::load(&ov, &env_of(&[])).map(|s| s.refresh())
    };
    let e = load("timeout_secs = 0\n").unwrap_err().to_string();
    assert!(
        e.starts_with("timeout_secs (") && e.contains("at least 1"),
        "{e}"
    );
    let e = load("refresh_secs = 5\n").unwrap_err().to_string();
    assert!(
        e.contains("refresh_secs (") && e.contains("at least 10"),
        "{e}"
    );
    assert_eq!(load("refresh_secs = 0\n").unwrap(), None);
    assert_eq!(
        load("refresh_secs = 10\n").unwrap(),
        Some(Duration::from_secs(10))
    );
}
