//! The cues a sentence carries that need no dictionary — numbers, quotations, parentheses,
//! Latin words, names by their sound, and in the second pass the word links the first taught —
//! as items a bead pools on each side and matches each at most once. An item that only one
//! side of the document has can match nowhere and is dropped; one that recurs counts for less
//! (by its inverse document frequency), since it says less about where a sentence belongs.

use std::collections::{HashMap, HashSet};

use super::Text;
use super::features::{self, is_reading};
use super::lexicon::{self, Links};
use super::sound;

/// The kinds of cue, each weighed on its own (`Model::cues`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Number,
    Quote,
    Parenthesis,
    Latin,
    Name,
    Link,
}

pub const KINDS: usize = 6;

impl Kind {
    const ALL: [Kind; KINDS] = [
        Kind::Number,
        Kind::Quote,
        Kind::Parenthesis,
        Kind::Latin,
        Kind::Name,
        Kind::Link,
    ];

    /// Whether the kind's items stand for something particular (a number, a word) rather
    /// than for a mark every quotation shares, and so are weighed by their rarity.
    fn is_particular(self) -> bool {
        !matches!(self, Kind::Quote | Kind::Parenthesis)
    }
}

/// One item: its kind and value in one key, and what it counts for.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Item {
    key: u64,
    weight: f64,
}

const KIND_SHIFT: u32 = 60;

impl Item {
    fn new(kind: Kind, value: u64) -> Item {
        Item {
            key: (kind as u64) << KIND_SHIFT | value & ((1 << KIND_SHIFT) - 1),
            weight: 1.0,
        }
    }

    fn kind(self) -> usize {
        usize::try_from(self.key >> KIND_SHIFT).unwrap_or(0)
    }
}

/// Every sentence's items, on each side, each sentence's sorted by key.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cues {
    pub en: Vec<Vec<Item>>,
    pub ja: Vec<Vec<Item>>,
}

impl Cues {
    /// The first pass's cues of two texts.
    pub fn of(en: &Text, ja: &Text) -> Cues {
        let en_raw = en.sentences.iter().map(|s| english(s)).collect();
        let ja_raw = ja.sentences.iter().map(|s| japanese(s)).collect();
        Cues::weighed(en_raw, ja_raw)
    }

    /// The same cues with the word `links` of a first pass as well.
    #[must_use]
    pub fn with_links(&self, links: &Links) -> Cues {
        let raw = |side: &[Vec<Item>], links: &[Vec<u32>]| -> Vec<Vec<Item>> {
            side.iter()
                .zip(links)
                .map(|(items, ids)| {
                    let links = ids.iter().map(|&id| Item::new(Kind::Link, u64::from(id)));
                    items
                        .iter()
                        .filter(|i| i.kind() != Kind::Link as usize)
                        .copied()
                        .chain(links)
                        .collect()
                })
                .collect()
        };
        Cues::weighed(raw(&self.en, &links.en), raw(&self.ja, &links.ja))
    }

    /// Drops the particular items the other side lacks, weighs those left by their rarity on
    /// their side, and sorts each sentence's.
    fn weighed(mut en: Vec<Vec<Item>>, mut ja: Vec<Vec<Item>>) -> Cues {
        let keys =
            |side: &[Vec<Item>]| -> HashSet<u64> { side.iter().flatten().map(|i| i.key).collect() };
        let (en_keys, ja_keys) = (keys(&en), keys(&ja));
        for (side, other) in [(&mut en, &ja_keys), (&mut ja, &en_keys)] {
            let mut frequency: HashMap<u64, usize> = HashMap::new();
            for sentence in side.iter_mut() {
                sentence.retain(|i| !Kind::ALL[i.kind()].is_particular() || other.contains(&i.key));
                sentence.sort_unstable_by_key(|i| i.key);
                let mut distinct: Vec<u64> = sentence.iter().map(|i| i.key).collect();
                distinct.dedup();
                for key in distinct {
                    *frequency.entry(key).or_default() += 1;
                }
            }
            #[allow(clippy::cast_precision_loss)]
            let sentences = side.len() as f64;
            for item in side.iter_mut().flatten() {
                if Kind::ALL[item.kind()].is_particular() {
                    #[allow(clippy::cast_precision_loss)]
                    let df = frequency[&item.key] as f64;
                    item.weight = ((sentences + 1.0) / df).ln() / (sentences + 1.0).ln();
                }
            }
        }
        Cues { en, ja }
    }
}

