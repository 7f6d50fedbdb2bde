//! Importers: bytes of a file in one of the supported formats → an `Article`.
//!
//! Every format is one file here and one row of `FORMATS`: its name and aliases, how it is
//! recognised, whether its text is sanitized before it is parsed (text formats) or after, string
//! by string (structured formats: native JSON, Kyoto corpus XML, TMX, HTML, and TSV and CSV tables,
//! whose tabs sanitizing would expand), and its parser. First the container step
//! (`container::open`) looks at the bytes: gzip is decompressed, what is not text is refused,
//! and an EPUB book (a zip archive, not text) is read from its bytes by `epub::parse_bytes`, its
//! row only naming the format. Every other importer runs behind the same gate: the bytes are
//! decoded (`text::decode`), then sanitized and parsed as its row says. A format is detected
//! by content, the rows asked in order: text that opens with `{` is native JSON, unless it
//! turns out not to be JSON at all, or to lack the format field (then detection goes on: it is
//! a JITOW page or plain text after all); XML whose
//! root is `<art>` is a Kyoto corpus article; XML whose root is `<tmx>` is a translation memory;
//! a page that opens (after comments and a doctype) with `<!DOCTYPE html` or `<html`, or has a
//! line opening with `<head>` or `<body>` near the top, is HTML (it may declare its encoding, and
//! the gate then decodes its bytes again: `FormatRow::declared_charset`);
//! text whose lines are mostly rows of tab-separated cells (with Japanese, a header row or a
//! `.tsv` name) is a TSV table, rows of comma-separated cells with a header row or a `.csv` name
//! a CSV table;
//! a `WEBVTT` first line or a cue number and a time line are subtitles; a page with the JITOW
//! series, breadcrumb or publisher is a JITOW page; text with closed `---` front matter at the
//! top, or with an ATX `#` heading and another Markdown construct, or named `.md`/`.markdown`,
//! is Markdown; text with the Aozora Bunko notation block, ruby `《》` with `［＃` notes, or a
//! `底本：` colophon line is Aozora Bunko text; anything else is plain text. Where content alone is ambiguous a row may also look at the file's extension, as a
//! hint. A broken native document (one that names the format field) stays an error, and so does
//! anything that does not parse when the format is chosen.
//! `import_path_lines` reads a file of one sentence a line instead, as plain text whatever it
//! looks like (`plain::parse_lines`), behind the same gate.

pub mod aozora;
pub mod container;
pub mod crowded;
pub mod epub;
pub mod head;
pub mod html;
pub mod jitow;
pub mod kyoto;
pub mod markdown;
pub mod native;
pub mod pairing;
pub mod plain;
pub mod ruby_markup;
pub mod soup;
pub mod subtitles;
pub mod table;
pub mod tmx;
pub mod xml;

use std::borrow::Cow;
use std::fmt;
use std::fs::File;
use std::io::Read;
use std::path::Path;

use crate::article::{Article, Headings, MAX_BLOCKS};
use container::Opened;

pub use crate::article::Format;
use crate::text::decode::MAX_BYTES;
use crate::text::{self, DecodeError, Decoded};

/// How a format's text reaches its parser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sanitize {
    /// The whole text is sanitized, then parsed (text formats).
    Before,
    /// The text is parsed as it is, and the parser sanitizes every string it takes from it
    /// (structured formats, whose syntax sanitizing could break).
    After,
}

/// How a format's parser takes the text.
#[derive(Clone, Copy)]
pub enum Parser {
    /// Reads the text where it lies; may find it broken.
    Text(fn(text: &str, source: &str) -> Result<Imported, ImportError>),
    /// Takes the text over, to keep the article's text in its buffer (plain text); reads any
    /// text, so detection ends at it.
    OwnedText(fn(text: String, source: &str) -> Result<Imported, ImportError>),
}

