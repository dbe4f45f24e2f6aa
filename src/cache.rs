//! The disk cache of fetched windows: a window whose last day is more than two UTC days old
//! will not change, so it is kept under `$XDG_CACHE_HOME/clarityq-usage/windows/` and read
//! back instead of asked again. Files hold the window's model in its compact binary form
//! (`Usage::to_bytes`: no JSON to parse again), are written 0600 in a 0700 folder through a
//! temporary file and a rename, and never hold the key.
//!
//! A file is not trusted for being there. It is opened without following a link and
//! without blocking (a FIFO cannot hang us), must be a regular file under [`MAX_FILE_BYTES`],
//! and must name, inside its checksummed header, the exact scope it was written for (API
//! address, product, range, every filter): a file copied from another organization's cache
//! is a miss. A bad file is a miss and a refetch, never fatal, and never unlinked (it may
//! not be ours): the next store replaces it.

use std::path::{Path, PathBuf};

use chrono::{Duration, NaiveDate};

use crate::api::UsageQuery;
use crate::dates::DateRange;
use crate::model::Usage;

/// The format of the files; a new one ignores the old files.
const VERSION: &str = "v3";

/// The start of every cache file. 4: the checksum goes a word at a time
/// (`model::checksum`); a file of 3 reads as missing, is fetched again and replaced.
const MAGIC: &[u8; 4] = b"CQC4";

/// The largest cache file read: a settled 31-day window of a 100,000-person organization
/// is about 60 MiB in this form.
pub const MAX_FILE_BYTES: u64 = 1 << 30;

#[derive(Clone, Debug)]
pub struct WindowCache {
    dir: PathBuf,
}

/// The default cache folder.
pub fn default_dir() -> Option<PathBuf> {
    crate::paths::cache_dir(&crate::paths::process_env)
}

/// FNV-1a: a small hash that is the same on every machine and release (the standard
/// library's is not promised to be).
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

impl WindowCache {
    /// The cache in `dir`, created 0700 if missing.
    pub fn at(dir: &Path) -> std::io::Result<Self> {
        crate::private_file::create_dir(dir)?;
        Ok(Self {
            dir: dir.to_path_buf(),
        })
    }

    /// The default cache, or `None` when there is no cache folder to use.
    pub fn open_default() -> Option<Self> {
        Self::at(&default_dir()?).ok()
    }

    /// Whether a window is old enough to keep: its last day is more than two days before
    /// `today` (late rows for the last days are still possible).
    pub fn cacheable(window: DateRange, today: NaiveDate) -> bool {
        window.end() < today - Duration::days(2)
    }

    /// The file of a window: from the API address and product (`scope`) and every filter.
    pub fn path(&self, scope: &str, q: &UsageQuery) -> PathBuf {
        self.dir.join(format!(
            "{}-{}-{:016x}.cqw",
            q.range.start(),
            q.range.end(),
            fnv(scope_key(scope, q).as_bytes())
        ))
    }

    /// The cached window, if there is a good one for exactly this scope.
    pub fn load(&self, scope: &str, q: &UsageQuery) -> Option<Usage> {
        let path = self.path(scope, q);
        let bytes = read_trusted(&path)?;
        let u = unwrap_file(&bytes, &scope_key(scope, q)).filter(|u| u.range() == q.range);
        if u.is_none() {
            tracing::warn!(file = %path.display(), "ignoring a cache file that does not check out");
        }
        u
    }

    /// Keeps a window. Only a regular file is replaced: anything else at its name (a link,
    /// a FIFO) was put there by someone else and stays, and the window is not kept.
    pub fn store(&self, scope: &str, q: &UsageQuery, usage: &Usage) -> std::io::Result<()> {
        let path = self.path(scope, q);
        if !replaceable(&path) {
            tracing::warn!(file = %path.display(), "not replacing a cache entry we did not write");
            return Ok(());
        }
        let bytes = wrap_file(&scope_key(scope, q), usage);
        let mut r = crate::private_file::Replacement::start_exact(&path)?;
        std::io::Write::write_all(r.file(), &bytes)?;
        r.commit()
    }
}

/// Whether the entry at `path` may be replaced: nothing there, or a regular file of this
/// user's (a window's name in our own folder, whatever it now holds; another user's was
/// replaced, and so removed). Never followed: a link is judged as a link.
fn replaceable(path: &Path) -> bool {
    match std::fs::symlink_metadata(path) {
        Err(e) => e.kind() == std::io::ErrorKind::NotFound,
        Ok(m) => m.file_type().is_file() && crate::private_file::ours(&m),
    }
}

