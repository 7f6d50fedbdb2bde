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

use crate::article::{Article, Bilingual, Block, Format, Headings};
use crate::import::Imported;
use crate::import::pairing::{Piece, pair};
use crate::script::{join_lines, script_of};
use crate::text::{AmbiguousWidth, str_width};

/// A header line is at most this wide.
const HEADER_MAX_CELLS: usize = 80;
const IDEOGRAPHIC_SPACE: char = '\u{3000}';

/// Reads (sanitized) plain text.
pub fn parse(text: &str, source: &str) -> Imported {
    let mut paragraphs = split_paragraphs(text);
    let headings = take_headings(&mut paragraphs);
    let placed: Vec<Piece> = paragraphs
        .iter()
        .map(|lines| join_lines(lines.iter().copied()))
        .map(|text| Piece::paragraph(script_of(&text), text))
        .collect();
    // The lines' lists (as much memory as a sixth of the text) go before the blocks are made.
    drop(paragraphs);
    Imported {
        article: Article::new(source.to_owned(), Format::Plain, headings, pair(placed)),
        warnings: Vec::new(),
    }
}

/// Reads (sanitized) plain text that is one sentence a line (see the module docs). Such a file
/// is one side of a pair: every line stays on the side of the file's language (by all its
/// letters), so that a Latin-only line in a Japanese file is still one of its sentences.
pub fn parse_lines(text: &str, source: &str) -> Imported {
    let side = script_of(text);
    let blocks = blank_line_paragraphs(text)
        .iter()
        .map(|lines| {
            let mut text = Bilingual::default();
            *text.get_mut(side) = Some(lines.join("\n"));
            Block::paragraph(text)
        })
        .collect();
    Imported {
        article: Article::new(
            source.to_owned(),
            Format::Plain,
            Headings::default(),
            blocks,
        ),
        warnings: Vec::new(),
    }
}

/// The non-blank lines of each paragraph, trimmed; only blank lines end a paragraph.
fn blank_line_paragraphs(text: &str) -> Vec<Vec<&str>> {
    let mut paragraphs: Vec<Vec<&str>> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines().map(str::trim) {
        if !line.is_empty() {
            current.push(line);
        } else if !current.is_empty() {
            paragraphs.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    paragraphs
}

/// The lines of each paragraph, trimmed; the first line keeps a leading U+3000 indent.
fn split_paragraphs(text: &str) -> Vec<Vec<&str>> {
    let mut paragraphs: Vec<Vec<&str>> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines() {
        let line = line
            .trim_end()
            .trim_start_matches(|c: char| c.is_whitespace() && c != IDEOGRAPHIC_SPACE);
        let blank = line.trim().is_empty();
        if (blank || starts_paragraph(line)) && !current.is_empty() {
            paragraphs.push(std::mem::take(&mut current));
        }
        if !blank {
            current.push(line);
        }
        if is_aozora_note(line) {
            paragraphs.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    paragraphs
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
            *headings.title.get_mut(side) = Some(title.trim().to_owned());
            let other_title = paragraphs
                .first()
                .filter(|p| paragraphs.len() > 1 && is_header(p) && p.len() == 1)
                .map(|p| p[0])
                .filter(|line| script_of(line) == side.other());
            if let Some(line) = other_title {
                *headings.title.get_mut(side.other()) = Some(line.trim().to_owned());
                paragraphs.remove(0);
            }
        }
        [first, second] if script_of(first) != script_of(second) => {
            *headings.title.get_mut(script_of(first)) = Some(first.trim().to_owned());
            *headings.title.get_mut(script_of(second)) = Some(second.trim().to_owned());
        }
        [title, byline] => {
            let side = script_of(title);
            *headings.title.get_mut(side) = Some(title.trim().to_owned());
            *headings.byline.get_mut(side) = Some(byline.trim().to_owned());
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
