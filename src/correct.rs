//! Corrections of an article's pairing, made in the reader: each one replaces a run of blocks
//! (a `Splice`), and the opposite splice undoes it.
//!
//! Sentence pairs are corrected inside a paragraph pair: join a pair with the next, split one
//! before a sentence, move a sentence (with those before or after it in its pair) to the pair
//! before or after. Paragraph pairs are joined, split before a sentence pair, or given the
//! current sentence pair (with those before or after it) from their neighbour. A block without
//! sentence pairs is taken as one pair of its two whole sides. Every pair a sentence
//! correction makes is marked `fixed`: right as it stands, a mark no longer needed, and an
//! anchor for a later alignment.

use std::ops::Range;

use crate::article::{
    Bilingual, Block, Emphasis, Marks, Ruby, SentencePair, SharedStr, Side, joiner,
};
use crate::sentence::Sentences;

/// What the reader asks to correct.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Correction {
    JoinPairs,
    SplitPair,
    SentenceBack,
    SentenceOn,
    JoinParagraphs,
    SplitParagraph,
    PairBack,
    PairOn,
}

/// Where the correction is asked for: a block, and the current sentence in it (its side and
/// its index among that side's sentences, see `sentence::Sentences`), when there is one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub block: usize,
    pub sentence: Option<(Side, usize)>,
}

/// Blocks `at..at + removed.len()` replaced by `inserted`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Splice {
    pub at: usize,
    pub removed: Vec<Block>,
    pub inserted: Vec<Block>,
}

impl Splice {
    /// Makes the change in `blocks`.
    pub fn apply(&self, blocks: &mut Vec<Block>) {
        let end = self.at + self.removed.len();
        blocks.splice(self.at..end, self.inserted.iter().cloned());
    }

    /// The splice that undoes this one.
    #[must_use]
    pub fn inverse(&self) -> Splice {
        Splice {
            at: self.at,
            removed: self.inserted.clone(),
            inserted: self.removed.clone(),
        }
    }
}

/// A correction worked out: the splice, and where the cursor goes after it (a block, and a
/// side and byte offset in its text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub splice: Splice,
    pub then: (usize, Side, usize),
}

/// Works out `correction` at `place` in `blocks`, or says why it cannot be made.
pub fn correct(blocks: &[Block], correction: Correction, place: Place) -> Result<Edit, String> {
    let block = blocks
        .get(place.block)
        .ok_or_else(|| "no paragraph here".to_owned())?;
    let here = Here::of(block, place)?;
    let at = place.block;
    let made = match correction {
        Correction::JoinPairs => in_place(at, here.join_pairs()?),
        Correction::SplitPair => in_place(at, here.split_pair()?),
        Correction::SentenceBack => in_place(at, here.move_sentences(-1)?),
        Correction::SentenceOn => in_place(at, here.move_sentences(1)?),
        Correction::JoinParagraphs => join_paragraphs(blocks, at, &here)?,
        Correction::SplitParagraph => split_paragraph(at, &here)?,
        Correction::PairBack => move_pairs(blocks, at, &here, -1)?,
        Correction::PairOn => move_pairs(blocks, at, &here, 1)?,
    };
    Ok(Edit {
        splice: Splice {
            at: made.start,
            removed: blocks[made.start..made.start + made.replaced].to_vec(),
            inserted: made.inserted,
        },
        then: made.then,
    })
}

/// What a correction makes: the blocks from `start` it replaces (`replaced` of them), those
/// that replace them, and where the cursor goes (see `Edit::then`).
struct Made {
    start: usize,
    replaced: usize,
    inserted: Vec<Block>,
    then: (usize, Side, usize),
}

/// A block corrected in place, with the cursor's new side and offset in it.
fn in_place(at: usize, (block, (side, offset)): (Block, (Side, usize))) -> Made {
    Made {
        start: at,
        replaced: 1,
        inserted: vec![block],
        then: (at, side, offset),
    }
}

