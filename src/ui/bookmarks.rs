//! The bookmarks screen: every bookmark, newest first, with both excerpts and the note.

use std::fmt::Write;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::{StatusBar, line};
use crate::app::App;
use crate::app::areas::{self, ROWS_PER_BOOKMARK};
use crate::article::Side;
use crate::bookmarks::Bookmark;
use crate::date::iso_minute;
use crate::keymap::{Command, Context};
use crate::layout::missing_text;

/// The keys the status bar names, the most useful first (the last give way first).
const HINTS: [Command; 7] = [
    Command::Open,
    Command::EditNote,
    Command::Remove,
    Command::Undo,
    Command::Filter,
    Command::Help,
    Command::Back,
];

pub fn render(app: &App, buffer: &mut Buffer) {
    let areas = areas::bookmarks(buffer.area);
    let theme = app.config.theme();
    let policy = app.config.ambiguous;
    let shown = crate::app::visible_bookmarks(app);
    let list = &app.bookmark_list.list;
    let total = app.bookmarks.bookmarks.len();
    let mut title = format!(" bookmarks: {} of {total}", shown.len());
    if !list.filter.is_empty() {
        let _ = write!(title, "  (filter: {})", list.filter);
    }
    line(buffer, areas.title, &title, theme.title_bar, policy);
    if shown.is_empty() {
        let empty = if total == 0 {
            " no bookmarks yet: m in the reader marks the current paragraph"
        } else {
            " nothing matches the filter"
        };
        let row = Rect::new(areas.list.x, areas.list.y + 1, areas.list.width, 1);
        line(
            buffer,
            row.intersection(areas.list),
            empty,
            theme.missing,
            policy,
        );
    }
    let per_entry = usize::from(ROWS_PER_BOOKMARK);
    let tops = (areas.list.top()..areas.list.bottom()).step_by(per_entry);
    for ((i, bookmark), y) in shown.iter().enumerate().skip(list.offset).zip(tops) {
        let style = if i == list.selected {
            theme.selected
        } else {
            theme.text
        };
        let entry_area = Rect::new(areas.list.x, y, areas.list.width, ROWS_PER_BOOKMARK)
            .intersection(areas.list);
        buffer.set_style(entry_area, style);
        entry(app, bookmark, buffer, entry_area, style);
    }
    let status = StatusBar {
        left: super::prompt_or_message(app),
        context: Context::Bookmarks,
        commands: &HINTS,
    };
    status.draw(app, buffer, areas.status);
}

/// One bookmark's rows: when, whether its passage is still there, the titles; both excerpts
/// (a missing side says so, as the reader does); the note.
fn entry(app: &App, bookmark: &Bookmark, buffer: &mut Buffer, area: Rect, style: Style) {
    let theme = app.config.theme();
    let articles = app.library.articles.iter();
    let state =
        bookmark.describe(bookmark.place(articles.chain(app.reader.iter().map(|r| &r.article))));
    let [en, ja] = bookmark.article.title.title_sides(&bookmark.article.source);
    let heading = format!(" {}  {state}  {en} / {ja}", iso_minute(bookmark.created));
    let excerpt = |side: Side| {
        let text = bookmark.excerpt(side);
        indent(text.unwrap_or(missing_text(side)))
    };
    let note = match bookmark.note.as_str() {
        "" => String::new(),
        note => format!("   note: {note}"),
    };
    let lines = [
        (heading, theme.heading.patch(style)),
        (excerpt(Side::En), style),
        (excerpt(Side::Ja), style),
        (note, theme.note.patch(style)),
    ];
    for (y, (text, style)) in (area.top()..area.bottom()).zip(lines) {
        let row = Rect::new(area.x, y, area.width, 1);
        line(buffer, row, &text, style, app.config.ambiguous);
    }
}

fn indent(text: &str) -> String {
    format!("   {text}")
}
