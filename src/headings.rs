//! English and Japanese headings side by side: the rows of the comparison, and their text table.

use std::fmt::Write;

use serde::Serialize;

use crate::article::{Article, Bilingual, BlockKind, HeadingField};
use crate::date::parse_date;
use crate::text::{AmbiguousWidth, str_width, truncate_to, wrap};

/// Shown in a column whose side is missing.
pub const MISSING: &str = "(missing)";

/// One row of the comparison: a heading field or a section heading, in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeadingRow {
    /// `series`, `title`, … for the article's headings; `section` for headings in the text.
    pub kind: &'static str,
    /// Nesting depth of a section heading (1 for top level); 0 for the article's headings.
    pub level: u8,
    pub en: Option<String>,
    pub ja: Option<String>,
    /// Why the two sides look mismatched, if they do.
    pub mismatch: Option<String>,
    /// The block a section heading is, for jumping to it.
    pub block: Option<usize>,
}

impl HeadingRow {
    fn new(kind: &'static str, level: u8, text: &Bilingual, block: Option<usize>) -> Self {
        let mismatch = match (&text.en, &text.ja) {
            (Some(_), None) => Some("no Japanese".to_owned()),
            (None, Some(_)) => Some("no English".to_owned()),
            _ => None,
        };
        Self {
            kind,
            level,
            en: text.en.clone(),
            ja: text.ja.clone(),
            mismatch,
            block,
        }
    }

    /// The label column: the field's name, or `§` marks for a section's depth.
    pub fn label(&self) -> String {
        if self.level == 0 {
            self.kind.to_owned()
        } else {
            "§".repeat(usize::from(self.level))
        }
    }
}

/// The article's headings, then every section heading in document order.
pub fn rows(article: &Article) -> Vec<HeadingRow> {
    let fields = [
        (HeadingField::Series, "series"),
        (HeadingField::Title, "title"),
        (HeadingField::Byline, "byline"),
        (HeadingField::Date, "date"),
        (HeadingField::Publisher, "publisher"),
    ];
    let mut rows: Vec<HeadingRow> = fields
        .into_iter()
        .map(|(field, kind)| HeadingRow::new(kind, 0, article.headings.field(field), None))
        .collect();
    if let Some(date) = rows.iter_mut().find(|r| r.kind == "date") {
        date.mismatch = date_mismatch(&article.headings.date).or(date.mismatch.take());
    }
    rows.extend(
        article
            .blocks
            .iter()
            .enumerate()
            .filter_map(|(i, block)| match block.kind {
                BlockKind::Heading { level } => Some(HeadingRow::new(
                    "section",
                    level.max(1),
                    &block.text,
                    Some(i),
                )),
                _ => None,
            }),
    );
    rows
}

/// Dates that read differently in the two languages.
fn date_mismatch(date: &Bilingual) -> Option<String> {
    let en = parse_date(date.en.as_deref()?)?;
    let ja = parse_date(date.ja.as_deref()?)?;
    (en != ja).then(|| format!("dates differ: {en} / {ja}"))
}

/// The section a block belongs to: the last heading at or before it.
pub fn section_of(article: &Article, block: usize) -> Option<&Bilingual> {
    article.blocks[..=block.min(article.blocks.len().saturating_sub(1))]
        .iter()
        .rev()
        .find(|b| b.is_heading())
        .map(|b| &b.text)
}

/// The rows whose text (either side) contains `filter`, folded as search folds it.
pub fn filtered(rows: &[HeadingRow], filter: &str) -> Vec<usize> {
    let needle = crate::search::fold_query(filter);
    (0..rows.len())
        .filter(|&i| {
            let row = &rows[i];
            let text = format!(
                "{}\n{}",
                row.en.as_deref().unwrap_or(""),
                row.ja.as_deref().unwrap_or("")
            );
            needle.is_empty() || crate::search::fold_query(&text).contains(&needle)
        })
        .collect()
}

/// A row's cells wrapped to the column widths: label, English, Japanese.
pub fn cells(row: &HeadingRow, widths: [usize; 3], policy: AmbiguousWidth) -> [Vec<String>; 3] {
    let indent = "  ".repeat(usize::from(row.level.saturating_sub(1)));
    let cell = |text: &Option<String>, width: usize| {
        let text = text
            .as_deref()
            .map_or_else(|| MISSING.to_owned(), |t| format!("{indent}{t}"));
        wrapped(&text, width, policy)
    };
    [
        wrapped(&row.label(), widths[0], policy),
        cell(&row.en, widths[1]),
        cell(&row.ja, widths[2]),
    ]
}

