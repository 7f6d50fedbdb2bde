//! The start of a long file imported alone, to show its first screens while the whole file is
//! read: a preview that the whole article then replaces.
//!
//! Only a regular file over `PREVIEW_ABOVE` bytes is previewed, and only where a start cut off
//! reads as the start of the whole:
//! - a text of paragraphs (plain text, Markdown, Aozora Bunko), cut at a blank line;
//! - a Kyoto corpus article (XML), cut after the last element that ends in the root or in a
//!   section (`<sec>`, nested or not), and the elements still open there closed.
//!
//! Other documents whose structure spans the file (other XML, JSON, a table, an EPUB book) and
//! an encoding that a cut could split (UTF-16) get no preview.

use std::io::Read;
use std::path::Path;

use super::{Format, Imported, import_bytes};

/// Files up to this size are read whole before the first frame: at a few hundred MB/s, about
/// a millisecond.
pub const PREVIEW_ABOVE: u64 = 256 * 1024;
/// How much of the file the preview reads for each cell of the terminal: a few screens of text
/// (two of the Kyoto article at 160×45, imported in some 0.2 ms), the least and the most it
/// reads whatever the size; the whole follows within milliseconds.
const HEAD_BYTES_PER_CELL: usize = 2;
const HEAD_BYTES: std::ops::RangeInclusive<usize> = 16 * 1024..=256 * 1024;

/// The article made from the start of the file at `path`, enough for a terminal of `cells`
/// cells, and the file's size, if it is long enough to need a preview and of a kind whose start
/// can be read alone (see the module docs).
pub fn preview(path: &Path, format: Option<Format>, cells: usize) -> Option<(Imported, u64)> {
    // Looked at before it is opened: opening a pipe waits for its writer.
    let metadata = std::fs::metadata(path).ok()?;
    if !metadata.is_file() || metadata.len() <= PREVIEW_ABOVE {
        return None;
    }
    let file = std::fs::File::open(path).ok()?;
    let wanted = cells
        .saturating_mul(HEAD_BYTES_PER_CELL)
        .clamp(*HEAD_BYTES.start(), *HEAD_BYTES.end());
    let mut head = Vec::with_capacity(wanted);
    file.take(wanted as u64).read_to_end(&mut head).ok()?;
    let head = if looks_like_xml(&head) {
        cut_xml(&head)?
    } else {
        cut_at_paragraph(&head)?.to_vec()
    };
    let source = path.display().to_string();
    let imported = import_bytes(&head, &source, format).ok()?;
    is_previewed(imported.article.format).then_some((imported, metadata.len()))
}

/// Whether the bytes open (after a BOM and blank space) as markup does.
fn looks_like_xml(head: &[u8]) -> bool {
    let head = head.strip_prefix("\u{FEFF}".as_bytes()).unwrap_or(head);
    head.trim_ascii_start().starts_with(b"<")
}

/// The bytes up to the end of the last blank line, else of the last line, else none: a text
/// of one long line has no paragraph to end the preview at. UTF-16 is never cut (its line
/// breaks are two bytes).
fn cut_at_paragraph(head: &[u8]) -> Option<&[u8]> {
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return None;
    }
    let lf = memchr::memmem::rfind(head, b"\n\n");
    let crlf = memchr::memmem::rfind(head, b"\n\r\n").map(|at| at + 1);
    let blank_line = lf.max(crlf);
    let end = match blank_line {
        Some(at) => at + 2,
        None => memchr::memrchr(b'\n', head)? + 1,
    };
    Some(&head[..end])
}

/// Formats whose start, cut as above, is read as the start of the whole.
fn is_previewed(format: Format) -> bool {
    matches!(
        format,
        Format::Plain | Format::Markdown | Format::Aozora | Format::Kyoto
    )
}

