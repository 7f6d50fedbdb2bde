//! Sentence-pair tables, TSV and CSV → an `Article`: a row per sentence pair, a paragraph per
//! run of rows.
//!
//! A table reads (TSV shown; CSV is the same with commas and RFC 4180 quotes):
//!
//! ```text
//! en<TAB>ja                          a header row (names such as en, ja, english, source,
//! Good morning.<TAB>おはよう。         text, id, lang): recognised and skipped
//! It is cold.<TAB>寒いですね。         a sentence pair a row; consecutive rows, one paragraph
//!                                    a blank row ends the paragraph
//! Only English here.<TAB>            one side missing: a pair without the other side
//! ```
//!
//! - Columns: the two with the most letters are the text; of those, the one whose cells are
//!   more often Japanese by script is Japanese (the first is English on a tie). Other columns
//!   (ids, scores, `fixed` marks) are ignored. With a single text column each cell goes on the
//!   side of its own script, and is paired as a sentence of a language column is (below).
//! - A column of language codes (`eng`, `jpn`, `en`, `ja`, others such as `fra`), as in
//!   Tatoeba's `id<TAB>lang<TAB>text` exports, makes every row one sentence: a sentence in the
//!   language the table opens with pairs with the next one in the other language; rows in other
//!   languages are skipped, with a warning.
//! - A paragraph's text is its rows' sentences appended, English joined by a space, Japanese by
//!   nothing, each sentence's place recorded as a `SentencePair` (confidence `None`).
//! - TSV has no quoting (a `"` is text, as in Tatoeba's files); CSV fields may be quoted, and a
//!   quoted field may hold commas, doubled quotes and line breaks (joined as in a paragraph).
//! - Rows may have any number of cells. A row whose cells are all blank is a blank row.
//!
//! Errors name the line: a CSV quote never closed (and its column), a row with cells but no
//! text. The file is parsed as it is, each cell sanitized (sanitizing the whole would expand
//! the tabs that separate the cells).
//!
//! Detection: of the first `SAMPLE_ROWS` non-blank rows, most split into cells, at least half
//! into the same number (≥ 2) and at least half with text in two cells; a TSV also has Japanese
//! in it, a header row or a `.tsv`/`.tab` name, and a CSV (commas being everywhere in prose) a
//! header row or a `.csv` name. An occasional tab, a tab-indented text, a JITOW page or JSON
//! indented with tabs is not a table.

use std::borrow::Cow;

use csv::{ReaderBuilder, StringRecord};

use crate::article::{
    Article, Bilingual, Block, Format, Headings, SentencePair, Side, append_sentence,
};
use crate::import::{ImportError, Imported};
use crate::script::{join_lines, script_of};
use crate::text::sanitize;

/// How many rows detection looks at, within how many lines.
const SAMPLE_ROWS: usize = 200;
const SAMPLE_LINES: usize = 1000;
/// The most bytes of a text detection looks at.
const SAMPLE_BYTES: usize = 64 * 1024;
/// The names a header row's cells are made of (`en`, `ja_text`, `Source sentence`, …).
const HEADER_WORDS: &[&str] = &[
    "en",
    "ja",
    "eng",
    "jpn",
    "jp",
    "english",
    "japanese",
    "source",
    "target",
    "src",
    "tgt",
    "trg",
    "text",
    "id",
    "lang",
    "language",
    "sentence",
    "translation",
    "score",
    "confidence",
    "sid",
    "#",
];
const NO_TEXT: &str = "the row has no text";
const UNCLOSED_QUOTE: &str = "a quoted field opened here is never closed";

/// The two kinds of table: the separator and whether fields may be quoted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dialect {
    Tsv,
    Csv,
}

impl Dialect {
    fn delimiter(self) -> u8 {
        match self {
            Dialect::Tsv => b'\t',
            Dialect::Csv => b',',
        }
    }

    fn quoting(self) -> bool {
        self == Dialect::Csv
    }

    fn format(self) -> Format {
        match self {
            Dialect::Tsv => Format::Tsv,
            Dialect::Csv => Format::Csv,
        }
    }
}

