//! Pairing one-sided pieces of a document (headings, paragraphs, notes) into bilingual blocks,
//! shared by every importer that places each piece on a side before pairing (plain text,
//! Markdown, HTML, EPUB); and taking a document's title off its first pieces.

use crate::article::{Bilingual, Block, BlockKind, Side};
use crate::script::{join_lines, script_of};
use crate::text::sanitize;

/// A one-sided piece of text waiting to be paired: what kind of block it is, its side, its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub kind: BlockKind,
    pub side: Side,
    pub text: String,
}

impl Piece {
    pub fn paragraph(side: Side, text: String) -> Self {
        Self {
            kind: BlockKind::Paragraph,
            side,
            text,
        }
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
        Some(Piece { kind, side, text })
    }
}

/// Pairs a piece in the leading language with a following one of the same kind (a heading with
/// a heading of its level) in the other language, when the two languages are balanced enough to
/// be a parallel text (the fewer at least half the more); notes are never paired and do not
/// count.
pub fn pair(pieces: Vec<Piece>) -> Vec<Block> {
    let pairable = || pieces.iter().filter(|p| p.kind != BlockKind::Note);
    let count = |side| pairable().filter(|p| p.side == side).count();
    let (en, ja) = (count(Side::En), count(Side::Ja));
    let parallel = en.min(ja) > 0 && en.min(ja) * 2 >= en.max(ja);
    let leader = pairable().next().map_or(Side::En, |p| p.side);
    let mut blocks = Vec::with_capacity(pieces.len());
    let mut pieces = pieces.into_iter().peekable();
    while let Some(piece) = pieces.next() {
        let mut text = Bilingual::default();
        if parallel
            && piece.side == leader
            && piece.kind != BlockKind::Note
            && let Some(partner) =
                pieces.next_if(|next| next.kind == piece.kind && next.side == piece.side.other())
        {
            *text.get_mut(partner.side) = Some(partner.text);
        }
        *text.get_mut(piece.side) = Some(piece.text);
        blocks.push(match piece.kind {
            BlockKind::Heading { level } => Block::heading(level, text),
            BlockKind::Paragraph => Block::paragraph(text),
            BlockKind::Note => Block::note(text),
        });
    }
    blocks
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
