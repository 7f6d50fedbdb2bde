//! Files on disk: versioned JSON state written atomically under a lock, merged, never lost.
//!
//! Every write goes to a temporary file in the same folder, is synced, renamed over the old
//! file, and the folder is synced. A writer holds an advisory lock (`NAME.lock`) while it reads
//! the file, applies its change and writes it back, so two readers running at once keep both
//! sets of changes. A file that cannot be parsed, or was written by a newer taiyaku, is moved
//! aside as `NAME.corrupt-<time>` (never overwritten) and the caller is told; one that is not a
//! regular file is left where it is. How each file is opened and created (never through a
//! link, private to the user) is `files`'s job.

mod files;

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::article::Article;
use crate::bookmarks::{Bookmarks, Positions};
use crate::import::{Format, ImportError, Imported, import_open, native};
use crate::text::sanitize;

/// A state file's contents (a default for a new file), stored beside a `version` field.
pub trait Versioned: Serialize + DeserializeOwned + Default {
    /// The file's name in the data folder.
    const FILE: &'static str;
    /// The format version this build writes; a file with a larger one is not read.
    const VERSION: u32;

    /// Makes what was read from disk safe to show: the file may have been edited by hand.
    fn clean(&mut self) {}
}

impl Versioned for Bookmarks {
    const FILE: &'static str = "bookmarks.json";
    const VERSION: u32 = 1;

    fn clean(&mut self) {
        Bookmarks::clean(self);
    }
}

impl Versioned for Positions {
    const FILE: &'static str = "positions.json";
    const VERSION: u32 = 1;
}

/// Why a state file could not be read.
enum ReadError {
    /// Not a file this build can read: set it aside.
    Corrupt(String),
    /// The file could not be read at all: leave it where it is.
    Io(io::Error),
}

/// The file as written: the version, then the contents' own fields.
#[derive(Serialize, Deserialize)]
struct Envelope<T> {
    version: u32,
    #[serde(flatten)]
    contents: T,
}

/// Where taiyaku keeps its state: `--data-dir`, `TAIYAKU_DATA_DIR`, else the platform's.
pub fn data_dir(flag: Option<&Path>) -> Option<PathBuf> {
    flag.map(Path::to_path_buf)
        .or_else(|| std::env::var_os("TAIYAKU_DATA_DIR").map(PathBuf::from))
        .or_else(|| {
            directories::ProjectDirs::from("", "", "taiyaku").map(|d| d.data_dir().to_owned())
        })
}

/// A state file that could not be used as it was, and what became of it. Safe to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetAside {
    pub file: String,
    /// Where the file was moved; `None` when it was left in place (it could not be read at all,
    /// or could not be moved), in which case nothing is saved over it.
    pub moved_to: Option<String>,
    pub reason: String,
}

impl std::fmt::Display for SetAside {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.moved_to {
            Some(to) => write!(
                f,
                "{} could not be read ({}); kept as {to} and started afresh",
                self.file, self.reason
            ),
            None => write!(
                f,
                "{} could not be read ({}); left as it is, and nothing is saved over it",
                self.file, self.reason
            ),
        }
    }
}

impl SetAside {
    /// The same in a few words, for the status bar: file names without their folder.
    pub fn short(&self) -> String {
        let name = |path: &str| {
            Path::new(path)
                .file_name()
                .map_or_else(|| path.to_owned(), |n| n.to_string_lossy().into_owned())
        };
        match &self.moved_to {
            Some(to) => format!(
                "{} could not be read; kept as {}",
                name(&self.file),
                name(to)
            ),
            None => format!("{} could not be read; left as it is", name(&self.file)),
        }
    }
}

/// The data folder.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
}

