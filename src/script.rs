//! Which script a text is in (Japanese or English, by its share of Japanese letters), and
//! joining hard-wrapped lines as each script wants.

use std::borrow::Cow;

use crate::article::{Bilingual, Side};
use crate::text::sanitize::combines_with_previous;
use crate::text::scan::{ascii_end, char_at, non_ascii_end};

/// The share of Japanese characters among the letters at which a text counts as Japanese.
const JAPANESE_SHARE: f64 = 0.3;

/// Whether a paragraph is English or Japanese: Japanese when at least 30 % of its letters
/// (spaces and ASCII punctuation aside) are kana, kanji or full-width forms.
pub fn script_of(text: &str) -> Side {
    let (japanese, letters) = letter_counts(text);
    if letters > 0 && f64::from(japanese) >= JAPANESE_SHARE * f64::from(letters) {
        Side::Ja
    } else {
        Side::En
    }
}

/// How many of a text's characters are Japanese letters, and how many are letters: kana,
/// kanji and full-width forms (`is_japanese`), and other alphanumeric characters; whitespace
/// is neither. Runs of ASCII are counted at once, and kana and most kanji by their first two
/// bytes alone.
fn letter_counts(text: &str) -> (u32, u32) {
    let (mut japanese, mut letters) = (0_u32, 0_u32);
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let ascii = ascii_end(bytes, at);
        letters += ascii_alphanumerics(&bytes[at..ascii]);
        at = ascii;
        let other = non_ascii_end(bytes, at);
        while at < other {
            match bytes[at..] {
                // U+3040–U+30FF (kana) and U+4E00–U+9FFF (kanji).
                [0xE3, 0x81..=0x83, ..] | [0xE4, 0xB8..=0xBF, ..] | [0xE5..=0xE9, ..] => {
                    japanese += 1;
                    letters += 1;
                    at += 3;
                }
                _ => {
                    let c = char_at(text, at);
                    if is_japanese(c) {
                        // U+3000, the ideographic space, is the only whitespace among them.
                        if c != '\u{3000}' {
                            japanese += 1;
                            letters += 1;
                        }
                    } else if !c.is_whitespace() && c.is_alphanumeric() {
                        letters += 1;
                    }
                    at += c.len_utf8();
                }
            }
        }
    }
    (japanese, letters)
}

/// How many of the (ASCII) bytes are letters or digits.
fn ascii_alphanumerics(ascii: &[u8]) -> u32 {
    let is_alphanumeric = |b: u8| (b | 0x20).wrapping_sub(b'a') < 26 || b.wrapping_sub(b'0') < 10;
    ascii.iter().map(|&b| u32::from(is_alphanumeric(b))).sum()
}

/// A one-sided text, on the side its script says.
pub fn on_its_side(text: String) -> Bilingual {
    let side = script_of(&text);
    let mut bilingual = Bilingual::default();
    *bilingual.get_mut(side) = Some(text.into());
    bilingual
}

/// Kana, kanji, CJK punctuation and full- or half-width forms.
pub fn is_japanese(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'     // CJK unified ideographs
        | '\u{3000}'..='\u{30FF}'   // CJK punctuation, hiragana, katakana
        | '\u{31F0}'..='\u{31FF}'   // katakana phonetic extensions
        | '\u{3400}'..='\u{4DBF}'   // CJK extension A
        | '\u{F900}'..='\u{FAFF}'   // CJK compatibility ideographs
        | '\u{FF01}'..='\u{FF9F}'   // full-width forms, half-width katakana
        | '\u{20000}'..='\u{3FFFF}' // CJK extensions B and later
    )
}

/// Joins the lines of a hard-wrapped paragraph: with a space between words, with nothing
/// where either side of the join is Japanese (Japanese does not put spaces between words) —
/// judged by the nearest letter or digit on each side, so that punctuation shared by both
/// scripts (`遺言書……` / `……唐時代`) joins as the words around it do.
/// Lines are trimmed, except for a leading U+3000 indent.
pub fn join_lines<'a>(lines: impl IntoIterator<Item = &'a str, IntoIter: Clone>) -> String {
    let lines = lines.into_iter();
    // Room for every line and a space between each two, allocated once.
    let room = lines.clone().map(|line| line.len() + 1).sum::<usize>();
    let mut joined = String::with_capacity(room.saturating_sub(1));
    join_lines_into(lines, &mut joined);
    joined
}