/// The block a correction starts from (with pairs: a block without them as one pair), its
/// sentences, and the current sentence's pair.
struct Here {
    block: Block,
    sentences: Sentences,
    /// The current sentence: its side, its index on that side and its pair.
    current: Option<(Side, usize, usize)>,
}

impl Here {
    fn of(block: &Block, place: Place) -> Result<Here, String> {
        let block = correctable(block)?;
        let sentences = Sentences::of(&block);
        let current = place.sentence.and_then(|(side, index)| {
            let pair = sentences.side(side).get(index)?.pair?;
            Some((side, index, pair))
        });
        Ok(Here {
            block,
            sentences,
            current,
        })
    }

    fn current(&self) -> Result<(Side, usize, usize), String> {
        self.current
            .ok_or_else(|| "no current sentence: move by sentence to choose one".to_owned())
    }

    fn pairs(&self) -> &[SentencePair] {
        &self.block.sentences
    }

    /// The byte range of sentence `index` on `side`.
    fn range(&self, side: Side, index: usize) -> Range<usize> {
        self.sentences.side(side)[index].range.clone()
    }

    /// The first byte of pair `pair`'s text, on `side` if it has one there.
    fn start_of(&self, pair: usize, side: Side) -> (Side, usize) {
        let pair = &self.pairs()[pair];
        match (pair.get(side), pair.get(side.other())) {
            (Some(range), _) => (side, range.start),
            (None, Some(range)) => (side.other(), range.start),
            (None, None) => (side, 0),
        }
    }

    fn join_pairs(&self) -> Result<(Block, (Side, usize)), String> {
        let (side, _, pair) = self.current()?;
        if pair + 1 >= self.pairs().len() {
            return Err("the last pair of the paragraph: join the paragraphs instead".into());
        }
        let mut block = self.block.clone();
        let next = block.sentences.remove(pair + 1);
        let joined = &mut block.sentences[pair];
        joined.en = cover(joined.en.clone(), next.en);
        joined.ja = cover(joined.ja.clone(), next.ja);
        mark_fixed(joined);
        let then = self.start_of(pair, side);
        Ok((block, then))
    }

    fn split_pair(&self) -> Result<(Block, (Side, usize)), String> {
        let (side, index, pair) = self.current()?;
        let own = self.sentences.of_pair(side, pair);
        if index == own.start {
            return Err("the sentence starts its pair: nothing to split before it".into());
        }
        let other = side.other();
        let at = self.range(side, index).start;
        let whole = self.pairs()[pair].get(side).unwrap_or(at..at);
        let share = share_of(&whole, at);
        let theirs = self.sentences.of_pair(other, pair);
        // On a tie, the other side stays with the first part.
        let cut = (theirs.start..=theirs.end)
            .rev()
            .min_by(|&a, &b| {
                let off = |k: usize| (self.share_at(other, pair, &theirs, k) - share).abs();
                off(a).total_cmp(&off(b))
            })
            .unwrap_or(theirs.end);
        let mut first = self.pairs()[pair].clone();
        let mut second = first.clone();
        set_side(
            &mut first,
            side,
            Some(whole.start..self.range(side, index - 1).end),
        );
        set_side(&mut second, side, Some(at..whole.end));
        let (before, after) = self.cut_side(other, pair, &theirs, cut);
        set_side(&mut first, other, before);
        set_side(&mut second, other, after);
        mark_fixed(&mut first);
        mark_fixed(&mut second);
        let mut block = self.block.clone();
        block.sentences.splice(pair..=pair, [first, second]);
        Ok((block, (side, at)))
    }

    /// How far into pair `pair`'s text on `side` its sentence `k` starts (1 past the last).
    fn share_at(&self, side: Side, pair: usize, own: &Range<usize>, k: usize) -> f64 {
        let Some(whole) = self.pairs()[pair].get(side) else {
            return 0.0;
        };
        if k >= own.end {
            return 1.0;
        }
        share_of(&whole, self.range(side, k).start)
    }

