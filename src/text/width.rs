//! Cell widths of grapheme clusters: the one place where the engine measures text.

mod ambiguous;

use serde::{Deserialize, Serialize};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// How to measure East Asian Ambiguous characters (○ × ① ― “ ” … ※ –).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AmbiguousWidth {
    /// One cell, as most terminals draw them by default.
    #[default]
    Narrow,
    /// Two cells, as CJK terminals configured for "ambiguous = wide" draw them.
    Wide,
}

impl std::str::FromStr for AmbiguousWidth {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "narrow" => Ok(Self::Narrow),
            "wide" => Ok(Self::Wide),
            other => Err(format!("unknown ambiguous width '{other}' (narrow, wide)")),
        }
    }
}

/// The number of terminal cells a grapheme cluster takes.
///
/// Matches what ratatui draws: `unicode-width`'s width plus one cell for each half-width
/// (han)dakuten (U+FF9E, U+FF9F), which terminals draw as a cell of their own.
/// Control characters measure 0 (the sanitizer has replaced them before layout).
#[inline]
pub fn cell_width(grapheme: &str, policy: AmbiguousWidth) -> usize {
    let bytes = grapheme.as_bytes();
    if bytes.len() == 1 {
        return usize::from(!bytes[0].is_ascii_control());
    }
    let mut chars = grapheme.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && is_common_wide(c)
    {
        return 2;
    }
    measured_width(grapheme, policy)
}

#[inline(never)]
fn measured_width(grapheme: &str, policy: AmbiguousWidth) -> usize {
    let base = match policy {
        AmbiguousWidth::Narrow => grapheme.width(),
        AmbiguousWidth::Wide => grapheme.width_cjk(),
    };
    let width = base
        + grapheme
            .chars()
            .filter(|c| matches!(c, '\u{FF9E}' | '\u{FF9F}'))
            .count();
    let ambiguous_wide = policy == AmbiguousWidth::Wide
        && width == 1
        && grapheme.chars().next().is_some_and(ambiguous::is_ambiguous);
    if ambiguous_wide || drawn_wide(grapheme) {
        width.max(2)
    } else {
        width
    }
}

/// Graphemes terminals draw two cells wide where `unicode-width` counts one: a wide base with
/// the text-style selector VS15 (`⛄︎`, `⌚︎`: terminals measure the base, as wcwidth does), and
/// a regional indicator alone (half a flag).
fn drawn_wide(grapheme: &str) -> bool {
    let mut chars = grapheme.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let alone = chars.next().is_none();
    let wide_base = unicode_width::UnicodeWidthChar::width(first) == Some(2);
    (wide_base && grapheme.contains('\u{FE0E}'))
        || (alone && ('\u{1F1E6}'..='\u{1F1FF}').contains(&first))
}

/// Kana, kanji and full-width forms: wide under every policy (a fast path, same answer).
/// Tested against `unicode-width` below; the order puts the commonest first.
#[inline]
fn is_common_wide(c: char) -> bool {
    let cp = u32::from(c);
    if (0x4E00..=0x9FFF).contains(&cp) {
        return true;
    }
    if (0x3000..=0x30FF).contains(&cp) {
        return matches!(cp, 0x3000..=0x3029 | 0x3041..=0x3096 | 0x309B..=0x30FF);
    }
    matches!(cp, 0x3400..=0x4DBF | 0xF900..=0xFAFF | 0xFF01..=0xFF60)
}

/// The width of a whole string, grapheme by grapheme.
pub fn str_width(text: &str, policy: AmbiguousWidth) -> usize {
    if text.is_ascii() {
        return text.bytes().filter(|b| !b.is_ascii_control()).count();
    }
    text.graphemes(true).map(|g| cell_width(g, policy)).sum()
}

