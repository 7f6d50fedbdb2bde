//! The sentence cursor: a sentence of the current paragraph, lit with its partners, moved by
//! sentence motions, placed by a search match or a click, and kept on the current paragraph.

use std::ops::Range;

use crate::app::{Reader, to_isize};
use crate::article::Side;
use crate::layout::Position;
use crate::sentence::{SentenceRef, Sentences};

/// Where the sentence cursor is: a sentence of one block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentenceCursor {
    pub block: usize,
    /// `None` on a paragraph with no sentence in the languages shown.
    pub at: Option<SentenceRef>,
    /// The block's sentences, split once when the cursor came to it.
    pub sentences: Sentences,
    /// The side it walks where a pair has both: the first pane's, or the side last clicked.
    pub prefer: Side,
}

impl SentenceCursor {
    /// The cursor's sentences in the order it walks them, with its own place among them.
    fn order(&self, shown: &[Side]) -> (Vec<SentenceRef>, Option<usize>) {
        let order = self.sentences.reading_order(shown, self.prefer);
        let place = self.at.and_then(|at| order.iter().position(|r| *r == at));
        (order, place)
    }
}

impl Reader {
    /// The side the sentence cursor prefers now.
    fn preferred_side(&self) -> Side {
        self.sentence.as_ref().map_or_else(
            || self.layout.geometry().mode.sides()[0],
            |cursor| cursor.prefer,
        )
    }

    /// A cursor on `block`, at the sentence `choose` picks from its reading order.
    fn cursor_in(
        &self,
        block: usize,
        prefer: Side,
        choose: impl Fn(&Sentences, &[SentenceRef]) -> Option<SentenceRef>,
    ) -> Option<SentenceCursor> {
        let sentences = Sentences::of(self.article.blocks.get(block)?);
        let shown = self.layout.geometry().mode.sides();
        let at = Some(choose(&sentences, &sentences.reading_order(shown, prefer))?);
        Some(SentenceCursor {
            block,
            at,
            sentences,
            prefer,
        })
    }

    /// The sentence pair the sentence cursor is on, when it is on one.
    pub fn current_pair(&self) -> Option<usize> {
        let cursor = self.sentence.as_ref()?;
        cursor.sentences.get(cursor.at?)?.pair
    }

    /// The current sentence's place in its paragraph, as `(i, n)` from 1.
    pub fn sentence_place(&self) -> Option<(usize, usize)> {
        let cursor = self.sentence.as_ref()?;
        let (order, place) = cursor.order(self.layout.geometry().mode.sides());
        Some((place? + 1, order.len()))
    }

    /// The current sentence, and its partners in the other pane, as byte ranges of the
    /// current block's text.
    pub fn lit_sentences(&self) -> Option<Lit> {
        let cursor = self.sentence.as_ref()?;
        let range_of = |at: SentenceRef| {
            let sentence = cursor.sentences.get(at)?;
            Some((at.side, sentence.range.clone()))
        };
        let at = cursor.at?;
        let current = range_of(at)?;
        let partners = cursor.sentences.partners(at);
        Some(Lit {
            unit: self.layout.unit_of_block(cursor.block)?,
            current,
            partners: partners.into_iter().filter_map(range_of).collect(),
        })
    }
}

/// The sentences lit in the reader: the current one and its partners, in unit `unit`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lit {
    pub unit: usize,
    pub current: (Side, Range<usize>),
    pub partners: Vec<(Side, Range<usize>)>,
}

/// Moves the sentence cursor by one sentence, into the next or previous paragraph at the
/// ends of this one; turned on, it starts at the current paragraph's first sentence. False if
/// there is no sentence that way.
pub(super) fn step(reader: &mut Reader, step: isize, height: usize) -> bool {
    let Some(cursor) = reader.sentence.clone() else {
        return start(reader, height);
    };
    let shown = reader.layout.geometry().mode.sides();
    let (order, place) = cursor.order(shown);
    let next = place.and_then(|p| p.checked_add_signed(step));
    if let Some(&at) = next.and_then(|n| order.get(n)) {
        let at = Some(at);
        set(reader, SentenceCursor { at, ..cursor }, height);
        return true;
    }
    let mut block = cursor.block;
    while let Some(next) = block
        .checked_add_signed(step)
        .filter(|&b| b < reader.article.blocks.len())
    {
        block = next;
        let pick = |_: &Sentences, order: &[SentenceRef]| {
            if step > 0 {
                order.first().copied()
            } else {
                order.last().copied()
            }
        };
        if let Some(found) = reader.cursor_in(block, cursor.prefer, pick) {
            set(reader, found, height);
            return true;
        }
    }
    false
}

/// Puts the sentence cursor on the first sentence of pair `pair` of `block`; false if the
/// pair has no sentence in the languages shown.
pub(super) fn go_to_pair(reader: &mut Reader, block: usize, pair: usize, height: usize) -> bool {
    let prefer = reader.preferred_side();
    let found = reader.cursor_in(block, prefer, |sentences, order| {
        let of_pair = |at: &SentenceRef| sentences.get(*at).and_then(|s| s.pair) == Some(pair);
        order.iter().copied().find(of_pair)
    });
    match found {
        Some(found) => {
            set(reader, found, height);
            true
        }
        None => false,
    }
}

