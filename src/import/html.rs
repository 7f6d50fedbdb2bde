//! HTML pages (a saved web page, such as an essay's page on a publisher's site) → an `Article`:
//! the page's main content, its headings and paragraphs placed by language and paired.
//!
//! - Parsing: html5ever (through `scraper`) reads any text as some page, as browsers do, so
//!   there are no syntax errors; character references are decoded by the parser, and every
//!   string taken from the page is sanitized (a `&#27;` must not reach the article as an ESC).
//! - Left out: `nav`, `footer`, `aside`, `form`, `script`, `style`, `noscript`, `template`,
//!   `iframe`, `svg`, form controls and media; a `header` that is not inside an `article`,
//!   `section` or `main` (the site's banner; an article's own header holds its title); hidden
//!   elements (`hidden`, `aria-hidden="true"`, `display: none`, `sr-only`-like classes); and
//!   elements whose role, class or id marks navigation, menus, breadcrumbs, sidebars, comments,
//!   ads, cookie banners, share buttons or related links (`is_boilerplate_word`).
//! - The main content is the `article` with the most paragraph text, else the `main` element
//!   (or `role="main"`), else the text-densest container: the element whose `p` children hold
//!   the most text, links aside; else the whole body. Class and id marks never leave out a
//!   `main` or an `article` or what holds one; a `form` is left out only inside the content (a
//!   whole page may be one form).
//! - Blocks: `h1`–`h6` are section headings of their level; `p`, `li`, `blockquote`, `dd`, `dt`,
//!   table cells and text loose in a `div` are paragraphs; `pre` is a note, verbatim. Inline
//!   elements (`a`, `em`, `strong`, `span`, …) are their text; `br` is a line break inside the
//!   block, joined as plain text joins lines (a space in English, nothing in Japanese).
//!   Whitespace collapses as in a browser.
//! - Ruby: a `ruby`'s base is the block's text and its `rt` readings are ruby spans over it
//!   (`ruby_markup`, shared with EPUB: `rb`, a reading per base, the first annotation kept, an
//!   `rtc` after it and `rp` dropped); the spans follow the block's Japanese side (the title
//!   keeps its base text only).
//! - Sides: a `lang` (or `xml:lang`) attribute on a block or an element around it (`ja…`,
//!   `en…`) decides its side, else its script does. The page's own language, on `<html>` or
//!   `<body>`, does not: a page in one language quoting the other, or alternating the two, is
//!   placed by script, as plain text is. Pieces are then paired as plain text pairs paragraphs
//!   (`pairing::pair`).
//! - Headings: the first `h1` is the title (and an `h1` in the other language right after it,
//!   the title's other side); without one in the content, the page's first `h1` outside what is
//!   left out, else the `<title>` (up to a ` | Site name`). `<meta name="author">` is the byline,
//!   `<meta property="article:published_time">` (or `name="date"`) the date.
//! - A page with no text in its body is empty (`ImportError::Empty`).
//! - Encoding: `declared_charset` reads `<meta charset>` and `<meta http-equiv="Content-Type">`;
//!   the import gate decodes the bytes again in that encoding where it should win over the
//!   guess (`import::decoding_for`).

use std::collections::HashSet;

use scraper::node::Element;
use scraper::{ElementRef, Html, Node};

use crate::article::{Article, Bilingual, BlockKind, Format, Headings, Side};
use crate::date::parse_date;
use crate::import::pairing::{Piece, is_top_heading, pair, take_title_at};
use crate::import::ruby_markup::{ANNOTATIONS, RubyMarkup};
use crate::import::{ImportError, Imported, crowded, soup};
use crate::script::{join_lines, on_its_side};
use crate::text::sanitize;

const EXTENSIONS: [&str; 3] = ["html", "htm", "xhtml"];
/// How many lines from the top a `<head>` or `<body>` line makes a text HTML.
const NEAR_START_LINES: usize = 40;
/// How much of a page is searched for its `<meta charset>` (browsers look at 1024 bytes first).
const CHARSET_SEARCH_BYTES: usize = 8 * 1024;

