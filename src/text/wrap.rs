//! Breaks a paragraph into lines no wider than a pane: UAX #14 with Japanese kinsoku, first-fit.
//!
//! Break opportunities come from UAX #14 (`unicode-linebreak`), tailored for Japanese
//! (JIS X 4051 / W3C JLReq): no line starts with closing punctuation, small kana, `ー` or a wave
//! dash; none ends with an opening bracket; a run of full-width digits or letters stays whole.
//! Lines are filled first-fit. A segment wider than the pane is broken between graphemes, at
//! the last place within the pane that keeps kinsoku, preferring the end of a URL's or a
//! number's punctuation (`forced`); at the pane's edge only when no place does. A
//! single grapheme wider than the pane (a run of Hangul leading jamo, a half-width kana with many
//! sound marks) is broken between its characters, each piece measured with `cell_width`, so a
//! line is never wider than a pane of two cells or more.
//!
//! A ruby base (`Glue`) is never broken inside, and the reading shown after it (its `extra`
//! cells) is counted with its last grapheme, so a line holding it still fits.
//!
//! Each character is looked at once: `chars` classifies it (grapheme, width, UAX #14 and kinsoku
//! classes), mostly by a table lookup, and the graphemes, breaks and lines are built from that.

mod chars;
mod forced;

use std::ops::Range;

use unicode_linebreak::{BreakOpportunity, linebreaks};
use unicode_segmentation::GraphemeCursor;

use super::width::{AmbiguousWidth, cell_width, str_width};
use chars::{
    Char, CharInfo, Chars, Classifier, cjk_pair_allows_break, is_mixed_alnum_run, kinsoku_allows,
    space_held_open, surely_apart,
};
pub use chars::{is_cjk, is_no_end, is_no_start};
use forced::{Cut, Cuts};

/// One wrapped line: a byte range of the paragraph (trailing spaces at the break excluded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub range: Range<usize>,
    /// Width in cells.
    pub width: usize,
}

/// A stretch of text kept on one line (a ruby base), with `extra` cells drawn after it (its
/// reading, when shown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glue {
    pub base: Range<usize>,
    pub extra: usize,
}

/// Wraps `text` into lines of at most `max_width` cells (see the module docs).
///
/// A `\n` in the text is a hard break. The result has at least one line.
pub fn wrap(text: &str, max_width: usize, policy: AmbiguousWidth) -> Vec<Line> {
    wrap_glued(text, max_width, policy, &[])
}

/// `wrap`, never breaking inside a glued stretch, each glue's extra cells counted at its end.
/// `glue` is in order and its stretches do not overlap.
pub fn wrap_glued(
    text: &str,
    max_width: usize,
    policy: AmbiguousWidth,
    glue: &[Glue],
) -> Vec<Line> {
    let mut lines = LineFiller::new(text, max_width.max(1), policy, glue);
    let mut breaks = BreakFinder::new(text);
    let mut segment = Segment::starting_at(0);
    let mut chars = Chars::new(text);
    let mut glued = GlueCursor::new(glue);
    while let Some(first) = chars.next() {
        let last = grapheme_last(text, first, &mut chars);
        let grapheme = first.at..last.end();
        // A lone character's width is in its info unless it depends on the policy.
        let width = match first.info.width() {
            Some(width) if last.at == first.at => width,
            _ => cell_width(&text[grapheme.clone()], policy),
        };
        let end = grapheme.end;
        segment.add(grapheme, first.c, width, glued.extra_at(end));
        let after = chars.peek().map(|c| c.info);
        match breaks.at(end, last.info, after) {
            Some(false) if glued.holds(end) => {}
            Some(mandatory) => {
                segment.mandatory = mandatory;
                lines.push(segment);
                segment = Segment::starting_at(end);
            }
            None => {}
        }
    }
    if !segment.is_empty() {
        lines.push(segment);
    }
    lines.finish()
}

