//! The wrapper on any text, at a width and ambiguous-width policy from the input.
//!
//! Bytes: the width (0–95), flags (bit 0: ambiguous = wide; bit 1: glue, ruby bases, from the
//! next bytes; bits 2–3: lines per step for `wrap_from`), with glue a count (0–7) and three
//! bytes per stretch (graphemes skipped, graphemes glued, extra cells), then the text. Raw text
//! must only wrap without a panic; sanitized text (what layout is given) must keep what
//! DESIGN's wrap rules and tests/engine.rs's properties state: every line fits unless a single
//! grapheme is wider than the pane, nothing but break spaces is lost, no grapheme is split but
//! such a wide one, no line starts with a character that may not start one after a line that
//! could have broken elsewhere, a forced break keeps kinsoku where a place within the pane
//! does, glued bases stay whole, and wrapping a few lines at a time gives the same lines.
#![no_main]

use std::ops::Range;

use libfuzzer_sys::fuzz_target;
use taiyaku::text::wrap::{Glue, is_no_end, is_no_start, tailored_breaks, wrap_from, wrap_glued};
use taiyaku::text::{AmbiguousWidth, Line, sanitize, str_width, wrap};
use unicode_segmentation::UnicodeSegmentation;

struct Case {
    width: usize,
    policy: AmbiguousWidth,
    step: usize,
    glue: Vec<(usize, usize, usize)>,
    text: String,
}

fn case(data: &[u8]) -> Option<Case> {
    let (&[width, flags], mut rest) = data.split_first_chunk::<2>()?;
    let mut glue = Vec::new();
    if flags & 2 != 0 {
        let (&count, after) = rest.split_first()?;
        rest = after;
        for _ in 0..count % 8 {
            let (&[skip, length, extra], after) = rest.split_first_chunk::<3>()?;
            glue.push((
                usize::from(skip % 8),
                usize::from(length % 4) + 1,
                usize::from(extra % 7),
            ));
            rest = after;
        }
    }
    Some(Case {
        width: usize::from(width % 96),
        policy: if flags & 1 == 0 {
            AmbiguousWidth::Narrow
        } else {
            AmbiguousWidth::Wide
        },
        step: usize::from((flags >> 2) & 3) + 1,
        glue,
        text: String::from_utf8_lossy(rest).into_owned(),
    })
}

fuzz_target!(|data: &[u8]| {
    let Some(case) = case(data) else {
        return;
    };
    let raw = wrap(&case.text, case.width, case.policy);
    assert!(!raw.is_empty(), "no line");
    for line in &raw {
        assert!(
            case.text.get(line.range.clone()).is_some(),
            "the line {:?} is no range of the text",
            line.range
        );
    }
    if case.width < 2 {
        return;
    }
    let text = sanitize(&case.text);
    let boundaries = grapheme_boundaries(&text);
    let glue = glue_over(&text, &boundaries, &case.glue);
    let lines = wrap_glued(&text, case.width, case.policy, &glue);
    let check = Check {
        text: &text,
        width: case.width,
        policy: case.policy,
        boundaries: &boundaries,
        breaks: grapheme_breaks(&text, &boundaries),
    };
    if glue.is_empty() {
        check.lines(&lines);
        check.forced_cuts(&lines);
    } else {
        check.glued(&lines, &glue);
    }
    assert_eq!(
        in_steps(&text, case.width, case.policy, &glue, case.step),
        lines,
        "wrapped {} lines at a time",
        case.step
    );
});

/// The text's grapheme boundaries, 0 and its end included.
fn grapheme_boundaries(text: &str) -> Vec<usize> {
    let mut all: Vec<usize> = text.grapheme_indices(true).map(|(at, _)| at).collect();
    all.push(text.len());
    all
}

