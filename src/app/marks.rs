//! Bookmarks and reading positions in the app: marking, notes, the bookmarks screen, and asking
//! for them to be saved.

use crate::app::{Action, App, Effect, NoteFor, Prompt, Purpose, Screen, move_selection, reveal};
use crate::bookmarks::{Attachment, Bookmark, Change, SavedPosition};
use crate::editor::LineEditor;
use crate::keymap::Command;
use crate::layout::{Position, Unit};
use crate::search::fold_query;

/// The bookmarks screen's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BookmarkList {
    pub selected: usize,
    pub offset: usize,
    pub filter: String,
    /// Removed bookmarks, the last removed last, for `undo`.
    pub removed: Vec<Bookmark>,
}

/// Records a change in memory at once and asks for it (and any unsaved before it) to be saved.
fn change(app: &mut App, change: Change) {
    app.bookmarks.apply(&change);
    app.unsaved.push(change);
    app.effects.push(Effect::SaveBookmarks(app.unsaved.clone()));
    refresh_marks(app);
}

pub(super) fn refresh_marks(app: &mut App) {
    if let Some(reader) = app.reader.as_mut() {
        reader.marked = app.bookmarks.marked_blocks(&reader.article);
    }
}

fn current_block(app: &App) -> Option<usize> {
    let reader = app.reader.as_ref()?;
    match reader.layout.unit(reader.cursor) {
        Unit::Block(block) => Some(block),
        Unit::Heading(_) => None,
    }
}

/// `m`: bookmarks the current paragraph, or removes its bookmark.
pub fn toggle(app: &mut App) {
    let (Some(block), Some(reader)) = (current_block(app), app.reader.as_ref()) else {
        return;
    };
    let existing = app.bookmarks.on_block(&reader.article, block).cloned();
    let paragraph = block + 1;
    if let Some(bookmark) = existing {
        change(app, Change::Remove(bookmark.id));
        app.message = Some(format!("bookmark on ¶{paragraph} removed"));
    } else {
        let bookmark = Bookmark::new(&reader.article, block, "", crate::date::now());
        change(app, Change::Add(bookmark));
        app.message = Some(format!("¶{paragraph} bookmarked"));
    }
}

/// `M`: asks for a note for the current paragraph's bookmark (made if there is none).
pub fn start_note(app: &mut App) {
    let (Some(block), Some(reader)) = (current_block(app), app.reader.as_ref()) else {
        return;
    };
    let (target, note) = match app.bookmarks.on_block(&reader.article, block) {
        Some(b) => (NoteFor::Bookmark(b.id.clone()), b.note.as_str()),
        None => (NoteFor::NewOnBlock(block), ""),
    };
    app.prompt = Some(Prompt {
        purpose: Purpose::Note(target),
        editor: LineEditor::with_text(note),
    });
}

/// The note prompt was submitted: sets the note, bookmarking the paragraph if needed.
pub fn save_note(app: &mut App, target: NoteFor, note: &str) {
    let now = crate::date::now();
    let note = crate::bookmarks::one_line(note);
    match target {
        NoteFor::Bookmark(id) => change(app, Change::SetNote { id, note, at: now }),
        NoteFor::NewOnBlock(block) => {
            let Some(reader) = app.reader.as_ref() else {
                return;
            };
            let bookmark = Bookmark::new(&reader.article, block, &note, now);
            change(app, Change::Add(bookmark));
        }
    }
    app.message = Some("note saved".into());
}

/// `` ` `` and `~`: the next or previous bookmarked paragraph in the article.
pub fn step(app: &mut App, direction: isize) {
    let height = app.pane_height();
    let current = current_block(app);
    let Some(reader) = app.reader.as_mut() else {
        return;
    };
    let from = current.unwrap_or(0);
    let next = if direction > 0 {
        reader
            .marked
            .iter()
            .find(|&&b| current.is_none_or(|_| b > from))
    } else {
        reader.marked.iter().rev().find(|&&b| b < from)
    };
    let Some(unit) = next.and_then(|&b| reader.layout.unit_of_block(b)) else {
        app.message = Some(if reader.marked.is_empty() {
            "no bookmarks in this article: m marks the current paragraph".into()
        } else {
            "no more bookmarks that way".into()
        });
        return;
    };
    reader.cursor = unit;
    reveal(reader, Position::at_unit(unit), height);
}

/// `'`: the list of every bookmark.
pub fn open_list(app: &mut App) {
    app.screen = Screen::Bookmarks;
    app.marks.selected = 0;
    app.marks.offset = 0;
}

/// The bookmarks the screen shows: newest first, narrowed by the filter.
pub fn visible(app: &App) -> Vec<&Bookmark> {
    let needle = fold_query(&app.marks.filter);
    app.bookmarks
        .newest_first()
        .into_iter()
        .filter(|b| needle.is_empty() || fold_query(&searchable(b)).contains(&needle))
        .collect()
}

