//! The reader: a title bar with both titles, the aligned panes, and a status bar.

use std::fmt::Write;
use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::{StatusBar, paint};
use crate::app::areas::{self, Columns};
use crate::app::{self, App, Lit, Purpose, Reader};
use crate::article::{BlockKind, HeadingField, Ruby, Side};
use crate::config::Theme;
use crate::keymap::{Command, Context};
use crate::layout::{Cell, Row, RowCells, Unit, gutter, indent_of, partner_rule, ruby, ruby_of};
use crate::text::{AmbiguousWidth, truncate_to};

/// The mark of a bookmarked paragraph, beside its first line in each pane.
const BOOKMARK: &str = "*";
/// The mark of a paragraph with a sentence pair the aligner was unsure of, where no bookmark
/// mark is.
const UNSURE: &str = "?";
/// The mark of a paragraph shown by paragraph rows while sentence rows are on (its pairs are
/// not known), where no other mark is; `¶` is East Asian Ambiguous.
fn paragraph_rows_mark(policy: AmbiguousWidth) -> &'static str {
    match policy {
        AmbiguousWidth::Narrow => "¶",
        AmbiguousWidth::Wide => ":",
    }
}

/// The keys the status bar names, the most useful first (the last give way first).
const HINTS: [Command; 6] = [
    Command::ScrollDown,
    Command::NextParagraph,
    Command::CycleLayout,
    Command::Search,
    Command::Help,
    Command::Back,
];

/// The current paragraph's mark in the margin; block elements are East Asian Ambiguous, so an
/// ASCII mark stands in where those are drawn wide.
fn marker(policy: AmbiguousWidth) -> &'static str {
    match policy {
        AmbiguousWidth::Narrow => "▌",
        AmbiguousWidth::Wide => ">",
    }
}

pub fn render(app: &App, reader: &Reader, buffer: &mut Buffer) {
    let areas = areas::reader(buffer.area);
    title_bar(reader, app.config.theme(), buffer, areas.title);
    let columns = Columns::of(areas.panes, &reader.layout.geometry());
    let lit = reader.lit_sentences();
    for (row, y) in reader
        .rows
        .iter()
        .zip(areas.panes.top()..areas.panes.bottom())
    {
        draw_row(app, (reader, lit.as_ref()), row, buffer, &columns.on_row(y));
    }
    let status = StatusBar {
        left: status_text(app, reader),
        context: Context::Reader,
        commands: &HINTS,
    };
    status.draw(app, buffer, areas.status);
}

fn title_bar(reader: &Reader, theme: &Theme, buffer: &mut Buffer, area: Rect) {
    buffer.set_style(area.intersection(buffer.area), theme.title_bar);
    let [en, ja] = reader.article.title_sides();
    let geometry = reader.layout.geometry();
    let policy = geometry.policy;
    let columns = Columns::of(area, &geometry);
    let put = |buffer: &mut Buffer, area: Rect, text: &str| {
        let text = truncate_to(text, usize::from(area.width), policy);
        paint(buffer, area, &[(&text, theme.title_bar)], policy);
    };
    if geometry.mode.is_side_by_side() {
        let (first, second) = match geometry.mode.sides()[0] {
            Side::En => (en, ja),
            Side::Ja => (ja, en),
        };
        put(buffer, columns.left, first);
        let right = Rect {
            x: columns.gutter.right(),
            width: area.right().saturating_sub(columns.gutter.right()),
            ..columns.right
        };
        put(buffer, right, second);
    } else {
        let whole = Rect {
            width: area.right().saturating_sub(columns.left.x),
            ..columns.left
        };
        put(buffer, whole, &format!("{en}  ·  {ja}"));
    }
}

