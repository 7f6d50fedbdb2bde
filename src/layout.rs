//! Aligned rows of an article for a layout mode and width, wrapped lazily for a window of it.
//!
//! The document is a list of units: the heading fields present (series, title, byline, date,
//! publisher), then the blocks. A place in it is a `Position` (unit, row within the unit), never
//! an absolute row, so that it survives a resize. Each unit is wrapped the first time a window
//! touches it and cached until the geometry changes: opening or resizing a large document wraps
//! only what is shown.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::article::{Article, Bilingual, Block, HeadingField, Side};
use crate::sentence::row_pairs;
use crate::text::wrap::{Glue, wrap_glued};
use crate::text::{AmbiguousWidth, Line, byte_at_cell, str_width, wrap};

mod lazy;
pub mod ruby;
pub use ruby::RubyShown;

/// How the two languages are arranged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// English | Japanese.
    #[default]
    Side,
    /// Japanese | English.
    Swapped,
    /// Each English paragraph, then its Japanese partner.
    Stacked,
    En,
    Ja,
}

impl Mode {
    pub const ALL: [Mode; 5] = [Mode::Side, Mode::Swapped, Mode::Stacked, Mode::En, Mode::Ja];

    pub fn name(self) -> &'static str {
        match self {
            Mode::Side => "side",
            Mode::Swapped => "swapped",
            Mode::Stacked => "stacked",
            Mode::En => "en",
            Mode::Ja => "ja",
        }
    }

    pub fn is_side_by_side(self) -> bool {
        matches!(self, Mode::Side | Mode::Swapped)
    }

    /// The next mode in the cycle side → stacked → English → Japanese → side.
    #[must_use]
    pub fn cycled(self) -> Mode {
        match self {
            Mode::Side | Mode::Swapped => Mode::Stacked,
            Mode::Stacked => Mode::En,
            Mode::En => Mode::Ja,
            Mode::Ja => Mode::Side,
        }
    }

    /// Side and swapped trade places; so do English only and Japanese only.
    #[must_use]
    pub fn swapped(self) -> Mode {
        match self {
            Mode::Side => Mode::Swapped,
            Mode::Swapped => Mode::Side,
            Mode::En => Mode::Ja,
            Mode::Ja => Mode::En,
            Mode::Stacked => Mode::Stacked,
        }
    }

    /// The sides in pane order (left, right) for side-by-side modes, reading order otherwise.
    pub fn sides(self) -> &'static [Side] {
        match self {
            Mode::Side | Mode::Stacked => &[Side::En, Side::Ja],
            Mode::Swapped => &[Side::Ja, Side::En],
            Mode::En => &[Side::En],
            Mode::Ja => &[Side::Ja],
        }
    }
}

impl std::str::FromStr for Mode {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Mode::ALL
            .into_iter()
            .find(|m| m.name() == s)
            .ok_or_else(|| format!("unknown layout '{s}' (side, swapped, stacked, en, ja)"))
    }
}

/// Below this many columns side by side gives way to stacked, when the mode was not forced.
pub const MIN_SIDE_BY_SIDE_WIDTH: usize = 60;
/// Between the panes: a space, the rule, a space — three cells.
pub const GUTTER_WIDTH: usize = 3;
/// The narrowest a pane's lines may be made (`measure`): ten full-width characters.
pub const MIN_MEASURE: usize = 20;
/// The widest `measure` the config takes.
pub const MAX_MEASURE: usize = 1000;

/// `cells` if it is a measure to take (0, or `MIN_MEASURE`–`MAX_MEASURE`), else why not.
pub fn check_measure(cells: usize) -> Result<usize, String> {
    if cells == 0 || (MIN_MEASURE..=MAX_MEASURE).contains(&cells) {
        Ok(cells)
    } else {
        Err(format!(
            "measure {cells} is not 0 or {MIN_MEASURE}–{MAX_MEASURE} (cells)"
        ))
    }
}

/// The cells the text of `mode` takes in `room` cells when no pane is wider than `measure`
/// (0: no limit): side by side, two panes and the gutter; else one column.
pub fn measured_width(room: usize, mode: Mode, measure: usize) -> usize {
    let widest = match (measure, mode.is_side_by_side()) {
        (0, _) => room,
        (measure, true) => 2 * measure + GUTTER_WIDTH,
        (measure, false) => measure,
    };
    room.min(widest)
}

/// The gutter for a policy: box drawing is East Asian Ambiguous, so terminals that draw
/// ambiguous characters wide get an ASCII rule instead.
pub fn gutter(policy: AmbiguousWidth) -> &'static str {
    match policy {
        AmbiguousWidth::Narrow => " │ ",
        AmbiguousWidth::Wide => " | ",
    }
}

/// Stacked, the second language of a pair stands under the first behind a rule and a space,
/// so that the two read as a pair and the blank row after them ends it.
pub const PARTNER_INDENT: usize = 2;

/// The rule before a stacked pair's second language (see `PARTNER_INDENT`).
pub fn partner_rule(policy: AmbiguousWidth) -> &'static str {
    gutter(policy).trim()
}

/// The shape rows are laid out for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Geometry {
    pub width: usize,
    pub mode: Mode,
    pub policy: AmbiguousWidth,
    /// Sentence rows: inside a paragraph pair, each sentence pair starts on one row in both
    /// panes (where the pairs allow it; see `sentence::row_pairs`).
    pub sentence_rows: bool,
    /// How ruby is shown: inline readings take cells.
    pub ruby: RubyShown,
}