/// Puts the sentence cursor on the article's sentence `n` (from 0), in the order the sentence
/// motions visit them, or on its last sentence when there are not that many: then returns how
/// many there are (0: none, and the cursor stays).
pub(super) fn go_to_nth(reader: &mut Reader, n: usize, height: usize) -> Option<usize> {
    let prefer = reader.preferred_side();
    let shown = reader.layout.geometry().mode.sides();
    let mut seen = 0;
    let mut last = None;
    let mut found = false;
    for block in 0..reader.article.blocks.len() {
        let sentences = Sentences::of(&reader.article.blocks[block]);
        let order = sentences.reading_order(shown, prefer);
        let Some(&final_here) = order.last() else {
            continue;
        };
        if let Some(&at) = order.get(n - seen) {
            last = Some((block, at, sentences));
            found = true;
            break;
        }
        seen += order.len();
        last = Some((block, final_here, sentences));
    }
    let Some((block, at, sentences)) = last else {
        return Some(0);
    };
    let cursor = SentenceCursor {
        block,
        at: Some(at),
        sentences,
        prefer,
    };
    set(reader, cursor, height);
    (!found).then_some(seen)
}

/// Turns the sentence cursor on at the current paragraph's first sentence (or the first
/// paragraph's, in the title block).
fn start(reader: &mut Reader, height: usize) -> bool {
    let prefer = reader.preferred_side();
    let from = reader.current_block().unwrap_or(0);
    let found = (from..reader.article.blocks.len())
        .find_map(|block| reader.cursor_in(block, prefer, |_, order| order.first().copied()));
    match found {
        Some(found) => {
            set(reader, found, height);
            true
        }
        None => false,
    }
}

/// Puts the sentence cursor at `cursor`, the paragraph cursor on its block, and the sentence on
/// screen.
fn set(reader: &mut Reader, cursor: SentenceCursor, height: usize) {
    let Some(unit) = reader.layout.unit_of_block(cursor.block) else {
        return;
    };
    reader.cursor = unit;
    reader.sentence = Some(cursor);
    reveal_current(reader, height);
}

/// Scrolls just enough to show the current sentence and its partners, if the sentence cursor
/// is on one — or the current sentence alone when the two do not fit together.
pub(super) fn reveal_current(reader: &mut Reader, height: usize) {
    let Some(lit) = reader.lit_sentences() else {
        return;
    };
    let rows_of = |reader: &mut Reader, (side, range): &(Side, Range<usize>)| {
        let layout = &mut reader.layout;
        let first = layout.row_of_byte(&reader.article, lit.unit, *side, range.start);
        let last = layout.row_of_byte(
            &reader.article,
            lit.unit,
            *side,
            range.end.saturating_sub(1),
        );
        (first, last)
    };
    let own = rows_of(reader, &lit.current);
    let mut both = own;
    for partner in &lit.partners {
        let (first, last) = rows_of(reader, partner);
        both = (both.0.min(first), both.1.max(last));
    }
    let shown = if both.1 - both.0 < height { both } else { own };
    let at = |row| Position {
        unit: lit.unit,
        row,
    };
    reveal_rows(reader, at(shown.0), at(shown.1), height);
}

/// Scrolls just enough to show the rows from `first` to `last` of one unit (`first`, if they
/// are more than the panes hold).
fn reveal_rows(reader: &mut Reader, first: Position, last: Position, height: usize) {
    let article = &reader.article;
    let layout = &mut reader.layout;
    let rows = to_isize(height);
    match layout.distance(article, reader.top, first, height) {
        Some(d) if d >= 0 => {
            let to_last = layout.distance(article, reader.top, last, height);
            if to_last.is_none_or(|d| d >= rows) {
                let top = layout.scroll(article, last, 1 - rows);
                reader.top = top.min(first);
            }
        }
        _ => reader.top = first,
    }
}

/// Puts the sentence cursor on the sentence holding byte `offset` of unit `unit`'s text on
/// `side` (a search match, a click), preferring that side from now on.
pub(super) fn place_at(reader: &mut Reader, unit: usize, side: Side, offset: usize) {
    let crate::layout::Unit::Block(block) = reader.layout.unit(unit) else {
        return;
    };
    let sentences = Sentences::of(&reader.article.blocks[block]);
    let at = sentences.at(side, offset);
    reader.cursor = unit;
    reader.sentence = Some(SentenceCursor {
        block,
        at,
        sentences,
        prefer: side,
    });
}

/// Keeps the sentence cursor on the current paragraph after the paragraph cursor moved (by
/// paragraph, by scrolling, by a jump): at its first sentence; and on a side that is shown.
pub(super) fn follow_paragraph(reader: &mut Reader) {
    let shown = reader.layout.geometry().mode.sides();
    let current = reader.current_block();
    // Called after every action: most leave the cursor where it is, with nothing to split.
    let in_place = |cursor: &SentenceCursor| {
        current == Some(cursor.block) && cursor.at.is_some_and(|at| shown.contains(&at.side))
    };
    let Some(cursor) = reader.sentence.take_if(|cursor| !in_place(cursor)) else {
        return;
    };
    let first = |sentences: &Sentences| {
        let order = sentences.reading_order(shown, cursor.prefer);
        order.first().copied()
    };
    reader.sentence = match current {
        Some(block) if block == cursor.block => {
            let at = match cursor.at {
                Some(at) if shown.contains(&at.side) => Some(at),
                Some(at) => {
                    let partner = cursor.sentences.partners(at).first().copied();
                    partner.or_else(|| first(&cursor.sentences))
                }
                None => first(&cursor.sentences),
            };
            Some(SentenceCursor { at, ..cursor })
        }
        Some(block) => {
            let sentences = Sentences::of(&reader.article.blocks[block]);
            Some(SentenceCursor {
                block,
                at: first(&sentences),
                sentences,
                prefer: cursor.prefer,
            })
        }
        None => None,
    };
}
