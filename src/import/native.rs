//! taiyaku's own JSON format: `{"taiyaku": 3, "article": <Article>}`, read and written.
//!
//! The `taiyaku` field is the format version; a file from a newer version is refused with a
//! clear message rather than half-read, and an older one is migrated as it is read. Version 2
//! added what an aligned pair of files keeps: each sentence pair's `confidence` and the
//! article's `sources` (the files it was made from, by content hash); a version-1 file has
//! neither, and reads as it always did. Version 3 added what corrections and subtitles keep: a
//! sentence pair's `fixed`, the article's `corrected`, a block's `cue` (its time); a file of an
//! older version has none of them and reads as it always did. Version 3 also keeps a block's
//! `ruby` (readings over its Japanese text: `{"base": [start, end], "reading": "かな"}`, byte
//! ranges of its `ja`), which an older file has none of. Every string read is sanitized,
//! so a JSON escape such as `\u001b` cannot smuggle a control character past the text pipeline. Writing then reading an
//! article gives it back exactly.

use serde::{Deserialize, Serialize};
use serde_json::error::Category;

use crate::article::{Article, Bilingual, Block, Headings, Marks, Ruby, SourceFile};
use crate::import::{ImportError, Imported};
use crate::text::sanitize;

/// The format version this build writes (and the newest it reads).
pub const FORMAT_VERSION: u64 = 3;
/// The oldest version it reads, migrating it.
const OLDEST_VERSION: u64 = 1;
/// Ids are short and plain (they may name files); anything else is derived afresh.
const ID_MAX_LEN: usize = 64;

#[derive(Serialize)]
struct EnvelopeOut<'a> {
    taiyaku: u64,
    article: &'a Article,
}

#[derive(Deserialize)]
struct EnvelopeIn {
    article: Article,
}

#[derive(Deserialize)]
struct VersionOnly {
    taiyaku: Option<u64>,
}

/// The article as native JSON, compact (indenting a block's fields would take more room than
/// a short paragraph's text), ending with a newline.
pub fn to_json(article: &Article) -> String {
    let envelope = EnvelopeOut {
        taiyaku: FORMAT_VERSION,
        article,
    };
    let mut json = serde_json::to_string(&envelope).expect("an article always serializes");
    json.push('\n');
    json
}

/// Reads native JSON: checks the format version, then the article, then sanitizes it.
pub fn parse(json: &str) -> Result<Imported, ImportError> {
    let version: VersionOnly = serde_json::from_str(json).map_err(|e| json_error(&e))?;
    match version.taiyaku {
        None => return Err(ImportError::NotNative),
        // Version 1 lacks only fields that version 2 may leave out: it reads as it is.
        Some(OLDEST_VERSION..=FORMAT_VERSION) => {}
        Some(found) => {
            return Err(ImportError::UnsupportedVersion {
                found,
                supported: FORMAT_VERSION,
            });
        }
    }
    let envelope: EnvelopeIn = serde_json::from_str(json).map_err(|e| json_error(&e))?;
    let mut warnings = Vec::new();
    let article = sanitize_article(envelope.article, &mut warnings);
    Ok(Imported { article, warnings })
}

/// Whether `text` names the format field (`"taiyaku":`) as a native document does: then a JSON
/// error in it is a broken native document rather than a text in another format.
pub fn names_format_field(text: &str) -> bool {
    text.match_indices("\"taiyaku\"")
        .any(|(at, key)| text[at + key.len()..].trim_start().starts_with(':'))
}

/// `serde_json`'s message without its " at line L column C" tail, which the error shows itself.
fn json_error(error: &serde_json::Error) -> ImportError {
    let full = error.to_string();
    let message = full
        .rfind(" at line ")
        .map_or(full.as_str(), |at| &full[..at]);
    ImportError::Json {
        line: error.line(),
        column: error.column(),
        message: sanitize(message).replace('\n', " "),
        syntax: matches!(error.classify(), Category::Syntax | Category::Eof),
    }
}

fn sanitize_article(article: Article, warnings: &mut Vec<String>) -> Article {
    let blocks = article
        .blocks
        .into_iter()
        .enumerate()
        .map(|(index, block)| sanitize_block(index, block, warnings))
        .collect();
    let mut clean = Article::new(
        sanitize(&article.source),
        article.format,
        sanitize_headings(article.headings),
        blocks,
    );
    clean.sources = article
        .sources
        .into_iter()
        .map(|s| SourceFile {
            name: sanitize(&s.name),
            hash: sanitize(&s.hash),
        })
        .collect();
    clean.aligned_with = sanitize(&article.aligned_with);
    clean.corrected = article.corrected;
    if is_plain_id(&article.id) {
        clean.id = article.id;
    } else {
        warnings.push(format!(
            "the article's id was not a plain id; it is now {}",
            clean.id
        ));
    }
    clean
}

