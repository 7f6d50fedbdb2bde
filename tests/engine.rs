//! The text engine's table of cases, one test each (kinsoku, cell widths, graphemes, English
//! breaks, escapes), and its invariants for any input.

use proptest::prelude::*;
use taiyaku::text::wrap::{
    Glue, is_no_end, is_no_start, tailored_breaks, wrap_glued, wrap_to_strings,
};
use taiyaku::text::{AmbiguousWidth, cell_width, sanitize, str_width, wrap};
use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};

const NARROW: AmbiguousWidth = AmbiguousWidth::Narrow;

fn lines(text: &str, width: usize) -> Vec<&str> {
    wrap_to_strings(text, width, NARROW)
}

#[test]
fn kinsoku_keeps_brackets_with_their_text() {
    assert_eq!(
        lines("「こんにちは」と言った。", 12),
        ["「こんにち", "は」と言っ", "た。"]
    );
    assert_eq!(
        lines("彼は（笑）と書いた", 6),
        ["彼は", "（笑）", "と書い", "た"]
    );
}

#[test]
fn no_line_starts_with_a_full_stop() {
    let out = lines("吾輩は猫である。名前はまだ無い。", 10);
    assert!(out.iter().all(|l| !l.starts_with('。')), "{out:?}");
    assert!(out.iter().all(|l| str_width(l, NARROW) <= 10));
    assert_eq!(out.concat(), "吾輩は猫である。名前はまだ無い。");
}

#[test]
fn small_kana_and_long_vowel_stay_attached() {
    let out = lines("きゃりーぱみゅぱみゅ", 4);
    for line in &out {
        assert!(!line.starts_with(['ゃ', 'ゅ', 'ー']), "{out:?}");
        assert!(str_width(line, NARROW) <= 4);
    }
    assert_eq!(out.concat(), "きゃりーぱみゅぱみゅ");
}

#[test]
fn fullwidth_digit_runs_are_not_split() {
    assert_eq!(lines("価格は１２３４円", 10), ["価格は", "１２３４円"]);
}

#[test]
fn a_fullwidth_letter_and_ascii_digits_stay_together() {
    // Issue 14, item 5: `Ｚ80` and `ＨＰ35` are names, not a word and a number.
    assert_eq!(lines("名機Ｚ80を使う", 7), ["名機", "Ｚ80を", "使う"]);
    assert_eq!(lines("電卓ＨＰ35の話", 8), ["電卓", "ＨＰ35の", "話"]);
    for name in ["Ｎ88", "80Ｘ"] {
        let breaks = tailored_breaks(name);
        assert_eq!(breaks, [(name.len(), true)], "{breaks:?}");
    }
    // A word of ASCII letters beside full-width digits breaks as before.
    assert_eq!(tailored_breaks("the１２３"), [(3, false), (12, true)]);
}

#[test]
fn mixed_scripts() {
    assert_eq!(lines("これはreaderです", 8), ["これは", "readerで", "す"]);
    assert_eq!(
        lines("私は ratatui が本当に便利だと思います", 24),
        ["私は ratatui が本当に便", "利だと思います"]
    );
}

#[test]
fn ideographic_space_indent_is_kept() {
    let out = lines("　吾輩は猫である。", 10);
    assert_eq!(out[0], "　吾輩は猫");
}

#[test]
fn narrow_panes_never_overflow() {
    for (text, width) in [
        ("a🌞b", 2),
        ("漢字漢字", 3),
        ("aあいうえお", 3),
        ("コーヒー", 2),
    ] {
        let out = lines(text, width);
        assert!(
            out.iter().all(|l| str_width(l, NARROW) <= width),
            "{text}: {out:?}"
        );
        assert_eq!(out.concat(), text);
    }
}

/// One grapheme wider than most panes: a run of Hangul leading jamo (40 cells).
fn jamo_run() -> String {
    "ᄀ".repeat(20)
}

/// One grapheme of 17 cells: a half-width kana with as many sound marks as `sanitize` keeps.
fn sound_mark_run() -> String {
    format!("ｶ{}", "ﾞ".repeat(16))
}

#[test]
fn test_graphemes_are_single_and_wide() {
    for (text, width) in [(jamo_run(), 40), (sound_mark_run(), 17)] {
        assert_eq!(text.graphemes(true).count(), 1, "{text}");
        assert_eq!(cell_width(&text, NARROW), width, "{text}");
        assert_eq!(sanitize(&text), text);
    }
}

#[test]
fn a_grapheme_wider_than_the_pane_is_cut_between_characters() {
    let jamo = jamo_run();
    assert_eq!(lines(&jamo, 30), ["ᄀ".repeat(15), "ᄀ".repeat(5)]);
    assert_eq!(lines(&jamo, 5), vec!["ᄀᄀ"; 10]);
    let kana = sound_mark_run();
    assert_eq!(
        lines(&kana, 10),
        [format!("ｶ{}", "ﾞ".repeat(9)), "ﾞ".repeat(7)]
    );
    for width in 2..=45 {
        for text in [&jamo, &kana, &format!("ab {jamo} cd {kana}。")] {
            let out = lines(text, width);
            assert_eq!(out.concat().replace(' ', ""), text.replace(' ', ""));
            for line in &out {
                assert!(str_width(line, NARROW) <= width, "{width}: {out:?}");
            }
        }
    }
}

