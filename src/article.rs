//! The document model: an article's headings and its blocks, each a pair of English and Japanese sides.

use std::ops::Range;

use serde::{Deserialize, Serialize};

mod shared_str;

pub use shared_str::SharedStr;

/// Text in both languages; either side may be missing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bilingual {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<SharedStr>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ja: Option<SharedStr>,
}

impl Bilingual {
    pub fn new(en: Option<String>, ja: Option<String>) -> Self {
        Self::shared(en.map(SharedStr::from), ja.map(SharedStr::from))
    }

    /// Both sides as given, a blank one left out.
    pub fn shared(en: Option<SharedStr>, ja: Option<SharedStr>) -> Self {
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

    pub fn get_mut(&mut self, side: Side) -> &mut Option<SharedStr> {
        match side {
            Side::En => &mut self.en,
            Side::Ja => &mut self.ja,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.en.is_none() && self.ja.is_none()
    }

    /// A title's two sides as running text shows them (a title bar, a list line): each side,
    /// or the mark that says it is missing; with neither side, `untitled` stands for English.
    pub fn title_sides<'a>(&'a self, untitled: &'a str) -> [&'a str; 2] {
        let en = match (&self.en, &self.ja) {
            (Some(en), _) => en.as_str(),
            (None, Some(_)) => NO_ENGLISH_TITLE,
            (None, None) => untitled,
        };
        [en, self.ja.as_deref().unwrap_or(NO_JAPANESE_TITLE)]
    }

    /// The same text with its sides swapped: the English as Japanese, the Japanese as English.
    #[must_use]
    pub fn swapped(self) -> Self {
        Self {
            en: self.ja,
            ja: self.en,
        }
    }

    /// Both sides as `English / 日本語`, or the one there is.
    pub fn joined(&self) -> Option<String> {
        match (self.en.as_deref(), self.ja.as_deref()) {
            (Some(en), Some(ja)) => Some(format!("{en} / {ja}")),
            (Some(one), None) | (None, Some(one)) => Some(one.to_owned()),
            (None, None) => None,
        }
    }
}

/// What joins two sentences (or paragraphs) of one side's text: a space in English, nothing
/// in Japanese.
pub fn joiner(side: Side) -> &'static str {
    match side {
        Side::En => " ",
        Side::Ja => "",
    }
}

/// Appends a sentence to one side's text (after `joiner(side)` unless it is the first) and
/// returns the byte range it took: how importers build a block's sentence pairs. A sentence
/// that opens with a combining mark is put on U+25CC (◌, as Unicode shows a mark without a
/// base) rather than joined to the sentence before, which would change both (`か` and `゙です`
/// would normalize to `がです`, no longer two sentences).
pub fn append_sentence(text: &mut String, side: Side, sentence: &str) -> Range<usize> {
    if !text.is_empty() {
        text.push_str(joiner(side));
    }
    let start = text.len();
    if !text.is_empty() && sentence.starts_with(crate::text::sanitize::combines_with_previous) {
        text.push(DOTTED_CIRCLE);
    }
    text.push_str(sentence);
    start..text.len()
}

/// The base a combining mark is shown on when it has none.
const DOTTED_CIRCLE: char = '\u{25CC}';

