//! The document model: an article's headings and its blocks, each a pair of English and Japanese sides.

use serde::{Deserialize, Serialize};

/// Text in both languages; either side may be missing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bilingual {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ja: Option<String>,
}

impl Bilingual {
    pub fn new(en: Option<String>, ja: Option<String>) -> Self {
        Self {
            en: en.filter(|s| !s.trim().is_empty()),
            ja: ja.filter(|s| !s.trim().is_empty()),
        }
    }

    pub fn en(text: impl Into<String>) -> Self {
        Self::new(Some(text.into()), None)
    }

    pub fn ja(text: impl Into<String>) -> Self {
        Self::new(None, Some(text.into()))
    }

    pub fn get(&self, side: Side) -> Option<&str> {
        match side {
            Side::En => self.en.as_deref(),
            Side::Ja => self.ja.as_deref(),
        }
    }

    pub fn get_mut(&mut self, side: Side) -> &mut Option<String> {
        match side {
            Side::En => &mut self.en,
            Side::Ja => &mut self.ja,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.en.is_none() && self.ja.is_none()
    }
}

/// One of the two languages of a parallel text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    En,
    Ja,
}

impl Side {
    pub const BOTH: [Side; 2] = [Side::En, Side::Ja];

    #[must_use]
    pub fn other(self) -> Side {
        match self {
            Side::En => Side::Ja,
            Side::Ja => Side::En,
        }
    }
}

/// The headings of an article, as a publisher prints them above the text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Headings {
    #[serde(default, skip_serializing_if = "Bilingual::is_empty")]
    pub series: Bilingual,
    #[serde(default, skip_serializing_if = "Bilingual::is_empty")]
    pub title: Bilingual,
    #[serde(default, skip_serializing_if = "Bilingual::is_empty")]
    pub byline: Bilingual,
    #[serde(default, skip_serializing_if = "Bilingual::is_empty")]
    pub date: Bilingual,
    /// The date as `YYYY-MM-DD`, when one side could be read as a date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_iso: Option<String>,
    #[serde(default, skip_serializing_if = "Bilingual::is_empty")]
    pub publisher: Bilingual,
}

/// Which of the headings a header row shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HeadingField {
    Series,
    Title,
    Byline,
    Date,
    Publisher,
}

impl HeadingField {
    pub const ALL: [HeadingField; 5] = [
        HeadingField::Series,
        HeadingField::Title,
        HeadingField::Byline,
        HeadingField::Date,
        HeadingField::Publisher,
    ];
}

impl Headings {
    pub fn field(&self, field: HeadingField) -> &Bilingual {
        match field {
            HeadingField::Series => &self.series,
            HeadingField::Title => &self.title,
            HeadingField::Byline => &self.byline,
            HeadingField::Date => &self.date,
            HeadingField::Publisher => &self.publisher,
        }
    }
}

/// What a block is: a section heading, a paragraph of the body, or a note set apart from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum BlockKind {
    Heading { level: u8 },
    Paragraph,
    Note,
}

/// A unit of the body: a paragraph (or heading) and its translation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    #[serde(flatten)]
    pub kind: BlockKind,
    #[serde(flatten)]
    pub text: Bilingual,
}

impl Block {
    pub fn paragraph(text: Bilingual) -> Self {
        Self {
            kind: BlockKind::Paragraph,
            text,
        }
    }

    pub fn heading(level: u8, text: Bilingual) -> Self {
        Self {
            kind: BlockKind::Heading { level },
            text,
        }
    }

    pub fn note(text: Bilingual) -> Self {
        Self {
            kind: BlockKind::Note,
            text,
        }
    }

    pub fn is_heading(&self) -> bool {
        matches!(self.kind, BlockKind::Heading { .. })
    }

    /// A fingerprint of the block's text, stable across runs and builds (FNV-1a, 64 bits).
    pub fn fingerprint(&self) -> String {
        let en = self.text.en.as_deref().unwrap_or("");
        let ja = self.text.ja.as_deref().unwrap_or("");
        format!("{:016x}", fnv1a([en, "\u{0}", ja]))
    }
}

/// A whole parallel text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// Stable identity: derived from the headings when there are any, else from the text.
    pub id: String,
    /// Where the article came from (a path, or `bundled:NAME`).
    pub source: String,
    /// The importer that read it (`jitow`, `plain`, `native`, …).
    pub format: String,
    #[serde(default)]
    pub headings: Headings,
    #[serde(default)]
    pub blocks: Vec<Block>,
}

impl Article {
    /// Builds an article and gives it its id.
    pub fn new(source: String, format: &str, headings: Headings, blocks: Vec<Block>) -> Self {
        let mut article = Self {
            id: String::new(),
            source,
            format: format.to_owned(),
            headings,
            blocks,
        };
        article.id = article.derive_id();
        article
    }

    fn derive_id(&self) -> String {
        let h = &self.headings;
        let keyed_by_headings = h.title.en.is_some() || h.title.ja.is_some();
        let hash = if keyed_by_headings {
            let date = h.date_iso.as_deref().or(h.date.en.as_deref()).unwrap_or("");
            fnv1a([
                h.title.en.as_deref().unwrap_or(""),
                "\u{0}",
                h.title.ja.as_deref().unwrap_or(""),
                "\u{0}",
                date,
            ])
        } else {
            self.blocks.iter().fold(FNV_OFFSET, |acc, b| {
                let en = b.text.en.as_deref().unwrap_or("");
                let ja = b.text.ja.as_deref().unwrap_or("");
                fnv1a_continue(acc, [en, "\u{0}", ja, "\u{1}"])
            })
        };
        format!("{hash:016x}")
    }

    /// A title for lists and title bars: English, else Japanese, else the source.
    pub fn display_title(&self) -> &str {
        self.headings
            .title
            .en
            .as_deref()
            .or(self.headings.title.ja.as_deref())
            .unwrap_or(&self.source)
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

fn fnv1a<'a>(parts: impl IntoIterator<Item = &'a str>) -> u64 {
    fnv1a_continue(FNV_OFFSET, parts)
}

fn fnv1a_continue<'a>(mut hash: u64, parts: impl IntoIterator<Item = &'a str>) -> u64 {
    for part in parts {
        for byte in part.bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(FNV_PRIME);
        }
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_is_stable_and_sided() {
        let a = Block::paragraph(Bilingual::en("Hello"));
        let b = Block::paragraph(Bilingual::ja("Hello"));
        assert_eq!(
            a.fingerprint(),
            Block::paragraph(Bilingual::en("Hello")).fingerprint()
        );
        assert_ne!(a.fingerprint(), b.fingerprint());
        assert_eq!(a.fingerprint().len(), 16);
    }

    #[test]
    fn id_follows_headings_not_body() {
        let headings = Headings {
            title: Bilingual::en("A title"),
            ..Headings::default()
        };
        let one = Article::new("a".into(), "plain", headings.clone(), vec![]);
        let two = Article::new(
            "b".into(),
            "plain",
            headings,
            vec![Block::paragraph(Bilingual::en("x"))],
        );
        assert_eq!(one.id, two.id);
    }

    #[test]
    fn bilingual_drops_blank_sides() {
        let b = Bilingual::new(Some("  ".into()), Some("本".into()));
        assert_eq!(b.en, None);
        assert_eq!(b.get(Side::Ja), Some("本"));
    }
}