#[test]
fn text_after_a_cut_grapheme_fills_its_last_line() {
    assert_eq!(lines("ᄀᄀᄀᄀᄀ ab", 7), ["ᄀᄀᄀ", "ᄀᄀ ab"]);
    assert_eq!(lines("xｶﾞﾞﾞﾞﾞy", 4), ["x", "ｶﾞﾞﾞ", "ﾞﾞy"]);
}

#[test]
fn rendered_articles_never_exceed_the_width() {
    use taiyaku::article::{Article, Bilingual, Block, Format, Headings};
    use taiyaku::layout::{Geometry, Mode, render_plain};
    let en = format!(
        "Wide {} graphemes and {} marks.",
        jamo_run(),
        sound_mark_run()
    );
    let ja = format!("{}と{}の段落。", sound_mark_run(), jamo_run());
    let blocks = vec![
        Block::paragraph(Bilingual::new(Some(en.clone()), Some(ja.clone()))),
        Block::paragraph(Bilingual::new(Some(ja), Some(en))),
    ];
    let article = Article::new("t".into(), Format::Plain, Headings::default(), blocks);
    for mode in Mode::ALL {
        // Side by side needs 3 cells of gutter and two panes of at least two cells.
        let narrowest = if mode.is_side_by_side() { 7 } else { 2 };
        for width in [narrowest, 9, 12, 17, 30, 41, 80] {
            let geometry = Geometry::new(width, mode, NARROW);
            let out = render_plain(&article, geometry);
            for line in out.lines() {
                assert!(
                    str_width(line, NARROW) <= width,
                    "{mode:?} at {width}: {line:?} is {} wide",
                    str_width(line, NARROW)
                );
            }
        }
    }
}

#[test]
fn english_breaks_at_spaces_and_hyphens() {
    assert_eq!(
        lines("the first 2-plus-2 talks", 12),
        ["the first 2-", "plus-2 talks"]
    );
    assert_eq!(
        lines("a verylongwordindeed b", 6),
        ["a", "verylo", "ngword", "indeed", "b"]
    );
}

#[test]
fn long_url_is_broken_inside_the_pane() {
    let url = "https://example.com/a/very/long/path/that/goes/on/and/on/index.html";
    for line in lines(url, 20) {
        assert!(str_width(line, NARROW) <= 20, "{line}");
    }
}

#[test]
fn hard_breaks_and_blank_lines() {
    assert_eq!(lines("one\ntwo\n\nthree", 20), ["one", "two", "", "three"]);
    assert_eq!(lines("", 20), [""]);
}

#[test]
fn leading_indent_is_kept() {
    assert_eq!(
        lines("    indented text here", 14),
        ["    indented", "text here"]
    );
}

#[test]
fn halfwidth_voiced_kana_measure_and_draw_six_cells() {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    assert_eq!(str_width("ｶﾞｷﾞｸﾞ", NARROW), 6);
    let mut buffer = Buffer::empty(Rect::new(0, 0, 20, 1));
    let (x, _) = buffer.set_stringn(0, 0, "ｶﾞｷﾞｸﾞ", 20, ratatui::style::Style::default());
    assert_eq!(
        x, 6,
        "ratatui drew the half-width voiced kana {x} cells wide"
    );
}

#[test]
fn escapes_never_reach_the_lines() {
    let safe = sanitize("x\u{1b}]52;c;SGVsbG8=\u{07}y");
    for line in lines(&safe, 10) {
        assert!(!line.contains(['\u{1b}', '\u{07}']));
    }
    assert_eq!(safe, "x␛y");
}

#[test]
fn ambiguous_wide_policy_narrows_lines() {
    let text = "○×○×○×○×";
    assert_eq!(wrap_to_strings(text, 8, AmbiguousWidth::Narrow).len(), 1);
    assert_eq!(wrap_to_strings(text, 8, AmbiguousWidth::Wide).len(), 2);
}

// ---- properties ----