/// Whether a text is a tab-separated table: by its shape and its Japanese or header, or by its
/// shape and a `.tsv`/`.tab` extension (see the module docs).
pub fn is_tsv(text: &str, extension: Option<&str>) -> bool {
    let Ok(rows) = read_rows(sample(text), Dialect::Tsv, SAMPLE_ROWS) else {
        return false;
    };
    let hinted = matches!(extension, Some("tsv" | "tab"));
    has_table_shape(&rows) && (hinted || starts_with_header(&rows) || has_japanese(&rows))
}

/// Whether a text is a comma-separated table: by its shape and a header row or a `.csv`
/// extension (see the module docs).
pub fn is_csv(text: &str, extension: Option<&str>) -> bool {
    // Rows up to a quote never closed, which would take the rest of the text into one cell.
    let text = unify_breaks(sample(text));
    let rows_end = unclosed_quote(&text).map_or(text.len(), |quote| quote.offset);
    let Ok(rows) = read_rows(&text[..rows_end], Dialect::Csv, SAMPLE_ROWS) else {
        return false;
    };
    has_table_shape(&rows) && (extension == Some("csv") || starts_with_header(&rows))
}

/// The start of a text that detection looks at: its first `SAMPLE_LINES` lines, cut after the
/// last whole line within `SAMPLE_BYTES` (a text of one huge line is no table to look through).
fn sample(text: &str) -> &str {
    let lines = text
        .match_indices('\n')
        .nth(SAMPLE_LINES)
        .map_or(text, |(at, _)| &text[..at]);
    if lines.len() <= SAMPLE_BYTES {
        return lines;
    }
    let mut limit = SAMPLE_BYTES;
    while !lines.is_char_boundary(limit) {
        limit -= 1;
    }
    lines[..limit]
        .rfind('\n')
        .map_or(&lines[..limit], |at| &lines[..at])
}

/// Reads a tab-separated table (unsanitized: every cell is sanitized as it is read).
pub fn parse_tsv(text: &str, source: &str) -> Result<Imported, ImportError> {
    parse(text, source, Dialect::Tsv)
}

/// Reads a comma-separated table (unsanitized: every cell is sanitized as it is read).
pub fn parse_csv(text: &str, source: &str) -> Result<Imported, ImportError> {
    parse(text, source, Dialect::Csv)
}

fn parse(text: &str, source: &str, dialect: Dialect) -> Result<Imported, ImportError> {
    let text = unify_breaks(text);
    if dialect.quoting()
        && let Some(quote) = unclosed_quote(&text)
    {
        return Err(table_error(quote.line, Some(quote.column), UNCLOSED_QUOTE));
    }
    let mut rows = read_rows(&text, dialect, usize::MAX)?;
    if starts_with_header(&rows) {
        rows.remove(0);
    }
    let mut warnings = Vec::new();
    let layout = Layout::of(&rows, &mut warnings);
    let paragraphs = layout.paragraphs(&rows, &mut warnings)?;
    let blocks = paragraphs.into_iter().map(block).collect();
    Ok(Imported {
        article: Article::new(
            source.to_owned(),
            dialect.format(),
            Headings::default(),
            blocks,
        ),
        warnings,
    })
}

fn table_error(line: usize, column: Option<usize>, message: &'static str) -> ImportError {
    ImportError::Table {
        line,
        column,
        message,
    }
}

/// Every line break a line feed, so that the lines the reader counts are the lines an editor
/// shows (a lone carriage return included).
fn unify_breaks(text: &str) -> Cow<'_, str> {
    if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    }
}

/// A non-blank row of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Row {
    /// The line it starts on, from 1.
    line: usize,
    /// Its cells, sanitized, their lines joined, trimmed; blank ones empty.
    cells: Vec<String>,
    /// Whether a blank row comes before it.
    after_blank: bool,
}

impl Row {
    fn cell(&self, column: usize) -> Option<&str> {
        self.cells
            .get(column)
            .map(String::as_str)
            .filter(|c| !c.is_empty())
    }

    fn filled(&self) -> usize {
        self.cells.iter().filter(|c| !c.is_empty()).count()
    }
}

