//! The XML of the Japanese–English Bilingual Corpus of Wikipedia's Kyoto Articles (NICT) → an `Article`.
//!
//! An article of the corpus reads:
//!
//! ```text
//! <art orl="ja" trl="en">                      original Japanese, translated into English
//!   <inf>jawiki-….xml</inf>                    the Wikipedia dump it came from: dropped
//!   <tit><j>題名</j><e …>Title</e>…</tit>       the article's title
//!   <par><sen><j>…</j><e …>…</e>…</sen>…</par>  paragraphs of sentences
//!   <sec><tit>…</tit><par>…</par><sec>…</sec></sec>   sections, nested, each with a title
//!   <copyright>copyright (c) 2010 …</copyright>   the credit: kept in `headings.copyright`
//! </art>
//! ```
//!
//! A `<tit>` or `<sen>` holds the Japanese original `<j>` and English versions `<e>`, each
//! followed by a reviewer's `<cmt>` (dropped): the translation (`type="trans"`, `ver` 1, 2, …)
//! and the final check (`type="check"`). The English used is the non-empty `check` with the
//! highest `ver`, else the non-empty `trans` with the highest `ver`.
//!
//! Sections become headings whose level is their nesting depth (1 for a section of the article).
//! A paragraph joins its sentences, English with a space, Japanese with nothing, and records
//! where each sentence lies on both sides.
//!
//! Lenient recovery: some files of the corpus have a bare `&`. When a file does not parse, every
//! `&` that does not begin `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;` or a numeric character
//! reference is written `&amp;` and the file is parsed again, with a warning. If it still does not
//! parse, the error names the line and column in the file as it was. A DTD is refused (as
//! roxmltree does by default), so no other entity can be defined.

use std::ops::Range;

use roxmltree::{Document, Node, TextPos};

use crate::article::{Article, Bilingual, Block, Headings, SentencePair};
use crate::import::{ImportError, Imported, join_lines};
use crate::text::sanitize;

const SERIES_EN: &str = "Japanese-English Bilingual Corpus of Wikipedia's Kyoto Articles";
const SERIES_JA: &str = "Wikipedia日英京都関連文書対訳コーパス";
const PUBLISHER_EN: &str = "National Institute of Information and Communications Technology (NICT)";
/// As the files' `<copyright>` names it.
const PUBLISHER_JA: &str = "独立行政法人情報通信研究機構";
const ROOT: &str = "art";
const PREDEFINED_ENTITIES: [&str; 5] = ["amp", "lt", "gt", "quot", "apos"];
/// Longer than any reference worth recognising (`#x10FFFF`, with room for leading zeros).
const REFERENCE_MAX_LEN: usize = 32;
/// Error messages quote names from the file; they are cut to this many characters.
const MESSAGE_MAX_CHARS: usize = 160;

/// Whether a text is an article of the corpus: after the XML declaration, comments and
/// processing instructions, its first element is `<art>`.
pub fn is_kyoto(text: &str) -> bool {
    let mut rest = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
    while let Some(after) = skip_prolog_item(rest) {
        rest = after.trim_start();
    }
    rest.strip_prefix("<art")
        .is_some_and(|tail| tail.starts_with(|c: char| c.is_ascii_whitespace() || c == '>'))
}

/// The text after a leading `<?…?>`, `<!--…-->` or `<!…>`, if the text starts with one.
fn skip_prolog_item(text: &str) -> Option<&str> {
    let end = if text.starts_with("<?") {
        "?>"
    } else if text.starts_with("<!--") {
        "-->"
    } else if text.starts_with("<!") {
        ">"
    } else {
        return None;
    };
    text[2..].split_once(end).map(|(_, after)| after)
}

/// Reads an article of the corpus, repairing bare ampersands if it has to (see the module docs).
pub fn parse(text: &str, source: &str) -> Result<Imported, ImportError> {
    let mut warnings = Vec::new();
    let article = match Document::parse(text) {
        Ok(document) => read_article(&document, source)?,
        Err(error) => {
            let repair = Repair::new(text);
            if repair.escaped.is_empty() {
                return Err(xml_error(&error, error_position(text, &error)));
            }
            let document = Document::parse(&repair.text).map_err(|error| {
                let at = error_position(&repair.text, &error);
                xml_error(&error, repair.original_position(text, at))
            })?;
            warnings.push(repair.warning(text));
            read_article(&document, source)?
        }
    };
    Ok(Imported { article, warnings })
}

