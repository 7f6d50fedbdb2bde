//! The help overlay: the keys of the screen under it and of the help itself, from the active
//! keymap so that it never lies, laid out by `keymap::help_page`.

use ratatui::buffer::{Buffer, CellWidth};
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::symbols::border;
use ratatui::widgets::{Block, Borders, Clear, Widget};

use super::paint;
use crate::app::{App, areas};
use crate::keymap::{HelpRow, help_page};
use crate::text::{AmbiguousWidth, str_width, truncate_to};

pub fn render(app: &App, scroll: usize, buffer: &mut Buffer) {
    let area = buffer.area;
    let (theme, policy) = (app.config.theme(), app.config.ambiguous);
    let page = help_page(&app.config.keymap, app.screen_context(), area.width, policy);
    let areas::HelpAreas { popup, inner } = areas::help(area, page.width, page.rows.len());
    Clear.render(popup, buffer);
    uncover_left_edge(buffer, popup);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_set(borders(policy))
        .border_style(theme.dialog_border)
        .style(theme.dialog);
    block.render(popup, buffer);
    // On the border, between the corners: painted here, measured with the policy.
    let room = usize::from(popup.width.saturating_sub(2));
    let title = truncate_to(&page.title, room, policy);
    let top = Rect::new(popup.x + 1, popup.y, popup.width.saturating_sub(2), 1);
    paint(buffer, top, &[(&title, theme.dialog)], policy);
    let visible = usize::from(inner.height);
    let scroll = scroll.min(page.rows.len().saturating_sub(visible));
    if page.rows.len() > visible {
        place(app, buffer, popup, (scroll, visible, page.rows.len()));
    }
    for (row, y) in page
        .rows
        .iter()
        .skip(scroll)
        .zip(inner.top()..inner.bottom())
    {
        let line = Rect::new(inner.x + 1, y, inner.width.saturating_sub(2), 1);
        draw_row(app, buffer, row, line);
    }
}

/// Box drawing is East Asian Ambiguous: ASCII where such characters are drawn wide.
fn borders(policy: AmbiguousWidth) -> border::Set<'static> {
    match policy {
        AmbiguousWidth::Narrow => border::PLAIN,
        AmbiguousWidth::Wide => border::Set {
            top_left: "+",
            top_right: "+",
            bottom_left: "+",
            bottom_right: "+",
            vertical_left: "|",
            vertical_right: "|",
            horizontal_top: "-",
            horizontal_bottom: "-",
        },
    }
}

/// Where the view is (` 1-20/38 `), at the right of the bottom border, when it fits there.
fn place(
    app: &App,
    buffer: &mut Buffer,
    popup: Rect,
    (scroll, visible, rows): (usize, usize, usize),
) {
    let (theme, policy) = (app.config.theme(), app.config.ambiguous);
    let last = (scroll + visible).min(rows);
    let place = format!(" {}-{last}/{rows} ", scroll + 1);
    let width = str_width(&place, policy);
    if width + 2 <= usize::from(popup.width.saturating_sub(2)) {
        let width = u16::try_from(width).unwrap_or(0);
        let x = popup.right() - 2 - width;
        let at = Rect::new(x, popup.bottom().saturating_sub(1), width, 1);
        paint(buffer, at, &[(&place, theme.dialog_border)], policy);
    }
}

/// A heading, or keys with their description (a wrapped description's later rows have no keys).
fn draw_row(app: &App, buffer: &mut Buffer, row: &HelpRow, line: Rect) {
    let (theme, policy) = (app.config.theme(), app.config.ambiguous);
    if row.heading {
        let heading = theme.dialog.add_modifier(Modifier::BOLD);
        paint(buffer, line, &[(&row.keys, heading)], policy);
        return;
    }
    let keys = theme.hint_key.patch(theme.dialog);
    paint(buffer, line, &[(&row.keys, keys)], policy);
    let indent = u16::try_from(row.indent).unwrap_or(u16::MAX);
    let text = Rect {
        x: line.x.saturating_add(indent),
        width: line.width.saturating_sub(indent),
        ..line
    };
    paint(buffer, text, &[(&row.text, theme.dialog)], policy);
}

/// A wide glyph just left of the popup would be drawn over its border: blank it.
fn uncover_left_edge(buffer: &mut Buffer, popup: Rect) {
    let Some(x) = popup.x.checked_sub(1) else {
        return;
    };
    for y in popup.top()..popup.bottom() {
        let cell = &mut buffer[(x, y)];
        if cell.symbol().cell_width() > 1 {
            cell.set_symbol(" ");
        }
    }
}