/// Column widths of the text table for a total width: label, English, Japanese.
pub fn column_widths(total: usize) -> [usize; 3] {
    let label = (total / 5).clamp(2, 10);
    let text = total.saturating_sub(label + 2 * 3).max(4);
    let en = text / 2;
    [label, en, text - en]
}

/// The column names, wrapped like any cell.
pub fn header_cells(widths: [usize; 3], policy: AmbiguousWidth) -> [Vec<String>; 3] {
    [
        Vec::new(),
        wrapped("English", widths[1], policy),
        wrapped("Japanese", widths[2], policy),
    ]
}

/// `text` as the lines `wrap` gives it at `width`.
fn wrapped(text: &str, width: usize, policy: AmbiguousWidth) -> Vec<String> {
    wrap(text, width, policy)
        .into_iter()
        .map(|line| text[line.range].to_owned())
        .collect()
}

/// The rows as a plain-text table: columns aligned by display width, long headings wrapped
/// inside their column by the reader's own engine, `!` and the reason after a mismatched row.
pub fn table(rows: &[HeadingRow], width: usize, policy: AmbiguousWidth) -> String {
    let widths = column_widths(width);
    let mut out = String::new();
    push_row(&mut out, &header_cells(widths, policy), widths, policy);
    for row in rows {
        let cells = cells(row, widths, policy);
        push_row(&mut out, &cells, widths, policy);
        if let Some(reason) = &row.mismatch {
            let note = format!("{:label$}   ! {reason}", "", label = widths[0]);
            out.push_str(&truncate_to(&note, width, policy));
            out.push('\n');
        }
    }
    out
}

