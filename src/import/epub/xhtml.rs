//! An EPUB's XHTML documents → text: a content document's blocks, and the nav document's table
//! of contents.
//!
//! A document is read as XML (roxmltree: content documents are XML, and XML keeps `<title/>` and
//! `<a id="x"/>` empty where an HTML parser would open them); one that is not well-formed XML
//! (an HTML entity such as `&nbsp;` without its DTD, an unclosed tag) is read as tag soup by an
//! HTML parser (`soup`). Either tree becomes one flat list of events (open, text, close), walked
//! without recursion, so nesting however deep cannot exhaust the stack.
//!
//! Blocks: the text between block boundaries (`p`, `h1`–`h6`, `blockquote`, `li`, `dd`, `div`,
//! `section`, table cells and the other block elements of HTML) is one block; inline elements
//! (`span`, `em`, `a`, `ruby`…) are their text. `h1`–`h6` are section headings of their level,
//! `aside` (and elements typed `footnote`, `endnote`, `rearnote`, `note`) notes, `pre` a note
//! with its lines kept; the rest paragraphs. `<br/>` breaks a line, joined as hard-wrapped
//! lines are (with a space, or nothing next to Japanese). Runs of white space are one space,
//! or nothing where a line break falls between Japanese characters, as browsers lay them out;
//! the ideographic space (U+3000) is text. `<head>`, `<script>`, `<style>` and `<svg>` are
//! dropped. A ruby's base is the block's text, and its `<rt>` readings are ruby spans over it
//! (`ruby_markup`, shared with HTML: `<rb>`, a reading per base, the first annotation kept, an
//! `<rtc>` after it and `<rp>` dropped); a table of contents' labels keep the base text only.

use std::collections::HashMap;

use roxmltree::Node as XmlNode;

use super::side_of;
use crate::article::{BlockKind, Side};
use crate::import::pairing::Piece;
use crate::import::ruby_markup::{self, RubyMarkup};
use crate::import::xml;
use crate::import::{crowded, soup};
use crate::script::{is_japanese, join_lines};
use crate::text::sanitize;

const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";
const OPS_NAMESPACE: &str = "http://www.idpf.org/2007/ops";

/// Elements whose text is not part of the book's text.
const DROPPED: [&str; 10] = [
    "head", "script", "style", "template", "svg", "rt", "rtc", "rp", "title", "noscript",
];
/// `epub:type` values that make a note.
const NOTE_TYPES: [&str; 4] = ["footnote", "endnote", "rearnote", "note"];

/// An element's name and the attributes read from it.
#[derive(Debug, Clone, Default)]
pub struct Tag {
    /// Local name, lowercase.
    pub name: String,
    pub id: Option<String>,
    /// `xml:lang`, else `lang`.
    pub lang: Option<String>,
    /// `epub:type`.
    pub epub_type: Option<String>,
    pub href: Option<String>,
}

/// A document as a flat list, in document order.
#[derive(Debug, Clone)]
pub enum Event {
    Open(Tag),
    Text(String),
    Close,
}

/// A document's events: read as XML, or, when it is not well-formed, as tag soup (`soup`), with
/// the XML error (and where it is) for a warning; the XML error alone when the tag soup nests
/// too deeply to be parsed safely. A bare `&` is not repaired here as elsewhere: in XHTML it is
/// most often an HTML entity (`&nbsp;`), which the HTML parser knows.
pub fn events(text: &str) -> Result<(Vec<Event>, Option<String>), String> {
    let text = xml::without_external_doctype(text);
    if let Some(crowded) = crowded::crowded_tag(&text, crowded::MAX_HTML_ELEMENTS) {
        return Err(crowded.message());
    }
    match roxmltree::Document::parse(&text) {
        Ok(document) => Ok((xml_events(document.root()), None)),
        Err(error) => match soup::parse(&text) {
            Some(html) => Ok((html_events(&html), Some(error.to_string()))),
            None => Err(error.to_string()),
        },
    }
}

/// A node's opening or closing, in a walk of an XML tree.
pub enum Edge<'a, 'input> {
    Open(XmlNode<'a, 'input>),
    Close(XmlNode<'a, 'input>),
}

/// Every node of the tree under `root` opened and closed, in document order, without recursion:
/// the nodes come in document order, and before each, the open nodes that are not its parent
/// close.
pub fn traverse<'a, 'input>(root: XmlNode<'a, 'input>) -> Vec<Edge<'a, 'input>> {
    let mut edges = Vec::new();
    let mut open: Vec<XmlNode> = Vec::new();
    for node in root.descendants() {
        let parent = node.parent().map(|p| p.id());
        while let Some(top) = open.pop_if(|top| Some(top.id()) != parent) {
            edges.push(Edge::Close(top));
        }
        edges.push(Edge::Open(node));
        open.push(node);
    }
    edges.extend(open.into_iter().rev().map(Edge::Close));
    edges
}

