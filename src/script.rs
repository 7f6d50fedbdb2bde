//! Which script a text is in (Japanese or English, by its letters: kana, kanji and the rest),
//! and joining hard-wrapped lines as each script wants.

use std::borrow::Cow;

use crate::article::{Bilingual, Side};
use crate::text::sanitize::combines_with_previous;
use crate::text::scan::{ascii_end, char_at, non_ascii_end};

/// The share of Japanese letters among the letters at which a text without kana counts as
/// Japanese.
const JAPANESE_SHARE: f64 = 0.3;

/// Whether a paragraph is English or Japanese, by its letters; URLs, numbers, punctuation and
/// spaces are no letters.
///
/// - The letters outside quotation marks and brackets decide, if there are any (an English
///   sentence around `「いただきます」` is English); else all of them do (a line of dialogue).
/// - Letters with any kana among them are Japanese; others are Japanese when at least 30 % of
///   them are kanji or full-width letters (`The word 対訳 means…` is English).
/// - A text without letters is Japanese when at least 30 % of its other visible characters are
///   Japanese (`２０１３`, `（一）`, `。`), else English (`2013`, `* * *`).
pub fn script_of(text: &str) -> Side {
    // Letters of one script are that script's, quoted or not: quotation marks matter only
    // between scripts (and URLs only with Latin letters).
    let (quick, may_hold_url) = quick_letters(text);
    let one_script = quick.japanese == 0 || quick.other == 0;
    if one_script && quick.count() > 0 && !may_hold_url {
        return quick.side();
    }
    let tally = Tally::of(text);
    let letters = if tally.outside.count() > 0 {
        tally.outside
    } else {
        tally.outside.plus(tally.inside)
    };
    if letters.count() > 0 {
        letters.side()
    } else {
        share_side(
            tally.japanese_marks,
            tally.japanese_marks + tally.other_marks,
        )
    }
}

/// The language a whole text is in (a file of one sentence a line): the share of Japanese
/// among all its letters, quoted or not, as for a paragraph without kana.
pub fn language_of(text: &str) -> Side {
    let (mut letters, may_hold_url) = quick_letters(text);
    if may_hold_url {
        let tally = Tally::of(text);
        letters = tally.outside.plus(tally.inside);
    }
    share_side(letters.japanese, letters.count())
}

fn share_side(japanese: u32, of: u32) -> Side {
    if of > 0 && f64::from(japanese) >= JAPANESE_SHARE * f64::from(of) {
        Side::Ja
    } else {
        Side::En
    }
}

/// Letters by script: Japanese (kana, kanji, full-width letters), the kana among them, others.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Letters {
    japanese: u32,
    kana: u32,
    other: u32,
}

impl Letters {
    fn count(self) -> u32 {
        self.japanese + self.other
    }

    fn plus(self, more: Self) -> Self {
        Self {
            japanese: self.japanese + more.japanese,
            kana: self.kana + more.kana,
            other: self.other + more.other,
        }
    }

    fn side(self) -> Side {
        if self.kana > 0 {
            Side::Ja
        } else {
            share_side(self.japanese, self.count())
        }
    }
}

/// What `script_of` counts of a text: its letters outside and inside quotation marks and
/// brackets (URLs left out), and its other visible characters, Japanese or not.
#[derive(Debug, Default)]
struct Tally {
    outside: Letters,
    inside: Letters,
    japanese_marks: u32,
    other_marks: u32,
}