/// The first `limit` non-blank rows of a text whose line breaks are line feeds.
fn read_rows(text: &str, dialect: Dialect, limit: usize) -> Result<Vec<Row>, ImportError> {
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(dialect.delimiter())
        .quoting(dialect.quoting())
        .from_reader(text.as_bytes());
    let mut lines = LineCounter::default();
    let (mut rows, mut record, mut after_blank) = (Vec::new(), StringRecord::new(), false);
    while rows.len() < limit {
        // The record's position is where the reader began: past the previous record's line
        // break, before the blank lines it skips.
        let start = usize::try_from(reader.position().byte()).unwrap_or(text.len());
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(_) => {
                let line = lines.line_at(text, start.min(text.len()));
                return Err(table_error(line, None, "the row cannot be read"));
            }
        }
        let skipped = text
            .get(start..)
            .map_or(0, |rest| rest.len() - rest.trim_start_matches('\n').len());
        let cells: Vec<String> = record.iter().map(clean).collect();
        after_blank |= skipped > 0;
        if cells.iter().all(String::is_empty) {
            after_blank = true;
            continue;
        }
        let line = lines.line_at(text, start + skipped);
        // One more than an article holds: the first may be a header.
        ImportError::too_many(rows.len(), "rows")?;
        rows.push(Row {
            line,
            cells,
            after_blank: std::mem::take(&mut after_blank),
        });
    }
    Ok(rows)
}

/// Line numbers of byte offsets that only move forward, counted as they go.
#[derive(Default)]
struct LineCounter {
    offset: usize,
    breaks: usize,
}

impl LineCounter {
    fn line_at(&mut self, text: &str, offset: usize) -> usize {
        let from = self.offset.min(offset);
        self.breaks += text
            .get(from..offset)
            .map_or(0, |s| s.matches('\n').count());
        self.offset = offset;
        self.breaks + 1
    }
}

/// A cell as text: sanitized, its lines joined as a paragraph's, trimmed.
fn clean(raw: &str) -> String {
    join_lines(sanitize(raw).lines())
}

/// Where a quoted CSV field that is never closed opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Quote {
    offset: usize,
    /// From 1.
    line: usize,
    /// From 1, in characters.
    column: usize,
}

/// The quoted CSV field that is never closed, read as the `csv` crate reads: a `"` opens a
/// quoted field only as its first character, and `""` inside is a quote.
fn unclosed_quote(text: &str) -> Option<Quote> {
    #[derive(PartialEq)]
    enum State {
        FieldStart,
        InField,
        Quoted,
        QuoteInQuoted,
    }
    let mut state = State::FieldStart;
    let mut opened = Quote {
        offset: 0,
        line: 1,
        column: 1,
    };
    let (mut line, mut column) = (1, 0);
    for (offset, c) in text.char_indices() {
        column += 1;
        state = match (state, c) {
            (State::FieldStart, '"') => {
                opened = Quote {
                    offset,
                    line,
                    column,
                };
                State::Quoted
            }
            (State::Quoted, '"') => State::QuoteInQuoted,
            (State::Quoted, _) | (State::QuoteInQuoted, '"') => State::Quoted,
            (_, ',' | '\n') => State::FieldStart,
            _ => State::InField,
        };
        if c == '\n' {
            (line, column) = (line + 1, 0);
        }
    }
    (state == State::Quoted).then_some(opened)
}

/// Whether rows look like a table: three in four are split into cells, at least half into the
/// same number (≥ 2) of them (a last column may be optional), and at least half have text in
/// two cells (a tab-indented paragraph has one).
fn has_table_shape(rows: &[Row]) -> bool {
    let Some(width) = usual_width(rows) else {
        return false;
    };
    let count = |keep: &dyn Fn(&Row) -> bool| rows.iter().filter(|r| keep(r)).count();
    let of_width = count(&|r| r.cells.len() == width);
    let split = count(&|r| r.cells.len() >= 2);
    let two_filled = count(&|r| r.filled() >= 2);
    let most = |n: usize| n * 4 >= rows.len() * 3;
    let half = |n: usize| n * 2 >= rows.len();
    width >= 2 && half(of_width) && most(split) && half(two_filled)
}

/// The most common number of cells in a row (the larger on a tie).
fn usual_width(rows: &[Row]) -> Option<usize> {
    let widest = rows.iter().map(|r| r.cells.len()).max()?;
    let mut counts = vec![0_usize; widest + 1];
    for row in rows {
        counts[row.cells.len()] += 1;
    }
    (0..=widest).rev().max_by_key(|&width| counts[width])
}

fn has_japanese(rows: &[Row]) -> bool {
    rows.iter()
        .flat_map(|r| &r.cells)
        .any(|cell| script_of(cell) == Side::Ja)
}