impl Geometry {
    /// Paragraph rows in `mode`, `width` cells wide, measured under `policy`.
    pub fn new(width: usize, mode: Mode, policy: AmbiguousWidth) -> Geometry {
        Geometry {
            width,
            mode,
            policy,
            sentence_rows: false,
            ruby: RubyShown::default(),
        }
    }

    /// Whether blocks are laid out by sentence pairs: sentence rows are on, and both languages
    /// are shown.
    pub fn lays_out_sentences(&self) -> bool {
        self.sentence_rows && self.mode.sides().len() == 2
    }

    /// The width of each pane, in the order of `mode.sides()`.
    pub fn pane_widths(&self) -> [usize; 2] {
        if self.mode.is_side_by_side() {
            let inner = self.width.saturating_sub(GUTTER_WIDTH);
            let left = (inner / 2).max(1);
            [left, inner.saturating_sub(left).max(1)]
        } else {
            let whole = self.width.max(1);
            [whole, whole]
        }
    }

    /// How far a stacked pair's second language is indented: `PARTNER_INDENT`, or nothing
    /// where the column is too narrow to give up the cells.
    pub fn partner_indent(&self) -> usize {
        const NARROWEST: usize = 8;
        if self.mode == Mode::Stacked && self.width >= NARROWEST + PARTNER_INDENT {
            PARTNER_INDENT
        } else {
            0
        }
    }

    /// How ruby is laid out in `side`'s pane, for a block indented by `indent` cells.
    pub fn ruby_pane(&self, side: Side, indent: usize) -> ruby::Pane {
        ruby::Pane {
            shown: self.ruby,
            width: self.width_of(side) - indent.min(self.width_of(side)),
            policy: self.policy,
        }
    }

    /// The cells a block indented by `indent` full-width characters is indented in `side`'s
    /// pane: two each, at most a third of the pane.
    pub fn indent_cells(&self, indent: u8, side: Side) -> usize {
        (usize::from(indent) * 2).min(self.width_of(side) / 3)
    }

    fn width_of(&self, side: Side) -> usize {
        let widths = self.pane_widths();
        match self.mode {
            Mode::Swapped => widths[usize::from(side == Side::En)],
            Mode::Stacked if side == Side::Ja => widths[0] - self.partner_indent(),
            _ => widths[usize::from(side == Side::Ja && self.mode.is_side_by_side())],
        }
    }
}

/// What a unit of the document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Heading(HeadingField),
    Block(usize),
}

/// A place in the document: a unit and a row within its wrapped lines.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct Position {
    pub unit: usize,
    pub row: usize,
}

impl Position {
    pub fn at_unit(unit: usize) -> Self {
        Self { unit, row: 0 }
    }
}

/// Shown where a side is missing, so that absence is never silent blank space.
pub fn placeholder(unit: Unit, side: Side) -> &'static str {
    match (unit, side) {
        (Unit::Heading(_), _) => "—",
        (Unit::Block(_), side) => missing_text(side),
    }
}

/// Said in place of a paragraph's missing side (in the reader, and in a bookmark's excerpt).
pub fn missing_text(side: Side) -> &'static str {
    match side {
        Side::En => "(no English text)",
        Side::Ja => "（日本語訳なし）",
    }
}

/// One pane's content on one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    /// A line of the unit's text on `side`: a byte range of it.
    Text {
        side: Side,
        range: Range<usize>,
    },
    /// A line of the placeholder for a missing side.
    Missing {
        side: Side,
        range: Range<usize>,
    },
    Empty,
}

/// What a row holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowCells {
    /// Two panes side by side, in pane order.
    Pair([Cell; 2]),
    /// One column (stacked and one-language modes).
    Single(Cell),
    /// Stacked, a line of the pair's second language, drawn after the partner rule.
    Partner(Cell),
    /// The blank row after a unit.
    Gap,
}

/// A row of the laid-out document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub position: Position,
    pub cells: RowCells,
}

/// A unit wrapped for one geometry: its rows of text, and whether a blank row follows them.
#[derive(Debug, Clone)]
struct Wrapped {
    rows: Vec<RowCells>,
    gap: bool,
    /// Laid out pair by pair (sentence rows), not as two whole paragraphs.
    by_sentence: bool,
    /// What is left to wrap of a unit too long to wrap at once (`lazy`).
    rest: Option<lazy::Rest>,
}

impl Wrapped {
    fn content_height(&self) -> usize {
        self.rows.len()
    }

    /// The height, its gap included, once all of it is wrapped; the rows so far until then.
    fn height(&self) -> usize {
        self.content_height() + usize::from(self.gap && self.rest.is_none())
    }

    fn is_complete(&self) -> bool {
        self.rest.is_none()
    }

    fn row(&self, row: usize) -> RowCells {
        self.rows.get(row).cloned().unwrap_or(RowCells::Gap)
    }

    /// The last row whose text on `side` starts at or before byte `at`.
    fn row_of_byte(&self, side: Side, at: usize) -> usize {
        let starts_by = |cell: &Cell| matches!(cell, Cell::Text { side: s, range } if *s == side && range.start <= at);
        self.rows
            .iter()
            .rposition(|row| match row {
                RowCells::Pair(cells) => cells.iter().any(starts_by),
                RowCells::Single(cell) | RowCells::Partner(cell) => starts_by(cell),
                RowCells::Gap => false,
            })
            .unwrap_or(0)
    }
}

/// One side of a stretch of a unit, wrapped: its lines, as cells.
fn side_cells(lines: Vec<Line>, side: Side, missing: bool, offset: usize) -> Vec<Cell> {
    lines
        .into_iter()
        .map(|line| {
            let range = line.range.start + offset..line.range.end + offset;
            if missing {
                Cell::Missing { side, range }
            } else {
                Cell::Text { side, range }
            }
        })
        .collect()
}

