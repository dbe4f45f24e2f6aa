//! Tests of `private_file.rs`: modes, replacement whole or not at all, links.
use super::*;

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
#[cfg(unix)]
fn new_files_are_private_and_never_overwrite() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("a");
    write_new(&p, b"x").unwrap();
    assert_eq!(mode(&p), 0o600);
    assert!(write_new(&p, b"y").is_err());
    assert_eq!(std::fs::read(&p).unwrap(), b"x");
    create_dir(&d.path().join("s/t")).unwrap();
    assert_eq!(mode(&d.path().join("s/t")), 0o700);
}

#[test]
#[cfg(unix)]
fn replace_is_whole_or_nothing() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("out.csv");
    std::fs::write(&p, b"old").unwrap();
    let failed = replace(&p, |w: &mut dyn Write| {
        w.write_all(b"partial")?;
        Err(io::Error::other("boom"))
    });
    assert!(failed.is_err());
    assert_eq!(std::fs::read(&p).unwrap(), b"old");
    assert_eq!(
        std::fs::read_dir(d.path()).unwrap().count(),
        1,
        "no temporary file left"
    );
    replace(&p, |w| w.write_all(b"new")).unwrap();
    assert_eq!(std::fs::read(&p).unwrap(), b"new");
    assert_eq!(mode(&p), 0o600);
}

#[test]
#[cfg(unix)]
fn a_symlink_is_followed_not_replaced() {
    let d = tempfile::tempdir().unwrap();
    let real = d.path().join("real");
    let link = d.path().join("link");
    std::fs::write(&real, b"old").unwrap();
    std::os::unix::fs::symlink(&real, &link).unwrap();
    replace(&link, |w| w.write_all(b"new")).unwrap();
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(std::fs::read(&real).unwrap(), b"new");
}

/// `-o` never writes through a link another user planted, never replaces a link to
/// nothing (we did not make it), and never replaces a file we may not write.
#[test]
#[cfg(unix)]
fn output_refuses_what_is_not_ours_to_replace() {
    use std::os::unix::fs::{PermissionsExt, lchown, symlink};
    let d = tempfile::tempdir().unwrap();
    let real = d.path().join("real");
    std::fs::write(&real, b"old").unwrap();
    let dangling = d.path().join("dangling.csv");
    symlink(d.path().join("nothing"), &dangling).unwrap();
    let e = Output::check(&dangling).unwrap_err();
    assert!(e.to_string().contains("link to nothing"), "{e}");
    assert!(
        std::fs::symlink_metadata(&dangling).is_ok(),
        "the link stays"
    );
    // Our own link is followed; the checks leave no temporary file behind.
    let link = d.path().join("mine.csv");
    symlink(&real, &link).unwrap();
    assert_eq!(Output::check(&link).unwrap(), Kind::Replace);
    assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 3);
    let root = rustix::process::geteuid().is_root();
    if root {
        // Root can give the link away: then it is another user's.
        lchown(&link, Some(65534), None).unwrap();
        let e = Output::check(&link).unwrap_err();
        assert!(e.to_string().contains("another user owns"), "{e}");
    } else {
        // A file we may not write is refused, as `>` refuses it (root may write it).
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o444)).unwrap();
        assert!(Output::check(&real).is_err());
    }
    assert_eq!(std::fs::read(&real).unwrap(), b"old");
}

#[test]
#[cfg(unix)]
fn devices_are_written_in_place() {
    let o = Output::open(Path::new("/dev/null")).unwrap();
    assert!(matches!(o, Output::InPlace(_)));
    o.finish().unwrap();
    assert!(
        !std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_file()
    );
}

/// Another user's file at `-o`'s path is refused before anything is fetched: replacing it
/// removes a file we did not create (as root, possible and wrong; in a shared folder as
/// anyone else, a rename that failed after the whole fetch). Checked where this test may
/// give a file away (as root).
#[test]
#[cfg(unix)]
fn another_users_file_is_not_replaced() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("theirs.csv");
    std::fs::write(&p, b"theirs").unwrap();
    std::fs::set_permissions(&p, std::os::unix::fs::PermissionsExt::from_mode(0o666)).unwrap();
    if std::os::unix::fs::chown(&p, Some(65534), None).is_err() {
        return; // not root: no file of another user's to make
    }
    let e = Output::check(&p).unwrap_err();
    assert!(e.to_string().contains("another user's file"), "{e}");
    assert_eq!(std::fs::read(&p).unwrap(), b"theirs");
    // One's own is replaced as ever.
    let mine = d.path().join("mine.csv");
    std::fs::write(&mine, b"old").unwrap();
    assert!(Output::check(&mine).is_ok());
}
