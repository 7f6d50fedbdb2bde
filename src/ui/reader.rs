//! The reader: a title bar with both titles, the aligned panes, and a status bar.

use std::fmt::Write;
use std::ops::Range;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::paint;
use crate::app::{self, App, MARGIN, Purpose, Reader};
use crate::article::{BlockKind, HeadingField, NO_JAPANESE_TITLE, Side};
use crate::config::Theme;
use crate::keymap::{Command, Context};
use crate::layout::{Cell, GUTTER_WIDTH, Row, RowCells, Unit, gutter};
use crate::text::{AmbiguousWidth, truncate_to};

/// The mark of a bookmarked paragraph, beside its first line in each pane.
const BOOKMARK: &str = "*";

/// The current paragraph's mark in the margin; block elements are East Asian Ambiguous, so an
/// ASCII mark stands in where those are drawn wide.
fn marker(policy: AmbiguousWidth) -> &'static str {
    match policy {
        AmbiguousWidth::Narrow => "▌",
        AmbiguousWidth::Wide => ">",
    }
}

pub fn render(app: &App, reader: &Reader, frame: &mut Frame) {
    let area = frame.area();
    let buffer = frame.buffer_mut();
    let theme = &app.config.theme;
    title_bar(
        reader,
        theme,
        buffer,
        Rect::new(area.x, area.y, area.width, 1),
    );
    let panes = Rect::new(
        area.x,
        area.y + 1,
        area.width,
        area.height.saturating_sub(2),
    );
    for (i, row) in reader.rows.iter().enumerate() {
        let y = panes.y + u16::try_from(i).unwrap_or(u16::MAX);
        if y >= panes.bottom() {
            break;
        }
        draw_row(
            app,
            reader,
            row,
            buffer,
            Rect::new(panes.x, y, panes.width, 1),
        );
    }
    let status = Rect::new(area.x, area.bottom().saturating_sub(1), area.width, 1);
    status_bar(app, reader, buffer, status);
}

fn fill(buffer: &mut Buffer, area: Rect, style: Style) {
    buffer.set_style(area.intersection(buffer.area), style);
}

fn title_bar(reader: &Reader, theme: &Theme, buffer: &mut Buffer, area: Rect) {
    fill(buffer, area, theme.title_bar);
    let title = &reader.article.headings.title;
    let en = title
        .en
        .as_deref()
        .unwrap_or(reader.article.display_title());
    let ja = title.ja.as_deref().unwrap_or(NO_JAPANESE_TITLE);
    let geometry = reader.layout.geometry();
    let policy = geometry.policy;
    let inner = Rect::new(
        area.x + MARGIN,
        area.y,
        area.width.saturating_sub(MARGIN),
        1,
    );
    if geometry.mode.is_side_by_side() {
        let [left, _] = geometry.pane_widths();
        let left = u16::try_from(left).unwrap_or(u16::MAX);
        let (first, second) = match reader.layout.geometry().mode.sides()[0] {
            Side::En => (en, ja),
            Side::Ja => (ja, en),
        };
        let left_area = Rect::new(inner.x, inner.y, left, 1);
        let right_x = inner.x + left + u16::try_from(GUTTER_WIDTH).unwrap_or(3);
        let right_area = Rect::new(right_x, inner.y, inner.right().saturating_sub(right_x), 1);
        paint(
            buffer,
            left_area,
            &[(
                &truncate_to(first, usize::from(left), policy),
                theme.title_bar,
            )],
            policy,
        );
        let width = usize::from(right_area.width);
        paint(
            buffer,
            right_area,
            &[(&truncate_to(second, width, policy), theme.title_bar)],
            policy,
        );
    } else {
        let both = format!("{en}  ·  {ja}");
        let text = truncate_to(&both, usize::from(inner.width), policy);
        paint(buffer, inner, &[(&text, theme.title_bar)], policy);
    }
}

