//! What a file is before it is text, by its first bytes: gzip is unwrapped (its decompressed
//! size capped), an EPUB book (a zip archive with the `application/epub+zip` mimetype) is handed
//! on as bytes for `epub::parse_bytes`, and what taiyaku cannot read — PDF, office documents,
//! images, other archives, programs — is refused with one line saying what it is and what to do
//! instead.

use std::borrow::Cow;
use std::io::Read;

use flate2::read::GzDecoder;

use super::ImportError;
use crate::text::DecodeError;
use crate::text::decode::MAX_BYTES;

/// A kind of file that is not text, told by its first bytes, and what to do with one.
struct Refused {
    starts: &'static [u8],
    what: &'static str,
    advice: &'static str,
}

const CONVERT: &str = "convert it to text first";

/// Files refused by their signature, checked in order (zip archives are told apart below).
const REFUSED: [Refused; 14] = [
    refused(
        b"%PDF-",
        "a PDF document",
        "convert it to text first, e.g. with pdftotext",
    ),
    refused(
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
        "an old Microsoft Office document",
        CONVERT,
    ),
    refused(b"{\\rtf", "an RTF document", CONVERT),
    refused(b"\x89PNG\r\n\x1a\n", "a PNG image", "taiyaku reads text"),
    refused(b"\xFF\xD8\xFF", "a JPEG image", "taiyaku reads text"),
    refused(b"GIF87a", "a GIF image", "taiyaku reads text"),
    refused(b"GIF89a", "a GIF image", "taiyaku reads text"),
    refused(b"II*\0", "a TIFF image", "taiyaku reads text"),
    refused(b"MM\0*", "a TIFF image", "taiyaku reads text"),
    refused(
        b"7z\xBC\xAF\x27\x1C",
        "a 7-Zip archive",
        "extract its text files first",
    ),
    refused(b"\xFD7zXZ\0", "an xz archive", "decompress it first (unxz)"),
    refused(
        b"\x28\xB5\x2F\xFD",
        "a zstd archive",
        "decompress it first (unzstd)",
    ),
    refused(
        b"Rar!\x1A\x07",
        "a RAR archive",
        "extract its text files first",
    ),
    refused(b"\x7FELF", "a program", "taiyaku reads text"),
];

const fn refused(starts: &'static [u8], what: &'static str, advice: &'static str) -> Refused {
    Refused {
        starts,
        what,
        advice,
    }
}

/// A tar archive's first header: 512 bytes, `ustar` at byte 257, a checksum at 148.
const TAR_HEADER: usize = 512;
const TAR_MAGIC: (usize, &[u8]) = (257, b"ustar");
const TAR_CHECKSUM: std::ops::Range<usize> = 148..156;

const GZIP: &[u8] = b"\x1F\x8B";
const ZIP: &[u8] = b"PK\x03\x04";
const EPUB_TYPE: &[u8] = b"application/epub+zip";

/// What a file's bytes are, for the importers.
#[derive(Debug)]
pub enum Opened<'a> {
    /// Bytes for the text gate to decode (gzip already decompressed).
    Text(Cow<'a, [u8]>),
    /// An EPUB book's zip archive.
    Epub(Cow<'a, [u8]>),
}

/// The bytes as the importers read them: gzip decompressed (once; a gzip inside a gzip is
/// refused), an EPUB book told from other zip archives, or the bytes as they are for text; a
/// file taiyaku cannot read is an error saying so.
pub fn open(bytes: &[u8]) -> Result<Opened<'_>, ImportError> {
    let bytes = if bytes.starts_with(GZIP) {
        let inner = gunzip(bytes)?;
        if inner.starts_with(GZIP) {
            return Err(unsupported(
                "a gzip file inside a gzip file",
                "decompress it first",
            ));
        }
        Cow::Owned(inner)
    } else {
        Cow::Borrowed(bytes)
    };
    if is_epub(&bytes) {
        return Ok(Opened::Epub(bytes));
    }
    refuse(&bytes)?;
    Ok(Opened::Text(bytes))
}

/// Whether a zip archive is an EPUB book: its first entries (the `mimetype` file comes first,
/// stored as it is) name the EPUB media type.
fn is_epub(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    bytes.starts_with(ZIP) && holds(head, b"mimetype") && holds(head, EPUB_TYPE)
}

fn holds(bytes: &[u8], part: &[u8]) -> bool {
    bytes.windows(part.len()).any(|w| w == part)
}

/// Refuses bytes that are a kind of file taiyaku does not read.
fn refuse(bytes: &[u8]) -> Result<(), ImportError> {
    if bytes.starts_with(ZIP) {
        let (what, advice) = zip_kind(bytes);
        return Err(unsupported(what, advice));
    }
    if is_tar(bytes) {
        return Err(unsupported("a tar archive", "extract its text files first"));
    }
    match REFUSED.iter().find(|kind| bytes.starts_with(kind.starts)) {
        Some(kind) => Err(unsupported(kind.what, kind.advice)),
        None => Ok(()),
    }
}

