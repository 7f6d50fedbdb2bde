//! The import pipeline as it was before its fast paths (issue 12), for tests and benchmarks to
//! compare the library's against: decoding, sanitizing, telling a script, joining lines, and
//! reading plain text. Not to be changed: it is what the articles must not drift from.

// Each test or bench that includes this uses only part of it.
#![allow(dead_code)]

/// `text::decode` as it was (but for the type of `Decoded::text`, which can borrow now).
pub mod decode {
    use encoding_rs::{EUC_JP, Encoding, ISO_2022_JP, SHIFT_JIS, UTF_8};
    use taiyaku::text::decode::MAX_BYTES;
    use taiyaku::text::{DecodeError, Decoded};

    pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, DecodeError> {
        check_size(bytes)?;
        if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
            return Ok(decode_as(&bytes[bom_len..], encoding));
        }
        check_not_binary(bytes)?;
        if looks_like_iso_2022_jp(bytes) {
            return Ok(decode_as(bytes, ISO_2022_JP));
        }
        if let Ok(text) = std::str::from_utf8(bytes) {
            return Ok(Decoded {
                text: text.to_owned().into(),
                encoding: UTF_8.name(),
                replaced: 0,
            });
        }
        let candidates = [UTF_8, SHIFT_JIS, EUC_JP].map(|encoding| decode_as(bytes, encoding));
        let best = candidates
            .into_iter()
            .enumerate()
            .min_by_key(|(preference, d)| {
                (
                    d.replaced,
                    std::cmp::Reverse(kana_count(&d.text)),
                    *preference,
                )
            })
            .map(|(_, decoded)| decoded);
        Ok(best.expect("three candidates"))
    }
    fn decode_as(bytes: &[u8], encoding: &'static Encoding) -> Decoded<'static> {
        let (text, _) = encoding.decode_without_bom_handling(bytes);
        let replaced = text.chars().filter(|&c| c == '\u{FFFD}').count();
        Decoded {
            text: text.into_owned().into(),
            encoding: encoding.name(),
            replaced,
        }
    }
    fn check_size(bytes: &[u8]) -> Result<(), DecodeError> {
        if bytes.len() > MAX_BYTES {
            return Err(DecodeError::TooLarge {
                size: bytes.len() as u64,
                limit: MAX_BYTES as u64,
            });
        }
        Ok(())
    }
    fn check_not_binary(bytes: &[u8]) -> Result<(), DecodeError> {
        match bytes.iter().position(|&b| b == 0) {
            Some(offset) => Err(DecodeError::Binary { offset }),
            None => Ok(()),
        }
    }
    fn looks_like_iso_2022_jp(bytes: &[u8]) -> bool {
        const DESIGNATIONS: [&[u8]; 4] = [b"\x1b$B", b"\x1b$@", b"\x1b(J", b"\x1b(I"];
        bytes.is_ascii()
            && bytes
                .windows(3)
                .any(|window| DESIGNATIONS.contains(&window))
    }
    fn kana_count(text: &str) -> usize {
        text.chars()
            .filter(|c| ('\u{3041}'..='\u{30FF}').contains(c))
            .count()
    }
}

/// `text::sanitize` as it was.
pub mod sanitize {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
    use unicode_segmentation::UnicodeSegmentation;

    use taiyaku::text::{AmbiguousWidth, cell_width};

    /// Shown in place of a whole escape sequence.
    pub const ESCAPE_PLACEHOLDER: char = '\u{241B}';
    /// Shown in place of a C1 control or a bidi override.
    pub const CONTROL_PLACEHOLDER: char = '\u{FFFD}';
    /// Marks (`is_capped_mark`) kept on one grapheme; the rest are dropped ("zalgo" text).
    pub const MAX_COMBINING_MARKS: usize = 16;
    /// Tabs expand to the next multiple of this many columns.
    pub const TAB_STOP: usize = 8;

    const ESC: char = '\u{1B}';
    const BEL: char = '\u{07}';
    const C1_ST: char = '\u{9C}';