fn draw_row(app: &App, reader: &Reader, row: &Row, buffer: &mut Buffer, area: Rect) {
    let theme = &app.config.theme;
    let geometry = reader.layout.geometry();
    let unit = row.position.unit;
    let current = unit == reader.cursor && row.cells != RowCells::Gap;
    let background = if current {
        theme.current
    } else {
        Style::default()
    };
    fill(buffer, area, background);
    if current {
        paint(
            buffer,
            Rect::new(area.x, area.y, 1, 1),
            &[(marker(geometry.policy), theme.marker)],
            geometry.policy,
        );
    }
    let bookmarked = row.position.row == 0
        && matches!(reader.layout.unit(unit), Unit::Block(b) if reader.marked.binary_search(&b).is_ok());
    let bookmark = [(BOOKMARK, theme.marker.patch(background))];
    if bookmarked {
        paint(
            buffer,
            Rect::new(area.x + 1, area.y, 1, 1),
            &bookmark,
            geometry.policy,
        );
    }
    let x = area.x + MARGIN;
    let [left_width, right_width] = geometry
        .pane_widths()
        .map(|w| u16::try_from(w).unwrap_or(u16::MAX));
    match &row.cells {
        RowCells::Pair([left, right]) => {
            draw_cell(
                app,
                reader,
                unit,
                left,
                buffer,
                Rect::new(x, area.y, left_width, 1),
                background,
            );
            let gutter_x = x + left_width;
            let gutter_area = Rect::new(
                gutter_x,
                area.y,
                u16::try_from(GUTTER_WIDTH).unwrap_or(3),
                1,
            );
            paint(
                buffer,
                gutter_area,
                &[(gutter(geometry.policy), theme.gutter.patch(background))],
                geometry.policy,
            );
            if bookmarked {
                // The right pane's mark: the gutter's last cell, just before its text.
                let mark = Rect::new(gutter_x + gutter_area.width - 1, area.y, 1, 1);
                paint(buffer, mark, &bookmark, geometry.policy);
            }
            let right_x = gutter_x + gutter_area.width;
            draw_cell(
                app,
                reader,
                unit,
                right,
                buffer,
                Rect::new(right_x, area.y, right_width, 1),
                background,
            );
        }
        RowCells::Single(cell) => {
            draw_cell(
                app,
                reader,
                unit,
                cell,
                buffer,
                Rect::new(x, area.y, left_width, 1),
                background,
            );
        }
        RowCells::Gap if geometry.mode.is_side_by_side() => {
            let gutter_area = Rect::new(
                x + left_width,
                area.y,
                u16::try_from(GUTTER_WIDTH).unwrap_or(3),
                1,
            );
            paint(
                buffer,
                gutter_area,
                &[(gutter(geometry.policy), theme.gutter)],
                geometry.policy,
            );
        }
        RowCells::Gap => {}
    }
}

