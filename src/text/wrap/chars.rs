//! What wrapping needs to know about each character, worked out once per character.
//!
//! The answers come from the classification functions of this module (grapheme fast path,
//! UAX #14 class, kinsoku sets) and from `cell_width`, packed into a `CharInfo`. `Classifier`
//! keeps them in tables for the blocks that English and Japanese text are mostly made of, each
//! block's built from the functions when a character of it is first met (so that starting costs
//! only the blocks a screen uses), and the functions stay the one source of truth (tests check
//! every code point).

use std::str::CharIndices;
use std::sync::{LazyLock, OnceLock};

use crate::text::width::{AmbiguousWidth, cell_width};

/// The answers about one character, packed in a few bits (see `CharInfo::of`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) struct CharInfo(u16);

impl CharInfo {
    /// Bits 0–1: the width, or `UNKNOWN_WIDTH`.
    const WIDTH: u16 = 0b11;
    const UNKNOWN_WIDTH: u16 = 0b11;
    /// Has a `CjkClass`, which allows a break after it, or before it.
    const CJK: u16 = 1 << 2;
    const CJK_BREAK_AFTER: u16 = 1 << 3;
    const CJK_BREAK_BEFORE: u16 = 1 << 4;
    const SIMPLE: u16 = 1 << 5;
    const NEVER_EXTENDS: u16 = 1 << 6;
    const NO_START: u16 = 1 << 7;
    const NO_END: u16 = 1 << 8;
    const FULLWIDTH_ALNUM: u16 = 1 << 9;
    const IDEOGRAPHIC_SPACE: u16 = 1 << 10;
    /// Not a `CharInfo` but a table's mark for characters it leaves to `CharInfo::unmeasured`.
    const UNCLASSIFIED: Self = Self(u16::MAX);

    /// The answers for `c`, from the classification functions.
    fn of(c: char) -> Self {
        let width = policy_free_width(c).unwrap_or(Self::UNKNOWN_WIDTH);
        Self(Self::unmeasured(c).0 & !Self::WIDTH | width)
    }

    /// The answers for `c` but its width, which is left to `cell_width`.
    fn unmeasured(c: char) -> Self {
        let class = cjk_class(c);
        let break_after = class.is_some_and(CjkClass::allows_break_after);
        let break_before = class.is_some_and(CjkClass::allows_break_before);
        let flags = [
            (Self::CJK, class.is_some()),
            (Self::CJK_BREAK_AFTER, break_after),
            (Self::CJK_BREAK_BEFORE, break_before),
            (Self::SIMPLE, is_simple(c)),
            (Self::NEVER_EXTENDS, c.is_ascii() || is_simple(c)),
            (Self::NO_START, is_no_start(c)),
            (Self::NO_END, is_no_end(c)),
            (Self::FULLWIDTH_ALNUM, is_fullwidth_alnum(c)),
            (Self::IDEOGRAPHIC_SPACE, c == '\u{3000}'),
        ];
        let set_flags = flags.into_iter().filter(|&(_, set)| set);
        Self(set_flags.fold(Self::UNKNOWN_WIDTH, |bits, (flag, _)| bits | flag))
    }

    /// Cells taken by the character as a grapheme of its own, when every policy agrees.
    #[inline]
    pub fn width(self) -> Option<usize> {
        let width = self.0 & Self::WIDTH;
        (width != Self::UNKNOWN_WIDTH).then_some(usize::from(width))
    }

    /// Whether it has a `CjkClass`: a CJK character whose breaks depend only on its neighbours.
    #[inline]
    pub fn is_cjk(self) -> bool {
        self.has(Self::CJK)
    }

    /// Neither joins the grapheme after it nor extends the one before it (`is_simple`).
    #[inline]
    pub fn is_simple(self) -> bool {
        self.has(Self::SIMPLE)
    }

    /// Never extends the grapheme of a simple character before it: ASCII or simple.
    #[inline]
    pub fn never_extends(self) -> bool {
        self.has(Self::NEVER_EXTENDS)
    }

    #[inline]
    fn has(self, flag: u16) -> bool {
        self.0 & flag != 0
    }
}

