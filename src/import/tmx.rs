//! TMX translation memories (version 1.4, and the older `lang` attribute) → an `Article` of
//! English–Japanese sentence pairs.
//!
//! A translation memory reads:
//!
//! ```text
//! <tmx version="1.4">
//!   <header srclang="ja" creationtool="…" …>        the original's language, the tool
//!     <prop type="x-title">…</prop>                  a title, when the tool wrote one
//!   </header>
//!   <body>
//!     <tu>                                           a translation unit: one sentence pair
//!       <prop type="x-paragraph">…</prop>            (rare) the unit opens a paragraph
//!       <tuv xml:lang="en-US"><seg>…</seg></tuv>     the English segment
//!       <tuv xml:lang="ja"><seg>…</seg></tuv>        the Japanese segment
//!     </tu>
//!   </body>
//! </tmx>
//! ```
//!
//! A unit is a sentence pair when it has a `<tuv>` of any English tag (`en`, `en-US`, `EN-GB`,
//! ISO 639-2 `eng`) and one of any Japanese tag (`ja`, `ja-JP`, `jpn`), each with text in its
//! `<seg>`; any other unit (other languages only, or one side missing or blank) is skipped, and
//! one warning counts them. Inside a `<seg>` the inline markup goes: the native code of `<bpt>`,
//! `<ept>`, `<ph>`, `<it>` (and the older `<ut>`) is dropped, the text of `<hi>` and of a
//! `<sub>` (translatable text, even inside native code) is kept.
//!
//! Paragraphs: each unit is a paragraph of one sentence pair, so in the side-by-side reader
//! every pair starts on the same row — translation memories mostly hold unrelated segments.
//! When a file marks paragraphs (any `<tu>` carrying a `<prop type="x-paragraph">`), a unit
//! carrying one opens a paragraph and the units after it join that paragraph, each a sentence
//! pair of it. `x-context-pre` is not a paragraph mark: the CAT tools that write it put the
//! previous segment's text there, for context matching.
//!
//! Headings: the title is the file's first `<prop type="x-title">` on each side (by its
//! `xml:lang`, else by its script); `o-tmf` names a file format, not a title. The series row
//! says, in both languages, that this is a translation memory, which tool made it
//! (`creationtool`, `creationtoolversion`) and which side is the original (the header's
//! `srclang`, else its `adminlang`): a heading rather than a warning, since nothing is wrong.
//! The English segments stay on the English side whichever is the original.
//!
//! Every string taken from the file is sanitized. A DOCTYPE naming the external TMX DTD is
//! allowed (it is never read); malformed XML is refused with its line and column.

use roxmltree::{Document, Node};

use crate::article::{
    Article, Bilingual, Block, Format, Headings, SentencePair, Side, append_sentence,
};
use crate::import::{ImportError, Imported, xml};
use crate::script::{join_lines, script_of};
use crate::text::sanitize;

const ROOT: &str = "tmx";
/// The namespace of the `xml:` prefix, of the `xml:lang` attribute.
const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";
/// Elements of a `<seg>` whose content is the original file's native code, not text.
const NATIVE_CODE: [&str; 5] = ["bpt", "ept", "ph", "it", "ut"];
/// Languages named in a message, at most.
const LANGUAGES_SHOWN: usize = 5;
/// A language tag quoted in a message or a heading is cut to this many characters.
const TAG_MAX_CHARS: usize = 35;

/// Whether a text is a translation memory: its first element is `<tmx>`.
pub fn is_tmx(text: &str) -> bool {
    xml::opens_with_element(text, ROOT)
}

/// Reads a translation memory (see the module docs).
pub fn parse(text: &str, source: &str) -> Result<Imported, ImportError> {
    let text = xml::without_external_doctype(text);
    let (mut imported, repaired) = xml::read(&text, |document| read_memory(document, source))?;
    imported.warnings.splice(0..0, repaired);
    Ok(imported)
}