fn draw_cell(
    app: &App,
    reader: &Reader,
    unit: usize,
    cell: &Cell,
    buffer: &mut Buffer,
    area: Rect,
    background: Style,
) {
    let theme = &app.config.theme;
    let policy = reader.layout.geometry().policy;
    let text = reader.layout.cell_text(&reader.article, unit, cell);
    match cell {
        Cell::Empty => {}
        Cell::Missing { .. } => {
            paint(
                buffer,
                area,
                &[(text, theme.missing.patch(background))],
                policy,
            );
        }
        Cell::Text { side, range } => {
            let base = unit_style(reader, unit, theme).patch(background);
            let pieces = highlight(reader, theme, unit, *side, range, text, base);
            let pieces: Vec<(&str, Style)> = pieces.iter().map(|(t, s)| (*t, *s)).collect();
            paint(buffer, area, &pieces, policy);
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

/// A line of text cut into pieces at search matches, each with its style.
fn highlight<'t>(
    reader: &Reader,
    theme: &Theme,
    unit: usize,
    side: Side,
    line: &Range<usize>,
    text: &'t str,
    base: Style,
) -> Vec<(&'t str, Style)> {
    let search = &reader.search;
    let mut pieces = Vec::new();
    let mut at = line.start;
    // Matches are in document order: only this unit's are looked at.
    let all = &search.matches;
    let first = all.partition_point(|m| m.unit < unit);
    let end = all.partition_point(|m| m.unit <= unit);
    let matches = all[first..end]
        .iter()
        .enumerate()
        .map(|(i, m)| (first + i, m))
        .filter(|(_, m)| m.side == side)
        .filter(|(_, m)| m.range.start < line.end && m.range.end > line.start);
    for (index, found) in matches {
        let start = found.range.start.max(at);
        let end = found.range.end.min(line.end);
        if start > at {
            pieces.push((&text[at - line.start..start - line.start], base));
        }
        let style = if search.current == Some(index) {
            theme.current_match
        } else {
            theme.match_
        };
        pieces.push((
            &text[start - line.start..end - line.start],
            base.patch(style),
        ));
        at = end;
    }
    if at < line.end {
        pieces.push((&text[at - line.start..], base));
    }
    pieces
}

fn status_bar(app: &App, reader: &Reader, buffer: &mut Buffer, area: Rect) {
    let theme = &app.config.theme;
    fill(buffer, area, theme.status_bar);
    let (paragraph, paragraphs) = app::paragraph_number(reader);
    let mode = reader.layout.geometry().mode.name();
    let mut left = format!(
        " ¶{paragraph}/{paragraphs} {}% {mode}",
        app::percent(reader)
    );
    if app.message.is_none() {
        match current_section(reader) {
            Some(section) => {
                let _ = write!(left, " · § {section}");
            }
            None => {
                let _ = write!(left, " · {}", short_title(reader));
            }
        }
    }
    let search = &reader.search;
    if let Some(prompt) = &app.prompt {
        left = super::prompt_line(prompt, area.width, app.config.ambiguous).0;
        if prompt.purpose == Purpose::Search {
            let _ = write!(left, " {}", match_count(reader));
        }
    } else if !search.query.is_empty() {
        let _ = write!(left, "  /{} {}", search.query, match_count(reader));
    }
    if let Some(message) = &app.message {
        // A message takes the title's place: it is what the reader needs to see now.
        left.push_str("  ");
        left.push_str(message);
    }
    let hints = hints(app);
    let width = usize::from(area.width);
    let policy = app.config.ambiguous;
    let left_width = crate::text::str_width(&left, policy);
    let hint_width: usize = hints
        .iter()
        .map(|(k, d)| crate::text::str_width(k, policy) + crate::text::str_width(d, policy))
        .sum();
    let used = paint(
        buffer,
        area,
        &[(&truncate_to(&left, width, policy), theme.status_bar)],
        policy,
    );
    if left_width + hint_width + 2 <= width {
        let x = area.right() - u16::try_from(hint_width + 1).unwrap_or(0);
        let pieces: Vec<(&str, Style)> = hints
            .iter()
            .flat_map(|(k, d)| {
                [
                    (k.as_str(), theme.hint_key.patch(theme.status_bar)),
                    (d.as_str(), theme.status_bar),
                ]
            })
            .collect();
        paint(
            buffer,
            Rect::new(x.max(area.x + used), area.y, area.right() - x, 1),
            &pieces,
            policy,
        );
    }
}

/// The heading of the section the current paragraph is in, in both languages.
fn current_section(reader: &Reader) -> Option<String> {
    let Unit::Block(block) = reader.layout.unit(reader.cursor) else {
        return None;
    };
    crate::headings::section_of(&reader.article, block)?.joined()
}

fn short_title(reader: &Reader) -> String {
    truncate_to(
        reader.article.display_title(),
        24,
        reader.layout.geometry().policy,
    )
}

fn match_count(reader: &Reader) -> String {
    let search = &reader.search;
    match (search.current, search.matches.len()) {
        (_, 0) if search.query.is_empty() => String::new(),
        (_, 0) => "[no match]".to_owned(),
        (Some(current), total) => format!("[{}/{total}]", current + 1),
        (None, total) => format!("[{total}]"),
    }
}

/// Key hints from the active keymap: `(key, " word  ")` pairs.
fn hints(app: &App) -> Vec<(String, String)> {
    let keymap = &app.config.keymap;
    let show = [
        Command::ScrollDown,
        Command::NextParagraph,
        Command::CycleLayout,
        Command::Search,
        Command::Help,
        Command::Back,
    ];
    show.iter()
        .filter_map(|&command| {
            let key = keymap.keys(Context::Reader, command).first()?;
            Some((key.to_string(), format!(" {}  ", command.hint())))
        })
        .collect()
}
