//! Bookmarks and reading positions in the app: marking, notes, the bookmarks screen, and asking
//! for them to be saved.

use crate::app::areas::{self, ROWS_PER_BOOKMARK};
use crate::app::{Action, App, Effect, ListView, NoteFor, Overlay, Purpose, Screen, Step, no_more};
use crate::bookmarks::{Attachment, Bookmark, Change, SavedPosition};
use crate::keymap::Command;
use crate::layout::Position;
use crate::search::fold_query;

/// The bookmarks screen's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BookmarkList {
    pub list: ListView,
    /// Removed bookmarks, the last removed last, for `undo`.
    pub removed: Vec<Bookmark>,
}

/// What the list's commands say when it lists nothing.
const NO_BOOKMARK: &str = "no bookmark selected: the list is empty";
/// What `m` and `M` say in the article's own headings, which are not a paragraph.
const NOT_A_PARAGRAPH: &str = "the title block is not a paragraph: } goes to the first one";

/// Records a change in memory at once and asks for it (and any unsaved before it) to be saved.
fn change(app: &mut App, change: Change) {
    app.bookmarks.apply(&change);
    app.unsaved.push(change);
    app.effects.push(Effect::SaveBookmarks(app.unsaved.clone()));
    refresh_bookmarked(app);
}

pub(super) fn refresh_bookmarked(app: &mut App) {
    if let Some(reader) = app.reader.as_mut() {
        reader.bookmarked = app.bookmarks.bookmarked_blocks(&reader.article);
    }
}

fn current_block(app: &App) -> Option<usize> {
    app.reader.as_ref()?.current_block()
}

/// `m`: bookmarks the current paragraph (the current sentence pair, with the sentence cursor
/// on), or removes its bookmark.
pub fn toggle(app: &mut App) {
    let Some(reader) = app.reader.as_ref() else {
        return;
    };
    let Some(block) = reader.current_block() else {
        app.message = Some(NOT_A_PARAGRAPH.into());
        return;
    };
    let pair = reader.current_pair();
    let existing = app.bookmarks.on_pair(&reader.article, block, pair).cloned();
    let place = match pair {
        Some(pair) => format!("¶{} · sentence pair {}", block + 1, pair + 1),
        None => format!("¶{}", block + 1),
    };
    if let Some(bookmark) = existing {
        change(app, Change::Remove(bookmark.id));
        app.message = Some(format!("bookmark on {place} removed"));
    } else {
        let bookmark = Bookmark::on(&reader.article, block, pair, "", crate::date::now());
        change(app, Change::Add(bookmark));
        app.message = Some(format!("{place} bookmarked"));
    }
}

/// `M`: asks for a note for the current paragraph's bookmark (made if there is none).
pub fn start_note(app: &mut App) {
    let Some(reader) = app.reader.as_ref() else {
        return;
    };
    let Some(block) = reader.current_block() else {
        app.message = Some(NOT_A_PARAGRAPH.into());
        return;
    };
    let pair = reader.current_pair();
    let (target, note) = match app.bookmarks.on_pair(&reader.article, block, pair) {
        Some(b) => (NoteFor::Bookmark(b.id.clone()), b.note.clone()),
        None => (NoteFor::NewOnBlock(block, pair), String::new()),
    };
    app.ask(Purpose::Note(target), &note);
}

/// The note prompt was submitted: sets the note, bookmarking the paragraph if needed.
pub fn save_note(app: &mut App, target: NoteFor, note: &str) {
    let now = crate::date::now();
    let note = crate::bookmarks::one_line(note);
    match target {
        NoteFor::Bookmark(id) => change(app, Change::SetNote { id, note, at: now }),
        NoteFor::NewOnBlock(block, pair) => {
            let Some(reader) = app.reader.as_ref() else {
                return;
            };
            let bookmark = Bookmark::on(&reader.article, block, pair, &note, now);
            change(app, Change::Add(bookmark));
        }
    }
    app.message = Some("note saved".into());
}

/// `` ` `` and `~`: the next or previous bookmarked paragraph in the article; `steps` of them
/// ahead (negative: back), or as many as there are.
pub fn step(app: &mut App, steps: isize) {
    let direction = steps.signum();
    let times = steps.unsigned_abs().max(1);
    let height = app.pane_height();
    let current = current_block(app);
    let Some(reader) = app.reader.as_mut() else {
        return;
    };
    let from = current.unwrap_or(0);
    let next = if direction > 0 {
        let ahead = reader
            .bookmarked
            .iter()
            .filter(|&&b| current.is_none_or(|_| b > from));
        ahead.take(times).last()
    } else {
        let behind = reader.bookmarked.iter().rev().filter(|&&b| b < from);
        behind.take(times).last()
    };
    let Some(unit) = next.and_then(|&b| reader.layout.unit_of_block(b)) else {
        app.message = Some(if reader.bookmarked.is_empty() {
            "no bookmarks in this article: m marks the current paragraph".into()
        } else {
            no_more("bookmarks", direction)
        });
        return;
    };
    reader.cursor = unit;
    reader.reveal(Position::at_unit(unit), height);
}

