//! The config file's reader: permissions, parse errors with line and column, unknown
//! and mistyped settings named.

use super::*;

#[test]
fn defaults_and_template_parse() {
    let d = parse(DEFAULTS_TOML, Path::new("defaults")).unwrap();
    assert_eq!(d.top.range.as_deref(), Some("30d"));
    assert!(d.warnings.is_empty());
    let t = parse(TEMPLATE_TOML, Path::new("template")).unwrap();
    assert_eq!(
        t,
        FileConfig::default(),
        "the template sets nothing until edited"
    );
    // A new user learns from it where the two values are found.
    for needle in [
        "API keys section",
        "product's settings",
        "address bar",
        "config check",
    ] {
        assert!(TEMPLATE_TOML.contains(needle), "{needle}");
    }
}

#[test]
fn sections_are_kept_for_their_modules() {
    let c = parse(
        "theme = \"light\"\n[teams]\neng = [\"*@eng.example.com\"]\n[keys]\nquit = \"x\"\n",
        Path::new("c.toml"),
    )
    .unwrap();
    assert_eq!(c.top.theme.as_deref(), Some("light"));
    assert!(c.sections["teams"].contains_key("eng"));
    assert!(c.sections["keys"].contains_key("quit"));
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    assert!(parse("teams = 3\n", Path::new("c.toml")).is_err());
}

#[test]
fn errors_have_line_and_column() {
    let e = parse("base_url = \"x\"\norigin = = 3\n", Path::new("c.toml")).unwrap_err();
    let s = e.to_string();
    assert!(s.starts_with("c.toml:2:"), "{s}");
    let e = parse("refresh_secs = \"often\"\n", Path::new("c.toml")).unwrap_err();
    assert!(e.to_string().starts_with("c.toml: refresh_secs: "), "{e}");
    let text = "[profiles.acme]\nbase_url = \"https://a\"\nend_yesterday = \"yes\"\n";
    let e = parse(text, Path::new("c.toml")).unwrap_err().to_string();
    assert!(
        e.starts_with("c.toml: profiles.acme.end_yesterday: "),
        "{e}"
    );
}

#[test]
fn unknown_keys_warn_and_profiles_parse() {
    let c = parse(
        "colour = 1\n[profiles.acme]\nbase_url = \"https://a\"\nnope = 2\n",
        Path::new("c"),
    )
    .unwrap();
    assert_eq!(c.warnings.len(), 2, "{:?}", c.warnings);
    assert_eq!(c.profiles["acme"].base_url.as_deref(), Some("https://a"));
    // A quoted name with an escape sequence (a clipboard write) is warned of clean.
    let c = parse(
        "\"\\u001b]52;c;SGk=\\u0007\" = 1\n[profiles.p]\n\"\\u001b[2J\" = 2\n",
        Path::new("c"),
    )
    .unwrap();
    assert_eq!(c.warnings.len(), 2, "{:?}", c.warnings);
    assert!(
        c.warnings.iter().all(|w| crate::sanitize::is_clean(w)),
        "{:?}",
        c.warnings
    );
}

/// What is not a small regular file is one line, read no further: `/dev/zero` filled
/// memory, a FIFO waited for ever, a sparse gigabyte took seconds.
#[cfg(unix)]
#[test]
fn a_device_a_fifo_or_a_huge_file_is_one_error() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo.toml");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let huge = dir.path().join("huge.toml");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(1 << 30)
        .unwrap();
    for (p, says) in [
        (Path::new("/dev/zero"), "not a regular file"),
        (fifo.as_path(), "not a regular file"),
        (huge.as_path(), "over 1 MiB"),
    ] {
        let e = read(p).unwrap_err().to_string();
        assert!(e.contains(says) && !e.contains('\n'), "{e}");
    }
}

#[cfg(unix)]
#[test]
fn init_is_private_and_never_overwrites() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("sub").join("config.toml");
    init(&p).unwrap();
    assert_eq!(
        std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert_eq!(
        std::fs::metadata(p.parent().unwrap())
            .unwrap()
            .permissions()
            .mode()
            & 0o777,
        0o700
    );
    assert!(init(&p).unwrap_err().to_string().contains("already exists"));
    assert!(read(&p).unwrap().is_some());
}

#[cfg(unix)]
#[test]
fn unsafe_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("config.toml");
    std::fs::write(&p, "api_key = \"sk-CANARY\"\n").unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
    let (_, warnings) = read(&p).unwrap().unwrap();
    assert!(warnings[0].contains("chmod 600"), "{warnings:?}");
    assert!(!warnings[0].contains("CANARY"));
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o666)).unwrap();
    assert!(matches!(read(&p), Err(ConfigError::Unsafe(_))));
    // A link from a private folder to a file in one others can write: refused by the
    // target's folder, which it named.
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let home = tempfile::tempdir().unwrap();
    std::fs::set_permissions(home.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
    let link = home.path().join("config.toml");
    std::os::unix::fs::symlink(&p, &link).unwrap();
    match read(&link) {
        Err(ConfigError::Unsafe(e)) => assert!(e.contains("folder other users can write"), "{e}"),
        other => panic!("{other:?}"),
    }
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
    assert!(
        read(&link).unwrap().is_some(),
        "the same link into a private folder"
    );
}

mod props {
    use super::super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        /// Any text, TOML or not, gives a config or a located error; never a panic.
        #[test]
        fn any_text_parses_or_errors(s in "\\PC{0,200}") {
            let _ = parse(&s, Path::new("c.toml"));
        }

        #[test]
        fn toml_like_text_never_panics(k in "[a-z_]{1,12}", v in "\\PC{0,20}", n in any::<i64>()) {
            let _ = parse(&format!("{k} = \"{v}\"\n[profiles.{k}]\n{k} = {n}\n"), Path::new("c.toml"));
            let _ = parse(&format!("{k} = {v}\n"), Path::new("c.toml"));
        }
    }
}