fn read_memory(document: &Document, source: &str) -> Result<Imported, ImportError> {
    let root = document.root_element();
    let at_root = |message: &str| xml::error_at(document, root.range().start, message);
    if !root.has_tag_name(ROOT) {
        let name = root.tag_name().name();
        return Err(at_root(&format!(
            "the root element is <{name}>, not a translation memory's <tmx>"
        )));
    }
    let header = child(root, "header");
    let body = child(root, "body").ok_or_else(|| at_root("the <tmx> has no <body>"))?;
    let units = Units::read(body);
    if units.blocks.is_empty() {
        return Err(xml::error_at(
            document,
            body.range().start,
            &units.none_usable(),
        ));
    }
    let headings = Headings {
        series: series(header),
        title: title(root),
        ..Headings::default()
    };
    let warnings = units.skipped_warning().into_iter().collect();
    let article = Article::new(source.to_owned(), Format::Tmx, headings, units.blocks);
    Ok(Imported { article, warnings })
}

/// The body's units read into paragraphs, and what was skipped.
#[derive(Default)]
struct Units {
    blocks: Vec<Block>,
    /// How many `<tu>` the body has.
    total: usize,
    skipped: usize,
    /// The tags of the skipped units' segments in neither English nor Japanese, each once, in
    /// order, the first few.
    languages: Vec<String>,
}

impl Units {
    fn read(body: Node) -> Self {
        let units: Vec<Node> = body.children().filter(|n| n.has_tag_name("tu")).collect();
        let marked = units.iter().any(|&tu| opens_paragraph(tu));
        let mut read = Self {
            total: units.len(),
            ..Self::default()
        };
        let mut paragraph = Paragraph::default();
        let mut opening = true;
        for tu in units {
            opening |= !marked || opens_paragraph(tu);
            let Some((en, ja)) = pair(tu) else {
                read.skip(tu);
                continue;
            };
            if opening {
                read.blocks.extend(paragraph.finish());
                opening = false;
            }
            paragraph.push(&en, &ja);
        }
        read.blocks.extend(paragraph.finish());
        read
    }

    fn skip(&mut self, tu: Node) {
        self.skipped += 1;
        let segments = tu.children().filter(|n| n.has_tag_name("tuv"));
        let others = segments
            .filter_map(language_tag)
            .filter(|&tag| language_of(tag).is_none());
        for tag in others {
            let tag = shown_tag(tag);
            // One more than is shown, so a message can say there are more.
            let room = self.languages.len() <= LANGUAGES_SHOWN;
            if room && !tag.is_empty() && !self.languages.contains(&tag) {
                self.languages.push(tag);
            }
        }
    }

    /// The one warning about skipped units, if any were.
    fn skipped_warning(&self) -> Option<String> {
        let (skipped, total) = (self.skipped, self.total);
        (skipped > 0).then(|| {
            let noun = if total == 1 { "unit" } else { "units" };
            format!(
                "{skipped} of {total} translation {noun} skipped: no English and Japanese \
                 segment pair{}",
                self.languages_found()
            )
        })
    }

    /// Why no paragraph could be made: a one-line message.
    fn none_usable(&self) -> String {
        match self.total {
            0 => "the <body> has no translation unit <tu>".to_owned(),
            1 => format!(
                "the one translation unit has no English and Japanese segment pair{}",
                self.languages_found()
            ),
            total => format!(
                "none of the {total} translation units has an English and Japanese segment \
                 pair{}",
                self.languages_found()
            ),
        }
    }

    /// ` (other languages: de, fr, …)`, or nothing when the skipped segments named none.
    fn languages_found(&self) -> String {
        if self.languages.is_empty() {
            return String::new();
        }
        let shown = &self.languages[..self.languages.len().min(LANGUAGES_SHOWN)];
        let more = if self.languages.len() > LANGUAGES_SHOWN {
            ", …"
        } else {
            ""
        };
        format!(" (other languages: {}{more})", shown.join(", "))
    }
}

/// A paragraph as its units are appended: English joined by a space, Japanese by nothing.
#[derive(Default)]
struct Paragraph {
    en: String,
    ja: String,
    sentences: Vec<SentencePair>,
}

