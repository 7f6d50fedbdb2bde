//! `SharedStr`: a block's text as a range of a buffer that many blocks share, so that an
//! importer can keep a whole document's text in one allocation (plain text joins its lines in
//! place in the file's own buffer) instead of a `String` per side per block.

use std::fmt;
use std::ops::{Deref, Range};
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An immutable string: `range` of `buffer`. Cloning it shares the buffer.
#[derive(Clone)]
pub struct SharedStr {
    buffer: Arc<String>,
    start: u32,
    end: u32,
}

impl SharedStr {
    /// The text of `range` in `buffer`; `None` when the range is not on character boundaries
    /// of the buffer or lies past a 4 GiB offset.
    pub fn slice(buffer: &Arc<String>, range: Range<usize>) -> Option<Self> {
        buffer.get(range.clone())?;
        Some(Self {
            buffer: Arc::clone(buffer),
            start: u32::try_from(range.start).ok()?,
            end: u32::try_from(range.end).ok()?,
        })
    }

    pub fn as_str(&self) -> &str {
        // Checked when the range was made; the buffer cannot change while it is shared.
        &self.buffer[self.start as usize..self.end as usize]
    }
}

impl From<String> for SharedStr {
    /// The string as a buffer of its own (no copy of its bytes). A string longer than a 4 GiB
    /// offset allows cannot come from an importer (their input is capped far below), and is
    /// cut to the last character boundary that fits.
    fn from(text: String) -> Self {
        let mut end = text.len().min(u32::MAX as usize);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        Self {
            buffer: Arc::new(text),
            start: 0,
            end: u32::try_from(end).unwrap_or(u32::MAX),
        }
    }
}

impl From<&str> for SharedStr {
    fn from(text: &str) -> Self {
        Self::from(text.to_owned())
    }
}

impl Default for SharedStr {
    fn default() -> Self {
        Self::from(String::new())
    }
}

impl Deref for SharedStr {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for SharedStr {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for SharedStr {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for SharedStr {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for SharedStr {}

impl PartialEq<str> for SharedStr {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for SharedStr {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for SharedStr {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<SharedStr> for str {
    fn eq(&self, other: &SharedStr) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<SharedStr> for &str {
    fn eq(&self, other: &SharedStr) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<SharedStr> for String {
    fn eq(&self, other: &SharedStr) -> bool {
        self == other.as_str()
    }
}

impl std::hash::Hash for SharedStr {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl fmt::Debug for SharedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for SharedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl Serialize for SharedStr {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for SharedStr {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_share_one_buffer_and_compare_by_text() {
        let buffer = Arc::new("英語 and 日本語".to_owned());
        let english = SharedStr::slice(&buffer, 7..10).expect("on boundaries");
        assert_eq!(english, "and");
        assert_eq!(english, SharedStr::from("and"));
        assert_eq!(Arc::strong_count(&buffer), 2);
        assert_eq!(format!("{english:?}"), "\"and\"");
    }

    #[test]
    fn a_range_off_the_character_boundaries_is_refused() {
        let buffer = Arc::new("日本".to_owned());
        assert!(SharedStr::slice(&buffer, 1..3).is_none());
        assert!(SharedStr::slice(&buffer, 0..7).is_none());
    }

    #[test]
    fn serializes_as_a_plain_string() {
        let text = SharedStr::from("「引用」");
        let json = serde_json::to_string(&text).expect("serializes");
        assert_eq!(json, "\"「引用」\"");
        let back: SharedStr = serde_json::from_str(&json).expect("reads back");
        assert_eq!(back, text);
    }
}