/// Said in place of a Japanese title an article does not have.
pub const NO_JAPANESE_TITLE: &str = "（和題なし）";
/// Said in place of an English title an article does not have.
pub const NO_ENGLISH_TITLE: &str = "(no English title)";

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

    /// `English` or `Japanese`, as messages name the language.
    pub fn language_name(self) -> &'static str {
        match self {
            Side::En => "English",
            Side::Ja => "Japanese",
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
    /// The credit the source asks to be shown with its text (the Kyoto corpus's `<copyright>`),
    /// as one string in whatever languages it mixes; not one of the paired heading rows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copyright: Option<String>,
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
    /// The date to list an article by: ISO when it could be read, else as printed.
    pub fn date_label(&self) -> Option<String> {
        self.date_iso
            .clone()
            .or_else(|| self.date.en.as_deref().map(str::to_owned))
            .or_else(|| self.date.ja.as_deref().map(str::to_owned))
    }

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
#[derive(Debug, Clone, Deserialize)]
#[serde(from = "BlockFields")]
pub struct Block {
    pub kind: BlockKind,
    pub text: Bilingual,
    /// The block's sentences in order, each with its translation; empty when not known.
    pub sentences: Vec<SentencePair>,
    /// What few blocks have, kept apart so that a plain paragraph has no room for it: a block
    /// is some 70 bytes, for a paragraph that may be a letter and a blank line.
    marks: Option<Box<Marks>>,
}

/// What a block may have besides its text and sentences: a subtitle's time, readings,
/// emphasis and an indent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marks {
    /// When a subtitle's block is on screen, in milliseconds from the start.
    pub cue: Option<Cue>,
    /// Readings over parts of the Japanese text (furigana), in order; empty when there are none.
    pub ruby: Vec<Ruby>,
    /// Emphasised stretches of the Japanese text (Aozora's 傍点 and 傍線), in order.
    pub emphasis: Vec<Emphasis>,
    /// How far the block's Japanese text is indented, in full-width characters (Aozora's 字下げ).
    pub indent: u8,
}

static NO_MARKS: Marks = Marks {
    cue: None,
    ruby: Vec::new(),
    emphasis: Vec::new(),
    indent: 0,
};

impl PartialEq for Block {
    fn eq(&self, other: &Self) -> bool {
        self.kind == other.kind
            && self.text == other.text
            && self.sentences == other.sentences
            && self.marks() == other.marks()
    }
}

impl Eq for Block {}

/// A block as its JSON has it, read: the marks among its fields.
#[derive(Deserialize)]
struct BlockFields {
    #[serde(flatten)]
    kind: BlockKind,
    #[serde(flatten)]
    text: Bilingual,
    #[serde(default)]
    sentences: Vec<SentencePair>,
    #[serde(default)]
    cue: Option<Cue>,
    #[serde(default)]
    ruby: Vec<Ruby>,
    #[serde(default)]
    emphasis: Vec<Emphasis>,
    #[serde(default)]
    indent: u8,
}

impl From<BlockFields> for Block {
    fn from(fields: BlockFields) -> Self {
        let marks = Marks {
            cue: fields.cue,
            ruby: fields.ruby,
            emphasis: fields.emphasis,
            indent: fields.indent,
        };
        Block::of_kind(fields.kind, fields.text)
            .with_sentences(fields.sentences)
            .with_all_marks(marks)
    }
}

/// A block as its JSON has it, written: what it lacks left out.
#[derive(Serialize)]
struct BlockFieldsOut<'a> {
    #[serde(flatten)]
    kind: BlockKind,
    #[serde(flatten)]
    text: &'a Bilingual,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    sentences: &'a [SentencePair],
    #[serde(skip_serializing_if = "Option::is_none")]
    cue: Option<Cue>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    ruby: &'a [Ruby],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    emphasis: &'a [Emphasis],
    #[serde(skip_serializing_if = "is_zero")]
    indent: u8,
}

impl Serialize for Block {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let marks = self.marks();
        BlockFieldsOut {
            kind: self.kind,
            text: &self.text,
            sentences: &self.sentences,
            cue: marks.cue,
            ruby: &marks.ruby,
            emphasis: &marks.emphasis,
            indent: marks.indent,
        }
        .serialize(serializer)
    }
}

// serde's `skip_serializing_if` passes a reference.
#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_zero(n: &u8) -> bool {
    *n == 0
}

/// An emphasised byte range of a block's Japanese text, in JSON `[start, end]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Emphasis(#[serde(with = "range")] pub Range<usize>);

/// A reading (furigana) over part of a block's Japanese text: `base` is a byte range of the
/// block's `ja` text (the characters read), in JSON `[start, end]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Ruby {
    #[serde(with = "range")]
    pub base: Range<usize>,
    pub reading: String,
}

