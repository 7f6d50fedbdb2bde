//! The library: every article with its English and Japanese titles and its date.

use std::fmt::Write;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

use super::{StatusBar, line, paint};
use crate::app::{App, Sort, areas};
use crate::article::Article;
use crate::headings::{self, TitleRow};
use crate::keymap::{Command, Context};
use crate::text::{AmbiguousWidth, truncate_to};

const DATE_WIDTH: u16 = 10;

/// The keys the status bar names, the most useful first (the last give way first).
const HINTS: [Command; 8] = [
    Command::Open,
    Command::Filter,
    Command::Sort,
    Command::Headings,
    Command::Bookmarks,
    Command::Help,
    Command::Back,
    Command::Remove,
];

pub fn render(app: &App, buffer: &mut Buffer) {
    let areas = areas::library(buffer.area, app.library.titles);
    let theme = app.config.theme();
    let policy = app.config.ambiguous;
    line(buffer, areas.title, &title(app), theme.title_bar, policy);
    if let Some(question) = removal_question(app) {
        line(buffer, areas.status, &question, theme.status_bar, policy);
    } else {
        let status = StatusBar {
            left: super::prompt_or_message(app),
            context: Context::Library,
            commands: &HINTS,
        };
        status.draw(app, buffer, areas.status);
    }
    let columns = Columns::for_width(areas.header.width, policy);
    let header = Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
    let names = if app.library.titles {
        ["English title", "日本語の題名", "date", "", ""]
    } else {
        ["English title", "日本語の題名", "date", "read", "bookmarks"]
    };
    columns.draw(buffer, areas.header.y, names, [header; 5]);
    let shown = app.library.shown();
    list_rows(app, &shown, buffer, areas.list, &columns);
    if shown.is_empty() && !app.library.list.filter.is_empty() {
        let empty = Rect::new(areas.list.x, areas.list.y, areas.list.width, 1);
        let text = " nothing matches the filter (Esc clears it)";
        line(
            buffer,
            empty.intersection(areas.list),
            text,
            theme.missing,
            policy,
        );
    }
    if app.library.titles {
        let rows: Vec<TitleRow> = shown
            .iter()
            .map(|&i| TitleRow::of(&app.library.articles[i]))
            .collect();
        let summary = format!(" {}", headings::summary(&rows));
        line(buffer, areas.summary, &summary, theme.note, policy);
    }
}

/// The shown articles from the list's offset, one a row: both titles (a missing one marked as
/// missing, as everywhere titles are compared), the date, and how far each was read.
fn list_rows(app: &App, shown: &[usize], buffer: &mut Buffer, area: Rect, columns: &Columns) {
    let theme = app.config.theme();
    let list = &app.library.list;
    let visible = shown.iter().enumerate().skip(list.offset);
    for ((index, &article), y) in visible.zip(area.top()..area.bottom()) {
        let article = &app.library.articles[article];
        let base = if index == list.selected {
            theme.selected
        } else {
            theme.text
        };
        buffer.set_style(Rect::new(area.x, y, area.width, 1), base);
        let row = TitleRow::of(article);
        let side = |text: &Option<String>| match text {
            Some(text) => (text.clone(), base),
            None => (headings::MISSING.to_owned(), theme.missing.patch(base)),
        };
        let (en, en_style) = side(&row.en);
        let (ja, ja_style) = side(&row.ja);
        let date = row.date.unwrap_or_default();
        let [read, bookmarks] = if app.library.titles {
            [String::new(), String::new()]
        } else {
            progress(app, article)
        };
        columns.draw(
            buffer,
            y,
            [&en, &ja, &date, &read, &bookmarks],
            [en_style, ja_style, base, base, base],
        );
    }
}

fn title(app: &App) -> String {
    let count = app.library.articles.len();
    let sort = match app.library.sort {
        Sort::Date => "newest first",
        Sort::Title => "by title",
    };
    let mut title = format!(
        " taiyaku 対訳 — library: {count} article{}, {sort}",
        if count == 1 { "" } else { "s" }
    );
    if app.library.titles {
        title.push_str(" — English and Japanese titles");
    }
    if !app.library.list.filter.is_empty() {
        let _ = write!(title, " (filter: {})", app.library.list.filter);
    }
    title
}

/// How far the article has been read (the paragraph it was left at) and its bookmarks.
fn progress(app: &App, article: &Article) -> [String; 2] {
    let read = app.positions.positions.get(&article.id).map_or_else(
        || "—".to_owned(),
        |saved| format!("¶{}/{}", saved.block_in(article) + 1, article.blocks.len()),
    );
    let count = app.bookmarks.of_article(&article.id).count();
    [
        read,
        if count == 0 {
            String::new()
        } else {
            count.to_string()
        },
    ]
}

/// The yes/no question about removing an article, while it is asked.
fn removal_question(app: &App) -> Option<String> {
    let id = app.removal_asked()?;
    let title = app
        .library
        .articles
        .iter()
        .find(|a| a.id == id)
        .map_or("this article", |a| a.display_title());
    Some(format!(
        " remove “{title}” from the library? Its bookmarks are kept. (y/n)"
    ))
}

/// Where the columns are: English and Japanese titles share what the others leave.
struct Columns {
    x: [u16; 5],
    width: [u16; 5],
    policy: AmbiguousWidth,
}

const READ_WIDTH: u16 = 8;
const BOOKMARKS_WIDTH: u16 = 9;

impl Columns {
    /// The widths for a terminal: the date, progress and bookmark columns go, last first,
    /// when keeping them would leave the titles less than `MIN_TITLE` cells each.
    fn for_width(total: u16, policy: AmbiguousWidth) -> Columns {
        const MIN_TITLE: u16 = 16;
        let gap = 2;
        let mut extras = [DATE_WIDTH, READ_WIDTH, BOOKMARKS_WIDTH];
        for dropped in (0..extras.len()).rev() {
            let fixed: u16 = extras
                .iter()
                .map(|&w| if w > 0 { w + gap } else { 0 })
                .sum();
            if total.saturating_sub(fixed + gap + 1) >= 2 * MIN_TITLE {
                break;
            }
            extras[dropped] = 0;
        }
        let fixed: u16 = extras
            .iter()
            .map(|&w| if w > 0 { w + gap } else { 0 })
            .sum();
        let titles = total.saturating_sub(fixed + gap + 1);
        let en = titles / 2;
        let widths = [en, titles - en, extras[0], extras[1], extras[2]];
        let mut x = [1; 5];
        for i in 1..5 {
            x[i] = x[i - 1] + widths[i - 1] + if widths[i - 1] > 0 { gap } else { 0 };
        }
        Columns {
            x,
            width: widths,
            policy,
        }
    }

    fn draw(&self, buffer: &mut Buffer, y: u16, texts: [&str; 5], styles: [Style; 5]) {
        for i in 0..5 {
            let text = truncate_to(texts[i], usize::from(self.width[i]), self.policy);
            let area = Rect::new(self.x[i], y, self.width[i], 1);
            paint(buffer, area, &[(&text, styles[i])], self.policy);
        }
    }
}
