//! Importers: bytes of a file in one of the supported formats → an `Article`.
//!
//! Every importer runs behind the same gate: the bytes are decoded (`text::decode`), and text
//! formats are sanitized before they are parsed; native JSON and Kyoto corpus XML are parsed
//! first and then every string in them is sanitized. Formats are detected by content, never by
//! file name: text that opens with `{` is read as native JSON, unless it turns out not to be
//! JSON at all, or to lack the format field, in which case it is a JITOW page or plain text
//! after all. A broken native document (one that names the format field) stays an error, and so
//! does anything that is not native JSON when the format is chosen explicitly.

pub mod jitow;
pub mod kyoto;
pub mod native;
pub mod plain;
pub mod xml;

use std::fmt;
use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::str::FromStr;

use crate::article::{Article, Headings};
use crate::text::decode::MAX_BYTES;
use crate::text::{self, DecodeError, Decoded};

/// The formats a file may be read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Detect from the content: native JSON, Kyoto corpus XML, a JITOW page, else plain text.
    #[default]
    Auto,
    /// The text of a *Japan in Their Own Words* page.
    Jitow,
    /// Plain text: paragraphs at blank lines, placed by script.
    Plain,
    /// taiyaku's own JSON format.
    #[value(name = "json", alias = "native")]
    Native,
    /// An article of the Japanese–English Bilingual Corpus of Wikipedia's Kyoto Articles (XML).
    Kyoto,
}

impl Format {
    /// The name the CLI accepts and prints.
    pub fn name(self) -> &'static str {
        match self {
            Format::Auto => "auto",
            Format::Jitow => "jitow",
            Format::Plain => "plain",
            Format::Native => "json",
            Format::Kyoto => "kyoto",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(Format::Auto),
            "jitow" => Ok(Format::Jitow),
            "plain" | "text" | "txt" => Ok(Format::Plain),
            "json" | "native" => Ok(Format::Native),
            "kyoto" => Ok(Format::Kyoto),
            other => Err(format!(
                "unknown format '{}' (auto, jitow, plain, json, kyoto)",
                other.escape_debug()
            )),
        }
    }
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
    UnsupportedVersion {
        found: u64,
        supported: u64,
    },
    Empty,
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
            Self::Empty => f.write_str("the document is empty: there is no text to read"),
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
pub fn import_path(path: &Path, format: Format) -> Result<Imported, ImportError> {
    let shown = text::sanitize(&path.display().to_string());
    let io_error = |error| ImportError::Io {
        path: shown.clone(),
        error,
    };
    let limit = MAX_BYTES as u64;
    let file = File::open(path).map_err(io_error)?;
    let size = file.metadata().map_err(io_error)?.len();
    let too_large = |size| ImportError::Decode(DecodeError::TooLarge { size, limit });
    if size > limit {
        return Err(too_large(size));
    }
    // The file may grow after the size was read: never read more than the limit allows.
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64));
    }
    import_bytes(&bytes, &shown, format)
}

/// Decodes, sanitizes and parses a document; `source` is recorded in the article.
pub fn import_bytes(bytes: &[u8], source: &str, format: Format) -> Result<Imported, ImportError> {
    let source = &text::sanitize(source);
    let decoded = text::decode(bytes)?;
    let warnings: Vec<String> = decode_warning(&decoded).into_iter().collect();
    let raw = decoded.text.trim_start_matches('\u{FEFF}');
    if raw.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    let mut imported = match format {
        Format::Auto => parse_detected(raw, source)?,
        Format::Native => native::parse(raw)?,
        Format::Kyoto => kyoto::parse(raw, source)?,
        text_format => parse_text(raw, source, text_format),
    };
    if imported.article.blocks.is_empty() && imported.article.headings == Headings::default() {
        return Err(ImportError::Empty);
    }
    imported.warnings.splice(0..0, warnings);
    Ok(imported)
}

fn decode_warning(decoded: &Decoded) -> Option<String> {
    let count = decoded.replaced;
    let noun = if count == 1 { "byte" } else { "bytes" };
    (count > 0).then(|| {
        format!(
            "{count} invalid {noun} replaced with U+FFFD (decoded as {})",
            decoded.encoding
        )
    })
}

/// Parses a document in the format `detect` finds, reading text that opens with `{` but is not
/// a native document as JITOW or plain text (see the module docs).
fn parse_detected(raw: &str, source: &str) -> Result<Imported, ImportError> {
    match detect(raw) {
        Format::Native => native::parse(raw).or_else(|error| {
            if is_another_format(&error, raw) {
                Ok(parse_text(raw, source, detect_text(raw)))
            } else {
                Err(error)
            }
        }),
        Format::Kyoto => kyoto::parse(raw, source),
        text_format => Ok(parse_text(raw, source, text_format)),
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

/// Sanitizes and parses a text format: JITOW, else plain text.
fn parse_text(raw: &str, source: &str, format: Format) -> Imported {
    let text = text::sanitize(raw);
    if format == Format::Jitow {
        jitow::parse(&text, source)
    } else {
        plain::parse(&text, source)
    }
}

/// Which format a decoded text is in, at first sight: JSON that opens with `{`, XML whose root
/// is the Kyoto corpus's `<art>`, a JITOW page, else plain text. (`import_bytes` reads `{` text that is not native JSON as a text format.)
pub fn detect(text: &str) -> Format {
    let start = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
    if start.starts_with('{') {
        Format::Native
    } else if kyoto::is_kyoto(start) {
        Format::Kyoto
    } else {
        detect_text(text)
    }
}

/// Which text format a text is in: a JITOW page, else plain text.
fn detect_text(text: &str) -> Format {
    if jitow::is_jitow(text) {
        Format::Jitow
    } else {
        Format::Plain
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_parse_by_name() {
        let formats = [
            Format::Auto,
            Format::Jitow,
            Format::Plain,
            Format::Native,
            Format::Kyoto,
        ];
        for format in formats {
            assert_eq!(format.name().parse::<Format>(), Ok(format));
        }
        assert_eq!("native".parse::<Format>(), Ok(Format::Native));
        assert!("html".parse::<Format>().is_err());
    }

    #[test]
    fn detection_is_by_content() {
        assert_eq!(detect("  {\"taiyaku\": 1}"), Format::Native);
        assert_eq!(
            detect("Japan in Their Own Words (JITOW)/日本からの意見\n\nTitle\n"),
            Format::Jitow
        );
        assert_eq!(detect("Just a story.\n\nThe end.\n"), Format::Plain);
        assert_eq!(
            detect("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<art orl=\"ja\" trl=\"en\">"),
            Format::Kyoto
        );
        assert_eq!(detect("<?xml version=\"1.0\"?>\n<html>"), Format::Plain);
    }

    #[test]
    fn decode_warning_names_the_encoding() {
        let decoded = Decoded {
            text: String::new(),
            encoding: "Shift_JIS",
            replaced: 12,
        };
        assert_eq!(
            decode_warning(&decoded).as_deref(),
            Some("12 invalid bytes replaced with U+FFFD (decoded as Shift_JIS)")
        );
    }
}
