//! Plain text → an `Article`: paragraphs split at blank lines, placed by script, paired.
//!
//! - A paragraph ends at a blank line; a line that begins with an ideographic space (U+3000, the
//!   Japanese paragraph indent), with `「`/`『` (dialogue, which Japanese novels start on a
//!   line of its own) or with an Aozora Bunko note `［＃` begins a new one; a line that is only
//!   such a note is a paragraph of its own. The U+3000 indent stays part of the paragraph.
//! - The lines of a paragraph are joined with a space, or with nothing where Japanese text
//!   meets the join.
//! - Each paragraph goes on the English or Japanese side by its script (`script_of`).
//! - When both languages are present in some balance (the smaller side has at least half as
//!   many paragraphs as the larger), a paragraph in the language the text opens with is paired
//!   with a following paragraph in the other language; a lone one stays one-sided. A Japanese
//!   novel with one English epigraph is therefore not paired.
//! - Title: when more text follows, a first paragraph of one or two short lines (≤ 80 cells,
//!   not ending like a sentence) is the header: one line is the title; two lines in different
//!   scripts are the English and Japanese titles; two lines in one script are the title and the
//!   byline (as in Aozora Bunko files: title, then author). A one-line title followed by a
//!   one-line header in the other script takes that line as the title's other side.
//! - Aozora Bunko markup (ruby `《》`, notes `［＃…］`) comes through as text.
//!
//! `parse_lines` reads a text that is one sentence a line (as hunalign and most corpora keep
//! them) without joining anything: only a blank line ends a paragraph, each line is kept whole
//! (trimmed) and the lines of a paragraph stay apart, joined by line breaks; no header is taken,
//! so every non-blank line is a sentence of the body. Paragraphs are placed and paired as above.

use std::ops::Range;
use std::sync::Arc;

use crate::article::{Article, Bilingual, Block, Format, Headings, MAX_BLOCKS, SharedStr, Side};
use crate::import::pairing::{self, Piece, pair};
use crate::import::{ImportError, Imported};
use crate::script::{join_lines_into, language_of, script_of, trim_line};
use crate::text::{AmbiguousWidth, str_width};

/// A header line is at most this wide.
const HEADER_MAX_CELLS: usize = 80;
const IDEOGRAPHIC_SPACE: char = '\u{3000}';

/// Reads (sanitized) plain text.
pub fn parse(text: &str, source: &str) -> Result<Imported, ImportError> {
    parse_owned(text.to_owned(), source)
}

/// Reads (sanitized) plain text, taking it over: the article's text stays in its buffer, each
/// paragraph's lines joined where they lie (`join_in_place`). A text of more paragraphs than
/// twice `MAX_BLOCKS` (a block holds two, paired) is refused before they are made.
pub fn parse_owned(text: String, source: &str) -> Result<Imported, ImportError> {
    let mut spans = Vec::new();
    let mut count = 0;
    for_each_paragraph(&text, |lines| {
        count += 1;
        if count <= 2 * MAX_BLOCKS {
            spans.push(span_of(&text, lines));
        }
    });
    ImportError::too_many(count.div_ceil(2), "paragraphs")?;
    // The header is decided by the first paragraphs and whether more follow.
    let mut first: Vec<Vec<&str>> = spans
        .iter()
        .take(3)
        .map(|span| lines_of(&text[span.clone()]).collect())
        .collect();
    let count = first.len();
    let headings = take_headings(&mut first);
    let body = &spans[count - first.len()..];
    drop(first);
    let (buffer, placed) = join_in_place(text, body);
    drop(spans);
    let english = placed.iter().filter(|(_, side)| *side == Side::En).count();
    let fewest = pairing::fewest_blocks(english, placed.len() - english);
    ImportError::too_many(fewest, "paragraphs")?;
    let buffer = Arc::new(buffer);
    let pieces: Vec<Piece> = placed
        .into_iter()
        .filter_map(|(place, side)| {
            let text = match place {
                Place::Buffer(range) => SharedStr::slice(&buffer, range)?,
                Place::Own(text) => SharedStr::from(text),
            };
            Some(Piece::paragraph(side, text))
        })
        .collect();
    Ok(Imported {
        article: Article::new(source.to_owned(), Format::Plain, headings, pair(pieces)),
        warnings: Vec::new(),
    })
}