fn push_row(
    out: &mut String,
    cells: &[Vec<String>; 3],
    widths: [usize; 3],
    policy: AmbiguousWidth,
) {
    let height = cells.iter().map(Vec::len).max().unwrap_or(1);
    for i in 0..height {
        let mut line = String::new();
        for (column, (lines, width)) in cells.iter().zip(widths).enumerate() {
            if column > 0 {
                line.push_str(" │ ");
            }
            let text = lines.get(i).map_or("", String::as_str);
            line.push_str(text);
            line.push_str(&" ".repeat(width.saturating_sub(str_width(text, policy))));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

/// One article's titles and date, for the library-wide comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TitleRow {
    pub en: Option<String>,
    pub ja: Option<String>,
    pub date: Option<String>,
}

impl TitleRow {
    pub fn of(article: &Article) -> Self {
        let h = &article.headings;
        Self {
            en: h.title.en.clone(),
            ja: h.title.ja.clone(),
            date: h.date_label(),
        }
    }
}

/// How many articles lack a title on one side: `(no English title, no Japanese title)`.
pub fn missing_titles(rows: &[TitleRow]) -> (usize, usize) {
    let no_en = rows.iter().filter(|r| r.en.is_none()).count();
    let no_ja = rows.iter().filter(|r| r.ja.is_none()).count();
    (no_en, no_ja)
}

/// The rows as a Markdown table.
pub fn markdown(rows: &[HeadingRow]) -> String {
    let mut out = String::from("| | English | Japanese | |\n|---|---|---|---|\n");
    for row in rows {
        let indent = "\u{3000}".repeat(usize::from(row.level.saturating_sub(1)));
        let cell = |t: &Option<String>| {
            t.as_deref().map_or_else(
                || format!("*{MISSING}*"),
                |t| format!("{indent}{}", md_cell(t)),
            )
        };
        let flag = row
            .mismatch
            .as_deref()
            .map_or_else(String::new, |m| format!("⚠ {}", md_cell(m)));
        let _ = writeln!(
            out,
            "| {} | {} | {} | {flag} |",
            row.label(),
            cell(&row.en),
            cell(&row.ja)
        );
    }
    out
}

/// The library-wide comparison as a text table, with its summary line.
pub fn titles_table(rows: &[TitleRow], width: usize, policy: AmbiguousWidth) -> String {
    let date_width = 10;
    let text = width.saturating_sub(date_width + 2 * 3).max(8);
    let widths = [text / 2, text - text / 2, date_width];
    let mut out = String::new();
    let header = ["English title", "Japanese title", "date"].map(|h| vec![h.to_owned()]);
    push_row(&mut out, &header, widths, policy);
    for row in rows {
        let cell = |text: &Option<String>, width: usize| -> Vec<String> {
            let text = text.as_deref().unwrap_or(MISSING);
            wrap(text, width, policy)
                .into_iter()
                .map(|l| text[l.range].to_owned())
                .collect()
        };
        let date = vec![row.date.clone().unwrap_or_default()];
        push_row(
            &mut out,
            &[cell(&row.en, widths[0]), cell(&row.ja, widths[1]), date],
            widths,
            policy,
        );
    }
    out.push_str(&summary(rows));
    out.push('\n');
    out
}

/// The library-wide comparison as a Markdown table, with its summary line.
pub fn titles_markdown(rows: &[TitleRow]) -> String {
    let mut out = String::from("| English title | Japanese title | date |\n|---|---|---|\n");
    for row in rows {
        let cell =
            |t: &Option<String>| t.as_deref().map_or_else(|| format!("*{MISSING}*"), md_cell);
        let date = row.date.as_deref().unwrap_or("");
        let _ = writeln!(out, "| {} | {} | {date} |", cell(&row.en), cell(&row.ja));
    }
    let _ = write!(out, "\n{}\n", summary(rows));
    out
}

/// `N articles; A without an English title, B without a Japanese title`.
pub fn summary(rows: &[TitleRow]) -> String {
    let (no_en, no_ja) = missing_titles(rows);
    format!(
        "{} articles; {no_en} without an English title, {no_ja} without a Japanese title",
        rows.len()
    )
}

fn md_cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Format;
    use crate::article::{Block, Headings};

    fn article() -> Article {
        let headings = Headings {
            title: Bilingual::new(Some("Kyoto".into()), Some("京都".into())),
            date: Bilingual::new(
                Some("December 20, 2013".into()),
                Some("2013年 12月 21日".into()),
            ),
            date_iso: Some("2013-12-20".into()),
            ..Headings::default()
        };
        let blocks = vec![
            Block::heading(
                1,
                Bilingual::new(Some("History".into()), Some("歴史".into())),
            ),
            Block::paragraph(Bilingual::en("text")),
            Block::heading(2, Bilingual::ja("平安時代")),
            Block::paragraph(Bilingual::en("more")),
        ];
        Article::new("k".into(), Format::Plain, headings, blocks)
    }

    #[test]
    fn rows_list_fields_then_sections_and_flag_mismatches() {
        let rows = rows(&article());
        assert_eq!(rows.len(), 7);
        let date = rows.iter().find(|r| r.kind == "date").unwrap();
        assert_eq!(
            date.mismatch.as_deref(),
            Some("dates differ: 2013-12-20 / 2013-12-21")
        );
        let series = &rows[0];
        assert_eq!(series.en, None);
        assert_eq!(
            series.mismatch, None,
            "both sides missing is not a mismatch"
        );
        let heian = &rows[6];
        assert_eq!((heian.level, heian.block), (2, Some(2)));
        assert_eq!(heian.mismatch.as_deref(), Some("no English"));
        assert_eq!(heian.label(), "§§");
    }

    #[test]
    fn section_of_finds_the_enclosing_heading() {
        let a = article();
        assert_eq!(section_of(&a, 1).unwrap().en.as_deref(), Some("History"));
        assert_eq!(section_of(&a, 3).unwrap().ja.as_deref(), Some("平安時代"));
    }

    #[test]
    fn table_columns_align_and_never_overflow() {
        for width in [20, 23, 40, 60, 100] {
            let text = table(&rows(&article()), width, AmbiguousWidth::Narrow);
            for line in text.lines() {
                assert!(str_width(line, AmbiguousWidth::Narrow) <= width, "{line:?}");
            }
            assert!(width < 40 || text.contains("(missing)"), "{text}");
            assert!(text.contains("! no English"));
        }
    }

    #[test]
    fn markdown_and_the_library_comparison() {
        let md = markdown(&rows(&article()));
        assert!(
            md.contains("| §§ | *(missing)* | \u{3000}平安時代 | ⚠ no English |"),
            "{md}"
        );
        let titles = [
            TitleRow::of(&article()),
            TitleRow {
                en: None,
                ja: Some("題".into()),
                date: None,
            },
        ];
        let text = titles_table(&titles, 60, AmbiguousWidth::Narrow);
        assert!(
            text.ends_with("2 articles; 1 without an English title, 0 without a Japanese title\n"),
            "{text}"
        );
        assert!(titles_markdown(&titles).contains("| *(missing)* | 題 |  |"));
    }
}