/// Every break opportunity of `text` as `(byte offset, mandatory)`: what `wrap` breaks at.
pub fn tailored_breaks(text: &str) -> Vec<(usize, bool)> {
    let mut finder = BreakFinder::new(text);
    let mut chars = Chars::new(text);
    let mut breaks = Vec::new();
    while let Some(c) = chars.next() {
        let after = chars.peek().map(|c| c.info);
        if let Some(mandatory) = finder.at(c.end(), c.info, after) {
            breaks.push((c.end(), mandatory));
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
    /// Opportunities in the current window, and the last offset the window decides.
    window: Vec<(usize, bool)>,
    window_last: usize,
    cursor: usize,
    /// The character before the last one asked about (`space_held_open`).
    previous: Option<CharInfo>,
}

impl<'a> BreakFinder<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text,
            window: Vec::new(),
            window_last: 0,
            cursor: 0,
            previous: None,
        }
    }

    /// `Some(mandatory)` if a line may end at `at`, between `before` and `after` (`None` at
    /// the end of the text). Offsets must be asked in increasing order.
    #[inline]
    fn at(&mut self, at: usize, before: CharInfo, after: Option<CharInfo>) -> Option<bool> {
        let Some(after) = after else {
            return Some(true);
        };
        let previous = self.previous.replace(before);
        if previous.is_some_and(|previous| space_held_open(previous, before)) {
            return None;
        }
        if at > self.window_last {
            if before.is_cjk() && after.is_cjk() {
                return cjk_pair_allows_break(before, after).then_some(false);
            }
            self.open_window(at);
        }
        self.window_break(at)
    }

    /// What the current window says about `at`.
    fn window_break(&mut self, at: usize) -> Option<bool> {
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
        let classifier = Classifier::get();
        let is_cjk = |c| classifier.classify(c).is_cjk();
        let start = text[..at]
            .char_indices()
            .rev()
            .find(|&(_, c)| is_cjk(c))
            .map_or(0, |(i, _)| i);
        let closing = text[at..]
            .char_indices()
            .find(|&(_, c)| is_cjk(c))
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
                (Some(before), Some(after)) => {
                    kinsoku_allows(classifier.classify(before), classifier.classify(after))
                        && !is_mixed_alnum_run(before, after)
                }
                _ => true,
            };
            if mandatory || allowed {
                self.window.push((b, mandatory));
            }
        }
        self.allow_before_leaders(start);
    }

    /// The Japanese layout requirements' tailoring of UAX #14, whose LB22 keeps a leader to
    /// what comes before it: a line may end before a run of leaders (`……`, `‥‥`) that
    /// follows a CJK character, as it may before any CJK character; the run stays whole. A
    /// window holds one CJK character, its first, so the run can only start right after it.
    fn allow_before_leaders(&mut self, start: usize) {
        let classifier = Classifier::get();
        let mut chars = self.text[start..].chars();
        let (Some(before), Some(leader)) = (chars.next(), chars.next()) else {
            return;
        };
        let at = start + before.len_utf8();
        let (b, a) = (classifier.classify(before), classifier.classify(leader));
        if is_leader(leader)
            && b.is_cjk()
            && kinsoku_allows(b, a)
            && at < self.window_last
            && !self.window.iter().any(|&(offset, _)| offset == at)
        {
            self.window.push((at, false));
            self.window.sort_unstable();
        }
    }
}

/// The leaders (UAX #14 class IN) that the Japanese layout requirements let a line start
/// with: `…` and `‥`.
fn is_leader(c: char) -> bool {
    matches!(c, '\u{2026}' | '\u{2025}')
}

/// The last character of the grapheme that starts with `first`; advances `chars` past it.
/// Neighbours that are `surely_apart` take a fast path; anything else asks UAX #29.
#[inline]
fn grapheme_last(text: &str, first: Char, chars: &mut Chars<'_>) -> Char {
    match chars.peek() {
        Some(next) if !surely_apart(first.info, next.info) => {
            let end = uax29_grapheme_end(text, first.at);
            let mut last = first;
            while let Some(c) = chars.next_before(end) {
                last = c;
            }
            last
        }
        _ => first,
    }
}

/// The end of the grapheme cluster that starts at `start`, a grapheme boundary of `text`.
fn grapheme_end(text: &str, start: usize) -> usize {
    let rest = &text[start..];
    let mut chars = Chars::new(rest);
    chars.next().map_or(text.len(), |first| {
        start + grapheme_last(rest, first, &mut chars).end()
    })
}

