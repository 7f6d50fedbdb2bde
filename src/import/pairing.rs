//! Pairing one-sided pieces of a document (headings, paragraphs, notes) into bilingual blocks,
//! as plain text pairs its paragraphs: shared by the importers of marked-up text (Markdown,
//! HTML), which place each piece on a side before pairing.

use crate::article::{Bilingual, Block, Side};

/// What a piece of a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Heading(u8),
    Paragraph,
    Note,
}

/// A one-sided piece of a document, before pairing.
#[derive(Debug)]
pub struct Piece {
    pub kind: Kind,
    pub side: Side,
    pub text: String,
}

/// Pairs a piece in the leading language with a following one of the same kind in the other
/// language, when the two languages are balanced enough to be a parallel text (as plain text
/// does); notes (code blocks, preformatted text) stay blocks of their own.
pub fn pair(pieces: Vec<Piece>) -> Vec<Block> {
    let pairable = || pieces.iter().filter(|p| p.kind != Kind::Note);
    let count = |side| pairable().filter(|p| p.side == side).count();
    let (en, ja) = (count(Side::En), count(Side::Ja));
    let parallel = en.min(ja) > 0 && en.min(ja) * 2 >= en.max(ja);
    let leader = pairable().next().map_or(Side::En, |p| p.side);
    let mut blocks = Vec::with_capacity(pieces.len());
    let mut pieces = pieces.into_iter().peekable();
    while let Some(piece) = pieces.next() {
        let mut text = Bilingual::default();
        let pairs = parallel && piece.side == leader && piece.kind != Kind::Note;
        if pairs
            && let Some(partner) =
                pieces.next_if(|next| next.kind == piece.kind && next.side == piece.side.other())
        {
            *text.get_mut(partner.side) = Some(partner.text);
        }
        *text.get_mut(piece.side) = Some(piece.text);
        blocks.push(match piece.kind {
            Kind::Heading(level) => Block::heading(level, text),
            Kind::Paragraph => Block::paragraph(text),
            Kind::Note => Block::note(text),
        });
    }
    blocks
}