fn searchable(bookmark: &Bookmark) -> String {
    let title = &bookmark.article.title;
    let parts = [
        title.en.as_deref(),
        title.ja.as_deref(),
        bookmark.excerpt.en.as_deref(),
        bookmark.excerpt.ja.as_deref(),
        Some(bookmark.note.as_str()),
    ];
    parts.into_iter().flatten().collect::<Vec<_>>().join("\n")
}

fn selected(app: &App) -> Option<&Bookmark> {
    visible(app).get(app.marks.selected).copied()
}

/// Rows one bookmark takes on its screen: title, English, Japanese, note.
pub const ROWS_PER_BOOKMARK: usize = 4;

/// The bookmarks screen: moving, opening, filtering, editing notes, removing and undoing.
pub fn update_list(app: &mut App, action: &Action) {
    let count = visible(app).len();
    let last = count.saturating_sub(1);
    let marks = &mut app.marks;
    if move_selection(&mut marks.selected, action, last) {
        return keep_selection_in_view(app);
    }
    match action {
        Action::Command(Command::Help) => app.help = Some(0),
        Action::Command(Command::Quit) => app.should_quit = true,
        Action::Command(Command::Back) => back_from_list(app),
        Action::Command(Command::Filter) => {
            app.prompt = Some(Prompt {
                purpose: Purpose::Filter(Screen::Bookmarks),
                editor: LineEditor::with_text(&marks.filter),
            });
        }
        Action::Command(Command::Open) => jump(app),
        Action::Command(Command::EditNote) => edit_selected_note(app),
        Action::Command(Command::Remove) => remove_selected(app),
        Action::Command(Command::Undo) => undo(app),
        Action::Click { row, .. } => {
            let index = marks.offset + usize::from(row.saturating_sub(1)) / ROWS_PER_BOOKMARK;
            if *row >= 1 && index < count {
                marks.selected = index;
            }
        }
        _ => {}
    }
    keep_selection_in_view(app);
}

fn keep_selection_in_view(app: &mut App) {
    let rows = crate::app::marks_rows(app.height);
    let count = visible(app).len();
    let list = &mut app.marks;
    list.selected = list.selected.min(count.saturating_sub(1));
    list.offset = list
        .offset
        .clamp(list.selected.saturating_sub(rows - 1), list.selected);
}

fn back_from_list(app: &mut App) {
    if !app.marks.filter.is_empty() {
        app.marks.filter.clear();
        return;
    }
    app.screen = if app.reader.is_some() {
        Screen::Reader
    } else {
        Screen::Library
    };
}

/// Opens the selected bookmark's article at its paragraph.
fn jump(app: &mut App) {
    let Some(bookmark) = selected(app).cloned() else {
        return;
    };
    let open = app
        .reader
        .as_ref()
        .filter(|r| r.article.id == bookmark.article.id);
    let article = open.map(|r| r.article.clone()).or_else(|| {
        app.library
            .articles
            .iter()
            .find(|a| a.id == bookmark.article.id)
            .cloned()
    });
    let Some(article) = article else {
        app.message = Some(format!(
            "“{}” is no longer in the library",
            bookmark.title()
        ));
        return;
    };
    match bookmark.attach(&article) {
        Attachment::Block(block) => {
            let from_library = app.reader.as_ref().is_none_or(|r| r.from_library);
            app.open_at(article, from_library, Some(block));
        }
        Attachment::Detached => {
            app.message = Some("detached: that paragraph is no longer in the article".into());
        }
    }
}

fn edit_selected_note(app: &mut App) {
    if let Some(bookmark) = selected(app) {
        let note = bookmark.note.clone();
        app.prompt = Some(Prompt {
            purpose: Purpose::Note(NoteFor::Bookmark(bookmark.id.clone())),
            editor: LineEditor::with_text(&note),
        });
    }
}

fn remove_selected(app: &mut App) {
    if let Some(bookmark) = selected(app).cloned() {
        change(app, Change::Remove(bookmark.id.clone()));
        app.message = Some("bookmark removed (u undoes)".into());
        app.marks.removed.push(bookmark);
    }
}

fn undo(app: &mut App) {
    match app.marks.removed.pop() {
        Some(bookmark) => {
            change(app, Change::Add(bookmark));
            app.message = Some("bookmark restored".into());
        }
        None => app.message = Some("nothing to undo".into()),
    }
}

/// Asks the event loop to save the reading position when the current paragraph changed.
pub fn remember_position(app: &mut App) {
    let block = current_block(app);
    let Some(reader) = app.reader.as_mut() else {
        return;
    };
    if block.is_none() || block == reader.saved_block {
        return;
    }
    reader.saved_block = block;
    let Some(block) = block else {
        return;
    };
    let position = SavedPosition::new(&reader.article, block, crate::date::now());
    app.positions
        .positions
        .insert(reader.article.id.clone(), position.clone());
    app.effects.push(Effect::SavePosition {
        article: reader.article.id.clone(),
        position,
    });
}