/// Everything a window's numbers depend on, as text: the file must name it.
fn scope_key(scope: &str, q: &UsageQuery) -> String {
    let mut ids: Vec<String> = q.product_ids.iter().map(ToString::to_string).collect();
    ids.sort();
    format!(
        "{VERSION}\n{scope}\n{}\n{}\n{}\n{}\n{}",
        q.range.start(),
        q.range.end(),
        q.origin.map_or("", |o| o.as_str()),
        ids.join(","),
        q.search.as_deref().unwrap_or("")
    )
}

/// `MAGIC`, the scope key's length and text, the model, then a checksum of all of it.
fn wrap_file(key: &str, usage: &Usage) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(key.len() as u32).to_le_bytes());
    out.extend_from_slice(key.as_bytes());
    out.extend_from_slice(&usage.to_bytes());
    let sum = crate::model::checksum(&out);
    out.extend_from_slice(&sum.to_le_bytes());
    out
}

/// The model in a file written by [`wrap_file`] for exactly `key`, else `None`.
fn unwrap_file(bytes: &[u8], key: &str) -> Option<Usage> {
    let (body, sum) = bytes.split_at_checked(bytes.len().checked_sub(8)?)?;
    if crate::model::checksum(body) != u64::from_le_bytes(sum.try_into().ok()?) {
        return None;
    }
    let rest = body.strip_prefix(MAGIC)?;
    let (len, rest) = rest.split_at_checked(4)?;
    let len = u32::from_le_bytes(len.try_into().ok()?) as usize;
    let (named, model) = rest.split_at_checked(len)?;
    if named != key.as_bytes() {
        return None;
    }
    Usage::from_bytes(model)
}

/// The bytes of a cache file, if it is a regular file under the size bound, not a link,
/// and ours alone (`small_file::read_own`): else a miss, and the window is fetched.
fn read_trusted(path: &Path) -> Option<Vec<u8>> {
    crate::small_file::read_own(path, MAX_FILE_BYTES).ok()
}

impl WindowCache {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::parse_date;
    use crate::model::{Ingest, RangeSpec};
    use uuid::Uuid;

    fn usage(range: DateRange) -> Usage {
        let row = format!(
            r#"[{{"product_id":"{}","product_name":"数据 \"Q\"","user_id":"{}","user_email":"a@x.io","date":"{}","prompt_count":7}}]"#,
            Uuid::from_u128(1),
            Uuid::from_u128(2),
            range.start()
        );
        Ingest::read_from(RangeSpec::Fixed(range), row.as_bytes()).unwrap()
    }