impl Tally {
    /// Runs of ASCII are looked at byte by byte, kana and kanji by their bytes alone.
    fn of(text: &str) -> Self {
        let mut tally = Self::default();
        let mut quotes = Quotes::default();
        let bytes = text.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            let ascii = ascii_end(bytes, at);
            at = tally.ascii_run(bytes, at, ascii, &mut quotes);
            let other = non_ascii_end(bytes, at);
            while at < other {
                let (counted, next) = non_ascii_at(text, at);
                match counted {
                    Counted::Kana => {
                        let letters = quotes.letters(&mut tally);
                        letters.japanese += 1;
                        letters.kana += 1;
                    }
                    Counted::Japanese => quotes.letters(&mut tally).japanese += 1,
                    Counted::Other => quotes.letters(&mut tally).other += 1,
                    Counted::Mark { japanese, c } => {
                        if japanese {
                            tally.japanese_marks += 1;
                        } else {
                            tally.other_marks += 1;
                        }
                        quotes.mark(c);
                    }
                    Counted::Nothing => {}
                }
                at = next;
            }
        }
        tally
    }

    /// Counts the ASCII characters from `at` to `end` (and the URL that may go on past it);
    /// where the next character begins. Letters and marks are counted a run at a time, up to
    /// a byte that may change what they count as: a quotation mark or bracket, or the `.` or
    /// `:` that shows a URL in the letters before it.
    fn ascii_run(&mut self, bytes: &[u8], mut at: usize, end: usize, quotes: &mut Quotes) -> usize {
        let (mut letters, mut marks) = (0_u32, 0_u32);
        while at < end {
            let b = bytes[at];
            let class = ASCII_CLASSES[usize::from(b)];
            if class != SPECIAL {
                letters += u32::from(class == LETTER);
                marks += u32::from(class == MARK);
                at += 1;
                continue;
            }
            quotes.letters(self).other += std::mem::take(&mut letters);
            self.other_marks += std::mem::take(&mut marks);
            let url = match b {
                b'.' => www_before(bytes, at),
                b':' => scheme_before(bytes, at),
                _ => None,
            };
            if let Some(start) = url {
                // The URL's first letters were counted before what follows them showed it.
                quotes.letters(self).other -= u32::try_from(at - start).expect("a short word");
                at = url_end(bytes, start);
                continue;
            }
            self.other_marks += 1;
            if b != b'\'' || !is_apostrophe(bytes, at) {
                quotes.mark(char::from(b));
            }
            at += 1;
        }
        quotes.letters(self).other += letters;
        self.other_marks += marks;
        at
    }
}

/// What a character beyond ASCII counts as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Counted {
    Kana,
    /// A Japanese letter that is no kana: a kanji, a full-width Latin letter.
    Japanese,
    Other,
    /// A visible character that is no letter, which may be a quotation mark.
    Mark {
        japanese: bool,
        c: char,
    },
    /// A space or a control.
    Nothing,
}

/// What the character at `at` (beyond ASCII) counts as, and where the next starts. Kana,
/// kanji, `、` and `。` are told by their bytes alone.
#[inline]
fn non_ascii_at(text: &str, at: usize) -> (Counted, usize) {
    match text.as_bytes()[at..] {
        // U+3041–U+3096, U+309D–U+309F, U+30A1–U+30FA and U+30FC–U+30FF: kana letters (not
        // `゛`, `゠` or `・`).
        [0xE3, 0x81, 0x81..=0xBF, ..]
        | [0xE3, 0x82, 0x80..=0x96 | 0x9D..=0x9F | 0xA1..=0xBF, ..]
        | [0xE3, 0x83, 0x80..=0xBA | 0xBC..=0xBF, ..] => (Counted::Kana, at + 3),
        // U+4E00–U+9FFF: kanji, every one a letter.
        [0xE4, 0xB8..=0xBF, ..] | [0xE5..=0xE9, ..] => (Counted::Japanese, at + 3),
        [0xE3, 0x80, 0x81 | 0x82, ..] => {
            let c = if text.as_bytes()[at + 2] == 0x81 {
                '、'
            } else {
                '。'
            };
            (Counted::Mark { japanese: true, c }, at + 3)
        }
        _ => {
            let c = char_at(text, at);
            (counted(c), at + c.len_utf8())
        }
    }
}

/// What a character counts as (see `non_ascii_at`).
fn counted(c: char) -> Counted {
    let japanese = is_japanese(c);
    if c.is_alphabetic() {
        match (japanese, is_kana(c)) {
            (true, true) => Counted::Kana,
            (true, false) => Counted::Japanese,
            (false, _) => Counted::Other,
        }
    } else if c.is_whitespace() || c.is_control() {
        Counted::Nothing
    } else {
        Counted::Mark { japanese, c }
    }
}

