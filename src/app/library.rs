//! The library screen in the app: moving, opening, sorting, filtering and removing articles.

use crate::app::{Action, App, Prompt, Purpose, Screen, Sort, library_rows, marks, move_selection};
use crate::editor::LineEditor;
use crate::keymap::Command;

pub(super) fn update_library(app: &mut App, action: &Action) {
    let count = app.library.shown().len();
    let last = count.saturating_sub(1);
    let library = &mut app.library;
    if move_selection(&mut library.selected, action, last) {
        return keep_library_selection_in_view(app);
    }
    match action {
        Action::Command(Command::Help) => app.help = Some(0),
        Action::Command(Command::Quit) => app.should_quit = true,
        Action::Command(Command::Open) => open_selected(app),
        Action::Command(Command::Sort) => {
            library.sort = match library.sort {
                Sort::Date => Sort::Title,
                Sort::Title => Sort::Date,
            };
            library.selected = 0;
        }
        Action::Command(Command::Filter) => {
            app.prompt = Some(Prompt {
                purpose: Purpose::Filter(Screen::Library),
                editor: LineEditor::with_text(&library.filter),
            });
        }
        Action::Command(Command::Remove) => ask_removal(app),
        Action::Command(Command::Bookmarks) => marks::open_list(app),
        Action::Command(Command::Headings) => library.titles = !library.titles,
        Action::Click { row, .. } => {
            // The list starts under the title bar and its header row.
            let index = library.offset + usize::from(row.saturating_sub(2));
            if *row >= 2 && index < count {
                if library.selected == index {
                    open_selected(app);
                } else {
                    library.selected = index;
                }
            }
        }
        _ => {}
    }
    keep_library_selection_in_view(app);
}

fn keep_library_selection_in_view(app: &mut App) {
    let rows = library_rows(app.height, app.library.titles);
    let last = app.library.shown().len().saturating_sub(1);
    let library = &mut app.library;
    library.selected = library.selected.min(last);
    library.offset = library
        .offset
        .clamp(library.selected.saturating_sub(rows - 1), library.selected);
}

fn open_selected(app: &mut App) {
    if let Some(article) = app.library.selected_article().cloned() {
        app.open(article, true);
    }
}

/// `d` in the library: imported articles can be removed, after a yes.
fn ask_removal(app: &mut App) {
    let Some(article) = app.library.selected_article() else {
        return;
    };
    if app.imported.contains(&article.id) {
        app.confirm_removal = Some(article.id.clone());
    } else {
        app.message = Some("bundled articles cannot be removed".into());
    }
}

/// `y` or anything else after "remove this article?".
pub(super) fn confirm_removal(app: &mut App, yes: bool) {
    let Some(id) = app.confirm_removal.take() else {
        return;
    };
    if !yes {
        app.message = Some("kept".into());
        return;
    }
    app.library.articles.retain(|a| a.id != id);
    app.imported.retain(|i| *i != id);
    app.library.selected = app
        .library
        .selected
        .min(app.library.articles.len().saturating_sub(1));
    app.effects.push(crate::app::Effect::RemoveArticle(id));
    app.message = Some("removed from the library; its bookmarks are kept".into());
}
