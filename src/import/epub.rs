//! EPUB 2 and 3 books (a zip archive) → an `Article`.
//!
//! - The book is found as readers find it: `META-INF/container.xml` names the package document
//!   (its first `rootfile`'s `full-path`), whose manifest lists the files and whose spine puts
//!   the content documents in reading order. Each XHTML document of the spine gives its blocks
//!   (`xhtml`); spine items of other types (an image, a `DTBook`) are skipped.
//! - Section headings: the table of contents, the nav document's `<nav epub:type="toc">`
//!   (EPUB 3, the manifest item with `properties="nav"`), else the NCX the spine's `toc`
//!   attribute names (EPUB 2). An entry that points at the start of a spine item, or at an
//!   element id in it, is a heading of its depth in the table before that content, unless the
//!   content there already starts with an equivalent `h1`–`h6` heading (the same letters, one
//!   holding the other).
//! - Headings: `dc:title` is the title, the `dc:creator`s the byline, `dc:date` (the
//!   publication's, where several are given) the date, read as ISO where it can be
//!   (`crate::date`), `dc:publisher` the publisher, a `belongs-to-collection` (or Calibre's
//!   series) the series; each on the side its `xml:lang` or its script says.
//! - Sides: a `lang`/`xml:lang` inside the body (on the block or around it) decides a block's
//!   side when it names English or Japanese; otherwise its script does (`script`). The language
//!   of the whole document (on `<html>` or `<body>`), else the book's `dc:language`, only places
//!   text without letters (a date, a number): Japanese-made books mark every document `ja`,
//!   bilingual ones too. The pieces are then paired as plain text pairs its paragraphs
//!   (`pairing::pair`), so a book whose paragraphs alternate languages reads as pairs; a
//!   paragraph's ruby (`<ruby>` with its `<rt>` readings, `xhtml`) goes with it onto the
//!   Japanese side of its block.
//! - Every string taken from the book is sanitized (`crate::text::sanitize`).
//! - Hostile archives (`archive`): a limit on the number of files, on each file's and on all
//!   files' unpacked size, names that climb out of the book ignored; tag soup that would nest
//!   too deeply for the HTML parser is refused (`soup`). An encrypted book (a
//!   `META-INF/rights.xml`, or content listed in `META-INF/encryption.xml`; fonts obfuscated
//!   as EPUB allows are no obstacle) is refused, as is a book whose container, package
//!   document, spine or spine items are missing, with a line naming what is missing.

mod archive;
mod xhtml;

use std::collections::HashMap;
use std::fmt;

use roxmltree::{Document, Node};

use self::archive::Archive;
use self::xhtml::{Edge, TocEntry, collapse_spaces, lang_side, traverse};
use crate::article::{Article, Bilingual, BlockKind, Format, Headings, Side};
use crate::date::parse_date;
use crate::import::pairing::{self, Piece};
use crate::import::{ImportError, Imported, xml};
use crate::script::script_of;
use crate::text::{self, sanitize};

const CONTAINER: &str = "META-INF/container.xml";
const ENCRYPTION: &str = "META-INF/encryption.xml";
const RIGHTS: &str = "META-INF/rights.xml";
const PACKAGE_TYPE: &str = "application/oebps-package+xml";
const DC: &str = "http://purl.org/dc/elements/1.1/";
const OPF: &str = "http://www.idpf.org/2007/opf";
const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";
/// The media types of content documents taiyaku reads.
const CONTENT_TYPES: [&str; 4] = [
    "application/xhtml+xml",
    "text/html",
    "application/html",
    "text/x-oeb1-document",
];
/// Names from the book are cut to this many characters in messages.
const NAME_MAX_CHARS: usize = 100;

/// Why a book cannot be read. Each message is one line and safe to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EpubError {
    /// `--format epub` for something else: what it is.
    NotEpub { found: &'static str },
    /// DRM: the content is encrypted.
    Encrypted,
    /// A broken or hostile book, and what is wrong, naming the file.
    Bad(String),
}

