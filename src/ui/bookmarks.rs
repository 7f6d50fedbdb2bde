//! The bookmarks screen: every bookmark, newest first, with both excerpts and the note.

use std::fmt::Write;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::line;
use crate::app::{App, BookmarkList, marks_rows};
use crate::bookmarks::Bookmark;
use crate::date::iso_minute;
use crate::keymap::{Command, Context};

pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    let theme = &app.config.theme;
    let policy = app.config.ambiguous;
    let buffer = frame.buffer_mut();
    let shown = crate::app::visible_bookmarks(app);
    let list: &BookmarkList = &app.marks;
    let mut title = format!(
        " bookmarks: {} of {}",
        shown.len(),
        app.bookmarks.bookmarks.len()
    );
    if !list.filter.is_empty() {
        let _ = write!(title, "  (filter: {})", list.filter);
    }
    line(
        buffer,
        Rect::new(area.x, area.y, area.width, 1),
        &title,
        theme.title_bar,
        policy,
    );
    if shown.is_empty() {
        let empty = if app.bookmarks.bookmarks.is_empty() {
            " no bookmarks yet: m in the reader marks the current paragraph"
        } else {
            " nothing matches the filter"
        };
        line(
            buffer,
            Rect::new(area.x, area.y + 2, area.width, 1),
            empty,
            theme.missing,
            policy,
        );
    }
    let per_entry = u16::try_from(crate::app::ROWS_PER_BOOKMARK).unwrap_or(4);
    for (i, bookmark) in shown
        .iter()
        .enumerate()
        .skip(list.offset)
        .take(marks_rows(app.height))
    {
        let y = area.y + 1 + u16::try_from(i - list.offset).unwrap_or(0) * per_entry;
        let selected = i == list.selected;
        let style = if selected { theme.selected } else { theme.text };
        let block = Rect::new(
            area.x,
            y,
            area.width,
            per_entry.min(area.bottom().saturating_sub(y + 1)),
        );
        buffer.set_style(block, style);
        entry(app, bookmark, buffer, block, style);
    }
    let status = status_text(app);
    line(
        buffer,
        Rect::new(area.x, area.bottom() - 1, area.width, 1),
        &status,
        theme.status_bar,
        policy,
    );
}

fn entry(app: &App, bookmark: &Bookmark, buffer: &mut Buffer, area: Rect, style: Style) {
    let theme = &app.config.theme;
    let policy = app.config.ambiguous;
    let articles = app.library.articles.iter();
    let state = bookmark
        .place(articles.chain(app.reader.iter().map(|r| &r.article)))
        .describe();
    let ja_title = bookmark
        .article
        .title
        .ja
        .as_deref()
        .unwrap_or(crate::article::NO_JAPANESE_TITLE);
    let heading = format!(
        " {}  {state}  {} / {}",
        iso_minute(bookmark.created),
        bookmark.title(),
        ja_title
    );
    let lines = [
        (heading, theme.heading.patch(style)),
        (
            indent(
                bookmark
                    .excerpt
                    .en
                    .as_deref()
                    .unwrap_or("(no English text)"),
            ),
            style,
        ),
        (
            indent(bookmark.excerpt.ja.as_deref().unwrap_or("（日本語訳なし）")),
            style,
        ),
        (
            if bookmark.note.is_empty() {
                String::new()
            } else {
                format!("   note: {}", bookmark.note)
            },
            theme.note.patch(style),
        ),
    ];
    for (row, (text, style)) in (area.y..area.bottom()).zip(lines) {
        line(
            buffer,
            Rect::new(area.x, row, area.width, 1),
            &text,
            style,
            policy,
        );
    }
}

fn indent(text: &str) -> String {
    format!("   {text}")
}

fn status_text(app: &App) -> String {
    let hints = [
        Command::Open,
        Command::EditNote,
        Command::Remove,
        Command::Undo,
        Command::Filter,
        Command::Back,
    ];
    super::status_or(app, || {
        app.config.keymap.hint_line(Context::Bookmarks, &hints)
    })
}