    /// Pair `pair`'s text on `side` cut before its sentence `cut` (of `own`, its sentences
    /// there): the part before and the part after, either possibly empty.
    fn cut_side(
        &self,
        side: Side,
        pair: usize,
        own: &Range<usize>,
        cut: usize,
    ) -> (Option<Range<usize>>, Option<Range<usize>>) {
        let Some(whole) = self.pairs()[pair].get(side) else {
            return (None, None);
        };
        let before = (cut > own.start).then(|| whole.start..self.range(side, cut - 1).end);
        let after = (cut < own.end).then(|| self.range(side, cut).start..whole.end);
        (before, after)
    }

    /// Moves the current sentence, with those before it in its pair (`way` −1) or after it
    /// (+1), to the neighbouring pair.
    fn move_sentences(&self, way: isize) -> Result<(Block, (Side, usize)), String> {
        let (side, index, pair) = self.current()?;
        let Some(neighbour) = pair
            .checked_add_signed(way)
            .filter(|&p| p < self.pairs().len())
        else {
            let (which, way) = if way < 0 {
                ("first", "previous")
            } else {
                ("last", "next")
            };
            return Err(format!(
                "the {which} pair of the paragraph: move the pair to the {way} paragraph instead"
            ));
        };
        let own = self.sentences.of_pair(side, pair);
        let moved = if way < 0 {
            own.start..index + 1
        } else {
            index..own.end
        };
        let moved_range = self.range(side, moved.start).start..self.range(side, moved.end - 1).end;
        let kept = if way < 0 {
            (moved.end < own.end)
                .then(|| self.range(side, moved.end).start..self.pair_end(pair, side))
        } else {
            (moved.start > own.start)
                .then(|| self.pair_start(pair, side)..self.range(side, moved.start - 1).end)
        };
        let mut block = self.block.clone();
        let gains = &mut block.sentences[neighbour];
        let grown = cover(gains.get(side), Some(moved_range.clone()));
        set_side(gains, side, grown);
        mark_fixed(gains);
        let loses = &mut block.sentences[pair];
        set_side(loses, side, kept);
        mark_fixed(loses);
        if loses.en.is_none() && loses.ja.is_none() {
            block.sentences.remove(pair);
        }
        Ok((block, (side, moved_range.start)))
    }

    fn pair_start(&self, pair: usize, side: Side) -> usize {
        self.pairs()[pair].get(side).map_or(0, |r| r.start)
    }

    fn pair_end(&self, pair: usize, side: Side) -> usize {
        self.pairs()[pair].get(side).map_or(0, |r| r.end)
    }
}

/// The block as a correction takes it (with pairs, see `with_pairs`), or why it cannot be
/// corrected: a heading, or pairs out of order or leaving text out (a file edited by hand).
fn correctable(block: &Block) -> Result<Block, String> {
    if block.is_heading() {
        return Err("a heading is not corrected".into());
    }
    let block = with_pairs(block);
    if crate::sentence::row_pairs(&block).is_none() {
        return Err(
            "this paragraph's sentence pairs are out of order: it cannot be corrected".into(),
        );
    }
    Ok(block)
}

/// A block with sentence pairs: its own, or one pair of its two whole sides.
fn with_pairs(block: &Block) -> Block {
    if !block.sentences.is_empty() {
        return block.clone();
    }
    let whole = |side: Side| block.text.get(side).map(|t| trimmed(t, 0..t.len()));
    let pair = SentencePair {
        en: whole(Side::En),
        ja: whole(Side::Ja),
        ..SentencePair::default()
    };
    block.clone().with_sentences(vec![pair])
}

/// `range` of `text` without the whitespace at its ends.
fn trimmed(text: &str, range: Range<usize>) -> Range<usize> {
    let part = &text[range.clone()];
    let start = range.start + (part.len() - part.trim_start().len());
    start..(range.start + part.trim_end().len()).max(start)
}

/// The smallest range holding both (either may be missing).
fn cover(a: Option<Range<usize>>, b: Option<Range<usize>>) -> Option<Range<usize>> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.start.min(b.start)..a.end.max(b.end)),
        (a, b) => a.or(b),
    }
}

