//! Word correspondences a document teaches about itself, for a second alignment (the idea of
//! hunalign's realign): after a first pass, English words and Japanese tokens — kanji bigrams,
//! katakana words, Latin words — that keep turning up in the same confident pairs are linked,
//! each word to at most one token (competitive linking), and the second pass counts the links a
//! bead holds as evidence. No dictionary is needed: the document is its own.

use std::collections::HashMap;

use super::{Bead, Text};

/// Per sentence, the ids of the links its words or tokens take part in.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Links {
    pub en: Vec<Vec<u32>>,
    pub ja: Vec<Vec<u32>>,
}

impl Links {
    /// No links: what the first pass uses.
    pub fn none(en: &Text, ja: &Text) -> Links {
        Links {
            en: vec![Vec::new(); en.len()],
            ja: vec![Vec::new(); ja.len()],
        }
    }
}

/// Pairs below this confidence teach nothing.
const CONFIDENT: f64 = 0.9;
/// A link needs its two sides together in at least this many pairs…
const MIN_TOGETHER: usize = 2;
/// …and this much association (Dice's coefficient).
const MIN_DICE: f64 = 0.5;

/// The links the first pass's `beads` teach.
pub fn learn(en: &Text, ja: &Text, beads: &[Bead]) -> Links {
    let en_words: Vec<Vec<String>> = en.sentences.iter().map(|s| english_words(s)).collect();
    let ja_tokens: Vec<Vec<String>> = ja.sentences.iter().map(|s| japanese_tokens(s)).collect();
    let counts = Counts::of(beads, &en_words, &ja_tokens);
    let (word_link, token_link) = counts.linked();
    let ids = |items: &[String], links: &HashMap<&str, u32>| {
        let mut ids: Vec<u32> = items
            .iter()
            .filter_map(|i| links.get(i.as_str()).copied())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    };
    Links {
        en: en_words.iter().map(|w| ids(w, &word_link)).collect(),
        ja: ja_tokens.iter().map(|t| ids(t, &token_link)).collect(),
    }
}

/// In how many confident pairs each word, each token, and each word with each token appear.
struct Counts<'t> {
    words: HashMap<&'t str, usize>,
    tokens: HashMap<&'t str, usize>,
    together: HashMap<(&'t str, &'t str), usize>,
}

impl<'t> Counts<'t> {
    fn of(beads: &[Bead], en_words: &'t [Vec<String>], ja_tokens: &'t [Vec<String>]) -> Self {
        let mut counts = Counts {
            words: HashMap::new(),
            tokens: HashMap::new(),
            together: HashMap::new(),
        };
        let confident: Vec<(Vec<&str>, Vec<&str>)> = beads
            .iter()
            .filter(|b| b.confidence >= CONFIDENT && !b.en.is_empty() && !b.ja.is_empty())
            .map(|bead| {
                let words = distinct(bead.en.clone().flat_map(|k| en_words[k].iter()));
                let tokens = distinct(bead.ja.clone().flat_map(|k| ja_tokens[k].iter()));
                (words, tokens)
            })
            .collect();
        for (words, tokens) in &confident {
            for &w in words {
                *counts.words.entry(w).or_default() += 1;
            }
            for &t in tokens {
                *counts.tokens.entry(t).or_default() += 1;
            }
        }
        // Only items seen often enough to be linked are paired, so that the pairs counted
        // stay few however long the text.
        let often = |count: Option<&usize>| count.is_some_and(|&n| n >= MIN_TOGETHER);
        for (words, tokens) in &confident {
            let tokens: Vec<&str> = tokens
                .iter()
                .copied()
                .filter(|t| often(counts.tokens.get(t)))
                .collect();
            for &w in words.iter().filter(|w| often(counts.words.get(*w))) {
                for &t in &tokens {
                    *counts.together.entry((w, t)).or_default() += 1;
                }
            }
        }
        counts
    }

