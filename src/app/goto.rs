//! Going to a place in the article: its start and end, paragraph N (`5G`, `:5`), a share of
//! its text (`50%`, `:50%`), sentence N (`:s 45`).

use crate::app::{Reader, first_block_unit, is_block, last_top, sentence};
use crate::layout::Position;

/// The start of the article, its headings included, the cursor on the first paragraph.
pub(super) fn start(reader: &mut Reader) {
    reader.top = Position::default();
    reader.cursor = first_block_unit(&reader.layout).unwrap_or(0);
}

/// The end of the article, the cursor on the last paragraph.
pub(super) fn end(reader: &mut Reader, height: usize) {
    reader.top = last_top(reader, height);
    reader.cursor = (0..reader.layout.len())
        .rev()
        .find(|&u| is_block(&reader.layout, u))
        .unwrap_or(0);
}

/// Makes paragraph `n` (from 1, as the status bar counts) current and shows it; 0 is the
/// start of the article, and past the last paragraph is the last. Says so when `n` is past it.
pub(super) fn paragraph(reader: &mut Reader, n: usize, height: usize) -> Option<String> {
    let blocks = reader.article.blocks.len();
    if n == 0 {
        start(reader);
        return None;
    }
    let unit = reader.layout.unit_of_block(n.min(blocks).checked_sub(1)?)?;
    reader.cursor = unit;
    reader.reveal(Position::at_unit(unit), height);
    (n > blocks).then(|| format!("¶{n}: the article has {blocks}; this is the last"))
}

/// Puts the row `percent` into the article's text at the top of the view (as less does), the
/// cursor on the first paragraph from there; 100 and over is the end.
pub(super) fn percent(reader: &mut Reader, percent: usize, height: usize) {
    if percent >= 100 {
        end(reader, height);
        return;
    }
    let top = reader.layout.position_at_percent(&reader.article, percent);
    reader.top = top;
    let in_text = top.row < reader.layout.content_rows(&reader.article, top.unit);
    let first = if in_text { top.unit } else { top.unit + 1 };
    let layout = &reader.layout;
    let after = (first..layout.len()).find(|&u| is_block(layout, u));
    let before = (0..first).rev().find(|&u| is_block(layout, u));
    reader.cursor = after.or(before).unwrap_or(reader.cursor);
}

/// Puts the sentence cursor on sentence `n` of the article (from 1, in the order the sentence
/// motions go); past the last, on the last, and says so.
pub(super) fn sentence(reader: &mut Reader, n: usize, height: usize) -> Option<String> {
    match sentence::go_to_nth(reader, n.saturating_sub(1), height) {
        None => None,
        Some(0) => Some("no sentences in the languages shown".into()),
        Some(count) => Some(format!(
            "sentence {n}: the article has {count}; this is the last"
        )),
    }
}
