//! What taiyaku prints for people and scripts: bookmarks (`taiyaku bookmarks`) and the
//! headings comparison (`taiyaku headings`), each as text, JSON or Markdown; the sentence pairs
//! of two aligned texts (`taiyaku align`), as TSV or JSON.

pub mod alignment;
pub mod bookmarks;
pub mod headings;

pub use bookmarks::export;

/// The formats `taiyaku bookmarks` and `taiyaku headings` print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ExportFormat {
    #[default]
    Text,
    Json,
    Markdown,
}

/// A JSON value, pretty, with a final line break.
fn json(value: &serde_json::Value) -> String {
    let mut out = serde_json::to_string_pretty(value).expect("JSON values serialize");
    out.push('\n');
    out
}

/// Text made safe for a Markdown table cell: backslashes and bars escaped, on one line.
fn md_cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('\n', " ")
}

/// Text with the characters that would start Markdown syntax (at the start of a line or
/// inline) escaped.
pub(crate) fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
