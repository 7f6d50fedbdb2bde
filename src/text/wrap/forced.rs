//! Where a segment wider than the pane is cut (a forced break): at the last place within the
//! pane of the best kind there is. Best is after a run of URL or number punctuation
//! (`www.` / `example.`, `1,000,` / `000,000,`), then any place kinsoku allows that keeps a
//! full-width run whole, then any place kinsoku allows; the pane's edge only when no place
//! does.

use super::chars::{is_fullwidth_alnum, is_mixed_alnum_run, is_no_end, is_no_start};

/// How good a place inside an unbreakable segment is to cut it, worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Cut {
    /// Between graphemes, nothing more.
    Edge,
    /// No line starts with closing punctuation, small kana or `ー`, nor ends with an opening
    /// bracket (or with one and the ideographic space after it).
    Kinsoku,
    /// Kinsoku, and a run of full-width letters or digits (`１２３４`, `Ｚ80`) stays whole.
    Whole,
    /// All that, right after a run of the punctuation of URLs, numbers and dates.
    Punctuation,
}

impl Cut {
    /// What a cut of `text` at `at`, a grapheme boundary after `line_start`, is worth, judged
    /// from the line's own text and what follows: a line is broken the same whatever came
    /// before it.
    pub fn at(text: &str, line_start: usize, at: usize) -> Self {
        // Spaces before the cut stay at the line's end: what the line ends with is before them.
        let mut back = text[line_start..at].trim_end_matches(' ').chars().rev();
        let (Some(before), Some(after)) = (back.next(), text[at..].chars().next()) else {
            return Self::Edge;
        };
        let held_open = before == '\u{3000}' && back.next().is_some_and(is_no_end);
        if is_no_start(after) || is_no_end(before) || held_open {
            Self::Edge
        } else if (is_fullwidth_alnum(before) && is_fullwidth_alnum(after))
            || is_mixed_alnum_run(before, after)
        {
            Self::Kinsoku
        } else if is_break_punctuation(before) && !is_break_punctuation(after) {
            Self::Punctuation
        } else {
            Self::Whole
        }
    }
}

/// The punctuation a URL, a number or a date is best broken after.
fn is_break_punctuation(c: char) -> bool {
    matches!(c, '/' | '.' | ',' | '-' | '_' | '?' | '&' | '=' | '#')
}

/// The last place of each kind seen on a line, with the line's width up to it.
#[derive(Debug, Default)]
pub(super) struct Cuts([Option<(usize, usize)>; 4]);

impl Cuts {
    pub fn note(&mut self, at: usize, width: usize, cut: Cut) {
        self.0[cut as usize] = Some((at, width));
    }

    /// The last place of the best kind seen, and the line's width up to it.
    pub fn best(&self) -> Option<(usize, usize)> {
        self.0.iter().rev().find_map(|&cut| cut)
    }

    pub fn clear(&mut self) {
        *self = Self::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(text: &str, at: usize) -> Cut {
        Cut::at(text, 0, at)
    }

    #[test]
    fn places_are_ranked_by_the_rules_they_keep() {
        assert_eq!(cut("54］", 2), Cut::Edge);
        assert_eq!(cut("［＃", 3), Cut::Edge);
        assert_eq!(cut("きゃ", 3), Cut::Edge);
        assert_eq!(cut("「　も", 6), Cut::Edge);
        assert_eq!(cut("「 も", 4), Cut::Edge);
        assert_eq!(cut("   も", 3), Cut::Edge);
        assert_eq!(cut("１２", 3), Cut::Kinsoku);
        assert_eq!(cut("Ｚ80", 3), Cut::Kinsoku);
        assert_eq!(cut("exam", 2), Cut::Whole);
        assert_eq!(cut("www.exam", 4), Cut::Punctuation);
        assert_eq!(cut("1,000", 2), Cut::Punctuation);
        // Inside a run of punctuation, only its end is preferred.
        assert_eq!(cut("a//b", 2), Cut::Whole);
        assert_eq!(cut("a//b", 3), Cut::Punctuation);
    }

    #[test]
    fn only_the_lines_own_text_is_looked_back_at() {
        // The ideographic space holds the bracket before it only on the same line.
        assert_eq!(Cut::at("「　も", 3, 6), Cut::Whole);
    }

    #[test]
    fn the_best_kind_wins_then_the_last_place() {
        let mut cuts = Cuts::default();
        assert_eq!(cuts.best(), None);
        cuts.note(1, 1, Cut::Edge);
        cuts.note(2, 2, Cut::Whole);
        cuts.note(3, 3, Cut::Kinsoku);
        cuts.note(4, 4, Cut::Whole);
        assert_eq!(cuts.best(), Some((4, 4)));
        cuts.note(5, 5, Cut::Edge);
        assert_eq!(cuts.best(), Some((4, 4)));
        cuts.clear();
        assert_eq!(cuts.best(), None);
    }
}
