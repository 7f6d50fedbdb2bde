//! Breaks a paragraph into lines no wider than a pane: UAX #14 with Japanese kinsoku, first-fit.
//!
//! Break opportunities come from UAX #14 (`unicode-linebreak`), tailored for Japanese
//! (JIS X 4051 / W3C JLReq): no line starts with closing punctuation, small kana, `ー` or a wave
//! dash; none ends with an opening bracket; a run of full-width digits or letters stays whole.
//! Lines are filled first-fit. A segment wider than the pane is broken between graphemes, so a
//! line is never wider than the pane, unless the pane is narrower than a single grapheme.

use std::ops::Range;

use unicode_linebreak::{BreakOpportunity, linebreaks};
use unicode_segmentation::GraphemeCursor;

use super::width::{AmbiguousWidth, cell_width};

/// One wrapped line: a byte range of the paragraph (trailing spaces at the break excluded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub range: Range<usize>,
    /// Width in cells.
    pub width: usize,
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

#[inline]
fn is_fullwidth_alnum(c: char) -> bool {
    let cp = u32::from(c);
    cp.wrapping_sub(0xFF10) < 10 || cp.wrapping_sub(0xFF21) < 26 || cp.wrapping_sub(0xFF41) < 26
}

/// Wraps `text` into lines of at most `max_width` cells (see the module docs).
///
/// A `\n` in the text is a hard break. The result has at least one line.
pub fn wrap(text: &str, max_width: usize, policy: AmbiguousWidth) -> Vec<Line> {
    let mut lines = LineFiller::new(text, max_width.max(1), policy);
    let mut breaks = BreakFinder::new(text);
    let mut segment = Segment::starting_at(0);
    let mut chars = text.char_indices().peekable();
    while let Some((start, first)) = chars.next() {
        let (end, last) = grapheme_end(text, start, first, &mut chars);
        let width = if end - start == first.len_utf8() {
            char_cell_width(first, policy)
        } else {
            cell_width(&text[start..end], policy)
        };
        segment.add(start..end, first, width);
        let after = chars.peek().map(|&(_, c)| c);
        if let Some(mandatory) = breaks.at(end, last, after) {
            segment.mandatory = mandatory;
            lines.push(&segment);
            segment = Segment::starting_at(end);
        }
    }
    if !segment.is_empty() {
        lines.push(&segment);
    }
    lines.finish()
}

#[inline]
fn char_cell_width(c: char, policy: AmbiguousWidth) -> usize {
    if c.is_ascii_graphic() || c == ' ' {
        return 1;
    }
    let mut buffer = [0; 4];
    cell_width(c.encode_utf8(&mut buffer), policy)
}

/// Every break opportunity of `text` as `(byte offset, mandatory)`: what `wrap` breaks at.
pub fn tailored_breaks(text: &str) -> Vec<(usize, bool)> {
    let mut finder = BreakFinder::new(text);
    let mut chars = text.char_indices().peekable();
    let mut breaks = Vec::new();
    while let Some((at, c)) = chars.next() {
        let end = at + c.len_utf8();
        let after = chars.peek().map(|&(_, c)| c);
        if let Some(mandatory) = finder.at(end, c, after) {
            breaks.push((end, mandatory));
        }
    }
    breaks
}

/// Decides break opportunities left to right: UAX #14 with the Japanese tailoring.
///
/// Between two CJK characters whose classes are ID, OP, CL, CP, NS, CJ or EX, UAX #14 decides
/// by the pair alone, which is computed here directly. Any other stretch of text goes, with a
/// CJK character of context on each side, to `unicode-linebreak` (a "window"). Tests check that
/// the result equals `unicode-linebreak` run over the whole text.
struct BreakFinder<'a> {
    text: &'a str,
    classes: &'static CjkClasses,
    /// Opportunities in the current window, and the last offset the window decides.
    window: Vec<(usize, bool)>,
    window_last: usize,
    cursor: usize,
}

