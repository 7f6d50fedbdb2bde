//! The Aozora Bunko importer: a (sanitized) text in Aozora Bunko notation → an `Article`.
//!
//! It reads the header (title, author and a translator before the first `-------` rule: the
//! headings), skips the `【テキスト中に現れる記号について】` block between the two rules, and
//! takes the colophon from the `底本：` line to the end as the credit (`headings.copyright`).
//! Every other non-blank line is a paragraph of the Japanese side, its leading U+3000 (the
//! indent) kept. Ruby (`漢字《かんじ》`, `｜base《reading》`) becomes the block's `ruby`, its base
//! left in the text. Of the `［＃…］` notes, headings (`［＃「…」は中見出し］`, 大/小, 窓/同行)
//! make their line a heading block; a character outside JIS X 0208 that a note describes
//! (`※［＃「…」、第3水準1-85-54］`, or by `U+6318` or `1-6-84`) becomes that character, from the
//! JIS X 0213 table (`jisx0213`) or its code point, or `〓` when the note gives no code we read
//! (those are counted in a warning); page breaks are dropped; every other note (emphasis,
//! indents, the rest) is left out of the text, and counted in one warning. An unclosed `《` or
//! `［＃` stays in the text, with a warning.

mod jisx0213;

use std::ops::Range;

use crate::article::{Article, Bilingual, Block, Emphasis, Format, Headings, Ruby};
use crate::import::{ImportError, Imported};

/// The block that explains the notation, between the two rules at the top.
const NOTATION_BLOCK: &str = "【テキスト中に現れる記号について】";
/// The first line of the colophon.
const COLOPHON: &str = "底本：";
/// What stands for a character outside JIS X 0208 that a note describes without a code we read.
pub const GAIJI: char = '〓';
const IDEOGRAPHIC_SPACE: char = '\u{3000}';
/// The deepest indentation kept, in full-width characters.
const MAX_INDENT: u8 = 20;

/// Whether a text is in Aozora Bunko notation: the notation block near the top, a colophon
/// line, or ruby with notes under a header rule. (Ruby and notes alone are not enough: a plain
/// text may borrow them, with its paragraphs wrapped over several lines.)
pub fn is_aozora(text: &str) -> bool {
    let top: String = text.chars().take(2000).collect();
    let ruled = text.lines().take(50).any(is_rule);
    top.contains(NOTATION_BLOCK)
        || text.lines().any(|line| line.starts_with(COLOPHON))
        || (ruled && text.contains('《') && text.contains('》') && text.contains("［＃"))
}

/// Reads a sanitized Aozora Bunko text (see the module docs); the notation never fails to
/// parse: what is broken stays in the text, and the warnings say where.
pub fn parse(text: &str, source: &str) -> Result<Imported, ImportError> {
    let lines: Vec<&str> = text.lines().collect();
    let (header, body_start) = split_header(&lines);
    let colophon_at = (body_start..lines.len())
        .find(|&i| lines[i].starts_with(COLOPHON))
        .unwrap_or(lines.len());
    let mut notes = Notes::default();
    let mut headings = header_headings(header, &mut notes);
    headings.copyright = colophon(&lines[colophon_at..]);
    let mut indent = None;
    let blocks = (body_start..colophon_at)
        .filter_map(|i| body_block(lines[i], i + 1, &mut indent, &mut notes))
        .collect();
    Ok(Imported {
        article: Article::new(source.to_owned(), Format::Aozora, headings, blocks),
        warnings: notes.warnings(),
    })
}

