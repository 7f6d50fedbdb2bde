//! What the aligner measures of a sentence: its length by script class (Japanese) or in letters
//! (English), and the numbers it mentions, normalised so that `2013年12月20日` and
//! `December 20, 2013` share theirs.

use crate::date::{ERAS, MONTHS};

/// A Japanese sentence's characters by class, readings in parentheses left out.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Classes {
    pub kanji: f64,
    pub kana: f64,
    pub ascii: f64,
    pub other: f64,
}

impl Classes {
    pub fn of(text: &str) -> Classes {
        let mut classes = Classes::default();
        for c in without_readings(text)
            .chars()
            .filter(|c| !c.is_whitespace())
        {
            match c {
                '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' => {
                    classes.kanji += 1.0;
                }
                '\u{3041}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' | '\u{FF66}'..='\u{FF9F}' => {
                    classes.kana += 1.0;
                }
                c if c.is_ascii_alphanumeric() => classes.ascii += 1.0,
                _ => classes.other += 1.0,
            }
        }
        classes
    }

    pub fn as_array(self) -> [f64; 4] {
        [self.kanji, self.kana, self.ascii, self.other]
    }

    #[must_use]
    pub fn plus(self, other: Classes) -> Classes {
        Classes {
            kanji: self.kanji + other.kanji,
            kana: self.kana + other.kana,
            ascii: self.ascii + other.ascii,
            other: self.other + other.other,
        }
    }
}

/// An English sentence's length: its characters, spaces aside.
pub fn english_length(text: &str) -> f64 {
    #[allow(clippy::cast_precision_loss)]
    let letters = text.chars().filter(|c| !c.is_whitespace()).count() as f64;
    letters
}

