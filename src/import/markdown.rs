//! Markdown (as commonmark.org specifies it, parsed by `pulldown-cmark`) → an `Article`.
//!
//! - Front matter: YAML between a `---` line at the very top (blank lines aside) and a closing
//!   `---` or `...` line. Its `title`, `author` and `date` become the headings (each on the side
//!   its script says; `title_en`/`title-en` and `title_ja`/`title-ja` name a side), the date read
//!   as ISO where it can be (`crate::date`). Only top-level `key: value` entries are read, plain,
//!   quoted (`"…"`, `'…'`) or block (`|`, `>`) scalars; anything else in it is skipped. The `---`
//!   opens front matter when the next line that is neither blank nor a `#` comment is a
//!   `key: value` entry or the closing line (else it is a thematic break). Front matter that is
//!   never closed, or a quoted value that is never closed, is an error naming its line.
//! - Headings (ATX `#`…`######` and setext) are section headings of their level. Without a title
//!   in the front matter, the document's first heading, if it is a `#` heading, is the title (and
//!   a `#` heading in the other script right after it, the title's other side).
//! - Paragraphs, block quotes' paragraphs and list items are paragraphs, placed by script and
//!   paired as plain text pairs them: when both languages are present in some balance, a
//!   paragraph in the language the text opens with pairs with a following one in the other
//!   language (headings likewise, with a following heading of the same level).
//! - Emphasis, strong text and links are their text (a link's target is dropped), inline code
//!   keeps its text, an image is its alt text; HTML blocks and inline HTML are dropped.
//! - A code block is one note block, verbatim, its lines kept as `\n`.
//!
//! Strings taken from the parser are sanitized again, since character references (`&#27;`)
//! can spell controls that the text sanitized before parsing did not hold.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::article::{Article, Bilingual, BlockKind, Format, Headings, Side};
use crate::date::parse_date;
use crate::import::pairing::{Piece, is_top_heading, pair, take_title_at};
use crate::import::{ImportError, Imported};
use crate::script::{join_lines, script_of};

const FRONT_MATTER_OPEN: &str = "---";
const FRONT_MATTER_CLOSE: [&str; 2] = ["---", "..."];
const EXTENSIONS: [&str; 2] = ["md", "markdown"];

/// Whether a text is Markdown: by its extension (`md`, `markdown`), or by content where that is
/// unambiguous: closed front matter at the top, or an ATX `#` heading together with some other
/// Markdown construct (a code fence, a list item, a block quote, a link or image, inline code,
/// strong text).
pub fn is_markdown(text: &str, extension: Option<&str>) -> bool {
    extension.is_some_and(|e| EXTENSIONS.contains(&e))
        || front_matter_lines(text).is_some_and(|lines| lines.closed.is_some())
        || (has_atx_heading(text) && text.lines().any(has_other_construct))
}

/// Whether a line of the text is an ATX heading; a text without a `#` has none, and is not
/// read line by line to find that out.
fn has_atx_heading(text: &str) -> bool {
    memchr::memchr(b'#', text.as_bytes()).is_some() && text.lines().any(is_atx_heading)
}

/// Reads (sanitized) Markdown.
pub fn parse(text: &str, source: &str) -> Result<Imported, ImportError> {
    let (mut headings, body) = match front_matter_lines(text) {
        Some(lines) => {
            let body = &text[lines.body_start()?..];
            (read_front_matter(&lines)?, body)
        }
        None => (Headings::default(), text),
    };
    let mut pieces = read_body(body)?;
    if headings.title.is_empty() {
        headings.title = take_title(&mut pieces);
    }
    Ok(Imported {
        article: Article::new(source.to_owned(), Format::Markdown, headings, pair(pieces)),
        warnings: Vec::new(),
    })
}

// ---- front matter --------------------------------------------------------------------------

/// Where front matter lies in a text: its opening line, its lines, and its closing line.
struct FrontMatterLines<'a> {
    /// The opening `---` line's number (from 1).
    opened: usize,
    /// The lines inside, each with its number.
    lines: Vec<(usize, &'a str)>,
    /// The byte offset just past the closing line, when there is one.
    closed: Option<usize>,
}

impl FrontMatterLines<'_> {
    /// Where the body begins, or the error for front matter that is never closed.
    fn body_start(&self) -> Result<usize, ImportError> {
        self.closed.ok_or_else(|| ImportError::Markdown {
            line: self.opened,
            message: "the front matter opened here is not closed by a `---` or `...` line".into(),
        })
    }
}