/// One row of the panes: its background, its margin marks, the gutter, then its cells.
fn draw_row(
    app: &App,
    (reader, lit): (&Reader, Option<&Lit>),
    row: &Row,
    buffer: &mut Buffer,
    columns: &Columns,
) {
    let theme = app.config.theme();
    let unit = row.position.unit;
    let current = unit == reader.cursor && row.cells != RowCells::Gap;
    let painter = RowPainter {
        app,
        reader,
        lit,
        unit,
        background: if current {
            theme.current
        } else {
            Style::default()
        },
    };
    let whole = Rect {
        width: columns.right.right() - columns.marker.x,
        ..columns.marker
    };
    buffer.set_style(whole.intersection(buffer.area), painter.background);
    if current {
        let marker = marker(painter.policy());
        painter.put(buffer, columns.marker, marker, theme.marker);
    }
    let first_row_of = match reader.layout.unit(unit) {
        Unit::Block(b) if row.position.row == 0 => Some(b),
        _ => None,
    };
    let bookmarked = first_row_of.is_some_and(|b| reader.bookmarked.binary_search(&b).is_ok());
    let unsure = first_row_of.is_some_and(|b| reader.article.blocks[b].has_unsure_pair());
    let mark_style = theme.marker.patch(painter.background);
    if bookmarked {
        painter.put(buffer, columns.bookmark, BOOKMARK, mark_style);
    } else if unsure {
        let style = theme.gutter.patch(painter.background);
        painter.put(buffer, columns.bookmark, UNSURE, style);
    } else if first_row_of.is_some_and(|b| by_paragraph_in_sentence_rows(reader, b)) {
        let style = theme.gutter.patch(painter.background);
        let mark = paragraph_rows_mark(painter.policy());
        painter.put(buffer, columns.bookmark, mark, style);
    }
    let rule_style = if row.cells == RowCells::Gap {
        theme.gutter
    } else {
        theme.gutter.patch(painter.background)
    };
    if reader.layout.geometry().mode.is_side_by_side() {
        painter.put(buffer, columns.gutter, gutter(painter.policy()), rule_style);
    }
    match &row.cells {
        RowCells::Pair([left, right]) => {
            painter.cell(buffer, left, columns.left);
            if bookmarked {
                // The right pane's mark: the gutter's last cell, just before its text.
                let at = Rect::new(columns.gutter.right() - 1, columns.gutter.y, 1, 1);
                painter.put(buffer, at, BOOKMARK, mark_style);
            }
            painter.cell(buffer, right, columns.right);
        }
        RowCells::Single(cell) => painter.cell(buffer, cell, columns.left),
        RowCells::Partner(cell) => painter.partner(buffer, cell, columns.left, rule_style),
        RowCells::Gap => {}
    }
}

/// Whether block `block` of a paragraph in both languages is shown by paragraph rows although
/// sentence rows are on.
fn by_paragraph_in_sentence_rows(reader: &Reader, block: usize) -> bool {
    let block = &reader.article.blocks[block];
    reader.layout.geometry().lays_out_sentences()
        && block.kind == BlockKind::Paragraph
        && block.text.en.is_some()
        && block.text.ja.is_some()
        && crate::sentence::row_pairs(block).is_none()
}

/// What every piece of one row is drawn with.
struct RowPainter<'a> {
    app: &'a App,
    reader: &'a Reader,
    /// The lit sentences, found once for the frame.
    lit: Option<&'a Lit>,
    unit: usize,
    background: Style,
}

impl RowPainter<'_> {
    fn policy(&self) -> AmbiguousWidth {
        self.reader.layout.geometry().policy
    }

    /// Our own text (a mark, the gutter) at the left of `area`.
    fn put(&self, buffer: &mut Buffer, area: Rect, text: &str, style: Style) {
        paint(buffer, area, &[(text, style)], self.policy());
    }

    /// A stacked pair's second language: the partner rule, then its text, indented.
    fn partner(&self, buffer: &mut Buffer, cell: &Cell, area: Rect, rule_style: Style) {
        let indent = self.reader.layout.geometry().partner_indent();
        if indent > 0 {
            self.put(buffer, area, partner_rule(self.policy()), rule_style);
        }
        let indent = u16::try_from(indent).unwrap_or(0);
        let text = Rect {
            x: area.x + indent,
            width: area.width.saturating_sub(indent),
            ..area
        };
        self.cell(buffer, cell, text);
    }

    /// A pane's line: the unit's text with its search matches lit, or a missing side's
    /// placeholder.
    fn cell(&self, buffer: &mut Buffer, cell: &Cell, area: Rect) {
        let (reader, theme) = (self.reader, self.app.config.theme());
        let text = reader.layout.cell_text(&reader.article, self.unit, cell);
        match cell {
            Cell::Empty => {}
            Cell::Missing { .. } => {
                self.put(buffer, area, text, theme.missing.patch(self.background));
            }
            Cell::Text { side, range } => {
                let unit = reader.layout.unit(self.unit);
                let geometry = reader.layout.geometry();
                let indent = indent_of(&reader.article, unit, *side, &geometry);
                let cells = u16::try_from(indent).unwrap_or(0).min(area.width);
                let area = Rect {
                    x: area.x + cells,
                    width: area.width - cells,
                    ..area
                };
                let base = unit_style(reader, self.unit, theme).patch(self.background);
                let line = Line {
                    side: *side,
                    range,
                    text,
                };
                let pane = geometry.ruby_pane(*side, indent);
                let readings: Vec<&Ruby> =
                    ruby_of(&reader.article, reader.layout.unit(self.unit), *side)
                        .map(|block| ruby::on_line(block, range, pane).collect())
                        .unwrap_or_default();
                let ends: Vec<usize> = readings.iter().map(|r| r.base.end).collect();
                let pieces = highlight(reader, self.lit, theme, self.unit, &line, base, &ends);
                let pieces = with_readings(pieces, range.start, &readings, theme.ruby);
                paint(buffer, area, &pieces, self.policy());
            }
        }
    }
}