/// Whether a grapheme boundary surely lies between two neighbouring characters: the fast path
/// of grapheme segmentation (ASCII, kana, kanji, Latin, full-width forms), before UAX #29.
#[inline]
pub(super) fn surely_apart(first: CharInfo, second: CharInfo) -> bool {
    first.is_simple() && second.never_extends()
}

/// Whether a line may end between two CJK characters (`is_cjk`): UAX #14 decides by their
/// classes alone, then kinsoku.
#[inline]
pub(super) fn cjk_pair_allows_break(before: CharInfo, after: CharInfo) -> bool {
    let uax14 = before.has(CharInfo::CJK_BREAK_AFTER) && after.has(CharInfo::CJK_BREAK_BEFORE);
    uax14 && kinsoku_allows(before, after)
}

/// Whether a line may not end after `before` because it is an ideographic space held by what
/// comes before it (`previous`): an opening bracket and the space after it (`「　も`) start a
/// line together, or the line would end with the bracket once the space is trimmed.
#[inline]
pub(super) fn space_held_open(previous: CharInfo, before: CharInfo) -> bool {
    before.has(CharInfo::IDEOGRAPHIC_SPACE) && previous.has(CharInfo::NO_END)
}

/// Whether kinsoku allows a line to end between `before` and `after`.
#[inline]
pub(super) fn kinsoku_allows(before: CharInfo, after: CharInfo) -> bool {
    let alnum_run = before.has(CharInfo::FULLWIDTH_ALNUM) && after.has(CharInfo::FULLWIDTH_ALNUM);
    !(after.has(CharInfo::NO_START) || before.has(CharInfo::NO_END) || alnum_run)
}

impl std::fmt::Debug for CharInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CharInfo")
            .field("width", &self.width())
            .field("cjk", &self.is_cjk())
            .field("cjk_break_after", &self.has(Self::CJK_BREAK_AFTER))
            .field("cjk_break_before", &self.has(Self::CJK_BREAK_BEFORE))
            .field("simple", &self.is_simple())
            .field("never_extends", &self.never_extends())
            .field("no_start", &self.has(Self::NO_START))
            .field("no_end", &self.has(Self::NO_END))
            .field("fullwidth_alnum", &self.has(Self::FULLWIDTH_ALNUM))
            .finish()
    }
}

/// The `cell_width` of `c` alone if it is the same under every policy (and fits `CharInfo`).
fn policy_free_width(c: char) -> Option<u16> {
    let mut buffer = [0; 4];
    let grapheme = c.encode_utf8(&mut buffer);
    let narrow = cell_width(grapheme, AmbiguousWidth::Narrow);
    if narrow != cell_width(grapheme, AmbiguousWidth::Wide) {
        return None;
    }
    u16::try_from(narrow)
        .ok()
        .filter(|&width| width < CharInfo::UNKNOWN_WIDTH)
}

/// Answers `CharInfo` questions: from tables for the blocks of 256 code points that English
/// and Japanese text are mostly made of, from the functions (without the width) elsewhere.
pub(super) struct Classifier {
    /// For each block of the BMP, whether it is tabled, and its row once built.
    tabled: [bool; 0x100],
    rows: [OnceLock<Box<[CharInfo; 0x100]>>; 0x100],
    /// The answers for every ideograph of `IDEOGRAPH_BLOCKS`, which need no rows.
    ideograph: CharInfo,
}

/// Blocks whose every code point, assigned or not, answers as 一 does (a test checks): CJK
/// Unified Ideographs and Extension A, but for the block Extension A shares with the Yijing
/// hexagrams. A page of Japanese touches dozens of them; each row built would cost microseconds
/// before the first frame.
const IDEOGRAPH_BLOCKS: [std::ops::RangeInclusive<usize>; 2] = [0x34..=0x4C, 0x4E..=0x9F];

/// The tabled blocks, by their code points' upper bits: Latin-1, General Punctuation, CJK
/// Symbols and kana, ideographs (Extension A, unified, compatibility) and full-width forms.
const TABLED_BLOCKS: [std::ops::RangeInclusive<u8>; 6] = [
    0x00..=0x00,
    0x20..=0x20,
    0x30..=0x30,
    0x34..=0x9F,
    0xF9..=0xFA,
    0xFF..=0xFF,
];