/// XML cut after the last end tag that leaves only the root and sections (`SECTION`) open,
/// those then closed; `None` without such a tag, or for what is not UTF-8.
fn cut_xml(head: &[u8]) -> Option<Vec<u8>> {
    let text = match std::str::from_utf8(head) {
        Ok(text) => text,
        // Cut inside a character: what comes before it.
        Err(error) if error.error_len().is_none() => {
            std::str::from_utf8(&head[..error.valid_up_to()]).ok()?
        }
        Err(_) => return None,
    };
    let mut open: Vec<&str> = Vec::new();
    let mut cut: Option<(usize, Vec<&str>)> = None;
    let mut at = 0;
    while let Some(found) = memchr::memchr(b'<', &text.as_bytes()[at..]) {
        let start = at + found;
        let rest = &text[start..];
        let Some((end, tag)) = markup_at(rest) else {
            break; // The head ends inside it.
        };
        at = start + end;
        match tag {
            Tag::Start(name) => open.push(name),
            Tag::End => {
                open.pop();
                if open.iter().skip(1).all(|&name| name == SECTION) {
                    cut = Some((at, open.clone()));
                }
            }
            Tag::Other => {}
        }
    }
    let (end, open) = cut?;
    let mut bytes = head[..end].to_vec();
    for name in open.iter().rev() {
        bytes.extend_from_slice(format!("</{name}>").as_bytes());
    }
    Some(bytes)
}

/// A section of a Kyoto corpus article, which holds paragraphs and sections.
const SECTION: &str = "sec";

/// A piece of markup, as `cut_xml` needs to know it.
enum Tag<'a> {
    Start(&'a str),
    End,
    /// An empty element, a comment, CDATA, a declaration or a processing instruction.
    Other,
}

/// The markup that `text` opens with (at a `<`) and the length of it; `None` if it does not
/// end in `text` (the head ends inside it).
fn markup_at(text: &str) -> Option<(usize, Tag<'_>)> {
    for (open, close) in [("<!--", "-->"), ("<![CDATA[", "]]>"), ("<?", "?>")] {
        if text.starts_with(open) {
            let end = text.find(close)? + close.len();
            return Some((end, Tag::Other));
        }
    }
    let end = tag_end(text)?;
    let inner = &text[1..end - 1];
    let tag = if inner.starts_with('/') {
        Tag::End
    } else if inner.starts_with('!') || inner.ends_with('/') {
        Tag::Other
    } else {
        let name_end = inner
            .find(|c: char| c.is_ascii_whitespace())
            .unwrap_or(inner.len());
        Tag::Start(&inner[..name_end])
    };
    Some((end, tag))
}

/// The length of the tag `text` opens with, up to its `>` outside quoted attribute values.
fn tag_end(text: &str) -> Option<usize> {
    let mut quote = None;
    for (i, byte) in text.bytes().enumerate() {
        match (quote, byte) {
            (None, b'"' | b'\'') => quote = Some(byte),
            (Some(q), _) if q == byte => quote = None,
            (None, b'>') => return Some(i + 1),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_head_is_cut_after_its_last_blank_line() {
        assert_eq!(
            cut_at_paragraph(b"one\n\ntwo\n\nthr"),
            Some(&b"one\n\ntwo\n\n"[..])
        );
        assert_eq!(
            cut_at_paragraph(b"one\r\n\r\ntw"),
            Some(&b"one\r\n\r\n"[..])
        );
        assert_eq!(cut_at_paragraph(b"one\ntwo\nthr"), Some(&b"one\ntwo\n"[..]));
        assert_eq!(cut_at_paragraph(b"one long line"), None);
        assert_eq!(cut_at_paragraph(b"\xFF\xFEo\0n\0\n\0\n\0"), None);
    }

    #[test]
    fn xml_is_cut_after_an_element_of_the_root_or_of_a_section_and_closed() {
        let cut = |xml: &str| cut_xml(xml.as_bytes()).map(|b| String::from_utf8(b).unwrap());
        assert_eq!(
            cut("<?xml?><art a='>'><tit>T</tit><par><sen>one</sen><sen>tw").as_deref(),
            Some("<?xml?><art a='>'><tit>T</tit></art>")
        );
        assert_eq!(
            cut("<art><sec><sec><tit>S</tit><par><sen>1</sen></par><!-- </x> --><par><s")
                .as_deref(),
            Some("<art><sec><sec><tit>S</tit><par><sen>1</sen></par></sec></sec></art>")
        );
        assert_eq!(
            cut("<art><e/><par><![CDATA[</par>]]></par><p").as_deref(),
            Some("<art><e/><par><![CDATA[</par>]]></par></art>")
        );
        assert_eq!(cut("<art><par><sen>no end"), None);
        assert_eq!(
            cut("<art><par>x</par><!-- unclosed").as_deref(),
            Some("<art><par>x</par></art>")
        );
    }
}