impl fmt::Display for EpubError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotEpub { found } => write!(f, "not an EPUB book: this is {found}"),
            Self::Encrypted => f.write_str("this EPUB is encrypted (DRM): taiyaku cannot read it"),
            Self::Bad(message) => write!(f, "bad EPUB: {message}"),
        }
    }
}

impl From<EpubError> for ImportError {
    fn from(error: EpubError) -> Self {
        ImportError::Epub(error)
    }
}

/// A name or a message from the book, safe and short, on one line.
fn shown(text: &dyn fmt::Display) -> String {
    let one_line = sanitize(&text.to_string()).replace('\n', " ");
    match one_line.char_indices().nth(NAME_MAX_CHARS) {
        Some((cut, _)) => format!("{}…", &one_line[..cut]),
        None => one_line,
    }
}

/// The registry row's parser: the text gate hands it text, which is never an EPUB (a book
/// reaches `parse_bytes` from the container step instead).
pub fn parse_text(_text: &str, _source: &str) -> Result<Imported, ImportError> {
    Err(EpubError::NotEpub { found: "text" }.into())
}

/// Reads an EPUB book from its bytes (the zip archive).
pub fn parse_bytes(bytes: &[u8], source: &str) -> Result<Imported, ImportError> {
    let mut book = Book {
        archive: Archive::open(bytes)?,
        warnings: Vec::new(),
    };
    book.refuse_drm()?;
    let opf = book.rootfile()?;
    let package = book.package(&opf)?;
    let toc = book.toc(&package);
    let pieces = book.spine_pieces(&package, &toc)?;
    let blocks = pairing::pair(pieces);
    Ok(Imported {
        article: Article::new(source.to_owned(), Format::Epub, package.headings, blocks),
        warnings: book.warnings,
    })
}

/// The book's archive, and the warnings its files have given so far.
struct Book<'a> {
    archive: Archive<'a>,
    warnings: Vec<String>,
}

/// What the package document says.
struct Package {
    /// Its own path in the archive.
    path: String,
    headings: Headings,
    /// The side of `dc:language`, for text without letters.
    default: Option<Side>,
    manifest: HashMap<String, Item>,
    /// The spine's item ids in order; `None` without a `<spine>`.
    spine: Option<Vec<String>>,
    /// The NCX's item id (the spine's `toc`).
    ncx: Option<String>,
}

/// A manifest item.
struct Item {
    /// Its file in the archive; `None` when its `href` points out of the book.
    path: Option<String>,
    href: String,
    media_type: String,
    properties: String,
}

/// A table of contents entry, resolved to the spine item it points at.
struct TocHeading {
    level: u8,
    side: Side,
    label: String,
    path: String,
    fragment: Option<String>,
}

