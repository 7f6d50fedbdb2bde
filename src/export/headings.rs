//! The headings comparison printed for people and scripts (`taiyaku headings`): a text table
//! whose columns are aligned by display width, long headings wrapped inside their column by the
//! reader's own engine; Markdown; JSON.

use std::fmt::Write;

use super::{ExportFormat, json, md_cell};
use crate::article::Article;
use crate::headings::{
    self, HeadingRow, MISSING, TitleRow, cells, column_widths, header_cells, wrapped,
};
use crate::text::{AmbiguousWidth, sanitize, str_width, truncate_to};

/// One article's headings in `format`, `width` cells wide for text. Article text was sanitized
/// on import; the text formats are sanitized once more as a whole, JSON keeps its own escaping.
pub fn article(article: &Article, width: usize, format: ExportFormat) -> String {
    let rows = headings::rows(article);
    match format {
        ExportFormat::Text => sanitize(&table(&rows, width, AmbiguousWidth::Narrow)),
        ExportFormat::Markdown => sanitize(&markdown(&rows)),
        ExportFormat::Json => json(&serde_json::json!({
            "title": article.display_title(),
            "headings": rows,
            "copyright": article.headings.copyright,
        })),
    }
}

/// The titles of every article of a library in `format`, with the summary line.
pub fn library(articles: &[&Article], width: usize, format: ExportFormat) -> String {
    let rows: Vec<TitleRow> = articles.iter().map(|a| TitleRow::of(a)).collect();
    match format {
        ExportFormat::Text => sanitize(&titles_table(&rows, width, AmbiguousWidth::Narrow)),
        ExportFormat::Markdown => sanitize(&titles_markdown(&rows)),
        ExportFormat::Json => json(&serde_json::json!({
            "articles": rows,
            "summary": headings::summary(&rows),
        })),
    }
}

/// The rows as a plain-text table: columns aligned by display width, long headings wrapped
/// inside their column by the reader's own engine, `!` and the reason after a mismatched row.
fn table(rows: &[HeadingRow], width: usize, policy: AmbiguousWidth) -> String {
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

/// The rows as a Markdown table.
fn markdown(rows: &[HeadingRow]) -> String {
    let mut out = String::from("| | English | Japanese | |\n|---|---|---|---|\n");
    for row in rows {
        let indent = "\u{3000}".repeat(row.indent_steps());
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
fn titles_table(rows: &[TitleRow], width: usize, policy: AmbiguousWidth) -> String {
    let date_width = 10;
    let text = width.saturating_sub(date_width + 2 * 3).max(8);
    let widths = [text / 2, text - text / 2, date_width];
    let mut out = String::new();
    let header = ["English title", "Japanese title", "date"].map(|h| vec![h.to_owned()]);
    push_row(&mut out, &header, widths, policy);
    for row in rows {
        let cell = |text: &Option<String>, width: usize| {
            wrapped(text.as_deref().unwrap_or(MISSING), width, policy)
        };
        let date = vec![row.date.clone().unwrap_or_default()];
        push_row(
            &mut out,
            &[cell(&row.en, widths[0]), cell(&row.ja, widths[1]), date],
            widths,
            policy,
        );
    }
    out.push_str(&headings::summary(rows));
    out.push('\n');
    out
}

/// The library-wide comparison as a Markdown table, with its summary line.
fn titles_markdown(rows: &[TitleRow]) -> String {
    let mut out = String::from("| English title | Japanese title | date |\n|---|---|---|\n");
    for row in rows {
        let cell =
            |t: &Option<String>| t.as_deref().map_or_else(|| format!("*{MISSING}*"), md_cell);
        let date = row.date.as_deref().unwrap_or("");
        let _ = writeln!(out, "| {} | {} | {date} |", cell(&row.en), cell(&row.ja));
    }
    let _ = write!(out, "\n{}\n", headings::summary(rows));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::headings::rows;
    use crate::headings::tests::article;

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