/// The break opportunities `wrap` breaks at, those on grapheme boundaries (UAX #14 may allow
/// one inside a grapheme, where no line can end).
fn grapheme_breaks(text: &str, boundaries: &[usize]) -> Vec<usize> {
    tailored_breaks(text)
        .into_iter()
        .map(|(at, _)| at)
        .filter(|at| boundaries.binary_search(at).is_ok())
        .collect()
}

/// Glue over whole graphemes of a line, in order and apart, as ruby bases are.
fn glue_over(text: &str, boundaries: &[usize], spans: &[(usize, usize, usize)]) -> Vec<Glue> {
    let graphemes = boundaries.len() - 1;
    let mut glue = Vec::new();
    let mut from = 0;
    for &(skip, length, extra) in spans {
        let first = from + skip;
        let last = first + length;
        if last > graphemes {
            break;
        }
        let base = boundaries[first]..boundaries[last];
        // A base is a run of text within a line: a hard break ends it.
        if !text[base.clone()].contains('\n') {
            glue.push(Glue { base, extra });
        }
        from = last;
    }
    glue
}

/// The lines of `text` from `wrap_from`, `count` at a time.
fn in_steps(
    text: &str,
    width: usize,
    policy: AmbiguousWidth,
    glue: &[Glue],
    count: usize,
) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut start = Some(0);
    while let Some(from) = start {
        let (some, next) = wrap_from(text, from, count, width, policy, glue);
        assert!(
            some.len() >= count || next.is_none(),
            "fewer lines than asked"
        );
        if let Some(next) = next {
            assert!(next > from, "wrap_from does not move on");
        }
        lines.extend(some);
        start = next;
    }
    lines
}

struct Check<'a> {
    text: &'a str,
    width: usize,
    policy: AmbiguousWidth,
    boundaries: &'a [usize],
    breaks: Vec<usize>,
}