/// Elements whose content is never text to read.
const LEFT_OUT: &[&str] = &[
    "nav", "footer", "aside", "script", "style", "noscript", "template", "iframe", "svg", "button",
    "select", "textarea", "input", "object", "embed", "canvas", "audio", "video", "map", "dialog",
    "menu", "head",
];

/// Elements that begin and end a block of text on a page beside `soup::BLOCKS` (other elements
/// are inline).
const PAGE_BLOCKS: [&str; 8] = [
    "legend", "listing", "menu", "option", "tbody", "tfoot", "thead", "xmp",
];

/// Elements whose text is kept verbatim.
const PREFORMATTED: &[&str] = &["pre", "listing", "xmp"];

/// Elements inside which a `header` is the section's own, not the site's.
const SECTIONING: &[&str] = &["article", "section", "main"];

/// Roles that mark what is not the content.
const BOILERPLATE_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "menu",
    "menubar",
    "dialog",
    "alertdialog",
];

/// Parts of class names and ids (split at `-` and `_`) that mark what is not the content.
const BOILERPLATE_PARTS: &[&str] = &[
    "nav",
    "navbar",
    "navigation",
    "menu",
    "menubar",
    "breadcrumb",
    "breadcrumbs",
    "crumbs",
    "sidebar",
    "widget",
    "widgets",
    "comment",
    "comments",
    "disqus",
    "ad",
    "ads",
    "advert",
    "adverts",
    "advertisement",
    "sponsor",
    "sponsored",
    "promo",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "share",
    "sharing",
    "social",
    "newsletter",
    "subscribe",
    "popup",
    "modal",
    "related",
    "recommended",
    "pagination",
    "pager",
    "skip",
    "toolbar",
    "footer",
    "masthead",
    "topbar",
];

/// Parts that make a class name a state of the page rather than a mark (`has-sidebar`,
/// `content-with-sidebar`, `no-comments`, `is-menu-open`).
const STATE_PARTS: &[&str] = &["has", "with", "no", "is"];

/// Classes of text hidden from the eye (shown to screen readers only, or not at all).
const HIDDEN_CLASSES: &[&str] = &[
    "hidden",
    "sr-only",
    "screen-reader-text",
    "visually-hidden",
    "visuallyhidden",
    "d-none",
];

// ---- detection -----------------------------------------------------------------------------

/// Whether a text is an HTML page: it opens (after whitespace, comments, an XML declaration and
/// a doctype) with `<!DOCTYPE html` or `<html`, or a line near the top opens with a `<head>` or
/// `<body>` tag; or it is named `.html`, `.htm` or `.xhtml` and opens with a tag.
pub fn is_html(text: &str, extension: Option<&str>) -> bool {
    let start = after_prolog(text);
    starts_with_ignoring_case(start, "<!doctype html")
        || opens_tag(start, "html")
        || text.lines().take(NEAR_START_LINES).any(|line| {
            let line = line.trim_start();
            opens_tag(line, "head") || opens_tag(line, "body")
        })
        || (extension.is_some_and(|e| EXTENSIONS.contains(&e)) && start.starts_with('<'))
}

/// The text after leading whitespace, BOMs, comments, XML declarations and doctypes other than
/// HTML's (which the caller looks for).
fn after_prolog(text: &str) -> &str {
    let mut rest = text;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
        let end = if rest.starts_with("<!--") {
            rest.find("-->").map(|at| at + "-->".len())
        } else if rest.starts_with("<?") {
            rest.find("?>").map(|at| at + "?>".len())
        } else if rest.starts_with("<!") && !starts_with_ignoring_case(rest, "<!doctype html") {
            rest.find('>').map(|at| at + 1)
        } else {
            return rest;
        };
        match end {
            Some(end) => rest = &rest[end..],
            None => return "",
        }
    }
}

fn starts_with_ignoring_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
}

