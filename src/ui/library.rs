//! The library: every article with its English and Japanese titles and its date.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

use super::{paint, truncate_to};
use crate::app::App;
use crate::article::Article;
use crate::keymap::{Command, Context};
use crate::text::AmbiguousWidth;

const DATE_WIDTH: u16 = 10;
const NO_JAPANESE_TITLE: &str = "（和題なし · no Japanese title）";

pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    let theme = &app.config.theme;
    let policy = app.config.ambiguous;
    let buffer = frame.buffer_mut();
    let count = app.library.articles.len();
    let title = format!(
        " taiyaku 対訳 — library: {count} article{}",
        if count == 1 { "" } else { "s" }
    );
    bar(
        buffer,
        Rect::new(area.x, area.y, area.width, 1),
        &title,
        theme.title_bar,
        policy,
    );
    let columns = Columns::for_width(area.width, policy);
    let header = Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
    columns.draw(
        buffer,
        area.y + 1,
        ["English title", "日本語の題名", "date"],
        [header; 3],
    );
    let list_top = area.y + 2;
    let list_rows = area.height.saturating_sub(3);
    let first = app.library.offset;
    for (i, article) in app
        .library
        .articles
        .iter()
        .enumerate()
        .skip(first)
        .take(usize::from(list_rows))
    {
        let y = list_top + u16::try_from(i - first).unwrap_or(0);
        let selected = i == app.library.selected;
        let base = if selected { theme.selected } else { theme.text };
        buffer.set_style(Rect::new(area.x, y, area.width, 1), base);
        let [en, ja, date] = titles(article);
        let ja_style = if article.headings.title.ja.is_some() {
            base
        } else {
            theme.missing.patch(base)
        };
        columns.draw(buffer, y, [&en, &ja, &date], [base, ja_style, base]);
    }
    let hints = hint_line(app);
    bar(
        buffer,
        Rect::new(area.x, area.bottom() - 1, area.width, 1),
        &hints,
        theme.status_bar,
        policy,
    );
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
    let date = article
        .headings
        .date_iso
        .clone()
        .or_else(|| article.headings.date.en.clone())
        .unwrap_or_default();
    [en, ja, date]
}

fn bar(buffer: &mut Buffer, area: Rect, text: &str, style: Style, policy: AmbiguousWidth) {
    buffer.set_style(area, style);
    let text = truncate_to(text, usize::from(area.width), policy);
    paint(buffer, area, &[(&text, style)], policy);
}

fn hint_line(app: &App) -> String {
    let keymap = &app.config.keymap;
    let hints: Vec<String> = [Command::Down, Command::Open, Command::Help, Command::Quit]
        .iter()
        .filter_map(|&c| {
            Some(format!(
                "{} {}",
                keymap.keys(Context::Library, c).first()?,
                c.hint()
            ))
        })
        .collect();
    format!(" {}", hints.join("  ·  "))
}

/// Where the three columns are: English and Japanese share what the date leaves.
struct Columns {
    x: [u16; 3],
    width: [u16; 3],
    policy: AmbiguousWidth,
}

impl Columns {
    fn for_width(total: u16, policy: AmbiguousWidth) -> Columns {
        let gaps = 2 * 3;
        let titles = total.saturating_sub(DATE_WIDTH + gaps + 1);
        let en = titles / 2;
        let ja = titles - en;
        let x0 = 1;
        Columns {
            x: [x0, x0 + en + 3, x0 + en + 3 + ja + 3],
            width: [en, ja, DATE_WIDTH],
            policy,
        }
    }

    fn draw(&self, buffer: &mut Buffer, y: u16, texts: [&str; 3], styles: [Style; 3]) {
        for i in 0..3 {
            let text = truncate_to(texts[i], usize::from(self.width[i]), self.policy);
            let area = Rect::new(self.x[i], y, self.width[i], 1);
            paint(buffer, area, &[(&text, styles[i])], self.policy);
        }
    }
}