/// `Range<usize>` as a two-element array rather than serde's `{"start", "end"}`.
mod range {
    use std::ops::Range;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(
        range: &Range<usize>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        [range.start, range.end].serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Range<usize>, D::Error> {
        let [start, end] = <[usize; 2]>::deserialize(deserializer)?;
        Ok(start..end)
    }
}

/// A subtitle cue's time: from `start` to `end`, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Cue {
    pub start: u64,
    pub end: u64,
}

impl Cue {
    /// The cue's start as a player shows it: `1:02:03.4`, or `2:03.4` under an hour.
    pub fn label(self) -> String {
        let tenths = self.start / 100;
        let (hours, minutes, seconds) = (tenths / 36_000, tenths / 600 % 60, tenths / 10 % 60);
        let tenth = tenths % 10;
        if hours > 0 {
            format!("{hours}:{minutes:02}:{seconds:02}.{tenth}")
        } else {
            format!("{minutes}:{seconds:02}.{tenth}")
        }
    }

    /// Whether the two cues are on screen at the same time for a moment.
    pub fn overlaps(self, other: Cue) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The time from the earlier start to the later end.
    #[must_use]
    pub fn spanning(self, other: Cue) -> Cue {
        Cue {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// Where one sentence and its translation lie in a block: byte ranges into the block's `en` and
/// `ja` text, `None` on a side that has no counterpart. In JSON each range is `[start, end]`:
/// `{"en": [0, 42], "ja": [0, 17]}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SentencePair {
    #[serde(default, skip_serializing_if = "Option::is_none", with = "span")]
    pub en: Option<Range<usize>>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "span")]
    pub ja: Option<Range<usize>>,
    /// How sure the aligner was of this pair, in thousandths (0–1000); `None` where the pairing
    /// came with the text (a bilingual file, the Kyoto corpus).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<u16>,
    /// Set by a reader's correction: the pair is right as it stands, and a later alignment
    /// keeps it as a fixed anchor.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub fixed: bool,
}

impl SentencePair {
    /// Below this confidence (thousandths) a pair is one the reader may want to check.
    pub const UNSURE_BELOW: u16 = 500;

    /// Whether the aligner was unsure of this pair (and no reader has corrected it since).
    pub fn is_unsure(&self) -> bool {
        !self.fixed && self.confidence.is_some_and(|c| c < Self::UNSURE_BELOW)
    }

    pub fn get(&self, side: Side) -> Option<Range<usize>> {
        match side {
            Side::En => self.en.clone(),
            Side::Ja => self.ja.clone(),
        }
    }
}

/// `Option<Range<usize>>` as a two-element array rather than serde's `{"start", "end"}`.
mod span {
    use std::ops::Range;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[expect(clippy::ref_option, reason = "the signature serde's `with` requires")]
    pub fn serialize<S: Serializer>(
        range: &Option<Range<usize>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        range
            .as_ref()
            .map(|r| [r.start, r.end])
            .serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Range<usize>>, D::Error> {
        let pair = Option::<[usize; 2]>::deserialize(deserializer)?;
        Ok(pair.map(|[start, end]| start..end))
    }
}

impl Block {
    /// Whether any of its sentence pairs is one the aligner was unsure of.
    pub fn has_unsure_pair(&self) -> bool {
        self.sentences.iter().any(SentencePair::is_unsure)
    }

    pub fn paragraph(text: Bilingual) -> Self {
        Self::of_kind(BlockKind::Paragraph, text)
    }

    pub fn heading(level: u8, text: Bilingual) -> Self {
        Self::of_kind(BlockKind::Heading { level }, text)
    }

    pub fn note(text: Bilingual) -> Self {
        Self::of_kind(BlockKind::Note, text)
    }

    pub fn of_kind(kind: BlockKind, text: Bilingual) -> Self {
        Self {
            kind,
            text,
            sentences: Vec::new(),
            marks: None,
        }
    }