impl Paragraph {
    fn push(&mut self, en: &str, ja: &str) {
        self.sentences.push(SentencePair {
            en: Some(append_sentence(&mut self.en, Side::En, en)),
            ja: Some(append_sentence(&mut self.ja, Side::Ja, ja)),
            confidence: None,
            fixed: false,
        });
    }

    /// The paragraph so far as a block, if it has any pair; it starts afresh.
    fn finish(&mut self) -> Option<Block> {
        let Self { en, ja, sentences } = std::mem::take(self);
        (!sentences.is_empty())
            .then(|| Block::paragraph(Bilingual::new(Some(en), Some(ja))).with_sentences(sentences))
    }
}

/// A unit's English and Japanese segments: the first `<tuv>` of each language with text.
fn pair(tu: Node) -> Option<(String, String)> {
    let segment = |side| {
        tu.children()
            .filter(|tuv| tuv.has_tag_name("tuv"))
            .filter(|&tuv| language_tag(tuv).and_then(language_of) == Some(side))
            .find_map(segment_text)
    };
    Some((segment(Side::En)?, segment(Side::Ja)?))
}

/// Whether a unit carries the mark that it opens a paragraph.
fn opens_paragraph(tu: Node) -> bool {
    tu.children().any(|prop| is_prop(prop, "x-paragraph"))
}

fn is_prop(node: Node, kind: &str) -> bool {
    node.has_tag_name("prop")
        && node
            .attribute("type")
            .is_some_and(|t| t.trim().eq_ignore_ascii_case(kind))
}

/// An element's language tag: `xml:lang`, else TMX 1.1's `lang`.
fn language_tag<'a>(node: Node<'a, '_>) -> Option<&'a str> {
    if !node.is_element() {
        return None;
    }
    node.attribute((XML_NAMESPACE, "lang"))
        .or_else(|| node.attribute("lang"))
}

/// The side a language tag stands for, by its primary subtag, case aside: `en-GB` is English.
fn language_of(tag: &str) -> Option<Side> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    match primary.as_str() {
        "en" | "eng" => Some(Side::En),
        "ja" | "jpn" => Some(Side::Ja),
        _ => None,
    }
}

/// A language tag as a message or a heading quotes it: sanitized, on one line, cut short.
fn shown_tag(tag: &str) -> String {
    let tag = sanitize(tag).replace('\n', " ");
    let tag = tag.trim();
    match tag.char_indices().nth(TAG_MAX_CHARS) {
        Some((cut, _)) => format!("{}…", &tag[..cut]),
        None => tag.to_owned(),
    }
}

/// The text of a `<tuv>`'s `<seg>`, inline markup removed; `None` when blank.
fn segment_text(tuv: Node) -> Option<String> {
    let seg = child(tuv, "seg")?;
    let mut raw = String::new();
    inline_text(seg, false, &mut raw);
    clean(&raw)
}

/// Appends the text inside `node`: native code dropped, `<sub>` text kept even inside it.
fn inline_text(node: Node, in_code: bool, out: &mut String) {
    for child in node.children() {
        if child.is_text() {
            if !in_code {
                out.push_str(child.text().unwrap_or_default());
            }
        } else if child.is_element() {
            let name = child.tag_name().name();
            let code = match name {
                "sub" => false,
                _ if NATIVE_CODE.contains(&name) => true,
                _ => in_code,
            };
            inline_text(child, code, out);
        }
    }
}

/// The title: the first `<prop type="x-title">` with text on each side.
fn title(root: Node) -> Bilingual {
    let mut title = Bilingual::default();
    for prop in root.descendants().filter(|&n| is_prop(n, "x-title")) {
        let Some(text) = clean(prop.text().unwrap_or_default()) else {
            continue;
        };
        let side = language_tag(prop)
            .and_then(language_of)
            .unwrap_or_else(|| script_of(&text));
        title.get_mut(side).get_or_insert(text.into());
    }
    title
}

