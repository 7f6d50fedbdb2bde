//! The text of a *Japan in Their Own Words (JITOW) / 日本からの意見* page → an `Article`.
//!
//! A page, as copied from the browser, reads top to bottom:
//!
//! ```text
//! Japan in Their Own Words (JITOW)/日本からの意見     series, both languages
//! English title
//! FAMILY Given / Role                              byline
//! Month D, YYYY                                    date
//! English paragraphs, one per line                 body
//! Given Family is a …                              author note (starts with the author's name)
//! The English-Speaking Union of Japan              publisher
//! 日本語の題名                                      (optional) Japanese title
//! 姓 名 / 肩書き                                    Japanese byline
//! YYYY年 M月 D日                                    Japanese date
//! Japanese paragraphs                              (optional) Japanese body, then its author note
//! 一般社団法人 日本英語交流連盟                       Japanese publisher
//! English Speaking Union of Japan > … > title      breadcrumb: recognised, dropped
//! ```
//!
//! Blank lines are optional. A body is one paragraph per line, unless every line of it is short
//! (≤ 100 cells) and some blank-separated group has several lines: then it was hard-wrapped, and
//! each blank-separated group is one paragraph. Japanese paragraphs pair with English ones in
//! order; leftovers stay one-sided.

use crate::article::{Article, Bilingual, Block, Format, Headings, SharedStr, Side};
use crate::date::parse_date;
use crate::import::Imported;
use crate::script::{join_lines, on_its_side, script_of};
use crate::text::{AmbiguousWidth, str_width};

const SERIES_EN: &str = "Japan in Their Own Words";
const SERIES_JA: &str = "日本からの意見";
const PUBLISHER_EN: [&str; 2] = [
    "english-speaking union of japan",
    "english speaking union of japan",
];
const PUBLISHER_JA: &str = "日本英語交流連盟";
/// Headings and publisher lines are short; anything longer is body text.
const HEADING_MAX_CELLS: usize = 160;
/// A body whose lines all fit in this many cells may have been hard-wrapped.
const WRAPPED_LINE_MAX_CELLS: usize = 100;
/// How far down a section the date may be found.
const HEADER_SEARCH_LINES: usize = 5;

/// Whether a text is a JITOW page: it opens with the series name, or carries the site's
/// breadcrumb, or an ESUJ publisher line.
pub fn is_jitow(text: &str) -> bool {
    let marks_page =
        |l: &str| may_name_the_site(l) && (is_breadcrumb(l) || is_publisher(l).is_some());
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next();
    first.is_some_and(is_series_line)
        || (may_name_the_site(text) && (first.is_some_and(marks_page) || lines.any(marks_page)))
}

/// Whether a text may name the site as a breadcrumb or a publisher line does: the lowercase
/// of either holds `union`, the series' name or the Japanese publisher's. A fast test, so
/// that a text that does not (most) is not lowercased line by line. ASCII letters are
/// compared case aside: no other character lowercases to these words' letters, but `İ`
/// (to `i` and a combining dot, which none of them has) and the Kelvin sign (to `k`, which
/// none of them has); a test says so.
fn may_name_the_site(text: &str) -> bool {
    contains_ascii_caseless(text, "union")
        || contains_ascii_caseless(text, SERIES_EN)
        || text.contains(SERIES_JA)
        || text.contains(PUBLISHER_JA)
}

/// Whether `haystack` holds the ASCII `needle`, ASCII case aside.
fn contains_ascii_caseless(haystack: &str, needle: &str) -> bool {
    let (hay, needle) = (haystack.as_bytes(), needle.as_bytes());
    let Some(&first) = needle.first() else {
        return true;
    };
    let (lower, upper) = (first.to_ascii_lowercase(), first.to_ascii_uppercase());
    memchr::memchr2_iter(lower, upper, hay).any(|at| {
        hay.get(at..at + needle.len())
            .is_some_and(|candidate| candidate.eq_ignore_ascii_case(needle))
    })
}