impl Store {
    pub fn new(dir: PathBuf) -> Self {
        Self { dir }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// Reads a state file. Missing: the default. Unreadable: moved aside, the default, and why.
    pub fn load<T: Versioned>(&self) -> (T, Option<SetAside>) {
        // Writers replace a file whole (a rename), so a file read without the lock is one
        // writer's. One that cannot be read is read again under the lock (when the folder
        // allows) before it is moved aside, so that it is never moved aside while a writer is
        // replacing it.
        if let Ok(value) = self.read::<T>() {
            return (value, None);
        }
        let _lock = self.lock(T::FILE).ok();
        self.load_locked()
    }

    fn load_locked<T: Versioned>(&self) -> (T, Option<SetAside>) {
        match self.read::<T>() {
            Ok(value) => (value, None),
            Err(ReadError::Corrupt(reason)) => (T::default(), self.set_aside(T::FILE, &reason)),
            Err(ReadError::Io(error)) => {
                let file = sanitize(&self.path(T::FILE).display().to_string());
                let reason = sanitize(&error.to_string());
                let problem = SetAside {
                    file,
                    moved_to: None,
                    reason,
                };
                (T::default(), Some(problem))
            }
        }
    }

    /// Applies `change` to the file's current contents under the lock and writes the result.
    /// A file that cannot be read is set aside first (reported in the result).
    pub fn update<T: Versioned>(
        &self,
        change: impl FnOnce(&mut T),
    ) -> io::Result<(T, Option<SetAside>)> {
        files::create_dir(&self.dir)?;
        let lock = self.lock(T::FILE)?;
        self.remove_stale_temporaries(T::FILE);
        let (mut value, aside) = self.load_locked::<T>();
        if let Some(problem) = aside.as_ref().filter(|a| a.moved_to.is_none()) {
            // The old file is still there, unread: writing now would lose it.
            return Err(io::Error::other(problem.to_string()));
        }
        change(&mut value);
        let envelope = Envelope {
            version: T::VERSION,
            contents: value,
        };
        self.write_atomically(T::FILE, &to_json(&envelope))?;
        let value = envelope.contents;
        drop(lock);
        Ok((value, aside))
    }

    fn read<T: Versioned>(&self) -> Result<T, ReadError> {
        let read = files::open_regular(&self.path(T::FILE)).and_then(|mut file| {
            let mut text = String::new();
            file.read_to_string(&mut text).map(|_| text)
        });
        let text = match read {
            Ok(text) => text,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(T::default()),
            Err(e) if e.kind() == io::ErrorKind::InvalidData => {
                return Err(ReadError::Corrupt("not UTF-8".into()));
            }
            Err(e) => return Err(ReadError::Io(e)),
        };
        let mut value = Self::parse::<T>(&text).map_err(ReadError::Corrupt)?;
        value.clean();
        Ok(value)
    }

    fn parse<T: Versioned>(text: &str) -> Result<T, String> {
        let version = serde_json::from_str::<serde_json::Value>(text)
            .map_err(|e| format!("not JSON: {e}"))?
            .get("version")
            .and_then(serde_json::Value::as_u64);
        match version {
            None => return Err("no format version".into()),
            Some(v) if v > u64::from(T::VERSION) => {
                return Err(format!(
                    "written by a newer taiyaku (format {v}; this one reads {})",
                    T::VERSION
                ));
            }
            Some(_) => {}
        }
        serde_json::from_str::<Envelope<T>>(text)
            .map(|envelope| envelope.contents)
            .map_err(|e| format!("unexpected contents: {e}"))
    }

    /// Moves an unreadable file out of the way, never over another file; `None` if there was
    /// nothing to move.
    fn set_aside(&self, name: &str, reason: &str) -> Option<SetAside> {
        let from = self.path(name);
        if !from.exists() {
            return None;
        }
        let base = format!("{name}.corrupt-{}", crate::date::timestamp_for_file());
        Some(SetAside {
            file: sanitize(&from.display().to_string()),
            moved_to: self
                .move_without_replacing(&from, &base)
                .map(|to| sanitize(&to.display().to_string())),
            reason: sanitize(reason),
        })
    }

    /// Renames `from` to `base` (or `base.1`, `base.2`, …) without ever replacing a file: a hard
    /// link fails if the name is taken, then the old name goes.
    fn move_without_replacing(&self, from: &Path, base: &str) -> Option<PathBuf> {
        for n in 0..1000 {
            let to = if n == 0 {
                self.path(base)
            } else {
                self.path(&format!("{base}.{n}"))
            };
            match fs::hard_link(from, &to) {
                Ok(()) => return fs::remove_file(from).ok().map(|()| to),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                Err(_) => return None,
            }
        }
        None
    }

    /// Removes what writers killed mid-save left behind. Called under the lock: every writer
    /// holds it while its temporary file exists, so any found now is an orphan.
    fn remove_stale_temporaries(&self, name: &str) {
        let prefix = format!(".{name}.tmp-");
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.filter_map(Result::ok) {
            if entry.file_name().to_string_lossy().starts_with(&prefix) {
                let _ = fs::remove_file(entry.path());
            }
        }
    }

    /// Takes the advisory lock that guards `name`; released when the file is dropped.
    fn lock(&self, name: &str) -> io::Result<File> {
        let path = self.path(&format!("{name}.lock"));
        let file = files::open_lock(&path).map_err(|error| {
            let path = sanitize(&path.display().to_string());
            io::Error::new(error.kind(), format!("{path}: {error}"))
        })?;
        file.lock()?;
        Ok(file)
    }

    /// Writes `contents` to `name` so that a crash leaves the old file or the new one, whole
    /// (see `files::replace`); creates the folder (0700) if it is missing.
    pub fn write_atomically(&self, name: &str, contents: &str) -> io::Result<()> {
        files::create_dir(&self.dir)?;
        files::replace(
            &self.dir,
            name,
            &format!(".{name}.tmp-"),
            contents.as_bytes(),
        )
    }
}

/// The folder of imported articles, inside the data folder.
const LIBRARY: &str = "library";

impl Store {
    fn library(&self) -> Store {
        Store::new(self.dir.join(LIBRARY))
    }