/// One format's row of the registry.
pub struct FormatRow {
    pub format: Format,
    /// Other names the command line takes for it.
    pub aliases: &'static [&'static str],
    /// What the format is, for the help (`render --help`).
    pub about: &'static str,
    /// Whether a text is in this format at first sight: by its content, and where content
    /// alone is ambiguous by the file's extension (lowercase, without the dot), as a hint.
    pub recognise: fn(text: &str, extension: Option<&str>) -> bool,
    pub sanitize: Sanitize,
    pub parse: Parser,
    /// Whether a failure to parse a text it recognised means that the text is in another
    /// format after all (so detection goes on), rather than a broken document.
    pub another_format: fn(error: &ImportError, text: &str) -> bool,
    /// For a format whose documents declare their own encoding (HTML's `<meta charset>`): the
    /// label a text declares. The gate then decodes the bytes again in that encoding where the
    /// declaration should win over `text::decode`'s guess (`decoding_for`).
    pub declared_charset: Option<fn(text: &str) -> Option<String>>,
}

/// Every format, in the order detection asks them; plain text, last, takes anything.
pub const FORMATS: [FormatRow; 12] = [
    // An EPUB is a zip archive, not text: the container step hands its bytes to
    // `epub::parse_bytes` before the text gate, so this row only names the format, and refuses
    // the text it is given when `--format epub` names it for a file that is not a book.
    FormatRow {
        format: Format::Epub,
        aliases: &[],
        about: "an EPUB 2 or 3 book (one without DRM)",
        recognise: |_, _| false,
        sanitize: Sanitize::After,
        parse: Parser::Text(epub::parse_text),
        another_format: |_, _| false,
        declared_charset: None,
    },
    FormatRow {
        format: Format::Native,
        aliases: &["native"],
        about: "taiyaku's own JSON, as the library keeps articles",
        recognise: |text, _| text.starts_with('{'),
        sanitize: Sanitize::After,
        parse: Parser::Text(|text, _| native::parse(text)),
        another_format: is_another_format,
        declared_charset: None,
    },
    FormatRow {
        format: Format::Kyoto,
        aliases: &[],
        about: "an article of the Kyoto Wikipedia bilingual corpus (NICT, XML)",
        recognise: |text, _| kyoto::is_kyoto(text),
        sanitize: Sanitize::After,
        parse: Parser::Text(kyoto::parse),
        another_format: |_, _| false,
        declared_charset: None,
    },
    FormatRow {
        format: Format::Tmx,
        aliases: &[],
        about: "a translation memory (TMX): English–Japanese sentence pairs",
        recognise: |text, _| tmx::is_tmx(text),
        sanitize: Sanitize::After,
        parse: Parser::Text(tmx::parse),
        another_format: |_, _| false,
        declared_charset: None,
    },
    FormatRow {
        format: Format::Html,
        aliases: &["htm"],
        about: "an HTML page: its main content, placed by language",
        recognise: html::is_html,
        sanitize: Sanitize::After,
        parse: Parser::Text(html::parse),
        another_format: |_, _| false,
        declared_charset: Some(html::declared_charset),
    },
    FormatRow {
        format: Format::Subtitles,
        aliases: &["srt", "vtt", "webvtt"],
        about: "SubRip (.srt) or WebVTT (.vtt) subtitles",
        recognise: |text, _| subtitles::is_subtitles(text),
        sanitize: Sanitize::Before,
        parse: Parser::Text(subtitles::parse),
        another_format: |_, _| false,
        declared_charset: None,
    },
    FormatRow {
        format: Format::Tsv,
        aliases: &["tab"],
        about: "a tab-separated table of sentence pairs, such as Tatoeba's exports",
        recognise: table::is_tsv,
        sanitize: Sanitize::After,
        parse: Parser::Text(table::parse_tsv),
        another_format: |_, _| false,
        declared_charset: None,
    },
    FormatRow {
        format: Format::Csv,
        aliases: &[],
        about: "a comma-separated table of sentence pairs (RFC 4180 quotes)",
        recognise: table::is_csv,
        sanitize: Sanitize::After,
        parse: Parser::Text(table::parse_csv),
        another_format: |_, _| false,
        declared_charset: None,
    },
    FormatRow {
        format: Format::Jitow,
        aliases: &[],
        about: "the text of a Japan in Their Own Words page",
        recognise: |text, _| jitow::is_jitow(text),
        sanitize: Sanitize::Before,
        parse: Parser::Text(|text, source| Ok(jitow::parse(text, source))),
        another_format: |_, _| false,
        declared_charset: None,
    },
    FormatRow {
        format: Format::Markdown,
        aliases: &["md"],
        about: "Markdown, with optional YAML front matter",
        recognise: markdown::is_markdown,
        sanitize: Sanitize::Before,
        parse: Parser::Text(markdown::parse),
        another_format: |_, _| false,
        declared_charset: None,
    },
    FormatRow {
        format: Format::Aozora,
        aliases: &["aozorabunko"],
        about: "Aozora Bunko (青空文庫) text, with its ruby and notes",
        recognise: |text, _| aozora::is_aozora(text),
        sanitize: Sanitize::Before,
        parse: Parser::Text(aozora::parse),
        another_format: |_, _| false,
        declared_charset: None,
    },
    FormatRow {
        format: Format::Plain,
        aliases: &["text", "txt"],
        about: "plain text: paragraphs at blank lines, placed by script",
        recognise: |_, _| true,
        sanitize: Sanitize::Before,
        parse: Parser::OwnedText(plain::parse_owned),
        another_format: |_, _| false,
        declared_charset: None,
    },
];