impl Cues {
    /// Sure pairs to guide the alignment before it starts: sentences that share an item
    /// (a number, a word, a name) found in no other sentence of either side, as many of them
    /// as keep in order on both sides (the longest such chain).
    pub fn anchors(&self) -> Vec<(usize, usize)> {
        let once = |side: &[Vec<Item>]| -> HashMap<u64, Option<usize>> {
            let mut seen: HashMap<u64, Option<usize>> = HashMap::new();
            for (k, items) in side.iter().enumerate() {
                for item in items.iter().filter(|i| Kind::ALL[i.kind()].is_particular()) {
                    seen.entry(item.key)
                        .and_modify(|at| {
                            if *at != Some(k) {
                                *at = None;
                            }
                        })
                        .or_insert(Some(k));
                }
            }
            seen
        };
        let en = once(&self.en);
        let ja = once(&self.ja);
        let mut pairs: Vec<(usize, usize)> = en
            .iter()
            .filter_map(|(key, &at)| Some((at?, (*ja.get(key)?)?)))
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        longest_chain(&pairs)
    }
}

/// The longest run of `pairs` (sorted) increasing strictly in both positions.
fn longest_chain(pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    // Patience sorting on the second position; ties in the first are kept out of one chain by
    // taking them in decreasing second position.
    let mut order: Vec<usize> = (0..pairs.len()).collect();
    order.sort_by_key(|&k| (pairs[k].0, std::cmp::Reverse(pairs[k].1)));
    let mut tails: Vec<usize> = Vec::new();
    let mut before: Vec<Option<usize>> = vec![None; pairs.len()];
    for &k in &order {
        let place = tails.partition_point(|&t| pairs[t].1 < pairs[k].1);
        before[k] = place.checked_sub(1).map(|p| tails[p]);
        if place == tails.len() {
            tails.push(k);
        } else {
            tails[place] = k;
        }
    }
    let mut chain = Vec::new();
    let mut at = tails.last().copied();
    while let Some(k) = at {
        chain.push(pairs[k]);
        at = before[k];
    }
    chain.reverse();
    chain
}

/// What a bead's items came to, of one kind: the weight matched and the weight left over.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Tally {
    pub matched: f64,
    pub missed: f64,
}

/// A bead's items pooled on each side and matched each at most once, by kind.
pub fn pooled(en: &[Vec<Item>], ja: &[Vec<Item>]) -> [Tally; KINDS] {
    let mut tallies = [Tally::default(); KINDS];
    let none = |side: &[Vec<Item>]| side.iter().all(Vec::is_empty);
    // Most beads have no item at all, or items on one side only: nothing to match.
    if none(en) || none(ja) {
        for item in en.iter().chain(ja).flatten() {
            tallies[item.kind()].missed += item.weight;
        }
        return tallies;
    }
    with_sorted(en, |a| with_sorted(ja, |b| matched_in(&mut tallies, a, b)));
    tallies
}

/// Adds the matches and leftovers of two sorted runs of items to `tallies`.
fn matched_in(tallies: &mut [Tally; KINDS], english: &[Item], japanese: &[Item]) {
    let (mut e, mut j) = (0, 0);
    loop {
        match (english.get(e), japanese.get(j)) {
            (Some(en), Some(ja)) if en.key == ja.key => {
                tallies[en.kind()].matched += f64::midpoint(en.weight, ja.weight);
                e += 1;
                j += 1;
            }
            (Some(en), ja) if ja.is_none_or(|ja| en.key < ja.key) => {
                tallies[en.kind()].missed += en.weight;
                e += 1;
            }
            (_, Some(ja)) => {
                tallies[ja.kind()].missed += ja.weight;
                j += 1;
            }
            _ => return,
        }
    }
}