/// The front matter at the top of a text, if its first non-blank line is `---` and the next
/// non-blank line is a `key: value` entry or a closing line (see the module docs).
fn front_matter_lines(text: &str) -> Option<FrontMatterLines<'_>> {
    let mut offset = 0;
    let mut lines = text.split_inclusive('\n').enumerate().map(|(index, line)| {
        offset += line.len();
        (index + 1, line.trim_end(), offset)
    });
    let (opened, first, _) = lines.find(|(_, line, _)| !line.trim().is_empty())?;
    if first != FRONT_MATTER_OPEN {
        return None;
    }
    let mut inside = Vec::new();
    for (number, line, end) in lines {
        if FRONT_MATTER_CLOSE.contains(&line) {
            return opens_front_matter(&inside).then_some(FrontMatterLines {
                opened,
                lines: inside,
                closed: Some(end),
            });
        }
        inside.push((number, line));
    }
    opens_front_matter(&inside).then_some(FrontMatterLines {
        opened,
        lines: inside,
        closed: None,
    })
}

/// Whether the lines after a `---` are front matter rather than the text after a thematic
/// break: the first one that is neither blank nor a `#` comment is a `key: value` entry, or
/// there is none before the close.
fn opens_front_matter(lines: &[(usize, &str)]) -> bool {
    lines
        .iter()
        .find(|(_, line)| !line.trim().is_empty() && !line.starts_with('#'))
        .is_none_or(|(_, line)| entry(line).is_some())
}

/// A top-level `key: value` line: the key (letters, digits, `_`, `-`) and the value, trimmed.
fn entry(line: &str) -> Option<(&str, &str)> {
    let (key, value) = line.split_once(':')?;
    let is_key = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    let separated = value.is_empty() || value.starts_with([' ', '\t']);
    (is_key && separated).then_some((key, value.trim()))
}

/// The headings the front matter's `title`, `author` and `date` give.
fn read_front_matter(front: &FrontMatterLines) -> Result<Headings, ImportError> {
    let mut headings = Headings::default();
    let mut explicit_titles = Vec::new();
    let lines = &front.lines;
    for (at, (number, line)) in lines.iter().enumerate() {
        let Some((key, value)) = entry(line) else {
            continue;
        };
        let more = continuation(&lines[at + 1..]);
        let key = key.to_ascii_lowercase();
        let read = || scalar(value, &more, *number, &key);
        match key.as_str() {
            "title" => place(&mut headings.title, read()?),
            "author" => place(&mut headings.byline, read()?),
            "date" => place(&mut headings.date, read()?),
            "title_en" | "title-en" => explicit_titles.push((Side::En, read()?)),
            "title_ja" | "title-ja" => explicit_titles.push((Side::Ja, read()?)),
            _ => {}
        }
    }
    for (side, title) in explicit_titles {
        if let Some(title) = title {
            *headings.title.get_mut(side) = Some(title.into());
        }
    }
    headings.date_iso = [&headings.date.en, &headings.date.ja]
        .into_iter()
        .flatten()
        .find_map(|date| iso_date(date));
    Ok(headings)
}

/// The lines that continue an entry: indented or blank, up to the next top-level line.
fn continuation<'a>(lines: &[(usize, &'a str)]) -> Vec<&'a str> {
    lines
        .iter()
        .map(|(_, line)| *line)
        .take_while(|line| line.trim().is_empty() || line.starts_with([' ', '\t']))
        .collect()
}

/// Puts a value on the side its script says, unless that side is taken.
fn place(field: &mut Bilingual, value: Option<String>) {
    if let Some(value) = value {
        field.get_mut(script_of(&value)).get_or_insert(value.into());
    }
}

/// A scalar's text on one line, `None` when it is empty or not a scalar (a nested mapping or
/// list). `more` are its continuation lines; `number` is its line, for errors.
fn scalar(
    value: &str,
    more: &[&str],
    number: usize,
    key: &str,
) -> Result<Option<String>, ImportError> {
    let text = match value.chars().next() {
        Some(quote @ ('"' | '\'')) => {
            let joined: Vec<&str> = std::iter::once(value).chain(more.iter().copied()).collect();
            let unquoted = unquote(&joined.join("\n"), quote).ok_or_else(|| {
                let message = format!("the quoted `{key}` in the front matter is not closed");
                ImportError::Markdown {
                    line: number,
                    message,
                }
            })?;
            join_lines(unquoted.lines())
        }
        Some('|' | '>') if is_block_indicator(value) => join_lines(more.iter().copied()),
        Some('[' | '{' | '&' | '*' | '!') | None => return Ok(None),
        Some(_) => join_lines(std::iter::once(without_comment(value)).chain(more.iter().copied())),
    };
    Ok((!text.trim().is_empty()).then_some(text))
}

