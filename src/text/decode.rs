//! Bytes → text: BOM, UTF-8, `Shift_JIS`/CP932, EUC-JP, ISO-2022-JP (and UTF-16 by BOM), detected.

use std::borrow::Cow;
use std::fmt;

use encoding_rs::{EUC_JP, Encoding, ISO_2022_JP, REPLACEMENT, SHIFT_JIS, UTF_8};

/// Files larger than this are refused rather than read into memory.
pub const MAX_BYTES: usize = 64 * 1024 * 1024;

/// Decoded text and how it was read. The text borrows the bytes where it can (valid UTF-8, a
/// legacy encoding's ASCII), instead of copying them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    /// The encoding used, as `encoding_rs` names it (`UTF-8`, `Shift_JIS`, …).
    pub encoding: &'static str,
    /// How many invalid sequences became U+FFFD.
    pub replaced: usize,
}

/// Why bytes could not be read as text. Each message is one line and safe to print; importers
/// pass these on as they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// NUL bytes outside UTF-16: not a text file.
    Binary {
        offset: usize,
    },
    /// Over `MAX_BYTES` (sizes in bytes).
    TooLarge {
        size: u64,
        limit: u64,
    },
    UnknownEncoding(String),
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Binary { offset } => write!(
                f,
                "not a text file: it holds a NUL byte (at offset {offset})"
            ),
            Self::TooLarge { size, limit } => write!(
                f,
                "file too large: {} (the limit is {})",
                mebibytes(*size),
                mebibytes(*limit)
            ),
            Self::UnknownEncoding(label) => write!(
                f,
                "unknown encoding '{}' (try utf-8, shift_jis, euc-jp, iso-2022-jp)",
                label.escape_debug()
            ),
        }
    }
}

impl std::error::Error for DecodeError {}

fn mebibytes(bytes: u64) -> String {
    // Display only: the precision lost in the conversion does not matter.
    #[allow(clippy::cast_precision_loss)]
    let mib = bytes as f64 / (1024.0 * 1024.0);
    format!("{mib:.1} MiB")
}

/// Decodes bytes, detecting the encoding: a BOM wins, then ISO-2022-JP's escapes, then valid
/// UTF-8, then whichever of `Shift_JIS` (CP932) and EUC-JP needs the fewest replacements.
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, DecodeError> {
    check_size(bytes)?;
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return Ok(decode_as(&bytes[bom_len..], encoding));
    }
    check_not_binary(bytes)?;
    if looks_like_iso_2022_jp(bytes) {
        return Ok(decode_as(bytes, ISO_2022_JP));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: Cow::Borrowed(text),
            encoding: UTF_8.name(),
            replaced: 0,
        });
    }
    let candidates = [UTF_8, SHIFT_JIS, EUC_JP].map(|encoding| decode_as(bytes, encoding));
    let best = candidates
        .into_iter()
        .enumerate()
        .min_by_key(|(preference, d)| {
            (
                d.replaced,
                std::cmp::Reverse(kana_count(&d.text)),
                *preference,
            )
        })
        .map(|(_, decoded)| decoded);
    Ok(best.expect("three candidates"))
}

/// `decode`, taking the bytes: when they are UTF-8 (after a BOM that says so, or without one)
/// the text is made of them without a copy. Also gives back the bytes when the text is not
/// simply them (another encoding was guessed), for a declared encoding to decode again.
pub fn decode_owned(bytes: Vec<u8>) -> Result<(Decoded<'static>, Option<Vec<u8>>), DecodeError> {
    check_size(&bytes)?;
    let bom_len = match Encoding::for_bom(&bytes) {
        Some((encoding, bom_len)) if encoding == UTF_8 => bom_len,
        Some(_) => return owned_copy(bytes),
        None => {
            check_not_binary(&bytes)?;
            if looks_like_iso_2022_jp(&bytes) {
                return owned_copy(bytes);
            }
            0
        }
    };
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            text.drain(..bom_len);
            let decoded = Decoded {
                text: Cow::Owned(text),
                encoding: UTF_8.name(),
                replaced: 0,
            };
            Ok((decoded, None))
        }
        Err(error) => owned_copy(error.into_bytes()),
    }
}

