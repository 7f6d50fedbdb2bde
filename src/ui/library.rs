//! The library: every article with its English and Japanese titles and its date.

use std::fmt::Write;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

use super::{line, paint};
use crate::app::{App, Sort, library_rows};
use crate::article::Article;
use crate::headings::{self, TitleRow};
use crate::keymap::{Command, Context};
use crate::text::{AmbiguousWidth, truncate_to};

const DATE_WIDTH: u16 = 10;
const NO_JAPANESE_TITLE: &str = "（和題なし · no Japanese title）";

pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    let theme = &app.config.theme;
    let policy = app.config.ambiguous;
    let buffer = frame.buffer_mut();
    let count = app.library.articles.len();
    let sort = match app.library.sort {
        Sort::Date => "newest first",
        Sort::Title => "by title",
    };
    let mut title = format!(
        " taiyaku 対訳 — library: {count} article{}, {sort}",
        if count == 1 { "" } else { "s" }
    );
    if !app.library.filter.is_empty() {
        let _ = write!(title, " (filter: {})", app.library.filter);
    }
    line(
        buffer,
        Rect::new(area.x, area.y, area.width, 1),
        &title,
        theme.title_bar,
        policy,
    );
    let status = status_text(app);
    let status_row = Rect::new(area.x, area.bottom() - 1, area.width, 1);
    line(buffer, status_row, &status, theme.status_bar, policy);
    if app.library.titles {
        title_comparison(
            app,
            buffer,
            Rect::new(
                area.x,
                area.y + 1,
                area.width,
                area.height.saturating_sub(2),
            ),
        );
        return;
    }
    let columns = Columns::for_width(area.width, policy);
    let header = Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
    columns.draw(
        buffer,
        area.y + 1,
        ["English title", "日本語の題名", "date", "read", "marks"],
        [header; 5],
    );
    let list_top = area.y + 2;
    let list_rows = u16::try_from(library_rows(area.height, false)).unwrap_or(u16::MAX);
    let first = app.library.offset;
    let shown = app.library.shown();
    for (i, article) in shown
        .iter()
        .map(|&index| &app.library.articles[index])
        .enumerate()
        .skip(first)
        .take(usize::from(list_rows))
    {
        let y = list_top + u16::try_from(i - first).unwrap_or(0);
        let selected = i == app.library.selected;
        let base = if selected { theme.selected } else { theme.text };
        buffer.set_style(Rect::new(area.x, y, area.width, 1), base);
        let [en, ja, date] = titles(article);
        let [read, marks] = progress(app, article);
        let ja_style = if article.headings.title.ja.is_some() {
            base
        } else {
            theme.missing.patch(base)
        };
        columns.draw(
            buffer,
            y,
            [&en, &ja, &date, &read, &marks],
            [base, ja_style, base, base, base],
        );
    }
}

fn titles(article: &Article) -> [String; 3] {
    let title = &article.headings.title;
    let en = title
        .en
        .clone()
        .unwrap_or_else(|| article.display_title().to_owned());
    let ja = title
        .ja
        .clone()
        .unwrap_or_else(|| NO_JAPANESE_TITLE.to_owned());
    let date = article.headings.date_label().unwrap_or_default();
    [en, ja, date]
}

/// The comparison of English and Japanese titles, one article per row, with its summary.
fn title_comparison(app: &App, buffer: &mut Buffer, area: Rect) {
    let policy = app.config.ambiguous;
    let theme = &app.config.theme;
    let shown = app.library.shown();
    let rows: Vec<TitleRow> = shown
        .iter()
        .map(|&i| TitleRow::of(&app.library.articles[i]))
        .collect();
    let columns = Columns::for_width(area.width, policy);
    let header = Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
    let names = ["English title", "日本語の題名", "date", "", ""];
    columns.draw(buffer, area.y, names, [header; 5]);
    let list = Rect::new(
        area.x,
        area.y + 1,
        area.width,
        area.height.saturating_sub(2),
    );
    let visible = rows.iter().enumerate().skip(app.library.offset);
    for ((index, row), y) in visible.zip(list.y..list.bottom()) {
        let base = if index == app.library.selected {
            theme.selected
        } else {
            theme.text
        };
        buffer.set_style(Rect::new(area.x, y, area.width, 1), base);
        let side = |text: &Option<String>| match text {
            Some(text) => (text.clone(), base),
            None => (headings::MISSING.to_owned(), theme.missing.patch(base)),
        };
        let (en, en_style) = side(&row.en);
        let (ja, ja_style) = side(&row.ja);
        let date = row.date.clone().unwrap_or_default();
        columns.draw(
            buffer,
            y,
            [&en, &ja, &date, "", ""],
            [en_style, ja_style, base, base, base],
        );
    }
    let summary = Rect::new(area.x, area.bottom().saturating_sub(1), area.width, 1);
    let text = format!(" {}", headings::summary(&rows));
    paint(
        buffer,
        summary,
        &[(
            &truncate_to(&text, usize::from(area.width), policy),
            theme.note,
        )],
        policy,
    );
}

/// How far the article has been read (the paragraph it was left at) and its bookmark count.
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

fn status_text(app: &App) -> String {
    if let Some(id) = &app.confirm_removal {
        let title = app
            .library
            .articles
            .iter()
            .find(|a| &a.id == id)
            .map_or("this article", |a| a.display_title());
        return format!(" remove “{title}” from the library? Its bookmarks are kept. (y/n)");
    }
    let hints = [
        Command::Open,
        Command::Filter,
        Command::Sort,
        Command::Headings,
        Command::Bookmarks,
        Command::Help,
        Command::Quit,
    ];
    super::status_or(app, || {
        app.config.keymap.hint_line(Context::Library, &hints)
    })
}

/// Where the columns are: English and Japanese titles share what the others leave.
struct Columns {
    x: [u16; 5],
    width: [u16; 5],
    policy: AmbiguousWidth,
}

const READ_WIDTH: u16 = 8;
const MARKS_WIDTH: u16 = 5;

impl Columns {
    /// The widths for a terminal: the date, progress and bookmark columns go, last first,
    /// when keeping them would leave the titles less than `MIN_TITLE` cells each.
    fn for_width(total: u16, policy: AmbiguousWidth) -> Columns {
        const MIN_TITLE: u16 = 16;
        let gap = 2;
        let mut extras = [DATE_WIDTH, READ_WIDTH, MARKS_WIDTH];
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
