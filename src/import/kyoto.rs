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
//! Lenient recovery: some files of the corpus have a bare `&`; `import::xml` reads it as `&`,
//! with a warning, and places any other error by line and column in the file as it was.

use roxmltree::{Document, Node};

use crate::article::{
    Article, Bilingual, Block, Format, Headings, SentencePair, Side, append_sentence,
};
use crate::import::{ImportError, Imported, xml};
use crate::script::join_lines;
use crate::text::sanitize;

const SERIES_EN: &str = "Japanese-English Bilingual Corpus of Wikipedia's Kyoto Articles";
const SERIES_JA: &str = "Wikipedia日英京都関連文書対訳コーパス";
const PUBLISHER_EN: &str = "National Institute of Information and Communications Technology (NICT)";
/// As the files' `<copyright>` names it.
const PUBLISHER_JA: &str = "独立行政法人情報通信研究機構";
const ROOT: &str = "art";

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
    let (article, warnings) = xml::read(text, |document| read_article(document, source))?;
    Ok(Imported { article, warnings })
}

fn read_article(document: &Document, source: &str) -> Result<Article, ImportError> {
    let root = document.root_element();
    if !root.has_tag_name(ROOT) {
        let name = root.tag_name().name();
        let message = format!("the root element is <{name}>, not the corpus's <art>");
        return Err(xml::error_at(document, root.range().start, &message));
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
        Format::Kyoto,
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
            en: english(sen).map(|text| append_sentence(&mut en, Side::En, &text)),
            ja: japanese(sen).map(|text| append_sentence(&mut ja, Side::Ja, &text)),
            confidence: None,
            fixed: false,
        })
        .collect();
    let text = Bilingual::new(Some(en), Some(ja));
    (!text.is_empty()).then(|| Block::paragraph(text).with_sentences(sentences))
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
