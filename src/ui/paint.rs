//! Putting measured text into the buffer, grapheme by grapheme, with the ambiguous-width policy.

use ratatui::buffer::{Buffer, CellDiffOption, CellWidth};
use ratatui::layout::Rect;
use ratatui::style::Style;
use unicode_segmentation::UnicodeSegmentation;

use crate::text::{AmbiguousWidth, cell_width};

/// Draws styled pieces of text from the left of `area`'s first row, cut at its right edge:
/// a wide glyph that would cross the edge is not drawn, so nothing spills onto a border.
/// Returns the columns used.
pub fn paint(
    buffer: &mut Buffer,
    area: Rect,
    pieces: &[(&str, Style)],
    policy: AmbiguousWidth,
) -> u16 {
    let mut x = area.x;
    let right = area.right().min(buffer.area.right());
    if area.y >= buffer.area.bottom() {
        return 0;
    }
    for (text, style) in pieces {
        for grapheme in text.graphemes(true) {
            let width = u16::try_from(cell_width(grapheme, policy)).unwrap_or(u16::MAX);
            // Controls never reach the terminal, whatever slipped past the sanitizer.
            if width == 0 || grapheme.chars().any(char::is_control) {
                continue;
            }
            if x.saturating_add(width) > right {
                return x - area.x;
            }
            let cell = &mut buffer[(x, area.y)];
            cell.set_symbol(grapheme).set_style(*style);
            if grapheme.cell_width() != width {
                // Ambiguous-wide glyphs: tell the diff how wide the terminal draws them.
                cell.set_diff_option(CellDiffOption::ForcedWidth(
                    std::num::NonZeroU16::new(width).expect("width is not zero"),
                ));
            }
            for covered in x + 1..x + width {
                buffer[(covered, area.y)].reset();
                buffer[(covered, area.y)].set_style(*style);
            }
            x += width;
        }
    }
    x - area.x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_glyphs_never_cross_the_edge() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 10, 1));
        let used = paint(
            &mut buffer,
            Rect::new(0, 0, 5, 1),
            &[("日本語", Style::default())],
            AmbiguousWidth::Narrow,
        );
        assert_eq!(used, 4);
        assert_eq!(buffer[(4, 0)].symbol(), " ");
    }

    #[test]
    fn ambiguous_wide_takes_two_cells() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 10, 1));
        let used = paint(
            &mut buffer,
            Rect::new(0, 0, 10, 1),
            &[("○×", Style::default())],
            AmbiguousWidth::Wide,
        );
        assert_eq!(used, 4);
        assert_eq!(buffer[(2, 0)].symbol(), "×");
    }
}