    /// Its cue, readings, emphasis and indent (none of them, for most blocks).
    pub fn marks(&self) -> &Marks {
        self.marks.as_deref().unwrap_or(&NO_MARKS)
    }

    /// Its marks, to change them.
    pub fn marks_mut(&mut self) -> &mut Marks {
        self.marks.get_or_insert_default()
    }

    /// Its marks, taken away from it.
    pub fn take_marks(&mut self) -> Marks {
        self.marks.take().map(|marks| *marks).unwrap_or_default()
    }

    /// The block with `marks` in place of its own.
    #[must_use]
    pub fn with_all_marks(mut self, marks: Marks) -> Self {
        self.marks = (marks != NO_MARKS).then(|| Box::new(marks));
        self
    }

    pub fn cue(&self) -> Option<Cue> {
        self.marks().cue
    }

    pub fn ruby(&self) -> &[Ruby] {
        &self.marks().ruby
    }

    pub fn emphasis(&self) -> &[Emphasis] {
        &self.marks().emphasis
    }

    pub fn indent(&self) -> u8 {
        self.marks().indent
    }

    /// The block with its sentence pairs recorded.
    #[must_use]
    pub fn with_sentences(mut self, sentences: Vec<SentencePair>) -> Self {
        self.sentences = sentences;
        self
    }

    /// The text of sentence `index` on one side, when the block has it there.
    pub fn sentence(&self, index: usize, side: Side) -> Option<&str> {
        let range = self.sentences.get(index)?.get(side)?;
        self.text.get(side)?.get(range)
    }

    /// The index of the sentence that holds byte `offset` of one side's text.
    pub fn sentence_at(&self, side: Side, offset: usize) -> Option<usize> {
        self.sentences
            .iter()
            .position(|s| s.get(side).is_some_and(|r| r.contains(&offset)))
    }

    /// The block with readings over its Japanese text recorded.
    #[must_use]
    pub fn with_ruby(mut self, ruby: Vec<Ruby>) -> Self {
        if !ruby.is_empty() || self.marks.is_some() {
            self.marks_mut().ruby = ruby;
        }
        self
    }

    /// Whether every ruby base lies inside the Japanese text, on character boundaries, and is
    /// not empty.
    pub fn ruby_fits(&self) -> bool {
        let ja = self.text.ja.as_deref().unwrap_or("");
        self.ruby()
            .iter()
            .all(|ruby| !ruby.base.is_empty() && ja.get(ruby.base.clone()).is_some())
    }

    /// The block with emphasis over its Japanese text and an indent recorded.
    #[must_use]
    pub fn with_marks(self, emphasis: Vec<Emphasis>, indent: u8) -> Self {
        let marks = Marks {
            emphasis,
            indent,
            ..self.marks().clone()
        };
        self.with_all_marks(marks)
    }

    /// Whether every emphasis lies inside the Japanese text, on character boundaries, in
    /// order, and is not empty.
    pub fn emphasis_fits(&self) -> bool {
        let ja = self.text.ja.as_deref().unwrap_or("");
        let inside = |e: &Emphasis| !e.0.is_empty() && ja.get(e.0.clone()).is_some();
        let emphasis = self.emphasis();
        emphasis.iter().all(inside) && emphasis.windows(2).all(|w| w[0].0.end <= w[1].0.start)
    }

