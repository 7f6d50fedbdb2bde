//! English and Japanese headings side by side: the rows of the comparison (an article's own
//! headings and its sections, or the titles of a library), filtered, and their cells wrapped to
//! the columns the screen and the printers (`export::headings`) share.

use serde::{Serialize, Serializer};

use crate::article::{Article, Bilingual, BlockKind, HeadingField};
use crate::date::parse_date;
use crate::text::{AmbiguousWidth, wrap};

/// Shown in a column whose side is missing.
pub const MISSING: &str = "(missing)";

/// What a row of the comparison is: one of the article's own headings, or a section heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadingKind {
    Field(HeadingField),
    Section,
}

impl HeadingKind {
    /// `series`, `title`, `byline`, `date`, `publisher` or `section`, as labels and JSON say.
    pub fn name(self) -> &'static str {
        match self {
            HeadingKind::Field(HeadingField::Series) => "series",
            HeadingKind::Field(HeadingField::Title) => "title",
            HeadingKind::Field(HeadingField::Byline) => "byline",
            HeadingKind::Field(HeadingField::Date) => "date",
            HeadingKind::Field(HeadingField::Publisher) => "publisher",
            HeadingKind::Section => "section",
        }
    }
}

impl Serialize for HeadingKind {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// Sections nested deeper than this are shown at this depth, their depth as a number.
pub const MAX_SHOWN_DEPTH: u8 = 6;

/// One row of the comparison: a heading field or a section heading, in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeadingRow {
    pub kind: HeadingKind,
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
    fn new(kind: HeadingKind, level: u8, text: &Bilingual, block: Option<usize>) -> Self {
        let mismatch = match (&text.en, &text.ja) {
            (Some(_), None) => Some("no Japanese".to_owned()),
            (None, Some(_)) => Some("no English".to_owned()),
            _ => None,
        };
        Self {
            kind,
            level,
            en: text.en.as_deref().map(String::from),
            ja: text.ja.as_deref().map(String::from),
            mismatch,
            block,
        }
    }

    /// The label column: the field's name, or `§` marks for a section's depth; past
    /// `MAX_SHOWN_DEPTH`, `§` and the depth as a number (`§12`), so that a row stays short
    /// however deep the sections nest.
    pub fn label(&self) -> String {
        match self.level {
            0 => self.kind.name().to_owned(),
            level if level <= MAX_SHOWN_DEPTH => "§".repeat(usize::from(level)),
            level => format!("§{level}"),
        }
    }

    /// How many steps a heading's text is indented: one a level below the top, at most
    /// `MAX_SHOWN_DEPTH - 1`.
    pub fn indent_steps(&self) -> usize {
        usize::from(self.level.saturating_sub(1).min(MAX_SHOWN_DEPTH - 1))
    }
}

/// The article's headings, then every section heading in document order.
pub fn rows(article: &Article) -> Vec<HeadingRow> {
    let mut rows: Vec<HeadingRow> = HeadingField::ALL
        .into_iter()
        .map(|field| {
            let text = article.headings.field(field);
            HeadingRow::new(HeadingKind::Field(field), 0, text, None)
        })
        .collect();
    let date = HeadingKind::Field(HeadingField::Date);
    if let Some(row) = rows.iter_mut().find(|r| r.kind == date) {
        row.mismatch = date_mismatch(&article.headings.date).or(row.mismatch.take());
    }
    rows.extend(
        article
            .blocks
            .iter()
            .enumerate()
            .filter_map(|(i, block)| match block.kind {
                BlockKind::Heading { level } => Some(HeadingRow::new(
                    HeadingKind::Section,
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
    let indent = "  ".repeat(row.indent_steps());
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
pub fn wrapped(text: &str, width: usize, policy: AmbiguousWidth) -> Vec<String> {
    wrap(text, width, policy)
        .into_iter()
        .map(|line| text[line.range].to_owned())
        .collect()
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
            en: h.title.en.as_deref().map(String::from),
            ja: h.title.ja.as_deref().map(String::from),
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

/// `N articles; A without an English title, B without a Japanese title`.
pub fn summary(rows: &[TitleRow]) -> String {
    let (no_en, no_ja) = missing_titles(rows);
    format!(
        "{} articles; {no_en} without an English title, {no_ja} without a Japanese title",
        rows.len()
    )
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::article::{Block, Format, Headings};

    /// An article with a mismatched date and a one-sided section heading.
    pub(crate) fn article() -> Article {
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
        let date = rows.iter().find(|r| r.kind.name() == "date").unwrap();
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
}