    fn article_file(id: &str) -> io::Result<String> {
        let plain = !id.is_empty() && id.len() <= 64;
        if plain
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            Ok(format!("{id}.json"))
        } else {
            Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "not a usable article id",
            ))
        }
    }

    /// Keeps an imported article in the library; the same article again replaces itself.
    /// An article whose library copy would be larger than taiyaku reads back is not kept
    /// (an error says so), rather than written and set aside as too large at the next start.
    pub fn save_article(&self, article: &Article) -> io::Result<()> {
        let name = Store::article_file(&article.id)?;
        self.library()
            .write_atomically(&name, &library_copy(article)?)
    }

    /// The library's article of id `id`, if there is one that can be read.
    pub fn article(&self, id: &str) -> Option<Article> {
        let path = self.library().path(&Store::article_file(id).ok()?);
        let file = files::open_regular(&path).ok()?;
        read_article(file, &path)
            .ok()
            .map(|imported| imported.article)
    }

    /// Takes an imported article out of the library (its bookmarks stay, detached).
    pub fn remove_article(&self, id: &str) -> io::Result<()> {
        fs::remove_file(self.library().path(&Store::article_file(id)?))
    }

    /// Every article in the library, by file name; files that cannot be read are set aside.
    pub fn articles(&self) -> (Vec<Article>, Vec<SetAside>) {
        let library = self.library();
        let mut paths: Vec<PathBuf> = match fs::read_dir(library.dir()) {
            Ok(entries) => entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "json"))
                .collect(),
            Err(_) => Vec::new(),
        };
        paths.sort();
        let mut articles = Vec::new();
        let mut problems = Vec::new();
        for path in paths {
            let file = match files::open_regular(&path) {
                Ok(file) => file,
                Err(error) => {
                    problems.push(left_in_place(&path, &error));
                    continue;
                }
            };
            match read_article(file, &path) {
                Ok(imported) => articles.push(imported.article),
                Err(e) => {
                    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
                    if let Some(aside) = name.and_then(|n| library.set_aside(&n, &e.to_string())) {
                        problems.push(aside);
                    }
                }
            }
        }
        (articles, problems)
    }
}

/// A file that could not be opened (not a regular file, not readable): reported, left as it is.
fn left_in_place(path: &Path, error: &io::Error) -> SetAside {
    SetAside {
        file: sanitize(&path.display().to_string()),
        moved_to: None,
        reason: sanitize(&error.to_string()),
    }
}

/// An article of the library, from its file opened at `path`.
/// The article's native JSON, if it is small enough to be read back (`MAX_BYTES`).
fn library_copy(article: &Article) -> io::Result<String> {
    let json = native::to_json(article);
    if json.len() > crate::text::decode::MAX_BYTES {
        let mib = |bytes: usize| bytes / (1024 * 1024);
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "its library copy would take {} MiB, more than the {} MiB taiyaku reads back",
                mib(json.len()),
                mib(crate::text::decode::MAX_BYTES)
            ),
        ));
    }
    Ok(json)
}

fn read_article(file: File, path: &Path) -> Result<Imported, ImportError> {
    import_open(file, path, Some(Format::Native))
}