/// `|`, `>`, with their chomping (`-`, `+`) and indentation indicators, and perhaps a comment.
fn is_block_indicator(value: &str) -> bool {
    without_comment(value)
        .chars()
        .skip(1)
        .all(|c| matches!(c, '-' | '+' | '1'..='9'))
}

/// A plain scalar without its ` # comment`.
fn without_comment(value: &str) -> &str {
    value
        .split_once(" #")
        .map_or(value, |(kept, _)| kept)
        .trim_end()
}

/// The text inside a quoted scalar that opens with `quote`, escapes read (`\"`, `\\`, `\n`,
/// `\t` in double quotes; `''` in single ones); `None` if it is not closed.
fn unquote(text: &str, quote: char) -> Option<String> {
    let mut out = String::new();
    let mut chars = text.chars().skip(1);
    while let Some(c) = chars.next() {
        match c {
            '\\' if quote == '"' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push(' '),
                '\n' => {}
                other => out.push(other),
            },
            '\'' if quote == '\'' => {
                let mut rest = chars.clone();
                if rest.next() != Some('\'') {
                    return Some(out);
                }
                chars = rest;
                out.push('\'');
            }
            c if c == quote => return Some(out),
            c => out.push(c),
        }
    }
    None
}

/// A date or a date and time (`2024-03-05T10:00:00+09:00`, `2024-03-05 10:00`) as `YYYY-MM-DD`.
fn iso_date(date: &str) -> Option<String> {
    parse_date(date).or_else(|| date.split(['T', ' ']).next().and_then(parse_date))
}

// ---- the body ------------------------------------------------------------------------------

/// The body's headings, paragraphs and code blocks, in order.
fn read_body(text: &str) -> Result<Vec<Piece>, ImportError> {
    let mut reader = BodyReader::default();
    for event in Parser::new_ext(text, Options::empty()) {
        reader.event(event);
        // A block holds two pieces, paired.
        ImportError::too_many(reader.pieces.len().div_ceil(2), "paragraphs")?;
    }
    reader.flush(BlockKind::Paragraph);
    Ok(reader.pieces)
}

/// Collects the text of the block being read and ends a piece at each block's edge.
#[derive(Default)]
struct BodyReader {
    pieces: Vec<Piece>,
    /// The current block's text; soft and hard line breaks as `\n`.
    text: String,
}

impl BodyReader {
    fn event(&mut self, event: Event) {
        match event {
            Event::Start(Tag::Heading { .. } | Tag::CodeBlock(_)) | Event::Rule => {
                self.flush(BlockKind::Paragraph);
            }
            Event::End(TagEnd::Heading(level)) => self.flush(BlockKind::Heading {
                level: heading_level(level),
            }),
            Event::End(TagEnd::CodeBlock) => self.flush(BlockKind::Note),
            Event::Start(tag) if !is_inline(&tag) => self.flush(BlockKind::Paragraph),
            Event::End(tag) if !is_inline_end(tag) => self.flush(BlockKind::Paragraph),
            Event::Text(text)
            | Event::Code(text)
            | Event::InlineMath(text)
            | Event::DisplayMath(text) => self.text.push_str(&text),
            Event::SoftBreak | Event::HardBreak => self.text.push('\n'),
            _ => {}
        }
    }