/// The block with its text sanitized. Its sentence ranges are kept only if they fit the text
/// and sanitizing left the text as it was (else they could point at the wrong words).
/// The deepest indent kept, in full-width characters.
const MAX_INDENT: u8 = 20;

fn sanitize_block(index: usize, mut block: Block, warnings: &mut Vec<String>) -> Block {
    let text = sanitize_bilingual(block.text.clone());
    let changed = text != block.text;
    let marks = block.take_marks();
    let marks = Marks {
        cue: marks.cue.filter(|cue| cue.start <= cue.end),
        ruby: (marks.ruby.into_iter())
            .map(|ruby| Ruby {
                reading: sanitize(&ruby.reading),
                ..ruby
            })
            .collect(),
        emphasis: marks.emphasis,
        indent: marks.indent.min(MAX_INDENT),
    };
    let mut clean = Block::of_kind(block.kind, text)
        .with_sentences(block.sentences)
        .with_all_marks(marks);
    if !clean.ruby().is_empty() && (changed || !clean.ruby_fits()) {
        clean.marks_mut().ruby.clear();
        warnings.push(format!(
            "block {}: its ruby no longer fits its text and was dropped",
            index + 1
        ));
    }
    if !clean.emphasis().is_empty() && (changed || !clean.emphasis_fits()) {
        clean.marks_mut().emphasis.clear();
        warnings.push(format!(
            "block {}: its emphasis no longer fits its text and was dropped",
            index + 1
        ));
    }
    if !clean.sentences.is_empty() && (changed || !clean.sentences_fit()) {
        clean.sentences.clear();
        warnings.push(format!(
            "block {}: its sentence ranges no longer fit its text and were dropped",
            index + 1
        ));
    }
    clean
}