/// The registry's row of a format.
pub fn row(format: Format) -> &'static FormatRow {
    FORMATS
        .iter()
        .find(|row| row.format == format)
        .expect("every format has a row")
}

/// The format a name (or an alias) on the command line stands for, case aside.
pub fn format_named(name: &str) -> Option<Format> {
    let name = name.trim().to_ascii_lowercase();
    FORMATS
        .iter()
        .find(|row| row.format.name() == name || row.aliases.contains(&name.as_str()))
        .map(|row| row.format)
}

/// Every format's name, in the registry's order.
pub fn format_names() -> Vec<&'static str> {
    FORMATS.iter().map(|row| row.format.name()).collect()
}

/// An imported article and what the user should be told about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub article: Article,
    /// One line each, e.g. how many invalid bytes were replaced.
    pub warnings: Vec<String>,
}

/// Why a file could not be imported. Each message is one line and safe to print.
#[derive(Debug)]
pub enum ImportError {
    Io {
        path: String,
        error: std::io::Error,
    },
    /// Not text, too large, or in an unknown encoding: `DecodeError` says which, in its words.
    Decode(DecodeError),
    Json {
        line: usize,
        column: usize,
        message: String,
        /// The text is not JSON (a syntax error or an early end), rather than JSON of the wrong
        /// shape.
        syntax: bool,
    },
    NotNative,
    Xml {
        line: usize,
        column: usize,
        message: String,
    },
    /// Markdown whose front matter is broken (Markdown itself has no syntax errors).
    Markdown {
        line: usize,
        message: String,
    },
    UnsupportedVersion {
        found: u64,
        supported: u64,
    },
    /// A TSV or CSV table that cannot be read: the line (and column, where one is meant).
    Table {
        line: usize,
        column: Option<usize>,
        message: &'static str,
    },
    Empty,
    /// A kind of file taiyaku does not read (a PDF, an image, an archive), and what to do.
    Unsupported {
        what: &'static str,
        advice: &'static str,
    },
    /// A gzip file that cannot be decompressed.
    Gzip(String),
    /// A text format's syntax broken at a line (from 1).
    Syntax {
        format: &'static str,
        line: usize,
        message: String,
    },
    /// An EPUB book that cannot be read (broken, hostile or encrypted), or `--format epub` for
    /// a file that is not one.
    Epub(epub::EpubError),
    /// More of something (paragraphs, rows, cues) than an article holds (`MAX_BLOCKS`).
    TooMany(&'static str),
}

impl ImportError {
    /// Whether a document whose `count`th block (from 1) is being made has too many: checked
    /// before each, so an importer stops at the first one over.
    pub fn too_many(count: usize, what: &'static str) -> Result<(), ImportError> {
        if count > MAX_BLOCKS {
            Err(ImportError::TooMany(what))
        } else {
            Ok(())
        }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io { path, error } => write!(f, "cannot read {path}: {error}"),
            Self::Decode(error) => error.fmt(f),
            Self::Json {
                line,
                column,
                message,
                ..
            } => write!(f, "bad JSON at line {line}, column {column}: {message}"),
            Self::Xml {
                line,
                column,
                message,
            } => write!(f, "bad XML at line {line}, column {column}: {message}"),
            Self::Markdown { line, message } => write!(f, "bad Markdown at line {line}: {message}"),
            Self::NotNative => {
                f.write_str("not a taiyaku JSON document: the \"taiyaku\" format field is missing")
            }
            Self::UnsupportedVersion { found, supported } if found > supported => write!(
                f,
                "written by a newer taiyaku (format {found}; this one reads {supported})"
            ),
            Self::UnsupportedVersion { found, supported } => write!(
                f,
                "unsupported taiyaku format {found} (this one reads {supported})"
            ),
            Self::Table {
                line,
                column: Some(column),
                message,
            } => write!(f, "bad table at line {line}, column {column}: {message}"),
            Self::Table {
                line,
                column: None,
                message,
            } => write!(f, "bad table at line {line}: {message}"),
            Self::Empty => f.write_str("the document is empty: there is no text to read"),
            Self::Unsupported { what, advice } => {
                write!(f, "this is {what}, not text: {advice}")
            }
            Self::Gzip(error) => write!(f, "not a readable gzip file: {error}"),
            Self::Syntax {
                format,
                line,
                message,
            } => write!(f, "bad {format} at line {line}: {message}"),
            Self::Epub(error) => error.fmt(f),
            Self::TooMany(what) => write!(
                f,
                "more than {MAX_BLOCKS} {what}, more than taiyaku reads as one article: \
                 split the file"
            ),
        }
    }
}

