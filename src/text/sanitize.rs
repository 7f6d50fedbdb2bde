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

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
use unicode_segmentation::UnicodeSegmentation;

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
    let cleaned = replace_controls(text);
    let normalized = match is_nfc_quick(cleaned.chars()) {
        IsNormalized::Yes => cleaned,
        _ => cleaned.nfc().collect(),
    };
    expand_tabs(&cap_combining_marks(normalized))
}

fn replace_controls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push('\n');
            }
            '\n' | '\u{0B}' | '\u{85}' | '\u{2028}' => out.push('\n'),
            '\u{0C}' | '\u{2029}' => out.push_str("\n\n"),
            '\t' => out.push('\t'),
            ESC => {
                skip_escape_body(&mut chars);
                out.push(ESCAPE_PLACEHOLDER);
            }
            '\u{9B}' => {
                skip_csi_body(&mut chars);
                out.push(ESCAPE_PLACEHOLDER);
            }
            '\u{90}' | '\u{98}' | '\u{9D}' | '\u{9E}' | '\u{9F}' => {
                skip_string_body(&mut chars);
                out.push(ESCAPE_PLACEHOLDER);
            }
            '\u{00}'..='\u{1F}' => out.push(control_picture(c)),
            '\u{7F}' => out.push('\u{2421}'),
            '\u{80}'..='\u{9F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
                out.push(CONTROL_PLACEHOLDER);
            }
            '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{FEFF}' | '\u{E0000}'..='\u{E007F}' => {}
            _ => out.push(c),
        }
    }
    out
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

/// After an ESC: the rest of the sequence it starts, whatever its kind.
fn skip_escape_body(chars: &mut Chars) {
    match chars.peek() {
        Some('[') => {
            chars.next();
            skip_csi_body(chars);
        }
        Some(']' | 'P' | 'X' | '^' | '_') => {
            chars.next();
            skip_string_body(chars);
        }
        _ => {
            while chars
                .next_if(|c| ('\u{20}'..='\u{2F}').contains(c))
                .is_some()
            {}
            chars.next_if(|c| ('\u{30}'..='\u{7E}').contains(c));
        }
    }
}

/// Parameters, intermediates and the final byte of a CSI sequence; stops early if it is cut off.
fn skip_csi_body(chars: &mut Chars) {
    while chars
        .next_if(|c| ('\u{30}'..='\u{3F}').contains(c))
        .is_some()
    {}
    while chars
        .next_if(|c| ('\u{20}'..='\u{2F}').contains(c))
        .is_some()
    {}
    chars.next_if(|c| ('\u{40}'..='\u{7E}').contains(c));
}

/// The body of OSC, DCS, SOS, PM or APC: up to BEL or ST. An unterminated one ends at the end
/// of its line (a terminal would swallow more, but we lose no more text than that).
fn skip_string_body(chars: &mut Chars) {
    while let Some(&c) = chars.peek() {
        match c {
            BEL | C1_ST => {
                chars.next();
                return;
            }
            ESC => {
                let mut ahead = chars.clone();
                ahead.next();
                if ahead.peek() == Some(&'\\') {
                    chars.next();
                    chars.next();
                }
                return;
            }
            '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{0B}' | '\u{0C}' => return,
            _ => {
                chars.next();
            }
        }
    }
}

fn control_picture(c: char) -> char {
    char::from_u32(0x2400 + u32::from(c)).unwrap_or(CONTROL_PLACEHOLDER)
}

fn cap_combining_marks(text: String) -> String {
    if !may_need_cap(&text) {
        return text;
    }
    let needs_cap = text
        .graphemes(true)
        .any(|g| g.chars().count() > MAX_COMBINING_MARKS);
    if !needs_cap {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    for grapheme in text.graphemes(true) {
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
    out
}

/// Whether some line holds more marks than a grapheme may keep: a grapheme never spans a line
/// break, so without such a line there is nothing to cap, and the text need not be cut into
/// graphemes (most of sanitizing's time otherwise).
fn may_need_cap(text: &str) -> bool {
    text.split('\n').any(|line| {
        line.chars()
            .filter(|&c| is_capped_mark(c))
            .nth(MAX_COMBINING_MARKS)
            .is_some()
    })
}

/// Marks that count toward `MAX_COMBINING_MARKS`: combining marks and the half-width
/// (han)dakuten U+FF9E, U+FF9F.
fn is_capped_mark(c: char) -> bool {
    // No combining mark comes before U+0300: ASCII and Latin-1 letters skip the table.
    c >= '\u{300}'
        && (unicode_normalization::char::is_combining_mark(c)
            || matches!(c, '\u{FF9E}' | '\u{FF9F}'))
}

fn expand_tabs(text: &str) -> String {
    if !text.contains('\t') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 16);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
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
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(!may_need_cap(&lines));
        assert_eq!(sanitize(&lines), lines);
        // One mark more on one grapheme, after lines that need nothing: capped.
        let one_more = format!("{lines}a{}", "\u{316}".repeat(MAX_COMBINING_MARKS + 1));
        assert!(may_need_cap(&one_more));
        assert_eq!(
            sanitize(&one_more).chars().count(),
            one_more.chars().count() - 1
        );
    }
}