impl Book<'_> {
    /// Refuses a book with DRM, and marks the files `META-INF/encryption.xml` lists as
    /// encrypted, so that reading one of them is refused.
    fn refuse_drm(&mut self) -> Result<(), EpubError> {
        if self.archive.has(RIGHTS) {
            return Err(EpubError::Encrypted);
        }
        let Some(text) = self.text(ENCRYPTION)? else {
            return Ok(());
        };
        let listed = self.xml(ENCRYPTION, &text, |document| {
            Ok(document
                .descendants()
                .filter(|node| node.has_tag_name("CipherReference"))
                .filter_map(|node| node.attribute("URI"))
                .filter_map(|uri| resolve("", uri))
                .map(|(path, _)| path)
                .collect::<Vec<_>>())
        })?;
        self.archive
            .mark_encrypted(listed.iter().map(String::as_str));
        Ok(())
    }

    /// The package document's path, from the container.
    fn rootfile(&mut self) -> Result<String, EpubError> {
        let text = self.required(CONTAINER, None)?;
        let path = self.xml(CONTAINER, &text, |document| {
            let rootfiles: Vec<Node> = document
                .descendants()
                .filter(|node| node.has_tag_name("rootfile"))
                .collect();
            let chosen = rootfiles
                .iter()
                .find(|node| node.attribute("media-type") == Some(PACKAGE_TYPE))
                .or(rootfiles.first());
            Ok(chosen
                .and_then(|node| node.attribute("full-path"))
                .and_then(|path| join("", path)))
        })?;
        path.ok_or_else(|| EpubError::Bad(format!("{CONTAINER} names no rootfile")))
    }

    fn package(&mut self, path: &str) -> Result<Package, EpubError> {
        let text = self.required(path, Some(CONTAINER))?;
        self.xml(path, &text, |document| Ok(read_package(document, path)))
    }

    /// The table of contents: the nav document's, else the NCX's; none (with a warning) when
    /// the one the book names cannot be read.
    fn toc(&mut self, package: &Package) -> Vec<TocHeading> {
        let nav = package
            .manifest
            .values()
            .find(|item| has_token(&item.properties, "nav"))
            .and_then(|item| item.path.as_deref());
        if let Some(nav) = nav {
            let entries = self.optional(nav).map(|text| match xhtml::events(&text) {
                Ok((events, _)) => xhtml::nav_entries(&events),
                Err(_) => Vec::new(),
            });
            if let Some(entries) = entries.filter(|e| !e.is_empty()) {
                return resolved(entries, nav);
            }
        }
        let ncx = package
            .ncx
            .as_ref()
            .and_then(|id| package.manifest.get(id))
            .and_then(|item| item.path.as_deref());
        let Some(ncx) = ncx else {
            return Vec::new();
        };
        let Some(text) = self.optional(ncx) else {
            return Vec::new();
        };
        match self.xml(ncx, &text, |document| Ok(ncx_entries(document))) {
            Ok(entries) => resolved(entries, ncx),
            Err(error) => {
                self.warnings.push(format!(
                    "the table of contents is left out: {}",
                    error.to_string().trim_start_matches("bad EPUB: ")
                ));
                Vec::new()
            }
        }
    }

    /// The pieces of every content document of the spine, in order, each document's with the
    /// headings the table of contents gives it.
    fn spine_pieces(
        &mut self,
        package: &Package,
        toc: &[TocHeading],
    ) -> Result<Vec<Piece>, EpubError> {
        let mut by_path: HashMap<&str, Vec<&TocHeading>> = HashMap::new();
        for heading in toc {
            by_path.entry(&heading.path).or_default().push(heading);
        }
        let mut pieces = Vec::new();
        let mut not_xml = Vec::new();
        for id in spine(package)? {
            let Some(path) = content_path(package, id)? else {
                continue;
            };
            let (content, error) = self.content(path, package)?;
            not_xml.extend(error.map(|error| (path, error)));
            let headings = by_path.get(path).map_or(&[][..], Vec::as_slice);
            pieces.extend(with_headings(content, headings));
        }
        if let Some((first, error)) = not_xml.first() {
            let count = not_xml.len();
            let documents = if count == 1 {
                "document is"
            } else {
                "documents are"
            };
            self.warnings.push(format!(
                "{count} content {documents} not well-formed XML, read as HTML \
                 (the first, {}: {})",
                shown(first),
                shown(error)
            ));
        }
        Ok(pieces)
    }

    /// A content document's blocks, and the XML error it was read as HTML for, if it was.
    fn content(
        &mut self,
        path: &str,
        package: &Package,
    ) -> Result<(xhtml::Content, Option<String>), EpubError> {
        let text = self.required(path, Some(&package.path))?;
        let (events, error) = xhtml::events(&text).map_err(|error| {
            EpubError::Bad(format!(
                "{} is not well-formed XML ({}), and nests too deeply to be read as HTML",
                shown(&path),
                shown(&error)
            ))
        })?;
        Ok((xhtml::content(&events, package.default), error))
    }

    /// A file's text, `None` when the book has no such file.
    fn text(&mut self, name: &str) -> Result<Option<String>, EpubError> {
        let Some(bytes) = self.archive.read(name)? else {
            return Ok(None);
        };
        let decoded = text::decode(&bytes)
            .map_err(|error| EpubError::Bad(format!("{}: {error}", shown(&name))))?;
        if decoded.replaced > 0 {
            self.warnings.push(format!(
                "{}: {} invalid bytes replaced with U+FFFD (decoded as {})",
                shown(&name),
                decoded.replaced,
                decoded.encoding
            ));
        }
        Ok(Some(decoded.text.into_owned()))
    }

    /// A file's text, or the error saying it is missing (and which file named it).
    fn required(&mut self, name: &str, named_in: Option<&str>) -> Result<String, EpubError> {
        self.text(name)?.ok_or_else(|| {
            let by = named_in.map(|by| format!(" (named in {})", shown(&by)));
            EpubError::Bad(format!(
                "{}{} is missing",
                shown(&name),
                by.unwrap_or_default()
            ))
        })
    }

    /// A file the book can do without (its table of contents): its text, or `None` with a
    /// warning when it is missing.
    fn optional(&mut self, name: &str) -> Option<String> {
        match self.text(name) {
            Ok(Some(text)) => Some(text),
            Ok(None) => {
                let name = shown(&name);
                self.warnings
                    .push(format!("the table of contents {name} is missing"));
                None
            }
            Err(error) => {
                self.warnings
                    .push(format!("the table of contents is left out: {error}"));
                None
            }
        }
    }

    /// Parses a file of the book as XML (an external DOCTYPE allowed, a bare `&` repaired with
    /// a warning), an error naming the file and its line and column.
    fn xml<T>(
        &mut self,
        name: &str,
        text: &str,
        read: impl FnOnce(&Document) -> Result<T, ImportError>,
    ) -> Result<T, EpubError> {
        let text = xml::without_external_doctype(text);
        let (value, warnings) = xml::read(&text, read)
            .map_err(|error| EpubError::Bad(format!("{}: {error}", shown(&name))))?;
        let name = shown(&name);
        self.warnings
            .extend(warnings.into_iter().map(|w| format!("{name}: {w}")));
        Ok(value)
    }
}