impl std::error::Error for ImportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Io { error, .. } => Some(error),
            Self::Decode(error) => Some(error),
            _ => None,
        }
    }
}

impl From<DecodeError> for ImportError {
    fn from(error: DecodeError) -> Self {
        Self::Decode(error)
    }
}

/// Reads a file, refusing anything over the size limit before reading it.
/// `format` is the one to read it as, or `None` to detect it.
pub fn import_path(path: &Path, format: Option<Format>) -> Result<Imported, ImportError> {
    let (bytes, shown) = read_limited(path)?;
    import_owned(bytes, &shown, format)
}

/// `import_path` on a file already opened from `path` (as the data folder's are: see `store`).
pub fn import_open(
    file: File,
    path: &Path,
    format: Option<Format>,
) -> Result<Imported, ImportError> {
    let shown = text::sanitize(&path.display().to_string());
    let bytes = read_file_limited(file, &shown)?;
    import_owned(bytes, &shown, format)
}

/// Reads a file as plain text that is one sentence a line (`plain::parse_lines`), whatever its
/// content looks like; decoded and sanitized as every text format is.
pub fn import_path_lines(path: &Path) -> Result<Imported, ImportError> {
    let (bytes, shown) = read_limited(path)?;
    let source = &text::sanitize(&shown);
    match container::open(&bytes)? {
        Opened::Text(bytes) => import_with(Document::of(&bytes)?, source, |document, source| {
            let safe = text::sanitize::sanitized(document.text());
            let imported = plain::parse_lines(&safe, source)?;
            Ok(with_decode_warnings(imported, &document.decoded, None))
        }),
        Opened::Epub(_) => Err(ImportError::Unsupported {
            what: "an EPUB book",
            advice: "--sentences lines reads plain text; read the book without it",
        }),
    }
}

