//! Untrusted text → safe text: line breaks unified, escapes and controls made visible, NFC.
//!
//! Nothing a file holds may reach the terminal as a control: a whole escape sequence (7-bit or
//! C1, terminated or not) becomes one `␛`, any other C0 control its Control Picture (`␇`), DEL `␡`,
//! other C1 controls and bidi overrides `�`. Deleting them silently would merge words and hide
//! an attack; passing them on would let a file set the title or write the clipboard.
//!
//! The text is then NFC-normalised, and each grapheme keeps at most `MAX_COMBINING_MARKS` marks
//! ("zalgo" text): combining marks, and the half-width (han)dakuten `ﾞ` `ﾟ`, which extend a
//! grapheme without being combining marks and take a cell each.
//!
//! Most text needs none of this, and each step finds that out fast, leaving alone what it need
//! not touch: controls are looked for byte by byte (a few lead bytes send a character to a
//! closer look); only the stretches that fail the NFC quick check are normalised, between
//! characters that nothing before them composes or reorders with (`is_stable`: ASCII, kana,
//! kanji and the like), which is the same as normalising the whole text; only graphemes around
//! combining marks are found, and only in a text with more marks than one grapheme may keep;
//! tabs are expanded only on the lines that hold one.

use std::borrow::Cow;

use unicode_normalization::char::{canonical_combining_class, is_combining_mark};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};

use super::scan::{ascii_end, char_at, word_at};
use super::width::{AmbiguousWidth, cell_width};

/// Shown in place of a whole escape sequence.
pub const ESCAPE_PLACEHOLDER: char = '\u{241B}';
/// Shown in place of a C1 control or a bidi override.
pub const CONTROL_PLACEHOLDER: char = '\u{FFFD}';
/// Marks (`is_capped_mark`) kept on one grapheme; the rest are dropped ("zalgo" text).
pub const MAX_COMBINING_MARKS: usize = 16;
/// Tabs expand to the next multiple of this many columns.
pub const TAB_STOP: usize = 8;

const ESC: char = '\u{1B}';
const BEL: char = '\u{07}';
const C1_ST: char = '\u{9C}';

/// Makes untrusted text safe to lay out and draw: see the module docs.
pub fn sanitize(text: &str) -> String {
    sanitized(text).into_owned()
}

/// `sanitize`, borrowing the text when it is safe as it is (most text is) instead of copying it.
pub fn sanitized(text: &str) -> Cow<'_, str> {
    let cleaned = replace_controls(text);
    let normalized = normalize(cleaned);
    expand_tabs(cap_combining_marks(normalized))
}

// ---- controls ------------------------------------------------------------------------------

/// Bytes that start a character `replace_controls` may change: C0 controls but line feed and
/// tab, DEL, and the UTF-8 lead bytes of U+0080–U+00BF (C1), U+0600–U+063F (U+061C),
/// U+2000–U+2FFF (marks, separators, bidi), U+F000–U+FFFF (U+FEFF) and U+C0000–U+FFFFF (tags).
const MAY_BE_CONTROL: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b != b'\n' as usize && b != b'\t' as usize;
        b += 1;
    }
    table[0x7F] = true;
    table[0xC2] = true;
    table[0xD8] = true;
    table[0xE2] = true;
    table[0xEF] = true;
    table[0xF3] = true;
    table
};

/// Whether `replace_controls` changes a character (replaces or removes it).
fn is_control(c: char) -> bool {
    matches!(c,
        '\u{00}'..='\u{08}'
        | '\u{0B}'..='\u{1F}'
        | '\u{7F}'..='\u{9F}'
        | '\u{061C}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{2028}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}'
        | '\u{E0000}'..='\u{E007F}'
    )
}

/// Where the first character at or after `from` that `replace_controls` changes starts: eight
/// bytes at a time over printable ASCII, a character at a time otherwise, and only a few lead
/// bytes (`MAY_BE_CONTROL`) looked at closer.
fn next_control(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = skip_printable_ascii(bytes, from);
    while let Some(&byte) = bytes.get(at) {
        if !MAY_BE_CONTROL[usize::from(byte)] {
            at = if byte.is_ascii() {
                skip_printable_ascii(bytes, at + 1)
            } else {
                at + utf8_len(byte)
            };
        } else if byte.is_ascii() {
            return Some(at);
        } else {
            let c = char_at(text, at);
            if is_control(c) {
                return Some(at);
            }
            at += c.len_utf8();
        }
    }
    None
}