/// The rows of one stretch of a unit in `mode`: both sides' cells, pane by pane (side by side,
/// the taller side sets the height) or one after the other (stacked).
fn stretch_rows(mode: Mode, en: Vec<Cell>, ja: Vec<Cell>, rows: &mut Vec<RowCells>) {
    match mode {
        Mode::Side | Mode::Swapped => {
            let (mut left, mut right) = match mode {
                Mode::Side => (en.into_iter(), ja.into_iter()),
                _ => (ja.into_iter(), en.into_iter()),
            };
            loop {
                match (left.next(), right.next()) {
                    (None, None) => break,
                    (l, r) => rows.push(RowCells::Pair([
                        l.unwrap_or(Cell::Empty),
                        r.unwrap_or(Cell::Empty),
                    ])),
                }
            }
        }
        Mode::Stacked => {
            rows.extend(en.into_iter().map(RowCells::Single));
            rows.extend(ja.into_iter().map(RowCells::Partner));
        }
        Mode::En => rows.extend(en.into_iter().map(RowCells::Single)),
        Mode::Ja => rows.extend(ja.into_iter().map(RowCells::Single)),
    }
}

/// The units of an article and their wrapped rows for the current geometry.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The heading fields present; the blocks follow them as units.
    headings: Vec<HeadingField>,
    len: usize,
    geometry: Geometry,
    /// Wrapped units by index; bounded, since a long read would otherwise keep every unit.
    cache: HashMap<usize, Wrapped>,
    /// The bytes of text (both languages) in the units before each one, and in all at the end.
    bytes_before: Vec<usize>,
}

fn text_bytes(text: &Bilingual) -> usize {
    Side::BOTH
        .iter()
        .filter_map(|&side| text.get(side))
        .map(str::len)
        .sum()
}

/// How many wrapped units the cache keeps before it starts afresh.
const CACHE_LIMIT: usize = 8192;

impl Layout {
    /// A layout of `article`; nothing is wrapped until rows are asked for.
    pub fn new(article: &Article, geometry: Geometry) -> Self {
        let headings: Vec<HeadingField> = HeadingField::ALL
            .into_iter()
            .filter(|&f| !article.headings.field(f).is_empty())
            .collect();
        let mut bytes_before = Vec::with_capacity(headings.len() + article.blocks.len() + 1);
        let mut total = 0;
        bytes_before.push(0);
        let lengths = headings
            .iter()
            .map(|&field| text_bytes(article.headings.field(field)))
            .chain(article.blocks.iter().map(|block| text_bytes(&block.text)));
        for length in lengths {
            total += length;
            bytes_before.push(total);
        }
        Self {
            len: headings.len() + article.blocks.len(),
            headings,
            geometry,
            cache: HashMap::new(),
            bytes_before,
        }
    }

    /// How far into the document's text `position` is, in percent (by bytes of text, both
    /// languages counted; within a unit, by where its row starts).
    pub fn percent_at(&self, article: &Article, position: Position, cells: &RowCells) -> usize {
        let total = *self.bytes_before.last().unwrap_or(&0);
        let Some(&before) = self.bytes_before.get(position.unit) else {
            return 100;
        };
        let unit_bytes = self
            .bytes_before
            .get(position.unit + 1)
            .map_or(0, |next| next - before);
        let first = match cells {
            RowCells::Pair(pair) => pair.iter().find(|c| matches!(c, Cell::Text { .. })),
            RowCells::Single(cell) | RowCells::Partner(cell) => Some(cell),
            RowCells::Gap => None,
        };
        let within = match first {
            Some(Cell::Text { side, range }) => {
                let length =
                    unit_text(article, self.unit(position.unit), *side).map_or(0, str::len);
                unit_bytes * range.start / length.max(1)
            }
            // A row after the unit's text (its gap): the whole unit is above.
            _ if position.row > 0 => unit_bytes,
            _ => 0,
        };
        ((before + within) * 100 / total.max(1)).min(100)
    }

    /// The first row at or after `percent` of the document's text, by the measure of
    /// `percent_at` (so that the status bar then says that percentage): where `50%` goes.
    pub fn position_at_percent(&mut self, article: &Article, percent: usize) -> Position {
        let total = *self.bytes_before.last().unwrap_or(&0);
        let target = total * percent.min(100) / 100;
        if self.is_empty() || target == 0 {
            return Position::default();
        }
        let unit = self
            .bytes_before
            .partition_point(|&before| before <= target)
            .saturating_sub(1)
            .min(self.len - 1);
        let unit_bytes = self.bytes_before[unit + 1] - self.bytes_before[unit];
        let within = target - self.bytes_before[unit];
        let start = match self.geometry.mode.sides().iter().find_map(|&side| {
            let text = unit_text(article, self.unit(unit), side)?;
            Some((side, text.len()))
        }) {
            Some((side, length)) if unit_bytes > 0 => {
                let at = within * length / unit_bytes;
                self.row_of_byte(article, unit, side, at)
            }
            _ => 0,
        };
        // Row by row from there, wrapping no further than needed (a unit may be long).
        for row in start.. {
            let wrapped = self.wrapped_to(article, unit, row + 1);
            if row >= wrapped.height() {
                break;
            }
            let cells = wrapped.row(row);
            let position = Position { unit, row };
            if self.percent_at(article, position, &cells) >= percent {
                return position;
            }
        }
        self.clamp(article, Position::at_unit(unit + 1))
    }