    /// Whether every sentence range lies inside its side's text, on character boundaries.
    pub fn sentences_fit(&self) -> bool {
        self.sentences.iter().all(|pair| {
            Side::BOTH.into_iter().all(|side| match pair.get(side) {
                None => true,
                Some(range) => self.text.get(side).and_then(|t| t.get(range)).is_some(),
            })
        })
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

/// The format an article was read from; each has one row in `import::FORMATS`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Format {
    /// The text of a *Japan in Their Own Words* page.
    #[serde(rename = "jitow")]
    Jitow,
    /// Plain text: paragraphs at blank lines, placed by script.
    #[serde(rename = "plain")]
    Plain,
    /// taiyaku's own JSON format.
    #[serde(rename = "json", alias = "native")]
    Native,
    /// An article of the Japanese–English Bilingual Corpus of Wikipedia's Kyoto Articles (XML).
    #[serde(rename = "kyoto")]
    Kyoto,
    /// Subtitles: `SubRip` (SRT) or `WebVTT`.
    #[serde(rename = "subtitles")]
    Subtitles,
    /// A translation memory (TMX): English–Japanese sentence pairs.
    #[serde(rename = "tmx")]
    Tmx,
    /// Markdown, with optional YAML front matter.
    #[serde(rename = "markdown")]
    Markdown,
    /// A tab-separated table of sentence pairs.
    #[serde(rename = "tsv")]
    Tsv,
    /// A comma-separated table of sentence pairs.
    #[serde(rename = "csv")]
    Csv,
    /// An HTML page: its main content, headings and paragraphs placed by language.
    #[serde(rename = "html")]
    Html,
    /// Aozora Bunko (青空文庫) text, with its ruby and notes.
    #[serde(rename = "aozora")]
    Aozora,
    /// An EPUB 2 or 3 book.
    #[serde(rename = "epub")]
    Epub,
}

impl Format {
    pub const ALL: [Format; 12] = [
        Format::Jitow,
        Format::Plain,
        Format::Native,
        Format::Kyoto,
        Format::Subtitles,
        Format::Tmx,
        Format::Markdown,
        Format::Tsv,
        Format::Csv,
        Format::Html,
        Format::Aozora,
        Format::Epub,
    ];

    /// The name the command line takes and the native format writes.
    pub fn name(self) -> &'static str {
        match self {
            Format::Jitow => "jitow",
            Format::Plain => "plain",
            Format::Native => "json",
            Format::Kyoto => "kyoto",
            Format::Subtitles => "subtitles",
            Format::Tmx => "tmx",
            Format::Markdown => "markdown",
            Format::Tsv => "tsv",
            Format::Csv => "csv",
            Format::Html => "html",
            Format::Aozora => "aozora",
            Format::Epub => "epub",
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The most blocks an article has: ten times a long novel's paragraphs, twice the sentence
/// pairs of Tatoeba's English–Japanese table. Importers refuse a document of more as soon as
/// they find them, so that memory stays bounded however short its paragraphs: a block and what
/// its importer keeps for it take some hundreds of bytes, its file as few as three (`a` and a
/// blank line).
pub const MAX_BLOCKS: usize = 500_000;

/// A whole parallel text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// Stable identity: derived from the headings when there are any, else from the text.
    pub id: String,
    /// Where the article came from (a path, or `bundled:NAME`).
    pub source: String,
    /// The format it was read from.
    pub format: Format,
    #[serde(default)]
    pub headings: Headings,
    #[serde(default)]
    pub blocks: Vec<Block>,
    /// The files an aligned article was made from, English first, so that it is aligned again
    /// only when one of them changes; empty for an article read from one file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SourceFile>,
    /// How it was aligned (the aligner's version, `--literary`, and the format the files were
    /// read as), so that a newer aligner or another reading aligns it again.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub aligned_with: String,
    /// Its pairing was corrected in the reader: the library's copy is the one to open (over the
    /// bundled text, or its files while they are unchanged).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub corrected: bool,
}

/// A file an article was made from, and a hash of its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceFile {
    pub name: String,
    /// FNV-1a (64 bits) of the file's bytes, as 16 hex digits.
    pub hash: String,
}

impl SourceFile {
    pub fn of(name: &str, bytes: &[u8]) -> SourceFile {
        Self::with_hash(name, fnv1a_of(bytes.iter().copied()))
    }