/// How far `at` lies into `whole`, 0–1.
fn share_of(whole: &Range<usize>, at: usize) -> f64 {
    #[allow(clippy::cast_precision_loss)]
    let share = (at.saturating_sub(whole.start)) as f64 / whole.len().max(1) as f64;
    share.clamp(0.0, 1.0)
}

fn set_side(pair: &mut SentencePair, side: Side, range: Option<Range<usize>>) {
    match side {
        Side::En => pair.en = range,
        Side::Ja => pair.ja = range,
    }
}

/// A pair a reader has set right: fixed, and no longer of any confidence.
fn mark_fixed(pair: &mut SentencePair) {
    pair.fixed = true;
    pair.confidence = None;
}

/// Two blocks as one: their texts joined on each side, their pairs one after the other.
fn joined(first: &Block, second: &Block) -> Block {
    let (first, second) = (with_pairs(first), with_pairs(second));
    let mut text = Bilingual::default();
    let mut shift = [0usize; 2];
    for (k, side) in Side::BOTH.into_iter().enumerate() {
        let parts = [first.text.get(side), second.text.get(side)];
        let joined = match parts {
            [Some(a), Some(b)] => {
                shift[k] = a.len() + joiner(side).len();
                Some(format!("{a}{}{b}", joiner(side)))
            }
            [Some(a), None] => Some(a.to_owned()),
            [None, b] => b.map(str::to_owned),
        };
        *text.get_mut(side) = joined.map(SharedStr::from);
    }
    let moved = second.sentences.iter().map(|pair| SentencePair {
        en: pair
            .en
            .clone()
            .map(|r| r.start + shift[0]..r.end + shift[0]),
        ja: pair
            .ja
            .clone()
            .map(|r| r.start + shift[1]..r.end + shift[1]),
        ..pair.clone()
    });
    let sentences = first.sentences.iter().cloned().chain(moved).collect();
    let (marks, later_marks) = (first.marks(), second.marks());
    let ruby = (marks.ruby.iter().cloned())
        .chain(later_marks.ruby.iter().map(|ruby| Ruby {
            base: later(&ruby.base, shift[1]),
            reading: ruby.reading.clone(),
        }))
        .collect();
    let emphasis = (marks.emphasis.iter().cloned())
        .chain((later_marks.emphasis.iter()).map(|e| Emphasis(later(&e.0, shift[1]))))
        .collect();
    let cue = match (marks.cue, later_marks.cue) {
        (Some(a), Some(b)) => Some(a.spanning(b)),
        (a, b) => a.or(b),
    };
    let marks = Marks {
        cue,
        ruby,
        emphasis,
        indent: marks.indent,
    };
    Block::of_kind(first.kind, text)
        .with_sentences(sentences)
        .with_all_marks(marks)
}

/// A byte range moved `by` bytes later in its text.
fn later(range: &Range<usize>, by: usize) -> Range<usize> {
    range.start + by..range.end + by
}

/// A byte range moved `by` bytes earlier in its text.
fn earlier(range: &Range<usize>, by: usize) -> Range<usize> {
    range.start - by..range.end - by
}