/// Calls `f` with a side's items in one sorted run: a lone sentence's as they are, a few
/// sentences' gathered on the stack, more on the heap.
fn with_sorted<R>(side: &[Vec<Item>], f: impl FnOnce(&[Item]) -> R) -> R {
    const ON_STACK: usize = 16;
    if let [one] = side {
        return f(one);
    }
    let total: usize = side.iter().map(Vec::len).sum();
    if total <= ON_STACK {
        let mut buffer = [Item::default(); ON_STACK];
        for (slot, item) in buffer.iter_mut().zip(side.iter().flatten()) {
            *slot = *item;
        }
        let items = &mut buffer[..total];
        items.sort_unstable_by_key(|i| i.key);
        f(items)
    } else {
        let mut items: Vec<Item> = side.iter().flatten().copied().collect();
        items.sort_unstable_by_key(|i| i.key);
        f(&items)
    }
}

/// An English sentence's raw items.
fn english(text: &str) -> Vec<Item> {
    let mut items: Vec<Item> = features::numbers(text)
        .into_iter()
        .map(|n| Item::new(Kind::Number, n))
        .collect();
    let quotes = text.matches('“').count() + text.matches('"').count() / 2;
    items.extend(std::iter::repeat_n(Item::new(Kind::Quote, 0), quotes));
    let parentheses = text.matches('(').count();
    items.extend(std::iter::repeat_n(
        Item::new(Kind::Parenthesis, 0),
        parentheses,
    ));
    let words: Vec<&str> = text
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 2)
        .collect();
    items.extend(words.iter().map(|w| Item::new(Kind::Latin, word_hash(w))));
    // A name may be one word or two, in either order (`Yoshimitsu Ashikaga`, 足利義満).
    let names = words.iter().map(|w| sound::english(&[w])).chain(
        words
            .windows(2)
            .flat_map(|p| [sound::english(&[p[0], p[1]]), sound::english(&[p[1], p[0]])]),
    );
    items.extend(names.flatten().map(|key| Item::new(Kind::Name, key)));
    items
}

/// A Japanese sentence's raw items.
fn japanese(text: &str) -> Vec<Item> {
    let mut items: Vec<Item> = features::numbers(text)
        .into_iter()
        .map(|n| Item::new(Kind::Number, n))
        .collect();
    let quotes = text.matches(['「', '『', '“']).count();
    items.extend(std::iter::repeat_n(Item::new(Kind::Quote, 0), quotes));
    for inner in parenthesised(text) {
        if is_reading(inner) {
            items.extend(sound::kana(inner).map(|key| Item::new(Kind::Name, key)));
        } else {
            items.push(Item::new(Kind::Parenthesis, 0));
        }
    }
    let latin: String = text
        .chars()
        .map(|c| match c {
            'Ａ'..='Ｚ' | 'ａ'..='ｚ' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(' '),
            c if c.is_ascii_alphabetic() => c,
            _ => ' ',
        })
        .collect();
    let words = latin.split(' ').filter(|w| w.len() >= 2);
    items.extend(words.map(|w| Item::new(Kind::Latin, word_hash(w))));
    for run in katakana_runs(text) {
        let parts: Vec<&str> = run.split('・').filter(|p| !p.is_empty()).collect();
        let whole = (parts.len() > 1).then(|| sound::kana(run));
        let keys = parts.iter().map(|p| sound::kana(p)).chain(whole);
        items.extend(keys.flatten().map(|key| Item::new(Kind::Name, key)));
    }
    items
}

/// The text inside each pair of parentheses (full- or half-width), outermost only.
fn parenthesised(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find(['（', '(']) {
        let after = &rest[open..];
        let inner = &after[after.chars().next().map_or(1, char::len_utf8)..];
        let Some(close) = inner.find(['）', ')']) else {
            break;
        };
        found.push(&inner[..close]);
        rest = &inner[close..];
    }
    found
}

/// Runs of katakana (with `ー` and `・`) of two characters or more.
fn katakana_runs(text: &str) -> Vec<&str> {
    let is_katakana = |c: char| lexicon::is_katakana(c) || c == '・';
    let mut runs = Vec::new();
    let mut start = None;
    for (at, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (is_katakana(c), start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                let run = text[from..at].trim_matches('・');
                if run.chars().count() >= 2 {
                    runs.push(run);
                }
                start = None;
            }
            _ => {}
        }
    }
    runs
}