static CLASSIFIER: LazyLock<Classifier> = LazyLock::new(Classifier::build);

impl Classifier {
    pub fn get() -> &'static Self {
        &CLASSIFIER
    }

    fn build() -> Self {
        let mut tabled = [false; 0x100];
        for block in TABLED_BLOCKS.into_iter().flatten() {
            tabled[usize::from(block)] = true;
        }
        Self {
            tabled,
            rows: std::array::from_fn(|_| OnceLock::new()),
            ideograph: CharInfo::of('一'),
        }
    }

    /// The `CharInfo` of `c`, from the tables if they hold it.
    #[inline]
    pub fn classify(&self, c: char) -> CharInfo {
        let cp = c as usize;
        let block = cp >> 8;
        // Beyond the BMP, and in blocks not tabled, every character goes to the functions.
        if !self.tabled.get(block).copied().unwrap_or(false) {
            return CharInfo::unmeasured(c);
        }
        if IDEOGRAPH_BLOCKS
            .iter()
            .any(|blocks| blocks.contains(&block))
        {
            return self.ideograph;
        }
        let row = self.rows[block]
            .get_or_init(|| Box::new(block_row(u8::try_from(block).expect("a block of the BMP"))));
        match row[cp & 0xFF] {
            CharInfo::UNCLASSIFIED => CharInfo::unmeasured(c),
            info => info,
        }
    }
}

fn block_row(block: u8) -> [CharInfo; 0x100] {
    std::array::from_fn(|i| {
        let code_point = u32::from(block) << 8 | u32::try_from(i).expect("a byte");
        char::from_u32(code_point).map_or(CharInfo::UNCLASSIFIED, CharInfo::of)
    })
}

/// A character of a text, where it starts, and its `CharInfo`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Char {
    pub at: usize,
    pub c: char,
    pub info: CharInfo,
}

impl Char {
    #[inline]
    pub fn end(&self) -> usize {
        self.at + self.c.len_utf8()
    }
}

/// The characters of a text, each classified once, with one character of look-ahead.
pub(super) struct Chars<'a> {
    indices: CharIndices<'a>,
    classifier: &'static Classifier,
    next: Option<Char>,
}

impl<'a> Chars<'a> {
    #[inline]
    pub fn new(text: &'a str) -> Self {
        let mut chars = Self {
            indices: text.char_indices(),
            classifier: Classifier::get(),
            next: None,
        };
        chars.next = chars.read();
        chars
    }

    #[inline]
    pub fn peek(&self) -> Option<Char> {
        self.next
    }

    /// The next character if it starts before `end`.
    #[inline]
    pub fn next_before(&mut self, end: usize) -> Option<Char> {
        if self.next?.at < end {
            self.next()
        } else {
            None
        }
    }

    #[inline]
    fn read(&mut self) -> Option<Char> {
        let (at, c) = self.indices.next()?;
        let info = self.classifier.classify(c);
        Some(Char { at, c, info })
    }
}

impl Iterator for Chars<'_> {
    type Item = Char;

    #[inline]
    fn next(&mut self) -> Option<Char> {
        let current = self.next?;
        self.next = self.read();
        Some(current)
    }
}

/// Characters that may not start a line (JIS X 4051 classes 1–6, small kana, prolonged sound).
#[inline]
pub fn is_no_start(c: char) -> bool {
    match c {
        '\u{3000}'..='\u{30FF}' => in_set(&NO_START_CJK, c as usize - 0x3000),
        '\u{FF00}'..='\u{FF6F}' => in_set(&NO_START_FULLWIDTH, c as usize - 0xFF00),
        '\u{31F0}'..='\u{31FF}' | '–' | '‼' | '⁇' | '⁈' | '⁉' => true,
        _ => false,
    }
}

/// Characters that may not end a line: opening brackets.
#[inline]
pub fn is_no_end(c: char) -> bool {
    match c {
        '\u{3000}'..='\u{30FF}' => in_set(&NO_END_CJK, c as usize - 0x3000),
        '\u{FF00}'..='\u{FF6F}' => in_set(&NO_END_FULLWIDTH, c as usize - 0xFF00),
        _ => false,
    }
}

