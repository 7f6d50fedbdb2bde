//! The help overlay: every binding of the active keymap, so it never lies.

use ratatui::Frame;
use ratatui::buffer::{Buffer, CellWidth};
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::symbols::border;
use ratatui::widgets::{Block, Borders, Clear};

use super::paint;
use crate::app::{App, HELP_WIDTH, areas};
use crate::keymap::{Command, Context, Keymap, help_lines};
use crate::text::{AmbiguousWidth, str_width, truncate_to};

pub fn render(app: &App, scroll: usize, frame: &mut Frame) {
    let area = frame.area();
    let theme = &app.config.theme;
    let policy = app.config.ambiguous;
    let lines = help_lines(&app.config.keymap, app.screen_context());
    let key_column = lines
        .iter()
        .map(|(k, _)| str_width(k, policy))
        .max()
        .unwrap_or(0);
    let popup = areas::help(area, HELP_WIDTH).popup;
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
        .title(title(&app.config.keymap))
        .border_style(theme.dialog_border)
        .style(theme.dialog);
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let buffer = frame.buffer_mut();
    let visible = usize::from(inner.height);
    for (i, (keys, description)) in lines.iter().skip(scroll).take(visible).enumerate() {
        let y = inner.y + u16::try_from(i).unwrap_or(0);
        let row = Rect::new(inner.x + 1, y, inner.width.saturating_sub(2), 1);
        if description.is_empty() {
            let heading = theme.dialog.add_modifier(Modifier::BOLD);
            paint(buffer, row, &[(keys, heading)], policy);
            continue;
        }
        let keys_width = str_width(keys, policy);
        let pad = " ".repeat(key_column.saturating_sub(keys_width) + 2);
        let room = usize::from(row.width).saturating_sub(keys_width);
        let text = truncate_to(&format!("{pad}{description}"), room, policy);
        let key_style = theme.hint_key.patch(theme.dialog);
        paint(
            buffer,
            row,
            &[(keys, key_style), (&text, theme.dialog)],
            policy,
        );
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

/// The frame's title: how to scroll and close, in the active keys.
fn title(keymap: &Keymap) -> String {
    let key = |command| {
        keymap
            .keys(Context::Help, command)
            .first()
            .map_or_else(|| "?".to_owned(), ToString::to_string)
    };
    format!(
        " help: {}/{} scroll, {} close ",
        key(Command::Down),
        key(Command::Up),
        key(Command::Close)
    )
}