/// Where a joined paragraph is: in the text's buffer, or (very rarely) in a string of its own.
enum Place {
    Buffer(Range<usize>),
    Own(String),
}

/// The paragraphs of `spans` (byte ranges of `text`, in order), each one's lines joined and
/// written over the text from its start on, and where each is now and on which side it goes.
/// A joined paragraph is not longer than its span (a line break of one byte or more becomes at
/// most one space), so each is written before the next one's span begins, and the text needs
/// no second buffer; only one whose join had to be normalized again, and grew, is kept apart.
fn join_in_place(text: String, spans: &[Range<usize>]) -> (String, Vec<(Place, Side)>) {
    let mut bytes = text.into_bytes();
    let mut joined = String::new();
    let mut placed = Vec::with_capacity(spans.len());
    let mut end = 0;
    for span in spans {
        joined.clear();
        // Untouched yet, and on the text's character boundaries, so never refused.
        let Ok(paragraph) = std::str::from_utf8(&bytes[span.clone()]) else {
            continue;
        };
        join_lines_into(lines_of(paragraph), &mut joined);
        let side = script_of(&joined);
        if end + joined.len() > span.end {
            placed.push((Place::Own(joined.clone()), side));
            continue;
        }
        let start = end;
        end = start + joined.len();
        bytes[start..end].copy_from_slice(joined.as_bytes());
        placed.push((Place::Buffer(start..end), side));
    }
    bytes.truncate(end);
    // Whole paragraphs of the text, so still UTF-8.
    let text = String::from_utf8(bytes)
        .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned());
    (text, placed)
}

/// Reads (sanitized) plain text that is one sentence a line (see the module docs). Such a file
/// is one side of a pair: every line stays on the side of the file's language (by all its
/// letters), so that a Latin-only line in a Japanese file is still one of its sentences.
pub fn parse_lines(text: &str, source: &str) -> Result<Imported, ImportError> {
    let side = language_of(text);
    let paragraphs = blank_line_paragraphs(text)?;
    let blocks = paragraphs
        .iter()
        .map(|lines| {
            let mut text = Bilingual::default();
            *text.get_mut(side) = Some(lines.join("\n").into());
            Block::paragraph(text)
        })
        .collect();
    Ok(Imported {
        article: Article::new(
            source.to_owned(),
            Format::Plain,
            Headings::default(),
            blocks,
        ),
        warnings: Vec::new(),
    })
}