    /// What unit `index` is.
    pub fn unit(&self, index: usize) -> Unit {
        match self.headings.get(index) {
            Some(&field) => Unit::Heading(field),
            None => Unit::Block(index - self.headings.len()),
        }
    }

    /// How many units there are.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn geometry(&self) -> Geometry {
        self.geometry
    }

    /// Changes the geometry; wrapped units are dropped only when it really changed.
    pub fn set_geometry(&mut self, geometry: Geometry) {
        if geometry != self.geometry {
            self.geometry = geometry;
            self.cache.clear();
        }
    }

    /// The unit of a block, for jumping to it.
    pub fn unit_of_block(&self, block: usize) -> Option<usize> {
        let unit = self.headings.len() + block;
        (unit < self.len).then_some(unit)
    }

    /// The text a cell shows: a slice of the unit's text or of its placeholder.
    pub fn cell_text<'a>(&self, article: &'a Article, unit: usize, cell: &Cell) -> &'a str {
        match cell {
            Cell::Text { side, range } => &unit_text(article, self.unit(unit), *side)
                .expect("a text cell has text")[range.clone()],
            Cell::Missing { side, range } => &placeholder(self.unit(unit), *side)[range.clone()],
            Cell::Empty => "",
        }
    }

    /// What a cell shows as plain text: its indent and text, with the readings of its ruby
    /// when they are shown inline.
    pub fn cell_shown<'a>(&self, article: &'a Article, unit: usize, cell: &Cell) -> Cow<'a, str> {
        let text = self.cell_text(article, unit, cell);
        let Cell::Text { side, range } = cell else {
            return Cow::Borrowed(text);
        };
        let unit = self.unit(unit);
        let indent = indent_of(article, unit, *side, &self.geometry);
        let shown = match ruby_of(article, unit, *side) {
            Some(block) => {
                let pane = self.geometry.ruby_pane(*side, indent);
                Cow::Owned(ruby::inline_text(block, range, text, pane))
            }
            None => Cow::Borrowed(text),
        };
        match indent {
            0 => shown,
            indent => Cow::Owned(format!("{:indent$}{shown}", "")),
        }
    }

    /// The byte of a text cell's unit text drawn `column` cells from the cell's left edge, its
    /// indent and readings counted; `None` for other cells.
    pub fn byte_at_column(
        &self,
        article: &Article,
        unit: usize,
        cell: &Cell,
        column: usize,
    ) -> Option<usize> {
        let Cell::Text { side, range } = cell else {
            return None;
        };
        let text = self.cell_text(article, unit, cell);
        let unit = self.unit(unit);
        let indent = indent_of(article, unit, *side, &self.geometry);
        let column = column.saturating_sub(indent);
        let policy = self.geometry.policy;
        let at = match ruby_of(article, unit, *side) {
            Some(block) => {
                let pane = self.geometry.ruby_pane(*side, indent);
                ruby::byte_at(block, range, text, column, pane)
            }
            None => byte_at_cell(text, column, policy),
        };
        Some(range.start + at)
    }

    /// How many rows a unit takes, its trailing gap included.
    pub fn unit_height(&mut self, article: &Article, unit: usize) -> usize {
        self.wrapped(article, unit).height()
    }

    /// The unit wrapped whole.
    fn wrapped(&mut self, article: &Article, unit: usize) -> &Wrapped {
        self.wrapped_to(article, unit, usize::MAX)
    }

    /// The unit wrapped at least as far as its first `want` rows (all of it, if it has fewer).
    fn wrapped_to(&mut self, article: &Article, unit: usize, want: usize) -> &Wrapped {
        if !self.cache.contains_key(&unit) {
            if self.cache.len() >= CACHE_LIMIT {
                self.cache.clear();
            }
            let wrapped = self.wrap_unit(article, unit);
            self.cache.insert(unit, wrapped);
        }
        let geometry = self.geometry;
        let of = self.unit(unit);
        let wrapped = self.cache.get_mut(&unit).expect("cached just now");
        if let Some(rest) = wrapped.rest.as_mut()
            && wrapped.rows.len() < want
        {
            let texts = Side::BOTH.map(|side| unit_text(article, of, side).unwrap_or(""));
            rest.extend(&mut wrapped.rows, want, texts, &geometry);
            if rest.is_done() {
                wrapped.rest = None;
            }
        }
        &self.cache[&unit]
    }

    /// The unit wrapped as far as the row that shows byte `at` of `side`'s text.
    fn wrapped_to_byte(
        &mut self,
        article: &Article,
        unit: usize,
        side: Side,
        at: usize,
    ) -> &Wrapped {
        let mut want = 0;
        loop {
            let wrapped = self.wrapped_to(article, unit, want);
            let past = |cell: &Cell| matches!(cell, Cell::Text { side: s, range } if *s == side && range.start > at);
            let beyond = wrapped.rows.last().is_some_and(|row| match row {
                RowCells::Pair(cells) => cells.iter().any(past),
                RowCells::Single(cell) | RowCells::Partner(cell) => past(cell),
                RowCells::Gap => false,
            });
            if beyond || wrapped.is_complete() {
                return self.wrapped_to(article, unit, want);
            }
            want = wrapped.rows.len() + (wrapped.rows.len() / 4).max(64);
        }
    }

    fn wrap_unit(&self, article: &Article, index: usize) -> Wrapped {
        let unit = self.unit(index);
        let geometry = self.geometry;
        let next_is_heading = index + 1 < self.headings.len();
        let gap = !(matches!(unit, Unit::Heading(_)) && next_is_heading);
        let mut rows = Vec::new();
        let pairs = match unit {
            Unit::Block(block) if geometry.lays_out_sentences() => {
                article.blocks.get(block).and_then(row_pairs)
            }
            _ => None,
        };
        let stretch = |side: Side, range: Option<Range<usize>>| -> Vec<Cell> {
            if !geometry.mode.sides().contains(&side) {
                return Vec::new();
            }
            let text = unit_text(article, unit, side);
            if let (Some(text), Some(range)) = (text, range) {
                let (width, glue) = self.text_wrap(article, unit, side, &range);
                let lines = wrap_glued(&text[range.clone()], width, geometry.policy, &glue);
                side_cells(lines, side, false, range.start)
            } else {
                self.placeholder_cells(unit, side)
            }
        };
        if let Some(pairs) = pairs {
            for pair in pairs {
                let [en, ja] = Side::BOTH.map(|side| stretch(side, pair.get(side)));
                stretch_rows(geometry.mode, en, ja, &mut rows);
            }
        } else if let Some(rest) = self.lazy_rest(article, unit) {
            return Wrapped {
                rows,
                gap,
                by_sentence: false,
                rest: Some(rest),
            };
        } else {
            let whole = |side: Side| unit_text(article, unit, side).map(|t| 0..t.len());
            let [en, ja] = Side::BOTH.map(|side| stretch(side, whole(side)));
            stretch_rows(geometry.mode, en, ja, &mut rows);
        }
        Wrapped {
            rows,
            gap,
            by_sentence: pairs.is_some(),
            rest: None,
        }
    }

    /// How `range` of a unit's text on `side` is wrapped: to the width its indent leaves of
    /// the pane, its ruby bases (relative to the range) kept whole with their readings' cells.
    fn text_wrap(
        &self,
        article: &Article,
        unit: Unit,
        side: Side,
        range: &Range<usize>,
    ) -> (usize, Vec<Glue>) {
        let geometry = self.geometry;
        let indent = indent_of(article, unit, side, &geometry);
        let glue = ruby_of(article, unit, side).map_or_else(Vec::new, |block| {
            ruby::glue(block, range, geometry.ruby_pane(side, indent))
        });
        (geometry.width_of(side) - indent, glue)
    }

    /// The lines of a missing side's placeholder.
    fn placeholder_cells(&self, unit: Unit, side: Side) -> Vec<Cell> {
        let lines = wrap(
            placeholder(unit, side),
            self.geometry.width_of(side),
            self.geometry.policy,
        );
        side_cells(lines, side, true, 0)
    }

    /// A unit with a side shown longer than `lazy::LAZY_BYTES`, ready to be wrapped as far as
    /// it is shown; `None` for any other.
    fn lazy_rest(&self, article: &Article, unit: Unit) -> Option<lazy::Rest> {
        let geometry = self.geometry;
        let shown = geometry.mode.sides();
        let long = |side: &Side| {
            unit_text(article, unit, *side).is_some_and(|t| t.len() > lazy::LAZY_BYTES)
        };
        if !shown.iter().any(long) {
            return None;
        }
        let rest_of = |side: Side| {
            if !shown.contains(&side) {
                return lazy::SideRest::done(side, Vec::new());
            }
            let Some(text) = unit_text(article, unit, side) else {
                return lazy::SideRest::done(side, self.placeholder_cells(unit, side));
            };
            let (width, glue) = self.text_wrap(article, unit, side, &(0..text.len()));
            lazy::SideRest::new(side, width, glue)
        };
        Some(lazy::Rest {
            sides: Side::BOTH.map(rest_of),
        })
    }

    /// Whether unit `unit` is laid out by sentence pairs (sentence rows are on and its pairs
    /// allow it).
    pub fn is_by_sentence(&mut self, article: &Article, unit: usize) -> bool {
        self.wrapped_to(article, unit, 0).by_sentence
    }

    /// The row within a unit that shows byte `at` of its text on `side`.
    pub fn row_of_byte(&mut self, article: &Article, unit: usize, side: Side, at: usize) -> usize {
        self.wrapped_to_byte(article, unit, side, at)
            .row_of_byte(side, at)
    }

    /// `height` rows starting at `top` (fewer at the end of the document).
    pub fn rows(&mut self, article: &Article, top: Position, height: usize) -> Vec<Row> {
        let mut rows = Vec::with_capacity(height);
        let mut position = self.clamp(article, top);
        while rows.len() < height && position.unit < self.len {
            let want = position.row + height - rows.len();
            let wrapped = self.wrapped_to(article, position.unit, want);
            let unit_height = wrapped.height();
            while position.row < unit_height && rows.len() < height {
                rows.push(Row {
                    position,
                    cells: wrapped.row(position.row),
                });
                position.row += 1;
            }
            position = Position::at_unit(position.unit + 1);
        }
        rows
    }

    /// Every row of the document, in order (wraps the whole document).
    pub fn all_rows(&mut self, article: &Article) -> Vec<Row> {
        let mut rows = Vec::new();
        for unit in 0..self.len {
            let height = self.unit_height(article, unit);
            rows.extend(self.rows(article, Position::at_unit(unit), height));
        }
        rows
    }

    /// The position inside the document closest to `position`.
    pub fn clamp(&mut self, article: &Article, position: Position) -> Position {
        if self.is_empty() {
            return Position::default();
        }
        if position.unit >= self.len {
            return self.last_position(article);
        }
        let height = self
            .wrapped_to(article, position.unit, position.row + 1)
            .height();
        Position {
            unit: position.unit,
            row: position.row.min(height.saturating_sub(1)),
        }
    }

    /// Whether `position` is the document's last row.
    pub fn is_last(&mut self, article: &Article, position: Position) -> bool {
        position.unit + 1 == self.len && {
            let wrapped = self.wrapped_to(article, position.unit, position.row + 2);
            wrapped.is_complete() && position.row + 1 >= wrapped.height()
        }
    }

    /// The last row of the document.
    pub fn last_position(&mut self, article: &Article) -> Position {
        let Some(unit) = self.len.checked_sub(1) else {
            return Position::default();
        };
        let row = self.unit_height(article, unit).saturating_sub(1);
        Position { unit, row }
    }

    /// `position` moved by `delta` rows, stopping at either end of the document.
    pub fn scroll(&mut self, article: &Article, position: Position, delta: isize) -> Position {
        let mut position = self.clamp(article, position);
        let mut remaining = delta.unsigned_abs();
        if delta >= 0 {
            while remaining > 0 {
                let want = position.row + remaining + 1;
                let height = self.wrapped_to(article, position.unit, want).height();
                let left_in_unit = height - 1 - position.row;
                if remaining <= left_in_unit {
                    position.row += remaining;
                    break;
                }
                if position.unit + 1 >= self.len {
                    position.row = height - 1;
                    break;
                }
                remaining -= left_in_unit + 1;
                position = Position::at_unit(position.unit + 1);
            }
        } else {
            while remaining > 0 {
                if remaining <= position.row {
                    position.row -= remaining;
                    break;
                }
                if position.unit == 0 {
                    position.row = 0;
                    break;
                }
                remaining -= position.row + 1;
                let unit = position.unit - 1;
                position = Position {
                    unit,
                    row: self.unit_height(article, unit) - 1,
                };
            }
        }
        position
    }

    /// Rows from `from` down to `to` (negative if `to` is above), if there are at most `limit`:
    /// only the units in between are wrapped, and no more than `limit` rows' worth of them.
    pub fn distance(
        &mut self,
        article: &Article,
        from: Position,
        to: Position,
        limit: usize,
    ) -> Option<isize> {
        let (low, high, sign) = if from <= to {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        let mut rows = 0usize;
        let mut unit = low.unit;
        while unit < high.unit {
            let want = (limit + low.row + 1).saturating_sub(rows);
            rows += self.wrapped_to(article, unit, want).height();
            if rows > limit + low.row {
                return None;
            }
            unit += 1;
        }
        let rows = (rows + high.row).saturating_sub(low.row);
        (rows <= limit).then(|| sign * isize::try_from(rows).unwrap_or(isize::MAX))
    }

    /// How many rows a unit's text takes, without its trailing gap.
    pub fn content_rows(&mut self, article: &Article, unit: usize) -> usize {
        self.wrapped(article, unit).content_height()
    }

    /// The first text shown on a row, as `(side, byte offset)`: an anchor that survives a
    /// re-wrap (`row_of_byte` finds it again).
    pub fn anchor(&mut self, article: &Article, position: Position) -> Option<(Side, usize)> {
        let cells = self
            .wrapped_to(article, position.unit, position.row + 1)
            .row(position.row);
        let cells = match &cells {
            RowCells::Pair(pair) => pair.as_slice(),
            RowCells::Single(cell) | RowCells::Partner(cell) => std::slice::from_ref(cell),
            RowCells::Gap => &[],
        };
        cells.iter().find_map(|cell| match cell {
            Cell::Text { side, range } => Some((*side, range.start)),
            _ => None,
        })
    }
}