/// Reads a (sanitized) JITOW page. Anything it does not recognise is kept as text.
pub fn parse(text: &str, source: &str) -> Imported {
    let mut page = Page::new(text);
    let mut headings = Headings::default();
    page.read_series(&mut headings);
    page.read_english_header(&mut headings);
    let english = page.take_until(|l| is_publisher(l).is_some() || script_of(l) == Side::Ja);
    if page.peek().and_then(is_publisher) == Some(Side::En) {
        headings.publisher.en = page.next().map(SharedStr::from);
    }
    page.read_japanese_header(&mut headings);
    let japanese = page.take_until(|l| is_publisher(l) == Some(Side::Ja));
    headings.publisher.ja = page.next().map(SharedStr::from);
    let trailing = page.take_until(|_| false);

    let mut warnings = Vec::new();
    headings.date_iso = date_iso(&headings.date, &mut warnings);
    let mut blocks = body_blocks(&english, &japanese, &headings.byline, &mut warnings);
    blocks.extend(trailing_blocks(&trailing, &mut warnings));
    Imported {
        article: Article::new(source.to_owned(), Format::Jitow, headings, blocks),
        warnings,
    }
}

/// The page's lines, trimmed, breadcrumbs dropped; blank lines kept as `""`.
struct Page<'a> {
    lines: Vec<&'a str>,
    pos: usize,
}

impl<'a> Page<'a> {
    fn new(text: &'a str) -> Self {
        let lines = text
            .lines()
            .map(str::trim)
            .filter(|l| !is_breadcrumb(l))
            .collect();
        Self { lines, pos: 0 }
    }

    fn skip_blank(&mut self) {
        while self.lines.get(self.pos).is_some_and(|l| l.is_empty()) {
            self.pos += 1;
        }
    }

    fn peek(&mut self) -> Option<&'a str> {
        self.skip_blank();
        self.lines.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<&'a str> {
        let line = self.peek()?;
        self.pos += 1;
        Some(line)
    }

    /// The next `count` non-blank lines, without consuming them.
    fn lookahead(&self, count: usize) -> Vec<&'a str> {
        self.lines[self.pos..]
            .iter()
            .copied()
            .filter(|l| !l.is_empty())
            .take(count)
            .collect()
    }

    /// Lines (blank ones included) up to the first non-blank line that matches `stop`.
    fn take_until(&mut self, stop: impl Fn(&str) -> bool) -> Vec<&'a str> {
        let start = self.pos;
        while let Some(line) = self.lines.get(self.pos) {
            if !line.is_empty() && stop(line) {
                break;
            }
            self.pos += 1;
        }
        self.lines[start..self.pos].to_vec()
    }

    fn read_series(&mut self, headings: &mut Headings) {
        if let Some(line) = self.peek().filter(|l| is_series_line(l)) {
            self.pos += 1;
            headings.series = split_series(line);
        }
        let japanese_series = self.peek().filter(|l| l.trim() == SERIES_JA);
        if let Some(line) = japanese_series {
            self.pos += 1;
            headings.series.ja.get_or_insert_with(|| line.into());
        }
    }

    /// Title and byline, then the date if it comes within the first few lines.
    fn read_english_header(&mut self, headings: &mut Headings) {
        let header = self.read_header(Side::En);
        headings.title.en = header.title.map(|t| join_lines(t.iter().copied()).into());
        headings.byline.en = header.byline.map(normalize_byline).map(SharedStr::from);
        headings.date.en = header.date.map(normalize_spaces).map(SharedStr::from);
    }

    /// The Japanese side's optional series line, title, byline and date.
    fn read_japanese_header(&mut self, headings: &mut Headings) {
        if let Some(line) = self.peek().filter(|l| is_series_line(l)) {
            self.pos += 1;
            let series = split_series(line);
            headings.series.ja = headings.series.ja.take().or(series.ja);
        }
        let header = self.read_header(Side::Ja);
        headings.title.ja = header.title.map(|t| join_lines(t.iter().copied()).into());
        headings.byline.ja = header.byline.map(normalize_byline).map(SharedStr::from);
        headings.date.ja = header.date.map(normalize_spaces).map(SharedStr::from);
    }

    /// Finds the date among the next few short lines; the lines before it are the title (all
    /// but the last) and the byline (the last). A lone line before the date is the byline if it
    /// has a slash or is Japanese, else the title. Without a date, a line that looks like a
    /// byline (and the title line before it) is taken, else on the English side a first line
    /// that does not end like a sentence is the title. The English header ends where Japanese
    /// lines begin.
    fn read_header(&mut self, side: Side) -> Header<'a> {
        let candidates: Vec<&str> = self
            .lookahead(HEADER_SEARCH_LINES)
            .into_iter()
            .take_while(|l| is_heading_sized(l) && is_publisher(l).is_none())
            .take_while(|l| side == Side::Ja || script_of(l) == Side::En)
            .collect();
        let date_at = candidates.iter().position(|l| parse_date(l).is_some());
        let before = match date_at {
            Some(at) => &candidates[..at],
            None => match candidates.iter().take(2).position(|l| looks_like_byline(l)) {
                Some(at) => &candidates[..=at],
                None if side == Side::En
                    && candidates.first().is_some_and(|l| !l.ends_with('.')) =>
                {
                    &candidates[..1]
                }
                None => &candidates[..0],
            },
        };
        let date = date_at.map(|at| candidates[at]);
        for _ in 0..before.len() + usize::from(date.is_some()) {
            self.next();
        }
        let (title, byline) = match before {
            [] => (None, None),
            [only] if side == Side::En && !looks_like_byline(only) => (Some(vec![*only]), None),
            [only] => (None, Some(*only)),
            [title @ .., byline] => (Some(title.to_vec()), Some(*byline)),
        };
        Header {
            title,
            byline,
            date,
        }
    }
}