/// The path that stands for standard input, as in less and cat.
pub const STDIN: &str = "-";

/// A file's bytes (standard input's for `-`), and its name as messages show it; nothing over
/// the size limit is read.
fn read_limited(path: &Path) -> Result<(Vec<u8>, String), ImportError> {
    let shown = text::sanitize(&path.display().to_string());
    let bytes = if path.as_os_str() == STDIN {
        read_capped(std::io::stdin().lock(), 0, &shown)?
    } else {
        let file = File::open(path).map_err(|error| ImportError::Io {
            path: shown.clone(),
            error,
        })?;
        read_file_limited(file, &shown)?
    };
    Ok((bytes, shown))
}

/// A file's bytes, refused unread when its size is over the limit; `shown` names it.
fn read_file_limited(file: File, shown: &str) -> Result<Vec<u8>, ImportError> {
    let size = file.metadata().map_err(|error| ImportError::Io {
        path: shown.to_owned(),
        error,
    })?;
    read_capped(file, size.len(), shown)
}

/// What `reader` gives, `size` bytes expected, and never more than the size limit.
fn read_capped(reader: impl Read, size: u64, shown: &str) -> Result<Vec<u8>, ImportError> {
    let io_error = |error| ImportError::Io {
        path: shown.to_owned(),
        error,
    };
    let limit = MAX_BYTES as u64;
    let too_large = |size| ImportError::Decode(DecodeError::TooLarge { size, limit });
    if size > limit {
        return Err(too_large(size));
    }
    // Room for the file as it is, not the next power of two (a 10 MB file would take 16 MiB);
    // it may grow after its size was read: never read more than the limit allows.
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    reader
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Decodes, sanitizes and parses a document as `format`, or as the format detected when it is
/// `None`; `source` is recorded in the article (and its extension is a hint for detection).
/// An EPUB book is told by its bytes (`container::open`) and read from them.
pub fn import_bytes(
    bytes: &[u8],
    source: &str,
    format: Option<Format>,
) -> Result<Imported, ImportError> {
    let source = &text::sanitize(source);
    match open_container(bytes, format)? {
        Opened::Epub(book) => import_book(&book, source, format),
        Opened::Text(bytes) => import_text(Document::of(&bytes)?, source, format),
    }
}

/// `import_bytes`, taking the bytes over: plain text keeps its paragraphs in them
/// (`Parser::OwnedText`) rather than in a copy.
fn import_owned(
    bytes: Vec<u8>,
    source: &str,
    format: Option<Format>,
) -> Result<Imported, ImportError> {
    let source = &text::sanitize(source);
    let inflated = match open_container(&bytes, format)? {
        Opened::Epub(book) => return import_book(&book, source, format),
        Opened::Text(Cow::Owned(inflated)) => Some(inflated),
        Opened::Text(Cow::Borrowed(_)) => None,
    };
    import_text(Document::owning(inflated.unwrap_or(bytes))?, source, format)
}

/// The container step (`container::open`); a file that is no book, when `--format epub`
/// names it one, says so.
fn open_container(bytes: &[u8], format: Option<Format>) -> Result<Opened<'_>, ImportError> {
    match container::open(bytes) {
        Err(ImportError::Unsupported { what, .. }) if format == Some(Format::Epub) => {
            Err(epub::EpubError::NotEpub { found: what }.into())
        }
        opened => opened,
    }
}

/// An EPUB book's article, unless another format was asked for.
fn import_book(book: &[u8], source: &str, format: Option<Format>) -> Result<Imported, ImportError> {
    match format {
        None | Some(Format::Epub) => checked(epub::parse_bytes(book, source)?),
        Some(_) => Err(ImportError::Unsupported {
            what: "an EPUB book",
            advice: "read it without --format, or with --format epub",
        }),
    }
}