/// A block cut before its pair `at` (0 < `at` < its pairs): the two blocks, each side's text
/// cut between the last range before and the first after (what lies between is whitespace).
fn cut_before(block: &Block, at: usize) -> (Block, Block) {
    let mut parts = [Bilingual::default(), Bilingual::default()];
    let mut shift = [0usize; 2];
    for (k, side) in Side::BOTH.into_iter().enumerate() {
        let Some(text) = block.text.get(side) else {
            continue;
        };
        let ranges =
            |pairs: &[SentencePair]| pairs.iter().filter_map(|p| p.get(side)).collect::<Vec<_>>();
        let end = ranges(&block.sentences[..at]).last().map_or(0, |r| r.end);
        let start = ranges(&block.sentences[at..])
            .first()
            .map_or(text.len(), |r| r.start);
        shift[k] = start;
        *parts[0].get_mut(side) = Some(text[..end].into());
        *parts[1].get_mut(side) = Some(text[start..].into());
    }
    let [first, second] = parts.map(|text| Bilingual::shared(text.en, text.ja));
    let rebased = block.sentences[at..].iter().map(|pair| SentencePair {
        en: pair
            .en
            .clone()
            .map(|r| r.start - shift[0]..r.end - shift[0]),
        ja: pair
            .ja
            .clone()
            .map(|r| r.start - shift[1]..r.end - shift[1]),
        ..pair.clone()
    });
    let first_ja_len = first.ja.as_deref().map(str::len);
    let second_has_ja = second.ja.is_some();
    let in_first = |range: &Range<usize>| first_ja_len.is_some_and(|len| range.end <= len);
    let in_second = |range: &Range<usize>| second_has_ja && range.start >= shift[1];
    let marks = block.marks();
    let first_marks = Marks {
        ruby: (marks.ruby.iter())
            .filter(|ruby| in_first(&ruby.base))
            .cloned()
            .collect(),
        emphasis: (marks.emphasis.iter())
            .filter(|e| in_first(&e.0))
            .cloned()
            .collect(),
        cue: marks.cue,
        indent: marks.indent,
    };
    let second_marks = Marks {
        ruby: (marks.ruby.iter())
            .filter(|ruby| in_second(&ruby.base))
            .map(|ruby| Ruby {
                base: earlier(&ruby.base, shift[1]),
                reading: ruby.reading.clone(),
            })
            .collect(),
        emphasis: (marks.emphasis.iter())
            .filter(|e| in_second(&e.0))
            .map(|e| Emphasis(earlier(&e.0, shift[1])))
            .collect(),
        cue: marks.cue,
        indent: marks.indent,
    };
    let first = Block::of_kind(block.kind, first)
        .with_sentences(block.sentences[..at].to_vec())
        .with_all_marks(first_marks);
    let second = Block::of_kind(block.kind, second)
        .with_sentences(rebased.collect())
        .with_all_marks(second_marks);
    (first, second)
}

fn join_paragraphs(blocks: &[Block], at: usize, here: &Here) -> Result<Made, String> {
    let next = blocks
        .get(at + 1)
        .filter(|b| !b.is_heading())
        .ok_or_else(|| "no paragraph below to join".to_owned())?;
    let next = correctable(next)?;
    let next = &next;
    let (side, offset) = here.current.map_or((Side::En, 0), |(side, index, _)| {
        (side, here.range(side, index).start)
    });
    Ok(Made {
        start: at,
        replaced: 2,
        inserted: vec![joined(&here.block, next)],
        then: (at, side, offset),
    })
}

/// Splits the paragraph before the current sentence's pair (splitting that pair first when the
/// sentence is not its first).
fn split_paragraph(at: usize, here: &Here) -> Result<Made, String> {
    let (side, index, pair) = here.current()?;
    let (block, pair) = if index == here.sentences.of_pair(side, pair).start {
        (here.block.clone(), pair)
    } else {
        (here.split_pair()?.0, pair + 1)
    };
    if pair == 0 {
        return Err("the paragraph starts here: nothing to split before it".into());
    }
    let (first, second) = cut_before(&block, pair);
    let offset = second.sentences[0].get(side).map_or(0, |r| r.start);
    Ok(Made {
        start: at,
        replaced: 1,
        inserted: vec![first, second],
        then: (at + 1, side, offset),
    })
}