fn to_json<T: Serialize>(value: &T) -> String {
    let mut json = serde_json::to_string_pretty(value).expect("state always serializes");
    json.push('\n');
    json
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Format;

    #[test]
    fn an_article_too_large_to_read_back_is_not_written() {
        let dir = std::env::temp_dir().join(format!("taiyaku-large-{}", std::process::id()));
        let store = Store::new(dir.clone());
        let text = "a".repeat(crate::text::decode::MAX_BYTES);
        let blocks = vec![crate::article::Block::paragraph(
            crate::article::Bilingual::en(text),
        )];
        let article = Article::new(
            "big".into(),
            Format::Plain,
            crate::article::Headings::default(),
            blocks,
        );
        let error = store.save_article(&article).expect_err("refused");
        assert!(
            error.to_string().contains("more than the 64 MiB"),
            "{error}"
        );
        assert!(store.articles().0.is_empty(), "nothing written");
        std::fs::remove_dir_all(dir).ok();
    }

    #[derive(Debug, Default, Serialize, Deserialize, PartialEq)]
    struct Counter {
        items: Vec<u32>,
    }

    impl Versioned for Counter {
        const FILE: &'static str = "counter.json";
        const VERSION: u32 = 1;
    }

    fn temp_store(name: &str) -> Store {
        let dir = std::env::temp_dir().join(format!("taiyaku-store-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        Store::new(dir)
    }

    #[test]
    fn update_reads_changes_and_writes() {
        let store = temp_store("update");
        store.update::<Counter>(|c| c.items.push(1)).unwrap();
        let (value, aside) = store.update::<Counter>(|c| c.items.push(2)).unwrap();
        assert_eq!(value.items, [1, 2]);
        assert!(aside.is_none());
        assert_eq!(store.load::<Counter>().0.items, [1, 2]);
        let text = fs::read_to_string(store.dir().join("counter.json")).unwrap();
        assert!(text.contains("\"version\": 1"), "{text}");
        let leftovers: Vec<_> = fs::read_dir(store.dir())
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
            .collect();
        assert!(leftovers.is_empty());
        fs::remove_dir_all(store.dir()).unwrap();
    }

    #[test]
    fn corrupt_and_newer_files_are_set_aside_not_overwritten() {
        for (name, contents) in [
            ("garbage", "{ not json"),
            ("empty", ""),
            ("truncated", "{\"version\": 1, \"items\": [1, 2"),
            ("newer", "{\"version\": 9, \"items\": []}"),
            ("wrong-type", "{\"version\": 1, \"items\": \"seven\"}"),
            ("no-version", "{\"items\": [1]}"),
            ("array", "[1, 2, 3]"),
        ] {
            let store = temp_store(name);
            fs::create_dir_all(store.dir()).unwrap();
            fs::write(store.dir().join("counter.json"), contents).unwrap();
            let (value, aside) = store.load::<Counter>();
            assert_eq!(value, Counter::default(), "{name}");
            let aside = aside.unwrap_or_else(|| panic!("{name}: not set aside"));
            let moved_to = aside.moved_to.as_deref().unwrap_or_default();
            assert!(moved_to.contains("counter.json.corrupt-"), "{aside}");
            let kept = fs::read_dir(store.dir())
                .unwrap()
                .filter_map(Result::ok)
                .find(|e| {
                    e.file_name()
                        .to_string_lossy()
                        .starts_with("counter.json.corrupt-")
                })
                .unwrap();
            assert_eq!(
                fs::read_to_string(kept.path()).unwrap(),
                contents,
                "{name}: kept whole"
            );
            fs::remove_dir_all(store.dir()).unwrap();
        }
    }

    #[test]
    fn library_keeps_one_copy_per_article_and_sets_aside_bad_files() {
        use crate::article::{Bilingual, Block, Headings};
        let store = temp_store("library");
        let headings = Headings {
            title: Bilingual::en("Kept"),
            ..Headings::default()
        };
        let article = Article::new(
            "a.txt".into(),
            Format::Plain,
            headings,
            vec![Block::paragraph(Bilingual::en("x"))],
        );
        store.save_article(&article).unwrap();
        store.save_article(&article).unwrap();
        fs::write(store.dir().join("library/broken.json"), "{").unwrap();
        let (articles, problems) = store.articles();
        assert_eq!(articles, vec![article.clone()]);
        assert_eq!(problems.len(), 1);
        assert!(store.dir().join("library").read_dir().unwrap().any(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("broken.json.corrupt-")
        }));
        store.remove_article(&article.id).unwrap();
        assert!(store.articles().0.is_empty());
        assert!(store.remove_article("../etc").is_err());
        fs::remove_dir_all(store.dir()).unwrap();
    }
}