/// Whether the first row is a header: every cell with text is made of `HEADER_WORDS`.
fn starts_with_header(rows: &[Row]) -> bool {
    rows.first().is_some_and(|row| {
        row.cells
            .iter()
            .filter(|c| !c.is_empty())
            .all(|c| is_header_cell(c))
    })
}

fn is_header_cell(cell: &str) -> bool {
    let lower = cell.to_lowercase();
    let mut words = lower.split(['_', '-', ' ', '.']).filter(|w| !w.is_empty());
    words.clone().next().is_some() && words.all(|w| HEADER_WORDS.contains(&w))
}

/// A language code as a Tatoeba-style table gives it: `eng`, `ja`, `fra`, `en-US`, `English`.
fn is_language_code(cell: &str) -> bool {
    let (code, region) = cell.split_once(['-', '_']).unwrap_or((cell, ""));
    let iso = (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase());
    let region_ok = region.len() <= 8 && region.bytes().all(|b| b.is_ascii_alphanumeric());
    (iso && region_ok) || language_of(cell).is_some()
}

/// The side of a language code, when it is English or Japanese.
fn language_of(cell: &str) -> Option<Side> {
    let lower = cell.to_ascii_lowercase();
    let code = lower.split(['-', '_']).next().unwrap_or("");
    match code {
        "en" | "eng" | "english" => Some(Side::En),
        "ja" | "jpn" | "jp" | "japanese" => Some(Side::Ja),
        _ => None,
    }
}

/// What the cells of one column hold, over the whole table.
#[derive(Debug, Default, Clone)]
struct Column {
    filled: usize,
    japanese: usize,
    letters: usize,
    codes: usize,
    english_or_japanese_codes: usize,
}

impl Column {
    /// Every column of the table, in one pass over its cells.
    fn all(rows: &[Row]) -> Vec<Column> {
        let mut columns: Vec<Column> = Vec::new();
        for row in rows {
            if columns.len() < row.cells.len() {
                columns.resize(row.cells.len(), Column::default());
            }
            let cells = columns.iter_mut().zip(&row.cells);
            for (column, cell) in cells.filter(|(_, cell)| !cell.is_empty()) {
                column.count(cell);
            }
        }
        columns
    }

    fn count(&mut self, cell: &str) {
        self.filled += 1;
        self.japanese += usize::from(script_of(cell) == Side::Ja);
        self.letters += cell.chars().filter(|c| c.is_alphabetic()).count();
        self.codes += usize::from(is_language_code(cell));
        self.english_or_japanese_codes += usize::from(language_of(cell).is_some());
    }

    /// Nine in ten cells are language codes, English or Japanese among them.
    fn is_languages(&self) -> bool {
        self.filled > 0 && self.codes * 10 >= self.filled * 9 && self.english_or_japanese_codes > 0
    }

    /// Whether a larger share of its cells than of `other`'s are Japanese.
    fn more_japanese_than(&self, other: &Column) -> bool {
        self.japanese * other.filled > other.japanese * self.filled
    }

    /// At least half of its cells are Japanese.
    fn mostly_japanese(&self) -> bool {
        self.japanese * 2 >= self.filled && self.filled > 0
    }
}

/// Where a table keeps its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// A sentence pair a row: the English and the Japanese columns.
    Pairs { en: usize, ja: usize },
    /// One text column: each cell on the side of its script.
    Single(usize),
    /// A sentence a row, in the language its code says.
    Languages { code: usize, text: usize },
}

impl Layout {
    /// The table's layout, with a warning when the text columns could not be told apart.
    fn of(rows: &[Row], warnings: &mut Vec<String>) -> Layout {
        let columns = Column::all(rows);
        let width = columns.len();
        let by_letters = |skip: Option<usize>| {
            let mut order: Vec<usize> = (0..width).filter(|&i| Some(i) != skip).collect();
            order.sort_by_key(|&i| std::cmp::Reverse((columns[i].letters, columns[i].filled)));
            order
        };
        if let Some(code) = columns.iter().position(Column::is_languages) {
            let text = by_letters(Some(code)).first().copied().unwrap_or(code);
            return Layout::Languages { code, text };
        }
        let order = by_letters(None);
        match order.as_slice() {
            [] => Layout::Single(0),
            [only] => Layout::Single(*only),
            [a, b, ..] if columns[*b].letters == 0 => Layout::Single(*a),
            [a, b, ..] => Layout::pairs(&columns, (*a).min(*b), (*a).max(*b), warnings),
        }
    }

