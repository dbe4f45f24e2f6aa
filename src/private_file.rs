//! Writing files that hold people's emails: the one place that creates them, so every
//! file is 0600 (its folder 0700) from the first byte, a regular file is replaced whole or
//! not at all, and nothing is ever unlinked that this program did not create.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Creates a folder (and its parents) with mode 0700.
pub fn create_dir(dir: &Path) -> io::Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
    b.create(dir)
}

fn private() -> OpenOptions {
    let mut o = OpenOptions::new();
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    o
}

/// Creates a new file with mode 0600; fails if anything is already at `path`.
pub fn create_new(path: &Path) -> io::Result<File> {
    private().write(true).create_new(true).open(path)
}

/// Creates a new 0600 file holding `bytes`, synced; fails if anything is at `path`.
pub fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = create_new(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// Opens `path` for appending, creating it 0600 if missing (a log): only a regular file
/// of this user's, not through a link, and never waiting on a FIFO (one at the log's
/// path hung every command; a link there had each run append to wherever it pointed).
/// One left readable by others is made 0600.
pub fn append(path: &Path) -> io::Result<File> {
    let mut o = private();
    o.create(true).append(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // O_NOFOLLOW | O_NONBLOCK, Linux's values (as `small_file` opens).
        o.custom_flags(0o400000 | 0o4000);
    }
    let f = o.open(path)?;
    let meta = f.metadata()?;
    if !meta.file_type().is_file() || !ours(&meta) {
        return Err(io::Error::other("not a regular file of this user's"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if meta.permissions().mode() & 0o077 != 0 {
            f.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
    }
    Ok(f)
}

/// The temporary files of the [`Replacement`]s under way: a signal ends the process
/// without running their `Drop`, so whoever handles it removes these first
/// ([`remove_unfinished`]). Held while one is renamed, so that a name is never removed
/// after it became the destination.
static UNFINISHED: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

fn unfinished() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    // A panic while it was held left the list whole: every change is one push or remove.
    UNFINISHED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Removes the temporary files of every [`Replacement`] not yet committed: they are ours.
/// For the end of the process (a signal); the replacements are left with nothing to do.
pub fn remove_unfinished() {
    for tmp in unfinished().drain(..) {
        let _ = std::fs::remove_file(tmp);
    }
}

/// A file being written beside its destination, renamed over it on [`Replacement::commit`].
/// Dropped uncommitted (an error, a panic), the temporary file is removed: it is ours.
pub struct Replacement {
    tmp: PathBuf,
    dest: PathBuf,
    file: Option<File>,
}

impl Replacement {
    /// Starts replacing `dest` (a regular file, or nothing yet). A symlink is followed, so
    /// the file it points to is replaced, not the link.
    pub fn start(dest: &Path) -> io::Result<Self> {
        match std::fs::canonicalize(dest) {
            Ok(real) => Self::start_exact(&real),
            Err(_) => Self::start_exact(dest),
        }
    }

    /// Starts replacing exactly the entry at `dest`, in a folder of our own: a link there is
    /// replaced by the file, never written through.
    pub fn start_exact(dest: &Path) -> io::Result<Self> {
        let dest = dest.to_path_buf();
        let dir = match dest.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = dest
            .file_name()
            .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
        // A fresh name each try: `create_new` refuses anything already there, ours or not.
        let mut last = None;
        for _ in 0..8 {
            let tmp = dir.join(format!(
                ".{name}.{}.{:08x}.tmp",
                std::process::id(),
                fastrand::u32(..)
            ));
            // Listed under the same lock it is made in: a signal between the two left the
            // file behind (the handler had found the list without it).
            let mut list = unfinished();
            match create_new(&tmp) {
                Ok(file) => {
                    list.push(tmp.clone());
                    return Ok(Self {
                        tmp,
                        dest,
                        file: Some(file),
                    });
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
                Err(e) => return Err(e),
            }
        }
        Err(last.unwrap_or_else(|| io::Error::other("no temporary name")))
    }

    /// The open temporary file.
    pub fn file(&mut self) -> &mut File {
        self.file.as_mut().expect("file is present until commit")
    }

    /// Syncs and renames the temporary file over the destination.
    pub fn commit(mut self) -> io::Result<()> {
        let file = self.file.take().expect("file is present until commit");
        file.sync_all()?;
        drop(file);
        let mut list = unfinished();
        std::fs::rename(&self.tmp, &self.dest)?;
        list.retain(|t| *t != self.tmp);
        self.tmp = PathBuf::new();
        Ok(())
    }
}

impl Drop for Replacement {
    fn drop(&mut self) {
        if !self.tmp.as_os_str().is_empty() {
            let mut list = unfinished();
            // Not listed: removed at a signal already, and the name may be another's now.
            if let Some(at) = list.iter().position(|t| *t == self.tmp) {
                list.swap_remove(at);
                let _ = std::fs::remove_file(&self.tmp);
            }
        }
    }
}

/// Replaces `path` with what `write` produces, whole or not at all (0600).
pub fn replace(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let mut r = Replacement::start(path)?;
    {
        let mut w = io::BufWriter::new(r.file());
        write(&mut w)?;
        w.flush()?;
    }
    r.commit()
}

/// Whether a file is this very user's (not root's: replacing root's as another user
/// fails, and as root would remove a file root did not make here).
#[cfg(unix)]
pub(crate) fn ours(m: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    m.uid() == rustix::process::geteuid().as_raw()
}

#[cfg(not(unix))]
pub(crate) fn ours(_: &std::fs::Metadata) -> bool {
    true
}

/// Where an `-o PATH` goes, as curl's `-o` does: a regular file (or nothing yet) is
/// replaced through a temporary file; a device, a FIFO or a terminal (`/dev/null`,
/// `/dev/stdout`, `>(gzip > f)`) is opened and written in place, and never removed.
pub enum Output {
    Replace(Replacement),
    InPlace(File),
}

/// How an `-o` path is written ([`Output::check`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Replace,
    InPlace,
}

impl Output {
    /// Opens where `-o` writes, refusing what [`Output::check`] refuses (the folder is
    /// not probed again: the replacement's own temporary file is the probe).
    pub fn open(path: &Path) -> io::Result<Self> {
        match Self::kind(path)? {
            Kind::InPlace => Ok(Self::InPlace(OpenOptions::new().write(true).open(path)?)),
            Kind::Replace => Ok(Self::Replace(Replacement::start(path)?)),
        }
    }

    /// Whether `path` can be written as `-o`, before anything is fetched (a folder that
    /// does not exist was found after the whole fetch), and how. Refused: a folder; a link
    /// another user owns (followed, its target would be replaced by whoever planted it:
    /// `/tmp/out.csv -> ~/.bashrc`); a link to nothing (the link itself was replaced,
    /// unlinking what we did not create); a file we may not write (`>` refuses it too;
    /// the rename would have replaced it). A FIFO or a device is not opened here: a FIFO
    /// would wait for its reader.
    pub fn check(path: &Path) -> io::Result<Kind> {
        let kind = Self::kind(path)?;
        if kind == Kind::Replace {
            if let Ok(m) = std::fs::metadata(path)
                && !ours(&m)
            {
                // Replacing it is removing a file we did not create; in a shared folder
                // (sticky, as /tmp) the rename failed after the whole fetch.
                let why = "is another user's file: the replacement would remove theirs";
                return Err(io::Error::new(io::ErrorKind::PermissionDenied, why));
            }
            if std::fs::metadata(path).is_ok() {
                // Opened to write without truncating: only the permission is asked.
                OpenOptions::new().write(true).open(path)?;
            }
            // The temporary file beside it: the folder must take one.
            drop(Replacement::start(path)?);
        }
        Ok(kind)
    }

    /// What `path` is to `-o`, without touching it: the refusals of [`Output::check`]
    /// that need no probe.
    fn kind(path: &Path) -> io::Result<Kind> {
        let refuse = |why: &str| io::Error::new(io::ErrorKind::PermissionDenied, why.to_string());
        if let Ok(link) = std::fs::symlink_metadata(path)
            && link.file_type().is_symlink()
        {
            if !crate::small_file::mine(&link) {
                return Err(refuse("is a link another user owns"));
            }
            if std::fs::metadata(path).is_err_and(|e| e.kind() == io::ErrorKind::NotFound) {
                return Err(refuse("is a link to nothing"));
            }
        }
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => Err(io::Error::new(io::ErrorKind::IsADirectory, "is a folder")),
            Ok(m) if !m.is_file() => Ok(Kind::InPlace),
            _ => Ok(Kind::Replace),
        }
    }

    pub fn writer(&mut self) -> &mut File {
        match self {
            Self::Replace(r) => r.file(),
            Self::InPlace(f) => f,
        }
    }

    /// Finishes: the rename for a replacement, a flush for a stream.
    pub fn finish(self) -> io::Result<()> {
        match self {
            Self::Replace(r) => r.commit(),
            Self::InPlace(mut f) => f.flush(),
        }
    }
}

#[cfg(test)]
#[path = "private_file_tests.rs"]
mod tests;