fn xml_events(root: XmlNode) -> Vec<Event> {
    let mut events = Vec::new();
    for edge in traverse(root) {
        match edge {
            Edge::Open(node) if node.is_element() => events.push(Event::Open(xml_tag(node))),
            Edge::Open(node) if node.is_text() => {
                events.push(Event::Text(node.text().unwrap_or_default().to_owned()));
            }
            Edge::Close(node) if node.is_element() => events.push(Event::Close),
            _ => {}
        }
    }
    events
}

fn xml_tag(node: XmlNode) -> Tag {
    let owned = |value: Option<&str>| value.map(str::to_owned);
    Tag {
        name: node.tag_name().name().to_ascii_lowercase(),
        id: owned(node.attribute("id")),
        lang: owned(
            node.attribute((XML_NAMESPACE, "lang"))
                .or_else(|| node.attribute("lang")),
        ),
        epub_type: owned(node.attribute((OPS_NAMESPACE, "type"))),
        href: owned(node.attribute("href")),
    }
}

/// Tag soup's events. The tree is walked with a stack of child iterators rather than by
/// recursion.
fn html_events(html: &scraper::Html) -> Vec<Event> {
    let mut events = Vec::new();
    let mut stack = vec![html.tree.root().children()];
    while let Some(children) = stack.last_mut() {
        let Some(node) = children.next() else {
            stack.pop();
            if !stack.is_empty() {
                events.push(Event::Close);
            }
            continue;
        };
        match node.value() {
            scraper::Node::Element(element) => {
                let owned = |name: &str| element.attr(name).map(str::to_owned);
                events.push(Event::Open(Tag {
                    name: element.name().to_ascii_lowercase(),
                    id: owned("id"),
                    lang: owned("xml:lang").or_else(|| owned("lang")),
                    epub_type: owned("epub:type"),
                    href: owned("href"),
                }));
                stack.push(node.children());
            }
            scraper::Node::Text(text) => events.push(Event::Text(text.to_string())),
            _ => {}
        }
    }
    events
}

/// One content document's text: its pieces in order, and at which piece each id begins.
#[derive(Debug, Default)]
pub struct Content {
    pub pieces: Vec<Piece>,
    pub anchors: HashMap<String, usize>,
}

/// What an open element means for the text inside it.
struct Frame {
    /// Its text is dropped.
    dropped: bool,
    /// Its block kind, for a heading, a note or preformatted text; else the parent's.
    kind: Option<Kind>,
    /// The language marked on it or around it, inside the body.
    marked: Option<Side>,
    /// Whether it begins and ends a block.
    block: bool,
    /// Its name, if it is one of ruby's elements.
    ruby: Option<&'static str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Heading(u8),
    Note,
    Pre,
}

/// Where the walk is: the open elements, the text of the block being gathered and its ruby,
/// and the pieces made so far.
struct Walk {
    stack: Vec<Frame>,
    /// The block's text as it stands in the document.
    text: String,
    /// Where in `text` a `<br/>` breaks a line.
    breaks: Vec<usize>,
    ruby: RubyMarkup,
    /// Whether the block being gathered holds any text yet.
    began: bool,
    /// The side marked where its text began.
    marked: Option<Side>,
    /// The side of text no mark and no letter place: the document's language.
    default: Option<Side>,
    content: Content,
}

/// The blocks of a content document; `default` is the book's language, for text without
/// letters (a lang on `<html>` or `<body>` takes its place).
pub fn content(events: &[Event], default: Option<Side>) -> Content {
    let mut walk = Walk {
        stack: Vec::new(),
        text: String::new(),
        breaks: Vec::new(),
        ruby: RubyMarkup::default(),
        began: false,
        marked: None,
        default,
        content: Content::default(),
    };
    for event in events {
        match event {
            Event::Open(tag) => walk.open(tag),
            Event::Text(text) => walk.text(text),
            Event::Close => walk.close(),
        }
    }
    walk.flush();
    walk.content
}