    /// Ends the current block as a piece of `kind`, unless it has no text.
    fn flush(&mut self, kind: BlockKind) {
        let raw = std::mem::take(&mut self.text);
        self.pieces.extend(Piece::from_raw(kind, None, &raw));
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Tags that mark up text inside a block, rather than begin a block.
fn is_inline(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn is_inline_end(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// Takes the title off the front: the first heading, when it is a `#` heading, and a `#`
/// heading in the other script right after it.
fn take_title(pieces: &mut Vec<Piece>) -> Bilingual {
    let first = pieces
        .iter()
        .position(|p| matches!(p.kind, BlockKind::Heading { .. }));
    match first {
        Some(at) if is_top_heading(&pieces[at]) => take_title_at(pieces, at),
        _ => Bilingual::default(),
    }
}

// ---- detection -----------------------------------------------------------------------------

/// A line without the up to three spaces of indentation Markdown allows before a block; `None`
/// for a line indented further (an indented code block).
fn unindented(line: &str) -> Option<&str> {
    let rest = line.trim_start_matches(' ');
    (line.len() - rest.len() <= 3).then_some(rest)
}

/// `# Heading` … `###### Heading`, with some text.
fn is_atx_heading(line: &str) -> bool {
    let Some(rest) = unindented(line) else {
        return false;
    };
    let hashes = rest.len() - rest.trim_start_matches('#').len();
    let after = &rest[hashes..];
    (1..=6).contains(&hashes)
        && after.starts_with([' ', '\t'])
        && !after.trim().trim_matches('#').trim().is_empty()
}

/// A code fence, list item or block quote line, or a link, image, inline code or strong text.
fn has_other_construct(line: &str) -> bool {
    let block = unindented(line).is_some_and(|rest| {
        rest.starts_with("```")
            || rest.starts_with("~~~")
            || rest.starts_with("> ")
            || is_list_item(rest)
    });
    block || has_link(line) || has_pair(line, "`") || has_pair(line, "**") || has_pair(line, "__")
}

/// `- item`, `* item`, `+ item`, `1. item`, `1) item`.
fn is_list_item(rest: &str) -> bool {
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let after_marker = match rest.as_bytes().first() {
        Some(b'-' | b'*' | b'+') => &rest[1..],
        Some(b'0'..=b'9') if digits <= 9 && rest[digits..].starts_with(['.', ')']) => {
            &rest[digits + 1..]
        }
        _ => return false,
    };
    after_marker.starts_with(' ') && !after_marker.trim().is_empty()
}

/// `[text](target)` or `![alt](target)`.
fn has_link(line: &str) -> bool {
    line.find('[').is_some_and(|open| {
        let rest = &line[open..];
        rest.find("](")
            .is_some_and(|middle| rest[middle..].contains(')'))
    })
}

/// A `mark`, some text, and the `mark` again.
fn has_pair(line: &str, mark: &str) -> bool {
    line.split_once(mark)
        .and_then(|(_, rest)| rest.split_once(mark))
        .is_some_and(|(inside, _)| !inside.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atx_headings_need_a_space_and_text() {
        assert!(is_atx_heading("# Title"));
        assert!(is_atx_heading("   ###### 見出し ##"));
        assert!(!is_atx_heading("#hashtag"));
        assert!(!is_atx_heading("####### seven"));
        assert!(!is_atx_heading("    # code"));
        assert!(!is_atx_heading("# ##"));
    }

    #[test]
    fn other_constructs() {
        for line in [
            "```rust",
            "- item",
            "12) item",
            "> quoted",
            "see [here](x)",
            "`code`",
            "**bold**",
        ] {
            assert!(has_other_construct(line), "{line}");
        }
        for line in ["-not a list", "1.5 metres", "a [bracket] only", "**", "`"] {
            assert!(!has_other_construct(line), "{line}");
        }
    }

    #[test]
    fn scalars_unquote() {
        assert_eq!(
            unquote(r#""a \"b\" c" rest"#, '"').as_deref(),
            Some(r#"a "b" c"#)
        );
        assert_eq!(unquote("'it''s'", '\'').as_deref(), Some("it's"));
        assert_eq!(unquote("\"open", '"'), None);
        let scalar = |value, more: &[&str]| scalar(value, more, 1, "title").expect("reads");
        assert_eq!(scalar("plain # note", &[]).as_deref(), Some("plain"));
        assert_eq!(
            scalar(">-", &["  two", "  lines"]).as_deref(),
            Some("two lines")
        );
        assert_eq!(scalar("", &["  en: x"]), None);
        assert_eq!(scalar("[a, b]", &[]), None);
    }

    #[test]
    fn dates_and_times_read_as_iso() {
        assert_eq!(iso_date("2024-03-05").as_deref(), Some("2024-03-05"));
        assert_eq!(
            iso_date("2024-03-05T10:00:00+09:00").as_deref(),
            Some("2024-03-05")
        );
        assert_eq!(iso_date("2024年3月5日").as_deref(), Some("2024-03-05"));
        assert_eq!(iso_date("soon"), None);
    }
}
