//! Drawing: `render(&App, &mut Frame)` reads the state and draws the screen; it changes nothing.

mod bookmarks;
mod headings;
mod help;
mod library;
mod paint;
mod reader;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;

use crate::app::{App, MIN_HEIGHT, MIN_WIDTH, Prompt, Purpose, Screen};

pub use paint::{paint, truncate_to};

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
    }
}

/// The status bar's text: the open prompt, else the message, else `hints`.
pub fn status_or(app: &App, hints: impl FnOnce() -> String) -> String {
    match (&app.prompt, &app.message) {
        (Some(prompt), _) => prompt_line(prompt),
        (None, Some(message)) => format!(" {message}"),
        (None, None) => hints(),
    }
}

/// A prompt as the status bar shows it, the caret at the cursor.
pub fn prompt_line(prompt: &Prompt) -> String {
    let label = match prompt.purpose {
        Purpose::Search => "/",
        Purpose::Note { .. } => "note: ",
        Purpose::Filter(_) => "filter: ",
    };
    let (before, after) = prompt.editor.split();
    format!(" {label}{before}▏{after}")
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