fn unit_style(reader: &Reader, unit: usize, theme: &Theme) -> Style {
    match reader.layout.unit(unit) {
        Unit::Heading(HeadingField::Series | HeadingField::Title) => theme.heading,
        Unit::Heading(_) => theme.note,
        Unit::Block(block) => match reader.article.blocks[block].kind {
            BlockKind::Heading { .. } => theme.heading,
            BlockKind::Note => theme.note,
            BlockKind::Paragraph => theme.text,
        },
    }
}

/// A line of text cut into pieces, each with its style: the lit sentences under the search
/// matches.
fn highlight<'t>(
    reader: &Reader,
    lit: Option<&Lit>,
    theme: &Theme,
    unit: usize,
    &Line {
        side,
        range: line,
        text,
    }: &Line<'_, 't>,
    base: Style,
    cuts: &[usize],
) -> Vec<(&'t str, Style)> {
    let mut layers: Vec<(Range<usize>, Style)> = Vec::new();
    if let (Unit::Block(block), Side::Ja) = (reader.layout.unit(unit), side) {
        let emphasis = reader.article.blocks[block].emphasis().iter();
        layers.extend(emphasis.map(|e| (e.0.clone(), theme.emphasis)));
    }
    if let Some(lit) = lit.filter(|lit| lit.unit == unit) {
        let partners = lit.partners.iter().map(|p| (p, theme.partner));
        let current = std::iter::once((&lit.current, theme.sentence));
        for ((on, range), style) in partners.chain(current) {
            if *on == side {
                layers.push((range.clone(), style));
            }
        }
    }
    let search = &reader.search;
    // Matches are in document order: only this unit's are looked at.
    let all = search.matches();
    let first = all.partition_point(|m| m.unit < unit);
    let end = all.partition_point(|m| m.unit <= unit);
    for (index, found) in all[first..end].iter().enumerate() {
        if found.side == side && found.range.start < line.end && found.range.end > line.start {
            let style = if search.current == Some(first + index) {
                theme.current_match
            } else {
                theme.match_
            };
            layers.push((found.range.clone(), style));
        }
    }
    styled_pieces(text, line, base, &layers, cuts)
}