    /// Two text columns, the first one left of the second: the more Japanese is Japanese.
    fn pairs(columns: &[Column], first: usize, second: usize, warnings: &mut Vec<String>) -> Self {
        let (en, ja) = if columns[first].more_japanese_than(&columns[second]) {
            (second, first)
        } else {
            (first, second)
        };
        if !columns[ja].mostly_japanese() || columns[en].mostly_japanese() {
            warnings.push(format!(
                "the text columns are not told apart by script: column {} is read as English, \
                 column {} as Japanese",
                en + 1,
                ja + 1
            ));
        }
        Layout::Pairs { en, ja }
    }

    /// The rows as paragraphs of sentence pairs; a row without text is an error.
    fn paragraphs(
        self,
        rows: &[Row],
        warnings: &mut Vec<String>,
    ) -> Result<Vec<Paragraph>, ImportError> {
        let mut paragraphs: Vec<Vec<Sentence>> = Vec::new();
        let mut others = 0;
        for row in rows {
            let sentence = self.sentence(row)?;
            if row.after_blank || paragraphs.is_empty() {
                paragraphs.push(Vec::new());
            }
            match sentence {
                Some(sentence) => paragraphs.last_mut().expect("pushed").push(sentence),
                None => others += 1,
            }
        }
        if others > 0 {
            let noun = if others == 1 { "row" } else { "rows" };
            warnings.push(format!(
                "{others} {noun} in languages other than English and Japanese skipped"
            ));
        }
        let leader = paragraphs.iter().flatten().find_map(Sentence::one_side);
        Ok(paragraphs
            .into_iter()
            .map(|sentences| pair_up(sentences, leader.unwrap_or(Side::En)))
            .filter(|pairs| !pairs.is_empty())
            .collect())
    }

    /// A row's sentence, or `None` for a sentence in another language.
    fn sentence(self, row: &Row) -> Result<Option<Sentence>, ImportError> {
        let no_text = || table_error(row.line, None, NO_TEXT);
        match self {
            Layout::Pairs { en, ja } => {
                let (en, ja) = (row.cell(en), row.cell(ja));
                if en.is_none() && ja.is_none() {
                    return Err(no_text());
                }
                Ok(Some(Sentence::Pair(
                    en.map(str::to_owned),
                    ja.map(str::to_owned),
                )))
            }
            Layout::Single(text) => {
                let text = row.cell(text).ok_or_else(no_text)?;
                Ok(Some(Sentence::One(script_of(text), text.to_owned())))
            }
            Layout::Languages { code, text } => {
                let text = row.cell(text).ok_or_else(no_text)?;
                let side = row.cell(code).and_then(language_of);
                Ok(side.map(|side| Sentence::One(side, text.to_owned())))
            }
        }
    }
}

/// A row's text: a pair of sentences, or one sentence on one side (to be paired).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Sentence {
    Pair(Option<String>, Option<String>),
    One(Side, String),
}

impl Sentence {
    fn one_side(&self) -> Option<Side> {
        match self {
            Sentence::One(side, _) => Some(*side),
            Sentence::Pair(..) => None,
        }
    }
}

/// A paragraph's sentence pairs: the English and the Japanese sentence of each, where it has one.
type Paragraph = Vec<(Option<String>, Option<String>)>;

/// A paragraph's sentences as pairs: a one-sided sentence in the `leader` language pairs with
/// the next one-sided sentence when that is in the other language.
fn pair_up(sentences: Vec<Sentence>, leader: Side) -> Paragraph {
    let mut pairs = Vec::with_capacity(sentences.len());
    let mut items = sentences.into_iter().peekable();
    while let Some(sentence) = items.next() {
        let pair = match sentence {
            Sentence::Pair(en, ja) => (en, ja),
            Sentence::One(side, text) => {
                let partner = (side == leader)
                    .then(|| items.next_if(|next| next.one_side() == Some(side.other())))
                    .flatten()
                    .and_then(|next| match next {
                        Sentence::One(_, partner) => Some(partner),
                        Sentence::Pair(..) => None,
                    });
                match side {
                    Side::En => (Some(text), partner),
                    Side::Ja => (partner, Some(text)),
                }
            }
        };
        pairs.push(pair);
    }
    pairs
}

