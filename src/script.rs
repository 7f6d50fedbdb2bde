//! Which script a text is in (Japanese or English, by its share of Japanese letters), and
//! joining hard-wrapped lines as each script wants.

use crate::article::{Bilingual, Side};

/// The share of Japanese characters among the letters at which a text counts as Japanese.
const JAPANESE_SHARE: f64 = 0.3;

/// Whether a paragraph is English or Japanese: Japanese when at least 30 % of its letters
/// (spaces and ASCII punctuation aside) are kana, kanji or full-width forms.
pub fn script_of(text: &str) -> Side {
    let (mut japanese, mut letters) = (0_u32, 0_u32);
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        if is_japanese(c) {
            japanese += 1;
            letters += 1;
        } else if c.is_alphanumeric() {
            letters += 1;
        }
    }
    if letters > 0 && f64::from(japanese) >= JAPANESE_SHARE * f64::from(letters) {
        Side::Ja
    } else {
        Side::En
    }
}

/// A one-sided text, on the side its script says.
pub fn on_its_side(text: String) -> Bilingual {
    let side = script_of(&text);
    let mut bilingual = Bilingual::default();
    *bilingual.get_mut(side) = Some(text);
    bilingual
}

/// Kana, kanji, CJK punctuation and full- or half-width forms.
pub fn is_japanese(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{30FF}'     // CJK punctuation, hiragana, katakana
        | '\u{31F0}'..='\u{31FF}'   // katakana phonetic extensions
        | '\u{3400}'..='\u{4DBF}'   // CJK extension A
        | '\u{4E00}'..='\u{9FFF}'   // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}'   // CJK compatibility ideographs
        | '\u{FF01}'..='\u{FF9F}'   // full-width forms, half-width katakana
        | '\u{20000}'..='\u{3FFFF}' // CJK extensions B and later
    )
}

/// Joins the lines of a hard-wrapped paragraph: with a space between words, with nothing
/// where either side of the join is Japanese (Japanese does not put spaces between words).
/// Lines are trimmed, except for a leading U+3000 indent.
pub fn join_lines<'a>(lines: impl IntoIterator<Item = &'a str>) -> String {
    let mut joined = String::new();
    for line in lines {
        let line = line
            .trim_end()
            .trim_start_matches(|c: char| c.is_whitespace() && c != '\u{3000}');
        if line.trim().is_empty() {
            continue;
        }
        let glue = match (joined.chars().next_back(), line.chars().next()) {
            (None, _) => "",
            (Some(end), Some(start)) if is_japanese(end) || is_japanese(start) => "",
            _ => " ",
        };
        joined.push_str(glue);
        joined.push_str(line);
    }
    joined
}

#[cfg(test)]
mod tests {
    use super::*;

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
