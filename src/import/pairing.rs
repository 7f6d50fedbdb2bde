//! Pairing one-sided pieces of a document (headings, paragraphs, notes) into bilingual blocks,
//! shared by every importer that places each piece on a side before pairing (plain text,
//! Markdown, HTML, EPUB); and taking a document's title off its first pieces. A piece's ruby
//! (from `<ruby>` markup: `ruby_markup`) goes with it onto the Japanese side of its block, and
//! is dropped on the English side.

use crate::article::{Bilingual, Block, BlockKind, Ruby, SharedStr, Side};
use crate::import::ruby_markup::{self, RawRuby};
use crate::script::{join_lines, script_of};
use crate::text::sanitize;

/// A one-sided piece of text waiting to be paired: what kind of block it is, its side, its text,
/// and the readings over parts of its text (byte ranges of `text`, in order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub kind: BlockKind,
    pub side: Side,
    pub text: SharedStr,
    pub ruby: Vec<Ruby>,
}

impl Piece {
    pub fn paragraph(side: Side, text: impl Into<SharedStr>) -> Self {
        Self::new(BlockKind::Paragraph, side, text)
    }

    /// A piece without ruby.
    pub fn new(kind: BlockKind, side: Side, text: impl Into<SharedStr>) -> Self {
        Self {
            kind,
            side,
            text: text.into(),
            ruby: Vec::new(),
        }
    }

    /// The piece with the ruby gathered in `raw`, the text it was made from by sanitizing and
    /// changing white space only, placed on its text (`ruby_markup::place`).
    #[must_use]
    pub fn with_ruby(mut self, raw: &str, gathered: &[RawRuby]) -> Self {
        self.ruby = ruby_markup::place(raw, gathered, &self.text);
        self
    }

    /// A piece of `kind` from the raw text a marked-up document gave it, sanitized: a note keeps
    /// its lines (without the blank ones around them), a heading or paragraph has them joined;
    /// on `side`, else its script's; `None` if it has no text.
    pub fn from_raw(kind: BlockKind, side: Option<Side>, raw: &str) -> Option<Piece> {
        let clean = sanitize(raw);
        let text = match kind {
            BlockKind::Note => clean.trim_end().trim_start_matches('\n').to_owned(),
            BlockKind::Heading { .. } | BlockKind::Paragraph => join_lines(clean.split('\n')),
        };
        if text.trim().is_empty() {
            return None;
        }
        let side = side.unwrap_or_else(|| script_of(&text));
        Some(Piece::new(kind, side, text))
    }
}

/// Pairs a piece in the leading language with a following one of the same kind (a heading with
/// a heading of its level) in the other language, when the two languages are balanced enough to
/// be a parallel text (the fewer at least half the more); notes are never paired and do not
/// count. The Japanese piece's ruby is the block's.
pub fn pair(pieces: Vec<Piece>) -> Vec<Block> {
    let pairable = || pieces.iter().filter(|p| p.kind != BlockKind::Note);
    let count = |side| pairable().filter(|p| p.side == side).count();
    let (en, ja) = (count(Side::En), count(Side::Ja));
    let parallel = is_parallel(en, ja);
    let leader = pairable().next().map_or(Side::En, |p| p.side);
    let mut blocks = Vec::with_capacity(pieces.len());
    let mut pieces = pieces.into_iter().peekable();
    while let Some(piece) = pieces.next() {
        let mut text = Bilingual::default();
        let mut ruby = Vec::new();
        let kind = piece.kind;
        let partner = (parallel && piece.side == leader && kind != BlockKind::Note)
            .then(|| pieces.next_if(|next| next.kind == kind && next.side == piece.side.other()))
            .flatten();
        for one in [partner, Some(piece)].into_iter().flatten() {
            if one.side == Side::Ja {
                ruby = one.ruby;
            }
            *text.get_mut(one.side) = Some(one.text);
        }
        let block = match kind {
            BlockKind::Heading { level } => Block::heading(level, text),
            BlockKind::Paragraph => Block::paragraph(text),
            BlockKind::Note => Block::note(text),
        };
        blocks.push(with_ruby_that_fits(block, ruby));
    }
    // Room was made for a block a piece; a paired text has half as many.
    blocks.shrink_to_fit();
    blocks
}

/// Whether pieces this many on each side are a parallel text, to be paired (see `pair`).
fn is_parallel(en: usize, ja: usize) -> bool {
    en.min(ja) > 0 && en.min(ja) * 2 >= en.max(ja)
}

/// The fewest blocks `pair` makes of paragraphs this many on each side: a block holds at most
/// one of each side, and only a parallel text is paired.
pub fn fewest_blocks(en: usize, ja: usize) -> usize {
    if is_parallel(en, ja) {
        en.max(ja)
    } else {
        en + ja
    }
}

/// The block with the ruby over its Japanese text, unless the ruby does not fit it.
fn with_ruby_that_fits(block: Block, ruby: Vec<Ruby>) -> Block {
    let block = block.with_ruby(ruby);
    if block.ruby_fits() {
        block
    } else {
        block.with_ruby(Vec::new())
    }
}

/// Whether a piece is a level-1 heading.
pub fn is_top_heading(piece: &Piece) -> bool {
    piece.kind == BlockKind::Heading { level: 1 }
}

/// Takes the title off the pieces: the level-1 heading at `at`, and a level-1 heading in the
/// other language right after it.
pub fn take_title_at(pieces: &mut Vec<Piece>, at: usize) -> Bilingual {
    let mut title = Bilingual::default();
    let heading = pieces.remove(at);
    let other = pieces
        .get(at)
        .is_some_and(|p| is_top_heading(p) && p.side == heading.side.other());
    if other {
        let partner = pieces.remove(at);
        *title.get_mut(partner.side) = Some(partner.text);
    }
    *title.get_mut(heading.side) = Some(heading.text);
    title
}
