//! A block's sentences on both sides, each tied to the sentence pair it belongs to: what the
//! sentence cursor walks, what sentence rows lay out and what a correction cuts.
//!
//! A block with sentence pairs has each pair's text on each side split into sentences (a pair
//! of two English sentences and one Japanese is two sentences and one); a block without them
//! has each side split as a whole, its sentences tied to no pair. A heading is one sentence.

use std::ops::Range;

use crate::article::{Block, SentencePair, Side};
use crate::text::sentences;

/// One sentence of a block: a byte range of its side's text, and the index of the sentence
/// pair that holds it (`None` in a block without pairs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub range: Range<usize>,
    pub pair: Option<usize>,
}

/// A sentence of a block, named by its side and its index among that side's sentences.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SentenceRef {
    pub side: Side,
    pub index: usize,
}

/// The sentences of one block, English and Japanese.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sentences {
    pub en: Vec<Sentence>,
    pub ja: Vec<Sentence>,
    /// Whether the block has sentence pairs (else no sentence has a partner).
    pub paired: bool,
}

impl Sentences {
    /// Splits `block` into its sentences.
    pub fn of(block: &Block) -> Sentences {
        // A heading's two sides are one pair, whether or not its pairing was recorded.
        let whole_pair = block.sentences.is_empty() && block.is_heading();
        let mut sentences = Sentences {
            paired: !block.sentences.is_empty() || whole_pair,
            ..Sentences::default()
        };
        for side in Side::BOTH {
            let Some(text) = block.text.get(side) else {
                continue;
            };
            let list = match side {
                Side::En => &mut sentences.en,
                Side::Ja => &mut sentences.ja,
            };
            if block.sentences.is_empty() {
                let pair = whole_pair.then_some(0);
                list.extend(split(text, 0..text.len(), side, block.is_heading(), pair));
            }
            for (k, pair) in block.sentences.iter().enumerate() {
                if let Some(range) = pair.get(side).filter(|r| text.get(r.clone()).is_some()) {
                    list.extend(split(text, range, side, block.is_heading(), Some(k)));
                }
            }
        }
        sentences
    }

    pub fn side(&self, side: Side) -> &[Sentence] {
        match side {
            Side::En => &self.en,
            Side::Ja => &self.ja,
        }
    }

    pub fn get(&self, at: SentenceRef) -> Option<&Sentence> {
        self.side(at.side).get(at.index)
    }

    /// The sentences in the order the cursor visits them, of the sides `shown`: pair by pair,
    /// each pair's sentences on `prefer`'s side, or on the other where it has none there; in a
    /// block without pairs, the sentences of `prefer`'s side, or of the other if it has none.
    pub fn reading_order(&self, shown: &[Side], prefer: Side) -> Vec<SentenceRef> {
        let prefer = if shown.contains(&prefer) {
            prefer
        } else {
            prefer.other()
        };
        let other = prefer.other();
        let refs = |side: Side, filter: &dyn Fn(&Sentence) -> bool| -> Vec<SentenceRef> {
            if !shown.contains(&side) {
                return Vec::new();
            }
            let list = self.side(side).iter().enumerate();
            list.filter(|(_, s)| filter(s))
                .map(|(index, _)| SentenceRef { side, index })
                .collect()
        };
        if !self.paired {
            let first = refs(prefer, &|_| true);
            return if first.is_empty() {
                refs(other, &|_| true)
            } else {
                first
            };
        }
        // Pairs are in order on each side, so each pair's sentences are one run (`of_pair`).
        let run = |side: Side, pair: usize| -> Vec<SentenceRef> {
            if !shown.contains(&side) {
                return Vec::new();
            }
            let indexes = self.of_pair(side, pair);
            indexes.map(|index| SentenceRef { side, index }).collect()
        };
        let mut order = Vec::new();
        for pair in 0..self.pair_count() {
            let mut here = run(prefer, pair);
            if here.is_empty() {
                here = run(other, pair);
            }
            order.extend(here);
        }
        order
    }

    /// One more than the highest pair index any sentence has.
    fn pair_count(&self) -> usize {
        let last = |list: &[Sentence]| list.iter().filter_map(|s| s.pair).max();
        last(&self.en)
            .max(last(&self.ja))
            .map_or(0, |highest| highest + 1)
    }

    /// The sentences of `at`'s pair on the other side: its partners (none without pairs).
    pub fn partners(&self, at: SentenceRef) -> Vec<SentenceRef> {
        let Some(pair) = self.get(at).and_then(|s| s.pair) else {
            return Vec::new();
        };
        let side = at.side.other();
        let list = self.side(side).iter().enumerate();
        list.filter(|(_, s)| s.pair == Some(pair))
            .map(|(index, _)| SentenceRef { side, index })
            .collect()
    }

    /// The sentence on `side` that holds byte `offset` of its text, or the last one before it.
    pub fn at(&self, side: Side, offset: usize) -> Option<SentenceRef> {
        let list = self.side(side);
        let index = list
            .iter()
            .rposition(|s| s.range.start <= offset)
            .or((!list.is_empty()).then_some(0))?;
        Some(SentenceRef { side, index })
    }

    /// The sentences of pair `pair` on `side`, as indexes into that side's list.
    pub fn of_pair(&self, side: Side, pair: usize) -> Range<usize> {
        let list = self.side(side);
        let start = list.partition_point(|s| s.pair.is_some_and(|p| p < pair));
        let end = list.partition_point(|s| s.pair.is_some_and(|p| p <= pair));
        start..end.max(start)
    }
}