/// Past the words of eight printable ASCII bytes (U+0020–U+007E) that start at `at`.
fn skip_printable_ascii(bytes: &[u8], mut at: usize) -> usize {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while let Some(word) = word_at(bytes, at) {
        // A high bit set, a byte below 0x20, or a DEL (0x7F + 1 carries into the high bit).
        let unusual = (word | word.wrapping_sub(LOW * 0x20) | word.wrapping_add(LOW)) & HIGH;
        if unusual != 0 {
            break;
        }
        at += 8;
    }
    at
}

/// The length of the UTF-8 sequence that `lead` starts.
fn utf8_len(lead: u8) -> usize {
    match lead {
        0x00..=0x7F => 1,
        0x80..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

fn replace_controls(text: &str) -> Cow<'_, str> {
    let Some(first) = next_control(text, 0) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut next = Some(first);
    while let Some(at) = next {
        out.push_str(&text[copied..at]);
        let rest = replace_control(&text[at..], &mut out);
        copied = text.len() - rest.len();
        next = next_control(text, copied);
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// Writes what the control that `text` starts with becomes, and returns the text after it
/// (and after the rest of the escape sequence it starts).
fn replace_control<'a>(text: &'a str, out: &mut String) -> &'a str {
    let mut chars = text.chars();
    let Some(c) = chars.next() else {
        return text;
    };
    let rest = chars.as_str();
    match c {
        '\r' => {
            out.push('\n');
            rest.strip_prefix('\n').unwrap_or(rest)
        }
        '\u{0B}' | '\u{85}' | '\u{2028}' => {
            out.push('\n');
            rest
        }
        '\u{0C}' | '\u{2029}' => {
            out.push_str("\n\n");
            rest
        }
        ESC => {
            out.push(ESCAPE_PLACEHOLDER);
            skip_escape_body(rest)
        }
        '\u{9B}' => {
            out.push(ESCAPE_PLACEHOLDER);
            skip_csi_body(rest)
        }
        '\u{90}' | '\u{98}' | '\u{9D}' | '\u{9E}' | '\u{9F}' => {
            out.push(ESCAPE_PLACEHOLDER);
            skip_string_body(rest)
        }
        '\u{00}'..='\u{1F}' => {
            out.push(control_picture(c));
            rest
        }
        '\u{7F}' => {
            out.push('\u{2421}');
            rest
        }
        '\u{80}'..='\u{9F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
            out.push(CONTROL_PLACEHOLDER);
            rest
        }
        '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{FEFF}' | '\u{E0000}'..='\u{E007F}' => rest,
        _ => {
            out.push(c);
            rest
        }
    }
}

/// After an ESC: the text after the rest of the sequence it starts, whatever its kind.
fn skip_escape_body(rest: &str) -> &str {
    if let Some(body) = rest.strip_prefix('[') {
        return skip_csi_body(body);
    }
    if let Some(body) = rest.strip_prefix([']', 'P', 'X', '^', '_']) {
        return skip_string_body(body);
    }
    let rest = rest.trim_start_matches(|c| ('\u{20}'..='\u{2F}').contains(&c));
    rest.strip_prefix(|c| ('\u{30}'..='\u{7E}').contains(&c))
        .unwrap_or(rest)
}

/// Past the parameters, intermediates and the final byte of a CSI sequence; stops early if it
/// is cut off.
fn skip_csi_body(rest: &str) -> &str {
    let rest = rest.trim_start_matches(|c| ('\u{30}'..='\u{3F}').contains(&c));
    let rest = rest.trim_start_matches(|c| ('\u{20}'..='\u{2F}').contains(&c));
    rest.strip_prefix(|c| ('\u{40}'..='\u{7E}').contains(&c))
        .unwrap_or(rest)
}

/// Past the body of OSC, DCS, SOS, PM or APC: up to BEL or ST. An unterminated one ends at the
/// end of its line (a terminal would swallow more, but we lose no more text than that).
fn skip_string_body(rest: &str) -> &str {
    for (at, c) in rest.char_indices() {
        match c {
            BEL | C1_ST => return &rest[at + c.len_utf8()..],
            ESC => {
                let after = &rest[at + ESC.len_utf8()..];
                return after.strip_prefix('\\').unwrap_or(&rest[at..]);
            }
            '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{0B}' | '\u{0C}' => {
                return &rest[at..];
            }
            _ => {}
        }
    }
    ""
}