// ---- the package document --------------------------------------------------------------------

/// The spine's item ids, or the error for a book without one.
fn spine(package: &Package) -> Result<&[String], EpubError> {
    let opf = shown(&package.path);
    let spine = package
        .spine
        .as_deref()
        .ok_or_else(|| EpubError::Bad(format!("{opf} has no spine")))?;
    if spine.is_empty() {
        return Err(EpubError::Bad(format!("the spine of {opf} lists no item")));
    }
    Ok(spine)
}

/// The file of a spine item that is a content document; `None` for another kind of item (an
/// image), an error for an item the manifest lacks or that points out of the book.
fn content_path<'a>(package: &'a Package, id: &str) -> Result<Option<&'a str>, EpubError> {
    let item = package.manifest.get(id).ok_or_else(|| {
        EpubError::Bad(format!(
            "the spine's item '{}' is missing from the manifest of {}",
            shown(&id),
            shown(&package.path)
        ))
    })?;
    if !is_content(item) {
        return Ok(None);
    }
    let path = item.path.as_deref().ok_or_else(|| {
        EpubError::Bad(format!(
            "the spine's item '{}' points out of the book ({})",
            shown(&id),
            shown(&item.href)
        ))
    })?;
    Ok(Some(path))
}

fn read_package(document: &Document, path: &str) -> Package {
    let find = |name: &str| document.descendants().find(|node| node.has_tag_name(name));
    let (headings, default) = find("metadata").map_or_else(
        || (Headings::default(), None),
        |metadata| read_metadata(metadata),
    );
    let manifest = find("manifest").map_or_else(HashMap::new, |manifest| {
        manifest
            .children()
            .filter(|node| node.has_tag_name("item"))
            .filter_map(|node| {
                let href = node.attribute("href")?;
                let item = Item {
                    path: resolve(path, href).map(|(path, _)| path),
                    href: href.to_owned(),
                    media_type: node.attribute("media-type").unwrap_or_default().to_owned(),
                    properties: node.attribute("properties").unwrap_or_default().to_owned(),
                };
                Some((node.attribute("id")?.to_owned(), item))
            })
            .collect()
    });
    let spine = find("spine");
    Package {
        headings,
        default,
        manifest,
        ncx: spine
            .and_then(|spine| spine.attribute("toc"))
            .map(str::to_owned),
        spine: spine.map(|spine| {
            spine
                .children()
                .filter(|node| node.has_tag_name("itemref"))
                .filter_map(|node| node.attribute("idref"))
                .map(str::to_owned)
                .collect()
        }),
        path: path.to_owned(),
    }
}