struct Header<'a> {
    title: Option<Vec<&'a str>>,
    byline: Option<&'a str>,
    date: Option<&'a str>,
}

fn is_series_line(line: &str) -> bool {
    (line.contains(SERIES_EN) || line.contains(SERIES_JA)) && is_heading_sized(line)
}

/// `Japan in Their Own Words (JITOW)/日本からの意見` → its English and Japanese sides.
fn split_series(line: &str) -> Bilingual {
    let mut series = Bilingual::default();
    for part in line.split(['/', '／']).map(normalize_spaces) {
        let side = series.get_mut(script_of(&part));
        if side.is_none() && !part.is_empty() {
            *side = Some(part.into());
        }
    }
    series
}

fn is_breadcrumb(line: &str) -> bool {
    if !line.contains(['>', '＞', '›', '»']) {
        return false;
    }
    let lower = line.to_lowercase();
    let has_separator = [" > ", "＞", " › ", " » "]
        .iter()
        .any(|s| lower.contains(s));
    let names_site = [
        SERIES_EN,
        "english speaking union",
        "english-speaking union",
        SERIES_JA,
        PUBLISHER_JA,
    ]
    .iter()
    .any(|name| lower.contains(&name.to_lowercase()));
    has_separator && names_site
}

/// Which side's publisher line this is, if it is one.
fn is_publisher(line: &str) -> Option<Side> {
    if line.len() > 200 || str_width(line, AmbiguousWidth::Narrow) > 60 {
        return None;
    }
    let lower = line.to_lowercase();
    if PUBLISHER_EN.iter().any(|name| lower.contains(name)) {
        Some(Side::En)
    } else if line.contains(PUBLISHER_JA) {
        Some(Side::Ja)
    } else {
        None
    }
}

fn is_heading_sized(line: &str) -> bool {
    str_width(line, AmbiguousWidth::Narrow) <= HEADING_MAX_CELLS
}

/// `NAME / Role`: a short line with one slash between two parts.
fn looks_like_byline(line: &str) -> bool {
    let parts: Vec<&str> = line.split(['/', '／']).map(str::trim).collect();
    parts.len() == 2
        && parts.iter().all(|p| !p.is_empty())
        && str_width(line, AmbiguousWidth::Narrow) <= 80
}

/// Runs of spaces (NBSP and U+3000 included) → one space.
fn normalize_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `ISHIGOOKA Ken\u{A0}/\u{A0}Journalist` → `ISHIGOOKA Ken / Journalist`.
fn normalize_byline(line: &str) -> String {
    line.split(['/', '／'])
        .map(normalize_spaces)
        .collect::<Vec<_>>()
        .join(" / ")
}

/// The ISO date from the English side, else the Japanese; a warning when both read and differ.
fn date_iso(date: &Bilingual, warnings: &mut Vec<String>) -> Option<String> {
    let en = date.en.as_deref().and_then(parse_date);
    let ja = date.ja.as_deref().and_then(parse_date);
    if let (Some(en), Some(ja)) = (&en, &ja)
        && en != ja
    {
        warnings.push(format!(
            "the English date ({en}) and the Japanese date ({ja}) differ"
        ));
    }
    en.or(ja)
}