/// Whether a text opens with the tag `<name>`, `<name …>` or `<name/>` (case aside).
fn opens_tag(text: &str, name: &str) -> bool {
    text.strip_prefix('<')
        .filter(|rest| starts_with_ignoring_case(rest, name))
        .and_then(|rest| rest[name.len()..].chars().next())
        .is_some_and(|after| after == '>' || after == '/' || after.is_ascii_whitespace())
}

// ---- the declared encoding -----------------------------------------------------------------

/// The encoding label a page declares: the first `<meta charset="…">`, or `<meta
/// http-equiv="Content-Type" content="…; charset=…">`, in its first 8 KiB.
pub fn declared_charset(text: &str) -> Option<String> {
    let end = (0..=text.len().min(CHARSET_SEARCH_BYTES))
        .rev()
        .find(|&at| text.is_char_boundary(at))
        .unwrap_or(0);
    let page = Html::parse_document(&text[..end]);
    page.root_element()
        .descendent_elements()
        .filter(|element| element.value().name() == "meta")
        .find_map(|meta| charset_of(meta.value()))
}

fn charset_of(meta: &Element) -> Option<String> {
    if let Some(charset) = meta.attr("charset") {
        return non_empty(charset.trim());
    }
    let http_equiv = meta.attr("http-equiv")?;
    if !http_equiv.trim().eq_ignore_ascii_case("content-type") {
        return None;
    }
    charset_in_content_type(meta.attr("content")?)
}

/// The `charset=` parameter of a content type such as `text/html; charset="Shift_JIS"`.
fn charset_in_content_type(content: &str) -> Option<String> {
    // ASCII lowercasing keeps every byte offset.
    let at = content.to_ascii_lowercase().find("charset")? + "charset".len();
    let value = content[at..].trim_start().strip_prefix('=')?.trim_start();
    let label = match value.chars().next()? {
        quote @ ('"' | '\'') => value[1..].split(quote).next()?,
        _ => value
            .split(|c: char| c == ';' || c.is_ascii_whitespace())
            .next()?,
    };
    non_empty(label.trim())
}

fn non_empty(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_owned())
}

// ---- the page ------------------------------------------------------------------------------

/// Reads an HTML page (see the module docs).
pub fn parse(text: &str, source: &str) -> Result<Imported, ImportError> {
    if let Some(crowded) = crowded::crowded_tag(text, crowded::MAX_HTML_ELEMENTS) {
        return Err(ImportError::Syntax {
            format: "HTML",
            line: 1 + text[..crowded.at].matches('\n').count(),
            message: crowded.message(),
        });
    }
    let page = soup::parse(text).ok_or_else(|| ImportError::Syntax {
        format: "HTML",
        line: 1,
        message: "the page nests too deeply to be read (an HTML parser would take minutes)".into(),
    })?;
    let document = page.root_element();
    let body = child_named(document, "body").ok_or(ImportError::Empty)?;
    let survey = Survey::of(body);
    let root = survey.content_root(body);
    let mut pieces = read_pieces(root, true);
    if pieces.is_empty() && root != body {
        pieces = read_pieces(body, true);
    }
    let mut title = take_title(&mut pieces);
    if title.is_empty() {
        title = survey.first_h1.map(heading_text).unwrap_or_default();
    }
    if pieces.is_empty() && title.is_empty() {
        return Err(ImportError::Empty);
    }
    let head = child_named(document, "head");
    if title.is_empty() {
        title = head
            .and_then(page_title)
            .map(on_its_side)
            .unwrap_or_default();
    }
    let mut headings = Headings {
        title,
        ..Headings::default()
    };
    if let Some(head) = head {
        read_meta(head, &mut headings);
    }
    Ok(Imported {
        article: Article::new(source.to_owned(), Format::Html, headings, pair(pieces)),
        warnings: Vec::new(),
    })
}

fn child_named<'a>(parent: ElementRef<'a>, name: &str) -> Option<ElementRef<'a>> {
    parent
        .child_elements()
        .find(|child| child.value().name() == name)
}

/// Takes the title off the pieces: the first `h1`, and an `h1` in the other language right
/// after it.
fn take_title(pieces: &mut Vec<Piece>) -> Bilingual {
    match pieces.iter().position(is_top_heading) {
        Some(at) => take_title_at(pieces, at),
        None => Bilingual::default(),
    }
}

