//! Search in both languages at once, ignoring case and full-width/half-width differences.
//!
//! Text and query are folded the same way, character by character: NFKC (so `２－ｐｌｕｓ` is
//! `2-plus`), then lower case. Each folded character remembers the original character it came
//! from, so a match maps back to a byte range of the original text for highlighting.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;

use crate::article::{Article, Side};
use crate::layout::{Layout, unit_text};

/// One occurrence of the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    pub unit: usize,
    pub side: Side,
    /// Byte range in the unit's text on that side.
    pub range: Range<usize>,
}

/// Text folded for matching, with the original byte range of every folded byte's character.
struct Folded {
    text: String,
    origin: Vec<Range<usize>>,
}

fn fold(text: &str) -> Folded {
    let mut folded = Folded {
        text: String::with_capacity(text.len()),
        origin: Vec::with_capacity(text.len()),
    };
    for (at, c) in text.char_indices() {
        let original = at..at + c.len_utf8();
        for normalized in std::iter::once(c).nfkc() {
            for lower in normalized.to_lowercase() {
                folded.text.push(lower);
                folded
                    .origin
                    .extend(std::iter::repeat_n(original.clone(), lower.len_utf8()));
            }
        }
    }
    folded
}

/// The query as it is compared: folded like the text.
pub fn fold_query(query: &str) -> String {
    fold(query).text
}

/// Every match of `query` in the article, in document order, English before Japanese within a
/// unit. An empty (or all-space) query matches nothing.
pub fn find_all(article: &Article, layout: &Layout, query: &str) -> Vec<Match> {
    let needle = fold_query(query);
    if needle.trim().is_empty() {
        return Vec::new();
    }
    let mut matches = Vec::new();
    for unit in 0..layout.len() {
        for side in Side::BOTH {
            if let Some(text) = unit_text(article, layout.unit(unit), side) {
                find_in(text, &needle, |range| {
                    matches.push(Match { unit, side, range });
                });
            }
        }
    }
    matches
}

fn find_in(text: &str, needle: &str, mut found: impl FnMut(Range<usize>)) {
    // Most units cannot match: a cheap ASCII-insensitive pre-check avoids folding them.
    if text.is_ascii() && needle.is_ascii() {
        let haystack = text.to_ascii_lowercase();
        for (at, _) in haystack.match_indices(needle) {
            found(at..at + needle.len());
        }
        return;
    }
    let folded = fold(text);
    for (at, _) in folded.text.match_indices(needle) {
        let start = folded.origin[at].start;
        let end = folded.origin[at + needle.len() - 1].end;
        found(start..end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Bilingual, Block, Headings};
    use crate::layout::{Geometry, Mode};
    use crate::text::AmbiguousWidth;

    fn search(en: &str, ja: &str, query: &str) -> Vec<Match> {
        let article = Article::new(
            "t".into(),
            "plain",
            Headings::default(),
            vec![Block::paragraph(Bilingual::new(
                Some(en.into()),
                Some(ja.into()),
            ))],
        );
        let geometry = Geometry {
            width: 80,
            mode: Mode::Side,
            policy: AmbiguousWidth::Narrow,
        };
        find_all(&article, &Layout::new(&article, geometry), query)
    }

    #[test]
    fn width_and_case_insensitive_in_both_languages() {
        let found = search(
            "the 2-plus-2 talks",
            "「２－ｐｌｕｓ－２」会合",
            "２－ｐｌｕｓ",
        );
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].side, Side::En);
        assert_eq!(found[0].range, 4..10);
        assert_eq!(found[1].side, Side::Ja);
        let ja = "「２－ｐｌｕｓ－２」会合";
        assert_eq!(&ja[found[1].range.clone()], "２－ｐｌｕｓ");
        assert_eq!(search("The Talks", "", "talks").len(), 1);
        assert_eq!(search("x", "ｶﾀｶﾅ", "カタカナ").len(), 1);
    }

    #[test]
    fn blank_queries_match_nothing() {
        assert!(search("a b", "あ", "").is_empty());
        assert!(search("a b", "あ", "   ").is_empty());
    }

    #[test]
    fn ranges_are_char_boundaries() {
        for m in search("ǅemal Ǆ", "ﬁ ﬃ ﬁ", "fi") {
            let text = if m.side == Side::En {
                "ǅemal Ǆ"
            } else {
                "ﬁ ﬃ ﬁ"
            };
            assert!(text.is_char_boundary(m.range.start) && text.is_char_boundary(m.range.end));
        }
    }
}