    /// Competitive linking: the most associated pairs first (Dice's coefficient), each word
    /// and each token linked once; the links' ids by word and by token.
    fn linked(&self) -> (HashMap<&'t str, u32>, HashMap<&'t str, u32>) {
        let mut candidates: Vec<(f64, &str, &str)> = self
            .together
            .iter()
            .filter(|&(_, &n)| n >= MIN_TOGETHER)
            .map(|(&(w, t), &n)| {
                #[allow(clippy::cast_precision_loss)]
                let dice = 2.0 * n as f64 / (self.words[w] + self.tokens[t]) as f64;
                (dice, w, t)
            })
            .filter(|&(dice, _, _)| dice >= MIN_DICE)
            .collect();
        candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)).then(a.2.cmp(b.2)));
        let mut word_link: HashMap<&str, u32> = HashMap::new();
        let mut token_link: HashMap<&str, u32> = HashMap::new();
        for (_, w, t) in candidates {
            if word_link.contains_key(w) || token_link.contains_key(t) {
                continue;
            }
            let id = u32::try_from(word_link.len()).unwrap_or(u32::MAX);
            word_link.insert(w, id);
            token_link.insert(t, id);
        }
        (word_link, token_link)
    }
}

fn distinct<'a>(items: impl Iterator<Item = &'a String>) -> Vec<&'a str> {
    let mut items: Vec<&str> = items.map(String::as_str).collect();
    items.sort_unstable();
    items.dedup();
    items
}

/// Words too common to say which sentence translates which.
const STOPWORDS: [&str; 40] = [
    "the", "and", "for", "was", "were", "that", "this", "with", "from", "which", "are", "has",
    "have", "had", "his", "her", "its", "not", "but", "also", "who", "into", "been", "their",
    "they", "there", "than", "then", "when", "where", "after", "before", "about", "such", "other",
    "some", "one", "all", "any", "can",
];

/// An English sentence's words worth linking: lowercase, three letters or more, not
/// stopwords, a plural's `s` taken off.
pub fn english_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 3)
        .map(str::to_ascii_lowercase)
        .filter(|w| !STOPWORDS.contains(&w.as_str()))
        .map(|w| match w.strip_suffix('s') {
            Some(stem) if stem.len() >= 3 && !stem.ends_with('s') => stem.to_owned(),
            _ => w,
        })
        .collect()
}

/// A Japanese sentence's tokens worth linking: kanji bigrams, katakana words, and Latin words
/// (taken as English words are).
pub fn japanese_tokens(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    for pair in chars.windows(2) {
        if is_kanji(pair[0]) && is_kanji(pair[1]) {
            tokens.push(pair.iter().collect());
        }
    }
    let mut run = String::new();
    for &c in chars.iter().chain(std::iter::once(&' ')) {
        if is_katakana(c) {
            run.push(c);
        } else {
            if run.chars().count() >= 2 {
                tokens.push(std::mem::take(&mut run));
            }
            run.clear();
        }
    }
    let latin: String = chars
        .iter()
        .map(|&c| if c.is_ascii_alphabetic() { c } else { ' ' })
        .collect();
    tokens.extend(english_words(&latin).into_iter().map(|w| format!("@{w}")));
    tokens
}

fn is_kanji(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '々')
}

pub(super) fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | 'ー')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_of_each_side() {
        assert_eq!(
            english_words("The Temples of Kyoto, and its gardens."),
            ["temple", "kyoto", "garden"]
        );
        let tokens = japanese_tokens("京都の寺院とラブロフ外相、Nara");
        assert_eq!(tokens, ["京都", "寺院", "外相", "ラブロフ", "@nara"]);
    }

    #[test]
    fn words_that_keep_company_are_linked() {
        let text = |s: &[&str]| {
            Text::from_paragraphs([s.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>()])
        };
        let en = text(&[
            "The temple is old.",
            "The garden is new.",
            "Old temple, new garden.",
            "A temple.",
        ]);
        let ja = text(&[
            "寺院は古い。",
            "庭園は新しい。",
            "古い寺院と新しい庭園。",
            "寺院。",
        ]);
        let beads: Vec<Bead> = (0..4)
            .map(|k| Bead {
                en: k..k + 1,
                ja: k..k + 1,
                confidence: 1.0,
            })
            .collect();
        let links = learn(&en, &ja, &beads);
        let temple = links.en[0].clone();
        assert_eq!(temple.len(), 1, "{links:?}");
        assert!(links.ja[0].contains(&temple[0]), "temple ↔ 寺院: {links:?}");
        assert!(links.ja[2].contains(&temple[0]));
        assert!(!links.ja[1].contains(&temple[0]));
    }
}