/// The cells a unit's text on `side` is indented by: a block's indent is its Japanese text's
/// (Aozora's 字下げ), never its translation's.
pub fn indent_of(article: &Article, unit: Unit, side: Side, geometry: &Geometry) -> usize {
    match unit {
        Unit::Block(index) if side == Side::Ja => article
            .blocks
            .get(index)
            .map_or(0, |b| geometry.indent_cells(b.indent(), side)),
        Unit::Block(_) | Unit::Heading(_) => 0,
    }
}

/// The block of a unit whose text on `side` has ruby over it.
pub fn ruby_of(article: &Article, unit: Unit, side: Side) -> Option<&Block> {
    match unit {
        Unit::Block(index) if side == Side::Ja => {
            article.blocks.get(index).filter(|b| !b.ruby().is_empty())
        }
        _ => None,
    }
}

/// A unit's text on one side, if it has that side.
pub fn unit_text(article: &Article, unit: Unit, side: Side) -> Option<&str> {
    match unit {
        Unit::Heading(field) => article.headings.field(field).get(side),
        Unit::Block(index) => article.blocks.get(index)?.text.get(side),
    }
}

/// The whole article as plain text: panes padded to their widths, a `│` rule between them,
/// trailing ASCII spaces and soft hyphens left out.
pub fn render_plain(article: &Article, geometry: Geometry) -> String {
    let mut out = String::new();
    render_plain_each(article, geometry, |text| {
        out.push_str(text);
        Ok::<(), std::convert::Infallible>(())
    })
    .unwrap_or_else(|never| match never {});
    out
}

