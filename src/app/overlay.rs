//! The overlays in the app: typing in a prompt and what Enter and Esc do with it, scrolling and
//! closing the help, and the answer to a yes/no question.

use crate::app::{
    Action, App, Overlay, Purpose, areas, bookmarks, command_line, library, no_more, search,
};
use crate::keymap::{Command, help_page};

pub(super) fn update(app: &mut App, action: &Action) {
    match &app.overlay {
        Some(Overlay::Help { .. }) => update_help(app, action),
        Some(Overlay::Prompt(_)) => update_prompt(app, action),
        Some(Overlay::ConfirmRemoval(_)) => {
            if let Action::Confirm(yes) = action {
                library::confirm_removal(app, *yes);
            }
        }
        None => {}
    }
}

/// Typing in the open prompt, and what Enter and Esc do with it. The wheel still scrolls the
/// screen under it; a click, which could open another screen, does nothing.
fn update_prompt(app: &mut App, action: &Action) {
    let height = app.pane_height();
    let Some(Overlay::Prompt(prompt)) = app.overlay.as_mut() else {
        return;
    };
    match action {
        Action::Edit(edit) => prompt.editor.apply(edit.clone()),
        Action::Submit | Action::Cancel => {}
        Action::Complete(step) => return command_line::complete(app, *step),
        Action::Recall(step) => return command_line::recall(app, *step),
        Action::Wheel(_) => return super::update_screen(app, action),
        _ => return,
    }
    let text = prompt.editor.text().to_owned();
    let purpose = prompt.purpose.clone();
    if matches!(action, Action::Submit | Action::Cancel) {
        app.overlay = None;
    }
    match purpose {
        Purpose::Search => {
            if let Some(reader) = app.reader.as_mut() {
                app.message = search::update_prompt(reader, action, &text, height);
            }
        }
        Purpose::Note(target) if *action == Action::Submit => {
            bookmarks::save_note(app, target, &text);
        }
        Purpose::Note(_) => {}
        Purpose::Command(_) => command_line::update(app, action, &text),
        // The list narrows as the user types; Esc puts back the filter it had.
        Purpose::Filter { screen, before } => {
            let filter = if *action == Action::Cancel {
                &before
            } else {
                &text
            };
            let list = app.filtered_list(screen);
            if list.filter != *filter {
                list.set_filter(filter);
            }
        }
    }
}

/// The help's lines, and how many of them it shows at once at the terminal's size.
pub fn help_rows(app: &App) -> (usize, usize) {
    let keymap = &app.config.keymap;
    let page = help_page(
        keymap,
        app.screen_context(),
        app.width,
        app.config.ambiguous,
    );
    let lines = page.rows.len();
    let shown = areas::help(app.area(), page.width, lines).inner.height;
    (lines, usize::from(shown).max(1))
}

fn update_help(app: &mut App, action: &Action) {
    let Some(scroll) = app.help_scroll() else {
        return;
    };
    let (lines, rows) = help_rows(app);
    let last = lines.saturating_sub(rows);
    let page = rows;
    // The window may have grown since the help last moved.
    let scroll = scroll.min(last);
    let (moved, way) = match action {
        Action::Command(Command::Down) => (scroll + 1, 1),
        Action::Command(Command::Up) => (scroll.saturating_sub(1), -1),
        Action::Command(Command::PageDown) => (scroll + page, 1),
        Action::Command(Command::PageUp) => (scroll.saturating_sub(page), -1),
        Action::Command(Command::Top) => (0, -1),
        Action::Command(Command::Bottom) => (last, 1),
        Action::Wheel(1..) => (scroll + 1, 0),
        Action::Wheel(..=-1) => (scroll.saturating_sub(1), 0),
        Action::Command(Command::Close) => {
            app.overlay = None;
            return;
        }
        Action::Command(Command::Quit) => {
            app.overlay = None;
            app.should_quit = true;
            return;
        }
        _ => (scroll, 0),
    };
    let moved = moved.min(last);
    if moved == scroll && way != 0 {
        app.message = Some(no_more("help", way));
    }
    app.overlay = Some(Overlay::Help { scroll: moved });
}