    /// Makes untrusted text safe to lay out and draw: see the module docs.
    pub fn sanitize(text: &str) -> String {
        let cleaned = replace_controls(text);
        let normalized = match is_nfc_quick(cleaned.chars()) {
            IsNormalized::Yes => cleaned,
            _ => cleaned.nfc().collect(),
        };
        expand_tabs(&cap_combining_marks(normalized))
    }

    fn replace_controls(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\r' => {
                    chars.next_if_eq(&'\n');
                    out.push('\n');
                }
                '\n' | '\u{0B}' | '\u{85}' | '\u{2028}' => out.push('\n'),
                '\u{0C}' | '\u{2029}' => out.push_str("\n\n"),
                '\t' => out.push('\t'),
                ESC => {
                    skip_escape_body(&mut chars);
                    out.push(ESCAPE_PLACEHOLDER);
                }
                '\u{9B}' => {
                    skip_csi_body(&mut chars);
                    out.push(ESCAPE_PLACEHOLDER);
                }
                '\u{90}' | '\u{98}' | '\u{9D}' | '\u{9E}' | '\u{9F}' => {
                    skip_string_body(&mut chars);
                    out.push(ESCAPE_PLACEHOLDER);
                }
                '\u{00}'..='\u{1F}' => out.push(control_picture(c)),
                '\u{7F}' => out.push('\u{2421}'),
                '\u{80}'..='\u{9F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
                    out.push(CONTROL_PLACEHOLDER);
                }
                '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{FEFF}' | '\u{E0000}'..='\u{E007F}' => {}
                _ => out.push(c),
            }
        }
        out
    }

    type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

    /// After an ESC: the rest of the sequence it starts, whatever its kind.
    fn skip_escape_body(chars: &mut Chars) {
        match chars.peek() {
            Some('[') => {
                chars.next();
                skip_csi_body(chars);
            }
            Some(']' | 'P' | 'X' | '^' | '_') => {
                chars.next();
                skip_string_body(chars);
            }
            _ => {
                while chars
                    .next_if(|c| ('\u{20}'..='\u{2F}').contains(c))
                    .is_some()
                {}
                chars.next_if(|c| ('\u{30}'..='\u{7E}').contains(c));
            }
        }
    }

    /// Parameters, intermediates and the final byte of a CSI sequence; stops early if it is cut off.
    fn skip_csi_body(chars: &mut Chars) {
        while chars
            .next_if(|c| ('\u{30}'..='\u{3F}').contains(c))
            .is_some()
        {}
        while chars
            .next_if(|c| ('\u{20}'..='\u{2F}').contains(c))
            .is_some()
        {}
        chars.next_if(|c| ('\u{40}'..='\u{7E}').contains(c));
    }

    /// The body of OSC, DCS, SOS, PM or APC: up to BEL or ST. An unterminated one ends at the end
    /// of its line (a terminal would swallow more, but we lose no more text than that).
    fn skip_string_body(chars: &mut Chars) {
        while let Some(&c) = chars.peek() {
            match c {
                BEL | C1_ST => {
                    chars.next();
                    return;
                }
                ESC => {
                    let mut ahead = chars.clone();
                    ahead.next();
                    if ahead.peek() == Some(&'\\') {
                        chars.next();
                        chars.next();
                    }
                    return;
                }
                '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{0B}' | '\u{0C}' => return,
                _ => {
                    chars.next();
                }
            }
        }
    }

    fn control_picture(c: char) -> char {
        char::from_u32(0x2400 + u32::from(c)).unwrap_or(CONTROL_PLACEHOLDER)
    }

    fn cap_combining_marks(text: String) -> String {
        let needs_cap = text
            .graphemes(true)
            .any(|g| g.chars().count() > MAX_COMBINING_MARKS);
        if !needs_cap {
            return text;
        }
        let mut out = String::with_capacity(text.len());
        for grapheme in text.graphemes(true) {
            let mut marks = 0;
            for c in grapheme.chars() {
                if is_capped_mark(c) {
                    marks += 1;
                    if marks > MAX_COMBINING_MARKS {
                        continue;
                    }
                }
                out.push(c);
            }
        }
        out
    }

    /// Marks that count toward `MAX_COMBINING_MARKS`: combining marks and the half-width
    /// (han)dakuten U+FF9E, U+FF9F.
    fn is_capped_mark(c: char) -> bool {
        unicode_normalization::char::is_combining_mark(c) || matches!(c, '\u{FF9E}' | '\u{FF9F}')
    }

    fn expand_tabs(text: &str) -> String {
        if !text.contains('\t') {
            return text.to_owned();
        }
        let mut out = String::with_capacity(text.len() + 16);
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                out.push('\n');
            }
            let mut column = 0;
            for grapheme in line.graphemes(true) {
                if grapheme == "\t" {
                    let spaces = TAB_STOP - column % TAB_STOP;
                    out.extend(std::iter::repeat_n(' ', spaces));
                    column += spaces;
                } else {
                    out.push_str(grapheme);
                    column += cell_width(grapheme, AmbiguousWidth::Narrow);
                }
            }
        }
        out
    }
}

