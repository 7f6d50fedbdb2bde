//! The headings screen: the article's headings and section headings, English | Japanese.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

use super::{StatusBar, line, paint};
use crate::app::{App, areas, credit_lines, row_height, shown_headings};
use crate::config::Theme;
use crate::headings::{self, HeadingRow, MISSING};
use crate::keymap::{Command, Context};
use crate::text::AmbiguousWidth;

/// The keys the status bar names, the most useful first (the last give way first).
const HINTS: [Command; 4] = [Command::Open, Command::Filter, Command::Help, Command::Back];

pub fn render(app: &App, buffer: &mut Buffer) {
    let credit = credit_lines(app);
    let areas = areas::headings(buffer.area, credit.len());
    let theme = app.config.theme();
    let policy = app.config.ambiguous;
    let (rows, shown) = shown_headings(app);
    let title = app
        .reader
        .as_ref()
        .map_or("", |r| r.article.display_title());
    let bar = match app.headings.filter.as_str() {
        "" => format!(" headings — {title}"),
        filter => format!(" headings (filter: {filter}) — {title}"),
    };
    line(buffer, areas.title, &bar, theme.title_bar, policy);
    let widths = areas.columns;
    let header = Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
    let names = headings::header_cells(widths, policy);
    draw_cells(buffer, areas.header, &names, widths, [header; 3], policy);
    table(app, &rows, &shown, buffer, (areas.table, widths));
    let foot = footer(app, &rows, &shown);
    line(buffer, areas.footer, &foot, theme.note, policy);
    for (text, y) in credit.iter().zip(areas.credit.top()..areas.credit.bottom()) {
        let row = Rect::new(areas.credit.x, y, areas.credit.width, 1);
        line(buffer, row, &format!(" {text}"), theme.note, policy);
    }
    let status = StatusBar {
        left: super::prompt_or_message(app),
        context: Context::Headings,
        commands: &HINTS,
    };
    status.draw(app, buffer, areas.status);
}

/// The shown rows from the list's offset, each as tall as its longest wrapped cell; a row that
/// does not fit whole is left for the next screen (unless it is the first).
fn table(
    app: &App,
    rows: &[HeadingRow],
    shown: &[usize],
    buffer: &mut Buffer,
    (area, widths): (Rect, [usize; 3]),
) {
    let theme = app.config.theme();
    let policy = app.config.ambiguous;
    let height = row_height(app, rows, shown);
    let drawn = app
        .headings
        .whole_rows(shown.len(), usize::from(area.height), &height);
    let mut y = area.y;
    for index in drawn {
        let row = &rows[shown[index]];
        let cells = headings::cells(row, widths, policy);
        let height = u16::try_from(height(index)).unwrap_or(u16::MAX);
        let base = if index == app.headings.selected {
            theme.selected
        } else {
            theme.text
        };
        let row_area = Rect::new(area.x, y, area.width, height).intersection(area);
        buffer.set_style(row_area, base);
        draw_cells(
            buffer,
            row_area,
            &cells,
            widths,
            row_styles(row, base, theme),
            policy,
        );
        y += height;
    }
}

/// The label, English and Japanese styles of a row: headings stand out, a missing side is
/// dimmed, and the label of a mismatched row is flagged.
fn row_styles(row: &HeadingRow, base: Style, theme: &Theme) -> [Style; 3] {
    let text = if row.level > 0 {
        theme.heading.patch(base)
    } else {
        base
    };
    let side = |present: bool| {
        if present {
            text
        } else {
            theme.missing.patch(base)
        }
    };
    let label = if row.mismatch.is_some() {
        theme.current_match.patch(base)
    } else {
        theme.note.patch(base)
    };
    [label, side(row.en.is_some()), side(row.ja.is_some())]
}

/// Under the table: why the selected row is flagged, else a count of one-sided headings.
fn footer(app: &App, rows: &[HeadingRow], shown: &[usize]) -> String {
    let selected = shown.get(app.headings.selected).map(|&i| &rows[i]);
    if let Some(reason) = selected.and_then(|r| r.mismatch.as_deref()) {
        return format!(" ! {reason}");
    }
    let missing = rows
        .iter()
        .filter(|r| r.en.is_none() != r.ja.is_none())
        .count();
    format!(
        " {} headings, {missing} with one side {MISSING}",
        rows.len()
    )
}

/// Cells in their columns from the top of `area`, a rule between columns, cut at its bottom.
fn draw_cells(
    buffer: &mut Buffer,
    area: Rect,
    cells: &[Vec<String>; 3],
    widths: [usize; 3],
    styles: [Style; 3],
    policy: AmbiguousWidth,
) {
    let height = cells.iter().map(Vec::len).max().unwrap_or(1);
    let rule = crate::layout::gutter(policy).trim();
    let mut x = area.x + 1;
    for (column, ((lines, width), style)) in cells.iter().zip(widths).zip(styles).enumerate() {
        let width = u16::try_from(width).unwrap_or(u16::MAX);
        for (i, y) in (area.top()..area.bottom()).take(height).enumerate() {
            if column > 0 {
                let at = Rect::new(x.saturating_sub(2), y, 1, 1);
                paint(buffer, at, &[(rule, style)], policy);
            }
            if let Some(text) = lines.get(i) {
                paint(buffer, Rect::new(x, y, width, 1), &[(text, style)], policy);
            }
        }
        x += width + 3;
    }
}