fn control_picture(c: char) -> char {
    char::from_u32(0x2400 + u32::from(c)).unwrap_or(CONTROL_PLACEHOLDER)
}

// ---- normalisation -------------------------------------------------------------------------

/// Characters that are in NFC, starters (combining class 0) and never composed with what
/// comes before them (NFC quick check Yes), whose decomposition starts with such a character:
/// nothing before one reorders or composes across it, so NFC can be taken stretch by stretch
/// between them. Checked against the tables in the tests; ASCII is one, told apart by its byte.
/// None of them is a mark that `cap_combining_marks` counts.
fn is_stable(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{3029}'   // CJK punctuation and symbols, their combining marks aside,
        | '\u{3030}'..='\u{3098}' // hiragana,
        | '\u{309B}'..='\u{9FFF}' // katakana, CJK letters and compatibility, ideographs
        | '\u{FF01}'..='\u{FF9D}' // full-width forms and half-width katakana, ﾞﾟ aside
        | '\u{00A0}'..='\u{02FF}' // Latin-1 and Latin Extended, spacing modifiers
        | '\u{2010}'..='\u{2027}' // dashes, quotes, bullets, ellipsis
        | '\u{2030}'..='\u{205E}' // per mille, primes, more punctuation
    )
}

/// Where the stable character (`is_stable`, or ASCII) at or after `from` starts, else the end.
fn next_stable(text: &str, from: usize) -> usize {
    let bytes = text.as_bytes();
    let mut at = from;
    while at < bytes.len() {
        if bytes[at].is_ascii() {
            return at;
        }
        let c = char_at(text, at);
        if is_stable(c) {
            return at;
        }
        at += c.len_utf8();
    }
    bytes.len()
}

/// Where the first character at or after `from` that is neither ASCII nor stable starts, else
/// the end: ASCII eight bytes at a time, kana and kanji (U+3000–U+9FFF, stable but for six
/// marks and the combining (han)dakuten) by their bytes alone, anything else by `is_stable`.
fn next_unstable(text: &str, from: usize) -> usize {
    let bytes = text.as_bytes();
    let mut at = from;
    while let Some(&lead) = bytes.get(at) {
        match lead {
            0x00..=0x7F => at = ascii_end(bytes, at + 1),
            0xE3 => {
                // U+302A–U+302F and U+3099–U+309A are marks.
                let mark = match (bytes[at + 1], bytes[at + 2]) {
                    (0x80, third) => (0xAA..=0xAF).contains(&third),
                    (0x82, third) => matches!(third, 0x99 | 0x9A),
                    _ => false,
                };
                if mark {
                    return at;
                }
                at += 3;
            }
            0xE4..=0xE9 => at += 3,
            _ => {
                let c = char_at(text, at);
                if !is_stable(c) {
                    return at;
                }
                at += c.len_utf8();
            }
        }
    }
    bytes.len()
}

/// Where the character that ends at `end` starts.
fn char_start_before(text: &str, end: usize) -> usize {
    (0..end)
        .rev()
        .find(|&at| text.is_char_boundary(at))
        .unwrap_or(0)
}