impl<'a> BreakFinder<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text,
            classes: &CJK_CLASSES,
            window: Vec::new(),
            window_last: 0,
            cursor: 0,
        }
    }

    /// `Some(mandatory)` if a line may end at `at`, between `before` and `after` (`None` at
    /// the end of the text). Offsets must be asked in increasing order.
    #[inline]
    fn at(&mut self, at: usize, before: char, after: Option<char>) -> Option<bool> {
        let Some(after) = after else {
            return Some(true);
        };
        if at > self.window_last {
            if let (Some(left), Some(right)) = (self.classes.of(before), self.classes.of(after)) {
                let uax14 = left != CjkClass::Open
                    && matches!(right, CjkClass::Ideographic | CjkClass::Open);
                return (uax14 && kinsoku_allows(before, after)).then_some(false);
            }
            self.open_window(at);
        }
        while self.window.get(self.cursor).is_some_and(|&(b, _)| b < at) {
            self.cursor += 1;
        }
        match self.window.get(self.cursor) {
            Some(&(b, mandatory)) if b == at => Some(mandatory),
            _ => None,
        }
    }

    /// Runs UAX #14 over the non-CJK stretch around `at`, from the CJK character before it to
    /// the CJK character after it (or the text's ends).
    #[cold]
    fn open_window(&mut self, at: usize) {
        let text = self.text;
        let start = text[..at]
            .char_indices()
            .rev()
            .find(|&(_, c)| self.classes.of(c).is_some())
            .map_or(0, |(i, _)| i);
        let closing = text[at..]
            .char_indices()
            .find(|&(_, c)| self.classes.of(c).is_some())
            .map(|(i, c)| (at + i, at + i + c.len_utf8()));
        let (last, end) = closing.unwrap_or((text.len(), text.len()));
        self.window.clear();
        self.cursor = 0;
        self.window_last = last;
        for (offset, kind) in linebreaks(&text[start..end]) {
            let b = start + offset;
            if b == start || b > last {
                continue;
            }
            let mandatory = kind == BreakOpportunity::Mandatory;
            let allowed = match (text[..b].chars().next_back(), text[b..].chars().next()) {
                (Some(before), Some(after)) => kinsoku_allows(before, after),
                _ => true,
            };
            if mandatory || allowed {
                self.window.push((b, mandatory));
            }
        }
    }
}

/// The UAX #14 classes of CJK characters whose breaks depend only on their neighbour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CjkClass {
    Ideographic,
    Open,
    /// CL, CP, NS, CJ (resolved to NS) and EX: no break before them.
    Closing,
}

impl CjkClasses {
    #[inline]
    fn of(&self, c: char) -> Option<CjkClass> {
        let cp = u32::from(c);
        if cp.wrapping_sub(0x4E00) <= 0x9FFF - 0x4E00 {
            return Some(CjkClass::Ideographic);
        }
        if cp.wrapping_sub(0x3000) <= 0xFF {
            return self.symbols_and_kana[(cp - 0x3000) as usize];
        }
        if cp.wrapping_sub(0xFF00) < 0xF0 {
            return self.fullwidth[(cp - 0xFF00) as usize];
        }
        matches!(cp, 0x3400..=0x4DBF | 0xF900..=0xFAFF).then_some(CjkClass::Ideographic)
    }
}

/// The `CjkClass` of characters in the blocks where classes vary, looked up once from
/// `unicode-linebreak`; ideographs are all ID (tested below).
struct CjkClasses {
    symbols_and_kana: [Option<CjkClass>; 0x100],
    fullwidth: [Option<CjkClass>; 0xF0],
}

static CJK_CLASSES: std::sync::LazyLock<CjkClasses> = std::sync::LazyLock::new(|| CjkClasses {
    symbols_and_kana: std::array::from_fn(|i| uax14_cjk_class(0x3000 + i)),
    fullwidth: std::array::from_fn(|i| uax14_cjk_class(0xFF00 + i)),
});