/// A heading's text, on its side.
fn heading_text(heading: ElementRef) -> Bilingual {
    let mut title = Bilingual::default();
    if let Some(piece) = read_pieces(heading, false).into_iter().next() {
        *title.get_mut(piece.side) = Some(piece.text);
    }
    title
}

/// The `<title>`'s text, up to a ` | ` that begins the site's name.
fn page_title(head: ElementRef) -> Option<String> {
    let element = child_named(head, "title")?;
    let mut raw = String::new();
    element
        .text()
        .for_each(|text| push_collapsed(&mut raw, text));
    let text = join_lines(sanitize(&raw).split('\n'));
    let title = text.split(" | ").next().unwrap_or_default().trim();
    non_empty(if title.is_empty() { text.trim() } else { title })
}

/// The byline and the date from the head's `<meta>` elements.
fn read_meta(head: ElementRef, headings: &mut Headings) {
    for meta in head.child_elements().map(|e| e.value()) {
        let (Some(key), Some(content)) = (
            meta.attr("name").or(meta.attr("property")),
            meta.attr("content"),
        ) else {
            continue;
        };
        let content = sanitize(content)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if content.is_empty() {
            continue;
        }
        match key.trim().to_ascii_lowercase().as_str() {
            "author" if headings.byline.is_empty() => headings.byline = on_its_side(content),
            "article:published_time" | "date" if headings.date_iso.is_none() => {
                let day = content.split(['T', ' ']).next().unwrap_or_default();
                if let Some(iso) = parse_date(day).or_else(|| parse_date(&content)) {
                    headings.date = Bilingual::new(Some(iso.clone()), None);
                    headings.date_iso = Some(iso);
                }
            }
            _ => {}
        }
    }
}

// ---- walking the page ----------------------------------------------------------------------