/// The letters of a text with URLs counted as text, and whether it may hold a URL (it has
/// `:/` or `w.` somewhere): `Tally`'s letters, all of them, for a text that may not. Runs of
/// ASCII are counted at once.
fn quick_letters(text: &str) -> (Letters, bool) {
    let mut letters = Letters::default();
    let mut may_hold_url = false;
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let ascii = ascii_end(bytes, at);
        let run = &bytes[at..ascii];
        let is_letter = |b: &u8| u32::from((b | 0x20).wrapping_sub(b'a') < 26);
        letters.other += run.iter().map(is_letter).sum::<u32>();
        let pairs = run.iter().zip(run.iter().skip(1));
        let suspect = |(&a, &b): (&u8, &u8)| {
            u8::from(a == b':') & u8::from(b == b'/')
                | u8::from(a | 0x20 == b'w') & u8::from(b == b'.')
        };
        may_hold_url |= pairs.map(suspect).fold(0, |all, one| all | one) != 0;
        at = ascii;
        let other = non_ascii_end(bytes, at);
        while at < other {
            let (counted, next) = non_ascii_at(text, at);
            match counted {
                Counted::Kana => {
                    letters.japanese += 1;
                    letters.kana += 1;
                }
                Counted::Japanese => letters.japanese += 1,
                Counted::Other => letters.other += 1,
                Counted::Mark { .. } | Counted::Nothing => {}
            }
            at = next;
        }
    }
    (letters, may_hold_url)
}

// A URL starts with letters and `://` (`https://`), or with `www.`, not right after a letter
// or digit; it goes on over the characters of a URL (letters, digits and
// `-._~:/?#@!$&*+,;=%`), and ends where the first other character is.

/// What an ASCII byte is to `Tally::ascii_run`: nothing (a space or a control), a letter, a
/// mark, or a byte that needs a closer look.
const ASCII_CLASSES: [u8; 128] = ascii_classes();
const NOTHING: u8 = 0;
const LETTER: u8 = 1;
const MARK: u8 = 2;
const SPECIAL: u8 = 3;

const fn ascii_classes() -> [u8; 128] {
    let mut classes = [NOTHING; 128];
    let mut b = 0;
    while b < 128 {
        classes[b as usize] = match b {
            b'"' | b'\'' | b'(' | b')' | b'[' | b']' | b'.' | b':' => SPECIAL,
            b'A'..=b'Z' | b'a'..=b'z' => LETTER,
            b'!'..=b'~' => MARK,
            _ => NOTHING,
        };
        b += 1;
    }
    classes
}

/// Where the URL whose `www.` has its `.` at `dot` starts, if one does.
fn www_before(bytes: &[u8], dot: usize) -> Option<usize> {
    let start = dot.checked_sub(3)?;
    (bytes[start..dot].eq_ignore_ascii_case(b"www") && word_starts(bytes, start)).then_some(start)
}

/// Where the URL whose scheme's `:` is at `colon` starts, if `://` is there after letters.
fn scheme_before(bytes: &[u8], colon: usize) -> Option<usize> {
    if !bytes[colon..].starts_with(b"://") {
        return None;
    }
    let letters = bytes[..colon]
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    let start = colon - letters;
    (letters > 0 && word_starts(bytes, start)).then_some(start)
}

/// Whether `at` is not right after an ASCII letter or digit.
fn word_starts(bytes: &[u8], at: usize) -> bool {
    at == 0 || !bytes[at - 1].is_ascii_alphanumeric()
}

/// Where the URL that starts at `start` ends.
fn url_end(bytes: &[u8], start: usize) -> usize {
    start
        + bytes[start..]
            .iter()
            .take_while(|&&b| is_url_byte(b))
            .count()
}

/// Whether the `'` at `at` is an apostrophe (`don't`), between two ASCII letters or digits,
/// rather than a quotation mark.
fn is_apostrophe(bytes: &[u8], at: usize) -> bool {
    let alphanumeric = |i: Option<usize>| {
        i.and_then(|i| bytes.get(i))
            .is_some_and(u8::is_ascii_alphanumeric)
    };
    alphanumeric(at.checked_sub(1)) && alphanumeric(Some(at + 1))
}

fn is_url_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~:/?#@!$&*+,;=%".contains(&b)
}

/// Quotation marks and brackets open at a point of a text, innermost last: the opening marks
/// of the pairs in `QUOTE_PAIRS`, as many as `Quotes::DEPTH`.
#[derive(Debug, Default)]
struct Quotes {
    open: [char; Quotes::DEPTH],
    depth: usize,
}