/// `script` as it was.
pub mod script {
    use taiyaku::article::{Bilingual, Side};

    /// The share of Japanese letters among the letters at which a text counts as Japanese.
    const JAPANESE_SHARE: f64 = 0.3;

    /// Whether a paragraph is English or Japanese.
    ///
    /// Changed on purpose once (issue 14, item 7): by letters only, URLs, numbers and
    /// punctuation aside; those outside quotation marks and brackets decide if there are any;
    /// any kana makes them Japanese, else a 30 % share of kanji and full-width letters does; a
    /// text without letters goes by the share of Japanese among its other visible characters.
    pub fn script_of(text: &str) -> Side {
        let kinds = kinds(text);
        let outside: Vec<Kind> = kinds.iter().filter(|k| k.1 == 0).map(|k| k.0).collect();
        let letters_outside = outside.iter().filter(|k| k.is_letter()).count();
        let deciding: Vec<Kind> = if letters_outside > 0 {
            outside
        } else {
            kinds.iter().map(|k| k.0).collect()
        };
        let count = |wanted: &[Kind]| deciding.iter().filter(|k| wanted.contains(k)).count();
        let japanese = count(&[Kind::Kana, Kind::Kanji]);
        let letters = count(&[Kind::Kana, Kind::Kanji, Kind::Latin]);
        if letters > 0 {
            if count(&[Kind::Kana]) > 0 || shared(japanese, letters) {
                Side::Ja
            } else {
                Side::En
            }
        } else if shared(
            count(&[Kind::JapaneseMark]),
            count(&[Kind::JapaneseMark, Kind::Mark]),
        ) {
            Side::Ja
        } else {
            Side::En
        }
    }

    /// The language of a whole text: the share of Japanese among all its letters.
    pub fn language_of(text: &str) -> Side {
        let kinds: Vec<Kind> = kinds(text).into_iter().map(|k| k.0).collect();
        let japanese = kinds
            .iter()
            .filter(|k| matches!(k, Kind::Kana | Kind::Kanji))
            .count();
        let letters = kinds.iter().filter(|k| k.is_letter()).count();
        if shared(japanese, letters) {
            Side::Ja
        } else {
            Side::En
        }
    }

    fn shared(part: usize, of: usize) -> bool {
        let count = |n: usize| f64::from(u32::try_from(n).expect("a count of a test's text"));
        of > 0 && count(part) >= JAPANESE_SHARE * count(of)
    }