/// The end of the grapheme cluster that starts at `start`, by UAX #29.
#[cold]
fn uax29_grapheme_end(text: &str, start: usize) -> usize {
    GraphemeCursor::new(start, text.len(), true)
        .next_boundary(text, 0)
        .ok()
        .flatten()
        .unwrap_or(text.len())
}

/// Walks the glue of a text left to right, as the wrapper asks about ever later offsets.
struct GlueCursor<'g> {
    glue: &'g [Glue],
    next: usize,
}

impl<'g> GlueCursor<'g> {
    fn new(glue: &'g [Glue]) -> Self {
        Self { glue, next: 0 }
    }

    /// The first glue not yet ended by `at`.
    #[inline]
    fn current(&mut self, at: usize) -> Option<&'g Glue> {
        while self.glue.get(self.next).is_some_and(|g| g.base.end < at) {
            self.next += 1;
        }
        self.glue.get(self.next)
    }

    /// The extra cells drawn after a grapheme ending at `at`.
    #[inline]
    fn extra_at(&mut self, at: usize) -> usize {
        if self.glue.is_empty() {
            return 0;
        }
        self.current(at)
            .filter(|g| g.base.end == at)
            .map_or(0, |g| g.extra)
    }

    /// The glue whose stretch starts at `at`, if any.
    fn starting_at(&mut self, at: usize) -> Option<&'g Glue> {
        if self.glue.is_empty() {
            return None;
        }
        self.current(at)?;
        // The glue ending at `at` may come first: a base can follow another directly.
        self.glue[self.next..]
            .iter()
            .take(2)
            .find(|g| g.base.start == at)
    }

    /// Goes back to walk the glue from `at` again.
    fn rewind(&mut self, at: usize) {
        while self.next > 0 && self.glue[self.next - 1].base.end >= at {
            self.next -= 1;
        }
    }

    /// Whether `at` is inside a glued stretch, where no line may end.
    #[inline]
    fn holds(&mut self, at: usize) -> bool {
        !self.glue.is_empty()
            && self
                .current(at)
                .is_some_and(|g| g.base.start < at && at < g.base.end)
    }
}

/// Text between two break opportunities: its content, then the spaces a break would drop.
#[derive(Debug, Clone, Copy)]
struct Segment {
    start: usize,
    /// Where the segment ends: at its break, after any line break it holds.
    end: usize,
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
            end: start,
            content_end: start,
            content_width: 0,
            trailing_width: 0,
            mandatory: false,
            has_content: false,
        }
    }

    #[inline]
    fn add(&mut self, grapheme: Range<usize>, first: char, width: usize, extra: usize) {
        // A space that a reading follows is content: the reading must be drawn.
        let is_space = first == ' ' && grapheme.len() == 1 && extra == 0;
        let width = width + extra;
        self.end = grapheme.end;
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
    glue: &'a [Glue],
    lines: Vec<Line>,
    start: usize,
    end: usize,
    width: usize,
    /// Spaces after the line's content so far (or before it, at a paragraph's start).
    pending: usize,
    has_content: bool,
}

impl<'a> LineFiller<'a> {
    fn new(text: &'a str, max_width: usize, policy: AmbiguousWidth, glue: &'a [Glue]) -> Self {
        Self {
            text,
            max_width,
            policy,
            glue,
            lines: Vec::new(),
            start: 0,
            end: 0,
            width: 0,
            pending: 0,
            has_content: false,
        }
    }