/// The block's sentence pairs, when they can be laid out pair by pair without losing text: on
/// each side in order, not overlapping, on character boundaries, with only whitespace between
/// them; `None` for a block without pairs or with pairs that leave text out.
pub fn row_pairs(block: &Block) -> Option<&[SentencePair]> {
    if block.sentences.is_empty() || !block.sentences_fit() {
        return None;
    }
    let covers = |side: Side| {
        let Some(text) = block.text.get(side) else {
            return block.sentences.iter().all(|p| p.get(side).is_none());
        };
        let mut at = 0;
        for range in block.sentences.iter().filter_map(|p| p.get(side)) {
            if range.start < at || !text[at..range.start].trim().is_empty() {
                return false;
            }
            at = range.end;
        }
        text[at..].trim().is_empty()
    };
    (covers(Side::En) && covers(Side::Ja)).then_some(block.sentences.as_slice())
}

/// The sentences of `range` of `text` (one, for a heading), each tied to `pair`.
fn split(
    text: &str,
    range: Range<usize>,
    side: Side,
    heading: bool,
    pair: Option<usize>,
) -> impl Iterator<Item = Sentence> {
    let part = &text[range.clone()];
    let start = part.len() - part.trim_start().len();
    let whole = start..part.trim_end().len().max(start);
    let mut inner = match side {
        _ if heading => Vec::new(),
        Side::En => sentences::english(part),
        Side::Ja => sentences::japanese(part),
    };
    if inner.is_empty() {
        inner.push(whole);
    }
    inner.into_iter().map(move |r| Sentence {
        range: range.start + r.start..range.start + r.end,
        pair,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Bilingual, SentencePair};

    fn pair(en: Option<Range<usize>>, ja: Option<Range<usize>>) -> SentencePair {
        SentencePair {
            en,
            ja,
            ..SentencePair::default()
        }
    }

    /// English "One. Two. Three." with Japanese "一。二三。": pairs (One. Two. | 一。) and
    /// (Three. | 二三。).
    fn block() -> Block {
        let text = Bilingual::new(Some("One. Two. Three.".into()), Some("一。二三。".into()));
        Block::paragraph(text).with_sentences(vec![
            pair(Some(0..9), Some(0..6)),
            pair(Some(10..16), Some(6..15)),
        ])
    }

    #[test]
    fn a_pair_of_two_sentences_is_two_sentences_of_one_pair() {
        let s = Sentences::of(&block());
        let en: Vec<_> = s.en.iter().map(|s| (s.range.clone(), s.pair)).collect();
        assert_eq!(
            en,
            vec![(0..4, Some(0)), (5..9, Some(0)), (10..16, Some(1))]
        );
        assert_eq!(s.ja.len(), 2);
        let second = SentenceRef {
            side: Side::En,
            index: 1,
        };
        let partners = s.partners(second);
        assert_eq!(
            partners,
            vec![SentenceRef {
                side: Side::Ja,
                index: 0
            }]
        );
        assert_eq!(s.of_pair(Side::En, 0), 0..2);
        assert_eq!(s.of_pair(Side::Ja, 1), 1..2);
    }

    #[test]
    fn reading_order_takes_the_preferred_side_and_the_other_where_a_pair_lacks_it() {
        let text = Bilingual::new(Some("One.".into()), Some("一。二。".into()));
        let block = Block::paragraph(text)
            .with_sentences(vec![pair(Some(0..4), Some(0..3)), pair(None, Some(3..6))]);
        let s = Sentences::of(&block);
        let order = s.reading_order(&[Side::En, Side::Ja], Side::En);
        let sides: Vec<_> = order.iter().map(|r| (r.side, r.index)).collect();
        assert_eq!(sides, vec![(Side::En, 0), (Side::Ja, 1)]);
        let only_en = s.reading_order(&[Side::En], Side::Ja);
        assert_eq!(only_en.len(), 1, "the Japanese is not shown: {only_en:?}");
    }

    #[test]
    fn a_block_without_pairs_is_split_side_by_side() {
        let text = Bilingual::new(Some("One. Two.".into()), Some("一。".into()));
        let s = Sentences::of(&Block::paragraph(text));
        assert!(!s.paired);
        assert_eq!(s.en.len(), 2);
        assert!(
            s.partners(SentenceRef {
                side: Side::En,
                index: 0
            })
            .is_empty()
        );
        let order = s.reading_order(&[Side::Ja], Side::En);
        assert_eq!(
            order,
            vec![SentenceRef {
                side: Side::Ja,
                index: 0
            }]
        );
        assert_eq!(s.at(Side::En, 6).map(|r| r.index), Some(1));
    }

    #[test]
    fn pairs_that_leave_text_out_are_not_laid_out_by_sentence() {
        assert!(row_pairs(&block()).is_some());
        let mut gap = block();
        gap.sentences[1].en = Some(12..16);
        assert!(row_pairs(&gap).is_none(), "\"Th\" would be lost");
        let mut crossed = block();
        crossed.sentences[1].ja = Some(3..15);
        assert!(row_pairs(&crossed).is_none());
        let plain = Block::paragraph(block().text);
        assert!(row_pairs(&plain).is_none());
    }

    #[test]
    fn a_heading_is_one_sentence_paired_with_its_other_side() {
        let text = Bilingual::new(Some("1. Origins. Early days".into()), Some("起源".into()));
        let s = Sentences::of(&Block::heading(1, text));
        assert_eq!(s.en.len(), 1);
        let partners = s.partners(SentenceRef {
            side: Side::En,
            index: 0,
        });
        assert_eq!(
            partners,
            vec![SentenceRef {
                side: Side::Ja,
                index: 0
            }]
        );
    }
}
