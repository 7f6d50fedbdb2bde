//! A paragraph too long to wrap at once, wrapped only as far as it is shown.
//!
//! Each side keeps where its next line starts; asked for more rows, it wraps a few more lines
//! of each side shown (`wrap::wrap_from`, which gives the lines a whole wrap would) and makes
//! rows of them as `stretch_rows` does: side by side pane by pane, stacked the English first.

use std::collections::VecDeque;

use super::{Cell, Geometry, Mode, RowCells};
use crate::article::Side;
use crate::text::wrap::{Glue, wrap_from};

/// A side of a unit longer than this many bytes is wrapped lazily.
pub const LAZY_BYTES: usize = 64 * 1024;

/// Lines wrapped at a time, at least.
const BATCH: usize = 64;

/// One side's text still to wrap.
#[derive(Debug, Clone)]
pub struct SideRest {
    pub side: Side,
    pub width: usize,
    pub glue: Vec<Glue>,
    /// Where the next line starts; `None` once the side is all wrapped.
    pub next: Option<usize>,
    /// Lines wrapped and not yet in rows.
    pub lines: VecDeque<Cell>,
}

impl SideRest {
    /// A side to wrap from its start.
    pub fn new(side: Side, width: usize, glue: Vec<Glue>) -> Self {
        Self {
            side,
            width,
            glue,
            next: Some(0),
            lines: VecDeque::new(),
        }
    }

    /// A side already wrapped (a placeholder, or a side not shown): its lines only.
    pub fn done(side: Side, lines: Vec<Cell>) -> Self {
        Self {
            side,
            width: 0,
            glue: Vec::new(),
            next: None,
            lines: lines.into(),
        }
    }

    fn is_done(&self) -> bool {
        self.next.is_none() && self.lines.is_empty()
    }

    /// Wraps at least `count` more lines of `text` into `lines`, unless the text ends first.
    fn wrap_more(&mut self, text: &str, count: usize, geometry: &Geometry) {
        let Some(start) = self.next else {
            return;
        };
        let (lines, next) = wrap_from(text, start, count, self.width, geometry.policy, &self.glue);
        let side = self.side;
        self.lines.extend(lines.into_iter().map(|line| Cell::Text {
            side,
            range: line.range,
        }));
        self.next = next;
    }
}

/// The unwrapped rest of a unit: its sides, in `Side::BOTH` order.
#[derive(Debug, Clone)]
pub struct Rest {
    pub sides: [SideRest; 2],
}

impl Rest {
    pub fn is_done(&self) -> bool {
        self.sides.iter().all(SideRest::is_done)
    }

    /// Adds rows to `rows` until there are `want` or the unit is all wrapped; `texts` are the
    /// unit's texts in `Side::BOTH` order.
    pub fn extend(
        &mut self,
        rows: &mut Vec<RowCells>,
        want: usize,
        texts: [&str; 2],
        geometry: &Geometry,
    ) {
        while rows.len() < want && !self.is_done() {
            let count = (want - rows.len()).max(BATCH);
            if geometry.mode.is_side_by_side() {
                self.pair_rows(rows, count, texts, geometry);
            } else {
                self.column_rows(rows, count, texts, geometry);
            }
        }
    }

    /// Side by side: rows of a line of each pane, as long as both have lines or are done.
    fn pair_rows(
        &mut self,
        rows: &mut Vec<RowCells>,
        count: usize,
        texts: [&str; 2],
        geometry: &Geometry,
    ) {
        for (rest, text) in self.sides.iter_mut().zip(texts) {
            if rest.lines.len() < count {
                rest.wrap_more(text, count - rest.lines.len(), geometry);
            }
        }
        let [en, ja] = &mut self.sides;
        let (left, right) = if geometry.mode == Mode::Side {
            (en, ja)
        } else {
            (ja, en)
        };
        loop {
            let ready = |rest: &SideRest| !rest.lines.is_empty() || rest.next.is_none();
            if !(ready(left) && ready(right)) || (left.is_done() && right.is_done()) {
                break;
            }
            let l = left.lines.pop_front().unwrap_or(Cell::Empty);
            let r = right.lines.pop_front().unwrap_or(Cell::Empty);
            rows.push(RowCells::Pair([l, r]));
        }
    }

    /// One column: the first language's lines, then (stacked) the second's as partner rows.
    fn column_rows(
        &mut self,
        rows: &mut Vec<RowCells>,
        count: usize,
        texts: [&str; 2],
        geometry: &Geometry,
    ) {
        let Some(k) = (0..2).find(|&k| !self.sides[k].is_done()) else {
            return;
        };
        let rest = &mut self.sides[k];
        if rest.lines.len() < count {
            rest.wrap_more(texts[k], count - rest.lines.len(), geometry);
        }
        let partner = geometry.mode == Mode::Stacked && rest.side == Side::Ja;
        rows.extend(rest.lines.drain(..).map(|cell| {
            if partner {
                RowCells::Partner(cell)
            } else {
                RowCells::Single(cell)
            }
        }));
    }
}
