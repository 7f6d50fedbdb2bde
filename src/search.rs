//! Search in both languages at once, ignoring case and full-width/half-width differences.
//!
//! Text and query are folded the same way, character by character: NFKD (so `２－ｐｌｕｓ` is
//! `2-plus`, and `ﾃﾞ` and `デ` are both `テ` + U+3099), then lower case. Each folded character
//! remembers the original character it came from, so a match maps back to a byte range of the
//! original text for highlighting. A match covers whole original characters and does not stop
//! before a combining mark: `テ` finds neither `デ` nor `ﾃﾞ`.
//!
//! The reader searches as the query is typed with a `Scan`: a few milliseconds of the document
//! at a time, from the view onwards, so that no key waits for a whole document to be searched.

use std::ops::Range;
use std::time::{Duration, Instant};

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

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
        for normalized in std::iter::once(c).nfkd() {
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

impl Folded {
    /// Whether a match may start at folded byte `at`: not inside one character's folding.
    fn may_start_at(&self, at: usize) -> bool {
        at == 0 || self.origin[at - 1] != self.origin[at]
    }

    /// Whether a match may end at folded byte `at`: not inside one character's folding, nor
    /// before a combining mark (which would leave `ﾃ` of `ﾃﾞ` matching `テ`).
    fn may_end_at(&self, at: usize) -> bool {
        if at == self.text.len() {
            return true;
        }
        let next = self.text[at..].chars().next();
        self.origin[at - 1] != self.origin[at] && !next.is_some_and(is_combining_mark)
    }

    /// The original byte range of the folded bytes `range`.
    fn original(&self, range: Range<usize>) -> Range<usize> {
        self.origin[range.start].start..self.origin[range.end - 1].end
    }
}

/// The query as it is compared: folded like the text.
pub fn fold_query(query: &str) -> String {
    fold(query).text
}

/// Every match of `query` in the languages the layout shows, in document order, English before
/// Japanese within a unit. An empty (or all-space) query matches nothing.
pub fn find_all(article: &Article, layout: &Layout, query: &str) -> Vec<Match> {
    let needle = fold_query(query);
    let mut matches = Vec::new();
    if needle.trim().is_empty() {
        return matches;
    }
    let sides = layout.geometry().mode.sides();
    for unit in 0..layout.len() {
        find_in_unit(article, layout, sides, unit, &needle, &mut matches);
    }
    matches
}

/// A search of some units, done a little at a time: the units to look at in order (from the
/// unit it started at to the end, then from the start), and what was found so far.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    query: String,
    /// The query folded (`fold_query`), once.
    needle: String,
    candidates: Vec<usize>,
    next: usize,
    /// Units looked at whose folded text holds the query, in scan order.
    hits: Vec<usize>,
    start: usize,
    /// Matches in units from `start` on, and before it, each in document order; once the scan
    /// is done, all of them are in `after`.
    after: Vec<Match>,
    before: Vec<Match>,
}

/// How many units a scan looks at between two looks at the clock.
const UNITS_PER_CLOCK: usize = 64;

impl Scan {
    /// A search for `query` in `candidates` (units in document order), started at unit
    /// `start`: those from it on are looked at first.
    pub fn new(query: &str, candidates: impl IntoIterator<Item = usize>, start: usize) -> Self {
        let all: Vec<usize> = candidates.into_iter().collect();
        let split = all.partition_point(|&unit| unit < start);
        let candidates = all[split..].iter().chain(&all[..split]).copied().collect();
        Self::in_order(query, candidates, start)
    }

    fn in_order(query: &str, candidates: Vec<usize>, start: usize) -> Self {
        Self {
            query: query.to_owned(),
            needle: fold_query(query),
            candidates,
            start,
            ..Self::default()
        }
    }

    /// The same search for a query that extends this one's (`longer` starts with it, folded):
    /// only the units where this one was found, and those it has not looked at yet.
    #[must_use]
    pub fn narrowed(&self, longer: &str) -> Self {
        let candidates = self
            .hits
            .iter()
            .chain(&self.candidates[self.next..])
            .copied()
            .collect();
        Self::in_order(longer, candidates, self.start)
    }

    /// This search from its beginning again, as it was asked.
    #[must_use]
    pub fn restarted(&self) -> Self {
        Self {
            query: self.query.clone(),
            needle: self.needle.clone(),
            candidates: self.candidates.clone(),
            start: self.start,
            ..Self::default()
        }
    }

    pub fn query(&self) -> &str {
        &self.query
    }

    /// The query folded as the text is.
    pub fn needle(&self) -> &str {
        &self.needle
    }

    pub fn is_done(&self) -> bool {
        self.next >= self.candidates.len()
    }

    /// How many of its units the scan has looked at, of how many.
    pub fn progress(&self) -> (usize, usize) {
        (self.next, self.candidates.len())
    }

    /// Looks at units until `budget` is spent or none are left. When the last is looked at, the
    /// matches before the start unit go before the others: how many went there is returned
    /// (by so much the index of a match found before has moved), else 0.
    pub fn run(&mut self, article: &Article, layout: &Layout, budget: Duration) -> usize {
        if self.is_done() {
            return 0;
        }
        let needle = &self.needle;
        if needle.trim().is_empty() {
            self.next = self.candidates.len();
            return 0;
        }
        let sides = layout.geometry().mode.sides();
        let began = Instant::now();
        while !self.is_done() {
            let end = (self.next + UNITS_PER_CLOCK).min(self.candidates.len());
            for k in self.next..end {
                let unit = self.candidates[k];
                let matches = if unit >= self.start {
                    &mut self.after
                } else {
                    &mut self.before
                };
                if find_in_unit(article, layout, sides, unit, needle, matches) {
                    self.hits.push(unit);
                }
            }
            self.next = end;
            if !self.is_done() && began.elapsed() >= budget {
                return 0;
            }
        }
        let shift = self.before.len();
        let mut all = std::mem::take(&mut self.before);
        all.append(&mut self.after);
        self.after = all;
        shift
    }