/// The text gate's work on a decoded document, as `format` or the format detected.
fn import_text(
    document: Document,
    source: &str,
    format: Option<Format>,
) -> Result<Imported, ImportError> {
    import_with(document, source, |document, source| match format {
        Some(format) => parse_row(row(format), document, source),
        None => parse_detected(document, source),
    })
}

/// A document at the gate: the bytes it was read from and their text as `text::decode` guessed
/// it (a format that declares its encoding may decode the bytes again, `decoding_for`).
struct Document<'a> {
    /// The bytes, where they are not simply the text's (an encoding other than UTF-8).
    bytes: Option<Cow<'a, [u8]>>,
    decoded: Decoded<'a>,
}

impl<'a> Document<'a> {
    fn of(bytes: &'a [u8]) -> Result<Self, DecodeError> {
        Ok(Self {
            bytes: Some(Cow::Borrowed(bytes)),
            decoded: text::decode(bytes)?,
        })
    }

    fn owning(bytes: Vec<u8>) -> Result<Document<'static>, DecodeError> {
        let (decoded, bytes) = text::decode::decode_owned(bytes)?;
        Ok(Document {
            bytes: bytes.map(Cow::Owned),
            decoded,
        })
    }

    /// The bytes the text was decoded from (a UTF-8 BOM aside).
    fn bytes(&self) -> &[u8] {
        self.bytes
            .as_deref()
            .unwrap_or_else(|| self.decoded.text.as_bytes())
    }

    /// The text as decoded, without a BOM.
    fn text(&self) -> &str {
        without_bom(&self.decoded)
    }

    /// The text as decoded, without a BOM, taken over.
    fn into_text(self) -> String {
        let mut text = self.decoded.text.into_owned();
        let bom = text.len() - without_bom_str(&text).len();
        text.drain(..bom);
        text
    }
}

fn without_bom<'a>(decoded: &'a Decoded<'_>) -> &'a str {
    without_bom_str(&decoded.text)
}

fn without_bom_str(text: &str) -> &str {
    text.trim_start_matches('\u{FEFF}')
}

/// The gate every text importer runs behind (after the container step): the bytes decoded, an empty text or article refused;
/// `parse` takes the decoded document and the sanitized source, and puts the decoder's warnings
/// first (`with_decode_warnings`).
fn import_with<'a>(
    document: Document<'a>,
    source: &str,
    parse: impl FnOnce(Document<'a>, &str) -> Result<Imported, ImportError>,
) -> Result<Imported, ImportError> {
    if document.text().trim().is_empty() {
        return Err(ImportError::Empty);
    }
    checked(parse(document, source)?)
}

/// An imported article, unless it holds nothing to read, or more than an article holds.
fn checked(imported: Imported) -> Result<Imported, ImportError> {
    let article = &imported.article;
    if article.blocks.is_empty() && article.headings == Headings::default() {
        return Err(ImportError::Empty);
    }
    ImportError::too_many(article.blocks.len(), "paragraphs")?;
    Ok(imported)
}

/// The decoder's warning (and a note on a declared encoding not followed) before the parser's.
fn with_decode_warnings(
    mut imported: Imported,
    used: &Decoded<'_>,
    note: Option<String>,
) -> Imported {
    let warnings = decode_warning(used).into_iter().chain(note);
    imported.warnings.splice(0..0, warnings);
    imported
}

fn decode_warning(decoded: &Decoded<'_>) -> Option<String> {
    let count = decoded.replaced;
    let noun = if count == 1 { "byte" } else { "bytes" };
    (count > 0).then(|| {
        format!(
            "{count} invalid {noun} replaced with U+FFFD (decoded as {})",
            decoded.encoding
        )
    })
}