    #[test]
    fn round_trip_private_and_keyed_by_filters() {
        let dir = tempfile::tempdir().unwrap();
        let c = WindowCache::at(&dir.path().join("w")).unwrap();
        let r = DateRange::new(
            parse_date("2026-01-01").unwrap(),
            parse_date("2026-01-31").unwrap(),
        )
        .unwrap();
        let q = UsageQuery::new(r);
        assert!(c.load("scope", &q).is_none());
        c.store("scope", &q, &usage(r)).unwrap();
        let back = c.load("scope", &q).unwrap();
        assert_eq!(back, usage(r));
        assert!(c.load("other scope", &q).is_none());
        assert!(
            c.load("scope", &q.with_origin(Some(crate::api::Origin::Slack)))
                .is_none()
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&c.path("scope", &q)), 0o600);
            assert_eq!(mode(&dir.path().join("w")), 0o700);
        }
    }

    #[test]
    fn corrupt_files_are_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let c = WindowCache::at(dir.path()).unwrap();
        let r = DateRange::new(
            parse_date("2026-01-01").unwrap(),
            parse_date("2026-01-02").unwrap(),
        )
        .unwrap();
        let q = UsageQuery::new(r);
        std::fs::write(c.path("s", &q), b"[{\"product_id\": tru").unwrap();
        assert!(c.load("s", &q).is_none());
        assert!(
            c.path("s", &q).exists(),
            "not ours to remove: the next store replaces it"
        );
        c.store("s", &q, &usage(r)).unwrap();
        assert_eq!(c.load("s", &q).unwrap(), usage(r));
        // Another user's file at the name (where this test can make one: as root) is
        // neither read nor replaced.
        #[cfg(unix)]
        if std::os::unix::fs::chown(c.path("s", &q), Some(65534), None).is_ok() {
            std::fs::write(c.path("s", &q), b"theirs").unwrap();
            c.store("s", &q, &usage(r)).unwrap();
            assert_eq!(std::fs::read(c.path("s", &q)).unwrap(), b"theirs");
        }
    }

    fn january() -> (tempfile::TempDir, WindowCache, UsageQuery) {
        let dir = tempfile::tempdir().unwrap();
        let c = WindowCache::at(dir.path()).unwrap();
        let r = DateRange::new(
            parse_date("2026-01-01").unwrap(),
            parse_date("2026-01-31").unwrap(),
        )
        .unwrap();
        (dir, c, UsageQuery::new(r))
    }

    #[test]
    fn a_file_from_another_scope_is_a_miss() {
        let (_d, c, q) = january();
        c.store("https://other.example|org-b", &q, &usage(q.range))
            .unwrap();
        // Copied under this scope's name: the header names the other scope.
        std::fs::rename(
            c.path("https://other.example|org-b", &q),
            c.path("https://api.example|org-a", &q),
        )
        .unwrap();
        assert!(c.load("https://api.example|org-a", &q).is_none());
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn links_fifos_and_huge_files_are_not_read() {
        let (d, c, q) = january();
        let p = c.path("s", &q);
        // A link to an endless device: not followed.
        std::os::unix::fs::symlink("/dev/zero", &p).unwrap();
        assert!(c.load("s", &q).is_none());
        std::fs::remove_file(&p).unwrap();
        // A FIFO: not waited on (this would hang forever if it were opened for reading).
        let status = std::process::Command::new("mkfifo")
            .arg(&p)
            .status()
            .unwrap();
        assert!(status.success());
        assert!(c.load("s", &q).is_none());
        std::fs::remove_file(&p).unwrap();
        // A sparse file over the bound: refused on its size, not read.
        let f = std::fs::File::create(&p).unwrap();
        f.set_len(MAX_FILE_BYTES + 1).unwrap();
        assert!(c.load("s", &q).is_none());
        // Storing over what we did not make (a link, a FIFO) leaves it as it is, and its
        // target too: the window is not kept.
        std::fs::remove_file(&p).unwrap();
        let target = d.path().join("elsewhere");
        std::fs::write(&target, b"keep").unwrap();
        std::os::unix::fs::symlink(&target, &p).unwrap();
        c.store("s", &q, &usage(q.range)).unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"keep");
        assert!(std::fs::symlink_metadata(&p).unwrap().is_symlink());
        std::fs::remove_file(&p).unwrap();
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&p)
                .status()
                .unwrap()
                .success()
        );
        c.store("s", &q, &usage(q.range)).unwrap();
        assert!(!std::fs::symlink_metadata(&p).unwrap().is_file());
        assert!(c.load("s", &q).is_none());
        // A regular file, spoiled, is replaced (see `corrupt_files_are_dropped`).
        std::fs::remove_file(&p).unwrap();
        c.store("s", &q, &usage(q.range)).unwrap();
        assert_eq!(c.load("s", &q).unwrap(), usage(q.range));
    }

    #[test]
    fn only_settled_windows_are_cached() {
        let today = parse_date("2026-11-25").unwrap();
        let w = |a: &str, b: &str| {
            DateRange::new(parse_date(a).unwrap(), parse_date(b).unwrap()).unwrap()
        };
        assert!(WindowCache::cacheable(w("2026-10-01", "2026-11-22"), today));
        assert!(!WindowCache::cacheable(
            w("2026-10-01", "2026-11-23"),
            today
        ));
        assert!(!WindowCache::cacheable(
            w("2026-11-01", "2026-11-25"),
            today
        ));
    }

    mod fuzz {
        use super::*;
        use proptest::prelude::*;

        /// Cases: 256 by default; `PROPTEST_CASES=100000 cargo test cache::tests::fuzz` for
        /// a long run.
        fn valid_file() -> (Vec<u8>, String) {
            let r = DateRange::new(
                parse_date("2026-01-01").unwrap(),
                parse_date("2026-01-31").unwrap(),
            )
            .unwrap();
            let key = scope_key("s", &UsageQuery::new(r));
            (wrap_file(&key, &usage(r)), key)
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

            #[test]
            fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
                let _ = unwrap_file(&bytes, "k");
                let _ = Usage::from_bytes(&bytes);
            }

            #[test]
            fn any_flipped_or_cut_byte_is_refused(at in any::<prop::sample::Index>(), bit in 0u8..8, cut in any::<bool>()) {
                let (mut file, key) = valid_file();
                let i = at.index(file.len());
                if cut {
                    file.truncate(i);
                } else {
                    file[i] ^= 1 << bit;
                }
                prop_assert!(unwrap_file(&file, &key).is_none());
            }
        }
    }
}
