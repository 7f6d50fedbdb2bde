//! The headings screen: the article's headings and section headings, English | Japanese.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

use super::{line, paint, status_or};
use crate::app::{App, heading_rows, shown_headings};
use crate::headings::{self, MISSING};
use crate::keymap::{Command, Context};
use crate::text::AmbiguousWidth;

pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    let theme = &app.config.theme;
    let policy = app.config.ambiguous;
    let buffer = frame.buffer_mut();
    let (rows, shown) = shown_headings(app);
    let title = app
        .reader
        .as_ref()
        .map_or("", |r| r.article.display_title());
    let mut bar = format!(" headings — {title}");
    if !app.headings.filter.is_empty() {
        bar = format!(" headings (filter: {}) — {title}", app.headings.filter);
    }
    line(
        buffer,
        Rect::new(area.x, area.y, area.width, 1),
        &bar,
        theme.title_bar,
        policy,
    );
    let widths = headings::column_widths(usize::from(area.width.saturating_sub(1)));
    let header = Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
    let names = headings::header_cells(widths, policy);
    draw_cells(buffer, area.y + 1, &names, widths, [header; 3], policy);
    let mut y = area.y + 2;
    let bottom = area.y + 2 + u16::try_from(heading_rows(app)).unwrap_or(u16::MAX);
    for (index, &row_index) in shown.iter().enumerate().skip(app.headings.offset) {
        let row = &rows[row_index];
        let cells = headings::cells(row, widths, policy);
        let height = u16::try_from(cells.iter().map(Vec::len).max().unwrap_or(1)).unwrap_or(1);
        if y + height > bottom.min(area.bottom().saturating_sub(1)) && index > app.headings.offset {
            break;
        }
        let selected = index == app.headings.selected;
        let base = if selected { theme.selected } else { theme.text };
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
        buffer.set_style(
            Rect::new(area.x, y, area.width, height).intersection(buffer.area),
            base,
        );
        let mut styles = [
            theme.note.patch(base),
            side(row.en.is_some()),
            side(row.ja.is_some()),
        ];
        if row.mismatch.is_some() {
            styles[0] = theme.current_match.patch(base);
        }
        draw_cells(buffer, y, &cells, widths, styles, policy);
        y += height;
    }
    let foot = footer(app, &rows, &shown);
    let foot_row = area.bottom().saturating_sub(2);
    line(
        buffer,
        Rect::new(area.x, foot_row, area.width, 1),
        &foot,
        theme.note,
        policy,
    );
    let article = app.reader.as_ref().map(|r| &r.article);
    if let Some(credit) = article.and_then(|a| a.headings.copyright.as_deref()) {
        let credit_row = Rect::new(area.x, foot_row.saturating_sub(1), area.width, 1);
        line(
            buffer,
            credit_row,
            &format!(" {credit}"),
            theme.note,
            policy,
        );
    }
    let hints = [Command::Open, Command::Filter, Command::Back];
    let status = status_or(app, || {
        app.config.keymap.hint_line(Context::Headings, &hints)
    });
    line(
        buffer,
        Rect::new(area.x, area.bottom().saturating_sub(1), area.width, 1),
        &status,
        theme.status_bar,
        policy,
    );
}

/// Under the table: why the selected row is flagged, else a count of one-sided headings.
fn footer(app: &App, rows: &[headings::HeadingRow], shown: &[usize]) -> String {
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

fn draw_cells(
    buffer: &mut Buffer,
    y: u16,
    cells: &[Vec<String>; 3],
    widths: [usize; 3],
    styles: [Style; 3],
    policy: AmbiguousWidth,
) {
    let height = cells.iter().map(Vec::len).max().unwrap_or(1);
    let mut x = 1u16;
    for (column, ((lines, width), style)) in cells.iter().zip(widths).zip(styles).enumerate() {
        let width = u16::try_from(width).unwrap_or(u16::MAX);
        for i in 0..height {
            let row = y + u16::try_from(i).unwrap_or(0);
            if column > 0 {
                let rule = Rect::new(x.saturating_sub(2), row, 1, 1);
                paint(
                    buffer,
                    rule,
                    &[(crate::layout::gutter(policy).trim(), style)],
                    policy,
                );
            }
            if let Some(text) = lines.get(i) {
                paint(
                    buffer,
                    Rect::new(x, row, width, 1),
                    &[(text, style)],
                    policy,
                );
            }
        }
        x += width + 3;
    }
}