/// The headings the metadata gives, and the side of its `dc:language`.
fn read_metadata(metadata: Node) -> (Headings, Option<Side>) {
    let dc = |name: &'static str| {
        metadata
            .descendants()
            .filter(move |node| node.tag_name().namespace() == Some(DC))
            .filter(move |node| node.tag_name().name() == name)
    };
    let default = dc("language")
        .map(|node| text_of(node))
        .find(|lang| !lang.is_empty())
        .and_then(|lang| lang_side(&lang));
    let mut headings = Headings::default();
    let place = |field: &mut Bilingual, node: Node, joined: bool| {
        let text = text_of(node);
        if text.is_empty() {
            return;
        }
        let side = side_of(&text, marked_side(node), default);
        match field.get_mut(side) {
            Some(earlier) if joined => *earlier = format!("{earlier}, {text}").into(),
            Some(_) => {}
            empty @ None => *empty = Some(text.into()),
        }
    };
    dc("title").for_each(|node| place(&mut headings.title, node, false));
    dc("creator").for_each(|node| place(&mut headings.byline, node, true));
    dc("publisher").for_each(|node| place(&mut headings.publisher, node, false));
    series(metadata).for_each(|node| place(&mut headings.series, node, false));
    if let Some(date) = publication_date(&dc("date").collect::<Vec<_>>()) {
        let (shown, iso) = read_date(date);
        headings.date_iso = iso;
        let side = side_of(&shown, marked_side(date), default);
        *headings.date.get_mut(side) = Some(shown.into());
    }
    (headings, default)
}

/// The series: EPUB 3's `belongs-to-collection`, or Calibre's `calibre:series` meta (whose
/// `content` is read by `text_of`).
fn series<'a, 'input>(metadata: Node<'a, 'input>) -> impl Iterator<Item = Node<'a, 'input>> {
    metadata.descendants().filter(|node| {
        node.has_tag_name("meta")
            && (node.attribute("property") == Some("belongs-to-collection")
                || node.attribute("name") == Some("calibre:series"))
    })
}

/// Of the `dc:date`s, the publication's (EPUB 2's `opf:event`), else the first.
fn publication_date<'a, 'input>(dates: &[Node<'a, 'input>]) -> Option<Node<'a, 'input>> {
    let published = |node: &&Node| {
        node.attribute((OPF, "event"))
            .or(node.attribute("event"))
            .is_none_or(|event| event.contains("publication"))
    };
    dates.iter().find(published).or(dates.first()).copied()
}

/// A date as shown (without the time of day an EPUB date may carry) and as ISO, if it reads.
fn read_date(node: Node) -> (String, Option<String>) {
    let text = text_of(node);
    let day = text.split('T').next().unwrap_or_default();
    if let Some(iso) = parse_date(day) {
        (day.to_owned(), Some(iso))
    } else {
        let iso = parse_date(&text);
        (text, iso)
    }
}

/// An element's text (a meta's `content`, if it has one): white space collapsed, sanitized.
fn text_of(node: Node) -> String {
    let text: String = match node.attribute("content") {
        Some(content) => content.to_owned(),
        None => node
            .descendants()
            .filter(Node::is_text)
            .filter_map(|n| n.text())
            .collect(),
    };
    sanitize(collapse_spaces(&text).trim())
}

/// The side an element's `xml:lang` (or `lang`) marks.
fn marked_side(node: Node) -> Option<Side> {
    node.attribute((XML_NAMESPACE, "lang"))
        .or_else(|| node.attribute("lang"))
        .and_then(lang_side)
}