/// `decode` of bytes that are not simply their text: the text copied out, the bytes kept.
fn owned_copy(bytes: Vec<u8>) -> Result<(Decoded<'static>, Option<Vec<u8>>), DecodeError> {
    let decoded = decode(&bytes)?.into_owned();
    Ok((decoded, Some(bytes)))
}

impl Decoded<'_> {
    /// The same, owning its text.
    pub fn into_owned(self) -> Decoded<'static> {
        Decoded {
            text: Cow::Owned(self.text.into_owned()),
            encoding: self.encoding,
            replaced: self.replaced,
        }
    }
}

/// Decodes bytes in a named encoding (any WHATWG label: `sjis`, `euc-jp`, `utf-8`, …).
pub fn decode_with_label<'a>(bytes: &'a [u8], label: &str) -> Result<Decoded<'a>, DecodeError> {
    check_size(bytes)?;
    let encoding = Encoding::for_label(label.trim().as_bytes())
        .ok_or_else(|| DecodeError::UnknownEncoding(label.to_owned()))?;
    if !matches!(encoding.name(), "UTF-16LE" | "UTF-16BE") {
        check_not_binary(bytes)?;
    }
    let (encoding, bom_len) = Encoding::for_bom(bytes).unwrap_or((encoding, 0));
    Ok(decode_as(&bytes[bom_len..], encoding))
}

/// Decodes bytes in the encoding a document declares for itself, as browsers read an HTML
/// page's `<meta charset>`: a UTF-16 label means UTF-8 (a page that can declare its encoding in
/// ASCII is not UTF-16), and a label of the replacement encoding (ISO-2022-KR, HZ-GB-2312, …),
/// which would make the whole text one U+FFFD, counts as unknown. A BOM is not looked for:
/// `is_self_evident` bytes need no declaration.
pub fn decode_declared<'a>(bytes: &'a [u8], label: &str) -> Result<Decoded<'a>, DecodeError> {
    check_size(bytes)?;
    check_not_binary(bytes)?;
    let encoding = Encoding::for_label(label.trim().as_bytes())
        .filter(|&encoding| encoding != REPLACEMENT)
        .ok_or_else(|| DecodeError::UnknownEncoding(label.to_owned()))?;
    Ok(decode_as(bytes, encoding.output_encoding()))
}

/// Whether bytes say their encoding themselves, so that a declaration inside them cannot
/// improve on `decode`: they open with a BOM, or they are valid UTF-8 (ASCII and ISO-2022-JP,
/// which is 7-bit, among them).
pub fn is_self_evident(bytes: &[u8]) -> bool {
    Encoding::for_bom(bytes).is_some() || std::str::from_utf8(bytes).is_ok()
}

fn decode_as<'a>(bytes: &'a [u8], encoding: &'static Encoding) -> Decoded<'a> {
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    let replaced = text.chars().filter(|&c| c == '\u{FFFD}').count();
    Decoded {
        text,
        encoding: encoding.name(),
        replaced,
    }
}

fn check_size(bytes: &[u8]) -> Result<(), DecodeError> {
    if bytes.len() > MAX_BYTES {
        return Err(DecodeError::TooLarge {
            size: bytes.len() as u64,
            limit: MAX_BYTES as u64,
        });
    }
    Ok(())
}

fn check_not_binary(bytes: &[u8]) -> Result<(), DecodeError> {
    match memchr::memchr(0, bytes) {
        Some(offset) => Err(DecodeError::Binary { offset }),
        None => Ok(()),
    }
}

/// ASCII with an escape that designates a Japanese character set.
fn looks_like_iso_2022_jp(bytes: &[u8]) -> bool {
    const DESIGNATIONS: [&[u8]; 4] = [b"$B", b"$@", b"(J", b"(I"];
    bytes.is_ascii()
        && memchr::memchr_iter(0x1B, bytes).any(|esc| {
            bytes
                .get(esc + 1..esc + 3)
                .is_some_and(|d| DESIGNATIONS.contains(&d))
        })
}