/// Parses a document as the first row that recognises it and does not find it to be in
/// another format after all (see the module docs).
fn parse_detected(document: Document, source: &str) -> Result<Imported, ImportError> {
    let extension = extension_of(source);
    // Each row is asked in turn, and only until one reads the document.
    let recognises = |row: &FormatRow, document: &Document| {
        (row.recognise)(trim_start(document.text()), extension.as_deref())
    };
    for row in FORMATS.iter().filter(|row| recognises(row, &document)) {
        let Parser::Text(parse) = row.parse else {
            return parse_row(row, document, source);
        };
        match parse_as(row, parse, &document, source) {
            Err(error) if (row.another_format)(&error, document.text()) => {}
            parsed => return parsed,
        }
    }
    unreachable!("plain text recognises anything")
}

/// Parses a document as a row's format.
fn parse_row(row: &FormatRow, document: Document, source: &str) -> Result<Imported, ImportError> {
    match row.parse {
        Parser::Text(parse) => parse_as(row, parse, &document, source),
        Parser::OwnedText(parse) => parse_owned(row.sanitize, parse, document, source),
    }
}

/// Parses a document with a row's `Parser::Text`, decoded as the row needs (`decoding_for`),
/// sanitized before or after as the row says.
fn parse_as(
    row: &FormatRow,
    parse: fn(&str, &str) -> Result<Imported, ImportError>,
    document: &Document,
    source: &str,
) -> Result<Imported, ImportError> {
    let (decoded, note) = decoding_for(row, document);
    let raw = without_bom(&decoded);
    let imported = match row.sanitize {
        Sanitize::Before => parse(&text::sanitize::sanitized(raw), source),
        Sanitize::After => parse(raw, source),
    }?;
    Ok(with_decode_warnings(imported, &decoded, note))
}

/// Parses a document with a `Parser::OwnedText`: the text is handed over, sanitized first if
/// the row says so (which copies it only where sanitizing changes something).
fn parse_owned(
    sanitize: Sanitize,
    parse: fn(String, &str) -> Result<Imported, ImportError>,
    document: Document,
    source: &str,
) -> Result<Imported, ImportError> {
    let warning = decode_warning(&document.decoded);
    let raw = document.into_text();
    let changed = match sanitize {
        Sanitize::Before => match text::sanitize::sanitized(&raw) {
            Cow::Owned(clean) => Some(clean),
            Cow::Borrowed(_) => None,
        },
        Sanitize::After => None,
    };
    let mut imported = parse(changed.unwrap_or(raw), source)?;
    imported.warnings.splice(0..0, warning);
    Ok(imported)
}

/// The decoding a row parses: the guess, or, for a format that declares its encoding, the bytes
/// decoded again in the encoding the text declares. The declaration is not needed when a BOM
/// decided or the bytes are valid UTF-8 (ASCII and ISO-2022-JP, which is 7-bit, among them: a
/// legacy label on a UTF-8 page is a leftover more often than UTF-8 is a coincidence); it is not
/// followed, with a note saying so, when it names no encoding or replaces more bytes than the
/// guess did.
fn decoding_for<'a>(
    row: &FormatRow,
    document: &'a Document<'_>,
) -> (Cow<'a, Decoded<'a>>, Option<String>) {
    let guess = &document.decoded;
    let declared = row
        .declared_charset
        .filter(|_| !text::decode::is_self_evident(document.bytes()))
        .and_then(|declared| declared(document.text()));
    let Some(label) = declared else {
        return (Cow::Borrowed(guess), None);
    };
    match text::decode::decode_declared(document.bytes(), &label) {
        Ok(declared) if declared.encoding == guess.encoding => (Cow::Borrowed(guess), None),
        Ok(declared) if declared.replaced <= guess.replaced => (Cow::Owned(declared), None),
        Ok(declared) => {
            let note = format!(
                "the document declares {}, which its bytes are not in: read as {}",
                declared.encoding, guess.encoding
            );
            (Cow::Borrowed(guess), Some(note))
        }
        Err(_) => {
            let shown: String = text::sanitize(&label).chars().take(40).collect();
            let note = format!(
                "the document declares an unknown encoding '{}': read as {}",
                shown.escape_debug(),
                guess.encoding
            );
            (Cow::Borrowed(guess), Some(note))
        }
    }
}

