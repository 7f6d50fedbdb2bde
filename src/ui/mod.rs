//! Drawing: `render(&App, &mut Frame)` (or `draw`, into a buffer) reads the state and draws the
//! screen; it changes nothing.
//! Where each part goes comes from `app::areas`, which `update` uses too.

mod bookmarks;
mod headings;
mod help;
mod library;
mod paint;
mod progress;
mod reader;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;

use crate::app::{App, MIN_HEIGHT, MIN_WIDTH, Overlay, Prompt, Purpose, Screen};
use crate::config::Theme;
use crate::keymap::{Command, Context, Keymap};
use crate::text::{AmbiguousWidth, str_width, tail_within, truncate_to};

pub use paint::paint;
pub use progress::{Progress, render as progress};

/// Draws the whole screen for the app's state into the frame.
pub fn render(app: &App, frame: &mut Frame) {
    if let Some(cursor) = draw(app, frame.buffer_mut()) {
        frame.set_cursor_position(cursor);
    }
}

/// Draws the whole screen for the app's state into `buffer` (the screen's area); where the
/// cursor shows, if it does (in a prompt).
pub fn draw(app: &App, buffer: &mut Buffer) -> Option<Position> {
    let area = buffer.area;
    if app.is_too_small() {
        too_small(buffer, app.config.ambiguous);
        return None;
    }
    match (app.screen, &app.reader) {
        (Screen::Reader, Some(reader)) => reader::render(app, reader, buffer),
        (Screen::Bookmarks, _) => bookmarks::render(app, buffer),
        (Screen::Headings, Some(_)) => headings::render(app, buffer),
        _ => library::render(app, buffer),
    }
    match &app.overlay {
        Some(Overlay::Help { scroll }) => {
            help::render(app, *scroll, buffer);
            None
        }
        Some(Overlay::Prompt(prompt)) => {
            let (_, caret) = prompt_line(prompt, area.width, app.config.ambiguous);
            let bottom = area.bottom().saturating_sub(1);
            Some(Position::new(
                caret.min(area.width.saturating_sub(1)),
                bottom,
            ))
        }
        Some(Overlay::ConfirmRemoval(_)) | None => None,
    }
}

/// A whole row in one style: `text` cut to its width with `…`.
pub fn line(buffer: &mut Buffer, area: Rect, text: &str, style: Style, policy: AmbiguousWidth) {
    buffer.set_style(area.intersection(buffer.area), style);
    let text = truncate_to(text, usize::from(area.width), policy);
    paint(buffer, area, &[(&text, style)], policy);
}

/// The cells the left of a status bar keeps before key hints are dropped for room: this many
/// at least, or this share of a wide bar (so that a section's heading shows whole at 120).
const STATUS_MIN_LEFT: usize = 36;
const STATUS_LEFT_SHARE: (usize, usize) = (3, 5);
/// The cells of the left that even the help's hint leaves it.
const STATUS_LEFT_KEEPS: usize = 8;

/// A status bar: `left` at the left, cut with `…` where it must be, and as many of the key
/// hints for `commands` as fit at the right, dropped from the last; the help's hint is kept
/// whatever the width, so that `?` is always there to be found. While a prompt is open the
/// keys type into it, and no hints are shown; beside a message, only the help's. While a count
/// or a key sequence waits, it stands there in their place.
pub struct StatusBar<'a> {
    pub left: String,
    pub context: Context,
    pub commands: &'a [Command],
}

impl StatusBar<'_> {
    pub fn draw(&self, app: &App, buffer: &mut Buffer, area: Rect) {
        let theme = app.config.theme();
        let policy = app.config.ambiguous;
        buffer.set_style(area.intersection(buffer.area), theme.status_bar);
        let width = usize::from(area.width);
        let mut hints = match app.pending.shown() {
            // What is typed towards a command, where vim shows it (its showcmd).
            Some(typed) => vec![(typed, String::new(), true)],
            None if app.is_typing() => Vec::new(),
            None => hints(&app.config.keymap, self.context, self.commands),
        };
        if app.message.is_some() {
            // A message is what the reader needs to see now: only the help's hint stays.
            hints.retain(|(_, _, keep)| *keep);
        }
        let (share, of) = STATUS_LEFT_SHARE;
        let left_room = STATUS_MIN_LEFT.max(width * share / of);
        let left_wants = str_width(&self.left, policy).min(left_room);
        let kept: Vec<_> = hints.iter().filter(|(_, _, keep)| *keep).cloned().collect();
        // The hints that stay leave the left its first few cells (the paragraph's number).
        let left_keeps = str_width(&self.left, policy).min(STATUS_LEFT_KEEPS);
        let room = width
            .saturating_sub(left_wants + 1)
            .max(hints_width(&kept, policy))
            .min(width.saturating_sub(left_keeps + 1));
        let hints = fit_hints(hints, room, policy);
        let hint_width = hints_width(&hints, policy);
        let room = width.saturating_sub(hint_width + usize::from(hint_width > 0));
        let left = truncate_to(&self.left, room, policy);
        paint(buffer, area, &[(&left, theme.status_bar)], policy);
        let x = area.right() - u16::try_from(hint_width).unwrap_or(area.width);
        let hint_area = Rect::new(x, area.y, area.right() - x, 1);
        paint(buffer, hint_area, &hint_pieces(&hints, theme), policy);
    }
}