const NO_START_CJK: [u64; 4] = char_set(
    0x3000,
    "」』】〕〉》〙〗〟、。・ゝゞヽヾ々〻ー〜゠〳ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ",
);
const NO_START_FULLWIDTH: [u64; 4] = char_set(0xFF00, "）］｝，．：；？！～ｧｨｩｪｫｬｭｮｯｰ｡､｣");
const NO_END_CJK: [u64; 4] = char_set(0x3000, "「『【〔〈《〘〖〝");
const NO_END_FULLWIDTH: [u64; 4] = char_set(0xFF00, "（［｛｢");

/// A bit set of the characters of `chars` within the 256 code points from `base`.
const fn char_set(base: u32, chars: &str) -> [u64; 4] {
    let bytes = chars.as_bytes();
    let mut set = [0u64; 4];
    let mut i = 0;
    while i < bytes.len() {
        // Every character here is three bytes of UTF-8.
        let c = ((bytes[i] as u32 & 0x0F) << 12)
            | ((bytes[i + 1] as u32 & 0x3F) << 6)
            | (bytes[i + 2] as u32 & 0x3F);
        assert!(bytes[i] & 0xF0 == 0xE0 && c >= base && c < base + 256);
        let offset = (c - base) as usize;
        set[offset / 64] |= 1 << (offset % 64);
        i += 3;
    }
    set
}

#[inline]
fn in_set(set: &[u64; 4], offset: usize) -> bool {
    set[offset / 64] & (1 << (offset % 64)) != 0
}

/// Whether a line may not end between `before` and `after` because they are one name in two
/// widths: a full-width letter or digit and ASCII digits (`Ｚ80`, `ＨＰ35`, `80Ｘ`), kept whole
/// as a full-width run is.
pub(super) fn is_mixed_alnum_run(before: char, after: char) -> bool {
    (is_fullwidth_alnum(before) && after.is_ascii_digit())
        || (before.is_ascii_digit() && is_fullwidth_alnum(after))
}

/// A full-width digit or Latin letter (`１`, `Ａ`, `ａ`).
pub(super) fn is_fullwidth_alnum(c: char) -> bool {
    let cp = u32::from(c);
    cp.wrapping_sub(0xFF10) < 10 || cp.wrapping_sub(0xFF21) < 26 || cp.wrapping_sub(0xFF41) < 26
}

/// The UAX #14 classes of CJK characters whose breaks depend only on their neighbour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CjkClass {
    Ideographic,
    Open,
    /// CL, CP, NS, CJ (resolved to NS) and EX: no break before them.
    Closing,
}

impl CjkClass {
    /// UAX #14 never breaks after an opening bracket (LB14).
    fn allows_break_after(self) -> bool {
        self != Self::Open
    }

    /// Nor before closing punctuation, non-starters and `!`-like marks (LB13, LB16, LB21).
    fn allows_break_before(self) -> bool {
        matches!(self, Self::Ideographic | Self::Open)
    }
}

/// Whether `c` is a CJK character whose breaks UAX #14 decides by its class alone (ID, OP, CL,
/// CP, NS, CJ, EX): what the fast path and the leaders' tailoring call CJK.
pub fn is_cjk(c: char) -> bool {
    cjk_class(c).is_some()
}

/// The `CjkClass` of characters in the CJK blocks; `None` elsewhere, where the same UAX #14
/// classes may depend on more context (as in `1) %`).
fn cjk_class(c: char) -> Option<CjkClass> {
    let cp = u32::from(c);
    let in_cjk_block = matches!(
        cp,
        0x3000..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF
    );
    if in_cjk_block {
        uax14_cjk_class(cp)
    } else {
        None
    }
}

fn uax14_cjk_class(code_point: u32) -> Option<CjkClass> {
    use unicode_linebreak::BreakClass as B;
    match unicode_linebreak::break_property(code_point) {
        B::Ideographic => Some(CjkClass::Ideographic),
        B::OpenPunctuation => Some(CjkClass::Open),
        B::ClosePunctuation
        | B::CloseParenthesis
        | B::NonStarter
        | B::ConditionalJapaneseStarter
        | B::Exclamation => Some(CjkClass::Closing),
        _ => None,
    }
}

