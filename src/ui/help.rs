//! The help overlay: the keys of the screen under it and of the help itself, from the active
//! keymap so that it never lies, laid out by `keymap::help_page`.

use ratatui::Frame;
use ratatui::buffer::{Buffer, CellWidth};
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::symbols::border;
use ratatui::widgets::{Block, Borders, Clear};

use super::paint;
use crate::app::{App, areas};
use crate::keymap::help_page;
use crate::text::{AmbiguousWidth, str_width, truncate_to};

pub fn render(app: &App, scroll: usize, frame: &mut Frame) {
    let area = frame.area();
    let theme = &app.config.theme;
    let policy = app.config.ambiguous;
    let page = help_page(&app.config.keymap, app.screen_context(), area.width, policy);
    let areas::HelpAreas { popup, inner } = areas::help(area, page.width, page.rows.len());
    frame.render_widget(Clear, popup);
    uncover_left_edge(frame.buffer_mut(), popup);
    let borders = match policy {
        AmbiguousWidth::Narrow => border::PLAIN,
        // Box drawing is East Asian Ambiguous: ASCII where such characters are drawn wide.
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
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_set(borders)
        .border_style(theme.dialog_border)
        .style(theme.dialog);
    frame.render_widget(block, popup);
    let buffer = frame.buffer_mut();
    // On the border, between the corners: painted here, measured with the policy.
    let on_border = |y| Rect::new(popup.x + 1, y, popup.width.saturating_sub(2), 1);
    let room = usize::from(popup.width.saturating_sub(2));
    let title = truncate_to(&page.title, room, policy);
    paint(
        buffer,
        on_border(popup.y),
        &[(&title, theme.dialog)],
        policy,
    );
    let visible = usize::from(inner.height);
    let scroll = scroll.min(page.rows.len().saturating_sub(visible));
    if page.rows.len() > visible {
        // Where the view is, at the right of the bottom border.
        let last = (scroll + visible).min(page.rows.len());
        let place = format!(" {}-{}/{} ", scroll + 1, last, page.rows.len());
        let place_width = str_width(&place, policy);
        if place_width + 2 <= room {
            let x = popup.right() - 2 - u16::try_from(place_width).unwrap_or(0);
            let bottom = popup.bottom().saturating_sub(1);
            let at = Rect::new(x, bottom, u16::try_from(place_width).unwrap_or(0), 1);
            paint(buffer, at, &[(&place, theme.dialog_border)], policy);
        }
    }
    let key_style = theme.hint_key.patch(theme.dialog);
    let heading_style = theme.dialog.add_modifier(Modifier::BOLD);
    for (i, row) in page.rows.iter().skip(scroll).take(visible).enumerate() {
        let y = inner.y + u16::try_from(i).unwrap_or(0);
        let line = Rect::new(inner.x + 1, y, inner.width.saturating_sub(2), 1);
        if row.heading {
            paint(buffer, line, &[(&row.keys, heading_style)], policy);
            continue;
        }
        paint(buffer, line, &[(&row.keys, key_style)], policy);
        let indent = u16::try_from(row.indent).unwrap_or(u16::MAX);
        let text = Rect::new(
            line.x.saturating_add(indent),
            y,
            line.width.saturating_sub(indent),
            1,
        );
        paint(buffer, text, &[(&row.text, theme.dialog)], policy);
    }
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
