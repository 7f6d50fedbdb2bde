//! Drawing: `render(&App, &mut Frame)` reads the state and draws the screen; it changes nothing.

mod bookmarks;
mod headings;
mod help;
mod library;
mod paint;
mod reader;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use crate::app::{App, MIN_HEIGHT, MIN_WIDTH, Prompt, Purpose, Screen};
use crate::text::{AmbiguousWidth, str_width, tail_within, truncate_to};

pub use paint::paint;

/// Draws the whole screen for the app's state.
pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if app.is_too_small() {
        too_small(frame, area, app.config.ambiguous);
        return;
    }
    match (app.screen, &app.reader) {
        (Screen::Reader, Some(reader)) => reader::render(app, reader, frame),
        (Screen::Bookmarks, _) => bookmarks::render(app, frame),
        (Screen::Headings, Some(_)) => headings::render(app, frame),
        _ => library::render(app, frame),
    }
    if let Some(scroll) = app.help {
        help::render(app, scroll, frame);
    } else if let Some(prompt) = &app.prompt {
        let (_, caret) = prompt_line(prompt, area.width, app.config.ambiguous);
        let bottom = area.bottom().saturating_sub(1);
        frame.set_cursor_position((caret.min(area.width.saturating_sub(1)), bottom));
    }
}

/// A whole row in one style: `text` cut to its width with `…`.
pub fn line(buffer: &mut Buffer, area: Rect, text: &str, style: Style, policy: AmbiguousWidth) {
    buffer.set_style(area.intersection(buffer.area), style);
    let text = truncate_to(text, usize::from(area.width), policy);
    paint(buffer, area, &[(&text, style)], policy);
}

/// The status bar's text: the open prompt, else the message, else `hints`.
pub fn status_or(app: &App, hints: impl FnOnce() -> String) -> String {
    match (&app.prompt, &app.message) {
        (Some(prompt), _) => prompt_line(prompt, app.width, app.config.ambiguous).0,
        (None, Some(message)) => format!(" {message}"),
        (None, None) => hints(),
    }
}

/// A prompt as the status bar shows it in `width` cells, the text scrolled so that the caret
/// stays in view; and the caret's column, where the terminal's cursor goes (so that an input
/// method shows its preview there).
pub fn prompt_line(prompt: &Prompt, width: u16, policy: AmbiguousWidth) -> (String, u16) {
    let label = match prompt.purpose {
        Purpose::Search => "/",
        Purpose::Note(_) => "note: ",
        Purpose::Filter(_) => "filter: ",
    };
    let (before, after) = prompt.editor.split();
    let fixed = 1 + str_width(label, policy);
    let room = usize::from(width).saturating_sub(fixed + 1);
    let shown = tail_within(before, room, policy);
    let caret = fixed + str_width(shown, policy);
    let text = format!(" {label}{shown}{after}");
    (text, u16::try_from(caret).unwrap_or(u16::MAX))
}

fn too_small(frame: &mut Frame, area: Rect, policy: crate::text::AmbiguousWidth) {
    let lines = [
        "terminal too small".to_owned(),
        format!("need {MIN_WIDTH}×{MIN_HEIGHT}"),
    ];
    let top = area.height.saturating_sub(2) / 2;
    for (i, line) in lines.iter().enumerate() {
        let y = area.y + top + u16::try_from(i).unwrap_or(0);
        if y < area.bottom() {
            let text = truncate_to(line, usize::from(area.width), policy);
            paint(
                frame.buffer_mut(),
                Rect::new(area.x, y, area.width, 1),
                &[(&text, Style::default())],
                policy,
            );
        }
    }
}