/// Quotation marks and brackets: opening, closing (the same for `"` and `'`, which is a
/// quotation mark unless it is an apostrophe).
const QUOTE_PAIRS: [(char, char); 17] = [
    ('「', '」'),
    ('『', '』'),
    ('“', '”'),
    ('‘', '’'),
    ('"', '"'),
    ('\'', '\''),
    ('(', ')'),
    ('（', '）'),
    ('[', ']'),
    ('［', '］'),
    ('【', '】'),
    ('〔', '〕'),
    ('《', '》'),
    ('〈', '〉'),
    ('«', '»'),
    ('〝', '〟'),
    ('｢', '｣'),
];

impl Quotes {
    const DEPTH: usize = 16;

    /// Takes in `c` if it is a quotation mark or bracket: a closing one closes the innermost
    /// open one of its pair and all inside it (and is nothing when none is open); `"` closes
    /// an open `"` (`'`), else opens; an opening one opens, unless `DEPTH` are open.
    fn mark(&mut self, c: char) {
        let Some(&(opening, closing)) = QUOTE_PAIRS.iter().find(|(o, cl)| c == *o || c == *cl)
        else {
            return;
        };
        let open = &self.open[..self.depth];
        match open.iter().rposition(|&o| o == opening) {
            Some(at) if c == closing => self.depth = at,
            _ if c == opening && self.depth < Self::DEPTH => {
                self.open[self.depth] = opening;
                self.depth += 1;
            }
            _ => {}
        }
    }

    /// Where a letter here is counted.
    fn letters<'t>(&self, tally: &'t mut Tally) -> &'t mut Letters {
        if self.depth == 0 {
            &mut tally.outside
        } else {
            &mut tally.inside
        }
    }
}

/// Hiragana, katakana (with `ー`), their phonetic extensions and half-width katakana.
fn is_kana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' | '\u{FF66}'..='\u{FF9F}')
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

/// A line without the white space around it, but for a leading U+3000 (a Japanese indent).
pub fn trim_line(line: &str) -> &str {
    line.trim_end()
        .trim_start_matches(|c: char| c.is_whitespace() && c != '\u{3000}')
}