/// Body paragraphs paired in order, then the author notes as one note block.
fn body_blocks(
    english: &[&str],
    japanese: &[&str],
    byline: &Bilingual,
    warnings: &mut Vec<String>,
) -> Vec<Block> {
    let mut en = paragraphs(english);
    let mut ja = paragraphs(japanese);
    let note_en = take_note(&mut en, |p| starts_with_author_en(p, byline.en.as_deref()));
    let note_ja = take_note(&mut ja, |p| starts_with_author_ja(p, byline.ja.as_deref()));
    // A page of one language (the English page, or the Japanese page, of an essay) has
    // nothing to pair; a page with both bodies whose counts differ says so.
    if !ja.is_empty() && !en.is_empty() && en.len() != ja.len() {
        warnings.push(format!(
            "the English body has {} paragraphs and the Japanese {}; {} stay unpaired",
            en.len(),
            ja.len(),
            en.len().abs_diff(ja.len())
        ));
    }
    let count = en.len().max(ja.len());
    let mut en = en.into_iter();
    let mut ja = ja.into_iter();
    let mut blocks: Vec<Block> = (0..count)
        .map(|_| Block::paragraph(Bilingual::new(en.next(), ja.next())))
        .collect();
    if note_en.is_some() || note_ja.is_some() {
        blocks.push(Block::note(Bilingual::new(note_en, note_ja)));
    }
    blocks
}

/// Lines after the Japanese publisher line that are not a breadcrumb: kept, by script.
fn trailing_blocks(lines: &[&str], warnings: &mut Vec<String>) -> Vec<Block> {
    let blocks: Vec<Block> = paragraphs(lines)
        .into_iter()
        .map(|p| Block::paragraph(on_its_side(p)))
        .collect();
    if !blocks.is_empty() {
        warnings.push(format!(
            "{} unrecognised paragraphs after the publisher line kept at the end",
            blocks.len()
        ));
    }
    blocks
}

fn take_note(paragraphs: &mut Vec<String>, is_note: impl Fn(&str) -> bool) -> Option<String> {
    if paragraphs.last().is_some_and(|p| is_note(p)) {
        paragraphs.pop()
    } else {
        None
    }
}

/// `Ishigooka Ken is a journalist…` for the byline `ISHIGOOKA Ken / Journalist`: the name's
/// words, in any order and case, open the paragraph. Without a byline: a short paragraph that
/// opens with two to four capitalised words (a name) and `is a`, `was the`, ….
fn starts_with_author_en(paragraph: &str, byline: Option<&str>) -> bool {
    let Some(name) = byline.and_then(|b| b.split('/').next()) else {
        return looks_like_biography(paragraph);
    };
    let mut wanted: Vec<String> = name.split_whitespace().map(str::to_lowercase).collect();
    if wanted.is_empty() {
        return false;
    }
    let mut opening: Vec<String> = paragraph
        .split_whitespace()
        .take(wanted.len())
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    wanted.sort();
    opening.sort();
    wanted == opening
}

fn looks_like_biography(paragraph: &str) -> bool {
    const NOTE_MAX_CHARS: usize = 400;
    const NOT_NAMES: [&str; 10] = [
        "The", "This", "That", "These", "Those", "It", "There", "Our", "Its", "Such",
    ];
    let words: Vec<&str> = paragraph.split_whitespace().take(6).collect();
    let Some(verb_at) = words.iter().position(|w| matches!(*w, "is" | "was")) else {
        return false;
    };
    let capitalised = |w: &&str| w.starts_with(|c: char| c.is_uppercase());
    let article_follows = words
        .get(verb_at + 1)
        .is_some_and(|w| matches!(*w, "a" | "an" | "the" | "former"));
    paragraph.chars().count() <= NOTE_MAX_CHARS
        && (2..=4).contains(&verb_at)
        && words[..verb_at].iter().all(capitalised)
        && !NOT_NAMES.contains(&words[0])
        && article_follows
}