/// `text` cut to at most `width` cells, ending in `…` when cut. Our own labels only: article
/// text is wrapped, never truncated.
pub fn truncate_to(text: &str, width: usize, policy: AmbiguousWidth) -> String {
    if str_width(text, policy) <= width {
        return text.to_owned();
    }
    // `…` is East Asian Ambiguous: two cells where those are drawn wide.
    let ellipsis = cell_width(ELLIPSIS, policy);
    if width < ellipsis {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for grapheme in text.graphemes(true) {
        let w = cell_width(grapheme, policy);
        if used + w + ellipsis > width {
            break;
        }
        out.push_str(grapheme);
        used += w;
    }
    out.push_str(ELLIPSIS);
    out
}

const ELLIPSIS: &str = "…";

/// The byte offset in `text` of the grapheme drawn on cell `cell` (counted from 0), or of the
/// last grapheme if the text ends before it.
pub fn byte_at_cell(text: &str, cell: usize, policy: AmbiguousWidth) -> usize {
    let mut used = 0;
    let mut last = 0;
    for (at, grapheme) in text.grapheme_indices(true) {
        used += cell_width(grapheme, policy);
        last = at;
        if used > cell {
            break;
        }
    }
    last
}

/// The end of `text` that fits in `width` cells.
pub fn tail_within(text: &str, width: usize, policy: AmbiguousWidth) -> &str {
    let mut used = 0;
    let mut start = text.len();
    for (at, grapheme) in text.grapheme_indices(true).rev() {
        used += cell_width(grapheme, policy);
        if used > width {
            break;
        }
        start = at;
    }
    &text[start..]
}

#[cfg(test)]
mod tests {
    use super::*;
    use AmbiguousWidth::{Narrow, Wide};

    #[test]
    fn the_grapheme_under_a_cell() {
        assert_eq!(byte_at_cell("ab日本", 0, Narrow), 0);
        assert_eq!(byte_at_cell("ab日本", 2, Narrow), 2);
        assert_eq!(byte_at_cell("ab日本", 3, Narrow), 2, "the right half of 日");
        assert_eq!(byte_at_cell("ab日本", 4, Narrow), 5);
        assert_eq!(
            byte_at_cell("ab日本", 40, Narrow),
            5,
            "past the end: the last"
        );
        assert_eq!(byte_at_cell("", 3, Narrow), 0);
    }

    #[test]
    fn widths_of_scripts() {
        assert_eq!(cell_width("a", Narrow), 1);
        assert_eq!(cell_width("あ", Narrow), 2);
        assert_eq!(cell_width("漢", Narrow), 2);
        assert_eq!(cell_width("🌞", Narrow), 2);
        assert_eq!(cell_width("ｶ", Narrow), 1);
        assert_eq!(cell_width("\u{3000}", Narrow), 2);
    }

    #[test]
    fn halfwidth_voiced_kana_take_two_cells() {
        assert_eq!(str_width("ｶﾞｷﾞｸﾞ", Narrow), 6);
        assert_eq!(str_width("ﾊﾟ", Narrow), 2);
    }

    #[test]
    fn ambiguous_policy() {
        for ch in ["○", "×", "①", "―", "“", "”", "…", "※", "–"] {
            assert_eq!(cell_width(ch, Narrow), 1, "{ch}");
            assert_eq!(cell_width(ch, Wide), 2, "{ch}");
        }
    }

    #[test]
    fn emoji_sequences_are_one_wide_glyph() {
        assert_eq!(cell_width("👩\u{200D}👩\u{200D}👧", Narrow), 2);
        assert_eq!(cell_width("🇯🇵", Narrow), 2);
        assert_eq!(cell_width("❤\u{FE0F}", Narrow), 2);
    }

    #[test]
    fn fast_path_agrees_with_unicode_width() {
        for c in ('\u{3000}'..='\u{30FF}')
            .chain('\u{3400}'..='\u{9FFF}')
            .chain('\u{F900}'..='\u{FFEF}')
        {
            if is_common_wide(c) {
                let s = c.to_string();
                assert_eq!(s.width(), 2, "{c:?}");
                assert_eq!(s.width_cjk(), 2, "{c:?}");
            }
        }
    }

    #[test]
    fn controls_measure_nothing() {
        assert_eq!(cell_width("\u{1b}", Narrow), 0);
        assert_eq!(str_width("a\tb", Narrow), 2);
    }

    #[test]
    fn truncation_marks_the_cut() {
        assert_eq!(truncate_to("日本語の題名", 7, Narrow), "日本語…");
        assert_eq!(truncate_to("short", 7, Narrow), "short");
        assert_eq!(
            truncate_to("○○○○", 5, Wide),
            "○…",
            "… is two cells wide too"
        );
        assert_eq!(truncate_to("abc", 1, Wide), "", "no room even for …");
        for width in 0..8 {
            for policy in [Narrow, Wide] {
                let cut = truncate_to("日本語の○×題名", width, policy);
                assert!(str_width(&cut, policy) <= width, "{cut:?} at {width}");
            }
        }
    }
}