/// The side of a text: as marked, else by its script, or (for text without letters) the
/// default.
fn side_of(text: &str, marked: Option<Side>, default: Option<Side>) -> Side {
    marked.unwrap_or_else(|| {
        if text.chars().any(char::is_alphabetic) {
            script_of(text)
        } else {
            default.unwrap_or_else(|| script_of(text))
        }
    })
}

fn has_token(list: &str, token: &str) -> bool {
    list.split_whitespace().any(|t| t == token)
}

/// Whether a manifest item is a content document taiyaku reads.
fn is_content(item: &Item) -> bool {
    let media_type = item.media_type.trim().to_ascii_lowercase();
    CONTENT_TYPES.contains(&media_type.as_str())
        || (media_type.is_empty()
            && [".xhtml", ".html", ".htm"]
                .iter()
                .any(|ext| item.href.to_ascii_lowercase().ends_with(ext)))
}

// ---- the table of contents -------------------------------------------------------------------

/// The NCX's `navPoint`s in order, each at its depth.
fn ncx_entries(document: &Document) -> Vec<TocEntry> {
    let mut entries = Vec::new();
    let mut depth = 0_usize;
    for edge in traverse(document.root()) {
        match edge {
            Edge::Open(node) if node.has_tag_name("navPoint") => {
                depth += 1;
                if let Some(entry) = ncx_entry(node, depth) {
                    entries.push(entry);
                }
            }
            Edge::Close(node) if node.has_tag_name("navPoint") => depth -= 1,
            _ => {}
        }
    }
    entries
}

fn ncx_entry(point: Node, depth: usize) -> Option<TocEntry> {
    let label_node = child(point, "navLabel")?;
    let text_node = child(label_node, "text").unwrap_or(label_node);
    let label = text_of(text_node);
    let href = child(point, "content")?.attribute("src")?.to_owned();
    if label.is_empty() {
        return None;
    }
    let marked = marked_side(text_node).or_else(|| marked_side(label_node));
    Some(TocEntry {
        level: u8::try_from(depth.clamp(1, 6)).unwrap_or(6),
        side: side_of(&label, marked, None),
        label,
        href,
    })
}

/// An element's first child element of a name.
fn child<'a, 'input>(node: Node<'a, 'input>, name: &str) -> Option<Node<'a, 'input>> {
    node.children().find(|c| c.has_tag_name(name))
}

/// Entries of a table in the document `base`, pointing at files of the book.
fn resolved(entries: Vec<TocEntry>, base: &str) -> Vec<TocHeading> {
    entries
        .into_iter()
        .filter_map(|entry| {
            let (path, fragment) = resolve(base, &entry.href)?;
            Some(TocHeading {
                level: entry.level,
                side: entry.side,
                label: entry.label,
                path,
                fragment,
            })
        })
        .collect()
}

/// A document's pieces with the table's headings for it before the pieces they point at
/// (the document's start, or the element with the id), in the table's order; a heading the
/// content already starts with there, or one pointing past the content, is left out.
fn with_headings(content: xhtml::Content, headings: &[&TocHeading]) -> Vec<Piece> {
    let pieces = content.pieces;
    let mut inserted: Vec<(usize, Piece)> = headings
        .iter()
        .filter_map(|heading| {
            let at = match &heading.fragment {
                None => 0,
                Some(id) => *content.anchors.get(id)?,
            };
            let already = pieces
                .get(at..)?
                .iter()
                .take_while(|p| matches!(p.kind, BlockKind::Heading { .. }))
                .any(|p| equivalent(&p.text, &heading.label));
            (!already && at < pieces.len()).then(|| {
                let kind = BlockKind::Heading {
                    level: heading.level,
                };
                let piece = Piece::new(kind, heading.side, heading.label.clone());
                (at, piece)
            })
        })
        .collect();
    inserted.sort_by_key(|(at, _)| *at);
    let mut inserted = inserted.into_iter().peekable();
    let mut out = Vec::with_capacity(pieces.len() + headings.len());
    for (index, piece) in pieces.into_iter().enumerate() {
        while let Some((_, heading)) = inserted.next_if(|(at, _)| *at == index) {
            out.push(heading);
        }
        out.push(piece);
    }
    out
}