/// A paragraph: its sentences appended on each side, each pair's place recorded.
fn block(pairs: Paragraph) -> Block {
    let (mut en, mut ja) = (String::new(), String::new());
    let sentences = pairs
        .into_iter()
        .map(|(en_sentence, ja_sentence)| SentencePair {
            en: en_sentence.map(|s| append_sentence(&mut en, Side::En, &s)),
            ja: ja_sentence.map(|s| append_sentence(&mut ja, Side::Ja, &s)),
            confidence: None,
            fixed: false,
        })
        .collect();
    Block::paragraph(Bilingual::new(Some(en), Some(ja))).with_sentences(sentences)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str, dialect: Dialect) -> Vec<Row> {
        read_rows(text, dialect, usize::MAX).expect("reads")
    }

    #[test]
    fn rows_know_their_lines_and_the_blank_rows_before_them() {
        let read = rows("a,b\n\n\nc,\"d\ne\"\n , \nf,g\n", Dialect::Csv);
        let summary: Vec<(usize, bool, Vec<&str>)> = read
            .iter()
            .map(|r| {
                (
                    r.line,
                    r.after_blank,
                    r.cells.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                (1, false, vec!["a", "b"]),
                (4, true, vec!["c", "d e"]),
                (7, true, vec!["f", "g"]),
            ]
        );
    }

    #[test]
    fn tsv_quotes_are_text() {
        let read = rows("\"Hi,\" he said.\t「やあ」\n", Dialect::Tsv);
        assert_eq!(read[0].cells, ["\"Hi,\" he said.", "「やあ」"]);
    }

    #[test]
    fn unclosed_quotes_are_found_where_they_open() {
        let place = |text| unclosed_quote(text).map(|q| (q.line, q.column, q.offset));
        assert_eq!(place("a,\"b\"\"c\",d\n\"e\nf"), Some((2, 1, 11)));
        assert_eq!(place("a,\"b\"\"c\",d\n"), None);
        assert_eq!(
            place("x\"y,\"z\",w"),
            None,
            "a quote inside a field is text"
        );
        assert_eq!(place("ok,fine\nnext,\"open"), Some((2, 6, 13)));
        assert_eq!(
            place("日本,\"語"),
            Some((1, 4, 7)),
            "columns count characters"
        );
    }

    #[test]
    fn header_cells_are_made_of_header_words() {
        for header in [
            "en",
            "JA",
            "English",
            "source_text",
            "ja-text",
            "Sentence ID",
            "lang",
        ] {
            assert!(is_header_cell(header), "{header}");
        }
        for data in ["", "Hello.", "英語", "en ja hello", "42"] {
            assert!(!is_header_cell(data), "{data}");
        }
    }

    #[test]
    fn language_codes() {
        for code in ["eng", "jpn", "en", "ja", "fra", "en-US", "English", "ja_JP"] {
            assert!(is_language_code(code), "{code}");
        }
        for text in ["Yes", "Hello there", "はい", "abcd", "e"] {
            assert!(!is_language_code(text), "{text}");
        }
        assert_eq!(language_of("en-GB"), Some(Side::En));
        assert_eq!(language_of("jpn"), Some(Side::Ja));
        assert_eq!(language_of("fra"), None);
    }

    #[test]
    fn one_sided_sentences_pair_with_the_next_in_the_other_language() {
        let one = |side, text: &str| Sentence::One(side, text.to_owned());
        let sentences = vec![
            one(Side::Ja, "一。"),
            one(Side::En, "One."),
            one(Side::Ja, "二。"),
            one(Side::Ja, "三。"),
            one(Side::En, "Three."),
        ];
        let some = |s: &str| Some(s.to_owned());
        assert_eq!(
            pair_up(sentences, Side::Ja),
            [
                (some("One."), some("一。")),
                (None, some("二。")),
                (some("Three."), some("三。")),
            ]
        );
    }

    #[test]
    fn shape_needs_most_rows_alike_with_two_texts() {
        let shape = |text: &str| has_table_shape(&rows(text, Dialect::Tsv));
        assert!(shape("a\tb\nc\td\ne\t\n"));
        assert!(!shape("\tIndented one.\n\tIndented two.\n"));
        assert!(!shape("One line.\nAnother\twith a tab.\nA third.\n"));
        assert!(!shape(""));
    }
}