fn read_article(document: &Document, source: &str) -> Result<Article, ImportError> {
    let root = document.root_element();
    if !root.has_tag_name(ROOT) {
        let at = document.text_pos_at(root.range().start);
        let name = root.tag_name().name();
        return Err(ImportError::Xml {
            line: at.row as usize,
            column: at.col as usize,
            message: short_message(&format!(
                "the root element is <{name}>, not the corpus's <art>"
            )),
        });
    }
    let mut reader = Reader::default();
    root.descendants().for_each(|node| reader.visit(node));
    if reader.blocks.is_empty() && reader.headings.title.is_empty() {
        return Err(ImportError::Empty);
    }
    let headings = Headings {
        series: Bilingual::new(Some(SERIES_EN.into()), Some(SERIES_JA.into())),
        publisher: Bilingual::new(Some(PUBLISHER_EN.into()), Some(PUBLISHER_JA.into())),
        ..reader.headings
    };
    Ok(Article::new(
        source.to_owned(),
        "kyoto",
        headings,
        reader.blocks,
    ))
}

/// The article as it is read, element by element in document order.
#[derive(Default)]
struct Reader {
    headings: Headings,
    blocks: Vec<Block>,
    /// Where each `<sec>` around the current element ends (byte offsets), the innermost last.
    open_sections: Vec<usize>,
}

impl Reader {
    /// Reads one node; nodes come in document order.
    fn visit(&mut self, node: Node) {
        if !node.is_element() {
            return;
        }
        let start = node.range().start;
        while self.open_sections.last().is_some_and(|&end| end <= start) {
            self.open_sections.pop();
        }
        match node.tag_name().name() {
            "sec" => self.open_sections.push(node.range().end),
            "tit" => self.title(node),
            "par" => self.blocks.extend(paragraph(node)),
            "copyright" if self.headings.copyright.is_none() => {
                self.headings.copyright = clean(&text_of(node));
            }
            _ => {}
        }
    }

    /// The article's title, or a section's heading; a title without text is skipped.
    fn title(&mut self, tit: Node) {
        let text = Bilingual::new(english(tit), japanese(tit));
        match tit.parent_element().map(|parent| parent.tag_name().name()) {
            Some("sec") if !text.is_empty() => {
                let level = u8::try_from(self.open_sections.len()).unwrap_or(u8::MAX);
                self.blocks.push(Block::heading(level, text));
            }
            Some(ROOT) if self.headings.title.is_empty() => self.headings.title = text,
            _ => {}
        }
    }
}

/// A `<par>`: its sentences joined on each side, each sentence's place recorded.
fn paragraph(par: Node) -> Option<Block> {
    let (mut en, mut ja) = (String::new(), String::new());
    let sentences: Vec<SentencePair> = par
        .children()
        .filter(|node| node.has_tag_name("sen"))
        .map(|sen| SentencePair {
            en: english(sen).map(|text| append(&mut en, " ", &text)),
            ja: japanese(sen).map(|text| append(&mut ja, "", &text)),
        })
        .collect();
    let text = Bilingual::new(Some(en), Some(ja));
    (!text.is_empty()).then(|| Block::paragraph(text).with_sentences(sentences))
}

/// Appends a sentence (after `separator` unless it is the first) and returns where it went.
fn append(text: &mut String, separator: &str, sentence: &str) -> Range<usize> {
    if !text.is_empty() {
        text.push_str(separator);
    }
    let start = text.len();
    text.push_str(sentence);
    start..text.len()
}

fn japanese(node: Node) -> Option<String> {
    node.children()
        .filter(|child| child.has_tag_name("j"))
        .find_map(|j| clean(&text_of(j)))
}