impl Check<'_> {
    fn is_boundary(&self, at: usize) -> bool {
        self.boundaries.binary_search(&at).is_ok()
    }

    /// Whether the grapheme `at` is inside is wider than the pane: the only graphemes a line
    /// may cut.
    fn wide_grapheme_around(&self, at: usize) -> bool {
        let after = self.boundaries.partition_point(|&b| b <= at);
        let (start, end) = (self.boundaries[after - 1], self.boundaries[after]);
        str_width(&self.text[start..end], self.policy) > self.width
    }

    fn may_end_at(&self, at: usize) -> bool {
        self.is_boundary(at) || self.wide_grapheme_around(at)
    }

    fn has_break_in(&self, range: &Range<usize>) -> bool {
        let first = self.breaks.partition_point(|&b| b <= range.start);
        self.breaks.get(first).is_some_and(|&b| b <= range.end)
    }

    /// The lines of unglued text (tests/engine.rs's `check_wrap_invariants_under`).
    fn lines(&self, lines: &[Line]) {
        let text = self.text;
        let mut previous_end = 0;
        for (i, line) in lines.iter().enumerate() {
            let s = &text[line.range.clone()];
            assert_eq!(line.width, str_width(s, self.policy), "width of {s:?}");
            assert!(
                line.width <= self.width,
                "{s:?} is wider than {}",
                self.width
            );
            self.kept(previous_end, line);
            let after_hard_break = text[previous_end..line.range.start].contains('\n');
            if i > 0
                && !after_hard_break
                && let Some(first) = s.chars().next()
                && is_no_start(first)
            {
                assert!(
                    !self.has_break_in(&lines[i - 1].range),
                    "line {i} starts with {first:?} after a line that could break"
                );
            }
            previous_end = line.range.end;
        }
        assert!(only_break_space(&text[previous_end..]), "the tail is lost");
    }

    /// Nothing but break spaces between lines, in order, and no grapheme split but a wide one.
    fn kept(&self, previous_end: usize, line: &Line) {
        let text = self.text;
        assert!(line.range.start >= previous_end, "lines out of order");
        assert!(
            only_break_space(&text[previous_end..line.range.start]),
            "text lost between lines: {:?}",
            &text[previous_end..line.range.start]
        );
        assert!(self.may_end_at(line.range.start), "a grapheme split");
        assert!(self.may_end_at(line.range.end), "a grapheme split");
    }

    /// tests/engine.rs's `check_forced_cuts`: a line ended inside a segment ends where kinsoku
    /// is kept if any place from its start to the segment's end fits the pane and keeps it.
    fn forced_cuts(&self, lines: &[Line]) {
        let text = self.text;
        let all_breaks: Vec<usize> = tailored_breaks(text)
            .into_iter()
            .map(|(at, _)| at)
            .collect();
        for pair in lines.windows(2) {
            let (start, cut) = (pair[0].range.start, pair[1].range.start);
            let forced = all_breaks.binary_search(&cut).is_err()
                && !text[pair[0].range.end..cut].contains('\n');
            if !forced || !self.is_boundary(cut) || !self.is_boundary(start) {
                continue;
            }
            let segment_end = all_breaks
                .get(all_breaks.partition_point(|&b| b <= cut))
                .copied()
                .unwrap_or(text.len());
            let first = self.boundaries.partition_point(|&b| b <= start);
            let possible = self.boundaries[first..]
                .iter()
                .copied()
                .take_while(|&p| p < segment_end)
                .take_while(|&p| str_width(&text[start..p], self.policy) <= self.width)
                .find(|&p| cut_keeps_kinsoku(text, start, p));
            if let Some(possible) = possible {
                assert!(
                    cut_keeps_kinsoku(text, start, cut),
                    "cut {:?} / {:?} breaks kinsoku where {:?} would not",
                    &text[start..cut],
                    &text[cut..pair[1].range.end],
                    &text[start..possible],
                );
            }
        }
    }

    /// The lines of glued text (tests/engine.rs's `glued_lines_keep_bases_whole_and_fit`).
    fn glued(&self, lines: &[Line], glue: &[Glue]) {
        let text = self.text;
        let fits = |g: &Glue| str_width(&text[g.base.clone()], self.policy) + g.extra <= self.width;
        let all_fit = glue.iter().all(fits);
        let mut previous_end = 0;
        for line in lines {
            let extras: usize = glue
                .iter()
                .filter(|g| line.range.start < g.base.end && g.base.end <= line.range.end)
                .map(|g| g.extra)
                .sum();
            let s = &text[line.range.clone()];
            assert_eq!(
                line.width,
                str_width(s, self.policy) + extras,
                "width of {s:?}"
            );
            if all_fit {
                assert!(
                    line.width <= self.width,
                    "{s:?} is wider than {}",
                    self.width
                );
            }
            for g in glue.iter().filter(|g| fits(g)) {
                // A space at a base's edge is no part of it a line could split.
                let base = &text[g.base.clone()];
                let start = g.base.start + (base.len() - base.trim_start().len());
                let end = g.base.start + base.trim_end().len();
                assert!(
                    !(start < line.range.start && line.range.start < end),
                    "a line starts inside the base {base:?}"
                );
            }
            assert!(line.range.start >= previous_end, "lines out of order");
            assert!(
                only_break_space(&text[previous_end..line.range.start]),
                "text lost"
            );
            previous_end = line.range.end;
        }
        assert!(only_break_space(&text[previous_end..]), "the tail is lost");
    }
}

fn only_break_space(s: &str) -> bool {
    s.chars().all(|c| matches!(c, ' ' | '\n' | '\r'))
}

/// Whether a line from `start` ending at `at` and the next starting there keep kinsoku
/// (tests/engine.rs's `cut_keeps_kinsoku`).
fn cut_keeps_kinsoku(text: &str, start: usize, at: usize) -> bool {
    let mut back = text[start..at].trim_end_matches(' ').chars().rev();
    let ends_open = match back.next() {
        None => return false,
        Some('\u{3000}') => back.next().is_some_and(is_no_end),
        Some(c) => is_no_end(c),
    };
    !ends_open && !text[at..].chars().next().is_some_and(is_no_start)
}
