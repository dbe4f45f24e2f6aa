//! Reading a file that must be a regular file of bounded size (a cache window, the
//! config): opened without blocking, so that a FIFO cannot hang us, checked on the open
//! descriptor (no race between a check and the open), and read no further than the
//! bound, so that `/dev/zero` or a sparse gigabyte cannot fill memory.

use std::io::Read;
use std::path::Path;

/// Why a file was not read.
#[derive(Debug)]
pub enum Refused {
    /// Opening or reading failed (`NotFound` among them).
    Io(std::io::Error),
    /// A FIFO, a device, a directory: not a file to read settings or data from.
    NotRegular,
    /// Larger than the bound.
    TooLarge,
    /// Another user's, or writable by others ([`read_own`]).
    NotOurs,
}

/// Whether a link at the path itself is followed (a config may be a link into a
/// dotfiles folder; a cache file never is one we made).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Links {
    Follow,
    Refuse,
}

/// The bytes of the regular file at `path`, if it holds at most `max` bytes.
pub fn read(path: &Path, max: u64, links: Links) -> Result<Vec<u8>, Refused> {
    read_if(path, max, links, |_| true)
}

/// As [`read`], not following a link, and only a file of this user's (or root's) that no
/// one else may write: a cache file another user made or can change is not ours to trust
/// (its checksum finds damage, not a forgery).
pub fn read_own(path: &Path, max: u64) -> Result<Vec<u8>, Refused> {
    read_if(path, max, Links::Refuse, own)
}

/// Whether a file (or a link) is this user's or root's (whom a user trusts anyway): the
/// one rule for a cache file, a config and a link `-o` follows.
#[cfg(unix)]
pub fn mine(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    let me = rustix::process::geteuid().as_raw();
    meta.uid() == me || meta.uid() == 0
}

#[cfg(not(unix))]
pub fn mine(_: &std::fs::Metadata) -> bool {
    true
}

/// [`mine`], and no one else may write it.
#[cfg(unix)]
fn own(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    mine(meta) && meta.mode() & 0o022 == 0
}

#[cfg(not(unix))]
fn own(_: &std::fs::Metadata) -> bool {
    true
}

fn read_if(
    path: &Path,
    max: u64,
    links: Links,
    trusted: fn(&std::fs::Metadata) -> bool,
) -> Result<Vec<u8>, Refused> {
    let mut o = std::fs::OpenOptions::new();
    o.read(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // O_NONBLOCK, and O_NOFOLLOW when links are refused: Linux values (the libc
        // crate is not a dependency).
        let nofollow = if links == Links::Refuse { 0o400000 } else { 0 };
        o.custom_flags(nofollow | 0o4000);
    }
    let f = o.open(path).map_err(Refused::Io)?;
    let meta = f.metadata().map_err(Refused::Io)?;
    if !meta.file_type().is_file() {
        return Err(Refused::NotRegular);
    }
    if !trusted(&meta) {
        return Err(Refused::NotOurs);
    }
    if meta.len() > max {
        return Err(Refused::TooLarge);
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    f.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(Refused::Io)?;
    match bytes.len() as u64 <= max {
        true => Ok(bytes),
        false => Err(Refused::TooLarge),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_regular_file_is_read_and_the_rest_refused() {
        let dir = std::env::temp_dir().join(format!("cq-small-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("a.toml");
        std::fs::write(&f, b"range_days = 7\n").unwrap();
        assert_eq!(read(&f, 100, Links::Follow).unwrap(), b"range_days = 7\n");
        assert!(matches!(read(&f, 4, Links::Follow), Err(Refused::TooLarge)));
        assert!(matches!(
            read(&dir, 100, Links::Follow),
            Err(Refused::NotRegular)
        ));
        #[cfg(unix)]
        {
            // A device that never ends is refused before a byte is read.
            let zero = Path::new("/dev/zero");
            assert!(matches!(
                read(zero, 100, Links::Follow),
                Err(Refused::NotRegular)
            ));
            // A link is followed or refused as asked.
            let link = dir.join("l.toml");
            let _ = std::fs::remove_file(&link);
            std::os::unix::fs::symlink(&f, &link).unwrap();
            assert!(read(&link, 100, Links::Follow).is_ok());
            assert!(matches!(
                read(&link, 100, Links::Refuse),
                Err(Refused::Io(_))
            ));
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