fn kana_count(text: &str) -> usize {
    text.chars()
        .filter(|c| ('\u{3041}'..='\u{30FF}').contains(c))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "吾輩は猫である。名前はまだ無い。「ｶﾀｶﾅ」とカタカナ。";

    #[test]
    fn detects_each_japanese_encoding() {
        for encoding in [UTF_8, SHIFT_JIS, EUC_JP, ISO_2022_JP] {
            // ISO-2022-JP has no half-width kana: its encoder widens them.
            let sample = if encoding == ISO_2022_JP {
                &SAMPLE.replace("ｶﾀｶﾅ", "カタカナ")
            } else {
                SAMPLE
            };
            let (bytes, _, unmappable) = encoding.encode(sample);
            assert!(!unmappable);
            let decoded = decode(&bytes).unwrap();
            assert_eq!(decoded.text, sample, "{}", encoding.name());
            assert_eq!(decoded.encoding, encoding.name());
            assert_eq!(decoded.replaced, 0);
        }
    }

    #[test]
    fn bom_wins_and_is_dropped() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice("日本".as_bytes());
        assert_eq!(decode(&bytes).unwrap().text, "日本");
        let utf16: Vec<u8> = [0xFF, 0xFE, 0xE5, 0x65, 0x2C, 0x67].to_vec();
        let decoded = decode(&utf16).unwrap();
        assert_eq!(decoded.text, "日本");
        assert_eq!(decoded.encoding, "UTF-16LE");
    }

    #[test]
    fn invalid_bytes_are_counted_not_fatal() {
        let mut bytes = "ab日本語のテキストです".as_bytes().to_vec();
        bytes.insert(2, 0xFF);
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.encoding, "UTF-8");
        assert_eq!(decoded.replaced, 1);
        assert!(decoded.text.ends_with("日本語のテキストです"));
    }

    #[test]
    fn binary_and_huge_inputs_are_refused() {
        assert_eq!(decode(b"ab\0cd"), Err(DecodeError::Binary { offset: 2 }));
        let huge = vec![b'a'; MAX_BYTES + 1];
        let error = decode(&huge).expect_err("too large");
        assert!(matches!(error, DecodeError::TooLarge { .. }));
        assert_eq!(
            error.to_string(),
            "file too large: 64.0 MiB (the limit is 64.0 MiB)"
        );
        assert_eq!(
            DecodeError::Binary { offset: 2 }.to_string(),
            "not a text file: it holds a NUL byte (at offset 2)"
        );
    }

    #[test]
    fn declared_encodings_read_as_browsers_read_them() {
        let (bytes, _, _) = EUC_JP.encode(SAMPLE);
        let declared = decode_declared(&bytes, " EUC-JP ").unwrap();
        assert_eq!((&*declared.text, declared.encoding), (SAMPLE, "EUC-JP"));
        assert_eq!(
            decode_declared(b"abc", "utf-16le").unwrap().encoding,
            "UTF-8"
        );
        assert!(decode_declared(b"abc", "iso-2022-kr").is_err());
        assert!(decode_declared(b"abc", "klingon").is_err());
        assert!(!is_self_evident(&bytes));
        assert!(is_self_evident(SAMPLE.as_bytes()));
        assert!(is_self_evident(b"\xFF\xFEa\0"));
    }

    #[test]
    fn labels() {
        let (bytes, _, _) = SHIFT_JIS.encode(SAMPLE);
        assert_eq!(decode_with_label(&bytes, "sjis").unwrap().text, SAMPLE);
        assert_eq!(
            decode_with_label(&bytes, "klingon"),
            Err(DecodeError::UnknownEncoding("klingon".into()))
        );
        assert!(
            DecodeError::UnknownEncoding("k\u{1b}".into())
                .to_string()
                .contains("\\u{1b}")
        );
    }
}