    #[inline]
    fn push(&mut self, segment: Segment) {
        let fits = self.width + self.pending + segment.content_width <= self.max_width;
        if segment.has_content && self.has_content && fits && !segment.mandatory {
            self.width += self.pending + segment.content_width;
            self.end = segment.content_end;
            self.pending = segment.trailing_width;
        } else {
            self.push_slow(&segment);
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
            // After the break's character: `\n`, or in raw text another (VT, FF, NEL, LS, PS).
            self.flush(segment.end);
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
    /// Each piece ends at the best place within the pane (`forced`), else at its edge. A ruby
    /// base goes to the next line whole, unless it is wider than the pane with its reading;
    /// then it is broken like the rest, its reading with its last grapheme.
    fn split_overlong(&mut self, from: usize) {
        let end = self.end;
        self.start = from;
        self.width = 0;
        let mut at = from;
        let mut glued = GlueCursor::new(self.glue);
        let mut cuts = Cuts::default();
        while at < end {
            if self.width > 0 {
                cuts.note(at, self.width, Cut::at(self.text, self.start, at));
            }
            let (next, own, extra) = self.unit_at(at, end, &mut glued);
            if self.width > 0 && self.width + own + extra > self.max_width {
                // The piece ends at the best place seen, and the rest is walked again.
                (at, self.width) = cuts.best().unwrap_or((at, self.width));
                cuts.clear();
                glued.rewind(at);
                self.break_at(at);
                continue;
            }
            if own > self.max_width {
                self.split_grapheme(at..next);
                self.width += extra;
            } else {
                // A reading wider than the pane with its base is cut by the pane's edge.
                self.width += own + extra;
            }
            at = next;
        }
        self.end = end;
        self.has_content = true;
    }

    /// What is laid as one from `at` on an overlong line: a ruby base that fits the pane with
    /// its reading, else a grapheme; where it ends, its cells, and the cells drawn after it.
    fn unit_at(&self, at: usize, end: usize, glued: &mut GlueCursor<'_>) -> (usize, usize, usize) {
        if let Some(base) = glued.starting_at(at) {
            // A base's trailing spaces may lie past the line's content.
            let base_end = base.base.end.min(end);
            let width = str_width(&self.text[at..base_end], self.policy);
            if width + base.extra <= self.max_width {
                return (base_end, width, base.extra);
            }
        }
        let next = grapheme_end(self.text, at);
        let own = cell_width(&self.text[at..next], self.policy);
        (next, own, glued.extra_at(next))
    }

    /// Ends the current line at `at`, inside a segment, and goes on with the segment.
    fn break_at(&mut self, at: usize) {
        self.end = at;
        self.flush(at);
        self.has_content = true;
    }

    /// Puts a grapheme wider than the pane on lines of its own, cut between its characters into
    /// pieces as wide as fit; the last piece stays on the current line.
    fn split_grapheme(&mut self, grapheme: Range<usize>) {
        let start = grapheme.start;
        let char_ends: Vec<usize> = self.text[grapheme]
            .char_indices()
            .map(|(i, c)| start + i + c.len_utf8())
            .collect();
        let mut rest = char_ends.as_slice();
        let mut piece_start = start;
        loop {
            let (count, width) = self.fitting_piece(piece_start, rest);
            self.width += width;
            let piece_end = rest[count - 1];
            rest = &rest[count..];
            if rest.is_empty() {
                break;
            }
            self.break_at(piece_end);
            piece_start = piece_end;
        }
    }

    /// How many of the characters from `start` (ending at `char_ends`) fit in the pane, at least
    /// one, and their width. A piece is measured whole, since a character such as VS16 changes the
    /// width of the one before it; a galloping search keeps that to O(log n) measurements.
    fn fitting_piece(&self, start: usize, char_ends: &[usize]) -> (usize, usize) {
        let width_of =
            |count: usize| cell_width(&self.text[start..char_ends[count - 1]], self.policy);
        let (mut count, mut width) = (1, width_of(1));
        let (mut step, mut growing) = (1, true);
        while step > 0 {
            let longer = count + step;
            match (longer <= char_ends.len()).then(|| width_of(longer)) {
                Some(longer_width) if longer_width <= self.max_width => {
                    (count, width) = (longer, longer_width);
                    step = if growing { step * 2 } else { step / 2 };
                }
                _ => (step, growing) = (step / 2, false),
            }
        }
        (count, width)
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

/// Lines of `text` from byte `start` (where a line of `wrap_glued(text, …)` starts): at least
/// `count` of them (fewer only at the end of the text), and where the line after them starts,
/// `None` when they reach the end. They are the lines `wrap_glued` gives there, found from a
/// slice of the text a little longer than they need: a paragraph of megabytes is wrapped only
/// as far as it is shown.
///
/// The slice ends at a clean cut (`clean_cut`): a break opportunity that UAX #14 and kinsoku
/// decide from its two neighbours alone. First-fit filling decides each line from its own
/// start, so every line of the slice but the last, which the cut ends, is a line of the whole.
pub fn wrap_from(
    text: &str,
    start: usize,
    count: usize,
    max_width: usize,
    policy: AmbiguousWidth,
    glue: &[Glue],
) -> (Vec<Line>, Option<usize>) {
    // Bytes a line takes, about: two a cell covers English (one) and Japanese (three for two
    // cells); where that is short, the slice grows.
    let mut reach = count
        .saturating_add(2)
        .saturating_mul(max_width.max(1))
        .saturating_mul(2);
    loop {
        let cut = match start.checked_add(reach).filter(|&at| at < text.len()) {
            Some(at) => clean_cut(text, at, glue),
            None => Some(text.len()),
        };
        let Some(end) = cut else {
            reach = reach.saturating_mul(2);
            continue;
        };
        let mut lines = wrap_slice(text, start..end, max_width, policy, glue);
        if end == text.len() {
            return (lines, None);
        }
        if lines.len() > count {
            let last = lines.pop().expect("more lines than asked");
            return (lines, Some(last.range.start));
        }
        reach = reach.saturating_mul(2);
    }
}

/// `wrap_glued` of `text[range]`, its lines and glue in `text`'s offsets. A base broken across
/// the line before the range (too wide for the pane) keeps its reading, at its end.
fn wrap_slice(
    text: &str,
    range: Range<usize>,
    max_width: usize,
    policy: AmbiguousWidth,
    glue: &[Glue],
) -> Vec<Line> {
    let Range { start, end } = range;
    let shifted: Vec<Glue> = glue
        .iter()
        .filter(|g| g.base.end > start && g.base.end <= end)
        .map(|g| Glue {
            base: g.base.start.max(start) - start..g.base.end - start,
            extra: g.extra,
        })
        .collect();
    let mut lines = wrap_glued(&text[start..end], max_width, policy, &shifted);
    for line in &mut lines {
        line.range = line.range.start + start..line.range.end + start;
    }
    lines
}

/// The first clean cut at or after `from` (within a few kilobytes, else `None`): between two
/// CJK characters that UAX #14 and kinsoku let a line end between, or between ASCII
/// alphanumerics a run of spaces apart (after the spaces); never inside a glued stretch.
fn clean_cut(text: &str, from: usize, glue: &[Glue]) -> Option<usize> {
    const SEARCH: usize = 4096;
    let classifier = Classifier::get();
    let mut at = from;
    while !text.is_char_boundary(at) {
        at += 1;
    }
    let inside_glue = |p: usize| glue.iter().any(|g| g.base.start < p && p < g.base.end);
    let mut limit = (at + SEARCH).min(text.len());
    while !text.is_char_boundary(limit) {
        limit += 1;
    }
    let mut chars_before = text[..at].chars().rev();
    let mut before = chars_before.next()?;
    let mut previous = chars_before.next().map(|c| classifier.classify(c));
    for (offset, after) in text[at..limit].char_indices() {
        let p = at + offset;
        let (b, a) = (classifier.classify(before), classifier.classify(after));
        let held = previous.is_some_and(|previous| space_held_open(previous, b));
        let cjk =
            b.is_cjk() && a.is_cjk() && surely_apart(b, a) && cjk_pair_allows_break(b, a) && !held;
        previous = Some(b);
        if (cjk || ascii_word_break(text, p)) && !inside_glue(p) {
            return Some(p);
        }
        before = after;
    }
    None
}

/// Whether `p` is after a run of spaces between two ASCII alphanumerics (`word  |word`).
fn ascii_word_break(text: &str, p: usize) -> bool {
    let bytes = text.as_bytes();
    if !bytes.get(p).is_some_and(u8::is_ascii_alphanumeric)
        || bytes.get(p.wrapping_sub(1)) != Some(&b' ')
    {
        return false;
    }
    let word_end = text[..p].trim_end_matches(' ').len();
    word_end > 0 && bytes[word_end - 1].is_ascii_alphanumeric()
}

/// The lines of `text` as strings, for tests and plain-text output.
pub fn wrap_to_strings(text: &str, max_width: usize, policy: AmbiguousWidth) -> Vec<&str> {
    wrap(text, max_width, policy)
        .into_iter()
        .map(|line| &text[line.range])
        .collect()
}