/// Whether native parsing failed because `raw` is in another format, not a broken document.
fn is_another_format(error: &ImportError, raw: &str) -> bool {
    match error {
        ImportError::NotNative => true,
        ImportError::Json { syntax, .. } => *syntax && !native::names_format_field(raw),
        _ => false,
    }
}

fn trim_start(text: &str) -> &str {
    text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}')
}

/// A source's file extension, lowercase.
fn extension_of(source: &str) -> Option<String> {
    Path::new(source)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_has_one_row_and_its_names() {
        for format in Format::ALL {
            assert_eq!(row(format).format, format);
            assert_eq!(format_named(format.name()), Some(format));
            let json = serde_json::to_string(&format).expect("serializes");
            assert_eq!(
                json,
                format!("\"{}\"", format.name()),
                "the native format's name"
            );
        }
        assert_eq!(FORMATS.len(), Format::ALL.len());
        assert_eq!(format_named("Native"), Some(Format::Native));
        assert_eq!(format_named(" txt "), Some(Format::Plain));
        assert_eq!(format_named("html"), Some(Format::Html));
        assert_eq!(format_named("htm"), Some(Format::Html));
        assert_eq!(format_named("pdf"), None);
        let old: Format = serde_json::from_str("\"native\"").expect("an old name reads");
        assert_eq!(old, Format::Native);
    }

    #[test]
    fn detection_is_by_content_whatever_the_name() {
        let format = |text: &str, source: &str| {
            import_bytes(text.as_bytes(), source, None)
                .map(|imported| imported.article.format)
                .map_err(|e| e.to_string())
        };
        // A native document keeps the format it was first read from, and its own id.
        let native = r#"{"taiyaku": 1, "article": {"id": "own-id", "source": "s",
            "format": "kyoto", "blocks": [{"kind": "paragraph", "en": "One."}]}}"#;
        let read = import_bytes(native.as_bytes(), "a.txt", None).expect("native JSON");
        assert_eq!(
            (read.article.format, read.article.id.as_str()),
            (Format::Kyoto, "own-id")
        );
        let page = "Japan in Their Own Words (JITOW)/日本からの意見\n\nTitle\n\nBody.\n";
        assert_eq!(format(page, "a.json"), Ok(Format::Jitow));
        assert_eq!(
            format("Just a story.\n\nThe end.\n", "story.xml"),
            Ok(Format::Plain)
        );
        let kyoto = "<?xml version=\"1.0\"?>\n<art><tit><j>題</j><e type=\"check\" ver=\"1\">Title</e></tit></art>";
        assert_eq!(format(kyoto, "x"), Ok(Format::Kyoto));
        assert_eq!(
            format("<?xml version=\"1.0\"?>\n<note>x</note>", "x.xml"),
            Ok(Format::Plain)
        );
        // XHTML: an XML declaration before the `<html>` root.
        assert_eq!(
            format("<?xml version=\"1.0\"?>\n<html>x</html>", "x.xml"),
            Ok(Format::Html)
        );
    }

    #[test]
    fn text_that_only_looks_like_json_is_read_as_text() {
        let imported = import_bytes(b"{curly} notes\n\nsecond", "n.txt", None).expect("reads");
        assert_eq!(imported.article.format, Format::Plain);
        let broken = import_bytes(b"{\"taiyaku\": 1,", "n.json", None);
        assert!(
            matches!(broken, Err(ImportError::Json { .. })),
            "{broken:?}"
        );
    }

    #[test]
    fn decode_warning_names_the_encoding() {
        let decoded = Decoded {
            text: "".into(),
            encoding: "Shift_JIS",
            replaced: 12,
        };
        assert_eq!(
            decode_warning(&decoded).as_deref(),
            Some("12 invalid bytes replaced with U+FFFD (decoded as Shift_JIS)")
        );
    }
}