/// The final English: the best-ranked `<e>` with text, the later one on a tie.
fn english(node: Node) -> Option<String> {
    let best = node
        .children()
        .filter(|child| child.has_tag_name("e") && has_text(*child))
        .max_by_key(|e| rank(*e))?;
    clean(&text_of(best))
}

/// `check` above `trans` above anything else, then the higher `ver`.
fn rank(e: Node) -> (u8, u32) {
    let kind = match e.attribute("type") {
        Some("check") => 2,
        Some("trans") => 1,
        _ => 0,
    };
    let version = e.attribute("ver").and_then(|v| v.trim().parse().ok());
    (kind, version.unwrap_or(0))
}

/// All the text inside an element, markup aside.
fn text_of(node: Node) -> String {
    node.descendants()
        .filter(Node::is_text)
        .filter_map(|n| n.text())
        .collect()
}

fn has_text(node: Node) -> bool {
    node.descendants()
        .filter_map(|n| n.text().filter(|_| n.is_text()))
        .any(|text| !text.trim().is_empty())
}

/// Sanitized, with any line breaks joined as in a paragraph; `None` when blank.
fn clean(raw: &str) -> Option<String> {
    let text = join_lines(sanitize(raw).lines());
    (!text.is_empty()).then_some(text)
}

/// A copy of a document with its bare ampersands escaped.
struct Repair {
    text: String,
    /// Byte offsets in the original of the `&` that were escaped, in order.
    escaped: Vec<usize>,
}

impl Repair {
    fn new(original: &str) -> Self {
        let mut text = String::with_capacity(original.len() + 64);
        let mut escaped = Vec::new();
        let mut copied = 0;
        for (at, _) in original.match_indices('&') {
            if !starts_reference(&original[at + 1..]) {
                text.push_str(&original[copied..=at]);
                text.push_str("amp;");
                copied = at + 1;
                escaped.push(at);
            }
        }
        text.push_str(&original[copied..]);
        Self { text, escaped }
    }

    fn warning(&self, original: &str) -> String {
        let count = self.escaped.len();
        let first = self.escaped.first().copied().unwrap_or_default();
        let (line, column) = position_of(original, first);
        let noun = if count == 1 {
            "ampersand"
        } else {
            "ampersands"
        };
        format!(
            "malformed XML repaired: {count} bare {noun} read as '&' \
             (the first at line {line}, column {column})"
        )
    }

    /// Where a position in the repaired text was in the original: the same line, the column
    /// less the `amp;` inserted before it on that line.
    fn original_position(&self, original: &str, (line, column): (usize, usize)) -> (usize, usize) {
        let bounds = line_bounds(original, line);
        let first = self.escaped.partition_point(|&at| at < bounds.start);
        let on_line = self.escaped[first..]
            .iter()
            .take_while(|&&at| at < bounds.end);
        let (mut shifted, mut chars_before, mut from) = (column, 0, bounds.start);
        for (inserted, &at) in on_line.enumerate() {
            chars_before += original[from..at].chars().count();
            from = at;
            if 1 + chars_before + 4 * inserted >= column {
                break;
            }
            shifted = shifted.saturating_sub(4).max(1);
        }
        (line, shifted)
    }
}

/// Whether the text after a `&` makes it a predefined entity or a character reference.
fn starts_reference(rest: &str) -> bool {
    let head = rest.bytes().take(REFERENCE_MAX_LEN);
    let Some(end) = head.clone().position(|b| b == b';') else {
        return false;
    };
    let name = &rest[..end];
    if let Some(hex) = name.strip_prefix("#x") {
        !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit())
    } else if let Some(decimal) = name.strip_prefix('#') {
        !decimal.is_empty() && decimal.bytes().all(|b| b.is_ascii_digit())
    } else {
        PREDEFINED_ENTITIES.contains(&name)
    }
}

/// Line and column (both from 1, the column in characters) of an error: roxmltree's, except
/// that an unclosed root is placed at the end of the text rather than at 1:1.
fn error_position(text: &str, error: &roxmltree::Error) -> (usize, usize) {
    if *error == roxmltree::Error::UnclosedRootNode {
        return position_of(text, text.len());
    }
    let TextPos { row, col } = error.pos();
    (row as usize, col as usize)
}