/// Japanese text without the kana readings Wikipedia puts after a name in parentheses
/// (`京都大学（きょうとだいがく）`), which the English leaves out.
fn without_readings(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find(['（', '(']) {
        let after = &rest[open..];
        let open_len = after.chars().next().map_or(1, char::len_utf8);
        let inner = &after[open_len..];
        match inner.find(['）', ')']) {
            Some(close) if is_reading(&inner[..close]) => {
                out.push_str(&rest[..open]);
                let close_len = inner[close..].chars().next().map_or(1, char::len_utf8);
                rest = &inner[close + close_len..];
            }
            _ => {
                out.push_str(&rest[..open + open_len]);
                rest = inner;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Hiragana (and the marks between readings) only: a reading, not a gloss.
pub fn is_reading(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| matches!(c, '\u{3041}'..='\u{309F}' | 'ー' | '・' | '、' | ' ' | '　'))
}

/// The numbers a text mentions, as values, in order: Arabic and full-width digits (`1,000`,
/// `３`), kanji numerals (`二十五`, `三万`), with `万`/`億` after digits (`3万` = 30000), and
/// Japanese era years as Western years (`平成25年` = 2013); in English, month names count as
/// their numbers so that dates match.
pub fn numbers(text: &str) -> Vec<u64> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if let Some((value, next)) = arabic(&chars, i).or_else(|| kanji(&chars, i)) {
            let (value, next) = with_multiplier(value, &chars, next);
            found.push(era_year(&chars, i, value).unwrap_or(value));
            i = next;
        } else if let Some((month, next)) = month_name(&chars, i) {
            found.push(month);
            i = next;
        } else {
            i += 1;
        }
    }
    found
}

fn digit(c: char) -> Option<u64> {
    match c {
        '0'..='9' => Some(u64::from(c) - u64::from('0')),
        '０'..='９' => Some(u64::from(c) - u64::from('０')),
        _ => None,
    }
}

/// Digits, with thousands commas, from `at`; a decimal part is left as a number of its own.
fn arabic(chars: &[char], at: usize) -> Option<(u64, usize)> {
    digit(chars[at])?;
    if at > 0 && chars[at - 1].is_ascii_alphabetic() {
        return None;
    }
    let mut value: u64 = 0;
    let mut i = at;
    while i < chars.len() {
        if let Some(d) = digit(chars[i]) {
            value = value.saturating_mul(10).saturating_add(d);
            i += 1;
        } else if matches!(chars[i], ',' | '，')
            && (1..=3).all(|k| chars.get(i + k).and_then(|&c| digit(c)).is_some())
            && chars.get(i + 4).is_none_or(|&c| digit(c).is_none())
        {
            i += 1;
        } else {
            break;
        }
    }
    Some((value, i))
}

fn kanji_digit(c: char) -> Option<u64> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

fn kanji_unit(c: char) -> Option<u64> {
    Some(match c {
        '十' => 10,
        '百' => 100,
        '千' => 1000,
        _ => return None,
    })
}

/// A kanji numeral below ten thousand (`二十五`, `千九百`, `十`); a lone `一` inside a word
/// (`一般`, `統一`) is not read as a number.
fn kanji(chars: &[char], at: usize) -> Option<(u64, usize)> {
    let first = chars[at];
    kanji_digit(first).or_else(|| kanji_unit(first))?;
    let (mut total, mut current, mut i): (u64, u64, usize) = (0, 0, at);
    while i < chars.len() {
        let c = chars[i];
        if let Some(d) = kanji_digit(c) {
            current = current.saturating_mul(10).saturating_add(d);
        } else if let Some(unit) = kanji_unit(c) {
            total = current.max(1).saturating_mul(unit).saturating_add(total);
            current = 0;
        } else {
            break;
        }
        i += 1;
    }
    let value = total.saturating_add(current);
    let lone_one = i == at + 1 && first == '一';
    let counter_follows = chars.get(i).is_some_and(|&c| is_counter(c));
    (!lone_one || counter_follows).then_some((value, i))
}

/// Counters and units that follow a number in Japanese (`年` `月` `日` `人` `回` …).
fn is_counter(c: char) -> bool {
    "年月日人回個件歳度位番号階本枚台名円週分秒時世紀".contains(c)
}

/// `万` or `億` after a number multiplies it.
fn with_multiplier(value: u64, chars: &[char], at: usize) -> (u64, usize) {
    match chars.get(at) {
        Some('万') => (value.saturating_mul(10_000), at + 1),
        Some('億') => (value.saturating_mul(100_000_000), at + 1),
        _ => (value, at),
    }
}

/// An era year (`平成25年`, `昭和元年` is read elsewhere as no number) as its Western year.
fn era_year(chars: &[char], at: usize, year: u64) -> Option<u64> {
    let before: String = chars[at.saturating_sub(2)..at].iter().collect();
    ERAS.iter()
        .find(|(era, _)| before == *era)
        .map(|&(_, offset)| u64::from(offset).saturating_add(year))
}

/// An English month name (`December`, `Dec.`) at a word start, as its number.
fn month_name(chars: &[char], at: usize) -> Option<(u64, usize)> {
    if !chars[at].is_ascii_uppercase() || (at > 0 && chars[at - 1].is_alphanumeric()) {
        return None;
    }
    let end = (at..chars.len())
        .find(|&i| !chars[i].is_ascii_alphabetic())
        .unwrap_or(chars.len());
    let word: String = chars[at..end].iter().collect::<String>().to_lowercase();
    // "May" and "March" are words too: only a whole month name, or three letters and a stop.
    let dotted = chars.get(end) == Some(&'.');
    let index = MONTHS
        .iter()
        .position(|m| *m == word || (dotted && word.len() >= 3 && m.starts_with(&word)))?;
    let next_is_number = chars[end..]
        .iter()
        .find(|c| !matches!(c, ' ' | '.' | ','))
        .is_some_and(char::is_ascii_digit);
    (word != "may" || next_is_number).then(|| (index as u64 + 1, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_leave_readings_out() {
        let c = Classes::of("京都大学（きょうとだいがく）は、日本の大学（Kyoto）。");
        let want = [8.0, 2.0, 5.0, 4.0];
        let same = c
            .as_array()
            .iter()
            .zip(want)
            .all(|(a, b)| (a - b).abs() < 1e-9);
        assert!(
            same,
            "{c:?}: は and の are the kana; the reading is left out"
        );
        assert!((english_length("Kyoto University is") - 17.0).abs() < f64::EPSILON);
    }

    #[test]
    fn numbers_match_across_the_languages() {
        assert_eq!(numbers("2013年12月20日"), [2013, 12, 20]);
        assert_eq!(numbers("December 20, 2013"), [12, 20, 2013]);
        assert_eq!(numbers("平成25年に三万人が来た"), [2013, 30_000]);
        assert_eq!(numbers("１，０００円と二十五個"), [1000, 25]);
        assert_eq!(numbers("1,000 yen and 3.5 km"), [1000, 3, 5]);
        assert_eq!(numbers("一般に統一された"), Vec::<u64>::new());
        assert_eq!(numbers("一人で十回"), [1, 10]);
        assert_eq!(numbers("May I? In May 3, the A4 paper"), [5, 3]);
        assert_eq!(numbers("the 2-plus-2 talks in Nov. 2013"), [2, 2, 11, 2013]);
        assert_eq!(numbers("千九百五十年"), [1950]);
        // Numerals past what a number holds saturate rather than overflow.
        assert_eq!(numbers(&"九".repeat(30)), [u64::MAX]);
        assert_eq!(numbers("平成99999999999999999999年"), [u64::MAX]);
    }
}