    /// What a visible character is to `script_of`. `Kanji` stands for any Japanese letter
    /// that is no kana (kanji, full-width Latin).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Kind {
        Kana,
        Kanji,
        Latin,
        JapaneseMark,
        Mark,
    }

    impl Kind {
        fn is_letter(self) -> bool {
            matches!(self, Self::Kana | Self::Kanji | Self::Latin)
        }
    }

    /// Each visible character outside URLs, with how many quotations are open around it.
    fn kinds(text: &str) -> Vec<(Kind, usize)> {
        const PAIRS: &[(char, char)] = &[
            ('「', '」'),
            ('『', '』'),
            ('“', '”'),
            ('‘', '’'),
            ('"', '"'),
            ('\'', '\''),
            ('(', ')'),
            ('（', '）'),
            ('[', ']'),
            ('［', '］'),
            ('【', '】'),
            ('〔', '〕'),
            ('《', '》'),
            ('〈', '〉'),
            ('«', '»'),
            ('〝', '〟'),
            ('｢', '｣'),
        ];
        let urls = url_ranges(text);
        let mut open: Vec<char> = Vec::new();
        let mut kinds = Vec::new();
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        for (n, &(at, c)) in chars.iter().enumerate() {
            if urls.iter().any(|url| url.contains(&at)) || c.is_whitespace() || c.is_control() {
                continue;
            }
            let kind = if c.is_alphabetic() {
                let kana = matches!(c, '\u{3041}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' | '\u{FF66}'..='\u{FF9F}');
                match (is_japanese(c), kana) {
                    (true, true) => Kind::Kana,
                    (true, false) => Kind::Kanji,
                    (false, _) => Kind::Latin,
                }
            } else if is_japanese(c) {
                Kind::JapaneseMark
            } else {
                Kind::Mark
            };
            kinds.push((kind, open.len()));
            let neighbour = |i: Option<usize>| {
                i.and_then(|i| chars.get(i))
                    .is_some_and(|&(_, c)| c.is_ascii_alphanumeric())
            };
            let apostrophe = c == '\'' && neighbour(n.checked_sub(1)) && neighbour(Some(n + 1));
            if apostrophe || kind.is_letter() {
                continue;
            }
            let closes = PAIRS.iter().find(|p| p.1 == c).map(|p| p.0);
            if let Some(opening) = closes.filter(|o| open.contains(o)) {
                let last = open.iter().rposition(|&o| o == opening).expect("open");
                open.truncate(last);
            } else if PAIRS.iter().any(|p| p.0 == c) && open.len() < 16 {
                open.push(c);
            }
        }
        kinds
    }

    /// Where URLs are: from `letters://` or `www.` at a word's start (not after an ASCII
    /// letter or digit), over letters, digits and `-._~:/?#@!$&*+,;=%`.
    fn url_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
        let mut urls = Vec::new();
        let mut at = 0;
        while let Some(c) = text[at..].chars().next() {
            let rest = &text[at..];
            let word_start = !text[..at]
                .chars()
                .next_back()
                .is_some_and(|p| p.is_ascii_alphanumeric());
            let scheme = rest
                .trim_start_matches(|c: char| c.is_ascii_alphabetic())
                .starts_with("://");
            let www = rest
                .get(..4)
                .is_some_and(|s| s.eq_ignore_ascii_case("www."));
            if c.is_ascii_alphabetic() && word_start && (scheme || www) {
                let end = rest
                    .find(|c: char| !c.is_ascii_alphanumeric() && !"-._~:/?#@!$&*+,;=%".contains(c))
                    .unwrap_or(rest.len());
                urls.push(at..at + end);
                at += end;
            } else {
                at += c.len_utf8();
            }
        }
        urls
    }

    /// A one-sided text, on the side its script says.
    pub fn on_its_side(text: String) -> Bilingual {
        let side = script_of(&text);
        let mut bilingual = Bilingual::default();
        *bilingual.get_mut(side) = Some(text.into());
        bilingual
    }

    /// Kana, kanji, CJK punctuation and full- or half-width forms.
    pub fn is_japanese(c: char) -> bool {
        matches!(c,
            '\u{3000}'..='\u{30FF}'     // CJK punctuation, hiragana, katakana
            | '\u{31F0}'..='\u{31FF}'   // katakana phonetic extensions
            | '\u{3400}'..='\u{4DBF}'   // CJK extension A
            | '\u{4E00}'..='\u{9FFF}'   // CJK unified ideographs
            | '\u{F900}'..='\u{FAFF}'   // CJK compatibility ideographs
            | '\u{FF01}'..='\u{FF9F}'   // full-width forms, half-width katakana
            | '\u{20000}'..='\u{3FFFF}' // CJK extensions B and later
        )
    }

    /// Joins the lines of a hard-wrapped paragraph: with a space between words, with nothing
    /// where either side of the join is Japanese (Japanese does not put spaces between words).
    /// Lines are trimmed, except for a leading U+3000 indent.
    ///
    /// Changed on purpose once (issue 14, item 8): a join is judged by the nearest letter or
    /// digit on each side, within 16 characters, so that `遺言書……` / `……唐時代` takes no space.
    /// And once more (issue 15, item 7): when a line after the first opens with a combining
    /// mark (a half-width sound mark among them) or a Hangul vowel or final jamo, the joined
    /// text is sanitized again, so that it is NFC with no grapheme over-marked.
    pub fn join_lines<'a>(lines: impl IntoIterator<Item = &'a str>) -> String {
        let mut joined = String::new();
        let mut rejoined = false;
        for line in lines {
            let line = line
                .trim_end()
                .trim_start_matches(|c: char| c.is_whitespace() && c != '\u{3000}');
            if line.trim().is_empty() {
                continue;
            }
            let glue = match (joined.chars().next_back(), line.chars().next()) {
                (None, _) => "",
                (Some(end), Some(start)) if is_japanese(end) || is_japanese(start) => "",
                _ if nearest_word_char(joined.chars().rev()).is_some_and(is_japanese)
                    || nearest_word_char(line.chars()).is_some_and(is_japanese) =>
                {
                    ""
                }
                _ => " ",
            };
            rejoined |= !joined.is_empty() && line.chars().next().is_some_and(combines);
            joined.push_str(glue);
            joined.push_str(line);
        }
        if rejoined {
            super::sanitize::sanitize(&joined)
        } else {
            joined
        }
    }

    fn combines(c: char) -> bool {
        unicode_normalization::char::is_combining_mark(c)
            || matches!(c, '\u{FF9E}' | '\u{FF9F}' | '\u{1160}'..='\u{11FF}')
    }

    fn nearest_word_char(chars: impl Iterator<Item = char>) -> Option<char> {
        chars.take(16).find(|c| c.is_alphanumeric())
    }
}

