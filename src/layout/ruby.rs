//! Ruby (readings over Japanese text) in the layout: shown after its base, or hidden.
//!
//! A block's ruby lies over its Japanese text (`Block::ruby`). Shown inline, each reading is
//! drawn after its base in parentheses, `親譲(おやゆず)り`, and counted in the line's width; in
//! either setting a line never breaks inside a base (see `wrap::Glue`). The text itself, what is
//! searched and bookmarked, is the base alone.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::article::{Block, Ruby};
use crate::text::wrap::Glue;
use crate::text::{AmbiguousWidth, byte_at_cell, str_width};

/// How ruby is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RubyShown {
    /// The reading after its base, in parentheses.
    #[default]
    Inline,
    /// The base alone.
    Hide,
}

impl RubyShown {
    pub const ALL: [RubyShown; 2] = [RubyShown::Inline, RubyShown::Hide];

    pub fn name(self) -> &'static str {
        match self {
            RubyShown::Inline => "inline",
            RubyShown::Hide => "hide",
        }
    }

    #[must_use]
    pub fn toggled(self) -> RubyShown {
        match self {
            RubyShown::Inline => RubyShown::Hide,
            RubyShown::Hide => RubyShown::Inline,
        }
    }
}

impl std::str::FromStr for RubyShown {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RubyShown::ALL
            .into_iter()
            .find(|r| r.name() == s)
            .ok_or_else(|| format!("unknown ruby setting '{s}' (inline, hide)"))
    }
}

/// Before and after a reading shown inline.
pub const OPEN: &str = "(";
pub const CLOSE: &str = ")";

/// The cells a reading takes shown inline, its parentheses included.
fn inline_width(reading: &str, policy: AmbiguousWidth) -> usize {
    str_width(OPEN, policy) + str_width(reading, policy) + str_width(CLOSE, policy)
}

/// The ruby of `block` inside `range` of its Japanese text, in order and not overlapping
/// (any that overlap the one before are left out).
pub fn within(block: &Block, range: Range<usize>) -> impl Iterator<Item = &Ruby> {
    let mut end = range.start;
    block.ruby().iter().filter(move |ruby| {
        let inside = ruby.base.start >= end && ruby.base.end <= range.end && !ruby.base.is_empty();
        if inside {
            end = ruby.base.end;
        }
        inside
    })
}

/// How a block's Japanese text is laid out in a pane: ruby `shown` or not, in a pane
/// `width` cells wide, measured under `policy`.
#[derive(Debug, Clone, Copy)]
pub struct Pane {
    pub shown: RubyShown,
    pub width: usize,
    pub policy: AmbiguousWidth,
}

impl Pane {
    /// Whether `ruby` is drawn with its reading: inline, and the base with its reading fits the
    /// pane (else the reading is left out, rather than cut at the pane's edge).
    fn shows(&self, ruby: &Ruby, text: &str) -> bool {
        self.shown == RubyShown::Inline
            && text.get(ruby.base.clone()).is_some_and(|base| {
                str_width(base, self.policy) + inline_width(&ruby.reading, self.policy)
                    <= self.width
            })
    }
}

/// What the wrapper keeps whole in `range` of a block's Japanese text, offsets relative to
/// the range, with the cells each reading drawn takes.
pub fn glue(block: &Block, range: &Range<usize>, pane: Pane) -> Vec<Glue> {
    let text = block.text.ja.as_deref().unwrap_or("");
    within(block, range.clone())
        .map(|ruby| Glue {
            base: ruby.base.start - range.start..ruby.base.end - range.start,
            extra: if pane.shows(ruby, text) {
                inline_width(&ruby.reading, pane.policy)
            } else {
                0
            },
        })
        .collect()
}

/// The readings drawn on a line, `line` a byte range of the block's Japanese text: those
/// shown whose base ends inside it.
pub fn on_line<'a>(
    block: &'a Block,
    line: &Range<usize>,
    pane: Pane,
) -> impl Iterator<Item = &'a Ruby> {
    let text = block.text.ja.as_deref().unwrap_or("");
    let line = line.clone();
    within(block, 0..text.len()).filter(move |ruby| {
        line.start < ruby.base.end && ruby.base.end <= line.end && pane.shows(ruby, text)
    })
}

/// A line of a block's Japanese text with its readings inline, as `render` prints it.
pub fn inline_text(block: &Block, line: &Range<usize>, text: &str, pane: Pane) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = line.start;
    for ruby in on_line(block, line, pane) {
        out.push_str(&text[at - line.start..ruby.base.end - line.start]);
        out.push_str(OPEN);
        out.push_str(&ruby.reading);
        out.push_str(CLOSE);
        at = ruby.base.end;
    }
    out.push_str(&text[at - line.start..]);
    out
}