/// The pieces of a line starting at byte `start`, each reading in `readings` (their bases'
/// ends cut between pieces) put after its base in parentheses, in the base's style under
/// `style`.
fn with_readings<'t>(
    pieces: Vec<(&'t str, Style)>,
    start: usize,
    readings: &[&'t Ruby],
    style: Style,
) -> Vec<(&'t str, Style)> {
    if readings.is_empty() {
        return pieces;
    }
    let mut out = Vec::with_capacity(pieces.len() + 3 * readings.len());
    let (mut at, mut next) = (start, readings.iter().peekable());
    for (text, piece_style) in pieces {
        at += text.len();
        out.push((text, piece_style));
        while let Some(ruby) = next.next_if(|r| r.base.end <= at) {
            let reading = piece_style.patch(style);
            out.extend([
                (ruby::OPEN, reading),
                (ruby.reading.as_str(), reading),
                (ruby::CLOSE, reading),
            ]);
        }
    }
    out
}

/// One line of a pane: its side, its byte range in the unit's text, and that text.
struct Line<'r, 't> {
    side: Side,
    range: &'r Range<usize>,
    text: &'t str,
}

/// `text` (the line `line` of its unit's text) cut where any layer starts or ends, each piece
/// in `base` patched by every layer over it, later layers on top.
fn styled_pieces<'t>(
    text: &'t str,
    line: &Range<usize>,
    base: Style,
    layers: &[(Range<usize>, Style)],
    also_at: &[usize],
) -> Vec<(&'t str, Style)> {
    let mut cuts = vec![line.start, line.end];
    cuts.extend(also_at.iter().filter(|&&at| line.contains(&at)));
    for (range, _) in layers {
        for at in [range.start, range.end] {
            if line.contains(&at) {
                cuts.push(at);
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts.windows(2)
        .map(|piece| {
            let style = layers
                .iter()
                .filter(|(range, _)| range.start <= piece[0] && piece[1] <= range.end)
                .fold(base, |style, (_, layer)| style.patch(*layer));
            (&text[piece[0] - line.start..piece[1] - line.start], style)
        })
        .collect()
}

/// The status bar's text: the prompt; else where the reader is (the paragraph, the position
/// and the layout), the search, and the current section (or the title) — or, in its place, a
/// message, which is what the reader needs to see now and so comes before the position and the
/// layout when the bar is narrow.
fn status_text(app: &App, reader: &Reader) -> String {
    if let Some(prompt) = app.prompt() {
        let mut text = super::prompt_line(prompt, app.width, app.config.ambiguous).0;
        if prompt.purpose == Purpose::Search {
            let _ = write!(text, " {}", match_count(reader));
        }
        return text;
    }
    let (paragraph, paragraphs) = app::paragraph_number(reader);
    let paragraph = paragraph.map_or_else(|| "–".to_owned(), |p| p.to_string());
    // A preview knows neither how many paragraphs the whole has nor how far into it it is.
    let previewed = app.awaited.article.as_ref().map(|preview| preview.bytes);
    let paragraphs = match previewed {
        Some(_) => "…".to_owned(),
        None => paragraphs.to_string(),
    };
    let mut text = format!(" ¶{paragraph}/{paragraphs}");
    if let Some((sentence, sentences)) = reader.sentence_place() {
        let _ = write!(text, " · s{sentence}/{sentences}");
    }
    let cue = reader
        .current_block()
        .and_then(|b| reader.article.blocks[b].cue());
    if let Some(cue) = cue {
        let _ = write!(text, " · {}", cue.label());
    }
    let mode = reader.layout.geometry().mode.name();
    // The terminal selects text while the reader leaves the mouse to it.
    let mode = if app.mouse {
        mode.to_owned()
    } else {
        format!("{mode} · mouse off")
    };
    let place = match previewed {
        Some(bytes) => format!(" reading {}… {mode}", megabytes(bytes)),
        None => format!(" {}% {mode}", app::percent(reader)),
    };
    let search = &reader.search;
    let search = if search.query.is_empty() {
        String::new()
    } else {
        format!("  /{} {}", search.query, match_count(reader))
    };
    match (&app.message, current_section(reader)) {
        (Some(message), _) if usize::from(app.width) < MESSAGE_BESIDE_PLACE => {
            let _ = write!(text, "{search}  {message}");
        }
        (Some(message), _) => {
            let _ = write!(text, "{place}{search}  {message}");
        }
        (None, Some(section)) => {
            let _ = write!(text, "{place}{search} · § {section}");
        }
        (None, None) => {
            let _ = write!(text, "{place}{search} · {}", reader.article.display_title());
        }
    }
    text
}

/// A file size as the status bar says it: `9.5 MB`.
fn megabytes(bytes: u64) -> String {
    #[allow(clippy::cast_precision_loss)]
    let megabytes = bytes as f64 / 1e6;
    format!("{megabytes:.1} MB")
}

/// Below this width a message leaves out the position and the layout, to be read whole.
const MESSAGE_BESIDE_PLACE: usize = 60;

/// The heading of the section the current paragraph is in, in both languages.
fn current_section(reader: &Reader) -> Option<String> {
    let block = reader.current_block()?;
    crate::headings::section_of(&reader.article, block)?.joined()
}

fn match_count(reader: &Reader) -> String {
    let search = &reader.search;
    let count = match (search.current, search.matches().len()) {
        (_, 0) if search.query.is_empty() => return String::new(),
        (_, 0) if search.scanning().is_some() => String::new(),
        (_, 0) => return "[no match]".to_owned(),
        (Some(current), total) => format!("{}/{total}", current + 1),
        (None, total) => format!("{total}"),
    };
    match search.scanning() {
        Some(percent) if count.is_empty() => format!("[searching {percent}%]"),
        Some(percent) => format!("[{count}+ · {percent}%]"),
        None => format!("[{count}]"),
    }
}