/// The series row: a translation memory, made with which tool, translated from which side.
fn series(header: Option<Node>) -> Bilingual {
    let attribute = |name| header.and_then(|h| h.attribute(name)).and_then(clean);
    let mut en = vec!["Translation memory (TMX)".to_owned()];
    let mut ja = vec!["翻訳メモリ（TMX）".to_owned()];
    if let Some(tool) = attribute("creationtool") {
        let tool = match attribute("creationtoolversion") {
            Some(version) => format!("{tool} {version}"),
            None => tool,
        };
        en.push(format!(" made with {tool}"));
        ja.push(format!("・{tool}で作成"));
    }
    let original = attribute("srclang").or_else(|| attribute("adminlang"));
    if let Some((in_en, in_ja)) = original.as_deref().and_then(original_language) {
        en.push(format!(", translated from {in_en}"));
        ja.push(format!("・{in_ja}からの翻訳"));
    }
    Bilingual::new(Some(en.concat()), Some(ja.concat()))
}

/// The original's language named in English and Japanese, from a `srclang`; `None` for
/// `*all*` (any language may be the source).
fn original_language(tag: &str) -> Option<(String, String)> {
    match language_of(tag) {
        Some(Side::En) => Some(("English".into(), "英語".into())),
        Some(Side::Ja) => Some(("Japanese".into(), "日本語".into())),
        None if tag.trim() == "*all*" => None,
        None => Some((shown_tag(tag), shown_tag(tag))),
    }
}

fn child<'a, 'input>(node: Node<'a, 'input>, name: &str) -> Option<Node<'a, 'input>> {
    node.children().find(|n| n.has_tag_name(name))
}

/// Sanitized, line breaks joined as in a paragraph, runs of spaces (left where markup was
/// removed) made one; `None` when blank.
fn clean(raw: &str) -> Option<String> {
    let joined = join_lines(sanitize(raw).lines());
    let mut text = String::with_capacity(joined.len());
    for c in joined.chars() {
        if !(c == ' ' && text.ends_with(' ')) {
            text.push(c);
        }
    }
    let text = text.trim_end().to_owned();
    (!text.trim().is_empty()).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(xml: &str) -> Option<String> {
        let document = Document::parse(xml).expect("parses");
        segment_text(document.root_element())
    }

    #[test]
    fn language_tags_name_sides_by_their_primary_subtag() {
        for tag in ["en", "en-US", "EN-GB", "en_AU", "eng", " en "] {
            assert_eq!(language_of(tag), Some(Side::En), "{tag}");
        }
        for tag in ["ja", "ja-JP", "JA_jp", "jpn"] {
            assert_eq!(language_of(tag), Some(Side::Ja), "{tag}");
        }
        for tag in ["", "de", "enm", "jav", "zh-Hans-JP", "*all*"] {
            assert_eq!(language_of(tag), None, "{tag}");
        }
    }

    #[test]
    fn inline_markup_is_removed() {
        let xml = r#"<tuv><seg>Press <bpt i="1">&lt;b&gt;</bpt>Save<ept i="1">&lt;/b&gt;</ept>
            <ph x="2">{0}</ph> now, <hi type="em">please</hi>.<it pos="begin">&lt;i&gt;</it>
            <ph>&lt;img alt="<sub>a cat</sub>"&gt;</ph></seg></tuv>"#;
        assert_eq!(seg(xml).as_deref(), Some("Press Save now, please. a cat"));
        assert_eq!(seg("<tuv><seg><ph>{1}</ph> </seg></tuv>"), None);
        assert_eq!(seg("<tuv><note>no segment</note></tuv>"), None);
    }

    #[test]
    fn the_original_is_named_in_both_languages() {
        assert_eq!(
            original_language("ja-JP"),
            Some(("Japanese".into(), "日本語".into()))
        );
        assert_eq!(original_language("*all*"), None);
        assert_eq!(
            original_language("de-DE"),
            Some(("de-DE".into(), "de-DE".into()))
        );
        assert_eq!(
            shown_tag(&"x".repeat(50)).chars().count(),
            TAG_MAX_CHARS + 1
        );
    }
}
