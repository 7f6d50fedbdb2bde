//! The data folder's files as the store opens them: only regular files are read, nothing is
//! written through a link, and what taiyaku creates is private to the user.
//!
//! A FIFO or device named like a state file would block a plain `open` for ever, so files are
//! opened without blocking and then checked to be regular. Temporary files are created
//! exclusively under unpredictable names, lock files never through a symbolic link. State files
//! are created 0600, folders 0700.

use std::fs::{DirBuilder, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::Path;

/// Read and write for the user alone.
const PRIVATE_FILE: u32 = 0o600;
/// A folder only the user may list or enter.
const PRIVATE_DIR: u32 = 0o700;

/// Opens `path` for reading if it is a regular file (a link to one is followed); anything else
/// (a FIFO, a device, a folder) is an error of kind `InvalidInput`, and never blocks.
pub fn open_regular(path: &Path) -> io::Result<File> {
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)?;
    regular(file)
}

/// Opens (creating it 0600) the lock file `path` for writing, never through a link and never
/// waiting on a FIFO.
pub fn open_lock(path: &Path) -> io::Result<File> {
    let opened = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .mode(PRIVATE_FILE)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path);
    match opened.as_ref().map_err(io::Error::raw_os_error) {
        Err(Some(libc::ELOOP)) => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "a symbolic link, which taiyaku does not follow: remove it",
        )),
        // A FIFO that no one reads.
        Err(Some(libc::ENXIO)) => Err(not_regular()),
        _ => regular(opened?),
    }
}

/// Creates `dir` and any missing parents, each 0700; a folder already there is left as it is.
pub fn create_dir(dir: &Path) -> io::Result<()> {
    DirBuilder::new()
        .recursive(true)
        .mode(PRIVATE_DIR)
        .create(dir)
}

/// Writes `contents` to `dir/name` so that a crash leaves the old file or the new one, whole:
/// into a temporary file created exclusively (0600, an unpredictable name starting with
/// `prefix`), synced, renamed over `name` (a link there is replaced, not followed), and the
/// folder synced.
pub fn replace(dir: &Path, name: &str, prefix: &str, contents: &[u8]) -> io::Result<()> {
    let mut temporary = tempfile::Builder::new().prefix(prefix).tempfile_in(dir)?;
    temporary.write_all(contents)?;
    temporary.as_file().sync_all()?;
    temporary
        .persist(dir.join(name))
        .map_err(|error| error.error)?;
    File::open(dir)?.sync_all()
}

fn regular(file: File) -> io::Result<File> {
    if file.metadata()?.is_file() {
        Ok(file)
    } else {
        Err(not_regular())
    }
}

fn not_regular() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, "not a regular file")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn folder(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("taiyaku-files-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        create_dir(&dir).unwrap();
        dir
    }

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn folders_and_files_made_here_are_private() {
        let dir = folder("private");
        let inner = dir.join("a/b");
        create_dir(&inner).unwrap();
        assert_eq!(mode(&dir.join("a")), PRIVATE_DIR);
        assert_eq!(mode(&inner), PRIVATE_DIR);
        replace(&inner, "x.json", ".x.json.tmp-", b"{}").unwrap();
        assert_eq!(mode(&inner.join("x.json")), PRIVATE_FILE);
        open_lock(&inner.join("x.json.lock")).unwrap();
        assert_eq!(mode(&inner.join("x.json.lock")), PRIVATE_FILE);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn only_regular_files_are_opened() {
        let dir = folder("regular");
        std::fs::write(dir.join("file"), "x").unwrap();
        assert!(open_regular(&dir.join("file")).is_ok());
        let error = open_regular(&dir).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::InvalidInput, "{error}");
        assert!(open_lock(&dir).is_err(), "a folder is no lock file");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_lock_is_never_taken_through_a_link() {
        let dir = folder("link");
        let outside = dir.join("outside");
        std::os::unix::fs::symlink(&outside, dir.join("x.lock")).unwrap();
        let error = open_lock(&dir.join("x.lock")).unwrap_err();
        assert!(error.to_string().contains("symbolic link"), "{error}");
        assert!(!outside.exists(), "the link's target was created");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
