//! The library screen in the app: moving, opening, sorting, filtering and removing articles.

use crate::app::{Action, App, Effect, Overlay, Screen, Sort, Step, areas, bookmarks};
use crate::keymap::Command;

pub(super) fn update(app: &mut App, action: &Action) {
    let count = app.library.shown().len();
    match app.library.list.step(action, count) {
        Step::Other => {}
        step => {
            app.message = step.refusal("articles");
            return keep_selection_in_view(app);
        }
    }
    match action {
        Action::Command(Command::Help) => app.overlay = Some(Overlay::Help { scroll: 0 }),
        Action::Command(Command::ToggleMouse) => super::copy::toggle_mouse(app),
        // Back clears the filter first, then quits.
        Action::Command(Command::Back) if app.library.list.clear_filter() => {}
        Action::Command(Command::Back | Command::Quit) => app.should_quit = true,
        Action::Command(Command::Open) => open_selected(app),
        Action::Command(Command::Sort) => {
            app.library.sort = match app.library.sort {
                Sort::Date => Sort::Title,
                Sort::Title => Sort::Date,
            };
            app.library.list.rewind();
        }
        Action::Command(Command::Filter) => {
            app.ask_filter(Screen::Library);
        }
        Action::Command(Command::Remove) => ask_removal(app),
        Action::Command(Command::Bookmarks) => bookmarks::open_list(app),
        Action::Command(Command::Headings) => app.library.titles = !app.library.titles,
        Action::Click { row, .. } => click(app, *row, count),
        _ => {}
    }
    keep_selection_in_view(app);
}

/// A click selects a row; a click on the selected row opens it.
fn click(app: &mut App, row: u16, count: usize) {
    let area = areas::library(app.area(), app.library.titles).list;
    let list = &mut app.library.list;
    let Some(index) = areas::row_in(area, row).and_then(|line| list.row_at(line, count, |_| 1))
    else {
        return;
    };
    if list.selected == index {
        open_selected(app);
    } else {
        list.selected = index;
    }
}

fn keep_selection_in_view(app: &mut App) {
    let room = usize::from(areas::library(app.area(), app.library.titles).list.height);
    let count = app.library.shown().len();
    app.library.list.keep_in_view(count, room, |_| 1);
}

fn open_selected(app: &mut App) {
    match app.library.selected_article().cloned() {
        Some(article) => app.open(article, true),
        None => app.message = Some("nothing to open: no article matches the filter".into()),
    }
}

/// `d` in the library: imported articles can be removed, after a yes.
fn ask_removal(app: &mut App) {
    let Some(article) = app.library.selected_article() else {
        app.message = Some("nothing to remove: no article matches the filter".into());
        return;
    };
    if app.imported.contains(&article.id) {
        app.overlay = Some(Overlay::ConfirmRemoval(article.id.clone()));
    } else {
        app.message = Some("bundled articles cannot be removed".into());
    }
}

/// `y` or anything else after "remove this article?".
pub(super) fn confirm_removal(app: &mut App, yes: bool) {
    let Some(Overlay::ConfirmRemoval(id)) = app.overlay.take() else {
        return;
    };
    if !yes {
        app.message = Some("kept".into());
        return;
    }
    app.library.articles.retain(|a| a.id != id);
    app.imported.retain(|i| *i != id);
    keep_selection_in_view(app);
    app.effects.push(Effect::RemoveArticle(id));
    app.message = Some("removed from the library; its bookmarks are kept".into());
}