/// `'`: the list of every bookmark.
pub fn open_list(app: &mut App) {
    app.screen = Screen::Bookmarks;
    app.bookmark_list.list.rewind();
}

/// The bookmarks the screen shows: newest first, narrowed by the filter.
pub fn visible(app: &App) -> Vec<&Bookmark> {
    let needle = fold_query(&app.bookmark_list.list.filter);
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
    visible(app).get(app.bookmark_list.list.selected).copied()
}

/// The bookmarks screen: moving, opening, filtering, editing notes, removing and undoing.
pub(super) fn update(app: &mut App, action: &Action) {
    let count = visible(app).len();
    match app.bookmark_list.list.step(action, count) {
        Step::Other => {}
        step => {
            app.message = step.refusal("bookmarks");
            return keep_selection_in_view(app);
        }
    }
    match action {
        Action::Command(Command::Help) => app.overlay = Some(Overlay::Help { scroll: 0 }),
        Action::Command(Command::ToggleMouse) => super::copy::toggle_mouse(app),
        Action::Command(Command::Quit) => app.should_quit = true,
        Action::Command(Command::Back) => back(app),
        Action::Command(Command::Filter) => {
            app.ask_filter(Screen::Bookmarks);
        }
        Action::Command(Command::Open) => jump(app),
        Action::Command(Command::EditNote) => edit_selected_note(app),
        Action::Command(Command::Remove) => remove_selected(app),
        Action::Command(Command::Undo) => undo(app),
        Action::Command(Command::JumpBack) => super::jumps::back(app),
        Action::Click { row, .. } => {
            let area = areas::bookmarks(app.area()).list;
            let list = &mut app.bookmark_list.list;
            let at = areas::row_in(area, *row);
            let per = usize::from(ROWS_PER_BOOKMARK);
            if let Some(index) = at.and_then(|line| list.row_at(line, count, |_| per)) {
                list.selected = index;
            }
        }
        _ => {}
    }
    keep_selection_in_view(app);
}

fn keep_selection_in_view(app: &mut App) {
    let room = usize::from(areas::bookmarks(app.area()).list.height);
    let count = visible(app).len();
    let per = usize::from(ROWS_PER_BOOKMARK);
    app.bookmark_list.list.keep_in_view(count, room, |_| per);
}

/// Back: clears the filter, else returns to the reader or the library.
fn back(app: &mut App) {
    if app.bookmark_list.list.clear_filter() {
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
        app.message = Some(NO_BOOKMARK.into());
        return;
    };
    super::jumps::recorded(app, |app| open_bookmark(app, &bookmark));
}

/// Opens `bookmark`'s article at its paragraph (and sentence pair).
fn open_bookmark(app: &mut App, bookmark: &Bookmark) {
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
            let pair = bookmark.pair_in(&article, block);
            app.open_at(article, from_library, Some(block));
            let height = app.pane_height();
            if let (Some(pair), Some(reader)) = (pair, app.reader.as_mut()) {
                super::sentence::go_to_pair(reader, block, pair, height);
            }
        }
        Attachment::Detached => {
            app.message = Some("detached: that paragraph is no longer in the article".into());
        }
    }
}

fn edit_selected_note(app: &mut App) {
    match selected(app) {
        Some(bookmark) => {
            let (id, note) = (bookmark.id.clone(), bookmark.note.clone());
            app.ask(Purpose::Note(NoteFor::Bookmark(id)), &note);
        }
        None => app.message = Some(NO_BOOKMARK.into()),
    }
}

fn remove_selected(app: &mut App) {
    match selected(app).cloned() {
        Some(bookmark) => {
            change(app, Change::Remove(bookmark.id.clone()));
            app.message = Some("bookmark removed (u undoes)".into());
            app.bookmark_list.removed.push(bookmark);
        }
        None => app.message = Some(NO_BOOKMARK.into()),
    }
}

fn undo(app: &mut App) {
    match app.bookmark_list.removed.pop() {
        Some(bookmark) => {
            change(app, Change::Add(bookmark));
            app.message = Some("bookmark restored".into());
        }
        None => app.message = Some("nothing to undo".into()),
    }
}

/// Asks the event loop to save the reading position when the current paragraph or the layout
/// changed.
pub(super) fn remember_position(app: &mut App) {
    if app.awaited.article.is_some() {
        // A preview's blocks are not yet those of the article whose place is kept.
        return;
    }
    let block = current_block(app);
    let Some(reader) = app.reader.as_mut() else {
        return;
    };
    let mode = reader.mode;
    if block.is_none() || (block == reader.saved_block && mode == reader.saved_mode) {
        return;
    }
    reader.saved_block = block;
    reader.saved_mode = mode;
    let Some(block) = block else {
        return;
    };
    let chosen = (mode != reader.default_mode).then_some(mode);
    let position =
        SavedPosition::new(&reader.article, block, crate::date::now()).with_layout(chosen);
    app.positions
        .positions
        .insert(reader.article.id.clone(), position.clone());
    app.effects.push(Effect::SavePosition {
        article: reader.article.id.clone(),
        position,
    });
}