impl Walk {
    fn open(&mut self, tag: &Tag) {
        let parent = self.stack.last().map(|p| (p.dropped, p.kind, p.marked));
        let (parent_dropped, parent_kind, parent_marked) = parent.unwrap_or_default();
        let name = tag.name.as_str();
        let dropped = parent_dropped || DROPPED.contains(&name);
        let block = soup::BLOCKS.contains(&name);
        self.ruby.open(name, &self.text);
        if block && !dropped {
            self.flush();
        }
        if name == "br" && !dropped {
            self.breaks.push(self.text.len());
        }
        if let Some(id) = &tag.id {
            let at = self.content.pieces.len();
            self.content.anchors.entry(id.clone()).or_insert(at);
        }
        let lang = tag.lang.as_deref().map(lang_side);
        let marked = if matches!(tag.name.as_str(), "html" | "body") {
            // A whole document's language is only a default: Japanese-made books mark it `ja`
            // whatever it holds.
            if let Some(side) = lang.flatten() {
                self.default = Some(side);
            }
            None
        } else {
            lang.unwrap_or(parent_marked)
        };
        self.stack.push(Frame {
            dropped,
            kind: kind_of(tag).or(parent_kind),
            marked,
            block,
            ruby: ruby_markup::ELEMENTS.into_iter().find(|&e| e == name),
        });
    }

    fn close(&mut self) {
        if let Some(name) = self.stack.last().and_then(|frame| frame.ruby) {
            self.ruby.close(name, &self.text);
        }
        if self
            .stack
            .last()
            .is_some_and(|frame| frame.block && !frame.dropped)
        {
            self.flush();
        }
        self.stack.pop();
    }

    fn text(&mut self, text: &str) {
        let frame = self.stack.last();
        if frame.is_some_and(|f| f.dropped) {
            self.ruby.annotation_text(text);
            return;
        }
        if !self.began && !text.trim().is_empty() {
            self.began = true;
            self.marked = frame.and_then(|f| f.marked);
        }
        self.text.push_str(text);
    }

    /// Ends the block being gathered: a piece, with its ruby, if it holds any text.
    fn flush(&mut self) {
        let raw = std::mem::take(&mut self.text);
        let breaks = std::mem::take(&mut self.breaks);
        let ruby = self.ruby.take();
        if !std::mem::take(&mut self.began) {
            return;
        }
        let marked = self.marked.take();
        let kind = self.stack.last().and_then(|frame| frame.kind);
        let lines = lines_between(&raw, &breaks);
        let text = if kind == Some(Kind::Pre) {
            preformatted(&lines)
        } else {
            let collapsed: Vec<String> = lines.iter().map(|line| collapse_spaces(line)).collect();
            join_lines(collapsed.iter().map(String::as_str))
        };
        let text = sanitize(text.trim_end());
        if text.trim().is_empty() {
            return;
        }
        let kind = match kind {
            Some(Kind::Heading(level)) => BlockKind::Heading { level },
            Some(Kind::Note | Kind::Pre) => BlockKind::Note,
            None => BlockKind::Paragraph,
        };
        let side = side_of(&text, marked, self.default);
        let piece = Piece::new(kind, side, text).with_ruby(&raw, &ruby);
        self.content.pieces.push(piece);
    }
}

/// The lines of a block's text, broken at `breaks` (byte offsets, in order).
fn lines_between<'a>(text: &'a str, breaks: &[usize]) -> Vec<&'a str> {
    let mut lines = Vec::with_capacity(breaks.len() + 1);
    let mut from = 0;
    for &at in breaks {
        lines.push(&text[from..at]);
        from = at;
    }
    lines.push(&text[from..]);
    lines
}

/// The kind an element gives the text inside it, if it gives one.
fn kind_of(tag: &Tag) -> Option<Kind> {
    let typed_note = tag
        .epub_type
        .as_deref()
        .is_some_and(|types| types.split_whitespace().any(|t| NOTE_TYPES.contains(&t)));
    match tag.name.as_str() {
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
            Some(Kind::Heading(tag.name.as_bytes()[1] - b'0'))
        }
        "pre" => Some(Kind::Pre),
        "aside" => Some(Kind::Note),
        _ if typed_note => Some(Kind::Note),
        _ => None,
    }
}

/// The side a language tag names: `Some(side)` for English and Japanese, `None` (unmarked, for
/// the script to decide) for any other language.
pub fn lang_side(lang: &str) -> Option<Side> {
    let lang = lang.trim().to_ascii_lowercase();
    let primary = lang.split(['-', '_']).next().unwrap_or_default();
    match primary {
        "ja" | "jpn" | "japanese" => Some(Side::Ja),
        "en" | "eng" | "english" => Some(Side::En),
        _ => None,
    }
}

/// HTML's white space (space, tab, line breaks, form feed).
fn is_html_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{0C}')
}