/// `石郷岡健 ジャーナリスト…` for the byline `石郷岡 健 / ジャーナリスト`, spaces ignored.
fn starts_with_author_ja(paragraph: &str, byline: Option<&str>) -> bool {
    let without_spaces = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let Some(name) = byline.and_then(|b| b.split('/').next()).map(without_spaces) else {
        return false;
    };
    !name.is_empty() && without_spaces(paragraph).starts_with(&name)
}

/// A body's paragraphs: one per line, or one per blank-separated group when it was hard-wrapped.
fn paragraphs(lines: &[&str]) -> Vec<String> {
    let groups: Vec<&[&str]> = lines
        .split(|l| l.is_empty())
        .filter(|g| !g.is_empty())
        .collect();
    let all_short = lines
        .iter()
        .all(|l| str_width(l, AmbiguousWidth::Narrow) <= WRAPPED_LINE_MAX_CELLS);
    let hard_wrapped = all_short && groups.iter().any(|g| g.len() > 1);
    if hard_wrapped {
        groups
            .iter()
            .map(|g| join_lines(g.iter().copied()))
            .collect()
    } else {
        groups.concat().into_iter().map(str::to_owned).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_two_characters_lowercase_to_ascii_letters() {
        // What `may_name_the_site` counts on.
        let others: Vec<char> = (char::MIN..=char::MAX)
            .filter(|c| !c.is_ascii() && c.to_lowercase().any(|l| l.is_ascii()))
            .collect();
        assert_eq!(others, ['\u{130}', '\u{212A}']);
        assert_eq!("\u{130}".to_lowercase(), "i\u{307}");
        assert!(may_name_the_site("THE ENGLISH-SPEAKING UNION OF JAPAN"));
        assert!(may_name_the_site("a > jApAn In ThEiR oWn WoRdS > b"));
        assert!(may_name_the_site("一般社団法人 日本英語交流連盟"));
        assert!(!may_name_the_site("The Lunch Box > 弁当箱"));
        assert!(!contains_ascii_caseless("unio", "union"));
    }

    #[test]
    fn bylines_are_normalised() {
        assert_eq!(
            normalize_byline("ISHIGOOKA Ken\u{A0}/\u{A0}Journalist"),
            "ISHIGOOKA Ken / Journalist"
        );
        assert_eq!(
            normalize_byline("石郷岡\u{3000}健／ジャーナリスト"),
            "石郷岡 健 / ジャーナリスト"
        );
    }

    #[test]
    fn author_notes_are_recognised_by_name() {
        let byline = Some("ISHIGOOKA Ken / Journalist");
        assert!(starts_with_author_en(
            "Ishigooka Ken is a journalist.",
            byline
        ));
        assert!(starts_with_author_en(
            "Ken Ishigooka, a journalist.",
            byline
        ));
        assert!(!starts_with_author_en(
            "In early November, the talks…",
            byline
        ));
        assert!(starts_with_author_en(
            "Ishigooka Ken is a journalist.",
            None
        ));
        assert!(!starts_with_author_en("This is a fact.", None));
        assert!(!starts_with_author_en("The Government is a mess.", None));
        assert!(!starts_with_author_en("Tokyo Bay is quiet.", None));
        assert!(starts_with_author_ja(
            "石郷岡健　ジャーナリスト。",
            Some("石郷岡 健 / ジャーナリスト")
        ));
    }

    #[test]
    fn breadcrumbs_and_publishers() {
        assert!(is_breadcrumb(
            "English Speaking Union of Japan > Japan in Their Own Words (JITOW) > A title"
        ));
        assert!(!is_breadcrumb(
            "Japan in Their Own Words (JITOW)/日本からの意見"
        ));
        assert_eq!(
            is_publisher("The English-Speaking Union of Japan"),
            Some(Side::En)
        );
        assert_eq!(
            is_publisher("一般社団法人 日本英語交流連盟"),
            Some(Side::Ja)
        );
    }

    #[test]
    fn hard_wrapped_bodies_join_by_group() {
        let lines = ["A hard", "wrapped one.", "", "Another", "one."];
        assert_eq!(paragraphs(&lines), ["A hard wrapped one.", "Another one."]);
        let long = "x".repeat(120);
        let unwrapped = [long.as_str(), long.as_str(), "", "short"];
        assert_eq!(paragraphs(&unwrapped).len(), 3);
    }
}