const PIECES: &[&str] = &[
    "the",
    "reader",
    " ",
    " ",
    "  ",
    "2-plus-2",
    "-",
    "https://example.com/path",
    ".",
    ",",
    "あ",
    "き",
    "ゃ",
    "っ",
    "ー",
    "ン",
    "カ",
    "ｶﾞ",
    "ｶﾞﾞﾞﾞﾞﾞ",
    "ﾞﾞﾞ",
    "ᄀᄀᄀᄀᄀᄀ",
    "ᄀ",
    "漢",
    "字",
    "猫",
    "「",
    "」",
    "『",
    "』",
    "（",
    "）",
    "。",
    "、",
    "・",
    "！",
    "？",
    "〜",
    "１２３",
    "ＡＢ",
    "　",
    "\n",
    "😀",
    "👩\u{200D}👩\u{200D}👧",
    "🇯🇵",
    "❤\u{FE0F}",
    "e\u{301}",
    "a\u{300}\u{301}\u{302}",
    "○",
    "…",
    "※",
    "\t",
    "\r\n",
    "\u{1b}[31m",
    "\u{1b}]0;title\u{07}",
    "\u{1b}]52;c;SGVsbG8=\u{1b}\\",
    "\u{9b}2J",
    "\u{9d}8;;x\u{9c}",
    "\u{1b}",
    "\u{7f}",
    "\u{85}",
    "\u{202E}",
    "\u{E0041}",
    "\u{0}",
    "\u{200B}",
    "\u{FEFF}",
];

/// Pieces of text with East Asian Ambiguous letters among Japanese and ASCII.
const AMBIGUOUS_PIECES: &[&str] = &[
    "Αθήνα",
    "Москва",
    "café",
    "Straße",
    "ø",
    "æ",
    "ª",
    "º",
    "´",
    "ℓ",
    " ",
    "  ",
    "\n",
    "。",
    "「",
    "」",
    "ВОКС《ヴオクス》",
    "日本語",
    "the",
    "…",
    "○",
    "×",
    "—",
    "-",
    "·",
    "ü",
];

fn mixed_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..80).prop_map(|p| p.concat())
}

fn is_grapheme_boundary(text: &str, at: usize) -> bool {
    GraphemeCursor::new(at, text.len(), true)
        .is_boundary(text, 0)
        .unwrap_or(false)
}

fn only_break_space(s: &str) -> bool {
    s.chars().all(|c| matches!(c, ' ' | '\n' | '\r'))
}

/// The byte ranges of the graphemes of `text` wider than `width`: the only ones a line may cut.
fn graphemes_wider_than(
    text: &str,
    width: usize,
    policy: AmbiguousWidth,
) -> Vec<std::ops::Range<usize>> {
    text.grapheme_indices(true)
        .filter(|(_, g)| cell_width(g, policy) > width)
        .map(|(at, g)| at..at + g.len())
        .collect()
}

fn check_wrap_invariants(text: &str, width: usize) -> Result<(), TestCaseError> {
    check_wrap_invariants_under(text, width, NARROW)
}

fn check_wrap_invariants_under(
    text: &str,
    width: usize,
    policy: AmbiguousWidth,
) -> Result<(), TestCaseError> {
    let out = wrap(text, width, policy);
    prop_assert!(!out.is_empty());
    let too_wide = graphemes_wider_than(text, width, policy);
    let may_end_at = |at: usize| {
        is_grapheme_boundary(text, at) || too_wide.iter().any(|g| g.start < at && at < g.end)
    };
    let mut previous_end = 0;
    // UAX #14 may allow a break inside a grapheme (before the `ﾞ` of ` ﾞ`): no line ends there.
    let breaks: Vec<usize> = tailored_breaks(text)
        .into_iter()
        .map(|(at, _)| at)
        .filter(|&at| is_grapheme_boundary(text, at))
        .collect();
    for (i, line) in out.iter().enumerate() {
        let s = &text[line.range.clone()];
        prop_assert_eq!(line.width, str_width(s, policy), "width of {:?}", s);
        prop_assert!(
            line.width <= width,
            "line {:?} is {} wide, pane {}",
            s,
            line.width,
            width
        );
        prop_assert!(line.range.start >= previous_end, "lines out of order");
        prop_assert!(
            only_break_space(&text[previous_end..line.range.start]),
            "text lost between lines: {:?}",
            &text[previous_end..line.range.start]
        );
        prop_assert!(may_end_at(line.range.start), "grapheme split at {:?}", s);
        prop_assert!(may_end_at(line.range.end), "grapheme split at {:?}", s);
        let after_hard_break = text[previous_end..line.range.start].contains('\n');
        if i > 0
            && !after_hard_break
            && let Some(first) = s.chars().next()
            && is_no_start(first)
        {
            let prev = &out[i - 1].range;
            let forced = !breaks.iter().any(|&b| b > prev.start && b <= prev.end);
            prop_assert!(
                forced,
                "line {} starts with {:?} after a breakable line",
                i,
                first
            );
        }
        previous_end = line.range.end;
    }
    prop_assert!(only_break_space(&text[previous_end..]), "tail lost");
    Ok(())
}

#[test]
fn cases_the_properties_once_found_hold() {
    let cases = [
        // One grapheme of 7 cells in a pane of 2.
        ("ｶﾞﾞﾞﾞﾞﾞ", 2),
        // UAX #14 allows a break inside the grapheme ` ﾞﾞﾞ`, where no line can end.
        ("e\u{301}. ）・  ﾞﾞﾞゃ", 12),
    ];
    for (raw, width) in cases {
        check_wrap_invariants(&sanitize(raw), width).unwrap();
    }
}