/// `import::plain` as it was.
pub mod plain {
    use super::script::{join_lines, script_of};
    use taiyaku::article::{Article, Bilingual, Block, Format, Headings};
    use taiyaku::import::Imported;
    use taiyaku::import::pairing::{Piece, pair};
    use taiyaku::text::{AmbiguousWidth, str_width};

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
        Imported {
            article: Article::new(source.to_owned(), Format::Plain, headings, pair(placed)),
            warnings: Vec::new(),
        }
    }

    /// Reads (sanitized) plain text that is one sentence a line (see the module docs). Such a file
    /// is one side of a pair: every line stays on the side of the file's language (by all its
    /// letters), so that a Latin-only line in a Japanese file is still one of its sentences.
    pub fn parse_lines(text: &str, source: &str) -> Imported {
        let side = super::script::language_of(text);
        let blocks = blank_line_paragraphs(text)
            .iter()
            .map(|lines| {
                let mut text = Bilingual::default();
                *text.get_mut(side) = Some(lines.join("\n").into());
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
                *headings.title.get_mut(side) = Some(title.trim().to_owned().into());
                let other_title = paragraphs
                    .first()
                    .filter(|p| paragraphs.len() > 1 && is_header(p) && p.len() == 1)
                    .map(|p| p[0])
                    .filter(|line| script_of(line) == side.other());
                if let Some(line) = other_title {
                    *headings.title.get_mut(side.other()) = Some(line.trim().to_owned().into());
                    paragraphs.remove(0);
                }
            }
            [first, second] if script_of(first) != script_of(second) => {
                *headings.title.get_mut(script_of(first)) = Some(first.trim().to_owned().into());
                *headings.title.get_mut(script_of(second)) = Some(second.trim().to_owned().into());
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
}