    /// The file read from `reader` a piece at a time (its whole bytes are never held at once),
    /// hashed as `of` hashes them.
    pub fn read(name: &str, mut reader: impl std::io::Read) -> std::io::Result<SourceFile> {
        let mut hash = FNV_OFFSET;
        let mut chunk = vec![0; 1 << 16];
        loop {
            match reader.read(&mut chunk) {
                Ok(0) => return Ok(Self::with_hash(name, hash)),
                Ok(n) => hash = fnv1a_bytes(hash, chunk[..n].iter().copied()),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    fn with_hash(name: &str, hash: u64) -> SourceFile {
        SourceFile {
            name: name.to_owned(),
            hash: format!("{hash:016x}"),
        }
    }
}

impl Article {
    /// Builds an article and gives it its id.
    pub fn new(source: String, format: Format, headings: Headings, blocks: Vec<Block>) -> Self {
        let mut article = Self {
            id: String::new(),
            source,
            format,
            headings,
            blocks,
            sources: Vec::new(),
            aligned_with: String::new(),
            corrected: false,
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

    /// The title's two sides for a title bar or a list line (see `Bilingual::title_sides`).
    pub fn title_sides(&self) -> [&str; 2] {
        self.headings.title.title_sides(&self.source)
    }

    /// The article with the two sides of every heading, block and sentence pair swapped: for a
    /// text its importer placed on the other side than the one it is known to be in.
    #[must_use]
    pub fn swapped(self) -> Article {
        let Headings {
            series,
            title,
            byline,
            date,
            date_iso,
            publisher,
            copyright,
        } = self.headings;
        let headings = Headings {
            series: series.swapped(),
            title: title.swapped(),
            byline: byline.swapped(),
            date: date.swapped(),
            date_iso,
            publisher: publisher.swapped(),
            copyright,
        };
        let blocks = self
            .blocks
            .into_iter()
            .map(|block| {
                // Readings and emphasis are over the Japanese side, which is no longer Japanese.
                let marks = Marks {
                    cue: block.cue(),
                    indent: block.indent(),
                    ..Marks::default()
                };
                let sentences = block.sentences.into_iter().map(|pair| SentencePair {
                    en: pair.ja,
                    ja: pair.en,
                    confidence: pair.confidence,
                    fixed: pair.fixed,
                });
                Block::of_kind(block.kind, block.text.swapped())
                    .with_sentences(sentences.collect())
                    .with_all_marks(marks)
            })
            .collect();
        Article::new(self.source, self.format, headings, blocks)
    }

    /// One title for a message or a sort: English, else Japanese, else the source.
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

fn fnv1a_continue<'a>(hash: u64, parts: impl IntoIterator<Item = &'a str>) -> u64 {
    fnv1a_bytes(hash, parts.into_iter().flat_map(str::bytes))
}

/// FNV-1a (64 bits) of `bytes`, from `hash` (`fnv1a_of` starts it afresh).
fn fnv1a_bytes(hash: u64, bytes: impl IntoIterator<Item = u8>) -> u64 {
    bytes.into_iter().fold(hash, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(FNV_PRIME)
    })
}

/// FNV-1a (64 bits) of `bytes`: the hash of file contents, fingerprints and the aligner's
/// word keys.
pub fn fnv1a_of(bytes: impl IntoIterator<Item = u8>) -> u64 {
    fnv1a_bytes(FNV_OFFSET, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_block_is_compact_and_its_marks_read_back() {
        // Two sides of 16 bytes, the sentences' vector, the boxed marks and the kind.
        assert!(std::mem::size_of::<Block>() <= 72, "{}", size_of::<Block>());
        let plain = Block::paragraph(Bilingual::en("One."));
        assert!(plain.marks.is_none());
        let json = serde_json::to_string(&plain).expect("writes");
        assert_eq!(json, r#"{"kind":"paragraph","en":"One."}"#);
        let marked = Block::paragraph(Bilingual::ja("一つ。")).with_marks(Vec::new(), 2);
        let json = serde_json::to_string(&marked).expect("writes");
        assert_eq!(json, r#"{"kind":"paragraph","ja":"一つ。","indent":2}"#);
        let read: Block = serde_json::from_str(&json).expect("reads");
        assert_eq!(read, marked);
        // Marks made and emptied again are as none.
        let mut emptied = plain.clone();
        emptied.marks_mut().indent = 0;
        assert_eq!(emptied, plain);
        let read: Block = serde_json::from_str(r#"{"kind":"note","en":"x"}"#).expect("reads");
        assert!(read.marks.is_none());
    }

    #[test]
    fn a_file_read_in_pieces_hashes_as_its_bytes() {
        let bytes: Vec<u8> = (0..200_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let read = SourceFile::read("a", bytes.as_slice()).unwrap();
        assert_eq!(read, SourceFile::of("a", &bytes));
    }

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
        let one = Article::new("a".into(), Format::Plain, headings.clone(), vec![]);
        let two = Article::new(
            "b".into(),
            Format::Plain,
            headings,
            vec![Block::paragraph(Bilingual::en("x"))],
        );
        assert_eq!(one.id, two.id);
    }

    fn sentenced() -> Block {
        let text = Bilingual::new(Some("One. Two.".into()), Some("一。二。".into()));
        Block::paragraph(text).with_sentences(vec![
            SentencePair {
                en: Some(0..4),
                ja: Some(0..6),
                confidence: None,
                fixed: false,
            },
            SentencePair {
                en: Some(5..9),
                ja: Some(6..12),
                confidence: None,
                fixed: false,
            },
        ])
    }

    #[test]
    fn sentences_pair_up_and_serialize_as_arrays() {
        let block = sentenced();
        assert_eq!(block.sentence(1, Side::En), Some("Two."));
        assert_eq!(block.sentence(1, Side::Ja), Some("二。"));
        assert_eq!(block.sentence_at(Side::Ja, 7), Some(1));
        assert_eq!(block.sentence(2, Side::En), None);
        assert!(block.sentences_fit());
        let json = serde_json::to_string(&block).expect("serializes");
        assert!(
            json.ends_with(r#""sentences":[{"en":[0,4],"ja":[0,6]},{"en":[5,9],"ja":[6,12]}]}"#)
        );
        assert_eq!(serde_json::from_str::<Block>(&json).expect("parses"), block);
    }

    #[test]
    fn ranges_off_boundaries_do_not_fit() {
        let mut block = sentenced();
        block.sentences[0].ja = Some(0..2);
        assert!(!block.sentences_fit());
        assert_eq!(block.sentence(0, Side::Ja), None);
        block.sentences[0].ja = None;
        assert!(block.sentences_fit());
    }

    #[test]
    fn sentences_leave_the_fingerprint_and_plain_json_alone() {
        let plain = Block::paragraph(sentenced().text);
        assert_eq!(plain.fingerprint(), sentenced().fingerprint());
        let json = serde_json::to_string(&plain).expect("serializes");
        assert!(!json.contains("sentences"), "{json}");
    }

    #[test]
    fn swapping_sides_twice_gives_the_article_back() {
        let headings = Headings {
            title: Bilingual::en("Title"),
            date_iso: Some("2013-12-20".into()),
            ..Headings::default()
        };
        let article = Article::new("s".into(), Format::Plain, headings, vec![sentenced()]);
        let swapped = article.clone().swapped();
        assert_eq!(swapped.headings.title, Bilingual::ja("Title"));
        assert_eq!(swapped.headings.date_iso.as_deref(), Some("2013-12-20"));
        assert_eq!(swapped.blocks[0].sentence(1, Side::En), Some("二。"));
        assert!(swapped.blocks[0].sentences_fit());
        assert_eq!(swapped.swapped(), article);
    }

    #[test]
    fn bilingual_drops_blank_sides() {
        let b = Bilingual::new(Some("  ".into()), Some("本".into()));
        assert_eq!(b.en, None);
        assert_eq!(b.get(Side::Ja), Some("本"));
    }
}