fn uax14_cjk_class(code_point: usize) -> Option<CjkClass> {
    use unicode_linebreak::BreakClass as B;
    match unicode_linebreak::break_property(u32::try_from(code_point).ok()?) {
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

#[inline]
fn kinsoku_allows(before: char, after: char) -> bool {
    !(is_no_start(after)
        || is_no_end(before)
        || (is_fullwidth_alnum(before) && is_fullwidth_alnum(after)))
}

/// The end of the grapheme that starts with `first` at `start`, and its last character;
/// advances `chars` past it. Neighbours that never join (ASCII, kana, kanji, Latin, full-width
/// forms) take a fast path; anything else asks UAX #29.
fn grapheme_end(
    text: &str,
    start: usize,
    first: char,
    chars: &mut std::iter::Peekable<std::str::CharIndices>,
) -> (usize, char) {
    match chars.peek() {
        None => (text.len(), first),
        Some(&(next, second)) if is_simple(first) && (second.is_ascii() || is_simple(second)) => {
            (next, first)
        }
        Some(_) => {
            let end = next_grapheme_end(text, start);
            let mut last = first;
            while let Some((_, c)) = chars.next_if(|&(i, _)| i < end) {
                last = c;
            }
            (end, last)
        }
    }
}

/// Text between two break opportunities: its content, then the spaces a break would drop.
#[derive(Debug)]
struct Segment {
    start: usize,
    content_end: usize,
    content_width: usize,
    trailing_width: usize,
    mandatory: bool,
    has_content: bool,
}

impl Segment {
    fn starting_at(start: usize) -> Self {
        Self {
            start,
            content_end: start,
            content_width: 0,
            trailing_width: 0,
            mandatory: false,
            has_content: false,
        }
    }

    #[inline]
    fn add(&mut self, grapheme: Range<usize>, first: char, width: usize) {
        let is_space = first == ' ' && grapheme.len() == 1;
        if is_space || matches!(first, '\n' | '\r') {
            self.trailing_width += usize::from(is_space);
            return;
        }
        if !self.has_content {
            // Spaces before the first content of a segment only happen at a line's start.
            self.start = self.start.min(grapheme.start);
        }
        self.content_width += self.trailing_width + width;
        self.trailing_width = 0;
        self.content_end = grapheme.end;
        self.has_content = true;
    }

    fn is_empty(&self) -> bool {
        !self.has_content && self.trailing_width == 0 && !self.mandatory
    }
}

/// Fills lines first-fit from segments.
struct LineFiller<'a> {
    text: &'a str,
    max_width: usize,
    policy: AmbiguousWidth,
    lines: Vec<Line>,
    start: usize,
    end: usize,
    width: usize,
    /// Spaces after the line's content so far (or before it, at a paragraph's start).
    pending: usize,
    has_content: bool,
}

impl<'a> LineFiller<'a> {
    fn new(text: &'a str, max_width: usize, policy: AmbiguousWidth) -> Self {
        Self {
            text,
            max_width,
            policy,
            lines: Vec::new(),
            start: 0,
            end: 0,
            width: 0,
            pending: 0,
            has_content: false,
        }
    }

    #[inline]
    fn push(&mut self, segment: &Segment) {
        let fits = self.width + self.pending + segment.content_width <= self.max_width;
        if segment.has_content && self.has_content && fits && !segment.mandatory {
            self.width += self.pending + segment.content_width;
            self.end = segment.content_end;
            self.pending = segment.trailing_width;
        } else {
            self.push_slow(segment);
        }
    }

    #[inline(never)]
    fn push_slow(&mut self, segment: &Segment) {
        if segment.has_content {
            if !self.has_content {
                self.begin_with(segment);
            } else if self.width + self.pending + segment.content_width <= self.max_width {
                self.width += self.pending + segment.content_width;
                self.end = segment.content_end;
                self.pending = 0;
            } else {
                self.flush(segment.start);
                self.begin_with(segment);
            }
        }
        self.pending += segment.trailing_width;
        if segment.mandatory {
            let next = next_line_start(self.text, segment.content_end.max(self.end));
            self.flush(next);
        }
    }

    /// Puts a segment on an empty line, keeping a leading indent when it fits with it.
    fn begin_with(&mut self, segment: &Segment) {
        let indent = if self.start < segment.start {
            self.pending
        } else {
            0
        };
        if indent + segment.content_width <= self.max_width {
            self.width = indent + segment.content_width;
        } else {
            self.start = segment.start;
            self.width = segment.content_width;
        }
        self.end = segment.content_end;
        self.has_content = true;
        self.pending = 0;
        if self.width > self.max_width {
            self.split_overlong(segment.start);
        }
    }

    /// Breaks the current line between graphemes: it holds one segment wider than the pane.
    fn split_overlong(&mut self, from: usize) {
        let end = self.end;
        self.start = from;
        self.width = 0;
        let mut at = from;
        while at < end {
            let next = next_grapheme_end(self.text, at);
            let w = cell_width(&self.text[at..next], self.policy);
            if self.width > 0 && self.width + w > self.max_width {
                self.end = at;
                self.flush(at);
                self.has_content = true;
            }
            self.width += w;
            at = next;
        }
        self.end = end;
        self.has_content = true;
    }

    fn flush(&mut self, next_start: usize) {
        let end = if self.has_content {
            self.end
        } else {
            self.start
        };
        self.lines.push(Line {
            range: self.start..end,
            width: self.width,
        });
        self.start = next_start;
        self.end = next_start;
        self.width = 0;
        self.pending = 0;
        self.has_content = false;
    }

    fn finish(mut self) -> Vec<Line> {
        if self.has_content || self.lines.is_empty() {
            let start = self.start.min(self.text.len());
            self.start = start;
            self.flush(start);
        }
        self.lines
    }
}

fn next_line_start(text: &str, from: usize) -> usize {
    text[from..].find('\n').map_or(text.len(), |i| from + i + 1)
}

/// The end of the grapheme cluster that starts at `start`, with a fast path for the common
/// case of two neighbours (ASCII, kana, kanji, Latin, full-width forms) that never join.
fn next_grapheme_end(text: &str, start: usize) -> usize {
    let mut chars = text[start..].chars();
    let Some(first) = chars.next() else {
        return text.len();
    };
    let next = start + first.len_utf8();
    match chars.next() {
        None => return next,
        Some(second) if is_simple(first) && (second.is_ascii() || is_simple(second)) => {
            return next;
        }
        _ => {}
    }
    GraphemeCursor::new(start, text.len(), true)
        .next_boundary(text, 0)
        .ok()
        .flatten()
        .unwrap_or(text.len())
}

/// True for characters that neither join the grapheme after them nor extend the one before
/// them, so that a grapheme boundary lies on both sides.
#[inline]
fn is_simple(c: char) -> bool {
    let cp = u32::from(c);
    if cp < 0x300 {
        return (0x20..0x7F).contains(&cp) || (0xA0..0x300).contains(&cp) && cp != 0xAD;
    }
    if (0x3000..0xA000).contains(&cp) {
        return !matches!(cp, 0x302A..=0x302F | 0x3099 | 0x309A);
    }
    matches!(cp, 0xF900..=0xFAFF | 0xFF01..=0xFF9D | 0x2010..=0x2027 | 0x2030..=0x205E)
}

/// The lines of `text` as strings, for tests and plain-text output.
pub fn wrap_to_strings(text: &str, max_width: usize, policy: AmbiguousWidth) -> Vec<&str> {
    wrap(text, max_width, policy)
        .into_iter()
        .map(|line| &text[line.range])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ideographs_are_class_id() {
        for c in ('\u{3400}'..='\u{4DBF}')
            .chain('\u{4E00}'..='\u{9FFF}')
            .chain('\u{F900}'..='\u{FAFF}')
        {
            assert_eq!(
                uax14_cjk_class(c as usize),
                Some(CjkClass::Ideographic),
                "{c:?}"
            );
        }
    }
}
