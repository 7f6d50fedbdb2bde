//! The start of a long file imported alone, to show its first screens while the whole file is
//! read: a preview that the whole article then replaces.
//!
//! Only a regular file over `PREVIEW_ABOVE` bytes is previewed, and only a text of paragraphs
//! (plain text, Markdown, Aozora Bunko), whose start reads the same cut off at a blank line; a
//! document whose structure spans the file (XML, JSON, a table, an EPUB book) or an encoding
//! that a cut could split (UTF-16) gets no preview.

use std::io::Read;
use std::path::Path;

use super::{Format, Imported, import_bytes};

/// Files up to this size are read whole before the first frame: at a few hundred MB/s, about
/// a millisecond.
pub const PREVIEW_ABOVE: u64 = 512 * 1024;
/// How much of the file the preview reads: a few dozen screens of text.
const HEAD_BYTES: usize = 64 * 1024;

/// The article made from the start of the file at `path`, if it is long enough to need a preview
/// and of a kind whose start can be read alone (see the module docs).
pub fn preview(path: &Path, format: Option<Format>) -> Option<Imported> {
    let file = std::fs::File::open(path).ok()?;
    let metadata = file.metadata().ok()?;
    if !metadata.is_file() || metadata.len() <= PREVIEW_ABOVE {
        return None;
    }
    let mut head = Vec::with_capacity(HEAD_BYTES);
    file.take(HEAD_BYTES as u64).read_to_end(&mut head).ok()?;
    let head = cut_at_paragraph(&head)?;
    let source = path.display().to_string();
    let imported = import_bytes(head, &source, format).ok()?;
    is_paragraphs(imported.article.format).then_some(imported)
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

/// Formats whose start, cut at a blank line, is read as the same paragraphs as in the whole.
fn is_paragraphs(format: Format) -> bool {
    matches!(format, Format::Plain | Format::Markdown | Format::Aozora)
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
}