/// True for characters that neither join the grapheme after them nor extend the one before
/// them, so that a grapheme boundary lies on both sides.
#[inline]
pub(super) fn is_simple(c: char) -> bool {
    let cp = u32::from(c);
    if cp < 0x300 {
        return (0x20..0x7F).contains(&cp) || (0xA0..0x300).contains(&cp) && cp != 0xAD;
    }
    if (0x3000..0xA000).contains(&cp) {
        return !matches!(cp, 0x302A..=0x302F | 0x3099 | 0x309A);
    }
    matches!(cp, 0xF900..=0xFAFF | 0xFF01..=0xFF9D | 0x2010..=0x2027 | 0x2030..=0x205E)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars_in(range: std::ops::Range<u32>) -> impl Iterator<Item = char> {
        range.filter_map(char::from_u32)
    }

    #[test]
    fn classifier_agrees_with_the_functions_everywhere() {
        let classifier = Classifier::get();
        for c in chars_in(0..0x11_0000) {
            let block = u8::try_from(u32::from(c) >> 8).ok();
            let tabled = block.is_some_and(|b| TABLED_BLOCKS.iter().any(|r| r.contains(&b)));
            let expected = if tabled {
                CharInfo::of(c)
            } else {
                CharInfo::unmeasured(c)
            };
            assert_eq!(classifier.classify(c), expected, "{c:?}");
        }
    }

    #[test]
    fn a_block_is_tabled_when_first_met() {
        let classifier = Classifier::build();
        assert!(classifier.rows.iter().all(|row| row.get().is_none()));
        classifier.classify('あ');
        // Ideographs need no row (`IDEOGRAPH_BLOCKS`).
        classifier.classify('漢');
        classifier.classify('\u{3400}');
        let built: Vec<usize> = (0..0x100)
            .filter(|&b| classifier.rows[b].get().is_some())
            .collect();
        assert_eq!(built, [('あ' as usize) >> 8]);
    }

    #[test]
    fn common_japanese_is_measured_in_the_tables() {
        let classifier = Classifier::get();
        for c in "　、。「」あアー漢字１Ａ（）ａ a".chars() {
            assert!(classifier.classify(c).width().is_some(), "{c:?}");
        }
    }

    #[test]
    fn char_info_round_trips() {
        for c in "a 漢「」。ー１ｱ\u{301}\u{200D}😀".chars() {
            let info = CharInfo::of(c);
            assert_eq!(info.is_cjk(), cjk_class(c).is_some(), "{c:?}");
            assert_eq!(info.is_simple(), is_simple(c), "{c:?}");
            assert_eq!(info.width(), policy_free_width(c).map(usize::from), "{c:?}");
        }
    }

    #[test]
    fn cjk_pairs_break_by_class() {
        // Ideographs, opening and closing brackets, small kana, `ー` and `！`.
        let samples = ['漢', '「', '」', 'ぁ', '！', '（', '）', 'ー'];
        for before in samples {
            for after in samples {
                let (left, right) = (cjk_class(before).unwrap(), cjk_class(after).unwrap());
                let uax14 = left != CjkClass::Open
                    && matches!(right, CjkClass::Ideographic | CjkClass::Open);
                let kinsoku = !(is_no_start(after) || is_no_end(before));
                let (before_info, after_info) = (CharInfo::of(before), CharInfo::of(after));
                assert_eq!(
                    cjk_pair_allows_break(before_info, after_info),
                    uax14 && kinsoku,
                    "{before:?} {after:?}"
                );
            }
        }
    }

    #[test]
    fn ideographs_are_class_id() {
        for c in chars_in(0x3400..0x4DC0)
            .chain(chars_in(0x4E00..0xA000))
            .chain(chars_in(0xF900..0xFB00))
        {
            assert_eq!(cjk_class(c), Some(CjkClass::Ideographic), "{c:?}");
        }
    }
}
