//! An EPUB's zip archive, read as a hostile file may be made: at most `MAX_ENTRIES` entries
//! (counted before the zip crate reads its directory), every entry read through `take()` so a
//! size its header lies about cannot fill memory, at most `MAX_ENTRY_BYTES` an entry and
//! `MAX_BYTES` in all; entries whose names climb out of the book (`../`) or are absolute are
//! never read, and an entry the zip or the book marks as encrypted is refused.

use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read};

use zip::ZipArchive;
use zip::result::ZipError;

use super::{EpubError, shown};
use crate::text::decode::MAX_BYTES;

/// More files than any book holds: a zip bomb, or not a book.
pub const MAX_ENTRIES: usize = 10_000;
/// No content document comes near this; the longest novels are a few MiB of text.
pub const MAX_ENTRY_BYTES: u64 = 16 * 1024 * 1024;

/// A zip central directory entry's signature.
const CENTRAL_HEADER: &[u8] = b"PK\x01\x02";

/// An EPUB's entries, by name, and how much of them has been read.
pub struct Archive<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    /// Each entry's index by its name; names that climb out or are absolute are left out, and
    /// of two entries with one name the first is kept.
    names: HashMap<String, usize>,
    /// The same by the lowercased name, for books that name their files in another case.
    folded: HashMap<String, usize>,
    /// The entries `META-INF/encryption.xml` lists.
    encrypted: HashSet<usize>,
    /// Decompressed bytes read so far.
    total: u64,
}

impl<'a> Archive<'a> {
    /// Opens a zip archive, refusing one with more than `MAX_ENTRIES` entries before its
    /// directory is read.
    pub fn open(bytes: &'a [u8]) -> Result<Self, EpubError> {
        let too_many = || EpubError::Bad(format!("it holds more than {MAX_ENTRIES} files"));
        // Every directory entry starts with the signature, so this bounds their number.
        let signatures = bytes.windows(CENTRAL_HEADER.len());
        if signatures
            .filter(|window| *window == CENTRAL_HEADER)
            .nth(MAX_ENTRIES)
            .is_some()
        {
            return Err(too_many());
        }
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|error| {
            EpubError::Bad(format!("not a readable zip archive ({})", shown(&error)))
        })?;
        if zip.len() > MAX_ENTRIES {
            return Err(too_many());
        }
        let mut names = HashMap::new();
        let mut folded = HashMap::new();
        for index in 0..zip.len() {
            let Ok(entry) = zip.by_index_data(index) else {
                continue;
            };
            match entry.name() {
                Ok(name) if !entry.is_dir() && is_inside(&name) => {
                    folded.entry(name.to_lowercase()).or_insert(index);
                    names.entry(name.into_owned()).or_insert(index);
                }
                _ => {}
            }
        }
        Ok(Self {
            zip,
            names,
            folded,
            encrypted: HashSet::new(),
            total: 0,
        })
    }

    /// Whether the book has a file of this name.
    pub fn has(&self, name: &str) -> bool {
        self.index_of(name).is_some()
    }

    /// Marks files as encrypted: reading one is refused.
    pub fn mark_encrypted<'n>(&mut self, names: impl IntoIterator<Item = &'n str>) {
        let indices: Vec<usize> = names
            .into_iter()
            .filter_map(|name| self.index_of(name))
            .collect();
        self.encrypted.extend(indices);
    }

    /// A file's bytes, `None` when the book has no such file.
    pub fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, EpubError> {
        let Some(index) = self.index_of(name) else {
            return Ok(None);
        };
        if self.encrypted.contains(&index) {
            return Err(EpubError::Encrypted);
        }
        let unreadable = |error: &dyn std::fmt::Display| {
            EpubError::Bad(format!(
                "{} cannot be unpacked ({})",
                shown(&name),
                shown(error)
            ))
        };
        let mut entry = match self.zip.by_index(index) {
            Ok(entry) => entry,
            Err(ZipError::UnsupportedArchive(ZipError::PASSWORD_REQUIRED)) => {
                return Err(EpubError::Encrypted);
            }
            Err(error) => return Err(unreadable(&error)),
        };
        if entry.encrypted() {
            return Err(EpubError::Encrypted);
        }
        let left = MAX_BYTES as u64 - self.total;
        let room = left.min(MAX_ENTRY_BYTES);
        let mut bytes = Vec::new();
        (&mut entry)
            .take(room + 1)
            .read_to_end(&mut bytes)
            .map_err(|error| unreadable(&error))?;
        let read = bytes.len() as u64;
        if read > room {
            return Err(EpubError::Bad(if room < MAX_ENTRY_BYTES {
                format!(
                    "its files unpack to more than {} MiB",
                    mebibytes(MAX_BYTES as u64)
                )
            } else {
                format!(
                    "{} unpacks to more than {} MiB",
                    shown(&name),
                    mebibytes(MAX_ENTRY_BYTES)
                )
            }));
        }
        self.total += read;
        Ok(Some(bytes))
    }

    fn index_of(&self, name: &str) -> Option<usize> {
        self.names
            .get(name)
            .or_else(|| self.folded.get(&name.to_lowercase()))
            .copied()
    }
}

/// Whether an entry's name stays inside the book: not absolute, no `..`, no drive, no NUL.
fn is_inside(name: &str) -> bool {
    let mut parts = name.split(['/', '\\']);
    let first = parts.next().unwrap_or_default();
    !first.is_empty()
        && !first.contains(':')
        && !name.contains('\0')
        && std::iter::once(first).chain(parts).all(|part| part != "..")
}

fn mebibytes(bytes: u64) -> u64 {
    bytes / (1024 * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_climb_out_are_not_inside() {
        for inside in ["mimetype", "OEBPS/ch1.xhtml", "a/./b", "a..b/c"] {
            assert!(is_inside(inside), "{inside}");
        }
        for outside in [
            "../evil.xhtml",
            "OEBPS/../../evil",
            "/etc/passwd",
            "\\windows",
            "C:/x",
            "a\0b",
            "",
        ] {
            assert!(!is_inside(outside), "{outside}");
        }
    }
}