/// Whether two headings say the same: their letters and digits, lowercase, one holding the
/// other.
fn equivalent(a: &str, b: &str) -> bool {
    let key = |text: &str| -> String {
        text.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let (a, b) = (key(a), key(b));
    !a.is_empty() && !b.is_empty() && (a.contains(&b) || b.contains(&a))
}

// ---- paths -----------------------------------------------------------------------------------

/// Where a reference from the document `base` points: the file's path in the archive
/// (percent-decoded, `.` and `..` resolved) and the fragment; `None` for a link out of the book
/// (a URL with a scheme, or one that climbs above the archive's root).
fn resolve(base: &str, href: &str) -> Option<(String, Option<String>)> {
    let href = href.trim();
    let (path, fragment) = match href.split_once('#') {
        Some((path, fragment)) => (path, Some(percent_decode(fragment))),
        None => (href, None),
    };
    let path = path.split('?').next().unwrap_or_default();
    let has_scheme = path
        .split_once(':')
        .is_some_and(|(scheme, _)| !scheme.contains('/'));
    if has_scheme {
        return None;
    }
    let path = if path.is_empty() {
        base.to_owned()
    } else if let Some(absolute) = path.strip_prefix('/') {
        join("", &percent_decode(absolute))?
    } else {
        let dir = base.rfind('/').map_or("", |at| &base[..at]);
        join(dir, &percent_decode(path))?
    };
    (!path.is_empty()).then_some((path, fragment.filter(|f| !f.is_empty())))
}

/// A relative path from a folder, its `.` and `..` resolved; `None` if it climbs above the root.
fn join(dir: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

/// `%XX` escapes decoded (invalid ones kept as they are); the result read as UTF-8.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let escaped = (bytes[at] == b'%')
            .then(|| bytes.get(at + 1..at + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok());
        if let Some(byte) = escaped {
            out.push(byte);
            at += 3;
        } else {
            out.push(bytes[at]);
            at += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_resolve_inside_the_book() {
        let at = |base, href| resolve(base, href);
        assert_eq!(
            at("OEBPS/content.opf", "text/ch%201.xhtml"),
            Some(("OEBPS/text/ch 1.xhtml".into(), None))
        );
        assert_eq!(
            at("OEBPS/text/nav.xhtml", "../text/ch1.xhtml#sec-2"),
            Some(("OEBPS/text/ch1.xhtml".into(), Some("sec-2".into())))
        );
        assert_eq!(
            at("OEBPS/nav.xhtml", "#top"),
            Some(("OEBPS/nav.xhtml".into(), Some("top".into())))
        );
        assert_eq!(
            at("content.opf", "/OEBPS/a.xhtml"),
            Some(("OEBPS/a.xhtml".into(), None))
        );
        assert_eq!(at("OEBPS/content.opf", "../../../etc/passwd"), None);
        assert_eq!(at("OEBPS/content.opf", "https://example.com/x.html"), None);
        assert_eq!(at("OEBPS/content.opf", "mailto:a@b"), None);
        assert_eq!(
            join("", "OEBPS/./content.opf"),
            Some("OEBPS/content.opf".into())
        );
        assert_eq!(percent_decode("%E7%8C%AB%zz%"), "猫%zz%");
    }

    #[test]
    fn headings_are_equivalent_by_their_letters() {
        assert!(equivalent("Chapter 1", "CHAPTER 1."));
        assert!(equivalent("1. The Cat", "The Cat"));
        assert!(equivalent("第一章　猫", "第一章"));
        assert!(!equivalent("The Cat", "The Dog"));
        assert!(!equivalent("***", "Chapter 1"));
    }

    #[test]
    fn sides_follow_marks_then_script_then_the_default() {
        assert_eq!(side_of("吾輩は猫である。", Some(Side::En), None), Side::En);
        assert_eq!(side_of("吾輩は猫である。", None, Some(Side::En)), Side::Ja);
        assert_eq!(side_of("2013-12-20", None, Some(Side::Ja)), Side::Ja);
        assert_eq!(side_of("2013-12-20", None, None), Side::En);
    }
}