fn is_plain_id(id: &str) -> bool {
    (1..=ID_MAX_LEN).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn sanitize_headings(headings: Headings) -> Headings {
    Headings {
        series: sanitize_bilingual(headings.series),
        title: sanitize_bilingual(headings.title),
        byline: sanitize_bilingual(headings.byline),
        date: sanitize_bilingual(headings.date),
        date_iso: headings.date_iso.map(|d| sanitize(&d)),
        publisher: sanitize_bilingual(headings.publisher),
        copyright: headings.copyright.map(|c| sanitize(&c)),
    }
}

fn sanitize_bilingual(text: Bilingual) -> Bilingual {
    Bilingual::new(text.en.map(|s| sanitize(&s)), text.ja.map(|s| sanitize(&s)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Format;
    use crate::article::{BlockKind, SentencePair, Side};

    fn sample() -> Article {
        let headings = Headings {
            series: Bilingual::new(Some("A Series".into()), Some("連載".into())),
            title: Bilingual::new(Some("A Title".into()), Some("題名".into())),
            date: Bilingual::en("May 1, 2020"),
            date_iso: Some("2020-05-01".into()),
            copyright: Some("© 2020 A. Writer, CC BY-SA 3.0".into()),
            ..Headings::default()
        };
        let blocks = vec![
            Block::heading(2, Bilingual::en("Part one")),
            Block::paragraph(Bilingual::new(
                Some("Hello. Bye.".into()),
                Some("こんにちは。".into()),
            ))
            .with_sentences(vec![
                SentencePair {
                    en: Some(0..6),
                    ja: Some(0..18),
                    confidence: Some(870),
                    fixed: true,
                },
                SentencePair {
                    en: Some(7..11),
                    ja: None,
                    confidence: None,
                    fixed: false,
                },
            ]),
            Block::note(Bilingual::ja("注。")),
        ];
        Article::new("sample.txt".into(), Format::Plain, headings, blocks)
    }

    #[test]
    fn round_trips_exactly() {
        let article = sample();
        let json = to_json(&article);
        let back = parse(&json).expect("parses").article;
        assert_eq!(back, article);
        assert_eq!(to_json(&back), json);
        assert!(json.starts_with("{\"taiyaku\":3,"));
    }

    #[test]
    fn escapes_in_strings_are_neutralised() {
        let json = to_json(&sample()).replace("Hello.", "Hel\\u001b]52;c;SGk=\\u0007lo.");
        let article = parse(&json).expect("parses").article;
        let text = article.blocks[1].text.en.as_deref().unwrap_or_default();
        assert!(!text.contains(['\u{1b}', '\u{7}']), "{text:?}");
        assert_eq!(article.blocks[0].kind, BlockKind::Heading { level: 2 });
    }

    #[test]
    fn versions_are_checked() {
        let newer = to_json(&sample()).replacen("\"taiyaku\":3", "\"taiyaku\":4", 1);
        let error = parse(&newer).expect_err("newer is refused").to_string();
        assert_eq!(
            error,
            "written by a newer taiyaku (format 4; this one reads 3)"
        );
        let older = to_json(&sample()).replacen("\"taiyaku\":3", "\"taiyaku\":0", 1);
        assert!(matches!(
            parse(&older),
            Err(ImportError::UnsupportedVersion { found: 0, .. })
        ));
        assert!(matches!(
            parse("{\"article\": {}}"),
            Err(ImportError::NotNative)
        ));
    }

    #[test]
    fn older_versions_read_and_are_written_as_version_3() {
        let v1 = r#"{"taiyaku": 1, "article": {"id": "old", "source": "old.txt",
            "format": "plain", "blocks": [{"kind": "paragraph", "en": "One.", "ja": "一。",
            "sentences": [{"en": [0, 4], "ja": [0, 6]}]}]}}"#;
        let article = parse(v1).expect("a version-1 file reads").article;
        assert_eq!(article.id, "old");
        assert_eq!(article.blocks[0].sentences[0].confidence, None);
        assert!(article.sources.is_empty());
        let again = to_json(&article);
        assert!(again.contains("\"taiyaku\":3"), "{again}");
        assert_eq!(parse(&again).expect("reads").article, article);
        let v2 = r#"{"taiyaku": 2, "article": {"id": "two", "source": "a + b", "format": "plain",
            "blocks": [{"kind": "paragraph", "en": "One.", "ja": "一。",
            "sentences": [{"en": [0, 4], "ja": [0, 6], "confidence": 420}]}],
            "sources": [{"name": "a", "hash": "0123456789abcdef"}]}}"#;
        let article = parse(v2).expect("a version-2 file reads").article;
        assert!(article.blocks[0].has_unsure_pair() && !article.corrected);
        assert_eq!(article.blocks[0].cue(), None);
    }

    #[test]
    fn corrections_and_cue_times_round_trip() {
        let mut article = sample();
        article.corrected = true;
        article.blocks[1].sentences[0].fixed = true;
        article.blocks[1].marks_mut().cue = Some(crate::article::Cue {
            start: 1500,
            end: 3250,
        });
        let json = to_json(&article);
        assert!(
            json.contains("\"cue\"") && json.contains("\"fixed\":true"),
            "{json}"
        );
        assert_eq!(parse(&json).expect("reads").article, article);
    }

    #[test]
    fn the_format_field_is_recognised() {
        assert!(names_format_field(&to_json(&sample())));
        assert!(names_format_field("{\"taiyaku\" :1"));
        assert!(!names_format_field("{\"title\": \"taiyaku\"}"));
        assert!(!names_format_field("{taiyaku: 1}"));
        let error = parse("{\"taiyaku\": 1,").expect_err("cut short");
        assert!(matches!(error, ImportError::Json { syntax: true, .. }));
        let error = parse("{\"taiyaku\": 1, \"article\": 5}").expect_err("no article");
        assert!(matches!(error, ImportError::Json { syntax: false, .. }));
    }

    #[test]
    fn sentence_ranges_round_trip_as_arrays() {
        let json = to_json(&sample());
        let value: serde_json::Value = serde_json::from_str(&json).expect("json");
        let sentences = &value["article"]["blocks"][1]["sentences"];
        assert_eq!(sentences[1], serde_json::json!({ "en": [7, 11] }));
        let back = parse(&json).expect("parses");
        assert_eq!(back.article.blocks[1].sentence(1, Side::En), Some("Bye."));
        assert!(back.warnings.is_empty());
    }

    #[test]
    fn sentence_ranges_that_do_not_fit_are_dropped() {
        let mut article = sample();
        article.blocks[1].sentences[0].ja = Some(0..2);
        let back = parse(&to_json(&article)).expect("parses");
        assert!(back.article.blocks[1].sentences.is_empty());
        assert_eq!(
            back.warnings,
            ["block 2: its sentence ranges no longer fit its text and were dropped"]
        );
    }

    #[test]
    fn sentence_ranges_are_dropped_when_sanitizing_changes_the_text() {
        let json = to_json(&sample()).replace("Hello.", "Hel\\u001b[31mlo.");
        let back = parse(&json).expect("parses");
        assert!(back.article.blocks[1].sentences.is_empty());
        assert_eq!(back.warnings.len(), 1);
    }

    #[test]
    fn odd_ids_are_replaced() {
        let json = to_json(&sample()).replacen(&sample().id, "../../etc/passwd", 1);
        let imported = parse(&json).expect("parses");
        assert_eq!(imported.article.id, sample().id);
        assert_eq!(imported.warnings.len(), 1);
    }
}