/// `(key, " word ")` for each command that has a key, and whether it must stay.
fn hints(keymap: &Keymap, context: Context, commands: &[Command]) -> Vec<(String, String, bool)> {
    commands
        .iter()
        .filter_map(|&command| {
            let key = keymap.keys(context, command).first()?;
            let keep = command == Command::Help;
            Some((key.to_string(), format!(" {} ", command.hint()), keep))
        })
        .collect()
}

/// The hints that fit in `room` cells: the optional ones are dropped from the last, then (on a
/// bar too narrow even for them) the ones that should stay.
fn fit_hints(
    mut hints: Vec<(String, String, bool)>,
    room: usize,
    policy: AmbiguousWidth,
) -> Vec<(String, String, bool)> {
    while hints_width(&hints, policy) > room {
        let last = hints.iter().rposition(|(_, _, keep)| !keep);
        hints.remove(last.unwrap_or(hints.len() - 1));
    }
    hints
}

fn hints_width(hints: &[(String, String, bool)], policy: AmbiguousWidth) -> usize {
    let pieces: usize = hints
        .iter()
        .map(|(key, word, _)| str_width(key, policy) + str_width(word, policy))
        .sum();
    pieces + hints.len().saturating_sub(1)
}

fn hint_pieces<'h>(hints: &'h [(String, String, bool)], theme: &Theme) -> Vec<(&'h str, Style)> {
    let key_style = theme.hint_key.patch(theme.status_bar);
    let mut pieces = Vec::new();
    for (i, (key, word, _)) in hints.iter().enumerate() {
        if i > 0 {
            pieces.push((" ", theme.status_bar));
        }
        pieces.push((key.as_str(), key_style));
        pieces.push((word.as_str(), theme.status_bar));
    }
    pieces
}

/// The left of a list screen's status bar: the open prompt, else the message.
pub fn prompt_or_message(app: &App) -> String {
    match (app.prompt(), &app.message) {
        (Some(prompt), _) => prompt_line(prompt, app.width, app.config.ambiguous).0,
        (None, Some(message)) => format!(" {message}"),
        // The terminal selects text while the app leaves the mouse to it.
        (None, None) if !app.mouse => " mouse off".to_owned(),
        (None, None) => String::new(),
    }
}

/// A prompt as the status bar shows it in `width` cells, the text scrolled so that the caret
/// stays in view; and the caret's column, where the terminal's cursor goes (so that an input
/// method shows its preview there).
pub fn prompt_line(prompt: &Prompt, width: u16, policy: AmbiguousWidth) -> (String, u16) {
    let label = match prompt.purpose {
        Purpose::Search => "/",
        Purpose::Command(_) => ":",
        Purpose::Note(_) => "note: ",
        Purpose::Filter { .. } => "filter: ",
    };
    let (before, after) = prompt.editor.split();
    let fixed = 1 + str_width(label, policy);
    let room = usize::from(width).saturating_sub(fixed + 1);
    let shown = tail_within(before, room, policy);
    let caret = fixed + str_width(shown, policy);
    let mut text = format!(" {label}{shown}{after}");
    if let Purpose::Command(line) = &prompt.purpose
        && let Some(listing) = line.listing()
    {
        text = format!("{text}   {listing}");
    }
    (text, u16::try_from(caret).unwrap_or(u16::MAX))
}

fn too_small(buffer: &mut Buffer, policy: AmbiguousWidth) {
    let area = buffer.area;
    let lines = [
        "terminal too small".to_owned(),
        format!("need {MIN_WIDTH}×{MIN_HEIGHT}"),
    ];
    let top = area.height.saturating_sub(2) / 2;
    for (i, text) in lines.iter().enumerate() {
        let y = area.y + top + u16::try_from(i).unwrap_or(0);
        if y < area.bottom() {
            let row = Rect::new(area.x, y, area.width, 1);
            line(buffer, row, text, Style::default(), policy);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_give_way_from_the_last_but_help_stays() {
        let hint = |key: &str, word: &str, keep| (key.to_owned(), format!(" {word} "), keep);
        let all = vec![
            hint("j", "scroll", false),
            hint("}", "para", false),
            hint("?", "help", true),
            hint("q", "back", false),
        ];
        let policy = AmbiguousWidth::Narrow;
        assert_eq!(hints_width(&all, policy), 33);
        let some = fit_hints(all.clone(), 20, policy);
        let keys: Vec<&str> = some.iter().map(|(k, _, _)| k.as_str()).collect();
        assert_eq!(keys, ["j", "?"]);
        assert_eq!(fit_hints(all.clone(), 7, policy).len(), 1);
        assert!(fit_hints(all, 3, policy).is_empty());
    }
}