/// The byte of a line (a range of the block's Japanese text, `text` its slice) drawn at cell
/// `cell` from the line's start, counting the readings shown (a reading belongs to the last
/// character of its base); relative to the line's start.
pub fn byte_at(block: &Block, line: &Range<usize>, text: &str, cell: usize, pane: Pane) -> usize {
    let policy = pane.policy;
    let (mut used, mut from) = (0, 0);
    for ruby in on_line(block, line, pane) {
        let end = ruby.base.end - line.start;
        let stretch = &text[from..end];
        let width = str_width(stretch, policy);
        if cell < used + width {
            return from + byte_at_cell(stretch, cell - used, policy);
        }
        used += width + inline_width(&ruby.reading, policy);
        if cell < used {
            return stretch
                .char_indices()
                .next_back()
                .map_or(from, |(at, _)| from + at);
        }
        from = end;
    }
    match text.get(from..).filter(|rest| !rest.is_empty()) {
        Some(rest) => from + byte_at_cell(rest, cell.saturating_sub(used), policy),
        // Past the last reading at the line's end: its base's last character, as past the
        // end of a line is its last character.
        None => text.char_indices().next_back().map_or(0, |(at, _)| at),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Bilingual;

    fn block() -> Block {
        let ja = "親譲りの無鉄砲";
        Block::paragraph(Bilingual::new(None, Some(ja.into()))).with_ruby(vec![
            Ruby {
                base: 0..6,
                reading: "おやゆず".into(),
            },
            Ruby {
                base: 12..21,
                reading: "むてっぽう".into(),
            },
        ])
    }

    fn pane(shown: RubyShown, width: usize) -> Pane {
        Pane {
            shown,
            width,
            policy: AmbiguousWidth::Narrow,
        }
    }

    #[test]
    fn readings_go_after_their_bases() {
        let block = block();
        let ja = block.text.ja.clone().unwrap();
        let all = 0..ja.len();
        assert_eq!(
            inline_text(&block, &all, &ja, pane(RubyShown::Inline, 80)),
            "親譲(おやゆず)りの無鉄砲(むてっぽう)"
        );
        assert_eq!(
            inline_text(&block, &all, &ja, pane(RubyShown::Hide, 80)),
            ja
        );
        // A base that does not fit the pane with its reading is shown alone.
        assert_eq!(
            inline_text(&block, &all, &ja, pane(RubyShown::Inline, 16)),
            "親譲(おやゆず)りの無鉄砲"
        );
        // A line that ends before the second base's end shows only the first reading.
        assert_eq!(
            inline_text(&block, &(0..12), &ja[..12], pane(RubyShown::Inline, 80)),
            "親譲(おやゆず)りの"
        );
    }

    #[test]
    fn glue_is_relative_to_the_range_and_counts_the_parentheses() {
        let block = block();
        let glue = glue(&block, &(9..21), pane(RubyShown::Inline, 80));
        assert_eq!(
            glue,
            [Glue {
                base: 3..12,
                extra: 12
            }]
        );
        let hidden = super::glue(&block, &(0..21), pane(RubyShown::Hide, 80));
        assert!(hidden.iter().all(|g| g.extra == 0) && hidden.len() == 2);
    }

    #[test]
    fn a_cell_finds_its_byte_past_the_readings() {
        let block = block();
        let ja = block.text.ja.clone().unwrap();
        let all = 0..ja.len();
        let inline = pane(RubyShown::Inline, 80);
        // 親譲(おやゆず)りの無鉄砲(むてっぽう): 親 0–1, 譲 2–3, the reading 4–13, り 14–15.
        assert_eq!(byte_at(&block, &all, &ja, 0, inline), 0);
        assert_eq!(byte_at(&block, &all, &ja, 3, inline), 3);
        assert_eq!(
            byte_at(&block, &all, &ja, 8, inline),
            3,
            "a reading is its base's"
        );
        assert_eq!(byte_at(&block, &all, &ja, 14, inline), 6);
        assert_eq!(byte_at(&block, &all, &ja, 18, inline), 12);
        assert_eq!(byte_at(&block, &all, &ja, 99, inline), 18);
        assert_eq!(byte_at(&block, &all, &ja, 4, pane(RubyShown::Hide, 80)), 6);
    }

    #[test]
    fn overlapping_ruby_is_left_out() {
        let mut block = block();
        block.marks_mut().ruby.insert(
            1,
            Ruby {
                base: 3..9,
                reading: "x".into(),
            },
        );
        let all = 0..21;
        assert_eq!(within(&block, all).count(), 2);
    }
}
