//! A coarse sound key that a Japanese rendering of a name and its English spelling share
//! (`ラブロフ` and `Lavrov`, `ポルトガル` and `Portugal`, `あしかがよしみつ` and
//! `Yoshimitsu Ashikaga`): consonants by place of articulation, vowels, `y` and `w` left out,
//! repeats collapsed, no dictionary.
//!
//! The classes are those a katakana rendering keeps apart: k/g, s/z/sh/j, t/d/ch/ts, n/m,
//! h/b/p/f/v, r/l. Japanese renders English `l` as `r`, `v` as `b`, `th` as `s` and drops a
//! final `r` into a long vowel (`computer`, `コンピューター`), so the key does too.

/// A consonant class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    K = 1,
    S,
    T,
    N,
    P,
    R,
}

/// Keys shorter than this say too little to match a name by.
pub const MIN_CLASSES: usize = 4;
/// Keys are packed four bits a class; longer ones keep their first classes.
const MAX_CLASSES: usize = 15;

/// The key of a sequence of classes, packed; `None` if it is too short to match on.
fn packed(classes: &[Class]) -> Option<u64> {
    let mut collapsed: Vec<Class> = Vec::with_capacity(classes.len());
    for &c in classes {
        if collapsed.last() != Some(&c) {
            collapsed.push(c);
        }
    }
    (collapsed.len() >= MIN_CLASSES).then(|| {
        collapsed
            .iter()
            .take(MAX_CLASSES)
            .fold(0, |key, &c| key << 4 | c as u64)
    })
}

/// The key of an English word, or of words spelt one after another (`ashikaga yoshimitsu`).
pub fn english(words: &[&str]) -> Option<u64> {
    let classes: Vec<Class> = words.iter().flat_map(|w| english_classes(w)).collect();
    packed(&classes)
}

/// The key of a run of kana (katakana or hiragana), `・` and `ー` inside it ignored.
pub fn kana(text: &str) -> Option<u64> {
    let classes: Vec<Class> = text.chars().filter_map(kana_class).collect();
    packed(&classes)
}

fn english_classes(word: &str) -> Vec<Class> {
    let letters: Vec<u8> = word.bytes().map(|b| b.to_ascii_lowercase()).collect();
    let mut classes = Vec::with_capacity(letters.len());
    let mut i = 0;
    while i < letters.len() {
        let next = letters.get(i + 1).copied();
        let (class, used) = match (letters[i], next) {
            (b's' | b't', Some(b'h')) => (Some(Class::S), 2),
            (b'c', Some(b'h')) | (b't', Some(b's')) => (Some(Class::T), 2),
            (b'p', Some(b'h')) => (Some(Class::P), 2),
            (b'c', Some(b'k')) => (Some(Class::K), 2),
            (b'c', Some(b'e' | b'i' | b'y')) => (Some(Class::S), 1),
            // Silent before a consonant or at the end (`John`, `Sarah`).
            (b'h', next) if !matches!(next, Some(b'a' | b'e' | b'i' | b'o' | b'u' | b'y')) => {
                (None, 1)
            }
            (b'x', _) => {
                classes.extend([Class::K, Class::S]);
                (None, 1)
            }
            (letter, _) => (letter_class(letter), 1),
        };
        classes.extend(class);
        i += used;
    }
    // A final `r` after a vowel is a long vowel in katakana.
    let vowel_r = letters.len() >= 2
        && letters.last() == Some(&b'r')
        && b"aeiou".contains(&letters[letters.len() - 2]);
    if vowel_r {
        classes.pop();
    }
    classes
}

fn letter_class(letter: u8) -> Option<Class> {
    Some(match letter {
        b'c' | b'g' | b'k' | b'q' => Class::K,
        b'j' | b's' | b'z' => Class::S,
        b'd' | b't' => Class::T,
        b'm' | b'n' => Class::N,
        b'b' | b'f' | b'h' | b'p' | b'v' => Class::P,
        b'l' | b'r' => Class::R,
        _ => return None,
    })
}

/// A kana's consonant class (katakana read as hiragana); vowels, y-, w- and marks have none.
fn kana_class(c: char) -> Option<Class> {
    let hiragana = match c {
        'ァ'..='ヶ' => char::from_u32(u32::from(c) - 0x60).unwrap_or(c),
        'ヷ' | 'ヸ' | 'ヹ' | 'ヺ' => return Some(Class::P),
        _ => c,
    };
    let class = |set: &str| set.contains(hiragana);
    Some(if class("かきくけこがぎぐげごゕゖ") {
        Class::K
    } else if class("さしすせそざじずぜぞぢづ") {
        Class::S
    } else if class("たちつてとだでど") {
        Class::T
    } else if class("なにぬねのんまみむめも") {
        Class::N
    } else if class("はひふへほばびぶべぼぱぴぷぺぽゔ") {
        Class::P
    } else if class("らりるれろ") {
        Class::R
    } else {
        return None;
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_their_katakana_share_a_key() {
        for (kana_text, words) in [
            ("ラブロフ", &["Lavrov"][..]),
            ("ポルトガル", &["Portugal"]),
            ("コンピューター", &["computer"]),
            ("ジョン・スミス", &["John", "Smith"]),
            ("きよみずでら", &["Kiyomizu", "dera"]),
            ("あしかがよしみつ", &["Ashikaga", "Yoshimitsu"]),
            ("ほんがんじ", &["Honganji"]),
            ("ジョンソン", &["Johnson"]),
            ("ヴィクトリア", &["Victoria"]),
        ] {
            assert_eq!(kana(kana_text), english(words), "{kana_text} ↔ {words:?}");
            assert!(kana(kana_text).is_some(), "{kana_text}");
        }
    }

    #[test]
    fn different_names_differ_and_short_ones_have_no_key() {
        assert_ne!(kana("ラブロフ"), english(&["Portugal"]));
        assert_ne!(kana("ロンドン"), english(&["Paris"]));
        assert_eq!(kana("パリ"), None);
        assert_eq!(kana("スミス"), None, "three classes are too few");
        assert_eq!(english(&["to"]), None);
        assert_eq!(kana("ー・ー"), None);
    }
}