/// A word's key: FNV-1a of its lowercase letters.
fn word_hash(word: &str) -> u64 {
    crate::article::fnv1a_of(word.bytes().map(|b| b.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(sentences: &[&str]) -> Text {
        Text::from_paragraphs([sentences
            .iter()
            .map(|s| (*s).to_owned())
            .collect::<Vec<_>>()])
    }

    fn tallies(cues: &Cues, en: usize, ja: usize) -> [Tally; KINDS] {
        pooled(&cues.en[en..=en], &cues.ja[ja..=ja])
    }

    #[test]
    fn each_kind_of_cue_matches_its_partner() {
        let en = text(&[
            "Lavrov met the Portugal delegation in 2013.",
            "The temple (Kiyomizu-dera) was called “the stage”.",
            "It was built by Yoshimitsu Ashikaga and later rebuilt by the NHK.",
        ]);
        let ja = text(&[
            "ラブロフ外相は2013年にポルトガル代表団と会った。",
            "その寺（清水寺）は「舞台」と呼ばれた。",
            "足利義満（あしかがよしみつ）が建て、のちにNHKが建て直した。",
        ]);
        let cues = Cues::of(&en, &ja);
        let first = tallies(&cues, 0, 0);
        assert!(first[Kind::Number as usize].matched > 0.0);
        assert!(first[Kind::Name as usize].matched >= 1.5, "{first:?}");
        let second = tallies(&cues, 1, 1);
        assert!(second[Kind::Quote as usize].matched > 0.0, "{second:?}");
        assert!(
            second[Kind::Parenthesis as usize].matched > 0.0,
            "{second:?}"
        );
        let third = tallies(&cues, 2, 2);
        assert!(third[Kind::Latin as usize].matched > 0.0, "NHK: {third:?}");
        assert!(
            third[Kind::Name as usize].matched > 0.0,
            "the reading: {third:?}"
        );
        // Beside the wrong partner, the same items are left over.
        let wrong = tallies(&cues, 0, 2);
        assert!(wrong.iter().all(|t| t.matched == 0.0), "{wrong:?}");
        assert!(wrong[Kind::Name as usize].missed > 0.0);
    }

    #[test]
    fn items_the_other_side_lacks_are_dropped_and_recurring_ones_count_less() {
        let en = text(&["Nara in 1300.", "Nara again.", "Nara once more.", "Osaka."]);
        let ja = text(&["奈良、1300年。", "Naraふたたび。", "Nara、また。", "大阪。"]);
        let cues = Cues::of(&en, &ja);
        // "in", "again", "Osaka" have no partner anywhere: dropped.
        assert!(cues.en[3].is_empty(), "{:?}", cues.en[3]);
        let once = tallies(&cues, 0, 0)[Kind::Number as usize].matched;
        let recurring = tallies(&cues, 1, 1)[Kind::Latin as usize].matched;
        assert!(recurring > 0.0 && recurring < once, "{recurring} < {once}");
    }

    #[test]
    fn anchors_are_sentences_sharing_a_rare_item_in_order() {
        let en = text(&[
            "In 1897.",
            "Lavrov came.",
            "In 1950.",
            "In 1897 again.",
            "In 2001.",
        ]);
        let ja = text(&["2001年。", "ラブロフが来た。", "1950年。", "2001年。"]);
        // 1897 is on one side only, 2001 twice in the Japanese: neither anchors. 2001 aside,
        // Lavrov and 1950 are in order.
        assert_eq!(Cues::of(&en, &ja).anchors(), [(1, 1), (2, 2)]);
        assert_eq!(
            longest_chain(&[(0, 5), (1, 1), (2, 2), (2, 3), (3, 0), (4, 4)]),
            [(1, 1), (2, 2), (4, 4)]
        );
    }

    #[test]
    fn pooling_matches_each_item_once() {
        let en = text(&["In 1990 and 1990.", "Then 1990."]);
        let ja = text(&["1990年。"]);
        let cues = Cues::of(&en, &ja);
        let numbers = pooled(&cues.en[0..2], &cues.ja[0..1])[Kind::Number as usize];
        let weight = cues.ja[0][0].weight;
        assert!((numbers.matched - f64::midpoint(weight, cues.en[0][0].weight)).abs() < 1e-9);
        assert!(
            numbers.missed > 0.0,
            "two of the three English 1990s are left over"
        );
    }
}