/// `render_plain`, handed out a unit at a time (its rows, each line ended), so that a long
/// article is never laid out, nor its text held, whole; stops at the first error `each` gives.
pub fn render_plain_each<E>(
    article: &Article,
    geometry: Geometry,
    mut each: impl FnMut(&str) -> Result<(), E>,
) -> Result<(), E> {
    let mut layout = Layout::new(article, geometry);
    let mut out = String::new();
    for unit in 0..layout.len {
        let height = layout.unit_height(article, unit);
        out.clear();
        for row in layout.rows(article, Position::at_unit(unit), height) {
            plain_row(&layout, article, &row, &mut out);
        }
        each(&out)?;
    }
    Ok(())
}

/// Appends one laid-out row as plain text, its line ended.
fn plain_row(layout: &Layout, article: &Article, row: &Row, out: &mut String) {
    let geometry = layout.geometry;
    let [left_width, _] = geometry.pane_widths();
    let unit = row.position.unit;
    let line = match &row.cells {
        RowCells::Pair([left, right]) => {
            let left = layout.cell_shown(article, unit, left);
            let right = layout.cell_shown(article, unit, right);
            let pad = left_width.saturating_sub(str_width(&left, geometry.policy));
            format!("{left}{:pad$}{}{right}", "", gutter(geometry.policy))
        }
        RowCells::Single(cell) => layout.cell_shown(article, unit, cell).into_owned(),
        RowCells::Partner(cell) => {
            let text = layout.cell_shown(article, unit, cell);
            match geometry.partner_indent() {
                0 => text.into_owned(),
                indent => format!(
                    "{}{:pad$}{text}",
                    partner_rule(geometry.policy),
                    "",
                    pad = indent - 1
                ),
            }
        }
        RowCells::Gap if geometry.mode.is_side_by_side() => {
            format!("{:left_width$}{}", "", gutter(geometry.policy))
        }
        RowCells::Gap => String::new(),
    };
    // A soft hyphen is measured as nothing, and drawn as nothing in the reader; terminals
    // would draw it a cell wide.
    // Only the padding is trimmed: a row of ideographic spaces (an indent) is text.
    out.extend(
        line.trim_end_matches(' ')
            .chars()
            .filter(|&c| c != '\u{AD}'),
    );
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Format;
    use crate::article::{Bilingual, Block, Headings};

    fn article(blocks: Vec<Block>) -> Article {
        let headings = Headings {
            title: Bilingual::new(Some("Title".into()), Some("題名".into())),
            ..Headings::default()
        };
        Article::new("test".into(), Format::Plain, headings, blocks)
    }

    fn geometry(width: usize, mode: Mode) -> Geometry {
        Geometry::new(width, mode, AmbiguousWidth::Narrow)
    }

    /// The rows of a unit as a whole wrap gives them (what the lazy wrapping must equal).
    fn whole_rows(article: &Article, layout: &Layout, index: usize) -> Vec<RowCells> {
        let geometry = layout.geometry();
        let unit = layout.unit(index);
        let cells = |side: Side| -> Vec<Cell> {
            if !geometry.mode.sides().contains(&side) {
                return Vec::new();
            }
            match unit_text(article, unit, side) {
                Some(text) => side_cells(
                    wrap(text, geometry.width_of(side), geometry.policy),
                    side,
                    false,
                    0,
                ),
                None => side_cells(
                    wrap(
                        placeholder(unit, side),
                        geometry.width_of(side),
                        geometry.policy,
                    ),
                    side,
                    true,
                    0,
                ),
            }
        };
        let mut rows = Vec::new();
        stretch_rows(geometry.mode, cells(Side::En), cells(Side::Ja), &mut rows);
        rows
    }

    #[test]
    fn a_long_paragraph_is_wrapped_as_far_as_shown_and_as_a_whole_would_be() {
        let english =
            "A long English paragraph, with words (and brackets) to break at. ".repeat(2000);
        let japanese =
            "長い日本語の段落は、「括弧」も句読点もあり、どこで折り返すかが決まる。".repeat(1500);
        assert!(english.len() > lazy::LAZY_BYTES && japanese.len() > lazy::LAZY_BYTES);
        let cases = [
            Bilingual::new(Some(english.clone()), Some(japanese.clone())),
            Bilingual::new(Some(english.clone()), Some("短い訳。".into())),
            Bilingual::new(None, Some(japanese.clone())),
        ];
        for text in cases {
            let a = article(vec![Block::paragraph(text)]);
            for mode in Mode::ALL {
                let mut layout = Layout::new(&a, geometry(70, mode));
                let unit = layout.len() - 1;
                let expected = whole_rows(&a, &layout, unit);
                if expected.len() < 100 {
                    // Only a short side is shown: wrapped whole, as any paragraph.
                    assert!(layout.wrapped_to(&a, unit, 0).is_complete());
                    continue;
                }
                // A window near the start wraps only the start.
                let top = Position { unit, row: 3 };
                let window = layout.rows(&a, top, 10);
                let known = layout.cache[&unit].rows.len();
                assert!(
                    known < expected.len() / 4,
                    "{mode:?}: {known} of {} rows wrapped",
                    expected.len()
                );
                let shown: Vec<RowCells> = window.into_iter().map(|r| r.cells).collect();
                assert_eq!(shown, expected[3..13], "{mode:?}");
                // Scrolling and jumping to the end agree with the whole.
                let down = layout.scroll(&a, top, 500);
                assert_eq!(down, Position { unit, row: 503 }, "{mode:?}");
                let height = layout.unit_height(&a, unit);
                assert_eq!(height, expected.len() + 1, "{mode:?}: its rows and the gap");
                let all: Vec<RowCells> = layout
                    .rows(&a, Position::at_unit(unit), expected.len())
                    .into_iter()
                    .map(|r| r.cells)
                    .collect();
                assert_eq!(all, expected, "{mode:?}");
            }
        }
    }

    #[test]
    fn a_long_paragraph_finds_the_row_of_a_byte_far_into_it() {
        let english = "Words and more words, sentence after sentence. ".repeat(4000);
        let a = article(vec![Block::paragraph(Bilingual::new(
            Some(english.clone()),
            None,
        ))]);
        let mut layout = Layout::new(&a, geometry(100, Mode::Side));
        let unit = layout.len() - 1;
        let at = english.len() / 3;
        let row = layout.row_of_byte(&a, unit, Side::En, at);
        let expected = whole_rows(&a, &layout, unit);
        let starts_by = |r: &RowCells| matches!(r, RowCells::Pair([Cell::Text { range, .. }, _]) if range.start <= at);
        assert_eq!(row, expected.iter().rposition(starts_by).unwrap());
        assert!(
            layout.cache[&unit].rest.is_some(),
            "not wrapped to the end for it"
        );
    }

    #[test]
    fn pane_widths_follow_the_render_rule() {
        assert_eq!(geometry(100, Mode::Side).pane_widths(), [48, 49]);
        assert_eq!(geometry(80, Mode::Swapped).pane_widths(), [38, 39]);
        assert_eq!(geometry(80, Mode::Stacked).pane_widths(), [80, 80]);
    }

    #[test]
    fn pairs_start_on_the_same_row_and_take_the_taller_side() {
        let a = article(vec![Block::paragraph(Bilingual::new(
            Some("one two three four five six seven".into()),
            Some("短い".into()),
        ))]);
        let mut layout = Layout::new(&a, geometry(23, Mode::Side));
        // 23 - 3 = 20: panes of 10 cells.
        let rows = layout.rows(&a, Position::at_unit(1), 10);
        assert_eq!(rows.len(), 5, "4 English lines and a gap");
        let RowCells::Pair([left, right]) = &rows[0].cells else {
            panic!("{rows:?}")
        };
        assert_eq!(layout.cell_text(&a, 1, left), "one two");
        assert_eq!(layout.cell_text(&a, 1, right), "短い");
        assert!(matches!(
            &rows[1].cells,
            RowCells::Pair([Cell::Text { .. }, Cell::Empty])
        ));
        assert_eq!(rows[4].cells, RowCells::Gap);
    }

    #[test]
    fn missing_sides_show_placeholders() {
        let a = article(vec![Block::paragraph(Bilingual::en("Only English"))]);
        let text = render_plain(&a, geometry(60, Mode::Side));
        assert!(text.contains("Only English"), "{text}");
        assert!(text.contains("（日本語訳なし）"), "{text}");
        let ja_only = render_plain(&a, geometry(60, Mode::Ja));
        assert!(ja_only.contains("（日本語訳なし）"), "{ja_only}");
        assert!(!ja_only.contains("Only English"));
    }

    #[test]
    fn stacked_puts_japanese_under_english_behind_a_rule() {
        let a = article(vec![Block::paragraph(Bilingual::new(
            Some("Hello".into()),
            Some("こんにちは、世界".into()),
        ))]);
        let text = render_plain(&a, geometry(12, Mode::Stacked));
        assert_eq!(
            text, "Title\n│ 題名\n\nHello\n│ こんにち\n│ は、世界\n\n",
            "the partner wraps in 12 - 2 cells, and no line starts with 、"
        );
        let wide = Geometry {
            policy: AmbiguousWidth::Wide,
            ..geometry(40, Mode::Stacked)
        };
        assert!(render_plain(&a, wide).contains("\n| こんにちは、世界\n"));
    }

    #[test]
    fn render_lines_never_exceed_the_width() {
        let a = article(vec![
            Block::paragraph(Bilingual::new(
                Some("A long English paragraph with https://example.com/a/very/long/url/that/never/ends".into()),
                Some("「こんにちは」と言った。吾輩は猫である。名前はまだ無い。".into()),
            )),
            Block::heading(1, Bilingual::ja("見出し")),
        ]);
        for width in [8, 20, 61, 100] {
            for mode in Mode::ALL {
                let text = render_plain(&a, geometry(width, mode));
                for line in text.lines() {
                    assert!(
                        str_width(line, AmbiguousWidth::Narrow) <= width,
                        "{mode:?} {width}: {line:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn scrolling_walks_units_and_stops_at_the_ends() {
        let blocks = (0..5)
            .map(|i| Block::paragraph(Bilingual::en(format!("paragraph {i}"))))
            .collect();
        let a = article(blocks);
        let mut layout = Layout::new(&a, geometry(80, Mode::En));
        // Title (1 row + gap), then five paragraphs of one row and a gap.
        let start = Position::default();
        assert_eq!(layout.scroll(&a, start, 3), Position { unit: 1, row: 1 });
        assert_eq!(layout.scroll(&a, start, -3), start);
        let end = layout.scroll(&a, start, 1000);
        assert_eq!(end, Position { unit: 5, row: 1 });
        assert_eq!(end, layout.last_position(&a));
        assert_eq!(layout.scroll(&a, end, -11), start);
        assert_eq!(layout.distance(&a, start, end, 11), Some(11));
        assert_eq!(layout.distance(&a, end, start, 100), Some(-11));
        assert_eq!(layout.distance(&a, start, end, 10), None);
        assert_eq!(layout.distance(&a, end, start, 3), None);
    }

    #[test]
    fn geometry_change_rewraps() {
        let a = article(vec![Block::paragraph(Bilingual::en("one two three four"))]);
        let mut layout = Layout::new(&a, geometry(80, Mode::En));
        assert_eq!(layout.unit_height(&a, 1), 2);
        layout.set_geometry(geometry(9, Mode::En));
        assert_eq!(layout.unit_height(&a, 1), 4, "one two / three / four / gap");
    }
}