/// UAX #14 over the whole text, with the same kinsoku tailoring: what the fast path must equal.
fn reference_breaks(text: &str) -> Vec<(usize, bool)> {
    use taiyaku::text::wrap::is_cjk;
    let leader = |c: char| matches!(c, '…' | '‥');
    // JLReq: a line may end before a run of leaders that follows a CJK character.
    let before_leaders = text.char_indices().filter_map(|(at, c)| {
        let b = text[..at].chars().next_back()?;
        (leader(c) && !leader(b) && is_cjk(b) && !is_no_end(b) && !is_no_start(c))
            .then_some((at, unicode_linebreak::BreakOpportunity::Allowed))
    });
    let mut all: Vec<_> = unicode_linebreak::linebreaks(text)
        .chain(before_leaders)
        .collect();
    all.sort_by_key(|&(at, _)| at);
    all.dedup_by_key(|&mut (at, _)| at);
    all.into_iter()
        .filter_map(|(at, kind)| {
            let mandatory = kind == unicode_linebreak::BreakOpportunity::Mandatory;
            let kinsoku = match (text[..at].chars().next_back(), text[at..].chars().next()) {
                (Some(b), Some(a)) => {
                    let fullwidth = |c: char| matches!(c, '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ');
                    // A full-width letter or digit and ASCII digits are one name (`Ｚ80`).
                    let mixed = (fullwidth(b) && a.is_ascii_digit())
                        || (b.is_ascii_digit() && fullwidth(a));
                    // An opening bracket holds the ideographic space after it (`「　も`).
                    let held =
                        b == '\u{3000}' && text[..at].chars().rev().nth(1).is_some_and(is_no_end);
                    !(is_no_start(a)
                        || is_no_end(b)
                        || (fullwidth(a) && fullwidth(b))
                        || mixed
                        || held)
                }
                _ => true,
            };
            (mandatory || kinsoku).then_some((at, mandatory))
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn fast_breaks_equal_uax14(raw in mixed_text()) {
        prop_assert_eq!(tailored_breaks(&raw), reference_breaks(&raw), "{:?}", raw);
    }

    #[test]
    fn fast_breaks_equal_uax14_on_any_cjk(raw in "[\\x{3000}-\\x{30FF}\\x{4E00}-\\x{4E10}\\x{FF00}-\\x{FFEF} a.\\n\\x{300}-\\x{302}]{0,60}") {
        prop_assert_eq!(tailored_breaks(&raw), reference_breaks(&raw), "{:?}", raw);
    }

    #[test]
    fn sanitized_mixed_text_wraps_within_the_pane(raw in mixed_text(), width in 2usize..=120) {
        let text = sanitize(&raw);
        let unsafe_char = |c: char| (c.is_control() && c != '\n') || ('\u{80}'..='\u{9F}').contains(&c);
        prop_assert!(!text.chars().any(unsafe_char), "control left in {:?}", text);
        check_wrap_invariants(&text, width)?;
    }

    #[test]
    fn ambiguous_letters_wrap_within_the_pane_under_the_wide_policy(
        raw in prop::collection::vec(prop::sample::select(AMBIGUOUS_PIECES), 0..60),
        width in 2usize..=80,
    ) {
        // Greek, Cyrillic and accented Latin are two cells each under `ambiguous = wide`.
        let text = sanitize(&raw.concat());
        check_wrap_invariants_under(&text, width, AmbiguousWidth::Wide)?;
    }

    #[test]
    fn raw_mixed_text_never_panics(raw in mixed_text(), width in 1usize..=120) {
        let out = wrap(&raw, width, NARROW);
        prop_assert!(!out.is_empty());
    }

    #[test]
    fn any_unicode_is_sanitized_and_wrapped(raw in "\\PC{0,200}|[\\x00-\\x{10FFFF}]{0,100}", width in 2usize..=80) {
        let text = sanitize(&raw);
        prop_assert!(!text.contains('\u{1b}'), "ESC left in {:?}", text);
        check_wrap_invariants(&text, width)?;
    }
}

// Ruby bases: glued stretches with their readings' cells counted.

fn glued(text: &str, width: usize, glue: &[Glue]) -> Vec<(String, usize)> {
    wrap_glued(text, width, NARROW, glue)
        .into_iter()
        .map(|line| (text[line.range].to_owned(), line.width))
        .collect()
}

fn glue_over(text: &str, base: &str, extra: usize) -> Glue {
    let start = text.find(base).expect("the base is in the text");
    Glue {
        base: start..start + base.len(),
        extra,
    }
}

#[test]
fn a_ruby_base_is_never_broken_inside() {
    let text = "おれは親譲りの無鉄砲で小供の時から損ばかりしている。";
    let plain = lines(text, 8);
    assert!(plain.iter().any(|l| l.ends_with("無")), "{plain:?}");
    let out = glued(text, 8, &[glue_over(text, "無鉄砲", 0)]);
    assert!(
        out.iter().any(|(l, _)| l.starts_with("無鉄砲")),
        "the base moves to the next line whole: {out:?}"
    );
}

#[test]
fn a_reading_counts_its_cells_on_its_bases_line() {
    let text = "親譲りの無鉄砲";
    // 親譲 (4 cells) and its reading (おやゆず) in parentheses: 4 + 10 cells.
    let out = glued(text, 30, &[glue_over(text, "親譲", 10)]);
    assert_eq!(out, [(text.to_owned(), 14 + 10)]);
    let out = glued(text, 16, &[glue_over(text, "親譲", 10)]);
    assert_eq!(out[0], ("親譲り".to_owned(), 16));
    // The same text without the reading fits on one line.
    assert_eq!(lines(text, 16), [text]);
}

#[test]
fn a_base_wider_than_the_pane_with_its_reading_is_broken_like_text() {
    let text = "長い漢字列";
    let out = glued(text, 6, &[glue_over(text, text, 8)]);
    let joined: String = out.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(joined, text, "no text lost");
    assert!(out.len() > 1, "{out:?}");
}

#[test]
fn bases_side_by_side_are_each_kept_whole() {
    let text = "一二三四五六七八";
    let glue = [glue_over(text, "一二三", 0), glue_over(text, "四五六", 0)];
    let out = glued(text, 10, &glue);
    assert_eq!(out[0].0, "一二三");
    assert_eq!(out[1].0, "四五六七八");
}

/// Text and glue over it: non-overlapping stretches on character boundaries, each with 0–6
/// extra cells.
fn text_with_glue() -> impl Strategy<Value = (String, Vec<Glue>)> {
    let pieces =
        prop::sample::select(&["漢", "字", "か", "な", "。", "」", "「", "a", " ", "ー"][..]);
    (
        prop::collection::vec(pieces, 1..60),
        prop::collection::vec((0usize..8, 1usize..4, 0usize..7), 0..8),
    )
        .prop_map(|(pieces, spans)| {
            let text: String = pieces.concat();
            let ends: Vec<usize> = text.char_indices().map(|(i, c)| i + c.len_utf8()).collect();
            let mut glue: Vec<Glue> = Vec::new();
            let mut from = 0;
            for (skip, length, extra) in spans {
                let first = from + skip;
                let last = first + length;
                if last > ends.len() {
                    break;
                }
                let start = if first == 0 { 0 } else { ends[first - 1] };
                glue.push(Glue {
                    base: start..ends[last - 1],
                    extra,
                });
                from = last;
            }
            (text, glue)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn glued_lines_keep_bases_whole_and_fit((text, glue) in text_with_glue(), width in 2usize..24) {
        let out = wrap_glued(&text, width, NARROW, &glue);
        let mut previous_end = 0;
        for line in &out {
            let extras: usize = glue
                .iter()
                .filter(|g| line.range.start < g.base.end && g.base.end <= line.range.end)
                .map(|g| g.extra)
                .sum();
            prop_assert_eq!(line.width, str_width(&text[line.range.clone()], NARROW) + extras);
            let fits = |g: &Glue| str_width(&text[g.base.clone()], NARROW) + g.extra <= width;
            if glue.iter().all(fits) {
                prop_assert!(line.width <= width, "{:?} is {} wide", &text[line.range.clone()], line.width);
            }
            for g in glue.iter().filter(|g| fits(g)) {
                // A space at a base's edge is no part of it a line could split.
                let base = &text[g.base.clone()];
                let start = g.base.start + (base.len() - base.trim_start().len());
                let end = g.base.start + base.trim_end().len();
                prop_assert!(
                    !(start < line.range.start && line.range.start < end),
                    "a line starts inside the base {:?}", base
                );
            }
            prop_assert!(only_break_space(&text[previous_end..line.range.start]), "text lost");
            previous_end = line.range.end;
        }
        prop_assert!(only_break_space(&text[previous_end..]), "tail lost");
    }
}

// A paragraph wrapped a few lines at a time, from slices of it, is wrapped as a whole is.

fn wrapped_in_steps(
    text: &str,
    width: usize,
    glue: &[Glue],
    count: usize,
) -> Vec<taiyaku::text::Line> {
    let mut lines = Vec::new();
    let mut start = Some(0);
    while let Some(from) = start {
        let (some, next) = taiyaku::text::wrap::wrap_from(text, from, count, width, NARROW, glue);
        assert!(
            some.len() >= count || next.is_none(),
            "at least {count} lines, or the end"
        );
        lines.extend(some);
        start = next;
    }
    lines
}

#[test]
fn a_paragraph_wrapped_in_steps_is_wrapped_as_a_whole() {
    let english =
        "The quick brown fox jumps over the lazy dog; (quoted) \"words\" and 1,000,000 numbers. "
            .repeat(40);
    let japanese =
        "吾輩は猫である。名前はまだ無い。「どこで生れたか」とんと見当がつかぬ。ｶﾞｲﾄﾞ……――".repeat(40);
    let mixed = format!("{english}\n{japanese}\nline\n\n  indented {english}");
    for text in [english.as_str(), japanese.as_str(), mixed.as_str()] {
        for width in [3, 8, 17, 40, 79] {
            for count in [1, 2, 5] {
                assert_eq!(
                    wrapped_in_steps(text, width, &[], count),
                    wrap(text, width, NARROW),
                    "width {width}, {count} at a time"
                );
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn wrapping_in_steps_equals_wrapping_whole(raw in mixed_text(), width in 2usize..30, count in 1usize..4) {
        let text = sanitize(&raw);
        prop_assert_eq!(wrapped_in_steps(&text, width, &[], count), wrap(&text, width, NARROW));
    }

    #[test]
    fn glued_wrapping_in_steps_equals_wrapping_whole((text, glue) in text_with_glue(), width in 2usize..24, count in 1usize..4) {
        prop_assert_eq!(
            wrapped_in_steps(&text, width, &glue, count),
            wrap_glued(&text, width, NARROW, &glue)
        );
    }
}

#[test]
fn a_line_of_one_space_after_an_opening_bracket_survives_steps() {
    let text = "漢漢漢漢漢漢漢漢a漢漢漢a漢漢漢漢漢漢漢漢漢漢漢a漢漢「 漢漢";
    let whole: Vec<&str> = wrap(text, 2, NARROW)
        .into_iter()
        .map(|l| &text[l.range])
        .collect();
    let steps: Vec<&str> = wrapped_in_steps(text, 2, &[], 2)
        .into_iter()
        .map(|l| &text[l.range])
        .collect();
    assert_eq!(steps, whole);
}

#[test]
fn a_line_may_end_before_a_run_of_leaders_but_not_inside_it() {
    // Issue 14, item 4: UAX #14 keeps `…` to what comes before it; JLReq lets the run start a
    // line, and never splits it.
    assert_eq!(
        tailored_breaks("遺言書……唐時代"),
        [
            (3, false),
            (6, false),
            (9, false),
            (15, false),
            (18, false),
            (21, false),
            (24, true)
        ]
    );
    assert_eq!(lines("あいうえおか…………。", 12), ["あいうえおか", "…………。"]);
    // After Latin text UAX #14 stands: `and so on…` keeps its ellipsis.
    assert_eq!(tailored_breaks("so on…"), [(3, false), (8, true)]);
}

#[test]
fn graphemes_are_measured_as_terminals_draw_them() {
    // Issue 14, item 2: a wide base with VS15 stays wide; half a flag takes two cells.
    for g in [
        "⛄\u{FE0E}",
        "⌚\u{FE0E}",
        "\u{1F1EF}",
        "\u{1F1EF}\u{1F1F5}",
        "⛄",
    ] {
        for policy in [NARROW, AmbiguousWidth::Wide] {
            assert_eq!(cell_width(g, policy), 2, "{g:?}");
        }
    }
    assert_eq!(cell_width("A\u{FE0E}", NARROW), 1);
    // A soft hyphen is nothing, measured and drawn: `render` leaves it out.
    assert_eq!(cell_width("\u{AD}", NARROW), 0);
    let out = rendered(taiyaku::article::Bilingual::en("hyphen\u{AD}ation"), 40);
    assert!(
        out.contains("hyphenation") && !out.contains('\u{AD}'),
        "{out:?}"
    );
}

/// `render` of one paragraph, `width` cells wide, in its one language's layout.
fn rendered(text: taiyaku::article::Bilingual, width: usize) -> String {
    use taiyaku::layout::Mode;
    let mode = if text.en.is_some() {
        Mode::En
    } else {
        Mode::Ja
    };
    let block = taiyaku::article::Block::paragraph(text);
    let article = taiyaku::article::Article::new(
        "one".into(),
        taiyaku::article::Format::Plain,
        taiyaku::article::Headings::default(),
        vec![block],
    );
    let geometry = taiyaku::layout::Geometry::new(width, mode, NARROW);
    taiyaku::layout::render_plain(&article, geometry)
}

#[test]
fn rows_of_ideographic_spaces_are_kept_in_render() {
    // Issue 14, item 6: an indent or padding row of U+3000 is text, not a blank line (which
    // would read as a paragraph break).
    let out = rendered(
        taiyaku::article::Bilingual::ja("　　　　　　　　　　終わり"),
        8,
    );
    let rows: Vec<&str> = out.lines().take(4).collect();
    assert_eq!(rows, ["　　　　", "　　　　", "　　終わ", "り"], "{out:?}");
}

#[test]
fn an_opening_bracket_and_the_space_after_it_start_a_line_together() {
    // Issue 14, item 6: `「　も` may not end a line after the space (trimmed, the line would
    // end with `「`).
    assert_eq!(tailored_breaks("「　も"), [("「　も".len(), true)]);
    assert_eq!(
        lines("あいう「　もし」と", 10),
        ["あいう", "「　もし」", "と"]
    );
    assert!(
        lines("あいう「　もし」と", 10)
            .iter()
            .all(|l| !l.trim_end().ends_with('「'))
    );
}

#[test]
fn ambiguous_letters_are_wide_under_the_wide_policy() {
    // Issue 14, item 1: accented Latin, Greek and Cyrillic are East Asian Ambiguous.
    let wide = AmbiguousWidth::Wide;
    for g in [
        "é", "ß", "ü", "æ", "ø", "Ω", "α", "Я", "ж", "ª", "º", "´", "ˇ", "ℓ", "Æ", "○",
    ] {
        assert_eq!(cell_width(g, wide), 2, "{g}");
        assert_eq!(cell_width(g, NARROW), 1, "{g}");
    }
    // Not ambiguous: plain Latin, and a combining mark (no cell of its own).
    for (g, cells) in [("e", 1), ("z", 1), ("e\u{301}", 1), ("ŝ", 1)] {
        assert_eq!(cell_width(g, wide), cells, "{g}");
    }
    let text = "ВОКС《ヴオクス》へ行かなけりゃならない用";
    for line in wrap_to_strings(text, 40, wide) {
        assert!(str_width(line, wide) <= 40, "{line}");
    }
    assert_eq!(str_width("ВОКС", wide), 8);
}

// Forced breaks (issue 14, item 3): a segment wider than the pane is cut at the best place.

#[test]
fn a_forced_break_in_a_url_or_number_follows_its_punctuation() {
    assert_eq!(lines("www.example.com/", 8), ["www.", "example.", "com/"]);
    assert_eq!(lines("1,000,000,000", 8), ["1,000,", "000,000"]);
    assert_eq!(lines("1,000,000,000,000", 8), ["1,000,", "000,000,", "000"]);
    assert_eq!(lines("2024-01-15T10:00", 8), ["2024-01-", "15T10:00"]);
    assert_eq!(
        lines("詳しくはwww.aozora.gr.jp/を見よ", 8),
        ["詳しくは", "www.", "aozora.", "gr.jp/を", "見よ"]
    );
    // A run of punctuation is broken after its end, not inside it.
    assert_eq!(lines("a//bcdefgh", 4), ["a//", "bcde", "fgh"]);
}

#[test]
fn a_forced_break_keeps_kinsoku_where_a_place_allows_it() {
    // Once `1-89-54］` / `」と「天`: now no line starts with `」`.
    assert_eq!(
        lines("第3水準1-89-54］」と「天", 8),
        ["第3水準", "1-89-", "54］」と", "「天"]
    );
    // Once `ABCDEFG` / `」と`.
    assert_eq!(lines("ABCDEFG」と", 8), ["ABCDEF", "G」と"]);
    // A quotation mark holds the bracket after it: once `abc"［` / `def］"`.
    assert_eq!(lines("abc\"［def］\"", 6), ["abc\"", "［de", "f］\""]);
    // A full-width letter stays with its digits where another place keeps kinsoku too.
    assert_eq!(lines("123456Ｘ」", 8), ["12345", "6Ｘ」"]);
}

#[test]
fn a_forced_break_falls_back_to_the_pane_edge() {
    // No place keeps kinsoku: every one starts a line with `」`, or ends one with `「`.
    assert_eq!(lines("」」」」」", 8), ["」」」」", "」"]);
    assert_eq!(lines("「「［efgh", 6), ["「「［", "efgh"]);
    // No punctuation and no kinsoku: the edge, as before.
    assert_eq!(lines("abcdefghij", 4), ["abcd", "efgh", "ij"]);
}

/// Pieces of long unbreakable stretches: URLs, numbers and dates, brackets held by what is next
/// to them, closing marks, full-width runs and a name in two widths.
const FORCED_PIECES: &[&str] = &[
    "www.",
    "example",
    ".com/",
    "?a=1&b=2#x",
    "_",
    "1,000",
    ",000",
    "-89",
    "2024-01-15",
    "abcdefgh",
    "x",
    "」",
    "「",
    "）",
    "（",
    "］",
    "［",
    "。",
    "、",
    "ー",
    "ゃ",
    "漢",
    "字",
    "\"",
    "“",
    "”",
    "１２",
    "Ｚ",
    "80",
    "　",
    " ",
    "…",
    "‥",
    "¥",
    "%",
];

/// Whether a cut of `text` at `at` (a line from `start` ending there, the next starting there)
/// keeps kinsoku: the line does not end with an opening bracket (nor with one and an ideographic
/// space), and the next does not start with a character that may not start a line. A line of
/// only spaces keeps nothing.
fn cut_keeps_kinsoku(text: &str, start: usize, at: usize) -> bool {
    let mut back = text[start..at].trim_end_matches(' ').chars().rev();
    let ends_open = match back.next() {
        None => return false,
        Some('\u{3000}') => back.next().is_some_and(is_no_end),
        Some(c) => is_no_end(c),
    };
    !ends_open && !text[at..].chars().next().is_some_and(is_no_start)
}

/// DESIGN: "even a forced break of an over-long segment picks a position that keeps kinsoku
/// where one exists". For each line ended inside a segment (not at a break opportunity): if any
/// place from the line's start to the segment's end fits the pane and keeps kinsoku, the cut
/// chosen does.
fn check_forced_breaks(text: &str, width: usize) -> Result<(), TestCaseError> {
    check_forced_cuts(text, width, &wrap(text, width, NARROW))
}

/// `check_forced_breaks` of the lines `out`.
fn check_forced_cuts(
    text: &str,
    width: usize,
    out: &[taiyaku::text::Line],
) -> Result<(), TestCaseError> {
    let breaks: Vec<usize> = tailored_breaks(text)
        .into_iter()
        .map(|(at, _)| at)
        .collect();
    let boundaries: Vec<usize> = text
        .grapheme_indices(true)
        .map(|(at, _)| at)
        .filter(|&at| at > 0)
        .collect();
    for pair in out.windows(2) {
        let (start, cut) = (pair[0].range.start, pair[1].range.start);
        let forced = !breaks.contains(&cut) && !text[pair[0].range.end..cut].contains('\n');
        if !forced || !boundaries.contains(&cut) || !boundaries.contains(&start) && start > 0 {
            continue;
        }
        let segment_end = breaks
            .iter()
            .copied()
            .find(|&b| b > cut)
            .unwrap_or(text.len());
        let possible = boundaries
            .iter()
            .copied()
            .filter(|&p| start < p && p < segment_end)
            .take_while(|&p| str_width(&text[start..p], NARROW) <= width)
            .find(|&p| cut_keeps_kinsoku(text, start, p));
        if let Some(possible) = possible {
            prop_assert!(
                cut_keeps_kinsoku(text, start, cut),
                "cut {:?} / {:?} breaks kinsoku where {:?} / {:?} would not",
                &text[start..cut],
                &text[cut..pair[1].range.end],
                &text[start..possible],
                &text[possible..segment_end]
            );
        }
    }
    Ok(())
}

#[test]
fn the_forced_break_property_sees_a_bad_cut() {
    // The cut at the pane's edge, as the wrapper made it before: `ABCDEFG` / `」`.
    let text = "ABCDEFG」";
    let line = |range: std::ops::Range<usize>| taiyaku::text::Line {
        width: str_width(&text[range.clone()], NARROW),
        range,
    };
    assert!(check_forced_cuts(text, 8, &[line(0..7), line(7..10)]).is_err());
    assert!(check_forced_cuts(text, 8, &[line(0..6), line(6..10)]).is_ok());
    check_forced_breaks(text, 8).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn a_forced_break_keeps_kinsoku_where_it_can(
        raw in prop::collection::vec(prop::sample::select(FORCED_PIECES), 0..40),
        width in 2usize..=16,
    ) {
        let text = sanitize(&raw.concat());
        check_forced_breaks(&text, width)?;
        check_wrap_invariants(&text, width)?;
    }

    #[test]
    fn a_forced_break_keeps_kinsoku_in_any_mixed_text(raw in mixed_text(), width in 2usize..=24) {
        check_forced_breaks(&sanitize(&raw), width)?;
    }
}

#[test]
fn a_base_on_an_overlong_line_is_measured_as_drawn() {
    // A lone regional indicator is drawn two cells wide, though unicode-width counts it one
    // inside a longer string: the base must be measured grapheme by grapheme.
    let text = "\u{1F1EF}abcdefghijklmnop";
    let glue = [glue_over(text, "\u{1F1EF}a", 1)];
    for (line, width) in glued(text, 4, &glue) {
        assert!(width <= 4, "{line:?} takes {width} cells");
    }
    assert_eq!(glued(text, 4, &glue)[0], ("\u{1F1EF}a".to_owned(), 3 + 1));
}

#[test]
fn raw_text_breaks_after_every_kind_of_line_break() {
    // Layout is given sanitized text, with `\n` alone; `wrap` on raw text must still give
    // lines in order, each a range of the text (a form feed once sent the next line to the
    // end of the text, and the one after back before it).
    for separator in [
        "\u{c}", "\u{b}", "\u{85}", "\u{2028}", "\u{2029}", "\r\n", "\r",
    ] {
        let text = format!("吾輩は猫{separator}である。名前はまだ無い。");
        let lines = wrap(&text, 10, NARROW);
        let mut at = 0;
        for line in &lines {
            assert!(line.range.start >= at, "{separator:?}: {lines:?}");
            assert!(
                text.get(line.range.clone()).is_some(),
                "{separator:?}: {lines:?}"
            );
            at = line.range.end;
        }
        assert!(
            text[lines[1].range.clone()].starts_with("である"),
            "{separator:?}: {lines:?}"
        );
    }
}