/// Moves the current sentence pair, with those before it (`way` −1) or after it (+1), to the
/// neighbouring paragraph: the two paragraphs joined, then cut after (or before) it.
fn move_pairs(blocks: &[Block], at: usize, here: &Here, way: isize) -> Result<Made, String> {
    let (side, _, pair) = here.current()?;
    let neighbour = at
        .checked_add_signed(way)
        .filter(|&n| blocks.get(n).is_some_and(|b| !b.is_heading()));
    let Some(neighbour) = neighbour else {
        let way = if way < 0 { "above" } else { "below" };
        return Err(format!("no paragraph {way} to move the pair to"));
    };
    let start = at.min(neighbour);
    let other = correctable(&blocks[neighbour])?;
    let (whole, cut) = if way < 0 {
        (
            joined(&other, &here.block),
            other.sentences.len() + pair + 1,
        )
    } else {
        (joined(&here.block, &other), pair)
    };
    // The pairs that move are set right where they land: their unsure marks go.
    let moved = if way < 0 {
        cut - pair - 1..cut
    } else {
        cut..cut + here.pairs().len() - pair
    };
    let mut whole = whole;
    for moved in &mut whole.sentences[moved] {
        mark_fixed(moved);
    }
    let inserted = if cut == 0 || cut >= whole.sentences.len() {
        vec![whole]
    } else {
        let (first, second) = cut_before(&whole, cut);
        vec![first, second]
    };
    // The moved pair: the last of the first block (moved back), the first of the last block.
    let (then_block, then_pair) = if way < 0 {
        (start, cut - 1)
    } else {
        (start + inserted.len() - 1, 0)
    };
    let target = &inserted[then_block - start];
    let offset = target
        .sentences
        .get(then_pair)
        .and_then(|p| p.get(side).or_else(|| p.get(side.other())))
        .map_or(0, |r| r.start);
    Ok(Made {
        start,
        replaced: 2,
        inserted,
        then: (then_block, side, offset),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(en: Option<Range<usize>>, ja: Option<Range<usize>>) -> SentencePair {
        SentencePair {
            en,
            ja,
            confidence: Some(300),
            fixed: false,
        }
    }

    /// "One. Two. Three." beside "一。二。三。", paired (One. Two. | 一。) (Three. | 二。三。),
    /// then a second paragraph "Four." beside "四。".
    fn blocks() -> Vec<Block> {
        let first = Bilingual::new(Some("One. Two. Three.".into()), Some("一。二。三。".into()));
        let second = Bilingual::new(Some("Four.".into()), Some("四。".into()));
        vec![
            Block::paragraph(first).with_sentences(vec![
                pair(Some(0..9), Some(0..6)),
                pair(Some(10..16), Some(6..18)),
            ]),
            Block::paragraph(second),
        ]
    }

    /// Each pair of a block as its two texts.
    fn texts(block: &Block) -> Vec<(Option<&str>, Option<&str>)> {
        (0..block.sentences.len())
            .map(|k| (block.sentence(k, Side::En), block.sentence(k, Side::Ja)))
            .collect()
    }

    fn at(block: usize, side: Side, index: usize) -> Place {
        Place {
            block,
            sentence: Some((side, index)),
        }
    }

    /// Applies a correction, checks that its inverse gives the blocks back, and returns the
    /// corrected blocks.
    fn corrected(correction: Correction, place: Place) -> (Vec<Block>, Edit) {
        let before = blocks();
        let edit = correct(&before, correction, place).expect("the correction can be made");
        let mut after = before.clone();
        edit.splice.apply(&mut after);
        let mut undone = after.clone();
        edit.splice.inverse().apply(&mut undone);
        assert_eq!(undone, before, "{correction:?} undone");
        for block in &after {
            assert!(block.sentences_fit(), "{block:?}");
        }
        (after, edit)
    }

    #[test]
    fn joining_pairs_makes_one_fixed_pair() {
        let (after, _) = corrected(Correction::JoinPairs, at(0, Side::En, 0));
        assert_eq!(
            texts(&after[0]),
            vec![(Some("One. Two. Three."), Some("一。二。三。"))]
        );
        assert!(after[0].sentences[0].fixed && !after[0].has_unsure_pair());
        let refused = correct(&blocks(), Correction::JoinPairs, at(0, Side::En, 2));
        assert!(refused.unwrap_err().contains("last pair"));
    }

    #[test]
    fn splitting_a_pair_cuts_the_other_side_where_its_share_falls() {
        let (after, edit) = corrected(Correction::SplitPair, at(0, Side::Ja, 2));
        assert_eq!(
            texts(&after[0]),
            vec![
                (Some("One. Two."), Some("一。")),
                (Some("Three."), Some("二。")),
                (None, Some("三。")),
            ],
            "二。 and 三。 are one English sentence's worth: the English stays with the first"
        );
        assert_eq!(edit.then, (0, Side::Ja, 12));
        let (after, _) = corrected(Correction::SplitPair, at(0, Side::En, 1));
        assert_eq!(
            texts(&after[0])[..2],
            [(Some("One."), Some("一。")), (Some("Two."), None)],
            "Two. starts past the middle: 一。 stays with One."
        );
        let refused = correct(&blocks(), Correction::SplitPair, at(0, Side::En, 0));
        assert!(refused.is_err());
    }

    #[test]
    fn a_sentence_moves_to_the_pair_before_or_after() {
        let (after, _) = corrected(Correction::SentenceOn, at(0, Side::En, 1));
        assert_eq!(
            texts(&after[0]),
            vec![
                (Some("One."), Some("一。")),
                (Some("Two. Three."), Some("二。三。"))
            ]
        );
        let (after, _) = corrected(Correction::SentenceBack, at(0, Side::Ja, 1));
        assert_eq!(
            texts(&after[0]),
            vec![
                (Some("One. Two."), Some("一。二。")),
                (Some("Three."), Some("三。"))
            ]
        );
        let (after, _) = corrected(Correction::SentenceBack, at(0, Side::En, 2));
        assert_eq!(
            texts(&after[0]),
            vec![
                (Some("One. Two. Three."), Some("一。")),
                (None, Some("二。三。"))
            ]
        );
    }

    #[test]
    fn paragraphs_join_and_split_with_their_pairs() {
        let (after, _) = corrected(Correction::JoinParagraphs, at(0, Side::En, 0));
        assert_eq!(after.len(), 1);
        assert_eq!(after[0].text.en.as_deref(), Some("One. Two. Three. Four."));
        assert_eq!(after[0].text.ja.as_deref(), Some("一。二。三。四。"));
        assert_eq!(texts(&after[0])[2], (Some("Four."), Some("四。")));
        let (after, edit) = corrected(Correction::SplitParagraph, at(0, Side::En, 2));
        assert_eq!(after.len(), 3);
        assert_eq!(after[0].text.en.as_deref(), Some("One. Two."));
        assert_eq!(texts(&after[1]), vec![(Some("Three."), Some("二。三。"))]);
        assert_eq!(edit.then, (1, Side::En, 0));
        // Before a sentence inside its pair: the pair is split first.
        let (after, _) = corrected(Correction::SplitParagraph, at(0, Side::En, 1));
        assert_eq!(after[1].text.en.as_deref(), Some("Two. Three."));
        assert_eq!(
            after[0].text.ja.as_deref(),
            Some("一。"),
            "一。 stays with One."
        );
        assert_eq!(after[1].text.ja.as_deref(), Some("二。三。"));
    }

    #[test]
    fn a_pair_moves_to_the_paragraph_before_or_after() {
        let (after, edit) = corrected(Correction::PairOn, at(0, Side::En, 2));
        assert_eq!(after[0].text.en.as_deref(), Some("One. Two."));
        assert_eq!(after[1].text.en.as_deref(), Some("Three. Four."));
        assert_eq!(after[1].text.ja.as_deref(), Some("二。三。四。"));
        assert_eq!(edit.then, (1, Side::En, 0));
        let (after, edit) = corrected(Correction::PairBack, at(1, Side::En, 0));
        assert_eq!(after.len(), 1, "the only pair moved: the paragraph is gone");
        assert_eq!(edit.then.0, 0);
        let refused = correct(&blocks(), Correction::PairBack, at(0, Side::En, 0));
        assert!(refused.unwrap_err().contains("above"));
    }

    #[test]
    fn headings_and_missing_sentences_are_refused_with_a_reason() {
        let heading = vec![Block::heading(1, Bilingual::en("Title"))];
        assert!(correct(&heading, Correction::JoinPairs, at(0, Side::En, 0)).is_err());
        let place = Place {
            block: 0,
            sentence: None,
        };
        let no_sentence = correct(&blocks(), Correction::SplitPair, place);
        assert!(no_sentence.unwrap_err().contains("no current sentence"));
    }
}