    /// The matches found, in document order: all of them once the scan is done, until then
    /// those from the start unit on.
    pub fn matches(&self) -> &[Match] {
        &self.after
    }
}

/// Finds `needle` (folded) in a unit's shown languages, pushing its matches; true if its folded
/// text holds the needle at all.
fn find_in_unit(
    article: &Article,
    layout: &Layout,
    sides: &[Side],
    unit: usize,
    needle: &str,
    matches: &mut Vec<Match>,
) -> bool {
    let mut hit = false;
    for &side in Side::BOTH.iter().filter(|s| sides.contains(s)) {
        if let Some(text) = unit_text(article, layout.unit(unit), side) {
            hit |= find_in(text, needle, |range| {
                matches.push(Match { unit, side, range });
            });
        }
    }
    hit
}

/// Reports each match of `needle` in `text`; true if the folded text holds it at all.
fn find_in(text: &str, needle: &str, mut found: impl FnMut(Range<usize>)) -> bool {
    // Most units cannot match: a cheap ASCII-insensitive pre-check avoids folding them.
    if text.is_ascii() && needle.is_ascii() {
        let haystack = text.to_ascii_lowercase();
        let mut hit = false;
        for (at, _) in haystack.match_indices(needle) {
            found(at..at + needle.len());
            hit = true;
        }
        return hit;
    }
    let folded = fold(text);
    let hit = folded.text.contains(needle);
    let mut from = 0;
    while let Some(offset) = folded.text[from..].find(needle) {
        let at = from + offset;
        let end = at + needle.len();
        if folded.may_start_at(at) && folded.may_end_at(end) {
            found(folded.original(at..end));
            from = end;
        } else {
            // A rejected match may overlap an accepted one: look again one character on.
            from = at + folded.text[at..].chars().next().map_or(1, char::len_utf8);
        }
    }
    hit
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Format;
    use crate::article::{Bilingual, Block, Headings};
    use crate::layout::{Geometry, Mode};
    use crate::text::AmbiguousWidth;

    fn search(en: &str, ja: &str, query: &str) -> Vec<Match> {
        let article = Article::new(
            "t".into(),
            Format::Plain,
            Headings::default(),
            vec![Block::paragraph(Bilingual::new(
                Some(en.into()),
                Some(ja.into()),
            ))],
        );
        let geometry = Geometry::new(80, Mode::Side, AmbiguousWidth::Narrow);
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

    /// The texts that `query` is found as in `text` (searched on the Japanese side).
    fn found_in(text: &str, query: &str) -> Vec<String> {
        search("", text, query)
            .into_iter()
            .map(|m| text[m.range].to_owned())
            .collect()
    }

    #[test]
    fn halfwidth_and_fullwidth_kana_find_each_other() {
        for (halfwidth, fullwidth) in [("ｶﾞｲﾄﾞ", "ガイド"), ("ﾊﾟﾝ", "パン"), ("ﾃﾞｰﾀ", "データ")]
        {
            assert_eq!(found_in(halfwidth, fullwidth), [halfwidth], "{fullwidth}");
            assert_eq!(found_in(fullwidth, halfwidth), [fullwidth], "{halfwidth}");
            let sentence = format!("この{halfwidth}と{fullwidth}。");
            assert_eq!(found_in(&sentence, fullwidth), [halfwidth, fullwidth]);
            assert_eq!(found_in(&sentence, halfwidth), [halfwidth, fullwidth]);
        }
    }

    #[test]
    fn fullwidth_latin_finds_ascii_and_back() {
        assert_eq!(
            found_in("ＴａｉＹａｋｕ reader", "taiyaku"),
            ["ＴａｉＹａｋｕ"]
        );
        assert_eq!(found_in("Taiyaku reader", "ＴＡＩＹＡＫＵ"), ["Taiyaku"]);
        assert_eq!(found_in("ver. ２．０", "2.0"), ["２．０"]);
    }

    #[test]
    fn a_kana_does_not_match_inside_its_voiced_form() {
        assert!(found_in("データ", "テ").is_empty());
        assert!(found_in("ﾃﾞｰﾀ", "テ").is_empty());
        assert!(found_in("ﾃﾞｰﾀ", "ﾃ").is_empty());
        assert!(found_in("パン", "ハ").is_empty());
        assert_eq!(found_in("デテ", "テ"), ["テ"]);
        assert_eq!(found_in("テスト", "テ"), ["テ"]);
        assert_eq!(found_in("ﾃｽﾄ", "テ"), ["ﾃ"]);
        assert!(found_in("café", "cafe").is_empty());
        assert_eq!(found_in("café", "café"), ["café"]);
    }

    #[test]
    fn a_rejected_match_does_not_hide_an_overlapping_one() {
        // ㌀ folds to アパート: its ト starts a match of トト that is not allowed.
        assert_eq!(found_in("㌀トト", "トト"), ["トト"]);
        assert_eq!(found_in("ﬀf", "ff"), ["ﬀ"]);
        assert_eq!(found_in("ﬀfi", "fi"), ["fi"]);
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