/// `join_lines`, appending to `joined`, which is empty or ends a line already joined. The lines
/// are sanitized text, and so is the result: where a line opens with a character that could
/// combine with the one before the join (`combines_with_previous`), the whole is sanitized again,
/// for it to be NFC with no grapheme over-marked (`text::sanitize`). Without that, the result
/// is never longer than the lines with one byte between each two.
pub fn join_lines_into<'a>(lines: impl IntoIterator<Item = &'a str>, joined: &mut String) {
    let lines = lines.into_iter().map(|line| {
        line.trim_end()
            .trim_start_matches(|c: char| c.is_whitespace() && c != '\u{3000}')
    });
    let mut joins_marks = false;
    for line in lines {
        joins_marks |= !joined.is_empty() && line.starts_with(combines_with_previous);
        if line.trim().is_empty() {
            continue;
        }
        let glue = match (joined.chars().next_back(), line.chars().next()) {
            (None, _) => "",
            (Some(end), Some(start)) if is_japanese(end) || is_japanese(start) => "",
            _ if nearest_word_char(joined.chars().rev()).is_some_and(is_japanese)
                || nearest_word_char(line.chars()).is_some_and(is_japanese) =>
            {
                ""
            }
            _ => " ",
        };
        joined.push_str(glue);
        joined.push_str(line);
    }
    if joins_marks && let Cow::Owned(clean) = crate::text::sanitize::sanitized(joined) {
        *joined = clean;
    }
}

/// How far past punctuation a join looks for the letter it is judged by.
const JOIN_LOOKS: usize = 16;

/// The first letter or digit of `chars` within `JOIN_LOOKS` characters, if any.
fn nearest_word_char(chars: impl Iterator<Item = char>) -> Option<char> {
    chars.take(JOIN_LOOKS).find(|c| c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_join_with_a_space_only_between_latin_words() {
        assert_eq!(join_lines(["遺言書……", "……唐時代"]), "遺言書…………唐時代");
        assert_eq!(
            join_lines(["「そうか」", "――と言った"]),
            "「そうか」――と言った"
        );
        assert_eq!(
            join_lines(["and so on…", "then more"]),
            "and so on… then more"
        );
        assert_eq!(join_lines(["He said,", "“Yes.”"]), "He said, “Yes.”");
        assert_eq!(join_lines(["the word", "対訳 here"]), "the word対訳 here");
        // Only punctuation near the join: judged as Latin, with a space.
        assert_eq!(join_lines(["...", "..."]), "... ...");
    }

    #[test]
    fn scripts_are_told_apart() {
        assert_eq!(script_of("The talks were held in Tokyo."), Side::En);
        assert_eq!(script_of("会談は東京で行われた。"), Side::Ja);
        assert_eq!(script_of("私は ratatui が本当に便利だと思います"), Side::Ja);
        assert_eq!(
            script_of("The word 対訳 means parallel translation."),
            Side::En
        );
        assert_eq!(script_of("２０１３"), Side::Ja);
        assert_eq!(script_of("  "), Side::En);
    }

    #[test]
    fn every_character_counts_as_it_is() {
        let counted = |c: char| match c {
            _ if c.is_whitespace() => (0, 0),
            _ if is_japanese(c) => (1, 1),
            _ if c.is_alphanumeric() => (0, 1),
            _ => (0, 0),
        };
        let mut all = String::new();
        let (mut japanese, mut letters) = (0, 0);
        for c in char::MIN..=char::MAX {
            assert_eq!(letter_counts(&c.to_string()), counted(c), "{c:?}");
            all.push(c);
            japanese += counted(c).0;
            letters += counted(c).1;
        }
        assert_eq!(letter_counts(&all), (japanese, letters));
    }

    #[test]
    fn the_ideographic_space_is_the_only_japanese_whitespace() {
        // What `script_of` counts on.
        let spaces: Vec<char> = (char::MIN..=char::MAX)
            .filter(|&c| is_japanese(c) && c.is_whitespace())
            .collect();
        assert_eq!(spaces, ['\u{3000}']);
        assert_eq!(script_of("\u{3000}\u{3000}abc"), Side::En);
        assert_eq!(script_of("abc 日本語です"), Side::Ja);
        assert_eq!(
            script_of("Ｔｏｋｙｏ ２０１３ and more words than that"),
            Side::Ja
        );
    }

    #[test]
    fn lines_join_by_script() {
        assert_eq!(
            join_lines(["a hard", "wrapped line"]),
            "a hard wrapped line"
        );
        assert_eq!(join_lines(["吾輩は猫", "である。"]), "吾輩は猫である。");
        assert_eq!(join_lines(["私は", "ratatui が"]), "私はratatui が");
        assert_eq!(join_lines(["  one ", "", " two"]), "one two");
    }
}