/// Whether the bytes start with a tar header: its magic, and a checksum that adds up (a text
/// may hold `ustar` at byte 257, as a JSON file did, but not the sum of its first 512 bytes in
/// octal at byte 148).
fn is_tar(bytes: &[u8]) -> bool {
    let Some(header) = bytes.get(..TAR_HEADER) else {
        return false;
    };
    let (at, magic) = TAR_MAGIC;
    if !header[at..].starts_with(magic) {
        return false;
    }
    // Octal digits, after any spaces, ended by a NUL or a space.
    let field = header[TAR_CHECKSUM].trim_ascii_start();
    let digits = field.iter().take_while(|b| (b'0'..=b'7').contains(b));
    let Some(stored) = digits.fold(None, |sum: Option<u32>, digit| {
        Some(sum.unwrap_or(0) * 8 + u32::from(digit - b'0'))
    }) else {
        return false;
    };
    // The checksum field itself counts as spaces.
    let sum: u32 = header
        .iter()
        .enumerate()
        .map(|(i, &b)| u32::from(if TAR_CHECKSUM.contains(&i) { b' ' } else { b }))
        .sum();
    sum == stored
}

/// What a zip archive that is not a book holds, by the names in it: a Word or an
/// `OpenDocument` file, or anything else.
fn zip_kind(bytes: &[u8]) -> (&'static str, &'static str) {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    if holds(head, b"word/") {
        ("a Word document", CONVERT)
    } else if holds(head, b"application/vnd.oasis.opendocument") {
        ("an OpenDocument file", CONVERT)
    } else {
        ("a zip archive", "extract its text files first")
    }
}

fn unsupported(what: &'static str, advice: &'static str) -> ImportError {
    ImportError::Unsupported { what, advice }
}

/// A gzip file's contents, no more than the size limit.
fn gunzip(bytes: &[u8]) -> Result<Vec<u8>, ImportError> {
    let limit = MAX_BYTES as u64;
    let mut inner = Vec::new();
    GzDecoder::new(bytes)
        .take(limit + 1)
        .read_to_end(&mut inner)
        .map_err(|error| ImportError::Gzip(error.to_string()))?;
    if inner.len() as u64 > limit {
        return Err(ImportError::Decode(DecodeError::TooLarge {
            size: inner.len() as u64,
            limit,
        }));
    }
    Ok(inner)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    fn text(bytes: &[u8]) -> Cow<'_, [u8]> {
        match open(bytes).unwrap() {
            Opened::Text(text) => text,
            Opened::Epub(_) => panic!("not a book"),
        }
    }

    #[test]
    fn gzip_is_read_through_and_text_passes() {
        let plain = "吾輩は猫である。\n\nI am a cat.\n".as_bytes();
        assert_eq!(text(&gzip(plain)).as_ref(), plain);
        assert!(matches!(text(plain), Cow::Borrowed(_)));
    }

    #[test]
    fn an_epub_is_handed_on_as_bytes_gzipped_or_not() {
        let book = b"PK\x03\x04\x14\0\0\0\0\0mimetypeapplication/epub+zipPK";
        assert!(matches!(open(book), Ok(Opened::Epub(Cow::Borrowed(b))) if b == book));
        assert!(matches!(open(&gzip(book)), Ok(Opened::Epub(Cow::Owned(b))) if b == book));
        // The media type alone, without the mimetype file's name, is some other zip archive.
        let other = b"PK\x03\x04....notes.txt application/epub+zip";
        assert!(open(other).unwrap_err().to_string().contains("zip archive"));
    }

    #[test]
    fn what_is_not_text_is_refused_with_what_to_do() {
        let said = |bytes: &[u8]| open(bytes).unwrap_err().to_string();
        assert!(said(b"%PDF-1.7\n%\xE2\xE3").contains("pdftotext"));
        assert!(said(b"\x89PNG\r\n\x1a\n\0\0").contains("a PNG image"));
        assert!(said(b"PK\x03\x04....word/document.xml").contains("Word"));
        assert!(said(b"PK\x03\x04....other").contains("zip archive"));
        assert!(said(&tar_header()).contains("tar archive"));
        assert!(
            said(&gzip(b"%PDF-1.4")).contains("PDF"),
            "a gzipped PDF too"
        );
        assert!(said(&gzip(&gzip(b"x"))).contains("inside a gzip"));
    }

    /// The first header of a tar archive holding `notes.txt`, as tar writes it.
    fn tar_header() -> Vec<u8> {
        let mut header = vec![0u8; 1024];
        header[..9].copy_from_slice(b"notes.txt");
        header[257..265].copy_from_slice(b"ustar\x0000");
        header[148..156].fill(b' ');
        let sum: u32 = header[..512].iter().map(|&b| u32::from(b)).sum();
        header[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
        header
    }

    #[test]
    fn only_a_tar_header_that_adds_up_is_a_tar_archive() {
        let mut text = vec![b'a'; 600];
        text[257..262].copy_from_slice(b"ustar");
        assert!(open(&text).is_ok(), "a text with ustar at byte 257");
        let mut broken = tar_header();
        broken[0] = b'N';
        assert!(open(&broken).is_ok(), "a checksum that does not add up");
        assert!(open(&tar_header()[..511]).is_ok(), "shorter than a header");
    }

    #[test]
    fn a_broken_gzip_file_is_an_error() {
        let mut broken = gzip(b"some text that is long enough to be cut");
        broken.truncate(broken.len() / 2);
        let error = open(&broken).unwrap_err().to_string();
        assert!(error.starts_with("not a readable gzip file"), "{error}");
    }
}