/// NFC. The quick check of Unicode's UAX #15 runs over the text; a stretch between stable
/// characters that it does not pass is normalised, the rest is left as it is (already NFC).
fn normalize(text: Cow<'_, str>) -> Cow<'_, str> {
    let mut out = String::new();
    let (mut copied, mut stretch, mut last_class) = (0, 0, 0);
    let mut at = 0;
    while at < text.len() {
        let unstable = next_unstable(&text, at);
        if unstable > at {
            // The character before is stable: a stretch may start there.
            (stretch, last_class) = (char_start_before(&text, unstable), 0);
        }
        if unstable == text.len() {
            break;
        }
        let c = char_at(&text, unstable);
        let class = canonical_combining_class(c);
        let in_order = class == 0 || last_class <= class;
        if in_order && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes {
            last_class = class;
            at = unstable + c.len_utf8();
            continue;
        }
        let end = next_stable(&text, unstable + c.len_utf8());
        if out.is_empty() {
            out.reserve(text.len());
        }
        out.push_str(&text[copied..stretch]);
        out.extend(text[stretch..end].nfc());
        (copied, stretch, last_class, at) = (end, end, 0, end);
    }
    if copied == 0 {
        return text;
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

// ---- combining marks -----------------------------------------------------------------------

/// Each grapheme with more than `MAX_COMBINING_MARKS` marks loses the marks after that many.
/// Graphemes are found only around marks, and only when the text has more marks than one
/// grapheme may keep.
fn cap_combining_marks(text: Cow<'_, str>) -> Cow<'_, str> {
    let marks = mark_positions(&text);
    if marks.len() <= MAX_COMBINING_MARKS {
        return text;
    }
    let mut out = String::new();
    let mut copied = 0;
    let mut marks = marks.into_iter().peekable();
    while let Some(mark) = marks.next() {
        let (start, end) = grapheme_around(&text, mark);
        let mut count = 1;
        while marks.next_if(|&m| m < end).is_some() {
            count += 1;
        }
        if count <= MAX_COMBINING_MARKS {
            continue;
        }
        if out.is_empty() {
            out.reserve(text.len());
        }
        out.push_str(&text[copied..start]);
        push_capped(&text[start..end], &mut out);
        copied = end;
    }
    if copied == 0 {
        return text;
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// Where each mark (`is_capped_mark`) starts.
fn mark_positions(text: &str) -> Vec<usize> {
    let mut marks = Vec::new();
    let mut at = next_unstable(text, 0);
    while at < text.len() {
        let c = char_at(text, at);
        if is_capped_mark(c) {
            marks.push(at);
        }
        at = next_unstable(text, at + c.len_utf8());
    }
    marks
}

/// The start and end of the grapheme that holds the character at `at`.
fn grapheme_around(text: &str, at: usize) -> (usize, usize) {
    let boundary = |found: Result<Option<usize>, _>| found.ok().flatten();
    let mut cursor = GraphemeCursor::new(at, text.len(), true);
    let start = if cursor.is_boundary(text, 0).unwrap_or(true) {
        at
    } else {
        boundary(cursor.prev_boundary(text, 0)).unwrap_or(0)
    };
    let mut cursor = GraphemeCursor::new(at, text.len(), true);
    let end = boundary(cursor.next_boundary(text, 0)).unwrap_or(text.len());
    (start, end)
}

/// A grapheme without the marks after the first `MAX_COMBINING_MARKS`.
fn push_capped(grapheme: &str, out: &mut String) {
    let mut marks = 0;
    for c in grapheme.chars() {
        if is_capped_mark(c) {
            marks += 1;
            if marks > MAX_COMBINING_MARKS {
                continue;
            }
        }
        out.push(c);
    }
}

/// Whether a character can change how the one before it normalizes or is capped: a mark that
/// counts toward `MAX_COMBINING_MARKS`, or a Hangul vowel or final jamo (which composes with
/// the syllable before it). Text joined before such a character is to be sanitized again.
pub fn combines_with_previous(c: char) -> bool {
    is_capped_mark(c) || matches!(c, '\u{1160}'..='\u{11FF}')
}

/// Marks that count toward `MAX_COMBINING_MARKS`: combining marks and the half-width
/// (han)dakuten U+FF9E, U+FF9F.
fn is_capped_mark(c: char) -> bool {
    // No combining mark comes before U+0300: ASCII and Latin-1 letters skip the table.
    c >= '\u{300}' && (is_combining_mark(c) || matches!(c, '\u{FF9E}' | '\u{FF9F}'))
}

// ---- tabs ----------------------------------------------------------------------------------

/// Tabs to spaces, on the lines that hold one.
fn expand_tabs(text: Cow<'_, str>) -> Cow<'_, str> {
    if !text.contains('\t') {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 16);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if line.contains('\t') {
            expand_line_tabs(line, &mut out);
        } else {
            out.push_str(line);
        }
    }
    Cow::Owned(out)
}

fn expand_line_tabs(line: &str, out: &mut String) {
    let mut column = 0;
    for grapheme in line.graphemes(true) {
        if grapheme == "\t" {
            let spaces = TAB_STOP - column % TAB_STOP;
            out.extend(std::iter::repeat_n(' ', spaces));
            column += spaces;
        } else {
            out.push_str(grapheme);
            column += cell_width(grapheme, AmbiguousWidth::Narrow);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character, as text.
    fn every_char() -> impl Iterator<Item = (char, String)> {
        (char::MIN..=char::MAX).map(|c| (c, c.to_string()))
    }

    #[test]
    fn controls_are_found_by_their_lead_bytes() {
        for (c, text) in every_char() {
            let found = next_control(&text, 0);
            assert_eq!(found.is_some(), is_control(c), "{c:?}");
            if is_control(c) {
                assert!(MAY_BE_CONTROL[usize::from(text.as_bytes()[0])], "{c:?}");
            }
        }
        let ascii: String = (' '..='~').collect();
        assert_eq!(next_control(&format!("{ascii}{ascii}\u{7f}"), 0), Some(190));
        assert_eq!(next_control(&format!("{ascii}\x1b{ascii}"), 3), Some(95));
        assert_eq!(next_control(&format!("{ascii}\n\t{ascii}"), 0), None);
    }

    #[test]
    fn stable_characters_start_stretches_nfc_can_be_taken_between() {
        let starter_yes = |c: char| {
            canonical_combining_class(c) == 0
                && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes
        };
        for (c, text) in every_char() {
            let stable = c.is_ascii() || is_stable(c);
            assert_eq!(next_unstable(&text, 0) == text.len(), stable, "{c:?}");
            assert_eq!(next_stable(&text, 0) == 0, stable, "{c:?}");
            if stable {
                assert!(starter_yes(c), "{c:?}");
                let mut first = None;
                unicode_normalization::char::decompose_canonical(c, |d| {
                    first.get_or_insert(d);
                });
                assert!(first.is_some_and(starter_yes), "{c:?} decomposes");
                assert!(!is_capped_mark(c), "{c:?}");
                assert!(c.is_ascii() || !is_control(c), "{c:?}");
            }
        }
    }

    #[test]
    fn only_what_fails_the_quick_check_is_normalised() {
        let long = "吾輩は猫である。".repeat(100);
        assert!(matches!(normalize(Cow::Borrowed(&long)), Cow::Borrowed(_)));
        let text = format!("{long}か\u{3099}\u{3099}x e\u{301}\u{316}{long}");
        let expected: String = text.nfc().collect();
        assert_eq!(normalize(Cow::Borrowed(&text)), expected);
        assert_eq!(normalize(Cow::Borrowed("\u{301}e")), "\u{301}e");
        assert_eq!(normalize(Cow::Borrowed("a\u{323}\u{302}")), "\u{1EAD}");
    }

    fn assert_no_controls(s: &str) {
        assert!(
            !s.chars()
                .any(|c| (c.is_control() && c != '\n') || ('\u{80}'..='\u{9F}').contains(&c)),
            "control left in {s:?}"
        );
    }

    #[test]
    fn line_breaks_are_unified() {
        assert_eq!(
            sanitize("a\r\nb\rc\u{85}d\u{0B}e\u{2028}f"),
            "a\nb\nc\nd\ne\nf"
        );
        assert_eq!(sanitize("a\u{0C}b\u{2029}c"), "a\n\nb\n\nc");
    }

    #[test]
    fn tabs_expand_by_display_column() {
        assert_eq!(sanitize("a\tb"), "a       b");
        assert_eq!(sanitize("日本\tx"), "日本    x");
        assert_eq!(
            sanitize("\t\tx\n\ty"),
            format!("{}x\n{}y", " ".repeat(16), " ".repeat(8))
        );
    }

    #[test]
    fn osc52_clipboard_write_is_one_placeholder() {
        assert_eq!(sanitize("x\u{1b}]52;c;SGVsbG8=\u{07}y"), "x␛y");
    }

    #[test]
    fn every_escape_form_is_one_placeholder() {
        let cases = [
            ("\u{1b}[31mred\u{1b}[0m", "␛red␛"),
            ("\u{1b}]0;title\u{1b}\\after", "␛after"),
            ("\u{1b}]8;;http://x\u{07}link\u{1b}]8;;\u{07}", "␛link␛"),
            ("\u{1b}P1$r\u{1b}\\z", "␛z"),
            ("\u{1b}_apc\u{9c}z", "␛z"),
            ("\u{9b}2J z", "␛ z"),
            ("\u{9d}0;t\u{07}z", "␛z"),
            ("\u{1b}(Bz", "␛z"),
            ("\u{1b}cz", "␛z"),
            ("\u{1b}", "␛"),
            ("\u{1b}[", "␛"),
            ("a\u{1b}]2;never ends\nnext", "a␛\nnext"),
            ("\u{1b}]0;x\u{1b}[31mz", "␛␛z"),
        ];
        for (input, expected) in cases {
            let out = sanitize(input);
            assert_eq!(out, expected, "{input:?}");
            assert_no_controls(&out);
        }
    }

    #[test]
    fn stray_controls_become_visible() {
        assert_eq!(sanitize("a\u{07}b\u{7f}c\u{0}d"), "a␇b␡c␀d");
        assert_eq!(sanitize("a\u{85}b"), "a\nb");
        assert_eq!(sanitize("a\u{81}b"), "a\u{FFFD}b");
    }

    #[test]
    fn bidi_and_tags_are_neutralised_but_joiners_kept() {
        assert_eq!(sanitize("a\u{202E}b\u{2066}c"), "a�b�c");
        assert_eq!(sanitize("a\u{200F}b\u{E0041}c"), "abc");
        let family = "👩\u{200D}👩\u{200D}👧";
        assert_eq!(sanitize(family), family);
        assert_eq!(sanitize("❤\u{FE0F}"), "❤\u{FE0F}");
        assert_eq!(sanitize("a\u{200C}b"), "a\u{200C}b");
    }

    #[test]
    fn nfc_and_capped_marks() {
        assert_eq!(sanitize("e\u{301}"), "é");
        assert_eq!(sanitize("か\u{3099}"), "が");
        let zalgo = format!("a{}", "\u{300}\u{316}".repeat(20));
        let out = sanitize(&zalgo);
        assert_eq!(out.chars().count(), 1 + MAX_COMBINING_MARKS);
    }

    #[test]
    fn marks_are_capped_only_in_graphemes_that_have_too_many() {
        let fine = format!("x{}b", "\u{301}".repeat(16)).repeat(3);
        assert_eq!(sanitize(&fine), fine);
        let many = format!("x{}", "\u{301}".repeat(40));
        let out = sanitize(&format!("{fine}\n{many}\n{fine}"));
        assert_eq!(out, format!("{fine}\nx{}\n{fine}", "\u{301}".repeat(16)));
        // Marks apart in one grapheme, joined by ZWJ.
        let joined = format!("a{}\u{200D}{}", "\u{300}".repeat(10), "\u{300}".repeat(10));
        assert_eq!(sanitize(&joined).chars().count(), 1 + 16 + 1);
    }

    #[test]
    fn halfwidth_sound_marks_are_capped_like_combining_marks() {
        let many = format!("ｶ{}x", "ﾞ".repeat(40));
        let out = sanitize(&many);
        assert_eq!(out, format!("ｶ{}x", "ﾞ".repeat(MAX_COMBINING_MARKS)));
        let mixed = format!("ｶ{}", "ﾞ\u{301}ﾟ".repeat(10));
        assert_eq!(sanitize(&mixed).chars().count(), 1 + MAX_COMBINING_MARKS);
        assert_eq!(sanitize("ｶﾞｷﾞｸﾞﾊﾟ"), "ｶﾞｷﾞｸﾞﾊﾟ");
    }

    #[test]
    fn marks_are_capped_per_grapheme_not_per_line() {
        // `is_capped_mark` skips the table below U+0300.
        let mut below = (0..0x300).filter_map(char::from_u32);
        assert!(!below.any(unicode_normalization::char::is_combining_mark));
        // More marks than the cap on a line, but no more on any one grapheme: all kept.
        let spread = "a\u{301}\u{316}".repeat(MAX_COMBINING_MARKS);
        assert_eq!(sanitize(&spread), spread.nfc().collect::<String>());
        // The cap's worth on each of many lines: nothing to cap, whatever the total.
        let lines = format!("a{}\n", "\u{316}".repeat(MAX_COMBINING_MARKS)).repeat(4);
        assert_eq!(sanitize(&lines), lines);
        // One mark more on one grapheme, after lines that need nothing: capped.
        let one_more = format!("{lines}a{}", "\u{316}".repeat(MAX_COMBINING_MARKS + 1));
        assert_eq!(
            sanitize(&one_more).chars().count(),
            one_more.chars().count() - 1
        );
    }
}