/// The header's lines and the index of the body's first line: the header ends at the first
/// rule, and a notation block between it and a second rule is skipped. Without a rule, there
/// is no header.
fn split_header<'a>(lines: &'a [&'a str]) -> (&'a [&'a str], usize) {
    let Some(rule) = lines.iter().take(50).position(|line| is_rule(line)) else {
        return (&[], 0);
    };
    let second = lines[rule + 1..]
        .iter()
        .take(100)
        .position(|line| is_rule(line))
        .map(|k| rule + 1 + k);
    let notation = lines[rule + 1..]
        .iter()
        .take(5)
        .any(|line| line.trim() == NOTATION_BLOCK);
    let body = match second {
        Some(second) if notation => second + 1,
        _ => rule + 1,
    };
    (&lines[..rule], body)
}

fn is_rule(line: &str) -> bool {
    let line = line.trim();
    line.len() >= 5 && line.chars().all(|c| c == '-')
}

/// The title (with any subtitle) and the byline (author, and translator or editor) of the
/// header's non-blank lines, their notation read as in the body.
fn header_headings(header: &[&str], notes: &mut Notes) -> Headings {
    let lines: Vec<String> = header
        .iter()
        .enumerate()
        .map(|(i, line)| {
            read_line(line, i + 1, &mut None, notes)
                .text
                .trim()
                .to_owned()
        })
        .filter(|line| !line.is_empty())
        .collect();
    let mut headings = Headings::default();
    let credits = match lines.len() {
        0 | 1 => 0,
        2 => 1,
        n if is_translator(&lines[n - 1]) => 2,
        _ => 1,
    };
    let (title, byline) = lines.split_at(lines.len() - credits);
    headings.title = Bilingual::ja(title.join("　"));
    headings.byline = Bilingual::ja(byline.join("　"));
    headings
}

/// Whether a header line credits a translator, an editor or a reviser.
fn is_translator(line: &str) -> bool {
    ["訳", "編", "校訂", "編纂", "監修"]
        .iter()
        .any(|end| line.ends_with(end))
}

/// The colophon as one line: its lines trimmed, joined by spaces.
fn colophon(lines: &[&str]) -> Option<String> {
    let parts: Vec<&str> = lines
        .iter()
        .map(|line| line.trim_matches(|c: char| c.is_whitespace()))
        .filter(|line| !line.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// A line of the body as a block: a heading when a note says so, else a paragraph; `None`
/// when nothing is left of it (a blank line, a line that is only notes). `indent` is the
/// indentation a `ここから…字下げ` note set for the lines after it.
fn body_block(
    line: &str,
    number: usize,
    indent: &mut Option<u8>,
    notes: &mut Notes,
) -> Option<Block> {
    let read = read_line(line, number, indent, notes);
    let heading = read.heading;
    let line_indent = read.indent.or(*indent).unwrap_or(0);
    let read = if heading.is_some() {
        read.trimmed(|c: char| c.is_whitespace())
    } else {
        read.trimmed(|c: char| c.is_whitespace() && c != IDEOGRAPHIC_SPACE)
    };
    if read.text.trim().is_empty() {
        return None;
    }
    let emphasis = read.emphasis.into_iter().map(Emphasis).collect();
    let text = Bilingual::ja(read.text);
    let block = match heading {
        Some(level) => Block::heading(level, text),
        None => Block::paragraph(text),
    };
    Some(block.with_ruby(read.ruby).with_marks(emphasis, line_indent))
}

/// One line read: its text without notation, its readings and emphasis, the heading level a
/// note gave it, and its own indentation (`［＃２字下げ］`).
#[derive(Debug, Default)]
struct ReadLine {
    text: String,
    ruby: Vec<Ruby>,
    emphasis: Vec<Range<usize>>,
    /// Where a `［＃傍点］` (or 傍線) opened, until its `終わり`.
    emphasis_from: Option<usize>,
    heading: Option<u8>,
    indent: Option<u8>,
}

impl ReadLine {
    /// The line with `leading` characters trimmed from its start and all whitespace from its
    /// end, its readings and emphasis moved along (those over text trimmed away go).
    fn trimmed(mut self, leading: impl Fn(char) -> bool) -> ReadLine {
        if let Some(from) = self.emphasis_from.take() {
            self.emphasis.push(from..self.text.len());
        }
        let end = self.text.trim_end().len();
        let start = end - self.text[..end].trim_start_matches(leading).len();
        let kept = |range: &Range<usize>| range.start >= start && range.end <= end;
        let moved = |range: &Range<usize>| range.start - start..range.end - start;
        self.ruby = (self.ruby.into_iter())
            .filter(|r| kept(&r.base))
            .map(|r| Ruby {
                base: moved(&r.base),
                reading: r.reading,
            })
            .collect();
        self.emphasis = (self.emphasis.iter())
            .filter(|e| kept(e) && !e.is_empty())
            .map(moved)
            .collect();
        self.text = self.text[start..end].to_owned();
        self
    }
}

/// Reads the notation of one line (`number` from 1, for warnings); `indent` carries a
/// `ここから…字下げ` to the lines after it.
fn read_line(line: &str, number: usize, indent: &mut Option<u8>, notes: &mut Notes) -> ReadLine {
    let mut read = ReadLine::default();
    let mut explicit_base: Option<usize> = None;
    let mut rest = line;
    // Once a closing bracket is not found, none is further on: it is not looked for again (so
    // a line of opening brackets takes linear time).
    let (mut reading_closes, mut note_closes) = (true, true);
    while let Some(c) = rest.chars().next() {
        let after = &rest[c.len_utf8()..];
        let closed = match c {
            '《' if reading_closes => after.split_once('》'),
            '［' if note_closes && after.starts_with('＃') => after.split_once('］'),
            _ => None,
        };
        if closed.is_none() {
            reading_closes &= c != '《';
            note_closes &= c != '［' || !after.starts_with('＃');
        }
        rest = match (c, closed) {
            ('｜', _) => {
                explicit_base = Some(read.text.len());
                after
            }
            ('《', Some((reading, tail))) => {
                add_ruby(&mut read, explicit_base.take(), reading, number, notes);
                tail
            }
            ('［', Some((note, tail))) => {
                apply_note(&mut read, &note['＃'.len_utf8()..], indent, notes);
                tail
            }
            _ => {
                if c == '《' {
                    notes.broken(number, "a 《 without its 》");
                } else if c == '［' && after.starts_with('＃') {
                    notes.broken(number, "a ［＃ without its ］");
                }
                read.text.push(c);
                after
            }
        };
    }
    read
}

/// Records a reading over the explicit base (from `｜`), or else over the run of kanji before
/// it, or else the run of characters of the kind of the last one. With no base at all, the
/// reading stays in the text as it was written.
fn add_ruby(
    read: &mut ReadLine,
    explicit: Option<usize>,
    reading: &str,
    number: usize,
    notes: &mut Notes,
) {
    let end = read.text.len();
    // An implicit base never reaches into the one before it.
    let floor = read.ruby.last().map_or(0, |r| r.base.end);
    let start = explicit.unwrap_or_else(|| floor + base_start(&read.text[floor..]));
    if start == end || reading.is_empty() {
        notes.broken(number, "a reading 《》 with nothing to read");
        read.text.push('《');
        read.text.push_str(reading);
        read.text.push('》');
        return;
    }
    read.ruby.push(Ruby {
        base: start..end,
        reading: reading.to_owned(),
    });
}

/// Where the implicit base of a reading starts in `text` (the line since the last base): the
/// run of kanji at its end, or failing that the run of characters of the last one's kind.
fn base_start(text: &str) -> usize {
    let run_start = |same: &dyn Fn(char) -> bool| {
        text.char_indices()
            .rev()
            .take_while(|&(_, c)| same(c))
            .last()
            .map_or(text.len(), |(i, _)| i)
    };
    let kanji = run_start(&is_kanji);
    if kanji < text.len() {
        return kanji;
    }
    match text.chars().last() {
        Some(last) if !last.is_whitespace() && !is_punctuation(last) => {
            let kind = kind_of(last);
            run_start(&|c| kind_of(c) == kind && !is_punctuation(c))
        }
        _ => text.len(),
    }
}

/// A character of a ruby's implicit base: a kanji, an iteration or abbreviation mark, the small
/// ヵヶ, or the placeholder of a character a note describes.
fn is_kanji(c: char) -> bool {
    matches!(c, '々' | '〆' | 'ヵ' | 'ヶ' | '〇' | GAIJI)
        || ('\u{4E00}'..='\u{9FFF}').contains(&c)
        || ('\u{3400}'..='\u{4DBF}').contains(&c)
        || ('\u{F900}'..='\u{FAFF}').contains(&c)
        || ('\u{20000}'..='\u{3FFFF}').contains(&c)
}

fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || ('\u{3000}'..='\u{303F}').contains(&c)
        || "（）「」『』！？：；，．・".contains(c)
}

/// A coarse kind of character for a base that is not kanji: hiragana, katakana, Latin, other.
fn kind_of(c: char) -> u8 {
    match c {
        '\u{3040}'..='\u{309F}' => 0,
        '\u{30A0}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' | '\u{FF66}'..='\u{FF9F}' => 1,
        _ if c.is_alphanumeric() && (c.is_ascii() || ('\u{FF10}'..='\u{FF5A}').contains(&c)) => 2,
        _ => 3,
    }
}

/// Applies one `［＃…］` note (its text after `＃`) to the line read so far.
fn apply_note(read: &mut ReadLine, note: &str, indent: &mut Option<u8>, notes: &mut Notes) {
    let page_break = ["改ページ", "改丁", "改段", "改見開き"].contains(&note);
    if read.text.ends_with('※') {
        read.text.pop();
        gaiji(read, note, notes);
    } else if let Some(level) = heading_level(note) {
        read.heading = Some(level);
    } else if page_break {
        // Each line is a block already: a page break adds nothing.
    } else if note.contains("傍点") || note.contains("傍線") {
        emphasise(read, note, notes);
    } else if note.contains("字下げ") {
        indentation(read, note, indent, notes);
    } else if ["字上げ", "地付き", "字詰め"]
        .iter()
        .any(|kind| note.contains(kind))
    {
        notes.alignment += 1;
    } else {
        notes.other += 1;
    }
}

/// Emphasis: `「…」に傍点` over the text it quotes (the nearest before the note), or from
/// `傍点` to `傍点終わり` (and the 傍線 forms).
fn emphasise(read: &mut ReadLine, note: &str, notes: &mut Notes) {
    let quoted = note
        .strip_prefix('「')
        .and_then(|rest| rest.rsplit_once('」'))
        .map(|(quoted, _)| quoted);
    match quoted {
        Some(quoted) => match read.text.rfind(quoted).filter(|_| !quoted.is_empty()) {
            Some(start) => {
                let range = start..start + quoted.len();
                let overlaps = read.emphasis.last().is_some_and(|e| e.end > range.start);
                if !overlaps {
                    read.emphasis.push(range);
                }
            }
            None => notes.other += 1,
        },
        None if note.ends_with("終わり") => {
            if let Some(from) = read.emphasis_from.take() {
                read.emphasis.push(from..read.text.len());
            }
        }
        None => {
            read.emphasis_from.get_or_insert(read.text.len());
        }
    }
}

/// Indentation: `N字下げ` for its line, `ここからN字下げ` (or `ここから改行天付き、折り返してN字下げ`)
/// for the lines up to `ここで字下げ終わり`.
fn indentation(read: &mut ReadLine, note: &str, indent: &mut Option<u8>, notes: &mut Notes) {
    if note.ends_with("終わり") {
        *indent = None;
        return;
    }
    let Some(count) = count_before(note, "字下げ") else {
        notes.other += 1;
        return;
    };
    if note.starts_with("ここから") {
        *indent = Some(count);
    } else {
        read.indent = Some(count);
    }
}

/// The number (ASCII or full-width digits) just before the first `marker` in `note`, at most
/// `MAX_INDENT`.
fn count_before(note: &str, marker: &str) -> Option<u8> {
    let before = &note[..note.find(marker)?];
    let digits: Vec<u32> = before
        .chars()
        .rev()
        .map_while(|c| match c {
            '0'..='9' => Some(u32::from(c) - u32::from('0')),
            '０'..='９' => Some(u32::from(c) - u32::from('０')),
            _ => None,
        })
        .collect();
    if digits.is_empty() {
        return None;
    }
    let count = digits.iter().rev().fold(0u32, |count, digit| {
        count.saturating_mul(10).saturating_add(*digit)
    });
    u8::try_from(count.min(u32::from(MAX_INDENT))).ok()
}

/// The character a `※［＃…］` note describes, in place of the `※`: the one its code names, or
/// `〓`.
fn gaiji(read: &mut ReadLine, note: &str, notes: &mut Notes) {
    notes.gaiji += 1;
    if let Some(character) = jisx0213::of_note(note) {
        read.text.push_str(&character);
    } else {
        read.text.push(GAIJI);
        notes.placeholders += 1;
    }
}

/// The heading level a note gives its line: `「…」は中見出し`, `中見出し`, `中見出し終わり`
/// and their 大 (1) and 小 (3) forms, also 窓 and 同行 headings.
fn heading_level(note: &str) -> Option<u8> {
    let kind = note.rsplit_once('」').map_or(note, |(_, kind)| kind);
    let kind = kind.strip_prefix('は').unwrap_or(kind);
    let kind = kind.strip_suffix("終わり").unwrap_or(kind);
    let kind = kind.strip_prefix("ここから").unwrap_or(kind);
    let kind = kind.strip_prefix("ここで").unwrap_or(kind);
    let kind = kind
        .strip_prefix('窓')
        .or_else(|| kind.strip_prefix("同行"))
        .unwrap_or(kind);
    match kind {
        "大見出し" => Some(1),
        "中見出し" => Some(2),
        "小見出し" => Some(3),
        _ => None,
    }
}

/// What was left out or broken, for the warnings.
#[derive(Debug, Default)]
struct Notes {
    /// Characters described by notes, and those of them shown as `GAIJI`.
    gaiji: usize,
    placeholders: usize,
    alignment: usize,
    other: usize,
    /// The first broken notation's line and what it was, and how many there were.
    first_broken: Option<(usize, &'static str)>,
    broken: usize,
}

impl Notes {
    fn broken(&mut self, line: usize, what: &'static str) {
        self.first_broken.get_or_insert((line, what));
        self.broken += 1;
    }

    fn warnings(&self) -> Vec<String> {
        let mut warnings = Vec::new();
        if self.placeholders > 0 {
            warnings.push(format!(
                "{} of {} characters described by Aozora notes shown as {GAIJI}: no code, or \
                 one not in JIS X 0213 or Unicode",
                self.placeholders, self.gaiji
            ));
        }
        let kinds: Vec<String> = [
            (self.alignment, "alignment to the foot of the line"),
            (self.other, "other"),
        ]
        .iter()
        .filter(|(count, _)| *count > 0)
        .map(|(count, kind)| format!("{count} {kind}"))
        .collect();
        let left_out = self.alignment + self.other;
        if left_out > 0 {
            warnings.push(format!(
                "{left_out} Aozora notes left out: {}",
                kinds.join(", ")
            ));
        }
        if let Some((line, what)) = self.first_broken {
            warnings.push(format!(
                "{} broken Aozora notation kept as text, the first at line {line}: {what}",
                self.broken
            ));
        }
        warnings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(line: &str) -> (String, Vec<(String, String)>, Option<u8>) {
        let read = read_line(line, 1, &mut None, &mut Notes::default());
        let ruby = read
            .ruby
            .iter()
            .map(|r| (read.text[r.base.clone()].to_owned(), r.reading.clone()))
            .collect();
        (read.text, ruby, read.heading)
    }

    #[test]
    fn heading_notes_give_their_level() {
        assert_eq!(heading_level("「一」は中見出し"), Some(2));
        assert_eq!(heading_level("「序」は大見出し"), Some(1));
        assert_eq!(heading_level("「注」は窓小見出し"), Some(3));
        assert_eq!(heading_level("「注」は同行中見出し"), Some(2));
        assert_eq!(heading_level("中見出し終わり"), Some(2));
        assert_eq!(heading_level("「一」に傍点"), None);
        assert_eq!(heading_level("「見出し」はママ"), None);
    }

    #[test]
    fn the_implicit_base_is_the_run_of_kanji() {
        assert_eq!(
            read("今日《きょう》は〆切《しめきり》"),
            (
                "今日は〆切".to_owned(),
                vec![
                    ("今日".into(), "きょう".into()),
                    ("〆切".into(), "しめきり".into())
                ],
                None
            )
        );
        // Without kanji, the run of the last character's kind: katakana here.
        assert_eq!(read("あのネコ《ねこ》").1, [("ネコ".into(), "ねこ".into())]);
        // A character a note describes can carry a reading, and so can its placeholder.
        assert_eq!(
            read("※［＃「魚＋生」、第3水準1-94-39］《せい》").1,
            [("鮏".into(), "せい".into())]
        );
        assert_eq!(
            read("※［＃「魚＋奇」、112-4］《かじか》").1,
            [("〓".into(), "かじか".into())]
        );
    }

    #[test]
    fn an_explicit_base_starts_at_the_bar() {
        assert_eq!(
            read("夕方｜折戸《おりど》の"),
            (
                "夕方折戸の".to_owned(),
                vec![("折戸".into(), "おりど".into())],
                None
            )
        );
    }

    #[test]
    fn a_base_never_reaches_into_the_one_before() {
        assert_eq!(read("漢字《かんじ》《よみ》").0, "漢字《よみ》");
    }

    #[test]
    fn a_long_line_of_opening_brackets_is_read() {
        let line = "《［＃".repeat(100_000);
        let mut notes = Notes::default();
        assert_eq!(read_line(&line, 1, &mut None, &mut notes).text, line);
        assert_eq!(notes.broken, 200_000);
    }

    fn emphasis_of(line: &str) -> Vec<String> {
        let read =
            read_line(line, 1, &mut None, &mut Notes::default()).trimmed(char::is_whitespace);
        read.emphasis
            .iter()
            .map(|e| read.text[e.clone()].to_owned())
            .collect()
    }

    #[test]
    fn emphasis_covers_the_quoted_text_or_what_its_notes_enclose() {
        assert_eq!(
            emphasis_of("無鉄砲《むてっぽう》［＃「無鉄砲」に傍点］だ"),
            ["無鉄砲"]
        );
        // The nearest before the note, when the text quoted comes twice.
        let line = "猫と猫［＃「猫」に白ゴマ傍点］";
        let read = read_line(line, 1, &mut None, &mut Notes::default());
        assert_eq!(read.emphasis, vec![6..9]);
        assert_eq!(emphasis_of("［＃傍線］静か［＃傍線終わり］な"), ["静か"]);
        // An emphasis left open ends with its line.
        assert_eq!(emphasis_of("［＃傍点］静かな"), ["静かな"]);
        let mut notes = Notes::default();
        let read = read_line("猫［＃「犬」に傍点］", 1, &mut None, &mut notes);
        assert!(read.emphasis.is_empty());
        assert_eq!(
            notes.other, 1,
            "a quote that is not there is left out, counted"
        );
    }

    #[test]
    fn indentation_counts_read_either_digits() {
        assert_eq!(count_before("２字下げ", "字下げ"), Some(2));
        assert_eq!(count_before("ここから10字下げ", "字下げ"), Some(10));
        assert_eq!(
            count_before("ここから改行天付き、折り返して３字下げ", "字下げ"),
            Some(3)
        );
        assert_eq!(
            count_before("ここから９９９９９９９９９９９字下げ", "字下げ"),
            Some(MAX_INDENT)
        );
        assert_eq!(count_before("字下げ", "字下げ"), None);
        let mut indent = None;
        let mut notes = Notes::default();
        read_line("［＃ここから３字下げ］", 1, &mut indent, &mut notes);
        assert_eq!(indent, Some(3));
        let read = read_line("［＃１字下げ］本文", 2, &mut indent, &mut notes);
        assert_eq!((read.indent, indent), (Some(1), Some(3)));
        read_line("［＃ここで字下げ終わり］", 3, &mut indent, &mut notes);
        assert_eq!(indent, None);
    }

    #[test]
    fn an_empty_or_baseless_reading_stays_text() {
        assert_eq!(read("「《よみ》」").0, "「《よみ》」");
        assert_eq!(read("猫《》").0, "猫《》");
    }
}