/// `join_lines`, appending to `joined`, which is empty or ends a line already joined. The lines
/// are sanitized text, and so is the result: where a line opens with a character that could
/// combine with the one before the join (`combines_with_previous`), the whole is sanitized again,
/// for it to be NFC with no grapheme over-marked (`text::sanitize`). Without that, the result
/// is never longer than the lines with one byte between each two.
pub fn join_lines_into<'a>(lines: impl IntoIterator<Item = &'a str>, joined: &mut String) {
    let lines = lines.into_iter().map(trim_line);
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
        assert_eq!(script_of("  "), Side::En);
    }

    #[test]
    fn urls_numbers_and_punctuation_are_no_letters() {
        // Issue 14, item 7: once on the English side, by the letters of its URL.
        let url = "https://www.example.com/very/long/path/to/the/page/index.html?lang=ja&id=12345";
        assert_eq!(
            script_of(&format!("詳しくは{url}を見てください。")),
            Side::Ja
        );
        assert_eq!(
            script_of("底本：www.aozora.gr.jp/cards/000148/files/789_14547.html"),
            Side::Ja
        );
        assert_eq!(script_of(&format!("({url})と書いてある")), Side::Ja);
        assert_eq!(script_of(&format!("See {url} for more.")), Side::En);
        assert_eq!(script_of("第1,234,567号 2024-01-15"), Side::Ja);
        // Where URLs start and end: a word before `://` must be all letters, `www.` must
        // start a word.
        assert_eq!(www_before(b"a www.x.jp", 5), Some(2));
        assert_eq!(www_before(b"a WwW.x.jp", 5), Some(2));
        assert_eq!(www_before(b"awww.x", 4), None);
        assert_eq!(www_before(b"ww.x", 2), None);
        assert_eq!(url_end(b"a www.x.jp/(b)", 2), 11);
        assert_eq!(scheme_before(b"see http://x", 8), Some(4));
        assert_eq!(scheme_before(b"a1://x", 2), None);
        assert_eq!(scheme_before(b"2http://x", 5), None);
        assert_eq!(scheme_before(b"://x", 0), None);
        assert_eq!(scheme_before(b"a:b", 1), None);
    }

    #[test]
    fn english_around_a_quoted_japanese_term_stays_english() {
        for english in [
            "Before a meal, people say 「いただきます」.",
            "“いただきます” is said before a meal.",
            "People say 'いただきます' before meals, don't they?",
            "Itadakimasu (いただきます) is said before eating.",
            "He said \"いただきます\"",
        ] {
            assert_eq!(script_of(english), Side::En, "{english}");
        }
        for japanese in [
            "「いただきます」と言ってから食べる。",
            "「いただきます」",
            "“いただきます”",
            "食事の前に「Itadakimasu」と言う",
            "People say いただきます before meals.",
            // An unclosed quotation (dialogue going on to the next paragraph) is all quoted.
            "「おれは行かない。",
        ] {
            assert_eq!(script_of(japanese), Side::Ja, "{japanese}");
        }
    }

    #[test]
    fn lines_without_letters_go_by_their_other_characters() {
        for (text, side) in [
            ("2013", Side::En),
            ("２０１３", Side::Ja),
            ("1,000,000", Side::En),
            ("* * *", Side::En),
            ("(1)", Side::En),
            ("（１）", Side::Ja),
            ("……。", Side::Ja),
            ("「」", Side::Ja),
            ("", Side::En),
        ] {
            assert_eq!(script_of(text), side, "{text:?}");
        }
    }

    #[test]
    fn a_whole_text_goes_by_its_share_of_letters() {
        let english = "The talks were held in Tokyo.\nPeople say いただきます there.\n";
        assert_eq!(script_of(english), Side::Ja);
        assert_eq!(language_of(english), Side::En);
        assert_eq!(language_of("会談は東京で行われた。\nBento Box\n"), Side::Ja);
        assert_eq!(language_of("https://example.com/a/b/c は例です"), Side::Ja);
    }

    /// What one character alone adds to a tally: (Japanese, kana, other letters, Japanese and
    /// other marks).
    fn expected_counts(c: char) -> (u32, u32, u32, u32, u32) {
        match c {
            _ if c.is_whitespace() || c.is_control() => (0, 0, 0, 0, 0),
            _ if c.is_alphabetic() && is_japanese(c) => (1, u32::from(is_kana(c)), 0, 0, 0),
            _ if c.is_alphabetic() => (0, 0, 1, 0, 0),
            _ if is_japanese(c) => (0, 0, 0, 1, 0),
            _ => (0, 0, 0, 0, 1),
        }
    }

    fn counts(text: &str) -> (u32, u32, u32, u32, u32) {
        let tally = Tally::of(text);
        let letters = tally.outside.plus(tally.inside);
        (
            letters.japanese,
            letters.kana,
            letters.other,
            tally.japanese_marks,
            tally.other_marks,
        )
    }

    #[test]
    fn every_character_counts_as_it_is() {
        let mut all = String::new();
        let mut sum = (0, 0, 0, 0, 0);
        for c in char::MIN..=char::MAX {
            let one = expected_counts(c);
            assert_eq!(counts(&c.to_string()), one, "{c:?}");
            let (quick, _) = quick_letters(&c.to_string());
            assert_eq!(
                (quick.japanese, quick.kana, quick.other),
                (one.0, one.1, one.2)
            );
            all.push(c);
            sum = (
                sum.0 + one.0,
                sum.1 + one.1,
                sum.2 + one.2,
                sum.3 + one.3,
                sum.4 + one.4,
            );
        }
        assert_eq!(counts(&all), sum);
        assert_eq!(
            quick_letters(&all).0,
            Letters {
                japanese: sum.0,
                kana: sum.1,
                other: sum.2
            }
        );
    }

    #[test]
    fn quotation_marks_nest_and_close_what_they_opened() {
        let outside = |text: &str| Tally::of(text).outside;
        let latin = |other| Letters {
            other,
            ..Letters::default()
        };
        assert_eq!(outside("a「b（c」d"), latin(2));
        assert_eq!(outside("a」b"), latin(2));
        assert_eq!(outside("a\"b\"c 'd' e"), latin(3));
        assert_eq!(outside("don't"), latin(4));
        let deep = format!("{}x{}y", "(".repeat(20), ")".repeat(16));
        assert_eq!(outside(&deep), latin(1));
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
        // Full-width letters are Japanese, digits are no letters.
        assert_eq!(script_of("Ｔｏｋｙｏ ２０１３ and more"), Side::Ja);
        assert_eq!(script_of("２０１３ and more words than that"), Side::En);
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