/// A line with each run of HTML white space one space, or nothing where a line break falls
/// between Japanese characters (as browsers lay out Japanese).
pub fn collapse_spaces(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if !is_html_space(c) {
            out.push(c);
            continue;
        }
        let mut broken = c == '\n' || c == '\r';
        while let Some(&next) = chars.peek().filter(|&&n| is_html_space(n)) {
            broken |= next == '\n' || next == '\r';
            chars.next();
        }
        let between_japanese = out.chars().next_back().is_some_and(is_japanese)
            && chars.peek().is_some_and(|&next| is_japanese(next));
        if !(broken && between_japanese) {
            out.push(' ');
        }
    }
    out
}

/// Preformatted text: its lines as they are (`<br/>` breaks too), blank ones at the ends dropped.
fn preformatted(lines: &[&str]) -> String {
    let all: Vec<&str> = lines
        .iter()
        .flat_map(|line| line.lines())
        .map(str::trim_end)
        .collect();
    let start = all
        .iter()
        .position(|l| !l.trim().is_empty())
        .unwrap_or(all.len());
    let end = all
        .iter()
        .rposition(|l| !l.trim().is_empty())
        .map_or(start, |at| at + 1);
    all[start..end].join("\n")
}

/// One entry of a table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TocEntry {
    /// Its depth in the table, from 1.
    pub level: u8,
    pub label: String,
    /// The side of the label, as marked or by its script.
    pub side: Side,
    /// Where it points, as written (relative to the table's document).
    pub href: String,
}

/// The entries of a nav document's `<nav epub:type="toc">` (or its first `<nav>`, if none is
/// typed): each `<a href>` in it, at the depth of its `<ol>`.
pub fn nav_entries(events: &[Event]) -> Vec<TocEntry> {
    let is_toc = |tag: &Tag| {
        tag.name == "nav"
            && tag
                .epub_type
                .as_deref()
                .is_some_and(|types| types.split_whitespace().any(|t| t == "toc"))
    };
    let typed = events
        .iter()
        .any(|event| matches!(event, Event::Open(tag) if is_toc(tag)));
    let wanted = |tag: &Tag| tag.name == "nav" && (!typed || is_toc(tag));
    let mut toc = NavWalk::default();
    for event in events {
        toc.step(event, &wanted);
        if toc.done {
            break;
        }
    }
    toc.entries
}

/// Where a walk of the nav document is.
#[derive(Default)]
struct NavWalk {
    /// The open elements' names and marked sides, from the table's `<nav>` in.
    stack: Vec<(String, Option<Side>)>,
    /// The link being read: its href, depth, marked side and text so far.
    link: Option<(String, u8, Option<Side>, String)>,
    /// Inside a dropped element (a ruby's reading), how deep.
    dropped: usize,
    entries: Vec<TocEntry>,
    done: bool,
}

impl NavWalk {
    fn step(&mut self, event: &Event, wanted: &impl Fn(&Tag) -> bool) {
        match event {
            Event::Open(tag) if self.stack.is_empty() => {
                if wanted(tag) {
                    let marked = tag.lang.as_deref().and_then(lang_side);
                    self.stack.push((tag.name.clone(), marked));
                }
            }
            Event::Close if self.stack.is_empty() => {}
            Event::Open(tag) => self.open(tag),
            Event::Text(text) if self.dropped == 0 => {
                if let Some((_, _, _, label)) = &mut self.link {
                    label.push_str(text);
                }
            }
            Event::Text(_) => {}
            Event::Close => self.close(),
        }
    }

    fn open(&mut self, tag: &Tag) {
        let inherited = self.stack.last().and_then(|(_, side)| *side);
        let marked = tag.lang.as_deref().map_or(inherited, lang_side);
        if self.dropped > 0 || DROPPED.contains(&tag.name.as_str()) {
            self.dropped += 1;
        }
        if tag.name == "a"
            && self.link.is_none()
            && let Some(href) = &tag.href
        {
            let depth = self.stack.iter().filter(|(name, _)| name == "ol").count();
            let level = u8::try_from(depth.clamp(1, 6)).unwrap_or(6);
            self.link = Some((href.clone(), level, marked, String::new()));
        }
        self.stack.push((tag.name.clone(), marked));
    }

    fn close(&mut self) {
        let Some((name, _)) = self.stack.pop() else {
            return;
        };
        if self.dropped > 0 {
            self.dropped -= 1;
            return;
        }
        if name == "a"
            && let Some((href, level, marked, label)) = self.link.take()
        {
            let label = sanitize(collapse_spaces(&label).trim());
            if !label.is_empty() {
                let side = side_of(&label, marked, None);
                self.entries.push(TocEntry {
                    level,
                    label,
                    side,
                    href,
                });
            }
        }
        if self.stack.is_empty() {
            self.done = true;
        }
    }
}