/// The non-blank lines of each paragraph, trimmed; only blank lines end a paragraph. More
/// paragraphs than an article holds are refused at the first one over.
fn blank_line_paragraphs(text: &str) -> Result<Vec<Vec<&str>>, ImportError> {
    let mut paragraphs: Vec<Vec<&str>> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines().map(str::trim) {
        if !line.is_empty() {
            current.push(line);
        } else if !current.is_empty() {
            ImportError::too_many(paragraphs.len() + 1, "paragraphs")?;
            paragraphs.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        ImportError::too_many(paragraphs.len() + 1, "paragraphs")?;
        paragraphs.push(current);
    }
    Ok(paragraphs)
}

/// Calls `each` with the lines of each paragraph in turn, trimmed (`trim_line`).
fn for_each_paragraph<'a>(text: &'a str, mut each: impl FnMut(&[&'a str])) {
    let mut current: Vec<&str> = Vec::new();
    let mut flush = |current: &mut Vec<&'a str>| {
        if !current.is_empty() {
            each(current);
            current.clear();
        }
    };
    for line in text.lines().map(trim_line) {
        let blank = line.trim().is_empty();
        if blank || starts_paragraph(line) {
            flush(&mut current);
        }
        if !blank {
            current.push(line);
        }
        if is_aozora_note(line) {
            flush(&mut current);
        }
    }
    flush(&mut current);
}

/// The byte range of `text` from the first of `lines` (slices of it, in order) to the end of
/// the last.
fn span_of(text: &str, lines: &[&str]) -> Range<usize> {
    let offset = |line: &str| line.as_ptr() as usize - text.as_ptr() as usize;
    match (lines.first(), lines.last()) {
        (Some(first), Some(last)) => offset(first)..offset(last) + last.len(),
        _ => 0..0,
    }
}

/// The lines of a paragraph's span, trimmed; none of them is blank.
fn lines_of(span: &str) -> impl Iterator<Item = &str> + Clone {
    span.lines().map(trim_line)
}

fn starts_paragraph(line: &str) -> bool {
    line.starts_with([IDEOGRAPHIC_SPACE, '「', '『']) || line.starts_with("［＃")
}

/// A line that is only an Aozora Bunko note, such as `［＃ここから２字下げ］`.
fn is_aozora_note(line: &str) -> bool {
    line.starts_with("［＃") && line.ends_with('］')
}

/// Takes the header paragraphs off the front (see the module docs).
fn take_headings(paragraphs: &mut Vec<Vec<&str>>) -> Headings {
    let mut headings = Headings::default();
    let header_lines = match paragraphs.first() {
        Some(first) if paragraphs.len() > 1 && is_header(first) => first.clone(),
        _ => return headings,
    };
    paragraphs.remove(0);
    match header_lines.as_slice() {
        [title] => {
            let side = script_of(title);
            *headings.title.get_mut(side) = Some(title.trim().to_owned().into());
            let other_title = paragraphs
                .first()
                .filter(|p| paragraphs.len() > 1 && is_header(p) && p.len() == 1)
                .map(|p| p[0])
                .filter(|line| script_of(line) == side.other());
            if let Some(line) = other_title {
                *headings.title.get_mut(side.other()) = Some(line.trim().into());
                paragraphs.remove(0);
            }
        }
        [first, second] if script_of(first) != script_of(second) => {
            *headings.title.get_mut(script_of(first)) = Some(first.trim().into());
            *headings.title.get_mut(script_of(second)) = Some(second.trim().into());
        }
        [title, byline] => {
            let side = script_of(title);
            *headings.title.get_mut(side) = Some(title.trim().to_owned().into());
            *headings.byline.get_mut(side) = Some(byline.trim().to_owned().into());
        }
        _ => {}
    }
    headings
}

fn is_header(lines: &[&str]) -> bool {
    (1..=2).contains(&lines.len()) && lines.iter().all(|l| is_header_line(l))
}

fn is_header_line(line: &str) -> bool {
    let sentence_end = [
        '.', ',', ';', ':', '!', '?', '。', '、', '，', '．', '！', '？', '」',
    ];
    str_width(line, AmbiguousWidth::Narrow) <= HEADER_MAX_CELLS
        && !line.trim_end().ends_with(sentence_end)
        && !line.starts_with(IDEOGRAPHIC_SPACE)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, source: &str) -> Imported {
        super::parse(text, source).expect("a short text reads")
    }

    fn parse_lines(text: &str, source: &str) -> Imported {
        super::parse_lines(text, source).expect("a short text reads")
    }

    #[test]
    fn more_paragraphs_than_an_article_holds_are_refused() {
        // Refused after counting, before a piece is made: more than twice as many as a parallel
        // text pairs into the most blocks, or (one language) just more.
        let english = "a\n\n".repeat(MAX_BLOCKS);
        // (The first paragraphs may be taken for a title and byline.)
        for more in [
            format!("{english}{english}b"),
            format!("{english}b\n\nc\n\nd"),
        ] {
            assert!(matches!(
                super::parse(&more, "t"),
                Err(ImportError::TooMany("paragraphs"))
            ));
        }
        assert!(matches!(
            super::parse_lines(&format!("{}b", "a\n\n".repeat(MAX_BLOCKS)), "t"),
            Err(ImportError::TooMany("paragraphs"))
        ));
    }

    fn texts(imported: &Imported) -> Vec<(Option<&str>, Option<&str>)> {
        imported
            .article
            .blocks
            .iter()
            .map(|b| (b.text.en.as_deref(), b.text.ja.as_deref()))
            .collect()
    }

    #[test]
    fn blank_lines_and_indents_split_paragraphs() {
        let text = "\u{3000}吾輩は猫で\nある。\n\u{3000}名前は\nまだ無い。\n「どこで」\n\nNext one\nwraps here.";
        let imported = parse(text, "t");
        assert_eq!(
            texts(&imported),
            [
                (None, Some("\u{3000}吾輩は猫である。")),
                (None, Some("\u{3000}名前はまだ無い。")),
                (None, Some("「どこで」")),
                (Some("Next one wraps here."), None),
            ]
        );
    }

    #[test]
    fn alternating_languages_pair_up() {
        let text = "One.\n\n一。\n\nTwo.\n\n二。\n\nThree.";
        assert_eq!(
            texts(&parse(text, "t")),
            [
                (Some("One."), Some("一。")),
                (Some("Two."), Some("二。")),
                (Some("Three."), None),
            ]
        );
    }

    #[test]
    fn japanese_first_texts_pair_the_other_way() {
        let text = "一。\n\nOne.\n\n二。\n\nTwo.";
        assert_eq!(
            texts(&parse(text, "t")),
            [(Some("One."), Some("一。")), (Some("Two."), Some("二。"))]
        );
    }

    #[test]
    fn a_stray_english_paragraph_is_not_paired() {
        let text = "一。\n\nAn epigraph.\n\n二。\n\n三。\n\n四。";
        assert!(
            parse(text, "t")
                .article
                .blocks
                .iter()
                .all(|b| { b.text.en.is_none() || b.text.ja.is_none() })
        );
    }

    #[test]
    fn lines_stay_lines_and_only_blank_lines_end_paragraphs() {
        let text = "A title\n\nOne. Still one.\n  Two  \n\n\n\u{3000}「三」\n四。\n";
        let imported = parse_lines(text, "t");
        assert_eq!(imported.article.headings, Headings::default());
        // One file, one language: every line on its side, whatever the line's own script.
        assert_eq!(
            texts(&imported),
            [
                (Some("A title"), None),
                (Some("One. Still one.\nTwo"), None),
                (Some("「三」\n四。"), None),
            ]
        );
        let japanese = parse_lines("一行目。\nOK!\n\n二つ目の段落。\n", "j");
        assert_eq!(
            texts(&japanese),
            [
                (None, Some("一行目。\nOK!")),
                (None, Some("二つ目の段落。"))
            ]
        );
    }

    #[test]
    fn headers_become_titles_and_bylines() {
        let novel = parse("吾輩は猫である\n夏目漱石\n\n\u{3000}吾輩は猫である。", "t");
        assert_eq!(
            novel.article.headings.title.ja.as_deref(),
            Some("吾輩は猫である")
        );
        assert_eq!(
            novel.article.headings.byline.ja.as_deref(),
            Some("夏目漱石")
        );
        let bilingual = parse("The Cat\n\n猫\n\nText.\n\n本文。", "t");
        assert_eq!(
            bilingual.article.headings.title.en.as_deref(),
            Some("The Cat")
        );
        assert_eq!(bilingual.article.headings.title.ja.as_deref(), Some("猫"));
        assert_eq!(bilingual.article.blocks.len(), 1);
        let lone = parse("Only a line", "t");
        assert_eq!(lone.article.headings, Headings::default());
        assert_eq!(lone.article.blocks.len(), 1);
    }
}
