//! The disk cache of fetched windows: a window whose last day is more than two UTC days old
//! will not change, so it is kept under `$XDG_CACHE_HOME/clarityq-usage/windows/` and read
//! back instead of asked again. Files hold the window's model in its compact binary form
//! (`Usage::to_bytes`, checksummed: no JSON to parse again), are written 0600 in a 0700
//! folder through a temporary file and a rename, never hold the key, and a corrupt one
//! is dropped and fetched again, never fatal.

use std::path::{Path, PathBuf};

use chrono::{Duration, NaiveDate};

use crate::api::UsageQuery;
use crate::dates::DateRange;
use crate::model::Usage;

/// The format of the files; a new one ignores the old files.
const VERSION: &str = "v2";

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
        let mut ids: Vec<String> = q.product_ids.iter().map(ToString::to_string).collect();
        ids.sort();
        let key = format!(
            "{VERSION}\n{scope}\n{}\n{}\n{}\n{}\n{}",
            q.range.start(),
            q.range.end(),
            q.origin.map_or("", |o| o.as_str()),
            ids.join(","),
            q.search.as_deref().unwrap_or("")
        );
        self.dir.join(format!(
            "{}-{}-{:016x}.cqw",
            q.range.start(),
            q.range.end(),
            fnv(key.as_bytes())
        ))
    }

    /// The cached window, if there is a good one.
    pub fn load(&self, scope: &str, q: &UsageQuery) -> Option<Usage> {
        let path = self.path(scope, q);
        let bytes = std::fs::read(&path).ok()?;
        match Usage::from_bytes(&bytes).filter(|u| u.range() == q.range) {
            Some(u) => Some(u),
            None => {
                tracing::warn!(file = %path.display(), "dropping a corrupt cache file");
                let _ = std::fs::remove_file(&path);
                None
            }
        }
    }

    /// Keeps a window.
    pub fn store(&self, scope: &str, q: &UsageQuery, usage: &Usage) -> std::io::Result<()> {
        let bytes = usage.to_bytes();
        crate::private_file::replace(&self.path(scope, q), |w| w.write_all(&bytes))
    }
}

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
        assert!(!c.path("s", &q).exists(), "removed, to be written again");
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
}