/// A step of walking a page's tree in document order.
#[derive(Clone, Copy)]
enum Step<'a> {
    Enter(ElementRef<'a>),
    Text(&'a str),
    Leave(ElementRef<'a>),
}

/// What a walk leaves out besides the elements that are never text (`left_out`).
struct Rules<'s> {
    /// Elements that class and id marks do not leave out (`element_key`).
    protected: &'s HashSet<usize>,
    /// Whether forms are left out.
    forms: bool,
}

/// Walks `root` and what it holds in document order, without recursion (a page may nest
/// elements arbitrarily deep), skipping what is left out (never `root` itself). `visit` sees
/// every step; when it returns `false` for an `Enter`, the element's content and its `Leave`
/// are skipped.
fn walk<'a>(root: ElementRef<'a>, rules: &Rules, mut visit: impl FnMut(Step<'a>) -> bool) {
    let mut sections = root
        .ancestors()
        .filter_map(ElementRef::wrap)
        .filter(|e| SECTIONING.contains(&e.value().name()))
        .count();
    let mut stack = vec![Step::Enter(root)];
    while let Some(step) = stack.pop() {
        match step {
            Step::Enter(element) => {
                let kept = element == root || !left_out(element, sections > 0, rules);
                if !kept || !visit(step) {
                    continue;
                }
                sections += usize::from(SECTIONING.contains(&element.value().name()));
                stack.push(Step::Leave(element));
                for child in element.children().rev() {
                    if let Some(child) = ElementRef::wrap(child) {
                        stack.push(Step::Enter(child));
                    } else if let Node::Text(text) = child.value() {
                        stack.push(Step::Text(text));
                    }
                }
            }
            Step::Leave(element) => {
                sections -= usize::from(SECTIONING.contains(&element.value().name()));
                visit(step);
            }
            Step::Text(_) => {
                visit(step);
            }
        }
    }
}

/// An element's identity in a set: the address of its node, which stays put while the page
/// is borrowed.
fn element_key(element: ElementRef) -> usize {
    std::ptr::from_ref(element.value()).addr()
}

/// Whether an element and what it holds are left out of the text (see the module docs).
fn left_out(element: ElementRef, in_section: bool, rules: &Rules) -> bool {
    let value = element.value();
    let name = value.name();
    LEFT_OUT.contains(&name)
        || (name == "header" && !in_section)
        || (name == "form" && rules.forms)
        || is_hidden(value)
        || (!rules.protected.contains(&element_key(element)) && is_boilerplate(value))
}

fn is_hidden(element: &Element) -> bool {
    let hides = |style: &str| {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        style.contains("display:none") || style.contains("visibility:hidden")
    };
    element.attr("hidden").is_some()
        || element
            .attr("aria-hidden")
            .is_some_and(|value| value.trim().eq_ignore_ascii_case("true"))
        || element.attr("style").is_some_and(hides)
        || element
            .classes()
            .any(|class| HIDDEN_CLASSES.contains(&class.to_ascii_lowercase().as_str()))
}

/// Whether an element's role, a class of it or its id marks it as not the content.
fn is_boilerplate(element: &Element) -> bool {
    let role = element
        .attr("role")
        .map(|role| role.trim().to_ascii_lowercase());
    role.is_some_and(|role| BOILERPLATE_ROLES.contains(&role.as_str()))
        || element
            .classes()
            .chain(element.id())
            .any(is_boilerplate_word)
}

/// Whether a class name or an id marks what is not the content: one of its parts (split at
/// `-` and `_`, case aside) is a mark such as `sidebar`, `menu` or `share`, and none a state
/// such as `has` (see `STATE_PARTS`).
fn is_boilerplate_word(word: &str) -> bool {
    let word = word.to_ascii_lowercase();
    let parts: Vec<&str> = word.split(['-', '_']).collect();
    parts.iter().any(|part| BOILERPLATE_PARTS.contains(part))
        && !parts.iter().any(|part| STATE_PARTS.contains(part))
}

// ---- finding the content -------------------------------------------------------------------

/// What a first walk over the body finds: the candidates for the main content, and the first
/// `h1` outside what is left out.
struct Survey<'a> {
    /// Each `article`, with the text of the paragraphs in it.
    articles: Vec<(ElementRef<'a>, usize)>,
    main: Option<ElementRef<'a>>,
    /// The element whose `p` children hold the most text, and how much.
    densest: Option<(ElementRef<'a>, usize)>,
    first_h1: Option<ElementRef<'a>>,
}

/// An open element's paragraph text: in its `p` children, and in all it holds.
struct Tally<'a> {
    element: ElementRef<'a>,
    children: usize,
    within: usize,
}

impl<'a> Survey<'a> {
    fn of(body: ElementRef<'a>) -> Self {
        let protected = landmarks_and_their_ancestors(body);
        let rules = Rules {
            protected: &protected,
            forms: false,
        };
        let mut survey = Survey {
            articles: Vec::new(),
            main: None,
            densest: None,
            first_h1: None,
        };
        let mut open: Vec<Tally> = Vec::new();
        walk(body, &rules, |step| {
            match step {
                Step::Enter(element) if element.value().name() == "p" => {
                    if let Some(parent) = open.last_mut() {
                        let score = paragraph_score(element);
                        parent.children += score;
                        parent.within += score;
                    }
                    return false;
                }
                Step::Enter(element) => {
                    survey.enter(element);
                    open.push(Tally {
                        element,
                        children: 0,
                        within: 0,
                    });
                }
                Step::Leave(_) => {
                    if let Some(tally) = open.pop() {
                        if let Some(parent) = open.last_mut() {
                            parent.within += tally.within;
                        }
                        survey.leave(&tally);
                    }
                }
                Step::Text(_) => {}
            }
            true
        });
        survey
    }

    fn enter(&mut self, element: ElementRef<'a>) {
        let value = element.value();
        if value.name() == "h1" && self.first_h1.is_none() {
            self.first_h1 = Some(element);
        }
        if self.main.is_none() && is_main(value) {
            self.main = Some(element);
        }
    }

    fn leave(&mut self, tally: &Tally<'a>) {
        if tally.element.value().name() == "article" {
            self.articles.push((tally.element, tally.within));
        }
        if tally.children > self.densest.map_or(0, |(_, score)| score) {
            self.densest = Some((tally.element, tally.children));
        }
    }

    /// The element whose text is read (see the module docs).
    fn content_root(&self, body: ElementRef<'a>) -> ElementRef<'a> {
        // Of articles with as much text, the first (`max_by_key` takes the last of equals).
        let article = self.articles.iter().rev().max_by_key(|entry| entry.1);
        match (article, self.main) {
            (Some(&(article, score)), _) if score > 0 => article,
            (_, Some(main)) => main,
            (Some(&(article, _)), None) => article,
            (None, None) => self.densest.map_or(body, |(element, _)| element),
        }
    }
}

fn is_main(element: &Element) -> bool {
    element.name() == "main"
        || element
            .attr("role")
            .is_some_and(|role| role.trim().eq_ignore_ascii_case("main"))
}

/// Every `main` and `article` (and `role="main"`) element and what holds them, by
/// `element_key`.
fn landmarks_and_their_ancestors(body: ElementRef) -> HashSet<usize> {
    let mut protected = HashSet::new();
    let landmarks = body
        .descendent_elements()
        .filter(|e| e.value().name() == "article" || is_main(e.value()));
    for landmark in landmarks {
        let mut node = Some(*landmark);
        while let Some(element) = node.and_then(ElementRef::wrap) {
            if !protected.insert(element_key(element)) {
                break;
            }
            node = element.parent();
        }
    }
    protected
}

/// A paragraph's letters (whitespace aside), less those of its links.
fn paragraph_score(paragraph: ElementRef) -> usize {
    let letters = |element: ElementRef| {
        element
            .text()
            .flat_map(str::chars)
            .filter(|c| !c.is_whitespace())
            .count()
    };
    let links: usize = paragraph
        .descendent_elements()
        .filter(|e| e.value().name() == "a")
        .map(letters)
        .sum();
    letters(paragraph).saturating_sub(links)
}

// ---- reading blocks ------------------------------------------------------------------------

/// The headings, paragraphs and notes in `root`, in order. `forms` says whether forms in it
/// are left out.
fn read_pieces(root: ElementRef, forms: bool) -> Vec<Piece> {
    let inherited = root
        .ancestors()
        .filter_map(ElementRef::wrap)
        .find_map(|e| language_of(e.value()))
        .and_then(Language::side);
    let mut reader = BlockReader {
        pieces: Vec::new(),
        text: String::new(),
        ruby: RubyMarkup::default(),
        open: vec![Open {
            block: Some(BlockKind::Paragraph),
            side: inherited,
            preformatted: false,
            annotation: false,
        }],
    };
    let protected = HashSet::new();
    let rules = Rules {
        protected: &protected,
        forms,
    };
    walk(root, &rules, |step| {
        reader.step(step);
        true
    });
    // The root may be inline (a container of paragraphs need not be a block element).
    let (kind, side) = reader.enclosing_block();
    reader.flush(kind, side);
    reader.pieces
}

/// An element being read.
#[derive(Clone, Copy)]
struct Open {
    /// The kind of piece its text makes, if it is a block (else it is inline).
    block: Option<BlockKind>,
    /// The side its `lang` (or an ancestor's) says, if one does.
    side: Option<Side>,
    /// Whether its text is verbatim (it is in a `pre`).
    preformatted: bool,
    /// Whether its text is a ruby's annotation, not the block's (it is in an `rt`, `rp` or
    /// `rtc`).
    annotation: bool,
}

/// Collects the text of the block being read and ends a piece at each block's edge.
struct BlockReader {
    pieces: Vec<Piece>,
    /// The current block's text: whitespace collapsed, line breaks as `\n`.
    text: String,
    /// The ruby markup being read, its bases byte ranges of `text`.
    ruby: RubyMarkup,
    /// The elements being read, innermost last, above one for what holds the root.
    open: Vec<Open>,
}

impl BlockReader {
    fn step(&mut self, step: Step) {
        match step {
            Step::Enter(element) => {
                self.ruby.open(element.value().name(), &self.text);
                self.enter(element.value());
            }
            Step::Text(text) if self.innermost().annotation => self.ruby.annotation_text(text),
            Step::Text(text) if self.innermost().preformatted => self.text.push_str(text),
            Step::Text(text) => push_collapsed(&mut self.text, text),
            Step::Leave(element) => {
                self.ruby.close(element.value().name(), &self.text);
                if self.open.len() > 1
                    && let Some(Open {
                        block: Some(kind),
                        side,
                        ..
                    }) = self.open.pop()
                {
                    self.flush(kind, side);
                }
            }
        }
    }

    fn enter(&mut self, element: &Element) {
        let name = element.name();
        let parent = *self.innermost();
        if parent.annotation {
            // Inside a ruby's annotation nothing begins a block or breaks a line.
            self.open.push(Open {
                block: None,
                ..parent
            });
            return;
        }
        let preformatted = parent.preformatted;
        let side = language_of(element).map_or(parent.side, Language::side);
        if name == "br" {
            self.text.push('\n');
        }
        let is_block = soup::BLOCKS.contains(&name) || PAGE_BLOCKS.contains(&name);
        let block = (!preformatted && is_block).then(|| block_kind(name));
        if block.is_some() {
            let (kind, side) = self.enclosing_block();
            self.flush(kind, side);
        }
        self.open.push(Open {
            block,
            side,
            preformatted: preformatted || PREFORMATTED.contains(&name),
            annotation: ANNOTATIONS.contains(&name),
        });
    }

    fn innermost(&self) -> &Open {
        self.open.last().expect("the root's holder stays open")
    }

    /// The kind and side of the innermost block being read.
    fn enclosing_block(&self) -> (BlockKind, Option<Side>) {
        self.open
            .iter()
            .rev()
            .find_map(|open| open.block.map(|kind| (kind, open.side)))
            .unwrap_or((BlockKind::Paragraph, None))
    }

    /// Ends the current block's text as a piece of `kind`, on the side its language says or
    /// else its script, with its ruby, unless it has no text.
    fn flush(&mut self, kind: BlockKind, side: Option<Side>) {
        let raw = std::mem::take(&mut self.text);
        let ruby = self.ruby.take();
        let piece = Piece::from_raw(kind, side, &raw).map(|piece| piece.with_ruby(&raw, &ruby));
        self.pieces.extend(piece);
    }
}

fn block_kind(name: &str) -> BlockKind {
    match name {
        "h1" => BlockKind::Heading { level: 1 },
        "h2" => BlockKind::Heading { level: 2 },
        "h3" => BlockKind::Heading { level: 3 },
        "h4" => BlockKind::Heading { level: 4 },
        "h5" => BlockKind::Heading { level: 5 },
        "h6" => BlockKind::Heading { level: 6 },
        _ if PREFORMATTED.contains(&name) => BlockKind::Note,
        _ => BlockKind::Paragraph,
    }
}

/// What a `lang` attribute says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Language {
    Of(Side),
    /// A language other than English and Japanese (or none, `lang=""`).
    Other,
}

impl Language {
    fn side(self) -> Option<Side> {
        match self {
            Language::Of(side) => Some(side),
            Language::Other => None,
        }
    }
}

/// What an element's `lang` (or `xml:lang`) says, if it has one. The page's own language, on
/// `<html>` and `<body>`, is not read (see the module docs).
fn language_of(element: &Element) -> Option<Language> {
    if matches!(element.name(), "html" | "body") {
        return None;
    }
    let lang = element.attr("lang").or_else(|| element.attr("xml:lang"))?;
    let primary = lang.trim().split(['-', '_']).next().unwrap_or_default();
    Some(match primary.to_ascii_lowercase().as_str() {
        "ja" | "jpn" => Language::Of(Side::Ja),
        "en" | "eng" => Language::Of(Side::En),
        _ => Language::Other,
    })
}

/// Appends a text node's text as a browser lays it out: each run of ASCII whitespace is one
/// space, or one line break (`\n`) where it holds one, and none follows another.
fn push_collapsed(buffer: &mut String, text: &str) {
    for c in text.chars() {
        if !matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{0C}') {
            buffer.push(c);
            continue;
        }
        let line_break = matches!(c, '\n' | '\r');
        match buffer.chars().next_back() {
            Some(' ') if line_break => {
                buffer.pop();
                buffer.push('\n');
            }
            Some(' ' | '\n') => {}
            _ => buffer.push(if line_break { '\n' } else { ' ' }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_recognised_by_its_opening() {
        for text in [
            "<!DOCTYPE html>\n<p>x",
            "  \u{FEFF}<!-- saved --><!doctype HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\">",
            "<?xml version=\"1.0\"?>\n<!DOCTYPE html PUBLIC \"x\">\n<html xmlns=\"y\">",
            "<HTML lang=\"ja\">",
            "<meta charset=\"utf-8\">\n<head>\n<title>t</title>",
            "Saved page\n  <body class=\"x\">",
        ] {
            assert!(is_html(text, None), "{text:?}");
        }
        for text in [
            "<htmlx>",
            "Put the script in the <head> of the page.",
            "<!-- never closed <html>",
            "# A heading\n\n<p>inline html</p>",
            "<tmx version=\"1.4\">",
        ] {
            assert!(!is_html(text, None), "{text:?}");
        }
        assert!(is_html("<p>A fragment</p>", Some("htm")));
        assert!(!is_html("Not markup", Some("html")));
    }

    #[test]
    fn charsets_are_read_from_meta_elements() {
        let declared = |head: &str| declared_charset(&format!("<html><head>{head}</head>"));
        assert_eq!(
            declared("<meta charset=' EUC-JP '>").as_deref(),
            Some("EUC-JP")
        );
        assert_eq!(
            declared(r#"<meta http-equiv="content-type" content="text/html; Charset=&quot;Shift_JIS&quot;">"#)
                .as_deref(),
            Some("Shift_JIS")
        );
        assert_eq!(
            declared(r#"<META HTTP-EQUIV="Content-Type" CONTENT="text/html;charset=x-sjis; q">"#)
                .as_deref(),
            Some("x-sjis")
        );
        assert_eq!(
            declared(r#"<meta name="author" content="charset=no">"#),
            None
        );
        assert_eq!(declared("<meta charset=\"\">"), None);
        let long = format!("<p>{}</p><meta charset=euc-jp>", "あ".repeat(5000));
        assert_eq!(declared_charset(&long), None, "only the top is searched");
    }

    #[test]
    fn boilerplate_words() {
        for word in [
            "sidebar",
            "main-menu",
            "Breadcrumbs",
            "share_buttons",
            "ad",
            "cookie-banner",
        ] {
            assert!(is_boilerplate_word(word), "{word}");
        }
        for word in [
            "has-sidebar",
            "content-with-sidebar",
            "entry-content",
            "header",
            "add",
            "no-comments",
        ] {
            assert!(!is_boilerplate_word(word), "{word}");
        }
    }

    #[test]
    fn whitespace_collapses_as_in_a_browser() {
        let mut text = String::new();
        push_collapsed(&mut text, "  one \t two\n   three\u{a0} ");
        push_collapsed(&mut text, " four");
        assert_eq!(text, " one two\nthree\u{a0} four");
    }

    #[test]
    fn languages() {
        let element = |html: &str| {
            let page = Html::parse_fragment(html);
            let element = page.root_element().child_elements().next().unwrap();
            language_of(element.value())
        };
        assert_eq!(
            element("<p lang='ja-JP'>x</p>"),
            Some(Language::Of(Side::Ja))
        );
        assert_eq!(
            element("<p lang='EN_gb'>x</p>"),
            Some(Language::Of(Side::En))
        );
        assert_eq!(element("<p lang='fr'>x</p>"), Some(Language::Other));
        assert_eq!(element("<p lang='jv'>x</p>"), Some(Language::Other));
        assert_eq!(element("<p>x</p>"), None);
    }
}