/// Line and column (both from 1, the column in characters) of a byte offset.
fn position_of(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
    let line = 1 + before.bytes().filter(|&b| b == b'\n').count();
    (line, 1 + before[line_start..].chars().count())
}

/// The byte range of line `line` (from 1), without its line break.
fn line_bounds(text: &str, line: usize) -> Range<usize> {
    let start = match line.checked_sub(2) {
        None => 0,
        Some(breaks) => text
            .match_indices('\n')
            .nth(breaks)
            .map_or(text.len(), |(at, _)| at + 1),
    };
    let end = text[start..].find('\n').map_or(text.len(), |at| start + at);
    start..end
}

/// roxmltree's message, without the position it appends (the error shows it itself).
fn xml_error(error: &roxmltree::Error, (line, column): (usize, usize)) -> ImportError {
    let message = error
        .to_string()
        .replace(&format!(" at {}", error.pos()), "");
    ImportError::Xml {
        line,
        column,
        message: short_message(&message),
    }
}

/// Sanitized, on one line, and cut short if a name quoted from the file makes it long.
fn short_message(message: &str) -> String {
    let one_line = sanitize(message).replace('\n', " ");
    match one_line.char_indices().nth(MESSAGE_MAX_CHARS) {
        Some((cut, _)) => format!("{}…", &one_line[..cut]),
        None => one_line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_told_from_bare_ampersands() {
        for reference in ["amp;x", "lt;", "#38;", "#x26;"] {
            assert!(starts_reference(reference), "{reference}");
        }
        for bare in [
            "", " i", "amp", "nbsp;", "#;", "#x;", "#X26;", "#12a;", "i(id:1)",
        ] {
            assert!(!starts_reference(bare), "{bare}");
        }
    }

    #[test]
    fn repair_escapes_only_bare_ampersands() {
        let repair = Repair::new("<a>A&B &amp; &#38; &</a>");
        assert_eq!(repair.text, "<a>A&amp;B &amp; &#38; &amp;</a>");
        assert_eq!(repair.escaped, [4, 19]);
    }

    #[test]
    fn positions_map_back_past_inserted_text() {
        let original = "<a>\n&&<b>\n</a>";
        let repair = Repair::new(original);
        assert_eq!(repair.text, "<a>\n&amp;&amp;<b>\n</a>");
        let error = Document::parse(&repair.text).expect_err("mismatched");
        let at = error_position(&repair.text, &error);
        assert_eq!(at.0, 3);
        let columns = |column| repair.original_position(original, (2, column)).1;
        assert_eq!(columns(11), 3, "<b> is at column 3 of the original line");
        assert_eq!(columns(1), 1);
        assert_eq!(columns(6), 2);
    }

    #[test]
    fn detection_looks_past_the_prolog() {
        assert!(is_kyoto(
            "<?xml version=\"1.0\"?>\n<!-- c -->\n<art orl=\"ja\">"
        ));
        assert!(is_kyoto("\u{FEFF}<art>"));
        assert!(!is_kyoto("<article>"));
        assert!(!is_kyoto("<?xml version=\"1.0\"?><html>"));
        assert!(!is_kyoto("<?xml"));
    }

    #[test]
    fn english_prefers_check_then_the_latest_translation() {
        let xml = r#"<sen><j>文。</j><e type="trans" ver="2">Two.</e>
            <e type="trans" ver="1">One.</e><e type="check" ver="1"> </e></sen>"#;
        let document = Document::parse(xml).expect("parses");
        let sen = document.root_element();
        assert_eq!(english(sen).as_deref(), Some("Two."));
        assert_eq!(japanese(sen).as_deref(), Some("文。"));
    }

    #[test]
    fn long_messages_are_cut() {
        let long = "x".repeat(500);
        assert_eq!(short_message(&long).chars().count(), MESSAGE_MAX_CHARS + 1);
        assert_eq!(short_message("a\u{1b}[2Jb"), "a\u{241B}b");
    }
}
